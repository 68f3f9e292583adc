"""Lesson 01's exercises (the remains handovers)."""

from __future__ import annotations

from helpers import analysis, data
from helpers.exercises.checking import NumberExercise
from helpers.exercises.tables import estimates_by_id, handovers_by_year


def _pct_change(first: int, second: int) -> float:
    years = handovers_by_year()["remains_returned"]
    return round((years[second] - years[first]) / years[first] * 100, 1)


EXERCISES = {
    "01.1": NumberExercise(
        "By what percent did the yearly number fall from 2014 to 2015 (a fall is negative)?",
        lambda: _pct_change(2014, 2015),
        "compute (2015 - 2014) / 2014 * 100 from remains_returned; round to one decimal.",
        "Most of the remains found by 2014 went back in the first handover.",
        tolerance=0.15,
        unit="percent",
    ),
    "01.2": NumberExercise(
        "In which year was the smallest handover?",
        lambda: int(handovers_by_year()["remains_returned"].idxmin()),
        "idxmin() gives the label of the smallest value: use it on the table indexed by year, "
        'handovers.set_index("year")["remains_returned"].idxmin().',
        "After that low point the finds rose again.",
        hint_code='handovers.set_index("year")["remains_returned"].idxmin()',
    ),
    "01.3": NumberExercise(
        "What half-life (in years) does a decay fitted to 2015-2019, leaving out 2014, give?",
        lambda: round(analysis.fit_decay(data.load_handovers(), 2015, 2019).half_life, 2),
        "call analysis.fit_decay(handovers, 2015, 2019) and read .half_life.",
        "Leaving out the first, unusually large year changes the fitted speed of decline.",
        tolerance=0.02,
        hint_code="analysis.fit_decay(handovers, 2015, 2019).half_life",
    ),
    "01.4": NumberExercise(
        "What percent of the 183,108 Chinese dead of the 2010 official count have been returned?",
        lambda: round(
            handovers_by_year()["cumulative_returned"].max()
            / estimates_by_id().loc["kw-china-dead-museum-2010", "best"]
            * 100,
            2,
        ),
        "divide the latest running total by 183,108 and multiply by 100.",
        "Only a small share of the dead have come home.",
        tolerance=0.01,
        unit="percent",
    ),
}
