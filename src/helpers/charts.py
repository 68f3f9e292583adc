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

import matplotlib as mpl
import matplotlib.dates
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.collections import LineCollection
from matplotlib.ticker import FuncFormatter, MaxNLocator

from helpers.analysis import DecayFit, format_range, headline_figure, reconcile_running_totals
from helpers.datapackage.periods import period_starts
from helpers.sources import cited_ids, source_line

STYLE = Path(__file__).with_name("house.mplstyle")
PRIMARY, ACCENT, INK, GREY = "#0072B2", "#D55E00", "#333333", "#555555"
#: Points left out of a fit, and other marks that must not draw the eye.
MUTED = "#8C8C8C"
#: Estimator markers; triangles are kept for bounds ("more than", "up to").
MARKERS = ["o", "s", "D", "P", "X", "*", "h", "p"]
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
            ax.annotate(
                f"\u00d7{count}",
                xy=(year, value),
                xytext=(0, 16 + 3 * count),
                textcoords="offset points",
                ha="center",
                va="bottom",
                fontsize=11,
                color=ACCENT,
                gid="report-count",
            )
    ax.annotate(
        f"{total[-1]:,.0f}",
        xy=(years[-1], total[-1]),
        xytext=(14, -4),
        textcoords="offset points",
        va="top",
        fontsize=12,
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
    note = (
        f"{len(reported)} reported totals, {len(points)} circles: reports of the same total for "
        "the same year share one circle; \u00d7n counts them."
        if repeated
        else None
    )
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
        labelled[year] = f"{labelled[year]}\n{words}" if year in labelled else f"{year}: {words}"
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
        "; the later years lie far above the extended curve"
        if extended and (remains[~inside] > fit.predict(years[~inside]).to_numpy() * 2).all()
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


# --- estimates -------------------------------------------------------------------------------


def estimate_label(row: pd.Series, with_measure: bool = False) -> str:
    """Return a row label for a range chart: estimator, the measure if asked, and date."""
    measure = f", {row['measure'].replace('_', ' ')}" if with_measure else ""
    return f"{row['estimator']}{measure} ({row['as_of']})"


@_in_house_style
def plot_estimate_ranges(
    estimates: pd.DataFrame,
    ax: Axes | None = None,
    *,
    title: str = "Competing estimates",
    subtitle: str | None = None,
    xlabel: str = "People",
    labels: Iterable[str] | None = None,
    sources=None,
) -> Axes:
    """Draw each estimate as a low-high line with its best marked, one row per estimate.

    An estimate that gives only a lower bound is a right-pointing triangle ("more than"), only an
    upper bound a left-pointing one ("up to"), only a best a dot: never a range it did not give.

    Args:
        estimates: rows of the estimates table (``analysis.select(...)``).
        ax: the Axes to draw on (default: a new figure sized to the rows).
        title, subtitle, xlabel: the wording (default subtitle: the party and measures).
        labels: one label per row (default: estimator and date).
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    rows = estimates.reset_index(drop=True)
    if ax is None:
        _, ax = plt.subplots(figsize=(10, max(4.5, 0.5 * len(rows) + 2.5)))
    positions = np.arange(len(rows))[::-1]
    low, best, high = (_floats(rows[bound]) for bound in ("low", "best", "high"))
    both = ~np.isnan(low) & ~np.isnan(high)
    segments = [[(low[i], y), (high[i], y)] for i, y in enumerate(positions) if both[i]]
    ax.add_collection(
        LineCollection(segments, colors=PRIMARY, linewidths=6, alpha=0.45, gid="ranges")
    )
    has_best = ~np.isnan(best)
    ax.scatter(
        best[has_best],
        positions[has_best],
        color=PRIMARY,
        s=70,
        zorder=3,
        gid="best",
        label="Best estimate",
    )
    only_low = ~np.isnan(low) & np.isnan(high)
    ax.scatter(
        low[only_low],
        positions[only_low],
        marker=">",
        color=ACCENT,
        s=90,
        zorder=3,
        gid="lower-bounds",
        label="Lower bound only: more than",
    )
    only_high = np.isnan(low) & ~np.isnan(high)
    ax.scatter(
        high[only_high],
        positions[only_high],
        marker="<",
        color=ACCENT,
        s=90,
        zorder=3,
        gid="upper-bounds",
        label="Upper bound only: up to",
    )
    largest = np.nanmax(np.concatenate([low, best, high]))
    for y, row in zip(positions, rows[["low", "best", "high"]].to_numpy(), strict=True):
        right = np.nanmax(np.array([np.nan if pd.isna(v) else float(v) for v in row]))
        ax.annotate(
            format_range(row),
            xy=(right, y),
            xytext=(8, 0),
            textcoords="offset points",
            va="center",
            fontsize=11,
            color=INK,
        )
    ax.set_yticks(positions)
    if labels is None:
        with_measure = rows["measure"].nunique() > 1
        labels = [estimate_label(row, with_measure) for _, row in rows.iterrows()]
    ax.set_yticklabels(list(labels))
    ax.set_xlim(0, largest * 1.3)
    ax.set_ylim(-0.7, len(rows) - 0.3)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", visible=True)
    ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
    _thousands(ax.xaxis)
    partial = int(only_low.sum() + only_high.sum())
    note = "Lines: ranges from low to high; dots: best estimates; triangles: only one bound given."
    scope = subtitle or f"{rows['party'].iloc[0]}: {', '.join(sorted(rows['measure'].unique()))}"
    alt = (
        f"Range chart of {len(rows)} estimates ({scope}), from "
        f"{np.nanmin(np.concatenate([low, best, high])):,.0f} "
        f"to {largest:,.0f}; {int(both.sum())} give a range and {partial} only one bound."
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
    """Draw estimates against the date they were made, one colour and marker per estimator.

    A best is a filled marker, a range a vertical line, a lower bound alone an upward triangle
    and an upper bound alone a downward one.

    Args:
        estimates: rows of the estimates table (``analysis.select(...)``).
        ax: the Axes to draw on (default: a new figure).
        title, subtitle, ylabel: the wording (default subtitle: the party and measures).
        sources: the source register for the footer (default: the project's).

    Returns the Axes drawn on.
    """
    ax = _axes(ax)
    rows = estimates.assign(date=period_starts(estimates["as_of"])).sort_values(
        ["date", "estimator"]
    )
    colours = mpl.rcParams["axes.prop_cycle"].by_key()["color"]
    for number, (estimator, group) in enumerate(rows.groupby("estimator", sort=True)):
        colour, marker = colours[number % len(colours)], MARKERS[number % len(MARKERS)]
        dates = group["date"].to_numpy()
        low, best, high = (_floats(group[bound]) for bound in ("low", "best", "high"))
        point = _floats(headline_figure(group))
        ax.plot(dates, point, color=colour, linewidth=1, alpha=0.6)
        ax.scatter(
            dates[~np.isnan(best)],
            best[~np.isnan(best)],
            color=colour,
            marker=marker,
            s=70,
            zorder=3,
            label=estimator,
        )
        ranged = ~np.isnan(low) & ~np.isnan(high)
        ax.vlines(dates[ranged], low[ranged], high[ranged], colors=colour, linewidth=3, alpha=0.5)
        only_low = ~np.isnan(low) & np.isnan(high) & np.isnan(best)
        ax.scatter(
            dates[only_low],
            low[only_low],
            color=colour,
            marker="^",
            s=80,
            zorder=3,
            facecolors="none",
            linewidths=2,
        )
        only_high = np.isnan(low) & ~np.isnan(high) & np.isnan(best)
        ax.scatter(
            dates[only_high],
            high[only_high],
            color=colour,
            marker="v",
            s=80,
            zorder=3,
            facecolors="none",
            linewidths=2,
        )
    values = np.concatenate([_floats(rows[b]) for b in ("low", "best", "high")])
    ax.set_ylim(0, np.nanmax(values) * 1.15)
    _thousands(ax.yaxis)
    ax.xaxis.set_major_locator(mpl.dates.AutoDateLocator(minticks=3, maxticks=6))
    ax.xaxis.set_major_formatter(mpl.dates.DateFormatter("%b %Y"))
    ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=10, title="Estimator")
    scope = subtitle or f"{rows['party'].iloc[0]}: {', '.join(sorted(rows['measure'].unique()))}"
    first, last = rows["date"].min(), rows["date"].max()
    alt = (
        f"Chart of {len(rows)} estimates ({scope}) by {rows['estimator'].nunique()} estimators, "
        f"made between {first:%B %Y} and {last:%B %Y}, rising from {np.nanmin(values):,.0f} to "
        f"{np.nanmax(values):,.0f}."
    )
    note = (
        "Filled markers: best estimates; open triangles: only a lower (up) or upper (down) "
        "bound given."
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


def _dodged(years: np.ndarray, width: float = 0.7) -> np.ndarray:
    """Return x positions that spread the reports of one year side by side around the year."""
    positions = years.astype(float).copy()
    for year in np.unique(years):
        where = np.flatnonzero(years == year)
        if len(where) > 1:
            positions[where] += np.linspace(-width / 2, width / 2, len(where))
    return positions


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

    The line is the running total recomputed from the yearly figures. Each report is one
    marker, coloured and shaped by its source's kind (:data:`SOURCE_KIND_STYLE`); reports of
    the same year sit side by side instead of on top of each other, and the number above each
    year says how many reports it has. A report that does not match is ringed and labelled.
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
    x = _dodged(report_years)
    y = _floats(reported["reported_total"])
    for kind in sorted(reported["kind"].unique()):
        colour, marker = SOURCE_KIND_STYLE.get(kind, (INK, "o"))
        chosen = (reported["kind"] == kind).to_numpy()
        ax.scatter(
            x[chosen],
            y[chosen],
            s=55,
            color=colour,
            marker=marker,
            edgecolors="white",
            linewidths=0.8,
            zorder=3,
            label=f"Reported by {kind}",
            gid=f"reported-{kind.replace(' ', '-')}",
        )
    counts = reported.groupby("year").size()
    along_bottom = mpl.transforms.blended_transform_factory(ax.transData, ax.transAxes)
    for year, count in counts.items():
        ax.text(
            year, 0.03, f"{count}", transform=along_bottom, ha="center", fontsize=11, color=INK
        )
    wrong = ~reported["matches"].to_numpy()
    if wrong.any():
        ax.scatter(
            x[wrong],
            y[wrong],
            s=420,
            facecolors="none",
            edgecolors=INK,
            linewidths=2,
            zorder=4,
            label="Does not match the sum",
            gid="mismatches",
        )
        publishers = reported["source_id"].map(register.set_index("source_id")["publisher"])
        for position, value, (_, row) in zip(
            x[wrong], y[wrong], reported[wrong].iterrows(), strict=True
        ):
            ax.annotate(
                f"{value:,.0f} for {row['year']}, {publishers[row.name]}\n"
                f"({row['status']}; recomputed {row['recomputed_total']:,})",
                xy=(position, value),
                xytext=(-16, -40),
                textcoords="offset points",
                ha="right",
                va="top",
                fontsize=11,
                color=INK,
                arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 1},
            )
    ax.set_ylim(0, np.nanmax(np.concatenate([total, y])) * 1.15)
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
        f"{reported['source_id'].nunique()} articles (by kind of source: {shown_kinds}), drawn "
        f"side by side for each year: {agreement}."
    )
    note = (
        "Reports of the same year are drawn side by side; the numbers along the bottom say how "
        "many reports give a total for that year. Set-aside reports are included."
    )
    return _finish(
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
