"""Check the data package (placeholder until the data issue adds the tables and schema)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class Report:
    """The outcome of a validation: problems found and what was checked."""

    data_dir: Path
    problems: list[str] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """Return True when no problem was found."""
        return not self.problems

    def summary(self) -> str:
        """Return ``ok: ...`` with counts, or the list of problems."""
        if self.ok:
            counts = ", ".join(f"{name} ({rows} rows)" for name, rows in self.checked.items())
            return f"ok: {counts or 'no tables yet'}"
        return "\n".join([f"{len(self.problems)} problem(s):", *self.problems])


def validate_package(data_dir: Path) -> Report:
    """Return a :class:`Report` on the data folder ``data_dir``."""
    report = Report(data_dir)
    if not data_dir.is_dir():
        report.problems.append(f"{data_dir}: the data folder does not exist")
    return report
