"""Lesson 03's exercises (North Korean troops' losses in Russia's war against Ukraine).

Each number exercise picks the rows of ONE estimator on ONE date, as the lesson shows:
``estimates[(estimates["estimator"] == ...) & (estimates["as_of"] == ...)]``, then reads the
``best`` figure of each measure with ``.set_index("measure")["best"]``. The named mistakes are
the figures a student gets from a neighbouring row: another date, another measure, another
estimator, or the worked example of the lesson.
"""

from __future__ import annotations

import pandas as pd

from helpers import data
from helpers.exercises.checking import (
    ChoiceExercise,
    Mistake,
    NumberExercise,
    Option,
    TwoPartExercise,
)
from helpers.exercises.written import KeyIdea, Nudge, WrittenExercise

NIS = "South Korea's National Intelligence Service"
WESTERN = "Western officials (to the BBC)"
ZELENSKYY = "Ukraine's president (Zelenskyy)"


def figures(estimator: str, as_of: str, bound: str = "best") -> pd.Series:
    """Return one estimator's figures of one date, by measure (the lesson's recipe).

    ``bound`` is the column to read: ``best`` for "about", ``low`` for "more than".
    """
    estimates = data.load_estimates()
    rows = estimates[(estimates["estimator"] == estimator) & (estimates["as_of"] == as_of)]
    return rows.set_index("measure")[bound]


def _percent(top: float, bottom: float) -> float:
    return float(top) / float(bottom) * 100


def _western_killed_share() -> float:
    western = figures(WESTERN, "2025-01-15")
    return _percent(western["killed"], western["casualties"])


def _zelenskyy_per_100() -> float:
    zelenskyy = figures(ZELENSKYY, "2025-01-05")
    return _percent(zelenskyy["casualties"], zelenskyy["troops_sent"])


def _nis_january_sum() -> int:
    january = figures(NIS, "2025-01-13")
    return int(january["killed"] + january["wounded"])


_PICK = '(estimates["estimator"] == "{estimator}") & (estimates["as_of"] == "{as_of}")'


def _pick(estimator: str, as_of: str) -> str:
    return (
        f'estimates[{_PICK.format(estimator=estimator, as_of=as_of)}].set_index("measure")["best"]'
    )


def _by_estimator(estimator: str) -> str:
    return f'estimates[estimates["estimator"] == "{estimator}"].set_index("measure")["best"]'


EXERCISES = {
    "03.1": NumberExercise(
        "What percent of the casualties were killed in the estimate Western officials gave the "
        "BBC on 15 January 2025? (One decimal.)",
        _western_killed_share,
        'do what "Killed, or wounded? A share worked out by hand" does for the NIS: pick '
        "the rows of the Western officials (they all share one date), read their figures by "
        "measure, then take the killed as a share of the casualties, as a percent.",
        "In this estimate a larger share of the casualties were deaths than in the NIS's, but "
        "the two shares are not on one base: these officials' casualties also count the missing "
        "and captured, the NIS's only the killed and wounded.",
        decimals=1,
        unit="percent",
        mistakes=[
            Mistake(
                lambda: _percent(
                    figures(WESTERN, "2025-01-15")["casualties"],
                    figures(WESTERN, "2025-01-15")["killed"],
                ),
                "that is casualties divided by killed: the share puts the killed on top.",
            ),
            Mistake(
                lambda: _percent(
                    figures(WESTERN, "2025-01-15")["killed"],
                    figures(WESTERN, "2025-01-15")["troops_sent"],
                ),
                "that divides the killed by the troops sent; the question asks for a share "
                "of the casualties.",
            ),
            Mistake(
                lambda: _percent(
                    figures(NIS, "2025-04-30")["killed"], figures(NIS, "2025-04-30")["casualties"]
                ),
                "that is the worked example (the NIS in April). Pick the rows of the Western "
                "officials instead.",
            ),
        ],
        hint_code=(
            f'{_by_estimator(WESTERN)}["killed"] / {_by_estimator(WESTERN)}["casualties"] * 100'
        ),
    ),
    "03.2": NumberExercise(
        "Ukraine's president gave a casualty figure and a troop figure on 5 January 2025. How "
        "many casualties is that per 100 troops? (One decimal.)",
        _zelenskyy_per_100,
        'do what "How many casualties per 100 troops?" does for the NIS: pick the rows of '
        "Ukraine's president of 5 January 2025, read their figures by measure, then work out "
        "the casualties for every 100 troops sent.",
        "On that estimate roughly one soldier in three had been killed or wounded within weeks "
        "of the first fighting.",
        decimals=1,
        unit="per 100",
        mistakes=[
            Mistake(
                lambda: _percent(
                    figures(ZELENSKYY, "2025-01-09")["casualties"],
                    figures(ZELENSKYY, "2025-01-05")["troops_sent"],
                ),
                "that uses the casualty figure of 9 January. Take both figures from the same "
                "date, 5 January, so they describe the same moment.",
            ),
            Mistake(
                lambda: _percent(
                    figures(ZELENSKYY, "2024-12-23", "low")["casualties"],
                    figures(ZELENSKYY, "2025-01-05")["troops_sent"],
                ),
                "that uses the lower bound of 23 December. Take both figures from 5 January.",
            ),
            Mistake(
                lambda: _percent(
                    figures(ZELENSKYY, "2025-01-05")["troops_sent"],
                    figures(ZELENSKYY, "2025-01-05")["casualties"],
                ),
                "that is troops divided by casualties: put the casualties on top.",
            ),
            Mistake(
                lambda: _percent(
                    figures(NIS, "2025-04-30")["casualties"],
                    figures(NIS, "2025-04-30")["troops_sent"],
                ),
                "that is the worked example (the NIS, 30 April 2025). Pick the rows of "
                "Ukraine's president instead.",
            ),
        ],
        hint_code=(
            f'{_pick(ZELENSKYY, "2025-01-05")}["casualties"] / '
            f'{_pick(ZELENSKYY, "2025-01-05")}["troops_sent"] * 100'
        ),
    ),
    "03.3": ChoiceExercise(
        "A headline in September 2025 says: \"North Korea's losses in Russia doubled since "
        'April." Using the NIS rows for 30 April and 2 September 2025, which reading is right?',
        {
            "a": Option(
                "Yes: the NIS's casualties (killed and wounded) doubled between the two dates.",
                False,
                "look at the measure column of the 2 September rows: is there a casualty figure "
                "of that day to set against April's?",
            ),
            "b": Option(
                "Not as it stands: the NIS's figure for the killed grew more than threefold, but "
                "for the wounded and the casualties it gave no new figure, so 'losses' as a "
                "whole cannot be compared.",
                True,
                "Divide the September killed figure by the April one: it is more than three. The "
                "data cannot say whether all losses grew that fast, because only the killed "
                "were updated.",
            ),
            "c": Option(
                "No: losses fell, because North Korea showed far fewer dead at its award "
                "ceremonies, as counted in September.",
                False,
                "the 350 counts only the fallen North Korea chose to show at its ceremonies, a "
                "different measure; setting it against the NIS's April figure compares two "
                "kinds of figure, not two dates.",
            ),
            "d": Option(
                "It cannot be judged: the two figures come from different estimators.",
                False,
                "check the estimator column: both rows come from the NIS, so this is one "
                "estimator revising its own figure.",
            ),
        },
        meaning="Before repeating a growth figure, check that both numbers count the same thing "
        "and come from the same estimator.",
    ),
    "03.4": TwoPartExercise(
        "Take the NIS rows of 13 January 2025. (1) Add the killed and the wounded. (2) What kind "
        "of figure did the NIS give for the casualties that day: a) a best estimate, b) a lower "
        'bound, c) an upper bound? Answer like (1234, "a").',
        [
            NumberExercise(
                "NIS, 13 January 2025: killed plus wounded.",
                _nis_january_sum,
                "pick the NIS rows of 13 January 2025, read their figures by measure as "
                "the worked examples do, and add the killed and the wounded.",
                "Killed plus wounded reach the casualty figure of that day.",
                mistakes=[
                    Mistake(
                        lambda: int(
                            figures(NIS, "2025-04-30")["killed"]
                            + figures(NIS, "2025-04-30")["wounded"]
                        ),
                        "that is the sum for 30 April; take the rows of 13 January.",
                    ),
                    Mistake(
                        lambda: int(figures(NIS, "2025-01-13")["wounded"]),
                        "that is the wounded alone; add the killed.",
                    ),
                ],
                hint_code=(
                    f'{_pick(NIS, "2025-01-13")}["killed"] + {_pick(NIS, "2025-01-13")}["wounded"]'
                ),
            ),
            ChoiceExercise(
                "What kind of figure did the NIS give for the casualties on 13 January 2025?",
                {
                    "a": Option(
                        "a best estimate (about so many)",
                        False,
                        "look at the casualties row of that date: the best column is empty.",
                    ),
                    "b": Option(
                        "a lower bound (more than so many)",
                        True,
                        "The NIS said more than: the casualties could be well above killed plus "
                        "wounded, for instance if missing or captured soldiers count too.",
                    ),
                    "c": Option(
                        "an upper bound (up to so many)",
                        False,
                        "look at the casualties row of that date: the high column is empty.",
                    ),
                },
            ),
        ],
        meaning="A casualty figure only tells you what it counts if the source says so; here "
        "killed plus wounded add up to its floor.",
    ),
    "03.5": WrittenExercise(
        "In September 2025 South Korea's intelligence service put the North Korean dead at "
        "about 2,000, while the fallen North Korea showed at its first two award ceremonies, as "
        "the same service counted them, were about 350. Give two reasons, neither of which "
        "needs anyone to be lying, why the two figures could differ so much, and say what you "
        "would want to know before using either.",
        "The two figures may not count the same thing. The 350 are the NIS's count of the "
        "fallen North Korea showed at its first and second award ceremonies, so they may "
        "count only deaths it has confirmed and chosen to honour by name, for example "
        "soldiers whose bodies came home; the NIS infers deaths from "
        "intelligence and battlefield reports, which can include the missing presumed dead. "
        "The dates may also differ: a ceremony can lag behind events by months. Each "
        "side has reasons to lean one way, a government at war to show few losses, an "
        "opposing intelligence service to show many, but those are reasons to check, not proof "
        "of error. Before using either, I would want the original statement (the data notes "
        "that North Korea's own words were not found), the period each figure covers, and "
        "whether the missing are counted among the dead.",
        ideas=[
            KeyIdea(
                "the two may count different deaths (confirmed and named, or inferred)",
                [
                    "confirm*",
                    "named",
                    "name*",
                    "bodies",
                    "body",
                    "missing",
                    "presum*",
                    "infer*",
                    "count different",
                    "counts different",
                    "different thing*",
                    "different measure*",
                    "different defin*",
                    "defin*",
                    "what they count",
                    "what each counts",
                    "what is counted",
                    "who is counted",
                    "scope",
                    "identif*",
                    "recover*",
                    "award*",
                    "ceremon*",
                    "honour*",
                    "honor*",
                    "only those",
                    "battlefield",
                ],
                "Do both figures count the same deaths: whom would North Korea count, and how "
                "does an intelligence service arrive at its figure?",
            ),
            KeyIdea(
                "the two may cover different periods, or one may lag behind",
                [
                    "date*",
                    "period*",
                    "lag*",
                    "later",
                    "earlier",
                    "up to",
                    "as of",
                    "month*",
                    "deployment*",
                    "when",
                    "time",
                    "timing",
                    "delay*",
                    "not yet",
                    "so far",
                    "older",
                    "newer",
                    "updated",
                    "update*",
                    "first and second",
                ],
                "Do both figures cover the same stretch of time, and could one be older than "
                "the other?",
            ),
            KeyIdea(
                "what to know before using either: the original statement, its period, its method",
                [
                    "original",
                    "method*",
                    "how they counted",
                    "how it was counted",
                    "how they got",
                    "how the nis got",
                    "how it got",
                    "how each got",
                    "check how",
                    "ask how",
                    "what dates",
                    "which dates",
                    "how they know",
                    "where it came from",
                    "primary",
                    "exact words",
                    "own words",
                    "full statement",
                    "the statement",
                    "what period",
                    "which period",
                    "whether the missing",
                ],
                "Before you quote either figure, what would you look up about it?",
                required=True,
            ),
        ],
        exercise_id="03.5",
        required_note="one of them what you would want to know before using either",
        needed=2,
        nudges=[
            Nudge(
                [
                    "lying",
                    "is lying",
                    "are lying",
                    "lies",
                    "lied",
                    "liar*",
                    "propaganda",
                    "covering up",
                    "covers up",
                    "cover up",
                    "hiding",
                    "hides",
                    "fake",
                    "made up",
                    "invent*",
                    "only real reason",
                    "only reason",
                ],
                "the question asks for reasons that need nobody to be lying. Suppose both "
                "sides report honestly what they know: how could their figures still differ?",
            ),
            Nudge(
                [
                    "count the same deaths",
                    "counts the same deaths",
                    "same deaths",
                    "same period",
                    "same time span",
                    "same stretch of time",
                    "simply right",
                    "nis is right",
                    "nis is correct",
                    "do not need the original",
                    "don't need the original",
                    "do not need the statement",
                    "don't need the statement",
                    "do not need the method",
                    "don't need the method",
                    "no need to check",
                    "nothing to check",
                ],
                "the question says the two figures differ a lot. Look at the rows: do they "
                "count the same deaths, over the same months, by the same method? And what "
                "would you look up before you quote either one?",
            ),
        ],
        min_words=12,
    ),
}
