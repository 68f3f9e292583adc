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


#: An artist's gid that names the claims one mark shows: ``mark-c001`` or ``mark-c001.c002``.
MARK_PREFIX = "mark-"
#: An artist's gid that names the claims of each of its points, in order: ``marks-c001_c002``.
POINTS_PREFIX = "marks-"


def _claim_part(claim_ids: Iterable[str] | str) -> str:
    """Return claim ids joined with dots, checking each is letters, digits and hyphens."""
    ids = [claim_ids] if isinstance(claim_ids, str) else list(claim_ids)
    for claim_id in ids:
        if not claim_id or not all(c.isalnum() or c == "-" for c in claim_id):
            raise ValueError(f"a claim id is letters, digits and hyphens, not {claim_id!r}")
    return ".".join(ids)


def mark(artist, *claim_ids: str):
    """Name the claims that one mark of a chart shows (a bar, a dot, a line); return the artist.

    The exported SVG then gives the mark a tooltip with each claim's estimator or report, value
    as stated, date, publisher and locator, and a link to its source (see
    :mod:`helpers.course.figures`). The PNG is unchanged. Example: ``sources.mark(bar, "c001")``.
    """
    artist.set_gid(MARK_PREFIX + _claim_part(claim_ids))
    return artist


def mark_points(artist, claims: Iterable[Iterable[str] | str]):
    """Name the claims of each point of a scatter or of a line's markers, in the order drawn.

    ``claims`` holds, per point, one claim id or several. Returns the artist.
    Example: ``sources.mark_points(ax.scatter(x, y), ["c001", "c002", ("c003", "c004")])``.
    """
    artist.set_gid(POINTS_PREFIX + "_".join(_claim_part(point) for point in claims))
    return artist
