"""Read ``requirements.lock``: the exact pins that every machine installs.

Used by ``tools/lock.py`` to write environment.yml and by the tests that keep the lock,
pyproject.toml and environment.yml in step. Not needed by the lessons.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_PIN = re.compile(
    r"^(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)==(?P<version>[^\s;\\]+)\s*(?:;\s*(?P<marker>[^\\]+?))?\s*\\?$"
)

#: Platforms a student may use; a pin is kept if its marker holds on any of them.
PLATFORMS = (
    {"sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"},
    {"sys_platform": "darwin", "platform_system": "Darwin", "os_name": "posix"},
    {"sys_platform": "win32", "platform_system": "Windows", "os_name": "nt"},
)


@dataclass(frozen=True)
class Pin:
    """One exact pin of the lock: name, version and, where it applies only somewhere, a marker."""

    name: str
    version: str
    marker: str | None

    def requirement_line(self) -> str:
        """Return the pin as a requirement line, marker included where it has one.

        For example ``appnope==1.0.0 ; sys_platform == 'darwin'``.
        """
        line = f"{self.name}=={self.version}"
        return f"{line} ; {self.marker}" if self.marker else line


def normalise_name(name: str) -> str:
    """Return a distribution name in PEP 503 normal form (lowercase, runs of -_. as -)."""
    return re.sub(r"[-_.]+", "-", name).lower()


def locked_pins(lock_text: str, python_version: str) -> list[Pin]:
    """Return the pins of ``lock_text`` that apply to ``python_version`` on some platform.

    A marker that holds for every patch release of ``python_version`` on every platform is
    dropped; one that holds for none drops the pin; any other is kept with its pin, for pip to
    evaluate. Raises ValueError for a requirement line that is not an exact ``==`` pin.
    """
    from packaging.markers import Marker

    pythons = [
        {"python_version": python_version, "python_full_version": f"{python_version}.{patch}"}
        for patch in (0, 99)
    ]
    pins = []
    for number, raw in enumerate(lock_text.splitlines(), start=1):
        if not raw or raw[0] in " #\t-":
            continue
        match = _PIN.match(raw)
        if not match:
            raise ValueError(f"requirements.lock line {number}: not an exact pin: {raw!r}")
        marker_text = match["marker"]
        if marker_text:
            marker = Marker(marker_text)
            holds = [
                marker.evaluate({**platform, **python})
                for platform in PLATFORMS
                for python in pythons
            ]
            if not any(holds):
                continue
            marker_text = None if all(holds) else marker_text
        pins.append(Pin(normalise_name(match["name"]), match["version"], marker_text))
    return pins
