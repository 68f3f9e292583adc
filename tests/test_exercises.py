"""Every exercise checker, with expected answers taken from the data (never typed in here).

For each exercise: its own expected answer is accepted; the placeholder is "not answered yet";
no wrong answer's message contains the expected answer; the hint's code, run on the data, gives
the expected answer; and the general diagnoses (text for a number, fraction for a percent, a
sign error) fire where they apply.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from helpers import analysis, data, exercises
from helpers.exercises import (
    ChoiceExercise,
    NumberExercise,
    TwoPartExercise,
    WordExercise,
    WrittenExercise,
)

IDS = sorted(exercises.EXERCISES)
WRONG_ANSWERS = [123456789, -0.000123, "a guess", True, [1, 2], (1, 2, 3), "zz"]


def _right_answer(exercise):
    return exercise.expected()


def _spellings(value) -> set[str]:
    """Ways the expected answer could appear in a message."""
    if isinstance(value, tuple):
        return set().union(*(_spellings(part) for part in value))
    if isinstance(value, str):
        return {value.strip().casefold()} if len(value.strip()) > 2 else set()
    number = float(value)
    found = {f"{number:g}", f"{number:,.0f}" if abs(number) >= 1000 else f"{number:g}"}
    if number == int(number):
        found.add(str(int(number)))
    return {spelling for spelling in found if len(spelling.lstrip("-")) >= 2}


def _namespace() -> dict:
    return {
        "analysis": analysis,
        "data": data,
        "np": np,
        "pd": pd,
        "handovers": data.load_handovers(),
        "estimates": data.load_estimates(),
        "claims": data.load_claims(),
        "sources": data.load_sources(),
    }


@pytest.mark.parametrize("exercise_id", IDS)
def test_right_answer_is_accepted(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    message = exercises.feedback(exercise_id, _right_answer(exercise))
    assert message.startswith(("Right!", "Thanks!")), message


@pytest.mark.parametrize("exercise_id", IDS)
def test_placeholder_is_not_answered_yet(exercise_id):
    assert exercises.feedback(exercise_id, ...).startswith("Not answered yet")


@pytest.mark.parametrize("exercise_id", IDS)
@pytest.mark.parametrize("wrong", WRONG_ANSWERS, ids=repr)
def test_wrong_answer_never_contains_the_answer(exercise_id, wrong):
    exercise = exercises.EXERCISES[exercise_id]
    message = exercises.feedback(exercise_id, wrong)
    if isinstance(exercise, WrittenExercise):
        return  # any honest attempt is accepted, then the model answer is shown
    assert message.startswith("Not yet:"), message
    for spelling in _spellings(exercise.expected()):
        assert spelling not in message.casefold(), (spelling, message)


#: Every exercise with a hint in code, and every part of a two-part exercise with one.
HINTED = [
    (f"{exercise_id}-part{number}" if number else exercise_id, checked)
    for exercise_id, exercise in sorted(exercises.EXERCISES.items())
    for number, checked in (
        enumerate(exercise.parts, start=1)
        if isinstance(exercise, TwoPartExercise)
        else [(0, exercise)]
    )
    if getattr(checked, "hint_code", None)
]


@pytest.mark.parametrize(("label", "exercise"), HINTED, ids=[label for label, _ in HINTED])
def test_hint_followed_literally_gives_the_answer(label, exercise):
    result = eval(exercise.hint_code, _namespace())  # the hint's own code, from this package
    expected = exercise.expected()
    if isinstance(expected, str):
        assert str(result) == expected
    else:
        tolerance = getattr(exercise, "tolerance", 0.0)
        assert abs(float(result) - float(expected)) <= max(tolerance, 1e-9), (result, expected)


@pytest.mark.parametrize("exercise_id", IDS)
def test_named_mistakes_are_wrong_and_do_not_reveal(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    parts = exercise.parts if isinstance(exercise, TwoPartExercise) else [exercise]
    for part in parts:
        if isinstance(part, NumberExercise):
            for mistake in part.mistakes:
                message = part.feedback(mistake.value())
                assert message.startswith("Not yet:"), message
                for spelling in _spellings(part.expected()):
                    assert spelling not in message.casefold()
        if isinstance(part, WordExercise):
            for wrong in part.mistakes:
                assert part.feedback(wrong).startswith("Not yet:")


@pytest.mark.parametrize("exercise_id", IDS)
def test_number_typed_as_text_is_told_it_is_text(exercise_id):
    exercise = exercises.EXERCISES[exercise_id]
    if not isinstance(exercise, NumberExercise):
        pytest.skip("not a number exercise")
    message = exercise.feedback(f"{exercise.expected()}")
    assert "text" in message and "quotes" in message


def test_fraction_for_percent_sign_error_and_rounding():
    exercise = NumberExercise("q", lambda: -84.4, "hint", "m", tolerance=0.15, unit="percent")
    assert "fraction" in exercise.feedback(-0.844)
    assert "sign" in exercise.feedback(84.4)
    assert "rounding" in exercise.feedback(-85.0)
    assert exercise.feedback(-84.43).startswith("Right!")
    assert "84" not in exercise.feedback(-0.844)


def test_choice_explains_each_option():
    exercise = ChoiceExercise(
        "q",
        {
            "a": exercises.Option("yes", False, "Because A is wrong."),
            "b": exercises.Option("no", True, "Because B holds."),
        },
    )
    assert exercise.feedback("a") == "Not yet: Because A is wrong."
    assert exercise.feedback(" B ").startswith("Right! Because B holds.")
    assert "one of the letters" in exercise.feedback("c")
    with pytest.raises(ValueError):
        ChoiceExercise("q", {"a": exercises.Option("x", False, "")})


def test_written_accepts_an_honest_attempt_and_shows_the_model():
    exercise = WrittenExercise("q", "The model answer.")
    assert exercise.feedback("too short").startswith("Not yet:")
    message = exercise.feedback("I think the two counts differ: they count different things")
    assert message.startswith("Thanks!") and "The model answer." in message


def test_two_part_checks_both_parts():
    exercise = TwoPartExercise(
        "q",
        [
            NumberExercise("q1", lambda: 1.5, "hint one", "m", tolerance=0.01),
            WordExercise("q2", lambda: "slower", "hint two", "m"),
        ],
    )
    assert exercise.feedback((1.5, "slower")).startswith("Right!")
    assert "part 2" in exercise.feedback((1.5, "faster"))
    assert "part 1: right" in exercise.feedback((1.5, "faster"))
    assert "2 parts" in exercise.feedback(1.5)


def test_check_prints_the_feedback(capsys):
    exercises.check(IDS[0], ...)
    assert capsys.readouterr().out.startswith("Not answered yet")


def test_confirm_is_silent_when_true_and_stops_when_false(capsys):
    exercises.confirm("the sky is blue", True)
    assert capsys.readouterr().out == ""
    with pytest.raises(AssertionError, match="no longer bears out"):
        exercises.confirm("the sky is green", False)


def test_a_near_year_is_not_called_a_rounding_slip():
    exercise = NumberExercise("q", lambda: 2020, "look again", "m", unit="year")
    assert exercise.feedback(2021) == "Not yet: look again"
    assert exercise.feedback(2020).startswith("Right!")


@pytest.mark.parametrize("lesson", sorted({exercise_id[:2] for exercise_id in IDS}))
def test_each_lesson_has_four_exercises_and_a_written_one(lesson):
    own = [exercise for key, exercise in exercises.EXERCISES.items() if key.startswith(lesson)]
    assert len(own) >= 4
    assert any(isinstance(exercise, WrittenExercise) for exercise in own)
