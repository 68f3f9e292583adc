"""The key to the estimator colours and markers: as a table, and drawn as a chart.

Belongs here: :func:`estimator_key` (one row per estimator: kind, colour, marker) and
:func:`plot_estimator_key` (the key drawn, one column per kind). Does not belong here: the
styles themselves (:mod:`helpers.estimator_styles`, read through
:func:`helpers.charts.marks.estimator_style`), the charts that use them
(:mod:`helpers.charts.estimates`, :mod:`helpers.charts.timelines`).
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.axes import Axes

from helpers import estimator_styles
from helpers.charts.finish import FOOTER, NOTE, keep, wrap
from helpers.charts.marks import estimator_style, marker_scale
from helpers.charts.style import GREY, INK, in_house_style
from helpers.estimator_styles import EstimatorStyle

#: The rule the colours follow, in the words the key chart writes under itself.
KIND_RULE = (
    "Colour: the kind of estimate, by one rule in every chart of lesson 02 (lesson 03 colours by "
    "country, as its charts say). Official: a government counting its own side's dead; foreign "
    "government: a government counting another side's; scholar or dataset: a published method; "
    "unattributed press: a figure the press gives without naming who made it. Marker: the "
    "estimator, its own within a chart. An estimator listed under two kinds counted its own "
    "side's dead (official) and another side's (foreign government): one marker, two colours."
)

#: What the key adds to an estimator's name when it is listed under two kinds.
TWO_KIND_WORDS = {"official": "its own side's dead", "foreign government": "others' dead"}


def estimator_key(estimators: Iterable[str] | pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the key to the estimator colours and markers, one row per estimator and kind.

    Arguments:
        estimators: the rows the charts draw (a table with ``estimator`` and ``party``: each
            estimator is listed under the kind of each estimate it made, so a ministry counting
            its own side and another side is listed twice), or estimator names (each with
            its usual kind); every estimator with a style when left out.

    Returns:
        A table with columns ``estimator``, ``kind``, ``colour``, ``marker`` (the matplotlib
        code), ``short`` and ``marker_name``, sorted by kind (in the order of
        ``estimator_styles.KIND_COLOURS``) then estimator.
    """
    if isinstance(estimators, pd.DataFrame):
        parties = estimators.get("party", pd.Series(None, index=estimators.index))
        pairs = zip(estimators["estimator"], parties, strict=True)
        styles = [estimator_styles.style(name, party) for name, party in dict.fromkeys(pairs)]
    else:
        names = estimator_styles.ESTIMATORS if estimators is None else dict.fromkeys(estimators)
        styles = [estimator_style(name) for name in names]
    kinds = list(estimator_styles.KIND_COLOURS)
    rows = [style._asdict() for style in dict.fromkeys(styles)]
    key = pd.DataFrame(rows, columns=list(EstimatorStyle._fields))
    key["marker_name"] = key["marker"].map(estimator_styles.MARKER_NAMES)
    order = key["kind"].map(kinds.index)
    return (
        key.assign(_order=order)
        .sort_values(["_order", "estimator"])
        .drop(columns="_order")
        .reset_index(drop=True)
    )


@in_house_style
def plot_estimator_key(estimators: Iterable[str] | None = None, ax: Axes | None = None) -> Axes:
    """Draw the key to the estimator colours and markers: one column per kind of estimator.

    ``estimators`` limits the key to what the charts draw: their rows (best: each estimator
    under the kind of each estimate it made) or estimator names; every estimator by default.
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
        twice = set(key.loc[key["estimator"].duplicated(keep=False), "estimator"])
        for row, member in members.iterrows():
            y = row + 1
            ax.scatter(
                [column + 0.04],
                [y],
                marker=member["marker"],
                s=90 * marker_scale(member["marker"]),
                color=colour,
                gid=f"key-{member['kind']}-{member['estimator']}",
            )
            ax.text(
                column + 0.1,
                y,
                "\n".join(textwrap.wrap(_name_in_key(member, twice), 30)),
                va="center",
                fontsize=10.5,
                color=INK,
            )
    ax.set_xlim(-0.05, len(kinds))
    ax.set_ylim(longest + 0.6, -0.6)
    ax.set_axis_off()
    ax.set_title("Who made each estimate: the key to the charts", loc="left", pad=12)
    estimators = key["estimator"].nunique()
    ax.set_label(
        f"Key to the estimator colours and markers: {estimators} estimators in "
        f"{len(kinds)} kinds ({', '.join(kinds)}); colour shows the kind, marker the estimator."
    )
    note = KIND_RULE
    keep(ax, NOTE, note)
    keep(ax, FOOTER, note)
    ax.figure.supxlabel(wrap(note, ax), x=0.01, ha="left", fontsize=10, color=GREY)
    return ax


def _name_in_key(member: pd.Series, twice: set) -> str:
    """Return the name the key writes for one row: the short name, and for an estimator listed
    under two kinds, whose dead it counted in this one ("on its own side's dead")."""
    if member["estimator"] in twice and member["kind"] in TWO_KIND_WORDS:
        return f"{member['short']} (on {TWO_KIND_WORDS[member['kind']]})"
    return member["short"]
