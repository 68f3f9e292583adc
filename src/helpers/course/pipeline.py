"""The main job, ``make run``: everything an instructor needs before class, in one command.

1. check the data: the source register, the claims ledger and the tables they build; that no
   lesson holds work that is not committed (cells, or notebooks added or deleted); and that
   every sentence of a lesson marked as a story check (:mod:`.story`) still holds with the
   tables about to be built;
2. write the clean tables built from the claims ledger;
3. execute every lesson and solution (two at a time on two cores), exporting every chart; a
   lesson unchanged since its last run (:mod:`.cache`) is reused, its charts copied;
4. write the figure index (alt text and source line of every chart);
5. write the static site (reused whole while no lesson, the data or the code changed).

All or nothing: steps 2-5 write into a staging folder inside ``build/`` (:class:`Staging`,
on the same file system), and only when every step has passed are the results moved into
place (``data/``, ``notebooks/``, ``build/figures/``, ``build/site/``), by renames, with Ctrl-C
ignored until they are done. After a data problem, a refusal, a lesson's failed check or
Ctrl-C the checkout is exactly as it was, and the message says so. It is safe to repeat: a
notebook's outputs never count as edits. It stops at the first failure, naming the file, or
the lesson and cell, and returns 1; after Ctrl-C it returns 130.

Belongs here: the order of the steps, the staging folder and the guard against overwriting
edits. Does not belong here: how each step works (data package, notebook runner, story
checks, chart export, site).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import signal
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from helpers.course import cache, notebooks, story
from helpers.course.figures import FIGURES_DIR_VARIABLE, KERNEL_STARTUP, LESSON_VARIABLE
from helpers.datapackage.files import replace_folder
from helpers.datapackage.periods import TODAY_VARIABLE
from helpers.paths import repository_url

#: How many steps a run has (the progress lines count them).
STEPS = 5
#: Exit status after Ctrl-C, as a shell reports a command stopped by it.
INTERRUPTED = 130
#: What every failure ends with: the checkout is as it was.
NOTHING_CHANGED = (
    "Nothing was changed: the tables, lessons, charts and site are as they were before this run."
)


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
        """Return the one line printed after Ctrl-C: what was finished; that nothing changed."""
        done = list(self.finished)
        left = list(self.pending)
        if "notebooks" in left and self.executed:
            total = len(self.notebooks)
            names = ", ".join(path.stem for path in self.executed)
            done.append(f"{len(self.executed)} of {total} notebooks ({names})")
            left[left.index("notebooks")] = f"{total - len(self.executed)} notebooks"
        return (
            f"Interrupted. Finished: {', '.join(done) or 'nothing'}; not done: "
            f"{', '.join(left)}. {NOTHING_CHANGED} Run `make run` again to do it all."
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
    """Run the five steps in a staging folder, then move the results into place.

    Returns the closing summary, or raises :class:`RunStopped` (KeyboardInterrupt after
    Ctrl-C) with the checkout exactly as it was.
    """
    from helpers.course.site import SiteError, write_figure_index, write_site
    from helpers.datapackage.build import write_tables
    from helpers.datapackage.schema import package
    from helpers.datapackage.validate import validate_package

    progress(f"[1/{STEPS}] checking the data, and the lessons for edits and untrue sentences")
    report = validate_package(project.data, today, rebuild=True)
    progress(f"      {report.summary()}")
    if not report.ok:
        raise RunStopped(f"fix the data problems above, then run again. {NOTHING_CHANGED}")
    paths = notebooks.notebook_paths(project.notebooks)
    if only:
        paths = [path for path in paths if path.stem in only]
    _guard(paths, project, force)
    _check_story(paths, report.tables, project)
    done.finish("data checks")

    staging = Staging.create(project)
    try:
        progress(f"[2/{STEPS}] writing the clean tables built from data/raw/claims.csv")
        tables = write_tables(staging.data, report.built)
        done.finish("tables")
        progress(f"      wrote {', '.join(path.name for path in tables)}")

        lessons_cache, reused, to_run, staged = _lessons_step(
            project, staging, paths, (fresh, today, workers), progress, done
        )

        version = package(staging.data)["version"]
        progress(f"[4/{STEPS}] indexing the charts")
        charts = write_figure_index(staging.figures, version)
        done.finish("charts")
        progress(f"      {len(charts)} charts as PNG and SVG, index.html and index.csv")

        progress(f"[5/{STEPS}] writing the static site")
        pages, same = _site(project, staging, lessons_cache, to_run, version, write_site)
        done.finish("site")
        progress(f"      {len(pages)} pages" + (", unchanged, reused" if same else ""))

        staging.commit(tables + staged)
    except SiteError as failure:
        raise RunStopped(f"{failure}\n{NOTHING_CHANGED}") from None
    finally:
        staging.discard()
    index = project.site / pages[0].name
    progress(
        f"      moved the tables, lessons, charts and site into place; open "
        f"{_relative(index, project)} in a browser"
    )
    return (
        f"data valid, {len(to_run)} notebooks run, {len(reused)} reused, "
        f"{len(charts)} charts exported, "
        f"site in {_relative(project.site, project)}/."
    )


def _lessons_step(project, staging, paths, options, progress, done: Progress):
    """Step 3: reuse each lesson unchanged since its last run, execute the others, staged.

    ``options`` is (fresh, today, workers). Returns the lesson cache, the lessons reused, those
    run and their staged copies.
    """
    fresh, today, workers = options
    # Lessons whose key (cells, data, code, lock) is unchanged keep their outputs.
    lessons_cache = cache.for_project(project.root, staging.data, _iso(today), KERNEL_STARTUP)
    reused, to_run = lessons_cache.split(paths, fresh=fresh)
    progress(
        f"[3/{STEPS}] executing {len(to_run)} notebooks, {workers} at a time"
        + (f"; {len(reused)} unchanged since their last run, reused" if reused else "")
    )
    for path in reused:
        charts = lessons_cache.restore_charts(path, staging.figures)
        shown = f"{charts // 2} chart{'' if charts == 2 else 's'}"
        progress(f"      {_relative(path, project)}: reused ({shown})")
    staged = staging.copy_notebooks(to_run)
    done.notebooks = to_run

    def finished(path: Path, cells: int, seconds: float) -> None:
        done.executed.append(path)
        shown = _relative(staging.original(path), project)
        progress(f"      {shown}: {cells} code cells, {seconds:.1f} s")

    execute_lessons(staged, staging, today, workers, finished)
    for path in staged:  # keyed by content: a run that stops later is never reused
        lessons_cache.remember(path, staging.figures)
    done.finish("notebooks")
    return lessons_cache, reused, to_run, staged


def _site(project, staging, lessons_cache, run_now, version, write_site):
    """Write the site into the staging folder, or reuse the last one when nothing it shows
    changed; return its pages (front page first) and whether they were reused.

    The site shows every lesson, run this time or not, so those not run are staged too.
    """
    every = notebooks.notebook_paths(project.notebooks)
    staging.copy_notebooks([path for path in every if path not in run_now])
    lessons = sorted(staging.notebooks.glob("*.ipynb"))
    extra = f"{repository_url()} {(project.root / 'build' / 'changes.html').is_file()}"
    return cache.reuse_site(
        lessons_cache.folder,
        cache.site_key(lessons_cache.shared, lessons, version, extra),
        staging.site,
        lambda: write_site(lessons, staging.site, version),
    )


def execute_lessons(
    paths: list[Path],
    staging: Staging,
    today: dt.date | None,
    workers: int,
    finished: Callable[[Path, int, float], None],
) -> None:
    """Execute the staged notebooks ``paths`` in place, on the staged data, exporting charts.

    Raises :class:`RunStopped` naming the lesson (as the instructor knows it), the cell and
    what failed.
    """
    environment = dict(os.environ)
    environment[FIGURES_DIR_VARIABLE] = str(staging.figures)
    environment["COUNTING_THE_FALLEN_DATA"] = str(staging.data)  # read by data_dir()
    if today:
        environment[TODAY_VARIABLE] = today.isoformat()  # read by the lessons' loaders

    def env_for(path: Path) -> dict[str, str]:
        return {**environment, LESSON_VARIABLE: path.stem}

    try:
        notebooks.execute_all(
            paths, workers=workers, env_for=env_for, done=finished, startup=KERNEL_STARTUP
        )
    except notebooks.CellFailure as failure:
        shown = _relative(staging.original(failure.notebook), staging.project)
        raise RunStopped(f"{failure.described(shown)}\n{NOTHING_CHANGED}") from failure


@dataclass(frozen=True)
class Staging:
    """A folder inside ``build/`` where a run writes everything before it is moved into place.

    It lies on the same file system as the checkout, so each file is moved by a rename.
    """

    project: Project
    root: Path
    made_build: bool  # whether build/ was created for it (and is removed with it)

    @classmethod
    def create(cls, project: Project) -> Staging:
        """Return a fresh staging folder holding a copy of the data folder."""
        build = project.root / "build"
        made_build = not build.exists()
        root = build / ".run-in-progress"
        shutil.rmtree(root, ignore_errors=True)
        root.mkdir(parents=True)
        shutil.copytree(project.data, root / "data")
        for folder in ("notebooks", "figures", "site"):
            (root / folder).mkdir()
        return cls(project, root, made_build)

    @property
    def data(self) -> Path:
        """Return the staged copy of the data folder."""
        return self.root / "data"

    @property
    def notebooks(self) -> Path:
        """Return the staged lessons folder."""
        return self.root / "notebooks"

    @property
    def figures(self) -> Path:
        """Return the staged folder of exported charts."""
        return self.root / "figures"

    @property
    def site(self) -> Path:
        """Return the staged folder of the site."""
        return self.root / "site"

    def copy_notebooks(self, paths: list[Path]) -> list[Path]:
        """Copy the notebooks ``paths`` into the staging folder; return the copies' paths."""
        copies = []
        for path in paths:
            copy = self.notebooks / path.relative_to(self.project.notebooks)
            copy.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, copy)
            copies.append(copy)
        return copies

    def original(self, staged: Path) -> Path:
        """Return the checkout's path of the staged file (or folder) ``staged``."""
        for copy, target in (
            (self.data, self.project.data),
            (self.notebooks, self.project.notebooks),
            (self.figures, self.project.figures),
            (self.site, self.project.site),
        ):
            if staged.is_relative_to(copy):
                return target / staged.relative_to(copy)
        return staged

    def commit(self, files: list[Path]) -> None:
        """Move the staged ``files``, the charts and the site into place, by renames.

        Ctrl-C is ignored until every rename is done, so a run is either wholly in place or
        not at all.
        """
        with _ctrl_c_held_back():
            for path in files:
                os.replace(path, self.original(path))
            for folder in (self.figures, self.site):
                self.original(folder).parent.mkdir(parents=True, exist_ok=True)
                replace_folder(folder, self.original(folder))

    def discard(self) -> None:
        """Remove the staging folder (and build/ if it was made for it)."""
        shutil.rmtree(self.root, ignore_errors=True)
        build = self.root.parent
        if self.made_build and build.exists() and not any(build.iterdir()):
            build.rmdir()


@contextlib.contextmanager
def _ctrl_c_held_back():
    """Within the block, ignore Ctrl-C: the renames it guards take a moment and must all happen.

    A Ctrl-C pressed then comes too late to stop the run, which is complete once they are.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


def _check_story(paths: list[Path], tables, project: Project) -> None:
    """Raise RunStopped naming each marked sentence of the lessons the data no longer bears out."""
    untrue = story.check_lessons(paths, tables)
    if untrue:
        problems = "\n".join(
            item.described(_relative(item.marker.notebook, project)) for item in untrue
        )
        raise RunStopped(
            "with the new data, a lesson says something that is no longer true:\n"
            f"{problems}\n"
            "To fix it, open the lesson (make lab), rewrite the sentence so that it says what the "
            "data now says, and delete its <!-- story: ... --> marker after it (the marker names "
            "the check of the old sentence). Commit the lesson, then run make run again. "
            f"{NOTHING_CHANGED}"
        )


def _guard(paths: list[Path], project: Project, force: bool) -> None:
    """Raise RunStopped if a lesson was deleted, or holds work not committed (unless ``force``).

    Only what people write counts (cells, and notebooks added or deleted); outputs do not.
    ``force`` runs edited lessons with their edits as they are; it never runs without a
    deleted lesson.
    """
    try:
        edits = notebooks.edited_notebooks(paths, project.root, project.notebooks)
    except notebooks.NotAGitCheckout as error:
        if force:
            return
        raise RunStopped(
            "this folder is not a git checkout with a commit, so edits to the notebooks cannot "
            "be told from the last run's outputs. Run again with FORCE=1 (python -m helpers run "
            f"--force) to run anyway. {NOTHING_CHANGED}"
        ) from error
    if edits.removed:
        lines = "\n".join(
            f"  {_relative(path, project)}: get it back with `make reset LESSON={path.stem}` "
            f"(or `git restore {_relative(path, project)}`)"
            for path in edits.removed
        )
        raise RunStopped(
            "a lesson has been deleted from the folder (it is in the last commit, but not "
            f"on disk):\n{lines}\nRestore it, then run again. FORCE=1 does not help here: "
            f"make run never builds the course with a lesson missing. {NOTHING_CHANGED}"
        )
    if edits and not force:
        names = "\n".join(
            f"  {_relative(path, project)}: {what}" for path, what in edits.described()
        )
        raise RunStopped(
            f"these notebooks hold work that is not committed:\n{names}\n"
            "make run would re-run them, replacing the outputs of your edited cells. Commit "
            "your work first (git add notebooks, then git commit); or run again with FORCE=1 "
            "(python -m helpers run --force) to re-run them with your edits as they are; or "
            f"undo the edits with `make reset LESSON=name`. {NOTHING_CHANGED}"
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
