"""Check the data package and report every problem with its file, line, column and value.

Belongs here: every check of the package. The schema in ``datapackage.json`` drives the
per-column checks (types, required, unique, minimum, pattern, enum) and the foreign keys; code
adds the rules a schema cannot say: dates not in the future, low <= best <= high, running totals
that add up, ceremonies that do not skip, claims that agree (:mod:`.ledger`), and clean tables
that are exactly what the ledger builds (:mod:`.build`).

Does not belong here: loading tables for a lesson (:mod:`helpers.data` calls this module) and
any wording for a lesson. The data is a class's data, a few hundred lines: the checks are plain
pandas, written to be read, not tuned for millions of rows.

Line numbers are those a spreadsheet shows: the header is line 1, the first data row line 2.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from helpers.datapackage.build import BuildError, built_tables
from helpers.datapackage.files import read_raw
from helpers.datapackage.ledger import compare_running_totals, estimate_disagreements
from helpers.datapackage.periods import period_start
from helpers.datapackage.schema import PACKAGE_FILE, Field, Resource, resources

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
    """The outcome of a validation: the problems found and the typed tables."""

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
    """Return one Problem per row where the boolean Series ``rows`` is True.

    The table's index is the row's position in the file; ``values`` (if given) says what was
    found in each row.
    """
    found = []
    for position in rows.index[rows.to_numpy(dtype=bool)]:
        value = None if values is None or pd.isna(values[position]) else str(values[position])
        found.append(Problem(file, int(position) + FIRST_DATA_LINE, column, value, expected))
    return found


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


#: What a value of each type must look like before it is read as one.
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_value(spec: Field, value: str, today: dt.date) -> tuple[object, list[str]]:
    """Check one value (spaces around it already removed) against its field.

    Returns the value typed (int, date or text; None when empty or unreadable) and what was
    expected instead, one sentence per broken rule (an empty list when the value is fine).
    """
    if not value:
        return None, ["a value (this column is required)"] if spec.required else []
    if spec.type == "integer":
        if not _WHOLE_NUMBER.fullmatch(value):
            return None, ["a whole number, digits only (no commas, words or decimals)"]
        number = int(value)
        if spec.minimum is not None and number < spec.minimum:
            return number, [f"a number of at least {spec.minimum}"]
        return number, []
    if spec.type == "date":
        day = period_start(value) if _DAY.fullmatch(value) else None
        if day is None:
            return None, ["a real date written YYYY-MM-DD"]
        return day, [f"a date not after today ({today})"] if day > today else []
    expected = []
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        expected.append(f"text matching {spec.pattern}")
    if spec.enum and value not in spec.enum:
        expected.append(f"one of: {', '.join(spec.enum)}")
    if spec.pattern and "[0-9]{4}" in spec.pattern and value[:4].isdigit():  # a period
        start = period_start(value)
        if start is None:
            expected.append("a real date (YYYY, YYYY-MM or YYYY-MM-DD)")
        elif start > today:
            expected.append(f"a date not after today ({today})")
    return value, expected


def check_column(
    file: str, spec: Field, column: pd.Series, today: dt.date
) -> tuple[pd.Series, list[Problem]]:
    """Check one column against its field; return it typed and its problems.

    Spaces around a value are ignored. Integers become nullable ``Int64``, dates ``datetime64``;
    text stays text.
    """
    values = [raw.strip() for raw in column]
    repeated = Counter(values) if spec.unique else Counter()
    problems, typed = [], []
    for position, raw, value in zip(column.index, column, values, strict=True):
        typed_value, expected = check_value(spec, value, today)
        if value and repeated[value] > 1:
            expected.append("a value no other row has (it must be unique)")
        typed.append(typed_value)
        line = int(position) + FIRST_DATA_LINE
        problems += [Problem(file, line, spec.name, raw, each) for each in expected]
    if spec.type == "integer":
        return pd.Series(pd.array(typed, dtype="Int64"), index=column.index), problems
    if spec.type == "date":
        dates = pd.Series(pd.to_datetime(typed), index=column.index)
        return dates.astype("datetime64[us]"), problems
    return pd.Series(values, index=column.index, dtype=column.dtype), problems


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
    file: str, column: str, values: pd.Series, known: Iterable[str], what: str, delimiter=None
) -> list[Problem]:
    """Return problems for ids in ``values`` that are not in ``known``.

    With a ``delimiter``, each cell lists several ids (``"a;b"``); the problem shows the
    unknown ones.
    """
    known = set(known)

    def unknown(cell: str) -> str:
        ids = cell.split(delimiter) if delimiter else [cell]
        return (delimiter or ";").join(i for i in ids if i and i not in known)

    missing = values.map(unknown)
    return _problems(file, missing.ne(""), column, missing, f"ids listed in {what}")


def check_estimate_bounds(file: str, estimates: pd.DataFrame) -> list[Problem]:
    """Return problems where an estimate has no bound, low > high, or best lies outside them."""
    low, best, high = estimates["low"], estimates["best"], estimates["high"]
    none = low.isna() & best.isna() & high.isna()
    problems = _problems(file, none, "best", best, "at least one of low, best, high")
    problems += _problems(file, (low > high).fillna(False), "low", low, "low not above high")
    problems += _problems(file, (best < low).fillna(False), "best", best, "best not below low")
    problems += _problems(file, (best > high).fillna(False), "best", best, "best not above high")
    return problems


def _first_bound(row: dict, order: tuple[str, ...]) -> float | None:
    """Return the first of the bounds named in ``order`` that ``row`` gives, or None."""
    for bound in order:
        if not pd.isna(row[bound]):
            return float(row[bound])
    return None


def _date_after(date: str, limit: str) -> bool:
    """Return True when ``date`` is after ``limit``, compared at the coarser precision."""
    width = min(len(date), len(limit))
    return date[:width] > limit[:width]


def check_estimate_relations(file: str, estimates: pd.DataFrame) -> list[Problem]:
    """Return problems in how estimates relate to each other and in their two dates.

    ``part_of`` (a subtotal of) and ``same_as`` (a repeat or rounding of) name another estimate
    of the same conflict, at most one relation per row, and following them never comes back to
    where it started. A part's smallest bound is not above its whole's largest (high, else best;
    a whole given only as a lower bound has no ceiling). A repeat has the same party and measure
    as what it repeats. Each estimate has its own date (``as_of``) or a report date
    (``reported``), and ``as_of`` is not after ``reported``.
    """
    rows = {row["estimate_id"]: row for row in estimates.to_dict("records")}
    problems: list[Problem] = []
    for position, row in enumerate(estimates.to_dict("records")):
        line = position + FIRST_DATA_LINE

        def problem(column: str, value: str | None, expected: str, line: int = line) -> None:
            problems.append(Problem(file, line, column, value, expected))

        if row["part_of"] and row["same_as"]:
            problem("same_as", row["same_as"], "at most one of part_of and same_as")
            continue
        column = "part_of" if row["part_of"] else "same_as"
        target = row[column]
        if target:
            whole = rows.get(target)
            if whole is None:
                problem(column, target, "the estimate_id of another row of this table")
                continue
            if target == row["estimate_id"]:
                problem(column, target, "another row's estimate_id, not the row's own")
                continue
            seen, step = {row["estimate_id"]}, target
            while step and step not in seen and step in rows:
                seen.add(step)
                step = rows[step]["part_of"] or rows[step]["same_as"]
            if step in seen:
                problem(column, target, "relations that end: following them comes back round")
            if whole["conflict"] != row["conflict"]:
                problem(column, target, "an estimate of the same conflict")
            if column == "part_of":
                smallest = _first_bound(row, ("low", "best", "high"))
                ceiling = _first_bound(whole, ("high", "best"))
                if smallest is not None and ceiling is not None and smallest > ceiling:
                    problem(column, target, "a whole at least as large as its part")
            else:
                for described in ("party", "measure"):
                    if whole[described] != row[described]:
                        problem(
                            column,
                            target,
                            f"an estimate of the same {described} (same_as marks a repeat)",
                        )
        if not row["as_of"] and not row["reported"]:
            problem("as_of", None, "the estimate's own date (as_of) or a dated source")
        elif row["as_of"] and row["reported"] and _date_after(row["as_of"], row["reported"]):
            problem("as_of", row["as_of"], "a date not after the earliest report (reported)")
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
    for column, disagreeing in estimate_disagreements(claims).items():
        expected = f"the same {column} as the other used claims of its estimate_id"
        if column == "value":
            expected = (
                "the same value as the other used claims of its estimate and bound "
                "(set one aside, or give it its own estimate_id)"
            )
        problems += _problems(file, disagreeing, column, claims[column], expected)
    return problems


def check_running_totals(file: str, claims: pd.DataFrame, handovers: pd.DataFrame):
    """Return problems for used running-total claims that the yearly figures do not add up to."""
    compared = compare_running_totals(handovers, claims)
    return [
        Problem(
            file,
            int(position) + FIRST_DATA_LINE,
            "value",
            str(row.reported_total),
            f"the running total through {row.year} recomputed from the yearly figures "
            f"({row.recomputed_total}); fix the claim, or set it aside with the reason",
        )
        for position, row in compared[~compared["matches"]].iterrows()
    ]


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


def check_built_tables(data_dir: Path, files: dict[str, str]) -> list[Problem]:
    """Return a problem for each clean table that differs from what the claims ledger builds."""
    package = resources(data_dir)
    try:
        built = built_tables(read_raw(data_dir / package["claims"].path), data_dir)
    except BuildError as error:
        return [Problem(files["claims"], None, None, None, str(error))]
    return [
        Problem(
            files[name],
            None,
            None,
            None,
            "the table as built from raw/claims.csv; it is stale or was edited by hand: "
            "run `python -m helpers build` (make run does it)",
        )
        for name, frame in built.items()
        if not read_raw(data_dir / package[name].path).equals(frame)
    ]


def _read_tables(data_dir: Path, report: Report, today: dt.date) -> None:
    """Read and check every table of the package, adding the typed tables and problems."""
    for name, resource in resources(data_dir).items():
        path = data_dir / resource.path
        file = f"{data_dir.name}/{resource.path}"
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


def validate_package(data_dir: Path, today: dt.date | None = None) -> Report:
    """Return a :class:`Report` on every table of the data package in ``data_dir``.

    ``today`` (default: the real date) is the limit for dates and years in the data. Checks run
    in three rounds, each only if the one before found nothing: each table alone; the foreign
    keys and the rules across rows; the ledger against the tables it builds.
    """
    today = today or dt.date.today()
    report = Report(data_dir)
    if not (data_dir / PACKAGE_FILE).is_file():
        report.problems.append(
            Problem(str(data_dir / PACKAGE_FILE), None, None, None, "the schema file is missing")
        )
        return report
    _read_tables(data_dir, report, today)
    if not report.ok:
        return report  # the rules across tables need well-formed tables

    package, tables = resources(data_dir), report.tables
    files = {name: f"{data_dir.name}/{resource.path}" for name, resource in package.items()}
    for name, resource in package.items():
        for key in resource.foreign_keys:
            report.problems += check_references(
                files[name],
                key.column,
                tables[name][key.column],
                tables[key.resource][key.reference],
                package[key.resource].path,
                key.delimiter,
            )
    claims, handovers = tables["claims"], tables["remains_handovers"]
    report.problems += check_claims(files["claims"], claims)
    report.problems += check_estimate_bounds(
        files["casualty_estimates"], tables["casualty_estimates"]
    )
    report.problems += check_handover_series(files["remains_handovers"], handovers, today)
    report.problems += check_estimate_relations(
        files["casualty_estimates"], tables["casualty_estimates"]
    )
    if not report.ok:
        return report

    report.problems += check_running_totals(files["claims"], claims, handovers)
    report.problems += check_ceremony_claims(files["claims"], claims, handovers)
    report.problems += check_built_tables(data_dir, files)
    return report
