"""Finishing a chart: title, subtitle, axis labels, the footer of its sources and notes, alt text.

Every house-style chart ends with :func:`finish`. The footer "Source: ..." is built from the
``source_ids`` of the rows the chart actually draws (never typed by hand) and kept on the Axes,
with the notes, in invisible texts, so the figure alone says what its footer is.

Belongs here: :func:`finish`, the footer (:func:`add_footer`) and reading back what a finished
chart says (:func:`footer_text`, :func:`subtitle_text`, :func:`alt_text`). Does not belong
here: citations themselves (:mod:`helpers.sources`), the house style
(:mod:`helpers.charts.style`), one chart's wording (its chart module, or the lesson).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import pandas as pd
from matplotlib.axes import Axes

from helpers.charts.style import GREY
from helpers.sources import cited_ids, source_line


def wrap(text: str, ax: Axes) -> str:
    """Return ``text`` wrapped to the figure's width at footer size (12 characters an inch)."""
    width = int(ax.figure.get_figwidth() * 12)
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


def footer_for(source_ids: Iterable[str], notes: list[str], sources=None) -> str:
    """Return a chart footer: its notes, one per line, then the source line of the ids."""
    return "\n".join([*notes, source_line(source_ids, sources)])


#: Ids of the invisible texts in which each Axes keeps what its footer cites and notes.
SOURCE_IDS, NOTE, FOOTER = "footer-source-ids", "footer-note", "footer"


def keep(ax: Axes, gid: str, text: str) -> None:
    """Store ``text`` on ``ax`` as an invisible, layout-free text artist with id ``gid``."""
    ax.text(0, 0, text, visible=False, gid=gid).set_in_layout(False)


def kept(ax: Axes, gid: str) -> list[str]:
    """Return the texts stored on ``ax`` under ``gid``."""
    return [text.get_text() for text in ax.texts if text.get_gid() == gid]


def add_footer(ax: Axes, frames: Iterable[pd.DataFrame], note: str | None = None, sources=None):
    """Write the source line of ``frames``' rows (and a note) at the foot of the figure.

    The footer is the figure's bottom label, so the layout always leaves room for it. With
    several charts in one figure, it cites the union of their sources and lists every note.
    What each chart cites is kept on its Axes, so the figure alone says what its footer is.
    Returns the footer's Text.
    """
    for text in [text for text in ax.texts if text.get_gid() in (SOURCE_IDS, NOTE, FOOTER)]:
        text.remove()
    ids, notes = cited_ids(*frames), [note] if note else []
    keep(ax, SOURCE_IDS, ";".join(ids))
    for each in notes:
        keep(ax, NOTE, each)
    keep(ax, FOOTER, footer_for(ids, notes, sources))
    drawn = ax.figure.axes
    all_notes = list(dict.fromkeys(text for each in drawn for text in kept(each, NOTE)))
    all_ids = {i for each in drawn for ids in kept(each, SOURCE_IDS) for i in ids.split(";")}
    return ax.figure.supxlabel(
        wrap(footer_for(sorted(all_ids - {""}), all_notes, sources), ax),
        x=0.01,
        ha="left",
        fontsize=10,
        color=GREY,
        linespacing=1.3,
    )


def footer_text(ax: Axes) -> str:
    """Return the footer of the chart drawn on ``ax`` (its note and sources) as one line.

    Args:
        ax: an Axes drawn by one of the functions here.
    """
    return " ".join(kept(ax, FOOTER)[0].split())


def subtitle_text(ax: Axes) -> str:
    """Return the subtitle of a house-style chart."""
    return next(text.get_text() for text in ax.texts if text.get_gid() == "subtitle")


def alt_text(ax: Axes) -> str:
    """Return the chart's one-sentence description (alt text).

    Args:
        ax: an Axes drawn by one of the functions here.
    """
    return ax.get_label()


def finish(
    ax: Axes,
    *,
    title: str,
    subtitle: str,
    xlabel: str,
    ylabel: str,
    frames: Iterable[pd.DataFrame],
    alt: str,
    note: str | None = None,
    sources=None,
) -> Axes:
    """Give the chart what every house-style chart has: titles, labels, footer and alt text."""
    ax.set_title(title, loc="left")
    ax.annotate(
        subtitle,
        xy=(0, 1),
        xycoords="axes fraction",
        xytext=(0, 8),
        textcoords="offset points",
        va="bottom",
        ha="left",
        fontsize=13,
        color=GREY,
        gid="subtitle",
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    add_footer(ax, frames, note, sources)
    ax.set_label(alt)
    return ax
