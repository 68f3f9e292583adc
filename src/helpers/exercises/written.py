"""Written answers, judged on what they say: the key ideas a good answer touches.

Each written exercise lists a few key ideas. An idea is "touched" when the answer contains one
of the words or phrases that signal it (lower case, word stems: ``wound*`` matches wounded and
wounds; no guessing beyond that). An answer that touches enough ideas is thanked and shown the
model answer. Otherwise the student is asked the question of a missing idea, which points to
it without giving it away. An answer that argues against the evidence (a nudge's signal, not
softened by "not", "no", "may", "suggests" and the like just before it) gets that nudge
instead. Filler and text too short to say anything get neither praise nor the model answer; a
student who wants the model answer anyway asks for it with ``exercises.model_answer("02.5")``.

What belongs here: that matching and those messages. What does not: the exercises' ideas
(in the lesson modules) and every other kind of exercise (:mod:`helpers.exercises.checking`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from helpers.exercises.checking import AGAIN, NOT_YET, THANKS, describe

#: Words that, just before a signal, soften or deny it: "not lying", "may be lying".
_SOFTENERS = re.compile(
    r"\b(not|no|never|nor|neither|nobody|without|need|needs|needn't|isn't|aren't|wasn't|"
    r"don't|doesn't|didn't|can't|cannot|may|might|could|maybe|perhaps|if|whether|even|"
    r"claim|claims|suggest|suggests|imply|implies|accuse|accuses|say|says|said|saying|as if)\b"
)


def normalise(text: str) -> str:
    """Return ``text`` in lower case, with straight quotes and single spaces."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())


def pattern(signal: str) -> re.Pattern[str]:
    """Return the regular expression of ``signal``: words in order, ``*`` for any ending.

    ``"set aside"`` matches "set aside" and "set  aside"; ``"wound*"`` matches "wounded";
    a signal starting with ``^`` must open the answer.
    """
    anchored = signal.startswith("^")
    words = signal.lstrip("^").split()
    parts = [
        re.escape(word.rstrip("*"))
        + (r"\w*" if word.endswith("*") else r"\b" if word[-1].isalnum() else "")
        for word in words
    ]
    body = r"\W+".join(parts)
    return re.compile((r"^\W*" if anchored else r"(?<!\w)") + body)


def touches(text: str, signals: Sequence[str]) -> bool:
    """Return True when the normalised ``text`` contains one of ``signals``."""
    return any(pattern(signal).search(text) for signal in signals)


def asserts(text: str, signals: Sequence[str]) -> bool:
    """Return True when ``text`` states one of ``signals`` without softening or denying it.

    A signal counts as denied when one of "not", "no", "may", "even if" ... stands in the
    four words before it, as in "without anyone lying" or "they do not contradict".
    """
    for signal in signals:
        for found in pattern(signal).finditer(text):
            before = " ".join(text[: found.start()].split()[-4:])
            if signal.startswith("^") or not _SOFTENERS.search(before):
                return True
    return False


@dataclass(frozen=True)
class KeyIdea:
    """One idea a good written answer touches.

    Arguments:
        name: the idea in a few words, shown when an answer touches it.
        signals: words and phrases that signal it (see :func:`pattern`).
        question: asked when the idea is missing; it points to the idea without stating it.
        required: True when no answer counts as good without this idea.
    """

    name: str
    signals: Sequence[str]
    question: str
    required: bool = False


@dataclass(frozen=True)
class Nudge:
    """An answer that argues against the evidence: its signals, and what the student is told."""

    signals: Sequence[str]
    says: str


@dataclass(frozen=True)
class WrittenExercise:
    """A question answered in the student's own words, judged by the key ideas it touches.

    Arguments:
        question: the question as the lesson asks it.
        model_answer: shown after an answer that touches the ideas, or on request.
        ideas: the key ideas; ``needed`` of them (default: all) make an answer good.
        exercise_id: the id the lesson shows, for the call that asks for the model answer.
        nudges: answers that argue against the evidence.
        needed: how many ideas a good answer touches.
        min_words: fewer words than this is too short to judge.
    """

    question: str
    model_answer: str
    ideas: Sequence[KeyIdea]
    exercise_id: str
    nudges: Sequence[Nudge] = ()
    needed: int | None = None
    min_words: int = 8

    def expected(self) -> str:
        """Return the model answer."""
        return self.model_answer

    def touched(self, answer: str) -> list[KeyIdea]:
        """Return the ideas ``answer`` touches, in the exercise's order."""
        text = normalise(answer)
        return [idea for idea in self.ideas if touches(text, idea.signals)]

    def is_good(self, answer: str) -> bool:
        """Return True when ``answer`` touches enough ideas, the required ones among them."""
        touched = self.touched(answer)
        needed = len(self.ideas) if self.needed is None else self.needed
        required = all(idea in touched for idea in self.ideas if idea.required)
        return required and len(touched) >= needed

    def _ask_for_model(self) -> str:
        return (
            f'(Stuck? exercises.model_answer("{self.exercise_id}") shows a model answer; '
            "try once more first.)"
        )

    def feedback(self, answer: object) -> str:
        """Return the message for ``answer``."""
        if answer is ... or answer is None:
            return f"{NOT_YET}: replace the ... with your answer, then run the cell again."
        if not isinstance(answer, str):
            return (
                f'{AGAIN} write your answer as text inside quotes: answer = "I think ..."; '
                f"this is {describe(answer)}."
            )
        text = normalise(answer)
        for nudge in self.nudges:
            if asserts(text, nudge.signals):
                return f"{AGAIN} {nudge.says} {self._ask_for_model()}"
        words = re.findall(r"[^\W\d_]{3,}", answer)
        if len(answer.split()) < self.min_words or len({word.casefold() for word in words}) < 5:
            return (
                f"{AGAIN} write at least {self.min_words} words: a full sentence or two that "
                "gives your reason."
            )
        if self.is_good(answer):
            touched = "; ".join(idea.name for idea in self.touched(answer))
            return (
                f"{THANKS} Your answer touches the key ideas ({touched}). Compare it with "
                f"this model answer: {self.model_answer}"
            )
        touched = self.touched(answer)
        missing = [idea for idea in self.ideas if idea not in touched]
        missing.sort(key=lambda idea: not idea.required)
        start = (
            f"you have: {'; '.join(idea.name for idea in touched)}. "
            if touched
            else "your answer does not yet touch what the question is about. "
        )
        questions = " ".join(idea.question for idea in missing[:2])
        return f"{AGAIN} {start}Think about this: {questions} {self._ask_for_model()}"

    def model(self) -> str:
        """Return the model answer as shown on request."""
        return (
            "A model answer (yours can be worded differently and still be good): "
            f"{self.model_answer}"
        )
