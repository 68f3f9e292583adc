"""The main job, ``make run``: everything an instructor needs before class, in one command.

1. check the data: the source register, the claims ledger and the tables they build, and that
   no lesson holds work that is not committed (cells, or notebooks added or removed);
2. write the clean tables built from the claims ledger;
3. execute every lesson and solution in place (two at a time on two cores), exporting every
   chart; a lesson unchanged since its last run (:mod:`.cache`) is reused, its charts copied;
4. write the figure index (alt text and source line of every chart) to ``build/figures/``;
5. write the static site to ``build/site/``.

Nothing is written before every check has passed: a data problem or a refusal leaves tables,
lessons and build outputs as they were. It is safe to repeat: a notebook's outputs never count
as edits. Every file is written through a temporary file (or folder) renamed into place, so
after Ctrl-C, a failure or a crash each one is the old file or the new one. It stops at the
first failure, naming the file, or the lesson and cell, and returns 1; after Ctrl-C it says in
one line what was finished and what not, and returns 130.

Belongs here: the order of the steps and the guard against overwriting edits. Does not belong
here: how each step works (data package, notebook runner, chart export, site).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.course import cache, notebooks
from helpers.course.figures import FIGURES_DIR_VARIABLE, KERNEL_STARTUP, LESSON_VARIABLE
from helpers.datapackage.periods import TODAY_VARIABLE
from helpers.paths import data_dir, repository_url

#: Exit status after Ctrl-C, as a shell reports a command stopped by it.
INTERRUPTED = 130


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


@dataclass
class Progress:
    """What a run has finished so far, to say in one line where Ctrl-C stopped it."""

    notebooks: list[Path] = field(default_factory=list)
    executed: list[Path] = field(default_factory=list)
    finished: list[str] = field(default_factory=list)
    pending: list[str] = field(
        default_factory=lambda: ["data checks", "tables", "notebooks", "charts", "site"]
    )

    def finish(self, step: str) -> None:
        """Record ``step`` as finished."""
        self.pending.remove(step)
        self.finished.append(step)

    def interrupted(self) -> str:
        """Return the one line printed after Ctrl-C: what was finished and what was not."""
        done = list(self.finished)
        left = list(self.pending)
        if "notebooks" in left and self.executed:
            total = len(self.notebooks)
            names = ", ".join(path.stem for path in self.executed)
            done.append(f"{len(self.executed)} of {total} notebooks ({names})")
            left[left.index("notebooks")] = f"{total - len(self.executed)} notebooks"
        return (
            f"Interrupted. Finished: {', '.join(done) or 'nothing'}; not done: "
            f"{', '.join(left)}. Every file is either as it was or complete; "
            "run `make run` again to finish."
        )


def default_workers() -> int:
    """Return how many notebooks to execute at once: one per core, at most two."""
    return max(1, min(2, os.cpu_count() or 1))


def run(
    project: Project,
    *,
    force: bool = False,
    fresh: bool = False,
    today: dt.date | None = None,
    workers: int | None = None,
    only: list[str] | None = None,
    progress: Callable[[str], None] = print,
) -> int:
    """Run the five steps on ``project``; return 0 on success, 1 at the first failure.

    ``fresh`` executes every lesson, reusing none (see :mod:`.cache`);
    ``progress`` receives each line of progress; ``only`` limits step 3 to the named lessons;
    ``today`` is the date limit for the data, in the checks and in the lessons' kernels.
    After Ctrl-C it says what was finished and returns :data:`INTERRUPTED`.
    """
    started = time.perf_counter()
    done = Progress()
    try:
        summary = _steps(
            project, force, fresh, today, workers or default_workers(), only, progress, done
        )
    except RunStopped as failure:
        progress(f"Stopped: {failure}")
        return 1
    except KeyboardInterrupt:
        progress(done.interrupted())
        return INTERRUPTED
    progress(f"Done in {time.perf_counter() - started:.0f} s: {summary}")
    return 0


def _relative(path: Path, project: Project) -> str:
    """Return ``path`` relative to the project's root when it lies inside it."""
    return str(path.relative_to(project.root)) if path.is_relative_to(project.root) else str(path)


def _iso(day: dt.date | None) -> str:
    """Return ``day`` as YYYY-MM-DD, or "" when no date is given."""
    return day.isoformat() if day else ""


def _steps(project, force, fresh, today, workers, only, progress, done: Progress) -> str:
    """Run the five steps; return the closing summary or raise :class:`RunStopped`."""
    from helpers.course.site import write_figure_index, write_site
    from helpers.datapackage.build import write_tables
    from helpers.datapackage.files import replace_folder
    from helpers.datapackage.schema import package
    from helpers.datapackage.validate import validate_package

    steps = 5
    progress(f"[1/{steps}] checking the data, and the lessons for work not committed")
    report = validate_package(project.data, today, rebuild=True)
    progress(f"      {report.summary()}")
    if not report.ok:
        raise RunStopped("fix the data problems above, then run again. Nothing was written.")
    paths = notebooks.notebook_paths(project.notebooks)
    if only:
        paths = [path for path in paths if path.stem in only]
    _guard(paths, project, force)
    done.finish("data checks")

    progress(f"[2/{steps}] writing the clean tables built from data/raw/claims.csv")
    written = write_tables(project.data, report.built)
    done.finish("tables")
    progress(f"      wrote {', '.join(path.name for path in written)}")

    staged_figures = _staging(project.figures)
    staged_site = _staging(project.site)
    try:
        # Lessons whose key (cells, data, code, lock) is unchanged keep their outputs.
        lessons_cache = cache.for_project(project.root, project.data, _iso(today), KERNEL_STARTUP)
        reused, to_run = lessons_cache.split(paths, fresh=fresh)
        progress(
            f"[3/{steps}] executing {len(to_run)} notebooks in place, {workers} at a time"
            + (f"; {len(reused)} unchanged since their last run, reused" if reused else "")
        )
        for path in reused:
            charts = lessons_cache.restore_charts(path, staged_figures)
            shown = f"{charts // 2} chart{'' if charts == 2 else 's'}"
            progress(f"      {_relative(path, project)}: reused ({shown})")
        environment = dict(os.environ)
        environment[FIGURES_DIR_VARIABLE] = str(staged_figures)
        if today:
            environment[TODAY_VARIABLE] = today.isoformat()  # read by the lessons' loaders
        if project.data.resolve() != data_dir().resolve():
            environment["COUNTING_THE_FALLEN_DATA"] = str(project.data)  # read by data_dir()

        def env_for(path: Path) -> dict[str, str]:
            return {**environment, LESSON_VARIABLE: path.stem}

        def finished(path: Path, cells: int, seconds: float) -> None:
            done.executed.append(path)
            progress(f"      {_relative(path, project)}: {cells} code cells, {seconds:.1f} s")

        done.notebooks = to_run
        try:
            notebooks.execute_all(
                to_run, workers=workers, env_for=env_for, done=finished, startup=KERNEL_STARTUP
            )
        except notebooks.CellFailure as failure:
            raise RunStopped(str(failure)) from failure
        for path in to_run:
            lessons_cache.remember(path, staged_figures)
        done.finish("notebooks")

        version = package(project.data)["version"]
        progress(f"[4/{steps}] indexing the charts in build/figures/")
        charts = write_figure_index(staged_figures, version)
        replace_folder(staged_figures, project.figures)
        done.finish("charts")
        progress(f"      {len(charts)} charts as PNG and SVG, index.html and index.csv")

        progress(f"[5/{steps}] writing the static site to build/site/")
        lessons = [path for path in paths if path.parent == project.notebooks]
        extra = f"{repository_url()} {(project.site.parent / 'changes.html').is_file()}"
        pages, same = cache.reuse_site(
            lessons_cache.folder,
            cache.site_key(lessons_cache.shared, lessons, version, extra),
            staged_site,
            lambda: write_site(lessons, staged_site, version),
        )
        replace_folder(staged_site, project.site)
        done.finish("site")
        index = project.site / pages[0].name
        pages_said = f"{len(pages)} pages" + (", unchanged, reused" if same else "")
        progress(f"      {pages_said}; open {_relative(index, project)} in a browser")
    finally:
        shutil.rmtree(staged_figures, ignore_errors=True)
        shutil.rmtree(staged_site, ignore_errors=True)
    return (
        f"data valid, {len(to_run)} notebooks run, {len(reused)} reused, "
        f"{len(charts)} charts exported, "
        f"site in {_relative(project.site, project)}/."
    )


def _staging(target: Path) -> Path:
    """Return an empty folder beside ``target`` to build its new contents in."""
    staged = target.with_name(f".{target.name}.partial")
    shutil.rmtree(staged, ignore_errors=True)
    staged.mkdir(parents=True)
    return staged


def _guard(paths: list[Path], project: Project, force: bool) -> None:
    """Raise RunStopped if executing would overwrite work not committed (unless ``force``).

    Only what people write counts (cells, and notebooks added or removed); outputs do not.
    """
    if force:
        return
    try:
        edits = notebooks.edited_notebooks(paths, project.root, project.notebooks)
    except notebooks.NotAGitCheckout as error:
        raise RunStopped(
            "this folder is not a git checkout with a commit, so edits to the notebooks cannot "
            "be told from the last run's outputs, and re-running could overwrite them. Nothing "
            "was written. Run again with FORCE=1 (python -m helpers run --force) to run anyway."
        ) from error
    if edits:
        names = "\n".join(
            f"  {_relative(path, project)}: {what}" for path, what in edits.described()
        )
        raise RunStopped(
            "these notebooks hold work that is not committed, and re-running would overwrite "
            f"it:\n{names}\nNothing was written. Commit your work first (git add notebooks, "
            "then git commit), or run again with FORCE=1 (python -m helpers run --force) to "
            "overwrite it; `make reset LESSON=name` restores one lesson as released."
        )


def reset(project: Project, lesson: str) -> str:
    """Restore one lesson (or solution) as released; return what was done, in one sentence.

    As released: as in the latest release tag (``v0.1.0``...) that the checkout descends from;
    without one, or if the lesson is newer than that release, as in the last commit. Raises
    RunStopped when the name is not a lesson or git cannot restore it.
    """
    names = {path.stem: path for path in notebooks.notebook_paths(project.notebooks)}
    names |= {
        path.stem: path
        for path in _committed_paths(project)
        if path.stem not in names  # a lesson deleted since the last commit
    }
    if lesson not in names:
        raise RunStopped(f"no lesson called {lesson!r}; lessons: {', '.join(sorted(names))}")
    path = names[lesson]
    tag = notebooks.release_tag(project.root)
    if tag and notebooks.in_commit(project.root, tag, path):
        source, described = tag, f"as released in {tag}"
    elif tag:
        source, described = "HEAD", f"as in the last commit (it is not in release {tag})"
    else:
        source, described = "HEAD", "as in the last commit (there is no release tag)"
    try:
        notebooks.restore(project.root, path, source)
    except notebooks.NotAGitCheckout as error:
        raise RunStopped(f"git could not restore {path.name}: {error}") from error
    return f"restored {_relative(path, project)} {described}"


def _committed_paths(project: Project) -> list[Path]:
    """Return the notebooks of the last commit (none outside a git checkout)."""
    try:
        return list(notebooks.committed_notebooks(project.root, project.notebooks))
    except notebooks.NotAGitCheckout:
        return []
