"""Charts in one house style: every function takes ``ax=None``, draws, and returns the Axes.

Each chart gets a title, a subtitle with its scope, labelled axes with units, a zero baseline
for counts, thousands separators, and a footer "Source: ..." built from the ``source_ids`` of
the rows it actually draws (never typed by hand). Each also writes a one-sentence description
(alt text): read it with :func:`alt_text`. End a chart cell with :func:`show`. Drawing never
changes a global matplotlib setting; :func:`use_house_style` gives your own charts the look.

This package re-exports what the lessons, solutions and course tooling call as
``charts.<name>``, and nothing else. Its modules, shared parts below the chart modules:

- shared: :mod:`~helpers.charts.style` (house style, colours, axis helpers),
  :mod:`~helpers.charts.finish` (title, subtitle, footer, alt text),
  :mod:`~helpers.charts.marks` (marks and their meanings, legend entries),
  :mod:`~helpers.charts.placement` (marks and labels that hide nothing),
  :mod:`~helpers.charts.output` (show, save, the ``on_show`` hook);
- one module per kind of chart, none importing another: :mod:`~helpers.charts.handovers`,
  :mod:`~helpers.charts.decay`, :mod:`~helpers.charts.estimates` (its layout in
  :mod:`~helpers.charts.range_layout`), :mod:`~helpers.charts.key`,
  :mod:`~helpers.charts.over_time`, :mod:`~helpers.charts.timelines`,
  :mod:`~helpers.charts.checks`.

Does not belong here: calculations (:mod:`helpers.analysis`), citations
(:mod:`helpers.sources`), exporting charts for the course site (course tooling does that
through :data:`on_show`), and wording for one lesson (lessons pass titles and subtitles in).
To add a chart: see "Where a new thing goes" in ``docs/architecture.md``.
"""

from __future__ import annotations

from helpers.charts.checks import plot_reported_totals_check
from helpers.charts.decay import handover_gap_months, plot_decay_fit
from helpers.charts.estimates import plot_estimate_ranges
from helpers.charts.finish import alt_text, footer_text, subtitle_text
from helpers.charts.handovers import handover_timing, plot_running_total, plot_yearly_handovers
from helpers.charts.key import estimator_key, plot_estimator_key
from helpers.charts.marks import estimate_label, estimator_style
from helpers.charts.output import on_show, save, show
from helpers.charts.over_time import plot_estimates_over_time
from helpers.charts.style import ACCENT, house_style, use_house_style
from helpers.charts.timelines import (
    Panel,
    plot_estimate_panels,
    plot_killed_beside_casualties,
    plot_troops_sent_and_present,
)

__all__ = [
    "ACCENT",
    "Panel",
    "alt_text",
    "estimate_label",
    "estimator_key",
    "estimator_style",
    "footer_text",
    "handover_gap_months",
    "handover_timing",
    "house_style",
    "on_show",
    "plot_decay_fit",
    "plot_estimate_panels",
    "plot_estimate_ranges",
    "plot_estimates_over_time",
    "plot_estimator_key",
    "plot_killed_beside_casualties",
    "plot_reported_totals_check",
    "plot_running_total",
    "plot_troops_sent_and_present",
    "plot_yearly_handovers",
    "save",
    "show",
    "subtitle_text",
    "use_house_style",
]
