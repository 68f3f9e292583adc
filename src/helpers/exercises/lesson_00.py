"""Lesson 00's exercises (Start here): reading the tables."""

from __future__ import annotations

from helpers import data
from helpers.exercises.checking import NumberExercise, WordExercise
from helpers.exercises.tables import handovers_by_year

EXERCISES = {
    "00.1": NumberExercise(
        "How many sources are in the source register?",
        lambda: len(data.load_sources()),
        "count the rows of the sources table: len(sources) counts rows.",
        "Every figure in the collection traces back to one of these sources.",
        hint_code="len(sources)",
    ),
    "00.2": NumberExercise(
        "How many sets of remains were handed over in 2016?",
        lambda: int(handovers_by_year().loc[2016, "remains_returned"]),
        'find the row for 2016: handovers.set_index("year").loc[2016, "remains_returned"].',
        "That is one year's handover, not the running total.",
        hint_code='handovers.set_index("year").loc[2016, "remains_returned"]',
    ),
    "00.3": WordExercise(
        "Which measure name counts killed plus wounded (sometimes plus missing)?",
        lambda: "casualties",
        "read the glossary table again: one measure adds the wounded to the dead.",
        "A casualty figure is always larger than the killed figure of the same date.",
        mistakes={"killed": "killed counts only the dead; the question adds the wounded."},
    ),
}
