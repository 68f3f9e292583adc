"""Which lessons ``make run`` may reuse instead of executing them again.

A lesson's execution is keyed by everything its outputs depend on: its own cells (type, source
and tags, as :func:`helpers.course.notebooks.written_cells` reads them), every file of the data
package, the code of the installed ``helpers`` package, the lock file and the installed
distributions, the Python version, the kernel's start-up line and the date limit when one is
given (without one the limit is today's date, which only decides which claims are valid, and
those are checked before any lesson runs; no lesson prints it). After each run the key is
remembered beside a hash of the notebook as written and a copy of the charts it exported. A
lesson is reused when its key is the same and the notebook on disk is still the one that run
wrote (so a checkout of other outputs is run again); its charts are copied back from the cache.
Its stored outputs are then not touched at all, so they stay byte-identical.

Why a key of our own rather than jupyter-cache: jupyter-cache keys a notebook by its code
cells and kernel only, and it stores outputs in its own database and merges them back, while
here the outputs also depend on files outside the notebook (the data, the helpers' code), each
lesson also exports charts, and the notebook file must stay exactly as the runner wrote it.

The static site is reused the same way, whole: when every lesson file, the data package's
version and the code are as they were.

Belongs here: the keys and the cache folder. Does not belong here: executing notebooks
(:mod:`.notebooks`) or the order of the steps (:mod:`.pipeline`).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from helpers.course.notebooks import written_cells
from helpers.datapackage.files import write_atomically

#: Bumped when the key or the cache's layout changes: every lesson then runs once again.
FORMAT = 1
#: Folders inside the helpers package that are not code the lessons run.
NOT_CODE = {"__pycache__", "_data"}


def _hash_files(digest, folder: Path, skip: frozenset[str] = frozenset()) -> None:
    """Feed every file under ``folder`` (relative name and bytes, in name order) to ``digest``."""
    if not folder.is_dir():
        digest.update(b"missing\0")
        return
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if path.is_file() and not skip.intersection(relative.parts):
            digest.update(relative.as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())


def _installed() -> str:
    """Return every installed distribution's name and version, one a line, sorted."""
    return "\n".join(
        sorted(f"{dist.metadata['Name']}=={dist.version}" for dist in metadata.distributions())
    )


def shared_inputs(
    data: Path, lock: Path | None, today: str = "", startup: str = "", code: Path | None = None
) -> str:
    """Return the hex digest of what every lesson depends on alike.

    That is the data folder ``data``, the helpers' code (``code``, default the installed
    package), the lock file ``lock`` (if it exists), the installed distributions, the Python
    version, the kernel start-up line ``startup`` and the date limit ``today``.
    """
    import helpers

    digest = hashlib.sha256(f"format {FORMAT}\0{sys.version_info[:2]}\0".encode())
    digest.update(f"today {today}\0startup {startup}\0".encode())
    for label, folder in (("data", data), ("code", code or Path(helpers.__file__).parent)):
        digest.update(label.encode() + b"\0")
        _hash_files(digest, folder, frozenset(NOT_CODE) if label == "code" else frozenset())
    digest.update(b"lock\0" + (lock.read_bytes() if lock and lock.is_file() else b"none"))
    digest.update(b"installed\0" + _installed().encode())
    return digest.hexdigest()


def lesson_key(notebook_text: str, shared: str) -> str:
    """Return the key of one lesson: its written cells together with the ``shared`` digest."""
    cells = json.dumps(written_cells(notebook_text), ensure_ascii=False)
    return hashlib.sha256(f"{shared}\0{cells}".encode()).hexdigest()


def _file_hash(path: Path) -> str:
    """Return the SHA-256 of the file at ``path``, or "" when it cannot be read."""
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except OSError:
        return ""


def chart_files(folder: Path, lesson: str) -> list[Path]:
    """Return the files that ``lesson`` exported into ``folder``: its charts and its log."""
    log = folder / f"{lesson}.jsonl"
    return sorted(folder.glob(f"{lesson}_[0-9][0-9]_*")) + ([log] if log.is_file() else [])


@dataclass(frozen=True)
class LessonCache:
    """The cache folder of one project, and the shared digest of this run."""

    folder: Path
    shared: str

    def _entry(self, lesson: str) -> Path:
        return self.folder / f"{lesson}.json"

    def reusable(self, path: Path) -> bool:
        """Return True when the notebook at ``path`` need not be executed again."""
        try:
            entry = json.loads(self._entry(path.stem).read_text(encoding="utf-8"))
            text = path.read_text(encoding="utf-8")
            key = lesson_key(text, self.shared)
        except (OSError, ValueError):
            return False
        charts = self.folder / path.stem
        return (
            entry.get("key") == key
            and entry.get("notebook") == _file_hash(path)
            and all((charts / name).is_file() for name in entry.get("charts", []))
        )

    def split(self, paths: list[Path], fresh: bool = False) -> tuple[list[Path], list[Path]]:
        """Return ``paths`` as (reused, to run), each in the given order; ``fresh``: run all."""
        if fresh:
            return [], list(paths)
        reused = [path for path in paths if self.reusable(path)]
        return reused, [path for path in paths if path not in reused]

    def restore_charts(self, path: Path, figures: Path) -> int:
        """Copy the charts remembered for the notebook ``path`` into ``figures``; return how many.

        The count leaves out the lesson's log file.
        """
        entry = json.loads(self._entry(path.stem).read_text(encoding="utf-8"))
        figures.mkdir(parents=True, exist_ok=True)
        for name in entry["charts"]:
            shutil.copy2(self.folder / path.stem / name, figures / name)
        return sum(not name.endswith(".jsonl") for name in entry["charts"])

    def remember(self, path: Path, figures: Path) -> None:
        """Record the notebook ``path`` as just executed, with the charts it put in ``figures``.

        The entry is written last, so an interrupted copy is never taken for a whole one.
        """
        self._entry(path.stem).unlink(missing_ok=True)
        charts = self.folder / path.stem
        shutil.rmtree(charts, ignore_errors=True)
        charts.mkdir(parents=True)
        names = []
        for file in chart_files(figures, path.stem):
            shutil.copy2(file, charts / file.name)
            names.append(file.name)
        text = path.read_text(encoding="utf-8")
        entry = {
            "key": lesson_key(text, self.shared),
            "notebook": _file_hash(path),
            "charts": names,
        }
        write_atomically(self._entry(path.stem), json.dumps(entry, indent=1) + "\n")


def site_key(shared: str, lessons: list[Path], version: str, extra: str = "") -> str:
    """Return the site key: the ``shared`` digest, each lesson file, the version, ``extra``."""
    digest = hashlib.sha256(f"{shared}\0{version}\0{extra}\0".encode())
    for path in lessons:
        digest.update(f"{path.name}\0{_file_hash(path)}\0".encode())
    return digest.hexdigest()


def reuse_site(
    cache_folder: Path,
    key: str,
    folder: Path,
    write: Callable[[], list[Path]],
) -> tuple[list[Path], bool]:
    """Fill ``folder`` with the site: the copy kept under ``key``, else what ``write()`` writes.

    Returns the pages (index first) and whether they were reused. A site written is remembered.
    """
    entry, pages = cache_folder / "site.json", cache_folder / "site"
    try:
        remembered = json.loads(entry.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        remembered = {}
    names = remembered.get("pages", [])
    if remembered.get("key") == key and all((pages / name).is_file() for name in names):
        shutil.copytree(pages, folder, dirs_exist_ok=True)
        return [folder / name for name in names], True
    written = write()
    entry.unlink(missing_ok=True)
    shutil.rmtree(pages, ignore_errors=True)
    shutil.copytree(folder, pages)
    names = [path.relative_to(folder).as_posix() for path in written]
    write_atomically(entry, json.dumps({"key": key, "pages": names}, indent=1) + "\n")
    return written, False


def for_project(
    root: Path, data: Path, today: str = "", startup: str = "", lock: Path | None = None
) -> LessonCache:
    """Return the lesson cache of the project at ``root`` (in ``build/cache/lessons/``).

    ``lock`` defaults to the project's ``uv.lock``.
    """
    shared = shared_inputs(data, lock or root / "uv.lock", today, startup)
    return LessonCache(root / "build" / "cache" / "lessons", shared)
