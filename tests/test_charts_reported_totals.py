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


def _role(ax, role):
    """Return the collection drawn for ``role`` (its label; its gid names its claims)."""
    return next(c for c in ax.collections if c.get_label() == f"_{role}")


def test_every_report_is_drawn_at_its_own_year_one_row_per_publisher():
    ax = charts.plot_reported_totals_check(handovers(), claims(), sources=REGISTER)
    who = ax.who_panel
    marks = [
        offset for collection in who.collections for offset in collection.get_offsets().tolist()
    ]
    assert sorted(x for x, _ in marks) == [2015, 2015, 2015, 2016], "each mark at its own year"
    assert [label.get_text() for label in who.get_yticklabels()] == [
        "Alpha News, 2020",
        "Beta Agency, 2021",
        "Gamma Ministry",
    ], "each row named as the source line names it: publisher and the stories' years"
    totals = _role(ax, "reported-totals")
    assert sorted(map(tuple, totals.get_offsets().tolist())) == [(2015, 505)]
    aside = _role(ax, "set-aside-totals")
    assert aside.get_offsets().tolist() == [[2016, 437]]
    assert ax.get_ylim()[0] == 0, "nothing drawn under the zero of the totals"


def test_legend_lists_only_what_is_drawn_and_the_set_aside_total_is_explained():
    ax = charts.plot_reported_totals_check(handovers(), claims(), sources=REGISTER)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert labels[0] == "Recomputed from the yearly figures"
    assert labels[1] == "A total a source reported (\u00d7n: n reports; no \u00d7: one)"
    assert labels[2].startswith("A reported total set aside: kept in the ledger")
    assert len(labels) == 3
    label = next(text for text in ax.texts if text.get_gid() == "set-aside-label")
    assert "437 for 2016 (Beta Agency): set aside" in label.get_text()
    assert "not a fall: the 2014 total, repeated in a 2016 report" in " ".join(
        label.get_text().split()
    )
    alt = charts.alt_text(ax)
    assert "4 running totals reported in 3 articles" in alt
    assert "all 3 used ones match the sum; 1 set aside" in alt


def test_footer_cites_every_drawn_source_and_counts_every_report():
    ax = charts.plot_reported_totals_check(handovers(), claims(), sources=REGISTER)
    footer = charts.footer_text(ax)
    assert "Alpha News, 2020; Beta Agency, 2021; Gamma Ministry." in footer
    assert footer.startswith("4 reported totals: all 3 used ones match the sum")
    assert "Set aside: kept in the ledger with its reason, not used." in footer


def test_no_set_aside_total_means_no_grey_dash_in_the_legend():
    matching = claims().iloc[:3]
    ax = charts.plot_reported_totals_check(handovers(), matching, sources=REGISTER)
    labels = [text.get_text() for text in ax.get_legend().get_texts()]
    assert not any("set aside" in label for label in labels)
    assert "all 3 used ones match the sum" in charts.alt_text(ax)


def test_the_two_running_total_charts_count_the_same_reports():
    check = charts.plot_reported_totals_check(handovers(), claims(), sources=REGISTER)
    running = charts.plot_running_total(handovers(), claims(), sources=REGISTER)
    assert "4 reported totals" in charts.alt_text(check)
    assert "4 reported totals" in charts.alt_text(running)
    assert "1 set aside" in charts.alt_text(check) and "1 set aside" in charts.alt_text(running)


def test_one_rule_groups_reports_under_the_organisation_that_wrote_them():
    from helpers.charts.checks import report_authors

    publishers = pd.Series(
        [
            "Xinhua",
            "Xinhua (via ECNS)",
            "Shanghai Daily (carrying Xinhua)",
            "Xinhua Global Service (via North Korea Times)",
            "IANS (via The Hawk)",
            "Press TV",
        ]
    )
    assert list(report_authors(publishers)) == ["Xinhua"] * 4 + ["IANS", "Press TV"]


def test_a_used_and_a_set_aside_report_of_one_row_and_year_stand_on_that_row():
    ledger = claims().assign(source_id=["a-1", "b-2", "c-3", "b-2"], refers_to="2015")
    ledger.loc[3, "value"] = 437
    ax = charts.plot_reported_totals_check(handovers(), ledger, sources=REGISTER)
    who = ax.who_panel
    used = next(c for c in who.collections if c.get_gid() and "who-reported" in str(c.get_label()))
    aside = next(c for c in who.collections if "who-set-aside" in str(c.get_label()))
    ((x_aside, y_aside),) = aside.get_offsets().tolist()
    beta_row = [x for x, y in used.get_offsets().tolist() if y == y_aside]
    assert beta_row and y_aside == int(y_aside), "on its row's gridline, not under it"
    assert all(abs(x - x_aside) > 0.3 for x in beta_row), "side by side, not on top"
