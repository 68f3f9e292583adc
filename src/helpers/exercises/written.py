"""Written answers, judged on what they say: the key ideas a good answer touches.

Each written exercise lists a few key ideas. An idea is "touched" when the answer contains one
of the words or phrases that signal it (lower case, word stems: ``wound*`` matches wounded and
wounds; no guessing beyond that), and only where that signal sits in a real sentence (a verb
and a fair share of ordinary words like "the", "of", "because"), not in a list of keywords, and
is not denied ("not", "no", "does not" just before it) or dismissed ("is fine", "does not
matter" just after it). An answer with no real sentence is asked for sentences. An answer that
touches enough ideas is thanked and shown the model answer. Otherwise the student is asked the
question of a missing idea, which points to it without giving it away. An answer that argues
against the evidence (a nudge's signal, not softened by "not", "no", "may", "suggests" and the
like just before it) gets that nudge instead. Filler and text too short to say anything get
neither praise nor the model answer; a student who wants the model answer anyway asks for it
with ``exercises.model_answer("02.5")``.

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
    r"claim|claims|suggest|suggests|imply|implies|accuse|accuses|say|says|said|saying|as if|"
    r"seem|seems|seemed|appear|appears|rather|instead|wrongly|avoid|avoids|sound|sounds|"
    r"like|hint|hints|paint|paints|makes it look)\b"
)


def normalise(text: str) -> str:
    """Return ``text`` in lower case, with straight quotes and single spaces."""
    text = text.casefold().replace("\u2019", "'").replace("\u2018", "'")
    return " ".join(text.replace("\u201c", '"').replace("\u201d", '"').split())


def pattern(signal: str) -> re.Pattern[str]:
    """Return the regular expression of ``signal``: words in order, ``*`` for any ending.

    ``"set aside"`` matches "set aside" and "set  aside"; ``"wound*"`` matches "wounded";
    ``...`` stands for up to three words between ("includ* ... killed" matches "include the
    300 killed"); a signal starting with ``^`` must open the answer.
    """
    anchored = signal.startswith("^")
    body = ""
    for word in signal.lstrip("^").split():
        if word == "...":
            body += r"(?:\W+[\w']+){0,3}"
            continue
        body += (r"\W+" if body else "") + (
            re.escape(word.rstrip("*"))
            + (r"\w*" if word.endswith("*") else r"\b" if word[-1].isalnum() else "")
        )
    return re.compile((r"^\W*" if anchored else r"(?<!\w)") + body)


#: Words that, shortly before a signal in its clause, deny it: "do not need the method".
_DENIALS = re.compile(
    r"\b(not|no|never|nothing|none|nor|neither|without|needn't|isn't|aren't|wasn't|weren't|"
    r"don't|doesn't|didn't|cannot|can't)\b"
)

#: Where a clause ends: a denial or a dismissal reaches no further.
_CLAUSE_BREAK = re.compile(r",\s|[:;()]|\b(?:but|while|whereas|although|though|yet)\b")

#: Words that, shortly after a signal in its clause, deny or dismiss it: "admits is fine".
_DISMISSALS = re.compile(
    r"\b(is|are|was|were|does|do|did|has|have|had|will|would|can|could)\s+(not|never)\b|"
    r"\w+n't\b|\bcannot\b|\b(is|are|was|were)\s+(fine|irrelevant|unimportant|ok|okay)\b"
)

#: Ordinary function words: a real sentence has a fair share of them, a list of keywords not.
_FUNCTION_WORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an is are was were be been being of to and that because it its in on for with "
        "as by so but or not no this these those they them their there which who whom whose "
        "what how why when where can could may might would should will must do does did has "
        "have had i we you he she from at than then if only each both one any all more most "
        "some such also into over up out about while since until",
    )
)

#: Verbs a sentence of an answer can hang on: the helping verbs, and the common verbs of the
#: answers (word stems).
_VERBS = re.compile(
    r"\b(is|are|was|were|be|been|being|am|has|have|had|do|does|did|can|could|may|might|would|"
    r"should|will|must|shall|isn't|aren't|wasn't|don't|doesn't|didn't|can't|cannot|won't|"
    r"count\w*|say\w*|said|show\w*|give\w*|gave|mean\w*|mak\w*|made|come\w*|came|"
    r"includ\w*|differ\w*|cover\w*|tell\w*|told|know\w*|knew|think\w*|want\w*|need\w*|"
    r"explain\w*|depend\w*|suggest\w*|lie\w*|lied|lying|hid\w*|admit\w*|match\w*|add\w*|"
    r"use\w*|set|check\w*|compar\w*|find\w*|found|report\w*|claim\w*|fall\w*|fell|rise\w*|"
    r"rose|grew|grow\w*|happen\w*|took|take\w*|put\w*|sit\w*|hold\w*|held|look\w*|get\w*|got|"
    r"went|go\w*|became|become\w*|seem\w*|pil\w*|wait\w*|delay\w*|infer\w*|confirm\w*|"
    r"lag\w*|name\w*|drop\w*|chang\w*|stat\w*|cit\w*|attribut\w*|fit\w*|tak\w*)\b"
)


def sentences(text: str) -> list[str]:
    """Return the sentences of ``text``: the pieces between full stops, ! ? and semicolons."""
    return [part for part in re.split(r"[.!?;]+(?:\s+|$)", text) if part.strip()]


def is_sentence(text: str) -> bool:
    """Return True when ``text`` reads as a sentence, not a list of keywords.

    That is: at least four words, a verb, and at least one word in six an ordinary function
    word (the, a, is, of, to, and, that, because, ...). Numbers, dates and ids ("913",
    "16 September 2022", "yonhap-2022-09-16, para 4") are not counted as words: a reason
    that cites its source reads as a sentence too.
    """
    words = re.findall(r"[\w']+", text)
    if len(words) < 4 or not _VERBS.search(text):
        return False
    wordy = [word for word in words if not any(char.isdigit() for char in word)]
    ordinary = sum(word in _FUNCTION_WORDS for word in wordy)
    glue = {"the", "a", "an", "is", "are", "was", "were", "it", "its", "this", "that", "they"}
    if len(wordy) >= 8 and not glue & {word.casefold() for word in wordy}:
        return False  # a long run of words with no article, pronoun or "is": a keyword list
    return ordinary * 6 >= len(wordy)


def _separators_only(gap: str) -> bool:
    """Return True when ``gap`` holds only commas, "and", "or", "the", "a" and spaces."""
    return re.fullmatch(r"(?:[\s,/&'\"()-]|\band\b|\bor\b|\bthe\b|\ba\b|\ban\b)*", gap) is not None


def run_is_bare(text: str, run) -> bool:
    """Return True when the two phrases of ``run`` stand with only a comma, "and" or "or"
    between them ("admits and twice"), not in prose ("the yearly figures, and the Yonhap
    story gives 913")."""
    end = max(span[1] for span in run[0])
    gap = text[end : run[1][0][0]]
    return re.fullmatch(r"[\s,/&-]*(?:\b(?:and|or)\b[\s,/&-]*)?", gap) is not None


def listed(text: str, spans: Sequence[tuple[int, int, int]]) -> set[tuple[int, int, int]]:
    """Return the matches of ``spans`` that sit in a list of keywords, not in a sentence.

    ``spans`` are (start, end, idea) of every signal found in ``text``. Matches that overlap
    or stand next to each other with only spaces between are one phrase ("unattributed
    western estimate"). Phrases with nothing but commas, "and", "or" and articles between
    them make a list when there are three or more, or two with no idea in common ("admits and
    twice and soldiers"; not "include all 300 killed, plus the wounded", whose first phrase
    already holds the idea of the second).
    """
    phrases: list[list[tuple[int, int, int]]] = []
    for span in sorted(spans):
        if phrases and text[max(s[1] for s in phrases[-1]) : span[0]].strip() == "":
            phrases[-1].append(span)
        else:
            phrases.append([span])
    runs: list[list[list[tuple[int, int, int]]]] = []
    for phrase in phrases:
        end = max(span[1] for span in runs[-1][-1]) if runs else 0
        if runs and _separators_only(text[end : phrase[0][0]]):
            runs[-1].append(phrase)
        else:
            runs.append([phrase])
    found: set[tuple[int, int, int]] = set()
    for run in runs:
        first, second = ({idea for _, _, idea in phrase} for phrase in (run[0], run[-1]))
        if len(run) >= 3 or (len(run) == 2 and not first & second and run_is_bare(text, run)):
            found.update(span for phrase in run for span in phrase)
    return found


def touches(text: str, signals: Sequence[str]) -> bool:
    """Return True when the normalised ``text`` contains one of ``signals``."""
    return any(pattern(signal).search(text) for signal in signals)


def _clause_before(text: str, start: int) -> str:
    """Return the words of ``text`` before ``start`` back to the start of its clause."""
    return re.split(_CLAUSE_BREAK, text[:start])[-1]


def denied(text: str, start: int, end: int, absence: bool = False) -> bool:
    """Return True when the signal found at ``text[start:end]`` is denied or dismissed.

    Denied: "not", "no", "never", "nothing", "does not", "fine" ... in the eight words
    before it, in the same clause ("I do not need the original statement or the method";
    unless the idea is itself about something missing, ``absence``). Dismissed: "is not",
    "does not", "is fine", "is irrelevant" ... in the six words after it, in the same
    clause ("the wait was not longer", "excavation does not matter", "admits is fine").
    """
    before = " ".join(_clause_before(text, start).split()[-8:])
    after = " ".join(re.split(_CLAUSE_BREAK, text[end:])[0].split()[:6])
    return (
        (not absence and _DENIALS.search(before) is not None)
        or re.search(r"\b(fine|ok|okay)\b", before) is not None
        or _DISMISSALS.search(after) is not None
    )


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
        absence: True when the idea is itself about something missing ("it has no author",
            "we do not know how many were dug up"): then "no" or "not" before a signal does
            not deny it.
    """

    name: str
    signals: Sequence[str]
    question: str
    required: bool = False
    absence: bool = False


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
        required_note: the required idea in words a lesson can show without giving it away
            (for :meth:`needs_in_words`), when an idea is required and not all are needed.
    """

    question: str
    model_answer: str
    ideas: Sequence[KeyIdea]
    exercise_id: str
    nudges: Sequence[Nudge] = ()
    needed: int | None = None
    min_words: int = 8
    required_note: str = ""

    def needs_in_words(self) -> str:
        """Return how many key ideas a good answer touches, as the lesson says it.

        "both key ideas", "two of its three key ideas, one of them ...": the exercise cell
        says the model answer appears once an answer "touches" this.
        """
        numbers = {2: "two", 3: "three", 4: "four", 5: "five"}
        total = len(self.ideas)
        needed = total if self.needed is None else self.needed
        if needed == total:
            return "both key ideas" if total == 2 else f"all {numbers[total]} key ideas"
        note = f", {self.required_note}" if self.required_note else ""
        return f"{numbers[needed]} of its {numbers[total]} key ideas{note}"

    def expected(self) -> str:
        """Return the model answer."""
        return self.model_answer

    def touched(self, answer: str) -> list[KeyIdea]:
        """Return the ideas ``answer`` touches, in the exercise's order.

        An idea is touched by a signal that sits in a real sentence (see :func:`is_sentence`),
        not in a list of keywords (see :func:`listed`), and is neither denied nor dismissed
        (see :func:`denied`).
        """
        touched: set[int] = set()
        for sentence in sentences(normalise(answer)):
            if not is_sentence(sentence):
                continue
            spans = [
                (found.start(), found.end(), number)
                for number, idea in enumerate(self.ideas)
                for signal in idea.signals
                for found in pattern(signal).finditer(sentence)
            ]
            in_lists = listed(sentence, spans)
            for start, end, number in spans:
                if (start, end, number) in in_lists:
                    continue
                if not denied(sentence, start, end, self.ideas[number].absence):
                    touched.add(number)
        return [idea for number, idea in enumerate(self.ideas) if number in touched]

    def is_good(self, answer: str) -> bool:
        """Return True when ``answer`` touches enough ideas, the required ones among them."""
        touched = self.touched(answer)
        needed = len(self.ideas) if self.needed is None else self.needed
        required = all(idea in touched for idea in self.ideas if idea.required)
        return required and len(touched) >= needed

    def _missing(self, answer: str) -> list[KeyIdea]:
        """Return the ideas ``answer`` does not touch, the required ones first."""
        touched = self.touched(answer)
        missing = [idea for idea in self.ideas if idea not in touched]
        return sorted(missing, key=lambda idea: not idea.required)

    def _first_question(self, answer: str) -> str:
        """Return the question of the first idea ``answer`` misses, for a too-short answer.

        A short answer is rarely a full sentence, so here an idea counts as there when any
        of its signals is (``"Set aside."`` has the decision, though it is not a sentence).
        """
        text = normalise(answer)
        missing = [idea for idea in self._missing(answer) if not touches(text, idea.signals)]
        return f"Think about this: {missing[0].question}" if missing else ""

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
                f"gives your reason. {self._first_question(answer)}"
            )
        if not any(is_sentence(sentence) for sentence in sentences(text)):
            return (
                f"{AGAIN} write your answer in full sentences, not a list of words: say what "
                f"you think and why, as you would to a classmate. {self._ask_for_model()}"
            )
        if self.is_good(answer):
            touched = "; ".join(idea.name for idea in self.touched(answer))
            return (
                f"{THANKS} Your answer touches the key ideas ({touched}). Compare it with "
                f"this model answer: {self.model_answer}"
            )
        touched = self.touched(answer)
        missing = self._missing(answer)
        start = (
            f"your answer already covers: {'; '.join(idea.name for idea in touched)}. "
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
