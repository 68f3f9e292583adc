"""Lesson 02's exercises (competing Korean War death tolls)."""

from __future__ import annotations

from helpers import analysis, data
from helpers.exercises.checking import NumberExercise
from helpers.exercises.tables import estimates_by_id

EXERCISES = {
    "02.1": NumberExercise(
        "How many times the lowest estimate of Chinese dead is the highest one?",
        lambda: analysis.spread(data.load_estimates(), "China", "dead")["ratio"],
        "use analysis.spread(estimates, 'China', 'dead') and read the ratio.",
        "The highest estimate is several times the lowest.",
        tolerance=0.01,
        unit="ratio",
    ),
    "02.2": NumberExercise(
        "By how many did China's official count of its dead grow from 2010 to 2014?",
        lambda: int(
            estimates_by_id().loc["kw-china-dead-martyrs-2014", "best"]
            - estimates_by_id().loc["kw-china-dead-museum-2010", "best"]
        ),
        "subtract the 2010 museum figure from the 2014 register (analysis.vintages helps).",
        "The two official counts differ.",
    ),
    "02.3": NumberExercise(
        "What is PRIO's best estimate of battle deaths for the whole war, 1950-1953?",
        lambda: analysis.sum_ranges(
            analysis.select(data.load_estimates(), measure="battle_deaths")
        )["best"],
        "add up the four yearly best estimates (analysis.sum_ranges does it).",
        "PRIO counts battle deaths only, so the war's total toll is larger.",
    ),
}
