"""The lesson cache: what its key depends on, and ``make run`` reusing unchanged lessons."""

from __future__ import annotations

import nbformat
from ledger import git
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from helpers import data
from helpers.course import cache, pipeline

LESSONS = ["00_start_here", "00_start_here_solutions"]


def write_notebook(path, source="print(1)", output="1\n"):
    cell = new_code_cell(source, outputs=[nbformat.v4.new_output("stream", text=output)])
    nbformat.write(new_notebook(cells=[new_markdown_cell("# A"), cell]), path)
    return path


def test_key_follows_the_cells_not_the_outputs(tmp_path):
    shared = "x" * 64
    first = write_notebook(tmp_path / "a.ipynb").read_text()
    other_output = write_notebook(tmp_path / "a.ipynb", output="2\n").read_text()
    edited = write_notebook(tmp_path / "a.ipynb", source="print(2)").read_text()
    assert cache.lesson_key(first, shared) == cache.lesson_key(other_output, shared)
    assert cache.lesson_key(first, shared) != cache.lesson_key(edited, shared)
    assert cache.lesson_key(first, shared) != cache.lesson_key(first, "y" * 64)


def test_shared_inputs_follow_the_data_the_lock_and_the_date(tmp_path):
    """After a data change every lesson runs again: they all share this digest."""
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "table.csv").write_text("a\n1\n")
    lock = tmp_path / "uv.lock"
    lock.write_text("one")
    before = cache.shared_inputs(folder, lock)
    assert cache.shared_inputs(folder, lock) == before
    assert cache.shared_inputs(folder, lock, today="2030-01-01") != before
    lock.write_text("two")
    assert cache.shared_inputs(folder, lock) != before
    lock.write_text("one")
    (folder / "table.csv").write_text("a\n2\n")
    assert cache.shared_inputs(folder, lock) != before


def test_remembered_lesson_is_reused_with_its_charts(tmp_path):
    lessons = cache.LessonCache(tmp_path / "cache", "s" * 64)
    path = write_notebook(tmp_path / "01_a.ipynb")
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "01_a_01_title.png").write_bytes(b"png")
    (figures / "01_a.jsonl").write_text("{}\n")
    (figures / "01_ab_01_other.png").write_bytes(b"not this lesson's")
    assert lessons.split([path]) == ([], [path])
    lessons.remember(path, figures)
    assert lessons.split([path]) == ([path], [])
    assert lessons.split([path], fresh=True) == ([], [path])
    elsewhere = tmp_path / "staged"
    assert lessons.restore_charts(path, elsewhere) == 1
    assert sorted(p.name for p in elsewhere.iterdir()) == ["01_a.jsonl", "01_a_01_title.png"]
    write_notebook(path, output="other\n")  # other outputs on disk (a checkout): run again
    assert lessons.split([path]) == ([], [path])


def test_make_run_reuses_unchanged_lessons_and_reruns_after_edits(project):
    today = data.date_limit()
    lines: list[str] = []

    def run(**options):
        lines.clear()
        status = pipeline.run(project, today=today, only=LESSONS, progress=lines.append, **options)
        assert status == 0, "\n".join(lines)
        return "\n".join(lines)

    run()
    stored = {path: path.read_bytes() for path in project.notebooks.rglob("*.ipynb")}
    figures = {path.name: path.read_bytes() for path in project.figures.iterdir()}
    said = run()
    assert "executing 0 notebooks" in said and "2 unchanged since their last run, reused" in said
    assert "notebooks/00_start_here.ipynb: reused" in said
    assert {path: path.read_bytes() for path in project.notebooks.rglob("*.ipynb")} == stored
    assert {path.name: path.read_bytes() for path in project.figures.iterdir()} == figures

    lesson = project.notebooks / "00_start_here.ipynb"
    notebook = nbformat.read(lesson, as_version=4)
    markdown = next(cell for cell in notebook.cells if cell.cell_type == "markdown")
    markdown.source += " (edited)"
    nbformat.write(notebook, lesson)
    git(project.root, "commit", "-qam", "one word")
    said = run()
    assert "executing 1 notebooks" in said
    assert "solutions/00_start_here_solutions.ipynb: reused" in said


def test_the_site_is_reused_while_its_key_holds(tmp_path):
    written = []

    def write(folder):
        def writer():
            written.append(folder)
            (folder / "index.html").write_text("index")
            return [folder / "index.html"]

        return writer

    for number, key in enumerate(["a", "a", "b"]):
        folder = tmp_path / f"staged{number}"
        folder.mkdir()
        pages, same = cache.reuse_site(tmp_path / "cache", key, folder, write(folder))
        assert pages == [folder / "index.html"] and pages[0].read_text() == "index"
        assert same == (number == 1)
    assert len(written) == 2
    lesson = write_notebook(tmp_path / "01_a.ipynb")
    key = cache.site_key("s", [lesson], "1.0")
    assert cache.site_key("s", [lesson], "1.1") != key
    write_notebook(lesson, output="other\n")
    assert cache.site_key("s", [lesson], "1.0") != key
