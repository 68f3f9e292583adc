"""Self-checking exercises for the lessons: right, or what went wrong, never the answer.

In a lesson::

    exercises.explain_slips()  # once, in the first code cell
    answer = ...  # replace ... with your answer
    exercises.check("01.1", answer)
    exercises.model_answer("01.5")  # a written exercise's model answer, on request

What belongs here: the exercise bank, one module per lesson (``lesson_00`` ... ``lesson_04``),
which is lesson content kept beside the code that checks it; the checking machinery lives in
:mod:`helpers.exercises.checking` (written answers: :mod:`helpers.exercises.written`; the
kernel's plain messages for slips: :mod:`helpers.exercises.slips`); :func:`confirm` guards the
facts a lesson's text states. Importing this package changes nothing outside it.
What does not: loading, analysis or drawing (the lessons' exercises call those helpers).

Expected answers are computed from the data when checked, so they stay right when the data is
updated. An untouched placeholder gets "Not answered yet", never an exception.
"""

from __future__ import annotations

from helpers.exercises import lesson_00, lesson_01, lesson_02, lesson_03, lesson_04
from helpers.exercises.checking import (
    AGAIN,
    NOT_YET,
    RIGHT,
    THANKS,
    ChoiceExercise,
    Mistake,
    NumberExercise,
    Option,
    TwoPartExercise,
    WordExercise,
)
from helpers.exercises.slips import explain_slips
from helpers.exercises.written import KeyIdea, Nudge, WrittenExercise

Exercise = NumberExercise | WordExercise | ChoiceExercise | TwoPartExercise | WrittenExercise

__all__ = [
    "AGAIN",
    "EXERCISES",
    "NOT_YET",
    "RIGHT",
    "THANKS",
    "ChoiceExercise",
    "Exercise",
    "KeyIdea",
    "Mistake",
    "Nudge",
    "NumberExercise",
    "Option",
    "TwoPartExercise",
    "WordExercise",
    "WrittenExercise",
    "check",
    "choices",
    "confirm",
    "explain_slips",
    "feedback",
    "model_answer",
]

#: Every exercise of every lesson, by id ("01.3" is lesson 01's third exercise).
EXERCISES: dict[str, Exercise] = {
    **lesson_00.EXERCISES,
    **lesson_01.EXERCISES,
    **lesson_02.EXERCISES,
    **lesson_03.EXERCISES,
    **lesson_04.EXERCISES,
}


def feedback(exercise_id: str, answer: object) -> str:
    """Return the message for ``answer`` to exercise ``exercise_id``.

    Arguments:
        exercise_id: the exercise's id as the lesson shows it, like ``"01.2"``.
        answer: what the student typed; ``...`` (the placeholder) means not answered yet.

    Returns:
        One message starting "Right!" (or "Thanks!" for a written answer) with what the
        result means, "Not yet:" with what went wrong, or "Not answered yet".
    """
    return EXERCISES[exercise_id].feedback(answer)


def check(exercise_id: str, answer: object) -> None:
    """Print the message for ``answer`` to exercise ``exercise_id`` (see :func:`feedback`)."""
    print(feedback(exercise_id, answer))


def choices(exercise_id: str) -> None:
    """Print the question of a choice exercise, then its lettered options, one per line."""
    print(EXERCISES[exercise_id].choices())


def model_answer(exercise_id: str) -> None:
    """Print the model answer of written exercise ``exercise_id``, for a student who asks."""
    exercise = EXERCISES[exercise_id]
    if not isinstance(exercise, WrittenExercise):
        print(
            f"Exercise {exercise_id} is checked by exercises.check; only the written "
            "exercises have a model answer."
        )
        return
    print(exercise.model())


def confirm(statement: str, holds: bool) -> None:
    """Say nothing if ``holds`` is true; stop with an error naming ``statement`` if not.

    The lessons call it right after a sentence that states a number from the data, so a data
    update that makes the sentence wrong stops the notebook instead of leaving the text stale.
    """
    if not holds:
        raise AssertionError(
            f"The lesson's text says something the data no longer bears out: {statement}. "
            "If you changed or added cells above this one, undo that (or give your own "
            "variables new names), then restart the kernel and run all cells. If the lesson is "
            "as shipped, the data has changed: the text needs updating (tell your instructor)."
        )
