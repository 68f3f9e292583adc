"""Find, guard and execute the lesson notebooks.

Executing a notebook in place rewrites its outputs, never its cells. So :func:`edited_notebooks`
compares what people write (each cell's type, source and tags) and which notebooks exist with
git's last commit, ignoring outputs and execution metadata: ``make run`` refuses to overwrite
work that is not committed, and never refuses over its own outputs. Each executed notebook is
written through a temporary file renamed into place, so it is always the old file or the new
one; Ctrl-C stops the kernels and raises KeyboardInterrupt once they are shut down.

Belongs here: listing the lessons, asking git about edits, executing notebooks in kernels.
Does not belong here: what a lesson contains, or the order of the steps of ``make run``
(:mod:`.pipeline`).
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import re
import signal
import subprocess
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from helpers.datapackage.files import write_atomically
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
    """A cell raised while a notebook was executed.

    ``cell_number`` counts every cell from 1, as JupyterLab numbers them; ``heading`` is the
    heading the cell stands under ("" before the first).
    """

    notebook: Path
    cell_number: int
    error: str
    heading: str = ""

    def __str__(self) -> str:
        name = (
            self.notebook.relative_to(ROOT)
            if self.notebook.is_relative_to(ROOT)
            else self.notebook
        )
        return self.described(str(name))

    def described(self, shown_path: str) -> str:
        """Return what failed, in an instructor's words, the lesson shown as ``shown_path``."""
        where = f"{shown_path}, cell {self.cell_number}"
        if self.heading:
            where += f' (under the heading "{self.heading}")'
        statement = _STATEMENT.search(self.error)
        if statement:
            return (
                f"{where}: the lesson checks a sentence of its text, and with this data it no "
                f'longer holds: "{statement[1]}". Rewrite that sentence (in the text above the '
                "cell) and the check in this cell to match what the data now says."
            )
        return f"{where} failed:\n{self.error}"


#: What ``exercises.confirm`` says when a statement no longer holds: the statement is group 1.
_STATEMENT = re.compile(r"no longer bears out: (.+?)\. If you", re.DOTALL)


def lesson_paths(folder: Path | None = None) -> list[Path]:
    """Return the lessons (not their solutions), sorted by name: the one list of lessons."""
    return sorted((folder or notebooks_dir()).glob("*.ipynb"))


def notebook_paths(folder: Path | None = None) -> list[Path]:
    """Return every notebook to execute: the lessons, then their solutions, sorted by name."""
    folder = folder or notebooks_dir()
    return lesson_paths(folder) + sorted((folder / "solutions").glob("*.ipynb"))


@dataclass
class Edits:
    """Notebooks whose cells differ from the last commit, added since, or removed since."""

    changed: list[Path] = field(default_factory=list)
    added: list[Path] = field(default_factory=list)
    removed: list[Path] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.added or self.removed)

    def described(self) -> list[tuple[Path, str]]:
        """Return each notebook with what happened to it, in words."""
        return (
            [(path, "cells changed since the last commit") for path in self.changed]
            + [(path, "new, never committed") for path in self.added]
            + [(path, "deleted since the last commit") for path in self.removed]
        )


def written_cells(text: str) -> list[tuple[str, str, tuple[str, ...]]]:
    """Return what a person writes in the notebook ``text``: each cell's type, source and tags.

    Outputs, execution counts and metadata other than tags are left out. Raises ValueError
    when ``text`` is not a notebook.
    """
    notebook = json.loads(text)
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError("not a notebook")
    cells = []
    for cell in notebook["cells"]:
        source = cell.get("source", "")
        tags = cell.get("metadata", {}).get("tags", [])
        text = "".join(source) if isinstance(source, list) else source
        cells.append((cell.get("cell_type", ""), text, tuple(tags)))
    return cells


def _git(repo: Path, *arguments: str) -> subprocess.CompletedProcess:
    """Run git in ``repo``; raise :class:`NotAGitCheckout` when git cannot be started."""
    try:
        return subprocess.run(
            ["git", *arguments], cwd=repo, capture_output=True, encoding="utf-8", check=False
        )
    except OSError as error:
        raise NotAGitCheckout(f"git could not be started: {error}") from error


def committed_notebooks(repo: Path, folder: Path) -> dict[Path, str]:
    """Return every notebook under ``folder`` in git's last commit, with its text.

    Raises :class:`NotAGitCheckout` when ``repo`` is not a git checkout with a commit.
    """
    top = _git(repo, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise NotAGitCheckout(top.stderr.strip() or "not a git checkout")
    toplevel = Path(top.stdout.strip()).resolve()
    relative = folder.resolve().relative_to(toplevel).as_posix()
    listing = _git(toplevel, "ls-tree", "-r", "-z", "--name-only", "HEAD", "--", relative)
    if listing.returncode != 0:
        raise NotAGitCheckout(listing.stderr.strip() or "no commit yet")
    return {
        toplevel / name: _git(toplevel, "show", f"HEAD:{name}").stdout
        for name in filter(None, listing.stdout.split("\0"))
        if name.endswith(".ipynb")
    }


def edited_notebooks(paths: list[Path], repo: Path = ROOT, folder: Path | None = None) -> Edits:
    """Return how the notebooks ``paths``, and the notebooks under ``folder``, differ from HEAD.

    ``changed``: a cell's type, source or tags differ (or the file is no longer a notebook);
    ``added``: not in the last commit; ``removed``: under ``folder`` in the last commit, but
    gone. Outputs and execution metadata never count. Raises :class:`NotAGitCheckout` when git
    cannot say.
    """
    folder = folder or notebooks_dir()
    committed = {path.resolve(): text for path, text in committed_notebooks(repo, folder).items()}
    edits = Edits()
    for path in paths:
        before = committed.get(path.resolve())
        if before is None:
            edits.added.append(path)
            continue
        try:
            if written_cells(path.read_text(encoding="utf-8")) != written_cells(before):
                edits.changed.append(path)
        except (OSError, UnicodeDecodeError, ValueError):
            edits.changed.append(path)
    edits.removed = sorted(path for path in committed if not path.exists())
    return edits


def release_tag(repo: Path) -> str | None:
    """Return the latest release tag (``v`` and a version) that HEAD descends from, or None."""
    described = _git(repo, "describe", "--tags", "--abbrev=0", "--match", "v[0-9]*", "HEAD")
    return (described.stdout.strip() or None) if described.returncode == 0 else None


def restore(repo: Path, path: Path, source: str) -> None:
    """Restore ``path`` in the working tree as it is in the commit or tag ``source``.

    Raises :class:`NotAGitCheckout` with git's reason when it cannot.
    """
    relative = path.resolve().relative_to(repo.resolve()).as_posix()
    for arguments in (("--staged",), ("--source", source, "--worktree")):
        result = _git(repo, "restore", *arguments, "--", relative)
        if result.returncode != 0:
            raise NotAGitCheckout(result.stderr.strip())


def in_commit(repo: Path, source: str, path: Path) -> bool:
    """Return True when ``path`` exists in the commit or tag ``source``."""
    relative = path.resolve().relative_to(repo.resolve()).as_posix()
    return _git(repo, "cat-file", "-e", f"{source}:{relative}").returncode == 0


def normalise_metadata(notebook) -> None:
    """Replace machine-dependent notebook metadata (kernel, Python version) with fixed values.

    Execution timestamps that an editor may have recorded in cells are dropped.
    """
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = dict(LANGUAGE_INFO)
    for cell in notebook.cells:
        for key in ("execution", "ExecuteTime"):
            cell.metadata.pop(key, None)


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
    from nbclient.exceptions import CellExecutionError, DeadKernelError
    from traitlets.config import Config

    notebook = nbformat.read(path, as_version=4)
    with (
        tempfile.TemporaryDirectory(prefix="kernel-") as sockets,
        (Path(sockets) / "kernel.log").open("w+", encoding="utf-8") as log,
    ):
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
        # The kernel's process, kept as soon as the kernel runs: a run cancelled while the
        # client shuts the kernel down forgets it, and it must still be waited for.
        started = []
        client.on_notebook_start = lambda **_: started.append(_kernel_process(client.km))
        try:
            # The kernel's own output (start-up and shut-down noise, never a cell's output)
            # goes to a log, shown only if the kernel dies.
            await client.async_execute(env=env or dict(os.environ), stdout=log, stderr=log)
        except CellExecutionError as error:
            message = f"{error.ename}: {error.evalue}"
            number, heading = _failed_cell(notebook)
            raise CellFailure(path, number, message, heading) from error
        except DeadKernelError as error:
            log.seek(0)
            last = "".join(log.readlines()[-10:]).strip()
            message = f"the kernel stopped{': ' + last if last else ''}"
            number, heading = _failed_cell(notebook)
            raise CellFailure(path, number, message, heading) from error
        finally:
            try:
                await _shut_down(client)
            finally:
                for process in started:
                    _reap(process)
    normalise_metadata(notebook)
    text = nbformat.writes(notebook)
    write_atomically(path, text if text.endswith("\n") else text + "\n")
    return sum(cell.cell_type == "code" for cell in notebook.cells)


async def _shut_down(client) -> None:
    """Shut down the client's kernel if it still runs (a notebook cancelled while starting).

    The client registers an exit hook that would try again, and fail noisily, when Python
    exits; it is removed.
    """
    atexit.unregister(client._cleanup_kernel)
    manager = client.km
    process = _kernel_process(manager)
    try:
        if manager is not None and manager.has_kernel:
            with contextlib.suppress(Exception):
                await manager.shutdown_kernel(now=True)
    finally:  # also when the run is cancelled (another lesson failed) during the shutdown
        _reap(process or _kernel_process(manager))


def _kernel_process(manager):
    """Return the kernel's process (a Popen) of ``manager``, or None."""
    return getattr(getattr(manager, "provisioner", None), "process", None)


def _reap(process) -> None:
    """Make sure the kernel's process has ended and been waited for.

    On a busy machine a shutdown can give up waiting; a process never waited for is reported
    later, when it is garbage collected, as a warning in whatever runs then.
    """
    if process is None or process.poll() is not None:
        return
    with contextlib.suppress(OSError):
        process.kill()
    with contextlib.suppress(Exception):
        process.wait(timeout=30)


def _failed_cell(notebook) -> tuple[int, str]:
    """Return the number (from 1, over all cells) of the first cell with an error output, or 0,
    and the heading it stands under ("" before the first heading).
    """
    heading = ""
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type == "markdown":
            headings = re.findall(r"^#+\s+(.+)$", cell.source, re.MULTILINE)
            heading = headings[-1].strip() if headings else heading
        elif any(output.get("output_type") == "error" for output in cell.get("outputs", [])):
            return number, heading
    return 0, ""


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
    raised. Ctrl-C cancels them too; once their kernels are shut down, KeyboardInterrupt is
    raised.
    """
    stopper: list[Callable[[], None]] = []
    worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="notebooks")
    # The event loop runs in a worker thread: the notebook client then leaves Ctrl-C alone
    # (it would install, and later remove, its own handler per notebook), and this works
    # where an event loop already runs (inside a notebook, under Playwright).
    running = worker.submit(
        lambda: asyncio.run(_execute_all(paths, workers, env_for, done, timeout, startup, stopper))
    )
    # Ctrl-C in a terminal reaches the kernels too: a kernel may stop or die before this
    # thread sees the KeyboardInterrupt, and its notebook then fails first. Noting the signal
    # lets such a failure count as the interrupt it is.
    interrupted = threading.Event()
    previous = None
    if threading.current_thread() is threading.main_thread():

        def note_interrupt(signum, frame):
            interrupted.set()
            raise KeyboardInterrupt

        previous = signal.signal(signal.SIGINT, note_interrupt)
    try:
        running.result()
    except BaseException as error:
        if not (isinstance(error, KeyboardInterrupt) or interrupted.is_set()):
            raise
        for stop in stopper:
            stop()  # cancel the notebooks; their kernels shut down
        _wait_for_shutdown(running)
        raise KeyboardInterrupt from None
    finally:
        if previous is not None:
            signal.signal(signal.SIGINT, previous)
        worker.shutdown(wait=False)


def _wait_for_shutdown(running) -> None:
    """Wait until the cancelled notebooks' kernels are shut down; a second Ctrl-C stops waiting."""
    with contextlib.suppress(Exception, asyncio.CancelledError):  # cancelled, as asked
        running.result()


async def _execute_all(paths, workers, env_for, done, timeout, startup, stopper) -> None:
    """Execute ``paths`` with at most ``workers`` kernels at once; see :func:`execute_all`.

    Puts into ``stopper`` a function that any thread may call to cancel every notebook.
    """
    limit = asyncio.Semaphore(max(1, workers))

    async def execute_when_a_kernel_is_free(path: Path) -> None:
        async with limit:
            started = time.perf_counter()
            env = env_for(path) if env_for else None
            cells = await _execute(path, timeout, env, startup)
            if done:
                done(path, cells, time.perf_counter() - started)

    tasks = [asyncio.create_task(execute_when_a_kernel_is_free(path)) for path in paths]
    loop = asyncio.get_running_loop()

    def cancel_all() -> None:
        for task in tasks:
            if not task.done() and not task.cancelling():
                task.cancel()

    stopper.append(lambda: loop.call_soon_threadsafe(cancel_all))
    try:
        for finished in asyncio.as_completed(tasks):
            await finished
    finally:
        cancel_all()
        await asyncio.gather(*tasks, return_exceptions=True)
