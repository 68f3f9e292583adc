"""The course site: launch buttons from pyproject.toml's addresses, and none without them."""

from __future__ import annotations

import shutil
from pathlib import Path

from helpers.course import site
from helpers.paths import ROOT

LESSON = "00_start_here"
PYPROJECT = """[project]
name = "x"
[project.urls]
Repository = "https://github.com/a/b"
[tool.counting-the-fallen]
jupyterhub_url = "https://hub.example.edu"
"""


def build(tmp_path: Path, pyproject: str | None) -> str:
    """Build a one-lesson site in a project made in ``tmp_path``; return the lesson's page."""
    (tmp_path / "notebooks").mkdir()
    shutil.copy(ROOT / "notebooks" / f"{LESSON}.ipynb", tmp_path / "notebooks")
    if pyproject:
        (tmp_path / "pyproject.toml").write_text(pyproject, encoding="utf-8")
    folder = tmp_path / "build" / "site"
    pages = site.write_site([tmp_path / "notebooks" / f"{LESSON}.ipynb"], folder, "1.2.3")
    assert pages[0] == folder / "index.html" and "version 1.2.3" in pages[0].read_text()
    return (folder / "notebooks" / f"{LESSON}.html").read_text(encoding="utf-8")


def test_no_address_no_launch_buttons(tmp_path):
    page = build(tmp_path, None)
    assert "mybinder" not in page and "colab.research" not in page
    assert "git-pull" not in page
    assert "ask your instructor" not in page and "To run this lesson yourself" in page
    assert f"_sources/notebooks/{LESSON}.ipynb" in page


def test_the_addresses_make_binder_colab_and_hub_buttons(tmp_path):
    page = build(tmp_path, PYPROJECT)
    assert f"https://mybinder.org/v2/gh/a/b/main?urlpath=lab/tree/notebooks/{LESSON}.ipynb" in (
        page
    )
    assert f"https://colab.research.google.com/github/a/b/blob/main/notebooks/{LESSON}.ipynb" in (
        page
    )
    assert (
        "https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A//github.com/a/b"
        f"&urlpath=lab/tree/b/notebooks/{LESSON}.ipynb&branch=main"
    ) in page


def test_addresses_are_read_from_pyproject(tmp_path):
    (tmp_path / "pyproject.toml").write_text(PYPROJECT, encoding="utf-8")
    assert site.addresses(tmp_path) == {
        "repository": "https://github.com/a/b",
        "jupyterhub": "https://hub.example.edu",
    }
    assert site.addresses(tmp_path / "none") == {"repository": None, "jupyterhub": None}


def test_what_changed_for_class_is_a_page_once_the_report_exists(tmp_path):
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "changes.html").write_text("<p>Lesson 01: 2025 added.</p>")
    build(tmp_path, None)
    site_folder = tmp_path / "build" / "site"
    assert "What changed for class" in (site_folder / "changes.html").read_text()
    assert (
        site_folder / "changes" / "changes.html"
    ).read_text() == "<p>Lesson 01: 2025 added.</p>"
    assert 'href="changes.html"' in (site_folder / "index.html").read_text()
