"""Shared test set-up: charts drawn off-screen and closed after each test; a project copy;
the slowest test files first, so that under pytest-xdist no worker is left with one at the end.
"""

from __future__ import annotations

import shutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from ledger import git

from helpers.course import pipeline
from helpers.paths import ROOT

#: Test files that take longest, in the order they start. ``python -m helpers test`` passes
#: ``--no-loadscope-reorder`` so that xdist keeps this order (by default it starts the files
#: with the most tests first, and a one-test file of a minute was left for the end). The third
#: file is a short one: xdist gives each worker two files to start with.
SLOW_FIRST = [
    "test_update_rehearsal.py",
    "test_wheel.py",
    "test_checkout_copy.py",
    "test_browser.py",
    "test_pipeline.py",
    "test_changes.py",
    "test_cache.py",
]


def pytest_collection_modifyitems(items):
    """Move the slowest files to the front, each file's tests (a notebook's cells) in order."""

    def rank(item) -> int:
        name = item.path.name
        return SLOW_FIRST.index(name) if name in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


@pytest.fixture
def project(tmp_path) -> pipeline.Project:
    """A copy of the data and lessons, as a git checkout with everything committed."""
    for folder in ("data", "notebooks"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / ".gitignore", tmp_path / ".gitignore")
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "copy")
    return pipeline.Project(tmp_path)
