"""Story checks: the sentences of a lesson that state what the data shows, checked before a run.

A lesson's markdown cell marks such a sentence with an HTML comment right after it, which
JupyterLab and the site do not show::

    The first handover is by far the largest: 437 sets of remains in 2014.
    <!-- story: first-handover-far-largest -->

The name is one of :data:`CHECKS`: a function of the freshly built tables that returns
``None`` while the sentence holds, or what the data now says, in a sentence. ``make run``
evaluates every marker before it executes anything (:func:`check_lessons`), so a data update
that makes a sentence untrue stops the run with nothing changed, naming the lesson, the cell
as JupyterLab numbers it (from 1, over all cells), its heading and the sentence. The fix is an
edit of the sentence, and of its marker, never Python.

Belongs here: finding markers and the named checks. Does not belong here: the checks inside a
lesson's code cells (``exercises.confirm``), or the checks of the data itself
(:mod:`helpers.datapackage.validate`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

#: A story marker: ``<!-- story: name -->``.
MARKER = re.compile(r"<!--\s*story:\s*([a-z0-9-]+)\s*-->")

#: The named checks: each takes the tables (name -> table) and returns None while its
#: sentence holds, else what the data now says.
CHECKS: dict[str, Callable[[dict[str, pd.DataFrame]], str | None]] = {}


def story_check(name: str):
    """Register the decorated function as the story check ``name``; return it unchanged."""

    def register(function):
        CHECKS[name] = function
        return function

    return register


def _remains(tables: dict[str, pd.DataFrame]) -> pd.Series:
    """Return the remains returned each year, indexed by year, oldest first."""
    handovers = tables["remains_handovers"].sort_values("year")
    return handovers.set_index("year")["remains_returned"].astype(int)


@story_check("first-handover-largest")
def first_handover_largest(tables) -> str | None:
    """Return None while the first year's handover is larger than every later one."""
    remains = _remains(tables)
    first, later = remains.index[0], remains.iloc[1:]
    if later.empty or remains[first] > later.max():
        return None
    return (
        f"{later.idxmax()} brought {later.max()} sets of remains, as many as or more than "
        f"{first}'s {remains[first]}."
    )


@story_check("first-handover-far-largest")
def first_handover_far_largest(tables) -> str | None:
    """Return None while the first year's handover is at least twice every later one."""
    remains = _remains(tables)
    first, later = remains.index[0], remains.iloc[1:]
    if later.empty or remains[first] >= 2 * later.max():
        return None
    compared = "more than" if later.max() > remains[first] else "more than half of"
    return (
        f"{later.idxmax()} brought {later.max()} sets of remains, {compared} "
        f"{first}'s {remains[first]}: the first handover is no longer far the largest."
    )


@story_check("smallest-since-2020-above-2019")
def smallest_since_2020_above_2019(tables) -> str | None:
    """Return None while every handover from 2020 on is larger than 2019's."""
    remains = _remains(tables)
    since = remains.loc[2020:]
    if since.min() > remains[2019]:
        return None
    return (
        f"{since.idxmin()} brought {since.min()} sets of remains, no more than 2019's "
        f"{remains[2019]}."
    )


@story_check("returned-under-one-percent-of-dead")
def returned_under_one_percent_of_dead(tables) -> str | None:
    """Return None while the remains returned are under 1% of every estimate of China's dead."""
    returned = int(tables["remains_handovers"]["cumulative_returned"].max())
    estimates = tables["casualty_estimates"]
    dead = estimates[(estimates["party"] == "China") & (estimates["measure"] == "dead")]
    smallest = int(dead["best"].min())
    if returned < smallest / 100:
        return None
    return (
        f"{returned:,} sets of remains have been returned: {returned / smallest:.1%} of the "
        f"smallest estimate of China's dead ({smallest:,})."
    )


@dataclass(frozen=True)
class Marker:
    """One story marker in a lesson: where it is, the sentence it follows and its check."""

    notebook: Path
    cell: int  # as JupyterLab numbers cells: from 1, over all cells
    heading: str
    sentence: str
    name: str


@dataclass(frozen=True)
class Untrue:
    """A marked sentence the data no longer bears out, and what the data says instead."""

    marker: Marker
    data_says: str

    def described(self, shown_path: str) -> str:
        """Return the problem in an instructor's words, with the lesson shown as ``shown_path``."""
        where = f"{shown_path}, cell {self.marker.cell}"
        if self.marker.heading:
            where += f' (under the heading "{self.marker.heading}")'
        return (
            f"  {where}\n"
            f'    the sentence: "{self.marker.sentence}"\n'
            f"    the data now says: {self.data_says}\n"
            f"    (its marker: <!-- story: {self.marker.name} -->)"
        )


def _sentence_before(text: str) -> str:
    """Return the last sentence of ``text`` (the one a marker follows), on one line."""
    paragraph = re.split(r"\n\s*\n", text.rstrip())[-1]
    flat = " ".join(paragraph.split())
    sentences = re.split(r"(?<=[.!?:;])\s+(?=[A-Z*`(\"])", flat)
    sentence = sentences[-1] if sentences else flat
    return re.sub(r"^[-*]\s+", "", sentence)


def markers(notebook: Path) -> list[Marker]:
    """Return every story marker of the notebook at ``notebook``, in order."""
    cells = json.loads(notebook.read_text(encoding="utf-8")).get("cells", [])
    found, heading = [], ""
    for number, cell in enumerate(cells, start=1):
        source = cell.get("source", "")
        text = "".join(source) if isinstance(source, list) else source
        if cell.get("cell_type") != "markdown":
            continue
        for match in MARKER.finditer(text):
            before = MARKER.sub("", text[: match.start()])
            headings = re.findall(r"^#+\s+(.+)$", text[: match.start()], re.MULTILINE)
            under = headings[-1].strip() if headings else heading
            found.append(Marker(notebook, number, under, _sentence_before(before), match[1]))
        headings = re.findall(r"^#+\s+(.+)$", text, re.MULTILINE)
        heading = headings[-1].strip() if headings else heading
    return found


def check_lessons(paths: list[Path], tables: dict[str, pd.DataFrame]) -> list[Untrue]:
    """Return every marked sentence of the notebooks ``paths`` that ``tables`` do not bear out.

    A marker naming no known check is returned too, saying so.
    """
    untrue = []
    for path in paths:
        for marker in markers(path):
            check = CHECKS.get(marker.name)
            if check is None:
                known = ", ".join(sorted(CHECKS))
                said = f"(no story check is called {marker.name!r}; the checks are: {known})"
            else:
                said = check(tables)
            if said:
                untrue.append(Untrue(marker, said))
    return untrue
