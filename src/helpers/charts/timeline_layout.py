"""The layout of the timeline charts, as plain data: their styles, panels and labels.

Colour in the timeline charts is the country whose government (or officials) made the
estimate, and each estimator has a marker of its own there (:data:`TIMELINE_STYLES`,
:data:`COUNTRY_COLOURS`): in lesson 03 nearly every estimate is a foreign government's, so
colour by kind would paint every mark one colour. A panel's layout puts each estimate at its
own date (never moved) and writes its label: the value, then what a reader needs to know of
it (its scope where it differs from the panel's, what it is part of, its dating).

Belongs here: those styles, :class:`Panel`, :func:`panel_layout` and the words of the labels
and gaps, used by :mod:`helpers.charts.timelines` alone. Does not belong here: drawing
(:mod:`helpers.charts.timelines`) and where labels go (:mod:`helpers.charts.placement`).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.path import Path

from helpers.analysis import format_range
from helpers.charts.marks import estimator_style, figure_kind

#: Gaps between consecutive estimates longer than this are named in the chart's note.
LONG_GAP_DAYS = 90

#: The colour of each country (Paul Tol's "vibrant" colours, told apart by colour-blind
#: readers; North Korea takes the yellow of his "high-contrast" set, because the vibrant
#: orange is too close in hue to the United Kingdom's red). None is grey (kept for "left
#: out") or black (kept for reserved marks).
COUNTRY_COLOURS: dict[str, str] = {
    "South Korea": "#0077BB",
    "Ukraine": "#009988",
    "United States": "#EE3377",
    "United Kingdom": "#CC3311",
    "Western officials, country not named": "#33BBEE",
    "North Korea": "#DDAA33",
}


def _wide_cross() -> Path:
    """Return a cross (an X) whose arms are wide enough for its hollow form (a bound only)
    to read as hollow: matplotlib's own "X" drawn hollow looks nearly filled."""
    half, reach = 0.3, 1.0
    arm = [(-half, reach), (half, reach), (half, half), (reach, half), (reach, -half)]
    arm += [(half, -half), (half, -reach), (-half, -reach), (-half, -half), (-reach, -half)]
    arm += [(-reach, half), (-half, half)]
    turned = [((x - y) / 2**0.5, (x + y) / 2**0.5) for x, y in arm]
    return Path([*turned, turned[0]], closed=True)


#: Ukraine's president's marker: a wide cross, since most of his figures are bounds only.
WIDE_CROSS = _wide_cross()

#: Each estimator of the timeline charts: its country (the colour) and its marker, distinct
#: from every other estimator's in these charts. The markers ``_ | . , x +`` and triangles
#: (bound arrows) are never used.
TIMELINE_STYLES: dict[str, tuple[str, str | tuple | Path]] = {
    "South Korea's National Intelligence Service": ("South Korea", "o"),
    "South Korea's Joint Chiefs of Staff": ("South Korea", "s"),
    "South Korea (government)": ("South Korea", "D"),
    "Ukraine's president (Zelenskyy)": ("Ukraine", WIDE_CROSS),
    "Ukraine's military intelligence (HUR)": ("Ukraine", (4, 1, 0)),
    "Ukrainian officials": ("Ukraine", "P"),
    "US Department of Defense": ("United States", "H"),
    "US government (at the UN)": ("United States", "d"),
    "UK Ministry of Defence": ("United Kingdom", "h"),
    "Western officials (to the BBC)": ("Western officials, country not named", "p"),
    "South Korea's NIS (counting North Korea's award ceremonies)": ("South Korea", "*"),
    "North Korea (Kim Jong Un, via KCNA)": ("North Korea", "8"),
}

#: What the legend's title and the footer say colour and marker carry in these charts.
COLOUR_WORDS = (
    "Colour: the country whose government or officials made the estimate (not the kind of "
    "estimator, as in lesson 02); marker: who made it, one marker each in these charts"
)


class TimelineStyle(NamedTuple):
    """How an estimator is drawn in the timeline charts: its country, colour, marker, names."""

    estimator: str
    country: str
    colour: str
    marker: str | tuple | Path
    short: str
    kind: str


def timeline_style(estimator: str) -> TimelineStyle:
    """Return how ``estimator`` is drawn here: its country's colour and its own marker.

    The short name and the kind come from the collection's table
    (:func:`helpers.charts.marks.estimator_style`). Raises KeyError, saying where to add it,
    for an estimator with no line in :data:`TIMELINE_STYLES`.
    """
    if estimator not in TIMELINE_STYLES:
        raise KeyError(
            f"The estimator {estimator!r} has no timeline style: add its country and a marker "
            "no other estimator there uses to TIMELINE_STYLES in "
            "src/helpers/charts/timeline_layout.py"
        )
    country, marker = TIMELINE_STYLES[estimator]
    common = estimator_style(estimator)
    return TimelineStyle(
        estimator, country, COUNTRY_COLOURS[country], marker, common.short, common.kind
    )


class Panel(NamedTuple):
    """One panel of :func:`helpers.charts.timelines.plot_estimate_panels`: its rows, title,
    subtitle and labelling.

    Every mark is labelled with its value. ``callouts`` lists estimate ids whose ``scope``
    (from the data) is written in their label too; ``usual_scope``, when given, is what the
    panel's figures count unless a label says otherwise: a row whose scope does not begin with
    it carries its scope in its label. ``label_values`` is kept for old calls: values are
    always labelled.
    """

    rows: pd.DataFrame
    title: str
    subtitle: str
    label_values: bool = True
    callouts: tuple[str, ...] = ()
    usual_scope: str = ""


def _long_gaps(dates: pd.Series, days: int = LONG_GAP_DAYS) -> list[tuple]:
    """Return (start, end) of each gap between consecutive estimate dates longer than ``days``."""
    ordered = pd.Series(sorted(pd.Series(dates).dropna().unique()))
    steps = ordered.diff().dt.days
    return [(ordered[i - 1], ordered[i]) for i in range(1, len(ordered)) if steps[i] > days]


def month(date) -> str:
    """Return "May 2025" for a date."""
    return f"{pd.Timestamp(date):%B %Y}"


def gap_words(dates: pd.Series) -> str:
    """Return "from May 2025 to February 2026" for each long gap, joined; "" if none."""
    return " and ".join(f"from {month(start)} to {month(end)}" for start, end in _long_gaps(dates))


def gap_note(gaps: list[tuple[str, str]]) -> str:
    """Return the footer's sentence on long gaps, naming the panel of each: "" if none."""
    named = [(title, words) for title, words in gaps if words]
    if not named:
        return ""
    if len(gaps) == 1:
        return f" No estimate in the data {named[0][1]}."
    said = "; ".join(f"{title.lower()}: {words}" for title, words in named)
    return f" No estimate in the data, by panel: {said}."


def mark_day(rows: pd.DataFrame, which: str) -> str:
    """Return the date of the ``which`` ("first" or "last") mark drawn, as "30 April 2025",
    or as "April 2025" when its day is not given."""
    row = rows.sort_values("date", kind="stable").iloc[0 if which == "first" else -1]
    if len(str(row.get("as_of", ""))) == 7 and not row["dated_by_report"]:
        return month(row["date"])
    return f"{row['date'].day} {row['date']:%B %Y}"


@dataclass
class PanelLayout:
    """What one panel of :func:`helpers.charts.timelines.plot_estimate_panels` draws, as plain
    data: no artists.

    ``marks``: one dict per estimate in drawing order: ``date`` (its own date, or its report's
    date when its own is not known: never moved), ``low``, ``best``, ``high``, ``point`` (where
    its marker or label goes), ``kind`` ("best", "range", "low" or "high"), ``hollow`` (a bound
    only), ``part_of`` (the figure it is part of, in words, or ""), ``label``, and the ids of its
    row (``estimate_id``, ``claim_ids``, ``source_ids``) and ``estimator``. ``counts``: marks
    of each kind, ``part_of`` and ``by_report`` (drawn at the report's date). ``styles``: each
    estimator drawn and its :class:`TimelineStyle`, in the order first drawn.
    """

    marks: list[dict]
    counts: dict[str, int]
    styles: dict

    def labels(self) -> list[tuple]:
        """Return (date, value, text) of each label to place beside its mark."""
        return [(m["date"], m["point"], m["label"]) for m in self.marks if m["label"]]


def _part_of_words(row: pd.Series, rows: pd.DataFrame) -> str:
    """Return "part of the 15,000 sent in all" when the row counts part of a drawn figure."""
    target = row.get("part_of")
    match = rows[rows["estimate_id"] == target] if isinstance(target, str) and target else []
    if len(match) == 0:
        return ""
    return f"part of the {format_range(match.iloc[0][['low', 'best', 'high']])}"


def _mark_words(panel: Panel, row: pd.Series, part_of: str, style: TimelineStyle) -> str:
    """Return the label written beside a mark: its value, then what the reader must know of
    it (its scope where it differs, what it is part of, its dating), wrapped."""
    words = []
    scope = row.get("scope") if isinstance(row.get("scope"), str) else ""
    unusual = panel.usual_scope and scope and not scope.startswith(panel.usual_scope)
    if scope and (row["estimate_id"] in panel.callouts or unusual or part_of):
        words.append(scope)
    if part_of:
        words.append(part_of)
    if pd.notna(row["low"]) and pd.notna(row["high"]) and pd.isna(row["best"]):
        words.append(style.short)  # a range has no marker to say who made it
    if row["dated_by_report"]:
        words.append("own date not known, drawn at the report's date")
    elif len(str(row.get("as_of", ""))) == 7:
        words.append(f"{month(row['date'])}, day not given")
    value = format_range(row[["low", "best", "high"]])
    text = f"{value} ({'; '.join(words)})" if words else value
    return "\n".join(textwrap.wrap(text, 30))


def panel_layout(ax: Axes | None, panel: Panel, rows: pd.DataFrame) -> PanelLayout:
    """Return the layout of one panel's rows (from :func:`timeline_rows`): every mark at its
    own date and value. ``ax`` is not needed (kept for old calls): nothing is moved."""
    counts = dict.fromkeys(("best", "range", "low", "high", "part_of", "by_report"), 0)
    styles, marks = {}, []
    for _, row in rows.iterrows():
        style = timeline_style(row["estimator"])
        styles[style.estimator] = style
        low, best, high = (
            np.nan if pd.isna(row[bound]) else float(row[bound])
            for bound in ("low", "best", "high")
        )
        kind = figure_kind(row, set())
        part_of = _part_of_words(row, rows)
        counts[kind] += 1
        counts["part_of"] += bool(part_of)
        counts["by_report"] += bool(row["dated_by_report"])
        point = next(value for value in (best, low, high) if not np.isnan(value))
        if kind == "range" and np.isnan(best):
            point = (low + high) / 2
        claims = row.get("claim_ids")
        marks.append(
            {
                "date": row["date"],
                "low": low,
                "best": best,
                "high": high,
                "point": point,
                "kind": kind,
                "hollow": kind in ("low", "high"),
                "part_of": part_of,
                "label": _mark_words(panel, row, part_of, style),
                "estimator": style.estimator,
                "estimate_id": row["estimate_id"],
                "claim_ids": claims.split(";") if isinstance(claims, str) and claims else [],
                "source_ids": row.get("source_ids"),
            }
        )
    return PanelLayout(marks, counts, styles)
