"""The lock, pyproject.toml and environment.yml agree, so every machine runs the same versions."""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.requirements import Requirement

from helpers.lockfile import locked_pins, normalise_name
from helpers.paths import ROOT

LOCK_TEXT = (ROOT / "requirements.lock").read_text()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text())


def pinned_versions() -> dict[str, set[str]]:
    """Return every locked version per package for Python 3.11 (a package may have two)."""
    versions: dict[str, set[str]] = {}
    for pin in locked_pins(LOCK_TEXT, "3.11"):
        versions.setdefault(pin.name, set()).add(pin.version)
    return versions


def declared_requirements() -> list[Requirement]:
    """Return the runtime and extra requirements that pyproject.toml declares."""
    project = PYPROJECT["project"]
    lines = list(project["dependencies"])
    for extra in project["optional-dependencies"].values():
        lines.extend(extra)
    return [Requirement(line) for line in lines]


@pytest.mark.parametrize("requirement", declared_requirements(), ids=str)
def test_lock_satisfies_pyproject(requirement):
    versions = pinned_versions().get(normalise_name(requirement.name))
    assert versions, f"{requirement.name} is declared in pyproject.toml but not in the lock"
    for version in versions:
        assert requirement.specifier.contains(version, prereleases=True), (
            f"requirements.lock pins {requirement.name}=={version}, outside {requirement}"
        )


def test_every_locked_package_is_hash_pinned():
    blocks = re.split(r"\n(?=[A-Za-z0-9])", LOCK_TEXT.strip())
    unhashed = [block.split()[0] for block in blocks if "--hash=sha256:" not in block]
    assert not unhashed, f"lock entries without hashes: {unhashed}"


def test_environment_yml_pins_equal_the_lock():
    text = (ROOT / "environment.yml").read_text()
    assert "  - conda-forge" in text
    assert "  - python=3.11\n" in text
    listed = [line.strip()[2:] for line in text.splitlines() if line.startswith("      - ")]
    expected = [pin.requirement_line() for pin in locked_pins(LOCK_TEXT, "3.11")]
    assert listed == expected, "environment.yml is stale: run .venv/bin/python tools/lock.py"


def test_binder_installs_the_helpers_editable():
    post_build = (ROOT / "postBuild").read_text()
    assert "pip install --no-deps -e ." in post_build
