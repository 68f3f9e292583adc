"""The handover charts (lesson 01) say what they draw: months, repeated reports, gaps, colours."""

from __future__ import annotations

import pandas as pd
from matplotlib.colors import to_hex

from helpers import analysis, charts
from helpers.charts import marks

SOURCES = pd.DataFrame(
    {
        "source_id": ["a-1", "b-2", "c-3"],
        "publisher": ["Alpha News", "Beta Agency", "Gamma Daily"],
        "date_published": ["2020-01-02", "2021", ""],
    }
)


def handovers(dates=("2014-03-28", "2015-03-20", "2016-09-10")):
    return pd.DataFrame(
        {
            "year": pd.Series([2014, 2015, 2016], dtype="Int64"),
            "handover_date": pd.to_datetime(pd.Series(dates)),
            "remains_returned": pd.Series([437, 68, 36], dtype="Int64"),
            "cumulative_returned": pd.Series([437, 505, 541], dtype="Int64"),
            "basis": "reported",
            "source_ids": ["a-1", "a-1;b-2", "b-2"],
        }
    )


def claims(values=(505, 505, 505, 541)):
    years = ["2015", "2015", "2015", "2016"][: len(values)]
    return pd.DataFrame(
        {
            "claim_id": [f"c{number}" for number in range(len(values))],
            "source_id": ["a-1", "b-2", "c-3", "c-3"][: len(values)],
            "strand": "handovers",
            "measure": "cumulative_returned",
            "status": "used",
            "refers_to": years,
            "value": pd.Series(list(values), dtype="Int64"),
        }
    )


def _legend_is_drawn(ax):
    """Every legend entry's colour is the colour of something drawn on the chart."""
    drawn = {to_hex(line.get_color()) for line in ax.get_lines()}
    for collection in ax.collections:
        for colours in (collection.get_facecolors(), collection.get_edgecolors()):
            drawn |= {to_hex(colour) for colour in colours if colour[3] > 0}
    for handle in ax.get_legend().legend_handles:
        colours = set()
        if hasattr(handle, "get_markeredgecolor"):
            colours = {to_hex(handle.get_markeredgecolor()), to_hex(handle.get_color())}
        else:
            colours = {to_hex(colour) for colour in handle.get_facecolors() if colour[3] > 0}
            colours |= {to_hex(colour) for colour in handle.get_edgecolors() if colour[3] > 0}
        assert colours & drawn, (handle, colours, drawn)


def test_months_are_written_under_the_years_and_read_in_the_alt_text():
    ax = charts.plot_yearly_handovers(handovers(), sources=SOURCES)
    labels = [tick.get_text() for tick in ax.get_xticklabels()]
    assert labels == ["2014\nMar", "2015\nMar", "2016\nSep"]
    assert "2014-2015 in March; 2016 in September" in charts.alt_text(ax)
    assert "month of that year's handover" in charts.footer_text(ax)


def test_no_months_when_no_date_is_known():
    frame = handovers().assign(handover_date=pd.NaT)
    ax = charts.plot_yearly_handovers(frame, sources=SOURCES)
    assert [tick.get_text() for tick in ax.get_xticklabels()] == ["2014", "2015", "2016"]
    assert charts.handover_timing(frame) == ""


def test_timing_groups_consecutive_years_by_half_of_the_year():
    assert charts.handover_timing(handovers(("2014-03-28", "2015-04-01", "2016-11-02"))) == (
        "2014-2015 in March or April; 2016 in November"
    )


def test_gap_between_handovers_in_months():
    assert charts.handover_gap_months(handovers(), 2015) == 18
    assert charts.handover_gap_months(handovers(), 2016) is None
    assert charts.handover_gap_months(handovers().assign(handover_date=pd.NaT), 2015) is None


def _role(ax, role):
    """Return the collection drawn for ``role`` (its label; its gid may name its claims)."""
    return next(c for c in ax.collections if c.get_label() == f"_{role}")


def test_repeated_reports_share_a_dash_with_their_count():
    ax = charts.plot_running_total(handovers(), claims(), sources=SOURCES)
    dashes = _role(ax, "reported-totals")
    assert len(dashes.get_offsets()) == 2
    counts = [text.get_text() for text in ax.texts if text.get_gid() == "report-count"]
    assert counts == ["\u00d73"]
    alt = charts.alt_text(ax)
    assert "4 reported totals, 2 dashes" in alt and "all 4 used totals match" in alt
    assert charts.footer_text(ax).startswith("4 reported totals, 2 dashes")
    _legend_is_drawn(ax)


def test_a_count_label_sits_beside_its_dash_and_years_without_reports_are_named():
    ax = charts.plot_running_total(handovers(), claims(), sources=SOURCES)
    label = next(text for text in ax.texts if text.get_gid() == "report-count")
    assert label.xy == (2015, 505.0)
    across, down = label.xyann  # points from the dash's centre, in the corner the line leaves
    assert 0 < across < 20 and -15 < down < 0
    assert label.get_ha() == "left" and label.get_va() == "top"
    words = "No source reported a total for 2014, so no dash there."
    assert words in charts.footer_text(ax) and words in charts.alt_text(ax)


def test_every_report_is_counted_and_a_set_aside_one_is_grey_with_why():
    ledger = claims().assign(status=["used", "used", "used", "set aside"])
    ledger.loc[3, "value"] = 437  # the 2014 total, repeated for 2016
    ax = charts.plot_running_total(handovers(), ledger, sources=SOURCES)
    aside = _role(ax, "set-aside-totals")
    assert to_hex(aside.get_edgecolors()[0]) == to_hex(marks.LEFT_OUT)
    label = next(text for text in ax.texts if text.get_gid() == "set-aside-label")
    words = " ".join(label.get_text().split())
    assert "437 for 2016" in words and "not a fall: the 2014 total, repeated" in words
    alt = charts.alt_text(ax)
    assert "4 reported totals" in alt and "1 set aside" in alt
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert any("set aside" in label for label in labels)


def test_two_notes_by_one_point_are_kept_apart():
    frame = pd.DataFrame(
        {
            "year": pd.Series(range(2014, 2020), dtype="Int64"),
            "remains_returned": pd.Series([437, 68, 36, 28, 20, 10], dtype="Int64"),
            "source_ids": "a-1",
        }
    )
    fit = analysis.fit_decay(frame, 2014, 2019)
    ax = charts.plot_decay_fit(
        frame, fit, point_notes={2014: "the lesson's words"}, sources=SOURCES
    )
    notes = [text.get_text() for text in ax.texts if text.get_gid() == "point-note"]
    assert len(notes) == 1 and "\n\nthe lesson's words" in notes[0]


def test_running_total_subtitle_states_no_agreement_year():
    ax = charts.plot_running_total(handovers(), claims(), sources=SOURCES)
    assert "agreement" not in charts.subtitle_text(ax)
    assert "agreement" not in charts.alt_text(ax)


def test_a_mismatching_total_is_its_own_dash_and_is_counted():
    ax = charts.plot_running_total(handovers(), claims((505, 505, 500, 541)), sources=SOURCES)
    assert len(_role(ax, "reported-totals").get_offsets()) == 3
    assert "1 of 4 used totals do not match" in charts.alt_text(ax)


def test_decay_chart_labels_the_gap_and_the_biggest_miss():
    frame = handovers()
    fit = analysis.fit_decay(frame, 2014, 2015)
    ax = charts.plot_decay_fit(
        frame, fit, point_notes={2014: "a note from the lesson"}, sources=SOURCES
    )
    texts = {text.get_gid(): text.get_text() for text in ax.texts}
    assert texts["gap-label"].startswith("18 months passed between")
    assert "18 months passed" in charts.footer_text(ax)
    assert "18 months passed" in charts.alt_text(ax)
    notes = [text.get_text() for text in ax.texts if text.get_gid() == "point-note"]
    assert notes == ["2014: a note from the lesson"]
    gap = next(patch for patch in ax.patches if patch.get_gid() == "gap")
    start, end = gap.get_x(), gap.get_x() + gap.get_width()
    assert (start, end) == (2015, 2016), "the band runs from one dot to the next"
    assert "one year apart" in texts["gap-label"], "and says the axis sets them a year apart"
    assert to_hex(gap.get_facecolor()) != to_hex(marks.LEFT_OUT), "grey means left out only"
    assert "2016" in texts["expected-table"], "what the extension expects is written down"
    _legend_is_drawn(ax)


def test_decay_chart_shows_how_much_the_half_life_depends_on_the_years():
    frame = handovers(("2014-03-28", "2015-03-20", "2016-03-10"))
    full = pd.concat(
        [frame, frame.iloc[[-1]].assign(year=2017, remains_returned=20)], ignore_index=True
    )
    full["year"] = full["year"].astype("Int64")
    fit = analysis.fit_decay(full, 2014, 2017)
    without = analysis.fit_decay(full, 2015, 2017)
    ax = charts.plot_decay_fit(full, fit, alternative=without, sources=SOURCES)
    subtitle = charts.subtitle_text(ax)
    assert f"{fit.half_life:.1f} years (2014-2017)" in subtitle
    assert f"{without.half_life:.1f} years without 2014 (2015-2017)" in subtitle
    assert {"fit", "alternative-fit"} <= {line.get_gid() for line in ax.get_lines()}
    assert "fitted to 2015-2017 instead" in charts.alt_text(ax)


def test_decay_chart_names_a_year_the_curve_misses_by_half():
    frame = pd.DataFrame(
        {
            "year": pd.Series(range(2014, 2020), dtype="Int64"),
            "remains_returned": pd.Series([437, 68, 36, 28, 20, 10], dtype="Int64"),
            "source_ids": "a-1",
        }
    )
    fit = analysis.fit_decay(frame, 2014, 2019)
    ax = charts.plot_decay_fit(frame, fit, sources=SOURCES)
    notes = [text.get_text() for text in ax.texts if text.get_gid() == "point-note"]
    curve = fit.predict([2014]).iloc[0]
    assert notes == [f"2014: 437 handed over; the curve: {curve:,.0f}"]
    assert f"the curve gives {curve:,.0f} for 2014, which had 437" in charts.alt_text(ax)
    assert not [text for text in ax.texts if text.get_gid() == "gap-label"]
    assert {line.get_gid() for line in ax.get_lines()} == {"fit"}
    _legend_is_drawn(ax)


def test_the_reserved_marks_mean_recomputed_and_reported_only():
    frame = handovers()
    fit = analysis.fit_decay(frame, 2014, 2015)
    ax = charts.plot_decay_fit(frame, fit, sources=SOURCES)
    assert marks.REPORTED_TOTAL_MARKER not in {line.get_marker() for line in ax.get_lines()}
    running = charts.plot_running_total(frame, claims(), sources=SOURCES)
    line = next(line for line in running.get_lines() if line.get_gid() == "running-total")
    assert line.get_marker() == marks.RECOMPUTED_LINE["marker"]
    assert to_hex(line.get_color()) == to_hex(marks.RESERVED_INK)
    dashes = _role(running, "reported-totals")
    assert {to_hex(colour) for colour in dashes.get_edgecolors()} == {marks.RESERVED_INK}


def test_each_bar_and_dash_names_its_claims():
    frame = handovers().assign(claim_ids=["y1", "y2;t9", "y3"])
    ledger = pd.DataFrame(
        {
            "claim_id": ["y1", "y2", "y3", "t9"],
            "measure": ["remains_returned"] * 3 + ["cumulative_returned"],
            "status": "used",
        }
    )
    ax = charts.plot_yearly_handovers(frame, sources=SOURCES, claims=ledger)
    assert [bar.get_gid() for bar in ax.patches[:3]] == ["mark-y1", "mark-y2", "mark-y3"]
    running = charts.plot_running_total(frame, claims(), sources=SOURCES)
    assert _role(running, "reported-totals").get_gid() == "marks-c0.c1.c2_c3"


def test_the_lesson_can_replace_the_wording():
    frame = handovers()
    fit = analysis.fit_decay(frame, 2014, 2015)
    drawn = [
        charts.plot_yearly_handovers(frame, subtitle="Own words", sources=SOURCES),
        charts.plot_running_total(frame, claims(), subtitle="Own words", sources=SOURCES),
        charts.plot_decay_fit(frame, fit, subtitle="Own words", sources=SOURCES),
    ]
    assert [charts.subtitle_text(ax) for ax in drawn] == ["Own words"] * 3
