"""The decay chart: the remains handed over each year against an exponential decay fitted to them.

Belongs here: :func:`plot_decay_fit`, the gap in months between two handovers
(:func:`handover_gap_months`) and the words and layout only that chart uses. Does not belong
here: fitting the decay (:func:`helpers.analysis.fit_decay`), the other handover charts
(:mod:`helpers.charts.handovers`), and the parts every chart shares.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers.analysis import DecayFit
from helpers.charts.finish import finish
from helpers.charts.style import (
    INK,
    MUTED,
    PRIMARY,
    floats,
    in_house_style,
    new_axes,
    thousands,
    year_axis,
)

#: How many days make a month, for gaps between handovers.
_DAYS_PER_MONTH = 365.25 / 12


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


@in_house_style
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
    ax = new_axes(ax)
    layout = decay_layout(handovers, fit, point_notes)
    _draw_decay(ax, layout, fit)
    span = f"{fit.first_year}-{fit.last_year}"
    return finish(
        ax,
        title=title or f"Remains each year against a decay fitted to {span}",
        subtitle=subtitle
        or f"Remains of Chinese soldiers returned by South Korea each year; decay fitted to "
        f"{span}",
        xlabel="Year of handover",
        ylabel="Sets of remains",
        frames=[handovers],
        note="\n".join(layout.notes),
        alt=_decay_alt(layout, fit),
        sources=sources,
    )


@dataclass
class DecayLayout:
    """What :func:`plot_decay_fit` draws, as plain data: no artists.

    ``years`` and ``remains``: every point, ``inside`` those the fit used. ``extended``: the
    curve runs on, dashed, past the fit. ``gap``: months between the last fitted handover and
    the next (``following``, its year) when that is not about a year, else None. ``missed``:
    (year, figure, curve) of the fitted year the curve misses by half or more, else None.
    ``labelled``: the words written beside given years' points, year by year. ``notes``: the
    footer's notes. ``top``: the top of the people scale.
    """

    years: np.ndarray
    remains: np.ndarray
    inside: np.ndarray
    extended: bool
    gap: int | None
    following: int | None
    missed: tuple | None
    labelled: dict[int, str]
    notes: list[str]
    top: float


def _missed(years: np.ndarray, remains: np.ndarray, expected: np.ndarray) -> tuple | None:
    """Return (year, figure, curve) where the curve misses a fitted year most, by half or more."""
    misses = np.abs(np.log(remains / expected))
    if len(misses) and np.nanmax(misses) >= np.log(1.5):
        worst = int(np.nanargmax(misses))
        return (int(years[worst]), remains[worst], expected[worst])
    return None


def decay_layout(
    handovers: pd.DataFrame, fit: DecayFit, point_notes: dict[int, str] | None = None
) -> DecayLayout:
    """Return the layout of the decay chart: points in and out of the fit, the gap, labels."""
    years = handovers["year"].astype(int).to_numpy()
    remains = floats(handovers["remains_returned"])
    inside = (years >= fit.first_year) & (years <= fit.last_year)
    extended = bool(years.max() > fit.last_year)
    notes = [
        f"Fit: straight line through the logarithms of {fit.first_year}-{fit.last_year}; "
        f"half-life {fit.half_life:.1f} years; R\u00b2 {fit.r_squared:.2f} (on the log scale)."
    ]
    gap = handover_gap_months(handovers, fit.last_year) if extended else None
    following = None
    if gap is not None and abs(gap - 12) >= 3:
        following = int(years[years > fit.last_year].min())
        notes.append(
            f"The curve steps one calendar year at a time, but {gap} months passed between "
            f"the {fit.last_year} and {following} handovers."
        )
    else:
        gap = None
    missed = _missed(years[inside], remains[inside], fit.predict(years[inside]).to_numpy())
    labelled = {}
    if missed is not None:
        labelled[missed[0]] = (
            f"{missed[0]}: {missed[1]:,.0f} handed over; the curve: {missed[2]:,.0f}"
        )
    for year, words in (point_notes or {}).items():
        # A blank line between the chart's numbers and the lesson's words, so the two notes
        # do not read as one sentence.
        labelled[year] = f"{labelled[year]}\n\n{words}" if year in labelled else f"{year}: {words}"
    labelled = {year: words for year, words in labelled.items() if year in years}
    top = np.nanmax(remains) * 1.1
    return DecayLayout(
        years, remains, inside, extended, gap, following, missed, labelled, notes, top
    )


def _draw_decay(ax: Axes, layout: DecayLayout, fit: DecayFit) -> None:
    """Draw the points, the fitted curve (extended dashed), the gap and the point labels."""
    years, remains, inside = layout.years, layout.remains, layout.inside
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
    if layout.extended:
        ahead = np.linspace(fit.last_year, years.max(), 100)
        ax.plot(
            ahead,
            fit.predict(ahead),
            color=INK,
            linestyle="--",
            label="The same decay, extended by calendar year",
            gid="extension",
        )
    ax.set_ylim(0, layout.top)
    if layout.gap is not None:
        _draw_gap(ax, layout, fit.last_year)
    for year, words in layout.labelled.items():
        ax.annotate(
            words,
            xy=(year, remains[list(years).index(year)]),
            xytext=(14, -2),
            textcoords="offset points",
            ha="left",
            va="top",
            fontsize=10,
            color=INK,
            gid="point-note",
        )
    year_axis(ax, years)
    thousands(ax.yaxis)
    ax.legend(loc="upper right")


def _draw_gap(ax: Axes, layout: DecayLayout, last_year: int) -> None:
    """Shade the gap between the last fitted handover and the next, and say its length."""
    following = layout.following
    ax.axvspan(last_year + 0.1, following - 0.1, color="#eeeeee", zorder=0, gid="gap")
    ax.annotate(
        f"{layout.gap} months between\nthe {last_year} and\n{following} handovers",
        xy=((last_year + following) / 2, layout.top * 0.5),
        ha="center",
        va="center",
        fontsize=10,
        color=INK,
        gid="gap-label",
    )


def _decay_alt(layout: DecayLayout, fit: DecayFit) -> str:
    """Return the alt text: the fit, the year it misses most, the later years and the gap."""
    years, remains, inside, missed = layout.years, layout.remains, layout.inside, layout.missed
    after = (
        _later_years_against(remains[~inside], fit.predict(years[~inside]).to_numpy())
        if layout.extended
        else ""
    )
    miss_words = (
        f"; the curve gives {missed[2]:,.0f} for {missed[0]}, which had {missed[1]:,.0f}"
        if missed
        else ""
    )
    gap_words = (
        f"; {layout.gap} months passed between the {fit.last_year} handover and the next"
        if layout.gap is not None
        else ""
    )
    return (
        f"Scatter chart of remains returned each year with an exponential decay fitted to "
        f"{fit.first_year}-{fit.last_year}, halving about every {fit.half_life:.1f} years"
        f"{miss_words}{after}{gap_words}."
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
