"""How an exercise judges an answer: the kinds of exercise and the feedback they give.

What belongs here: the checking machinery shared by every lesson (numbers, choices, words,
two-part questions) and the diagnoses that apply to any of them: text typed where a number is
asked, a fraction where a percent is asked, a sign error, a rounding slip, a number typed with
commas for thousands, the parts of a two-part answer swapped. What does not: written answers
(:mod:`helpers.exercises.written`), the kernel's messages for slips that stop a cell before any
check runs (:mod:`helpers.exercises.slips`), the exercises themselves (one module per lesson in
this package) and anything that loads or draws data.

Rounding has one rule: an answer asked for "rounded to N decimals" is right when it is that
rounding of the exact value, or the exact value itself (as Python computes it); nothing else.

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


def _same(value: float, target: float) -> bool:
    """Return True when ``value`` is ``target`` up to the noise of computer arithmetic."""
    return math.isclose(value, target, rel_tol=1e-9, abs_tol=1e-9)


def _matches(value: float, exact: float, decimals: int | None) -> bool:
    """Return True when ``value`` is ``exact``, or ``exact`` rounded to ``decimals``."""
    return _same(value, exact) or (decimals is not None and _same(value, round(exact, decimals)))


def _within_rounding(given: float, target: float) -> bool:
    """Return True when ``given`` is ``target`` rounded to the decimals it was written with.

    ``0.3``, ``0.32`` and ``0.317`` are all within rounding of 0.31667; 0 never is.
    """
    if given == 0 or target == 0:
        return False
    written = max(_decimals_in(given), 1)
    return _same(given, round(target, written)) or _same(given, target)


def _decimals_in(value: float) -> int:
    """Return how many decimals ``value`` was written with (at most 12)."""
    text = f"{value:.12f}".rstrip("0")
    return len(text.split(".")[1]) if "." in text else 0


def _in_words(decimals: int) -> str:
    """Return "one decimal", "two decimals", ... for ``decimals``."""
    names = {1: "one decimal", 2: "two decimals", 3: "three decimals"}
    return names.get(decimals, f"{decimals} decimals")


def describe(value: object) -> str:
    """Return what ``value`` is in plain words: "a piece of text", "a column of numbers", ...

    Used in messages instead of Python's or pandas' type names, which the lessons never teach.
    """
    if isinstance(value, str):
        return "a piece of text"
    if isinstance(value, bool):
        return "True or False (the result of a comparison)"
    if isinstance(value, Real):
        return "a number"
    if isinstance(value, dict):
        return "a dictionary (names with values)"
    if isinstance(value, tuple) and len(value) == 1:
        return f"your answer with a comma after it. {LONE_COMMA}"
    if isinstance(value, tuple | list | set):
        return f"{len(value)} answers in a list"
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and len(shape) == 2:
        return "a whole table (rows and columns)"
    if isinstance(shape, tuple) and len(shape) == 1:
        return "a column of values" if shape[0] != 1 else "a column holding one value"
    if callable(value):
        return "a tool itself, not its result (did you forget the round brackets?)"
    return "something that is not a number or a piece of text"


def _one_value_hint(value: object) -> str:
    """Return advice for a column or list that holds one value, else an empty string."""
    shape = getattr(value, "shape", None)
    if isinstance(shape, tuple) and len(shape) == 1 and shape[0] == 1:
        return (
            " Take the value out of it: add .iloc[0] at the end, or pick one cell with "
            ".loc[row, column]."
        )
    return ""


def thousands(parts: Sequence[object]) -> bool:
    """Return True when ``parts`` look like one number typed with commas for thousands.

    Python reads ``3,000`` as two numbers, 3 and 0: a whole number followed by whole numbers
    of three digits or fewer (0 to 999).
    """
    if len(parts) < 2 or not all(
        isinstance(part, int) and not isinstance(part, bool) for part in parts
    ):
        return False
    return parts[0] != 0 and all(0 <= part <= 999 for part in parts[1:])


#: What a student is told whose answer ends with a stray comma (``answer = "b",``).
LONE_COMMA = (
    "A comma after your answer makes Python read it as a list of answers: remove the comma"
)


def lone_comma(answer: object) -> str | None:
    """Return the message for an answer typed with a stray comma after it, else None."""
    if isinstance(answer, tuple) and len(answer) == 1:
        return f"{AGAIN} {LONE_COMMA.lower()[0]}{LONE_COMMA[1:]} and run the cell again."
    return None


THOUSANDS = (
    "write numbers without commas: Python reads a comma as the end of one value, so a number "
    "typed with commas for the thousands becomes several numbers. Type the digits with no "
    "comma between them{typed}. A decimal takes a point, not a comma."
)


def thousands_message(parts: Sequence[object] = ()) -> str:
    """Return the message for a number typed with commas, with the digits it should be.

    ``(3, 0)``, what Python makes of ``3,000``, gives "... for 3,000 type 3000 ..."; parts
    that are not one such number (a two-part answer) give the message without the example.
    """
    if not thousands(parts):
        return THOUSANDS.format(typed="")
    digits = str(parts[0]) + "".join(f"{part:03d}" for part in parts[1:])
    commas = ",".join([str(parts[0]), *(f"{part:03d}" for part in parts[1:])])
    return THOUSANDS.format(typed=f": for {commas} type {digits}")


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
        decimals: the rounding the question asks for ("two decimals": 2). The rounded value
            and the exact value are right, nothing else. None: the exact value only.
        unit: ``"percent"`` when the answer is a percent, ``"per 100"`` when it is a rate
            per 100 (then a fraction, within rounding of the answer / 100, gets its own
            diagnosis worded as the question is), ``"ratio"`` when it is a plain ratio (then a
            percent does), ``"year"`` when it is a calendar year (then a near miss is another
            year, not a rounding slip, and gets the hint).
        mistakes: wrong answers that can be named (a related row's figure, a step skipped).
        hint_code: the hint as a Python expression; the tests evaluate it against the data
            and check that it gives ``expected()``.
    """

    question: str
    expected: Callable[[], object]
    hint: str
    meaning: str
    decimals: int | None = None
    unit: str = ""
    mistakes: Sequence[Mistake] = ()
    hint_code: str | None = None

    def accepts(self, value: float) -> bool:
        """Return True when ``value`` is right under the rounding rule (see the module)."""
        return _matches(value, float(self.expected()), self.decimals)

    def feedback(self, answer: object) -> str:
        """Return the message for ``answer``."""
        if _not_answered(answer):
            return _not_answered_message()
        if isinstance(answer, tuple | list) and thousands(answer):
            return f"{AGAIN} {thousands_message(answer)}"
        if lone_comma(answer):
            return lone_comma(answer)
        if isinstance(answer, str):
            if _NUMBER_TEXT.match(answer):
                return (
                    f"{AGAIN} you typed text (it is inside quotes). Type the number itself, "
                    'without quotes, commas or a % sign: write 12.5, not "12.5".'
                )
            return f"{AGAIN} this question wants a number, not words. Type digits, like 42."
        if isinstance(answer, bool) or not isinstance(answer, Real):
            return (
                f"{AGAIN} give one number (like 42 or -3.5); this is {describe(answer)}."
                f"{_one_value_hint(answer)}"
            )
        given = float(answer)
        expected = float(self.expected())
        if self.accepts(given):
            return f"{RIGHT} {self.meaning}"
        for mistake in self.mistakes:
            if _matches(given, float(mistake.value()), self.decimals):
                return f"{AGAIN} {mistake.says}"
        if expected != 0 and self.accepts(-given):
            return f"{AGAIN} check the sign: does the number go up or down?"
        step = 10.0 ** -(self.decimals or 0)
        if self.unit in ("percent", "per 100") and _within_rounding(given, expected / 100):
            asked = "a percent" if self.unit == "percent" else "a number per 100"
            return (
                f"{AGAIN} that looks like a fraction (a share of 1). The question asks for "
                f"{asked}: multiply by 100."
            )
        if self.unit == "ratio" and _within_rounding(given / 100, expected):
            return (
                f"{AGAIN} that looks like a percent. The question asks for a ratio: "
                "do not multiply by 100."
            )
        if self._fewer_decimals(given, expected):
            return f"{AGAIN} close. {self._rounding_advice(given)}"
        near = max(abs(expected) * 0.02, 2 * step if self.decimals else 0)
        if self.unit != "year" and expected != 0 and abs(given - expected) <= near:
            if self.decimals is None:
                return (
                    f"{AGAIN} close, but a count must be exact: check which rows you kept "
                    "and what you added up."
                )
            return f"{AGAIN} close. {self._rounding_advice(given)}"
        return f"{AGAIN} {self.hint}"

    def _fewer_decimals(self, given: float, expected: float) -> bool:
        """Return True when ``given`` is the expected value rounded to fewer decimals."""
        if not self.decimals or given == 0:
            return False
        written = _decimals_in(given)
        return written < self.decimals and _same(given, round(expected, written))

    def _rounding_advice(self, given: float) -> str:
        """Return what rounding was expected, for an answer close to the right one."""
        asked = _in_words(self.decimals)
        rule = (
            f"The question asks for the value rounded to {asked}, or the exact value as "
            "Python computes it; nothing in between."
        )
        keeps = (
            f"Python's round(value, {self.decimals}) keeps {_in_words(self.decimals)} of the "
            "exact value, rounding the last one up or down."
        )
        written = _decimals_in(given)
        if written > self.decimals:
            return f"You gave {_in_words(written)}. {rule} {keeps}"
        if written < self.decimals:
            gave = _in_words(written) if written else "a whole number"
            return f"You gave {gave}. {rule} {keeps}"
        return (
            f"{rule} Round the exact value once ({keeps[:-1]}): cutting "
            "digits off, rounding a rounded number or a figure read off a table can end one "
            "off. If it still differs, check the figures you took."
        )


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
        if lone_comma(answer):
            return lone_comma(answer)
        if not isinstance(answer, str):
            return (
                f'{AGAIN} type the answer as text, inside quotes, like "killed"; this is '
                f"{describe(answer)}."
            )
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
        if lone_comma(answer):
            return lone_comma(answer)
        if not isinstance(answer, str):
            return (
                f"{AGAIN} answer with one letter in quotes: {letters}; this is {describe(answer)}."
            )
        letter = answer.strip().strip("()").rstrip(")").casefold()
        if letter not in self.options:
            return f"{AGAIN} answer with one of the letters {letters}."
        option = self.options[letter]
        if option.right:
            return f"{RIGHT} {option.why} {self.meaning}".rstrip()
        return f"{AGAIN} {option.why}"


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
        example = self._example()
        if (
            isinstance(answer, tuple | list)
            and len(answer) > count
            and self._has_thousands(answer)
        ):
            return f"{AGAIN} {thousands_message(answer)}"
        if (
            isinstance(answer, tuple | list)
            and len(answer) == count
            and not self._kinds_fit(answer)
            and thousands(answer)
        ):
            return f"{AGAIN} {thousands_message(answer)}"
        if not isinstance(answer, tuple | list) or len(answer) != count:
            return (
                f"{AGAIN} this question has {count} parts: give {count} answers in round "
                f"brackets, separated by commas, like {example}."
            )
        if not self._kinds_fit(answer) and self._kinds_fit(answer[::-1]):
            return (
                f"{AGAIN} the parts are in the wrong order: "
                f"{self._order_in_words()}, like {example}."
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

    def _kinds(self) -> list[str]:
        return ["number" if isinstance(part, NumberExercise) else "text" for part in self.parts]

    def _kinds_fit(self, answer: Sequence[object]) -> bool:
        """Return True when each given part is of the kind its part asks for."""
        return all(
            isinstance(given, str) == (kind == "text")
            and (kind == "text" or (isinstance(given, Real) and not isinstance(given, bool)))
            for kind, given in zip(self._kinds(), answer, strict=True)
        )

    def _order_in_words(self) -> str:
        names = {"number": "the number", "text": "the text in quotes"}
        ordinals = ["first", "second", "third", "fourth"]
        return ", ".join(
            f"{names[kind]} {ordinals[number]}" for number, kind in enumerate(self._kinds())
        )

    def _example(self) -> str:
        samples = {"number": ["2.5", "1234"], "text": ['"faster"', '"a"']}
        seen = {"number": 0, "text": 0}
        shown = []
        for kind in self._kinds():
            shown.append(samples[kind][seen[kind] % 2])
            seen[kind] += 1
        return f"({', '.join(shown)})"

    def _has_thousands(self, answer: Sequence[object]) -> bool:
        """Return True when some run of whole numbers in ``answer`` is a number with commas."""
        numbers = [isinstance(given, int) and not isinstance(given, bool) for given in answer]
        return any(
            numbers[start] and thousands(answer[start : start + 2])
            for start in range(len(answer) - 1)
        )


Exercise = NumberExercise | WordExercise | ChoiceExercise | TwoPartExercise
