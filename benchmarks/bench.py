"""Benchmarks of what a user waits for: ``make bench`` (or ``python benchmarks/bench.py``).

Not a test: it prints figures for a person to read and never fails on a slow machine.

1. A lesson's start-up (its first cells: the imports and the loaded, checked tables), the
   median of several fresh processes, set against the floor every notebook pays (importing
   pandas and matplotlib).
2. ``make run`` as a user feels it (``python -m helpers run`` in a committed copy of the
   project, Python's start included): a full run (``--fresh``), a re-run with nothing changed,
   a re-run after one lesson's text was edited and committed, and a re-run after a data file
   changed; then ``make test``. Each is given as min and max of several runs, and as a ratio
   to stock ``jupyter nbconvert --to notebook --execute`` of the same ten notebooks, one after
   the other, in the project's own environment (``.venv``; building a separate "default
   Jupyter stack" environment would take longer than the benchmark). The targets of issue 20
   are printed beside the ratios to a full run: nothing changed at most 0.15, one lesson
   edited at most 0.5.

``--repeats N`` (default 3) sets how many runs each figure takes; ``--test-repeats N``
(default 1, 0 to leave ``make test`` out) for ``make test``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
#: What a lesson's first cells do: the import line and loading the tables.
LESSON_START = (
    "from helpers import analysis, charts, data, exercises, sources\n"
    "data.load_handovers(); data.load_claims(); data.load_estimates(); data.load_sources()"
)
#: The lesson edited in "one lesson edited".
EDITED = "01_remains_handovers"
#: Issue 20's targets: a re-run's time as a share of a full run's.
TARGETS = {"nothing changed": 0.15, "one lesson edited": 0.5}


def seconds(command: list[str], **options) -> float:
    """Return the wall time of running ``command`` once; raise if it fails."""
    started = time.perf_counter()
    result = subprocess.run(command, check=False, capture_output=True, text=True, **options)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{command} failed:\n{result.stdout[-2000:]}\n{result.stderr[-2000:]}")
    return elapsed


def median_python_seconds(code: str, repeats: int = 5) -> float:
    """Return the median time a fresh Python process takes to run ``code``."""
    return statistics.median(seconds([sys.executable, "-c", code]) for _ in range(repeats))


def git(folder: Path, *arguments: str) -> None:
    """Run git in ``folder``, quietly; raise if it fails."""
    subprocess.run(["git", *arguments], cwd=folder, check=True, capture_output=True)


def committed_copy(scratch: Path) -> Path:
    """Return a copy of the project's data and lessons in ``scratch``, as a git checkout."""
    copy = scratch / "project"
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, copy / folder)
    for name in (".gitignore", "uv.lock"):
        shutil.copy(ROOT / name, copy / name)
    git(copy, "init", "-q")
    git(copy, "config", "user.email", "bench@example.org")
    git(copy, "config", "user.name", "Bench")
    git(copy, "add", ".")
    git(copy, "commit", "-q", "-m", "copy")
    return copy


def edit_lesson(copy: Path, number: int) -> None:
    """Add a word to the first text cell of the edited lesson, and commit."""
    path = copy / "notebooks" / f"{EDITED}.ipynb"
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = next(cell for cell in notebook["cells"] if cell["cell_type"] == "markdown")
    source = "".join(cell["source"])
    cell["source"] = f"{source} Edit {number}."
    path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    git(copy, "commit", "-qam", f"edit {number}")


def change_data(copy: Path, number: int) -> None:
    """Add a line to the data package's change log (a file of the data package), and commit."""
    with (copy / "data" / "CHANGELOG.md").open("a", encoding="utf-8") as log:
        log.write(f"\n- Benchmark note {number}.\n")
    git(copy, "commit", "-qam", f"data {number}")


def timed_runs(command, repeats: int, before=None, **options) -> list[float]:
    """Return the wall times of ``repeats`` runs of ``command``, calling ``before(n)`` first."""
    times = []
    for number in range(repeats):
        if before:
            before(number)
        times.append(seconds(command, **options))
    return times


def row(label: str, times: list[float], stock: float, full: float | None = None) -> None:
    """Print one case: min and max, the ratio to stock nbconvert, and to a full run."""
    low, high = min(times), max(times)
    text = f"  {label:<20} {low:7.2f} - {high:7.2f} s   x stock {low / stock:4.2f} - "
    text += f"{high / stock:4.2f}"
    if full:
        share = statistics.median(times) / full
        target = TARGETS.get(label)
        text += f"   of a full run {share:5.2f}"
        text += (
            f" (target ≤ {target}: {'met' if share <= target else 'NOT met'})" if target else ""
        )
    print(text, flush=True)


def main(argv: list[str] | None = None) -> int:
    """Print lesson start-up, then the run cases and ``make test`` beside stock nbconvert."""
    options = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    options.add_argument("--repeats", type=int, default=3)
    options.add_argument("--test-repeats", type=int, default=1)
    arguments = options.parse_args(argv)
    repeats = max(1, arguments.repeats)

    print("A lesson's first cells (fresh process, median of 5):")
    empty = median_python_seconds("pass")
    floor = median_python_seconds("import pandas, matplotlib.pyplot") - empty
    start = median_python_seconds(LESSON_START) - empty
    print(f"  the floor: import pandas, matplotlib.pyplot      {floor:6.2f} s")
    print(f"  import the helpers and load the four tables      {start:6.2f} s", end=" ")
    print(f"(floor + {start - floor:.2f} s)")

    print(f"\nWall times, min - max of {repeats} runs; x stock: the ratio to stock nbconvert.")
    print("Timings on a shared machine are noisy: compare the ratios of one session.")
    jupyter = Path(sys.executable).with_name("jupyter")
    with tempfile.TemporaryDirectory() as scratch:
        copy = committed_copy(Path(scratch))
        notebooks = sorted((copy / "notebooks").glob("*.ipynb"))
        notebooks += sorted((copy / "notebooks" / "solutions").glob("*.ipynb"))
        out = Path(scratch) / "nbconvert"
        nbconvert = [jupyter, "nbconvert", "--to", "notebook", "--execute", "--output-dir", out]
        stock_times = []
        for _ in range(repeats):  # each notebook executed where it lives, as a user would
            started = time.perf_counter()
            for path in notebooks:
                seconds([*nbconvert, path], cwd=path.parent)
            stock_times.append(time.perf_counter() - started)
        stock = statistics.median(stock_times)
        row("stock nbconvert", stock_times, stock)

        run = [sys.executable, "-m", "helpers", "run"]
        full_times = timed_runs([*run, "--fresh"], repeats, cwd=copy)
        full = statistics.median(full_times)
        row("full run (--fresh)", full_times, stock, full)
        row("nothing changed", timed_runs(run, repeats, cwd=copy), stock, full)
        edited = timed_runs(run, repeats, lambda n: edit_lesson(copy, n), cwd=copy)
        row("one lesson edited", edited, stock, full)
        changed = timed_runs(run, repeats, lambda n: change_data(copy, n), cwd=copy)
        row("data changed", changed, stock, full)

    if arguments.test_repeats > 0:
        test = [sys.executable, "-m", "helpers", "test"]
        row("make test", timed_runs(test, arguments.test_repeats, cwd=ROOT), stock)
    return 0


if __name__ == "__main__":
    sys.exit(main())
