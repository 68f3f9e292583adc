"""Each chart's layout is plain data, read without drawing: positions, labels, groups, counts.

The charts draw these layouts and build their legends and alt texts from them, so what the
layout says is what the chart shows. Every mark keeps the ids of its row (claim, estimate,
sources), so that later work can link each mark to its source. No figure is made here.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import analysis, data
from helpers.charts.checks import check_layout, check_rows
from helpers.charts.decay import decay_layout
from helpers.charts.handovers import running_total_layout
from helpers.charts.marks import timeline_rows
from helpers.charts.over_time import over_time_layout, over_time_looks
from helpers.charts.range_layout import range_layout, range_looks, range_rows
from helpers.charts.timelines import Panel, panel_layout


@pytest.fixture(autouse=True)
def _no_figure_is_made():
    before = plt.get_fignums()
    yield
    assert plt.get_fignums() == before, "a layout made a figure"


def estimates(**columns) -> pd.DataFrame:
    """Return a small estimates table: three rows of one party, given columns replaced."""
    table = {
        "estimate_id": ["e1", "e2", "e3"],
        "estimator": [
            "Chinese official figures",
            "Chinese official figures",
            "Chinese official figures",
        ],
        "party": "China",
        "conflict": "Korean War",
        "measure": ["dead", "dead", "killed"],
        "low": pd.Series([100, pd.NA, pd.NA], dtype="Int64"),
        "best": pd.Series([pd.NA, 300, pd.NA], dtype="Int64"),
        "high": pd.Series([400, pd.NA, 250], dtype="Int64"),
        "as_of": ["1953", "1955", "1960"],
        "source_ids": ["s-1", "s-2", "s-1;s-3"],
    }
    table.update(columns)
    return pd.DataFrame(table)


def test_range_layout_places_every_row_once_in_its_group_and_counts_its_shape():
    rows = range_rows(estimates())
    layout = range_layout(rows)
    assert list(layout.marks["estimate_id"]) == ["e1", "e2", "e3"]
    assert list(layout.marks["source_ids"]) == ["s-1", "s-2", "s-1;s-3"]
    assert layout.marks["y"].is_monotonic_increasing
    assert [heading for heading, _ in layout.groups] == [
        "Dead (all causes)",
        "Killed in battle",
    ]
    assert [count for _, count in layout.groups] == [2, 1]
    assert layout.counts == {
        "range": 1,
        "range_best": 0,
        "low": 0,
        "high": 1,
        "single": 1,
        "span": 1,
    }
    assert (layout.smallest, layout.largest) == (100, 400)


def test_range_layout_leaves_a_repeat_out_of_the_span_and_counts_it_as_related():
    rows = range_rows(estimates(measure="dead", same_as=["", "", "e2"]))
    layout = range_layout(rows, group_by=None)
    assert not layout.grouped and layout.headings == []
    assert layout.related == 1
    (span,) = layout.spans.itertuples()
    assert (span.x0, span.x1) == (100, 400)


def test_range_layout_without_spans_draws_none():
    layout = range_layout(range_rows(estimates()), spans=False)
    assert layout.spans.empty and layout.counts["span"] == 0


def test_the_range_legend_shows_an_estimator_as_its_fullest_mark():
    layout = range_layout(range_rows(estimates()))
    assert range_looks(layout.marks) == {("Chinese official figures", "official"): True}
    ranges_only = range_layout(
        range_rows(
            estimates(
                best=pd.Series([pd.NA] * 3, dtype="Int64"),
                low=pd.Series([1, 2, 3], dtype="Int64"),
                high=pd.Series([4, 5, 6], dtype="Int64"),
            )
        )
    )
    assert range_looks(ranges_only.marks) == {("Chinese official figures", "official"): None}


def test_range_rows_sort_by_date_within_groups_in_first_seen_order():
    rows = range_rows(
        estimates(as_of=["1960", "1950", "1955"], measure=["dead", "killed", "dead"])
    )
    assert list(rows["estimate_id"]) == ["e3", "e1", "e2"]


def test_over_time_layout_says_what_each_mark_shows_and_keeps_its_ids():
    marks = over_time_layout(timeline_rows(estimates()))
    assert list(marks["estimate_id"]) == ["e1", "e2", "e3"]
    assert list(marks["ranged"]) == [True, False, False]
    assert list(marks["has_best"]) == [False, True, False]
    assert list(marks["only_high"]) == [False, False, True]
    assert over_time_looks(marks) == {"Chinese official figures": True}


def test_running_total_layout_shares_one_dash_among_reports_of_one_total():
    handovers = data.load_handovers()
    reported = analysis.reconcile_running_totals(
        handovers, data.load_claims(), include_set_aside=True
    )
    layout = running_total_layout(handovers, reported)
    assert layout.reported == len(reported) == layout.points["reports"].sum()
    assert layout.set_aside == int((reported["status"] != "used").sum())
    distinct = reported.assign(aside=reported["status"] != "used")
    assert len(layout.points) == len(distinct.drop_duplicates(["year", "reported_total", "aside"]))
    ids = {i for each in layout.points["claim_ids"] for i in each.split(";")}
    assert ids == set(reported["claim_id"])
    assert set(layout.unreported).isdisjoint(layout.points["year"].astype(int))
    assert (layout.points["label"] != "").sum() == layout.points["set_aside"].sum()


def test_decay_layout_splits_the_points_and_keeps_labels_to_drawn_years():
    handovers = data.load_handovers()
    fit = analysis.fit_decay(handovers, 2014, 2019)
    layout = decay_layout(handovers, fit, {2019: "a note", 1900: "not drawn"})
    years = handovers["year"].astype(int).to_numpy()
    assert list(layout.years[layout.inside]) == [y for y in years if 2014 <= y <= 2019]
    assert layout.extended == (years.max() > 2019)
    assert 1900 not in layout.labelled and layout.labelled[2019].endswith("a note")
    assert layout.notes[0].startswith("Fit to 2014-2019: straight line")
    assert (layout.gap is None) == (layout.following is None) == (layout.gap_span is None)


def test_check_layout_counts_every_report_and_names_its_publisher_row():
    handovers, sources = data.load_handovers(), data.load_sources()
    reported = check_rows(handovers, data.load_claims(), sources)
    layout = check_layout(handovers, reported, sources)
    reports = layout.reports
    assert list(reports["claim_id"]) == list(reported["claim_id"])
    assert (reports["y"] > 0).all()
    assert layout.dashes["reports"].sum() == layout.who["reports"].sum() == len(reports)
    assert set(layout.who["publisher"]) == set(layout.publishers)
    assert not any(" (via " in name for name in layout.publishers)
    assert (layout.dashes["label"] != "").sum() == (
        layout.dashes["set_aside"] | layout.dashes["wrong"]
    ).sum()


def test_panel_layout_counts_each_kind_and_keeps_ids_without_drawing():
    nis = "South Korea's National Intelligence Service"
    rows = timeline_rows(estimates(estimator=nis, part_of=["", "", "e2"]))
    layout = panel_layout(None, Panel(rows, "Killed", "Killed"), rows)
    assert [mark["estimate_id"] for mark in layout.marks] == ["e1", "e2", "e3"]
    # a part of a larger count is not a kind of its own: its label says it
    assert [mark["kind"] for mark in layout.marks] == ["range", "best", "high"]
    assert [mark["hollow"] for mark in layout.marks] == [False, False, True]
    assert layout.marks[2]["part_of"] == "part of the 300"
    assert "part of the 300" in layout.marks[2]["label"]
    assert layout.counts["range"] == layout.counts["best"] == layout.counts["part_of"] == 1
    assert next(text for _, _, text in layout.labels()).startswith("100")
    assert list(layout.styles) == [nis]
    # every mark stands at its own date
    assert [mark["date"] for mark in layout.marks] == list(rows["date"])
