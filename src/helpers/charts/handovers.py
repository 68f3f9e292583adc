"""The handover charts: remains handed over each year, and their running total.

The marks are the collection's (:mod:`helpers.charts.marks`, docs/visual_language.md): the
yearly figures are black, the running total recomputed from them is the reserved black line with
small dots, a total a source reported is the reserved black dash, grey when it was set aside
(the chart says why).

Belongs here: :func:`plot_yearly_handovers`, :func:`plot_running_total` and the words and
layouts only they use (handover months, repeated reports). Does not belong here: the decay fit
(:mod:`helpers.charts.decay`), the check of reported totals against the sum
(:mod:`helpers.charts.checks`), calculations (:mod:`helpers.analysis`), and the parts every
chart shares (style, finish, marks, output).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import sources as mark_sources
from helpers.analysis import reconcile_running_totals
from helpers.charts import marks
from helpers.charts.finish import finish
from helpers.charts.style import (
    floats,
    in_house_style,
    new_axes,
    thousands,
    year_axis,
)

# --- the handovers ---------------------------------------------------------------------------


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
    claims: pd.DataFrame | None = None,
) -> Axes:
    """Draw the remains handed over each year as labelled black bars; derived years hatched.

    Where ``handover_date`` is known, the month of the handover is written under its year.
    Each bar names the claims of its year's figure (``claims``: the ledger, default the
    project's), for the tooltips of the exported SVG.

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
    bars = ax.bar(years, remains, color=marks.RESERVED_INK, width=0.7, gid="bars")
    for bar, is_derived, ids in zip(
        bars, derived, marks.yearly_figure_claims(handovers, claims), strict=True
    ):
        if is_derived:
            bar.set_hatch("//")
            bar.set_facecolor("white")
            bar.set_edgecolor(marks.RESERVED_INK)
        if ids:
            mark_sources.mark(bar, *ids)
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
    """Return one row per distinct reported total (year, value, used or set aside).

    Columns: year, reported_total, set_aside, reports (how many reported it), matches. Reading
    ``reconciliation`` (from :func:`helpers.analysis.reconcile_running_totals`), sorted by year
    then total.
    """
    frame = reconciliation.assign(set_aside=reconciliation["status"].ne("used"))
    grouped = frame.groupby(["year", "reported_total", "set_aside"], as_index=False).agg(
        reports=("claim_id", "size"), matches=("matches", "all")
    )
    return grouped.sort_values(["year", "reported_total"]).reset_index(drop=True)


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
    """Draw the running total recomputed from the yearly figures and every reported total.

    The recomputed total is the reserved black line with small dots; each total a source
    reported is the reserved black dash, set-aside ones grey and labelled with why (so this
    chart counts the same reports as the check chart of lesson 04). Several reports of the same
    total for the same year share one dash, labelled "\u00d7n" (times n). Legend, note and alt
    text read :func:`running_total_layout`.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        claims: the claims ledger, whose reported running totals are drawn, used or set aside.
        ax: the Axes to draw on (default: a new figure).
        title, subtitle: replace the default wording.
        sources: the source register for the footer and the labels (default: the project's).

    Returns the Axes drawn on.
    """
    ax = new_axes(ax)
    reported = reconcile_running_totals(handovers, claims, include_set_aside=True)
    layout = running_total_layout(handovers, reported, sources)
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

    ``years`` and ``total``: the recomputed line. ``points``: one dash per distinct reported
    total (:func:`repeated_reports`: year, reported_total, set_aside, reports, matches) with the
    ids of the reports it stands for (``claim_ids``, ``source_ids``, joined by ";"), their
    ``publishers`` and, for a set-aside one, ``why`` and its ``label``. ``reported``: how many
    reports; ``set_aside``: how many of them were set aside; ``mismatches``: how many used ones
    do not
    match; ``unreported``: years no source reported a total for.
    """

    years: np.ndarray
    total: np.ndarray
    points: pd.DataFrame
    reported: int
    set_aside: int
    mismatches: int
    unreported: list[int]


def _set_aside_label(point: pd.Series, below: bool = False) -> str:
    """Return the label of a set-aside total: its value, year, publisher and why.

    ``below``: the total lies under the recomputed one, so the label says it is not a fall.
    """
    why = ("not a fall: " if below else "") + point["why"].replace(", ", ",\n", 1)
    return (
        f"{point['reported_total']:,.0f} for {int(point['year'])} ({point['publishers']}): "
        f"set aside,\n{why}"
    )


def running_total_layout(
    handovers: pd.DataFrame, reported: pd.DataFrame, sources=None
) -> RunningTotalLayout:
    """Return the layout of the running-total chart from the yearly table and the reconciled
    reports (:func:`helpers.analysis.reconcile_running_totals`, set-aside ones included)."""
    from helpers.data import load_sources

    register = (load_sources() if sources is None else sources).set_index("source_id")
    years = handovers["year"].astype(int).to_numpy()
    frame = reported.assign(set_aside=reported["status"].ne("used"))
    frame = frame.assign(
        publisher=frame["source_id"].map(register["publisher"]).map(marks.publisher_name)
    )
    ids = frame.groupby(["year", "reported_total", "set_aside"]).agg(
        claim_ids=("claim_id", ";".join),
        source_ids=("source_id", ";".join),
        publishers=("publisher", lambda names: ", ".join(dict.fromkeys(names))),
    )
    points = repeated_reports(reported).join(ids, on=["year", "reported_total", "set_aside"])
    points["why"] = [
        marks.set_aside_words(point, handovers) if point["set_aside"] else ""
        for _, point in points.iterrows()
    ]
    line = dict(zip(years, floats(handovers["cumulative_returned"]), strict=True))
    points["label"] = [
        _set_aside_label(point, point["reported_total"] < line.get(int(point["year"]), 0))
        if point["set_aside"]
        else ""
        for _, point in points.iterrows()
    ]
    used = ~frame["set_aside"]
    reported_years = set(points["year"].astype(int))
    return RunningTotalLayout(
        years=years,
        total=floats(handovers["cumulative_returned"]),
        points=points,
        reported=len(reported),
        set_aside=int(frame["set_aside"].sum()),
        mismatches=int((~frame.loc[used, "matches"]).sum()),
        unreported=[int(year) for year in years if year not in reported_years],
    )


def _draw_reported_dashes(ax: Axes, points: pd.DataFrame, set_aside: bool) -> None:
    """Draw the reported totals (used, or set aside: grey) as the reserved dash, with sources."""
    chosen = points[points["set_aside"] == set_aside]
    if chosen.empty:
        return
    dashes = ax.scatter(
        chosen["year"].astype(int),
        floats(chosen["reported_total"]),
        zorder=4,
        gid="set-aside-totals" if set_aside else "reported-totals",
        label="_set-aside-totals" if set_aside else "_reported-totals",  # its role, kept
        **marks.reported_total_style(set_aside=set_aside),
    )
    mark_sources.mark_points(dashes, [ids.split(";") for ids in chosen["claim_ids"]])
    for _, point in chosen[chosen["reports"] > 1].iterrows():
        ax.annotate(
            f"\u00d7{int(point['reports'])}",
            xy=(int(point["year"]), float(point["reported_total"])),
            xytext=(marks.REPORTED_TOTAL_WIDTH / 2 + 2, -3),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=11,
            color=marks.LEFT_OUT if set_aside else marks.RESERVED_INK,
            gid="report-count",
        )
    for _, point in chosen[chosen["label"] != ""].iterrows():
        ax.annotate(
            point["label"],
            xy=(int(point["year"]), float(point["reported_total"])),
            xytext=(-marks.REPORTED_TOTAL_WIDTH / 2 - 8, 0),
            textcoords="offset points",
            ha="right",
            va="center",
            fontsize=11,
            color=marks.RESERVED_INK,
            gid="set-aside-label",
        )


def _draw_running_total(ax: Axes, layout: RunningTotalLayout) -> None:
    """Draw the recomputed line, the dashes of reported totals, their counts and the axes."""
    years, total, points = layout.years, layout.total, layout.points
    ax.plot(
        years, total, zorder=marks.RECOMPUTED_ZORDER, gid="running-total", **marks.RECOMPUTED_LINE
    )
    _draw_reported_dashes(ax, points, set_aside=False)
    _draw_reported_dashes(ax, points, set_aside=True)
    ax.annotate(
        f"{total[-1]:,.0f}",
        xy=(years[-1], total[-1]),
        xytext=(0, 8),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=12,
        gid="latest-total",
    )
    ax.set_ylim(0, np.nanmax(total) * 1.18)
    year_axis(ax, years)
    thousands(ax.yaxis)
    ax.legend(handles=_running_total_legend(layout), loc="upper left")


def _running_total_legend(layout: RunningTotalLayout) -> list:
    """Return the legend's entries: the line, the dash (with "\u00d7n" if any), a grey dash
    if any total was set aside."""
    repeated = (layout.points["reports"] > 1).any()
    handles = [
        marks.recomputed_handle(),
        marks.reported_total_handle(
            marks.REPORTED_TOTAL_LABEL + (marks.REPEATED_WORDS if repeated else "")
        ),
    ]
    if layout.set_aside:
        handles.append(marks.reported_total_handle(marks.SET_ASIDE_LABEL, set_aside=True))
    return handles


def _running_total_words(layout: RunningTotalLayout) -> tuple[str | None, str]:
    """Return the chart's note (None if it needs none) and its alt text, from the layout."""
    years, total, points = layout.years, layout.total, layout.points
    used = layout.reported - layout.set_aside
    agreement = (
        f"all {used} used totals match"
        if layout.mismatches == 0
        else f"{layout.mismatches} of {used} used totals do not match"
    )
    aside = points[points["set_aside"]]
    aside_words = "; ".join(
        f"{point['reported_total']:,.0f} for {int(point['year'])} ({point['publishers']}), "
        f"{point['why']}"
        for _, point in aside.iterrows()
    )
    counted = f"{layout.reported} reported totals, {len(points)} dashes"
    agreement_words = agreement + (
        f"; {layout.set_aside} set aside (grey): {aside_words}" if layout.set_aside else ""
    )
    alt = (
        f"Line chart of the running total of remains returned, recomputed from the yearly "
        f"figures, from {total[0]:,.0f} in {years[0]} to {total[-1]:,.0f} in {years[-1]}, with "
        f"{counted} (reports of the same total for the same year share one dash): "
        f"{agreement_words}."
    )
    note = (
        f"{counted}: reports of the same total for the same year share one dash; \u00d7n "
        f"counts them. {agreement_words[0].upper()}{agreement_words[1:]}."
    )
    if layout.unreported:
        unreported_words = (
            f"No source reported a total for {_join_years(layout.unreported)}, so no dash there."
        )
        note, alt = f"{note} {unreported_words}", f"{alt} {unreported_words}"
    return note, alt
