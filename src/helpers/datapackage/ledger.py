"""The rules of the claims ledger (``raw/claims.csv``): what its used claims say together.

Belongs here: each rule about claims, written once and used by both the build (which refuses to
build from claims that break it) and the validator (which names the rows that break it):

- the used claims of one estimate describe the same thing and give one value per bound;
- the reported running totals of the handovers, and how they compare with the yearly table.

Does not belong here: reading files, typing columns, or wording for a lesson.
"""

from __future__ import annotations

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
