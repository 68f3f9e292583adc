"""A wheel built from the checkout works in a fresh environment, away from any checkout.

As a student who installs the project (or opens a lesson on a class server) would have it: the
only installs are the wheel and Jupyter's kernel and runner, at the locked versions; the data
comes from the copy inside the package; each lesson is copied alone to its own folder.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from helpers.course.notebooks import lesson_paths
from helpers.exercises.slips import SWITCHED_ON

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parent.parent
UV = [sys.executable, "-m", "uv"]
LESSONS = lesson_paths(ROOT / "notebooks")


def run(command, **options) -> subprocess.CompletedProcess:
    """Run ``command``; fail the test with its output when it exits non-zero."""
    result = subprocess.run(
        [str(part) for part in command], capture_output=True, text=True, **options
    )
    assert result.returncode == 0, (
        f"{command} exited {result.returncode}:\n{result.stdout}\n{result.stderr}"
    )
    return result


@pytest.fixture(scope="module")
def dist(tmp_path_factory) -> Path:
    """Return a folder holding an sdist and the wheel built from that sdist."""
    folder = tmp_path_factory.mktemp("dist")
    run([*UV, "build", "--quiet", "--out-dir", folder, ROOT])
    return folder


@pytest.fixture(scope="module")
def python(dist, tmp_path_factory) -> Path:
    """Return the interpreter of a fresh environment with the wheel, a kernel and nbclient."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    run([*UV, "venv", "--quiet", "--python", sys.executable, venv])
    interpreter = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    wheel = next(dist.glob("*.whl"))
    lock = ROOT / "requirements.lock"
    run(
        [
            *UV,
            "pip",
            "install",
            "--quiet",
            "--python",
            interpreter,
            wheel,
            "ipykernel",
            "nbclient",
            "-c",
            lock,
        ]
    )
    return interpreter


def clean_environment() -> dict[str, str]:
    """Return this environment without the data override and the no-bytecode setting."""
    drop = {"COUNTING_THE_FALLEN_DATA", "PYTHONDONTWRITEBYTECODE", "VIRTUAL_ENV", "PYTHONPATH"}
    return {key: value for key, value in os.environ.items() if key not in drop}


def test_sdist_and_wheel_carry_the_data_package(dist):
    with tarfile.open(next(dist.glob("*.tar.gz"))) as sdist:
        assert any(name.endswith("/data/datapackage.json") for name in sdist.getnames())
    with zipfile.ZipFile(next(dist.glob("*.whl"))) as wheel:
        names = wheel.namelist()
    for file in (ROOT / "data").rglob("*"):
        if file.is_file():
            assert f"helpers/_data/{file.relative_to(ROOT / 'data').as_posix()}" in names


def test_installed_helpers_find_and_validate_their_own_data(python, tmp_path):
    code = "from helpers import paths; print(paths.data_dir())"
    found = run([python, "-c", code], cwd=tmp_path, env=clean_environment()).stdout.strip()
    assert Path(found).parts[-2:] == ("helpers", "_data")
    assert not Path(found).is_relative_to(ROOT)
    report = run([python, "-m", "helpers", "validate"], cwd=tmp_path, env=clean_environment())
    assert report.stdout.startswith("ok")


def test_every_lesson_copied_alone_runs_to_the_end(python, tmp_path):
    copies = []
    for lesson in LESSONS:
        folder = tmp_path / lesson.stem
        folder.mkdir()
        copies.append(Path(shutil.copy(lesson, folder)))
    # The package's own runner, as installed: each notebook runs in its own folder.
    code = "import sys; from pathlib import Path; "
    code += "from helpers.course.notebooks import execute_all; "
    code += "execute_all([Path(arg) for arg in sys.argv[1:]], workers=2)"
    run([python, "-c", code, *copies], cwd=tmp_path, env=clean_environment())
    for copy in copies:
        cells = [
            cell for cell in json.loads(copy.read_text())["cells"] if cell["cell_type"] == "code"
        ]
        # The installed helpers need no install line: the first cell prints only the line of
        # exercises.explain_slips() saying plain messages are on.
        printed = "".join("".join(output.get("text", "")) for output in cells[0]["outputs"])
        assert printed == SWITCHED_ON + "\n", f"{copy.name}: the first cell printed {printed!r}"
        assert all(cell["execution_count"] for cell in cells), (
            f"{copy.name} did not run to the end"
        )
