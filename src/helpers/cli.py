"""Command-line entry points: ``python -m helpers <command>``.

The Makefile calls these; a conda user without make types them directly:

- ``python -m helpers run [--force]``: build and validate the data, then execute every lesson;
- ``python -m helpers build [DATA_DIR]``: build the clean tables from the claims ledger;
- ``python -m helpers validate [DATA_DIR]``: check the data package and report every problem;
- ``python -m helpers test``: ruff (lint and format check), then pytest with nbval;
- ``python -m helpers lab``: open JupyterLab on the lessons.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

from helpers.paths import ROOT, data_dir, notebooks_dir


def step(number: int, total: int, message: str) -> None:
    """Print one numbered progress line."""
    print(f"[{number}/{total}] {message}", flush=True)


def command_validate(arguments: argparse.Namespace) -> int:
    """Validate the data package; return 0 when valid, 1 when any problem is found."""
    from helpers.validate import validate_package

    report = validate_package(Path(arguments.data_dir) if arguments.data_dir else data_dir())
    print(report.summary())
    return 0 if report.ok else 1


def command_run(arguments: argparse.Namespace) -> int:
    """Run the whole analysis for class; return the process exit status."""
    from helpers import notebooks
    from helpers.build import BuildError, write_tables
    from helpers.validate import validate_package

    started = time.perf_counter()
    total = 3
    step(1, total, f"building the clean tables from {data_dir().relative_to(ROOT)}/raw/claims.csv")
    try:
        written = write_tables(data_dir())
    except BuildError as error:
        print(f"Stopped: the claims cannot be built into tables: {error}", file=sys.stderr)
        return 1
    except (OSError, ValueError, KeyError) as error:
        print(
            f"Stopped: the claims could not be read ({error}); run `python -m helpers validate`.",
            file=sys.stderr,
        )
        return 1
    print(f"      wrote {', '.join(path.name for path in written)}")
    step(2, total, f"validating the data in {data_dir().relative_to(ROOT)}/")
    report = validate_package(data_dir())
    print(f"      {report.summary()}")
    if not report.ok:
        print("Stopped: fix the data problems above, then run again.", file=sys.stderr)
        return 1

    paths = notebooks.notebook_paths()
    step(3, total, f"executing {len(paths)} notebooks in place")
    if not arguments.force:
        try:
            edited = notebooks.uncommitted(paths)
        except notebooks.NotAGitCheckout:
            print(
                "Stopped: this folder is not a git checkout, so edits to the notebooks cannot "
                "be detected and re-running would overwrite them. Run again with FORCE=1 "
                "(python -m helpers run --force) to overwrite them anyway.",
                file=sys.stderr,
            )
            return 1
        if edited:
            names = "\n".join(f"  {path.relative_to(ROOT)}" for path in edited)
            print(
                "Stopped: these notebooks have changes that are not committed, and re-running "
                f"would overwrite them:\n{names}\nCommit or copy your work first, or run again "
                "with FORCE=1 (python -m helpers run --force) to overwrite them.",
                file=sys.stderr,
            )
            return 1
    for path in paths:
        began = time.perf_counter()
        try:
            cells = notebooks.execute_in_place(path)
        except notebooks.CellFailure as failure:
            print(f"Stopped: {failure}", file=sys.stderr)
            return 1
        elapsed = time.perf_counter() - began
        print(f"      {path.relative_to(ROOT)}: {cells} code cells, {elapsed:.1f} s", flush=True)
    print(
        f"Done in {time.perf_counter() - started:.0f} s: data valid, {len(paths)} notebooks run."
    )
    return 0


def command_build(arguments: argparse.Namespace) -> int:
    """Build the clean tables from the claims ledger; return the exit status."""
    from helpers.build import BuildError, write_tables

    try:
        for path in write_tables(Path(arguments.data_dir) if arguments.data_dir else data_dir()):
            print(f"wrote {path}")
    except BuildError as error:
        print(f"the claims cannot be built into tables: {error}", file=sys.stderr)
        return 1
    return 0


def command_test(arguments: argparse.Namespace) -> int:
    """Run ruff and pytest (nbval included); return the first non-zero status, else 0."""
    python = sys.executable
    checks = [
        ("ruff check", [python, "-m", "ruff", "check", "."]),
        ("ruff format --check", [python, "-m", "ruff", "format", "--check", "."]),
        ("pytest", [python, "-m", "pytest", *arguments.pytest_args]),
    ]
    for number, (label, command) in enumerate(checks, start=1):
        step(number, len(checks), label)
        status = subprocess.run(command, cwd=ROOT).returncode
        if status != 0:
            print(f"Failed: {label} exited with status {status}.", file=sys.stderr)
            return status
    return 0


def command_lab(arguments: argparse.Namespace) -> int:
    """Open JupyterLab on the notebooks folder; return its exit status."""
    command = [sys.executable, "-m", "jupyterlab", f"--notebook-dir={notebooks_dir()}"]
    return subprocess.run(command, cwd=ROOT).returncode


def parser() -> argparse.ArgumentParser:
    """Return the argument parser of ``python -m helpers``."""
    top = argparse.ArgumentParser(prog="python -m helpers", description=__doc__.split("\n")[0])
    commands = top.add_subparsers(dest="command", required=True)

    run = commands.add_parser("run", help="validate the data and execute every lesson in place")
    run.add_argument(
        "--force", action="store_true", help="overwrite notebooks even if they hold edits"
    )
    run.set_defaults(handler=command_run)

    validate = commands.add_parser("validate", help="check the data package")
    validate.add_argument("data_dir", nargs="?", help="data folder (default: the repo's data/)")
    validate.set_defaults(handler=command_validate)

    build = commands.add_parser("build", help="build the clean tables from raw/claims.csv")
    build.add_argument("data_dir", nargs="?", help="data folder (default: the repo's data/)")
    build.set_defaults(handler=command_build)

    test = commands.add_parser("test", help="ruff, then pytest with nbval")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER, help="passed on to pytest")
    test.set_defaults(handler=command_test)

    lab = commands.add_parser("lab", help="open JupyterLab on the lessons")
    lab.set_defaults(handler=command_lab)
    return top


def main(argv: list[str] | None = None) -> int:
    """Parse ``argv`` and run the chosen command; return the process exit status."""
    arguments = parser().parse_args(argv)
    return arguments.handler(arguments)
