"""The bundled dataset: `load()` reads the package's resources once and caches the result.

Examples:
    >>> import swchina_dev as sw
    >>> sw.load() is sw.load()
    True
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from typing import Any, Final, TypeVar

import attrs

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import DataFileError, SwchinaDevError
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Level,
    Measure,
    Metric,
    Period,
    Qualifier,
    Region,
    RegionKind,
    Source,
    Status,
    Tag,
    Zone,
)
from swchina_dev.resources import load_once, read_resource
from swchina_dev.serialization import structure

__all__ = ["load"]

T = TypeVar("T")

_REGION_LIST_FIELDS: Final = ("aliases", "predecessors")
_REGION_COLUMNS: Final = tuple(field.name for field in attrs.fields(Region))
_REGION_LIST_INDEXES: Final = tuple(_REGION_COLUMNS.index(n) for n in _REGION_LIST_FIELDS)
_REGION_FLOAT_INDEXES: Final = (_REGION_COLUMNS.index("lat"), _REGION_COLUMNS.index("lon"))
_REGION_DATE_INDEXES: Final = tuple(_REGION_COLUMNS.index(n) for n in ("valid_from", "valid_to"))
_REGION_PARENT_INDEX: Final = _REGION_COLUMNS.index("parent")
_REGION_LEVEL_INDEX: Final = _REGION_COLUMNS.index("level")
_REGION_KIND_INDEX: Final = _REGION_COLUMNS.index("kind")
_LEVELS: Final = {level.value: level for level in Level}
_KINDS: Final = {kind.value: kind for kind in RegionKind}


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

    The resources were validated when they were built (scripts/build_dataset.py goes through
    the models), and the data tests compare a trusted load with a fully validated one; so by
    default regions, metrics and indicators are made without running validators again. That
    keeps `load()` from building the unit registry (importing pint) before any quantity is
    used. `trusted=False` validates everything.
    """
    try:
        document = json.loads(read_resource("dataset.json"))
        regions = _read_regions(read_resource("regions.csv"), trusted=trusted)
        aliases = document["region_aliases"]
        regions = [
            _with_aliases(region, aliases[region.code]) if region.code in aliases else region
            for region in regions
        ]
        sources = structure(document["sources"], list[Source])
        if trusted:
            metrics = [_trusted(Metric, row) for row in document["metrics"]]
            indicators = _trusted_indicators(document["indicators"], sources, metrics)
        else:
            metrics = structure(document["metrics"], list[Metric])
            # Indicators name their source and metric by id; expand them to the full records.
            source_rows = {row["id"]: row for row in document["sources"]}
            metric_rows = {row["key"]: row for row in document["metrics"]}
            indicators = structure(
                [
                    {
                        **row,
                        "source": source_rows[row["source"]],
                        "metric": metric_rows[row["metric"]],
                    }
                    for row in document["indicators"]
                ],
                list[Indicator],
            )
        return Dataset(
            regions=[*regions, *structure(document["regions"], list[Region])],
            groupings=structure(document["groupings"], list[Grouping]),
            zones=structure(document["zones"], list[Zone]),
            enterprises=structure(document["enterprises"], list[Enterprise]),
            sources=sources,
            metrics=metrics,
            indicators=indicators,
            data_version=document["data_version"],
        )
    except (SwchinaDevError, KeyError, TypeError, ValueError, RecursionError) as error:
        if isinstance(error, DataFileError):
            raise
        raise DataFileError(
            f"bundled data is malformed: {error}", file="data/dataset.json"
        ) from None


def _trusted(cls: type[T], values: dict[str, Any]) -> T:
    # Build a model from values already of the right types, without its validators: only for
    # bundled data, which the data tests prove the validating constructors accept.
    instance = object.__new__(cls)
    for field in attrs.fields(cls):  # type: ignore[arg-type]
        object.__setattr__(instance, field.name, values[field.name])
    return instance


def _trusted_measure(data: dict[str, Any]) -> Measure:
    return _trusted(
        Measure,
        {
            "magnitude": data["value"],
            "unit": data["unit"],
            "qualifier": Qualifier(data["qualifier"]),
            "lower_magnitude": data["lower"],
            "upper_magnitude": data["upper"],
        },
    )


def _trusted_indicators(
    rows: list[dict[str, Any]], sources: list[Source], metrics: list[Metric]
) -> list[Indicator]:
    by_source = {source.id: source for source in sources}
    by_metric = {metric.key: metric for metric in metrics}
    indicators = []
    for row in rows:
        conversion = row["stated_conversion"]
        values = {
            **row,
            "metric": by_metric[row["metric"]],
            "source": by_source[row["source"]],
            "measure": _trusted_measure(row["measure"]),
            "period": Period.parse(row["period"]),
            "status": Status(row["status"]),
            "tags": tuple(Tag(tag) for tag in row["tags"]),
            "derived_from": tuple(row["derived_from"]),
            "stated_conversion": None if conversion is None else _trusted_measure(conversion),
        }
        indicators.append(_trusted(Indicator, values))
    return indicators


def _with_aliases(region: Region, extra: list[str]) -> Region:
    return attrs.evolve(region, aliases=(*region.aliases, *extra))


def _read_regions(text: str, *, trusted: bool = True) -> list[Region]:
    """Read the bundled region table.

    The table was validated when it was built, and the data tests rebuild every row through
    the validating constructor; so by default rows become regions without running the
    validators again (a quarter of the load time). `trusted=False` validates every row.
    """
    rows = csv.reader(io.StringIO(text))
    header = next(rows, None)
    if header is None or sorted(header) != sorted(_REGION_COLUMNS):
        raise DataFileError(f"expected the columns {_REGION_COLUMNS}", file="data/regions.csv")
    order = [header.index(name) for name in _REGION_COLUMNS]  # the file's order to the model's
    make = _trusted_region if trusted else _validated_region
    regions = []
    for line, row in enumerate(rows, start=2):
        try:
            if len(row) != len(order):
                raise ValueError(f"expected {len(order)} columns, got {len(row)}")
            regions.append(make(_region_values([row[i] for i in order])))
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


def _validated_region(values: list[Any]) -> Region:
    return Region(**dict(zip(_REGION_COLUMNS, values, strict=True)))


def _trusted_region(values: list[Any]) -> Region:
    values[_REGION_LEVEL_INDEX] = _LEVELS[values[_REGION_LEVEL_INDEX]]
    values[_REGION_KIND_INDEX] = _KINDS[values[_REGION_KIND_INDEX]]
    return _trusted(Region, dict(zip(_REGION_COLUMNS, values, strict=True)))
