"""What changed for class: each lesson's outputs and each exercise's answer, against a commit.

``python -m helpers changes --since REF`` (default: the last commit) compares each lesson's
stored outputs at ``REF`` with the working tree, and says per lesson, in plain words, which
printed lines and sentences changed (old → new), which table cells changed, which rows were
added or removed, which charts changed (picture or alt text: both are shown), and which
exercises' expected answers changed (computed from the data at ``REF`` and now). It prints a
short summary and can write the same report as one HTML page (``build/changes.html``).

Why not nbdime: nbdime diffs the notebook's JSON (outputs as whole MIME bundles, tables as
HTML text); an instructor needs the changed sentence, the changed table cell and the changed
answer, so the outputs are read here into lines, table cells and charts and compared as such.

Belongs here: reading outputs into those parts, comparing them, and writing the report. Does
not belong here: executing lessons (:mod:`.notebooks`) or what an answer is
(:mod:`helpers.exercises`).
"""

from __future__ import annotations

import difflib
import html
import json
import os
import re
import subprocess
import sys
import tarfile
import tempfile
from dataclasses import dataclass, field
from html.parser import HTMLParser
from io import BytesIO
from pathlib import Path

from helpers.datapackage.periods import TODAY_VARIABLE
from helpers.paths import DATA_VARIABLE

#: The most changes listed per lesson in the terminal (the HTML page lists them all).
SHOWN = 12


@dataclass(frozen=True)
class Chart:
    """One chart a cell showed: its PNG (base64) and its alt text."""

    png: str
    alt: str


@dataclass
class Outputs:
    """What one code cell showed: printed lines, tables (rows of cells) and charts."""

    lines: list[str] = field(default_factory=list)
    tables: list[list[list[str]]] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)


@dataclass(frozen=True)
class Change:
    """One change in a lesson, in words: where it is, and the old and new text (or chart)."""

    where: str
    old: str = ""
    new: str = ""
    old_chart: Chart | None = None
    new_chart: Chart | None = None

    def sentence(self) -> str:
        """Return the change as one line: "where: old → new", or added / removed."""
        if self.old_chart or self.new_chart:
            return f"{self.where}: the chart changed ({self.old or self.new})"
        if not self.old:
            return f"{self.where}: new: {self.new}"
        if not self.new:
            return f"{self.where}: gone: {self.old}"
        return f"{self.where}: {self.old} → {self.new}"


class _Tables(HTMLParser):
    """Collects the rows of every ``<table>`` in an HTML output, each row a list of cell texts."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[list[list[str]]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag) -> None:
        if tag in ("td", "th") and self._cell is not None and self.tables and self.tables[-1]:
            self.tables[-1][-1].append(" ".join("".join(self._cell).split()))
            self._cell = None

    def handle_data(self, data) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _text(value) -> str:
    return "".join(value) if isinstance(value, list) else (value or "")


def cell_outputs(cell: dict) -> Outputs:
    """Return what the code ``cell`` (a notebook cell as JSON) showed."""
    shown = Outputs()
    for output in cell.get("outputs", []):
        bundle = output.get("data", {})
        if output.get("output_type") == "stream":
            shown.lines += _text(output.get("text")).splitlines()
        elif "image/png" in bundle:
            alt = output.get("metadata", {}).get("image/png", {}).get("alt", "")
            shown.charts.append(Chart(_text(bundle["image/png"]).strip(), alt))
        elif "text/html" in bundle and "<table" in _text(bundle["text/html"]):
            parser = _Tables()
            parser.feed(_text(bundle["text/html"]))
            shown.tables += parser.tables
        elif "text/plain" in bundle:
            shown.lines += _text(bundle["text/plain"]).splitlines()
        elif output.get("output_type") == "error":
            shown.lines.append(f"an error: {output.get('ename')}: {output.get('evalue')}")
    shown.lines = [line for line in shown.lines if line.strip()]
    return shown


def code_cells(text: str) -> list[dict]:
    """Return the code cells of the notebook ``text`` ("" or not a notebook: none)."""
    try:
        cells = json.loads(text).get("cells", []) if text else []
    except (ValueError, AttributeError):
        return []
    code, heading = [], ""
    for number, cell in enumerate(cells, start=1):  # numbered as JupyterLab numbers them
        if cell.get("cell_type") == "markdown":
            headings = re.findall(r"^#+\s+(.+)$", _text(cell.get("source")), re.MULTILINE)
            heading = headings[-1].strip() if headings else heading
        elif cell.get("cell_type") == "code":
            code.append({**cell, "_where": _where(number, heading)})
    return code


def _where(number: int, heading: str) -> str:
    """Return how a cell is named to the instructor: its number over all cells, its heading."""
    return f'cell {number} (under "{heading}")' if heading else f"cell {number}"


def _spaced(line: str) -> str:
    """Return ``line`` with its runs of spaces made one: a wider column is not a change."""
    return " ".join(line.split())


def _line_changes(where: str, old: list[str], new: list[str]) -> list[Change]:
    """Return the printed lines that changed, old → new; a change of spacing alone is none."""
    changes = []
    matcher = difflib.SequenceMatcher(
        a=[_spaced(line) for line in old], b=[_spaced(line) for line in new], autojunk=False
    )
    for tag, a1, a2, b1, b2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        before, after = old[a1:a2], new[b1:b2]
        for number in range(max(len(before), len(after))):
            was = before[number] if number < len(before) else ""
            now = after[number] if number < len(after) else ""
            if _spaced(was) != _spaced(now):
                changes.append(Change(where, was, now))
    return changes


def _row_name(row: list[str], header: list[str]) -> str:
    """Return how to name a table row: its first cell that says something, not its number."""
    numbered = bool(row) and not (header[:1] or [""])[0] and row[0].isdigit()
    named = [cell for cell in row[int(numbered) :] if cell]
    return named[0] if named else "(blank)"


def _table_changes(where: str, old: list[list[str]], new: list[list[str]]) -> list[Change]:
    header = new[0] if new else old[0]
    changes = []
    if old and new and old[0] != new[0]:
        changes.append(Change(f"{where}, columns", " | ".join(old[0]), " | ".join(new[0])))
    before = {tuple(row[:1]): row for row in old[1:]}
    after = {tuple(row[:1]): row for row in new[1:]}
    for key, row in after.items():
        if key not in before:
            changes.append(Change(f"{where}, a row", "", " | ".join(row)))
            continue
        for column, (was, now) in enumerate(zip(before[key], row, strict=False)):
            if was != now:
                name = header[column] if column < len(header) and header[column] else "value"
                changes.append(Change(f"{where}, row {_row_name(row, header)}, {name}", was, now))
    for key, row in before.items():
        if key not in after:
            changes.append(Change(f"{where}, a row", " | ".join(row), ""))
    return changes


def _chart_changes(where: str, old: list[Chart], new: list[Chart]) -> list[Change]:
    changes = []
    for number in range(max(len(old), len(new))):
        was = old[number] if number < len(old) else None
        now = new[number] if number < len(new) else None
        if was == now:
            continue
        label = f"{where}, chart {number + 1}"
        what = (
            "a new chart"
            if was is None
            else "chart removed"
            if now is None
            else "picture and description"
            if was.png != now.png and was.alt != now.alt
            else "picture"
            if was.png != now.png
            else "description"
        )
        changes.append(Change(label, what, "", was, now))
    return changes


def _pairs(old: list[dict], new: list[dict]) -> list[tuple[int, dict | None, dict | None]]:
    """Pair the code cells of two versions of a lesson: same position, or by their source."""
    if len(old) == len(new):
        return [(n, a, b) for n, (a, b) in enumerate(zip(old, new, strict=True), start=1)]
    sources = difflib.SequenceMatcher(
        a=[_text(cell.get("source")) for cell in old],
        b=[_text(cell.get("source")) for cell in new],
        autojunk=False,
    )
    pairs: list[tuple[int, dict | None, dict | None]] = []
    for tag, a1, a2, b1, b2 in sources.get_opcodes():
        if tag == "equal" or (a2 - a1) == (b2 - b1):
            pairs += [(b1 + k + 1, old[a1 + k], new[b1 + k]) for k in range(a2 - a1)]
        else:
            pairs += [(b1 + 1, cell, None) for cell in old[a1:a2]]
            pairs += [(b1 + k + 1, None, cell) for k, cell in enumerate(new[b1:b2])]
    return pairs


def lesson_changes(old_text: str, new_text: str) -> list[Change]:
    """Return every change in what the lesson shows, from notebook ``old_text`` to ``new_text``."""
    changes = []
    for _number, old, new in _pairs(code_cells(old_text), code_cells(new_text)):
        before = cell_outputs(old) if old else Outputs()
        after = cell_outputs(new) if new else Outputs()
        where = (new or old)["_where"]
        changes += _line_changes(where, before.lines, after.lines)
        for table in range(max(len(before.tables), len(after.tables))):
            was = before.tables[table] if table < len(before.tables) else []
            now = after.tables[table] if table < len(after.tables) else []
            if was != now:
                changes += _table_changes(f"{where}, table", was, now)
        changes += _chart_changes(where, before.charts, after.charts)
    return changes


# Exercise answers ------------------------------------------------------------------------------

#: Run in a fresh Python: print every exercise's expected answer as JSON, by id.
_ANSWERS = """
import json
from helpers import exercises

def words(value):
    if isinstance(value, tuple):
        return " and ".join(words(part) for part in value)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)

answers = {}
for number, exercise in exercises.EXERCISES.items():
    try:
        answers[number] = words(exercise.expected())
    except Exception as error:
        answers[number] = f"(could not be computed: {type(error).__name__}: {error})"
print(json.dumps(answers))
"""


def _start_answers(data: Path, code: Path | None, today: str) -> subprocess.Popen:
    """Start a fresh Python computing every expected answer (see :func:`expected_answers`)."""
    environment = {**os.environ, DATA_VARIABLE: str(data)}
    if today:
        environment[TODAY_VARIABLE] = today
    if code:
        environment["PYTHONPATH"] = str(code)
    return subprocess.Popen(
        [sys.executable, "-c", _ANSWERS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=environment,
    )


def _finish_answers(process: subprocess.Popen) -> dict[str, str]:
    """Return the answers ``process`` printed; raise RuntimeError (its last line) if it failed."""
    out, err = process.communicate()
    if process.returncode != 0:
        raise RuntimeError((err.strip().splitlines() or ["no message"])[-1])
    return json.loads(out)


def expected_answers(data: Path, code: Path | None = None, today: str = "") -> dict[str, str]:
    """Return each exercise's expected answer in words, computed from the data in ``data``.

    ``code`` is a folder holding the ``helpers`` package to compute with (default: this one).
    Raises RuntimeError with Python's last line when the answers cannot be computed.
    """
    return _finish_answers(_start_answers(data, code, today))


def _git(root: Path, *arguments: str, text: bool = True):
    return subprocess.run(["git", *arguments], cwd=root, capture_output=True, text=text)


def _unpack(root: Path, ref: str, folder: str, into: Path) -> bool:
    """Unpack ``folder`` of the commit ``ref`` into ``into``; return False if it has none."""
    archive = _git(root, "archive", "--format=tar", ref, "--", folder, text=False)
    if archive.returncode != 0:
        return False
    with tarfile.open(fileobj=BytesIO(archive.stdout)) as tar:
        tar.extractall(into, filter="data")
    return True


def answer_changes(root: Path, ref: str, today: str = "") -> list[Change]:
    """Return each exercise whose expected answer at ``ref`` differs from the answer now.

    The answers at ``ref`` are computed from the data and the code at ``ref`` (from today's
    code when ``ref`` has no ``src/`` or no exercises). Nothing is computed when neither the
    data nor the exercises changed since ``ref``.
    """
    quiet = _git(root, "diff", "--quiet", ref, "--", "data", "src/helpers/exercises")
    if quiet.returncode == 0:
        return []
    with tempfile.TemporaryDirectory(prefix="answers-") as scratch:
        then = Path(scratch)
        if not _unpack(root, ref, "data", then):
            return [Change("exercises", f"the data at {ref} could not be read")]
        code = then / "src" if _unpack(root, ref, "src", then) else None
        computing = [_start_answers(root / "data", None, today)]  # both at once
        computing.append(_start_answers(then / "data", code, today))
        try:
            now = _finish_answers(computing[0])
            try:
                before = _finish_answers(computing[1])
            except RuntimeError:  # the code at ``ref`` cannot: today's code, the data at ref
                before = expected_answers(then / "data", None, today)
        except RuntimeError as error:
            return [Change("exercises", f"the answers could not be computed: {error}")]
    return [
        Change(f"exercise {number}", before.get(number, ""), now.get(number, ""))
        for number in sorted(set(before) | set(now))
        if before.get(number) != now.get(number)
    ]


# The report --------------------------------------------------------------------------------------


@dataclass
class Report:
    """The changes since ``ref``: per lesson (by its path), and for the exercises."""

    ref: str
    lessons: dict[str, list[Change]]
    answers: list[Change]

    def __bool__(self) -> bool:
        return bool(self.answers or any(self.lessons.values()))

    def summary(self) -> str:
        """Return the terminal text: one line when nothing changed, else a few per lesson."""
        if not self:
            return f"Nothing changed for class since {self.ref}: no output, chart or answer moved."
        lines = [f"What changed for class since {self.ref}:"]
        for lesson, changes in self.lessons.items():
            if not changes:
                continue
            charts = sum(bool(change.old_chart or change.new_chart) for change in changes)
            lines.append(
                f"  {lesson}: {len(changes) - charts} printed values or sentences, {charts} charts"
            )
            lines += [f"    {change.sentence()}" for change in changes[:SHOWN]]
            if len(changes) > SHOWN:
                lines.append(f"    ... and {len(changes) - SHOWN} more (see build/changes.html)")
        if self.answers:
            lines.append(f"  exercise answers that changed (fix the key): {len(self.answers)}")
            lines += [f"    {change.sentence()}" for change in self.answers]
        return "\n".join(lines)

    def html(self) -> str:
        """Return the report as one HTML page, charts shown old beside new."""
        escape = html.escape
        parts = [
            "<!doctype html>",
            '<html lang="en"><head><meta charset="utf-8">',
            f"<title>What changed for class since {escape(self.ref)}</title>",
            "<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em}"
            "del{color:#a00}ins{color:#060;text-decoration:none;font-weight:bold}"
            ".charts{display:flex;gap:1em}.charts figure{flex:1;margin:0}"
            ".charts img{max-width:100%;border:1px solid #ccc}</style></head><body>",
            f"<h1>What changed for class since {escape(self.ref)}</h1>",
        ]
        if not self:
            parts.append("<p>Nothing changed: every output and every answer is the same.</p>")
        for lesson, changes in self.lessons.items():
            if changes:
                parts.append(f"<h2>{escape(lesson)}</h2><ul>")
                parts += [_html_change(change) for change in changes]
                parts.append("</ul>")
        if self.answers:
            parts.append("<h2>Exercise answers (correct the answer key)</h2><ul>")
            parts += [_html_change(change) for change in self.answers]
            parts.append("</ul>")
        parts.append("</body></html>")
        return "\n".join(parts) + "\n"


def _figure(label: str, chart: Chart | None) -> str:
    if chart is None:
        return f"<figure><figcaption>{label}: none</figcaption></figure>"
    alt = html.escape(chart.alt, quote=True)
    return (
        f'<figure><img src="data:image/png;base64,{chart.png}" alt="{alt}">'
        f"<figcaption><b>{label}</b>, alt text: {html.escape(chart.alt)}</figcaption></figure>"
    )


def _html_change(change: Change) -> str:
    escape = html.escape
    if change.old_chart or change.new_chart:
        return (
            f"<li>{escape(change.where)}: {escape(change.old)}"
            f'<div class="charts">{_figure("Before", change.old_chart)}'
            f"{_figure('Now', change.new_chart)}</div></li>"
        )
    old = f"<del>{escape(change.old)}</del>" if change.old else "(new)"
    new = f"<ins>{escape(change.new)}</ins>" if change.new else "(gone)"
    return f"<li>{escape(change.where)}: {old} → {new}</li>"


def compare(root: Path, ref: str = "HEAD", today: str = "") -> Report:
    """Return the changes of every lesson under ``root/notebooks`` and every answer since ``ref``.

    Raises ValueError when git does not know ``ref``.
    """
    if _git(root, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}").returncode != 0:
        raise ValueError(f"git knows no commit or tag called {ref!r}")
    listed = _git(root, "ls-tree", "-r", "--name-only", ref, "--", "notebooks").stdout.split()
    names = sorted(
        {name for name in listed if name.endswith(".ipynb")}
        | {path.relative_to(root).as_posix() for path in (root / "notebooks").rglob("*.ipynb")}
    )
    lessons = {}
    for name in names:
        old = _git(root, "show", f"{ref}:{name}").stdout if name in listed else ""
        path = root / name
        new = path.read_text(encoding="utf-8") if path.is_file() else ""
        lessons[name] = lesson_changes(old, new) if old != new else []
    return Report(ref, lessons, answer_changes(root, ref, today))


def write_html(report: Report, path: Path) -> Path:
    """Write ``report`` as HTML to ``path``; return the path."""
    from helpers.datapackage.files import write_atomically

    return write_atomically(path, report.html())
