"""Analysis: small pure functions on the loaded tables, each returning a new DataFrame or value.

Nothing here draws or prints. Where estimates carry uncertainty (low / best / high), the
results carry it too: a ratio of two ranges is a range, and a bound nobody gave stays missing.

Belongs here: calculations a lesson runs on loaded tables. Does not belong here: loading or
checking data, drawing, or anything that names a particular estimate or lesson.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from helpers.datapackage.ledger import BOUNDS as _BOUNDS
from helpers.datapackage.ledger import compare_running_totals

BOUNDS = list(_BOUNDS)


# --- the yearly handovers ------------------------------------------------------------------


def yearly_change(handovers: pd.DataFrame) -> pd.DataFrame:
    """Return each year's remains, its change from the year before, and its share of the total.

    Columns: year, remains_returned, change, pct_change, share_of_total.

    ``change`` and ``pct_change`` are missing for the first year; ``share_of_total`` is each
    year's part of the latest running total, in percent.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
    """
    ordered = handovers.sort_values("year")
    remains = ordered["remains_returned"].astype("Int64")
    previous = remains.shift(1)
    total = remains.sum()
    return pd.DataFrame(
        {
            "year": ordered["year"].astype("Int64"),
            "remains_returned": remains,
            "change": remains - previous,
            "pct_change": ((remains - previous) / previous * 100).astype("Float64").round(1),
            "share_of_total": (remains / total * 100).astype("Float64").round(1),
        }
    ).reset_index(drop=True)


@dataclass(frozen=True)
class DecayFit:
    """An exponential decay ``remains = initial * exp(-rate * (year - first_year))``."""

    first_year: int
    last_year: int
    initial: float
    rate: float
    r_squared: float

    @property
    def half_life(self) -> float:
        """Return the years it takes the fitted yearly number to halve (inf if not decaying)."""
        return math.log(2) / self.rate if self.rate > 0 else math.inf

    @property
    def yearly_factor(self) -> float:
        """Return the fitted ratio of one year's number to the year before's (e.g. 0.5)."""
        return math.exp(-self.rate)

    def predict(self, years) -> pd.Series:
        """Return the fitted number of remains for each year in ``years``."""
        years = pd.Series(years, dtype="float64")
        return self.initial * np.exp(-self.rate * (years - self.first_year))


def fit_decay(handovers: pd.DataFrame, first_year: int = 2014, last_year: int = 2019) -> DecayFit:
    """Return the exponential decay fitted to the yearly remains from first_year to last_year.

    The fit is a straight line through the logarithms of the yearly numbers (least squares);
    ``r_squared`` is the share of the variation of those logarithms the line explains. Needs
    at least two years with remains above zero; raises ValueError otherwise.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        first_year, last_year: the years the fit uses, both included.

    Returns a :class:`DecayFit` (its ``half_life``, ``yearly_factor``, ``predict(years)``).
    """
    window = handovers[handovers["year"].between(first_year, last_year)]
    window = window[window["remains_returned"] > 0]
    if len(window) < 2:
        raise ValueError(
            f"need two or more years with remains between {first_year} and {last_year}"
        )
    years = window["year"].astype(float).to_numpy() - first_year
    logs = np.log(window["remains_returned"].astype(float).to_numpy())
    slope, intercept = np.polyfit(years, logs, 1)
    fitted = intercept + slope * years
    spread = ((logs - logs.mean()) ** 2).sum()
    r_squared = 1 - ((logs - fitted) ** 2).sum() / spread if spread > 0 else 1.0
    return DecayFit(
        first_year=first_year,
        last_year=last_year,
        initial=float(math.exp(intercept)),
        rate=float(-slope),
        r_squared=float(r_squared),
    )


def against_trend(handovers: pd.DataFrame, fit: DecayFit) -> pd.DataFrame:
    """Return year, remains_returned, the trend's expected number, and actual / expected.

    Years inside the fitted window show how well the trend fits; years after it show how far
    the handovers left the trend (the 2020 rebound, for example).

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        fit: a fit from :func:`fit_decay`.

    Returns columns year, remains_returned, trend, times_trend and in_fit (True inside the
    fitted years).
    """
    ordered = handovers.sort_values("year")
    expected = fit.predict(ordered["year"].astype(float)).to_numpy()
    actual = ordered["remains_returned"].astype(float).to_numpy()
    return pd.DataFrame(
        {
            "year": ordered["year"].astype("Int64").to_numpy(),
            "remains_returned": ordered["remains_returned"].astype("Int64").to_numpy(),
            "trend": np.round(expected, 1),
            "times_trend": np.round(actual / expected, 1),
            "in_fit": ordered["year"].between(fit.first_year, fit.last_year).to_numpy(),
        }
    )


def reconcile_running_totals(
    handovers: pd.DataFrame, claims: pd.DataFrame, include_set_aside: bool = False
) -> pd.DataFrame:
    """Return every reported running total beside the total recomputed from the yearly figures.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        claims: the claims ledger (``data.load_claims()``).
        include_set_aside: also list the running totals that were set aside.

    Returns a table with columns claim_id, source_id, status, year, reported_total,
    recomputed_total, difference, matches. A total for a year missing from ``handovers`` has no
    recomputed total and does not match. (The validator applies the same comparison.)
    """
    return compare_running_totals(handovers, claims, include_set_aside).reset_index(drop=True)


# --- ranges of estimates --------------------------------------------------------------------


def select(
    estimates: pd.DataFrame,
    party: str | None = None,
    measure: str | list[str] | None = None,
    conflict: str | None = None,
    estimator: str | None = None,
) -> pd.DataFrame:
    """Return the estimates matching every criterion given, sorted by as_of then estimate_id.

    Args:
        estimates: the estimates table (``data.load_estimates()``).
        party, conflict, estimator: keep the rows with exactly this value (None: any).
        measure: keep the rows with this measure, or any of a list of measures (None: any).
    """
    mask = pd.Series(True, index=estimates.index)
    if party is not None:
        mask &= estimates["party"].eq(party)
    if measure is not None:
        mask &= estimates["measure"].isin([measure] if isinstance(measure, str) else measure)
    if conflict is not None:
        mask &= estimates["conflict"].eq(conflict)
    if estimator is not None:
        mask &= estimates["estimator"].eq(estimator)
    return estimates[mask].sort_values(["as_of", "estimate_id"]).reset_index(drop=True)


def spread(estimates: pd.DataFrame, party: str, measure: str | list[str]) -> dict:
    """Return how far apart the estimates for one party and measure lie.

    Keys: count (estimates), lowest and highest (the smallest and largest figure stated as any
    bound), lowest_by and highest_by (their estimators), ratio (highest / lowest, rounded to
    0.01). Raises ValueError when no estimate matches.

    Args:
        estimates: the estimates table (``data.load_estimates()``).
        party: whose losses, e.g. "China".
        measure: a measure, e.g. "dead", or a list of measures.
    """
    chosen = select(estimates, party=party, measure=measure)
    if chosen.empty:
        raise ValueError(f"no estimates for party={party!r}, measure={measure!r}")
    stated = chosen.melt(id_vars=["estimator"], value_vars=BOUNDS).dropna(subset=["value"])
    lowest = stated.loc[stated["value"].astype(float).idxmin()]
    highest = stated.loc[stated["value"].astype(float).idxmax()]
    return {
        "count": len(chosen),
        "lowest": int(lowest["value"]),
        "lowest_by": lowest["estimator"],
        "highest": int(highest["value"]),
        "highest_by": highest["estimator"],
        "ratio": round(int(highest["value"]) / int(lowest["value"]), 2),
    }


def headline_figure(estimates: pd.DataFrame) -> pd.Series:
    """Return each estimate's one figure: its best, else its low, else its high (Int64).

    Args:
        estimates: rows with columns low, best and high.
    """
    return estimates["best"].fillna(estimates["low"]).fillna(estimates["high"]).astype("Int64")


def vintages(estimates: pd.DataFrame, estimator: str, party: str, measure: str) -> pd.DataFrame:
    """Return one estimator's figures for a party and measure in date order, with the change.

    Columns: as_of, estimate_id, figure (the best, else the one bound given, see
    :func:`headline_figure`), change from the vintage before.

    Args:
        estimates: the estimates table (``data.load_estimates()``).
        estimator, party, measure: whose figures, for whom, of what.
    """
    chosen = select(estimates, party=party, measure=measure, estimator=estimator)
    figure = headline_figure(chosen)
    return pd.DataFrame(
        {
            "as_of": chosen["as_of"],
            "estimate_id": chosen["estimate_id"],
            "figure": figure,
            "change": figure - figure.shift(1),
        }
    )


def ratio_range(numerator: pd.DataFrame, denominator: pd.DataFrame) -> pd.DataFrame:
    """Return numerator / denominator as a low / best / high range, row by row.

    Each argument has columns low, best, high (missing where not given). A best counts as
    exact. ``low`` is the smallest numerator over the largest denominator, ``high`` the
    largest over the smallest; a side left open by the sources (only "more than" for a
    denominator, say) leaves that bound missing rather than inventing it.

    Args:
        numerator, denominator: tables with columns low, best, high, aligned row by row.

    Returns a table with columns low, best and high (Float64).
    """
    num_low = numerator["low"].fillna(numerator["best"]).astype("Float64")
    num_high = numerator["high"].fillna(numerator["best"]).astype("Float64")
    den_low = denominator["low"].fillna(denominator["best"]).astype("Float64")
    den_high = denominator["high"].fillna(denominator["best"]).astype("Float64")
    return pd.DataFrame(
        {
            "low": num_low / den_high,
            "best": numerator["best"].astype("Float64") / denominator["best"].astype("Float64"),
            "high": num_high / den_low,
        }
    )


def paired_ratio(
    estimates: pd.DataFrame, numerator: str, denominator: str, conflict: str | None = None
) -> pd.DataFrame:
    """Return the ratio of two measures wherever one estimator gave both, for one party and date.

    Columns: estimator, party, as_of, the numerator's and denominator's figures as words, the
    ratio's low, best and high (rounded to 0.001) and the source_ids of both. Used for the
    killed share of casualties and for casualties per troop deployed.

    Args:
        estimates: the estimates table (``data.load_estimates()``).
        numerator, denominator: two measures, e.g. "killed" and "casualties".
        conflict: keep one conflict's estimates only (None: all).
    """
    chosen = estimates if conflict is None else estimates[estimates["conflict"].eq(conflict)]
    keys = ["estimator", "party", "as_of"]
    top = chosen[chosen["measure"].eq(numerator)]
    bottom = chosen[chosen["measure"].eq(denominator)]
    pairs = top.merge(bottom, on=keys, suffixes=("_num", "_den"))
    ratio = ratio_range(
        pairs[[f"{b}_num" for b in BOUNDS]].set_axis(BOUNDS, axis=1),
        pairs[[f"{b}_den" for b in BOUNDS]].set_axis(BOUNDS, axis=1),
    )
    return (
        pd.DataFrame(
            {
                "estimator": pairs["estimator"],
                "party": pairs["party"],
                "as_of": pairs["as_of"],
                numerator: [
                    format_range(row) for row in pairs[[f"{b}_num" for b in BOUNDS]].to_numpy()
                ],
                denominator: [
                    format_range(row) for row in pairs[[f"{b}_den" for b in BOUNDS]].to_numpy()
                ],
                "low": ratio["low"].round(3),
                "best": ratio["best"].round(3),
                "high": ratio["high"].round(3),
                "source_ids": [
                    ";".join(sorted(set(f"{a};{b}".split(";"))))
                    for a, b in zip(pairs["source_ids_num"], pairs["source_ids_den"], strict=True)
                ],
            }
        )
        .sort_values(["as_of", "estimator"])
        .reset_index(drop=True)
    )


def killed_share(estimates: pd.DataFrame) -> pd.DataFrame:
    """Return the killed share of casualties wherever an estimator gave both on one date."""
    return paired_ratio(estimates, "killed", "casualties")


def casualties_per_deployed(estimates: pd.DataFrame) -> pd.DataFrame:
    """Return casualties per soldier sent wherever an estimator gave both on one date.

    The denominator is ``troops_sent`` (all sent so far), not ``troops_deployed`` (those still
    in place at the date): casualties accumulate over everyone sent.
    """
    return paired_ratio(estimates, "casualties", "troops_sent")


def format_range(bounds) -> str:
    """Return low / best / high as words: "4,700", "more than 3,000", "11,000 to 12,000".

    Args:
        bounds: the three values low, best, high in that order (missing ones as NA or None).
    """
    low, best, high = (None if pd.isna(value) else int(value) for value in bounds)
    if best is not None and low is None and high is None:
        return f"{best:,}"
    if low is not None and high is not None:
        middle = f", best {best:,}" if best is not None else ""
        return f"{low:,} to {high:,}{middle}"
    if low is not None:
        return f"more than {low:,}" + (f" (about {best:,})" if best is not None else "")
    if high is not None:
        return f"up to {high:,}" + (f" (about {best:,})" if best is not None else "")
    return "not given"


def sum_ranges(estimates: pd.DataFrame) -> dict:
    """Return the sums of low, best and high over the rows (None where a row lacks that bound)."""
    return {
        bound: (None if estimates[bound].isna().any() else int(estimates[bound].sum()))
        for bound in BOUNDS
    }


# --- remains set against the dead -----------------------------------------------------------


def share_of_dead_returned(
    handovers: pd.DataFrame, estimates: pd.DataFrame, party: str = "China"
) -> pd.DataFrame:
    """Return the remains returned so far as a percentage of each estimate of the party's dead.

    Columns: estimator, as_of, measure, dead (as words), returned (the latest running total),
    and the share's low / best / high in percent (low under the high estimate of the dead).

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        estimates: the estimates table (``data.load_estimates()``).
        party: whose dead (default "China").
    """
    dead = select(estimates, party=party, measure=["dead", "killed"])
    returned = int(handovers["cumulative_returned"].max())
    ratio = ratio_range(
        pd.DataFrame({bound: [returned] * len(dead) for bound in BOUNDS}, dtype="Int64"),
        dead[BOUNDS].reset_index(drop=True),
    )
    return pd.DataFrame(
        {
            "estimator": dead["estimator"],
            "as_of": dead["as_of"],
            "measure": dead["measure"],
            "dead": [format_range(row) for row in dead[BOUNDS].to_numpy()],
            "returned": returned,
            "low_pct": (ratio["low"] * 100).round(2),
            "best_pct": (ratio["best"] * 100).round(2),
            "high_pct": (ratio["high"] * 100).round(2),
        }
    )
