"""Reading and writing the package's CSV files as plain text, exactly as a spreadsheet saves them.

Belongs here: how a CSV of the package is read (every cell a string, empty cells ``''``) and
written (LF line ends, no index). Does not belong here: types and checks (see :mod:`.validate`).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd


def read_raw(path: Path) -> pd.DataFrame:
    """Return the CSV at ``path`` as strings, empty cells as ''; Excel's BOM and CRLF are fine."""
    return pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")


def write_raw(frame: pd.DataFrame, path: Path) -> None:
    """Write ``frame`` to ``path`` as the package stores CSVs: no index, LF line ends."""
    frame.to_csv(path, index=False, lineterminator="\n")
