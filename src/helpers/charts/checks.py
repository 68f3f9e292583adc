"""The check chart (lesson 04): every reported running total against the recomputed one.

The marks are the collection's (:mod:`helpers.charts.marks`, docs/visual_language.md): the
running total recomputed from the yearly figures is the reserved black line with small dots, a
total a source reported is the reserved black dash, grey when it was set aside (with why, on
the chart). A panel under the chart names who reported each total, one row per publisher, so no
mark stands below the zero of the totals and no overlapping "kind" of source is needed.

Belongs here: :func:`plot_reported_totals_check`, its rows and layout. Does not belong here:
reconciling the totals (:func:`helpers.analysis.reconcile_running_totals`), the handover charts
(:mod:`helpers.charts.handovers`), and the parts every chart shares.
"""

from __future__ import annotations

from dataclasses import dataclass

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from helpers import sources as mark_sources
from helpers.analysis import reconcile_running_totals
from helpers.charts import marks
from helpers.charts.finish import finish
from helpers.charts.style import INK, floats, in_house_style, thousands, year_axis


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
    give is a dash at its year and value (one dash for several reports of the same total,
    labelled "\u00d7n"); a set-aside one is grey and labelled with why. A panel below (its own
    Axes, under ``ax``) has one row per publisher and a dash at each year it reported a total,
    so every mark stays at its own year. Legend, note and alt text read :func:`check_layout`.

    Returns the Axes of the totals (the panel of publishers is ``ax.who_panel``).
    """
    from helpers.data import load_sources

    register = load_sources() if sources is None else sources
    if ax is None:
        _, (ax, who) = plt.subplots(
            2, 1, figsize=(11, 10), sharex=True, gridspec_kw={"height_ratios": [3, 2]}
        )
    else:
        who = ax.inset_axes([0, -0.9, 1, 0.6], sharex=ax)
    reported = check_rows(handovers, claims, register)
    layout = check_layout(handovers, reported, register)
    _draw_check(ax, layout)
    _draw_who(who, layout)
    years = layout.years
    ax = finish(
        ax,
        title=title or "Do the reported running totals add up?",
        subtitle=f"Chinese soldiers' remains returned by South Korea, {years[0]}-{years[-1]}",
        xlabel="",
        ylabel="Sets of remains, cumulative",
        frames=[handovers, reported.rename(columns={"source_id": "source_ids"})],
        note="\n".join(
            filter(None, [_check_note(layout), _figures_only_note(handovers, reported, register)])
        ),
        alt=_check_alt(layout),
        sources=sources,
    )
    ax.who_panel = who
    return ax


def report_authors(publishers: pd.Series) -> pd.Series:
    """Return, for each publisher, the news organisation whose report it is: one rule for all.

    The site it was read on is dropped ("Xinhua (via ECNS)" -> "Xinhua"), a paper carrying
    another's report gives way to it ("Shanghai Daily (carrying Xinhua)" -> "Xinhua"), and an
    organisation's own service goes under it ("Xinhua Global Service" -> "Xinhua", when Xinhua
    is among the names).
    """
    names = publishers.map(marks.publisher_name)
    names = names.str.replace(r"^.* \(carrying (.+)\)$", r"\1", regex=True)
    known = set(names.dropna())
    return names.map(
        lambda name: (
            next(
                (
                    other
                    for other in sorted(known)
                    if other != name and name.startswith(other + " ")
                ),
                name,
            )
            if isinstance(name, str)
            else name
        )
    )


def check_rows(handovers: pd.DataFrame, claims: pd.DataFrame, register: pd.DataFrame):
    """Return every reported running total, used or set aside, with its ``publisher`` (the
    news organisation whose report it is, :func:`report_authors`), ``published`` (the year the
    story appeared, "" if not shown) and ``kind``, ordered by year and claim."""
    reported = reconcile_running_totals(handovers, claims, include_set_aside=True)
    by_id = register.set_index("source_id")
    return reported.assign(
        publisher=report_authors(reported["source_id"].map(by_id["publisher"])),
        published=reported["source_id"]
        .map(by_id["date_published"])
        .fillna("")
        .astype(str)
        .str.slice(0, 4),
        kind=reported["source_id"].map(by_id["kind"]).fillna("unknown"),
    ).sort_values(["year", "claim_id"])


def _year_spans(years) -> str:
    """Return years as short spans: [2019, 2020, 2021, 2023] -> "2019-2021, 2023"."""
    spans: list[list[int]] = []
    for year in sorted({int(y) for y in years if str(y)}):
        if spans and year == spans[-1][1] + 1:
            spans[-1][1] = year
        else:
            spans.append([year, year])
    return ", ".join(f"{a}" if a == b else f"{a}-{b}" for a, b in spans)


@dataclass
class CheckLayout:
    """What :func:`plot_reported_totals_check` draws, as plain data: no artists.

    ``years``, ``total``: the recomputed line. ``reports``: one row per report (claim_id,
    source_id, publisher, ``x`` its year, ``y`` its total, ``set_aside``, ``wrong``: a used
    total that does not match, ``why``: why a set-aside one does not fit). ``dashes``: one per
    distinct total (year, total, set_aside, reports, claim_ids, wrong, label). ``who``: one per
    publisher and year (publisher, year, set_aside, reports, claim_ids). ``publishers``: the
    panel's rows, top first, in the order they first reported; ``row_labels``: their labels,
    with the years the stories appeared (as the source line gives them). ``top``: the scale's
    top.
    """

    years: np.ndarray
    total: np.ndarray
    reports: pd.DataFrame
    dashes: pd.DataFrame
    who: pd.DataFrame
    publishers: list[str]
    top: float
    row_labels: list[str] | None = None


def _grouped(reports: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Return one row per distinct ``keys`` with how many reports and their claim ids."""
    return reports.groupby(keys, as_index=False, sort=True).agg(
        reports=("claim_id", "size"),
        claim_ids=("claim_id", ";".join),
        wrong=("wrong", "any"),
        why=("why", "first"),
        publishers=("publisher", lambda names: ", ".join(dict.fromkeys(names))),
    )


def check_layout(
    handovers: pd.DataFrame, reported: pd.DataFrame, register: pd.DataFrame
) -> CheckLayout:
    """Return the layout of the check chart from the rows of :func:`check_rows`."""
    total = floats(handovers["cumulative_returned"])
    set_aside = reported["status"].ne("used").to_numpy()
    reports = pd.DataFrame(
        {
            "claim_id": reported["claim_id"].to_numpy(),
            "source_id": reported["source_id"].to_numpy(),
            "publisher": reported["publisher"].fillna(reported["source_id"]).to_numpy(),
            "published": reported["published"].to_numpy()
            if "published" in reported
            else [""] * len(reported),
            "x": reported["year"].astype(int).to_numpy(),
            "y": floats(reported["reported_total"]),
            "set_aside": set_aside,
            "wrong": ~reported["matches"].to_numpy() & ~set_aside,
            "why": [
                marks.set_aside_words(row, handovers) if aside else ""
                for (_, row), aside in zip(reported.iterrows(), set_aside, strict=True)
            ],
        }
    )
    dashes = _grouped(reports, ["x", "y", "set_aside"])
    line = dict(zip(handovers["year"].astype(int), total, strict=True))
    dashes["label"] = [
        f"{d['y']:,.0f} for {d['x']} ({d['publishers']}): "
        + (
            f"set aside,\n{'not a fall: ' if d['y'] < line.get(d['x'], 0) else ''}"
            + d["why"].replace(", ", ",\n", 1)
            if d["set_aside"]
            else "does not match the sum"
        )
        if d["set_aside"] or d["wrong"]
        else ""
        for _, d in dashes.iterrows()
    ]
    who = _grouped(reports, ["publisher", "x", "set_aside"])
    first = reports.groupby("publisher", sort=False)["x"].min().sort_values(kind="stable")
    # Each row is named as the source line names it: the publisher and its stories' years.
    row_labels = [
        ", ".join(
            [name, _year_spans(reports.loc[reports["publisher"] == name, "published"])]
        ).rstrip(", ")
        for name in first.index
    ]
    return CheckLayout(
        row_labels=row_labels,
        years=handovers["year"].astype(int).to_numpy(),
        total=total,
        reports=reports,
        dashes=dashes,
        who=who,
        publishers=list(first.index),
        top=float(np.nanmax(np.concatenate([total, reports["y"].to_numpy()])) * 1.15),
    )


def _dashes(ax: Axes, x, y, ids, *, set_aside: bool, gid: str, scale: float = 1.0) -> None:
    """Draw reserved "reported total" dashes that name their claims, grey when set aside."""
    if len(x) == 0:
        return
    drawn = ax.scatter(
        x,
        y,
        zorder=4,
        gid=gid,
        label=f"_{gid}",  # its role, kept when the gid names the claims
        **marks.reported_total_style(set_aside=set_aside, scale=scale),
    )
    mark_sources.mark_points(drawn, [each.split(";") for each in ids])


def _counts(ax: Axes, rows: pd.DataFrame, x: str, y, scale: float = 1.0) -> None:
    """Write "\u00d7n" right of each dash that stands for several reports."""
    for (_, row), height in zip(rows.iterrows(), y, strict=True):
        if row["reports"] > 1:
            ax.annotate(
                f"\u00d7{int(row['reports'])}",
                xy=(row[x], height),
                xytext=(marks.REPORTED_TOTAL_WIDTH * scale / 2 + 2, -2),
                textcoords="offset points",
                ha="left",
                va="top" if scale == 1.0 else "center",
                fontsize=10,
                color=marks.LEFT_OUT if row["set_aside"] else marks.RESERVED_INK,
                gid="report-count",
            )


def _draw_check(ax: Axes, layout: CheckLayout) -> None:
    """Draw the recomputed line, the dashes of reported totals, their labels and the axes."""
    years, dashes = layout.years, layout.dashes
    ax.plot(
        years,
        layout.total,
        zorder=marks.RECOMPUTED_ZORDER,
        gid="recomputed-total",
        **marks.RECOMPUTED_LINE,
    )
    for aside in (False, True):
        chosen = dashes[dashes["set_aside"] == aside]
        _dashes(
            ax,
            chosen["x"].to_numpy(),
            chosen["y"].to_numpy(),
            chosen["claim_ids"],
            set_aside=aside,
            gid="set-aside-totals" if aside else "reported-totals",
        )
        _counts(ax, chosen, "x", chosen["y"].to_numpy())
    for _, dash in dashes[dashes["label"] != ""].iterrows():
        ax.annotate(
            dash["label"],
            xy=(dash["x"], dash["y"]),
            # Its first line level with the dash, the rest below: clear of the count above.
            xytext=(-marks.REPORTED_TOTAL_WIDTH / 2 - 8, 8),
            textcoords="offset points",
            ha="right",
            va="top",
            fontsize=11,
            color=INK,
            gid="set-aside-label" if dash["set_aside"] else "mismatch-label",
        )
    ax.set_ylim(0, layout.top)
    thousands(ax.yaxis)
    ax.legend(handles=_check_legend(layout), loc="upper left", fontsize=11)


def _check_legend(layout: CheckLayout) -> list:
    """Return the legend's entries: only what is drawn."""
    dashes = layout.dashes
    handles = [marks.recomputed_handle()]
    repeated = marks.REPEATED_WORDS if (dashes["reports"] > 1).any() else ""
    if (~dashes["set_aside"]).any():
        handles.append(marks.reported_total_handle(marks.REPORTED_TOTAL_LABEL + repeated))
    if dashes["set_aside"].any():
        handles.append(marks.reported_total_handle(marks.SET_ASIDE_LABEL, set_aside=True))
    if dashes["wrong"].any():
        handles.append(
            Line2D([], [], linestyle="none", label="Used, but does not match: labelled")
        )
    return handles


def _draw_who(who_ax: Axes, layout: CheckLayout) -> None:
    """Draw the panel of publishers: a dash at each year a publisher reported a total."""
    rows = {name: i for i, name in enumerate(layout.publishers)}
    who = layout.who
    both = who.groupby(["publisher", "x"])["set_aside"].transform("nunique") > 1
    for aside in (False, True):
        chosen = who[who["set_aside"] == aside]
        # On its row; where one publisher has a used and a set-aside report for one year, the
        # two stand side by side (used left), each still within its year.
        shift = np.where(both[chosen.index], 0.19 if aside else -0.19, 0.0)
        heights = chosen["publisher"].map(rows).to_numpy(dtype=float)
        _dashes(
            who_ax,
            chosen["x"].to_numpy() + shift,
            heights,
            chosen["claim_ids"],
            set_aside=aside,
            gid="who-set-aside" if aside else "who-reported",
            scale=0.6,
        )
        _counts(who_ax, chosen.assign(x=chosen["x"] + shift), "x", heights, scale=0.6)
    who_ax.set_yticks(range(len(rows)), layout.row_labels or list(rows))
    who_ax.set_ylim(len(rows) - 0.3, -0.6)
    who_ax.tick_params(axis="y", labelsize=10.5)
    who_ax.grid(axis="x", color="#eeeeee")
    who_ax.set_title(
        "Who reported them: one row per news organisation, with the years its stories "
        "appeared\n(a report read on another site or carried by another paper is under its "
        "author); grey: set aside",
        loc="left",
        fontsize=11,
        fontweight="normal",
        pad=6,
    )
    who_ax.set_xlim(layout.years.min() - 0.6, layout.years.max() + 0.6)
    year_axis(who_ax, layout.years)
    who_ax.set_xlabel("Year the running total runs to")


def _agreement(layout: CheckLayout) -> str:
    """Return how the reports compare with the sum, counting every report."""
    reports = layout.reports
    used = int((~reports["set_aside"]).sum())
    wrong = int(reports["wrong"].sum())
    words = f"{len(reports)} reported totals: " + (
        f"all {used} used ones match the sum"
        if wrong == 0
        else f"{wrong} of {used} used ones do not match"
    )
    aside = reports[reports["set_aside"]]
    if len(aside):
        words += f"; {len(aside)} set aside (grey): " + "; ".join(
            f"{row['y']:,.0f} for {row['x']} ({row['publisher']}), {row['why']}"
            for _, row in aside.iterrows()
        )
    return words


def _check_note(layout: CheckLayout) -> str:
    """Return the note: what the dashes are, and how every report compares with the sum."""
    return (
        f"{_agreement(layout)}. One dash stands for every report of the same total for the "
        "same year (\u00d7n: n reports). Set aside: kept in the ledger with its reason, not used."
    )


def _figures_only_note(
    handovers: pd.DataFrame, reported: pd.DataFrame, register: pd.DataFrame
) -> str:
    """Return the note naming the sources cited for the yearly figures only (no dash in the
    panel), so the source line and the panel of publishers agree; "" if there are none."""
    from helpers.sources import cited_ids, source_line

    if "source_ids" not in handovers:
        return ""
    only = sorted(set(cited_ids(handovers)) - set(reported["source_id"]))
    if not only:
        return ""
    line = source_line(only, register).removeprefix("Source: ")
    return f"Cited for the yearly figures behind the line only (no row in the panel): {line}"


def _check_alt(layout: CheckLayout) -> str:
    """Return the alt text: the line, how many reports match it, who reported them."""
    years, reports = layout.years, layout.reports
    return (
        f"Chart of the running total of remains returned recomputed from the yearly figures, "
        f"{years[0]}-{years[-1]}, with {len(reports)} running totals reported in "
        f"{reports['source_id'].nunique()} articles, each drawn at its year; "
        f"{_agreement(layout)}. A panel below names who reported each total, one row for each "
        f"of {len(layout.publishers)} publishers."
    )
