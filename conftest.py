"""Project-wide pytest hooks for the notebook tests (nbval).

- Stored PNG images are compared too: nbval skips image/png by default, so a changed chart
  would pass unnoticed; we take image/png off its skip list (the inline PNGs are byte-identical
  on re-execution with the pinned library versions and the house style's fixed metadata).
- When the notebooks folder is tested, every lesson must have been collected.
"""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent
LESSONS = (
    "00_start_here.ipynb",
    "01_remains_handovers.ipynb",
    "02_korean_war_death_tolls.ipynb",
    "03_north_korean_losses_in_russia.ipynb",
    "04_checking_the_sources.ipynb",
)


def pytest_collectstart(collector):
    """Make nbval compare the stored PNG images as well."""
    if type(collector).__name__ == "IPyNbFile":
        collector.skip_compare = tuple(key for key in collector.skip_compare if key != "image/png")


def pytest_collection_finish(session):
    """Fail the run if the notebooks folder was tested but a lesson was not collected."""
    notebooks = ROOT / "notebooks"
    if not any(Path(arg).resolve() == notebooks for arg in session.config.args):
        return
    collected = {Path(str(item.path)).name for item in session.items}
    missing = [lesson for lesson in LESSONS if lesson not in collected]
    if missing:
        raise pytest.UsageError(f"lessons not collected by nbval: {', '.join(missing)}")
