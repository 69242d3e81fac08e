"""Indicators and regions as Arrow tables and Parquet files (extra `arrow`).

The tables have the columns of [swchina_dev.tabular.frames][swchina_dev.tabular.frames] with Arrow
types (float64 magnitudes, date32 periods, list<string> tags), so DuckDB, Polars or Spark can take
over large tables. What a reader needs to cite and convert travels in the schema: each magnitude
field's metadata names its unit (`unit`, or `unit_column` when rows differ), the `metric` and
`source` fields carry the full metric and source records (JSON), and the schema's `swchina_dev`
entry says which table it is. float64 holds integers exactly only up to 2**53, so the `exact_values`
column keeps each row's integer magnitudes as JSON: reading a table back gives equal indicators and
regions.

pyarrow is imported only when a table is made; without it the error names the extra to install
(`pip install 'swchina-dev[arrow]'`).

Examples:
    >>> import swchina_dev as sw
    >>> from swchina_dev.tabular.arrow import indicators_table, indicators_from_table
    >>> areas = sw.load().query(metric="planted_area")
    >>> table = indicators_table(areas)
    >>> table.schema.field("magnitude").metadata
    {b'unit': b'mu'}
    >>> indicators_table(sw.load()).schema.field("magnitude").metadata
    {b'unit_column': b'unit'}
    >>> indicators_from_table(table) == tuple(areas)
    True
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Final, TypeVar

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import DataFileError, InvalidFileError, ValidationError
from swchina_dev.files import structure_rows
from swchina_dev.files.atomic import replacing_file, replacing_folder
from swchina_dev.files.datasets import _as_path, write_manifest
from swchina_dev.models import Indicator, Metric, Region, Source
from swchina_dev.optional import import_optional
from swchina_dev.serialization import unstructure
from swchina_dev.tabular.frames import (
    DATE_COLUMNS,
    INDICATOR_COLUMNS,
    LIST_COLUMNS,
    NUMBER_COLUMNS,
    REGION_COLUMNS,
    indicators_as_columns,
    regions_as_columns,
)

__all__ = [
    "arrow_table",
    "check_table",
    "indicator_metadata",
    "indicator_rows",
    "indicators_from_table",
    "indicators_table",
    "read_parquet",
    "regions_from_table",
    "regions_table",
    "table_references",
    "write_parquet",
    "write_parquet_folder",
    "write_parquet_table",
    "write_table_file",
]

T = TypeVar("T", Indicator, Region)
#: The schema metadata key that says what a table holds.
TABLE_KEY: Final = b"swchina_dev"
EXACT_COLUMN: Final = "exact_values"
_FORMAT_VERSION: Final = 1
_MEASURES: Final = {
    "measure": ("magnitude", "unit", "qualifier", "lower", "upper"),
    "stated_conversion": (
        "conversion_magnitude",
        "conversion_unit",
        "conversion_qualifier",
        "conversion_lower",
        "conversion_upper",
    ),
}
_MAGNITUDES: Final = ("magnitude", "lower", "upper")
_CONVERSIONS: Final = ("conversion_magnitude", "conversion_lower", "conversion_upper")


def _pyarrow() -> Any:
    return import_optional("pyarrow", "arrow")


def _arrow_type(name: str) -> Any:
    pa = _pyarrow()
    if name in NUMBER_COLUMNS:
        return pa.float64()
    if name in DATE_COLUMNS:
        return pa.date32()
    if name in LIST_COLUMNS:
        return pa.list_(pa.string())
    return pa.string()


def _floats(values: list[Any]) -> list[float | None]:
    return [None if value is None else float(value) for value in values]


def _exact(columns: dict[str, list[Any]], names: Iterable[str]) -> list[str | None]:
    """Each row's integer magnitudes as JSON (None when it has none)."""
    names = tuple(names)
    found: list[str | None] = []
    for row in zip(*(columns[name] for name in names), strict=True):
        integers = {
            name: value
            for name, value in zip(names, row, strict=True)
            if isinstance(value, int) and not isinstance(value, bool)
        }
        found.append(json.dumps(integers) if integers else None)
    return found


def _unit_metadata(units: Iterable[Any]) -> dict[bytes, bytes]:
    distinct = {unit for unit in units if unit is not None}
    if len(distinct) == 1:
        return {b"unit": distinct.pop().encode()}
    return {b"unit_column": b"unit"}


def indicator_metadata(
    units: Iterable[str | None],
    conversion_units: Iterable[str | None],
    metrics: Iterable[Metric],
    sources: Iterable[Source],
) -> dict[str, dict[bytes, bytes]]:
    """The field metadata of an indicator table: each magnitude's unit, the metrics and sources.

    Args:
        units: The rows' units (or only the distinct ones).
        conversion_units: The rows' stated conversions' units (None where none is stated).
        metrics: The metrics the rows name, in the order they first name them.
        sources: The sources, likewise.
    """
    metadata = dict.fromkeys(_MAGNITUDES, _unit_metadata(units))
    metadata |= dict.fromkeys(_CONVERSIONS, _unit_metadata(conversion_units))
    metadata["metric"] = {b"metrics": _json(list(metrics))}
    metadata["source"] = {b"sources": _json(list(sources))}
    return metadata


def arrow_table(
    arrays: Mapping[str, Any], table: str, field_metadata: Mapping[str, dict[bytes, bytes]]
) -> Any:
    """A table of the library's: the arrays (typed as the frames' columns), in their order.

    The schema says which table it is (`table`: `"indicators"`, `"regions"`) and each field
    carries its metadata.
    """
    pa = _pyarrow()
    fields = [
        pa.field(name, _arrow_type(name), metadata=field_metadata.get(name)) for name in arrays
    ]
    about = {"table": table, "format_version": _FORMAT_VERSION}
    schema = pa.schema(fields, metadata={TABLE_KEY: json.dumps(about).encode()})
    return pa.Table.from_arrays(list(arrays.values()), schema=schema)


def _table(
    columns: dict[str, list[Any]],
    table: str,
    field_metadata: dict[str, dict[bytes, bytes]],
    exact: Iterable[str],
) -> Any:
    pa = _pyarrow()
    arrays = {}
    for name, values in [*columns.items(), (EXACT_COLUMN, _exact(columns, exact))]:
        data = _floats(values) if name in NUMBER_COLUMNS else values
        arrays[name] = pa.array(data, type=_arrow_type(name))
    return arrow_table(arrays, table, field_metadata)


def indicators_table(
    indicators: Dataset | Iterable[Indicator],
    *,
    dataset: Dataset | None = None,
    unit: str | None = None,
) -> Any:
    """Indicators as a `pyarrow.Table`: the frames' columns, with units and sources kept.

    Args:
        indicators: A dataset (its indicators), a query's selection, or any indicators.
        dataset: Where subject names are looked up (as for
            [indicators_as_columns][swchina_dev.tabular.frames.indicators_as_columns]).
        unit: Convert every magnitude and bound to this unit first.

    Returns:
        The table: `INDICATOR_COLUMNS` and `exact_values`.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        ConversionError: A measure cannot be converted to `unit`.
    """
    items = list(indicators.indicators if isinstance(indicators, Dataset) else indicators)
    owner = dataset or (indicators if isinstance(indicators, Dataset) else None)
    owner = owner or getattr(indicators, "dataset", None)
    columns = indicators_as_columns(items, dataset=owner, unit=unit)
    metrics = {indicator.metric.key: indicator.metric for indicator in items}
    sources = {indicator.source.id: indicator.source for indicator in items}
    metadata = indicator_metadata(
        columns["unit"], columns["conversion_unit"], metrics.values(), sources.values()
    )
    return _table(columns, "indicators", metadata, (*_MAGNITUDES, *_CONVERSIONS))


def regions_table(regions: Dataset | Iterable[Region]) -> Any:
    """Regions as a `pyarrow.Table`: `REGION_COLUMNS`, `exact_values`.

    Raises:
        MissingDependencyError: pyarrow is not installed.

    Examples:
        >>> import swchina_dev as sw
        >>> regions_table(sw.load()).num_rows == len(sw.load().regions)
        True
    """
    metadata = {name: {b"unit": b"degree"} for name in ("lat", "lon")}
    return _table(regions_as_columns(regions), "regions", metadata, ("lat", "lon"))


def _json(records: list[Any]) -> bytes:
    return json.dumps(unstructure(records), ensure_ascii=False).encode()


def _kind(table: Any, where: str) -> str:
    about = (table.schema.metadata or {}).get(TABLE_KEY, b"")
    try:
        return str(json.loads(about)["table"])
    except (TypeError, ValueError, KeyError):
        raise InvalidFileError(
            f"not a table written by swchina_dev: {where}",
            problems=[f"{where}: the schema has no {TABLE_KEY.decode()} metadata"],
        ) from None


def check_table(table: Any, expected: str, columns: Iterable[str], where: str) -> None:
    """Check that a table is one of ours holding `expected` (`"indicators"`, ...) with `columns`.

    Raises:
        InvalidFileError: The table is of another kind, or a column (or `exact_values`) is missing.
    """
    kind = _kind(table, where)
    missing = [name for name in (*columns, EXACT_COLUMN) if name not in table.column_names]
    problems = [f"{where}: a table of {kind}, not of {expected}"] if kind != expected else []
    problems += [f"{where}: missing columns: {', '.join(missing)}"] if missing else []
    if problems:
        raise InvalidFileError(f"cannot read {expected}", problems=problems)


def _records(table: Any, expected: str, columns: tuple[str, ...], where: str) -> dict[str, Any]:
    check_table(table, expected, columns, where)
    return {name: table.column(name).to_pylist() for name in (*columns, EXACT_COLUMN)}


def _field_json(table: Any, field: str, key: bytes, where: str) -> list[Any]:
    metadata = table.schema.field(field).metadata or {}
    try:
        found = json.loads(metadata[key])
    except (KeyError, ValueError):
        raise InvalidFileError(
            f"cannot read indicators from {where}",
            problems=[f"{where}: field {field!r} has no {key.decode()} metadata"],
        ) from None
    return found if isinstance(found, list) else []


def _restore(columns: dict[str, Any], row: int, names: Iterable[str]) -> dict[str, Any]:
    """The row's magnitudes, integers restored from `exact_values`.

    An `exact_values` cell that is not a JSON object is kept under its own name, which the
    models refuse (an unknown field): a tampered table is refused, never read half-way.
    """
    exact = columns[EXACT_COLUMN][row]
    values = {name: columns[name][row] for name in names}
    if exact:
        try:
            found = json.loads(exact)
        except ValueError:
            found = None
        values.update(found if isinstance(found, dict) else {EXACT_COLUMN: exact})
    return values


def indicator_rows(columns: dict[str, list[Any]]) -> list[dict[str, Any]]:
    """Plain indicator rows (as structuring takes them) from the columns of an indicator table.

    Args:
        columns: Python lists by column name: the fields' columns of `INDICATOR_COLUMNS` and
            `exact_values`.

    Returns:
        One mapping a row; a measure whose unit is missing is None.
    """
    rows = []
    for row in range(len(columns["id"])):
        numbers = _restore(columns, row, (*_MAGNITUDES, *_CONVERSIONS))
        plain: dict[str, Any] = {
            name: columns[name][row]
            for name in (
                "id", "subject_id", "metric", "period", "source", "status", "note", "item", "scope"
            )
        }  # fmt: skip
        for name in ("tags", "derived_from", "breakdown"):
            plain[name] = columns[name][row]
        if EXACT_COLUMN in numbers:
            plain[EXACT_COLUMN] = numbers[EXACT_COLUMN]
        for field, (value, unit, qualifier, lower, upper) in _MEASURES.items():
            if columns[unit][row] is None:
                plain[field] = None
                continue
            plain[field] = {
                "value": numbers[value],
                "unit": columns[unit][row],
                "qualifier": columns[qualifier][row],
                "lower": numbers[lower],
                "upper": numbers[upper],
            }
        rows.append(plain)
    return rows


def table_references(table: Any, where: str) -> tuple[tuple[Metric, ...], tuple[Source, ...]]:
    """The metrics and sources an indicator table carries in its field metadata, validated.

    Raises:
        InvalidFileError: The metadata is missing or holds a bad record.
    """
    metrics = structure_rows(_field_json(table, "metric", b"metrics", where), Metric, where)
    sources = structure_rows(_field_json(table, "source", b"sources", where), Source, where)
    return metrics, sources


def indicators_from_table(table: Any, *, where: str = "table") -> tuple[Indicator, ...]:
    """Rebuild the indicators of an indicator table.

    The table is one made by [indicators_table][swchina_dev.tabular.arrow.indicators_table].

    Args:
        table: The `pyarrow.Table` (read from Parquet, or made here).
        where: What to call the table in problems (a file name).

    Returns:
        The indicators, equal to those written (converted ones if `unit=` was used).

    Raises:
        InvalidFileError: The table is not an indicator table, or a row is bad (every one is
            listed).
    """
    columns = _records(table, "indicators", INDICATOR_COLUMNS, where)
    metrics, sources = table_references(table, where)
    rows = indicator_rows(columns)
    return structure_rows(rows, Indicator, where, metrics=metrics, sources=sources)


def regions_from_table(table: Any, *, where: str = "table") -> tuple[Region, ...]:
    """Rebuild the regions of a region table.

    The table is one made by [regions_table][swchina_dev.tabular.arrow.regions_table].

    Raises:
        InvalidFileError: The table is not a region table, or a row is bad.
    """
    columns = _records(table, "regions", REGION_COLUMNS, where)
    rows = []
    for row in range(table.num_rows):
        plain = {name: columns[name][row] for name in REGION_COLUMNS}
        plain |= _restore(columns, row, ("lat", "lon"))
        rows.append(plain)
    return structure_rows(rows, Region, where)


def write_parquet(
    records: Dataset | Iterable[Indicator] | Iterable[Region],
    path: str | os.PathLike[str],
    *,
    dataset: Dataset | None = None,
) -> Path:
    """Write indicators or regions to a Parquet file (field metadata included).

    Args:
        records: Indicators (a dataset's, a selection, a list) or regions (`ds.regions`).
            A dataset writes its indicators.
        path: The file to write (atomically: written beside it, then renamed over it; a failed
            write leaves the previous file as it was).
        dataset: Where subject names are looked up, for indicators.

    Returns:
        The path written.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        ValidationError: The records are neither all indicators nor all regions, or `path`
            is not a path.
        DataFileError: The file cannot be written.
    """
    items = list(records.indicators if isinstance(records, Dataset) else records)
    owner = dataset or (records if isinstance(records, Dataset) else None)
    owner = owner or getattr(records, "dataset", None)
    if all(isinstance(item, Region) for item in items) and items:
        table = regions_table(items)  # type: ignore[arg-type]
    elif all(isinstance(item, Indicator) for item in items):
        table = indicators_table(items, dataset=owner)  # type: ignore[arg-type]
    else:
        raise ValidationError("write indicators or regions, not a mix", field="records")
    return write_parquet_table(table, path)


def write_parquet_table(table: Any, path: str | os.PathLike[str]) -> Path:
    """Write an Arrow table to a Parquet file, atomically (as `write_parquet` writes its table).

    Raises:
        ValidationError: `path` is not a path.
        DataFileError: The file cannot be written.
    """
    target = _as_path(path, "path")
    # pyarrow removes the path it writes when the write fails: it writes the temporary file.
    with replacing_file(target) as temporary:
        write_table_file(table, temporary, target)
    return target


def write_table_file(table: Any, temporary: Path, target: Path) -> None:
    """Write an Arrow table to the Parquet file `temporary`, which will become `target`.

    Raises:
        DataFileError: The file cannot be written (named as `target`).
    """
    parquet = import_optional("pyarrow.parquet", "arrow")
    try:
        parquet.write_table(table, str(temporary))
    except _pyarrow().ArrowException as error:
        raise DataFileError(f"cannot write: {error}", file=str(target)) from None


def write_parquet_folder(
    dataset: Dataset, path: str | os.PathLike[str], *, overwrite: bool = False
) -> Path:
    """Write a dataset's indicators and regions as two Parquet files in a folder, atomically.

    The folder gets `indicators.parquet`, `regions.parquet` and a `manifest.json` saying the
    library wrote them; it is swapped in as a whole (see `swchina_dev.files.atomic`).

    Args:
        dataset: The dataset.
        path: The folder (created, or replaced as a whole).
        overwrite: Replace a folder holding files the library did not write.

    Returns:
        The folder.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        DataFileError: The folder cannot be written, or is not ours and `overwrite` is false.
    """
    target = _as_path(path, "path")
    names = ("indicators.parquet", "regions.parquet")
    with replacing_folder(target, overwrite=overwrite) as temporary:
        write_parquet(dataset, temporary / names[0])
        write_parquet(dataset.regions, temporary / names[1])
        write_manifest(temporary, {}, names, dataset.data_version)
    return target


def open_parquet(where: str) -> Any:
    """A Parquet file's table, as pyarrow reads it.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        InvalidFileError: The file cannot be read as Parquet.
    """
    parquet = import_optional("pyarrow.parquet", "arrow")
    pa = _pyarrow()
    try:
        if os.path.isfile(where):  # a file's row groups as one chunk each, not many batches
            with parquet.ParquetFile(where) as file:
                return file.read()
        return parquet.read_table(where)
    except (OSError, pa.ArrowException) as error:
        raise InvalidFileError(
            f"cannot read {where}", problems=[f"{where}: not a Parquet file: {error}"], file=where
        ) from None


def read_parquet(path: str | os.PathLike[str], cls: type[T]) -> tuple[T, ...]:
    """Read indicators or regions from a Parquet file.

    The file is one [write_parquet][swchina_dev.tabular.arrow.write_parquet] writes.

    Args:
        path: The file.
        cls: [Indicator][swchina_dev.Indicator] or [Region][swchina_dev.Region].

    Returns:
        The records, equal to those written.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        InvalidFileError: The file cannot be read, holds another table, or has bad rows.
    """
    if cls is not Indicator and cls is not Region:
        raise ValidationError(f"Parquet files hold indicators or regions, not {cls!r}", field="cls")
    where = str(path)
    table = open_parquet(where)
    if cls is Indicator:
        return indicators_from_table(table, where=where)  # type: ignore[return-value]
    return regions_from_table(table, where=where)  # type: ignore[return-value]
