"""The bundled dataset: `load()` reads the package's resources once and caches the result.

Examples:
    >>> import swchina_dev as sw
    >>> sw.load() is sw.load()
    True
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import io
import json
from typing import Any, Final

import attrs

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import DataFileError, SwchinaDevError
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Item,
    Metric,
    Region,
    Source,
    Zone,
)
from swchina_dev.models.validators import trusted_input
from swchina_dev.resources import load_once, read_resource

__all__ = ["load"]

_REGION_LIST_FIELDS: Final = ("aliases", "predecessors")
_REGION_COLUMNS: Final = tuple(field.name for field in attrs.fields(Region))
_REGION_LIST_INDEXES: Final = tuple(_REGION_COLUMNS.index(n) for n in _REGION_LIST_FIELDS)
_REGION_FLOAT_INDEXES: Final = (_REGION_COLUMNS.index("lat"), _REGION_COLUMNS.index("lon"))
_REGION_DATE_INDEXES: Final = tuple(_REGION_COLUMNS.index(n) for n in ("valid_from", "valid_to"))
_REGION_PARENT_INDEX: Final = _REGION_COLUMNS.index("parent")


def load() -> Dataset:
    """Return the bundled dataset, reading it on first call (thread-safe) and caching it.

    Returns:
        The same immutable [Dataset][swchina_dev.Dataset] on every call.

    Raises:
        DataFileError: A bundled resource is missing or malformed (a broken installation).
    """
    return _bundled()


@load_once
def _bundled() -> Dataset:
    dataset = _read_bundled()
    # It pickles (and copies) as a reference: load() in the process that unpickles it.
    object.__setattr__(dataset, "_restore", load)
    return dataset


def _read_bundled(*, trusted: bool = True) -> Dataset:
    """Read the bundled resources into a dataset.

    Every record is built through its model's own constructor (the library's converter for the
    JSON document). The resources were validated when they were built (the build scripts go
    through the validating constructors), and the data tests compare a trusted load with a
    validated one; so by default the models' validators are skipped (their converters still
    normalise), which keeps `load()` from building the unit registry (importing pint) before any
    quantity is used. `trusted=False` validates everything.
    """
    with trusted_input() if trusted else contextlib.nullcontext():
        try:
            return _dataset_of(
                json.loads(read_resource("dataset.json")), read_resource("regions.csv")
            )
        except (SwchinaDevError, KeyError, TypeError, ValueError, RecursionError) as error:
            if isinstance(error, DataFileError):
                raise
            raise DataFileError(
                f"bundled data is malformed: {error}", file="data/dataset.json"
            ) from None


def _dataset_of(document: dict[str, Any], regions_csv: str) -> Dataset:
    # Every record through its model's constructor, which takes the stored form of each field;
    # indicators name their source and metric by id, the records built here.
    aliases = document["region_aliases"]
    regions = [
        _with_aliases(region, aliases[region.code]) if region.code in aliases else region
        for region in _read_regions(regions_csv)
    ]
    sources = {row["id"]: Source(**row) for row in document["sources"]}
    metrics = {row["key"]: Metric(**row) for row in document["metrics"]}
    indicators = [
        Indicator(**{**row, "source": sources[row["source"]], "metric": metrics[row["metric"]]})
        for row in document["indicators"]
    ]
    return Dataset(
        regions=[*regions, *(Region(**row) for row in document["regions"])],
        groupings=[Grouping(**row) for row in document["groupings"]],
        zones=[Zone(**row) for row in document["zones"]],
        enterprises=[Enterprise(**row) for row in document["enterprises"]],
        sources=sources.values(),
        metrics=metrics.values(),
        items=[Item(**row) for row in document["items"]],
        indicators=indicators,
        data_version=document["data_version"],
        villages_resource="villages.tsv",
        names_resource="names.tsv",
    )


def _with_aliases(region: Region, extra: list[str]) -> Region:
    return attrs.evolve(region, aliases=(*region.aliases, *extra))


def _read_regions(text: str) -> list[Region]:
    """Read the bundled region table, one region per row through `Region`'s constructor."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None or sorted(header) != sorted(_REGION_COLUMNS):
        raise DataFileError(f"expected the columns {_REGION_COLUMNS}", file="data/regions.csv")
    order = [header.index(name) for name in _REGION_COLUMNS]  # the file's order to the model's
    in_order = order == sorted(order)  # as the build script writes it: no reordering per row
    regions = []
    for line, row in enumerate(rows, start=2):
        try:
            if len(row) != len(order):
                raise ValueError(f"expected {len(order)} columns, got {len(row)}")
            values = _region_values(row if in_order else [row[i] for i in order])
            regions.append(Region(*values))  # in the model's field order (_REGION_COLUMNS)
        except (SwchinaDevError, TypeError, ValueError, KeyError) as error:
            raise DataFileError(
                f"bad region row: {error}", file="data/regions.csv", record=f"line {line}"
            ) from None
    return regions


def _region_values(cells: list[str]) -> list[Any]:
    # In the model's field order: code, parent, level, kind, name, name_zh, pinyin, aliases,
    # lat, lon, valid_from, valid_to, predecessors, note (checked by _REGION_COLUMNS).
    values: list[Any] = list(cells)
    for index in _REGION_LIST_INDEXES:
        values[index] = tuple(item for item in cells[index].split("|") if item)
    for index in _REGION_FLOAT_INDEXES:
        values[index] = float(cells[index]) if cells[index] else None
    for index in _REGION_DATE_INDEXES:
        values[index] = dt.date.fromisoformat(cells[index]) if cells[index] else None
    values[_REGION_PARENT_INDEX] = cells[_REGION_PARENT_INDEX] or None
    return values
