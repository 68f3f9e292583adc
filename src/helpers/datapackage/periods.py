"""How the package writes a period (``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-YYYY``).

Belongs here: turning those strings into dates, for the checks and for charts that place an
estimate in time, and the date limit for the data (no date may lie after it). Does not belong
here: anything about a particular table.
"""

from __future__ import annotations

import datetime as dt
import os
import re

import pandas as pd

#: Environment variable that sets the date limit for the data (YYYY-MM-DD), e.g. for a rehearsal
#: of next year's update; ``python -m helpers run --today`` passes its date on to the lessons.
TODAY_VARIABLE = "COUNTING_THE_FALLEN_TODAY"


def date_limit() -> dt.date:
    """Return the date limit for the data: ``$COUNTING_THE_FALLEN_TODAY`` if set, else today.

    No date or year in the data may lie after it.
    """
    given = os.environ.get(TODAY_VARIABLE, "").strip()
    return dt.date.fromisoformat(given) if given else dt.date.today()


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


def period_end(value: str) -> str:
    """Return the last part of a period as written: the end year of a span YYYY-YYYY, else it."""
    span = re.fullmatch(r"[0-9]{4}-([0-9]{4})", value)
    return span.group(1) if span else value


def later_than(value: str, limit: str) -> bool:
    """Return True when the period ``value`` ends after the date ``limit``.

    Both are compared at the coarser of their precisions, so 2025-09-20 is not after a limit
    known only as 2025-09, and a span 1950-1953 is compared by its last year. Empty values are
    never after anything.
    """
    end = period_end(value)
    if not end or not limit:
        return False
    width = min(len(end), len(limit))
    return end[:width] > limit[:width]


def precision_words(date: str) -> str:
    """Return how precisely ``date`` is written: "the day", "the month" or "the year"."""
    return {4: "the year", 7: "the month"}.get(len(date), "the day")
