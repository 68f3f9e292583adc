"""Check the data package and report every problem with its file, line, column and value.

Belongs here: every check of the package. The schema in ``datapackage.json`` drives the
per-column checks (types, required, unique, minimum, pattern, enum) and the foreign keys; code
adds the rules a schema cannot say: dates not in the future nor after their source's
publication, low <= best <= high, running totals
that add up, ceremonies that do not skip, claims that agree (:mod:`.ledger`). Clean tables on
disk that differ from what a valid ledger builds (:mod:`.build`) are not a problem in the data:
the report lists them as not yet rebuilt (``make run`` rebuilds them), and says which edited
file was saved with Windows line ends or a byte-order mark (``make run`` stores it again
without).

Does not belong here: loading tables for a lesson (:mod:`helpers.data` calls this module) and
any wording for a lesson. The data is a class's data, a few hundred lines: the checks are plain
pandas, written to be read, not tuned for millions of rows.

Every message says, in plain words, what was expected, with an example (never a regular
expression or a library's wording); an unknown id close to a known one gets "did you mean", a
duplicated claim id the next free one, an empty cell "found an empty cell". A problem across
rows names every line and claim involved, with their values.

Line numbers are those a spreadsheet shows: the header is line 1, the first data row line 2.

``make validate`` checks the files as they are; ``make run`` checks the ledger and the tables
it is about to build from it (``rebuild=True``), before it writes anything. For a mistake in
the ledger or the source register both print the same messages.
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
from helpers.datapackage.files import (
    FIRST_DATA_LINE,
    Rows,
    Unreadable,
    as_frame,
    how_saved,
    read_rows,
)
from helpers.datapackage.ledger import (
    estimate_disagreements,
    running_total_breaks,
    yearly_disagreements,
)
from helpers.datapackage.periods import date_limit, later_than, period_start, precision_words
from helpers.datapackage.schema import PACKAGE_FILE, Field, Resource, resources
from helpers.datapackage.wording import (
    date_guess,
    did_you_mean,
    listing,
    pattern_words,
    whole_number_words,
)

#: The tables people edit; the others are built from the claims ledger.
EDITED_TABLES = ("sources", "claims")


@dataclass(frozen=True)
class Problem:
    """One problem in the data: where it is, what was found and what was expected."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str
    lines: tuple[int, ...] = ()  # for a problem across rows: every line involved

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"line {self.line}")
        elif self.lines:
            where.append(f"lines {listing([str(line) for line in sorted(set(self.lines))])}")
        if self.column is not None:
            where.append(f"column {self.column}")
        found = ""
        if self.value == "":
            found = " found an empty cell;"
        elif self.value is not None:
            found = f" found {self.value!r};"
        return f"{', '.join(where)}:{found} {self.expected}"


@dataclass
class Report:
    """The outcome of a validation: the problems found and the typed tables.

    ``built`` holds the clean tables as the claims build them (CSV-ready text), once the build
    has been checked: what ``write_tables`` writes, so what is written is what was checked.
    """

    data_dir: Path
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, pd.DataFrame] = field(default_factory=dict)
    built: dict[str, pd.DataFrame] = field(default_factory=dict)
    #: Clean tables on disk that differ from what the (valid) ledger builds: not yet rebuilt.
    out_of_date: list[str] = field(default_factory=list)
    #: Edited files saved with Windows line ends or a byte-order mark: file, then how saved.
    saved_by_excel: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when no problem was found (the clean tables may be out of date)."""
        return not self.problems

    @property
    def current(self) -> bool:
        """Return True when no problem was found and the clean tables are up to date."""
        return self.ok and not self.out_of_date

    def summary(self) -> str:
        """Return ``ok: ...`` with row counts and the next free claim id, or every problem.

        Either is followed by a note on each edited file saved with Windows line ends or a
        byte-order mark; ``ok`` by a note when the clean tables are not yet rebuilt.
        """
        notes = [
            f"note: {file} is saved with {how}, as Excel saves CSV. The checks read it as it "
            "is, but git would show "
            f"{'every line' if 'line ends' in how else 'its first line'} as changed: "
            "`make run` (or `python -m "
            "helpers build`) stores it again with Unix line ends and no byte-order mark, "
            "changing nothing else; run it before you commit"
            for file, how in self.saved_by_excel.items()
        ]
        if self.ok:
            counts = ", ".join(f"{name} {len(table)} rows" for name, table in self.tables.items())
            free = free_id(list(self.tables["claims"]["claim_id"])) if self.tables else ""
            lines = [f"ok: {counts}" + (f"; next free claim id: {free}" if free else "")]
            if self.out_of_date:
                lines.append(
                    "note: the data is valid, and nothing needs correcting. "
                    f"{listing(self.out_of_date)} {'is' if len(self.out_of_date) == 1 else 'are'}"
                    " not yet rebuilt from raw/claims.csv (as after you add or correct claims): "
                    "`make run` (or `python -m helpers build`) rebuilds "
                    f"{'it' if len(self.out_of_date) == 1 else 'them'}. A clean table edited by "
                    "hand is rewritten the same way: change the claims instead"
                )
            return "\n".join(lines + notes)
        files = list(dict.fromkeys(problem.file for problem in self.problems))
        ordered = sorted(
            self.problems,
            key=lambda p: (files.index(p.file), p.line or min(p.lines, default=0)),
        )
        lines = [f"{len(self.problems)} problem(s) in {self.data_dir}:"]
        lines += [f"  {number}. {problem}" for number, problem in enumerate(ordered, 1)]
        return "\n".join(lines + notes)


class DataError(ValueError):
    """Raised by the loaders when the data is invalid (its message lists every problem) or
    the clean tables are not yet rebuilt from the claims (its message says so)."""

    def __init__(self, report: Report) -> None:
        ahead = "a lesson cannot read clean tables not yet rebuilt from the claims:\n"
        super().__init__(f"{ahead if report.ok else ''}{report.summary()}")
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
    """Return problems for empty, missing, misspelt, unexpected or reordered column names."""
    columns = list(columns)
    expected = resource.column_names
    problems = []
    for position, name in enumerate(columns):
        if not name.strip():
            wanted = f"expected {expected[position]!r} there" if position < len(expected) else ""
            problems.append(
                Problem(
                    file,
                    1,
                    str(position + 1),
                    None,
                    f"the header cell is empty; {wanted or 'delete the empty column'} "
                    f"(the header is: {', '.join(expected)})",
                )
            )
            if position < len(expected):
                expected = [n for n in expected if n != expected[position]]
    columns = [name for name in columns if name.strip()]
    for name in expected:
        if name not in columns:
            close = difflib.get_close_matches(name, [c for c in columns if c not in expected], 1)
            hint = f" (is {close[0]!r} a misspelling?)" if close else ""
            problems.append(Problem(file, 1, name, None, f"column {name!r} is missing{hint}"))
    for name in columns:
        if name not in expected:
            problems.append(
                Problem(
                    file,
                    1,
                    name,
                    name,
                    f"an unknown column; expected the columns {', '.join(resource.column_names)}",
                )
            )
    if not problems and columns != expected:
        problems.append(
            Problem(
                file,
                1,
                None,
                ", ".join(columns),
                f"expected the columns in the order {', '.join(expected)}",
            )
        )
    return problems


#: What is said of a value with a space before or after it.
SPACE = (
    "expected no space before or after the value (a spreadsheet does not show it): "
    "delete the space"
)
#: What a value of each type must look like before it is read as one.
_WHOLE_NUMBER = re.compile(r"-?[0-9]+")
_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def check_value(spec: Field, value: str, today: dt.date) -> tuple[object, list[str]]:
    """Check one value (spaces around it already removed) against its field.

    Returns the value typed (int, date or text; None when empty or unreadable) and what was
    expected instead, in words with an example, one sentence per broken rule (an empty list
    when the value is fine).
    """
    if not value:
        if not spec.required:
            return None, []
        if spec.enum:
            return None, [
                f"expected a value: this column is required; one of: {', '.join(spec.enum)}"
            ]
        like = f", like {spec.example}" if spec.example else ""
        return None, [f"expected a value: this column is required{like}"]
    if spec.type == "integer":
        if not _WHOLE_NUMBER.fullmatch(value):
            return None, [f"expected {whole_number_words(value, spec.example or '437')}"]
        number = int(value)
        if spec.minimum is not None and number < spec.minimum:
            return number, [f"expected a number of at least {spec.minimum}"]
        return number, []
    if spec.type == "date":
        day = period_start(value) if _DAY.fullmatch(value) else None
        if day is None:
            example = spec.example or "2025-09-12"
            return None, [
                "expected a real date written YYYY-MM-DD (year, month, day), like "
                f"{example}{date_guess(value, today.year)}"
            ]
        return day, [f"expected a date not after today ({today})"] if day > today else []
    expected = []
    if spec.pattern and not re.fullmatch(spec.pattern, value):
        expected.append(
            f"expected {pattern_words(spec.pattern, spec.example)}{date_guess(value, today.year)}"
        )
    if spec.enum and value not in spec.enum:
        hint = did_you_mean(value, spec.enum)
        expected.append(f"expected one of: {', '.join(spec.enum)}{hint}")
    if spec.pattern and "[0-9]{4}" in spec.pattern and value[:4].isdigit():  # a period
        start = period_start(value)
        if start is None:
            expected.append(
                "expected a real date: YYYY, YYYY-MM or YYYY-MM-DD with a month from 01 to 12 "
                "and a day that month has"
            )
        elif start > today:
            expected.append(f"expected a date not after today ({today})")
    return value, expected


_NUMBERED_ID = re.compile(r"([a-z]+)([0-9]+)")


def free_id(values: list[str]) -> str:
    """Return the next free id (c192) for ids numbered like c001, else ''.

    The next free id is one more than the highest number in the column, written with as many
    digits as the ids have.
    """
    numbered = [_NUMBERED_ID.fullmatch(value) for value in values if value]
    if not numbered or not all(numbered) or len({m.group(1) for m in numbered}) > 1:
        return ""
    prefix = numbered[0].group(1)
    width = max(len(m.group(2)) for m in numbered)
    return f"{prefix}{max(int(m.group(2)) for m in numbered) + 1:0{width}d}"


def next_free_id(values: list[str], rows: int = 2) -> str:
    """Return "; the next free id is c192: give it to one of the two rows ..." or ''.

    ``rows`` is how many rows share the id; '' for ids not numbered like c001.
    """
    free = free_id(values)
    if not free:
        return ""
    which = "the two rows" if rows == 2 else f"the {rows} rows"
    return f"; the next free id is {free}: give it to one of {which} (the one you added last)"


def check_column(
    file: str, spec: Field, column: pd.Series, today: dt.date
) -> tuple[pd.Series, list[Problem]]:
    """Check one column against its field; return it typed and its problems.

    A space before or after a value is reported (a spreadsheet does not show it), then the
    value is checked without it. Integers become nullable ``Int64``, dates ``datetime64``; text
    stays text.
    """
    values = [raw.strip() for raw in column]
    repeated = Counter(values) if spec.unique else Counter()
    problems, typed = [], []
    for position, raw, value in zip(column.index, column, values, strict=True):
        typed_value, expected = check_value(spec, value, today)
        if raw != value:
            expected.insert(0, SPACE)
        if value and repeated[value] > 1:
            lines = [
                str(int(other) + FIRST_DATA_LINE)
                for other in column.index[column.str.strip().eq(value)]
            ]
            expected.append(
                "expected a value no other row has (it must be unique); it is on lines "
                f"{listing(lines)}{next_free_id(values, len(lines))}"
            )
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
        return raw, [Problem(file, None, None, None, "the file has no data rows; expected some")]
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

    def unknown(cell: str) -> list[str]:
        ids = cell.split(delimiter) if delimiter else [cell]
        return [i for i in ids if i and i not in known]

    problems = []
    for position, missing in values.map(unknown).items():
        if missing:
            hints = "".join(did_you_mean(each, known) for each in missing)
            problems.append(
                Problem(
                    file,
                    int(position) + FIRST_DATA_LINE,
                    column,
                    (delimiter or ";").join(missing),
                    f"expected {'ids' if len(missing) > 1 else 'an id'} listed in {what}{hints}",
                )
            )
    return problems


_GROUP_START = re.compile(r"-?[0-9]{1,3}")
_GROUP = re.compile(r"[0-9]{3}")


def thousands_split(record: list[str], header: list[str], numbers: Iterable[str]) -> int | None:
    """Return where a number typed with thousands commas (1,044) splits a row too long, or None.

    That is the position of the first of the fields which, joined again with commas, give a
    number in groups of three digits and the row its right length; only for a column of whole
    numbers (``numbers``), and only when one place fits.
    """
    extra = len(record) - len(header)
    numbers = set(numbers)
    places = [
        start
        for start in range(len(header))
        if header[start] in numbers
        and _GROUP_START.fullmatch(record[start])
        and all(_GROUP.fullmatch(part) for part in record[start + 1 : start + 1 + extra])
    ]
    return places[0] if extra > 0 and len(places) == 1 else None


def check_rows(file: str, rows: Rows, numbers: Iterable[str] = ()) -> list[Problem]:
    """Return a problem for each row with more or fewer fields than the header.

    A row made too long by a number typed with thousands commas in one of the columns
    ``numbers`` (1,044 without quotes) is named with that column and what to type.
    """
    width = len(rows.header)
    problems = []
    for line, record in rows.rows:
        split = thousands_split(record, rows.header, numbers)
        if split is not None:
            typed = ",".join(record[split : split + len(record) - width + 1])
            problems.append(
                Problem(
                    file,
                    line,
                    rows.header[split],
                    typed,
                    f"typed with a thousands comma, which splits the row into {len(record)} "
                    f"fields where the header has {width}: type {typed.replace(',', '')}",
                )
            )
            continue
        if len(record) > width:
            why = "a comma too many, or a value with a comma that is not inside double quotes"
        elif len(record) < width:
            why = "a comma or a value is missing"
        else:
            continue
        problems.append(
            Problem(
                file, line, None, None, f"{len(record)} fields, but the header has {width}: {why}"
            )
        )
    return problems


def check_estimate_bounds(file: str, estimates: pd.DataFrame) -> list[Problem]:
    """Return problems where an estimate has no bound, low > high, or best lies outside them."""
    low, best, high = estimates["low"], estimates["best"], estimates["high"]
    none = low.isna() & best.isna() & high.isna()
    problems = _problems(file, none, "best", best, "expected at least one of low, best, high")
    problems += _problems(
        file, (low > high).fillna(False), "low", low, "expected low not above high"
    )
    problems += _problems(
        file, (best < low).fillna(False), "best", best, "expected best not below low"
    )
    problems += _problems(
        file, (best > high).fillna(False), "best", best, "expected best not above high"
    )
    return problems


def _first_bound(row: dict, order: tuple[str, ...]) -> float | None:
    """Return the first of the bounds named in ``order`` that ``row`` gives, or None."""
    for bound in order:
        if not pd.isna(row[bound]):
            return float(row[bound])
    return None


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
            if not expected.startswith("expected"):
                expected = f"expected {expected}"
            problems.append(Problem(file, line, column, value, expected))

        if row["part_of"] and row["same_as"]:
            problem("same_as", row["same_as"], "at most one of part_of and same_as")
            continue
        column = "part_of" if row["part_of"] else "same_as"
        target = row[column]
        if target:
            whole = rows.get(target)
            if whole is None:
                problem(column, target, "the estimate_id of another estimate")
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
        elif row["as_of"] and row["reported"] and later_than(row["as_of"], row["reported"]):
            problem(
                "as_of",
                row["as_of"],
                f"expected a date not after {row['reported']}, the earliest report of the "
                "estimate (column reported)",
            )
    return problems


def check_handover_series(file: str, handovers: pd.DataFrame, today: dt.date) -> list[Problem]:
    """Return problems in the yearly series: future years, skipped ceremonies, wrong totals."""
    problems = _problems(
        file,
        handovers["year"].gt(today.year).fillna(False),
        "year",
        handovers["year"],
        f"expected a year not after {today.year}",
    )
    ordered = handovers.sort_values("year")
    expected_ceremony = pd.Series(range(1, len(ordered) + 1), index=ordered.index)
    problems += _problems(
        file,
        ordered["ceremony"].ne(expected_ceremony).fillna(True),
        "ceremony",
        ordered["ceremony"],
        "expected ceremonies numbered 1, 2, 3... in year order, none skipped",
    )
    running = ordered["remains_returned"].cumsum()
    problems += _problems(
        file,
        ordered["cumulative_returned"].ne(running).fillna(True),
        "cumulative_returned",
        ordered["cumulative_returned"],
        "expected the sum of remains_returned up to that year",
    )
    derived = ordered["basis"].eq("derived") & ordered["derivation"].eq("")
    problems += _problems(
        file, derived, "derivation", None, "expected how the derived figure was worked out"
    )
    return problems


def check_claims(file: str, claims: pd.DataFrame) -> list[Problem]:
    """Return problems in the ledger: unexplained set-asides, estimates whose claims disagree."""
    set_aside = claims["status"].eq("set aside") & claims["status_reason"].eq("")
    problems = _problems(
        file, set_aside, "status_reason", None, "expected the reason a claim is set aside"
    )
    for_estimates = claims["strand"].ne("handovers")
    problems += _problems(
        file,
        for_estimates & claims["estimate_id"].eq("") & claims["status"].eq("used"),
        "estimate_id",
        None,
        "expected the estimate a used claim feeds",
    )
    for column, disagreeing in estimate_disagreements(claims).items():
        expected = f"expected the same {column} as the other used claims of its estimate_id"
        if column == "value":
            expected = (
                "expected the same value as the other used claims of its estimate and bound "
                "(set one aside, or give it its own estimate_id)"
            )
        problems += _problems(file, disagreeing, column, claims[column], expected)
    return problems


def check_claim_dates(
    file: str, claims: pd.DataFrame, sources: pd.DataFrame, sources_file: str
) -> list[Problem]:
    """Return problems for claims whose ``refers_to`` or ``as_of`` is after their source.

    A source cannot report what had not happened when it was published: each date is compared
    with the ``date_published`` of the claim's source at the coarser precision of the two (a
    source dated 2025-09 allows any day of September 2025; a span counts by its last year).
    Sources with no date are not compared. The message names the claim, its source and the
    source's line in the register, so either date can be corrected where it was typed.
    """
    line_of = {
        source_id: int(position) + FIRST_DATA_LINE
        for position, source_id in sources["source_id"].items()
    }
    published = dict(zip(sources["source_id"], sources["date_published"], strict=True))
    problems = []
    for position, claim in claims.iterrows():
        date = published.get(claim["source_id"], "")
        for column in ("refers_to", "as_of"):
            if not later_than(claim[column], date):
                continue
            when = precision_words(date)
            only = "" if when == "the day" else f" (the register gives only {when})"
            problems.append(
                Problem(
                    file,
                    int(position) + FIRST_DATA_LINE,
                    column,
                    claim[column],
                    f"expected a date not after {date}, {when} its source was published"
                    f"{only}: claim {claim['claim_id']} cites {claim['source_id']} "
                    f"({sources_file}, line {line_of[claim['source_id']]}, date_published "
                    f"{date}). A source cannot report a later date: correct the date here, or "
                    "the source's date_published if that is the one mistyped",
                )
            )
    return problems


def _says(claims: pd.DataFrame, column: str = "value") -> str:
    """Return "c168 (line 169) says 25" for each claim, joined as in a sentence."""
    return listing(
        [
            f"{row.claim_id} (line {int(position) + FIRST_DATA_LINE}) says {row[column]}"
            for position, row in claims.iterrows()
        ]
    )


def check_handover_claims(file: str, claims: pd.DataFrame) -> list[Problem]:
    """Return problems where used handover claims disagree, naming every claim involved.

    One figure, running total, ceremony number and date per year; and each reported running
    total equal to the one before it plus the yearly figures in between.
    """
    problems = []
    for what, year, group in yearly_disagreements(claims):
        column = "refers_to" if what == "handover_date" else "value"
        problems.append(
            Problem(
                file,
                None,
                column,
                None,
                f"used claims disagree on {what} for {year}: {_says(group, column)}. "
                "Keep the one its source supports and set aside the others, with the reason",
                lines=tuple(int(position) + FIRST_DATA_LINE for position in group.index),
            )
        )
    if problems:
        return problems  # the running totals need one value per year
    for broken in running_total_breaks(claims):
        parts = [
            f"{group['value'].iloc[0]} in {year} ({_cited(group)})"
            for year, group in broken.yearly.groupby("year")
        ]
        start = ""
        if len(broken.before):
            before, year = broken.before, broken.before["year"].iloc[0]
            start = f"{before['value'].iloc[0]} through {year} ({_cited(before)}) and "
        involved = pd.concat([broken.before, broken.yearly, broken.total])
        problems.append(
            Problem(
                file,
                None,
                "value",
                None,
                f"the running total for {broken.year} does not add up: {start}"
                f"{listing(parts)} come to {broken.recomputed}, but the running total reported "
                f"is {broken.reported} ({_cited(broken.total)}). One of these figures is wrong: "
                "check each against "
                "its source, then correct it, or set it aside with the reason",
                lines=tuple(int(position) + FIRST_DATA_LINE for position in involved.index),
            )
        )
    return problems


def _cited(claims: pd.DataFrame) -> str:
    """Return "c048, line 49; c050, line 51" for the claims, in ledger order."""
    return "; ".join(
        f"{row.claim_id}, line {int(position) + FIRST_DATA_LINE}"
        for position, row in claims.sort_index().iterrows()
    )


def check_ceremony_claims(
    file: str, claims: pd.DataFrame, handovers: pd.DataFrame
) -> list[Problem]:
    """Return problems for used ceremony-number claims that differ from the table's numbering."""
    used = claims["status"].eq("used") & claims["measure"].eq("ceremony_number")
    year = pd.to_numeric(claims["refers_to"].str.slice(0, 4), errors="coerce")
    numbered = year.map(handovers.set_index("year")["ceremony"]).astype("Int64")
    wrong = (used & claims["value"].ne(numbered).fillna(True)).astype(bool)
    first = int(handovers["year"].min()) if len(handovers) else None
    problems = []
    for position in claims.index[wrong]:
        number, when = numbered[position], year[position]
        expected = (
            f"expected {number}: the handover of {when} is number {number} in year order, "
            f"counting {first} as 1 (the ceremony number the table gives that year)"
            if not pd.isna(number)
            else f"expected no ceremony number: the table has no handover in {when}"
        )
        only = pd.Series(claims.index == position, index=claims.index)
        problems += _problems(file, only, "value", claims["value"], expected)
    return problems


#: For a column of a clean table, the ledger column its value comes from (else the same name).
LEDGER_COLUMN = {
    "low": "value",
    "best": "value",
    "high": "value",
    "year": "refers_to",
    "handover_date": "refers_to",
    "remains_returned": "value",
    "cumulative_returned": "value",
    "ceremony": "value",
}
#: For a count of the handover table, the measure of the claims that give it.
HANDOVER_MEASURE = {
    "remains_returned": "remains_returned",
    "cumulative_returned": "cumulative_returned",
    "ceremony": "ceremony_number",
    "handover_date": "remains_returned",
}
#: The column that names a row of each clean table.
ROW_KEY = {"remains_handovers": "year", "casualty_estimates": "estimate_id"}


def traced_to_claims(
    problem: Problem,
    clean: dict[str, pd.DataFrame],
    built: dict[str, pd.DataFrame],
    claims: pd.DataFrame,
    files: dict[str, str],
) -> Problem:
    """Return ``problem``, found in a clean table, as a problem of the claims that built it.

    A person edits the ledger, never a clean table: a problem in a row exactly as the ledger
    builds it is named on the ledger's lines of the claims listed in the row's ``claim_ids``
    (for a bound or a count, only the claims that give it), with the claim ids and the row it
    was found in. A row that differs from what the ledger builds (edited by hand, or out of
    date) keeps its own file and line.
    """
    name = next(name for name in ROW_KEY if files[name] == problem.file)
    table, key = clean[name], ROW_KEY[name]
    if problem.line is None or problem.line - FIRST_DATA_LINE not in table.index:
        return problem
    row = table.loc[problem.line - FIRST_DATA_LINE]
    same = built[name][built[name][key].eq(row[key])]
    if len(same) != 1 or not same.iloc[0].equals(row.rename(same.index[0])):
        return problem
    ids = [claim_id for claim_id in str(row["claim_ids"]).split(";") if claim_id]
    involved = claims[claims["claim_id"].isin(ids)]
    column = problem.column
    if column in ("low", "best", "high"):
        bound = involved["bound"].replace({"exact": "best"}).eq(column)
        involved = involved[bound] if bound.any() else involved
    elif name == "remains_handovers" and column in HANDOVER_MEASURE:
        measure = involved["measure"].eq(HANDOVER_MEASURE[column])
        involved = involved[measure] if measure.any() else involved
    if involved.empty:
        return problem
    ledger_column = LEDGER_COLUMN.get(column, column)
    if ledger_column not in claims.columns:
        ledger_column = None
    lines = tuple(int(position) + FIRST_DATA_LINE for position in involved.index)
    cited = "; ".join(
        f"{claim.claim_id} (source {claim.source_id})" for claim in involved.itertuples()
    )
    where = f"{key} {row[key]}"
    return Problem(
        files["claims"],
        lines[0] if len(lines) == 1 else None,
        ledger_column,
        problem.value,
        f"{problem.expected} (in {problem.file}, the row for {where}, built from {cited}): "
        f"correct {'the claim' if len(lines) == 1 else 'these claims'} here, then run again",
        lines=lines if len(lines) > 1 else (),
    )


def out_of_date_tables(data_dir: Path, files: dict[str, str], built) -> list[str]:
    """Return the clean tables on disk that differ from what the ledger builds, by file.

    Not a problem in the data: after claims are added or corrected the tables are not yet
    rebuilt (or one was edited by hand); ``make run`` rewrites them.
    """
    package = resources(data_dir)
    return [
        files[name]
        for name, frame in built.items()
        if not as_frame(read_rows(data_dir / package[name].path)).equals(frame)
    ]


def _read_table(path: Path, file: str, resource: Resource, report: Report) -> pd.DataFrame | None:
    """Return the CSV at ``path`` as strings, or None after adding why it cannot be checked."""
    if not path.is_file():
        report.problems.append(Problem(file, None, None, None, "the file is missing"))
        return None
    try:
        rows = read_rows(path)
    except Unreadable as error:
        report.problems.append(Problem(file, error.line, None, None, str(error)))
        return None
    if how_saved(path) and resource.name in EDITED_TABLES:
        report.saved_by_excel[file] = how_saved(path)
    numbers = [spec.name for spec in resource.fields if spec.type == "integer"]
    shape = check_header(file, resource, rows.header) or check_rows(file, rows, numbers)
    report.problems += shape
    return None if shape else as_frame(rows)


def _check_tables(
    report: Report, frames: dict[str, pd.DataFrame], files: dict[str, str], today: dt.date
) -> None:
    """Check each table in ``frames`` against the schema, adding typed tables and problems."""
    package = resources(report.data_dir)
    for name, raw in frames.items():
        typed, problems = check_table(files[name], package[name], raw, today)
        report.problems += problems
        report.tables[name] = typed


def _check_references(report: Report, names: Iterable[str], files: dict[str, str]) -> None:
    """Check the foreign keys of the tables ``names`` (ids that must exist in another table)."""
    package, tables = resources(report.data_dir), report.tables
    for name in names:
        for key in package[name].foreign_keys:
            report.problems += check_references(
                files[name],
                key.column,
                tables[name][key.column],
                tables[key.resource][key.reference],
                package[key.resource].path,
                key.delimiter,
            )


def _clean_table_problems(
    report: Report, clean: dict, built: dict, files: dict[str, str], today: dt.date
) -> list[Problem]:
    """Return the problems of the clean tables ``clean``, each traced to the claims it came from.

    A problem in a row that the ledger built is reported on the ledger lines of its claims
    (:func:`traced_to_claims`); one in a table edited by hand keeps its own file and line.
    """
    built_names = list(clean)
    checked = Report(report.data_dir, tables=report.tables)  # the clean tables' own problems
    _check_tables(checked, clean, files, today)
    if checked.ok:
        _check_references(checked, built_names, files)
        checked.problems += check_estimate_bounds(
            files["casualty_estimates"], report.tables["casualty_estimates"]
        )
        checked.problems += check_handover_series(
            files["remains_handovers"], report.tables["remains_handovers"], today
        )
        checked.problems += check_estimate_relations(
            files["casualty_estimates"], report.tables["casualty_estimates"]
        )
    built_files = {files[name] for name in built_names}
    claims = report.tables["claims"]
    return [
        traced_to_claims(problem, clean, built, claims, files)
        if problem.file in built_files
        else problem
        for problem in checked.problems
    ]


def validate_package(
    data_dir: Path, today: dt.date | None = None, *, rebuild: bool = False
) -> Report:
    """Return a :class:`Report` on every table of the data package in ``data_dir``.

    ``today`` (default: :func:`~helpers.datapackage.periods.date_limit`) is the limit for dates
    and years in the data. The tables people edit (sources, claims) are checked first, alone
    and then together; only if they are sound are the clean tables checked: as they are on
    disk, or with ``rebuild`` as the claims would build them (what ``make run`` is about to
    write). Without ``rebuild``, a clean table that differs from what valid claims build is
    listed in ``out_of_date`` (not yet rebuilt), not as a problem. Edited files saved with
    Windows line ends or a byte-order mark are listed in ``saved_by_excel``.
    """
    today = today or date_limit()
    report = Report(data_dir)
    if not (data_dir / PACKAGE_FILE).is_file():
        report.problems.append(
            Problem(str(data_dir / PACKAGE_FILE), None, None, None, "the schema file is missing")
        )
        return report
    package = resources(data_dir)
    files = {name: f"{data_dir.name}/{resource.path}" for name, resource in package.items()}
    built_names = [name for name in package if name not in EDITED_TABLES]

    frames = {
        name: _read_table(data_dir / package[name].path, files[name], package[name], report)
        for name in package
        if name in EDITED_TABLES or not rebuild
    }
    if not report.ok:
        return report
    _check_tables(report, {name: frames[name] for name in EDITED_TABLES}, files, today)
    if not report.ok:
        return report
    _check_references(report, EDITED_TABLES, files)
    claims = report.tables["claims"]
    report.problems += check_claims(files["claims"], claims)
    report.problems += check_claim_dates(
        files["claims"], claims, report.tables["sources"], files["sources"]
    )
    report.problems += check_handover_claims(files["claims"], claims)
    if not report.ok:
        return report  # the build needs sound claims

    try:
        built = built_tables(frames["claims"], frames["sources"], data_dir)
    except BuildError as error:
        report.problems.append(Problem(files["claims"], None, None, None, str(error)))
        return report
    clean = {name: built[name] if rebuild else frames[name] for name in built_names}
    report.problems += _clean_table_problems(report, clean, built, files, today)
    if not report.ok:
        return report
    check_against = report.tables["remains_handovers"]
    if not rebuild:
        built_handovers, _ = check_table(
            files["remains_handovers"],
            package["remains_handovers"],
            built["remains_handovers"],
            today,
        )
        check_against = built_handovers
    report.problems += check_ceremony_claims(files["claims"], claims, check_against)
    if not rebuild and report.ok:
        report.out_of_date = out_of_date_tables(data_dir, files, built)
    if report.ok:
        report.built = built
    return report
