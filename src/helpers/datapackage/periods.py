"""How the package writes a period (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-YYYY``).

Belongs here: turning those strings into dates, for the checks and for charts that place an
estimate in time. Does not belong here: anything about a particular table.
"""

from __future__ import annotations

import pandas as pd


def period_starts(values: pd.Series) -> pd.Series:
    """Return the first day of each YYYY, YYYY-MM or YYYY-MM-DD value (NaT where not a date).

    A span YYYY-YYYY counts as its last year.
    """
    start = values.str.replace(r"^[0-9]{4}-([0-9]{4})$", r"\1", regex=True).str.slice(0, 10)
    padded = start.where(start.str.len() != 4, start + "-01-01")
    padded = padded.where(padded.str.len() != 7, padded + "-01")
    return pd.to_datetime(padded, format="%Y-%m-%d", errors="coerce")
