"""Shared test set-up: charts drawn off-screen and closed after each test; a project copy."""

from __future__ import annotations

import shutil

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest
from ledger import git

from helpers.course import pipeline
from helpers.paths import ROOT


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
