"""The hints of the parts of two-part exercises, followed literally, give the part's answer.

The generic tests in test_exercises.py check ``hint_code`` of whole exercises; a two-part
exercise keeps its hints in its parts, so they are checked here (expected answers come from
the data, through each part's ``expected()``).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import analysis, data, exercises
from helpers.exercises import TwoPartExercise

PARTS = [
    (exercise_id, number, part)
    for exercise_id, exercise in sorted(exercises.EXERCISES.items())
    if isinstance(exercise, TwoPartExercise)
    for number, part in enumerate(exercise.parts, start=1)
    if getattr(part, "hint_code", None)
]


@pytest.mark.parametrize(
    ("exercise_id", "number", "part"), PARTS, ids=[f"{e}-part{n}" for e, n, _ in PARTS]
)
def test_a_part_hint_followed_literally_gives_the_part_answer(exercise_id, number, part):
    namespace = {
        "analysis": analysis,
        "data": data,
        "np": np,
        "pd": pd,
        "handovers": data.load_handovers(),
        "estimates": data.load_estimates(),
        "claims": data.load_claims(),
        "sources": data.load_sources(),
    }
    result = eval(part.hint_code, namespace)  # the hint's own code, from this package
    expected = part.expected()
    if isinstance(expected, str):
        assert str(result) == expected
    else:
        tolerance = getattr(part, "tolerance", 0.0)
        assert abs(float(result) - float(expected)) <= max(tolerance, 1e-9), (result, expected)
