"""Where the project's files are, so that no notebook types a relative path."""

from __future__ import annotations

import os
from pathlib import Path

#: The repository root (the package is installed in editable mode from ``src/``).
ROOT = Path(__file__).resolve().parents[2]


def data_dir() -> Path:
    """Return the data folder: ``$COUNTING_THE_FALLEN_DATA`` if set, else the repo's ``data/``."""
    override = os.environ.get("COUNTING_THE_FALLEN_DATA")
    return Path(override) if override else ROOT / "data"


def notebooks_dir() -> Path:
    """Return the folder that holds the lesson notebooks."""
    return ROOT / "notebooks"
