"""Reading and writing the package's CSV files as plain text, exactly as a spreadsheet saves them.

Belongs here: how a CSV of the package is read (every cell a string, empty cells ``''``, each
row with the line a spreadsheet shows) and written (LF line ends, no index, through a temporary
file renamed into place, so a reader or an interrupt sees the old file or the new one, never
half of one); a file saved by Excel (byte-order mark, Windows line ends) put back in that
form. Does not belong here: types and checks (see :mod:`.validate`).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

#: The first data row's line number in a spreadsheet (the header is line 1).
FIRST_DATA_LINE = 2


@dataclass(frozen=True)
class Rows:
    """A CSV file as text: its header and its rows, each with the line a spreadsheet shows."""

    header: list[str]
    rows: list[tuple[int, list[str]]]


class Unreadable(ValueError):
    """The file cannot be read as CSV text; ``line`` (if known) and the message say why."""

    def __init__(self, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.line = line


def read_rows(path: Path) -> Rows:
    """Return the header and rows of the CSV at ``path``; Excel's BOM and CRLF are fine.

    Blank lines are skipped but counted, so every row keeps its spreadsheet line. Raises
    :class:`Unreadable` for a file that is not UTF-8 text, is empty, is not CSV, or is
    separated by semicolons or tabs (as a spreadsheet set to another region saves it).
    """
    data = path.read_bytes()
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise Unreadable(
            "saved as Unicode text (UTF-16), which a spreadsheet separates with tabs; "
            f"{SAVE_AS_CSV}",
            1,
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise Unreadable(f"text that is not UTF-8; {SAVE_AS_CSV}", line) from error
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        records = [(number, record) for number, record in enumerate(reader, start=1)]
    except csv.Error as error:
        raise Unreadable(
            "not readable as CSV: a character that does not belong in text, or a very long "
            "value (a quote mark that is never closed swallows the lines after it)",
            reader.line_num,
        ) from error
    if not records:
        raise Unreadable("the file is empty; it needs a header line and data rows")
    (_, header), *rows = records
    separator = other_separator(header)
    if separator:
        raise Unreadable(
            f"the values are separated by {separator}, not commas ({SEPARATOR_WHY[separator]}); "
            f"{SAVE_AGAIN[separator]}",
            1,
        )
    return Rows(header, [(number, record) for number, record in rows if record])


#: Where data/README.md says how to save from each spreadsheet.
README_SECTION = '"Saving from a spreadsheet" in data/README.md'
#: How to save a file again so that it can be read.
SAVE_AS_CSV = (
    "save it again as CSV with commas, in UTF-8, from Excel, LibreOffice Calc or Google Sheets: "
    f"see {README_SECTION}"
)
#: How to save again a file found with each other separator.
SAVE_AGAIN = {
    "semicolons": "save it again with commas: in Excel, first set the list separator to a "
    "comma in the computer's region settings (on Windows: Control Panel, Region, Additional "
    "settings, List separator), as Excel writes semicolons there even for the file type "
    '"CSV UTF-8 (Comma delimited)"; or save it from LibreOffice Calc or Google Sheets, which '
    f"write commas whatever the region: see {README_SECTION}",
    "tabs": f'{SAVE_AS_CSV} (in Excel, the file type "CSV UTF-8 (Comma delimited)")',
}
#: Separators a spreadsheet may save instead of commas, with their names in words.
OTHER_SEPARATORS = {";": "semicolons", "\t": "tabs"}
#: How a file comes to be saved with each of them.
SEPARATOR_WHY = {
    "semicolons": "Excel saves CSV that way where the computer's region writes decimals with "
    "a comma, as most of Europe does",
    "tabs": 'a spreadsheet saves "Text (Tab delimited)" or "Unicode Text" that way',
}


def other_separator(header: list[str]) -> str:
    """Return "semicolons" or "tabs" when a header read with commas is one cell split by them.

    Returns '' for a header separated by commas.
    """
    if len(header) != 1:
        return ""
    counts = {name: header[0].count(mark) for mark, name in OTHER_SEPARATORS.items()}
    name, count = max(counts.items(), key=lambda item: item[1])
    return name if count else ""


def how_saved(path: Path) -> str:
    """Return how the file at ``path`` differs from how the package stores CSVs, in words.

    Returns "Windows line ends and a byte-order mark", "Windows line ends" or "a byte-order
    mark" (as Excel's "CSV UTF-8" saves), or '' for UTF-8 with Unix line ends and no mark. The
    checks read such a file as it is; git would show every line of it as changed.
    """
    data = path.read_bytes()
    marks = []
    if b"\r\n" in data:
        marks.append("Windows line ends")
    if data.startswith(BOM):
        marks.append("a byte-order mark")
    return " and ".join(marks)


#: The byte-order mark Excel puts at the start of a "CSV UTF-8" file.
BOM = b"\xef\xbb\xbf"


def to_stored_form(path: Path) -> bool:
    """Rewrite the file at ``path`` with Unix line ends and no byte-order mark.

    Returns True if it had either (and was rewritten), else False. Nothing else in it
    changes, so git shows only the lines that were edited.
    """
    data = path.read_bytes()
    stored = data.removeprefix(BOM).replace(b"\r\n", b"\n")
    if stored == data:
        return False
    write_atomically(path, stored)
    return True


def as_frame(rows: Rows) -> pd.DataFrame:
    """Return ``rows`` as a DataFrame of strings indexed by spreadsheet line minus 2.

    Rows with too few fields are padded with ``''`` and extra fields dropped (the validator
    reports both before anything relies on them).
    """
    width = len(rows.header)
    body = [(record + [""] * width)[:width] for _, record in rows.rows]
    index = [line - FIRST_DATA_LINE for line, _ in rows.rows]
    return pd.DataFrame(body, columns=rows.header, index=index, dtype=object).astype(str)


def read_raw(path: Path) -> pd.DataFrame:
    """Return the CSV at ``path`` as strings, empty cells as ''; Excel's BOM and CRLF are fine."""
    return as_frame(read_rows(path))


def csv_text(frame: pd.DataFrame) -> str:
    """Return ``frame`` as the package stores CSVs: no index, LF line ends."""
    return frame.to_csv(index=False, lineterminator="\n")


def write_raw(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as the package stores CSVs, through a temporary file."""
    write_atomically(path, csv_text(frame))


def write_atomically(path: Path, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file renamed into place; return path.

    A reader, a crash or Ctrl-C sees the old file or the new one, never half of one. Text is
    written as UTF-8 exactly as given (no newline translation); the file keeps its permissions.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, path.stat().st_mode & 0o777 if path.exists() else 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def replace_folder(staged: Path, target: Path) -> Path:
    """Put the folder ``staged`` in place of ``target`` by renames; return ``target``.

    Until the last rename ``target`` holds its old files; the old folder is then deleted.
    """
    old = target.with_name(f".{target.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)
    return target
