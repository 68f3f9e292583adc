"""The rules of the claims ledger (``raw/claims.csv``): what its used claims say together.

Belongs here: each rule about claims, written once and used by both the build (which refuses to
build from claims that break it) and the validator (which names the rows that break it):

- the used claims of one estimate describe the same thing and give one value per bound;
- the used handover claims give one figure, one running total, one ceremony number and one
  handover date per year;
- each reported running total is the one before it plus the yearly figures in between;
- the reported running totals of the handovers, and how they compare with the yearly table.

Does not belong here: reading files, typing columns, or wording for a lesson.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

#: The columns in which the used claims of one estimate must agree.
ESTIMATE_DESCRIPTION = (
    "strand", "party", "measure", "estimator", "as_of", "refers_to", "scope", "part_of", "same_as"
)  # fmt: skip
#: The bounds of an estimate, in order; a claim's ``exact`` value counts as its ``best``.
BOUNDS = ("low", "best", "high")


def year_of(refers_to: pd.Series) -> pd.Series:
    """Return the year (first four characters) of each ``refers_to`` as integers."""
    return refers_to.str.slice(0, 4).astype(int)


def used_estimate_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the used claims that feed an estimate, with ``exact`` bounds renamed ``best``."""
    used = claims[claims["status"].eq("used") & claims["estimate_id"].ne("")]
    return used.assign(bound=used["bound"].replace({"exact": "best"}))


def estimate_disagreements(claims: pd.DataFrame) -> dict[str, pd.Series]:
    """Return, per column, which claims disagree with the other used claims of their estimate.

    Keys: each column of :data:`ESTIMATE_DESCRIPTION`, then ``value`` (claims of one estimate
    and bound with different values). Values: boolean Series over ``claims``' index, True
    where the claim takes part in a disagreement.
    """
    used = used_estimate_claims(claims)
    spread = used.groupby("estimate_id")[list(ESTIMATE_DESCRIPTION)].nunique().gt(1)
    masks = {column: used["estimate_id"].map(spread[column]) for column in spread.columns}
    masks["value"] = used.groupby(["estimate_id", "bound"])["value"].transform("nunique").gt(1)
    return {
        column: mask.reindex(claims.index, fill_value=False).astype(bool)
        for column, mask in masks.items()
    }


def reported_totals(claims: pd.DataFrame, include_set_aside: bool = False) -> pd.DataFrame:
    """Return the running-total claims: claim_id, source_id, status, year, value.

    Only used claims, unless ``include_set_aside`` is true.
    """
    totals = claims[claims["strand"].eq("handovers") & claims["measure"].eq("cumulative_returned")]
    if not include_set_aside:
        totals = totals[totals["status"].eq("used")]
    return totals.assign(year=year_of(totals["refers_to"]))[
        ["claim_id", "source_id", "status", "year", "value"]
    ]


def compare_running_totals(
    handovers: pd.DataFrame, claims: pd.DataFrame, include_set_aside: bool = False
) -> pd.DataFrame:
    """Return every reported running total beside the total recomputed from the yearly figures.

    Columns: claim_id, source_id, status, year, reported_total, recomputed_total, difference,
    matches; sorted by year and claim_id. A total for a year missing from ``handovers`` has no
    recomputed total and does not match.
    """
    totals = reported_totals(claims, include_set_aside)
    recomputed = handovers.set_index("year")["cumulative_returned"]
    table = pd.DataFrame(
        {
            "claim_id": totals["claim_id"],
            "source_id": totals["source_id"],
            "status": totals["status"],
            "year": totals["year"],
            "reported_total": totals["value"].astype("Int64"),
            "recomputed_total": totals["year"].map(recomputed).astype("Int64"),
        }
    )
    table["difference"] = table["reported_total"] - table["recomputed_total"]
    table["matches"] = table["difference"].eq(0).fillna(False).astype(bool)
    return table.sort_values(["year", "claim_id"])


#: The handover measures whose used claims must give one value per year.
YEARLY_MEASURES = ("remains_returned", "cumulative_returned", "ceremony_number")


def used_handover_claims(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the used handover claims with a ``year`` column taken from ``refers_to``."""
    used = claims[claims["status"].eq("used") & claims["strand"].eq("handovers")]
    return used.assign(year=year_of(used["refers_to"]))


def yearly_disagreements(claims: pd.DataFrame) -> list[tuple[str, int, pd.DataFrame]]:
    """Return each year on which used handover claims disagree: (what, year, those claims).

    ``what`` is a measure of :data:`YEARLY_MEASURES` whose used claims give different values
    for one year, or ``handover_date`` when the yearly figures give different days.
    """
    used = used_handover_claims(claims)
    found = []
    for measure in YEARLY_MEASURES:
        for year, group in used[used["measure"].eq(measure)].groupby("year"):
            if group["value"].nunique() > 1:
                found.append((measure, int(year), group))
    dated = used[used["measure"].eq("remains_returned") & used["refers_to"].str.len().eq(10)]
    for year, group in dated.groupby("year"):
        if group["refers_to"].nunique() > 1:
            found.append(("handover_date", int(year), group))
    return found


@dataclass(frozen=True)
class RunningTotalBreak:
    """A reported running total that the total before it and the yearly figures miss."""

    year: int
    reported: int
    recomputed: int
    total: pd.DataFrame  # the used claims reporting the total
    before: pd.DataFrame  # the used claims of the total before it (none: counted from 0)
    yearly: pd.DataFrame  # the used yearly claims in between, oldest first


def running_total_breaks(claims: pd.DataFrame) -> list[RunningTotalBreak]:
    """Return each used running total that does not add up, comparing claims with claims.

    A total is compared with the reported total before it (0 before the first year) plus the
    used yearly figures in between, so a wrong figure is pinned to the years it lies in. When a
    year in between has no yearly figure, the build derives it from these totals, and there is
    nothing to compare. Assumes one value per measure and year (:func:`yearly_disagreements`).
    """
    used = used_handover_claims(claims)
    totals = used[used["measure"].eq("cumulative_returned")]
    yearly = used[used["measure"].eq("remains_returned")]
    if yearly.empty:
        return []
    figure = yearly.groupby("year")["value"].first()
    reported_total = totals.groupby("year")["value"].first()
    breaks = []
    for year, reported in reported_total.items():
        earlier = reported_total[reported_total.index < year]
        since = int(earlier.index[-1]) if len(earlier) else int(figure.index.min()) - 1
        years = list(range(since + 1, int(year) + 1))
        if not all(each in figure.index for each in years):
            continue
        start = int(earlier.iloc[-1]) if len(earlier) else 0
        recomputed = start + sum(int(figure[each]) for each in years)
        if recomputed != int(reported):
            breaks.append(
                RunningTotalBreak(
                    year=int(year),
                    reported=int(reported),
                    recomputed=recomputed,
                    total=totals[totals["year"].eq(year)],
                    before=totals[totals["year"].eq(since)] if len(earlier) else totals.iloc[:0],
                    yearly=yearly[yearly["year"].isin(years)].sort_values(["year", "claim_id"]),
                )
            )
    return breaks
