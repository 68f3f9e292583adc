"""A rehearsal of next year's update, on a temporary copy of the project.

An instructor adds a made-up next year exactly as README.md and data/README.md say (one source,
three claims), commits, runs ``make run``, corrects the figure and runs again without
committing: the second run must not refuse over the first run's own outputs. Then the tests
that depend on the data (the validator's, the exercises', and every notebook's stored outputs)
pass on the updated copy.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import ledger
from ledger import git

from helpers.course import pipeline
from helpers.paths import ROOT

#: The tests that read the data, run on the copy as ``make test`` would run them.
DATA_TESTS = ["tests/test_validate.py", "tests/test_exercises.py", "notebooks"]
PYTEST_OPTIONS = ["-p", "no:xdist", "-p", "no:cacheprovider", "-q"]


def run(project, today) -> tuple[int, str]:
    lines: list[str] = []
    status = pipeline.run(project, today=today, progress=lines.append)
    return status, "\n".join(lines)


def last_handover(project) -> dict[str, str]:
    return ledger.read_rows(project.data / ledger.HANDOVERS)[-1]


def test_rehearse_next_years_update(project):
    new = ledger.add_next_year(project.data)
    git(project.root, "add", "data")
    git(project.root, "commit", "-q", "-m", f"Handover of {new.year} (made up)")

    status, said = run(project, new.today)
    assert status == 0, said
    row = last_handover(project)
    assert (row["year"], row["ceremony"]) == (str(new.year), str(new.ceremony))
    assert row["cumulative_returned"] == str(new.total)

    corrected = ledger.correct_next_year(project.data, new, remains=new.remains + 1)
    status, said = run(project, corrected.today)  # the first run's outputs are not committed
    assert status == 0, said
    row = last_handover(project)
    assert row["remains_returned"] == str(corrected.remains)
    assert row["cumulative_returned"] == str(corrected.total)

    for name in ("pyproject.toml", "conftest.py"):
        shutil.copy(ROOT / name, project.root / name)
    shutil.copytree(
        ROOT / "tests", project.root / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    environment = {
        **os.environ,
        "COUNTING_THE_FALLEN_DATA": str(project.data),
        "COUNTING_THE_FALLEN_TODAY": str(corrected.today),
    }
    tests = subprocess.run(
        [sys.executable, "-m", "pytest", *PYTEST_OPTIONS, *DATA_TESTS],
        cwd=project.root,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    summary = tests.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary, summary
