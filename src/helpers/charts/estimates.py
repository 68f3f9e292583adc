"""The estimate charts: competing estimates as ranges, one row each, and the estimator key.

Belongs here: :func:`plot_estimate_ranges` with its rows, layout and words, the key to the
estimator colours and markers (:func:`estimator_key`, :func:`plot_estimator_key`). Does not
belong here: an estimator's colour and marker (:mod:`helpers.estimator_styles`, read through
:func:`helpers.charts.marks.estimator_style`), legend entries and bound arrows shared with the
timelines (:mod:`helpers.charts.marks`), estimates against time (:mod:`helpers.charts.timelines`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D
from matplotlib.patches import Patch
from matplotlib.ticker import MaxNLocator

from helpers import estimator_styles
from helpers.charts.finish import FOOTER, NOTE, finish, keep, wrap
from helpers.charts.marks import (
    bound_arrows,
    estimate_date,
    estimate_label,
    estimator_style,
    hollow_handle,
    kind_handle,
    legend_by_kind,
    marker_scale,
    measure_words,
    text_of,
    value_words,
)
from helpers.charts.style import (
    GREY,
    INK,
    MUTED,
    floats,
    in_house_style,
    thousands,
)
from helpers.estimator_styles import EstimatorStyle


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


@in_house_style
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
                s=90 * marker_scale(member["marker"]),
                color=colour,
                gid=f"key-{member['estimator']}",
            )
            ax.text(
                column + 0.1,
                y,
                "\n".join(textwrap.wrap(member["short"], 30)),
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
    note = "Colour: the kind of estimator; marker: the estimator. The same in every chart."
    keep(ax, NOTE, note)
    keep(ax, FOOTER, note)
    ax.figure.supxlabel(wrap(note, ax), x=0.01, ha="left", fontsize=10, color=GREY)
    return ax


def _relation_words(row: pd.Series, drawn: pd.DataFrame) -> str:
    """Return how a row relates to another ("part of the 148,977 dead"), or "".

    The other row is looked up among the rows drawn, then in the whole estimates table.
    """
    for column, words in (("same_as", "repeats the"), ("part_of", "part of the")):
        target = text_of(row.get(column))
        if not target:
            continue
        match = drawn[drawn["estimate_id"] == target] if "estimate_id" in drawn else drawn[:0]
        if match.empty:
            from helpers.data import load_estimates

            everything = load_estimates()
            match = everything[everything["estimate_id"] == target]
        if match.empty:
            return f"{words} estimate {target}"
        other = match.iloc[0]
        what = measure_words(other["measure"]).split(",")[0].split(" (")[0]
        party = "" if other["party"] == row["party"] else f" {other['party']}"
        copy = " (not independent)" if column == "same_as" else ""
        return f"{words} {value_words(other)}{party} {what}{copy}"
    return ""


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
    sources=None,
) -> Axes:
    """Draw each estimate on its own row, in its estimator's colour and marker.

    A low-high range is a line with the best marked on it; a figure given only as "more than"
    is a hollow marker with an arrow to the right, "up to" (or "nearly") one with an arrow to
    the left; a single figure is a filled marker.

    Rows are grouped by ``group_by`` (the measure by default, so that killed and all dead never
    share a group; ``None`` for no groups), each group under a heading (``group_names`` maps a
    group value to its heading). With ``spans``, a grey band shows the span from the lowest to
    the highest estimate of one measure within a group: the competition drawn as a range. A row
    that repeats another (``same_as``) is left out of the span and says so in its label, as does
    a row that is ``part_of`` another. Labels give the estimator, the estimate's own date (or
    "reported YYYY") and, when the table has it, the ``scope``; ``labels`` replaces the first
    line. With ``sort_by_date``, rows within a group run from the oldest date (own date, else
    the date reported) to the newest; groups keep the order in which they first appear. The
    legend lists only what is drawn; the alt text counts what is drawn.

    Args:
        estimates: rows of the estimates table (``analysis.select(...)``).
        ax: the Axes to draw on (default: a new figure sized to the rows).
        title, subtitle, xlabel: the wording (default subtitle: the party and measures).
        labels: one label per row (default: estimator and date).
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    rows = estimates.reset_index(drop=True)
    if labels is not None:
        rows = rows.assign(_given_label=list(labels))
    if sort_by_date:
        first_seen = {
            value: rank
            for rank, value in enumerate(dict.fromkeys(rows[group_by] if group_by else [""]))
        }
        dates = [
            text_of(row.get("as_of")) or text_of(row.get("reported")) for _, row in rows.iterrows()
        ]
        ranks = rows[group_by].map(first_seen) if group_by else 0
        rows = (
            rows.assign(_rank=ranks, _date=dates)
            .sort_values(["_rank", "_date"], kind="stable")
            .drop(columns=["_rank", "_date"])
            .reset_index(drop=True)
        )
    if labels is not None:
        first_lines = list(rows["_given_label"])
    else:
        # a series one estimator gave at one date, one figure per period (PRIO's years), is
        # labelled by the period; other rows by the estimate's date
        periods = (
            rows.groupby(["estimator", "measure", "as_of"])["refers_to"].transform("nunique").gt(1)
            if "refers_to" in rows and "as_of" in rows
            else pd.Series(False, index=rows.index)
        )
        first_lines = [
            f"{estimator_style(row['estimator']).short}: {row['refers_to']} "
            f"(dataset version of {estimate_date(row)})"
            if by_period
            else estimate_label(
                row, with_measure=group_by != "measure" and not text_of(row.get("scope"))
            )
            for by_period, (_, row) in zip(periods, rows.iterrows(), strict=True)
        ]
    label_lines = []
    for first, (_, row) in zip(first_lines, rows.iterrows(), strict=True):
        second = "; ".join(
            part for part in (text_of(row.get("scope")), _relation_words(row, rows)) if part
        )
        label_lines.append(first + ("\n" + "\n".join(textwrap.wrap(second, 44)) if second else ""))
    rows = rows.assign(_label=label_lines)
    keys = rows[group_by].astype(str) if group_by else pd.Series("", index=rows.index)
    group_order = list(dict.fromkeys(keys))
    grouped = len(group_order) > 1 or bool(group_by and group_names)
    names = group_names or {}

    def heading_of(value: str) -> str:
        text = names.get(value) or (measure_words(value) if group_by == "measure" else value)
        return text[:1].upper() + text[1:]

    # y positions from the top; a row's height grows with its label's lines
    positions, headings, order, y = np.zeros(len(rows)), [], [], 0.0
    for value in group_order:
        if grouped:
            headings.append((value, y))
            y += 0.55
        for index in rows.index[keys == value]:
            height = 0.55 + 0.3 * rows.loc[index, "_label"].count("\n")
            y += height / 2
            positions[index] = y
            order.append(index)
            y += height / 2 + 0.15
        y += 0.4
    total_height = y - 0.55
    if ax is None:
        _, ax = plt.subplots(figsize=(14, max(4.5, 0.6 * total_height + 2.8)))
    low, best, high = (floats(rows[bound]) for bound in ("low", "best", "high"))
    values = np.concatenate([low, best, high])
    largest, smallest = np.nanmax(values), np.nanmin(values)
    copies = (
        rows["same_as"].fillna("").astype(str).ne("").to_numpy()
        if "same_as" in rows
        else np.zeros(len(rows), dtype=bool)
    )
    related = copies | (
        rows["part_of"].fillna("").astype(str).ne("").to_numpy()
        if "part_of" in rows
        else np.zeros(len(rows), dtype=bool)
    )
    drew = {"range": 0, "range_best": 0, "low": 0, "high": 0, "single": 0, "span": 0}
    span_words: list[str] = []
    if spans:
        span_keys = keys + "|" + rows["measure"].astype(str)
        for value in dict.fromkeys(span_keys):
            members = rows.index[(span_keys == value).to_numpy() & ~copies].to_numpy()
            if len(members) < 2:
                continue
            group_values = np.concatenate([low[members], best[members], high[members]])
            if not np.nanmin(group_values) < np.nanmax(group_values):
                continue
            ax.fill_between(
                [np.nanmin(group_values), np.nanmax(group_values)],
                positions[members].min() - 0.35,
                positions[members].max() + 0.35,
                color="#E4E4E4",
                zorder=0,
                linewidth=0,
                gid="span",
            )
            # darker edges, so that a narrow span (a few thousand on a wide scale) still shows
            ax.vlines(
                [np.nanmin(group_values), np.nanmax(group_values)],
                positions[members].min() - 0.35,
                positions[members].max() + 0.35,
                colors="#A0A0A0",
                linewidth=1.2,
                zorder=0.5,
                gid="span-edge",
            )
            drew["span"] += 1
            group_value, measure = value.split("|", 1)
            span_words.append(
                f"{measure_words(measure).split(' (')[0]}"
                + (f" for {group_value}" if group_by and group_by != "measure" else "")
                + f", {np.nanmin(group_values):,.0f} to {np.nanmax(group_values):,.0f}"
            )
    handles = {}
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
            drew["range_best"] += has_best
        if has_best:
            ax.scatter(
                [best[index]],
                [yy],
                marker=marker,
                s=95 * marker_scale(marker),
                color=colour,
                zorder=3,
                edgecolors="white",
                linewidths=0.6,
                gid="best",
            )
            drew["single"] += not (has_low or has_high)
        elif has_low != has_high:
            bound = low[index] if has_low else high[index]
            ax.scatter(
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
            close = value_words(row).startswith(("nearly", "almost", "approaching"))
            bound_arrows(
                ax, [bound], [yy], colour, "right" if has_low else "left", 12 if close else 24
            )
            drew["low" if has_low else "high"] += 1
        # the legend shows the estimator as drawn: filled marker > hollow marker > line alone
        look = True if has_best else (False if has_low != has_high else None)
        rank = {True: 2, False: 1, None: 0}
        if style.estimator not in handles or rank[look] > rank[handles[style.estimator][1]]:
            handles[style.estimator] = (style, look)
        right = np.nanmax([low[index], best[index], high[index]])
        ax.annotate(
            value_words(row),
            xy=(right, yy),
            xytext=(32 if has_low and not (has_high or has_best) else 10, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
            color=INK,
            gid="value",
        )
    for value, yy in headings:
        ax.annotate(
            heading_of(value),
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
    ax.set_yticklabels([rows.loc[index, "_label"] for index in order], fontsize=11)
    ax.set_xlim(0, largest * 1.3)
    ax.set_ylim(total_height, -0.5)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    thousands(ax.xaxis)
    extra = []
    if drew["span"]:
        extra.append(
            Patch(
                facecolor="#E4E4E4",
                edgecolor="#A0A0A0",
                label="Span: lowest to highest\nof one measure",
            )
        )
    if drew["range"]:
        extra.append(
            Line2D([], [], color=MUTED, linewidth=5, alpha=0.6, label="Low to high range")
        )
    if drew["low"] or drew["high"]:
        words = {"low": "more than (arrow right)", "high": "up to (arrow left)"}
        given = "\nor ".join(words[bound] for bound in ("low", "high") if drew[bound])
        extra.append(hollow_handle(f"Hollow: only {given}"))
    legend = legend_by_kind(
        [kind_handle(s, filled=f, scaled=True) for s, f in handles.values()], extra
    )
    ax.legend(
        handles=legend, loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=10, handletextpad=0.4
    )
    parts = []
    if drew["range"]:
        parts.append(
            "lines: low-to-high ranges"
            + (", with the best marked on them" if drew["range_best"] else "")
        )
    if drew["single"]:
        parts.append("filled markers: a single figure")
    if drew["low"] or drew["high"]:
        parts.append("hollow markers: only one bound given")
    if drew["span"]:
        parts.append(
            "grey band: the span from the lowest to the highest estimate of one measure, "
            "leaving out repeats"
        )
    note = (
        "; ".join(parts)[:1].upper()
        + "; ".join(parts)[1:]
        + ". Colour: kind of estimator; marker: who made it (the same in every chart)."
    )
    group_words = ""
    if grouped:
        counted = [
            f"{(keys == value).sum()} "
            + (
                heading_of(value)[:1].lower() + heading_of(value)[1:]
                if group_by == "measure"
                else heading_of(value)
            )
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
    relation_words = (
        f"; {int(related.sum())} repeat or are part of another estimate, as their labels say"
        if related.any()
        else ""
    )
    alt = (
        f"Range chart of {len(rows)} estimates ({scope}){group_words}, from {smallest:,.0f} to "
        f"{largest:,.0f}, by {len(handles)} estimators: {shape_words}{relation_words}"
        + (f"; grey bands span {'; '.join(span_words)}" if span_words else "")
        + "."
    )
    return finish(
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
