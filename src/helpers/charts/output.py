"""Showing a chart in a lesson and saving it to files, byte-identical on every run.

Belongs here: :func:`show` (a PNG with its alt text, then the figure is closed), :func:`save`
(PNG and SVG without clock or version metadata) and :data:`on_show`, the hook through which the
course tooling (:mod:`helpers.course.figures`) exports each chart shown. Does not belong here:
drawing, finishing, or the export itself (course tooling does that through :data:`on_show`).
"""

from __future__ import annotations

import base64
import io
from collections.abc import Callable
from pathlib import Path

import matplotlib.pyplot as plt
from matplotlib.axes import Axes

from helpers.charts.finish import alt_text
from helpers.charts.style import house_style

#: Metadata that would change with the matplotlib version or the clock is left out.
PNG_METADATA = {"Software": None}
SVG_METADATA = {"Date": None, "Creator": None}

#: Functions called with each chart that :func:`show` has displayed. Empty in a lesson; the
#: course's ``make run`` adds the exporter that copies every chart to ``build/figures/``.
on_show: list[Callable[[Axes], None]] = []


def show(ax: Axes) -> None:
    """Display the chart in a notebook as a PNG carrying its alt text, then close the figure.

    Ending a chart cell with ``charts.show(ax)`` prints no ``<Axes ...>`` or ``<Figure ...>``
    text, so the cell's stored output is the image alone, byte-identical on every run.

    Args:
        ax: an Axes drawn by one of the functions here.
    """
    from IPython.display import display

    with house_style():
        png = io.BytesIO()
        ax.figure.savefig(png, format="png", bbox_inches="tight", metadata=PNG_METADATA)
    image = base64.b64encode(png.getvalue()).decode("ascii")
    display({"image/png": image}, raw=True, metadata={"image/png": {"alt": alt_text(ax)}})
    for hook in on_show:  # after display, so that a hook cannot change what the lesson shows
        hook(ax)
    plt.close(ax.figure)


def save(ax: Axes, stem: Path) -> list[Path]:
    """Write the Axes' figure as ``stem``.png and ``stem``.svg, byte-identical on every run.

    Args:
        ax: the chart to save.
        stem: the path without its suffix; missing folders are created.

    Returns the two paths written (PNG at slide size, then SVG).
    """
    figure = ax.figure
    stem.parent.mkdir(parents=True, exist_ok=True)
    paths = [stem.with_suffix(".png"), stem.with_suffix(".svg")]
    with house_style():
        figure.savefig(paths[0], metadata=PNG_METADATA, dpi=192, bbox_inches="tight")
        figure.savefig(paths[1], metadata=SVG_METADATA, bbox_inches="tight")
    return paths
