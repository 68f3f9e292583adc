"""The decay chart: the remains handed over each year against an exponential decay fitted to them.

Belongs here: :func:`plot_decay_fit`, the gap in months between two handovers
(:func:`handover_gap_months`) and the words and layout only that chart uses. Does not belong
here: fitting the decay (:func:`helpers.analysis.fit_decay`), the other handover charts
(:mod:`helpers.charts.handovers`), and the parts every chart shares.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from helpers import sources as mark_sources
from helpers.analysis import DecayFit
from helpers.charts import marks
from helpers.charts.finish import finish, subtitle_text
from helpers.charts.style import (
    INK,
    MUTED,
    floats,
    in_house_style,
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
    alternative: DecayFit | None = None,
    sources=None,
    claims: pd.DataFrame | None = None,
) -> Axes:
    """Draw the yearly remains with the fitted exponential decay over them, extended dashed.

    The yearly figures are black dots; years no fit used are grey (left out), and the legend
    says why. The fit runs by calendar year. Where ``handover_date`` shows that the handover
    after the fitted years came a different time after the last fitted one than a year, the
    band from the one dot to the next is shaded (a pale hatched tint: grey means left out) and
    labelled with the real months. With ``alternative``, a year only one fit used is ringed.
    The fitted year the curve misses most is labelled with its figure and the curve's, when
    they differ by half or more. What the extended curves expect for the later years is written
    in a small table on the chart (its columns named by line style), since those numbers are
    too small to read off the scale.

    Args:
        handovers: the yearly table (``data.load_handovers()``).
        fit: the decay fitted by ``analysis.fit_decay``.
        ax: the Axes to draw on (default: a new figure).
        title, subtitle: replace the default wording.
        point_notes: short words the lesson puts beside given years' points (for example why
            a year stands apart); the helpers never write such a story themselves.
        alternative: a second fit of the same decay to other years (for example without a
            backlog year), drawn dotted, so the chart shows how much the result depends on
            the years chosen.
        sources: the source register for the footer (default: the project's).
        claims: the claims ledger, whose claims each dot names (default: the project's).

    Returns the Axes drawn on.
    """
    if ax is None:
        _, ax = plt.subplots(figsize=(11, 7.5))
    layout = decay_layout(handovers, fit, point_notes, alternative)
    _draw_decay(ax, layout, fit, alternative)
    ids = marks.yearly_figure_claims(handovers, claims)
    for gid, chosen in (("fitted-points", layout.used), ("later-points", ~layout.used)):
        dots = next((c for c in ax.collections if c.get_gid() == gid), None)
        picked = [ids[i] for i in np.flatnonzero(chosen)]
        if dots is not None and picked and all(picked):
            mark_sources.mark_points(dots, picked)
    ax = finish(
        ax,
        title=title or f"Remains each year against a decay fitted to {_span(fit)}",
        subtitle=subtitle or _decay_subtitle(fit, alternative),
        xlabel="Year of handover",
        ylabel="Sets of remains",
        frames=[handovers],
        note="\n".join(layout.notes),
        alt=_decay_alt(layout, fit, alternative),
        sources=sources,
    )
    lines = charts_subtitle_lines(ax)
    if lines > 1:  # room for a subtitle of two lines between the title and the chart
        ax.set_title(ax.get_title(loc="left"), loc="left", pad=30 + 16 * (lines - 1))
    return ax


def charts_subtitle_lines(ax: Axes) -> int:
    """Return how many lines the chart's subtitle has."""
    return subtitle_text(ax).count("\n") + 1


def _span(fit: DecayFit) -> str:
    """Return the years a fit used, as "2014-2019"."""
    return f"{fit.first_year}-{fit.last_year}"


def _decay_subtitle(fit: DecayFit, alternative: DecayFit | None) -> str:
    """Return the subtitle: what is drawn, and each fit's half-life."""
    words = "Remains of Chinese soldiers returned by South Korea each year.\n"
    if alternative is None:
        return f"{words}Fitted to {_span(fit)}, the decay halves every {fit.half_life:.1f} years"
    dropped = f"without {fit.first_year} " if alternative.first_year == fit.first_year + 1 else ""
    return (
        f"{words}The fitted decay halves every {fit.half_life:.1f} years ({_span(fit)}), or "
        f"every {alternative.half_life:.1f} years {dropped}({_span(alternative)})"
    )


@dataclass
class DecayLayout:
    """What :func:`plot_decay_fit` draws, as plain data: no artists.

    ``years`` and ``remains``: every point, ``inside`` those the fit used, ``used`` those any
    fit used (the rest are grey). ``extended``: the curve runs on, dashed, past the fit.
    ``gap``: months between the last fitted handover and the next (``following``, its year)
    when that is not about a year, else None; ``gap_span``: where it starts and ends on the
    axis, in years. ``missed``: (year, figure, curve) of the fitted year the curve misses by
    half or more, else None. ``labelled``: the words written beside given years' points.
    ``expected``: the table of what the extended curves expect for the later years.
    ``notes``: the footer's notes. ``top``: the top of the scale.
    """

    years: np.ndarray
    remains: np.ndarray
    inside: np.ndarray
    used: np.ndarray
    extended: bool
    gap: int | None
    following: int | None
    gap_span: tuple | None
    missed: tuple | None
    labelled: dict[int, str]
    expected: str
    notes: list[str]
    top: float


def _missed(years: np.ndarray, remains: np.ndarray, expected: np.ndarray) -> tuple | None:
    """Return (year, figure, curve) where the curve misses a fitted year most, by half or more."""
    misses = np.abs(np.log(remains / expected))
    if len(misses) and np.nanmax(misses) >= np.log(1.5):
        worst = int(np.nanargmax(misses))
        return (int(years[worst]), remains[worst], expected[worst])
    return None


def _fit_note(fit: DecayFit) -> str:
    """Return the note on one fit: what it is, its half-life and R squared."""
    return (
        f"Fit to {_span(fit)}: straight line through the logarithms; half-life "
        f"{fit.half_life:.1f} years; R\u00b2 {fit.r_squared:.2f} (on the log scale)."
    )


def _gap(handovers: pd.DataFrame, fit: DecayFit, years: np.ndarray, extended: bool):
    """Return (months, following year, (start, end) on the axis) of an unusual gap, or Nones."""
    gap = handover_gap_months(handovers, fit.last_year) if extended else None
    if gap is None or abs(gap - 12) < 3:
        return None, None, None
    following = int(years[years > fit.last_year].min())
    # The band runs from one dot to the next, as the axis places them (by year), and its
    # label gives the real months: the dots and the band never disagree.
    return gap, following, (float(fit.last_year), float(following))


def _few(value: float) -> str:
    """Return an expected number as text, with a decimal under 10 so that "0" never hides 0.3."""
    return f"{value:,.1f}" if value < 10 else f"{value:,.0f}"


def _expected_table(years, remains, fit: DecayFit, alternative: DecayFit | None) -> str:
    """Return what the extended curve(s) expect for each later year, beside the real figure."""
    if len(years) == 0:
        return ""
    main = fit.predict(years).to_numpy()
    other = alternative.predict(years).to_numpy() if alternative is not None else None
    # Which line is which, by its style: the extended curves lie too close to 0 to tell apart.
    styles = f"      {'dashed':>{len(_span(fit)) + 6}}" + (
        f"  {'dotted':>{len(_span(alternative)) + 6}}" if other is not None else ""
    )
    head = f"Year  curve {_span(fit)}" + (
        f"  curve {_span(alternative)}" if other is not None else ""
    )
    rows = [styles, head + "  handed over"]
    for i, year in enumerate(years):
        row = f"{year}  {_few(main[i]):>{len(_span(fit)) + 6}}"
        if other is not None:
            row += f"  {_few(other[i]):>{len(_span(alternative)) + 6}}"
        rows.append(f"{row}  {remains[i]:>11,.0f}")
    title = "What the extended curves expect" + (
        "\n(both run along 0 on this scale)" if other is not None else ""
    )
    return f"{title}\n" + "\n".join(rows)


def decay_layout(
    handovers: pd.DataFrame,
    fit: DecayFit,
    point_notes: dict[int, str] | None = None,
    alternative: DecayFit | None = None,
) -> DecayLayout:
    """Return the layout of the decay chart: points in and out of the fits, the gap, labels."""
    years = handovers["year"].astype(int).to_numpy()
    remains = floats(handovers["remains_returned"])
    inside = (years >= fit.first_year) & (years <= fit.last_year)
    used = inside.copy()
    if alternative is not None:
        used |= (years >= alternative.first_year) & (years <= alternative.last_year)
    last = max(fit.last_year, alternative.last_year if alternative is not None else fit.last_year)
    extended = bool(years.max() > last)
    notes = [_fit_note(fit)] + ([_fit_note(alternative)] if alternative is not None else [])
    gap, following, gap_span = _gap(handovers, fit, years, extended)
    if gap is not None:
        notes.append(
            f"The curves give one value for each calendar year, but {gap} months passed between "
            f"the {fit.last_year} and {following} handovers (shaded band), though the axis sets "
            "them one year apart."
        )
    missed = _missed(years[inside], remains[inside], fit.predict(years[inside]).to_numpy())
    labelled = {}
    curve = "curve" if alternative is None else f"{_span(fit)} curve"
    if missed is not None:
        labelled[missed[0]] = (
            f"{missed[0]}: {missed[1]:,.0f} handed over; the {curve}: {missed[2]:,.0f}"
        )
    for year, words in (point_notes or {}).items():
        # A blank line between the chart's numbers and the lesson's words, so the two notes
        # do not read as one sentence.
        labelled[year] = f"{labelled[year]}\n\n{words}" if year in labelled else f"{year}: {words}"
    labelled = {year: words for year, words in labelled.items() if year in years}
    later = years > last
    expected = _expected_table(years[later], remains[later], fit, alternative)
    top = np.nanmax(remains) * (1.3 if expected else 1.1)
    return DecayLayout(
        years,
        remains,
        inside,
        used,
        extended,
        gap,
        following,
        gap_span,
        missed,
        labelled,
        expected,
        notes,
        top,
    )


def _draw_points(ax: Axes, layout: DecayLayout, fit: DecayFit, alternative) -> None:
    """Draw the yearly figures: black where a fit used them, grey (left out) elsewhere, and a
    ring round a year only one of two fits used."""
    years, remains, used = layout.years, layout.remains, layout.used
    ax.scatter(
        years[used],
        remains[used],
        color=marks.RESERVED_INK,
        s=60,
        zorder=3,
        label="Yearly figure, used in a fit" if alternative else "Yearly figure, fitted",
        gid="fitted-points",
    )
    if (~used).any():
        left = years[~used]
        ax.scatter(
            left,
            remains[~used],
            color=marks.LEFT_OUT,
            s=60,
            zorder=3,
            label=f"Yearly figure, not fitted ({left.min()}-{left.max()}: after the "
            "early decline)",
            gid="later-points",
        )
    if alternative is None:
        return
    # A year one fit used and the other did not: ringed, and the legend says which fit.
    other = (years >= alternative.first_year) & (years <= alternative.last_year)
    for only, which in ((layout.inside & ~other, fit), (other & ~layout.inside, alternative)):
        if only.any():
            line = "solid" if which is fit else "dotted"
            ax.scatter(
                years[only],
                remains[only],
                s=260,
                facecolors="none",
                edgecolors=marks.RESERVED_INK,
                linewidths=1.5,
                zorder=3,
                label=f"Ringed: used in the {_span(which)} fit ({line}) only",
                gid="one-fit-ring",
            )


def _draw_curve(ax: Axes, fit: DecayFit, end: int, linestyle: str, label: str, gid: str):
    """Draw one fitted decay over its years, and on to ``end`` (dashed when solid)."""
    smooth = np.linspace(fit.first_year, fit.last_year, 100)
    ax.plot(smooth, fit.predict(smooth), color=INK, linestyle=linestyle, label=label, gid=gid)
    if end > fit.last_year:
        ahead = np.linspace(fit.last_year, end, 100)
        ax.plot(
            ahead,
            fit.predict(ahead),
            color=INK,
            linestyle="--" if linestyle == "-" else linestyle,
            linewidth=1.4,
            label="The same decay, extended by calendar year (dashed)"
            if linestyle == "-"
            else None,
            gid="extension" if linestyle == "-" else f"{gid}-extension",
        )


def _draw_decay(ax: Axes, layout: DecayLayout, fit: DecayFit, alternative=None) -> None:
    """Draw the points, the fitted curve(s) (extended), the gap, the table and the labels."""
    years, remains = layout.years, layout.remains
    _draw_points(ax, layout, fit, alternative)
    end = int(years.max()) if layout.extended else fit.last_year
    _draw_curve(
        ax, fit, end, "-", f"Fitted to {_span(fit)}: halves every {fit.half_life:.1f} years", "fit"
    )
    if alternative is not None:
        _draw_curve(
            ax,
            alternative,
            end,
            ":",
            f"Fit to {_span(alternative)} (every {alternative.half_life:.1f} years), "
            "extended (dotted)",
            "alternative-fit",
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
    if layout.expected:
        ax.text(
            0.99,
            0.64,
            layout.expected,
            transform=ax.transAxes,
            ha="right",
            va="top",
            multialignment="left",
            fontsize=9.5,
            family="DejaVu Sans Mono",
            color=INK,
            gid="expected-table",
            bbox={"facecolor": "white", "edgecolor": MUTED, "boxstyle": "round,pad=0.4"},
        )
    year_axis(ax, years)
    thousands(ax.yaxis)
    ax.legend(loc="upper right", fontsize=9.5, borderaxespad=0.2)


#: The gap band's tint and hatch: pale sand, not grey (grey means "left out or set aside").
GAP_TINT = "#f6ecd2"
GAP_HATCH = "#dcc99a"


def _draw_gap(ax: Axes, layout: DecayLayout, last_year: int) -> None:
    """Shade the time between the last fitted handover and the next, from dot to dot, and say
    how many months really passed."""
    start, end = layout.gap_span
    ax.axvspan(
        start,
        end,
        facecolor=GAP_TINT,
        edgecolor=GAP_HATCH,
        hatch="//",
        linewidth=0,
        zorder=0,
        gid="gap",
    )
    ax.annotate(
        f"{layout.gap} months passed between the\n{last_year} and {layout.following} "
        "handovers, though\nthey stand one year apart here",
        # Beside the band, on its left: the table of the extended curves is on its right.
        xy=(start - 0.06, layout.top * 0.3),
        ha="right",
        va="center",
        fontsize=9.5,
        color=INK,
        gid="gap-label",
        bbox={"facecolor": GAP_TINT, "edgecolor": GAP_HATCH, "pad": 2},
    )


def _decay_alt(layout: DecayLayout, fit: DecayFit, alternative=None) -> str:
    """Return the alt text: the fit(s), the year it misses most, the later years and the gap."""
    years, remains, missed = layout.years, layout.remains, layout.missed
    after = (
        _later_years_against(remains[~layout.used], fit.predict(years[~layout.used]).to_numpy())
        if layout.extended
        else ""
    )
    miss_words = (
        f"; the curve gives {missed[2]:,.0f} for {missed[0]}, which had {missed[1]:,.0f}"
        if missed
        else ""
    )
    other = (
        f"; fitted to {_span(alternative)} instead, it halves about every "
        f"{alternative.half_life:.1f} years"
        if alternative is not None
        else ""
    )
    gap_words = (
        f"; {layout.gap} months passed between the {fit.last_year} handover and the next"
        if layout.gap is not None
        else ""
    )
    return (
        f"Scatter chart of remains returned each year with an exponential decay fitted to "
        f"{_span(fit)}, halving about every {fit.half_life:.1f} years{other}"
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
