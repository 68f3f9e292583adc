"""Command-line entry points: ``python -m helpers <command>``.

The Makefile calls these; a conda user without make types them directly:

- ``python -m helpers run [--force] [--fresh]``: build and check the data, execute every lesson
  that changed (``--fresh``: every lesson), export the charts and the static site to build/;
- ``python -m helpers changes [--since REF]``: what changed for class since a commit or tag
  (default: the last commit): outputs, charts and exercise answers, also as build/changes.html;
- ``python -m helpers reset LESSON``: restore one lesson as released (the latest release tag,
  else the last commit);
- ``python -m helpers build [DATA_DIR]``: build the clean tables from the claims ledger;
- ``python -m helpers validate [DATA_DIR]``: check the data package and report every problem;
- ``python -m helpers test``: ruff (lint and format check), then pytest with nbval;
- ``python -m helpers lab``: open JupyterLab on the lessons.

Belongs here: parsing arguments and calling the course tooling or the data package. Each
command imports what it needs when it runs, so ``python -m helpers validate`` never loads
JupyterLab or matplotlib.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

from helpers.paths import ROOT, data_dir, notebooks_dir


def print_step(number: int, total: int, message: str) -> None:
    """Print one numbered progress line."""
    print(f"[{number}/{total}] {message}", flush=True)


def command_validate(arguments: argparse.Namespace) -> int:
    """Validate the data package; return 0 when valid, 1 when any problem is found."""
    from helpers.datapackage.validate import validate_package

    folder = Path(arguments.data_dir) if arguments.data_dir else data_dir()
    report = validate_package(folder, arguments.today)
    print(report.summary())
    return 0 if report.ok else 1


def _date(text: str) -> dt.date:
    """Parse a YYYY-MM-DD date given on the command line."""
    return dt.date.fromisoformat(text)


def command_run(arguments: argparse.Namespace) -> int:
    """Run the whole analysis for class (see :mod:`helpers.course.pipeline`); return the status."""
    from helpers.course.pipeline import Project, run

    status = run(
        Project(ROOT),
        force=arguments.force,
        fresh=arguments.fresh,
        today=arguments.today,
        workers=arguments.workers,
        progress=lambda line: print(line, flush=True),
    )
    if status == 0 and _differs_from_last_commit(ROOT):
        status = _report_changes(ROOT, "HEAD", arguments.today)
    return status


def _differs_from_last_commit(root: Path) -> bool:
    """Return True when the lessons or the data differ from the last commit (git says so fast)."""
    quiet = ["git", "diff", "--quiet", "HEAD", "--", "notebooks", "data"]
    return subprocess.run(quiet, cwd=root, capture_output=True).returncode == 1


def _report_changes(root: Path, since: str, today: dt.date | None) -> int:
    """Print what changed for class since ``since`` and write build/changes.html; return status."""
    from helpers.course import changes

    try:
        report = changes.compare(root, since, today.isoformat() if today else "")
    except ValueError as error:
        print(f"Stopped: {error}", file=sys.stderr)
        return 1
    print(report.summary())
    if report:
        page = changes.write_html(report, root / "build" / "changes.html")
        print(f"The whole report, charts included: {page.relative_to(root)}")
    return 0


def command_changes(arguments: argparse.Namespace) -> int:
    """Say what changed for class since a commit (see :mod:`helpers.course.changes`)."""
    return _report_changes(ROOT, arguments.since, arguments.today)


def command_reset(arguments: argparse.Namespace) -> int:
    """Restore one lesson as released (latest release tag, else last commit); return status."""
    from helpers.course.pipeline import Project, RunStopped, reset

    try:
        print(reset(Project(ROOT), arguments.lesson))
    except RunStopped as failure:
        print(f"Stopped: {failure}", file=sys.stderr)
        return 1
    return 0


def command_build(arguments: argparse.Namespace) -> int:
    """Check the claims and the tables they build, then write them; return the exit status.

    Nothing is written when a check fails: the problems are printed as ``validate`` prints them.
    """
    from helpers.datapackage.build import write_tables
    from helpers.datapackage.validate import validate_package

    folder = Path(arguments.data_dir) if arguments.data_dir else data_dir()
    report = validate_package(folder, rebuild=True)
    if not report.ok:
        print(report.summary())
        print("Nothing was written: fix the problems above, then build again.", file=sys.stderr)
        return 1
    for path in write_tables(folder, report.built):
        print(f"wrote {path}")
    return 0


def _parallel(pytest_args: list[str]) -> list[str]:
    """Return pytest's arguments, spread over two workers where there are two cores.

    ``--dist loadfile`` keeps each notebook's cells (and the browser test's server) on one
    worker; ``--no-loadscope-reorder`` keeps the order of tests/conftest.py, slowest files
    first. Arguments given by hand are passed on unchanged.
    """
    if pytest_args or (os.cpu_count() or 1) < 2:
        return pytest_args
    return ["-n", "2", "--dist", "loadfile", "--no-loadscope-reorder"]


def command_test(arguments: argparse.Namespace) -> int:
    """Run ruff and pytest (nbval included); return the first non-zero status, else 0."""
    python = sys.executable
    checks = [
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format --check", [python, "-m", "ruff", "format", "--check", "."]),
        ("pytest", [python, "-m", "pytest", *_parallel(arguments.pytest_args)]),
    ]
    for number, (label, command) in enumerate(checks, start=1):
        print_step(number, len(checks), label)
        status = subprocess.run(command, cwd=ROOT).returncode
        if status != 0:
            print(f"Failed: {label} exited with status {status}.", file=sys.stderr)
            return status
    return 0


#: JupyterLab settings for this environment: no news pop-up, no update check (no network).
LAB_OVERRIDES = {
    "@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}
}


def command_lab(arguments: argparse.Namespace) -> int:
    """Open JupyterLab on the notebooks folder; return its exit status.

    Writes the environment's ``overrides.json`` (if it has none) so that JupyterLab neither
    asks about news nor checks for updates: a classroom pop-up, and no network here anyway.
    """
    overrides = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    if not overrides.exists():
        overrides.parent.mkdir(parents=True, exist_ok=True)
        overrides.write_text(json.dumps(LAB_OVERRIDES, indent=2) + "\n")
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={notebooks_dir()}"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers often run as root; JupyterLab asks for this
    command += arguments.lab_args
    return subprocess.run(command, cwd=ROOT).returncode


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m helpers``."""
    top = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.split("\n")[0])
    commands = top.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="check the data, run every lesson, build the site")
    run.add_argument(
        "--force",
        action="store_true",
        help="re-run lessons with uncommitted cell edits as they are (never one deleted)",
    )
    run.add_argument(
        "--fresh",
        action="store_true",
        help="execute every lesson, even those unchanged since their last run",
    )
    run.add_argument("--today", type=_date, help="date limit for the data (default: today)")
    run.add_argument("--workers", type=int, help="notebooks executed at once (default: 2)")
    run.set_defaults(handler=command_run)

    changes = commands.add_parser(
        "changes", help="what changed for class: outputs and answers since a commit"
    )
    changes.add_argument(
        "--since", default="HEAD", help="commit or tag to compare with (default: the last commit)"
    )
    changes.add_argument("--today", type=_date, help="date limit for the data (default: today)")
    changes.set_defaults(handler=command_changes)

    reset = commands.add_parser("reset", help="restore one lesson as released")
    reset.add_argument("lesson", help="lesson name, e.g. 01_remains_handovers")
    reset.set_defaults(handler=command_reset)

    validate = commands.add_parser("validate", help="check the data package")
    validate.add_argument("data_dir", nargs="?", help="data folder (default: the repo's data/)")
    validate.add_argument("--today", type=_date, help="date limit (default: today)")
    validate.set_defaults(handler=command_validate)

    build = commands.add_parser("build", help="build the clean tables from raw/claims.csv")
    build.add_argument("data_dir", nargs="?", help="data folder (default: the repo's data/)")
    build.set_defaults(handler=command_build)

    test = commands.add_parser("test", help="ruff, then pytest with nbval (more args: to pytest)")
    test.set_defaults(handler=command_test)

    lab = commands.add_parser("lab", help="open JupyterLab on the lessons (more args: to lab)")
    lab.set_defaults(handler=command_lab)
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; return the process exit status."""
    top = parser()
    arguments, extra = top.parse_known_args(argv)
    if extra and arguments.command not in ("test", "lab"):
        top.error(f"unrecognized arguments: {' '.join(extra)}")
    arguments.pytest_args = arguments.lab_args = extra  # passed on to pytest or jupyter lab
    try:
        return arguments.handler(arguments)
    except KeyboardInterrupt:  # `run` says itself what it finished; the others are short
        print(f"Interrupted: python -m helpers {arguments.command} stopped.", file=sys.stderr)
        return 130
