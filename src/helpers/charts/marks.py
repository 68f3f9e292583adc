"""Marks and their meanings, shared by the estimate charts: styles, legend entries, words.

An estimator's colour and marker (:func:`estimator_style`, from :mod:`helpers.estimator_styles`),
the legend entry drawn exactly like its marks, the arrow of a bound-only figure, what a row's
figure is (range, best, lower or upper bound, partial count), the date an estimate is drawn at,
and the words that name a measure, a date and a value.

Belongs here: what more than one chart module needs to draw or name an estimate's mark. Does not
belong here: anything one chart alone uses (keep it in that chart's module), drawing a whole
chart, finishing it (:mod:`helpers.charts.finish`).
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.lines import Line2D

from helpers import estimator_styles
from helpers.analysis import format_range
from helpers.charts.style import MUTED, floats
from helpers.datapackage.periods import period_starts
from helpers.estimator_styles import EstimatorStyle

# --- the meanings of fill and shape, and the reserved marks ----------------------------------
#
# The same in every chart (docs/visual_language.md says it in words). No estimator is ever
# drawn black, nor with a reserved marker: black, with these markers, is kept for the yearly
# figures, what is recomputed from them, and the totals sources reported.

#: What each fill and shape says, in the words the docs and the charts' notes use.
FILL_MEANINGS: dict[str, str] = {
    "filled": "a figure given as one number",
    "hollow with an arrow": "a bound only (the arrow points where the figure may lie)",
    "line from low to high": "a range the source gives; its marker, if any, is the best figure",
    "grey": "left out or set aside (the chart says why)",
}

#: The colour of the reserved marks, and of the yearly figures they are recomputed from.
RESERVED_INK = "#000000"
#: Grey: a figure left out (of a fit) or set aside (from a check); the chart says why.
LEFT_OUT = MUTED

#: Reserved: "recomputed from the yearly figures", a black line with a small black dot a year.
#: The dots have a white rim and are drawn above the reported dashes (``RECOMPUTED_ZORDER``),
#: so a dot on a dash shows that the two match.
RECOMPUTED_LINE: dict = {
    "color": RESERVED_INK,
    "linewidth": 1.5,
    "marker": ".",
    "markersize": 11,
    "markeredgecolor": "white",
    "markeredgewidth": 1.0,
}
#: The recomputed line's drawing order: above the reported dashes (drawn at 4).
RECOMPUTED_ZORDER = 5
RECOMPUTED_LABEL = "Recomputed from the yearly figures"

#: Reserved: "a total a source reported", a wide black horizontal dash (grey when set aside).
REPORTED_TOTAL_MARKER = "_"
REPORTED_TOTAL_WIDTH = 24  # the dash's length, in points
REPORTED_TOTAL_STROKE = 4.5  # its thickness, in points
REPORTED_TOTAL_LABEL = "A total a source reported"
#: Added to that label when some dashes stand for several reports.
REPEATED_WORDS = " (\u00d7n: n reports; no \u00d7: one)"
#: The legend's words for a grey dash: what "set aside" means, and where the chart says why.
SET_ASIDE_LABEL = (
    "A reported total set aside: kept in the ledger\nwith its reason, not used (why: beside it)"
)

#: Markers no estimator may use: the reserved ones, and look-alikes of them.
RESERVED_MARKERS: tuple[str, ...] = ("_", "|", ".", ",", "x", "+")


def recomputed_handle(label: str = RECOMPUTED_LABEL) -> Line2D:
    """Return a legend entry drawn like the reserved "recomputed from the yearly figures" line."""
    return Line2D([], [], label=label, **RECOMPUTED_LINE)


def reported_total_style(*, set_aside: bool = False, scale: float = 1.0) -> dict:
    """Return ``ax.scatter`` keywords for the reserved "a total a source reported" dash.

    ``set_aside``: grey, for a report left out of a check (the chart must say why).
    ``scale``: how many times longer than one report's dash (for n reports sharing one mark).
    """
    return {
        "marker": REPORTED_TOTAL_MARKER,
        "s": (REPORTED_TOTAL_WIDTH * scale) ** 2,
        "linewidths": REPORTED_TOTAL_STROKE,
        "color": LEFT_OUT if set_aside else RESERVED_INK,
    }


def reported_total_handle(label: str = REPORTED_TOTAL_LABEL, *, set_aside: bool = False):
    """Return a legend entry drawn like the reserved "a total a source reported" dash."""
    return Line2D(
        [],
        [],
        linestyle="none",
        marker=REPORTED_TOTAL_MARKER,
        markersize=REPORTED_TOTAL_WIDTH,
        markeredgewidth=REPORTED_TOTAL_STROKE,
        color=LEFT_OUT if set_aside else RESERVED_INK,
        label=label,
    )


def yearly_figure_claims(handovers: pd.DataFrame, claims: pd.DataFrame | None = None) -> list:
    """Return, per row of the yearly table, the ids of the used claims of its year's figure.

    Reads the row's ``claim_ids`` and keeps those whose measure is ``remains_returned`` in the
    claims ledger (the project's when ``claims`` is None); an empty tuple for a row with none
    (or a table without ``claim_ids``), so every yearly mark can name its sources.
    """
    if "claim_ids" not in handovers:
        return [()] * len(handovers)
    if claims is None:
        from helpers.data import load_claims

        claims = load_claims()
    figures = claims[(claims["measure"] == "remains_returned") & (claims["status"] == "used")]
    wanted = set(figures["claim_id"])
    return [
        tuple(i for i in text_of(ids).split(";") if i in wanted) for ids in handovers["claim_ids"]
    ]


def publisher_name(publisher: str) -> str:
    """Return who published a report, without the site we read it on.

    "IANS (via The Hawk)" -> "IANS"; "Shanghai Daily (carrying Xinhua)" stays as it is (the
    outlet is Shanghai Daily, passing on Xinhua's report).
    """
    return text_of(publisher).split(" (via ")[0]


def set_aside_words(report: pd.Series, handovers: pd.DataFrame) -> str:
    """Return why a reported running total does not fit, in a few words, from the figures.

    ``report``: a row of :func:`helpers.analysis.reconcile_running_totals` (``year``,
    ``reported_total``). A total equal to an earlier year's running total is that total
    repeated ("the 2019 total, repeated in a 2025 report"); otherwise its difference.
    """
    year, value = int(report["year"]), float(report["reported_total"])
    earlier = handovers[
        (handovers["year"].astype(int) < year)
        & (floats(handovers["cumulative_returned"]) == value)
    ]
    if len(earlier):
        return f"the {int(earlier['year'].iloc[-1])} total, repeated in a {year} report"
    recomputed = report.get("recomputed_total")
    if recomputed is None or pd.isna(recomputed):
        return "no yearly figures for that year"
    return f"{value - float(recomputed):+,.0f} against the yearly figures"


def estimator_style(estimator: str) -> EstimatorStyle:
    """Return how ``estimator`` is drawn in every chart: its kind, colour and marker.

    The colour is that of the estimator's kind (official, foreign government, scholar or
    dataset, unattributed press); the marker is the estimator's own. Raises
    :class:`UnknownEstimatorError`, saying where to add it, for an estimator with no style.
    """
    return estimator_styles.style(estimator)


def marker_scale(marker: str) -> float:
    """Return how much larger than others a marker's area must be to look the same size.

    A star's thin points leave little ink, so at the same size it looks much smaller.
    """
    return {"*": 2.0, "d": 1.3, "X": 1.15, "P": 1.15, (4, 1, 0): 2.0}.get(marker, 1.0)


def estimator_handle(
    style: EstimatorStyle, *, filled: bool = True, label: str | None = None, scaled: bool = False
):
    """Return a legend entry drawn exactly like an estimator's marks.

    ``filled``: True for a filled marker (a best was drawn), False for a hollow one (only
    bounds), None for a line alone (only low-to-high ranges, no marker). ``scaled``: size the
    marker by :func:`marker_scale`, as the range chart and the key draw it.
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
        markersize=10 * (marker_scale(style.marker) ** 0.5 if scaled else 1),
        markerfacecolor=style.colour if filled else "white",
        markeredgecolor=style.colour,
        markeredgewidth=1.5 if filled else 2,
        label=label or style.short,
    )


def hollow_handle(label: str) -> Line2D:
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


def text_of(value) -> str:
    """Return a cell as text, empty for a missing value."""
    return "" if value is None or pd.isna(value) else str(value)


def estimate_date(row: pd.Series) -> str:
    """Return the date to label an estimate with: its own date, else "reported YYYY".

    ``as_of`` is the estimate's own date; where it is empty and the table has ``reported``
    (the date of the earliest report that carried it), the label says "reported" and the year,
    so a reader never takes the date of a repeating article for the date of the estimate.
    """
    own = text_of(row.get("as_of"))
    if own:
        return own
    reported = text_of(row.get("reported"))
    return f"reported {reported[:4]}" if reported else "date not known"


def estimate_label(row: pd.Series, with_measure: bool = False) -> str:
    """Return a row label for a range chart: estimator (short name), measure if asked, date."""
    measure = f", {measure_words(row['measure'])}" if with_measure else ""
    return f"{estimator_style(row['estimator']).short}{measure}, {estimate_date(row)}"


BOUND_WORDS = {
    "low": ("more than", "over", "at least", "exceeded", "highly likely more than"),
    "high": ("nearly", "up to", "almost", "approaching", "fewer than", "less than"),
}


def legend_by_kind(handles: list, extra: list) -> list:
    """Return legend entries: estimators under a heading per kind, then ``extra`` glyphs."""
    entries, kinds = [], list(estimator_styles.KIND_COLOURS)
    by_kind = sorted(handles, key=lambda h: (kinds.index(h._kind), h.get_label()))
    for kind in kinds:
        members = [h for h in by_kind if h._kind == kind]
        if members:
            entries.append(Line2D([], [], linestyle="none", label=f"{kind.capitalize()}:"))
            entries.extend(members)
    return entries + extra


def kind_handle(style: EstimatorStyle, *, filled: bool | None = True, scaled: bool = False):
    """Return a legend entry for an estimator that remembers its kind (for the headings)."""
    handle = estimator_handle(style, filled=filled, scaled=scaled)
    handle._kind = style.kind
    return handle


def value_words(row: pd.Series) -> str:
    """Return the figure as words, with the source's own word for a lone bound ("nearly")."""
    low, best, high = (not pd.isna(row[bound]) for bound in ("low", "best", "high"))
    if best or low == high:
        return format_range(row[["low", "best", "high"]])
    bound = "low" if low else "high"
    said = [
        part.split(":", 1)[1].strip()
        for part in text_of(row.get("qualifier")).split(";")
        if part.strip().startswith(f"{bound}:")
    ]
    word = next((w for w in said if w in BOUND_WORDS[bound]), None)
    word = word or ("more than" if low else "up to")
    return f"{word} {int(row[bound]):,}"


def bound_arrows(
    ax: Axes,
    xs,
    ys,
    colour: str,
    direction: str,
    length: float = 24,
    *,
    gap: float = 0,
    clip: bool | None = None,
) -> None:
    """Draw a short arrow from each bound-only mark towards where the figure lies.

    ``direction`` is "right" ("more than" on a horizontal scale), "left" ("up to"), "up"
    ("more than" on a vertical scale) or "down" ("up to"); ``length`` is in points (shorter
    for "nearly": the figure lies just below). ``gap`` (points) leaves room between the
    marker and the arrow, so that a pointed marker and its arrow never read as one
    double-headed arrow; ``clip`` is matplotlib's ``annotation_clip``.
    """
    dx, dy = {"right": (1, 0), "left": (-1, 0), "up": (0, 1), "down": (0, -1)}[direction]
    dx, dy = dx * (gap + length), dy * (gap + length)
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
                "shrinkB": gap or 6,
            },
            gid="bound-arrow",
            annotation_clip=clip,
        )


def timeline_rows(estimates: pd.DataFrame) -> pd.DataFrame:
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


def figure_kind(row: pd.Series, panel_ids: set) -> str:
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


def relation_words(row: pd.Series, drawn: pd.DataFrame) -> str:
    """Return how a row relates to another ("part of the 148,977 dead"), or "".

    The other row is looked up among the rows drawn, then in the whole estimates table.
    """
    for column, words in (("same_as", "repeats the"), ("part_of", "part of the")):
        target = text_of(row.get(column))
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
        return f"{words} {value_words(other)}{party} {what}{copy}"
    return ""


def row_style(row: pd.Series) -> EstimatorStyle:
    """Return how one estimate (a row with ``estimator`` and, if known, ``party``) is drawn.

    The kind, and so the colour, follows the one rule of
    :func:`helpers.estimator_styles.kind_of`: a government counting its own side is official,
    counting another side a foreign government.
    """
    party = row.get("party")
    return estimator_styles.style(row["estimator"], party if isinstance(party, str) else None)
