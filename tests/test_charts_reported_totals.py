"""Lesson 04's chart: every reported running total against the total recomputed from the years."""

from __future__ import annotations

import pandas as pd

from helpers import charts

REGISTER = pd.DataFrame(
    {
        "source_id": ["a-1", "b-2", "c-3"],
        "publisher": ["Alpha News", "Beta Agency", "Gamma Ministry"],
        "date_published": ["2020-01-02", "2021", ""],
        "kind": ["state media", "news agency", "government"],
    }
)


def handovers():
    return pd.DataFrame(
        {
            "year": pd.Series([2014, 2015, 2016], dtype="Int64"),
            "remains_returned": pd.Series([437, 68, 36], dtype="Int64"),
            "cumulative_returned": pd.Series([437, 505, 541], dtype="Int64"),
            "basis": "reported",
            "source_ids": ["a-1", "a-1", "a-1"],
        }
    )


def claims():
    return pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3", "c4"],
            "source_id": ["a-1", "b-2", "c-3", "b-2"],
            "strand": "handovers",
            "measure": "cumulative_returned",
            "value": pd.Series([505, 505, 505, 437], dtype="Int64"),
            "refers_to": ["2015", "2015", "2015", "2016"],
            "status": ["used", "used", "used", "set aside"],
        }
    )


def test_every_report_is_drawn_at_its_own_year_one_mark_each():
    ax = charts.plot_reported_totals_check(handovers(), claims(), sources=REGISTER)
    strip = [
        offset
        for collection in ax.collections
        if collection.get_gid().startswith("reported-")
        and collection.get_gid() != "reported-totals"
        for offset in collection.get_offsets().tolist()
    ]
    assert len(strip) == 4, "one mark per report in the strip"
    assert sorted(x for x, _ in strip) == [2015, 2015, 2015, 2016], "each mark at its own year"
    assert all(y < 0 for _, y in strip), "the strip sits under the zero line"
    assert len({y for x, y in strip if x == 2015}) == 3, "a year's reports are stacked apart"
    totals = next(c for c in ax.collections if c.get_gid() == "reported-totals")
    assert sorted(map(tuple, totals.get_offsets().tolist())) == [(2015, 505), (2016, 437)]
    assert all(tick >= 0 for tick in ax.get_yticks()), "no value axis under the strip"


def test_legend_lists_only_what_is_drawn_and_the_mismatch_is_named():
    ax = charts.plot_reported_totals_check(handovers(), claims(), sources=REGISTER)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels == [
        "Sum of the yearly figures",
        "Total given by reports\n(one dot, however many reports)",
        "Reported by government",
        "Reported by news agency",
        "Reported by state media",
        "Does not match the sum",
    ]
    assert any("437 for 2016, Beta Agency" in text.get_text() for text in ax.texts)
    assert "all but 1 match it" in charts.alt_text(ax)
    assert "4 running totals reported in 3 articles" in charts.alt_text(ax)


def test_footer_cites_every_drawn_source_and_says_reports_are_spread():
    ax = charts.plot_reported_totals_check(handovers(), claims(), sources=REGISTER)
    footer = charts.footer_text(ax)
    assert "Alpha News, 2020; Beta Agency, 2021; Gamma Ministry." in footer
    assert "one mark per report in its year's column" in footer


def test_no_mismatch_means_no_ring_in_the_legend():
    matching = claims().iloc[:3]
    ax = charts.plot_reported_totals_check(handovers(), matching, sources=REGISTER)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert "Does not match the sum" not in labels
    assert "all match it" in charts.alt_text(ax)
