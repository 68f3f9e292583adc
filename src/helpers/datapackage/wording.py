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
_YEAR_MONTH_DAY = re.compile(r"^\s*(\d{4})[/.-](\d{1,2})[/.-](\d{1,2})\s*$")
_TWO_DIGIT_YEAR = re.compile(r"^\s*(\d{1,2})([/.-])(\d{1,2})[/.-](\d{1,2})\s*$")
#: The orders in which three parts of a date with a two-digit year may be read, in words.
_ORDERS = {
    "day first": ("day", "month", "year"),
    "month first": ("month", "day", "year"),
    "year first": ("year", "month", "day"),
}
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


def _full_year(two_digits: int, this_year: int) -> int:
    """Return the four-digit year meant by a two-digit one: the latest not after this year."""
    year = this_year - this_year % 100 + two_digits
    return year if year <= this_year else year - 100


def two_digit_year_guess(value: str, this_year: int | None = None) -> str:
    """Return " (did you mean YYYY-MM-DD? ...)" for a date with a two-digit year, else ''.

    Typed with hyphens (25-09-12) it is read year first, as YYYY-MM-DD is; with slashes or
    dots (12/09/25) day first. Two digits stand for the latest such year not after
    ``this_year`` (default: the current year). When another order gives a real date too, the
    message says which reading was assumed and what the others would give.
    """
    match = _TWO_DIGIT_YEAR.match(value)
    if not match:
        return ""
    first, separator, second, third = match.groups()
    parts = (int(first), int(second), int(third))
    this_year = this_year or dt.date.today().year
    preferred = ["year first", "day first", "month first"]
    if separator != "-":
        preferred = ["day first", "month first", "year first"]
    readings = {}
    for order in preferred:
        named = dict(zip(_ORDERS[order], parts, strict=True))
        date = _real_date(_full_year(named["year"], this_year), named["month"], named["day"])
        if date and date not in readings.values():
            readings[order] = date
    if not readings:
        return ""
    (assumed, guess), *others = readings.items()
    year = guess[:4]
    note = f"{guess}?"
    if others:
        alternatives = " or ".join(f"{date} ({order})" for order, date in others)
        note += (
            f" That reads it {assumed} ({'/'.join(_ORDERS[assumed])}), with {year[2:]} as "
            f"{year}; read otherwise it could be {alternatives}: check the source"
        )
    return f" (did you mean {note})"


def date_guess(value: str, this_year: int | None = None) -> str:
    """Return " (did you mean YYYY-MM-DD?)" for a date typed like 18/09/2026, else ''.

    When day and month could be either way round (12/09/2025), both readings are given. A
    year typed with two digits (12/09/25, 25-09-12) is read as :func:`two_digit_year_guess`
    says, with ``this_year`` (default: the current year) as the latest year it can mean. A
    date typed year first without leading zeros (2025-9-12, 2025/09/12) is put right.
    """
    ordered = _YEAR_MONTH_DAY.match(value)
    if ordered:
        year, month, day = (int(part) for part in ordered.groups())
        guess = _real_date(year, month, day)
        return f" (did you mean {guess}?)" if guess else ""
    match = _DAY_MONTH_YEAR.match(value)
    if not match:
        return two_digit_year_guess(value, this_year)
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
