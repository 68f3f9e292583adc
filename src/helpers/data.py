"""Load the data tables for the lessons: one call per table, checked before it is returned.

Each loader validates the whole data package first (the same checks as
``python -m helpers validate``), so a broken CSV stops a notebook with a message naming the
file, line and column, never a silently wrong chart. Results are cached until a file changes.

Belongs here: the loaders a lesson calls. Does not belong here: the checks themselves
(:mod:`helpers.datapackage.validate`), analysis, or drawing.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

import pandas as pd

from helpers.datapackage.periods import date_limit
from helpers.datapackage.schema import PACKAGE_FILE, resources, units
from helpers.datapackage.validate import DataError, Report, validate_package
from helpers.paths import data_dir


def _fingerprint(folder: Path) -> tuple[tuple[str, int], ...]:
    """Return the modification times of the package files, so edits invalidate the cache."""
    files = [folder / PACKAGE_FILE, *(folder / r.path for r in resources(folder).values())]
    return tuple((str(path), path.stat().st_mtime_ns if path.exists() else -1) for path in files)


@lru_cache(maxsize=4)
def _validated(folder: Path, fingerprint: tuple, today: dt.date | None) -> Report:
    """Return the report on ``folder``, cached by the files' ``fingerprint``."""
    return validate_package(folder, today)


def validated(folder: Path | None = None, today: dt.date | None = None) -> Report:
    """Return the validation report of the data package; raise DataError if it has problems.

    Args:
        folder: the data folder (default: the project's ``data/``).
        today: the limit for dates in the data (default: the real date).
    """
    folder = folder or data_dir()
    report = _validated(folder, _fingerprint(folder), today or date_limit())
    if not report.current:  # a lesson never reads tables not rebuilt from the claims
        raise DataError(report)
    return report


def load_table(name: str, folder: Path | None = None) -> pd.DataFrame:
    """Return the table ``name`` with proper dtypes (Int64 counts, NA where not given).

    Args:
        name: a table of ``datapackage.json``: ``remains_handovers``, ``casualty_estimates``,
            ``claims`` or ``sources``.
        folder: the data folder (default: the project's ``data/``).

    Raises :class:`~helpers.datapackage.validate.DataError` listing every problem when the
    data package is not valid.
    ``frame.attrs["units"]`` maps columns to their units and ``frame.attrs["table"]`` names the
    table; cite rows through their ``source_ids`` column (attrs do not survive merges).
    """
    frame = validated(folder).tables[name].copy()
    frame.attrs = {"table": name, "units": units(name, folder or data_dir())}
    return frame


def load_handovers(folder: Path | None = None) -> pd.DataFrame:
    """Return the yearly remains handovers, one row per year from 2014, oldest first.

    Args:
        folder: the data folder (default: the project's ``data/``).
    """
    return load_table("remains_handovers", folder).sort_values("year").reset_index(drop=True)


def load_estimates(folder: Path | None = None) -> pd.DataFrame:
    """Return the casualty estimates: one row per estimate, low/best/high as nullable integers.

    Args:
        folder: the data folder (default: the project's ``data/``).
    """
    return load_table("casualty_estimates", folder)


def load_claims(folder: Path | None = None) -> pd.DataFrame:
    """Return the claims ledger: every figure as its source states it, used or set aside.

    Args:
        folder: the data folder (default: the project's ``data/``).
    """
    return load_table("claims", folder)


def load_sources(folder: Path | None = None) -> pd.DataFrame:
    """Return the source register, one row per source.

    Args:
        folder: the data folder (default: the project's ``data/``).
    """
    return load_table("sources", folder)


#: The data's own documentation: sources, glossary, columns, discrepancies. It travels with the
#: data package (a checkout's data/, or the copy inside the installed helpers).
DOCUMENTATION = "README.md"


def documentation_text(section: str | None = None, folder: Path | None = None) -> str:
    """Return the data's documentation (``data/README.md``), or one part of it.

    Args:
        section: the start of a title, any case: a section (``"Discrepancies"``), a sub-section
            (``### `sources.csv` ...``, found by ``"`sources.csv`"``) or one bold-titled item of
            a list (``"When was the handover agreed"``). Sections are tried first, then
            sub-sections, then items. None gives the list of sections and how to print one.
        folder: the data folder (default: the project's ``data/``).

    Raises KeyError naming the sections when no title starts with ``section``.
    """
    text = ((folder or data_dir()) / DOCUMENTATION).read_text(encoding="utf-8")
    lines = text.splitlines()
    parts: dict[str, list[str]] = {}
    subparts: dict[str, list[str]] = {}
    items: dict[str, list[str]] = {}
    title = subtitle = item = ""
    for line in lines:
        if line.startswith("## "):
            title, subtitle, item = line[3:].strip(), "", ""
        elif line.startswith("### "):
            subtitle, item = line[4:].strip(), ""
        elif line.startswith("- **"):
            item = line[4:].strip()
        elif not line.startswith(" "):
            item = ""
        parts.setdefault(title, []).append(line)
        if subtitle:
            subparts.setdefault(subtitle, []).append(line)
        if item:
            items.setdefault(item, []).append(line)
    titles = [name for name in parts if name]
    if section is None:
        listing = "\n".join(f"- {name}" for name in titles)
        return (
            "The data's documentation (README.md of the data package, shipped with the "
            f"helpers) has these sections:\n{listing}\n"
            'Print one with data.documentation("Discrepancies"), giving the start of its title.'
        )
    wanted = section.strip().casefold()
    for found in (parts, subparts, items):
        names = [name for name in found if name and name.casefold().startswith(wanted)]
        if names:
            return "\n".join(found[names[0]]).strip()
    raise KeyError(f"no section starts with {section!r}; the sections: {', '.join(titles)}")


def documentation(section: str | None = None) -> None:
    """Print the data's documentation, or one section of it (see :func:`documentation_text`).

    It works in a lesson opened on its own too: the documentation ships with the data.
    """
    print(documentation_text(section))
