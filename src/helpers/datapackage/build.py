"""Build the clean tables from the claims ledger: ``python -m helpers build``.

``remains_handovers.csv`` and ``casualty_estimates.csv`` are never edited by hand: they are
what this module makes of the used rows of ``raw/claims.csv``. A year whose figure no source
states, but whose running total and the one before it are reported, is derived from them and
marked so.

Belongs here: turning used claims into table rows, and refusing (:class:`BuildError`) when the
used claims contradict each other. Does not belong here: reporting problems row by row (that is
:mod:`.validate`, which also says when a table on disk is stale), or any lesson's wording.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from helpers.datapackage.dictionary import write_readme
from helpers.datapackage.files import read_raw, to_stored_form, write_raw
from helpers.datapackage.ledger import (
    BOUNDS,
    estimate_disagreements,
    reported_totals,
    used_estimate_claims,
    used_handover_claims,
    yearly_disagreements,
)
from helpers.datapackage.schema import resources


class BuildError(ValueError):
    """Raised when the used claims contradict each other and no table can be built."""


def _join(values) -> str:
    """Return the distinct non-empty values, sorted, joined with semicolons."""
    return ";".join(sorted({value for value in values if value}))


def _join_text(values) -> str:
    """Return the distinct non-empty texts, in order of appearance, joined with spaces."""
    return " ".join(dict.fromkeys(value for value in values if value))


def build_handovers(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the yearly handover table built from the used handover claims.

    Raises :class:`BuildError` when used claims give different figures, running totals,
    ceremony numbers or dates for the same year (the validator names their lines).
    """
    disagreements = yearly_disagreements(claims)
    if disagreements:
        what, year, group = disagreements[0]
        raise BuildError(
            f"used claims disagree on {what} for {year} ({', '.join(group['claim_id'])}); "
            "run `make validate` to see their lines and values"
        )
    handover_claims = used_handover_claims(claims)
    yearly = handover_claims[handover_claims["measure"].eq("remains_returned")]
    reported = yearly.groupby("year")["value"].first()
    by_year = reported_totals(claims).groupby("year")
    totals = by_year["value"].agg(["first"])
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


def earliest_reports(claims: pd.DataFrame, sources: pd.DataFrame) -> dict[str, str]:
    """Return, by estimate_id, the earliest ``date_published`` among its used claims' sources."""
    published = sources.set_index("source_id")["date_published"].fillna("").astype(str)
    earliest: dict[str, str] = {}
    for claim in used_estimate_claims(claims).to_dict("records"):
        estimate, date = claim["estimate_id"], published.get(claim["source_id"], "")
        if date and (estimate not in earliest or date < earliest[estimate]):
            earliest[estimate] = date
    return earliest


def build_estimates(
    claims: pd.DataFrame, conflicts: dict[str, str], sources: pd.DataFrame | None = None
) -> pd.DataFrame:
    """Return one row per estimate_id of the used estimate claims, bounds side by side.

    ``conflicts`` names the conflict of each strand (the schema's labels of ``strand``). Bounds
    a source does not give stay empty. ``reported`` is the earliest publication date, in the
    source register ``sources``, of the estimate's sources (empty without ``sources``). Raises
    :class:`BuildError` when used claims of one estimate disagree on what they describe or on a
    bound's value.
    """
    disagreeing = sorted(
        {
            estimate
            for mask in estimate_disagreements(claims).values()
            for estimate in claims.loc[mask, "estimate_id"]
        }
    )
    if disagreeing:
        raise BuildError(f"claims disagree within estimates: {', '.join(disagreeing)}")
    reported = earliest_reports(claims, sources) if sources is not None else {}
    by_estimate: dict[str, list[dict]] = {}
    for claim in used_estimate_claims(claims).to_dict("records"):
        by_estimate.setdefault(claim["estimate_id"], []).append(claim)
    rows = []
    for estimate_id, group in sorted(by_estimate.items()):
        first = group[0]
        value = {claim["bound"]: claim["value"] for claim in group}
        in_bound_order = sorted(group, key=lambda c: (BOUNDS.index(c["bound"]), c["claim_id"]))
        hedges = [f"{c['bound']}: {c['qualifier']}" for c in in_bound_order if c["qualifier"]]
        rows.append(
            {
                "estimate_id": estimate_id,
                "conflict": conflicts.get(first["strand"], ""),
                "party": first["party"],
                "measure": first["measure"],
                "scope": first["scope"],
                **{bound: value.get(bound) for bound in BOUNDS},
                "qualifier": "; ".join(dict.fromkeys(hedges)),
                "estimator": first["estimator"],
                "as_of": first["as_of"],
                "reported": reported.get(estimate_id, ""),
                "refers_to": first["refers_to"],
                "part_of": first["part_of"],
                "same_as": first["same_as"],
                "source_ids": _join(claim["source_id"] for claim in group),
                "claim_ids": _join(claim["claim_id"] for claim in group),
                "notes": _join_text(claim["notes"] for claim in group),
            }
        )
    estimates = pd.DataFrame(rows, dtype=object)
    return estimates.astype({bound: "Int64" for bound in BOUNDS})


def _claims_as_numbers(claims: pd.DataFrame) -> pd.DataFrame:
    """Return the claims with ``value`` as integers (the ledger is read as text)."""
    return claims.assign(value=pd.to_numeric(claims["value"]).astype(int))


def built_tables(
    claims: pd.DataFrame, sources: pd.DataFrame, folder: Path
) -> dict[str, pd.DataFrame]:
    """Return the clean tables the ``claims`` build, as CSV-ready strings, by table name.

    ``sources`` (the source register) dates the reports; ``folder`` is the data folder, whose
    schema names the strands' conflicts.
    """
    conflicts = resources(folder)["claims"].field("strand").labels
    claims = _claims_as_numbers(claims)
    built = {
        "remains_handovers": build_handovers(claims),
        "casualty_estimates": build_estimates(claims, conflicts, sources),
    }
    return {name: frame.astype("string").fillna("").astype(str) for name, frame in built.items()}


def write_tables(folder: Path, built: dict[str, pd.DataFrame] | None = None) -> list[Path]:
    """Write the clean tables and the README's column dictionary; return the paths written.

    The edited tables (sources, claims) saved with Windows line ends or a byte-order mark, as
    Excel saves them, are rewritten without (and listed): their content stays as it is.

    ``built`` is the tables already built (a validation :class:`Report`'s ``built``); without
    it, they are built here from the ledger in ``folder``.
    """
    package = resources(folder)
    if built is None:
        claims = read_raw(folder / package["claims"].path)
        sources = read_raw(folder / package["sources"].path)
        built = built_tables(claims, sources, folder)
    written = [
        folder / package[name].path
        for name in ("sources", "claims")
        if to_stored_form(folder / package[name].path)
    ]
    for name, frame in built.items():
        path = folder / package[name].path
        write_raw(frame, path)
        written.append(path)
    if (folder / "README.md").is_file():
        written.append(write_readme(folder))
    return written
