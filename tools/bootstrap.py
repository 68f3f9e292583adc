"""Create or refresh the project's virtual environment from the lock file.

Run with the system's ``python3`` (standard library only)::

    python3 tools/bootstrap.py

What it does, step by step, printing each step:

1. checks that this Python is new enough;
2. if ``.venv`` exists and its stamp matches the lock file, stops at once (the quick path);
3. otherwise removes any old or half-built ``.venv``, creates a new one, installs the pinned
   installer (``uv``, hash-checked), installs every package of ``requirements.lock``
   (hash-checked, byte-compiled) and the project itself in editable mode;
4. writes the stamp last, so an interrupted or failed run is never trusted by the next one:
   on failure ``.venv`` is removed and the exit status is 1.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import time
from pathlib import Path

MINIMUM_PYTHON = (3, 11)
ROOT = Path(__file__).resolve().parent.parent
VENV = ROOT / ".venv"
STAMP = VENV / ".installed"
LOCK = ROOT / "requirements.lock"
BOOTSTRAP_LOCK = ROOT / "tools" / "bootstrap-requirements.txt"
PYPROJECT = ROOT / "pyproject.toml"


def say(message: str) -> None:
    """Print one progress line, prefixed so it stands out in make's output."""
    print(f"[setup] {message}", flush=True)


def fail(message: str) -> None:
    """Print an error for a human and exit with status 1."""
    print(f"[setup] ERROR: {message}", file=sys.stderr, flush=True)
    sys.exit(1)


def wanted_stamp() -> str:
    """Return the stamp text that describes the environment the lock asks for."""
    digest = hashlib.sha256()
    for path in (LOCK, BOOTSTRAP_LOCK, PYPROJECT):
        digest.update(path.read_bytes())
    python = ".".join(map(str, sys.version_info[:3]))
    return f"python {python}\nlock {digest.hexdigest()}\n"


def venv_python() -> Path:
    """Return the path of the virtual environment's interpreter."""
    if sys.platform == "win32":
        return VENV / "Scripts" / "python.exe"
    return VENV / "bin" / "python"


def run(command: list[str | Path]) -> None:
    """Run one install command; raise CalledProcessError when it fails."""
    subprocess.run([str(part) for part in command], check=True, cwd=ROOT)


def build() -> None:
    """Build a fresh environment in ``.venv`` from the lock files."""
    python = venv_python()
    say(f"creating {VENV.name} with Python {sys.version.split()[0]}")
    run([sys.executable, "-m", "venv", VENV])
    say("installing the pinned installer (uv) from tools/bootstrap-requirements.txt")
    run(
        [
            python,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "-r",
            BOOTSTRAP_LOCK,
        ]
    )
    uv = [python, "-m", "uv", "pip", "install", "--python", python, "--quiet"]
    say("installing the locked packages from requirements.lock (hash-checked)")
    run([*uv, "--compile-bytecode", "--require-hashes", "--no-deps", "-r", LOCK])
    say("installing the project's helpers (editable)")
    run([*uv, "--compile-bytecode", "--no-deps", "-e", ROOT])
    # Built now, so that matplotlib's one-time "building the font cache" message never lands
    # in a lesson's stored output on a fresh machine.
    say("building matplotlib's font cache")
    run([python, "-c", "import matplotlib.font_manager"])


def main() -> int:
    """Make sure ``.venv`` matches the lock; return the process exit status."""
    if sys.version_info < MINIMUM_PYTHON:
        wanted = ".".join(map(str, MINIMUM_PYTHON))
        fail(
            f"Python {wanted} or newer is needed, but {sys.executable} is "
            f"{sys.version.split()[0]}. Install a newer Python and run again "
            "(for example: make PYTHON=python3.11 ...)."
        )
    stamp = wanted_stamp()
    if STAMP.is_file() and STAMP.read_text() == stamp:
        say(f"{VENV.name} is up to date with requirements.lock")
        return 0
    if VENV.exists():
        say(f"removing {VENV.name}: it is missing, outdated or was left half-built")
        shutil.rmtree(VENV)
    started = time.perf_counter()
    try:
        build()
    except (subprocess.CalledProcessError, OSError) as error:
        shutil.rmtree(VENV, ignore_errors=True)
        fail(f"setting up {VENV.name} failed ({error}); it was removed, fix the cause and rerun.")
    except KeyboardInterrupt:
        shutil.rmtree(VENV, ignore_errors=True)
        fail(f"interrupted; {VENV.name} was removed so that no half-built copy is trusted.")
    STAMP.write_text(stamp)
    say(f"{VENV.name} ready in {time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
