"""Estimates over time as separate marks, one panel per measure (lesson 03's charts).

Checked through the artists: nothing joins two estimates with a line, measures that count
different things sit in different panels, every mark stands at its own date and carries its
value and its claims, only one-bound figures are hollow (a part of a larger count is filled and
labelled), colour is the estimator's country and each estimator has a marker of its own, no
label hides a mark or another label, and the alt text and footer say what is drawn (gaps,
report dates, the war, what colour carries). Expected figures come from the data, never typed
here.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import matplotlib.dates as mdates
import pandas as pd
import pytest
from matplotlib.text import Text

from helpers import analysis, charts, data
from helpers.charts import timelines
from helpers.charts.marks import timeline_rows
from helpers.course.figures import ChartExporter
from helpers.sources import MARK_PREFIX, cited_ids, source_line

WAR = "North Korean troops in Russia's war against Ukraine"


def in_russia() -> pd.DataFrame:
    estimates = data.load_estimates()
    return estimates[estimates["conflict"] == WAR]


def measure(name: str) -> pd.DataFrame:
    return analysis.select(in_russia(), measure=name)


def killed_chart():
    return charts.plot_killed_beside_casualties(measure("killed"), measure("casualties"))


def troops_chart(callouts=()):
    return charts.plot_troops_sent_and_present(
        measure("troops_sent"), measure("troops_deployed"), callouts=callouts
    )


def _joining_lines(ax) -> list:
    """Return the Line2D artists that connect two or more points (none should)."""
    return [line for line in ax.get_lines() if len(line.get_xdata()) > 1]


def _marks(ax) -> list:
    """Return the artists that draw estimates, one per estimate (a marker, or a range line)."""
    return [c for c in ax.collections if hasattr(c, "timeline_mark")]


def _text_box(label, renderer):
    """Return the box of a label's text alone, without its leader line."""
    label.update_positions(renderer)
    return Text.get_window_extent(label, renderer)


def _labels(ax) -> list:
    return [text for text in ax.texts if text.get_gid() == "value-label"]


@pytest.mark.parametrize("chart", [killed_chart, troops_chart])
def test_no_estimate_is_joined_to_another_by_a_line(chart):
    ax = chart()
    for panel in ax.figure.axes:
        assert _joining_lines(panel) == []


def test_killed_and_casualties_sit_in_separate_panels_on_one_date_scale_each_its_own_people():
    ax = killed_chart()
    left, right = ax.figure.axes[:2]
    assert left.get_title(loc="left") == "Killed"
    assert right.get_title(loc="left") == "Casualties"
    assert left.get_xlim() == right.get_xlim()
    # the killed are far fewer: on the casualties' scale they would lie along the axis
    assert left.get_ylim()[0] == right.get_ylim()[0] == 0
    assert left.get_ylim()[1] < right.get_ylim()[1] / 2
    assert "own scale" in left.get_ylabel() and "own scale" in right.get_ylabel()
    footer = " ".join(ax.figure.get_supxlabel().split())
    assert "each has its own people scale" in footer
    assert "each with its own people scale" in charts.alt_text(ax)
    troops = troops_chart()
    assert troops.figure.axes[0].get_ylim() == troops.figure.axes[1].get_ylim()
    assert "one scale" in troops.figure.get_supxlabel()
    assert len(_marks(left)) == len(measure("killed"))
    assert len(_marks(right)) == len(measure("casualties"))


def test_the_chart_says_which_war():
    for ax in (killed_chart(), troops_chart()):
        assert WAR in ax.figure.get_suptitle()
        assert WAR in charts.alt_text(ax)


def test_troops_sent_and_present_are_never_in_one_panel():
    ax = troops_chart()
    left, right = ax.figure.axes[:2]
    assert len(_marks(left)) == len(measure("troops_sent"))
    # every estimate has one mark saying who made it, a range too (on its line)
    assert len(_marks(right)) == len(measure("troops_deployed"))
    assert "rising" not in charts.alt_text(ax)


def test_a_part_of_a_larger_count_is_filled_and_labelled_and_only_bounds_are_hollow():
    sent = measure("troops_sent")
    partial = sent[sent["part_of"].isin(sent["estimate_id"])]
    assert not partial.empty, "the data should flag the first contingent as part of a total"
    ax = troops_chart()
    for panel, rows in zip(ax.figure.axes[:2], [sent, measure("troops_deployed")], strict=True):
        only_one = rows["best"].isna() & (rows["low"].isna() != rows["high"].isna())
        hollow = [
            c
            for c in _marks(panel)
            if c.timeline_mark != "range" and mcolors.same_color(c.get_facecolor()[0], "white")
        ]
        assert len(hollow) == only_one.sum()
        arrows = [child for child in panel.texts if child.get_gid() == "bound-arrow"]
        assert len(arrows) == only_one.sum()
    labels = " ".join(text.get_text().replace("\n", " ") for text in _labels(ax.figure.axes[0]))
    whole = sent.set_index("estimate_id")["best"]
    for _, row in partial.iterrows():
        assert f"{row['scope']}; part of the {whole[row['part_of']]:,.0f}" in labels


def test_callouts_carry_the_scope_from_the_data():
    present = measure("troops_deployed")
    latest = present.sort_values("as_of").iloc[-1]
    ax = troops_chart(callouts=[latest["estimate_id"]])
    right = ax.figure.axes[1]
    labels = " ".join(text.get_text().replace("\n", " ") for text in right.texts)
    assert latest["scope"] in labels


def _same_marker(drawn, marker) -> bool:
    """Return True when ``drawn`` is ``marker`` (a shape drawn from a path is a copy of it)."""
    if hasattr(marker, "vertices"):
        return hasattr(drawn, "vertices") and (drawn.vertices == marker.vertices).all()
    return drawn == marker


def test_every_legend_entry_is_an_estimator_drawn_in_its_country_colour_and_own_marker():
    ax = killed_chart()
    legend = ax.figure.axes[0].get_legend()
    entries = {
        handle.get_label(): handle
        for handle in legend.legend_handles
        if handle.get_marker() not in (None, "None", "")
        and not handle.get_label().startswith("Any colour")  # how to read a hollow mark
        and not handle.get_label().endswith(": a range")
    }
    both = pd.concat([measure("killed"), measure("casualties")])
    styles = {name: timelines.timeline_style(name) for name in both["estimator"]}
    assert set(entries) == {style.short for style in styles.values()}
    for style in styles.values():
        handle = entries[style.short]
        # drawn as the chart draws it: hollow (white inside) when every mark is a bound only
        ink = handle.get_markerfacecolor()
        if mcolors.same_color(ink, "white"):
            ink = handle.get_markeredgecolor()
            rows = both[both["estimator"] == style.estimator]
            assert rows["best"].isna().all(), style.short
        assert mcolors.same_color(ink, style.colour), style.short
        assert _same_marker(handle.get_marker(), style.marker), style.short
    headings = {h.get_label() for h in legend.legend_handles if h.get_marker() in ("None", None)}
    assert headings == {f"{style.country}:" for style in styles.values()}
    assert "country" in legend.get_title().get_text()
    assert timelines.COLOUR_WORDS in " ".join(ax.figure.get_supxlabel().split())


def test_each_estimator_of_lesson_03_has_a_marker_of_its_own_and_a_country():
    estimators = set(in_russia()["estimator"])
    assert estimators <= set(timelines.TIMELINE_STYLES)
    markers = [marker for _, marker in timelines.TIMELINE_STYLES.values()]
    assert len(markers) == len(set(markers))
    assert not set(markers) & {"_", "|", ".", ",", "x", "+", "^", "v", "<", ">"}
    countries = {country for country, _ in timelines.TIMELINE_STYLES.values()}
    assert countries <= set(timelines.COUNTRY_COLOURS)
    with pytest.raises(KeyError, match="TIMELINE_STYLES"):
        timelines.timeline_style("Somebody new")


def test_gaps_and_report_dates_are_named_in_footer_and_alt_text():
    ax = killed_chart()
    footer, alt = " ".join(ax.figure.get_supxlabel().split()), charts.alt_text(ax)
    undated = measure("killed")["as_of"].fillna("").eq("")
    if undated.any():
        assert "report's date" in footer and "report's date" in alt
    assert "No estimate in the data, by panel:" in footer
    assert "casualties: from" in footer
    assert "no estimate from" in alt


def test_alt_text_counts_what_is_drawn():
    ax = troops_chart()
    sent = measure("troops_sent")
    assert f"{len(sent)} estimates by {sent['estimator'].nunique()} estimators" in (
        charts.alt_text(ax)
    )


def test_a_chart_of_two_wars_is_refused():
    estimates = data.load_estimates()
    other = estimates[(estimates["conflict"] != WAR) & (estimates["measure"] == "killed")]
    with pytest.raises(ValueError, match="one conflict"):
        charts.plot_estimate_panels(
            [charts.Panel(pd.concat([measure("killed"), other]), "Killed", "Killed")],
            title="Mixed",
        )


def test_every_drawn_source_is_cited_and_only_those():
    ax = troops_chart()
    drawn = pd.concat([measure("troops_sent"), measure("troops_deployed")])
    footer = " ".join(ax.figure.get_supxlabel().split())
    assert footer.endswith(" ".join(source_line(cited_ids(drawn)).split()))


def test_each_panel_cites_every_source_of_the_figure_and_export_uses_the_figure_title(tmp_path):
    ax = killed_chart()
    drawn = pd.concat([measure("killed"), measure("casualties")])
    assert charts.footer_text(ax).endswith(" ".join(source_line(cited_ids(drawn)).split()))
    entry = ChartExporter(tmp_path, "lesson")(ax)
    assert entry["title"] == ax.figure.get_suptitle()


@pytest.mark.parametrize("chart", [killed_chart, troops_chart])
def test_every_mark_stands_at_its_own_date_with_its_claims(chart):
    ax = chart()
    frames = (
        [measure("killed"), measure("casualties")]
        if chart is killed_chart
        else [measure("troops_sent"), measure("troops_deployed")]
    )
    for panel, rows in zip(ax.figure.axes[:2], frames, strict=True):
        rows = timeline_rows(rows)
        marks = _marks(panel)
        assert len(marks) == len(rows)
        drawn_at = sorted(
            float(mdates.date2num(m.timeline_date))
            if m.timeline_mark == "range"
            else float(m.get_offsets()[0][0])
            for m in marks
        )
        assert drawn_at == sorted(float(mdates.date2num(d)) for d in rows["date"])
        named = sorted(m.get_gid() for m in marks)
        wanted = sorted(MARK_PREFIX + ids.replace(";", ".") for ids in rows["claim_ids"])
        assert named == wanted
    assert "none moved" in " ".join(ax.figure.get_supxlabel().split())
    assert "days after" not in " ".join(ax.figure.get_supxlabel().split())


@pytest.mark.parametrize("chart", [killed_chart, troops_chart])
def test_every_mark_is_labelled_with_its_value_and_no_label_hides_a_mark_or_a_label(chart):
    ax = chart()
    renderer = ax.figure.canvas.get_renderer()
    for panel in ax.figure.axes[:2]:
        labels = _labels(panel)
        assert len(labels) == len(_marks(panel))
        boxes = [_text_box(text, renderer) for text in labels]
        for i, box in enumerate(boxes):
            assert not any(box.overlaps(other) for other in boxes[i + 1 :]), labels[i]
        for mark in _marks(panel):
            if mark.timeline_mark == "range":
                continue
            centre = panel.transData.transform(mark.get_offsets()[0])
            for box, text in zip(boxes, labels, strict=True):
                assert not box.contains(*centre), text.get_text()


def test_the_casualty_labels_say_which_figures_count_the_missing_and_captured():
    ax = killed_chart()
    casualties = measure("casualties")
    wider = casualties[~casualties["scope"].str.startswith("killed and wounded together")]
    assert not wider.empty
    labels = [t.get_text().replace("\n", " ") for t in _labels(ax.figure.axes[1])]
    for scope in wider["scope"]:
        assert sum(scope in label for label in labels) == (wider["scope"] == scope).sum()
    assert "unless the label says" in charts.subtitle_text(ax.figure.axes[1])


def test_the_colours_and_markers_lesson_03_names_are_the_ones_drawn():
    """The lesson's reading paragraphs name marks by colour and shape: they must match."""
    import json

    from helpers.paths import notebooks_dir

    lesson = notebooks_dir() / "03_north_korean_losses_in_russia.ipynb"
    text = " ".join(
        " ".join("".join(cell["source"]).split())
        for cell in json.loads(lesson.read_text(encoding="utf-8"))["cells"]
        if cell["cell_type"] == "markdown"
    )
    colours = {"blue": "#0077BB", "teal": "#009988", "red": "#CC3311", "yellow": "#DDAA33"}
    named = {
        "(the NIS, the blue circle)": ("South Korea's National Intelligence Service", "o"),
        "Joint Chiefs of Staff (the blue square)": ("South Korea's Joint Chiefs of Staff", "s"),
        "The blue square of South Korea's Joint Chiefs": (
            "South Korea's Joint Chiefs of Staff",
            "s",
        ),
        "president (the teal cross)": ("Ukraine's president (Zelenskyy)", timelines.WIDE_CROSS),
        "Defence (the red hexagon)": ("UK Ministry of Defence", "h"),
        "The blue star at 350": (
            "South Korea's NIS (counting North Korea's award ceremonies)",
            "*",
        ),
    }
    for phrase, (estimator, marker) in named.items():
        assert phrase in text, phrase
        style = timelines.timeline_style(estimator)
        colour = next(word for word in colours if f"{word} " in phrase.lower())
        assert style.colour == colours[colour] and style.marker == marker, phrase


def test_the_legend_is_opaque_and_shows_bounds_and_ranges_as_drawn():
    legend = troops_chart().figure.axes[0].get_legend()
    assert legend.get_frame_on() and legend.get_frame().get_alpha() == 1
    labels = {handle.get_label(): handle for handle in legend.legend_handles}
    # the US government at the UN gave bounds only: hollow in the legend, as on the chart
    assert mcolors.same_color(labels["US government (at the UN)"].get_markerfacecolor(), "white")
    assert labels["US Department of Defense: a range"].get_marker() == "|"
    assert any(label.startswith("Any colour, hollow") for label in labels)


def test_a_label_without_a_leader_sits_nearer_its_own_mark_than_any_other():
    for ax in (killed_chart(), troops_chart()):
        for panel in ax.figure.axes[:2]:
            renderer = panel.figure.canvas.get_renderer()
            texts = [t for t in panel.texts if t.get_gid() == "value-label"]
            centres = [panel.transData.transform(t.xy) for t in texts]
            for text, (x, y) in zip(texts, centres, strict=True):
                if text.arrow_patch is not None:
                    continue
                box = text.get_window_extent(renderer)
                own = _distance(box, x, y)
                others = [_distance(box, *c) for c in centres if tuple(c) != (x, y)]
                assert all(own < other for other in others), text.get_text()


def _distance(box, x, y) -> float:
    """Return the distance from (x, y) to ``box``."""
    dx = max(box.x0 - x, 0, x - box.x1)
    dy = max(box.y0 - y, 0, y - box.y1)
    return (dx * dx + dy * dy) ** 0.5
