"""Shared test set-up: charts drawn off-screen and closed after each test; a project copy;
the slowest test files first, so that under pytest-xdist no worker is left with one at the end.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from pathlib import Path

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


def committed_copy(folder: Path) -> pipeline.Project:
    """Copy the data and lessons into ``folder`` as a git checkout with everything committed."""
    for name in ("data", "notebooks"):
        shutil.copytree(ROOT / name, folder / name)
    shutil.copy(ROOT / ".gitignore", folder / ".gitignore")
    git(folder, "init", "-q")
    git(folder, "config", "user.email", "test@example.org")
    git(folder, "config", "user.name", "Test")
    git(folder, "add", ".")
    git(folder, "commit", "-q", "-m", "copy")
    return pipeline.Project(folder)


@pytest.fixture
def project(tmp_path) -> pipeline.Project:
    """A copy of the data and lessons, as a git checkout with everything committed."""
    return committed_copy(tmp_path)


@pytest.fixture(scope="session")
def executed_project(tmp_path_factory) -> pipeline.Project:
    """One committed copy of the project, run once by ``make run``, for the whole session.

    For the tests that need an executed project (the update rehearsal, the site tests): with
    it they execute only what they change.

    Shared by the xdist workers (the first to ask builds it under a lock; the others wait),
    so that every lesson is executed once however many tests want an executed project. Its
    lesson cache (``build/cache/``) is warm: do not change it, take :func:`executed_copy`.
    """
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the folder all workers' temporary folders are in
    root, done = shared / "executed-project", shared / "executed-project.done"
    with (shared / "executed-project.lock").open("w") as lock, _locked(lock):
        if not done.exists():
            shutil.rmtree(root, ignore_errors=True)
            project = committed_copy(root)
            said: list[str] = []
            assert pipeline.run(project, progress=said.append) == 0, "\n".join(said)
            done.touch()
    return pipeline.Project(root)


@contextlib.contextmanager
def _locked(file):
    """Hold an exclusive lock on the open ``file`` (where the system has flock; else none)."""
    try:
        import fcntl
    except ImportError:  # Windows: each worker then builds its own copy
        yield
        return
    fcntl.flock(file, fcntl.LOCK_EX)
    try:
        yield
    finally:
        fcntl.flock(file, fcntl.LOCK_UN)


@pytest.fixture
def executed_copy(executed_project, tmp_path) -> pipeline.Project:
    """A copy of :func:`executed_project` (git history, build/ and lesson cache included).

    ``make run`` on it executes only the lessons a test changed (or all, after a data change).
    """
    copy = tmp_path / "project"
    shutil.copytree(executed_project.root, copy, symlinks=True)
    return pipeline.Project(copy)
