"""The command-line entry points and their guards."""

from __future__ import annotations

import json
import subprocess

import pytest

from helpers.course import notebooks
from helpers.paths import ROOT


def git(repo, *arguments):
    subprocess.run(["git", *arguments], cwd=repo, check=True, capture_output=True)


NOTEBOOK = {"cells": [{"cell_type": "code", "source": "1 + 1", "metadata": {}, "outputs": []}]}


@pytest.fixture
def repo(tmp_path):
    """A git checkout with one committed notebook in notebooks/."""
    git(tmp_path, "init", "-q")
    git(tmp_path, "config", "user.email", "test@example.org")
    git(tmp_path, "config", "user.name", "Test")
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "lesson.ipynb").write_text(json.dumps(NOTEBOOK))
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "lesson")
    return tmp_path


def test_edits_are_cells_and_notebooks_added_or_removed_not_outputs(repo):
    folder = repo / "notebooks"
    lesson, new = folder / "lesson.ipynb", folder / "new.ipynb"
    run = {**NOTEBOOK, "cells": [{**NOTEBOOK["cells"][0], "outputs": [{"text": "2"}]}]}
    run["cells"][0]["execution_count"] = 1
    lesson.write_text(json.dumps(run, indent=2))
    assert not notebooks.edited_notebooks([lesson], repo, folder), "outputs are not edits"
    new.write_text(json.dumps(NOTEBOOK))
    assert notebooks.edited_notebooks([lesson, new], repo, folder).added == [new]
    edited = {**NOTEBOOK, "cells": [{**NOTEBOOK["cells"][0], "source": "1 + 2"}]}
    lesson.write_text(json.dumps(edited))
    assert notebooks.edited_notebooks([lesson], repo, folder).changed == [lesson]
    lesson.unlink()
    assert notebooks.edited_notebooks([], repo, folder).removed == [lesson.resolve()]


def test_edits_outside_git_raise(tmp_path):
    with pytest.raises(notebooks.NotAGitCheckout):
        notebooks.edited_notebooks([tmp_path / "lesson.ipynb"], tmp_path, tmp_path)


def test_ci_script_fails_on_any_failure():
    script = (ROOT / ".ci" / "run").read_text()
    assert "set -euo pipefail" in script
    assert "make test" in script
