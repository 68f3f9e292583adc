"""How an exercise judges an answer: the kinds of exercise and the feedback they give.

What belongs here: the checking machinery shared by every lesson (numbers, choices, words,
written answers, two-part questions) and the diagnoses that apply to any of them: text typed
where a number is asked, a fraction where a percent is asked, a sign error, a rounding slip.
What does not: the exercises themselves (one module per lesson in this package) and anything
that loads or draws data.

Every message starts with one of three words, so a lesson, a test or a grader can tell them
apart: ``Right!`` (or ``Thanks!`` for a written answer), ``Not yet:`` or ``Not answered yet``.
No "Not yet" message ever contains the expected answer.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from numbers import Real

RIGHT, THANKS, AGAIN, NOT_YET = "Right!", "Thanks!", "Not yet:", "Not answered yet"

_NUMBER_TEXT = re.compile(r"^\s*[-+]?[\d,]*\.?\d+\s*%?\s*$")


def _not_answered(answer: object) -> bool:
    return answer is ... or answer is None


def _not_answered_message() -> str:
    return f"{NOT_YET}: replace the ... with your answer, then run the cell again."


def _close(value: float, target: float, tolerance: float) -> bool:
    return math.isclose(value, target, rel_tol=1e-9, abs_tol=max(tolerance, 1e-9))


@dataclass(frozen=True)
class Mistake:
    """A wrong answer we can name: a figure from a related row, a step left out.

    ``value`` computes that wrong answer from the data (so it follows updates); ``says`` is
    what the student is told when they give it. ``says`` must not contain the right answer.
    """

    value: Callable[[], object]
    says: str


@dataclass(frozen=True)
class NumberExercise:
    """An exercise answered with one number.

    Arguments:
        question: the question as the lesson asks it.
        expected: computes the right answer from the data when called.
        hint: where to look again, shown after a wrong answer that no diagnosis explains.
            Followed literally, it must lead to the right answer (``hint_code`` is tested).
        meaning: one sentence shown after a right answer: what the result means.
        tolerance: how far from ``expected()`` still counts as right (for rounding).
        unit: ``"percent"`` when the answer is a percent (then a fraction gets its own
            diagnosis), ``"ratio"`` when it is a plain ratio (then a percent does), ``"year"``
            when it is a calendar year (then a near miss is another year, not a rounding slip,
            and gets the hint).
        mistakes: wrong answers that can be named (a related row's figure, a step skipped).
        hint_code: the hint as a Python expression; the tests evaluate it against the data
            and check that it gives ``expected()``.
    """

    question: str
    expected: Callable[[], object]
    hint: str
    meaning: str
    tolerance: float = 0.0
    unit: str = ""
    mistakes: Sequence[Mistake] = ()
    hint_code: str | None = None

    def feedback(self, answer: object) -> str:
        """Return the message for ``answer``."""
        if _not_answered(answer):
            return _not_answered_message()
        if isinstance(answer, str):
            if _NUMBER_TEXT.match(answer):
                return (
                    f"{AGAIN} you typed text (it is inside quotes). Type the number itself, "
                    'without quotes, commas or a % sign: write 12.5, not "12.5".'
                )
            return f"{AGAIN} this question wants a number, not words. Type digits, like 42."
        if isinstance(answer, bool) or not isinstance(answer, Real):
            return f"{AGAIN} give one number (like 42 or -3.5), not {type(answer).__name__}."
        given = float(answer)
        expected = float(self.expected())
        if _close(given, expected, self.tolerance):
            return f"{RIGHT} {self.meaning}"
        for mistake in self.mistakes:
            if _close(given, float(mistake.value()), self.tolerance):
                return f"{AGAIN} {mistake.says}"
        if expected != 0 and _close(-given, expected, self.tolerance):
            return f"{AGAIN} check the sign: does the number go up or down?"
        if self.unit == "percent" and _close(given * 100, expected, self.tolerance * 100):
            return (
                f"{AGAIN} that looks like a fraction (a share of 1). The question asks for a "
                "percent: multiply by 100."
            )
        if self.unit == "ratio" and _close(given / 100, expected, self.tolerance):
            return (
                f"{AGAIN} that looks like a percent. The question asks for a ratio: "
                "do not multiply by 100."
            )
        near = max(abs(expected) * 0.02, 2 * self.tolerance)
        if self.unit != "year" and expected != 0 and abs(given - expected) <= near:
            if self.tolerance == 0 and float(expected).is_integer():
                return (
                    f"{AGAIN} close, but a count must be exact: check which rows you kept "
                    "and what you added up."
                )
            return f"{AGAIN} close, but not within the rounding asked for. Check the rounding."
        return f"{AGAIN} {self.hint}"


@dataclass(frozen=True)
class WordExercise:
    """An exercise answered with one word or id, such as a measure name or a source id.

    ``mistakes`` maps a wrong answer that can be named (case does not matter) to what the
    student is told. Other arguments are as for :class:`NumberExercise`.
    """

    question: str
    expected: Callable[[], str]
    hint: str
    meaning: str
    mistakes: Mapping[str, str] = field(default_factory=dict)
    hint_code: str | None = None

    def feedback(self, answer: object) -> str:
        """Return the message for ``answer``."""
        if _not_answered(answer):
            return _not_answered_message()
        if not isinstance(answer, str):
            return f'{AGAIN} type the answer as text, inside quotes, like "killed".'
        given = answer.strip().strip("'\"").casefold()
        if given == str(self.expected()).casefold():
            return f"{RIGHT} {self.meaning}"
        for wrong, says in self.mistakes.items():
            if given == wrong.casefold():
                return f"{AGAIN} {says}"
        return f"{AGAIN} {self.hint}"


@dataclass(frozen=True)
class Option:
    """One choice of a :class:`ChoiceExercise`: its text, whether it is right, and why."""

    text: str
    right: bool
    why: str


@dataclass(frozen=True)
class ChoiceExercise:
    """An exercise where the student judges a claim by picking one lettered option.

    ``options`` maps each letter to an :class:`Option`; exactly one is right. Whatever the
    student picks, they are told why that option is right or wrong.
    """

    question: str
    options: Mapping[str, Option]
    meaning: str = ""
    hint_code: str | None = None

    def __post_init__(self) -> None:
        if sum(option.right for option in self.options.values()) != 1:
            raise ValueError(f"exactly one option must be right: {self.question}")

    def expected(self) -> str:
        """Return the letter of the right option."""
        return next(letter for letter, option in self.options.items() if option.right)

    def choices(self) -> str:
        """Return the question, then the options as lines "a) ...", for the lesson to print."""
        lines = [self.question, *(f"{key}) {option.text}" for key, option in self.options.items())]
        return "\n".join(lines)

    def feedback(self, answer: object) -> str:
        """Return the message for ``answer``."""
        if _not_answered(answer):
            return _not_answered_message()
        letters = ", ".join(f'"{letter}"' for letter in self.options)
        if not isinstance(answer, str):
            return f"{AGAIN} answer with one letter in quotes: {letters}."
        letter = answer.strip().strip("()").rstrip(")").casefold()
        if letter not in self.options:
            return f"{AGAIN} answer with one of the letters {letters}."
        option = self.options[letter]
        if option.right:
            return f"{RIGHT} {option.why} {self.meaning}".rstrip()
        return f"{AGAIN} {option.why}"


@dataclass(frozen=True)
class WrittenExercise:
    """A question answered in the student's own words; any honest attempt is accepted.

    After an attempt of at least ``min_words`` words the student sees ``model_answer`` to
    compare with. ``expected()`` returns the model answer (the solutions show it).
    """

    question: str
    model_answer: str
    min_words: int = 8

    def expected(self) -> str:
        """Return the model answer."""
        return self.model_answer

    def feedback(self, answer: object) -> str:
        """Return the message for ``answer``."""
        if _not_answered(answer):
            return _not_answered_message()
        if not isinstance(answer, str):
            return f'{AGAIN} write your answer as text inside quotes: answer = "I think ..."'
        words = answer.split()
        if len(words) < self.min_words or len({word.casefold() for word in words}) < 4:
            return (
                f"{AGAIN} write at least {self.min_words} words: a full sentence or two that "
                "gives your reason."
            )
        return f"{THANKS} Compare your answer with this model answer: {self.model_answer}"


@dataclass(frozen=True)
class TwoPartExercise:
    """A question with two or more parts, answered as a tuple: ``answer = (1.5, "slower")``.

    Each part is an exercise of its own; the student is told which parts are right.
    """

    question: str
    parts: Sequence[NumberExercise | WordExercise | ChoiceExercise]
    meaning: str = ""

    def expected(self) -> tuple:
        """Return the right answer of each part, in order."""
        return tuple(part.expected() for part in self.parts)

    def feedback(self, answer: object) -> str:
        """Return the message for ``answer``: one line per part, or a note on the shape."""
        if _not_answered(answer):
            return _not_answered_message()
        count = len(self.parts)
        if not isinstance(answer, tuple | list) or len(answer) != count:
            return (
                f"{AGAIN} this question has {count} parts: give {count} answers in brackets, "
                'separated by commas, like (2.5, "faster").'
            )
        lines = [part.feedback(given) for part, given in zip(self.parts, answer, strict=True)]
        if all(line.startswith(RIGHT) for line in lines):
            return f"{RIGHT} {self.meaning}".rstrip()
        verdicts = [
            "right" if line.startswith(RIGHT) else line.removeprefix(AGAIN).strip().rstrip(".")
            for line in lines
        ]
        report = "; ".join(
            f"part {number}: {verdict}" for number, verdict in enumerate(verdicts, start=1)
        )
        return f"{AGAIN} {report}."


Exercise = NumberExercise | WordExercise | ChoiceExercise | WrittenExercise | TwoPartExercise
