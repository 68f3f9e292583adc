"""The rows and layout of the range chart (:func:`helpers.charts.estimates.plot_estimate_ranges`).

Plain data, no drawing: which rows are drawn in what order with what label
(:func:`range_rows`), and where each goes, the groups, the grey spans and how many marks of each
shape there are (:func:`range_layout`, a :class:`RangeLayout`). The chart draws this layout and
builds its legend and alt text from it, so both say what is drawn; tests read it without
rendering. Each mark keeps the ids of its row (``estimate_id``, ``source_ids``).

Belongs here: choosing, ordering, labelling and placing the rows of the range chart. Does not
belong here: drawing them (:mod:`helpers.charts.estimates`), words shared by other charts
(:mod:`helpers.charts.marks`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from helpers.charts.marks import (
    measure_words,
    relation_words,
    row_style,
    text_of,
    value_words,
)
from helpers.charts.style import floats

# --- the range chart: rows ------------------------------------------------------------------


def range_rows(
    estimates: pd.DataFrame,
    *,
    labels: Iterable[str] | None = None,
    group_by: str | None = "measure",
    sort_by_date: bool = True,
) -> pd.DataFrame:
    """Return the rows of a range chart in drawing order, each with its label in ``_label``.

    With ``sort_by_date``, rows within a group run from the oldest date to the newest; groups
    keep the order in which they first appear. ``labels`` (one per row, in the given order)
    replaces the first line of each label.
    """
    rows = estimates.reset_index(drop=True)
    rows = rows.assign(_unstated=[_unstated(row) for _, row in rows.iterrows()])
    if group_by:
        rows = rows.assign(_group=_group_values(rows, group_by))
    if labels is not None:
        rows = rows.assign(_given_label=list(labels))
    if sort_by_date:
        rows = _sorted_by_date(rows, group_by)
    if labels is not None:
        first_lines = list(rows["_given_label"])
    else:
        first_lines = _first_lines(rows, group_by)
    label_lines = []
    for first, (_, row) in zip(first_lines, rows.iterrows(), strict=True):
        second = "; ".join(
            part for part in (text_of(row.get("scope")), _relation(row, rows)) if part
        )
        label_lines.append(first + ("\n" + "\n".join(textwrap.wrap(second, 44)) if second else ""))
    return rows.assign(_label=label_lines)


def _relation(row: pd.Series, rows: pd.DataFrame) -> str:
    """Return how a row relates to another ("part of the nearly 37,000 dead"), naming the
    other's figure as its mark does."""
    words = relation_words(row, rows)
    target = text_of(row.get("part_of")) or text_of(row.get("same_as"))
    match = rows[rows["estimate_id"] == target] if target and "estimate_id" in rows else rows[:0]
    if words and not match.empty:
        other = match.iloc[0]
        words = words.replace(value_words(other), mark_words(other), 1)
    return words


def _repeat_words(row: pd.Series, rows: pd.DataFrame) -> str:
    """Return the value written beside a repeat: "= 183,108, given as 180,000" (the figure it
    repeats first, so it never reads as a figure of its own)."""
    target = text_of(row.get("same_as"))
    match = rows[rows["estimate_id"] == target] if "estimate_id" in rows else rows[:0]
    if match.empty:
        return f"= estimate {target}, given as {mark_words(row)}"
    return f"= {mark_words(match.iloc[0])}, given as {mark_words(row)}"


def _unstated(row: pd.Series) -> bool:
    """Return whether a row's scope says its scope or causes are not stated."""
    return "not stated" in text_of(row.get("scope"))


def _group_values(rows: pd.DataFrame, group_by: str) -> list[str]:
    """Return each row's group: its ``group_by`` value; by measure, a figure whose scope is not
    stated forms a group of its own ("dead|unstated"), never mixed with figures that say."""
    values = rows[group_by].astype(str)
    if group_by != "measure":
        return list(values)
    return [
        value + ("|unstated" if unstated else "")
        for value, unstated in zip(values, rows["_unstated"], strict=True)
    ]


def _sorted_by_date(rows: pd.DataFrame, group_by: str | None) -> pd.DataFrame:
    """Return the rows ordered by group (first seen first), then by date within a group."""
    first_seen = {
        value: rank
        for rank, value in enumerate(dict.fromkeys(rows["_group"] if group_by else [""]))
    }
    dates = [
        text_of(row.get("as_of")) or text_of(row.get("reported")) for _, row in rows.iterrows()
    ]
    ranks = rows["_group"].map(first_seen) if group_by else 0
    return (
        rows.assign(_rank=ranks, _date=dates)
        .sort_values(["_rank", "_date"], kind="stable")
        .drop(columns=["_rank", "_date"])
        .reset_index(drop=True)
    )


def _first_lines(rows: pd.DataFrame, group_by: str | None) -> list[str]:
    """Return the first line of each row's label: estimator and date, or the period.

    A series one estimator gave at one date, one figure per period (PRIO's years), is
    labelled by the period; other rows by the estimate's date.
    """
    periods = (
        rows.groupby(["estimator", "measure", "as_of"])["refers_to"].transform("nunique").gt(1)
        if "refers_to" in rows and "as_of" in rows
        else pd.Series(False, index=rows.index)
    )
    return [
        f"{row_style(row).short}: {row['refers_to']}"
        if by_period
        else _estimate_label(
            row, with_measure=group_by != "measure" and not text_of(row.get("scope"))
        )
        for by_period, (_, row) in zip(periods, rows.iterrows(), strict=True)
    ]


def date_words(row: pd.Series) -> str:
    """Return which date a row is drawn with: "dated 2010-06" (the figure's own date) or
    "reported 2014" (the year of the earliest report we have, the figure's own date unknown)."""
    own = text_of(row.get("as_of"))
    if own:
        return f"dated {own}"
    reported = text_of(row.get("reported"))
    return f"reported {reported[:4]}" if reported else "date not known"


def _estimate_label(row: pd.Series, with_measure: bool = False) -> str:
    """Return a row's first line: estimator (short name), measure if asked, which date."""
    measure = f", {measure_words(row['measure'])}" if with_measure else ""
    return f"{row_style(row).short}{measure}, {date_words(row)}"


# --- the range chart: layout ----------------------------------------------------------------


@dataclass
class RangeLayout:
    """What a range chart draws, as plain data: no artists.

    ``marks``: one row per estimate in drawing order, with its ``y``, ``low``, ``best``,
    ``high``, ``label``, ``estimator``, what it shows (``has_low``, ``has_best``, ``has_high``)
    and the ids of its row (``estimate_id``, ``source_ids``). ``spans``: one row per pale band
    (``x0``, ``x1``, ``y0``, ``y1``, ``words``). ``headings``: (heading, y) per group drawn
    apart. ``groups``: (heading, number of rows) per group. ``counts``: how many marks of each
    shape are drawn ("range", "range_best", "single", "low", "high", "span"). ``related``: rows
    that repeat or are part of another estimate (left out of the spans when they repeat).
    """

    marks: pd.DataFrame
    spans: pd.DataFrame
    headings: list[tuple[str, float]]
    groups: list[tuple[str, int]]
    grouped: bool
    group_by: str | None
    total_height: float
    smallest: float
    largest: float
    related: int
    counts: dict[str, int] = field(default_factory=dict)


def _heading(value: str, group_by: str | None, names: dict) -> str:
    """Return the heading of a group: its given name, else its measure in words (a group of
    figures whose scope is not stated says so)."""
    measure, _, unstated = value.partition("|")
    if names.get(value):
        text = names[value]
    elif group_by != "measure":
        text = value
    elif unstated:
        text = f"{measure_words(measure).split(' (')[0]}, scope not stated"
    else:
        text = measure_words(measure).replace(", or not stated", "")
    return text[:1].upper() + text[1:]


def _positions(rows: pd.DataFrame, keys: pd.Series, grouped: bool) -> tuple:
    """Return each row's y (from the top), the drawing order, the group headings' y, the height.

    A row's height grows with its label's lines; a group drawn apart starts with its heading.
    """
    positions, headings, order, y = np.zeros(len(rows)), [], [], 0.0
    for value in dict.fromkeys(keys):
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
    return positions, order, headings, y - 0.55


def _flags(rows: pd.DataFrame, column: str) -> np.ndarray:
    """Return whether each row names another estimate in ``column`` (``same_as``, ``part_of``)."""
    if column not in rows:
        return np.zeros(len(rows), dtype=bool)
    return rows[column].fillna("").astype(str).ne("").to_numpy()


def _population(row: pd.Series) -> str:
    """Return who a row's scope counts: its first part ("military" of "military; killed")."""
    return text_of(row.get("scope")).split(";")[0].strip()


def outside_band(rows: pd.DataFrame, span_keys: pd.Series, copies: np.ndarray) -> np.ndarray:
    """Return which rows the band of their measure leaves out: repeats (``same_as``), counts
    the source calls incomplete, and counts of other people (a wider scope: its first part,
    "register of martyrs: troops, labourers", differs from the group's most common, "military").
    """
    incomplete = np.array(["incomplete" in text_of(q) for q in rows.get("qualifier", [])])
    if len(incomplete) != len(rows):
        incomplete = np.zeros(len(rows), dtype=bool)
    populations = pd.Series([_population(row) for _, row in rows.iterrows()], index=rows.index)
    other_people = np.zeros(len(rows), dtype=bool)
    for value in dict.fromkeys(span_keys):
        members = (span_keys == value).to_numpy() & ~copies & ~incomplete
        if members.sum() < 2:
            continue
        usual = populations[members].mode().iloc[0]
        other_people |= members & (populations != usual).to_numpy()
    return copies | incomplete | other_people


def _span_keys(rows: pd.DataFrame, keys: pd.Series) -> pd.Series:
    """Return each row's band: its group, measure and whether its scope is stated."""
    return (
        keys.str.partition("|")[0]
        + "|"
        + rows["measure"].astype(str)
        + np.where(rows["_unstated"], "|unstated", "")
    )


def _spans(rows, keys, positions, bounds, outside, group_by) -> pd.DataFrame:
    """Return the bands: lowest to highest of figures that count the same thing (one measure,
    the same people, in a group), leaving out repeats, incomplete counts and wider counts."""
    low, best, high = bounds
    span_keys = _span_keys(rows, keys)
    spans = []
    for value in dict.fromkeys(span_keys):
        members = rows.index[(span_keys == value).to_numpy() & ~outside].to_numpy()
        if len(members) < 2:
            continue
        group_values = np.concatenate([low[members], best[members], high[members]])
        if not np.nanmin(group_values) < np.nanmax(group_values):
            continue
        group_value, measure, *unstated = value.split("|")
        x0, x1 = np.nanmin(group_values), np.nanmax(group_values)
        population = _population(rows.loc[members[0]])
        words = (
            (f"{population} " if population and not unstated else "")
            + f"{measure_words(measure).split(' (')[0]}"
            + (", scope not stated" if unstated else "")
            + (f" for {group_value}" if group_by and group_by != "measure" else "")
            + f", {x0:,.0f} to {x1:,.0f}"
        )
        y0, y1 = positions[members].min() - 0.35, positions[members].max() + 0.35
        spans.append({"x0": x0, "x1": x1, "y0": y0, "y1": y1, "words": words})
    return pd.DataFrame(spans, columns=["x0", "x1", "y0", "y1", "words"])


def _marks(rows, order, positions, bounds) -> pd.DataFrame:
    """Return one row per estimate drawn, in drawing order: where it goes and what it shows."""
    low, best, high = bounds
    marks = pd.DataFrame(
        {
            "row": order,
            "y": [positions[i] for i in order],
            "low": low[order],
            "best": best[order],
            "high": high[order],
            "label": [rows.loc[i, "_label"] for i in order],
            "estimator": [rows.loc[i, "estimator"] for i in order],
            "party": [rows.loc[i, "party"] if "party" in rows else None for i in order],
            "words": [mark_words(rows.loc[i]) for i in order],
        }
    )
    ledger = _claims_by_bound()
    for bound in ("low", "best", "high"):
        marks[f"claims_{bound}"] = [_claims_of(rows.loc[i], bound, ledger) for i in order]
    for column in ("estimate_id", "source_ids"):
        marks[column] = [rows.loc[i, column] if column in rows else None for i in order]
    for bound in ("low", "best", "high"):
        marks[f"has_{bound}"] = ~np.isnan(marks[bound].to_numpy(dtype=float))
    return marks


#: Words a source puts before a single figure that say it is rounded from just above.
APPROXIMATE_WORDS = ("nearly", "almost", "approaching")


def mark_words(row: pd.Series) -> str:
    """Return the value written beside a mark: the figure as words, with "nearly" for a single
    figure the source calls nearly so, and "(incomplete count)" where the source says so."""
    words = value_words(row)
    qualifier = text_of(row.get("qualifier"))
    said = [part.split(":", 1)[1].strip() for part in qualifier.split(";") if ":" in part]
    if pd.notna(row.get("best")) and said and said[0] in APPROXIMATE_WORDS:
        words = f"{said[0]} {words}"
    if "incomplete" in qualifier:
        words += " (incomplete count)"
    return words


def _claims_by_bound() -> dict[tuple[str, str], list[str]]:
    """Return the claim ids of each used figure in the ledger, by (estimate id, bound)."""
    from helpers.data import load_claims

    claims = load_claims()
    used = claims[claims["status"] == "used"]
    return {key: list(group["claim_id"]) for key, group in used.groupby(["estimate_id", "bound"])}


def _claims_of(row: pd.Series, bound: str, ledger: dict) -> list[str]:
    """Return the claim ids behind one bound of a row: the ledger's, else the row's own
    ``claim_ids`` (a row the lesson made, such as a sum of years, cites what it adds up)."""
    found = ledger.get((text_of(row.get("estimate_id")), bound))
    if found:
        return found
    return [claim for claim in text_of(row.get("claim_ids")).split(";") if claim]


def _counts(marks: pd.DataFrame, spans: pd.DataFrame) -> dict[str, int]:
    """Return how many marks of each shape the layout draws."""
    low, best, high = marks["has_low"], marks["has_best"], marks["has_high"]
    return {
        "range": int((low & high).sum()),
        "range_best": int((low & high & best).sum()),
        "low": int((~best & low & ~high).sum()),
        "high": int((~best & ~low & high).sum()),
        "single": int((best & ~low & ~high).sum()),
        "span": len(spans),
    }


def range_layout(
    rows: pd.DataFrame,
    *,
    group_by: str | None = "measure",
    group_names: dict | None = None,
    spans: bool = True,
) -> RangeLayout:
    """Return where each row of :func:`range_rows` goes, the groups, spans and counts."""
    keys = rows["_group"].astype(str) if group_by else pd.Series("", index=rows.index)
    group_order = list(dict.fromkeys(keys))
    grouped = len(group_order) > 1 or bool(group_by and group_names)
    names = group_names or {}
    positions, order, headings, total_height = _positions(rows, keys, grouped)
    bounds = tuple(floats(rows[bound]) for bound in ("low", "best", "high"))
    values = np.concatenate(bounds)
    copies = _flags(rows, "same_as")
    outside = outside_band(rows, _span_keys(rows, keys), copies)
    bands = (
        _spans(rows, keys, positions, bounds, outside, group_by)
        if spans
        else pd.DataFrame(columns=["x0", "x1", "y0", "y1", "words"])
    )
    marks = _marks(rows, order, positions, bounds)
    marks["repeat"] = copies[order]
    marks["words"] = [
        _repeat_words(rows.loc[i], rows) if copies[i] else words
        for i, words in zip(order, marks["words"], strict=True)
    ]
    marks["outside_band"] = outside[order] & bool(spans) & ~copies[order]
    return RangeLayout(
        marks=marks,
        spans=bands,
        headings=[(_heading(value, group_by, names), y) for value, y in headings],
        groups=[
            (_heading(value, group_by, names), int((keys == value).sum())) for value in group_order
        ],
        grouped=grouped,
        group_by=group_by,
        total_height=total_height,
        smallest=np.nanmin(values),
        largest=np.nanmax(values),
        related=int((copies | _flags(rows, "part_of")).sum()),
        counts=_counts(marks, bands),
    )


def range_looks(marks: pd.DataFrame) -> dict[tuple[str, str], bool | None]:
    """Return how the legend shows each estimator drawn, by (estimator, kind), in the order
    first drawn (one estimator can be drawn in two kinds: official on its own side's dead, a
    foreign government on another side's).

    True: a filled marker (it gave a best somewhere); False: a hollow one (only bounds); None:
    a line alone (only low-to-high ranges). A filled marker outranks a hollow one, which
    outranks a line.
    """
    rank, looks = {True: 2, False: 1, None: 0}, {}
    for _, mark in marks.iterrows():
        has_low, has_high = mark["has_low"], mark["has_high"]
        look = True if mark["has_best"] else (False if has_low != has_high else None)
        name = (mark["estimator"], row_style(mark).kind)
        if name not in looks or rank[look] > rank[looks[name]]:
            looks[name] = look
    return looks
