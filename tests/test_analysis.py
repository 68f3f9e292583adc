"""Analysis functions on small hand-made frames with known answers, edge cases included."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from helpers import analysis


def handovers(years, remains):
    remains = pd.Series(remains, dtype="Int64")
    return pd.DataFrame(
        {
            "year": pd.Series(years, dtype="Int64"),
            "remains_returned": remains,
            "cumulative_returned": remains.cumsum(),
            "source_ids": "s1",
        }
    )


def estimates(rows):
    frame = pd.DataFrame(
        rows,
        columns=[
            "estimate_id",
            "conflict",
            "party",
            "measure",
            "estimator",
            "as_of",
            "low",
            "best",
            "high",
        ],
    )
    for bound in ("low", "best", "high"):
        frame[bound] = frame[bound].astype("Int64")
    frame["source_ids"] = "s-" + frame["estimate_id"]
    return frame


def test_yearly_change_and_share():
    table = analysis.yearly_change(handovers([2014, 2015, 2016], [400, 100, 100]))
    assert table["change"].tolist()[1:] == [-300, 0]
    assert pd.isna(table["change"][0])
    assert table["pct_change"].tolist()[1:] == [-75.0, 0.0]
    assert table["share_of_total"].tolist() == [66.7, 16.7, 16.7]


def test_yearly_change_of_a_single_year():
    table = analysis.yearly_change(handovers([2014], [437]))
    assert len(table) == 1 and pd.isna(table["change"][0]) and table["share_of_total"][0] == 100.0


def test_fit_decay_recovers_a_known_half_life():
    fit = analysis.fit_decay(handovers([2014, 2015, 2016, 2017], [800, 400, 200, 100]))
    assert fit.half_life == pytest.approx(1.0)
    assert fit.yearly_factor == pytest.approx(0.5)
    assert fit.initial == pytest.approx(800)
    assert fit.r_squared == pytest.approx(1.0)
    assert fit.predict([2018]).iloc[0] == pytest.approx(50)


def test_fit_decay_needs_two_years():
    with pytest.raises(ValueError, match="two or more years"):
        analysis.fit_decay(handovers([2014], [437]))


def test_fit_decay_that_does_not_decay_has_infinite_half_life():
    fit = analysis.fit_decay(handovers([2014, 2015], [10, 20]))
    assert math.isinf(fit.half_life)


def test_against_trend_flags_the_rebound():
    frame = handovers([2014, 2015, 2016, 2017], [800, 400, 200, 1000])
    fit = analysis.fit_decay(frame, 2014, 2016)
    table = analysis.against_trend(frame, fit)
    assert table["times_trend"].tolist() == [1.0, 1.0, 1.0, 10.0]
    assert table["in_fit"].tolist() == [True, True, True, False]


def test_reconcile_running_totals_finds_matches_and_mismatches():
    frame = handovers([2014, 2015], [437, 68])
    claims = pd.DataFrame(
        {
            "claim_id": ["c1", "c2", "c3"],
            "source_id": ["a", "b", "c"],
            "strand": "handovers",
            "measure": "cumulative_returned",
            "status": ["used", "used", "set aside"],
            "refers_to": ["2015", "2016", "2015"],
            "value": pd.Series([505, 600, 599], dtype="Int64"),
        }
    )
    table = analysis.reconcile_running_totals(frame, claims)
    assert table["matches"].tolist() == [True, False]
    assert pd.isna(table["recomputed_total"][1])
    assert len(analysis.reconcile_running_totals(frame, claims, include_set_aside=True)) == 3


def test_spread_across_estimators():
    table = estimates(
        [
            ("a", "War", "China", "dead", "West", "2018", None, 400000, None),
            ("b", "War", "China", "dead", "China", "2010", None, 183108, None),
            ("c", "War", "China", "dead", "Other", "2015", 100000, None, 600000),
        ]
    )
    result = analysis.spread(table, "China", "dead")
    assert result == {
        "count": 3,
        "lowest": 100000,
        "lowest_by": "Other",
        "highest": 600000,
        "highest_by": "Other",
        "ratio": 6.0,
    }


def test_spread_with_equal_low_and_high():
    table = estimates([("a", "War", "China", "dead", "X", "2010", 5, None, 5)])
    assert analysis.spread(table, "China", "dead")["ratio"] == 1.0


def test_spread_without_matches_raises():
    with pytest.raises(ValueError, match="no estimates"):
        analysis.spread(estimates([]), "China", "dead")


def test_vintages_show_the_change():
    table = estimates(
        [
            ("new", "War", "China", "dead", "Official", "2014", None, 197653, None),
            ("old", "War", "China", "dead", "Official", "2010", None, 183108, None),
        ]
    )
    result = analysis.vintages(table, "Official", "China", "dead")
    assert result["figure"].tolist() == [183108, 197653]
    assert result["change"].tolist()[1] == 14545


def test_ratio_range_carries_uncertainty_and_leaves_open_sides_missing():
    numerator = pd.DataFrame(
        {"low": [None, 100], "best": [300, None], "high": [None, 200]}, dtype="Int64"
    )
    denominator = pd.DataFrame(
        {"low": [3000, 1000], "best": [None, None], "high": [None, 2000]}, dtype="Int64"
    )
    result = analysis.ratio_range(numerator, denominator)
    assert pd.isna(result["low"][0]) and pd.isna(result["best"][0])
    assert result["high"][0] == pytest.approx(0.1)
    assert result["low"][1] == pytest.approx(0.05) and result["high"][1] == pytest.approx(0.2)


def test_killed_share_pairs_one_estimator_party_and_date():
    table = estimates(
        [
            ("k1", "R", "North Korea", "killed", "NIS", "2025-04-30", None, 600, None),
            ("c1", "R", "North Korea", "casualties", "NIS", "2025-04-30", None, 4700, None),
            ("c2", "R", "North Korea", "casualties", "UK", "2025-04-30", None, 5000, None),
        ]
    )
    result = analysis.killed_share(table)
    assert len(result) == 1
    assert result.loc[0, "best"] == pytest.approx(0.128)
    assert result.loc[0, "source_ids"] == "s-c1;s-k1"


def test_casualties_per_deployed_with_a_missing_best():
    table = estimates(
        [
            ("c", "R", "North Korea", "casualties", "NIS", "2026", None, 6000, None),
            ("d", "R", "North Korea", "troops_sent", "NIS", "2026", 10000, None, None),
        ]
    )
    result = analysis.casualties_per_deployed(table)
    assert pd.isna(result.loc[0, "best"]) and pd.isna(result.loc[0, "low"])
    assert result.loc[0, "high"] == pytest.approx(0.6)
    assert result.loc[0, "troops_sent"] == "more than 10,000"


@pytest.mark.parametrize(
    ("bounds", "words"),
    [
        ((None, 4700, None), "4,700"),
        ((3000, None, None), "more than 3,000"),
        ((None, None, 900000), "up to 900,000"),
        ((11000, None, 12000), "11,000 to 12,000"),
        ((5, 5, 5), "5 to 5, best 5"),
        ((None, None, None), "not given"),
    ],
)
def test_format_range(bounds, words):
    assert analysis.format_range([pd.NA if b is None else b for b in bounds]) == words


def test_sum_ranges_only_where_every_row_has_the_bound():
    table = estimates(
        [
            ("a", "W", "all", "battle_deaths", "PRIO", "2023", 1, 2, 3),
            ("b", "W", "all", "battle_deaths", "PRIO", "2023", 10, None, 30),
        ]
    )
    assert analysis.sum_ranges(table) == {"low": 11, "best": None, "high": 33}


def test_share_of_dead_returned_under_each_estimate():
    frame = handovers([2014, 2015], [500, 500])
    table = estimates(
        [
            ("w", "War", "China", "dead", "West", "2018", None, 400000, None),
            ("r", "War", "China", "dead", "Range", "2010", 100000, None, 200000),
        ]
    )
    result = analysis.share_of_dead_returned(frame, table).set_index("estimator")
    assert result.loc["West", "best_pct"] == 0.25
    assert result.loc["Range", "low_pct"] == 0.5 and result.loc["Range", "high_pct"] == 1.0
    assert pd.isna(result.loc["Range", "best_pct"])
