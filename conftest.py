"""Project-wide pytest hooks for the notebook tests (nbval).

- Stored PNG images are compared too: nbval skips image/png by default, so a changed chart
  would pass unnoticed; we take image/png off its skip list (the inline PNGs are byte-identical
  on re-execution with the pinned library versions and the house style's fixed metadata).
- When the notebooks folder is tested, every lesson must have been collected (the lessons are
  the notebooks the course tooling lists: one list, in one place).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.course.notebooks import lesson_paths
from helpers.paths import notebooks_dir


def pytest_collectstart(collector):
    """Make nbval compare the stored PNG images as well."""
    if type(collector).__name__ == "IPyNbFile":
        collector.skip_compare = tuple(key for key in collector.skip_compare if key != "image/png")


def pytest_collection_finish(session):
    """Fail the run if the notebooks folder was tested but a lesson was not collected."""
    notebooks = notebooks_dir().resolve()
    if not any(Path(arg).resolve() == notebooks for arg in session.config.args):
        return
    collected = {Path(str(item.path)).name for item in session.items}
    missing = [path.name for path in lesson_paths() if path.name not in collected]
    if missing:
        raise pytest.UsageError(f"lessons not collected by nbval: {', '.join(missing)}")
