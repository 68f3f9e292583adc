"""Lesson 03's exercises (North Korean losses in Russia's war)."""

from __future__ import annotations

from helpers import analysis, data
from helpers.exercises.checking import NumberExercise
from helpers.exercises.tables import estimates_by_id


def _nis_april_2025(measure_top: str, measure_bottom: str) -> float:
    estimates = estimates_by_id()
    top = estimates.loc[f"nk-{measure_top}-nis-2025-04-30", "best"]
    bottom = estimates.loc[f"nk-{measure_bottom}-nis-2025-04-30", "best"]
    return round(top / bottom * 100, 1)


EXERCISES = {
    "03.1": NumberExercise(
        "In the NIS estimate of 30 April 2025, what percent of the casualties were killed?",
        lambda: _nis_april_2025("killed", "casualties"),
        "divide the NIS killed figure by its casualties figure of the same date; times 100.",
        "Most casualties in that estimate were wounded, not killed.",
        tolerance=0.15,
        unit="percent",
    ),
    "03.2": NumberExercise(
        "How many different estimators gave a casualty figure for North Korean troops?",
        lambda: analysis.select(data.load_estimates(), party="North Korea", measure="casualties")[
            "estimator"
        ].nunique(),
        "select the casualty estimates and count distinct estimators (nunique()).",
        "Several governments and agencies made their own estimates.",
    ),
    "03.3": NumberExercise(
        "Per 100 troops deployed, how many casualties did the NIS estimate on 30 April 2025?",
        lambda: _nis_april_2025("casualties", "deployed"),
        "divide the NIS casualties by the NIS troops deployed of the same date; times 100.",
        "A large share of the force was hit.",
        tolerance=0.15,
        unit="percent",
    ),
}
