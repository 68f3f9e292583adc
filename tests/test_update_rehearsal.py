"""A rehearsal of next year's update, on temporary copies of the project.

An instructor adds a made-up next year exactly as README.md and data/README.md say (one source,
three claims) and runs ``make run``. Several plausible next years are tried: a month never
seen before, a count between the smallest and the largest so far, a ceremony a year late (a
year without a handover). Each must pass the data checks and the story checks of every lesson
(:mod:`helpers.course.story`) with no lesson edit.

Executing lessons is what costs time, so each year alone gets the data and story checks only
(about a second each), and the lessons that use the handovers are executed once, on one copy
holding two of the years together (a new month with a middling count, then a gap year); the
tests that read the data then run on that copy. Whether a second run refuses over the first
run's outputs is tested in test_pipeline.py.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import ledger
import nbformat
import pytest
from ledger import git

from helpers.course import notebooks, pipeline, story
from helpers.datapackage.build import write_tables
from helpers.datapackage.validate import validate_package
from helpers.paths import ROOT

#: Plausible next years: the keyword arguments of ledger.add_next_year.
NEXT_YEARS = {
    "in October, a month never seen before": {"remains": 26, "month_day": "10-15"},
    "in June, with a count between the smallest and the largest": {
        "remains": 150,
        "month_day": "06-20",
    },
    "a year late, in the spring": {"remains": 40, "month_day": "04-02", "years_later": 2},
}

#: The tests that read the data, run on the updated copy as ``make test`` would run them.
DATA_TESTS = ["tests/test_validate.py", "tests/test_exercises.py"]
PYTEST_OPTIONS = ["-p", "no:xdist", "-p", "no:cacheprovider", "-q"]
#: Tests of the data that do not yet hold after a year without a handover (issue 19, the
#: validate branch's): the first takes the year before the latest to be the latest minus one;
#: the second finds that a wrong running total just after such a gap is not caught, because
#: the check skips a total when a year in between has no yearly figure.
NOT_YET_AFTER_A_GAP = [
    "tests/test_validate.py::test_a_year_implied_by_two_totals_is_derived",
    "tests/test_validate.py::test_reported_total_that_disagrees_with_the_yearly_figures",
]


def handover_lessons(project) -> list[str]:
    """Return the names of the lessons and solutions that load the handovers table."""
    return [
        path.stem
        for path in notebooks.notebook_paths(project.notebooks)
        if "load_handovers" in path.read_text(encoding="utf-8")
    ]


@pytest.mark.parametrize("next_year", NEXT_YEARS.values(), ids=NEXT_YEARS.keys())
def test_a_plausible_next_year_keeps_the_data_and_every_lesson_sentence_true(tmp_path, next_year):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    new = ledger.add_next_year(data, **next_year)
    report = validate_package(data, new.today, rebuild=True)
    assert report.ok, report.summary()
    assert report.tables["remains_handovers"]["year"].max() == new.year
    untrue = story.check_lessons(notebooks.notebook_paths(), report.tables)
    assert not untrue, "\n".join(item.described(item.marker.notebook.name) for item in untrue)


def test_rehearse_two_next_years_through_make_run_and_the_data_tests(project):
    first = ledger.add_next_year(project.data, remains=26, month_day="10-15")
    write_tables(project.data)  # as the run of that year would: the next one follows it
    gap_year = ledger.add_next_year(project.data, remains=150, month_day="06-20", years_later=2)
    git(project.root, "add", "data")
    git(project.root, "commit", "-q", "-m", "Handovers of two years (made up)")

    lessons = handover_lessons(project)
    lines: list[str] = []
    status = pipeline.run(project, today=gap_year.today, only=lessons, progress=lines.append)
    assert status == 0, "\n".join(lines)
    rows = ledger.read_rows(project.data / ledger.HANDOVERS)
    assert [row["year"] for row in rows[-2:]] == [str(first.year), str(gap_year.year)]
    assert rows[-1]["cumulative_returned"] == str(gap_year.total)
    lesson = nbformat.read(project.notebooks / "01_remains_handovers.ipynb", as_version=4)
    shown = "".join(
        str(output.get("data", {}).get("text/plain", "")) + str(output.get("text", ""))
        for cell in lesson.cells
        if cell.cell_type == "code"
        for output in cell.outputs
    )
    assert str(gap_year.total) in shown, "lesson 01 shows the new running total"

    for name in ("pyproject.toml", "conftest.py"):
        shutil.copy(ROOT / name, project.root / name)
    shutil.copytree(
        ROOT / "tests", project.root / "tests", ignore=shutil.ignore_patterns("__pycache__")
    )
    environment = {
        **os.environ,
        "COUNTING_THE_FALLEN_DATA": str(project.data),
        "COUNTING_THE_FALLEN_TODAY": str(gap_year.today),
    }
    tests = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            *PYTEST_OPTIONS,
            *DATA_TESTS,
            *(f"--deselect={test}" for test in NOT_YET_AFTER_A_GAP),
        ],
        cwd=project.root,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert tests.returncode == 0, tests.stdout[-4000:] + tests.stderr[-2000:]
    summary = tests.stdout.strip().splitlines()[-1]
    assert re.search(r"\d+ passed", summary) and "failed" not in summary, summary
