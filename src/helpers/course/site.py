"""The course site (``build/site/``) and the figure index (``build/figures/index.html``).

The site is built by Sphinx with MyST-NB and the book theme, from the lessons' stored outputs
(nothing is executed). :func:`write_site` assembles a source folder in ``build/.site-source``
that mirrors the repository (``notebooks/``, ``notebooks/solutions/``, ``docs/``, ``data/``),
so the launch buttons point at the right file, writes its ``conf.py`` there from
pyproject.toml (generated, not committed: the addresses are read from pyproject.toml at each
build, and the source folder is a build product), and runs Sphinx with warnings as errors. The
folder and Sphinx's doctrees are kept between runs, and a file is rewritten only when it
changed, so unchanged pages are not parsed again.

The addresses, all in pyproject.toml: ``[project.urls] Repository`` (Binder, Colab, and the
source of the JupyterHub's nbgitpuller link) and ``[tool.counting-the-fallen] jupyterhub_url``
(the class JupyterHub). With none set, no launch button is made and each lesson page says how
to open the lesson.

Everything the site loads is on disk: the theme's own files, no CDN scripts, styles or fonts.
Text from the data is escaped wherever it lands.

Belongs here: turning executed lessons, documents and the exported charts into the site and the
figure index. Does not belong here: executing lessons, drawing charts or annotating their marks
(:mod:`helpers.course.figures`); and nothing here knows a lesson's wording.
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

TITLE = "Counting the Fallen"
#: Where, in pyproject.toml, an instructor sets the class JupyterHub's address.
SETTINGS_TABLE = "counting-the-fallen"
HUB_SETTING = "jupyterhub_url"
#: The front page's own words (a lesson's words come from the lesson).
INTRO = (
    "Lessons on reading war statistics: every figure sourced, every estimate a range named "
    "by who made it."
)
#: How the site finds a lesson's first cell: its install lines (for a lesson opened alone)
#: check for the helpers like this; the site shows the cell from its import line on.
INSTALL_CHECK = 'find_spec("helpers")'
IMPORT_LINE = "from helpers import"

CONF = '''"""Sphinx settings of the course site, written by helpers.course.site: do not edit."""

project = {title!r}
copyright = "Counting the Fallen contributors. Code MIT, data CC BY 4.0"
extensions = ["myst_nb"]
nb_execution_mode = "off"
nb_merge_streams = True
myst_heading_anchors = 3
exclude_patterns = ["_build", "_extra", "**.ipynb_checkpoints"]
html_theme = "sphinx_book_theme"
html_title = {title!r}
html_static_path = ["_static"]
html_extra_path = ["_extra"]
html_css_files = ["marks.css"]
html_js_files = ["marks.js"]
html_sourcelink_suffix = ""
html_last_updated_fmt = None
html_copy_source = True
html_show_sphinx = False
html_theme_options = {theme!r}
suppress_warnings = ["mystnb.unknown_mime_type"]
'''

MARKS_CSS = """
.mark:focus, a:focus > .mark { outline: 2px solid #0072B2; }
.mark-tip { position: absolute; z-index: 1000; max-width: 28rem; padding: 0.4rem 0.6rem;
  background: #fff; color: #222; border: 1px solid #555; border-radius: 4px;
  font-size: 0.85rem; white-space: pre-line; pointer-events: none; }
.gallery-chart svg { max-width: 100%; height: auto; }
.gallery-chart { margin: 0.5rem 0 1rem 0; }
.gallery-downloads a { margin-right: 1rem; }
"""

#: Shows a focused mark's tooltip (its SVG <title>) beside it: browsers show a title only on
#: hover, and a keyboard user focuses instead. The text is set with textContent (no HTML).
MARKS_JS = """
(function () {
  var tip = null;
  function titleOf(element) {
    var own = element.querySelector(':scope > title');
    if (own) { return own.textContent; }
    var inner = element.querySelector('.mark > title');
    return inner ? inner.textContent : null;
  }
  document.addEventListener('focusin', function (event) {
    var target = event.target;
    if (!target.closest || !target.closest('svg')) { return; }
    var text = titleOf(target);
    if (!text) { return; }
    if (!tip) { tip = document.createElement('div'); tip.className = 'mark-tip';
      tip.setAttribute('role', 'tooltip'); document.body.appendChild(tip); }
    tip.textContent = text;
    var box = target.getBoundingClientRect();
    tip.style.left = (window.scrollX + box.right + 8) + 'px';
    tip.style.top = (window.scrollY + box.top) + 'px';
    tip.style.display = 'block';
  });
  document.addEventListener('focusout', function () { if (tip) { tip.style.display = 'none'; } });
})();
"""


class SiteError(RuntimeError):
    """Sphinx stopped, or warned (warnings stop the build); the message has its output."""


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


def addresses(root: Path) -> dict[str, str | None]:
    """Return the repository's and the class JupyterHub's addresses from pyproject.toml.

    Keys ``repository`` (``[project.urls] Repository``, as tools/lessons.py reads it) and
    ``jupyterhub`` (``[tool.counting-the-fallen] jupyterhub_url``); a value is None when it is
    not set, or when there is no pyproject.toml.
    """
    try:
        settings = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    except OSError:
        settings = {}
    repository = settings.get("project", {}).get("urls", {}).get("Repository")
    hub = settings.get("tool", {}).get(SETTINGS_TABLE, {}).get(HUB_SETTING)
    return {"repository": repository or None, "jupyterhub": hub or None}


def theme_options(repository: str | None, hub: str | None, version: str = "") -> dict:
    """Return the book theme's options: download button always, launch buttons per address.

    Binder needs the repository; Colab a GitHub repository; the JupyterHub button (an
    nbgitpuller link) the hub's address and the repository it pulls from.
    """
    footer = "Code MIT, data CC BY 4.0."
    if version:
        footer = f"{TITLE}, data package version {html.escape(version)}. {footer}"
    options = {
        "extra_footer": f"<p>{footer}</p>",
        "use_download_button": True,
        "use_fullscreen_button": False,
        "home_page_in_toc": True,
        "show_toc_level": 2,
        "navigation_with_keys": True,
    }
    if not repository:
        return options
    launch = {"binderhub_url": "https://mybinder.org", "notebook_interface": "jupyterlab"}
    if re.match(r"https://github\.com/[\w.-]+/[\w.-]+", repository):
        launch["colab_url"] = "https://colab.research.google.com"
    if hub:
        launch["jupyterhub_url"] = hub
    options.update(
        repository_url=repository.removesuffix(".git").rstrip("/"),
        repository_branch="main",
        path_to_docs="",
        use_repository_button=True,
        launch_buttons=launch,
    )
    return options


def how_to_open(buttons: bool) -> str:
    """Return the note that replaces a lesson's install lines in the site."""
    if buttons:
        where = (
            "Open it with a launch button at the top of this page (the rocket), or download it "
            "(the download button) and open it in JupyterLab in the course's folder "
            "(`make lab`)."
        )
    else:
        where = (
            "Download it with the download button at the top of this page and open it in "
            "JupyterLab in the course's folder (`make lab`), where the helpers are installed. "
            "On Colab or a class server, your instructor gives each lesson's address."
        )
    return f"**To run this lesson yourself:** {where}"


def chart_html(svg: str, alt: str) -> str:
    """Return a chart as it sits in a page: the SVG inline (its marks keep their tooltips and
    links), with its alt text for screen readers."""
    return (
        f'<div class="gallery-chart">\n{inline_svg(svg)}\n'
        f'<p class="visually-hidden">{html.escape(alt)}</p>\n</div>\n'
    )


def _inline_charts(notebook: dict, charts: list[str | None]) -> None:
    """Replace the notebook's chart images, in order, by ``charts`` where one is given.

    Nothing is replaced unless the notebook shows exactly as many images as ``charts`` holds
    (the exported charts of that lesson, in the order it showed them).
    """
    images = [
        output
        for cell in notebook["cells"]
        for output in cell.get("outputs", [])
        if "image/png" in output.get("data", {})
    ]
    if len(images) != len(charts):
        return
    for output, chart in zip(images, charts, strict=True):
        if chart:
            output["data"] = {"text/html": chart}
            output["metadata"] = {}


def site_notebook(text: str, buttons: bool, charts: list[str | None] | None = None) -> str:
    """Return a notebook's JSON as the site shows it: the install lines of its first code cell
    replaced by a note saying how to open the lesson (the downloaded notebook is the original);
    and, given the lesson's exported ``charts`` (HTML, or None for a chart with no marks), each
    chart whose marks name their sources shown as SVG instead of PNG.
    """
    notebook = json.loads(text)
    if charts:
        _inline_charts(notebook, charts)
    for index, cell in enumerate(notebook["cells"]):
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if INSTALL_CHECK in source and IMPORT_LINE in source:
            cell["source"] = source[source.index(IMPORT_LINE) :].rstrip("\n")
            note = {"cell_type": "markdown", "metadata": {}, "source": how_to_open(buttons)}
            if notebook.get("nbformat_minor", 0) >= 5:
                note["id"] = "how-to-open-this-lesson"
            notebook["cells"].insert(index, note)
        break
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def _write(path: Path, text: str | bytes) -> None:
    """Write ``path`` only if its contents change (Sphinx then reuses the page)."""
    data = text.encode("utf-8") if isinstance(text, str) else text
    if path.is_file() and path.read_bytes() == data:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def _heading_text(text: str) -> str:
    """Return ``text`` safe in a MyST heading: markup characters escaped."""
    return re.sub(r"([\\`*_{}\[\]<>()#+!|~$])", r"\\\1", " ".join(text.split()))


def inline_svg(text: str) -> str:
    """Return an SVG file's text ready to sit in an HTML page: declaration and doctype gone."""
    text = re.sub(r"^<\?xml[^>]*\?>\s*", "", text)
    return re.sub(r"^<!DOCTYPE[^>]*>\s*", "", text).strip()


def read_figure_index(figures: Path) -> list[dict[str, str]]:
    """Return the rows of ``figures/index.csv``, or none when there is no index."""
    index = figures / "index.csv"
    if not index.is_file():
        return []
    with index.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def gallery_page(entries: list[dict[str, str]], titles: dict[str, str], svgs: dict) -> str:
    """Return the gallery's MyST text: every chart large, inline (its marks keep their links and
    tooltips), with its description, lesson, sources, and PNG and SVG downloads.

    ``titles`` maps a lesson's name to its title; ``svgs`` an SVG's file name to its text.
    """
    parts = [
        "# Charts\n",
        f"{len(entries)} chart{'' if len(entries) == 1 else 's'} from the lessons. Each comes "
        "as PNG (slide size) and SVG; in the SVG, and here, hovering a mark or reaching it "
        "with the Tab key shows where it comes from, and clicking it opens the source, where "
        "it has an address.\n",
    ]
    for entry in entries:
        lesson = entry["lesson"]
        lesson_link = (
            f"[{_heading_text(titles[lesson])}](notebooks/{lesson}.ipynb)"
            if lesson in titles
            else html.escape(lesson)
        )
        svg = inline_svg(svgs.get(entry["svg"], ""))
        figure = (
            f'<div class="gallery-chart" aria-label="{html.escape(entry["alt_text"])}">\n'
            f"{svg}\n</div>\n"
            if svg
            else f'<img src="figures/{html.escape(entry["png"])}" '
            f'alt="{html.escape(entry["alt_text"])}" style="max-width:100%">\n'
        )
        downloads = (
            '<p class="gallery-downloads">'
            f'<a href="figures/{html.escape(entry["png"])}" download>Download PNG</a>'
            f'<a href="figures/{html.escape(entry["svg"])}" download>Download SVG</a></p>\n'
        )
        sources = (
            "<details><summary>Sources</summary>\n"
            f"<p>{html.escape(entry['source_line'])}</p>\n</details>\n"
        )
        parts.append(f"## {_heading_text(entry['title'])}\n")
        parts.append(f"From {lesson_link}.\n")
        parts.append(f"````{{raw}} html\n{figure}{downloads}{sources}````\n")
        parts.append(f"**Description.** {_heading_text(entry['alt_text'])}\n")
    return "\n".join(parts)


def index_page(lessons: list[tuple[str, str, str]], sections: dict[str, list[str]]) -> str:
    """Return the front page's MyST text: the lessons with their summaries, and the toctrees.

    ``lessons`` holds (document, title, summary); ``sections`` maps a caption to documents.
    """
    items = "\n".join(
        f"- [{_heading_text(title)}]({document}.ipynb): {_heading_text(summary)}"
        for document, title, summary in lessons
    )
    trees = "\n".join(
        f"```{{toctree}}\n:caption: {caption}\n:maxdepth: 1\n\n" + "\n".join(documents) + "\n```\n"
        for caption, documents in sections.items()
        if documents
    )
    return f"# {TITLE}\n\n{INTRO}\n\n## The lessons\n\n{items}\n\n{trees}"


def changes_page() -> str:
    """Return the "what changed for class" page: the report, embedded, and a link to it."""
    return (
        "# What changed for class\n\n"
        "What the last update of the data changed in the lessons.\n\n"
        '```{raw} html\n<p><a href="changes/changes.html">Open the report on its own</a>.</p>\n'
        '<iframe src="changes/changes.html" title="What changed for class" '
        'style="width:100%;height:70vh;border:1px solid #ddd"></iframe>\n```\n'
    )


def write_source(
    notebooks_folder: Path,
    source: Path,
    figures: Path | None = None,
    changes: Path | None = None,
    version: str = "",
) -> list[str]:
    """Assemble the site's Sphinx source folder in ``source``; return its documents.

    The folder mirrors the repository (``notebooks/``, ``docs/``, ``data/``), beside the
    generated ``index.md``, ``gallery.md``, ``changes.md`` and ``conf.py``; files that are
    already there and unchanged are left alone.
    """
    import nbformat

    root = notebooks_folder.parent
    found = addresses(root)
    options = theme_options(found["repository"], found["jupyterhub"], version)
    buttons = "launch_buttons" in options
    lessons, titles = [], {}
    sections: dict[str, list[str]] = {}
    lesson_paths = sorted(notebooks_folder.glob("[0-9]*.ipynb"))
    solution_paths = sorted((notebooks_folder / "solutions").glob("*.ipynb"))
    entries = read_figure_index(figures) if figures else []
    svgs = {entry["svg"]: (figures / entry["svg"]).read_text("utf-8") for entry in entries}
    for caption, paths in (("Lessons", lesson_paths), ("Solutions", solution_paths)):
        for path in paths:
            document = path.relative_to(root).with_suffix("").as_posix()
            text = path.read_text(encoding="utf-8")
            charts = [
                chart_html(svgs[entry["svg"]], entry["alt_text"])
                if 'class="mark"' in svgs[entry["svg"]]
                else None
                for entry in entries
                if entry["lesson"] == path.stem
            ]
            _write(source / f"{document}.ipynb", site_notebook(text, buttons, charts))
            sections.setdefault(caption, []).append(document)
            if caption == "Lessons":
                notebook = nbformat.reads(text, as_version=4)
                titles[path.stem] = lesson_title(notebook)
                lessons.append((document, titles[path.stem], lesson_summary(notebook)))
    for caption, relative in (("For instructors", "docs/instructor_guide.md"),
                              ("Reference", "data/README.md")):  # fmt: skip
        if (root / relative).is_file():
            _write(source / relative, (root / relative).read_bytes())
            sections.setdefault(caption, []).append(relative.removesuffix(".md"))
    extra = source / "_extra"
    shutil.rmtree(extra, ignore_errors=True)
    if entries:
        for entry in entries:
            for kind in ("png", "svg"):
                (extra / "figures").mkdir(parents=True, exist_ok=True)
                shutil.copy2(figures / entry[kind], extra / "figures" / entry[kind])
        _write(source / "gallery.md", gallery_page(entries, titles, svgs))
        sections.setdefault("Reference", []).append("gallery")
    if changes and changes.is_file():
        (extra / "changes").mkdir(parents=True, exist_ok=True)
        shutil.copy2(changes, extra / "changes" / "changes.html")
        _write(source / "changes.md", changes_page())
        sections.setdefault("For instructors", []).append("changes")
    extra.mkdir(exist_ok=True)
    _write(source / "_static" / "marks.css", MARKS_CSS)
    _write(source / "_static" / "marks.js", MARKS_JS)
    _write(source / "index.md", index_page(lessons, sections))
    _write(source / "conf.py", CONF.format(title=TITLE, theme=options))
    documents = ["index", *(document for listed in sections.values() for document in listed)]
    for stale in source.rglob("*"):
        name = stale.relative_to(source).with_suffix("").as_posix()
        if stale.suffix in {".ipynb", ".md"} and stale.is_file() and name not in documents:
            stale.unlink()
    return documents


def alt_texts(notebooks: list[Path]) -> dict[str, str]:
    """Return each chart's alt text (the ``alt`` of its PNG output) by the PNG's SHA-256, the
    name MyST-NB gives the image file."""
    import base64
    import hashlib

    found = {}
    for path in notebooks:
        for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
            for output in cell.get("outputs", []):
                png = output.get("data", {}).get("image/png")
                alt = output.get("metadata", {}).get("image/png", {}).get("alt")
                if png and alt:
                    digest = hashlib.sha256(base64.b64decode("".join(png))).hexdigest()
                    found[digest] = alt
    return found


def restore_alt_text(folder: Path, found: dict[str, str]) -> int:
    """Put each chart's alt text back on its image in the built pages (MyST-NB writes the file
    name there instead); return how many images were given theirs."""
    pattern = re.compile(r'alt="((?:\.\./)*_images/([0-9a-f]{64})\.png)"')
    restored = 0
    for page in folder.rglob("*.html"):
        text = page.read_text(encoding="utf-8")

        def alt(match: re.Match) -> str:
            nonlocal restored
            if match[2] not in found:
                return match[0]
            restored += 1
            return f'alt="{html.escape(found[match[2]])}"'

        new = pattern.sub(alt, text)
        if new != text:
            page.write_text(new, encoding="utf-8")
    return restored


def run_sphinx(source: Path, output: Path, doctrees: Path) -> None:
    """Build ``source`` into ``output`` as HTML; raise :class:`SiteError` at an error or at any
    warning (Sphinx's, or a Python warning printed while it builds)."""
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going"]
    command += ["-d", str(doctrees), str(source), str(output)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0 or result.stderr.strip():  # a Python warning counts too
        raise SiteError(
            "the course site did not build (Sphinx stops at a warning):\n"
            + (result.stderr or result.stdout).strip()
        )


def write_site(
    lessons: list[Path],
    folder: Path,
    version: str,
    *,
    figures: Path | None = None,
    changes: Path | None = None,
) -> list[Path]:
    """Build the course site into ``folder``; return its pages, the front page first.

    Args:
        lessons: lessons that were run; the site has every lesson and solution of their
            folder (from their stored outputs), whichever were run.
        folder: the site's folder (its contents are replaced).
        version: the data package's version, for the footer.
        figures: the exported charts with their ``index.csv`` (default: ``figures/`` beside
            ``folder``); without them, the site has no gallery.
        changes: the "what changed for class" report (default: ``changes.html`` beside
            ``folder``); without it, the site has no such page.
    """
    notebooks_folder = lessons[0].parent
    build = folder.parent
    source, doctrees = build / ".site-source", build / ".site-doctrees"
    figures = figures if figures is not None else build / "figures"
    changes = changes if changes is not None else build / "changes.html"
    documents = write_source(notebooks_folder, source, figures, changes, version)
    shutil.rmtree(folder, ignore_errors=True)
    run_sphinx(source, folder, doctrees)
    root = notebooks_folder.parent
    originals = [root / f"{document}.ipynb" for document in documents]
    originals = [path for path in originals if path.is_file()]
    for original in originals:  # the download button gives the lesson itself
        shutil.copy2(original, folder / "_sources" / original.relative_to(root))
    restore_alt_text(folder, alt_texts(originals))
    return [folder / f"{document}.html" for document in documents]


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
    cards = "\n".join(
        "<section><h2>{title}</h2><p>Lesson {lesson}</p>"
        '<a href="{svg}"><img src="{png}" alt="{alt}"></a>'
        '<p>{alt}</p><p class="source">{source}</p>'
        '<p><a href="{png}" download>PNG</a> · <a href="{svg}">SVG (marks link their sources)'
        "</a></p></section>".format(
            **{key: html.escape(entry[key]) for key in ("lesson", "png", "svg", "title")},
            alt=html.escape(entry["alt_text"]),
            source=html.escape(entry["source_line"]),
        )
        for entry in entries
    )
    page = (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Charts</title>\n<style>\n"
        'body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; '
        "margin: 0 auto; padding: 1rem; color: #222; line-height: 1.5; }\n"
        "img { width: 100%; height: auto; border: 1px solid #ddd; }\n"
        "section { margin-bottom: 3rem; } .source { color: #555; font-size: 0.9rem; }\n"
        "</style>\n</head>\n<body>\n"
        f'<p><a href="../site/index.html">{TITLE}</a></p>\n'
        f"<h1>Charts</h1>\n<p>{len(entries)} charts, each as PNG (slide size) and SVG, with "
        "its description (alt text) and source line. "
        f"Data package version {html.escape(version)}.</p>\n{cards}\n</body>\n</html>\n"
    )
    (folder / "index.html").write_text(page, encoding="utf-8")
    return entries
