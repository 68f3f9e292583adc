"""The main job on a temporary copy of the project: guards, failures, updates, figures, site."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from helpers import pipeline
from helpers.paths import ROOT

TODAY = dt.date(2026, 11, 22)
LESSON = "01_remains_handovers"


def git(repo: Path, *arguments: str) -> None:
    subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def project(tmp_path) -> pipeline.Project:
    """A copy of the data and lessons, as a git checkout with everything committed."""
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "copy")
    return pipeline.Project(tmp_path)


def run(project, lines, **options) -> int:
    return pipeline.run(project, today=TODAY, say=lines.append, **options)


def test_refuses_to_overwrite_an_edited_lesson_and_reset_restores_it(project):
    path = project.notebooks / f"{LESSON}.ipynb"
    shipped = path.read_bytes()
    path.write_text(path.read_text().replace("Follow the remains home", "My own notes"))
    lines: list[str] = []
    assert run(project, lines, only=[LESSON]) == 1
    assert f"notebooks/{LESSON}.ipynb" in lines[-1] and "FORCE=1" in lines[-1]
    assert pipeline.reset(project, LESSON) == f"notebooks/{LESSON}.ipynb"
    assert path.read_bytes() == shipped


def test_reset_rejects_an_unknown_lesson(project):
    with pytest.raises(pipeline.Stop, match="no lesson called"):
        pipeline.reset(project, "99_nothing")


def test_outside_git_it_refuses_unless_forced(project):
    shutil.rmtree(project.root / ".git")
    lines: list[str] = []
    assert run(project, lines, only=["00_start_here"]) == 1
    assert "not a git checkout" in lines[-1]


def test_stops_at_the_first_failure_naming_lesson_and_cell(project):
    notebook = new_notebook(cells=[new_code_cell("1 + 1"), new_code_cell("1 / 0")])
    nbformat.write(notebook, project.notebooks / "99_broken.ipynb")
    lines: list[str] = []
    assert run(project, lines, force=True, only=["99_broken"]) == 1
    assert "notebooks/99_broken.ipynb: code cell 2 failed" in lines[-1]
    assert "ZeroDivisionError" in lines[-1]


def test_bad_data_stops_before_any_lesson_runs(project):
    claims = project.data / "raw" / "claims.csv"
    claims.write_text(
        claims.read_text().replace(
            "c003,xinhua-2020-09-27,para 4", "c003,xinhua-2020-09-27,para four"
        )
    )
    lines: list[str] = []
    assert run(project, lines, force=True) == 1
    assert any("raw/claims.csv, line 4, column locator" in line for line in lines)
    assert not any("executing" in line for line in lines)


def add_next_year(data: Path) -> None:
    """Add a made-up 2026 handover the way data/README.md tells an instructor to."""
    with (data / "sources.csv").open("a", encoding="utf-8") as register:
        register.write(
            "test-2026-09-18,Test Agency,Made-up report,2026-09-18,,news agency,en,For tests.\n"
        )
    with (data / "raw" / "claims.csv").open(encoding="utf-8") as ledger:
        rows = list(csv.DictReader(ledger))
    template = next(row for row in rows if row["claim_id"] == "c046")  # 2025 yearly figure
    last = max(int(row["claim_id"][1:]) for row in rows)
    new = [
        {
            **template,
            "claim_id": f"c{last + 1:03d}",
            "source_id": "test-2026-09-18",
            "locator": "para 1",
            "value": "25",
            "refers_to": "2026-09-18",
            "notes": "",
        },
        {
            **template,
            "claim_id": f"c{last + 2:03d}",
            "source_id": "test-2026-09-18",
            "locator": "para 2",
            "measure": "cumulative_returned",
            "measure_as_stated": "remains (total)",
            "value": "1036",
            "refers_to": "2026",
            "notes": "",
        },
    ]
    with (data / "raw" / "claims.csv").open("a", encoding="utf-8", newline="") as ledger:
        csv.DictWriter(ledger, fieldnames=list(rows[0]), lineterminator="\n").writerows(new)


def test_next_years_handover_reaches_the_table_a_chart_and_the_site(project):
    add_next_year(project.data)
    lines: list[str] = []
    assert run(project, lines, force=True, only=[LESSON]) == 0, "\n".join(lines)
    with (project.data / "remains_handovers.csv").open(encoding="utf-8") as handle:
        table = list(csv.DictReader(handle))
    assert table[-1]["year"] == "2026" and table[-1]["ceremony"] == "13"
    assert table[-1]["cumulative_returned"] == "1036"
    with (project.figures / "index.csv").open(encoding="utf-8") as handle:
        figures = list(csv.DictReader(handle))
    yearly = next(entry for entry in figures if entry["title"] == "Remains handed over each year")
    assert "to 2026" in yearly["alt_text"] and "Test Agency, 2026" in yearly["source_line"]
    assert (project.figures / yearly["png"]).is_file() and (
        project.figures / yearly["svg"]
    ).is_file()
    page = (project.site / f"{LESSON}.html").read_text(encoding="utf-8")
    assert "2026" in page and "1036" in page


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
    pages = [*sorted(project.site.glob("*.html")), project.figures / "index.html"]
    assert {page.name for page in pages} >= {"index.html", "00_start_here.html", f"{LESSON}.html"}
    for page in pages:
        parser = Links()
        parser.feed(page.read_text(encoding="utf-8"))
        external = [t for t in parser.targets if re.match(r"^(https?:)?//", t)]
        assert not external, f"{page.name} loads or links outside: {external}"
    index = (project.site / "index.html").read_text(encoding="utf-8")
    assert "data package version 0.2.0" in index
    assert 'href="01_remains_handovers.html"' in index


def test_charts_carry_alt_text_into_the_site(project):
    lines: list[str] = []
    assert run(project, lines, force=True, only=[LESSON]) == 0
    page = (project.site / f"{LESSON}.html").read_text(encoding="utf-8")
    assert 'alt="Bar chart of the remains of Chinese soldiers' in page
