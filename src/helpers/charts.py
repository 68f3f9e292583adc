"""Charts in one house style: every function takes ``ax=None``, draws, and returns the Axes.

Each chart gets a title, a subtitle with its scope, labelled axes with units, a zero baseline
for counts, thousands separators, and a footer "Source: ..." built from the ``source_ids`` of
the rows it actually draws (never typed by hand). Each also writes a one-sentence description
(alt text) that exports and the site reuse: read it with :func:`alt_text`.

Importing this module applies the style in ``house.mplstyle``.
"""

from __future__ import annotations

import itertools
import json
import os
import re
import textwrap
from collections.abc import Iterable
from pathlib import Path
from weakref import WeakKeyDictionary

import matplotlib as mpl
import matplotlib.dates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helpers import estimator_styles
from helpers.analysis import DecayFit, format_range, reconcile_running_totals
from helpers.estimator_styles import EstimatorStyle
from helpers.sources import cited_ids, source_line
from helpers.validate import period_starts

STYLE = Path(__file__).with_name("house.mplstyle")
PRIMARY, ACCENT, MUTED, INK = "#0072B2", "#D55E00", "#8C8C8C", "#333333"
#: Metadata that would change with the matplotlib version or the clock is left out.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}


def use_house_style() -> None:
    """Apply the house style; in a notebook, also make inline PNGs carry no version stamp."""
    plt.style.use(STYLE)
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with the lab extra
        return
    shell = get_ipython()
    if shell is not None and shell.__class__.__name__ == "ZMQInteractiveShell":
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("png", bbox_inches="tight", metadata=PNG_METADATA)


# --- footers and text ------------------------------------------------------------------------


def _wrap(text: str, ax: Axes) -> str:
    """Return ``text`` wrapped to the figure's width at footer size (12 characters an inch)."""
    width = int(ax.figure.get_figwidth() * 12)
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


#: Each figure's footers, by Axes: the source ids drawn there and an optional note.
_FOOTERS: WeakKeyDictionary = WeakKeyDictionary()


def footer_for(source_ids: Iterable[str], notes: list[str], sources=None) -> str:
    """Return a chart footer: its notes, one per line, then the source line of the ids."""
    return "\n".join([*notes, source_line(source_ids, sources)])


def add_footer(ax: Axes, frames: Iterable[pd.DataFrame], note: str | None = None, sources=None):
    """Write the source line of ``frames``' rows (and a note) at the foot of the figure.

    The footer is the figure's bottom label, so the layout always leaves room for it. With
    several charts in one figure, it cites the union of their sources and lists every note.
    """
    ids, notes = cited_ids(*frames), [note] if note else []
    footers = _FOOTERS.setdefault(ax.figure, {})
    footers[ax] = (ids, notes, footer_for(ids, notes, sources))
    all_notes = list(dict.fromkeys(n for _, each, _ in footers.values() for n in each))
    all_ids = sorted({source for each, _, _ in footers.values() for source in each})
    return ax.figure.supxlabel(
        _wrap(footer_for(all_ids, all_notes, sources), ax),
        x=0.01,
        ha="left",
        fontsize=10,
        color="#555555",
        linespacing=1.3,
    )


def footer_text(ax: Axes) -> str:
    """Return the footer of the chart drawn on ``ax`` (its note and sources) as one line."""
    return " ".join(_FOOTERS[ax.figure][ax][2].split())


def subtitle_text(ax: Axes) -> str:
    """Return the subtitle of a house-style chart."""
    return next(text.get_text() for text in ax.texts if text.get_gid() == "subtitle")


def alt_text(ax: Axes) -> str:
    """Return the chart's one-sentence description (alt text)."""
    return ax.get_label()


def _axes(ax: Axes | None) -> Axes:
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _thousands(axis) -> None:
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def _floats(values: pd.Series) -> np.ndarray:
    """Return nullable numbers as floats with NaN for missing (matplotlib rejects pd.NA)."""
    return values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def _finish(
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
        color="#555555",
        gid="subtitle",
    )
    ax.set_xlabel(xlabel)
    ax.set_ylabel(ylabel)
    add_footer(ax, frames, note, sources)
    ax.set_label(alt)
    return ax


def _year_axis(ax: Axes, years: Iterable[int]) -> None:
    """Label the x axis with whole years: every year when there are few, else a selection."""
    years = list(years)
    if len(years) <= 15:
        ax.set_xticks(years, [str(year) for year in years])
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


# --- the handovers ---------------------------------------------------------------------------


def plot_yearly_handovers(
    handovers: pd.DataFrame, ax: Axes | None = None, *, title: str | None = None, sources=None
) -> Axes:
    """Draw the remains handed over each year as labelled bars; derived years are hatched."""
    ax = _axes(ax)
    years = handovers["year"].astype(int).to_numpy()
    remains = _floats(handovers["remains_returned"])
    derived = handovers["basis"].eq("derived").to_numpy()
    bars = ax.bar(years, remains, color=PRIMARY, width=0.7, gid="bars")
    for bar, is_derived in zip(bars, derived, strict=True):
        if is_derived:
            bar.set_hatch("//")
            bar.set_facecolor("#9ecae1")
    ax.bar_label(bars, labels=[f"{value:,.0f}" for value in remains], padding=3, fontsize=12)
    ax.set_ylim(0, np.nanmax(remains) * 1.12)
    _year_axis(ax, years)
    _thousands(ax.yaxis)
    first, last = int(years.min()), int(years.max())
    lowest = int(np.nanargmin(remains))
    note = "Hatched bars: derived from two reported running totals." if derived.any() else None
    alt = (
        f"Bar chart of the remains of Chinese soldiers South Korea handed over each year from "
        f"{first} to {last}: {remains[0]:,.0f} in {first}, down to {remains[lowest]:,.0f} in "
        f"{years[lowest]}, and {remains[-1]:,.0f} in {last}."
    )
    return _finish(
        ax,
        title=title or "Remains handed over each year",
        subtitle=(
            f"Chinese soldiers killed in the Korean War, returned by South Korea, {first}-{last}"
        ),
        xlabel="Year of handover",
        ylabel="Sets of remains",
        frames=[handovers],
        note=note,
        alt=alt,
        sources=sources,
    )


def plot_running_total(
    handovers: pd.DataFrame,
    claims: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    sources=None,
) -> Axes:
    """Draw the running total recomputed from the yearly figures; reported totals as circles."""
    ax = _axes(ax)
    years = handovers["year"].astype(int).to_numpy()
    total = _floats(handovers["cumulative_returned"])
    ax.plot(
        years,
        total,
        color=PRIMARY,
        marker="o",
        label="Recomputed from the yearly figures",
        gid="running-total",
    )
    reported = reconcile_running_totals(handovers, claims)
    ax.scatter(
        reported["year"].astype(int),
        _floats(reported["reported_total"]),
        s=160,
        facecolors="none",
        edgecolors=ACCENT,
        linewidths=2,
        zorder=3,
        label="Total reported by a source",
        gid="reported-totals",
    )
    ax.annotate(
        f"{total[-1]:,.0f}",
        xy=(years[-1], total[-1]),
        xytext=(8, -4),
        textcoords="offset points",
        va="top",
        fontsize=12,
    )
    ax.set_ylim(0, np.nanmax(total) * 1.12)
    _year_axis(ax, years)
    _thousands(ax.yaxis)
    ax.legend(loc="upper left")
    mismatches = int((~reported["matches"]).sum())
    agreement = "all match" if mismatches == 0 else f"{mismatches} do not match"
    alt = (
        f"Line chart of the running total of remains returned, from {total[0]:,.0f} in "
        f"{years[0]} to {total[-1]:,.0f} in {years[-1]}, with {len(reported)} totals reported by "
        f"sources drawn as circles: {agreement}."
    )
    drawn_claims = reported.rename(columns={"source_id": "source_ids"})
    return _finish(
        ax,
        title=title or "Running total of remains returned",
        subtitle=f"Sets of remains handed over since the 2014 agreement, {years[0]}-{years[-1]}",
        xlabel="Year of handover",
        ylabel="Sets of remains, cumulative",
        frames=[handovers, drawn_claims],
        alt=alt,
        sources=sources,
    )


def plot_decay_fit(
    handovers: pd.DataFrame,
    fit: DecayFit,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    sources=None,
) -> Axes:
    """Draw the yearly remains with the fitted exponential decay over them, extended dashed."""
    ax = _axes(ax)
    years = handovers["year"].astype(int).to_numpy()
    remains = _floats(handovers["remains_returned"])
    inside = (years >= fit.first_year) & (years <= fit.last_year)
    ax.scatter(
        years[inside],
        remains[inside],
        color=PRIMARY,
        s=70,
        zorder=3,
        label="Years used for the fit",
        gid="fitted-points",
    )
    ax.scatter(
        years[~inside],
        remains[~inside],
        color=ACCENT,
        marker="D",
        s=60,
        zorder=3,
        label="Later years",
        gid="later-points",
    )
    smooth = np.linspace(fit.first_year, fit.last_year, 100)
    ax.plot(smooth, fit.predict(smooth), color=PRIMARY, label="Fitted decay", gid="fit")
    ahead = np.linspace(fit.last_year, years.max(), 100)
    ax.plot(
        ahead,
        fit.predict(ahead),
        color=PRIMARY,
        linestyle="--",
        label="The same decay, extended",
        gid="extension",
    )
    ax.set_ylim(0, np.nanmax(remains) * 1.1)
    _year_axis(ax, years)
    _thousands(ax.yaxis)
    ax.legend(loc="upper right")
    note = (
        f"Fit: straight line through the logarithms of {fit.first_year}-{fit.last_year}; "
        f"half-life {fit.half_life:.1f} years; R\u00b2 {fit.r_squared:.2f} (on the log scale)."
    )
    alt = (
        f"Scatter chart of remains returned each year with an exponential decay fitted to "
        f"{fit.first_year}-{fit.last_year}, halving about every {fit.half_life:.1f} years; the "
        f"later years lie far above the extended curve."
    )
    return _finish(
        ax,
        title=title or "An early decline, then a break from it",
        subtitle=(
            "Remains returned each year and an exponential decay fitted to "
            f"{fit.first_year}-{fit.last_year}"
        ),
        xlabel="Year of handover",
        ylabel="Sets of remains",
        frames=[handovers],
        note=note,
        alt=alt,
        sources=sources,
    )


# --- estimator styles: one colour and marker per estimator, in every chart ------------------
#
# The table lives in helpers.estimator_styles; these three functions are the whole API:
#   charts.estimator_style(name)    -> EstimatorStyle(estimator, kind, colour, marker)
#   charts.estimator_key(names)     -> a table of the key (print it once for a class)
#   charts.plot_estimator_key(names) -> the key drawn as a chart


def estimator_style(estimator: str) -> EstimatorStyle:
    """Return how ``estimator`` is drawn in every chart: its kind, colour and marker.

    The colour is that of the estimator's kind (official, foreign government, scholar or
    dataset, unattributed press); the marker is the estimator's own. Raises
    :class:`UnknownEstimatorError`, saying where to add it, for an estimator with no style.
    """
    return estimator_styles.style(estimator)


def estimator_key(estimators: Iterable[str] | None = None) -> pd.DataFrame:
    """Return the key to the estimator colours and markers, one row per estimator.

    Arguments:
        estimators: the estimators to list (e.g. ``table["estimator"]``); every estimator
            with a style when left out.

    Returns:
        A table with columns ``estimator``, ``kind``, ``colour``, ``marker`` (the matplotlib
        code) and ``marker_name``, sorted by kind (in the order of
        ``estimator_styles.KIND_COLOURS``) then estimator.
    """
    names = estimator_styles.ESTIMATORS if estimators is None else dict.fromkeys(estimators)
    kinds = list(estimator_styles.KIND_COLOURS)
    rows = [estimator_style(name)._asdict() for name in names]
    key = pd.DataFrame(rows, columns=list(EstimatorStyle._fields))
    key["marker_name"] = key["marker"].map(estimator_styles.MARKER_NAMES)
    order = key["kind"].map(kinds.index)
    return (
        key.assign(_order=order)
        .sort_values(["_order", "estimator"])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


def _estimator_handle(style: EstimatorStyle, *, filled: bool = True, label: str | None = None):
    """Return a legend entry drawn exactly like an estimator's marker (filled or hollow)."""
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=style.marker,
        markersize=10,
        markerfacecolor=style.colour if filled else "white",
        markeredgecolor=style.colour,
        markeredgewidth=1.5 if filled else 2,
        label=label or style.estimator,
    )


def plot_estimator_key(estimators: Iterable[str] | None = None, ax: Axes | None = None) -> Axes:
    """Draw the key to the estimator colours and markers: one column per kind of estimator.

    ``estimators`` limits the key to those names (every estimator with a style by default).
    """
    key = estimator_key(estimators)
    kinds = [kind for kind in estimator_styles.KIND_COLOURS if kind in set(key["kind"])]
    longest = int(key.groupby("kind").size().max())
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2 * max(len(kinds), 1), 1.2 + 0.42 * longest))
    for column, kind in enumerate(kinds):
        colour = estimator_styles.KIND_COLOURS[kind]
        ax.text(column, 0, kind.capitalize(), fontsize=13, fontweight="bold", color=colour)
        members = key[key["kind"] == kind].reset_index(drop=True)
        for row, member in members.iterrows():
            y = row + 1
            ax.scatter(
                [column + 0.04],
                [y],
                marker=member["marker"],
                s=90,
                color=colour,
                gid=f"key-{member['estimator']}",
            )
            ax.text(
                column + 0.1,
                y,
                "\n".join(textwrap.wrap(member["estimator"], 30)),
                va="center",
                fontsize=10.5,
                color=INK,
            )
    ax.set_xlim(-0.05, len(kinds))
    ax.set_ylim(longest + 0.6, -0.6)
    ax.set_axis_off()
    ax.set_title("Who made each estimate: the key to every chart", loc="left", pad=12)
    ax.set_label(
        f"Key to the estimator colours and markers: {len(key)} estimators in "
        f"{len(kinds)} kinds ({', '.join(kinds)}); colour shows the kind, marker the estimator."
    )
    return ax


# --- estimates -------------------------------------------------------------------------------


#: How a chart names each measure: what the row counts, in words.
MEASURE_WORDS = {
    "killed": "killed in battle",
    "dead": "dead, all causes",
    "battle_deaths": "battle deaths (soldiers and civilians killed in fighting)",
    "casualties": "casualties (killed and wounded, sometimes missing)",
    "wounded": "wounded",
    "missing": "missing",
    "captured": "captured",
    "missing_or_captured": "missing or captured",
    "troops_deployed": "troops sent or present",
    "refugees": "refugees",
}


def measure_words(measure: str) -> str:
    """Return what a measure counts, in words ("killed in battle", "dead, all causes")."""
    return MEASURE_WORDS.get(measure, measure.replace("_", " "))


def estimate_label(row: pd.Series, with_measure: bool = False) -> str:
    """Return a row label for a range chart: estimator, the measure if asked, and date."""
    measure = f", {row['measure'].replace('_', ' ')}" if with_measure else ""
    return f"{row['estimator']}{measure} ({row['as_of']})"


def _legend_by_kind(handles: list, extra: list) -> list:
    """Return legend entries: estimators under a heading per kind, then ``extra`` glyphs."""
    entries, kinds = [], list(estimator_styles.KIND_COLOURS)
    by_kind = sorted(handles, key=lambda h: (kinds.index(h._kind), h.get_label()))
    for kind in kinds:
        members = [h for h in by_kind if h._kind == kind]
        if members:
            entries.append(Line2D([], [], linestyle="none", label=f"{kind.capitalize()}:"))
            entries.extend(members)
    return entries + extra


def _kind_handle(style: EstimatorStyle, *, filled: bool = True):
    handle = _estimator_handle(style, filled=filled)
    handle._kind = style.kind
    return handle


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
    sources=None,
) -> Axes:
    """Draw each estimate on its own row, in its estimator's colour and marker.

    A low-high range is a line with the best marked on it; a figure given only as "more than"
    is a hollow marker with an arrow to the right, "up to" one with an arrow to the left; a
    single figure is a filled marker. Rows are grouped by ``group_by`` (the measure, so that
    killed and all dead never share a row, and each group is named); with ``spans``, a shaded
    band shows the span of each group's estimates, lowest to highest, so the competition
    between estimates is drawn as a range. ``group_names`` maps a group value to its heading
    (the measure in words by default). The legend lists only what is drawn; the alt text
    counts what is drawn.
    """
    rows = estimates.reset_index(drop=True)
    if labels is not None:
        rows = rows.assign(_label=list(labels))
    else:
        with_measure = group_by != "measure" and rows["measure"].nunique() > 1
        rows = rows.assign(
            _label=[estimate_label(row, with_measure) for _, row in rows.iterrows()]
        )
    keys = rows[group_by] if group_by else pd.Series("", index=rows.index)
    group_order = list(dict.fromkeys(keys))
    grouped = len(group_order) > 1 or bool(group_by and group_names)
    # y positions from the top: a heading line above each group when there are groups
    positions, headings, y = np.zeros(len(rows)), [], 0.0
    order = []
    for value in group_order:
        members = rows.index[keys == value].tolist()
        if grouped:
            headings.append((value, y))
            y += 1
        for index in members:
            positions[index] = y
            order.append(index)
            y += 1
        y += 0.4
    total_height = y - 0.4
    if ax is None:
        _, ax = plt.subplots(figsize=(12, max(4.5, 0.48 * total_height + 2.8)))
    low, best, high = (_floats(rows[bound]) for bound in ("low", "best", "high"))
    values = np.concatenate([low, best, high])
    largest, smallest = np.nanmax(values), np.nanmin(values)
    handles, drew = {}, {"range": 0, "low": 0, "high": 0, "single": 0, "span": 0}
    for value in group_order:
        members = rows.index[keys == value].to_numpy()
        group_values = np.concatenate([low[members], best[members], high[members]])
        if spans and len(members) > 1 and np.nanmin(group_values) < np.nanmax(group_values):
            top, bottom = positions[members].min() - 0.45, positions[members].max() + 0.45
            ax.fill_between(
                [np.nanmin(group_values), np.nanmax(group_values)],
                top,
                bottom,
                color="#E8E8E8",
                zorder=0,
                linewidth=0,
                gid="span",
            )
            drew["span"] += 1
    for index in order:
        row, yy = rows.loc[index], positions[index]
        style = estimator_style(row["estimator"])
        colour, marker = style.colour, style.marker
        has_low, has_best, has_high = (not np.isnan(v[index]) for v in (low, best, high))
        if has_low and has_high:
            ax.plot(
                [low[index], high[index]],
                [yy, yy],
                color=colour,
                linewidth=5,
                alpha=0.5,
                solid_capstyle="butt",
                gid="range",
            )
            drew["range"] += 1
        if has_best:
            ax.scatter(
                [best[index]],
                [yy],
                marker=marker,
                s=95,
                color=colour,
                zorder=3,
                edgecolors="white",
                linewidths=0.6,
                gid="best",
            )
            if not (has_low or has_high):
                drew["single"] += 1
        elif has_low != has_high:
            bound = low[index] if has_low else high[index]
            ax.scatter(
                [bound],
                [yy],
                marker=marker,
                s=95,
                facecolors="white",
                edgecolors=colour,
                linewidths=2,
                zorder=3,
                gid="lower-bound" if has_low else "upper-bound",
            )
            _bound_arrows(ax, [bound], [yy], colour, "right" if has_low else "left")
            drew["low" if has_low else "high"] += 1
        filled = has_best or (has_low and has_high)
        previous = handles.get(style.estimator)
        if previous is None or (filled and previous[1] is False):
            handles[style.estimator] = (style, filled)
        right = np.nanmax([low[index], best[index], high[index]])
        ax.annotate(
            format_range(row[["low", "best", "high"]]),
            xy=(right, yy),
            xytext=(30 if has_low and not has_high and not has_best else 10, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
            color=INK,
            gid="value",
        )
    names = group_names or {}
    for value, yy in headings:
        heading = names.get(value) or (measure_words(value) if group_by == "measure" else value)
        ax.annotate(
            heading[:1].upper() + heading[1:],
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
    ax.set_yticks([positions[index] for index in order])
    ax.set_yticklabels([rows.loc[index, "_label"] for index in order])
    ax.set_xlim(0, largest * 1.3)
    ax.set_ylim(total_height - 0.3, -0.7)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    _thousands(ax.xaxis)
    extra = []
    if drew["span"]:
        extra.append(Patch(color="#E8E8E8", label="Span of a group's estimates"))
    if drew["range"]:
        extra.append(
            Line2D([], [], color=MUTED, linewidth=5, alpha=0.6, label="Low to high range")
        )
    if drew["low"] or drew["high"]:
        words = {"low": "more than (arrow right)", "high": "up to (arrow left)"}
        given = " or ".join(words[bound] for bound in ("low", "high") if drew[bound])
        extra.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=10,
                markerfacecolor="white",
                markeredgecolor=MUTED,
                markeredgewidth=2,
                label=f"Hollow: only {given}",
            )
        )
    legend = _legend_by_kind([_kind_handle(s, filled=f) for s, f in handles.values()], extra)
    ax.legend(
        handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=10, handletextpad=0.4
    )
    parts = []
    if drew["range"]:
        parts.append("lines: low-to-high ranges with the best marked")
    if drew["single"]:
        parts.append("filled markers: a single figure")
    if drew["low"] or drew["high"]:
        parts.append("hollow markers: only one bound given")
    if drew["span"]:
        parts.append("grey band: the span from a group's lowest to its highest estimate")
    note = (
        "; ".join(parts) + ". "
    ).capitalize() + "Colour: kind of estimator; marker: who made it (the same in every chart)."
    group_words = ""
    if grouped:
        counted = [
            f"{(keys == value).sum()} "
            f"{names.get(value) or (measure_words(value) if group_by == 'measure' else value)}"
            for value in group_order
        ]
        group_words = f" in {len(group_order)} groups drawn apart ({'; '.join(counted)})"
    scope = subtitle or f"{rows['party'].iloc[0]}: {', '.join(sorted(rows['measure'].unique()))}"
    shapes = [
        (drew["range"], "drawn as a low-to-high range"),
        (drew["single"], "as a single figure"),
        (drew["low"], "as a lower bound only"),
        (drew["high"], "as an upper bound only"),
    ]
    shape_words = ", ".join(f"{count} {words}" for count, words in shapes if count)
    alt = (
        f"Range chart of {len(rows)} estimates ({scope}){group_words}, from {smallest:,.0f} to "
        f"{largest:,.0f}, by {len(handles)} estimators: {shape_words}."
    )
    return _finish(
        ax,
        title=title,
        subtitle=scope,
        xlabel=xlabel,
        ylabel="",
        frames=[rows],
        note=note,
        alt=alt,
        sources=sources,
    )


def _bound_arrows(ax: Axes, xs, ys, colour: str, direction: str) -> None:
    """Draw a short arrow from each bound-only mark towards where the figure lies.

    ``direction`` is "right" ("more than" on a horizontal scale), "left" ("up to"), "up"
    ("more than" on a vertical scale) or "down" ("up to").
    """
    dx, dy = {"right": (26, 0), "left": (-26, 0), "up": (0, 22), "down": (0, -22)}[direction]
    for x, y in zip(xs, ys, strict=True):
        ax.annotate(
            "",
            xy=(x, y),
            xycoords="data",
            xytext=(dx, dy),
            textcoords="offset points",
            arrowprops={
                "arrowstyle": "<|-",
                "color": colour,
                "linewidth": 1.8,
                "shrinkA": 0,
                "shrinkB": 6,
            },
            gid="bound-arrow",
        )


def plot_estimates_over_time(
    estimates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str = "Estimates over time",
    subtitle: str | None = None,
    ylabel: str = "People",
    sources=None,
) -> Axes:
    """Draw estimates against the date they were made, in each estimator's colour and marker.

    Colours and markers come from :func:`estimator_style`, so an estimator looks the same in
    every chart. A best is a filled marker, a range a vertical line; a figure given only as a
    lower bound ("more than") is a hollow marker with an arrow up, an upper bound alone
    ("up to") a hollow marker with an arrow down. The legend lists only what is drawn.
    """
    ax = _axes(ax)
    rows = estimates.assign(date=period_starts(estimates["as_of"])).sort_values(
        ["date", "estimator"]
    )
    handles, drew = [], {"range": False, "bound": False}
    for estimator, group in rows.groupby("estimator", sort=True):
        style = estimator_style(estimator)
        colour, marker = style.colour, style.marker
        dates = group["date"].to_numpy()
        low, best, high = (_floats(group[bound]) for bound in ("low", "best", "high"))
        point = np.where(np.isnan(best), np.where(np.isnan(low), high, low), best)
        ax.plot(dates, point, color=colour, linewidth=1, alpha=0.6)
        has_best = ~np.isnan(best)
        ax.scatter(dates[has_best], best[has_best], color=colour, marker=marker, s=70, zorder=3)
        ranged = ~np.isnan(low) & ~np.isnan(high)
        ax.vlines(dates[ranged], low[ranged], high[ranged], colors=colour, linewidth=3, alpha=0.5)
        only_low = ~np.isnan(low) & np.isnan(high) & ~has_best
        only_high = np.isnan(low) & ~np.isnan(high) & ~has_best
        for mask, values, direction in ((only_low, low, "up"), (only_high, high, "down")):
            ax.scatter(
                dates[mask],
                values[mask],
                marker=marker,
                s=80,
                zorder=3,
                facecolors="white",
                edgecolors=colour,
                linewidths=2,
            )
            _bound_arrows(ax, dates[mask], values[mask], colour, direction)
        drew["range"] |= bool(ranged.any())
        drew["bound"] |= bool(only_low.any() or only_high.any())
        handles.append(_kind_handle(style, filled=bool(has_best.any())))
    values = np.concatenate([_floats(rows[b]) for b in ("low", "best", "high")])
    ax.set_ylim(0, np.nanmax(values) * 1.15)
    _thousands(ax.yaxis)
    ax.xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=6))
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    extra = []
    if drew["range"]:
        extra.append(
            Line2D([], [], color=MUTED, linewidth=3, alpha=0.6, label="Low to high range")
        )
    if drew["bound"]:
        extra.append(
            Line2D(
                [],
                [],
                linestyle="none",
                marker="o",
                markersize=10,
                markerfacecolor="white",
                markeredgecolor=MUTED,
                markeredgewidth=2,
                label="Hollow: only one bound",
            )
        )
    ax.legend(
        handles=_legend_by_kind(handles, extra),
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=10,
        handletextpad=0.4,
    )
    scope = subtitle or f"{rows['party'].iloc[0]}: {', '.join(sorted(rows['measure'].unique()))}"
    first, last = rows["date"].min(), rows["date"].max()
    alt = (
        f"Chart of {len(rows)} estimates ({scope}) by {rows['estimator'].nunique()} estimators, "
        f"made between {first:%B %Y} and {last:%B %Y}, from {np.nanmin(values):,.0f} to "
        f"{np.nanmax(values):,.0f}."
    )
    parts = [
        "Filled markers: best estimates"
        if any(h.get_markerfacecolor() != "white" for h in handles)
        else "Markers: estimates"
    ]
    if drew["range"]:
        parts.append("vertical lines: ranges from low to high")
    if drew["bound"]:
        parts.append(
            "hollow markers: only a bound given, the arrow points to where the figure lies"
        )
    note = (
        "; ".join(parts)
        + ". Colour: kind of estimator; marker: who made it (the same in every chart)."
    )
    return _finish(
        ax,
        title=title,
        subtitle=scope,
        xlabel="Date of the estimate",
        ylabel=ylabel,
        frames=[rows],
        note=note,
        alt=alt,
        sources=sources,
    )


# --- estimates over time, as separate marks (lesson 03) ------------------------------------
# Each estimate is its own mark, never joined to the next by a line: two estimates months
# apart say nothing about the months between them, and two figures of one estimator may count
# different things (troops sent in all vs troops there now). A best estimate ("about") is a
# filled marker, a lower bound alone ("more than") an open marker with an arrow up, an upper
# bound alone an open marker with an arrow down, a range a vertical line. Marker and colour
# come from the estimator (one mapping for the collection).

#: Gaps between consecutive estimates longer than this are named in the chart's note.
LONG_GAP_DAYS = 90
BOUNDS_ORDER = ("low", "best", "high")


def _estimator_style(estimator: str, number: int) -> tuple[str, str]:
    """Return the colour and marker of ``estimator``.

    TODO(lesson03): replace with the collection's one estimator mapping once merged.
    """
    colours = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    return colours[number % len(colours)], MARKERS[number % len(MARKERS)]


def _kind_of_figure(low: float, best: float, high: float) -> str:
    """Return "best", "range", "low" or "high": what kind of figure a row gives."""
    if not np.isnan(low) and not np.isnan(high):
        return "range"
    if not np.isnan(best):
        return "best"
    return "low" if not np.isnan(low) else "high"


def _long_gaps(dates: pd.Series, days: int = LONG_GAP_DAYS) -> list[tuple]:
    """Return (start, end) of every gap between consecutive estimate dates longer than ``days``."""
    ordered = pd.Series(sorted(dates.dropna().unique()))
    steps = ordered.diff().dt.days
    return [(ordered[i - 1], ordered[i]) for i in range(1, len(ordered)) if steps[i] > days]


def _month(date) -> str:
    return f"{pd.Timestamp(date):%B %Y}"


def _draw_timeline(
    ax: Axes, rows: pd.DataFrame, styles: dict, label_values: bool, callouts: dict
) -> dict:
    """Draw ``rows`` (with a ``date`` column) as separate marks; return what was drawn."""
    drawn = {"best": 0, "range": 0, "low": 0, "high": 0, "filled": set()}
    up = mpl.transforms.offset_copy(ax.transData, fig=ax.figure, y=15, units="points")
    down = mpl.transforms.offset_copy(ax.transData, fig=ax.figure, y=-15, units="points")
    for _, row in rows.iterrows():
        colour, marker = styles[row["estimator"]]
        low, best, high = (
            np.nan if pd.isna(row[bound]) else float(row[bound]) for bound in BOUNDS_ORDER
        )
        kind = _kind_of_figure(low, best, high)
        drawn[kind] += 1
        date = row["date"]
        if kind == "range":
            ax.vlines(date, low, high, colors=colour, linewidth=3, alpha=0.6, gid="range")
        if kind in ("best", "range") and not np.isnan(best):
            ax.scatter(date, best, color=colour, marker=marker, s=80, zorder=3, gid="best")
            drawn["filled"].add(row["estimator"])
        if kind in ("low", "high"):
            value = low if kind == "low" else high
            ax.scatter(
                date,
                value,
                marker=marker,
                s=80,
                zorder=3,
                facecolors="white",
                edgecolors=colour,
                linewidths=2,
                gid=f"{kind}-bound",
            )
            ax.plot(
                date,
                value,
                marker=r"$\uparrow$" if kind == "low" else r"$\downarrow$",
                markersize=14,
                color=colour,
                linestyle="none",
                transform=up if kind == "low" else down,
                gid=f"{kind}-arrow",
            )
        point = best if not np.isnan(best) else (low if not np.isnan(low) else high)
        text = callouts.get(row["estimate_id"])
        if label_values or text:
            words = format_range([row[bound] for bound in BOUNDS_ORDER])
            label = words if not text else (f"{words}: {text}" if label_values else text)
            ax.annotate(
                label,
                xy=(date, point),
                xytext=(9, -2 if kind != "low" else -9),
                textcoords="offset points",
                fontsize=10.5,
                color=INK,
                va="top",
                gid="value-label",
            )
    return drawn


def _estimator_legend(ax: Axes, rows: pd.DataFrame, styles: dict, filled: set, **where) -> None:
    """Add a legend of the estimators, each mark exactly as drawn (filled if it gave a best)."""
    handles = []
    for estimator in sorted(rows["estimator"].unique()):
        colour, marker = styles[estimator]
        solid = estimator in filled
        handles.append(
            mpl.lines.Line2D(
                [],
                [],
                linestyle="none",
                marker=marker,
                markersize=9,
                color=colour,
                markerfacecolor=colour if solid else "white",
                markeredgecolor=colour,
                markeredgewidth=1.5 if solid else 2,
                label=estimator,
            )
        )
    ax.legend(handles=handles, title="Estimator", fontsize=10, **where)


def _timeline_note(drawn: dict, rows: pd.DataFrame) -> str:
    """Return the chart's note: how to read the marks actually drawn, and the long gaps."""
    parts = []
    if drawn["best"] or drawn["range"]:
        parts.append('filled marker: a best estimate ("about")')
    if drawn["range"]:
        parts.append("vertical line: a range from low to high")
    if drawn["low"]:
        parts.append('open marker with an arrow up: a lower bound only ("more than")')
    if drawn["high"]:
        parts.append('open marker with an arrow down: an upper bound only ("up to")')
    note = "Each estimate is a separate mark, not joined by lines; " + "; ".join(parts) + "."
    gaps = _long_gaps(rows["date"])
    if gaps:
        spans = ", ".join(f"{_month(start)} to {_month(end)}" for start, end in gaps)
        note += f" No estimate in the data between {spans}."
    return note


def _describe_timeline(rows: pd.DataFrame, drawn: dict, what: str) -> str:
    """Return alt text for one panel: counts by kind of mark, range of figures, long gaps."""
    values = np.concatenate([_floats(rows[bound]) for bound in BOUNDS_ORDER])
    kinds = [
        f"{drawn['best']} best estimates" if drawn["best"] else "",
        f"{drawn['range']} ranges" if drawn["range"] else "",
        f"{drawn['low']} lower bounds only" if drawn["low"] else "",
        f"{drawn['high']} upper bounds only" if drawn["high"] else "",
    ]
    first, last = rows["date"].min(), rows["date"].max()
    text = (
        f"{len(rows)} estimates of {what} by {rows['estimator'].nunique()} estimators, made "
        f"between {_month(first)} and {_month(last)}, each drawn as a separate marker "
        f"({', '.join(kind for kind in kinds if kind)}); figures from "
        f"{np.nanmin(values):,.0f} to {np.nanmax(values):,.0f}"
    )
    gaps = _long_gaps(rows["date"])
    if gaps:
        text += "; no estimate between " + ", ".join(
            f"{_month(start)} and {_month(end)}" for start, end in gaps
        )
    return text


def _timeline_rows(estimates: pd.DataFrame) -> pd.DataFrame:
    return (
        estimates.assign(date=period_starts(estimates["as_of"]))
        .sort_values(["date", "estimator"])
        .reset_index(drop=True)
    )


def _styles(rows: pd.DataFrame) -> dict:
    return {
        estimator: _estimator_style(estimator, number)
        for number, estimator in enumerate(sorted(rows["estimator"].unique()))
    }


def _conflict(rows: pd.DataFrame) -> str:
    """Return the one conflict the rows are about (ValueError if they mix conflicts)."""
    conflicts = rows["conflict"].dropna().unique()
    if len(conflicts) != 1:
        raise ValueError(f"a timeline shows one conflict; got {sorted(conflicts)}")
    return str(conflicts[0])


def _date_axis(ax: Axes) -> None:
    ax.xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=6))
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))


def plot_estimate_timeline(
    estimates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str,
    measure_words: str,
    ylabel: str = "People",
    label_values: bool = False,
    callouts: dict[str, str] | None = None,
    sources=None,
) -> Axes:
    """Draw estimates of one measure against the date they were made, each a separate mark.

    Arguments:
        estimates: rows of casualty_estimates for one conflict (one party and measure).
        title: the chart's title.
        measure_words: what is counted, in words ("Troops deployed"): the subtitle adds the
            conflict and "by estimator".
        label_values: write each figure beside its mark ("more than 3,000").
        callouts: estimate_id -> a short label drawn beside that mark (e.g. "first
            contingent only"); the figure is written before it when ``label_values``.

    Returns the Axes. Nothing is joined by lines (see the block comment above); the note says
    how to read the marks drawn and names any gap of more than ``LONG_GAP_DAYS`` days.
    """
    ax = _axes(ax)
    rows = _timeline_rows(estimates)
    styles = _styles(rows)
    drawn = _draw_timeline(ax, rows, styles, label_values, callouts or {})
    values = np.concatenate([_floats(rows[bound]) for bound in BOUNDS_ORDER])
    ax.set_ylim(0, np.nanmax(values) * 1.2)
    _thousands(ax.yaxis)
    _date_axis(ax)
    _estimator_legend(
        ax, rows, styles, drawn["filled"], loc="upper left", bbox_to_anchor=(1.01, 1)
    )
    conflict = _conflict(rows)
    alt = f"Chart of {_describe_timeline(rows, drawn, measure_words.lower())} ({conflict})."
    return _finish(
        ax,
        title=title,
        subtitle=f"{measure_words}, by estimator. {conflict}",
        xlabel="Date of the estimate",
        ylabel=ylabel,
        frames=[rows],
        note=_timeline_note(drawn, rows),
        alt=alt,
        sources=sources,
    )


def plot_killed_beside_casualties(
    killed: pd.DataFrame,
    casualties: pd.DataFrame,
    *,
    title: str = "Killed, and all casualties",
    sources=None,
) -> Axes:
    """Draw the killed estimates (left) beside the casualty estimates (right), on one scale.

    Both panels share the date axis and the people axis, so a killed figure can be read
    against the casualties of the same weeks: the killed are part of the casualties, never a
    rival count. Every estimate is a separate mark (as in :func:`plot_estimate_timeline`); the
    killed are labelled with their figures. Returns the left Axes; its alt text describes
    both panels, and ``ax.figure.axes[1]`` is the right one.
    """
    figure, (left, right) = plt.subplots(1, 2, figsize=(15, 6.4), sharex=True, sharey=True)
    killed_rows, casualty_rows = _timeline_rows(killed), _timeline_rows(casualties)
    both = pd.concat([killed_rows, casualty_rows], ignore_index=True)
    styles = _styles(both)
    conflict = _conflict(both)
    drawn_killed = _draw_timeline(left, killed_rows, styles, True, {})
    drawn_casualties = _draw_timeline(right, casualty_rows, styles, False, {})
    values = np.concatenate([_floats(both[bound]) for bound in BOUNDS_ORDER])
    left.set_ylim(0, np.nanmax(values) * 1.15)
    _thousands(left.yaxis)
    _date_axis(left)
    right.tick_params(labelleft=True)
    filled = drawn_killed["filled"] | drawn_casualties["filled"]
    _estimator_legend(right, both, styles, filled, loc="upper left", bbox_to_anchor=(1.01, 1))
    drawn = {
        key: (drawn_killed[key] + drawn_casualties[key]) if key != "filled" else filled
        for key in drawn_killed
    }
    note = "The killed are part of the casualties; both panels share one scale. " + _timeline_note(
        drawn, both
    )
    _finish(
        right,
        title="Casualties",
        subtitle="Killed and wounded (some add missing and captured)",
        xlabel="Date of the estimate",
        ylabel="",
        frames=[casualty_rows],
        note=note,
        alt="",
        sources=sources,
    )
    alt = (
        f"Two panels on one scale, {conflict}. Left: "
        f"{_describe_timeline(killed_rows, drawn_killed, 'the killed')}, each labelled with "
        f"its figure. Right: {_describe_timeline(casualty_rows, drawn_casualties, 'casualties')}."
    )
    right.set_label(alt)
    figure.suptitle(f"{title}: {conflict}", x=0.01, ha="left", fontsize=17, fontweight="bold")
    return _finish(
        left,
        title="Killed",
        subtitle="Killed in action or in battle",
        xlabel="Date of the estimate",
        ylabel="People (same scale in both panels)",
        frames=[killed_rows],
        note=note,
        alt=alt,
        sources=sources,
    )


#: Set by ``make run`` for each lesson's kernel: where to export figures, and under what name.
FIGURES_DIR_VARIABLE, LESSON_VARIABLE = "COUNTING_FIGURES_DIR", "COUNTING_LESSON"
_exported = itertools.count(1)


def slug(text: str) -> str:
    """Return ``text`` as a lowercase file-name slug: letters and digits joined by hyphens."""
    return re.sub(r"[^a-z0-9]+", "-", text.casefold()).strip("-")[:60] or "chart"


def export(ax: Axes, folder: Path, lesson: str) -> dict[str, str]:
    """Save the chart as PNG and SVG in ``folder``, log it in ``<lesson>.jsonl``; return the entry.

    Files are named ``<lesson>_<number>_<title-slug>``, numbered in the order a lesson draws.
    """
    title = ax.get_title(loc="left")
    stem = f"{lesson}_{next(_exported):02d}_{slug(title)}"
    png, svg = save(ax, folder / stem)
    entry = {
        "lesson": lesson,
        "png": png.name,
        "svg": svg.name,
        "title": title,
        "alt_text": alt_text(ax),
        "source_line": footer_text(ax),
    }
    with (folder / f"{lesson}.jsonl").open("a", encoding="utf-8") as log:
        log.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry


def show(ax: Axes) -> None:
    """Display the chart in a notebook as a PNG carrying its alt text, then close the figure.

    Ending a chart cell with ``charts.show(ax)`` prints no ``<Axes ...>`` or ``<Figure ...>``
    text, so the cell's stored output is the image alone. Under ``make run`` the chart is also
    exported to ``build/figures/``.
    """
    from IPython.display import display

    display(ax.figure, include=["image/png"], metadata={"image/png": {"alt": alt_text(ax)}})
    folder = os.environ.get(FIGURES_DIR_VARIABLE)
    if folder:  # after display, so that exporting cannot change what the notebook shows
        export(ax, Path(folder), os.environ.get(LESSON_VARIABLE, "figure"))
    plt.close(ax.figure)


# --- files -------------------------------------------------------------------------------------


def save(ax: Axes, stem: Path) -> list[Path]:
    """Write the Axes' figure as ``stem``.png and ``stem``.svg, byte-identical on every run."""
    figure = ax.figure
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    figure.savefig(paths[0], metadata=PNG_METADATA, dpi=192, bbox_inches="tight")
    figure.savefig(paths[1], metadata=SVG_METADATA, bbox_inches="tight")
    return paths


use_house_style()
