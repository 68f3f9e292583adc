"""Every spreadsheet-style mistake an instructor can make while adding next year's handover.

Each case adds a made-up next year to a copy of the project, the way data/README.md says, then
makes one mistake in it. Both ``python -m helpers validate`` and ``make run`` (the pipeline)
must stop with the same message: the file, the spreadsheet line, the column or the claim ids,
the value found, and what was expected in plain words with an example. Never a traceback,
pandas' or Python's wording, a regular expression or a character position; and ``make run``
writes nothing (tables, lessons and build outputs stay as they were).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import ledger
import pytest

from helpers.course import pipeline

CLAIMS = "data/raw/claims.csv"

#: Words that betray a program talking to itself rather than to an instructor.
FORBIDDEN = [
    "Traceback",
    "Unnamed",
    "position",
    "invalid literal",
    "Unable to parse",
    "[0-9]",
    "{4}",
    "\\d",
    "dtype",
    "NaN",
    "<NA>",
    "could not be read",
]
PYTHON_ERROR = re.compile(r"\b[A-Z][A-Za-z]*(Error|Exception)\b")


def _claims(data: Path) -> Path:
    return data / ledger.CLAIMS


def disagreeing_claims(data, new):
    """A second used claim gives another figure for the same year."""
    (other,) = ledger.next_claim_ids(data, 1)
    rows = ledger.read_rows(_claims(data))
    claim = next(row for row in rows if row["claim_id"] == new.remains_claim)
    other_value = new.remains + 2
    (line,) = ledger.append_rows(
        _claims(data), [{**claim, "claim_id": other, "locator": "para 4", "value": other_value}]
    )
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        f"line {line}",
        new.remains_claim,
        other,
        str(new.remains),
        str(other_value),
        str(new.year),
        "set aside",
    ]


def yearly_figure_breaks_the_running_total(data, new):
    """The year's figure is mistyped, so the reported running total no longer adds up."""
    wrong = new.remains + 27  # 25 typed as 52
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "value", str(wrong))
    return [
        CLAIMS,
        new.remains_claim,
        f"line {new.claim_line(new.remains_claim)}",
        str(wrong),
        new.total_claim,
        f"line {new.claim_line(new.total_claim)}",
        str(new.total),
        str(new.previous_total + wrong),
    ]


def date_typed_day_month_year(data, new):
    """The handover date typed the way a spreadsheet shows it: 18/09/2026."""
    day, month, year = new.date[8:], new.date[5:7], new.date[:4]
    typed = f"{day}/{month}/{year}"
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "refers_to", typed)
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column refers_to",
        f"'{typed}'",
        "YYYY-MM-DD",
        "like",
        new.date,
    ]


def cleared_header(data, new):
    """One header cell cleared."""
    path = _claims(data)
    names = ledger.header(path)
    cleared = names.index("measure")
    names[cleared] = ""
    ledger.replace_line(path, 1, ",".join(names))
    return ["data/raw/claims.csv", "line 1", "'measure'", "empty", f"column {cleared + 1}"]


def one_field_more(data, new):
    """A row with one field more than the header (a stray comma)."""
    line = new.claim_line(new.remains_claim)
    text = _claims(data).read_text(encoding="utf-8").split("\n")[line - 1]
    ledger.replace_line(_claims(data), line, text + ",")
    fields = len(ledger.header(_claims(data)))
    return [CLAIMS, f"line {line}", f"{fields + 1} fields", f"{fields}"]


def one_field_fewer(data, new):
    """A row with one field fewer than the header (a lost comma)."""
    line = new.claim_line(new.ceremony_claim)
    text = _claims(data).read_text(encoding="utf-8").split("\n")[line - 1]
    ledger.replace_line(_claims(data), line, text.removesuffix(","))
    fields = len(ledger.header(_claims(data)))
    return [CLAIMS, f"line {line}", f"{fields - 1} fields", f"{fields}"]


def stray_space_after_a_number(data, new):
    """A space typed after the figure."""
    typed = f"{new.remains} "
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "value", typed)
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column value",
        f"'{typed}'",
        "space",
    ]


def wrong_ceremony_number(data, new):
    """The ceremony numbered as last year's."""
    wrong = new.ceremony - 1
    ledger.set_cell(_claims(data), {"claim_id": new.ceremony_claim}, "value", str(wrong))
    return [
        CLAIMS,
        f"line {new.claim_line(new.ceremony_claim)}",
        "column value",
        f"'{wrong}'",
        f"expected {new.ceremony}",
        str(new.year),
    ]


def misspelt_source_id(data, new):
    """The source id with two characters swapped."""
    typo = new.source_id[:-2] + new.source_id[-1] + new.source_id[-2]
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "source_id", typo)
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column source_id",
        f"'{typo}'",
        f"did you mean '{new.source_id}'",
    ]


def thousands_comma(data, new):
    """The running total typed with a thousands comma, as a spreadsheet displays it."""
    typed = f"{new.total:,}"
    ledger.set_cell(_claims(data), {"claim_id": new.total_claim}, "value", typed)
    return [
        CLAIMS,
        f"line {new.claim_line(new.total_claim)}",
        "column value",
        f"'{typed}'",
        f"like {new.total}",
    ]


def thousands_comma_without_quotes(data, new):
    """The running total typed 1,036 in a text editor: no quotes, so the row gets a field more."""
    line = new.claim_line(new.total_claim)
    text = _claims(data).read_text(encoding="utf-8").split("\n")[line - 1]
    typed = f"{new.total:,}"
    ledger.replace_line(_claims(data), line, text.replace(f",{new.total},", f",{typed},"))
    fields = len(ledger.header(_claims(data)))
    return [
        CLAIMS,
        f"line {line}",
        "column value",
        f"'{typed}'",
        "typed with a thousands comma",
        f"{fields + 1} fields where the header has {fields}",
        f"type {new.total}",
    ]


def empty_bound(data, new):
    """The new claim's bound left empty: the message lists the values allowed."""
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "bound", "")
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column bound",
        "found an empty cell",
        "one of: exact, low, best, high",
    ]


def both_new_rows_share_an_id(data, new):
    """Two of the new claims numbered alike: the next free id goes to one of the two."""
    ledger.set_cell(_claims(data), {"claim_id": new.total_claim}, "claim_id", new.ceremony_claim)
    (free,) = ledger.next_claim_ids(data, 1)
    return [
        CLAIMS,
        f"line {new.claim_line(new.total_claim)}",
        "column claim_id",
        f"lines {new.claim_line(new.ceremony_claim)} and {new.claim_line(new.total_claim)}",
        f"the next free id is {free}: give it to one of the two rows (the one you added last)",
    ]


def truncated_number(data, new):
    """A figure cut short, with a stray slash."""
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "value", "12/0")
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column value",
        "'12/0'",
        "whole number",
    ]


def _save_with(path: Path, separator: str, excel: bool = True) -> None:
    """Save ``path`` again with ``separator``, as a spreadsheet does: BOM and CRLF with excel."""
    with path.open(encoding="utf-8", newline="") as handle:
        records = list(csv.reader(handle))
    text = io.StringIO()
    csv.writer(text, delimiter=separator, lineterminator="\r\n" if excel else "\n").writerows(
        records
    )
    path.write_bytes(("\ufeff" if excel else "").encode() + text.getvalue().encode("utf-8"))


SAVE_AS = ['"Saving from a spreadsheet" in data/README.md']


def register_saved_with_semicolons(data, new):
    """The source register saved by a European Excel: semicolons, a BOM, Windows line ends."""
    _save_with(data / ledger.SOURCES, ";")
    return [
        "data/sources.csv",
        "line 1",
        "separated by semicolons",
        "region settings",
        "LibreOffice Calc or Google Sheets",
        *SAVE_AS,
    ]


def ledger_saved_with_tabs(data, new):
    """The claims ledger saved as tab-separated text."""
    _save_with(_claims(data), "\t", excel=False)
    return [CLAIMS, "line 1", "separated by tabs", "CSV with commas, in UTF-8", *SAVE_AS]


def two_digit_year_day_first(data, new):
    """The handover date typed with a two-digit year, day first: 18/09/26."""
    typed = f"{new.date[8:]}/{new.date[5:7]}/{new.date[2:4]}"
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "refers_to", typed)
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column refers_to",
        f"'{typed}'",
        f"did you mean {new.date}?",
        "day first",
    ]


def two_digit_year_year_first(data, new):
    """The handover date typed with a two-digit year, year first: 26-09-18."""
    typed = new.date[2:]
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "refers_to", typed)
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        f"'{typed}'",
        f"did you mean {new.date}?",
        "year first",
    ]


def duplicated_claim_id(data, new):
    """A new claim numbered with an id the ledger already has."""
    taken = ledger.read_rows(_claims(data))[0]["claim_id"]
    ledger.set_cell(_claims(data), {"claim_id": new.ceremony_claim}, "claim_id", taken)
    (free,) = ledger.next_claim_ids(data, 1)
    return [
        CLAIMS,
        f"line {new.claim_line(new.ceremony_claim)}",
        "column claim_id",
        f"'{taken}'",
        f"lines {ledger.FIRST_DATA_LINE} and {new.claim_line(new.ceremony_claim)}",
        f"the next free id is {free}",
    ]


def empty_cell(data, new):
    """The new claim's source id left empty."""
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "source_id", "")
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column source_id",
        "found an empty cell",
    ]


def dated_after_its_source(data, new):
    """The handover dated ten days after the report of it was published."""
    later = (dt.date.fromisoformat(new.date) + dt.timedelta(days=10)).isoformat()
    ledger.set_cell(_claims(data), {"claim_id": new.remains_claim}, "refers_to", later)
    return [
        CLAIMS,
        f"line {new.claim_line(new.remains_claim)}",
        "column refers_to",
        f"'{later}'",
        f"not after {new.date}",
        new.remains_claim,
        new.source_id,
        f"data/sources.csv, line {new.source_line}",
    ]


#: Each makes one mistake in a copy that holds a made-up next year and returns the fragments
#: that one message must contain.
MISTAKES = [
    disagreeing_claims,
    yearly_figure_breaks_the_running_total,
    date_typed_day_month_year,
    cleared_header,
    one_field_more,
    one_field_fewer,
    stray_space_after_a_number,
    wrong_ceremony_number,
    misspelt_source_id,
    thousands_comma,
    thousands_comma_without_quotes,
    truncated_number,
    register_saved_with_semicolons,
    ledger_saved_with_tabs,
    two_digit_year_day_first,
    two_digit_year_year_first,
    duplicated_claim_id,
    empty_cell,
    empty_bound,
    both_new_rows_share_an_id,
    dated_after_its_source,
]

#: Mistakes that must get exactly one message: the whole file needs saving again.
ONE_MESSAGE = {register_saved_with_semicolons, ledger_saved_with_tabs}


def messages(report: str) -> list[str]:
    """Return the numbered problems of a report ("  1. ...", "  2. ..."), one string each."""
    return [part.strip() for part in re.split(r"(?m)^\s*\d+\.\s", report)[1:]]


def written_files(project: pipeline.Project) -> dict[str, bytes]:
    """Return every file a run could write (data, lessons, build), by path."""
    found = {}
    for folder in (project.data, project.notebooks, project.root / "build"):
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                found[str(path.relative_to(project.root))] = path.read_bytes()
    return found


def assert_plain(text: str) -> None:
    for word in FORBIDDEN:
        assert word not in text, f"{word!r} in:\n{text}"
    assert not PYTHON_ERROR.search(text), text


def run_validate(data, today) -> subprocess.CompletedProcess:
    """Return what ``python -m helpers validate DATA --today TODAY`` did, output captured."""
    return subprocess.run(
        [sys.executable, "-m", "helpers", "validate", str(data), "--today", str(today)],
        capture_output=True,
        text=True,
    )


@pytest.mark.parametrize("mistake", MISTAKES, ids=lambda mistake: mistake.__name__)
def test_validate_and_run_name_the_mistake_in_plain_words(project, mistake):
    new = ledger.add_next_year(project.data)
    expected = mistake(project.data, new)

    validate = run_validate(project.data, new.today)
    shown = validate.stdout + validate.stderr
    assert validate.returncode == 1, shown
    assert_plain(shown)
    found = messages(validate.stdout)
    assert any(all(fragment in message for fragment in expected) for message in found), (
        expected,
        shown,
    )
    if mistake in ONE_MESSAGE:
        assert len(found) == 1, shown

    before = written_files(project)
    lines: list[str] = []
    status = pipeline.run(project, today=new.today, progress=lines.append)
    said = "\n".join(lines)
    assert status == 1, said
    assert_plain(said)
    for message in found:
        assert message in said, f"make validate said:\n{message}\nmake run said:\n{said}"
    assert written_files(project) == before, "make run wrote files although the data is wrong"


def test_build_checks_before_it_writes(project):
    new = ledger.add_next_year(project.data)
    expected = thousands_comma(project.data, new)
    before = written_files(project)
    command = ["build", str(project.data)]
    build = subprocess.run(
        [sys.executable, "-m", "helpers", *command],
        capture_output=True,
        text=True,
        env={**os.environ, "COUNTING_THE_FALLEN_TODAY": str(new.today)},
    )
    shown = build.stdout + build.stderr
    assert build.returncode == 1, shown
    assert_plain(shown)
    assert any(all(part in message for part in expected) for message in messages(build.stdout))
    assert written_files(project) == before, "build wrote files although the data is wrong"


def test_a_correct_new_year_not_yet_built_is_valid_with_a_note(project):
    """``make validate`` after a correct edit: exit 0, the data valid, ``make run`` to rebuild."""
    new = ledger.add_next_year(project.data)
    (free,) = ledger.next_claim_ids(project.data, 1)
    validate = run_validate(project.data, new.today)
    shown = validate.stdout + validate.stderr
    assert validate.returncode == 0, shown
    assert_plain(shown)
    assert "problem" not in shown, shown
    for part in (
        f"next free claim id: {free}",
        "the data is valid, and nothing needs correcting",
        "data/remains_handovers.csv is not yet rebuilt",
        "`make run`",
    ):
        assert part in validate.stdout, shown
