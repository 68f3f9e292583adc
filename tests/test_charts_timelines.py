"""Estimates over time as separate marks, one panel per measure (lesson 03's charts).

Checked through the artists: nothing joins two estimates with a line, measures that count
different things sit in different panels, every legend entry is drawn the way the legend shows
it, partial counts and one-bound figures are hollow, and the alt text and footer say what is
drawn (gaps, report dates, the war). Expected figures come from the data, never typed here.
"""

from __future__ import annotations

import matplotlib.colors as mcolors
import pandas as pd
import pytest

from helpers import analysis, charts, data
from helpers.course.figures import ChartExporter
from helpers.sources import cited_ids, source_line

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
    """Return the scatter collections that draw estimates (not legend or range ends)."""
    return [c for c in ax.collections if (c.get_gid() or "").endswith("-mark")]


@pytest.mark.parametrize("chart", [killed_chart, troops_chart])
def test_no_estimate_is_joined_to_another_by_a_line(chart):
    ax = chart()
    for panel in ax.figure.axes:
        assert _joining_lines(panel) == []


def test_killed_and_casualties_sit_in_separate_panels_on_one_scale():
    ax = killed_chart()
    left, right = ax.figure.axes[:2]
    assert left.get_title(loc="left") == "Killed"
    assert right.get_title(loc="left") == "Casualties"
    assert left.get_ylim() == right.get_ylim()
    assert left.get_xlim() == right.get_xlim()
    assert len(_marks(left)) == len(measure("killed"))
    assert len(_marks(right)) == len(measure("casualties"))
    assert "one scale" in ax.figure.get_supxlabel()


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


def test_partial_counts_and_lower_bounds_are_hollow_with_an_arrow_and_labelled():
    sent = measure("troops_sent")
    partial = sent[sent["part_of"].isin(sent["estimate_id"])]
    assert not partial.empty, "the data should flag the first contingent as part of a total"
    ax = troops_chart()
    left = ax.figure.axes[0]
    hollow = [c for c in _marks(left) if c.get_gid() == "partial-mark"]
    assert len(hollow) == len(partial)
    for collection in hollow:
        assert mcolors.same_color(collection.get_facecolor()[0], "white")
    labels = " ".join(text.get_text().replace("\n", " ") for text in left.texts)
    for scope in partial["scope"]:
        assert f"part of a larger count: {scope}" in labels
    arrows = [child for child in left.texts if child.get_gid() == "bound-arrow"]
    only_low = sent["low"].notna() & sent["best"].isna() & sent["high"].isna()
    assert len(arrows) == len(partial) + only_low.sum()


def test_callouts_carry_the_scope_from_the_data():
    present = measure("troops_deployed")
    latest = present.sort_values("as_of").iloc[-1]
    ax = troops_chart(callouts=[latest["estimate_id"]])
    right = ax.figure.axes[1]
    labels = " ".join(text.get_text().replace("\n", " ") for text in right.texts)
    assert latest["scope"] in labels


def test_every_legend_entry_is_an_estimator_drawn_with_its_marker_filled():
    ax = killed_chart()
    legend = ax.figure.axes[1].get_legend()
    entries = {
        handle.get_label(): handle
        for handle in legend.legend_handles
        if handle.get_marker() not in (None, "None", "")
    }
    both = pd.concat([measure("killed"), measure("casualties")])
    short = {name: charts.estimator_style(name).short for name in both["estimator"]}
    assert set(entries) == set(short.values())
    # hollow means "more than" (the footer says so), so no legend shape is hollow
    for label, handle in entries.items():
        assert not mcolors.same_color(handle.get_markerfacecolor(), "white"), label
    assert "legend shows each marker filled" in " ".join(ax.figure.get_supxlabel().split())


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


def test_marks_that_would_hide_each_other_are_set_apart():
    """Two estimates of one height a few days apart are drawn apart, and the footer says so."""
    ax = killed_chart()
    right = ax.figure.axes[1]
    centres = [
        (right.transData.transform(offset)) for c in _marks(right) for offset in c.get_offsets()
    ]
    for i, (x, y) in enumerate(centres):
        for x2, y2 in centres[i + 1 :]:
            assert abs(x - x2) > 5 or abs(y - y2) > 5
    assert "days after their date" in " ".join(ax.figure.get_supxlabel().split())
