"""The range chart: competing estimates, one row each, in their estimators' colours and markers.

Belongs here: :func:`plot_estimate_ranges` and what turns its layout into artists, legend, note
and alt text. Does not belong here: choosing, ordering and placing the rows
(:mod:`helpers.charts.range_layout`), an estimator's colour and marker
(:mod:`helpers.estimator_styles`, read through :func:`helpers.charts.marks.estimator_style`),
legend entries and bound arrows shared with the timelines (:mod:`helpers.charts.marks`), the
estimator key (:mod:`helpers.charts.key`), estimates against time
(:mod:`helpers.charts.timelines`).
"""

from __future__ import annotations

from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from helpers import sources as mark_sources
from helpers.charts.finish import finish
from helpers.charts.marks import (
    bound_arrows,
    hollow_handle,
    kind_handle,
    legend_by_kind,
    marker_scale,
    row_style,
)
from helpers.charts.range_layout import RangeLayout, range_layout, range_looks, range_rows
from helpers.charts.style import (
    INK,
    MUTED,
    in_house_style,
    thousands,
)
from helpers.estimator_styles import style as estimator_style


@in_house_style
def plot_estimate_ranges(
    estimates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str = "Competing estimates",
    subtitle: str | None = None,
    xlabel: str = "People",
    labels: Iterable[str] | None = None,
    group_by: str | None = "measure",
    group_names: dict | None = None,
    spans: bool = True,
    sort_by_date: bool = True,
    notes: Iterable[str] = (),
    sources=None,
    shares: str | None = None,
) -> Axes:
    """Draw each estimate on its own row, in its estimator's colour and marker.

    A low-high range is a capped line with the best marked on it; "more than" is a hollow
    marker with an arrow to the right, "up to" one with an arrow to the left.

    Rows are grouped by ``group_by`` (the measure by default, so that killed and all dead never
    share a group; ``None`` for no groups), each group under a heading (``group_names`` maps a
    group value to its heading). With ``spans``, a pale band (never grey: grey means set aside)
    shows the span from the lowest to the highest of the figures in a group that count the same
    thing (one measure, the same people): the competition drawn as a range. Repeats
    (``same_as``, drawn paler, their value written "= the figure they repeat"), counts the
    source calls incomplete and counts of more people stay outside the band (see
    :func:`helpers.charts.range_layout.outside_band`); a repeat says so in its label, as does
    a row that is ``part_of`` another. Labels give the estimator, the estimate's own date (or
    "reported YYYY") and, when the table has it, the ``scope``; ``labels`` replaces the first
    line. With ``sort_by_date``, rows within a group run from the oldest date (own date, else
    the date reported) to the newest; groups keep the order in which they first appear. The
    legend lists only what is drawn; the alt text counts what is drawn (both read
    :func:`range_layout`).

    Args:
        estimates: rows of the estimates table (``analysis.select(...)``).
        ax: the Axes to draw on (default: a new figure sized to the rows).
        title, subtitle, xlabel: the wording (default subtitle: the party and measures).
        labels: one label per row (default: estimator and date).
        notes: sentences the chart must say about these figures (why two disagree, what is
            left out), written under the chart before how to read its marks.
        sources: the source register for the footer (default: the project's).

        shares: the group (a ``group_by`` value) whose rows are fixed shares of one total, not
            estimates of their own: the alt text counts them apart from the estimates.

    Returns the Axes drawn on.
    """
    rows = range_rows(estimates, labels=labels, group_by=group_by, sort_by_date=sort_by_date)
    layout = range_layout(rows, group_by=group_by, group_names=group_names, spans=spans)
    if ax is None:
        _, ax = plt.subplots(figsize=(14, max(4.5, 0.6 * layout.total_height + 2.8)))
    _draw_spans(ax, layout.spans)
    for _, mark in layout.marks.iterrows():
        _draw_range_mark(ax, mark)
    _draw_headings(ax, layout.headings)
    _range_axes(ax, layout)
    ax.legend(
        handles=_range_legend(layout),
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=10,
        handletextpad=0.4,
    )
    scope = subtitle or f"{rows['party'].iloc[0]}: {', '.join(sorted(rows['measure'].unique()))}"
    return finish(
        ax,
        title=title,
        subtitle=scope,
        xlabel=xlabel,
        ylabel="",
        frames=[rows],
        note=" ".join([*notes, _range_note(layout)]),
        alt=_range_alt(layout, scope, _count_shares(rows, shares if group_by else None)),
        sources=sources,
    )


# --- the range chart: draw ------------------------------------------------------------------


#: The band's pale tint and its edges: not grey (grey means left out or set aside).
BAND_FILL, BAND_EDGE = "#F6EBC8", "#C9A93F"
#: How much paler a repeat is drawn than an independent figure.
REPEAT_ALPHA = 0.4


def _draw_spans(ax: Axes, spans: pd.DataFrame) -> None:
    """Draw each band in a pale tint, with darker edges so that a narrow span still shows."""
    for _, span in spans.iterrows():
        ax.fill_between(
            [span["x0"], span["x1"]],
            span["y0"],
            span["y1"],
            color=BAND_FILL,
            zorder=0,
            linewidth=0,
            gid="span",
        )
        ax.vlines(
            [span["x0"], span["x1"]],
            span["y0"],
            span["y1"],
            colors=BAND_EDGE,
            linewidth=1.2,
            zorder=0.5,
            gid="span-edge",
        )


def _draw_range_mark(ax: Axes, mark: pd.Series) -> None:
    """Draw one estimate: its range line, its best or bound marker (and arrow), its value."""
    style = row_style(mark)
    colour, marker, yy = style.colour, style.marker, mark["y"]
    has_low, has_best, has_high = mark["has_low"], mark["has_best"], mark["has_high"]
    alpha = REPEAT_ALPHA if mark.get("repeat", False) else 1.0
    ranged = has_low and has_high
    if ranged:
        (line,) = ax.plot(
            [mark["low"], mark["high"]],
            [yy, yy],
            color=colour,
            linewidth=2.5,
            solid_capstyle="butt",
            marker="|",
            markersize=14,
            markeredgewidth=2.5,
            zorder=4,
            gid="range",
        )
        _source(line, "range", mark["claims_low"] + mark["claims_high"])
    if has_best:
        best = ax.scatter(
            [mark["best"]],
            [yy],
            marker=marker,
            s=(45 if ranged else 95) * marker_scale(marker),
            color=colour,
            alpha=alpha,
            zorder=5 if ranged else 3,
            edgecolors="white",
            linewidths=0.6,
            gid="best",
        )
        _source(best, "best", mark["claims_best"])
    elif has_low != has_high:
        bound = mark["low"] if has_low else mark["high"]
        hollow = ax.scatter(
            [bound],
            [yy],
            marker=marker,
            s=95 * marker_scale(marker),
            facecolors="white",
            edgecolors=colour,
            linewidths=2,
            zorder=3,
            gid="lower-bound" if has_low else "upper-bound",
        )
        _source(hollow, hollow.get_gid(), mark["claims_low" if has_low else "claims_high"])
        close = mark["words"].startswith(("nearly", "almost", "approaching"))
        direction, length = "right" if has_low else "left", 12 if close else 22
        bound_arrows(ax, [bound], [yy], colour, direction, length, gap=ARROW_GAP, clip=False)
    ax.annotate(
        mark["words"],
        xy=(np.nanmax([mark["low"], mark["best"], mark["high"]]), yy),
        xytext=(40 if has_low and not (has_high or has_best) else 10, 0),
        textcoords="offset points",
        va="center",
        fontsize=11,
        color=INK,
        alpha=0.75 if alpha < 1 else 1.0,
        gid="value",
    )


#: The gap, in points, between a hollow marker's centre and the start of its arrow.
ARROW_GAP = 10


def _source(artist, role: str, claims: list[str]) -> None:
    """Keep what the mark is (``mark_role``: "range", "best", ...) and name its claims, so the
    exported SVG gives it a tooltip and a link to its source (:func:`helpers.sources.mark`)."""
    artist.mark_role = role
    if claims:
        mark_sources.mark(artist, *dict.fromkeys(claims))


def _draw_headings(ax: Axes, headings: list[tuple[str, float]]) -> None:
    """Write each group's heading left of the axis, level with the top of its rows."""
    for text, yy in headings:
        ax.annotate(
            text,
            xy=(0, yy),
            xycoords=("axes fraction", "data"),
            xytext=(-8, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=12.5,
            fontweight="bold",
            color=INK,
            gid="group-heading",
        )


def _range_axes(ax: Axes, layout: RangeLayout) -> None:
    """Label each row, and scale the axes to the layout."""
    ax.set_yticks(list(layout.marks["y"]))
    ax.set_yticklabels(list(layout.marks["label"]), fontsize=11)
    # a little room left of zero, so a small figure never sits on the axis line; room right of
    # the largest figure for its value only
    ax.set_xlim(-layout.largest * 0.025, layout.largest * 1.18)
    ax.set_ylim(layout.total_height, -0.5)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    thousands(ax.xaxis)


# --- the range chart: legend, note and alt text, from the layout -----------------------------


def _range_legend(layout: RangeLayout) -> list:
    """Return the legend entries: each estimator as drawn, then the glyphs drawn."""
    counts, extra = layout.counts, []
    if counts["span"]:
        extra.append(Patch(facecolor=BAND_FILL, edgecolor=BAND_EDGE, label=BAND_LABEL))
    if layout.marks["repeat"].any():
        extra.append(Line2D([], [], linestyle="none", label=REPEAT_LABEL))
    if counts["range"]:
        ranged = layout.marks[layout.marks["has_low"] & layout.marks["has_high"]]
        colours = {row_style(mark).colour for _, mark in ranged.iterrows()}
        colour = colours.pop() if len(colours) == 1 else MUTED
        extra.append(
            Line2D(
                [],
                [],
                color=colour,
                linewidth=2.5,
                label="Low to high range\n(end caps: low, high)",
            )
        )
    if counts["low"] or counts["high"]:
        words = {"low": "more than (arrow right)", "high": "up to (arrow left)"}
        given = "\nor ".join(words[bound] for bound in ("low", "high") if counts[bound])
        extra.append(_hollow_sample(layout, f"Hollow (any marker): only {given}"))
    looks = range_looks(layout.marks)
    handles = [
        kind_handle(_style_of_kind(name, kind), filled=look, scaled=True)
        for (name, kind), look in looks.items()
    ]
    return legend_by_kind(handles, extra)


#: The legend's words for the band and for a repeat.
BAND_LABEL = (
    "Band: lowest to highest of figures\nof one measure, for the same people\n(repeats, "
    "incomplete and wider\ncounts drawn outside it)"
)
REPEAT_LABEL = '"= figure, given as ...", paler:\na repeat of another figure,\nnot independent'


def _hollow_sample(layout: RangeLayout, label: str) -> Line2D:
    """Return the legend's hollow sample, in the shape of a hollow marker the chart draws."""
    marks = layout.marks
    bounds = marks[~marks["has_best"] & (marks["has_low"] != marks["has_high"])]
    marker = row_style(bounds.iloc[0]).marker if len(bounds) else "o"
    handle = hollow_handle(label)
    handle.set_marker(marker)
    handle.set_markeredgecolor(INK)  # not grey: grey means left out or set aside
    return handle


def _style_of_kind(estimator: str, kind: str):
    """Return ``estimator``'s style drawn as ``kind`` (its colour follows the kind)."""
    from helpers.estimator_styles import KIND_COLOURS

    return estimator_style(estimator)._replace(kind=kind, colour=KIND_COLOURS[kind])


def _range_note(layout: RangeLayout) -> str:
    """Return the footer note: how to read each kind of mark drawn, and which date is which."""
    counts, parts = layout.counts, []
    if counts["range"]:
        parts.append(
            "lines: low-to-high ranges"
            + (", with the best marked on them" if counts["range_best"] else "")
        )
    if counts["single"]:
        parts.append("filled markers: a single figure")
    if counts["low"] or counts["high"]:
        parts.append("hollow markers: only one bound given")
    if counts["span"]:
        parts.append(
            "pale band: lowest to highest of the figures of one measure, for the same "
            "people (" + "; ".join(layout.spans["words"]) + "), leaving out "
            "repeats, incomplete counts and counts of more people, drawn outside it"
        )
    if layout.marks["repeat"].any():
        parts.append('"= figure": a repeat of that figure, drawn paler')
    labels = " ".join(layout.marks["label"])
    dates = [
        words
        for found, words in (
            (", dated " in labels, '"dated": the date of the figure itself'),
            (", reported " in labels, '"reported": the year of the earliest report we have'),
        )
        if found
    ]
    return (
        "; ".join(parts)[:1].upper()
        + "; ".join(parts)[1:]
        + f". Colour: kind of estimator ({_kinds_drawn(layout)}); marker: who made it."
        + (f" Dates: {'; '.join(dates)}." if dates else "")
    )


#: What each kind means, in the note under a range chart.
KIND_WORDS = {
    "official": "official: a government counting its own side",
    "foreign government": "foreign government: a government counting another side",
    "scholar or dataset": "scholar or dataset: a published method",
    "unattributed press": "unattributed press: no maker named",
}


def _kinds_drawn(layout: RangeLayout) -> str:
    """Return the kinds the chart draws, each with what it means, in the key's order."""
    drawn = {kind for _, kind in range_looks(layout.marks)}
    return "; ".join(words for kind, words in KIND_WORDS.items() if kind in drawn)


def _count_shares(rows: pd.DataFrame, shares: str | None) -> int:
    """Return how many rows are in the group ``shares`` (fixed shares of one total), or 0."""
    return int((rows["_group"] == shares).sum()) if shares else 0


def _range_alt(layout: RangeLayout, scope: str, shares: int = 0) -> str:
    """Return the alt text: how many estimates, groups, shapes and spans are drawn."""
    counts, group_words = layout.counts, ""
    if layout.grouped:
        counted = [
            f"{count} "
            + (heading[:1].lower() + heading[1:] if layout.group_by == "measure" else heading)
            for heading, count in layout.groups
        ]
        group_words = f" in {len(layout.groups)} groups drawn apart ({'; '.join(counted)})"
    shapes = [
        (counts["range"], "drawn as a low-to-high range"),
        (counts["single"], "as a single figure"),
        (counts["low"], "as a lower bound only"),
        (counts["high"], "as an upper bound only"),
    ]
    shape_words = ", ".join(f"{count} {words}" for count, words in shapes if count)
    relation_words = (
        f"; {layout.related} repeat or are part of another estimate, as their labels say"
        if layout.related
        else ""
    )
    span_words = list(layout.spans["words"])
    estimators = len({name for name, _ in range_looks(layout.marks)})
    return (
        f"Range chart of {len(layout.marks) - shares} estimates"
        + (f" and {shares} fixed shares of one of them" if shares else "")
        + f" ({scope}){group_words}, from "
        f"{layout.smallest:,.0f} to {layout.largest:,.0f}, by {estimators} "
        f"estimators: {shape_words}{relation_words}"
        + (f"; pale bands span {'; '.join(span_words)}" if span_words else "")
        + "."
    )
