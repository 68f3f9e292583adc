"""The main job, ``make run``: everything an instructor needs before class, in one command.

1. build the clean tables from the claims ledger;
2. validate the whole data package;
3. execute every lesson and solution in place (two at a time on two cores), never over
   uncommitted edits unless forced, exporting every chart to ``build/figures/``;
4. write the figure index (alt text and source line of every chart);
5. write the static site to ``build/site/``.

It stops at the first failure, naming the file, or the lesson and cell, and returns 1.

Belongs here: the order of the steps and the guard against overwriting edits. Does not belong
here: how each step works (data package, notebook runner, chart export, site).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from helpers.course import notebooks
from helpers.course.figures import FIGURES_DIR_VARIABLE, KERNEL_STARTUP, LESSON_VARIABLE
from helpers.paths import data_dir


@dataclass(frozen=True)
class Project:
    """Where one copy of the project keeps its data, lessons and build output."""

    root: Path

    @property
    def data(self) -> Path:
        """Return the data folder."""
        return self.root / "data"

    @property
    def notebooks(self) -> Path:
        """Return the lessons folder."""
        return self.root / "notebooks"

    @property
    def figures(self) -> Path:
        """Return the folder of exported charts."""
        return self.root / "build" / "figures"

    @property
    def site(self) -> Path:
        """Return the folder of the static site."""
        return self.root / "build" / "site"


class RunStopped(RuntimeError):
    """A step failed; the message says what and where."""


def default_workers() -> int:
    """Return how many notebooks to execute at once: one per core, at most two."""
    return max(1, min(2, os.cpu_count() or 1))


def run(
    project: Project,
    *,
    force: bool = False,
    today: dt.date | None = None,
    workers: int | None = None,
    only: list[str] | None = None,
    progress: Callable[[str], None] = print,
) -> int:
    """Run the five steps on ``project``; return 0 on success, 1 at the first failure.

    ``progress`` receives each line of progress; ``only`` limits step 3 to the named lessons.
    """
    started = time.perf_counter()
    try:
        summary = _steps(project, force, today, workers or default_workers(), only, progress)
    except RunStopped as failure:
        progress(f"Stopped: {failure}")
        return 1
    progress(f"Done in {time.perf_counter() - started:.0f} s: {summary}")
    return 0


def _relative(path: Path, project: Project) -> str:
    """Return ``path`` relative to the project's root when it lies inside it."""
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)


def _steps(project, force, today, workers, only, progress) -> str:
    """Run the five steps; return the closing summary or raise :class:`RunStopped`."""
    from helpers.course.site import write_figure_index, write_site
    from helpers.datapackage.build import BuildError, write_tables
    from helpers.datapackage.schema import package
    from helpers.datapackage.validate import validate_package

    steps = 5
    progress(f"[1/{steps}] building the clean tables from data/raw/claims.csv")
    try:
        written = write_tables(project.data)
    except BuildError as error:
        raise RunStopped(f"the claims cannot be built into tables: {error}") from error
    except (OSError, ValueError, KeyError) as error:
        raise RunStopped(f"the claims could not be read ({error}); run `make validate`") from error
    progress(f"      wrote {', '.join(path.name for path in written)}")

    progress(f"[2/{steps}] validating the data")
    report = validate_package(project.data, today)
    progress(f"      {report.summary()}")
    if not report.ok:
        raise RunStopped("fix the data problems above, then run again.")

    paths = notebooks.notebook_paths(project.notebooks)
    if only:
        paths = [path for path in paths if path.stem in only]
    progress(f"[3/{steps}] executing {len(paths)} notebooks in place, {workers} at a time")
    _guard(paths, project, force)
    shutil.rmtree(project.figures, ignore_errors=True)
    project.figures.mkdir(parents=True)
    environment = dict(os.environ)
    environment[FIGURES_DIR_VARIABLE] = str(project.figures)
    if project.data.resolve() != data_dir().resolve():
        environment["COUNTING_THE_FALLEN_DATA"] = str(project.data)  # read by data_dir()

    def env_for(path: Path) -> dict[str, str]:
        return {**environment, LESSON_VARIABLE: path.stem}

    def done(path: Path, cells: int, seconds: float) -> None:
        progress(f"      {_relative(path, project)}: {cells} code cells, {seconds:.1f} s")

    try:
        notebooks.execute_all(
            paths, workers=workers, env_for=env_for, done=done, startup=KERNEL_STARTUP
        )
    except notebooks.CellFailure as failure:
        raise RunStopped(str(failure)) from failure

    version = package(project.data)["version"]
    progress(f"[4/{steps}] indexing the charts in build/figures/")
    charts = write_figure_index(project.figures, version)
    progress(f"      {len(charts)} charts as PNG and SVG, index.html and index.csv")

    progress(f"[5/{steps}] writing the static site to build/site/")
    lessons = [path for path in paths if path.parent == project.notebooks]
    pages = write_site(lessons, project.site, version)
    progress(f"      {len(pages)} pages; open {_relative(pages[0], project)} in a browser")
    return (
        f"data valid, {len(paths)} notebooks run, {len(charts)} charts exported, "
        f"site in {_relative(project.site, project)}/."
    )


def _guard(paths: list[Path], project: Project, force: bool) -> None:
    """Raise RunStopped if executing would overwrite uncommitted edits (unless ``force``)."""
    if force:
        return
    try:
        edited = notebooks.uncommitted(paths, project.root)
    except notebooks.NotAGitCheckout as error:
        raise RunStopped(
            "this folder is not a git checkout, so edits to the notebooks cannot be detected "
            "and re-running would overwrite them. Run again with FORCE=1 "
            "(python -m helpers run --force) to overwrite them anyway."
        ) from error
    if edited:
        names = "\n".join(f"  {_relative(path, project)}" for path in edited)
        raise RunStopped(
            "these notebooks have changes that are not committed, and re-running would "
            f"overwrite them:\n{names}\nCommit or copy your work first, or run again with "
            "FORCE=1 (python -m helpers run --force) to overwrite them; "
            "`make reset LESSON=name` restores one lesson as shipped."
        )


def reset(project: Project, lesson: str) -> str:
    """Restore one lesson (or solution) as last committed; return the path restored.

    Raises RunStopped when the name is not a lesson or git cannot restore it.
    """
    import subprocess

    names = {path.stem: path for path in notebooks.notebook_paths(project.notebooks)}
    if lesson not in names:
        raise RunStopped(f"no lesson called {lesson!r}; lessons: {', '.join(sorted(names))}")
    path = names[lesson]
    command = ["git", "restore", "--source=HEAD", "--staged", "--worktree", "--", str(path)]
    result = subprocess.run(command, cwd=project.root, capture_output=True, text=True)
    if result.returncode != 0:
        raise RunStopped(f"git could not restore {path.name}: {result.stderr.strip()}")
    return _relative(path, project)
