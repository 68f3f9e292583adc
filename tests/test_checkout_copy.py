"""A copied checkout uses its own code and data; the runner works over TCP where ipc is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import nbformat
import pytest

from helpers.course import notebooks

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent


def test_a_copied_checkout_with_its_venv_uses_its_own_code_and_data(tmp_path):
    if not (ROOT / ".venv").is_dir() or not (ROOT / ".tools").is_dir() or not shutil.which("make"):
        pytest.skip("needs a checkout set up by make (.venv, .tools) and make")
    copy = tmp_path / "copy"
    tracked = subprocess.run(
        ["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split("\0")
    for name in filter(None, tracked):
        if (ROOT / name).is_file():
            (copy / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, copy / name)  # keeps times, so make keeps .tools
    for folder in (".venv", ".tools"):  # hard links: quick, and uv replaces files, never edits
        shutil.copytree(ROOT / folder, copy / folder, symlinks=True, copy_function=os.link)
    environment = {k: v for k, v in os.environ.items() if k != "COUNTING_THE_FALLEN_DATA"}
    environment.pop("VIRTUAL_ENV", None)
    code = "import helpers, helpers.paths as p; print(helpers.__file__); print(p.data_dir())"

    def where() -> list[str]:
        command = [copy / ".venv" / "bin" / "python", "-c", code]
        return subprocess.run(
            command, cwd=copy, env=environment, capture_output=True, text=True, check=True
        ).stdout.split()

    # As copied, the environment still runs the original's code (its editable path is absolute).
    assert Path(where()[0]) == ROOT / "src" / "helpers" / "__init__.py"
    subprocess.run(["make", "-s", "setup"], cwd=copy, env=environment, check=True)
    code_file, data = where()
    assert Path(code_file) == copy / "src" / "helpers" / "__init__.py"
    assert Path(data) == copy / "data"
    # The original is untouched: its environment still runs its own code.
    original = subprocess.run(
        [ROOT / ".venv" / "bin" / "python", "-c", "import helpers; print(helpers.__file__)"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    assert Path(original) == ROOT / "src" / "helpers" / "__init__.py"


def test_a_notebook_runs_over_local_tcp(tmp_path, monkeypatch):
    monkeypatch.setattr(notebooks, "_zmq_has_ipc", lambda: False)
    path = tmp_path / "tcp.ipynb"
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("print(6 * 7)")])
    nbformat.write(notebook, path)
    notebooks.execute_all([path], workers=1)
    assert nbformat.read(path, as_version=4).cells[0].outputs[0]["text"] == "42\n"
