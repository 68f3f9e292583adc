"""Where the project's files are, so that no notebook types a relative path.

The data package is looked for, in this order:

1. the folder named by the environment variable ``COUNTING_THE_FALLEN_DATA``;
2. the checkout you are in: the nearest folder, from the working directory upwards, that holds
   this project's ``data/datapackage.json``;
3. the checkout this code was installed from (an editable install);
4. the copy inside the installed package (a wheel, an sdist or a git install carries one).

The notebooks and build folders belong to the same checkout (``ROOT``).
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

#: Environment variable that names the data folder explicitly.
DATA_VARIABLE = "COUNTING_THE_FALLEN_DATA"
#: The ``name`` in this project's ``datapackage.json``, so a stranger's data/ is never taken.
PACKAGE_NAME = "counting-the-fallen"
_HERE = Path(__file__).resolve().parent


def is_project_data(folder: Path) -> bool:
    """Return True when ``folder`` holds this project's ``datapackage.json``."""
    try:
        return json.loads((folder / "datapackage.json").read_text("utf-8")).get("name") == (
            PACKAGE_NAME
        )
    except (OSError, ValueError, AttributeError):
        return False


def find_root(start: Path | None = None) -> Path | None:
    """Return the checkout around ``start`` (default: the working directory), or None.

    That is the nearest of ``start`` and its parents with this project's ``data/``; failing
    that, the checkout this code lives in (an editable install).
    """
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents, _HERE.parents[1]):
        if is_project_data(folder / "data"):
            return folder
    return None


#: The checkout in use (see :func:`find_root`), else the working directory: builds go there.
ROOT = find_root() or Path.cwd().resolve()


def data_dir() -> Path:
    """Return the data folder (see the module's docstring for the order tried).

    Raises FileNotFoundError listing every place tried when none holds the data package.
    """
    override = os.environ.get(DATA_VARIABLE)
    if override:
        return Path(override)
    root = find_root()
    candidates = [root / "data"] if root else []
    candidates.append(_HERE / "_data")
    for folder in candidates:
        if is_project_data(folder):
            return folder
    raise FileNotFoundError(
        f"the data package (datapackage.json) was not found. Tried: ${DATA_VARIABLE} (not set); "
        f"a data/ folder in {Path.cwd()} or above; the copy inside the installed package "
        f"({_HERE / '_data'}). Run from the project's folder, or set {DATA_VARIABLE}."
    )


def notebooks_dir() -> Path:
    """Return the folder that holds the lesson notebooks: ``notebooks/`` in the checkout."""
    return ROOT / "notebooks"


def repository_url() -> str | None:
    """Return the repository's address (``Repository`` in pyproject.toml's [project.urls]).

    Read from the installed package's metadata; None when it is not set.
    """
    from importlib import metadata

    try:
        entries = metadata.metadata(PACKAGE_NAME).get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    urls = dict(entry.split(",", 1) for entry in entries if "," in entry)
    return urls["Repository"].strip() if "Repository" in urls else None


def colab_url(notebook: str, address: str | None) -> str | None:
    """Return the "Open in Colab" address of ``notebook`` (its path in the repository).

    None when ``address`` is not set or is not a GitHub repository (Colab opens only those).
    """
    match = re.fullmatch(r"https://github\.com/([\w.-]+/[\w.-]+?)(?:\.git)?/?", address or "")
    if not match:
        return None
    return f"https://colab.research.google.com/github/{match[1]}/blob/main/{notebook}"
