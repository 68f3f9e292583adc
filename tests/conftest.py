"""Shared test set-up: charts drawn off-screen and closed after each test; a project copy."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pytest

from helpers import pipeline
from helpers.paths import ROOT


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    plt.close("all")


def git(repo: Path, *arguments: str) -> str:
    """Run git in ``repo``; return what it printed."""
    result = subprocess.run(
        ["git", *arguments], cwd=repo, check=True, capture_output=True, text=True
    )
    return result.stdout


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
