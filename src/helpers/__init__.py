"""Shared helpers for the Counting the Fallen lessons.

A lesson imports the student API, the modules at the top of this package::

    from helpers import analysis, charts, data, exercises, sources

- :mod:`helpers.data` loads the checked tables; :mod:`helpers.analysis` computes on them;
  :mod:`helpers.charts` draws them in the house style; :mod:`helpers.sources` cites them;
  :mod:`helpers.exercises` checks a student's answers.
- :mod:`helpers.datapackage` is the data layer below: schema, checks, build from the ledger.
- :mod:`helpers.course` is the course tooling above everything: ``python -m helpers``.
- :mod:`helpers.paths` says where the project's files are.

Arrows point one way: lessons -> student API -> data package -> paths; course tooling may import
all of them and nothing imports it (``docs/architecture.md``; the import contracts in
``pyproject.toml`` keep it so). Submodules load on first use, so ``import helpers`` is cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = frozenset(
    {
        "analysis",
        "charts",
        "course",
        "data",
        "datapackage",
        "estimator_styles",
        "exercises",
        "paths",
        "sources",
    }
)


def __getattr__(name: str) -> Any:
    """Return a submodule on first access (PEP 562 lazy loading)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
