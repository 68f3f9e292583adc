"""Set-up files agree with each other, and every lesson starts with the generated first cell.

uv.lock is the source of the pins; requirements.lock (pip) and environment.yml (conda, Binder)
are exported from it by `make lock`. `uv sync --locked` already refuses a uv.lock that
disagrees with pyproject.toml; these tests catch a stale export or a hand edit.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from IPython.core.inputtransformer2 import TransformerManager

from helpers.course.notebooks import lesson_paths, notebook_paths

ROOT = Path(__file__).resolve().parent.parent
UV = [sys.executable, "-m", "uv"]
EXPORT = [*UV, "export", "--frozen", "--all-extras", "--no-emit-project", "--quiet"]


def _tool(name: str):
    """Return the module tools/<name>.py (tools are scripts, not a package)."""
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


lessons_tool = _tool("lessons")


def _export(*options: str) -> str:
    """Return what `uv export` writes from uv.lock with ``options``."""
    command = [*EXPORT, *options]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=True).stdout


def test_requirements_lock_is_exported_from_uv_lock():
    exported = _export("--no-header")
    stored = (ROOT / "requirements.lock").read_text()
    assert stored.split("\n", 2)[2] == exported, "requirements.lock is stale: run `make lock`"
    blocks = re.split(r"\n(?=[A-Za-z0-9])", exported.strip())
    assert all("--hash=sha256:" in block for block in blocks), "every pin needs its hashes"


def test_environment_yml_has_the_pins_of_uv_lock():
    text = (ROOT / "environment.yml").read_text()
    assert "  - conda-forge" in text
    assert "  - python=3.11\n" in text
    listed = [line[8:] for line in text.splitlines() if line.startswith("      - ")]
    expected = _export("--no-hashes", "--no-header", "--no-annotate").splitlines()
    assert listed == expected, "environment.yml is stale: run `make lock`"


def test_the_makefile_installs_the_locked_uv():
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    locked = {package["name"]: package["version"] for package in lock["package"]}
    pinned = re.search(r"^uv==(\S+)", (ROOT / "tools" / "uv-requirements.txt").read_text(), re.M)
    assert pinned and pinned[1] == locked["uv"]
    assert f"uv=={locked['uv']}" in (ROOT / "README.md").read_text()  # the Windows route


def test_import_linter_is_in_the_test_extra():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    test_extra = project["optional-dependencies"]["test"]
    assert any(line.startswith("import-linter") for line in test_extra)


def test_binder_installs_the_helpers_editable():
    assert "pip install --no-deps -e ." in (ROOT / "postBuild").read_text()


@pytest.mark.parametrize("path", notebook_paths(ROOT / "notebooks"), ids=lambda path: path.stem)
def test_lesson_starts_with_the_generated_first_cell(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    cell = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
    source = "".join(cell["source"])
    assert source == lessons_tool.first_cell(source, lessons_tool.repository(ROOT)), (
        f"{path.name}: its first code cell is not the generated one: run `make lessons`"
    )
    assert any(line.startswith("from helpers import ") for line in source.splitlines())
    if "exercises" in lessons_tool.import_line(source):
        assert source.rstrip().endswith("exercises.explain_slips()")


def test_readme_colab_links_are_generated():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert lessons_tool.readme_links(readme, lessons_tool.repository(ROOT), ROOT) == readme, (
        "the README's Colab links are stale: run `make lessons`"
    )


def test_guard_without_an_address_prints_what_to_install(tmp_path):
    # Python started in isolated mode from an empty folder: no helpers importable.
    guard = lessons_tool.guard(None)
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", guard], cwd=tmp_path, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1
    assert "install line" in result.stdout


def test_guard_is_silent_where_the_helpers_are_installed():
    result = subprocess.run(
        [sys.executable, "-c", lessons_tool.guard(None)], capture_output=True, text=True
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_guard_with_an_address_installs_from_it_and_links_to_colab():
    address = "https://github.com/example-org/counting-the-fallen"
    guard = lessons_tool.guard(address)
    python = TransformerManager().transform_cell(guard)  # what IPython runs for %pip
    compile(python, "<first cell>", "exec")
    assert "counting-the-fallen @ git+https://github.com/example-org/counting-the-fallen" in (
        python
    )
    readme = "a\n<!-- colab-links: start -->\nold\n<!-- colab-links: end -->\nb\n"
    links = lessons_tool.readme_links(readme, address, ROOT)
    assert links.count("Open in Colab") == len(lesson_paths(ROOT / "notebooks"))
    assert "colab.research.google.com/github/example-org/counting-the-fallen/blob/main/" in links
    assert "\nb\n" in links and "old" not in links
