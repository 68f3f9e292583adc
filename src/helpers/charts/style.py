"""The house style: its colours, its matplotlib style file, and axis helpers every chart uses.

The style lives in ``house.mplstyle`` beside this module. Charts draw and render inside it
(:func:`house_style`; chart functions are decorated with :func:`in_house_style`), so importing
the charts changes no global matplotlib setting. To give your own matplotlib charts the same
look, call :func:`use_house_style` once.

Belongs here: the style file's location, the house colours, the decorator, and axis helpers
with no meaning of their own (a new Axes, thousands separators, year ticks, numbers as floats).
Does not belong here: titles, footers and alt text (:mod:`helpers.charts.finish`), what a mark
means (:mod:`helpers.charts.marks`), showing and saving (:mod:`helpers.charts.output`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from contextlib import AbstractContextManager
from pathlib import Path

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.ticker import FuncFormatter, MaxNLocator

STYLE = Path(__file__).with_name("house.mplstyle")
PRIMARY, ACCENT, INK, GREY = "#0072B2", "#D55E00", "#333333", "#555555"
#: Points left out of a fit, and other marks that must not draw the eye.
MUTED = "#8C8C8C"


def house_style() -> AbstractContextManager:
    """Return a context in which matplotlib uses the house style, restoring settings after.

    Example: ``with charts.house_style(): ax = table.plot()``.
    """
    return plt.style.context(STYLE)


def use_house_style() -> None:
    """Make the house style matplotlib's default from now on, for your own charts too.

    The helpers' charts do not need this: they always draw in the house style.
    """
    plt.style.use(STYLE)


def in_house_style(draw):
    """Decorate a chart function so that it draws inside :func:`house_style`."""

    @functools.wraps(draw)
    def drawn_in_house_style(*args, **kwargs):
        with house_style():
            return draw(*args, **kwargs)

    return drawn_in_house_style


# --- footers and text ------------------------------------------------------------------------


def new_axes(ax: Axes | None) -> Axes:
    """Return ``ax``, or the Axes of a new figure when it is None."""
    if ax is None:
        _, ax = plt.subplots()
    return ax


def thousands(axis) -> None:
    """Label the axis' ticks with thousands separators (1,000)."""
    axis.set_major_formatter(FuncFormatter(lambda value, _: f"{value:,.0f}"))


def floats(values: pd.Series) -> np.ndarray:
    """Return nullable numbers as floats with NaN for missing (matplotlib rejects pd.NA)."""
    return values.astype("Float64").to_numpy(dtype=float, na_value=np.nan)


def year_axis(ax: Axes, years: Iterable[int]) -> None:
    """Label the x axis with whole years: every year when there are few, else a selection."""
    years = list(years)
    if len(years) <= 15:
        ax.set_xticks(years, [str(year) for year in years])
    else:
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
