"""Where labels go so that nothing hides anything else, worked out on the drawn figure.

Marks always stand at their own place (their own date and value): nothing here moves a mark.
What moves is a mark's label: :func:`place_labels` tries spots beside, below and above each
mark, then farther spots joined to the mark by a short leader line, and keeps the first spot
whose text (measured as drawn) covers no mark, no arrow and no earlier label.

Belongs here: the boxes marks cover (:func:`mark_box`) and label placement. Does not belong
here: what the marks mean (:mod:`helpers.charts.marks`) or which rows a chart draws (the chart
modules).
"""

from __future__ import annotations

from matplotlib.axes import Axes
from matplotlib.transforms import Bbox

from helpers.charts.style import (
    INK,
    MUTED,
)

#: Points between a mark's edge and its label.
LABEL_GAP = 4


def mark_box(ax: Axes, x: float, y: float, radius: float, up: float = 0, down: float = 0):
    """Return the display box a mark at data (x, y) covers: its marker of ``radius`` points,
    and ``up`` / ``down`` points more for an arrow or a line above or below it."""
    px, py = ax.transData.transform((x, y))
    scale = ax.figure.dpi / 72
    return Bbox.from_extents(
        px - radius * scale,
        py - (radius + down) * scale,
        px + radius * scale,
        py + (radius + up) * scale,
    )


def label_spots(radius: float, up: float, down: float) -> list[tuple]:
    """Return the spots to try for a label, as (dx, dy, ha, va, leader) in points, nearest
    first: right, left, below, above, then farther up and down with a leader line."""
    side, gap = radius + LABEL_GAP, LABEL_GAP
    near = [
        (side, 0, "left", "center", False),
        (-side, 0, "right", "center", False),
        (0, -(radius + down + gap), "center", "top", False),
        (0, radius + up + gap, "center", "bottom", False),
    ]
    above_below = [
        (0, sign * (radius + extra + step), "center", va, True)
        for step in (18, 34)
        for sign, extra, va in ((-1, down, "top"), (1, up, "bottom"))
    ]
    far = [
        (dx * side * 1.6, dy * step, ha, va, True)
        for step in (22, 40, 58)
        for dy, va in ((1, "bottom"), (-1, "top"))
        for dx, ha in ((1, "left"), (-1, "right"))
    ]
    return near + above_below + far


def _fits(box: Bbox, frame: Bbox, taken: list[Bbox]) -> bool:
    """Return True when ``box`` lies inside ``frame`` and overlaps none of ``taken``."""
    inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0
    return inside and box.y1 <= frame.y1 and not any(box.overlaps(other) for other in taken)


def place_labels(ax: Axes, labels: list[dict], obstacles: list[Bbox]) -> list:
    """Write each label beside its mark where it covers no mark, arrow or earlier label.

    ``labels``: dicts with ``x``, ``y`` (data), ``text``, ``radius``, ``up`` and ``down``
    (points the mark's arrow reaches above or below it). ``obstacles``: the display boxes of
    every mark (:func:`mark_box`). Each label's text is measured as drawn, spot by spot (see
    :func:`label_spots`); if no spot is free, the first spot inside the Axes is kept. Returns
    the texts written, in the order of ``labels``. Call after the figure is laid out.
    """
    renderer = ax.figure.canvas.get_renderer()
    frame, taken, written = ax.get_window_extent(renderer), list(obstacles), []
    for label in labels:
        text = ax.annotate(
            label["text"],
            xy=(label["x"], label["y"]),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=10.5,
            color=INK,
            linespacing=1.15,
            gid="value-label",
        )
        text.set_in_layout(False)
        chosen = None
        for dx, dy, ha, va, leader in label_spots(label["radius"], label["up"], label["down"]):
            text.set_position((dx, dy))
            text.set_ha(ha)
            text.set_va(va)
            box = text.get_window_extent(renderer).padded(2)
            if (
                chosen is None
                and frame.contains(box.x0, box.y0)
                and frame.contains(box.x1, box.y1)
            ):
                chosen = (dx, dy, ha, va, leader, box)
            if _fits(box, frame, taken):
                chosen = (dx, dy, ha, va, leader, box)
                break
        dx, dy, ha, va, leader, box = chosen or (*label_spots(0, 0, 0)[0], box)
        text.set_position((dx, dy))
        text.set_ha(ha)
        text.set_va(va)
        if leader:
            text.remove()
            text = _leader_label(ax, label, (dx, dy, ha, va))
        taken.append(box)
        written.append(text)
    return written


def _leader_label(ax: Axes, label: dict, spot: tuple):
    """Return a label at ``spot`` joined to its mark by a thin leader line."""
    dx, dy, ha, va = spot
    text = ax.annotate(
        label["text"],
        xy=(label["x"], label["y"]),
        xytext=(dx, dy),
        textcoords="offset points",
        ha=ha,
        va=va,
        fontsize=10.5,
        color=INK,
        linespacing=1.15,
        arrowprops={
            "arrowstyle": "-",
            "color": MUTED,
            "linewidth": 0.8,
            "shrinkA": 1,
            "shrinkB": label["radius"] + 1,
        },
        gid="value-label",
    )
    text.set_in_layout(False)
    return text
