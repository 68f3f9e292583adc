"""The data as the tests see it: facts read from the files, and the edits an instructor makes.

Tests take their expected values from here, or from rows they add themselves; none is typed in.
So when next year's handover is added, every test still holds: "next year" is the latest year
in the data plus one, "the next ceremony" the latest ceremony plus one.

Line numbers are those a spreadsheet shows: the header is line 1, the first data row line 2.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import subprocess
from dataclasses import dataclass
from pathlib import Path

#: The first data row's line number in a spreadsheet (the header is line 1).
FIRST_DATA_LINE = 2
CLAIMS = Path("raw") / "claims.csv"
SOURCES = Path("sources.csv")
HANDOVERS = Path("remains_handovers.csv")


def git(repo: Path, *arguments: str) -> str:
    """Run git in ``repo``; return what it printed."""
    result = subprocess.run(
        ["git", *arguments], cwd=repo, check=True, capture_output=True, text=True
    )
    return result.stdout


def read_rows(path: Path) -> list[dict[str, str]]:
    """Return the rows of the CSV at ``path`` as dicts of strings."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def header(path: Path) -> list[str]:
    """Return the column names of the CSV at ``path``."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return next(csv.reader(handle))


def write_rows(path: Path, rows: list[dict[str, str]], fieldnames=None) -> None:
    """Write ``rows`` to ``path`` as CSV with a header and Unix line ends."""
    with path.open("w", encoding="utf-8", newline="") as handle:
        names = fieldnames or list(rows[0])
        writer = csv.DictWriter(handle, fieldnames=names, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def append_rows(path: Path, rows: list[dict[str, str]]) -> list[int]:
    """Append ``rows`` to the CSV at ``path`` as an editor would; return their line numbers."""
    names = header(path)
    count = len(read_rows(path))
    with path.open("a", encoding="utf-8", newline="") as handle:
        csv.DictWriter(handle, fieldnames=names, lineterminator="\n").writerows(rows)
    return [count + FIRST_DATA_LINE + offset for offset in range(len(rows))]


def line_of(path: Path, column: str, value: str) -> int:
    """Return the spreadsheet line of the first row of ``path`` whose ``column`` is ``value``."""
    rows = read_rows(path)
    return next(i for i, row in enumerate(rows) if row[column] == value) + FIRST_DATA_LINE


def set_cell(path: Path, match: dict[str, str], column: str, value: str) -> int:
    """Set ``column`` to ``value`` in the first row matching ``match``; return its line.

    Only that line is rewritten, as a spreadsheet or a text editor would leave the others.
    """
    rows = read_rows(path)
    index = next(i for i, row in enumerate(rows) if all(row[k] == v for k, v in match.items()))
    rows[index][column] = value
    text = io.StringIO()
    csv.DictWriter(text, fieldnames=header(path), lineterminator="").writerow(rows[index])
    replace_line(path, index + FIRST_DATA_LINE, text.getvalue())
    return index + FIRST_DATA_LINE


def replace_line(path: Path, line: int, new_text: str) -> str:
    """Replace the text of spreadsheet line ``line`` of ``path``; return the old text."""
    lines = path.read_text(encoding="utf-8").split("\n")
    old, lines[line - 1] = lines[line - 1], new_text
    path.write_text("\n".join(lines), encoding="utf-8")
    return old


def latest_handover(data: Path) -> dict[str, int]:
    """Return the latest year of the handover table: year, ceremony, remains and running total."""
    row = max(read_rows(data / HANDOVERS), key=lambda row: int(row["year"]))
    names = ("year", "ceremony", "remains_returned", "cumulative_returned")
    return {name: int(row[name]) for name in names}


def next_claim_ids(data: Path, count: int) -> list[str]:
    """Return the next ``count`` claim ids after the highest in the ledger (c168, c169...)."""
    ids = [row["claim_id"] for row in read_rows(data / CLAIMS)]
    width = max(len(claim_id) - 1 for claim_id in ids)
    last = max(int(claim_id[1:]) for claim_id in ids)
    return [f"c{last + step:0{width}d}" for step in range(1, count + 1)]


def total_claim_of(data: Path, year: int) -> dict[str, str]:
    """Return the used running-total claim for ``year``."""
    return next(
        row
        for row in read_rows(data / CLAIMS)
        if row["measure"] == "cumulative_returned"
        and row["status"] == "used"
        and row["refers_to"][:4] == str(year)
    )


@dataclass(frozen=True)
class Handover:
    """A made-up handover added to a copy of the data, with where each of its figures stands."""

    year: int
    ceremony: int
    date: str
    remains: int
    total: int
    previous_total: int
    source_id: str
    source_line: int
    remains_claim: str
    ceremony_claim: str
    total_claim: str
    lines: dict[str, int]  # claim id -> spreadsheet line in raw/claims.csv

    @property
    def today(self) -> dt.date:
        """Return a date limit that lets this made-up handover in: the end of its year."""
        return dt.date(self.year, 12, 31)

    def claim_line(self, claim_id: str) -> int:
        """Return the spreadsheet line of one of this handover's claims."""
        return self.lines[claim_id]


def _claim(claim_id, source_id, locator, stated, measure, value, refers_to) -> dict[str, str]:
    """Return one handover claim as data/README.md describes it: China, exact, used."""
    return {
        "claim_id": claim_id,
        "source_id": source_id,
        "locator": locator,
        "strand": "handovers",
        "party": "China",
        "estimator": "",
        "measure_as_stated": stated,
        "measure": measure,
        "value": str(value),
        "bound": "exact",
        "qualifier": "",
        "refers_to": str(refers_to),
        "as_of": "",
        "estimate_id": "",
        "status": "used",
        "status_reason": "",
        "notes": "",
    }


def add_next_year(
    data: Path, remains: int = 25, month_day: str = "09-18", years_later: int = 1
) -> Handover:
    """Add a made-up handover for the year after the latest, the way data/README.md says.

    One source in ``sources.csv`` and three claims in ``raw/claims.csv`` (remains returned,
    ceremony number, running total), numbered after the latest year, ceremony and claim id.
    ``month_day`` is its date in the year; ``years_later=2`` leaves a year without a handover.
    """
    latest = latest_handover(data)
    year, ceremony = latest["year"] + years_later, latest["ceremony"] + 1
    date = f"{year}-{month_day}"
    source_id = f"test-{date}"
    total = latest["cumulative_returned"] + remains
    (source_line,) = append_rows(
        data / SOURCES,
        [
            {
                "source_id": source_id,
                "publisher": "Test Agency",
                "title": "Made-up report for the tests",
                "date_published": date,
                "url": "",
                "kind": "news agency",
                "language": "en",
                "notes": "Made up for the tests.",
            }
        ],
    )
    remains_id, ceremony_id, total_id = next_claim_ids(data, 3)
    claims = [
        _claim(remains_id, source_id, "para 1", "remains", "remains_returned", remains, date),
        _claim(ceremony_id, source_id, "para 2", "ceremony", "ceremony_number", ceremony, year),
        _claim(total_id, source_id, "para 3", "in total", "cumulative_returned", total, year),
    ]
    lines = append_rows(data / CLAIMS, claims)
    return Handover(
        year=year,
        ceremony=ceremony,
        date=date,
        remains=remains,
        total=total,
        previous_total=latest["cumulative_returned"],
        source_id=source_id,
        source_line=source_line,
        remains_claim=remains_id,
        ceremony_claim=ceremony_id,
        total_claim=total_id,
        lines=dict(zip((remains_id, ceremony_id, total_id), lines, strict=True)),
    )


def correct_next_year(data: Path, handover: Handover, remains: int) -> Handover:
    """Correct the made-up year's figure (and its running total) in place; return it updated."""
    total = handover.previous_total + remains
    set_cell(data / CLAIMS, {"claim_id": handover.remains_claim}, "value", str(remains))
    set_cell(data / CLAIMS, {"claim_id": handover.total_claim}, "value", str(total))
    return Handover(**{**handover.__dict__, "remains": remains, "total": total})
