"""Every silent check of a lesson's text opens with the same one-line comment for students."""

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted((ROOT / "notebooks").glob("*.ipynb")) + sorted(
    (ROOT / "notebooks" / "solutions").glob("*.ipynb")
)
COMMENT = (
    "# A silent check of the text above: it prints nothing while the text holds."
    " You need not read its code."
)
#: The opening of a cell that checks the text and also shows something (a table, a line).
MIXED = (
    "# The exercises.confirm(...) lines of this cell check the text above: they print nothing"
    " while\n# it holds. What the cell shows below comes from its other lines."
)


def _silent_check_cells(path: Path) -> list[str]:
    """Return the source of every code cell that checks the text (confirm, not an exercise)."""
    notebook = json.loads(path.read_text(encoding="utf-8"))
    sources = [
        "".join(cell["source"]) for cell in notebook["cells"] if cell["cell_type"] == "code"
    ]
    return [
        source
        for source in sources
        if "exercises.confirm(" in source
        and "exercises.check(" not in source
        and "exercises.choices(" not in source
    ]


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.name)
def test_every_silent_check_starts_with_the_comment(path):
    wrong = [
        cell.splitlines()[0]
        for cell in _silent_check_cells(path)
        if not cell.startswith((COMMENT, MIXED))
    ]
    assert not wrong, f"{path.name}: silent checks without the opening comment: {wrong}"


def test_the_lessons_have_silent_checks():
    assert sum(len(_silent_check_cells(path)) for path in LESSONS) > 20


@pytest.mark.parametrize("path", LESSONS, ids=lambda path: path.name)
def test_a_check_that_shows_something_does_not_call_itself_silent(path):
    notebook = json.loads(path.read_text(encoding="utf-8"))
    loud = [
        "".join(cell["source"]).splitlines()[0]
        for cell in notebook["cells"]
        if cell["cell_type"] == "code"
        and cell.get("outputs")
        and "".join(cell["source"]).startswith(COMMENT)
    ]
    assert not loud, f"{path.name}: cells that show output but say they print nothing: {loud}"
