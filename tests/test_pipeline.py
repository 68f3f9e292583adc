"""The main job on a temporary copy of the project: guards, failures, updates, figures, site."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from html.parser import HTMLParser

import ledger
import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import data
from helpers.course import pipeline

TODAY = data.date_limit()
LESSON = "01_remains_handovers"


def run(project, lines, today=TODAY, **options) -> int:
    return pipeline.run(project, today=today, progress=lines.append, **options)


def test_refuses_to_overwrite_an_edited_lesson_and_reset_restores_it(project):
    path = project.notebooks / f"{LESSON}.ipynb"
    shipped = path.read_bytes()
    path.write_text(path.read_text().replace("Follow the remains home", "My own notes"))
    lines: list[str] = []
    assert run(project, lines, only=[LESSON]) == 1
    assert f"notebooks/{LESSON}.ipynb" in lines[-1] and "FORCE=1" in lines[-1]
    said = pipeline.reset(project, LESSON)
    assert f"notebooks/{LESSON}.ipynb" in said and "last commit" in said
    assert path.read_bytes() == shipped


def test_outputs_and_execution_metadata_are_not_edits(project):
    """The guard compares what people write; the run's own outputs never make it refuse."""
    lesson = "00_start_here"
    path = project.notebooks / f"{lesson}.ipynb"
    committed = path.read_bytes()
    notebook = json.loads(committed)
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
            cell["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
    notebook["metadata"]["language_info"]["version"] = "3.99.0"
    path.write_text(json.dumps(notebook, indent=1), encoding="utf-8")
    lines: list[str] = []
    assert run(project, lines, only=[lesson]) == 0, "\n".join(lines)
    assert path.read_bytes() == committed, "a re-run reproduces the committed notebook"
    assert run(project, lines, only=[lesson]) == 0, "a second run never refuses over the first"


def test_added_notebooks_are_edits(project):
    added = new_notebook(cells=[new_code_cell("1 + 1")])
    nbformat.write(added, project.notebooks / "99_new.ipynb")
    lines: list[str] = []
    assert run(project, lines) == 1
    assert "notebooks/99_new.ipynb" in lines[-1] and "FORCE=1" in lines[-1]
    assert "Nothing was changed" in lines[-1]
    assert not project.figures.exists(), "a refusal writes nothing"


@pytest.mark.parametrize("force", [False, True])
def test_a_deleted_lesson_is_named_with_how_to_get_it_back_even_when_forced(project, force):
    solution = next((project.notebooks / "solutions").glob("*.ipynb"))
    solution.unlink()
    lines: list[str] = []
    assert run(project, lines, force=force) == 1
    said = lines[-1]
    assert f"solutions/{solution.name}" in said and "deleted" in said
    assert f"make reset LESSON={solution.stem}" in said and "git restore" in said
    assert "git commit" not in said and "commit your" not in said.lower(), "never advise it"
    assert "Nothing was changed" in said
    assert not any("executing" in line for line in lines)
    assert not (project.root / "build").exists()
    pipeline.reset(project, solution.stem)
    assert ledger.git(project.root, "status", "--porcelain") == ""


def test_reset_restores_the_latest_release_and_says_so(project):
    path = project.notebooks / f"{LESSON}.ipynb"
    released = path.read_bytes()
    ledger.git(project.root, "tag", "v0.1.0")
    path.write_text(path.read_text().replace("Follow the remains home", "Committed change"))
    ledger.git(project.root, "commit", "-q", "-am", "a committed change to the lesson")
    said = pipeline.reset(project, LESSON)
    assert "v0.1.0" in said and f"notebooks/{LESSON}.ipynb" in said
    assert path.read_bytes() == released


def test_reset_rejects_an_unknown_lesson(project):
    with pytest.raises(pipeline.RunStopped, match="no lesson called"):
        pipeline.reset(project, "99_nothing")


def test_outside_git_it_refuses_unless_forced(project):
    shutil.rmtree(project.root / ".git")
    lines: list[str] = []
    assert run(project, lines, only=["00_start_here"]) == 1
    assert "not a git checkout" in lines[-1]


INTERRUPTED_RUN = """
import sys
from pathlib import Path
from helpers.course import pipeline
project = pipeline.Project(Path(sys.argv[1]))
sys.exit(pipeline.run(project, progress=lambda line: print(line, flush=True)))
"""


def test_ctrl_c_stops_with_one_line_and_leaves_every_file_whole(project):
    run = subprocess.Popen(
        [sys.executable, "-c", INTERRUPTED_RUN, str(project.root)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, as a terminal's foreground job
    )
    printed = []
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        line = run.stdout.readline()
        printed.append(line)
        if "code cells" in line or not line:
            break
    os.killpg(run.pid, signal.SIGINT)
    rest, errors = run.communicate(timeout=120)
    printed += rest.splitlines(keepends=True)
    shown = "".join(printed) + errors
    assert run.returncode == 130, shown
    assert "Traceback" not in shown and "Error" not in shown, shown
    last = [line for line in shown.splitlines() if line.strip()][-1]
    assert last.startswith("Interrupted"), shown
    assert "not" in last and "notebooks" in last, last
    for path in project.notebooks.rglob("*.ipynb"):
        nbformat.read(path, as_version=4)  # every notebook whole: the old one or the new one
    assert ledger.git(project.root, "status", "--porcelain", "notebooks", "data") == ""
    assert not project.figures.exists(), "charts of a part-run never replace the last full set"


def test_stops_at_the_first_failure_naming_lesson_and_cell(project):
    notebook = new_notebook(
        cells=[new_markdown_cell("# A test\n\n## Dividing"), new_code_cell("1 / 0")]
    )
    nbformat.write(notebook, project.notebooks / "99_broken.ipynb")
    lines: list[str] = []
    assert run(project, lines, force=True, only=["99_broken"]) == 1
    assert 'notebooks/99_broken.ipynb, cell 2 (under the heading "Dividing") failed' in lines[-1]
    assert "ZeroDivisionError" in lines[-1] and "Nothing was changed" in lines[-1]


CHECKED_LESSON = """
from helpers import data, exercises
handovers = data.load_handovers()
exercises.confirm("the latest handover was in 2025", handovers["year"].max() == 2025)
"""


def test_a_data_update_whose_lesson_then_fails_changes_nothing(project):
    """All or nothing: the new tables, and the lesson run before the failure, stay aside."""
    notebook = new_notebook(
        cells=[new_markdown_cell("# The latest year"), new_code_cell(CHECKED_LESSON)],
        metadata={"language_info": {"name": "python"}},  # the site needs its title and language
    )
    nbformat.write(notebook, project.notebooks / "99_checked.ipynb")
    ledger.git(project.root, "add", "notebooks")
    ledger.git(project.root, "commit", "-q", "-m", "a lesson that checks the latest year")
    lines: list[str] = []
    assert run(project, lines, only=["00_start_here_solutions"]) == 0, "\n".join(lines)
    assert ledger.git(project.root, "status", "--porcelain") == "", "a run reproduces the lessons"
    built = {p: p.read_bytes() for p in (project.root / "build").rglob("*") if p.is_file()}
    new = ledger.add_next_year(project.data)
    ledger.git(project.root, "add", "data")
    ledger.git(project.root, "commit", "-q", "-m", "the next year")
    lines = []
    assert (
        run(project, lines, today=new.today, only=["00_start_here_solutions", "99_checked"]) == 1
    )
    said = lines[-1]
    assert 'notebooks/99_checked.ipynb, cell 2 (under the heading "The latest year")' in said
    assert '"the latest handover was in 2025"' in said and "AssertionError" not in said
    assert "tell your instructor" not in said and "Nothing was changed" in said
    assert ledger.git(project.root, "status", "--porcelain") == "", "tables and lessons unchanged"
    assert {p: p.read_bytes() for p in (project.root / "build").rglob("*") if p.is_file()} == built


def test_a_sentence_the_new_data_makes_untrue_stops_the_run_before_anything_runs(project):
    latest = ledger.latest_handover(project.data)
    first = ledger.read_rows(project.data / ledger.HANDOVERS)[0]
    larger = int(first["remains_returned"]) // 2 + 1  # more than half the first year's
    new = ledger.add_next_year(project.data, remains=larger)
    ledger.git(project.root, "add", "data")
    ledger.git(project.root, "commit", "-q", "-m", "a large next year")
    lines: list[str] = []
    assert run(project, lines, today=new.today) == 1
    said = lines[-1]
    assert f"notebooks/{LESSON}.ipynb, cell 8" in said and "How many remains came home" in said
    assert "The first handover is by far the largest" in said
    assert f"the data now says: {latest['year'] + 1} brought {larger} sets of remains" in said
    assert "first-handover-far-largest" in said and "Nothing was changed" in said
    assert not any("executing" in line for line in lines)
    assert ledger.git(project.root, "status", "--porcelain", "--ignored") == ""


def test_bad_data_stops_before_any_lesson_runs(project):
    claims = project.data / "raw" / "claims.csv"
    claim_id = ledger.read_rows(claims)[2]["claim_id"]
    bad = ledger.set_cell(claims, {"claim_id": claim_id}, "locator", "para four")
    lines: list[str] = []
    assert run(project, lines, force=True) == 1
    assert any(f"raw/claims.csv, line {bad}, column locator" in line for line in lines)
    assert not any("executing" in line for line in lines)


def test_next_years_handover_reaches_the_table_a_chart_and_the_site(project):
    new = ledger.add_next_year(project.data)
    lines: list[str] = []
    assert run(project, lines, today=new.today, force=True, only=[LESSON]) == 0, "\n".join(lines)
    table = ledger.read_rows(project.data / "remains_handovers.csv")
    assert table[-1]["year"] == str(new.year) and table[-1]["ceremony"] == str(new.ceremony)
    assert table[-1]["cumulative_returned"] == str(new.total)
    with (project.figures / "index.csv").open(encoding="utf-8") as handle:
        figures = list(csv.DictReader(handle))
    yearly = next(entry for entry in figures if entry["title"] == "Remains handed over each year")
    assert f"to {new.year}" in yearly["alt_text"]
    assert f"Test Agency, {new.year}" in yearly["source_line"]
    assert (project.figures / yearly["png"]).is_file() and (
        project.figures / yearly["svg"]
    ).is_file()
    page = (project.site / "notebooks" / f"{LESSON}.html").read_text(encoding="utf-8")
    assert str(new.year) in page and str(new.total) in page


class Links(HTMLParser):
    """Collects every src and href of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value for name, value in attrs if name in ("src", "href") and value]


def test_site_opens_offline_and_escapes_data(project):
    lines: list[str] = []
    assert run(project, lines, force=True, only=["00_start_here", LESSON]) == 0, "\n".join(lines)
    pages = [*sorted(project.site.rglob("*.html")), project.figures / "index.html"]
    assert {page.name for page in pages} >= {"index.html", "00_start_here.html", f"{LESSON}.html"}
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        external = [t for t in parser.targets if re.match(r"^(https?:)?//", t)]
        assert not external, f"{page.name} loads or links outside: {external}"
    index = (project.site / "index.html").read_text(encoding="utf-8")
    version = json.loads((project.data / "datapackage.json").read_text())["version"]
    assert f"data package version {version}" in index
    assert ledger.git(project.root, "status", "--porcelain") == "", "the run changed tracked files"
    assert 'href="notebooks/01_remains_handovers.html"' in index


def test_charts_carry_alt_text_into_the_site(project):
    lines: list[str] = []
    assert run(project, lines, force=True, only=[LESSON]) == 0
    page = (project.site / "notebooks" / f"{LESSON}.html").read_text(encoding="utf-8")
    # A chart whose marks name their sources is inline SVG, its alt text in a hidden paragraph.
    assert (
        'alt="Bar chart of the remains of Chinese soldiers' in page
        or '<p class="visually-hidden">Bar chart of the remains of Chinese soldiers' in page
    )
