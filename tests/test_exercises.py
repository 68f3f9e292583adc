"""Every exercise checker: a right answer, a wrong one, and the untouched placeholder."""

from __future__ import annotations

import pytest

from helpers import exercises

RIGHT_ANSWERS = {
    "00.1": 74,
    "00.2": 36,
    "00.3": "Casualties ",
    "01.1": -84.4,
    "01.2": 2019,
    "01.3": 1.57,
    "01.4": 0.55,
    "02.1": 2.68,
    "02.2": 14545,
    "02.3": 995000,
    "03.1": 12.8,
    "03.2": 6,
    "03.3": 31.3,
    "04.1": 16,
    "04.2": 109,
    "04.3": "ians-2025-09-12",
}


def test_every_exercise_has_a_right_answer_here():
    assert set(RIGHT_ANSWERS) == set(exercises.EXERCISES)


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_right_answer(exercise_id):
    assert exercises.feedback(exercise_id, RIGHT_ANSWERS[exercise_id]).startswith("Right!")


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
@pytest.mark.parametrize("wrong", [123456789, "a guess", True, [1, 2]])
def test_wrong_answer_says_where_to_look_without_the_answer(exercise_id, wrong):
    message = exercises.feedback(exercise_id, wrong)
    assert message.startswith("Not yet: look again:")
    assert str(RIGHT_ANSWERS[exercise_id]).strip().casefold() not in message.casefold()


@pytest.mark.parametrize("exercise_id", sorted(exercises.EXERCISES))
def test_placeholder_is_not_answered_yet(exercise_id):
    assert exercises.feedback(exercise_id, ...).startswith("Not answered yet")


def test_check_prints_the_feedback(capsys):
    exercises.check("00.2", ...)
    assert capsys.readouterr().out.startswith("Not answered yet")


def test_confirm_prints_or_stops():
    with pytest.raises(AssertionError, match="No longer true"):
        exercises.confirm("the sky is green", False)
