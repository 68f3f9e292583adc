"""Export every chart a lesson shows while ``make run`` executes it: PNG, SVG and a log line.

The run sets two environment variables for each lesson's kernel and starts the kernel with
:data:`KERNEL_STARTUP`, which calls :func:`export_charts_from_environment`. From then on, every
``charts.show(ax)`` in that kernel also saves the chart to the figures folder as
``<lesson>_<number>_<title-slug>.png`` and ``.svg`` and appends its title, alt text and source
line to ``<lesson>.jsonl``; :func:`helpers.course.site.write_figure_index` merges those logs.

Belongs here: the export protocol (variables, file names, the log). Does not belong here:
drawing or the house style (:mod:`helpers.charts`). Importing this module does not load
matplotlib.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from itertools import count
from pathlib import Path

#: Set by ``make run`` for each lesson's kernel: where to export figures, and under what name.
FIGURES_DIR_VARIABLE, LESSON_VARIABLE = "COUNTING_FIGURES_DIR", "COUNTING_LESSON"
#: Code a lesson's kernel runs when it starts under ``make run`` (before the first cell).
KERNEL_STARTUP = "import helpers.course.figures as f; f.export_charts_from_environment()"


def slug(text: str) -> str:
    """Return ``text`` as a lowercase file-name slug: letters and digits joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "chart"


@dataclass
class ChartExporter:
    """Saves each chart of one lesson into ``folder``, numbered in the order the lesson shows."""

    folder: Path
    lesson: str
    numbers: count = field(default_factory=lambda: count(1))

    def __call__(self, ax) -> dict[str, str]:
        """Save the chart on ``ax`` as PNG and SVG and log it; return the log entry."""
        from helpers import charts

        title = ax.figure.get_suptitle() or ax.get_title(loc="left")  # a panel figure: its title
        stem = f"{self.lesson}_{next(self.numbers):02d}_{slug(title)}"
        png, svg = charts.save(ax, self.folder / stem)
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
