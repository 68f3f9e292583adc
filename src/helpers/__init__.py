"""Shared helpers for the Counting the Fallen lessons.

Notebooks import this package and call its functions; all code lives here, narration lives in
the notebooks. Submodules load on first use, so ``import helpers`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "0.1.0"

_SUBMODULES = frozenset(
    {
        "analysis",
        "build",
        "charts",
        "cli",
        "data",
        "dictionary",
        "estimator_styles",
        "exercises",
        "lockfile",
        "notebooks",
        "paths",
        "pipeline",
        "schema",
        "site",
        "sources",
        "validate",
    }
)


def __getattr__(name: str) -> Any:
    """Return a submodule on first access (PEP 562 lazy loading)."""
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
