"""The data package's schema, read from ``data/datapackage.json``: the single source of truth.

Belongs here: turning the descriptor into plain objects (tables, fields, constraints, foreign
keys, labels). The validator, the build, the loaders and the column dictionary in
``data/README.md`` all read the schema through this module. Does not belong here: reading the
CSV files or checking them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from helpers.paths import data_dir

PACKAGE_FILE = "datapackage.json"


@dataclass(frozen=True)
class Field:
    """One column of a table, as the schema describes it."""

    name: str
    type: str
    description: str
    unit: str
    example: str
    required: bool
    unique: bool
    minimum: int | None
    pattern: str | None
    enum: tuple[str, ...] | None
    #: Readable names of the enum's codes (the schema's ``x-labels``), e.g. strand -> conflict.
    labels: dict[str, str]


@dataclass(frozen=True)
class ForeignKey:
    """A column whose values must be ids of another table.

    ``delimiter`` is set when one cell lists several ids (``"a;b"``): the schema's
    ``x-foreignKeysInLists``, which standard tools leave alone.
    """

    column: str
    resource: str
    reference: str
    delimiter: str | None = None


@dataclass(frozen=True)
class Resource:
    """One table of the data package: its file, its fields and its foreign keys."""

    name: str
    path: str
    title: str
    description: str
    fields: tuple[Field, ...]
    foreign_keys: tuple[ForeignKey, ...]

    @property
    def column_names(self) -> list[str]:
        """Return the column names in schema order."""
        return [field.name for field in self.fields]

    def field(self, name: str) -> Field:
        """Return the field called ``name``."""
        return next(field for field in self.fields if field.name == name)


def _field(descriptor: dict) -> Field:
    constraints = descriptor.get("constraints", {})
    enum = constraints.get("enum")
    return Field(
        name=descriptor["name"],
        type=descriptor["type"],
        description=descriptor.get("description", ""),
        unit=descriptor.get("x-unit", ""),
        example=str(descriptor.get("example", "")),
        required=bool(constraints.get("required", False)),
        unique=bool(constraints.get("unique", False)),
        minimum=constraints.get("minimum"),
        pattern=constraints.get("pattern"),
        enum=tuple(enum) if enum else None,
        labels=dict(descriptor.get("x-labels", {})),
    )


def _foreign_key(descriptor: dict, delimiter: str | None = None) -> ForeignKey:
    (column,), reference = descriptor["fields"], descriptor["reference"]
    return ForeignKey(column, reference["resource"], reference["fields"][0], delimiter)


def _resource(descriptor: dict) -> Resource:
    schema = descriptor["schema"]
    foreign_keys = tuple(_foreign_key(key) for key in schema.get("foreignKeys", [])) + tuple(
        _foreign_key(key, key["delimiter"]) for key in schema.get("x-foreignKeysInLists", [])
    )
    return Resource(
        name=descriptor["name"],
        path=descriptor["path"],
        title=descriptor.get("title", descriptor["name"]),
        description=descriptor.get("description", ""),
        fields=tuple(_field(field) for field in schema["fields"]),
        foreign_keys=foreign_keys,
    )


@cache
def _parse(path: Path, modified: int) -> tuple[dict, tuple[Resource, ...]]:
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    return descriptor, tuple(_resource(resource) for resource in descriptor["resources"])


def _load(path: Path) -> tuple[dict, tuple[Resource, ...]]:
    """Return the parsed package at ``path``, re-read whenever the file changes."""
    return _parse(path, path.stat().st_mtime_ns)


def package(folder: Path | None = None) -> dict:
    """Return the raw ``datapackage.json`` descriptor of ``folder`` (default: the repo's data/)."""
    return _load((folder or data_dir()) / PACKAGE_FILE)[0]


def resources(folder: Path | None = None) -> dict[str, Resource]:
    """Return the package's tables by name, in the order the package lists them."""
    return {
        resource.name: resource for resource in _load((folder or data_dir()) / PACKAGE_FILE)[1]
    }


def units(table: str, folder: Path | None = None) -> dict[str, str]:
    """Return the unit of each column of ``table`` that has one, e.g. ``{"year": "year"}``."""
    return {field.name: field.unit for field in resources(folder)[table].fields if field.unit}
