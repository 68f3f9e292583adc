"""Re-lock the dependencies and regenerate environment.yml from the lock.

Run after changing the dependency ranges in pyproject.toml::

    .venv/bin/python tools/lock.py            # keep current pins where they still fit
    .venv/bin/python tools/lock.py --upgrade  # move every pin to the newest allowed release

It writes ``requirements.lock`` (every package pinned exactly, with hashes, for Python 3.11 on
any platform) and ``environment.yml`` (conda-forge Python 3.11 plus the same pins, for conda
and Binder, whose builder reads only that file). ``tests/test_lock.py`` keeps them in step.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from helpers.lockfile import locked_pins  # noqa: E402

PYTHON_VERSION = "3.11"

HEADER = """\
# Conda and Binder environment for Counting the Fallen.
# GENERATED from requirements.lock by tools/lock.py: do not edit by hand.
# The pins are the lock's, so conda, Binder and `make` run the lessons with the same versions.
#   conda env create -f environment.yml && conda activate counting-the-fallen
#   python -m pip install --no-deps -e .
name: counting-the-fallen
channels:
  - conda-forge
dependencies:
  - python=3.11
  - pip
  - pip:
"""


def environment_yml(lock_text: str) -> str:
    """Return the text of environment.yml for the pins in ``lock_text``."""
    lines = [f"      - {pin.requirement_line()}" for pin in locked_pins(lock_text, PYTHON_VERSION)]
    return HEADER + "\n".join(lines) + "\n"


def main() -> int:
    """Re-lock, then write environment.yml; return the exit status."""
    command = [
        sys.executable, "-m", "uv", "pip", "compile", "pyproject.toml",
        "--extra", "lab", "--extra", "test",
        "--universal", "--python-version", PYTHON_VERSION,
        "--generate-hashes", "--no-header", "--quiet", "-o", "requirements.lock",
        "--override", "tools/lock-overrides.txt",
    ]  # fmt: skip
    command += sys.argv[1:]
    subprocess.run(command, cwd=ROOT, check=True)
    lock = (ROOT / "requirements.lock").read_text()
    (ROOT / "environment.yml").write_text(environment_yml(lock))
    print("wrote requirements.lock and environment.yml")
    return 0


if __name__ == "__main__":
    sys.exit(main())
