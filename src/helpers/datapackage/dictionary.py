"""The column dictionary of ``data/README.md``, generated from ``datapackage.json``.

The README keeps its hand-written parts; only the text between the two markers below is
replaced, so the dictionary can never drift from the schema (a test checks it is current).

Belongs here: writing the schema as a table a student can read. Does not belong here: the
schema itself (:mod:`.schema`) or the hand-written parts of the README.
"""

from __future__ import annotations

from pathlib import Path

from helpers.datapackage.files import write_atomically
from helpers.datapackage.schema import package, resources

BEGIN = (
    "<!-- BEGIN column dictionary: "
    "generated from datapackage.json by `python -m helpers build` -->"
)
END = "<!-- END column dictionary -->"


def _cell(text: str) -> str:
    """Return ``text`` safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def dictionary_markdown(folder: Path) -> str:
    """Return the Markdown column dictionary (column, meaning, unit, example) of every table."""
    descriptor = package(folder)
    licence = descriptor["licenses"][0]["name"]
    parts = [f"Data package version {descriptor['version']}; licence {licence}."]
    for resource in resources(folder).values():
        parts.append(f"\n### `{resource.path}`: {resource.title}\n\n{resource.description}\n")
        parts.append("| column | meaning | unit | example |\n|---|---|---|---|")
        for field in resource.fields:
            required = " Required." if field.required else ""
            allowed = f" One of: {', '.join(field.enum)}." if field.enum else ""
            meaning = _cell(field.description + required + allowed)
            parts.append(
                f"| `{field.name}` | {meaning} | {_cell(field.unit)} | {_cell(field.example)} |"
            )
    return "\n".join(parts) + "\n"


def updated_readme(readme_text: str, folder: Path) -> str:
    """Return ``readme_text`` with the dictionary between the markers regenerated."""
    head, _, rest = readme_text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if not rest:
        raise ValueError(f"data/README.md lacks the marker line {BEGIN!r}")
    return f"{head}{BEGIN}\n{dictionary_markdown(folder)}{END}{tail}"


def write_readme(folder: Path) -> Path:
    """Regenerate the dictionary inside ``folder``/README.md; return the path."""
    path = folder / "README.md"
    write_atomically(path, updated_readme(path.read_text(encoding="utf-8"), folder))
    return path
