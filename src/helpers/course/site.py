"""The static site and the figure index that ``make run`` writes to ``build/``.

The site is plain HTML that opens from disk with no network: nbconvert's ``basic`` template
(body only, no scripts), wrapped in our own page with the styles inlined. No CDN scripts,
styles, fonts or MathJax. Text from the data is escaped.

Belongs here: turning executed lessons and the exported charts' logs into HTML. Does not belong
here: executing lessons or drawing charts; and nothing here knows a lesson's wording.
"""

from __future__ import annotations

import csv
import html
import json
import re
from pathlib import Path

from helpers.paths import colab_url, repository_url

PAGE = """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
{style}
</style>
</head>
<body>
<header><a href="{home}">Counting the Fallen</a></header>
<main>
{body}
</main>
<footer>{footer}</footer>
</body>
</html>
"""

STYLE = """
body { font-family: "DejaVu Sans", "Helvetica Neue", Arial, sans-serif; margin: 0;
       color: #222; line-height: 1.5; background: #fff; }
header, footer { background: #f3f3f3; padding: 0.8rem 1.5rem; }
header a { font-weight: bold; color: #0072B2; text-decoration: none; }
footer { color: #555; font-size: 0.9rem; margin-top: 3rem; }
main { max-width: 60rem; margin: 0 auto; padding: 1rem 1.5rem; }
img { max-width: 100%; height: auto; }
pre, code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 0.9rem; }
pre { background: #f7f7f7; padding: 0.6rem; overflow-x: auto; white-space: pre-wrap; }
table { border-collapse: collapse; font-size: 0.9rem; margin: 0.5rem 0; }
th, td { border: 1px solid #ddd; padding: 0.25rem 0.5rem; text-align: right; }
th { background: #f3f3f3; }
blockquote { border-left: 4px solid #E69F00; margin: 1rem 0; padding: 0.2rem 1rem;
             background: #fff8e8; }
.input_area, .jp-InputArea { border-left: 3px solid #0072B2; }
.prompt, .input_prompt, .output_prompt { display: none; }
ul.lessons li { margin-bottom: 1rem; }
"""


def _pygments_css() -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style="default").get_style_defs(".highlight")


def page(title: str, body: str, footer: str, home: str = "index.html") -> str:
    """Return a complete, self-contained HTML page (``title`` and ``footer`` are escaped)."""
    style = STYLE + _pygments_css()
    return PAGE.format(
        title=html.escape(title),
        style=style,
        body=body,
        footer=html.escape(footer),
        home=html.escape(home),
    )


def lesson_title(notebook) -> str:
    """Return the text of the lesson's first heading."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return "Lesson"


def _paragraphs(notebook):
    """Yield the paragraphs of the notebook's markdown cells, in order."""
    for cell in notebook.cells:
        if cell.cell_type == "markdown":
            yield from (part.strip() for part in cell.source.split("\n\n") if part.strip())


def lesson_summary(notebook) -> str:
    """Return the lesson's summary: its first paragraph of plain text, on one line.

    Headings, quotes (a content note) and lists are skipped, and so is a paragraph that is
    only a bold label ("**What you will learn**"); a bold label that starts the paragraph
    ("**What you will do:**") is left out of the summary.
    """
    for paragraph in _paragraphs(notebook):
        if paragraph.startswith(("#", ">", "-", "1.")):
            continue
        text = re.sub(r"^\*\*[^*]+\*\*", "", paragraph).strip()
        if text and not text.startswith("-"):
            return " ".join(text.split())
    return ""


def write_site(lessons: list[Path], folder: Path, version: str) -> list[Path]:
    """Write one HTML page per executed lesson and an index page; return the pages written."""
    import nbformat
    from nbconvert import HTMLExporter

    folder.mkdir(parents=True, exist_ok=True)
    exporter = HTMLExporter(template_name="basic")
    footer = f"Counting the Fallen, data package version {version}. Code MIT, data CC BY 4.0."
    entries, written = [], []
    for path in lessons:
        notebook = nbformat.read(path, as_version=4)
        body, _ = exporter.from_notebook_node(notebook)
        title = lesson_title(notebook)
        target = folder / f"{path.stem}.html"
        target.write_text(page(title, body, footer), encoding="utf-8")
        written.append(target)
        colab = colab_url(f"notebooks/{path.name}", repository_url())
        entries.append((target.name, title, lesson_summary(notebook), colab))
    items = "\n".join(
        f'<li><a href="{html.escape(name)}">{html.escape(title)}</a>'
        + (f' (<a href="{html.escape(colab)}">Open in Colab</a>)' if colab else "")
        + f"<br>{html.escape(summary)}</li>"
        for name, title, summary, colab in entries
    )
    body = (
        "<h1>Counting the Fallen</h1>\n"
        "<p>Lessons on reading war statistics: every figure sourced, every estimate a range "
        "named by who made it.</p>\n"
        f'<ul class="lessons">\n{items}\n</ul>\n'
        '<p><a href="../figures/index.html">All charts, with their descriptions and sources'
        "</a></p>"
    )
    if (folder.parent / "changes.html").is_file():  # python -m helpers changes writes it
        body += (
            '\n<p><a href="../changes.html">What changed for class since the last commit</a></p>'
        )
    index = folder / "index.html"
    index.write_text(page("Counting the Fallen", body, footer), encoding="utf-8")
    return [index, *written]


def write_figure_index(folder: Path, version: str) -> list[dict[str, str]]:
    """Merge the per-lesson figure logs into index.csv and index.html; return the entries."""
    entries = []
    for log in sorted(folder.glob("*.jsonl")):
        entries += [json.loads(line) for line in log.read_text(encoding="utf-8").splitlines()]
        log.unlink()
    columns = ["lesson", "png", "svg", "title", "alt_text", "source_line"]
    with (folder / "index.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, lineterminator="\n")
        writer.writeheader()
        writer.writerows(entries)
    rows = "\n".join(
        '<tr><td>{}</td><td><a href="{}"><img src="{}" alt="{}" width="320"></a></td>'
        "<td>{}</td><td>{}</td><td>{}</td></tr>".format(
            *(html.escape(entry[key]) for key in ("lesson", "png", "png", "alt_text", "title")),
            html.escape(entry["alt_text"]),
            html.escape(entry["source_line"]),
        )
        for entry in entries
    )
    body = (
        f"<h1>Charts</h1>\n<p>{len(entries)} charts, each as PNG (slide size) and SVG, with its "
        "description (alt text) and source line. "
        f"Data package version {html.escape(version)}.</p>\n"
        "<table><tr><th>lesson</th><th>chart</th><th>title</th><th>description</th>"
        f"<th>source</th></tr>\n{rows}\n</table>"
    )
    footer = f"Counting the Fallen, data package version {version}."
    page_text = page("Charts", body, footer, home="../site/index.html")
    (folder / "index.html").write_text(page_text, encoding="utf-8")
    return entries
