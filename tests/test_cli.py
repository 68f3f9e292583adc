"""The command-line entry points and their guards."""

from __future__ import annotations

import subprocess

import pytest

from helpers.course import notebooks
from helpers.paths import ROOT


def git(repo, *arguments):
    subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path):
    """A git checkout with one committed notebook."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    (tmp_path / "lesson.ipynb").write_text("{}")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "lesson")
    return tmp_path


def test_uncommitted_lists_only_edited_and_untracked_notebooks(repo):
    lesson, new = repo / "lesson.ipynb", repo / "new.ipynb"
    new.write_text("{}")
    assert notebooks.uncommitted([lesson, new], repo) == [new]
    lesson.write_text('{"edited": true}')
    assert notebooks.uncommitted([lesson, new], repo) == [lesson, new]


def test_uncommitted_outside_git_raises(tmp_path):
    with pytest.raises(notebooks.NotAGitCheckout):
        notebooks.uncommitted([tmp_path / "lesson.ipynb"], tmp_path)


def test_ci_script_fails_on_any_failure():
    script = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in script
    assert "make test" in script
