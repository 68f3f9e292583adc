"""Benchmarks of what a user waits for: ``make bench`` (or ``python benchmarks/bench.py``).

Three figures only: how long a lesson takes to start (its first cells: the imports and the
loaded, checked tables), ``make run`` and ``make test``. Not a test: it prints figures for a
person to read and never fails on a slow machine. Start-up is the median of several fresh
processes, set against the floor every notebook pays (importing pandas and matplotlib).
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPEATS = 5
#: What a lesson's first cells do: the import line and loading the tables.
LESSON_START = (
    "from helpers import analysis, charts, data, exercises, sources\n"
    "data.load_handovers(); data.load_claims(); data.load_estimates(); data.load_sources()"
)


def seconds(command: list[str], **options) -> float:
    """Return the wall time of running ``command`` once."""
    started = time.perf_counter()
    subprocess.run(command, check=False, capture_output=True, **options)
    return time.perf_counter() - started


def median_python_seconds(code: str) -> float:
    """Return the median time a fresh Python process takes to run ``code``."""
    return statistics.median(seconds([sys.executable, "-c", code]) for _ in range(REPEATS))


def row(label: str, value: float, note: str = "") -> None:
    """Print one figure."""
    print(f"  {label:<52} {value:7.2f} s  {note}")


def main() -> int:
    """Print lesson start-up, then ``make run`` and ``make test`` end to end."""
    from helpers.paths import ROOT

    print("A lesson's first cells (fresh process, median of 5):")
    empty = median_python_seconds("pass")
    floor = median_python_seconds("import pandas, matplotlib.pyplot") - empty
    start = median_python_seconds(LESSON_START) - empty
    row("the floor: import pandas, matplotlib.pyplot", floor)
    row("import the helpers and load the four tables", start, f"floor + {start - floor:.2f} s")

    print("\nWhole commands (setup of .venv not included):")
    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        for folder in ("data", "notebooks"):
            shutil.copytree(ROOT / folder, copy / folder)
        code = (
            "from pathlib import Path; from helpers.course import pipeline; "
            f"pipeline.run(pipeline.Project(Path({str(copy)!r})), force=True)"
        )
        row("make run, on a copy of the project", seconds([sys.executable, "-c", code]))
    row("make test", seconds([sys.executable, "-m", "helpers", "test"], cwd=ROOT))
    return 0


if __name__ == "__main__":
    sys.exit(main())
