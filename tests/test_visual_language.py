"""The visual language held by code: reserved marks stay reserved (docs/visual_language.md)."""

from __future__ import annotations

from helpers import estimator_styles
from helpers.charts import marks


def test_no_estimator_uses_a_reserved_marker():
    used = {marker for _, marker in estimator_styles.ESTIMATORS.values()}
    assert not used & set(marks.RESERVED_MARKERS)


def test_no_estimator_kind_is_drawn_in_the_reserved_ink_or_grey():
    colours = {colour.lower() for colour in estimator_styles.KIND_COLOURS.values()}
    assert marks.RESERVED_INK.lower() not in colours
    assert marks.LEFT_OUT.lower() not in colours


def test_the_reserved_marks_are_what_the_docs_say():
    assert marks.RECOMPUTED_LINE["marker"] == "."
    assert marks.REPORTED_TOTAL_MARKER == "_"
    assert marks.reported_total_style()["color"] == marks.RESERVED_INK
    assert marks.reported_total_style(set_aside=True)["color"] == marks.LEFT_OUT
    assert marks.reported_total_handle().get_label() == marks.REPORTED_TOTAL_LABEL
