"""Analysis: small pure functions on the loaded tables, each returning a new DataFrame or value."""

from __future__ import annotations

import pandas as pd


def reconcile_running_totals(
    handovers: pd.DataFrame, claims: pd.DataFrame, include_set_aside: bool = False
) -> pd.DataFrame:
    """Return every reported running total beside the total recomputed from the yearly figures.

    Columns: claim_id, source_id, status, year, reported_total, recomputed_total, difference,
    matches. A total for a year missing from ``handovers`` has no recomputed total and does not
    match. Set-aside claims are included only when ``include_set_aside`` is true.
    """
    totals = claims[claims["measure"].eq("cumulative_returned") & claims["strand"].eq("handovers")]
    if not include_set_aside:
        totals = totals[totals["status"].eq("used")]
    recomputed = handovers.set_index("year")["cumulative_returned"]
    year = totals["refers_to"].str.slice(0, 4).astype(int)
    table = pd.DataFrame(
        {
            "claim_id": totals["claim_id"],
            "source_id": totals["source_id"],
            "status": totals["status"],
            "year": year,
            "reported_total": totals["value"].astype("Int64"),
            "recomputed_total": year.map(recomputed).astype("Int64"),
        }
    )
    table["difference"] = table["reported_total"] - table["recomputed_total"]
    table["matches"] = table["difference"].eq(0).fillna(False).astype(bool)
    return table.sort_values(["year", "claim_id"]).reset_index(drop=True)
