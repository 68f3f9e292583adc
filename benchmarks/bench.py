"""Speed and memory benchmarks: ``make bench`` (or ``python benchmarks/bench.py``).

Not a test: it prints figures side by side for a person to read, and never fails on a slow
machine. Each timing is the median of several runs; imports are timed in fresh processes.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd

REPEATS = 5


def median_seconds(action, repeats: int = REPEATS) -> float:
    """Return the median wall time of ``action()`` over ``repeats`` runs."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def import_seconds(statement: str) -> float:
    """Return the median time a fresh Python process takes to run ``statement``, minus startup."""

    def run(code: str) -> None:
        subprocess.run([sys.executable, "-c", code], check=True)

    baseline = median_seconds(lambda: run("pass"))
    return median_seconds(lambda: run(statement)) - baseline


def synthetic_estimates(rows: int) -> pd.DataFrame:
    """Return a valid casualty_estimates table of ``rows`` rows, as the CSV reader gives it."""
    rng = np.random.default_rng(0)
    low = rng.integers(0, 100_000, rows)
    best = low + rng.integers(0, 50_000, rows)
    high = best + rng.integers(0, 50_000, rows)
    text = lambda values: pd.Series(values).astype(str)  # noqa: E731
    return pd.DataFrame(
        {
            "estimate_id": "e-" + text(np.arange(rows)),
            "conflict": "Korean War",
            "party": "China",
            "measure": "dead",
            "low": text(low),
            "best": text(best),
            "high": text(high),
            "qualifier": "",
            "estimator": "Synthetic",
            "as_of": "2020-01-01",
            "refers_to": "1950-1953",
            "source_ids": "presstv-2022-09-16;afp-2018-03-26",
            "claim_ids": "c001;c002",
            "notes": "",
        }
    )


def row(label: str, seconds: float, reference: str = "") -> None:
    print(f"  {label:<56} {seconds * 1000:9.1f} ms  {reference}")


def main() -> int:
    from helpers import charts, data
    from helpers.paths import data_dir
    from helpers.schema import resources
    from helpers.validate import (
        check_estimate_bounds,
        check_references,
        check_table,
        validate_package,
    )

    print("Imports (fresh process each, startup subtracted):")
    floor = import_seconds("import pandas, matplotlib.pyplot")
    row("import pandas, matplotlib.pyplot", floor, "(the floor)")
    row("import helpers", import_seconds("import helpers"))
    ours = import_seconds("from helpers import analysis, charts, data")
    row(
        "from helpers import analysis, charts, data",
        ours,
        f"floor + {(ours - floor) * 1000:.0f} ms",
    )

    print("\nLoad and validate (the whole package is checked once, then cached):")
    folder = data_dir()
    row(
        "validate_package (all tables, cross-checks, build)",
        median_seconds(lambda: validate_package(folder)),
    )
    for name in resources(folder):

        def cold(name=name):
            data._validated.cache_clear()
            data.load_table(name)

        row(f"load_table({name!r}) from cold", median_seconds(cold))
    row("load_handovers() when cached", median_seconds(data.load_handovers))

    print("\nOne chart (yearly handovers, drawn and rendered to PNG):")
    handovers = data.load_handovers()

    def draw():
        ax = charts.plot_yearly_handovers(handovers)
        ax.figure.savefig(io.BytesIO(), format="png")
        charts.plt.close(ax.figure)

    row("plot_yearly_handovers + PNG", median_seconds(draw))

    print("\nValidating a synthetic casualty_estimates table of 1,000,000 rows:")
    table = synthetic_estimates(1_000_000)
    resource = resources(folder)["casualty_estimates"]
    known_sources = data.load_sources()["source_id"]
    known_claims = data.load_claims()["claim_id"]

    def check():
        typed, problems = check_table("synthetic.csv", resource, table, dt.date.today())
        problems += check_estimate_bounds("synthetic.csv", typed)
        problems += check_references(
            "synthetic.csv", "source_ids", typed["source_ids"], known_sources, "sources"
        )
        problems += check_references(
            "synthetic.csv", "claim_ids", typed["claim_ids"], known_claims, "claims"
        )
        assert not problems, problems[:3]

    seconds = median_seconds(check, repeats=3)
    tracemalloc.start()
    check()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    row("schema, bounds and reference checks", seconds, "target: within 1-2 s")
    print(f"  {'peak memory of one check (tracemalloc)':<52} {peak / 2**20:9.0f} MiB")
    lessons_and_whole_runs()
    return 0


def floor_notebooks(folder: Path, count: int) -> list[Path]:
    """Write ``count`` notebooks that only import pandas and matplotlib; return their paths."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        notebook = new_notebook(cells=[new_code_cell("import pandas, matplotlib.pyplot")])
        path = folder / f"floor_{number:02d}.ipynb"
        nbformat.write(notebook, path)
        paths.append(path)
    return paths


def lessons_and_whole_runs() -> None:
    """Print lesson execution against the floor, charts drawn, make run and make test."""
    from helpers import notebooks, pipeline
    from helpers.paths import ROOT

    with tempfile.TemporaryDirectory() as scratch:
        copy = Path(scratch) / "project"
        for folder in ("data", "notebooks"):
            shutil.copytree(ROOT / folder, copy / folder)
        lessons = notebooks.notebook_paths(copy / "notebooks")
        floor = floor_notebooks(Path(scratch) / "floor", len(lessons))
        charts = sum(text.count("charts.show(") for text in (p.read_text() for p in lessons))

        print(f"\nExecuting notebooks ({len(lessons)} lessons and solutions, {charts} charts):")
        results = {}
        for workers in (1, 2):
            results[("floor", workers)] = median_seconds(
                lambda w=workers: notebooks.execute_all(floor, workers=w), 3
            )
            results[("lessons", workers)] = median_seconds(
                lambda w=workers: notebooks.execute_all(lessons, workers=w), 3
            )
            budget = results[("floor", workers)] + 0.25 * charts
            row(
                f"floor: {len(floor)} notebooks that only import ({workers} at a time)",
                results[("floor", workers)],
            )
            verdict = "within" if results[("lessons", workers)] <= budget else "OVER"
            row(
                f"the lessons ({workers} at a time)",
                results[("lessons", workers)],
                f"{verdict} floor + 0.25 s x {charts} charts = {budget:.1f} s",
            )

        print("\nWhole commands (on a copy of the project; setup of .venv not included):")
        started = time.perf_counter()
        status = pipeline.run(pipeline.Project(copy), force=True, say=lambda line: None)
        row(
            "make run, end to end (python -m helpers run)",
            time.perf_counter() - started,
            f"exit {status}",
        )
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "helpers", "test"], capture_output=True, text=True
    )
    tail = result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""
    row("make test (python -m helpers test)", time.perf_counter() - started, tail.strip("= "))


if __name__ == "__main__":
    sys.exit(main())
