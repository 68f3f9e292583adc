"""The handover charts: remains handed over each year, and their running total.

One colour, one meaning across the handover charts, which a lesson shows one after the other:
blue (PRIMARY) is a figure from the yearly table, orange (ACCENT) only a total reported by a
source, grey (MUTED) a year a fit left out, dark ink (INK) a fitted model.

Belongs here: :func:`plot_yearly_handovers`, :func:`plot_running_total` and the words and
layouts only they use (handover months, repeated reports). Does not belong here: the decay fit
(:mod:`helpers.charts.decay`), the check of reported totals against the sum
(:mod:`helpers.charts.checks`), calculations (:mod:`helpers.analysis`), and the parts every
chart shares (style, finish, marks, output).
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.dates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.analysis import reconcile_running_totals
from helpers.charts.finish import finish
from helpers.charts.style import (
    ACCENT,
    PRIMARY,
    floats,
    in_house_style,
    new_axes,
    thousands,
    year_axis,
)

# --- the handovers ---------------------------------------------------------------------------
#
# One colour, one meaning across the three handover charts, which a lesson shows one after
# the other: blue (PRIMARY) is a figure from the yearly table, orange (ACCENT) only a total
# reported by a source, grey (MUTED) a year a fit left out, dark ink (INK) a fitted model.


def _handover_months(handovers: pd.DataFrame) -> list[str]:
    """Return each row's handover month as "Mar" ("" where the date is not known)."""
    if "handover_date" not in handovers:
        return [""] * len(handovers)
    dates = pd.to_datetime(handovers["handover_date"], errors="coerce")
    return ["" if pd.isna(date) else f"{date:%b}" for date in dates]


def handover_timing(handovers: pd.DataFrame) -> str:
    """Return when in the year the handovers took place, in words, from ``handover_date``.

    Consecutive years in the same half of the year form one run:
    "2014-2019 in March or April; 2020-2025 in September or November". Years without a known
    date are left out; returns "" when no date is known.
    """
    if "handover_date" not in handovers:
        return ""
    known = handovers.assign(date=pd.to_datetime(handovers["handover_date"], errors="coerce"))
    known = known.dropna(subset=["date"]).sort_values("year")
    runs: list[tuple[list[int], list[str], bool]] = []
    for year, date in zip(known["year"].astype(int), known["date"], strict=True):
        second_half = date.month > 6
        if runs and runs[-1][2] == second_half and runs[-1][0][-1] == year - 1:
            runs[-1][0].append(year)
            runs[-1][1].append(date)
        else:
            runs.append(([year], [date], second_half))
    phrases = []
    for years, dates, _ in runs:
        span = str(years[0]) if len(years) == 1 else f"{years[0]}-{years[-1]}"
        months = [f"{month:%B}" for month in sorted(dates, key=lambda d: d.month)]
        names = list(dict.fromkeys(months))
        phrases.append(f"{span} in {' or '.join(names)}")
    return "; ".join(phrases)


def _year_month_axis(ax: Axes, years, months: list[str]) -> bool:
    """Label the x axis with each year and, under it, its handover month where known.

    Returns whether any month was written.
    """
    years = [int(year) for year in years]
    if not any(months) or len(years) > 15:
        year_axis(ax, years)
        return False
    ax.set_xticks(
        years,
        [
            f"{year}\n{month}" if month else str(year)
            for year, month in zip(years, months, strict=True)
        ],
    )
    return True


@in_house_style
def plot_yearly_handovers(
    handovers: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    sources=None,
) -> Axes:
    """Draw the remains handed over each year as labelled bars; derived years are hatched.

    Where ``handover_date`` is known, the month of the handover is written under its year.

    Args:
        handovers: the yearly table (``data.load_handovers()``) or some of its rows.
        ax: the Axes to draw on (default: a new figure).
        title, subtitle: replace the default wording.
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    ax = new_axes(ax)
    years = handovers["year"].astype(int).to_numpy()
    remains = floats(handovers["remains_returned"])
    derived = handovers["basis"].eq("derived").to_numpy()
    bars = ax.bar(years, remains, color=PRIMARY, width=0.7, gid="bars")
    for bar, is_derived in zip(bars, derived, strict=True):
        if is_derived:
            bar.set_hatch("//")
            bar.set_facecolor("#9ecae1")
    ax.bar_label(bars, labels=[f"{value:,.0f}" for value in remains], padding=3, fontsize=12)
    ax.set_ylim(0, np.nanmax(remains) * 1.12)
    with_months = _year_month_axis(ax, years, _handover_months(handovers))
    thousands(ax.yaxis)
    first, last = int(years.min()), int(years.max())
    lowest = int(np.nanargmin(remains))
    notes = []
    if with_months:
        notes.append("Under each year: the month of that year's handover, where it is known.")
    if derived.any():
        notes.append("Hatched bars: derived from two reported running totals.")
    timing = handover_timing(handovers) if with_months else ""
    alt = (
        f"Bar chart of the remains of Chinese soldiers South Korea handed over each year from "
        f"{first} to {last}: {remains[0]:,.0f} in {first}, down to {remains[lowest]:,.0f} in "
        f"{years[lowest]}, and {remains[-1]:,.0f} in {last}"
        + (f"; handovers {timing}." if timing else ".")
    )
    return finish(
        ax,
        title=title or "Remains handed over each year",
        subtitle=subtitle
        or f"Chinese soldiers killed in the Korean War, returned by South Korea, {first}-{last}",
        xlabel="Year of handover" + (" (and month)" if with_months else ""),
        ylabel="Sets of remains",
        frames=[handovers],
        note="\n".join(notes) or None,
        alt=alt,
        sources=sources,
    )


def repeated_reports(reconciliation: pd.DataFrame) -> pd.DataFrame:
    """Return one row per distinct reported total (year and value) and how many reported it.

    Columns: year, reported_total, reports, matches. Reading ``reconciliation`` (from
    :func:`helpers.analysis.reconcile_running_totals`), sorted by year then total.
    """
    grouped = reconciliation.groupby(["year", "reported_total"], as_index=False).agg(
        reports=("claim_id", "size"), matches=("matches", "all")
    )
    return grouped.sort_values(["year", "reported_total"]).reset_index(drop=True)


#: Area of the circle for one report; a total reported n times gets n times the area.
_ONE_REPORT_AREA = 130


def _join_years(years: list[int]) -> str:
    """Return the years as words: "2014", "2014 or 2016", "2014, 2016 or 2018"."""
    words = [str(year) for year in years]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]


@in_house_style
def plot_running_total(
    handovers: pd.DataFrame,
    claims: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    sources=None,
) -> Axes:
    """Draw the running total recomputed from the yearly figures; reported totals as circles.

    Several sources often report the same total for the same year: those reports share one
    circle, whose area grows with their number, and a label "\u00d7n" (times n) says how
    many there are. Legend, note and alt text read :func:`running_total_layout`.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        claims: the claims ledger, whose reported running totals are drawn as circles.
        ax: the Axes to draw on (default: a new figure).
        title, subtitle: replace the default wording.
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    ax = new_axes(ax)
    reported = reconcile_running_totals(handovers, claims)
    layout = running_total_layout(handovers, reported)
    _draw_running_total(ax, layout)
    years = layout.years
    note, alt = _running_total_words(layout)
    drawn_claims = reported.rename(columns={"source_id": "source_ids"})
    return finish(
        ax,
        title=title or "Running total of remains returned",
        subtitle=subtitle
        or f"Sets of remains returned since the first handover, {years[0]}-{years[-1]}",
        xlabel="Year of handover",
        ylabel="Sets of remains, cumulative",
        frames=[handovers, drawn_claims],
        note=note,
        alt=alt,
        sources=sources,
    )


@dataclass
class RunningTotalLayout:
    """What :func:`plot_running_total` draws, as plain data: no artists.

    ``years`` and ``total``: the recomputed line. ``points``: one circle per distinct reported
    total (:func:`repeated_reports`: year, reported_total, reports, matches) with its
    ``radius`` in points and the ids of the reports it stands for (``claim_ids``,
    ``source_ids``, joined by ";"). ``reported``: how many reports; ``mismatches``: how many do
    not match; ``unreported``: years no source reported a total for. ``latest_offset``: how far
    above its point the latest total is written; ``legend_size``: the legend circle's size.
    """

    years: np.ndarray
    total: np.ndarray
    points: pd.DataFrame
    reported: int
    mismatches: int
    unreported: list[int]
    latest_offset: float
    legend_size: float


def running_total_layout(handovers: pd.DataFrame, reported: pd.DataFrame) -> RunningTotalLayout:
    """Return the layout of the running-total chart from the yearly table and the reconciled
    reports (:func:`helpers.analysis.reconcile_running_totals`)."""
    years = handovers["year"].astype(int).to_numpy()
    points = repeated_reports(reported)
    counts = points["reports"].astype(int).to_numpy()
    ids = reported.groupby(["year", "reported_total"]).agg(
        claim_ids=("claim_id", ";".join), source_ids=("source_id", ";".join)
    )
    points = points.join(ids, on=["year", "reported_total"]).assign(
        radius=[float(np.sqrt(_ONE_REPORT_AREA * count)) / 2 for count in counts]
    )
    # The latest total goes above its point, clear of the circle there and of its "\u00d7n".
    last_reports = counts[points["year"].astype(int).to_numpy() == years[-1]]
    last_radius = (
        float(np.sqrt(_ONE_REPORT_AREA * last_reports.max())) / 2 if len(last_reports) else 4.0
    )
    reported_years = set(points["year"].astype(int))
    return RunningTotalLayout(
        years=years,
        total=floats(handovers["cumulative_returned"]),
        points=points,
        reported=len(reported),
        mismatches=int((~reported["matches"]).sum()),
        unreported=[int(year) for year in years if year not in reported_years],
        latest_offset=last_radius + 3,
        legend_size=float(np.sqrt(_ONE_REPORT_AREA * counts.min())) if len(counts) else 11.0,
    )


def _draw_running_total(ax: Axes, layout: RunningTotalLayout) -> None:
    """Draw the recomputed line, the circles of reported totals, their counts and the axes."""
    years, total, points = layout.years, layout.total, layout.points
    ax.plot(years, total, color=PRIMARY, marker="o", gid="running-total")
    counts = points["reports"].astype(int).to_numpy()
    ax.scatter(
        points["year"].astype(int),
        floats(points["reported_total"]),
        s=_ONE_REPORT_AREA * counts,
        facecolors="none",
        edgecolors=ACCENT,
        linewidths=2,
        zorder=3,
        gid="reported-totals",
    )
    for _, point in points[points["reports"] > 1].iterrows():
        # Just below and right of its circle (the line leaves each point up and right, so
        # that corner is free); the offset grows with the circle's radius.
        radius = point["radius"]
        ax.annotate(
            f"\u00d7{int(point['reports'])}",
            xy=(int(point["year"]), float(point["reported_total"])),
            xytext=(radius * 0.75 + 1, -radius * 0.5),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=11,
            color=ACCENT,
            gid="report-count",
        )
    ax.annotate(
        f"{total[-1]:,.0f}",
        xy=(years[-1], total[-1]),
        xytext=(0, layout.latest_offset),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=12,
        gid="latest-total",
    )
    ax.set_ylim(0, np.nanmax(total) * 1.18)
    year_axis(ax, years)
    thousands(ax.yaxis)
    ax.legend(*_running_total_legend(layout), loc="upper left")


def _running_total_legend(layout: RunningTotalLayout) -> tuple[list, list[str]]:
    """Return the legend's entries and labels: the line, and a circle (with "\u00d7n" if any)."""
    handles = [
        mpl.lines.Line2D([], [], color=PRIMARY, marker="o"),
        mpl.lines.Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=layout.legend_size,
            markerfacecolor="none",
            markeredgecolor=ACCENT,
            markeredgewidth=2,
        ),
    ]
    repeated = (layout.points["reports"] > 1).any()
    labels = [
        "Recomputed from the yearly figures",
        "Total reported by a source" + (" (\u00d7n: n reports)" if repeated else ""),
    ]
    return handles, labels


def _running_total_words(layout: RunningTotalLayout) -> tuple[str | None, str]:
    """Return the chart's note (None if it needs none) and its alt text, from the layout."""
    years, total, points = layout.years, layout.total, layout.points
    agreement = "all match" if layout.mismatches == 0 else f"{layout.mismatches} do not match"
    repeated = int((points["reports"] > 1).sum())
    overlap = (
        f", drawn as {len(points)} circles because sources often repeat the same total for "
        "the same year (a larger circle marked \u00d7n stands for n reports)"
        if repeated
        else " drawn as circles"
    )
    alt = (
        f"Line chart of the running total of remains returned, from {total[0]:,.0f} in "
        f"{years[0]} to {total[-1]:,.0f} in {years[-1]}, with {layout.reported} totals reported "
        f"by sources{overlap}: {agreement}."
    )
    unreported_words = (
        f"No source reported a total for {_join_years(layout.unreported)}, so no circle there."
        if layout.unreported
        else ""
    )
    note = (
        f"{layout.reported} reported totals, {len(points)} circles: reports of the same total "
        "for the same year share one circle; \u00d7n counts them."
        if repeated
        else None
    )
    if unreported_words:
        note = f"{note} {unreported_words}" if note else unreported_words
        alt = f"{alt} {unreported_words}"
    return note, alt
