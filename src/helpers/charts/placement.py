"""Where marks and labels go so that nothing hides anything else, worked out in points.

Belongs here: moving marks that would cover each other a little along the date scale
(:func:`dodged_dates`) and writing labels beside marks where they overlap no mark, arrow or
label (:func:`place_labels`). Does not belong here: what the marks mean
(:mod:`helpers.charts.marks`) or which rows a chart draws (the chart modules).
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.dates
import pandas as pd
from matplotlib.axes import Axes

from helpers.charts.marks import (
    figure_kind,
)
from helpers.charts.style import (
    INK,
    MUTED,
)


def dodged_dates(ax: Axes, rows: pd.DataFrame, ids: set) -> list:
    """Return a date to draw each row at, moved a little later where its mark (or its arrow)
    would otherwise hide an earlier one; the estimate's own date is kept in ``rows``.

    Works in points from the Axes' limits and size, so marks end at least ``MARK_GAP``
    points apart; a move is at most a few days on the date scale.
    """
    box = ax.get_window_extent()
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    per_x = box.width * 72 / ax.figure.dpi / (x1 - x0)
    per_y = box.height * 72 / ax.figure.dpi / (y1 - y0)
    placed, dates = [], []
    for _, row in rows.iterrows():
        x = own = mpl.dates.date2num(row["date"]) * per_x
        kind = figure_kind(row, ids)
        values = [float(row[b]) for b in ("low", "best", "high") if pd.notna(row[b])]
        bottom = min(values) * per_y
        top = max(values) * per_y + (26 if kind in ("low", "partial") else 0)
        if kind == "high":
            bottom -= 26
        for _ in range(len(placed)):
            clash = [
                px
                for px, (b, t) in placed
                if abs(px - x) < MARK_GAP and b - 7 < top + 7 and bottom - 7 < t + 7
            ]
            if not clash:
                break
            x = max(clash) + MARK_GAP
        placed.append((x, (bottom, top)))
        moved = pd.Timestamp(mpl.dates.num2date(x / per_x)).tz_localize(None)
        dates.append(row["date"] if x == own else moved)
    return dates


#: Smallest distance, in points, between the centres of two marks that share heights.
MARK_GAP = 13


LABEL_SPOTS = [
    (11, 0, "left", "center"),
    (11, 13, "left", "bottom"),
    (11, -13, "left", "top"),
    (-11, 0, "right", "center"),
    (-11, 13, "right", "bottom"),
    (-11, -13, "right", "top"),
    (11, 30, "left", "bottom"),
    (11, -30, "left", "top"),
]


def label_box(x: float, y: float, text: str, spot: tuple, size: float = 10.5) -> tuple:
    """Return the (left, bottom, right, top) box, in points, a label at ``spot`` would cover."""
    lines = text.split("\n")
    width, height = 0.6 * size * max(len(line) for line in lines), 1.3 * size * len(lines)
    dx, dy, ha, va = spot
    left = x + dx if ha == "left" else x + dx - width
    bottom = {"bottom": y + dy, "top": y + dy - height, "center": y + dy - height / 2}[va]
    return (left, bottom, left + width, bottom + height)


def overlaps(box: tuple, other: tuple) -> bool:
    return not (
        box[2] <= other[0] or other[2] <= box[0] or box[3] <= other[1] or other[3] <= box[1]
    )


def place_labels(ax: Axes, labels: list, marks: list, prefer_left) -> None:
    """Write each label beside its mark where it overlaps no mark, arrow or earlier label.

    Positions are worked out in points from the Axes' current limits and size, trying the
    spots of ``LABEL_SPOTS`` in order (left of the mark first where ``prefer_left(date)``);
    if none is free, the first spot that stays inside the Axes is used.
    """
    scale = 72 / ax.figure.dpi

    def points(date, value):
        x, y = ax.transData.transform((mpl.dates.date2num(date), value))
        return x * scale, y * scale

    inner = ax.get_window_extent()
    frame = (inner.x0 * scale, inner.y0 * scale, inner.x1 * scale, inner.y1 * scale)
    taken = []
    for date, value, arrow_up in marks:
        x, y = points(date, value)
        taken.append((x - 7, y - 7, x + 7, y + 7))
        if arrow_up:
            taken.append((x - 5, y, x + 5, y + 26))
    for date, value, text in sorted(labels, key=lambda label: -label[1]):
        x, y = points(date, value)
        spots = LABEL_SPOTS[3:6] + LABEL_SPOTS[:3] if prefer_left(date) else LABEL_SPOTS
        spots = spots + LABEL_SPOTS[6:] if prefer_left(date) else spots
        inside = [
            spot
            for spot in spots
            if frame[0] <= label_box(x, y, text, spot)[0]
            and label_box(x, y, text, spot)[2] <= frame[2]
            and frame[1] <= label_box(x, y, text, spot)[1]
        ] or spots
        free = [s for s in inside if not any(overlaps(label_box(x, y, text, s), t) for t in taken)]
        spot = (free or inside)[0]
        taken.append(label_box(x, y, text, spot))
        dx, dy, ha, va = spot
        leader = {"arrowstyle": "-", "color": MUTED, "linewidth": 0.8, "shrinkB": 5}
        ax.annotate(
            text,
            xy=(date, value),
            xytext=(dx, dy),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=10.5,
            color=INK,
            arrowprops=leader if dy else None,
            gid="value-label",
        ).set_in_layout(False)
