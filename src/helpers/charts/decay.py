"""The decay chart: the remains handed over each year against an exponential decay fitted to them.

Belongs here: :func:`plot_decay_fit`, the gap in months between two handovers
(:func:`handover_gap_months`) and the words and layout only that chart uses. Does not belong
here: fitting the decay (:func:`helpers.analysis.fit_decay`), the other handover charts
(:mod:`helpers.charts.handovers`), and the parts every chart shares.
"""

from __future__ import annotations

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
    point_notes = point_notes or {}
    years = handovers["year"].astype(int).to_numpy()
    remains = floats(handovers["remains_returned"])
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
    year_axis(ax, years)
    thousands(ax.yaxis)
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
    return finish(
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
