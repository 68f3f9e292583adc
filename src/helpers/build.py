"""Build the clean tables from the claims ledger: ``python -m helpers build``.

``remains_handovers.csv`` and ``casualty_estimates.csv`` are never edited by hand: they are
what this module makes of the used rows of ``raw/claims.csv``. A year whose figure no source
states, but whose running total and the one before it are reported, is derived from them and
marked so.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.schema import resources

CONFLICTS = {
    "korean_war": "Korean War",
    "nk_russia": "North Korean troops in Russia's war against Ukraine",
}
BOUND_ORDER = ["low", "best", "high"]


class BuildError(ValueError):
    """Raised when the used claims contradict each other and no table can be built."""


def _join(values) -> str:
    """Return the distinct non-empty values, sorted, joined with semicolons."""
    return ";".join(sorted({value for value in values if value}))


def _year(refers_to: pd.Series) -> pd.Series:
    """Return the year (first four characters) of each ``refers_to`` as integers."""
    return refers_to.str.slice(0, 4).astype(int)


def _used(claims: pd.DataFrame, strand: str) -> pd.DataFrame:
    return claims[claims["status"].eq("used") & claims["strand"].eq(strand)]


def _join_text(values) -> str:
    """Return the distinct non-empty texts, in order of appearance, joined with spaces."""
    return " ".join(dict.fromkeys(value for value in values if value))


def reported_totals(claims: pd.DataFrame, include_set_aside: bool = False) -> pd.DataFrame:
    """Return the running-total claims: claim_id, source_id, status, year, value.

    Only used claims, unless ``include_set_aside`` is true.
    """
    totals = claims[claims["strand"].eq("handovers") & claims["measure"].eq("cumulative_returned")]
    if not include_set_aside:
        totals = totals[totals["status"].eq("used")]
    return totals.assign(year=_year(totals["refers_to"]))[
        ["claim_id", "source_id", "status", "year", "value"]
    ]


def build_handovers(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the yearly handover table built from the used handover claims.

    Raises :class:`BuildError` when used claims give different figures for the same year.
    """
    handover_claims = _used(claims, "handovers").assign(
        year=lambda frame: _year(frame["refers_to"])
    )
    yearly = handover_claims[handover_claims["measure"].eq("remains_returned")]
    conflicting = yearly.groupby("year")["value"].nunique()
    if conflicting.gt(1).any():
        years = ", ".join(map(str, conflicting[conflicting.gt(1)].index))
        raise BuildError(f"used claims give different remains_returned for {years}")
    reported = yearly.groupby("year")["value"].first()
    by_year = reported_totals(claims).groupby("year")
    totals = by_year["value"].agg(["first", "nunique"])
    if totals["nunique"].gt(1).any():
        years = ", ".join(map(str, totals.index[totals["nunique"].gt(1)]))
        raise BuildError(f"used claims give different running totals for {years}")
    total_claim = by_year["claim_id"].first()
    cited = handover_claims[
        handover_claims["measure"].isin(
            ["remains_returned", "cumulative_returned", "ceremony_number"]
        )
    ].groupby("year")
    source_ids, claim_ids = cited["source_id"].agg(_join), cited["claim_id"].agg(_join)
    full_dates = yearly[yearly["refers_to"].str.len().eq(10)].groupby("year")["refers_to"]
    dates = full_dates.agg(lambda values: sorted(set(values)))
    notes = yearly.groupby("year")["notes"].agg(_join_text)

    rows = []
    cumulative = 0
    for year in sorted(set(reported.index) | set(totals.index)):
        if year in reported.index:
            remains, basis, derivation = int(reported[year]), "reported", ""
        elif year - 1 in totals.index or not rows:
            before = int(totals.loc[year - 1, "first"]) if year - 1 in totals.index else 0
            remains = int(totals.loc[year, "first"]) - before
            basis = "derived"
            total = int(totals.loc[year, "first"])
            minus = f" minus {before:,} ({total_claim[year - 1]})" if before else ""
            derivation = f"running total {total:,} ({total_claim[year]}){minus}"
        else:
            raise BuildError(
                f"{year}: no yearly figure, and no running total for {year - 1} to derive it"
            )
        cumulative += remains
        days = dates.get(year, [])
        if len(days) > 1:
            raise BuildError(f"{year}: used claims give different handover dates {days}")
        rows.append(
            {
                "year": year,
                "ceremony": len(rows) + 1,
                "handover_date": days[0] if days else "",
                "remains_returned": remains,
                "cumulative_returned": cumulative,
                "basis": basis,
                "derivation": derivation,
                "source_ids": source_ids.get(year, ""),
                "claim_ids": claim_ids.get(year, ""),
                "notes": notes.get(year, ""),
            }
        )
    return pd.DataFrame(rows)


#: Claim columns that describe an estimate: every used claim of one estimate gives the same.
ESTIMATE_COLUMNS = [
    "strand", "party", "measure", "estimator", "as_of", "refers_to", "scope", "part_of", "same_as"
]  # fmt: skip


def _earliest_report(used: pd.DataFrame, sources: pd.DataFrame | None) -> pd.Series:
    """Return, per estimate_id, the earliest date_published of its claims' sources."""
    if sources is None:
        return pd.Series(dtype=str)
    published = used["source_id"].map(sources.set_index("source_id")["date_published"])
    published = published.fillna("").astype(str)
    dated = published.ne("")
    return published[dated].groupby(used.loc[dated, "estimate_id"]).min()


def build_estimates(claims: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return one row per estimate_id of the used estimate claims, bounds side by side.

    Bounds a source does not give stay empty; ``reported`` is the earliest publication date in
    ``sources`` of the estimate's sources (empty without ``sources``). Raises
    :class:`BuildError` when used claims of one estimate disagree on what they describe or on a
    bound's value.
    """
    used = claims[claims["status"].eq("used") & claims["estimate_id"].ne("")]
    used = used.assign(bound=used["bound"].replace({"exact": "best"}))
    described = ESTIMATE_COLUMNS
    spread = used.groupby("estimate_id")[described].nunique()
    if spread.gt(1).any(axis=None):
        disagreeing = ", ".join(spread.index[spread.gt(1).any(axis=1)])
        raise BuildError(f"claims disagree within estimates: {disagreeing}")
    values = used.groupby(["estimate_id", "bound"])["value"].agg(["first", "nunique"])
    if values["nunique"].gt(1).any():
        disagreeing = values[values["nunique"].gt(1)].index.tolist()
        raise BuildError(f"claims give different values for one bound: {disagreeing}")
    bounds = values["first"].unstack("bound").reindex(columns=BOUND_ORDER).astype("Int64")
    grouped = used.groupby("estimate_id")
    hedges = used[used["qualifier"].ne("")].drop_duplicates(["estimate_id", "bound", "qualifier"])
    hedges = hedges.assign(order=hedges["bound"].map(BOUND_ORDER.index)).sort_values(
        ["estimate_id", "order", "claim_id"]
    )
    qualifier = (
        (hedges["bound"] + ": " + hedges["qualifier"])
        .groupby(hedges["estimate_id"])
        .agg("; ".join)
    )
    estimates = pd.DataFrame(
        {
            "conflict": grouped["strand"].first().map(CONFLICTS),
            "party": grouped["party"].first(),
            "measure": grouped["measure"].first(),
            "scope": grouped["scope"].first(),
            "low": bounds["low"],
            "best": bounds["best"],
            "high": bounds["high"],
            "qualifier": qualifier.reindex(bounds.index).fillna(""),
            "estimator": grouped["estimator"].first(),
            "as_of": grouped["as_of"].first(),
            "reported": _earliest_report(used, sources).reindex(bounds.index).fillna(""),
            "refers_to": grouped["refers_to"].first(),
            "part_of": grouped["part_of"].first(),
            "same_as": grouped["same_as"].first(),
            "source_ids": grouped["source_id"].agg(_join),
            "claim_ids": grouped["claim_id"].agg(_join),
            "notes": grouped["notes"].agg(_join_text),
        }
    )
    return estimates.rename_axis("estimate_id").reset_index()


def _claims_as_numbers(claims: pd.DataFrame) -> pd.DataFrame:
    return claims.assign(value=pd.to_numeric(claims["value"]).astype(int))


def built_tables(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """Return the clean tables as the claims in ``tables`` build them, as CSV-ready strings."""
    claims = _claims_as_numbers(tables["claims"])
    built = {
        "remains_handovers": build_handovers(claims),
        "casualty_estimates": build_estimates(claims, tables.get("sources")),
    }
    return {name: frame.astype("string").fillna("").astype(str) for name, frame in built.items()}


def write_tables(data_dir: Path) -> list[Path]:
    """Build the clean tables and the README's column dictionary; return the paths written."""
    from helpers.dictionary import write_readme
    from helpers.validate import read_raw

    package = resources(data_dir)
    tables = {name: read_raw(data_dir / package[name].path) for name in ("claims", "sources")}
    written = []
    for name, frame in built_tables(tables).items():
        path = data_dir / package[name].path
        frame.to_csv(path, index=False, lineterminator="\n")
        written.append(path)
    if (data_dir / "README.md").is_file():
        written.append(write_readme(data_dir))
    return written


def stale_tables(data_dir: Path, tables: dict[str, pd.DataFrame]) -> list:
    """Return a Problem for each clean table that differs from what its claims build."""
    from helpers.validate import Problem, read_raw

    package = resources(data_dir)
    try:
        built = built_tables(tables)
    except BuildError as error:
        return [Problem(f"{data_dir.name}/{package['claims'].path}", None, None, None, str(error))]
    problems = []
    for name, frame in built.items():
        on_disk = read_raw(data_dir / package[name].path)
        if not on_disk.equals(frame):
            problems.append(
                Problem(
                    f"{data_dir.name}/{package[name].path}",
                    None,
                    None,
                    None,
                    "the table as built from raw/claims.csv; it is stale or was edited by hand: "
                    "run `python -m helpers build` (make run does it)",
                )
            )
    return problems
