"""What changed for class: outputs read as lines, table cells and charts, and the answers."""

from __future__ import annotations

import ledger
import nbformat
import pytest
from ledger import git
from nbformat.v4 import new_code_cell, new_notebook, new_output

from helpers.course import changes, pipeline

TABLE = (
    "<table><thead><tr><th></th><th>year</th><th>remains</th></tr></thead><tbody>"
    "<tr><th>0</th><td>2024</td><td>{a}</td></tr>{extra}</tbody></table>"
)


def lesson(printed="Total: 85", remains=10, extra="", png="AAA", alt="Bars to 2024"):
    cells = [
        new_code_cell("print(total)", outputs=[new_output("stream", text=printed + "\n")]),
        new_code_cell(
            "table",
            outputs=[
                new_output(
                    "execute_result",
                    {"text/html": TABLE.format(a=remains, extra=extra), "text/plain": "..."},
                    execution_count=1,
                )
            ],
        ),
        new_code_cell(
            "charts.show(ax)",
            outputs=[
                new_output(
                    "display_data", {"image/png": png}, metadata={"image/png": {"alt": alt}}
                )
            ],
        ),
    ]
    return nbformat.writes(new_notebook(cells=cells))


def test_the_same_outputs_make_no_change():
    assert changes.lesson_changes(lesson(), lesson()) == []


def test_a_printed_number_a_table_cell_and_a_new_row_are_named_old_to_new():
    new = lesson("Total: 97", remains=12, extra="<tr><th>1</th><td>2025</td><td>3</td></tr>")
    said = [change.sentence() for change in changes.lesson_changes(lesson(), new)]
    assert "cell 1: Total: 85 → Total: 97" in said
    assert "cell 2, table, row 2024, remains: 10 → 12" in said
    assert "cell 2, table, a row: new: 1 | 2025 | 3" in said


def test_a_chart_keeps_both_pictures_and_both_alt_texts():
    (change,) = changes.lesson_changes(lesson(), lesson(png="BBB", alt="Bars to 2025"))
    assert change.where == "cell 3, chart 1" and change.old == "picture and description"
    assert (change.old_chart.png, change.new_chart.png) == ("AAA", "BBB")
    page = changes.Report("v1", {"notebooks/01.ipynb": [change]}, []).html()
    assert "Bars to 2024" in page and "Bars to 2025" in page
    assert page.count("data:image/png;base64,") == 2


def test_nothing_changed_is_one_line():
    report = changes.Report("HEAD", {"notebooks/01.ipynb": []}, [])
    assert not report and len(report.summary().splitlines()) == 1


@pytest.mark.slow
def test_the_next_handover_shows_in_outputs_charts_and_answers(project):
    new = ledger.add_next_year(project.data)
    git(project.root, "commit", "-qam", "next year")
    lines: list[str] = []
    only = ["01_remains_handovers"]
    assert pipeline.run(project, today=new.today, only=only, progress=lines.append) == 0, lines
    report = changes.compare(project.root, "HEAD~1", new.today.isoformat())
    lesson_changes = report.lessons["notebooks/01_remains_handovers.ipynb"]
    said = "\n".join(change.sentence() for change in lesson_changes)
    assert str(new.year) in said and str(new.total) in said
    assert any(
        change.new_chart and str(new.year) in change.new_chart.alt for change in lesson_changes
    )
    assert report.answers, "an answer computed from the handovers moved"
    assert not report.lessons["notebooks/00_start_here.ipynb"], "not run: unchanged"
    page = changes.write_html(report, project.root / "build" / "changes.html")
    assert "exercise" in page.read_text(encoding="utf-8")


def test_a_change_of_spacing_alone_is_not_a_change():
    assert changes._line_changes("cell 1", ["2023    25"], ["2023     25"]) == []
