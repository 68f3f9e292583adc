"""Check the data package and report every problem with its file, line, column and value.

Driven by ``datapackage.json`` (types, required, unique, minimum, pattern, enum, keys), plus the
rules a schema cannot say: dates not in the future, low <= best <= high, running totals that add
up, ceremonies that do not skip, claims that agree. Every check works on whole columns at once
(no loop over rows), so a table of a million rows is checked in about a second.

Line numbers are those a spreadsheet shows: the header is line 1, the first data row line 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from helpers.schema import PACKAGE_FILE, Field, Resource, resources

#: The first data row's line number in a spreadsheet (the header is line 1).
FIRST_DATA_LINE = 2


@dataclass(frozen=True)
class Problem:
    """One problem in the data: where it is, what was found and what was expected."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.column is not None:
            where.append(f"column {self.column}")
        found = f" found {self.value!r};" if self.value is not None else ""
        return f"{', '.join(where)}:{found} {self.expected}"


@dataclass
class Report:
    """The outcome of a validation: the problems found, the typed tables and their row counts."""

    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """Return ``ok: ...`` with row counts, or a numbered list of every problem."""
        if self.ok:
            counts = ", ".join(f"{name} {len(table)} rows" for name, table in self.tables.items())
            return f"ok: {counts}"
        lines = [f"{len(self.problems)} problem(s) in {self.data_dir}:"]
        lines += [f"  {number}. {problem}" for number, problem in enumerate(self.problems, 1)]
        return "\n".join(lines)


class DataError(ValueError):
    """Raised by the loaders when the data is invalid; its message lists every problem."""

    def __init__(self, report: Report) -> None:
        super().__init__(report.summary())
        self.report = report


def _problems(
    file: str, rows: pd.Series, column: str | None, values: pd.Series | None, expected: str
) -> list[Problem]:
    """Return one Problem per True entry of the boolean mask ``rows``."""
    index = rows[rows].index
    shown = values.reindex(index) if values is not None else pd.Series(None, index=index)
    return [
        Problem(
            file, int(position) + FIRST_DATA_LINE, column, None if pd.isna(v) else str(v), expected
        )
        for position, v in zip(index, shown, strict=True)
    ]


def read_raw(path: Path) -> pd.DataFrame:
    """Return the CSV at ``path`` as strings, empty cells as ''; Excel's BOM and CRLF are fine."""
    return pd.read_csv(
        path, dtype=str, keep_default_na=False, encoding="utf-8-sig", skipinitialspace=False
    )


def check_header(file: str, resource: Resource, columns: Iterable[str]) -> list[Problem]:
    """Return problems for missing, misspelt, unexpected or reordered columns."""
    columns = list(columns)
    expected = resource.column_names
    problems = []
    for name in expected:
        if name not in columns:
            close = difflib.get_close_matches(name, [c for c in columns if c not in expected], 1)
            hint = f" (is {close[0]!r} a misspelling?)" if close else ""
            problems.append(Problem(file, 1, name, None, f"column {name!r} is missing{hint}"))
    for name in columns:
        if name not in expected:
            problems.append(
                Problem(file, 1, name, name, f"an unknown column; expected: {', '.join(expected)}")
            )
    if not problems and columns != expected:
        problems.append(
            Problem(
                file, 1, None, ", ".join(columns), f"columns in the order {', '.join(expected)}"
            )
        )
    return problems


def period_starts(values: pd.Series) -> pd.Series:
    """Return the first day of each YYYY, YYYY-MM or YYYY-MM-DD value (NaT where not a date).

    A span YYYY-YYYY counts as its last year.
    """
    start = values.str.replace(r"^[0-9]{4}-([0-9]{4})$", r"\1", regex=True).str.slice(0, 10)
    padded = start.where(start.str.len() != 4, start + "-01-01")
    padded = padded.where(padded.str.len() != 7, padded + "-01")
    return pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")


def _expand(per_value, codes: np.ndarray, index: pd.Index) -> pd.Series:
    """Return a row-level boolean Series from a boolean per distinct value and the row codes."""
    return pd.Series(np.asarray(per_value, dtype=bool)[codes], index=index)


#: Above this many non-matching values, matching falls back to pandas' per-value regex.
_FEW = 1000


class _Lines:
    """A column's distinct values joined one per line, for C-level regex scans of all of them.

    A regex call per value costs about a microsecond; one multi-line scan over the joined text
    checks a million values in a fraction of a second.
    """

    def __init__(self, values: pd.Series) -> None:
        self.values = values
        self.text = "\n".join(values)
        self.joinable = self.text.count("\n") == max(len(values) - 1, 0)

    def padded(self) -> bool:
        """Return True if any value starts or ends with a space or tab."""
        if not self.joinable:
            return bool(self.values.str.match(r"^[ \t]|.*[ \t]$").any())
        return re.search(r"^[ \t]|[ \t]$", self.text, re.MULTILINE) is not None

    def fullmatch(self, pattern: str) -> np.ndarray:
        """Return, per value, whether it matches ``pattern`` in full."""
        core = pattern.removeprefix("^").removesuffix("$")
        slow = lambda: self.values.str.fullmatch(core).fillna(False).to_numpy(dtype=bool)  # noqa: E731
        if not self.joinable:
            return slow()
        failing = re.compile(rf"^(?!(?:{core})$).*$", re.MULTILINE)
        result = np.ones(len(self.values), dtype=bool)
        for count, match in enumerate(failing.finditer(self.text)):
            if count >= _FEW:
                return slow()
            result[self.text.count("\n", 0, match.start())] = False
        return result


def check_column(
    file: str, spec: Field, column: pd.Series, today: dt.date
) -> tuple[pd.Series, list[Problem]]:
    """Check one column against its field; return it typed and its problems.

    Every check runs once per distinct value, then maps back to the rows: a million rows with
    a few thousand distinct values cost little more than the distinct values themselves.
    """
    codes, distinct = pd.factorize(column.to_numpy(dtype=object))
    values = pd.Series(distinct, dtype=object)
    lines = _Lines(values)
    padded = lines.padded()
    if padded:
        values = values.str.strip()
        lines = _Lines(values)
    given = values.ne("").to_numpy()
    problems: list[Problem] = []

    def flag(per_value, expected: str) -> None:
        if not np.asarray(per_value, dtype=bool).any():
            return  # nothing to report: skip mapping a million rows
        rows = _expand(per_value, codes, column.index)
        problems.extend(_problems(file, rows, spec.name, column, expected))

    if spec.required:
        flag(~given, "a value (this column is required)")
    if spec.type == "integer":
        whole = lines.fullmatch(r"-?[0-9]+")
        flag(given & ~whole, "a whole number, digits only (no commas, words or decimals)")
        numbers = pd.to_numeric(values.where(given & whole), errors="coerce").astype("Int64")
        if spec.minimum is not None:
            flag(numbers.lt(spec.minimum).fillna(False), f"a number of at least {spec.minimum}")
        typed = pd.Series(numbers.array.take(codes), index=column.index)
    elif spec.type == "date":
        dates = pd.to_datetime(values.where(given), format="%Y-%m-%d", errors="coerce")
        flag(given & dates.isna(), "a real date written YYYY-MM-DD")
        flag(dates.gt(pd.Timestamp(today)).fillna(False), f"a date not after today ({today})")
        typed = pd.Series(dates.to_numpy()[codes], index=column.index)
    else:
        typed = (
            pd.Series(values.to_numpy()[codes], index=column.index, dtype=column.dtype)
            if padded
            else column
        )
        if spec.pattern:
            flag(given & ~lines.fullmatch(spec.pattern), f"text matching {spec.pattern}")
        if spec.enum:
            flag(given & ~values.isin(spec.enum), f"one of: {', '.join(spec.enum)}")
        if spec.pattern and "[0-9]{4}" in spec.pattern:
            starts = period_starts(values)
            shaped = values.str.match(r"^[0-9]{4}").astype(bool)
            flag(given & shaped & starts.isna(), "a real date (YYYY, YYYY-MM or YYYY-MM-DD)")
            future = starts.gt(pd.Timestamp(today)).fillna(False)
            flag(given & future, f"a date not after today ({today})")
    if spec.unique:
        stripped_codes = pd.factorize(values)[0][codes] if padded else codes
        repeated = np.bincount(stripped_codes)[stripped_codes] > 1
        rows = pd.Series(repeated, index=column.index) & _expand(given, codes, column.index)
        problems += _problems(
            file, rows, spec.name, column, "a value no other row has (it must be unique)"
        )
    return typed, problems


def check_table(
    file: str, resource: Resource, raw: pd.DataFrame, today: dt.date
) -> tuple[pd.DataFrame, list[Problem]]:
    """Check one table against its schema; return it typed (Int64 counts, dates) and problems."""
    problems = check_header(file, resource, raw.columns)
    if problems:
        return raw, problems
    if raw.empty:
        return raw, [Problem(file, None, None, None, "the file has no data rows")]
    typed = {}
    for spec in resource.fields:
        typed[spec.name], found = check_column(file, spec, raw[spec.name], today)
        problems += found
    return pd.DataFrame(typed, index=raw.index), problems


def check_references(
    file: str, column: str, values: pd.Series, known: pd.Series, what: str
) -> list[Problem]:
    """Return problems for semicolon-separated ids in ``values`` that are not in ``known``."""
    codes, distinct = pd.factorize(values.to_numpy(dtype=object))
    ids = pd.Series(distinct, dtype=object).str.split(";").explode()
    unknown = ids.ne("") & ~ids.isin(set(known))
    missing = ids[unknown].groupby(level=0).agg(";".join).reindex(range(len(distinct)))
    rows = _expand(missing.notna().to_numpy(), codes, values.index)
    shown = pd.Series(missing.to_numpy()[codes], index=values.index)
    return _problems(file, rows, column, shown, f"ids listed in {what}")


def check_estimate_bounds(file: str, estimates: pd.DataFrame) -> list[Problem]:
    """Return problems where an estimate has no bound, low > high, or best lies outside them."""
    low, best, high = estimates["low"], estimates["best"], estimates["high"]
    none = low.isna() & best.isna() & high.isna()
    problems = _problems(file, none, "best", best, "at least one of low, best, high")
    problems += _problems(file, (low > high).fillna(False), "low", low, "low not above high")
    problems += _problems(file, (best < low).fillna(False), "best", best, "best not below low")
    problems += _problems(file, (best > high).fillna(False), "best", best, "best not above high")
    return problems


def check_handover_series(file: str, handovers: pd.DataFrame, today: dt.date) -> list[Problem]:
    """Return problems in the yearly series: future years, skipped ceremonies, wrong totals."""
    problems = _problems(
        file,
        handovers["year"].gt(today.year).fillna(False),
        "year",
        handovers["year"],
        f"a year not after {today.year}",
    )
    ordered = handovers.sort_values("year")
    expected_ceremony = pd.Series(range(1, len(ordered) + 1), index=ordered.index)
    problems += _problems(
        file,
        ordered["ceremony"].ne(expected_ceremony).fillna(True),
        "ceremony",
        ordered["ceremony"],
        "ceremonies numbered 1, 2, 3... in year order, none skipped",
    )
    running = ordered["remains_returned"].cumsum()
    problems += _problems(
        file,
        ordered["cumulative_returned"].ne(running).fillna(True),
        "cumulative_returned",
        ordered["cumulative_returned"],
        "the sum of remains_returned up to that year",
    )
    derived = ordered["basis"].eq("derived") & ordered["derivation"].eq("")
    problems += _problems(
        file, derived, "derivation", None, "how the derived figure was worked out"
    )
    return problems


def check_claims(file: str, claims: pd.DataFrame) -> list[Problem]:
    """Return problems in the ledger: unexplained set-asides, estimates whose claims disagree."""
    set_aside = claims["status"].eq("set aside") & claims["status_reason"].eq("")
    problems = _problems(file, set_aside, "status_reason", None, "the reason a claim is set aside")
    for_estimates = claims["strand"].ne("handovers")
    problems += _problems(
        file,
        for_estimates & claims["estimate_id"].eq("") & claims["status"].eq("used"),
        "estimate_id",
        None,
        "the estimate a used claim feeds",
    )
    used = claims[claims["status"].eq("used") & claims["estimate_id"].ne("")]
    described = ("strand", "party", "measure", "estimator", "as_of", "refers_to")
    for column in (*described, "scope", "part_of", "same_as"):
        spread = used.groupby("estimate_id")[column].transform("nunique")
        problems += _problems(
            file,
            spread.gt(1).reindex(claims.index, fill_value=False),
            column,
            claims[column],
            f"the same {column} as the other used claims of its estimate_id",
        )
    values = used.groupby(["estimate_id", "bound"])["value"].transform("nunique")
    problems += _problems(
        file,
        values.gt(1).reindex(claims.index, fill_value=False),
        "value",
        claims["value"],
        "the same value as the other used claims of its estimate and bound "
        "(set one aside, or give it its own estimate_id)",
    )
    return problems


def validate_package(data_dir: Path, today: dt.date | None = None) -> Report:
    """Return a :class:`Report` on every table of the data package in ``data_dir``.

    ``today`` (default: the real date) is the limit for dates and years in the data.
    """
    from helpers import analysis, build

    today = today or dt.date.today()
    report = Report(data_dir)
    if not (data_dir / PACKAGE_FILE).is_file():
        report.problems.append(
            Problem(str(data_dir / PACKAGE_FILE), None, None, None, "the schema file is missing")
        )
        return report
    label = data_dir.name
    for name, resource in resources(data_dir).items():
        path = data_dir / resource.path
        file = f"{label}/{resource.path}"
        if not path.is_file():
            report.problems.append(Problem(file, None, None, None, "the file is missing"))
            continue
        try:
            raw = read_raw(path)
        except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as error:
            message = str(error).strip() or "a readable CSV file"
            report.problems.append(
                Problem(file, None, None, None, f"not a readable CSV: {message}")
            )
            continue
        typed, problems = check_table(file, resource, raw, today)
        report.problems += problems
        report.tables[name] = typed
    if not report.ok:
        return report  # cross-table rules need well-formed tables

    tables = report.tables
    files = {name: f"{label}/{resource.path}" for name, resource in resources(data_dir).items()}
    source_ids = tables["sources"]["source_id"]
    claim_ids = tables["claims"]["claim_id"]
    report.problems += check_references(
        files["claims"], "source_id", tables["claims"]["source_id"], source_ids, "sources.csv"
    )
    for name in ("remains_handovers", "casualty_estimates"):
        report.problems += check_references(
            files[name], "source_ids", tables[name]["source_ids"], source_ids, "sources.csv"
        )
        report.problems += check_references(
            files[name], "claim_ids", tables[name]["claim_ids"], claim_ids, "raw/claims.csv"
        )
    report.problems += check_claims(files["claims"], tables["claims"])
    report.problems += check_estimate_bounds(
        files["casualty_estimates"], tables["casualty_estimates"]
    )
    report.problems += check_handover_series(
        files["remains_handovers"], tables["remains_handovers"], today
    )
    report.problems += check_estimate_relations(
        files["casualty_estimates"], tables["casualty_estimates"]
    )
    if not report.ok:
        return report

    reconciliation = analysis.reconcile_running_totals(
        tables["remains_handovers"], tables["claims"]
    )
    mismatched = reconciliation[~reconciliation["matches"]]
    lines = tables["claims"].reset_index().set_index("claim_id")["index"]
    for row in mismatched.itertuples():
        report.problems.append(
            Problem(
                files["claims"],
                int(lines[row.claim_id]) + FIRST_DATA_LINE,
                "value",
                str(row.reported_total),
                f"the running total through {row.year} recomputed from the yearly figures "
                f"({row.recomputed_total}); fix the claim, or set it aside with the reason",
            )
        )
    report.problems += check_ceremony_claims(
        files["claims"], tables["claims"], tables["remains_handovers"]
    )
    report.problems += build.stale_tables(data_dir, tables)
    return report


def check_ceremony_claims(
    file: str, claims: pd.DataFrame, handovers: pd.DataFrame
) -> list[Problem]:
    """Return problems for used ceremony-number claims that differ from the table's numbering."""
    used = claims["status"].eq("used") & claims["measure"].eq("ceremony_number")
    year = pd.to_numeric(claims["refers_to"].str.slice(0, 4), errors="coerce")
    numbered = year.map(handovers.set_index("year")["ceremony"]).astype("Int64")
    wrong = used & claims["value"].ne(numbered).fillna(True)
    return _problems(
        file, wrong, "value", claims["value"], "the ceremony number the table gives that year"
    )


def check_estimate_relations(file: str, estimates: pd.DataFrame) -> list[Problem]:
    """Return problems in how estimates relate to each other and in their two dates.

    ``part_of`` (a subtotal of) and ``same_as`` (a repeat or rounding of) must name another
    existing estimate of the same conflict, one relation per row, with no chain of relations
    that comes back to where it started. A part may not be larger than its whole: its smallest
    bound may not exceed the whole's largest (high, else best; a whole with only a lower bound
    has no ceiling). A repeat has the same party and measure as what it repeats. Each estimate
    has its own date (as_of) or a report date (reported), and as_of is not after reported.
    """
    ids = estimates["estimate_id"]
    position = pd.Series(np.arange(len(ids)), index=ids.to_numpy())
    problems: list[Problem] = []
    for column in ("part_of", "same_as"):
        given = estimates[column].ne("")
        known = estimates[column].isin(set(ids))
        problems += _problems(
            file, given & ~known, column, estimates[column], "the estimate_id of another row"
        )
        problems += _problems(
            file,
            given & estimates[column].eq(ids),
            column,
            estimates[column],
            "another row's estimate_id, not the row's own",
        )
    both = estimates["part_of"].ne("") & estimates["same_as"].ne("")
    problems += _problems(
        file, both, "same_as", estimates["same_as"], "at most one of part_of and same_as"
    )
    if problems:
        return problems

    target = estimates["part_of"].where(estimates["part_of"].ne(""), estimates["same_as"])
    related = target.ne("")
    parent = np.where(related, target.map(position).fillna(-1).astype(int), -1)
    jump = parent.copy()
    for _ in range(int(np.ceil(np.log2(len(ids) + 1))) + 1):
        jump = np.where(jump >= 0, jump[np.maximum(jump, 0)], -1)
    problems += _problems(
        file,
        pd.Series(jump >= 0, index=estimates.index),
        "part_of",
        target,
        "relations that end: following part_of and same_as from this row comes back round",
    )
    whole = pd.Series(np.maximum(parent, 0), index=estimates.index)
    conflict = estimates["conflict"].to_numpy()[whole]
    problems += _problems(
        file,
        related & estimates["conflict"].ne(conflict),
        "part_of",
        target,
        "an estimate of the same conflict",
    )

    def pick(frame: pd.DataFrame, order: list[str]) -> pd.Series:
        chosen = frame[order[0]]
        for name in order[1:]:
            chosen = chosen.fillna(frame[name])
        return chosen

    smallest = pick(estimates, ["low", "best", "high"])
    ceiling = pick(estimates, ["high", "best"]).to_numpy()[whole]
    is_part = estimates["part_of"].ne("")
    too_big = is_part & (smallest > pd.Series(ceiling, index=estimates.index)).fillna(False)
    problems += _problems(
        file,
        too_big.astype(bool),
        "part_of",
        estimates["part_of"],
        "a whole at least as large as its part (the part's smallest bound is above it)",
    )
    is_repeat = estimates["same_as"].ne("")
    for column in ("party", "measure"):
        other = estimates[column].to_numpy()[whole]
        problems += _problems(
            file,
            is_repeat & estimates[column].ne(other),
            "same_as",
            estimates["same_as"],
            f"an estimate of the same {column} (same_as marks a repeat or a rounding)",
        )

    as_of, reported = estimates["as_of"], estimates["reported"]
    problems += _problems(
        file,
        as_of.eq("") & reported.eq(""),
        "as_of",
        None,
        "the estimate's own date (as_of) or a dated source to give the reported date",
    )
    width = np.minimum(as_of.str.len(), reported.str.len())
    later = pd.Series(False, index=estimates.index)
    for length in (4, 7, 10):  # compare at the coarser of the two precisions
        same = width.eq(length)
        later |= same & as_of.str.slice(0, length).gt(reported.str.slice(0, length))
    problems += _problems(
        file, later, "as_of", as_of, "a date not after the earliest report (reported)"
    )
    return problems
