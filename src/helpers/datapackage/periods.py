"""How the package writes a period (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-YYYY``).

Belongs here: turning those strings into dates, for the checks and for charts that place an
estimate in time. Does not belong here: anything about a particular table.
"""

from __future__ import annotations

import datetime as dt
import re

import pandas as pd


def period_start(value: str) -> dt.date | None:
    """Return the first day of a YYYY, YYYY-MM or YYYY-MM-DD value; None if it is no date.

    A span YYYY-YYYY counts as its last year.
    """
    span = re.fullmatch(r"[0-9]{4}-([0-9]{4})", value)
    day = span.group(1) if span else value[:10]
    day += {4: "-01-01", 7: "-01"}.get(len(day), "")
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", day):
        return None
    try:
        return dt.date.fromisoformat(day)
    except ValueError:
        return None


def period_starts(values: pd.Series) -> pd.Series:
    """Return :func:`period_start` of each value as datetimes (NaT where not a date)."""
    return pd.to_datetime(values.map(period_start)).astype("datetime64[us]")
