"""Lesson 04's exercises (checking the sources)."""

from __future__ import annotations

from helpers import analysis, data
from helpers.exercises.checking import NumberExercise, WordExercise
from helpers.exercises.tables import handovers_by_year

EXERCISES = {
    "04.1": NumberExercise(
        "How many claims in the ledger are set aside?",
        lambda: int(data.load_claims()["status"].eq("set aside").sum()),
        "count the rows whose status is 'set aside'.",
        "Set-aside claims stay in the ledger, with their reason, but feed no table.",
    ),
    "04.2": NumberExercise(
        "From the running totals for 2020 and 2021 alone, how many were returned in 2021?",
        lambda: int(
            handovers_by_year().loc[2021, "cumulative_returned"]
            - handovers_by_year().loc[2020, "cumulative_returned"]
        ),
        "subtract the running total through 2020 from the one through 2021.",
        "Two reported totals are enough to derive one year's figure.",
    ),
    "04.3": WordExercise(
        "Which source_id reports a running total that does not match the yearly figures?",
        lambda: sorted(
            set(
                analysis.reconcile_running_totals(
                    data.load_handovers(), data.load_claims(), include_set_aside=True
                ).query("not matches")["source_id"]
            )
        )[0],
        "reconcile with include_set_aside=True and look for matches == False.",
        "One report's total disagrees with the sum of the yearly figures.",
    ),
}
