"""Charts in one house style: every function takes ``ax=None``, draws, and returns the Axes.

Each chart gets a title, a subtitle with its scope, labelled axes with units, a zero baseline
for counts, thousands separators, and a footer "Source: ..." built from the ``source_ids`` of
the rows it actually draws (never typed by hand). Each also writes a one-sentence description
(alt text): read it with :func:`alt_text`. End a chart cell with :func:`show`.

The house style lives in ``house.mplstyle``. The functions here draw and render inside it
(:func:`house_style`), so importing this module changes no global matplotlib setting. To give
your own matplotlib charts the same look, call :func:`use_house_style` once.

Belongs here: drawing, the house style, footers and alt text, showing and saving a chart. Does
not belong here: calculations (:mod:`helpers.analysis`), citations (:mod:`helpers.sources`),
exporting charts for the course site (course tooling does that through :data:`on_show`), and
wording for one lesson (lessons pass titles and subtitles in). To add a chart: draw inside
``with house_style():``, finish it with :func:`_finish`, and return the Axes.
"""

from __future__ import annotations

import base64
import functools
import io
import textwrap
from collections.abc import Callable, Iterable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import NamedTuple

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
from helpers.datapackage.periods import period_starts
from helpers.estimator_styles import EstimatorStyle
from helpers.sources import cited_ids, source_line

STYLE = Path(__file__).with_name("house.mplstyle")
PRIMARY, ACCENT, INK, GREY = "#0072B2", "#D55E00", "#333333", "#555555"
#: Points left out of a fit, and other marks that must not draw the eye.
MUTED = "#8C8C8C"
#: Metadata that would change with the matplotlib version or the clock is left out.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}

#: Functions called with each chart that :func:`show` has displayed. Empty in a lesson; the
#: course's ``make run`` adds the exporter that copies every chart to ``build/figures/``.
on_show: list[Callable[[Axes], None]] = []


def house_style() -> AbstractContextManager:
    """Return a context in which matplotlib uses the house style, restoring settings after.

    Example: ``with charts.house_style(): ax = table.plot()``.
    """
    return plt.style.context(STYLE)


def use_house_style() -> None:
    """Make the house style matplotlib's default from now on, for your own charts too.

    The helpers' charts do not need this: they always draw in the house style.
    """
    plt.style.use(STYLE)


def _in_house_style(draw):
    """Decorate a chart function so that it draws inside :func:`house_style`."""

    @functools.wraps(draw)
    def drawn_in_house_style(*args, **kwargs):
        with house_style():
            return draw(*args, **kwargs)

    return drawn_in_house_style


# --- footers and text ------------------------------------------------------------------------


def _wrap(text: str, ax: Axes) -> str:
    """Return ``text`` wrapped to the figure's width at footer size (12 characters an inch)."""
    width = int(ax.figure.get_figwidth() * 12)
    return "\n".join(textwrap.fill(part, width) for part in text.split("\n"))


def footer_for(source_ids: Iterable[str], notes: list[str], sources=None) -> str:
    """Return a chart footer: its notes, one per line, then the source line of the ids."""
    return "\n".join([*notes, source_line(source_ids, sources)])


#: Ids of the invisible texts in which each Axes keeps what its footer cites and notes.
_SOURCE_IDS, _NOTE, _FOOTER = "footer-source-ids", "footer-note", "footer"


def _keep(ax: Axes, gid: str, text: str) -> None:
    """Store ``text`` on ``ax`` as an invisible, layout-free text artist with id ``gid``."""
    ax.text(0, 0, text, visible=False, gid=gid).set_in_layout(False)


def _kept(ax: Axes, gid: str) -> list[str]:
    """Return the texts stored on ``ax`` under ``gid``."""
    return [text.get_text() for text in ax.texts if text.get_gid() == gid]


def add_footer(ax: Axes, frames: Iterable[pd.DataFrame], note: str | None = None, sources=None):
    """Write the source line of ``frames``' rows (and a note) at the foot of the figure.

    The footer is the figure's bottom label, so the layout always leaves room for it. With
    several charts in one figure, it cites the union of their sources and lists every note.
    What each chart cites is kept on its Axes, so the figure alone says what its footer is.
    Returns the footer's Text.
    """
    for text in [text for text in ax.texts if text.get_gid() in (_SOURCE_IDS, _NOTE, _FOOTER)]:
        text.remove()
    ids, notes = cited_ids(*frames), [note] if note else []
    _keep(ax, _SOURCE_IDS, ";".join(ids))
    for each in notes:
        _keep(ax, _NOTE, each)
    _keep(ax, _FOOTER, footer_for(ids, notes, sources))
    drawn = ax.figure.axes
    all_notes = list(dict.fromkeys(text for each in drawn for text in _kept(each, _NOTE)))
    all_ids = {i for each in drawn for ids in _kept(each, _SOURCE_IDS) for i in ids.split(";")}
    return ax.figure.supxlabel(
        _wrap(footer_for(sorted(all_ids - {""}), all_notes, sources), ax),
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
    return " ".join(_kept(ax, _FOOTER)[0].split())


def subtitle_text(ax: Axes) -> str:
    """Return the subtitle of a house-style chart."""
    return next(text.get_text() for text in ax.texts if text.get_gid() == "subtitle")


def alt_text(ax: Axes) -> str:
    """Return the chart's one-sentence description (alt text).

    Args:
        ax: an Axes drawn by one of the functions here.
    """
    return ax.get_label()


def _axes(ax: Axes | None) -> Axes:
    """Return ``ax``, or the Axes of a new figure when it is None."""
    if ax is None:
        _, ax = plt.subplots()
    return ax


def _thousands(axis) -> None:
    """Label the axis' ticks with thousands separators (1,000)."""
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


def _year_axis(ax: Axes, years: Iterable[int]) -> None:
    """Label the x axis with whole years: every year when there are few, else a selection."""
    years = list(years)
    if len(years) <= 15:
        ax.set_xticks(years, [str(year) for year in years])
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))


# --- the handovers ---------------------------------------------------------------------------
#
# One colour, one meaning across the three handover charts, which a lesson shows one after
# the other: blue (PRIMARY) is a figure from the yearly table, orange (ACCENT) only a total
# reported by a source, grey (MUTED) a year a fit left out, dark ink (INK) a fitted model.

#: How many days make a month, for gaps between handovers.
_DAYS_PER_MONTH = 365.25 / 12


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


def handover_gap_months(handovers: pd.DataFrame, year: int) -> int | None:
    """Return the months between the handover of ``year`` and the next one, rounded.

    None when either date is not known (or there is no next handover).
    """
    if "handover_date" not in handovers:
        return None
    ordered = handovers.sort_values("year")
    dates = pd.to_datetime(ordered["handover_date"], errors="coerce").tolist()
    years = ordered["year"].astype(int).tolist()
    if year not in years or years.index(year) + 1 >= len(years):
        return None
    here = years.index(year)
    before, after = dates[here], dates[here + 1]
    if pd.isna(before) or pd.isna(after):
        return None
    return round((after - before).days / _DAYS_PER_MONTH)


def _year_month_axis(ax: Axes, years, months: list[str]) -> bool:
    """Label the x axis with each year and, under it, its handover month where known.

    Returns whether any month was written.
    """
    years = [int(year) for year in years]
    if not any(months) or len(years) > 15:
        _year_axis(ax, years)
        return False
    ax.set_xticks(
        years,
        [
            f"{year}\n{month}" if month else str(year)
            for year, month in zip(years, months, strict=True)
        ],
    )
    return True


@_in_house_style
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
    with_months = _year_month_axis(ax, years, _handover_months(handovers))
    _thousands(ax.yaxis)
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
    return _finish(
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


@_in_house_style
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
    many there are.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        claims: the claims ledger, whose reported running totals are drawn as circles.
        ax: the Axes to draw on (default: a new figure).
        title, subtitle: replace the default wording.
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    ax = _axes(ax)
    years = handovers["year"].astype(int).to_numpy()
    total = _floats(handovers["cumulative_returned"])
    ax.plot(years, total, color=PRIMARY, marker="o", gid="running-total")
    reported = reconcile_running_totals(handovers, claims)
    points = repeated_reports(reported)
    counts = points["reports"].astype(int).to_numpy()
    ax.scatter(
        points["year"].astype(int),
        _floats(points["reported_total"]),
        s=_ONE_REPORT_AREA * counts,
        facecolors="none",
        edgecolors=ACCENT,
        linewidths=2,
        zorder=3,
        gid="reported-totals",
    )
    for year, value, count in zip(
        points["year"].astype(int), _floats(points["reported_total"]), counts, strict=True
    ):
        if count > 1:
            # Just below and right of its circle (the line leaves each point up and right,
            # so that corner is free); the offset grows with the circle's radius.
            radius = float(np.sqrt(_ONE_REPORT_AREA * count)) / 2
            ax.annotate(
                f"\u00d7{count}",
                xy=(year, value),
                xytext=(radius * 0.75 + 1, -radius * 0.5),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=11,
                color=ACCENT,
                gid="report-count",
            )
    # The latest total goes above its point, clear of the circle there and of its "\u00d7n".
    last_reports = counts[points["year"].astype(int).to_numpy() == years[-1]]
    last_radius = (
        float(np.sqrt(_ONE_REPORT_AREA * last_reports.max())) / 2 if len(last_reports) else 4.0
    )
    ax.annotate(
        f"{total[-1]:,.0f}",
        xy=(years[-1], total[-1]),
        xytext=(0, last_radius + 3),
        textcoords="offset points",
        ha="center",
        va="bottom",
        fontsize=12,
        gid="latest-total",
    )
    ax.set_ylim(0, np.nanmax(total) * 1.18)
    _year_axis(ax, years)
    _thousands(ax.yaxis)
    smallest = float(np.sqrt(_ONE_REPORT_AREA * counts.min())) if len(counts) else 11.0
    handles = [
        mpl.lines.Line2D([], [], color=PRIMARY, marker="o"),
        mpl.lines.Line2D(
            [],
            [],
            linestyle="none",
            marker="o",
            markersize=smallest,
            markerfacecolor="none",
            markeredgecolor=ACCENT,
            markeredgewidth=2,
        ),
    ]
    labels = [
        "Recomputed from the yearly figures",
        "Total reported by a source" + (" (\u00d7n: n reports)" if (counts > 1).any() else ""),
    ]
    ax.legend(handles, labels, loc="upper left")
    mismatches = int((~reported["matches"]).sum())
    agreement = "all match" if mismatches == 0 else f"{mismatches} do not match"
    repeated = int((counts > 1).sum())
    overlap = (
        f", drawn as {len(points)} circles because sources often repeat the same total for "
        "the same year (a larger circle marked \u00d7n stands for n reports)"
        if repeated
        else " drawn as circles"
    )
    alt = (
        f"Line chart of the running total of remains returned, from {total[0]:,.0f} in "
        f"{years[0]} to {total[-1]:,.0f} in {years[-1]}, with {len(reported)} totals reported by "
        f"sources{overlap}: {agreement}."
    )
    unreported = [int(year) for year in years if year not in set(points["year"].astype(int))]
    unreported_words = (
        f"No source reported a total for {_join_years(unreported)}, so no circle there."
        if unreported
        else ""
    )
    note = (
        f"{len(reported)} reported totals, {len(points)} circles: reports of the same total for "
        "the same year share one circle; \u00d7n counts them."
        if repeated
        else None
    )
    if unreported_words:
        note = f"{note} {unreported_words}" if note else unreported_words
        alt = f"{alt} {unreported_words}"
    drawn_claims = reported.rename(columns={"source_id": "source_ids"})
    return _finish(
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


@_in_house_style
def plot_decay_fit(
    handovers: pd.DataFrame,
    fit: DecayFit,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    subtitle: str | None = None,
    point_notes: dict[int, str] | None = None,
    sources=None,
) -> Axes:
    """Draw the yearly remains with the fitted exponential decay over them, extended dashed.

    The fit runs by calendar year. Where ``handover_date`` shows that the handover after the
    fitted years came a different time after the last fitted one than a year, the gap is
    shaded and labelled with its length in months. The fitted year the curve misses most is
    labelled with its figure and the curve's, when they differ by half or more.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        fit: the decay fitted by ``analysis.fit_decay``.
        ax: the Axes to draw on (default: a new figure).
        title, subtitle: replace the default wording.
        point_notes: short words the lesson puts beside given years' points (for example why
            a year stands apart); the helpers never write such a story themselves.
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    ax = _axes(ax)
    point_notes = point_notes or {}
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
    if (~inside).any():
        ax.scatter(
            years[~inside],
            remains[~inside],
            color=MUTED,
            marker="D",
            s=60,
            zorder=3,
            label="Years left out of the fit",
            gid="later-points",
        )
    smooth = np.linspace(fit.first_year, fit.last_year, 100)
    ax.plot(smooth, fit.predict(smooth), color=INK, label="Fitted decay", gid="fit")
    extended = years.max() > fit.last_year
    if extended:
        ahead = np.linspace(fit.last_year, years.max(), 100)
        ax.plot(
            ahead,
            fit.predict(ahead),
            color=INK,
            linestyle="--",
            label="The same decay, extended by calendar year",
            gid="extension",
        )
    top = np.nanmax(remains) * 1.1
    ax.set_ylim(0, top)
    notes = [
        f"Fit: straight line through the logarithms of {fit.first_year}-{fit.last_year}; "
        f"half-life {fit.half_life:.1f} years; R\u00b2 {fit.r_squared:.2f} (on the log scale)."
    ]
    gap = handover_gap_months(handovers, fit.last_year) if extended else None
    if gap is not None and abs(gap - 12) >= 3:
        following = int(years[years > fit.last_year].min())
        ax.axvspan(fit.last_year + 0.1, following - 0.1, color="#eeeeee", zorder=0, gid="gap")
        ax.annotate(
            f"{gap} months between\nthe {fit.last_year} and\n{following} handovers",
            xy=((fit.last_year + following) / 2, top * 0.5),
            ha="center",
            va="center",
            fontsize=10,
            color=INK,
            gid="gap-label",
        )
        notes.append(
            f"The curve steps one calendar year at a time, but {gap} months passed between "
            f"the {fit.last_year} and {following} handovers."
        )
    expected = fit.predict(years[inside]).to_numpy()
    misses = np.abs(np.log(remains[inside] / expected))
    missed = None
    if len(misses) and np.nanmax(misses) >= np.log(1.5):
        worst = int(np.nanargmax(misses))
        missed = (int(years[inside][worst]), remains[inside][worst], expected[worst])
    labelled = {}
    if missed is not None:
        labelled[missed[0]] = (
            f"{missed[0]}: {missed[1]:,.0f} handed over; the curve: {missed[2]:,.0f}"
        )
    for year, words in point_notes.items():
        # A blank line between the chart's numbers and the lesson's words, so the two notes
        # do not read as one sentence.
        labelled[year] = f"{labelled[year]}\n\n{words}" if year in labelled else f"{year}: {words}"
    for year, words in labelled.items():
        if year not in years:
            continue
        value = remains[list(years).index(year)]
        ax.annotate(
            words,
            xy=(year, value),
            xytext=(14, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=10,
            color=INK,
            gid="point-note",
        )
    _year_axis(ax, years)
    _thousands(ax.yaxis)
    ax.legend(loc="upper right")
    after = (
        _later_years_against(remains[~inside], fit.predict(years[~inside]).to_numpy())
        if extended
        else ""
    )
    miss_words = (
        f"; the curve gives {missed[2]:,.0f} for {missed[0]}, which had {missed[1]:,.0f}"
        if missed
        else ""
    )
    gap_words = (
        f"; {gap} months passed between the {fit.last_year} handover and the next"
        if gap is not None and abs(gap - 12) >= 3
        else ""
    )
    alt = (
        f"Scatter chart of remains returned each year with an exponential decay fitted to "
        f"{fit.first_year}-{fit.last_year}, halving about every {fit.half_life:.1f} years"
        f"{miss_words}{after}{gap_words}."
    )
    return _finish(
        ax,
        title=title
        or f"Remains each year against a decay fitted to {fit.first_year}-{fit.last_year}",
        subtitle=subtitle
        or (
            "Remains of Chinese soldiers returned by South Korea each year; decay fitted to "
            f"{fit.first_year}-{fit.last_year}"
        ),
        xlabel="Year of handover",
        ylabel="Sets of remains",
        frames=[handovers],
        note="\n".join(notes),
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


def _marker_scale(marker: str) -> float:
    """Return how much larger than others a marker's area must be to look the same size.

    A star's thin points leave little ink, so at the same size it looks much smaller.
    """
    return {"*": 2.0, "d": 1.3, "X": 1.15, "P": 1.15}.get(marker, 1.0)


def _estimator_handle(
    style: EstimatorStyle, *, filled: bool = True, label: str | None = None, scaled: bool = False
):
    """Return a legend entry drawn exactly like an estimator's marks.

    ``filled``: True for a filled marker (a best was drawn), False for a hollow one (only
    bounds), None for a line alone (only low-to-high ranges, no marker). ``scaled``: size the
    marker by :func:`_marker_scale`, as the range chart and the key draw it.
    """
    if filled is None:
        return Line2D(
            [], [], color=style.colour, linewidth=4, alpha=0.6, label=label or style.short
        )
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=style.marker,
        markersize=10 * (_marker_scale(style.marker) ** 0.5 if scaled else 1),
        markerfacecolor=style.colour if filled else "white",
        markeredgecolor=style.colour,
        markeredgewidth=1.5 if filled else 2,
        label=label or style.short,
    )


@_in_house_style
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
                s=90 * _marker_scale(member["marker"]),
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
    _keep(ax, _NOTE, note)
    _keep(ax, _FOOTER, note)
    ax.figure.supxlabel(_wrap(note, ax), x=0.01, ha="left", fontsize=10, color=GREY)
    return ax


def _hollow_handle(label: str) -> Line2D:
    """Return a legend entry for hollow markers (a figure given only as one bound)."""
    return Line2D(
        [],
        [],
        linestyle="none",
        marker="o",
        markersize=10,
        markerfacecolor="white",
        markeredgecolor=MUTED,
        markeredgewidth=2,
        label=label,
    )


def _later_years_against(actual: np.ndarray, predicted: np.ndarray) -> str:
    """Return how the years after the fit lie against its extension, for the alt text."""
    if len(actual) == 0:
        return ""
    if (actual > 2 * predicted).all():
        where = "far above"
    elif (actual > predicted).all():
        where = "above"
    elif (actual < predicted).all():
        where = "below"
    else:
        where = "on both sides of"
    return f"; the later years lie {where} the extended curve"


# --- estimates -------------------------------------------------------------------------------


#: How a chart names each measure: what the row counts, in words.
MEASURE_WORDS = {
    "killed": "killed in battle",
    "dead": "dead (all causes, or not stated)",
    "battle_deaths": "battle deaths (soldiers and civilians killed in fighting)",
    "casualties": "casualties (killed and wounded, sometimes missing)",
    "wounded": "wounded",
    "missing": "missing",
    "captured": "captured",
    "missing_or_captured": "missing or captured",
    "troops_deployed": "troops present",
    "troops_sent": "troops sent",
    "massacred": "civilians massacred",
    "non_battle_deaths": "deaths other than in battle",
    "refugees": "refugees",
}


def measure_words(measure: str) -> str:
    """Return what a measure counts, in words ("killed in battle", "dead, all causes")."""
    return MEASURE_WORDS.get(measure, measure.replace("_", " "))


def _text(value) -> str:
    """Return a cell as text, empty for a missing value."""
    return "" if value is None or pd.isna(value) else str(value)


def estimate_date(row: pd.Series) -> str:
    """Return the date to label an estimate with: its own date, else "reported YYYY".

    ``as_of`` is the estimate's own date; where it is empty and the table has ``reported``
    (the date of the earliest report that carried it), the label says "reported" and the year,
    so a reader never takes the date of a repeating article for the date of the estimate.
    """
    own = _text(row.get("as_of"))
    if own:
        return own
    reported = _text(row.get("reported"))
    return f"reported {reported[:4]}" if reported else "date not known"


def estimate_label(row: pd.Series, with_measure: bool = False) -> str:
    """Return a row label for a range chart: estimator (short name), measure if asked, date."""
    measure = f", {measure_words(row['measure'])}" if with_measure else ""
    return f"{estimator_style(row['estimator']).short}{measure}, {estimate_date(row)}"


def _relation_words(row: pd.Series, drawn: pd.DataFrame) -> str:
    """Return how a row relates to another ("part of the 148,977 dead"), or "".

    The other row is looked up among the rows drawn, then in the whole estimates table.
    """
    for column, words in (("same_as", "repeats the"), ("part_of", "part of the")):
        target = _text(row.get(column))
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
        return f"{words} {_value_words(other)}{party} {what}{copy}"
    return ""


#: Words a source uses for a bound that a chart may repeat ("nearly 37,000").
_BOUND_WORDS = {
    "low": ("more than", "over", "at least", "exceeded", "highly likely more than"),
    "high": ("nearly", "up to", "almost", "approaching", "fewer than", "less than"),
}


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


def _kind_handle(style: EstimatorStyle, *, filled: bool | None = True, scaled: bool = False):
    """Return a legend entry for an estimator that remembers its kind (for the headings)."""
    handle = _estimator_handle(style, filled=filled, scaled=scaled)
    handle._kind = style.kind
    return handle


def _value_words(row: pd.Series) -> str:
    """Return the figure as words, with the source's own word for a lone bound ("nearly")."""
    low, best, high = (not pd.isna(row[bound]) for bound in ("low", "best", "high"))
    if best or low == high:
        return format_range(row[["low", "best", "high"]])
    bound = "low" if low else "high"
    said = [
        part.split(":", 1)[1].strip()
        for part in _text(row.get("qualifier")).split(";")
        if part.strip().startswith(f"{bound}:")
    ]
    word = next((w for w in said if w in _BOUND_WORDS[bound]), None)
    word = word or ("more than" if low else "up to")
    return f"{word} {int(row[bound]):,}"


@_in_house_style
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
            _text(row.get("as_of")) or _text(row.get("reported")) for _, row in rows.iterrows()
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
                row, with_measure=group_by != "measure" and not _text(row.get("scope"))
            )
            for by_period, (_, row) in zip(periods, rows.iterrows(), strict=True)
        ]
    label_lines = []
    for first, (_, row) in zip(first_lines, rows.iterrows(), strict=True):
        second = "; ".join(
            part for part in (_text(row.get("scope")), _relation_words(row, rows)) if part
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
    low, best, high = (_floats(rows[bound]) for bound in ("low", "best", "high"))
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
                s=95 * _marker_scale(marker),
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
                s=95 * _marker_scale(marker),
                facecolors="white",
                edgecolors=colour,
                linewidths=2,
                zorder=3,
                gid="lower-bound" if has_low else "upper-bound",
            )
            close = _value_words(row).startswith(("nearly", "almost", "approaching"))
            _bound_arrows(
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
            _value_words(row),
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
    _thousands(ax.xaxis)
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
        extra.append(_hollow_handle(f"Hollow: only {given}"))
    legend = _legend_by_kind(
        [_kind_handle(s, filled=f, scaled=True) for s, f in handles.values()], extra
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


def _bound_arrows(ax: Axes, xs, ys, colour: str, direction: str, length: float = 24) -> None:
    """Draw a short arrow from each bound-only mark towards where the figure lies.

    ``direction`` is "right" ("more than" on a horizontal scale), "left" ("up to"), "up"
    ("more than" on a vertical scale) or "down" ("up to"); ``length`` is in points (shorter
    for "nearly": the figure lies just below).
    """
    dx, dy = {"right": (1, 0), "left": (-1, 0), "up": (0, 1), "down": (0, -1)}[direction]
    dx, dy = dx * length, dy * length
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


@_in_house_style
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
    ax = _axes(ax)
    rows = _timeline_rows(estimates)
    handles, drew = [], {"range": False, "bound": False}
    for estimator, group in rows.groupby("estimator", sort=True):
        style = estimator_style(estimator)
        colour, marker = style.colour, style.marker
        dates = group["date"].to_numpy()
        low, best, high = (_floats(group[bound]) for bound in ("low", "best", "high"))
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
        look = True if has_best.any() else (False if (only_low | only_high).any() else None)
        handles.append(_kind_handle(style, filled=look))
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
        extra.append(_hollow_handle("Hollow: only one bound"))
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
    parts = []
    if any(
        h.get_marker() not in ("None", None) and h.get_markerfacecolor() != "white"
        for h in handles
    ):
        parts.append("filled markers: best estimates")
    if drew["range"]:
        parts.append("vertical lines: ranges from low to high")
    if drew["bound"]:
        parts.append(
            "hollow markers: only a bound given, the arrow points to where the figure lies"
        )
    note = (
        "; ".join(parts)[:1].upper()
        + "; ".join(parts)[1:]
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
# different things (troops sent in all vs troops there at a date), so such measures go in
# separate panels. A best estimate ("about") is a filled marker; a lower bound alone ("more
# than") and a partial count (``part_of`` names a larger estimate in the same panel) are hollow
# markers with an arrow up; an upper bound alone ("up to") a hollow marker with an arrow down;
# a range a vertical line. Colour and marker come from :func:`estimator_style`. An estimate
# whose own date is not known is placed at the date of the report that carried it, and its
# label says so.

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


def _timeline_rows(estimates: pd.DataFrame) -> pd.DataFrame:
    """Return the rows with a ``date`` to draw them at and ``dated_by_report`` where it is
    the report's date (the estimate's own date, ``as_of``, being unknown)."""
    own = period_starts(estimates["as_of"].fillna(""))
    if "reported" in estimates.columns:
        report = period_starts(estimates["reported"].fillna(""))
    else:
        report = pd.Series(pd.NaT, index=estimates.index)
    return (
        estimates.assign(date=own.fillna(report), dated_by_report=own.isna() & report.notna())
        .dropna(subset=["date"])
        .sort_values(["date", "estimator"])
        .reset_index(drop=True)
    )


def _figure_kind(row: pd.Series, panel_ids: set) -> str:
    """Return what a row gives: "range", "best", "low", "high" or "partial"."""
    low, best, high = (pd.notna(row[bound]) for bound in ("low", "best", "high"))
    part_of = row.get("part_of")
    if isinstance(part_of, str) and part_of in panel_ids:
        return "partial"
    if low and high:
        return "range"
    if best:
        return "best"
    return "low" if low else "high"


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


def _dodged_dates(ax: Axes, rows: pd.DataFrame, ids: set) -> list:
    """Return a date to draw each row at, moved a little later where its mark (or its arrow)
    would otherwise hide an earlier one; the estimate's own date is kept in ``rows``.

    Works in points from the Axes' limits and size, so marks end at least ``_MARK_GAP``
    points apart; a move is at most a few days on the date scale.
    """
    box = ax.get_window_extent()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    per_x = box.width * 72 / ax.figure.dpi / (x1 - x0)
    per_y = box.height * 72 / ax.figure.dpi / (y1 - y0)
    placed, dates = [], []
    for _, row in rows.iterrows():
        x = own = mpl.dates.date2num(row["date"]) * per_x
        kind = _figure_kind(row, ids)
        values = [float(row[b]) for b in ("low", "best", "high") if pd.notna(row[b])]
        bottom = min(values) * per_y
        top = max(values) * per_y + (26 if kind in ("low", "partial") else 0)
        if kind == "high":
            bottom -= 26
        for _ in range(len(placed)):
            clash = [
                px
                for px, (b, t) in placed
                if abs(px - x) < _MARK_GAP and b - 7 < top + 7 and bottom - 7 < t + 7
            ]
            if not clash:
                break
            x = max(clash) + _MARK_GAP
        placed.append((x, (bottom, top)))
        moved = pd.Timestamp(mpl.dates.num2date(x / per_x)).tz_localize(None)
        dates.append(row["date"] if x == own else moved)
    return dates


#: Smallest distance, in points, between the centres of two marks that share heights.
_MARK_GAP = 13

#: Size (area in points squared) of an estimate's mark in these panels.
_MARK_SIZE = 110


def _draw_panel(ax: Axes, panel: Panel, rows: pd.DataFrame, right_edge) -> dict:
    """Draw one panel's rows as separate marks; return counts of what was drawn."""
    drawn = {"best": 0, "range": 0, "low": 0, "high": 0, "partial": 0, "by_report": 0}
    drawn["filled"], drawn["styles"], drawn["moved"] = set(), {}, 0
    ids = set(rows["estimate_id"])
    labels, marks = [], []
    at = _dodged_dates(ax, rows, ids)
    for (_, row), date in zip(rows.iterrows(), at, strict=True):
        style = estimator_style(row["estimator"])
        drawn["styles"][style.estimator] = style
        low, best, high = (
            np.nan if pd.isna(row[bound]) else float(row[bound])
            for bound in ("low", "best", "high")
        )
        kind = _figure_kind(row, ids)
        drawn[kind] += 1
        drawn["moved"] = max(drawn["moved"], (date - row["date"]).days)
        if kind == "range":
            ax.vlines(date, low, high, colors=style.colour, linewidth=3, alpha=0.6, gid="range")
            ax.scatter(
                [date, date],
                [low, high],
                marker="_",
                s=120,
                linewidths=2.5,
                color=style.colour,
                zorder=3,
                gid="range-ends",
            )
        hollow = kind in ("low", "high", "partial")
        point = next(value for value in (best, low, high) if not np.isnan(value))
        if kind == "range" and np.isnan(best):
            point = (low + high) / 2  # who made the range: its marker, on the line
        ax.scatter(
            [date],
            [point],
            marker=style.marker,
            s=_MARK_SIZE if kind != "range" or not np.isnan(best) else _MARK_SIZE * 0.7,
            zorder=3,
            facecolors="white" if hollow else style.colour,
            edgecolors=style.colour if hollow else "white",
            linewidths=2 if hollow else 0.8,
            gid=f"{kind}-mark",
        )
        if not hollow:
            drawn["filled"].add(style.estimator)
        if hollow:
            _bound_arrows(ax, [date], [point], style.colour, "down" if kind == "high" else "up")
        value = format_range(row[["low", "best", "high"]]) if panel.label_values else ""
        words = []
        if kind == "partial" or row["estimate_id"] in panel.callouts:
            scope = row.get("scope")
            if isinstance(scope, str) and scope:
                words.append(("part of a larger count: " if kind == "partial" else "") + scope)
        if row["dated_by_report"]:
            drawn["by_report"] += 1
            words.append("own date not known, drawn at the report's date")
        text = f"{value} ({'; '.join(words)})" if value and words else value or "; ".join(words)
        if text:
            labels.append((date, point, "\n".join(textwrap.wrap(text, 28))))
        marks.append((date, point, hollow and kind != "high"))
    drawn["labels"], drawn["marks"] = labels, marks
    return drawn


#: Where a value label may go, tried in order: (dx, dy) in points, horizontal, vertical alignment.
_LABEL_SPOTS = [
    (11, 0, "left", "center"),
    (11, 13, "left", "bottom"),
    (11, -13, "left", "top"),
    (-11, 0, "right", "center"),
    (-11, 13, "right", "bottom"),
    (-11, -13, "right", "top"),
    (11, 30, "left", "bottom"),
    (11, -30, "left", "top"),
]


def _label_box(x: float, y: float, text: str, spot: tuple, size: float = 10.5) -> tuple:
    """Return the (left, bottom, right, top) box, in points, a label at ``spot`` would cover."""
    lines = text.split("\n")
    width, height = 0.6 * size * max(len(line) for line in lines), 1.3 * size * len(lines)
    dx, dy, ha, va = spot
    left = x + dx if ha == "left" else x + dx - width
    bottom = {"bottom": y + dy, "top": y + dy - height, "center": y + dy - height / 2}[va]
    return (left, bottom, left + width, bottom + height)


def _overlaps(box: tuple, other: tuple) -> bool:
    return not (
        box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
    )


def _place_labels(ax: Axes, labels: list, marks: list, prefer_left) -> None:
    """Write each label beside its mark where it overlaps no mark, arrow or earlier label.

    Positions are worked out in points from the Axes' current limits and size, trying the
    spots of ``_LABEL_SPOTS`` in order (left of the mark first where ``prefer_left(date)``);
    if none is free, the first spot that stays inside the Axes is used.
    """
    scale = 72 / ax.figure.dpi

    def points(date, value):
        x, y = ax.transData.transform((mpl.dates.date2num(date), value))
        return x * scale, y * scale

    inner = ax.get_window_extent()
    frame = (inner.x0 * scale, inner.y0 * scale, inner.x1 * scale, inner.y1 * scale)
    taken = []
    for date, value, arrow_up in marks:
        x, y = points(date, value)
        taken.append((x - 7, y - 7, x + 7, y + 7))
        if arrow_up:
            taken.append((x - 5, y, x + 5, y + 26))
    for date, value, text in sorted(labels, key=lambda label: -label[1]):
        x, y = points(date, value)
        spots = _LABEL_SPOTS[3:6] + _LABEL_SPOTS[:3] if prefer_left(date) else _LABEL_SPOTS
        spots = spots + _LABEL_SPOTS[6:] if prefer_left(date) else spots
        inside = [
            spot
            for spot in spots
            if frame[0] <= _label_box(x, y, text, spot)[0]
            and _label_box(x, y, text, spot)[2] <= frame[2]
            and frame[1] <= _label_box(x, y, text, spot)[1]
        ] or spots
        free = [
            s for s in inside if not any(_overlaps(_label_box(x, y, text, s), t) for t in taken)
        ]
        spot = (free or inside)[0]
        taken.append(_label_box(x, y, text, spot))
        dx, dy, ha, va = spot
        leader = {"arrowstyle": "-", "color": MUTED, "linewidth": 0.8, "shrinkB": 5}
        ax.annotate(
            text,
            xy=(date, value),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=10.5,
            color=INK,
            arrowprops=leader if dy else None,
            gid="value-label",
        ).set_in_layout(False)


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
    values = np.concatenate([_floats(rows[bound]) for bound in ("low", "best", "high")])
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


@_in_house_style
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
    prepared = [_timeline_rows(panel.rows) for panel in panels]
    everything = pd.concat(prepared, ignore_index=True)
    conflicts = sorted(everything["conflict"].dropna().unique())
    if len(conflicts) != 1:
        raise ValueError(f"one conflict per chart, got {conflicts}")
    width = 7.2 * len(panels) + 3.8
    figure, axes = plt.subplots(
        1, len(panels), figsize=(width, 6.6), sharex=True, sharey=True, squeeze=False
    )
    axes = list(axes[0])
    first, last = everything["date"].min(), everything["date"].max()
    pad = pd.Timedelta(days=max(20, (last - first).days // 12))
    right_edge = last - (last - first) * 0.3
    values = np.concatenate([_floats(everything[bound]) for bound in ("low", "best", "high")])
    axes[0].set_ylim(0, np.nanmax(values) * 1.18)
    axes[0].set_xlim(first - pad, last + pad)
    drawn = [
        _draw_panel(ax, panel, rows, right_edge)
        for ax, panel, rows in zip(axes, panels, prepared, strict=True)
    ]
    _thousands(axes[0].yaxis)
    axes[0].xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=5))
    axes[0].xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    for ax in axes[1:]:
        ax.tick_params(labelleft=True)
    styles = {name: style for each in drawn for name, style in each["styles"].items()}
    # The legend says who made a mark: every shape filled; the footer says what hollow means.
    handles = [_kind_handle(style, filled=True) for style in styles.values()]
    axes[-1].legend(
        handles=_legend_by_kind(handles, []),
        loc="upper left",
        bbox_to_anchor=(1.01, 1),
        fontsize=10,
        handletextpad=0.4,
    )
    total = {
        key: (max if key == "moved" else sum)(each[key] for each in drawn)
        for key in drawn[0]
        if key not in ("filled", "styles", "labels", "marks")
    }
    gaps = [
        (panel.title, _gap_words(rows["date"]))
        for panel, rows in zip(panels, prepared, strict=True)
    ]
    note = _panel_note(total, gaps)
    if len(panels) > 1:
        note = "The panels share one scale. " + note
    alt = (
        f"{title}: {conflicts[0]}. "
        + (f"{len(panels)} panels on one scale. " if len(panels) > 1 else "")
        + " ".join(
            f"{_describe_panel(panel, rows, each)}."
            for panel, rows, each in zip(panels, prepared, drawn, strict=True)
        )
    )
    if len(panels) > 1:
        figure.suptitle(
            f"{title}: {conflicts[0]}", x=0.01, ha="left", fontsize=17, fontweight="bold"
        )
    for index, (ax, panel) in enumerate(zip(axes, panels, strict=True)):
        _finish(
            ax,
            title=panel.title if len(panels) > 1 else f"{title}: {conflicts[0]}",
            subtitle=panel.subtitle,
            xlabel="Date of the estimate",
            ylabel=ylabel if index == 0 else "",
            frames=[everything],  # one footer for the figure: every panel cites all
            note=note,
            alt=alt,
            sources=sources,
        )
    figure.canvas.draw()  # lay the figure out first, so labels can be placed clear of marks
    for ax, each in zip(axes, drawn, strict=True):
        _place_labels(ax, each["labels"], each["marks"], lambda date: date > right_edge)
    return axes[0]


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


def _stacked(years: np.ndarray) -> np.ndarray:
    """Return each report's place in its year's stack: 0 for the first of a year, 1, 2, ..."""
    places = np.zeros(len(years), dtype=int)
    for year in np.unique(years):
        where = np.flatnonzero(years == year)
        places[where] = np.arange(len(where))
    return places


@_in_house_style
def plot_reported_totals_check(
    handovers: pd.DataFrame,
    claims: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str | None = None,
    sources=None,
) -> Axes:
    """Draw every reported running total, used or set aside, against the recomputed total.

    The line is the running total recomputed from the yearly figures. Each total that reports
    give is a dot at its year and value (one dot for several reports of the same total). A strip
    under the zero line shows who reported each year's total: one marker per report, coloured
    and shaped by its source's kind (:data:`SOURCE_KIND_STYLE`), stacked in its year's column,
    so every mark stays at its own year. A report that does not match is ringed in both places
    and labelled.
    """
    from helpers.data import load_sources

    register = load_sources() if sources is None else sources
    ax = _axes(ax)
    years = handovers["year"].astype(int).to_numpy()
    total = _floats(handovers["cumulative_returned"])
    ax.plot(
        years,
        total,
        color=GREY,
        linewidth=2.5,
        label="Sum of the yearly figures",
        gid="recomputed-total",
        zorder=1,
    )
    reported = reconcile_running_totals(handovers, claims, include_set_aside=True)
    kinds = reported["source_id"].map(register.set_index("source_id")["kind"])
    reported = reported.assign(kind=kinds.fillna("unknown")).sort_values(
        ["year", "kind", "claim_id"]
    )
    report_years = reported["year"].astype(int).to_numpy()
    y = _floats(reported["reported_total"])
    totals_given = reported.drop_duplicates(["year", "reported_total"])
    ax.scatter(
        totals_given["year"].astype(int).to_numpy(),
        _floats(totals_given["reported_total"]),
        s=45,
        color=INK,
        edgecolors="white",
        linewidths=0.8,
        zorder=3,
        label="Total given by reports\n(one dot, however many reports)",
        gid="reported-totals",
    )
    top = np.nanmax(np.concatenate([total, y])) * 1.15
    step = top * 0.055
    stack = _stacked(report_years)
    strip_y = -(stack + 1) * step
    for kind in sorted(reported["kind"].unique()):
        colour, marker = SOURCE_KIND_STYLE.get(kind, (INK, "o"))
        chosen = (reported["kind"] == kind).to_numpy()
        ax.scatter(
            report_years[chosen],
            strip_y[chosen],
            s=50,
            color=colour,
            marker=marker,
            edgecolors="white",
            linewidths=0.8,
            zorder=3,
            label=f"Reported by {kind}",
            gid=f"reported-{kind.replace(' ', '-')}",
        )
    ax.axhline(0, color=MUTED, linewidth=0.8, zorder=0)
    along_left = mpl.transforms.blended_transform_factory(ax.transAxes, ax.transData)
    ax.text(
        -0.015,
        -(stack.max() + 2) * step / 2,
        "Who reported it:\none mark\nper report",
        transform=along_left,
        ha="right",
        va="center",
        fontsize=10,
        color=INK,
    )
    wrong = ~reported["matches"].to_numpy()
    if wrong.any():
        ax.scatter(
            report_years[wrong],
            y[wrong],
            s=300,
            facecolors="none",
            edgecolors=INK,
            linewidths=1.8,
            zorder=4,
            label="Does not match the sum",
            gid="mismatches",
        )
        ax.scatter(
            report_years[wrong],
            strip_y[wrong],
            s=150,
            facecolors="none",
            edgecolors=INK,
            linewidths=1.5,
            zorder=4,
            label="_the same mismatches, in the strip",
            gid="mismatches-in-strip",
        )
        publishers = reported["source_id"].map(register.set_index("source_id")["publisher"])
        for position, value, (_, row) in zip(
            report_years[wrong], y[wrong], reported[wrong].iterrows(), strict=True
        ):
            ax.annotate(
                f"{value:,.0f} for {row['year']}, {publishers[row.name]}\n"
                f"({row['status']}; recomputed {row['recomputed_total']:,})",
                xy=(position, value),
                xytext=(-16, -28),
                textcoords="offset points",
                ha="right",
                va="top",
                fontsize=11,
                color=INK,
                arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 1},
            )
    bottom = -(stack.max() + 1.8) * step
    ax.set_ylim(bottom, top)
    ticks = MaxNLocator(nbins=6).tick_values(0, top)
    ax.set_yticks([tick for tick in ticks if 0 <= tick <= top])
    ax.set_xlim(years.min() - 0.6, years.max() + 0.6)
    _year_axis(ax, years)
    _thousands(ax.yaxis)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11)
    ax.tick_params(axis="x", labelsize=11)
    mismatches = int(wrong.sum())
    agreement = (
        "all match it"
        if mismatches == 0
        else f"all but {mismatches} match it"
        if mismatches < len(reported) / 2
        else f"{mismatches} do not match it"
    )
    shown_kinds = ", ".join(sorted(reported["kind"].unique()))
    alt = (
        f"Chart of the running total of remains returned recomputed from the yearly figures, "
        f"{years[0]}-{years[-1]}, with {len(reported)} running totals reported in "
        f"{reported['source_id'].nunique()} articles, each drawn at its year: {agreement}. "
        f"A strip below stacks one mark per report by kind of source ({shown_kinds})."
    )
    note = (
        "Each dot is a total at its year; one dot can stand for several reports of the same "
        "total. The strip under the zero line stacks one mark per report in its year's column. "
        "Set-aside reports are included."
    )
    ax = _finish(
        ax,
        title=title or "Do the reported running totals add up?",
        subtitle=f"Chinese soldiers' remains returned by South Korea, {years[0]}-{years[-1]}",
        xlabel="Year the running total runs to",
        ylabel="Sets of remains, cumulative",
        frames=[handovers, reported.rename(columns={"source_id": "source_ids"})],
        note=note,
        alt=alt,
        sources=sources,
    )
    # The axis title belongs to the values above zero, not to the strip of reports below it.
    ax.yaxis.label.set_y((top / 2 - bottom) / (top - bottom))
    return ax


def show(ax: Axes) -> None:
    """Display the chart in a notebook as a PNG carrying its alt text, then close the figure.

    Ending a chart cell with ``charts.show(ax)`` prints no ``<Axes ...>`` or ``<Figure ...>``
    text, so the cell's stored output is the image alone, byte-identical on every run.

    Args:
        ax: an Axes drawn by one of the functions here.
    """
    from IPython.display import display

    with house_style():
        png = io.BytesIO()
        ax.figure.savefig(png, format="png", bbox_inches="tight", metadata=PNG_METADATA)
    image = base64.b64encode(png.getvalue()).decode("ascii")
    display({"image/png": image}, raw=True, metadata={"image/png": {"alt": alt_text(ax)}})
    for hook in on_show:  # after display, so that a hook cannot change what the lesson shows
        hook(ax)
    plt.close(ax.figure)


def save(ax: Axes, stem: Path) -> list[Path]:
    """Write the Axes' figure as ``stem``.png and ``stem``.svg, byte-identical on every run.

    Args:
        ax: the chart to save.
        stem: the path without its suffix; missing folders are created.

    Returns the two paths written (PNG at slide size, then SVG).
    """
    figure = ax.figure
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    with house_style():
        figure.savefig(paths[0], metadata=PNG_METADATA, dpi=192, bbox_inches="tight")
        figure.savefig(paths[1], metadata=SVG_METADATA, bbox_inches="tight")
    return paths
