"""The check chart (lesson 04): every reported running total against the recomputed one.

Belongs here: :func:`plot_reported_totals_check`, the colour and marker of each kind of source
(:data:`SOURCE_KIND_STYLE`) and the strip of reports under the zero line. Does not belong here:
reconciling the totals (:func:`helpers.analysis.reconcile_running_totals`), the handover charts
(:mod:`helpers.charts.handovers`), and the parts every chart shares.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib as mpl
import matplotlib.dates
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from helpers.analysis import reconcile_running_totals
from helpers.charts.finish import finish
from helpers.charts.style import (
    GREY,
    INK,
    MUTED,
    floats,
    in_house_style,
    new_axes,
    thousands,
    year_axis,
)

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


@in_house_style
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
    and labelled. Legend, note and alt text read :func:`check_layout`.
    """
    from helpers.data import load_sources

    register = load_sources() if sources is None else sources
    ax = new_axes(ax)
    reported = check_rows(handovers, claims, register)
    layout = check_layout(handovers, reported, register)
    _draw_check(ax, layout)
    years = layout.years
    ax = finish(
        ax,
        title=title or "Do the reported running totals add up?",
        subtitle=f"Chinese soldiers' remains returned by South Korea, {years[0]}-{years[-1]}",
        xlabel="Year the running total runs to",
        ylabel="Sets of remains, cumulative",
        frames=[handovers, reported.rename(columns={"source_id": "source_ids"})],
        note=_CHECK_NOTE,
        alt=_check_alt(layout),
        sources=sources,
    )
    # The axis title belongs to the values above zero, not to the strip of reports below it.
    ax.yaxis.label.set_y((layout.top / 2 - layout.bottom) / (layout.top - layout.bottom))
    return ax


_CHECK_NOTE = (
    "Each dot is a total at its year; one dot can stand for several reports of the same "
    "total. The strip under the zero line stacks one mark per report in its year's column. "
    "Set-aside reports are included."
)


def check_rows(handovers: pd.DataFrame, claims: pd.DataFrame, register: pd.DataFrame):
    """Return every reported running total, used or set aside, with its source's ``kind``,
    ordered by year, kind and claim id."""
    reported = reconcile_running_totals(handovers, claims, include_set_aside=True)
    kinds = reported["source_id"].map(register.set_index("source_id")["kind"])
    return reported.assign(kind=kinds.fillna("unknown")).sort_values(["year", "kind", "claim_id"])


@dataclass
class CheckLayout:
    """What :func:`plot_reported_totals_check` draws, as plain data: no artists.

    ``years``, ``total``: the recomputed line. ``reports``: one row per report, in drawing
    order, with its ``claim_id``, ``source_id``, ``kind``, ``publisher``, ``x`` (its year), ``y``
    (its total), ``strip_y`` (its place in the strip) and ``wrong`` (it does not match).
    ``dots``: one (year, total) per distinct total given. ``top``, ``bottom``, ``step``: the
    scale, and the height of one place in the strip.
    """

    years: np.ndarray
    total: np.ndarray
    reports: pd.DataFrame
    dots: pd.DataFrame
    top: float
    bottom: float
    step: float


def check_layout(
    handovers: pd.DataFrame, reported: pd.DataFrame, register: pd.DataFrame
) -> CheckLayout:
    """Return the layout of the check chart from the rows of :func:`check_rows`."""
    total = floats(handovers["cumulative_returned"])
    report_years = reported["year"].astype(int).to_numpy()
    y = floats(reported["reported_total"])
    top = np.nanmax(np.concatenate([total, y])) * 1.15
    step = top * 0.055
    stack = _stacked(report_years)
    reports = pd.DataFrame(
        {
            "claim_id": reported["claim_id"].to_numpy(),
            "source_id": reported["source_id"].to_numpy(),
            "kind": reported["kind"].to_numpy(),
            "publisher": reported["source_id"]
            .map(register.set_index("source_id")["publisher"])
            .to_numpy(),
            "x": report_years,
            "y": y,
            "strip_y": -(stack + 1) * step,
            "place": stack,
            "wrong": ~reported["matches"].to_numpy(),
            "year": reported["year"].to_numpy(),
            "status": reported["status"].to_numpy(),
            "recomputed_total": reported["recomputed_total"].to_numpy(),
        }
    )
    return CheckLayout(
        years=handovers["year"].astype(int).to_numpy(),
        total=total,
        reports=reports,
        dots=reported.drop_duplicates(["year", "reported_total"])[["year", "reported_total"]],
        top=top,
        bottom=-(stack.max() + 1.8) * step,
        step=step,
    )


def _draw_check(ax: Axes, layout: CheckLayout) -> None:
    """Draw the recomputed line, the dots, the strip of reports, the rings and the axes."""
    years, reports = layout.years, layout.reports
    ax.plot(
        years,
        layout.total,
        color=GREY,
        linewidth=2.5,
        label="Sum of the yearly figures",
        gid="recomputed-total",
        zorder=1,
    )
    ax.scatter(
        layout.dots["year"].astype(int).to_numpy(),
        floats(layout.dots["reported_total"]),
        s=45,
        color=INK,
        edgecolors="white",
        linewidths=0.8,
        zorder=3,
        label="Total given by reports\n(one dot, however many reports)",
        gid="reported-totals",
    )
    _draw_strip(ax, layout)
    if reports["wrong"].any():
        _draw_mismatches(ax, reports[reports["wrong"]])
    ax.set_ylim(layout.bottom, layout.top)
    ticks = MaxNLocator(nbins=6).tick_values(0, layout.top)
    ax.set_yticks([tick for tick in ticks if 0 <= tick <= layout.top])
    ax.set_xlim(years.min() - 0.6, years.max() + 0.6)
    year_axis(ax, years)
    thousands(ax.yaxis)
    ax.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=11)
    ax.tick_params(axis="x", labelsize=11)


def _draw_strip(ax: Axes, layout: CheckLayout) -> None:
    """Draw one marker per report under the zero line, by kind of source, and its heading."""
    reports = layout.reports
    for kind in sorted(reports["kind"].unique()):
        colour, marker = SOURCE_KIND_STYLE.get(kind, (INK, "o"))
        chosen = reports[reports["kind"] == kind]
        ax.scatter(
            chosen["x"].to_numpy(),
            chosen["strip_y"].to_numpy(),
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
        -(reports["place"].max() + 2) * layout.step / 2,
        "Who reported it:\none mark\nper report",
        transform=along_left,
        ha="right",
        va="center",
        fontsize=10,
        color=INK,
    )


def _draw_mismatches(ax: Axes, wrong: pd.DataFrame) -> None:
    """Ring each report that does not match, at its total and in the strip, and label it."""
    x, y = wrong["x"].to_numpy(), wrong["y"].to_numpy()
    ax.scatter(
        x,
        y,
        s=300,
        facecolors="none",
        edgecolors=INK,
        linewidths=1.8,
        zorder=4,
        label="Does not match the sum",
        gid="mismatches",
    )
    ax.scatter(
        x,
        wrong["strip_y"].to_numpy(),
        s=150,
        facecolors="none",
        edgecolors=INK,
        linewidths=1.5,
        zorder=4,
        label="_the same mismatches, in the strip",
        gid="mismatches-in-strip",
    )
    for _, row in wrong.iterrows():
        ax.annotate(
            f"{row['y']:,.0f} for {row['year']}, {row['publisher']}\n"
            f"({row['status']}; recomputed {row['recomputed_total']:,})",
            xy=(row["x"], row["y"]),
            xytext=(-16, -28),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=11,
            color=INK,
            arrowprops={"arrowstyle": "-", "color": INK, "linewidth": 1},
        )


def _check_alt(layout: CheckLayout) -> str:
    """Return the alt text: the line, how many reports match it, the kinds in the strip."""
    years, reports = layout.years, layout.reports
    mismatches = int(reports["wrong"].sum())
    agreement = (
        "all match it"
        if mismatches == 0
        else f"all but {mismatches} match it"
        if mismatches < len(reports) / 2
        else f"{mismatches} do not match it"
    )
    shown_kinds = ", ".join(sorted(reports["kind"].unique()))
    return (
        f"Chart of the running total of remains returned recomputed from the yearly figures, "
        f"{years[0]}-{years[-1]}, with {len(reports)} running totals reported in "
        f"{reports['source_id'].nunique()} articles, each drawn at its year: {agreement}. "
        f"A strip below stacks one mark per report by kind of source ({shown_kinds})."
    )
