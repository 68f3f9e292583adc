"""Write each lesson's first code cell and the README's Colab links from pyproject.toml.

Run after setting or changing the repository's address in ``[project.urls]``::

    make lessons        # or: python tools/lessons.py

A lesson opened alone (Colab, a class server) has no helpers installed. Its first code cell
checks for them before its import line: with the address set, it installs them from there; with
none set, it prints what to install. Where the helpers are installed (a checkout, Binder, a
wheel) it does nothing and prints nothing, so stored outputs stay as they are. Only the lines
above the import line are written; ``tests/test_environment.py`` fails when a lesson differs.
"""

from __future__ import annotations

import json
import sys
import tomllib
from pathlib import Path

from helpers.course.notebooks import lesson_paths, notebook_paths
from helpers.paths import colab_url

ROOT = Path(__file__).resolve().parent.parent
README_START, README_END = "<!-- colab-links: start -->", "<!-- colab-links: end -->"


def repository(root: Path = ROOT) -> str | None:
    """Return the repository's address from pyproject.toml's [project.urls], or None."""
    urls = tomllib.loads((root / "pyproject.toml").read_text())["project"].get("urls", {})
    return urls.get("Repository")


def guard(address: str | None) -> str:
    """Return the lines that go above a lesson's import line."""
    if address:
        action = f'    %pip install --quiet "counting-the-fallen @ git+{address}"'
    else:
        message = (
            "The course's helpers are not installed: ask your instructor for the install line."
        )
        action = f'    print("{message}")'
    return (
        "# Opened alone (Colab, a class server)? Then the helpers are installed first.\n"
        "import importlib.util\n\n"
        'if importlib.util.find_spec("helpers") is None:\n'
        f"{action}\n"
    )


def first_cell(source: str, address: str | None) -> str:
    """Return a first code cell's source with the guard above its import line (its last line)."""
    import_line = source.rstrip("\n").splitlines()[-1]
    return guard(address) + import_line


def readme_links(readme: str, address: str | None, root: Path = ROOT) -> str:
    """Return the README with its block of Colab links regenerated."""
    rows = [
        f"- `{path.stem}`: [Open in Colab]({url})"
        for path in lesson_paths(root / "notebooks")
        if (url := colab_url(path.relative_to(root).as_posix(), address))
    ]
    block = "\n".join(rows) or "(no links yet: the repository's address is not set)"
    before, rest = readme.split(README_START)
    after = rest.split(README_END)[1]
    return f"{before}{README_START}\n{block}\n{README_END}{after}"


def main() -> int:
    """Rewrite the lessons' first code cells and the README's links; return the exit status."""
    address = repository()
    paths = notebook_paths(ROOT / "notebooks")
    for path in paths:
        notebook = json.loads(path.read_text(encoding="utf-8"))
        cell = next(cell for cell in notebook["cells"] if cell["cell_type"] == "code")
        source = first_cell("".join(cell["source"]), address)
        cell["source"] = source.splitlines(keepends=True)
        path.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", "utf-8")
    readme = ROOT / "README.md"
    readme.write_text(readme_links(readme.read_text("utf-8"), address), "utf-8")
    print(f"wrote the first code cell of {len(paths)} notebooks and the README's links")
    return 0


if __name__ == "__main__":
    sys.exit(main())
