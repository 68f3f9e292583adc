"""The over-time chart: estimates against the date they were made, all on one Axes.

Each estimate is its own mark, never joined to the next (nothing is known between two dates). A
best is a filled marker, a range a vertical line; a figure given only as a lower bound ("more
than") is a hollow marker with an arrow up, an upper bound alone ("up to") a hollow marker with
an arrow down. Colour and marker come from :func:`helpers.charts.marks.estimator_style`.

Belongs here: :func:`plot_estimates_over_time`, its layout (:func:`over_time_layout`), legend,
note and alt text. Does not belong here: estimates of different measures in separate panels
(:mod:`helpers.charts.timelines`), the date each estimate is drawn at
(:func:`helpers.charts.marks.timeline_rows`), the parts every chart shares.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from helpers.charts.finish import finish
from helpers.charts.marks import (
    bound_arrows,
    estimator_style,
    hollow_handle,
    kind_handle,
    legend_by_kind,
    timeline_rows,
)
from helpers.charts.style import MUTED, floats, in_house_style, new_axes, thousands


@in_house_style
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
    every chart. Each estimate is its own mark, never joined to the next (nothing is known
    between two dates). A best is a filled marker, a range a vertical line; a figure given only
    as a lower bound ("more than") is a hollow marker with an arrow up, an upper bound alone
    ("up to") a hollow marker with an arrow down. The legend lists only what is drawn.

    Args:
        estimates: rows of the estimates table (``analysis.select(...)``).
        ax: the Axes to draw on (default: a new figure).
        title, subtitle, ylabel: the wording (default subtitle: the party and measures).
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    ax = new_axes(ax)
    rows = timeline_rows(estimates)
    marks = over_time_layout(rows)
    for estimator, group in marks.groupby("estimator", sort=True):
        _draw_estimator(ax, estimator, group)
    values = np.concatenate([floats(rows[b]) for b in ("low", "best", "high")])
    ax.set_ylim(0, np.nanmax(values) * 1.15)
    thousands(ax.yaxis)
    ax.xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=6))
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    ax.legend(
        handles=_legend(marks),
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
    return finish(
        ax,
        title=title,
        subtitle=scope,
        xlabel="Date of the estimate",
        ylabel=ylabel,
        frames=[rows],
        note=_note(marks),
        alt=alt,
        sources=sources,
    )


def over_time_layout(rows: pd.DataFrame) -> pd.DataFrame:
    """Return one row per estimate of :func:`timeline_rows`: where it goes and what it shows.

    Columns: ``date``, ``low``, ``best``, ``high`` (floats, NaN where not given), ``estimator``,
    ``has_best``, ``ranged`` (low and high), ``only_low``, ``only_high`` (a bound alone, no
    best), and the ids of the row (``estimate_id``, ``source_ids``).
    """
    low, best, high = (floats(rows[bound]) for bound in ("low", "best", "high"))
    has_best = ~np.isnan(best)
    layout = pd.DataFrame(
        {
            "date": rows["date"].to_numpy(),
            "low": low,
            "best": best,
            "high": high,
            "estimator": rows["estimator"].to_numpy(),
            "has_best": has_best,
            "ranged": ~np.isnan(low) & ~np.isnan(high),
            "only_low": ~np.isnan(low) & np.isnan(high) & ~has_best,
            "only_high": np.isnan(low) & ~np.isnan(high) & ~has_best,
        }
    )
    for column in ("estimate_id", "source_ids"):
        layout[column] = rows[column].to_numpy() if column in rows else None
    return layout


def _draw_estimator(ax: Axes, estimator: str, group: pd.DataFrame) -> None:
    """Draw one estimator's marks: bests, ranges, then bound-only marks with their arrows."""
    style = estimator_style(estimator)
    colour, marker = style.colour, style.marker
    dates = group["date"].to_numpy()
    low, best, high = (group[bound].to_numpy(dtype=float) for bound in ("low", "best", "high"))
    has_best, ranged = group["has_best"].to_numpy(), group["ranged"].to_numpy()
    ax.scatter(dates[has_best], best[has_best], color=colour, marker=marker, s=70, zorder=3)
    ax.vlines(dates[ranged], low[ranged], high[ranged], colors=colour, linewidth=3, alpha=0.5)
    only_low, only_high = group["only_low"].to_numpy(), group["only_high"].to_numpy()
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
        bound_arrows(ax, dates[mask], values[mask], colour, direction)


def over_time_looks(marks: pd.DataFrame) -> dict[str, bool | None]:
    """Return how the legend shows each estimator, in name order: filled (it gave a best),
    hollow (only bounds) or a line alone (only ranges)."""
    looks = {}
    for estimator, group in marks.groupby("estimator", sort=True):
        bound = (group["only_low"] | group["only_high"]).any()
        looks[estimator] = True if group["has_best"].any() else (False if bound else None)
    return looks


def _legend(marks: pd.DataFrame) -> list:
    """Return the legend entries: each estimator as drawn, then the glyphs drawn."""
    handles = [
        kind_handle(estimator_style(name), filled=look)
        for name, look in over_time_looks(marks).items()
    ]
    extra = []
    if marks["ranged"].any():
        extra.append(
            Line2D([], [], color=MUTED, linewidth=3, alpha=0.6, label="Low to high range")
        )
    if (marks["only_low"] | marks["only_high"]).any():
        extra.append(hollow_handle("Hollow: only one bound"))
    return legend_by_kind(handles, extra)


def _note(marks: pd.DataFrame) -> str:
    """Return the footer note: how to read each kind of mark drawn."""
    parts = []
    if any(look is True for look in over_time_looks(marks).values()):
        parts.append("filled markers: best estimates")
    if marks["ranged"].any():
        parts.append("vertical lines: ranges from low to high")
    if (marks["only_low"] | marks["only_high"]).any():
        parts.append(
            "hollow markers: only a bound given, the arrow points to where the figure lies"
        )
    return (
        "; ".join(parts)[:1].upper()
        + "; ".join(parts)[1:]
        + ". Colour: kind of estimator; marker: who made it (the same in every chart)."
    )
