"""Where labels go so that nothing hides anything else, worked out on the drawn figure.

Marks always stand at their own place (their own date and value): nothing here moves a mark.
What moves is a mark's label: :func:`place_labels` tries spots beside, below and above each
mark, then farther spots joined to the mark by a short leader line, and keeps the first spot
whose text (measured as drawn) covers no mark, no arrow and no earlier label. A label without
a leader line must also sit clearly nearer its own mark than any other, so that each label
reads as its own mark's.

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

#: Points by which a label without a leader line must be nearer its own mark than any other.
OWN_MARGIN = 6


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


def _gap(box: Bbox, x: float, y: float) -> float:
    """Return the distance in display units from the point (x, y) to ``box`` (0 inside)."""
    dx = max(box.x0 - x, 0, x - box.x1)
    dy = max(box.y0 - y, 0, y - box.y1)
    return (dx * dx + dy * dy) ** 0.5


def _own(box: Bbox, index: int, centres: list, margin: float) -> bool:
    """Return True when ``box`` is nearer mark ``index`` than any other mark by ``margin``."""
    own = _gap(box, *centres[index])
    return all(
        _gap(box, *centre) >= own + margin
        for other, centre in enumerate(centres)
        if other != index
    )


def place_labels(ax: Axes, labels: list[dict], obstacles: list[Bbox]) -> list:
    """Write each label beside its mark where it covers no mark, arrow or earlier label.

    ``labels``: dicts with ``x``, ``y`` (data), ``text``, ``radius``, ``up`` and ``down``
    (points the mark's arrow reaches above or below it). ``obstacles``: the display boxes of
    every mark (:func:`mark_box`). Each label's text is measured as drawn, spot by spot (see
    :func:`label_spots`); a spot without a leader line is free only if the label is nearer its
    own mark than any other (by :data:`OWN_MARGIN` points). If no spot is free, the first spot
    inside the Axes is kept. Returns
    the texts written, in the order of ``labels``. Call after the figure is laid out.
    """
    renderer = ax.figure.canvas.get_renderer()
    frame, taken, written = ax.get_window_extent(renderer), list(obstacles), []
    centres = [tuple(ax.transData.transform((label["x"], label["y"]))) for label in labels]
    margin = OWN_MARGIN * ax.figure.dpi / 72
    for index, label in enumerate(labels):
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
            if _fits(box, frame, taken) and (leader or _own(box, index, centres, margin)):
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
