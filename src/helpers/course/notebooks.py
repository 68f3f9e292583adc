"""Find, guard and execute the lesson notebooks.

Executing a notebook in place overwrites it, so :func:`uncommitted` tells which ones hold edits
that git has not recorded; the ``run`` command refuses to touch those unless forced.

Belongs here: listing the lessons, asking git about edits, executing notebooks in kernels.
Does not belong here: what a lesson contains, or the order of the steps of ``make run``
(:mod:`.pipeline`).
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import tempfile
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from helpers.paths import ROOT, notebooks_dir

#: Kernel metadata written into every executed notebook, identical on every machine
#: (the kernel reports its exact Python version, which would differ between machines).
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
LANGUAGE_INFO = {
    "codemirror_mode": {"name": "ipython", "version": 3},
    "file_extension": ".py",
    "mimetype": "text/x-python",
    "name": "python",
    "nbconvert_exporter": "python",
    "pygments_lexer": "ipython3",
}


class NotAGitCheckout(RuntimeError):
    """Raised when git cannot say whether the notebooks hold uncommitted edits."""


@dataclass(frozen=True)
class CellFailure(Exception):
    """A cell raised while a notebook was executed."""

    notebook: Path
    cell_number: int
    error: str

    def __str__(self) -> str:
        name = (
            self.notebook.relative_to(ROOT)
            if self.notebook.is_relative_to(ROOT)
            else self.notebook
        )
        return f"{name}: code cell {self.cell_number} failed:\n{self.error}"


def lesson_paths(folder: Path | None = None) -> list[Path]:
    """Return the lessons (not their solutions), sorted by name: the one list of lessons."""
    return sorted((folder or notebooks_dir()).glob("*.ipynb"))


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """Return every notebook to execute: the lessons, then their solutions, sorted by name."""
    folder = folder or notebooks_dir()
    return lesson_paths(folder) + sorted((folder / "solutions").glob("*.ipynb"))


def uncommitted(paths: list[Path], repo: Path = ROOT) -> list[Path]:
    """Return the paths, among ``paths``, that differ from git's last commit or are untracked.

    Raises :class:`NotAGitCheckout` when git is missing or ``repo`` is not a git checkout.
    """
    if not paths:
        return []
    try:
        result = subprocess.run(
            [
                "git",
                "status",
                "--porcelain",
                "-z",
                "--untracked-files=all",
                "--",
                *map(str, paths),
            ],
            cwd=repo,
            capture_output=True,
            text=True,
            check=True,
        )
    except (OSError, subprocess.CalledProcessError) as error:
        raise NotAGitCheckout(str(error)) from error
    entries = [entry for entry in result.stdout.split("\0") if entry]
    changed = {(repo / entry[3:]).resolve() for entry in entries}
    return [path for path in paths if path.resolve() in changed]


def normalise_metadata(notebook) -> None:
    """Replace machine-dependent notebook metadata (kernel, Python version) with fixed values."""
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)


def kernel_transport(has_ipc: bool, folder: Path) -> dict[str, str]:
    """Return the kernel's ZeroMQ transport settings: ``ipc`` sockets in ``folder`` if ZeroMQ has
    ipc (no port clashes between kernels, no unencrypted-TCP warning), else TCP on 127.0.0.1.
    """
    if has_ipc:
        return {"transport": "ipc", "ip": str(folder / "k")}
    return {"transport": "tcp", "ip": "127.0.0.1"}


def _zmq_has_ipc() -> bool:
    """Return True where this ZeroMQ build offers the ipc transport (not on Windows)."""
    import zmq

    return os.name != "nt" and zmq.has("ipc")


async def _execute(
    path: Path, timeout: int, env: dict[str, str] | None, startup: str | None
) -> int:
    """Execute one notebook in place in a fresh kernel; return its number of code cells."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError
    from traitlets.config import Config

    notebook = nbformat.read(path, as_version=4)
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        config = Config({"KernelManager": kernel_transport(_zmq_has_ipc(), Path(sockets))})
        client = NotebookClient(
            notebook,
            config=config,
            kernel_name=KERNELSPEC["name"],
            timeout=timeout,
            record_timing=False,
            # One stdout output per cell, however the kernel happened to flush it: a busy
            # machine must not change the stored notebook.
            coalesce_streams=True,
            extra_arguments=[f"--IPKernelApp.exec_lines={startup}"] if startup else [],
            resources={"metadata": {"path": str(path.parent)}},
        )
        try:
            await client.async_execute(env=env or dict(os.environ))
        except CellExecutionError as error:
            message = f"{error.ename}: {error.evalue}"
            raise CellFailure(path, _failed_cell(notebook), message) from error
    normalise_metadata(notebook)
    nbformat.write(notebook, path)
    return sum(cell.cell_type == "code" for cell in notebook.cells)


def _failed_cell(notebook) -> int:
    """Return the number (from 1) of the first code cell with an error output, or 0."""
    code_cells = [cell for cell in notebook.cells if cell.cell_type == "code"]
    for number, cell in enumerate(code_cells, start=1):
        if any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return number
    return 0


def execute_all(
    paths: list[Path],
    workers: int = 2,
    env_for: Callable[[Path], dict[str, str]] | None = None,
    done: Callable[[Path, int, float], None] | None = None,
    timeout: int = 600,
    startup: str | None = None,
) -> None:
    """Execute the notebooks in place, ``workers`` at a time, calling ``done`` as each finishes.

    ``env_for(path)`` gives each kernel its environment; ``startup`` is code each kernel runs
    before the first cell. Stops at the first failure: the notebooks still running are
    cancelled (their files are left as they were) and that failure's :class:`CellFailure` is
    raised.
    """
    _run_to_completion(lambda: _execute_all(paths, workers, env_for, done, timeout, startup))


def _run_to_completion(new_coroutine):
    """Run the coroutine ``new_coroutine()`` returns; in a thread if an event loop is running.

    Inside a notebook, or under Playwright's sync API, an event loop already runs in this
    thread and ``asyncio.run`` would refuse.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return asyncio.run(new_coroutine())
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(new_coroutine())).result()


async def _execute_all(paths, workers, env_for, done, timeout, startup) -> None:
    """Execute ``paths`` with at most ``workers`` kernels at once; see :func:`execute_all`."""
    limit = asyncio.Semaphore(max(1, workers))

    async def execute_when_a_kernel_is_free(path: Path) -> None:
        async with limit:
            started = time.perf_counter()
            env = env_for(path) if env_for else None
            cells = await _execute(path, timeout, env, startup)
            if done:
                done(path, cells, time.perf_counter() - started)

    tasks = [asyncio.create_task(execute_when_a_kernel_is_free(path)) for path in paths]
    try:
        for finished in asyncio.as_completed(tasks):
            await finished
    finally:
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
