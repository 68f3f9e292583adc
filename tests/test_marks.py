"""The source of every mark: a synthetic chart's SVG marks get tooltips, Tab focus and links.

No lesson chart is needed: a small chart names its claims with ``sources.mark`` and
``sources.mark_points``, and the SVG export (``course.figures``) adds the rest from a small
claims ledger and source register written here.
"""

from __future__ import annotations

import csv
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import charts, sources
from helpers.course import figures, site

SVG = "{http://www.w3.org/2000/svg}"
XLINK_HREF = "{http://www.w3.org/1999/xlink}href"
CLAIMS = [
    {
        "claim_id": "c1",
        "source_id": "paper-2020",
        "locator": "para 3",
        "estimator": "Western estimates",
        "measure_as_stated": "Chinese deaths",
        "value": "400000",
        "bound": "best",
        "qualifier": "about",
        "refers_to": "1950-1953",
        "as_of": "",
        "notes": "",
    },
    {
        "claim_id": "c2",
        "source_id": "agency-2021",
        "locator": "para 1",
        "estimator": "",
        "measure_as_stated": "remains <script>alert(1)</script>",
        "value": "117",
        "bound": "exact",
        "qualifier": "",
        "refers_to": "2020-09-27",
        "as_of": "",
        "notes": "",
    },
]
REGISTER = [
    {
        "source_id": "paper-2020",
        "publisher": "The Daily Paper",
        "date_published": "2020-06-25",
        "url": "https://example.org/paper?a=1&b=2",
    },
    {
        "source_id": "agency-2021",
        "publisher": "Agency <b>News</b>",
        "date_published": "2021-01-02",
        "url": "javascript:alert(1)",
    },
]


def write_rows(path: Path, rows: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


@pytest.fixture
def data(tmp_path) -> Path:
    folder = tmp_path / "data"
    write_rows(folder / "raw" / "claims.csv", CLAIMS)
    write_rows(folder / "sources.csv", REGISTER)
    return folder


def synthetic_chart(marked: bool = True):
    """Return an Axes with two bars and two dots; marked, each names its claims."""
    _figure, ax = plt.subplots(figsize=(4, 3))
    bars = ax.bar([0, 1], [5, 7])
    dots = ax.scatter([0, 1], [1, 2])
    ax.set_title("Synthetic chart", loc="left")
    ax.set_label("Two bars and two dots, for a test.")
    cited = pd.DataFrame({"source_ids": ["paper-2020;agency-2021"]})
    charts.finish.add_footer(ax, [cited], sources=pd.DataFrame(REGISTER))
    if marked:
        sources.mark(bars[0], "c1")
        sources.mark(bars[1], "c2")
        sources.mark_points(dots, ["c1", ("c1", "c2")])
    return ax


def saved(tmp_path: Path, name: str, marked: bool = True) -> tuple[Path, Path]:
    ax = synthetic_chart(marked)
    png, svg = charts.save(ax, tmp_path / name)
    plt.close(ax.figure)
    return png, svg


def test_prefixes_agree():
    assert (figures.MARK_PREFIX, figures.POINTS_PREFIX) == (
        sources.MARK_PREFIX,
        sources.POINTS_PREFIX,
    )


def test_marks_get_tooltips_focus_and_links(tmp_path, data):
    _, svg = saved(tmp_path, "chart")
    assert figures.has_marks(svg)
    assert figures.annotate_marks(svg, figures.mark_sources(data)) == 4
    text = svg.read_text(encoding="utf-8")
    root = ET.fromstring(text)
    marks = [element for element in root.iter() if element.get("class") == "mark"]
    assert len(marks) == 4
    first = next(mark for mark in marks if mark.get("id") == "mark-c1")
    tip = first.find(f"{SVG}title").text
    assert tip.splitlines() == [
        "Western estimates (best estimate): about 400,000 Chinese deaths",
        "Date: refers to 1950-1953",
        "Source: The Daily Paper, published 2020-06-25, para 3 [c1]",
    ]
    links = [element for element in root.iter(f"{SVG}a")]
    assert {link.get(XLINK_HREF) for link in links} == {"https://example.org/paper?a=1&b=2"}
    assert len(links) == 3  # bar c1, dot c1 and dot c1+c2 (its first address)
    # c2's address is not http(s): no link, but the mark is reachable with Tab.
    second = next(mark for mark in marks if mark.get("id") == "mark-c2")
    assert second.get("tabindex") == "0"
    assert "Report: 117 remains <script>" in second.find(f"{SVG}title").text
    # Text from the data is escaped: no tag of the data reaches the SVG.
    assert "<script" not in text and "<b>" not in text and "javascript:" not in text
    assert "&lt;script&gt;" in text
    assert text.startswith('<?xml version="1.0" encoding="utf-8" standalone="no"?>')


def test_annotating_is_deterministic_and_the_png_is_unchanged(tmp_path, data):
    marks = figures.mark_sources(data)
    png_a, svg_a = saved(tmp_path, "a")
    _png_b, svg_b = saved(tmp_path, "b")
    png_plain, svg_plain = saved(tmp_path, "plain", marked=False)
    figures.annotate_marks(svg_a, marks)
    figures.annotate_marks(svg_b, marks)
    assert svg_a.read_bytes() == svg_b.read_bytes()
    assert png_a.read_bytes() == png_plain.read_bytes()
    assert not figures.has_marks(svg_plain)


def test_an_unknown_claim_or_a_wrong_count_is_refused(tmp_path, data):
    marks = figures.mark_sources(data)
    ax = synthetic_chart(marked=False)
    sources.mark(ax.patches[0], "c999")
    _, svg = charts.save(ax, tmp_path / "unknown")
    with pytest.raises(ValueError, match="c999"):
        figures.annotate_marks(svg, marks)
    sources.mark(ax.patches[0], "c1")
    sources.mark_points(ax.collections[0], ["c1"])
    _, svg = charts.save(ax, tmp_path / "count")
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="names 1 points but draws 2"):
        figures.annotate_marks(svg, marks)
    with pytest.raises(ValueError, match="letters, digits"):
        sources.mark(ax.patches[0], "c1.c2")


def test_the_exporter_annotates_from_the_data_package(tmp_path, data, monkeypatch):
    monkeypatch.setenv("COUNTING_THE_FALLEN_DATA", str(data))
    exporter = figures.ChartExporter(tmp_path / "figures", "99_synthetic")
    ax = synthetic_chart()
    entry = exporter(ax)
    plt.close(ax.figure)
    text = (tmp_path / "figures" / entry["svg"]).read_text(encoding="utf-8")
    assert text.count('class="mark"') == 4 and "The Daily Paper" in text


def synthetic_lesson(folder: Path, png: Path) -> Path:
    """Write a one-chart lesson, ``01_synthetic.ipynb``, that shows ``png``; return its path."""
    import base64

    import nbformat

    notebook = nbformat.v4.new_notebook()
    notebook.metadata["language_info"] = {"name": "python", "pygments_lexer": "ipython3"}
    cell = nbformat.v4.new_code_cell("charts.show(ax)")
    cell.outputs = [
        nbformat.v4.new_output(
            "display_data",
            data={"image/png": base64.b64encode(png.read_bytes()).decode()},
            metadata={"image/png": {"alt": "Two bars and two dots, for a test."}},
        )
    ]
    notebook.cells = [nbformat.v4.new_markdown_cell("# A synthetic lesson"), cell]
    path = folder / "01_synthetic.ipynb"
    folder.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


def synthetic_site(tmp_path: Path, data: Path) -> Path:
    """Build a site of one synthetic lesson whose chart names its claims; return its folder."""
    exporter = figures.ChartExporter(tmp_path / "figures", "01_synthetic")
    exporter.marks = figures.mark_sources(data)
    ax = synthetic_chart()
    entry = exporter(ax)
    plt.close(ax.figure)
    site.write_figure_index(tmp_path / "figures", "0.0.0")
    lesson = synthetic_lesson(
        tmp_path / "project" / "notebooks", tmp_path / "figures" / entry["png"]
    )
    folder = tmp_path / "project" / "build" / "site"
    site.write_site([lesson], folder, "0.0.0", figures=tmp_path / "figures")
    return folder


def test_the_gallery_embeds_the_svg_inline(tmp_path, data):
    folder = synthetic_site(tmp_path, data)
    gallery = (folder / "gallery.html").read_text(encoding="utf-8")
    assert gallery.count('class="mark"') == 4
    assert re.search(r'<a [^>]*href="https://example.org/paper\?a=1&amp;b=2"', gallery)
    assert "<script>alert" not in gallery
    assert (folder / "figures" / "01_synthetic_01_synthetic-chart.svg").is_file()
    assert "download>Download PNG</a>" in gallery
    # The lesson page shows the chart as SVG too, its marks linked, its alt text kept.
    lesson = (folder / "notebooks" / "01_synthetic.html").read_text(encoding="utf-8")
    assert lesson.count('class="mark"') == 4 and "_images/" not in lesson
    assert "Two bars and two dots, for a test." in lesson
