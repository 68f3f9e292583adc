"""The timeline charts: estimates against the date they were made, each a separate mark.

Each estimate is its own mark at its own date and value, never moved and never joined to the
next by a line: two estimates months apart say nothing about the months between them, and two
figures of one estimator may count different things (troops sent in all vs troops there at a
date), so such measures go in separate panels, stacked on one date scale and one people scale.
A figure given as one number is a filled marker; a bound only ("more than", "up to") a hollow
marker with an arrow; a range a vertical line from low to high (its marker, if drawn, is the
best figure). A figure that counts part of a larger one is filled like any other: its label
says what it is part of. Every mark carries a label with its value, and its sources
(:func:`helpers.sources.mark`). An estimate whose own date is not known is placed at the date
of the report that carried it, and its label says so.

Colour here is the country whose government (or officials) made the estimate, and each
estimator has a marker of its own (see :mod:`helpers.charts.timeline_layout`): in lesson 03
nearly every estimate is a foreign government's, so the collection's colour by kind would paint
every mark one colour. The legend's title and the footer say so.

Belongs here: :func:`plot_estimate_panels` (and its two lesson shapes), drawing, the legend,
notes and alt texts. Does not belong here: the styles, panels and label words
(:mod:`helpers.charts.timeline_layout`), where labels go without hiding marks
(:mod:`helpers.charts.placement`), what fill and shape mean
(:mod:`helpers.charts.marks`), estimates on one Axes (:mod:`helpers.charts.over_time`), range
charts (:mod:`helpers.charts.estimates`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import matplotlib as mpl
import matplotlib.dates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from helpers import sources as mark_sources
from helpers.charts.finish import finish
from helpers.charts.marks import bound_arrows, timeline_rows
from helpers.charts.placement import mark_box, place_labels
from helpers.charts.style import INK, floats, in_house_style, thousands
from helpers.charts.timeline_layout import (
    COLOUR_WORDS,
    COUNTRY_COLOURS,
    LONG_GAP_DAYS,
    TIMELINE_STYLES,
    WIDE_CROSS,
    Panel,
    PanelLayout,
    TimelineStyle,
    gap_note,
    gap_words,
    mark_day,
    panel_layout,
    timeline_style,
)

__all__ = [
    "COLOUR_WORDS",
    "COUNTRY_COLOURS",
    "LONG_GAP_DAYS",
    "TIMELINE_STYLES",
    "WIDE_CROSS",
    "Panel",
    "PanelLayout",
    "panel_layout",
    "plot_estimate_panels",
    "plot_killed_beside_casualties",
    "plot_troops_sent_and_present",
    "timeline_style",
]

_MARK_SIZE = 90
_RADIUS = _MARK_SIZE**0.5 / 2 + 1
_ARROW = 22
#: Points left clear between a bound's arrow head and a mark ahead of it.
_CLEAR = 4


def _scale(marker) -> float:
    """Return how much larger a thin marker's area must be to look as large as a circle."""
    if marker is WIDE_CROSS:
        return 1.3
    return 2.0 if marker in ("*", (4, 1, 0)) else 1.0


def _source_mark(artist, mark: dict):
    """Name the claims ``mark`` shows on ``artist`` (for the SVG's tooltips), if it has any;
    remember the mark's kind on the artist."""
    if mark["claim_ids"]:
        mark_sources.mark(artist, *mark["claim_ids"])
    artist.timeline_mark, artist.timeline_date = mark["kind"], mark["date"]
    return artist


def _draw_mark(ax: Axes, mark: dict, style: TimelineStyle) -> None:
    """Draw one estimate: a line from low to high (with its best figure's marker, if any), or
    a marker, hollow with an arrow for a bound only."""
    date, kind, hollow = mark["date"], mark["kind"], mark["hollow"]
    if kind == "range":
        line = ax.vlines(date, mark["low"], mark["high"], colors=style.colour, linewidth=4)
        line.set_capstyle("butt")
        _source_mark(line, mark)
        if np.isnan(mark["best"]):
            return
    dot = ax.scatter(
        [date],
        [mark["point"]],
        marker=style.marker,
        s=_MARK_SIZE * _scale(style.marker),
        zorder=3,
        facecolors="white" if hollow else style.colour,
        edgecolors=style.colour if hollow else "white",
        linewidths=2 if hollow else 0.8,
    )
    if kind != "range":
        _source_mark(dot, mark)


def _draw_arrows(ax: Axes, layout: PanelLayout) -> None:
    """Draw each bound's arrow, shortened (never below 12 points) to stop clear of a mark in its
    way, and keep its length in the mark (``arrow``). Call after the figure is laid out."""
    centres = [
        ax.transData.transform((mpl.dates.date2num(m["date"]), m["point"])) * 72 / ax.figure.dpi
        for m in layout.marks
    ]
    for mark, (x, y) in zip(layout.marks, centres, strict=True):
        mark["arrow"] = 0
        if not mark["hollow"]:
            continue
        sign = -1 if mark["kind"] == "high" else 1
        ahead = [
            sign * (y2 - y) - _RADIUS - _CLEAR
            for x2, y2 in centres
            if abs(x2 - x) < 3 * _RADIUS and 0 < sign * (y2 - y) < _ARROW + _RADIUS + _CLEAR
        ]
        mark["arrow"] = max(12, min([_ARROW, *ahead]))
        style = layout.styles[mark["estimator"]]
        direction = "down" if sign < 0 else "up"
        bound_arrows(ax, [mark["date"]], [mark["point"]], style.colour, direction, mark["arrow"])


def _obstacles(ax: Axes, layout: PanelLayout) -> list:
    """Return the display box of every mark drawn (marker, arrow, range line)."""
    boxes = []
    for mark in layout.marks:
        x = mpl.dates.date2num(mark["date"])
        if mark["kind"] == "range":
            low = mark_box(ax, x, mark["low"], 2)
            high = mark_box(ax, x, mark["high"], 2)
            boxes.append(low.union([low, high]))
        up = mark["arrow"] if mark["kind"] == "low" else 0
        down = mark["arrow"] if mark["kind"] == "high" else 0
        boxes.append(mark_box(ax, x, mark["point"], _RADIUS, up, down))
    return boxes


def _label_all(ax: Axes, layout: PanelLayout) -> None:
    """Place every mark's label where it hides nothing (marks in date order)."""
    labels = []
    for mark in layout.marks:
        half = (mark["high"] - mark["low"]) / 2 if mark["kind"] == "range" else 0
        reach = abs(ax.transData.transform((0, half))[1] - ax.transData.transform((0, 0))[1])
        reach *= 72 / ax.figure.dpi
        labels.append(
            {
                "x": mpl.dates.date2num(mark["date"]),
                "y": mark["point"],
                "text": mark["label"],
                "radius": _RADIUS,
                "up": mark["arrow"] if mark["kind"] == "low" else reach,
                "down": mark["arrow"] if mark["kind"] == "high" else reach,
            }
        )
    legend = ax.get_legend()
    boxes = _obstacles(ax, layout) + ([legend.get_window_extent()] if legend else [])
    place_labels(ax, labels, boxes)


def _panel_note(drawn: dict, gaps: list[tuple[str, str]], styles: dict) -> str:
    """Return how to read the marks actually drawn, the long gaps (panel title, words), the
    report dates and what colour and marker carry."""
    parts = []
    if drawn["best"]:
        parts.append("filled marker: a figure given as one number")
    if drawn["range"]:
        parts.append("vertical line: a range from low to high")
    if drawn["low"]:
        parts.append('hollow marker, arrow up: "more than", a bound only')
    if drawn["high"]:
        parts.append('hollow marker, arrow down: "up to", a bound only')
    reading = "; ".join(parts)
    note = (
        "Each estimate is a separate mark at its own date, none moved; marks are not joined, "
        f"because nothing is known between them. {reading[:1].upper()}{reading[1:]}."
    )
    if drawn["part_of"]:
        note += " A figure that counts part of a larger one is drawn filled; its label says so."
    note += gap_note(gaps)
    if drawn["by_report"]:
        note += " Where an estimate's own date is not known, its mark is at the report's date."
    note += f" {COLOUR_WORDS}."
    officials = [style.short for style in styles.values() if style.kind == "official"]
    if officials:
        which = "which rests" if len(officials) == 1 else "which rest"
        note += (
            " Every estimate here is a foreign government's estimate of North Korea's losses, "
            f"except {' and '.join(officials)}, {which} on what North Korea itself made public."
        )
    return note


def _describe_panel(panel: Panel, rows: pd.DataFrame, drawn: dict) -> str:
    """Return one panel's alt text: what it counts, how many marks of each kind, the gaps."""
    values = np.concatenate([floats(rows[bound]) for bound in ("low", "best", "high")])
    counts = [
        (drawn["best"], "figure given as one number", "figures given as one number"),
        (drawn["range"], "range", "ranges"),
        (drawn["low"], "lower bound only", "lower bounds only"),
        (drawn["high"], "upper bound only", "upper bounds only"),
    ]
    kinds = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
    estimators = rows["estimator"].nunique()
    text = (
        f"{panel.title} ({panel.subtitle}): {len(rows)} estimates by {estimators} "
        f"estimator{'s' if estimators != 1 else ''}, made between {mark_day(rows, 'first')} "
        f"and {mark_day(rows, 'last')}, each a separate labelled mark at its own date "
        f"({kinds}); figures from {np.nanmin(values):,.0f} to {np.nanmax(values):,.0f}"
    )
    if drawn["part_of"]:
        text += f"; {drawn['part_of']} counting part of a larger figure, labelled so"
    if drawn["by_report"]:
        text += f"; {drawn['by_report']} with no date of its own, drawn at its report's date"
    gaps = gap_words(rows["date"])
    if gaps:
        text += f"; no estimate {gaps}"
    return text


@in_house_style
def plot_estimate_panels(
    panels: Iterable[Panel],
    *,
    title: str,
    ylabel: str = "People",
    shared_scale: bool = True,
    sources=None,
) -> Axes:
    """Draw estimates of one conflict against the date they were made, one panel per measure.

    Arguments:
        panels: :class:`Panel` objects, stacked top to bottom on one date scale; put measures
            that count different things (killed and casualties, troops sent and troops
            present) in separate panels.
        title: the figure's title; the conflict (from the data) is added to it.
        shared_scale: True for one people scale in every panel; False for each panel's own
            people scale from 0 (the footer and the alt text say so; ``ylabel`` should too).

    Returns:
        The first panel's Axes; its alt text describes every panel, and ``ax.figure.axes``
        holds the others. Every mark stands at its own date and carries a label with its
        value. The legend lists each estimator drawn under its country, its marker filled;
        the footer says how to read the marks drawn and what colour carries, names gaps of
        more than ``LONG_GAP_DAYS`` days and cites the rows drawn.
    """
    panels = list(panels)
    prepared = [timeline_rows(panel.rows) for panel in panels]
    everything = pd.concat(prepared, ignore_index=True)
    conflicts = sorted(everything["conflict"].dropna().unique())
    if len(conflicts) != 1:
        raise ValueError(f"one conflict per chart, got {conflicts}")
    axes = _panel_axes(prepared, everything, shared_scale)
    drawn = [panel_layout(None, panel, rows) for panel, rows in zip(panels, prepared, strict=True)]
    for ax, layout in zip(axes, drawn, strict=True):
        for mark in layout.marks:
            _draw_mark(ax, mark, layout.styles[mark["estimator"]])
    _panel_ticks(axes)
    _panel_legend(axes[0], drawn)
    heading = f"{title}: {conflicts[0]}"
    note = _panels_note(panels, prepared, drawn, shared_scale)
    alt = f"{heading}. " + _panels_alt(panels, prepared, drawn, shared_scale)
    if len(panels) > 1:
        axes[0].figure.suptitle(heading, x=0.01, ha="left", fontsize=17, fontweight="bold")
    for index, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
        finish(
            ax,
            title=panel.title if len(panels) > 1 else heading,
            subtitle=panel.subtitle,
            xlabel="Date of the estimate" if index == len(panels) - 1 else "",
            ylabel=ylabel,
            frames=[everything],  # one footer for the figure: every panel cites all
            note=note,
            alt=alt,
            sources=sources,
        )
    axes[0].figure.canvas.draw()  # lay the figure out first, so labels can be placed clear
    for ax, layout in zip(axes, drawn, strict=True):
        _draw_arrows(ax, layout)
        _label_all(ax, layout)
    return axes[0]


def _panel_axes(prepared: list, everything: pd.DataFrame, shared: bool) -> list[Axes]:
    """Return the panels' Axes, stacked, on one date scale and, if ``shared``, one people
    scale (else each panel's own, from 0 to a little above its largest figure)."""
    count = len(prepared)
    _, axes = plt.subplots(
        count, 1, figsize=(16, 6.2 * count + 2.6), sharex=True, sharey=shared, squeeze=False
    )
    axes = list(axes[:, 0])
    first, last = everything["date"].min(), everything["date"].max()
    pad = pd.Timedelta(days=max(30, (last - first).days // 10))
    for ax, rows in zip(axes, [everything] * count if shared else prepared, strict=True):
        values = np.concatenate([floats(rows[bound]) for bound in ("low", "best", "high")])
        ax.set_ylim(0, np.nanmax(values) * 1.12)
    axes[0].set_xlim(first - pad, last + pad)
    return axes


def _panel_ticks(axes: list[Axes]) -> None:
    """Give the people scales thousands separators and month ticks under every panel."""
    for ax in axes:
        thousands(ax.yaxis)
    axes[0].xaxis.set_major_locator(mpl.dates.MonthLocator(bymonth=(1, 4, 7, 10)))
    axes[0].xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    for ax in axes:
        ax.tick_params(labelbottom=True)


def _panel_legend(ax: Axes, drawn: list[PanelLayout]) -> None:
    """Put the legend of every estimator drawn, under its country, in ``ax``'s upper right,
    on an opaque ground (the labels are placed clear of it).

    Each estimator's marker is drawn as the chart draws it: hollow when every mark of it is a
    bound only, filled otherwise; an estimator with a range also has a line sample. Last, one
    entry says what a hollow marker means, when one is drawn.
    """
    styles = {name: style for each in drawn for name, style in each.styles.items()}
    marks = [mark for each in drawn for mark in each.marks]
    entries = []
    for country in COUNTRY_COLOURS:
        members = sorted(
            (s for s in styles.values() if s.country == country), key=lambda s: s.short
        )
        if members:
            entries.append(Line2D([], [], linestyle="none", label=f"{country}:"))
        for style in members:
            own = [mark for mark in marks if mark["estimator"] == style.estimator]
            shown = [m for m in own if m["kind"] != "range" or not np.isnan(m["best"])]
            if shown:
                entries.append(_marker_entry(style, all(m["hollow"] for m in shown)))
            if any(m["kind"] == "range" for m in own):
                entries.append(
                    Line2D(
                        [],
                        [],
                        linestyle="none",
                        marker="|",
                        markersize=14,
                        markeredgewidth=4,
                        color=style.colour,
                        label=f"{style.short}: a range",
                    )
                )
    if any(mark["hollow"] for mark in marks):
        entries.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=10,
                markerfacecolor="white",
                markeredgecolor=INK,
                markeredgewidth=2,
                label="Any colour, hollow, with an arrow:\na bound only (more than, up to)",
            )
        )
    legend = ax.legend(
        handles=entries,
        loc="upper right",
        fontsize=10,
        handletextpad=0.4,
        title="\n".join(
            textwrap.wrap(
                ("For both panels. " if len(drawn) > 1 else "")
                + "Colour: the country that made the estimate",
                24,
            )
        ),
        title_fontsize=11,
        alignment="left",
        frameon=True,
        framealpha=1,
        facecolor="white",
        edgecolor="white",
    )
    legend.set_zorder(5)


def _marker_entry(style: TimelineStyle, hollow: bool) -> Line2D:
    """Return the legend entry of an estimator: its marker, hollow if ``hollow``."""
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=style.marker,
        markersize=10 * _scale(style.marker) ** 0.5,
        markerfacecolor="white" if hollow else style.colour,
        markeredgecolor=style.colour if hollow else "white",
        markeredgewidth=2 if hollow else 0.8,
        label=style.short,
    )


def _panels_note(
    panels: list[Panel], prepared: list, drawn: list[PanelLayout], shared: bool
) -> str:
    """Return the figure's footer note, from what every panel drew."""
    total = {key: sum(each.counts[key] for each in drawn) for key in drawn[0].counts}
    gaps = [
        (panel.title, gap_words(rows["date"]))
        for panel, rows in zip(panels, prepared, strict=True)
    ]
    styles = {name: style for each in drawn for name, style in each.styles.items()}
    note = _panel_note(total, gaps, styles)
    if len(panels) == 1:
        return note
    if shared:
        return "The panels share one scale. " + note
    return (
        "The panels share one date scale; each has its own people scale, so compare heights "
        "within a panel, and figures across panels by their labels. " + note
    )


def _panels_alt(
    panels: list[Panel], prepared: list, drawn: list[PanelLayout], shared: bool
) -> str:
    """Return the alt text of every panel, after the number of panels and their scales."""
    scales = "on one scale" if shared else "on one date scale, each with its own people scale"
    return (f"{len(panels)} panels {scales}. " if len(panels) > 1 else "") + " ".join(
        f"{_describe_panel(panel, rows, each.counts)}."
        for panel, rows, each in zip(panels, prepared, drawn, strict=True)
    )


def plot_killed_beside_casualties(
    killed: pd.DataFrame, casualties: pd.DataFrame, *, sources=None
) -> Axes:
    """Draw the killed estimates (top) above the casualties (bottom), every mark labelled.

    One date scale for both, so that a killed figure reads against the casualties of the same
    weeks: the killed are part of the casualties, never a rival count. Each panel has its own
    people scale (the killed are a few hundred to 2,000, the casualties up to 6,000), and the
    axis labels say so. A casualty figure that counts
    more than the killed and wounded (the missing and captured) says so in its label. See
    :func:`plot_estimate_panels` for the marks and the return value.
    """
    return plot_estimate_panels(
        [
            Panel(killed, "Killed", "Killed in action or in battle"),
            Panel(
                casualties,
                "Casualties",
                "Killed and wounded together, unless the label says it counts more",
                usual_scope="killed and wounded together",
            ),
        ],
        title="Killed, and all casualties",
        ylabel="People (this panel's own scale)",
        shared_scale=False,
        sources=sources,
    )


def plot_troops_sent_and_present(
    sent: pd.DataFrame, present: pd.DataFrame, *, callouts: Iterable[str] = (), sources=None
) -> Axes:
    """Draw estimates of troops sent in all (top) and of troops present at a date (bottom).

    The two never share a line: a later "present" figure below an earlier "sent" one does not
    mean troops were withdrawn. Every figure is labelled; a figure that counts part of a larger
    one, and the estimate ids in ``callouts``, also carry their scope from the data. See
    :func:`plot_estimate_panels`.
    """
    callouts = tuple(callouts)
    return plot_estimate_panels(
        [
            Panel(sent, "Sent in all", "Troops sent so far, by the date", True, callouts),
            Panel(present, "Present at the date", "Troops in Russia on that date", True, callouts),
        ],
        title="Troops sent, and troops present",
        ylabel="Soldiers (one scale for both panels)",
        sources=sources,
    )
