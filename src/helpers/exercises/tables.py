"""The tables the exercises compute their answers from, indexed the way the lessons read them.

What belongs here: one-line accessors shared by the lesson modules of this package. What does
not: any analysis (that is :mod:`helpers.analysis`) or any answer.
"""

from __future__ import annotations

import pandas as pd

from helpers import data


def handovers_by_year() -> pd.DataFrame:
    """Return the handovers table indexed by ``year``."""
    return data.load_handovers().set_index("year")


def estimates_by_id() -> pd.DataFrame:
    """Return the casualty estimates indexed by ``estimate_id``."""
    return data.load_estimates().set_index("estimate_id")
