"""Write each lesson's first code cell and the README's Colab links from pyproject.toml.

Run after setting or changing the repository's address in ``[project.urls]``::

    make lessons        # or: python tools/lessons.py

A lesson opened alone (Colab, a class server) has no helpers installed. Its first code cell
checks for them before its import line: with the address set, it installs them from there; with
none set, it prints what to install. Where the helpers are installed (a checkout, Binder, a
wheel) it prints nothing, so stored outputs stay as they are. Under the import line it names
``data.documentation()`` and calls ``exercises.explain_slips()`` (plain messages for forgotten
quotes and commas in numbers; in a kernel it prints one line saying they are on, so that cell's
stored output is that line). The whole cell is written from the import line it has;
``tests/test_environment.py`` fails when a lesson differs.
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
    """Return the lines that go above a lesson's import line: find or install the helpers."""
    if address:
        comment = (
            "# Loads the course's helpers. Opened alone (Colab, a class server) where they are\n"
            "# not installed? Then it installs them first, from the course's repository (about\n"
            "# half a minute).\n"
        )
        action = f'    %pip install --quiet "counting-the-fallen @ git+{address}"'
    else:
        comment = (
            "# Loads the course's helpers. Opened alone (Colab, a class server) where they are\n"
            "# not installed? Then it says so and the import line stops with an error: ask your\n"
            "# instructor for the line that installs them.\n"
        )
        message = (
            "The course's helpers are not installed: ask your instructor for the install line."
        )
        action = f'    print("{message}")'
    return (
        f"{comment}"
        "import importlib.util\n\n"
        'if importlib.util.find_spec("helpers") is None:\n'
        f"{action}\n"
    )


#: Below the import line: plain words for forgotten quotes and commas in numbers, and where the
#: data's documentation is (both only where the lesson imports what they need).
SLIPS = (
    "# Two common typing slips, text without its quotes and a number typed with commas,\n"
    "# are then explained in plain words:\n"
    "exercises.explain_slips()"
)
DOCUMENTATION = "# The data's own documentation, from any cell: data.documentation()"


def import_line(source: str) -> str:
    """Return the line of a first code cell that imports the helpers."""
    return next(line for line in source.splitlines() if line.startswith("from helpers import "))


def first_cell(source: str, address: str | None) -> str:
    """Return a first code cell's source: the guard, its import line, then what follows it.

    What follows: a pointer to the data's documentation when the lesson imports ``data``, and
    the call that explains slips when it imports ``exercises``.
    """
    line = import_line(source)
    imported = {name.strip() for name in line.removeprefix("from helpers import ").split(",")}
    after = [DOCUMENTATION] if "data" in imported else []
    after += [SLIPS] if "exercises" in imported else []
    tail = "\n\n" + "\n".join(after) if after else ""
    return guard(address) + line + tail


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
