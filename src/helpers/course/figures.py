"""Export every chart a lesson shows while ``make run`` executes it: PNG, SVG and a log line.

The run sets two environment variables for each lesson's kernel and starts the kernel with
:data:`KERNEL_STARTUP`, which calls :func:`export_charts_from_environment`. From then on, every
``charts.show(ax)`` in that kernel also saves the chart to the figures folder as
``<lesson>_<number>_<title-slug>.png`` and ``.svg`` and appends its title, alt text and source
line to ``<lesson>.jsonl``; :func:`helpers.course.site.write_figure_index` merges those logs.

The source of every mark: a chart names the claims a mark shows with
:func:`helpers.sources.mark` (or :func:`helpers.sources.mark_points` for the points of a
scatter), which sets the artist's gid. :func:`annotate_marks` then rewrites the exported SVG:
each such mark gets a ``<title>`` tooltip (estimator or report, value as stated, date,
publisher with date of publication, locator), is reachable with the Tab key, and links to its
source where the register has an address. The PNG is left as drawn.

Belongs here: the export protocol (variables, file names, the log) and the marks' tooltips and
links in the SVG. Does not belong here: drawing or the house style (:mod:`helpers.charts`).
Importing this module does not load matplotlib.
"""

from __future__ import annotations

import csv
import json
import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

from helpers.paths import data_dir

#: The gid prefixes of :func:`helpers.sources.mark` and :func:`helpers.sources.mark_points`
#: (repeated here so that importing this module loads neither pandas nor matplotlib; a test
#: checks they agree).
MARK_PREFIX, POINTS_PREFIX = "mark-", "marks-"

#: Set by ``make run`` for each lesson's kernel: where to export figures, and under what name.
FIGURES_DIR_VARIABLE, LESSON_VARIABLE = "COUNTING_FIGURES_DIR", "COUNTING_LESSON"
#: Code a lesson's kernel runs when it starts under ``make run`` (before the first cell).
KERNEL_STARTUP = "import helpers.course.figures as f; f.export_charts_from_environment()"


def slug(text: str) -> str:
    """Return ``text`` as a lowercase file-name slug: letters and digits joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "chart"


SVG, XLINK = "http://www.w3.org/2000/svg", "http://www.w3.org/1999/xlink"
_NAMESPACES = {
    "": SVG,
    "xlink": XLINK,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "cc": "http://creativecommons.org/ns#",
}


@dataclass(frozen=True)
class MarkSource:
    """Where one claim comes from: the tooltip's text and the source's address (or None)."""

    text: str
    url: str | None


def _value(text: str) -> str:
    """Return a value as a reader writes it: 400000 as 400,000; anything else unchanged."""
    return f"{int(text):,}" if text.isdigit() else text


def claim_text(claim: dict[str, str], source: dict[str, str]) -> str:
    """Return a claim's tooltip: who estimated or reported it, the value as stated, its date,
    the publisher with the date of publication, and the locator; one item per line."""
    bound = claim.get("bound", "")
    kind = f" ({bound} estimate)" if bound in {"low", "best", "high"} else ""
    stated = " ".join(
        part for part in (claim.get("qualifier", ""), _value(claim.get("value", ""))) if part
    )
    who = claim.get("estimator") or "Report"
    dates = [f"refers to {claim['refers_to']}"] if claim.get("refers_to") else []
    dates += [f"as of {claim['as_of']}"] if claim.get("as_of") else []
    published = source.get("date_published") or "date not known"
    lines = [
        f"{who}{kind}: {stated} {claim.get('measure_as_stated', '')}".rstrip(),
        f"Date: {'; '.join(dates) or 'not stated'}",
        f"Source: {source.get('publisher', '')}, published {published}, "
        f"{claim.get('locator') or 'no locator'} [{claim.get('claim_id', '')}]",
    ]
    return "\n".join(lines)


def mark_sources(data: Path) -> dict[str, MarkSource]:
    """Return, for every claim of ``data``'s claims ledger, its tooltip text and address."""

    def rows(path: Path) -> list[dict[str, str]]:
        with path.open(encoding="utf-8", newline="") as handle:
            return list(csv.DictReader(handle))

    register = {row["source_id"]: row for row in rows(data / "sources.csv")}
    found = {}
    for claim in rows(data / "raw" / "claims.csv"):
        source = register.get(claim["source_id"], {"publisher": claim["source_id"]})
        url = source.get("url", "")
        safe = url if re.match(r"https?://", url) else None  # never a javascript: address
        found[claim["claim_id"]] = MarkSource(claim_text(claim, source), safe)
    return found


def has_marks(svg: Path) -> bool:
    """Return True when the SVG holds an artist named with :func:`helpers.sources.mark`."""
    text = svg.read_text(encoding="utf-8")
    return f'id="{MARK_PREFIX}' in text or f'id="{POINTS_PREFIX}' in text


def _lookup(claim_ids: str, marks: dict[str, MarkSource], where: str) -> MarkSource:
    """Return the combined tooltip and first address of dot-joined ``claim_ids``."""
    missing = [claim for claim in claim_ids.split(".") if claim not in marks]
    if missing:
        raise ValueError(f"{where} names claims not in the claims ledger: {', '.join(missing)}")
    found = [marks[claim] for claim in claim_ids.split(".")]
    url = next((mark.url for mark in found if mark.url), None)
    return MarkSource("\n\n".join(mark.text for mark in found), url)


def _annotate(element, parent, source: MarkSource) -> None:
    """Give ``element`` its tooltip and focus, wrapped in a link to ``source`` if it has one."""
    title = ET.Element(f"{{{SVG}}}title")
    title.text = source.text  # ElementTree escapes it: a "<script>" in the data stays text
    element.insert(0, title)
    element.set("class", "mark")
    if not source.url:
        element.set("tabindex", "0")
        return
    link = ET.Element(f"{{{SVG}}}a", {f"{{{XLINK}}}href": source.url, "target": "_blank"})
    position = list(parent).index(element)
    parent.remove(element)
    link.append(element)
    parent.insert(position, link)


def annotate_marks(svg: Path, marks: dict[str, MarkSource]) -> int:
    """Add each named mark's tooltip, Tab focus and source link to ``svg``; return the count.

    Raises ValueError when a mark names a claim that is not in ``marks``, or when a
    :func:`helpers.sources.mark_points` artist names more or fewer points than it draws.
    The rewrite is deterministic: the same SVG and ledger give the same bytes.
    """
    text = svg.read_text(encoding="utf-8")
    header = text[: text.index("<svg")]
    for prefix, uri in _NAMESPACES.items():
        ET.register_namespace(prefix, uri)
    root = ET.fromstring(text, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    parents = {child: parent for parent in root.iter() for child in parent}
    annotated = 0
    for element in list(root.iter()):
        gid = element.get("id", "")
        if gid.startswith(MARK_PREFIX):
            _annotate(element, parents[element], _lookup(gid[len(MARK_PREFIX) :], marks, gid))
            annotated += 1
        elif gid.startswith(POINTS_PREFIX):
            points = gid[len(POINTS_PREFIX) :].split("_")
            drawn = list(element.iter(f"{{{SVG}}}use")) or [
                path for path in element.iter(f"{{{SVG}}}path") if path is not element
            ]
            if len(drawn) != len(points):
                raise ValueError(f"{gid} names {len(points)} points but draws {len(drawn)}")
            for point, claims in zip(drawn, points, strict=True):
                group = ET.Element(f"{{{SVG}}}g")
                parent = parents[point]
                parent.insert(list(parent).index(point), group)
                parent.remove(point)
                group.append(point)
                parents[group] = parent
                _annotate(group, parent, _lookup(claims, marks, gid))
                annotated += 1
    svg.write_text(header + ET.tostring(root, encoding="unicode") + "\n", encoding="utf-8")
    return annotated


@dataclass
class ChartExporter:
    """Saves each chart of one lesson into ``folder``, numbered in the order the lesson shows."""

    folder: Path
    lesson: str
    numbers: count = field(default_factory=lambda: count(1))
    marks: dict[str, MarkSource] | None = None

    def __call__(self, ax) -> dict[str, str]:
        """Save the chart on ``ax`` as PNG and SVG and log it; return the log entry."""
        from helpers import charts

        title = ax.figure.get_suptitle() or ax.get_title(loc="left")  # a panel figure: its title
        stem = f"{self.lesson}_{next(self.numbers):02d}_{slug(title)}"
        png, svg = charts.save(ax, self.folder / stem)
        if has_marks(svg):
            if self.marks is None:
                self.marks = mark_sources(data_dir())
            annotate_marks(svg, self.marks)
        entry = {
            "lesson": self.lesson,
            "png": png.name,
            "svg": svg.name,
            "title": title,
            "alt_text": charts.alt_text(ax),
            "source_line": charts.footer_text(ax),
        }
        with (self.folder / f"{self.lesson}.jsonl").open("a", encoding="utf-8") as log:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return entry


def export_charts_from_environment() -> ChartExporter | None:
    """Export every chart shown from now on, if :data:`FIGURES_DIR_VARIABLE` is set.

    Returns the exporter added to ``charts.on_show``, or None when the variable is not set.
    """
    folder = os.environ.get(FIGURES_DIR_VARIABLE)
    if not folder:
        return None
    from helpers import charts

    exporter = ChartExporter(Path(folder), os.environ.get(LESSON_VARIABLE, "figure"))
    charts.on_show.append(exporter)
    return exporter
