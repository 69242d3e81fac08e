"""A dataset as a Frictionless data package: the CSV files and a `datapackage.json`.

The descriptor lists one tabular resource per collection (the CSV files of
[write_dataset][swchina_dev.files.datasets.write_dataset]), each with a Table Schema: field types
(`number`, `integer`, `date`, `boolean`, `string`), allowed values of enumerated fields, primary
keys and foreign keys (an indicator's metric and source, a region's parent, an enterprise's
region, zone and parent). Units are named in the fields' descriptions and properties
(`unitColumn`: a magnitude is in the unit of its row's `unit` column; `unit`: degrees of
latitude and longitude). The sources the data cites are the package's `sources`, and their
terms of reuse its `licenses`. The package reads back with
[read_dataset][swchina_dev.files.datasets.read_dataset] (the folder), and the `frictionless`
validator (extra `datapackage`) accepts it:
[validate_datapackage][swchina_dev.tabular.datapackage.validate_datapackage].

Examples:
    >>> import json, tempfile, pathlib
    >>> import swchina_dev as sw
    >>> folder = write_datapackage(sw.load(), pathlib.Path(tempfile.mkdtemp()) / "package")
    >>> package = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    >>> [resource["name"] for resource in package["resources"]][-1]
    'indicators'
    >>> from swchina_dev.files import read_dataset
    >>> read_dataset(folder).indicators.keys() == sw.load().indicators.keys()
    True
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import os
import re
import typing
from pathlib import Path
from typing import Any, Final

import attrs

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import ValidationError
from swchina_dev.files import COLLECTIONS
from swchina_dev.files.atomic import replacing_folder
from swchina_dev.files.csv_format import Field, Kind, Record, fields_of
from swchina_dev.files.datasets import _as_path, write_dataset_folder
from swchina_dev.models import Source
from swchina_dev.optional import import_optional

__all__ = ["DESCRIPTOR", "validate_datapackage", "write_datapackage"]

#: The descriptor's file name.
DESCRIPTOR: Final = "datapackage.json"
_KEYS: Final = {"regions": "code", "metrics": "key", "items": "key"}
# (collection, field) -> (collection referred to, its key)
_FOREIGN_KEYS: Final = {
    ("indicators", "metric"): ("metrics", "key"),
    ("indicators", "source"): ("sources", "id"),
    ("indicators", "item"): ("items", "key"),
    ("regions", "parent"): ("regions", "code"),
    ("enterprises", "region"): ("regions", "code"),
    ("enterprises", "zone"): ("zones", "id"),
    ("enterprises", "parent"): ("enterprises", "id"),
}
_NAME = re.compile(r"[^a-z0-9._-]+")
_MAGNITUDE_DESCRIPTIONS: Final = {
    "value": "the stated value, in the unit of column {unit}",
    "lower": "the lower bound its qualifier gives, in the unit of column {unit}; empty if none",
    "upper": "the upper bound its qualifier gives, in the unit of column {unit}; empty if none",
}


def _annotation(cls: type[Record], name: str) -> Any:
    attribute = getattr(attrs.fields(attrs.resolve_types(cls)), name)
    arguments = [a for a in typing.get_args(attribute.type) if a is not type(None)]
    return arguments[0] if len(arguments) == 1 else attribute.type


def _schema_fields(cls: type[Record], name: str) -> list[dict[str, Any]]:
    """The Table Schema fields of one model's CSV columns."""
    found: list[dict[str, Any]] = []
    for field in fields_of(cls):
        if field.kind in (Kind.MEASURE, Kind.OPTIONAL_MEASURE):
            found += _measure_fields(field)
            continue
        schema: dict[str, Any] = {"name": field.name, "type": "string"}
        annotation = _annotation(cls, field.name)
        if field.kind is Kind.NUMBER:
            schema["type"] = "number"
        elif field.kind is Kind.INTEGER:
            schema["type"] = "integer"
        elif field.kind is Kind.BOOLEAN:
            schema |= {"type": "boolean", "trueValues": ["true"], "falseValues": ["false"]}
        elif annotation is dt.date:
            schema["type"] = "date"
        elif field.kind is Kind.LIST:
            schema["description"] = "a list, its items joined by '|' ('\\|' for a '|' in an item)"
        if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
            schema["constraints"] = {"enum": [member.value for member in annotation]}
        if field.name in ("lat", "lon"):
            schema |= {"unit": "degree", "description": "degrees of the seat, WGS 84"}
        if field.name == _KEYS.get(name, "id"):
            # Only keys are marked required: an empty cell reads as null, and some required
            # texts may be empty (a count's dimensionality is "").
            schema.setdefault("constraints", {}).update(required=True, unique=True)
        found.append(schema)
    return found


def _measure_fields(field: Field) -> list[dict[str, Any]]:
    value, unit, _, lower, upper = field.columns
    required = field.kind is Kind.MEASURE
    numbers = {value: "value", lower: "lower", upper: "upper"}
    found = []
    for column in field.columns:
        if column in numbers:
            text = _MAGNITUDE_DESCRIPTIONS[numbers[column]].format(unit=unit)
            found.append(
                {"name": column, "type": "number", "description": text, "unitColumn": unit}
            )
        elif column == unit:
            entry: dict[str, Any] = {
                "name": column,
                "type": "string",
                "description": "the unit as the library's registry names it",
            }
            if required:
                entry["constraints"] = {"required": True}
            found.append(entry)
        else:
            found.append(
                {
                    "name": column,
                    "type": "string",
                    "description": "exact, about, at_least, at_most, nearly or range",
                }
            )
    return found


def _resource(name: str, cls: type[Record]) -> dict[str, Any]:
    schema: dict[str, Any] = {
        "fields": _schema_fields(cls, name),
        "primaryKey": [_KEYS.get(name, "id")],
        "missingValues": [""],
    }
    foreign = [
        {"fields": [field], "reference": {"resource": target, "fields": [key]}}
        for (collection, field), (target, key) in _FOREIGN_KEYS.items()
        if collection == name
    ]
    if foreign:
        schema["foreignKeys"] = foreign
    return {
        "name": name,
        "path": f"{name}.csv",
        "profile": "tabular-data-resource",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
        # Stated, so that no reader guesses it from the cells ("0|'" made frictionless take
        # another delimiter and refuse a valid file).
        "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "header": True},
        "schema": schema,
    }


def _package_sources(dataset: Dataset) -> list[dict[str, Any]]:
    found = []
    for source in dataset.sources:
        entry: dict[str, Any] = {"title": f"{source.publisher}: {source.title}"}
        if source.url:
            entry["path"] = source.url
        found.append(entry)
    return found


def _licences(sources: typing.Iterable[Source]) -> list[dict[str, str]]:
    terms = dict.fromkeys(source.licence for source in sources if source.licence)
    # "other-at": other, attribution required; each entry's title gives the terms as stated.
    return [{"name": "other-at", "title": text} for text in terms if text]


def write_datapackage(
    dataset: Dataset,
    folder: str | os.PathLike[str],
    *,
    name: str | None = None,
    title: str | None = None,
    licenses: list[dict[str, str]] | None = None,
    overwrite: bool = False,
) -> Path:
    """Write a dataset as a Frictionless data package: CSV files and `datapackage.json`.

    Args:
        dataset: The dataset.
        folder: The folder to write (created if missing).
        name: The package name (lowercase, `-`, `_`, `.`; default from the data version).
        title: A title for the package.
        licenses: The package's licences (Frictionless `licenses` entries); by default one
            `other-at` entry per distinct licence text of the sources.
        overwrite: Replace a folder holding files the library did not write.

    Returns:
        The folder.

    Raises:
        ValidationError: The name is not a valid package name.
        DataFileError: The folder cannot be written (the previous one is kept), or holds
            files the library did not write and `overwrite` is false.
    """
    target = _as_path(folder, "folder")
    package_name = name or _NAME.sub("-", f"swchina-dev-{dataset.data_version}".lower())
    if not re.fullmatch(r"[a-z0-9._-]+", package_name):
        raise ValidationError(f"invalid package name {package_name!r}", field="name")
    descriptor: dict[str, Any] = {
        "profile": "tabular-data-package",
        "name": package_name,
        "title": title or f"swchina_dev data, version {dataset.data_version}",
        "version": dataset.data_version,
        "created": dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat(),
        "sources": _package_sources(dataset),
        "resources": [_resource(name, cls) for name, cls in COLLECTIONS.items()],
    }
    terms = licenses if licenses is not None else _licences(dataset.sources)
    if terms:
        descriptor["licenses"] = terms
    text = json.dumps(descriptor, ensure_ascii=False, indent=2) + "\n"
    # The CSV files and the descriptor are swapped in together: never a package half written.
    with replacing_folder(target, overwrite=overwrite) as temporary:
        write_dataset_folder(dataset, temporary, also=(DESCRIPTOR,))
        with (temporary / DESCRIPTOR).open("w", encoding="utf-8", newline="") as file:
            file.write(text)
    return target


def validate_datapackage(folder: str | os.PathLike[str]) -> list[str]:
    """Validate a written package with the `frictionless` validator (extra `datapackage`).

    Args:
        folder: The package's folder (or its `datapackage.json`).

    Returns:
        The problems the validator reports, one line each; empty when the package is valid.

    Raises:
        MissingDependencyError: frictionless is not installed.
    """
    frictionless = import_optional("frictionless", "datapackage")
    path = Path(folder)
    descriptor = path if path.suffix == ".json" else path / DESCRIPTOR
    package = frictionless.Package(str(descriptor))
    report = package.validate()
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + [
        error.message for error in report.errors
    ]
