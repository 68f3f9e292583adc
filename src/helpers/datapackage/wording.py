"""What the validator expected, in plain words, with an example and the closest known value.

Belongs here: turning the schema's patterns into words (a message never shows a regular
expression), guessing what a mistyped value meant (a date typed 18/09/2026, a count typed
1,036, an id one letter off). Does not belong here: deciding what is wrong (:mod:`.validate`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable

#: The schema's patterns in words.
PATTERN_WORDS = {
    "^[a-z0-9]+(-[a-z0-9]+)*$": "lowercase letters and digits, words joined by hyphens, no spaces",
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$": "a date written YYYY-MM-DD, or a month YYYY-MM, "
    "or a year YYYY",
    "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?(-[0-9]{4})?$": "a date written YYYY-MM-DD, or a month "
    "YYYY-MM, a year YYYY or a span of years YYYY-YYYY",
    "^https?://\\S+$": "a web address starting with http:// or https://, no spaces",
    "^[a-z]{2}$": "a two-letter language code in lowercase",
    "^c[0-9]{3,}$": "c and a number of at least three digits",
    "^[a-z0-9]+(-[a-z0-9]+)*(;[a-z0-9]+(-[a-z0-9]+)*)*$": "ids (lowercase words joined by "
    "hyphens) separated by semicolons, no spaces",
    "^c[0-9]{3,}(;c[0-9]{3,})*$": "claim ids (c and a number) separated by semicolons, no spaces",
}
#: The locator pattern (where in a source a figure stands) in words.
LOCATOR_WORDS = (
    "where in the source: para N; para N, sentence N; section 'Title', para N; "
    "list after para N, item N; or table and where in it"
)
_DAY_MONTH_YEAR = re.compile(r"^\s*(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})\s*$")
_THOUSANDS = re.compile(r"^-?\d{1,3}([,  ]\d{3})+$")
_DECIMAL = re.compile(r"^-?\d*[.,]\d+$")


def pattern_words(pattern: str, example: str = "") -> str:
    """Return what ``pattern`` asks for, in words, followed by ``like <example>``."""
    words = PATTERN_WORDS.get(pattern)
    if words is None:
        words = LOCATOR_WORDS if pattern.startswith("^(para") else "a value written as"
    return f"{words}, like {example}" if example else words


def _real_date(year: int, month: int, day: int) -> str | None:
    """Return the date as YYYY-MM-DD, or None when there is no such day."""
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def date_guess(value: str) -> str:
    """Return " (did you mean YYYY-MM-DD?)" for a date typed like 18/09/2026, else ''.

    When day and month could be either way round (12/09/2025), both readings are given.
    """
    match = _DAY_MONTH_YEAR.match(value)
    if not match:
        return ""
    first, second, year = (int(part) for part in match.groups())
    day_first, month_first = _real_date(year, second, first), _real_date(year, first, second)
    if day_first and month_first and day_first != month_first:
        return f" (did you mean {day_first}, day first, or {month_first}, month first?)"
    guess = day_first or month_first
    return f" (did you mean {guess}?)" if guess else ""


def whole_number_words(value: str, example: str) -> str:
    """Return what a count should look like, fitted to the mistake in ``value``."""
    stripped = value.strip()
    if _THOUSANDS.match(stripped):
        digits = re.sub(r"[^\d-]", "", stripped)
        return f"a whole number in digits only, like {digits}: no thousands separator"
    if _DECIMAL.match(stripped):
        return f"a whole number in digits only, like {example}: no decimals"
    return f"a whole number in digits only, like {example}: no words, spaces or other marks"


def did_you_mean(value: str, known: Iterable[str]) -> str:
    """Return "; did you mean 'x'?" naming the known value closest to ``value``, else ''."""
    close = difflib.get_close_matches(value, list(known), n=1, cutoff=0.75)
    return f"; did you mean {close[0]!r}?" if close else ""


def listing(items: list[str]) -> str:
    """Return ``items`` joined as in a sentence: "a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} and {items[-1]}"
