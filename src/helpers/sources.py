"""Sources and citations: who reported each figure, cited from the rows that use it.

Every table cites its sources in a ``source_ids`` column (semicolon-separated ids of
``data/sources.csv``). These functions turn those ids into a chart's footer line or a lesson's
list of sources, so that no citation is ever typed by hand.

Belongs here: turning source ids into citations. Does not belong here: drawing (charts call
:func:`source_line` for their footers) or checking that ids exist (the validator does).
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from helpers.data import load_sources


def _register(sources: pd.DataFrame | None) -> pd.DataFrame:
    """Return ``sources``, or the project's source register when it is None."""
    return load_sources() if sources is None else sources


def cited_ids(*frames: pd.DataFrame) -> list[str]:
    """Return the sorted, distinct source ids in the ``source_ids`` columns of ``frames``."""
    ids = pd.concat([frame["source_ids"] for frame in frames], ignore_index=True)
    return sorted(set(ids.str.split(";").explode().dropna()) - {""})


def source_line(source_ids: Iterable[str], sources: pd.DataFrame | None = None) -> str:
    """Return "Source: Publisher, 2021, 2023; Other publisher, 2025." for the given ids.

    Publishers are sorted and listed once, with the distinct years of their cited items.

    Args:
        source_ids: ids of ``sources.csv``, repeats allowed.
        sources: the source register (default: the project's ``sources.csv``).

    Raises KeyError naming any id missing from the source register.
    """
    register = _register(sources).set_index("source_id")
    ids = sorted(set(source_ids))
    unknown = [source_id for source_id in ids if source_id not in register.index]
    if unknown:
        raise KeyError(f"source ids not in sources.csv: {', '.join(unknown)}")
    cited = register.loc[ids]
    years = cited["date_published"].astype(str).str.slice(0, 4)
    labels = []
    for publisher in sorted(set(cited["publisher"]), key=str.casefold):
        dated = sorted(set(years[cited["publisher"].eq(publisher)]) - {""})
        labels.append(", ".join([publisher, *dated]))
    return f"Source: {'; '.join(labels)}."


def cited_sources(*frames: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.DataFrame:
    """Return the register rows of every source the frames' rows cite, by publisher and date."""
    register = _register(sources).set_index("source_id")
    cited = register.loc[cited_ids(*frames)].reset_index()
    return cited.sort_values(["publisher", "date_published", "source_id"]).reset_index(drop=True)


def citation(source: pd.Series) -> str:
    """Return a full citation: Publisher (date). Title. Address. [source_id]"""
    date = source["date_published"] or "date not known"
    title = f" {source['title']}." if source["title"] else " (title not known)."
    url = f" {source['url']}" if source["url"] else ""
    return f"{source['publisher']} ({date}).{title}{url} [{source['source_id']}]"


def print_sources(*frames: pd.DataFrame, sources: pd.DataFrame | None = None) -> None:
    """Print a numbered list of full citations for every source the frames' rows cite.

    Args:
        frames: tables with a ``source_ids`` column, e.g. the rows a lesson used.
        sources: the source register (default: the project's ``sources.csv``).
    """
    for number, (_, source) in enumerate(cited_sources(*frames, sources=sources).iterrows(), 1):
        print(f"{number}. {citation(source)}")
