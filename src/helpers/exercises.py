"""Self-checks for the lessons' exercises: right, or where to look again, never the answer.

In a lesson::

    answer = ...  # replace ... with your answer
    exercises.check("01.1", answer)

The expected answers are computed from the data when checked, so they stay right when the data
is updated. An untouched placeholder gets "not answered yet", never an exception.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from numbers import Real

from helpers import analysis, data

RIGHT, AGAIN, NOT_YET = "Right", "Not yet", "Not answered yet"


@dataclass(frozen=True)
class Exercise:
    """One exercise: how to compute its answer, how close counts, and where to look again."""

    question: str
    expected: Callable[[], object]
    hint: str
    tolerance: float = 0.0


def _handovers_by_year():
    return data.load_handovers().set_index("year")


def _estimates():
    return data.load_estimates().set_index("estimate_id")


def _pct_change(first: int, second: int) -> float:
    years = _handovers_by_year()["remains_returned"]
    return round((years[second] - years[first]) / years[first] * 100, 1)


def _nis_april_2025(measure_top: str, measure_bottom: str) -> float:
    estimates = _estimates()
    top = estimates.loc[f"nk-{measure_top}-nis-2025-04-30", "best"]
    bottom = estimates.loc[f"nk-{measure_bottom}-nis-2025-04-30", "best"]
    return round(top / bottom * 100, 1)


EXERCISES: dict[str, Exercise] = {
    "00.1": Exercise(
        "How many sources are in the source register?",
        lambda: len(data.load_sources()),
        "count the rows of the sources table (len(...) counts rows).",
    ),
    "00.2": Exercise(
        "How many sets of remains were handed over in 2016?",
        lambda: int(_handovers_by_year().loc[2016, "remains_returned"]),
        "find the row for 2016 in the handovers table and read remains_returned.",
    ),
    "00.3": Exercise(
        "Which measure name counts killed plus wounded (sometimes plus missing)?",
        lambda: "casualties",
        "read the glossary table again: one measure adds the wounded to the dead.",
    ),
    "01.1": Exercise(
        "By what percent did the yearly number fall from 2014 to 2015 (a fall is negative)?",
        lambda: _pct_change(2014, 2015),
        "compute (2015 - 2014) / 2014 * 100 from remains_returned; round to one decimal.",
        tolerance=0.15,
    ),
    "01.2": Exercise(
        "In which year was the smallest handover?",
        lambda: int(_handovers_by_year()["remains_returned"].idxmin()),
        "look for the shortest bar, or use idxmin() on remains_returned.",
    ),
    "01.3": Exercise(
        "What half-life (in years) does a decay fitted to 2015-2019, leaving out 2014, give?",
        lambda: round(analysis.fit_decay(data.load_handovers(), 2015, 2019).half_life, 2),
        "call analysis.fit_decay(handovers, 2015, 2019) and read .half_life.",
        tolerance=0.02,
    ),
    "01.4": Exercise(
        "What percent of the 183,108 Chinese dead of the 2010 official count have been returned?",
        lambda: round(
            _handovers_by_year()["cumulative_returned"].max()
            / _estimates().loc["kw-china-dead-museum-2010", "best"]
            * 100,
            2,
        ),
        "divide the latest running total by 183,108 and multiply by 100.",
        tolerance=0.01,
    ),
    "02.1": Exercise(
        "How many times the lowest estimate of Chinese dead is the highest one?",
        lambda: analysis.spread(data.load_estimates(), "China", "dead")["ratio"],
        "use analysis.spread(estimates, 'China', 'dead') and read the ratio.",
        tolerance=0.01,
    ),
    "02.2": Exercise(
        "By how many did China's official count of its dead grow from 2010 to 2014?",
        lambda: int(
            _estimates().loc["kw-china-dead-martyrs-2014", "best"]
            - _estimates().loc["kw-china-dead-museum-2010", "best"]
        ),
        "subtract the 2010 museum figure from the 2014 register (analysis.vintages helps).",
    ),
    "02.3": Exercise(
        "What is PRIO's best estimate of battle deaths for the whole war, 1950-1953?",
        lambda: analysis.sum_ranges(
            analysis.select(data.load_estimates(), measure="battle_deaths")
        )["best"],
        "add up the four yearly best estimates (analysis.sum_ranges does it).",
    ),
    "03.1": Exercise(
        "In the NIS estimate of 30 April 2025, what percent of the casualties were killed?",
        lambda: _nis_april_2025("killed", "casualties"),
        "divide the NIS killed figure by its casualties figure of the same date; times 100.",
        tolerance=0.15,
    ),
    "03.2": Exercise(
        "How many different estimators gave a casualty figure for North Korean troops?",
        lambda: analysis.select(data.load_estimates(), party="North Korea", measure="casualties")[
            "estimator"
        ].nunique(),
        "select the casualty estimates and count distinct estimators (nunique()).",
    ),
    "03.3": Exercise(
        "Per 100 troops deployed, how many casualties did the NIS estimate on 30 April 2025?",
        lambda: _nis_april_2025("casualties", "deployed"),
        "divide the NIS casualties by the NIS troops deployed of the same date; times 100.",
        tolerance=0.15,
    ),
    "04.1": Exercise(
        "How many claims in the ledger are set aside?",
        lambda: int(data.load_claims()["status"].eq("set aside").sum()),
        "count the rows whose status is 'set aside'.",
    ),
    "04.2": Exercise(
        "From the running totals for 2020 and 2021 alone, how many were returned in 2021?",
        lambda: int(
            _handovers_by_year().loc[2021, "cumulative_returned"]
            - _handovers_by_year().loc[2020, "cumulative_returned"]
        ),
        "subtract the running total through 2020 from the one through 2021.",
    ),
    "04.3": Exercise(
        "Which source_id reports a running total that does not match the yearly figures?",
        lambda: sorted(
            set(
                analysis.reconcile_running_totals(
                    data.load_handovers(), data.load_claims(), include_set_aside=True
                ).query("not matches")["source_id"]
            )
        )[0],
        "reconcile with include_set_aside=True and look for matches == False.",
    ),
}


def _is_right(answer: object, expected: object, tolerance: float) -> bool:
    if isinstance(expected, str):
        return isinstance(answer, str) and answer.strip().casefold() == expected.casefold()
    if isinstance(answer, bool) or not isinstance(answer, Real):
        return False
    return abs(float(answer) - float(expected)) <= tolerance


def feedback(exercise_id: str, answer: object) -> str:
    """Return the feedback for ``answer``: right, where to look again, or not answered yet."""
    exercise = EXERCISES[exercise_id]
    if answer is ... or answer is None:
        return f"{NOT_YET}: replace the ... with your answer, then run the cell again."
    if _is_right(answer, exercise.expected(), exercise.tolerance):
        return f"{RIGHT}! {exercise.question}"
    return f"{AGAIN}: look again: {exercise.hint}"


def confirm(statement: str, holds: bool) -> None:
    """Print "Confirmed: <statement>", or stop with an error if the data no longer bears it out.

    The lessons use it right after a sentence that states a number, so a data update that makes
    the sentence wrong stops the notebook instead of leaving the text stale.
    """
    if not holds:
        raise AssertionError(f"No longer true, update the text: {statement}")
    print(f"Confirmed: {statement}")


def check(exercise_id: str, answer: object) -> None:
    """Print the feedback for ``answer`` to exercise ``exercise_id`` (see :func:`feedback`)."""
    print(feedback(exercise_id, answer))
