"""The timeline charts: estimates against the date they were made, each a separate mark.

Each estimate is its own mark, never joined to the next by a line: two estimates months apart
say nothing about the months between them, and two figures of one estimator may count different
things (troops sent in all vs troops there at a date), so such measures go in separate panels. A
best estimate ("about") is a filled marker; a lower bound alone ("more than") and a partial count
(``part_of`` names a larger estimate in the same panel) are hollow markers with an arrow up; an
upper bound alone ("up to") a hollow marker with an arrow down; a range a vertical line. Colour
and marker come from :func:`helpers.charts.marks.estimator_style`. An estimate whose own date is
not known is placed at the date of the report that carried it, and its label says so.

Belongs here: :func:`plot_estimate_panels` (with
:class:`Panel` and its two lesson shapes), their layouts, notes and alt texts. Does not belong
here: where labels go without hiding marks (:mod:`helpers.charts.placement`), what each mark
means (:mod:`helpers.charts.marks`), estimates on one Axes (:mod:`helpers.charts.over_time`),
range charts (:mod:`helpers.charts.estimates`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple

import matplotlib as mpl
import matplotlib.dates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.analysis import format_range
from helpers.charts.finish import finish
from helpers.charts.marks import (
    bound_arrows,
    estimator_style,
    figure_kind,
    kind_handle,
    legend_by_kind,
    timeline_rows,
)
from helpers.charts.placement import dodged_dates, place_labels
from helpers.charts.style import (
    floats,
    in_house_style,
    thousands,
)

#: Gaps between consecutive estimates longer than this are named in the chart's note.
LONG_GAP_DAYS = 90


class Panel(NamedTuple):
    """One panel of :func:`plot_estimate_panels`: its rows, title, subtitle and labelling.

    ``label_values`` writes each figure beside its mark; ``callouts`` lists estimate ids whose
    ``scope`` (from the data) is written beside their mark too.
    """

    rows: pd.DataFrame
    title: str
    subtitle: str
    label_values: bool = False
    callouts: tuple[str, ...] = ()


def _long_gaps(dates: pd.Series, days: int = LONG_GAP_DAYS) -> list[tuple]:
    """Return (start, end) of each gap between consecutive estimate dates longer than ``days``."""
    ordered = pd.Series(sorted(pd.Series(dates).dropna().unique()))
    steps = ordered.diff().dt.days
    return [(ordered[i - 1], ordered[i]) for i in range(1, len(ordered)) if steps[i] > days]


def _month(date) -> str:
    return f"{pd.Timestamp(date):%B %Y}"


def _gap_words(dates: pd.Series) -> str:
    """Return "from May 2025 to February 2026" for each long gap, joined; "" if none."""
    return " and ".join(
        f"from {_month(start)} to {_month(end)}" for start, end in _long_gaps(dates)
    )


_MARK_SIZE = 110


@dataclass
class PanelLayout:
    """What one panel of :func:`plot_estimate_panels` draws, as plain data: no artists.

    ``marks``: one dict per estimate in drawing order: ``date`` (drawn at, after any move to
    keep marks apart), ``low``, ``best``, ``high``, ``point`` (where its marker goes), ``kind``
    (:func:`helpers.charts.marks.figure_kind`), ``hollow``, ``label`` ("" for none), and the ids
    of its row (``estimate_id``, ``source_ids``) and ``estimator``. ``counts``: marks of each
    kind, ``by_report`` (drawn at the report's date) and ``moved`` (most days a mark was moved).
    ``styles``: each estimator drawn and its style, in the order first drawn.
    """

    marks: list[dict]
    counts: dict[str, int]
    styles: dict

    def labels(self) -> list[tuple]:
        """Return (date, value, text) of each label to place beside its mark."""
        return [(m["date"], m["point"], m["label"]) for m in self.marks if m["label"]]

    def obstacles(self) -> list[tuple]:
        """Return (date, value, arrow up) of each mark, which labels must not cover."""
        return [(m["date"], m["point"], m["hollow"] and m["kind"] != "high") for m in self.marks]


def _mark_words(panel: Panel, row: pd.Series, kind: str) -> str:
    """Return the label written beside a mark: its value if asked, its scope, its dating."""
    value = format_range(row[["low", "best", "high"]]) if panel.label_values else ""
    words = []
    if kind == "partial" or row["estimate_id"] in panel.callouts:
        scope = row.get("scope")
        if isinstance(scope, str) and scope:
            words.append(("part of a larger count: " if kind == "partial" else "") + scope)
    if row["dated_by_report"]:
        words.append("own date not known, drawn at the report's date")
    text = f"{value} ({'; '.join(words)})" if value and words else value or "; ".join(words)
    return "\n".join(textwrap.wrap(text, 28)) if text else ""


def panel_layout(ax: Axes, panel: Panel, rows: pd.DataFrame) -> PanelLayout:
    """Return the layout of one panel's rows (from :func:`timeline_rows`) on ``ax``'s scales.

    Needs the Axes only for its scales and size, to move marks that would hide each other.
    """
    counts = {"best": 0, "range": 0, "low": 0, "high": 0, "partial": 0, "by_report": 0}
    counts["moved"], styles, marks = 0, {}, []
    ids = set(rows["estimate_id"])
    at = dodged_dates(ax, rows, ids)
    for (_, row), date in zip(rows.iterrows(), at, strict=True):
        style = estimator_style(row["estimator"])
        styles[style.estimator] = style
        low, best, high = (
            np.nan if pd.isna(row[bound]) else float(row[bound])
            for bound in ("low", "best", "high")
        )
        kind = figure_kind(row, ids)
        counts[kind] += 1
        counts["moved"] = max(counts["moved"], (date - row["date"]).days)
        counts["by_report"] += bool(row["dated_by_report"])
        point = next(value for value in (best, low, high) if not np.isnan(value))
        if kind == "range" and np.isnan(best):
            point = (low + high) / 2  # who made the range: its marker, on the line
        marks.append(
            {
                "date": date,
                "low": low,
                "best": best,
                "high": high,
                "point": point,
                "kind": kind,
                "hollow": kind in ("low", "high", "partial"),
                "label": _mark_words(panel, row, kind),
                "estimator": style.estimator,
                "estimate_id": row["estimate_id"],
                "source_ids": row.get("source_ids"),
            }
        )
    return PanelLayout(marks, counts, styles)


def _draw_panel(ax: Axes, layout: PanelLayout) -> None:
    """Draw one panel's marks: range lines with end bars, markers, and arrows for bounds."""
    for mark in layout.marks:
        style = layout.styles[mark["estimator"]]
        date, kind, hollow, point = mark["date"], mark["kind"], mark["hollow"], mark["point"]
        if kind == "range":
            ax.vlines(
                date,
                mark["low"],
                mark["high"],
                colors=style.colour,
                linewidth=3,
                alpha=0.6,
                gid="range",
            )
            ax.scatter(
                [date, date],
                [mark["low"], mark["high"]],
                marker="_",
                s=120,
                linewidths=2.5,
                color=style.colour,
                zorder=3,
                gid="range-ends",
            )
        ax.scatter(
            [date],
            [point],
            marker=style.marker,
            s=_MARK_SIZE if kind != "range" or not np.isnan(mark["best"]) else _MARK_SIZE * 0.7,
            zorder=3,
            facecolors="white" if hollow else style.colour,
            edgecolors=style.colour if hollow else "white",
            linewidths=2 if hollow else 0.8,
            gid=f"{kind}-mark",
        )
        if hollow:
            bound_arrows(ax, [date], [point], style.colour, "down" if kind == "high" else "up")


def _panel_note(drawn: dict, gaps: list[tuple[str, str]]) -> str:
    """Return how to read the marks actually drawn, the long gaps (panel title, words) and
    the report dates."""
    parts = []
    if drawn["best"]:
        parts.append('filled marker: a best estimate ("about")')
    if drawn["range"]:
        parts.append(
            "vertical line with short bars at its ends: a range from low to high (the marker on "
            "it says who made it)"
        )
    if drawn["low"] or drawn["partial"]:
        what = [
            w
            for k, w in (("low", '"more than"'), ("partial", "a part of a larger count"))
            if drawn[k]
        ]
        parts.append(f"hollow marker, arrow up: {' or '.join(what)}")
    if drawn["high"]:
        parts.append('hollow marker, arrow down: "up to"')
    reading = "; ".join(parts)
    note = (
        "Each estimate is a separate mark; marks are not joined, because nothing is known "
        f"between them. {reading[:1].upper()}{reading[1:]}."
    )
    note += _gap_note(gaps)
    if drawn["by_report"]:
        note += " Where an estimate's own date is not known, its mark is at the report's date."
    if drawn["moved"]:
        note += (
            " Marks that would hide each other are set apart: some are drawn up to "
            f"{drawn['moved']} days after their date."
        )
    return note + (
        " Colour: kind of estimator; marker: who made it (the same in every chart; the legend "
        "shows each marker filled)."
    )


def _gap_note(gaps: list[tuple[str, str]]) -> str:
    """Return the footer's sentence on long gaps, naming the panel of each: "" if none."""
    named = [(title, words) for title, words in gaps if words]
    if not named:
        return ""
    if len(gaps) == 1:
        return f" No estimate in the data {named[0][1]}."
    said = "; ".join(f"{title.lower()}: {words}" for title, words in named)
    return f" No estimate in the data, by panel: {said}."


def _describe_panel(panel: Panel, rows: pd.DataFrame, drawn: dict) -> str:
    """Return one panel's alt text: what it counts, how many marks of each kind, the gaps."""
    values = np.concatenate([floats(rows[bound]) for bound in ("low", "best", "high")])
    counts = [
        (drawn["best"], "best estimate", "best estimates"),
        (drawn["range"], "range", "ranges"),
        (drawn["low"], "lower bound only", "lower bounds only"),
        (drawn["high"], "upper bound only", "upper bounds only"),
        (drawn["partial"], "partial count", "partial counts"),
    ]
    kinds = ", ".join(f"{n} {one if n == 1 else many}" for n, one, many in counts if n)
    estimators = rows["estimator"].nunique()
    text = (
        f"{panel.title} ({panel.subtitle}): {len(rows)} estimates by {estimators} "
        f"estimator{'s' if estimators != 1 else ''}, made between {_month(rows['date'].min())} "
        f"and {_month(rows['date'].max())}, each a separate mark ({kinds}); figures from "
        f"{np.nanmin(values):,.0f} to {np.nanmax(values):,.0f}"
    )
    if drawn["by_report"]:
        text += f"; {drawn['by_report']} with no date of its own, drawn at its report's date"
    gaps = _gap_words(rows["date"])
    if gaps:
        text += f"; no estimate {gaps}"
    return text


@in_house_style
def plot_estimate_panels(
    panels: Iterable[Panel], *, title: str, ylabel: str = "People", sources=None
) -> Axes:
    """Draw estimates of one conflict against the date they were made, one panel per measure.

    Arguments:
        panels: :class:`Panel` objects, drawn left to right on one date scale and one people
            scale; put measures that count different things (killed and casualties, troops
            sent and troops present) in separate panels.
        title: the figure's title; the conflict (from the data) is added to it.

    Returns:
        The first panel's Axes; its alt text describes every panel, and ``ax.figure.axes``
        holds the others. The legend lists each estimator drawn, its mark as drawn (filled if
        it gave a best or range anywhere, else hollow); the footer says how to read the marks
        drawn, names gaps of more than ``LONG_GAP_DAYS`` days and cites the rows drawn.
    """
    panels = list(panels)
    prepared = [timeline_rows(panel.rows) for panel in panels]
    everything = pd.concat(prepared, ignore_index=True)
    conflicts = sorted(everything["conflict"].dropna().unique())
    if len(conflicts) != 1:
        raise ValueError(f"one conflict per chart, got {conflicts}")
    axes, right_edge = _panel_axes(len(panels), everything)
    drawn = []
    for ax, panel, rows in zip(axes, panels, prepared, strict=True):
        drawn.append(panel_layout(ax, panel, rows))
        _draw_panel(ax, drawn[-1])
    _panel_ticks(axes)
    _panel_legend(axes[-1], drawn)
    heading = f"{title}: {conflicts[0]}"
    note = _panels_note(panels, prepared, drawn)
    alt = f"{heading}. " + _panels_alt(panels, prepared, drawn)
    if len(panels) > 1:
        axes[0].figure.suptitle(heading, x=0.01, ha="left", fontsize=17, fontweight="bold")
    for index, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
        finish(
            ax,
            title=panel.title if len(panels) > 1 else heading,
            subtitle=panel.subtitle,
            xlabel="Date of the estimate",
            ylabel=ylabel if index == 0 else "",
            frames=[everything],  # one footer for the figure: every panel cites all
            note=note,
            alt=alt,
            sources=sources,
        )
    axes[0].figure.canvas.draw()  # lay the figure out first, so labels can be placed clear
    for ax, each in zip(axes, drawn, strict=True):
        place_labels(ax, each.labels(), each.obstacles(), lambda date: date > right_edge)
    return axes[0]


def _panel_axes(count: int, everything: pd.DataFrame) -> tuple[list[Axes], pd.Timestamp]:
    """Return the panels' Axes on one date and one people scale, and the date past which
    labels go left of their marks."""
    width = 7.2 * count + 3.8
    _, axes = plt.subplots(1, count, figsize=(width, 6.6), sharex=True, sharey=True, squeeze=False)
    axes = list(axes[0])
    first, last = everything["date"].min(), everything["date"].max()
    pad = pd.Timedelta(days=max(20, (last - first).days // 12))
    values = np.concatenate([floats(everything[bound]) for bound in ("low", "best", "high")])
    axes[0].set_ylim(0, np.nanmax(values) * 1.18)
    axes[0].set_xlim(first - pad, last + pad)
    return axes, last - (last - first) * 0.3


def _panel_ticks(axes: list[Axes]) -> None:
    """Give the shared scales thousands separators and month ticks; number every panel."""
    thousands(axes[0].yaxis)
    axes[0].xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=5))
    axes[0].xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    for ax in axes[1:]:
        ax.tick_params(labelleft=True)


def _panel_legend(ax: Axes, drawn: list[PanelLayout]) -> None:
    """Put the legend of every estimator drawn in any panel right of ``ax``.

    The legend says who made a mark: every shape filled; the footer says what hollow means.
    """
    styles = {name: style for each in drawn for name, style in each.styles.items()}
    handles = [kind_handle(style, filled=True) for style in styles.values()]
    ax.legend(
        handles=legend_by_kind(handles, []),
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=10,
        handletextpad=0.4,
    )


def _panels_note(panels: list[Panel], prepared: list, drawn: list[PanelLayout]) -> str:
    """Return the figure's footer note, from what every panel drew."""
    total = {
        key: (max if key == "moved" else sum)(each.counts[key] for each in drawn)
        for key in drawn[0].counts
    }
    gaps = [
        (panel.title, _gap_words(rows["date"]))
        for panel, rows in zip(panels, prepared, strict=True)
    ]
    note = _panel_note(total, gaps)
    return "The panels share one scale. " + note if len(panels) > 1 else note


def _panels_alt(panels: list[Panel], prepared: list, drawn: list[PanelLayout]) -> str:
    """Return the alt text of every panel, after the number of panels."""
    return (f"{len(panels)} panels on one scale. " if len(panels) > 1 else "") + " ".join(
        f"{_describe_panel(panel, rows, each.counts)}."
        for panel, rows, each in zip(panels, prepared, drawn, strict=True)
    )


def plot_killed_beside_casualties(
    killed: pd.DataFrame, casualties: pd.DataFrame, *, sources=None
) -> Axes:
    """Draw the killed estimates (left, each labelled) beside the casualties (right).

    One scale for both, so that a killed figure reads against the casualties of the same weeks:
    the killed are part of the casualties, never a rival count. See
    :func:`plot_estimate_panels` for the marks and the return value.
    """
    return plot_estimate_panels(
        [
            Panel(killed, "Killed", "Killed in action or in battle", label_values=True),
            Panel(casualties, "Casualties", "Killed and wounded; some add missing and captured"),
        ],
        title="Killed, and all casualties",
        ylabel="People (one scale for both panels)",
        sources=sources,
    )


def plot_troops_sent_and_present(
    sent: pd.DataFrame, present: pd.DataFrame, *, callouts: Iterable[str] = (), sources=None
) -> Axes:
    """Draw estimates of troops sent in all (left) and of troops present at a date (right).

    The two never share a line: a later "present" figure below an earlier "sent" one does not
    mean troops were withdrawn. Every figure is labelled; partial counts and the estimate ids in
    ``callouts`` also carry their scope from the data. See :func:`plot_estimate_panels`.
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


# --- lesson 04: checking reported running totals --------------------------------------------

#: One colour and marker per kind of source (the register's ``kind`` column), in every chart
#: that marks reports by kind. None of these colours is an estimator kind's colour, nor the
#: blue and orange of the handover charts, so no colour means two things. Triangles are left
#: for bounds.
SOURCE_KIND_STYLE: dict[str, tuple[str, str]] = {
    "state media": ("#E69F00", "o"),
    "news agency": ("#56B4E9", "s"),
    "government": ("#332288", "D"),
    "newspaper": ("#882255", "P"),
    "news site": ("#999933", "X"),
    "broadcaster": ("#000000", "h"),
    "research": ("#DDCC77", "*"),
}
