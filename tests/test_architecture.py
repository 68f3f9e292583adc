"""The layers of docs/architecture.md hold: import contracts, no cycles, no side effects on import.

The contracts live in pyproject.toml (``[tool.importlinter]``) and are checked with
import-linter, a test dependency. Imports inside functions count, for the contracts and for the
cycle check below.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from helpers.paths import ROOT

SOURCE = ROOT / "src" / "helpers"
COURSE_MODULES = sorted(f"helpers.course.{path.stem}" for path in (SOURCE / "course").glob("*.py"))


def lint_imports(project: Path) -> subprocess.CompletedProcess:
    """Run import-linter on ``project`` (its pyproject.toml and src/) in a fresh process."""
    pytest.importorskip("importlinter", reason="import-linter (the test extra) is not installed")
    code = "import sys, importlinter.cli as cli; sys.exit(cli.lint_imports(no_cache=True))"
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(project / "src")},
        capture_output=True,
        text=True,
    )


def test_import_contracts_hold():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_a_wrong_arrow_breaks_a_contract(tmp_path):
    """An import from the data layer up into course tooling, even inside a function, fails."""
    shutil.copy(ROOT / "pyproject.toml", tmp_path)
    shutil.copytree(SOURCE, tmp_path / "src" / "helpers")
    data = tmp_path / "src" / "helpers" / "data.py"
    data.write_text(
        data.read_text() + "\n\ndef wrong():\n    from helpers.course import pipeline\n"
    )
    result = lint_imports(tmp_path)
    assert result.returncode == 1
    assert "helpers.data -> helpers.course.pipeline" in result.stdout


def test_no_import_cycles_counting_imports_inside_functions():
    grimp = pytest.importorskip("grimp", reason="grimp comes with import-linter")
    graph = grimp.build_graph("helpers")
    assert graph.direct_import_exists(  # grimp sees imports inside functions
        importer="helpers.course.cli", imported="helpers.course.pipeline"
    )
    cycles = [
        (importer, imported)
        for importer in sorted(graph.modules)
        for imported in sorted(graph.find_modules_directly_imported_by(importer))
        if graph.chain_exists(importer=imported, imported=importer)
    ]
    assert not cycles, f"imports that close a cycle: {cycles}"


def _fresh_python(code: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)


@pytest.mark.parametrize("module", ["helpers.course", *COURSE_MODULES, "helpers.__main__"])
def test_tooling_modules_do_not_load_matplotlib(module):
    if module == "helpers.__main__":
        module = "helpers.course.cli"  # __main__ runs the command line when imported
    result = _fresh_python(f"import sys, {module}; print('matplotlib' in sys.modules)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


def test_importing_or_using_the_charts_leaves_matplotlib_settings_unchanged():
    code = """
import matplotlib
matplotlib.use("Agg")
before = dict(matplotlib.rcParams)
from helpers import analysis, charts, data, exercises, sources
assert dict(matplotlib.rcParams) == before, "import changed rcParams"
ax = charts.plot_yearly_handovers(data.load_handovers())
charts.save(ax, __import__("pathlib").Path(__import__("tempfile").mkdtemp()) / "chart")
assert dict(matplotlib.rcParams) == before, "drawing changed rcParams"
assert ax.title.get_fontsize() == 17, "the chart was not drawn in the house style"
print("ok")
"""
    result = _fresh_python(code)
    assert result.stdout.strip() == "ok", result.stderr


def test_use_house_style_is_the_one_call_that_sets_it_globally():
    code = """
import matplotlib
matplotlib.use("Agg")
from helpers import charts
charts.use_house_style()
print(matplotlib.rcParams["axes.titlesize"])
"""
    assert _fresh_python(code).stdout.strip() == "17.0"


def test_the_map_names_every_module():
    """docs/architecture.md names each top-level module or package and each layer's module."""
    text = (ROOT / "docs" / "architecture.md").read_text(encoding="utf-8")
    top = [path.stem for path in SOURCE.glob("*.py")]
    top += [path.name for path in SOURCE.iterdir() if (path / "__init__.py").is_file()]
    layers = [
        path.stem
        for layer in ("datapackage", "course", "charts")
        for path in (SOURCE / layer).glob("*.py")
    ]
    missing = [
        name for name in top + layers if name not in ("__init__", "__main__") and name not in text
    ]
    assert not missing, f"docs/architecture.md does not mention: {missing}"


def test_modules_and_functions_stay_short():
    """No chart module over 500 lines, and no function in helpers over 80 (docstring included)."""
    import ast

    long_modules = [
        path.name
        for path in (SOURCE / "charts").glob("*.py")
        if len(path.read_text(encoding="utf-8").splitlines()) > 500
    ]
    assert not long_modules, f"split these chart modules: {long_modules}"
    long_functions = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                start = min([node.lineno, *(each.lineno for each in node.decorator_list)])
                if node.end_lineno - start + 1 > 80:
                    long_functions.append(f"{path.relative_to(SOURCE)}:{node.name}")
    assert not long_functions, f"split these functions: {long_functions}"
