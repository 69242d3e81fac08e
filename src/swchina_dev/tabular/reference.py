"""The region tree, code history, units and rates as tables for DuckDB, Polars and Spark.

Users' own tables outgrow memory (every village over twenty years and fifty figures is a hundred
million rows); the engines they already run handle that. These reference tables hand them the
library's knowledge as plain Arrow tables and Parquet files to join:

- `regions`: every division, the 100,795 NBS villages included;
- `region_ancestors`: each division with itself (depth 0) and every division above it: a
  roll-up is one join on `code` and one GROUP BY `ancestor`;
- `code_changes`: old code and new code of each recorded change since 1981: a recode is a join
  on `old_code`;
- `unit_factors`: each spelling of a unit (`亩`, `万元`, `hectare`): a conversion is
  `value * f.factor / t.factor`;
- `cny_usd_rates`: the months and years of the bundled CNY per USD averages: a conversion is
  `value / cny_per_usd`.

Units and sources travel in the field and schema metadata (the schema's `swchina_dev` entry is
JSON with the table's name, description and source), so a file read by any engine still says
what it holds. [write_reference_tables][swchina_dev.tabular.reference.write_reference_tables]
writes them all to a folder as Parquet;
[read_reference_tables][swchina_dev.tabular.reference.read_reference_tables] reads them back.

Validity: `valid_from` and `valid_to` are the dates the dataset knows (None: not known or still
in force); the closure table's `valid_from_year` and `valid_to_year` (inclusive) are where the
whole chain of a row is valid, None for an open end.

Examples:
    >>> tables = reference_tables()
    >>> sorted(tables)
    ['cny_usd_rates', 'code_changes', 'region_ancestors', 'regions', 'unit_factors']
    >>> ancestors = tables["region_ancestors"].to_pydict()
    >>> rows = [i for i, code in enumerate(ancestors["code"]) if code == "520502"]
    >>> [(ancestors["ancestor"][i], ancestors["ancestor_level"][i]) for i in rows]
    [('520502', 'county'), ('520500', 'prefecture'), ('520000', 'province'), ('CN', 'country')]
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any, Final

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.catalog.events import ChangeEvent, all_events
from swchina_dev.catalog.history import CodeRecord, recode
from swchina_dev.catalog.history import _table as _history_table
from swchina_dev.errors import InvalidFileError, NotFoundError
from swchina_dev.files.atomic import replacing_folder
from swchina_dev.files.datasets import _as_path, write_manifest
from swchina_dev.models import Region
from swchina_dev.optional import import_optional
from swchina_dev.tabular.reference_units import (
    TABLE_KEY,
    cny_usd_rates_table,
    unit_factors_table,
)

__all__ = [
    "REFERENCE_TABLES",
    "code_changes_table",
    "read_reference_tables",
    "reference_regions_table",
    "reference_tables",
    "region_ancestors_table",
    "write_reference_tables",
]

#: The reference tables, in the order they are written.
REFERENCE_TABLES: Final = (
    "regions",
    "region_ancestors",
    "code_changes",
    "unit_factors",
    "cny_usd_rates",
)
_HISTORY_SOURCE: Final = (
    "swchina_dev code history (data/code_history.csv, data/code_events.csv; from "
    "yescallop/areacodes, CC0 1.0)"
)


def _pyarrow() -> Any:
    return import_optional("pyarrow", "arrow")


def _dataset(dataset: Dataset | None) -> Dataset:
    if dataset is not None:
        return dataset
    from swchina_dev.catalog import load

    return load()


def _all_regions(dataset: Dataset) -> list[tuple[str, Region]]:
    """(code, region) of every division: the dataset's regions, then its NBS villages.

    An NBS village code that the dataset holds as a curated village (its alias) is listed under
    the NBS code with the curated region, so users' NBS codes join.
    """
    found = [(region.code, region) for region in dataset.regions]
    known = {code for code, _ in found}
    found += [(code, dataset.villages[code]) for code in dataset.villages if code not in known]
    return found


def _year(day: Any) -> int | None:
    return None if day is None else int(day.year)


def _table(pa: Any, columns: dict[str, list[Any]], fields: list[Any], about: Any) -> Any:
    schema = pa.schema(fields, metadata={TABLE_KEY: json.dumps(about).encode()})
    return pa.Table.from_pydict(columns, schema=schema)


def reference_regions_table(dataset: Dataset | None = None) -> Any:
    """Every division as a `pyarrow.Table`: the dataset's regions and the NBS villages.

    Columns: `code`, `same_as` (for an NBS village code the dataset holds as a curated village:
    that village's code), `parent`, `level`, `level_rank` (0 for the country), `kind`, `name`,
    `name_zh`, `valid_from`, `valid_to`.

    Args:
        dataset: The dataset; by default the bundled one.

    Raises:
        MissingDependencyError: pyarrow is not installed.

    Examples:
        >>> table = reference_regions_table()
        >>> table.num_rows > 110_000
        True
    """
    pa = _pyarrow()
    rows = _all_regions(_dataset(dataset))
    columns: dict[str, list[Any]] = {
        "code": [code for code, _ in rows],
        "same_as": [None if region.code == code else region.code for code, region in rows],
        "parent": [region.parent for _, region in rows],
        "level": [region.level.value for _, region in rows],
        "level_rank": [region.level.rank for _, region in rows],
        "kind": [region.kind.value for _, region in rows],
        "name": [region.name for _, region in rows],
        "name_zh": [region.name_zh for _, region in rows],
        "valid_from": [region.valid_from for _, region in rows],
        "valid_to": [region.valid_to for _, region in rows],
    }
    fields = [pa.field("code", pa.string(), nullable=False)]
    fields += [pa.field(name, pa.string()) for name in ("same_as", "parent", "level")]
    fields += [pa.field("level_rank", pa.int8())]
    fields += [pa.field(name, pa.string()) for name in ("kind", "name", "name_zh")]
    fields += [pa.field(name, pa.date32()) for name in ("valid_from", "valid_to")]
    about = {
        "table": "regions",
        "description": "every division: province to NBS village, with level, parent, validity",
        "source": "swchina_dev bundled regions (data/regions.csv) and NBS villages "
        f"(data/villages.tsv), data version {_dataset(dataset).data_version}",
    }
    return _table(pa, columns, fields, about)


def region_ancestors_table(dataset: Dataset | None = None) -> Any:
    """The closure table of the region tree: each division with itself and every one above it.

    Columns: `code`, `ancestor`, `ancestor_level`, `ancestor_rank`, `depth` (0 for the division
    itself, 1 for its parent...), `valid_from_year` and `valid_to_year` (the years, inclusive,
    in which every division of the chain is valid; None for an open end). A roll-up to a level
    is `JOIN region_ancestors a ON a.code = t.code AND a.ancestor_level = 'prefecture'` and a
    GROUP BY `a.ancestor`; rows whose code has no ancestor at that level fall out of an inner
    join (a LEFT JOIN shows them).

    Args:
        dataset: The dataset; by default the bundled one.

    Raises:
        MissingDependencyError: pyarrow is not installed.

    Examples:
        >>> table = region_ancestors_table()
        >>> table.schema.field("ancestor_level").type
        DataType(string)
    """
    pa = _pyarrow()
    data = _dataset(dataset)
    columns: dict[str, list[Any]] = {
        name: []
        for name in ("code", "ancestor", "ancestor_level", "ancestor_rank", "depth",
                     "valid_from_year", "valid_to_year")
    }  # fmt: skip
    # Each chain is its parent's chain with itself in front: built once per division.
    chains: dict[str, list[Region]] = {}

    def chain(region: Region) -> list[Region]:
        found = chains.get(region.code)
        if found is None:
            above = region.parent
            parent = data.regions.get(above) if above is not None else None
            found = [region, *chain(parent)] if isinstance(parent, Region) else [region]
            chains[region.code] = found
        return found

    for code, region in _all_regions(data):
        links = chain(region)
        first: int | None = None
        last: int | None = None
        for depth, ancestor in enumerate(links):
            start, end = _year(ancestor.valid_from), _year(ancestor.valid_to)
            first = start if first is None else max(first, start or first)
            last = end if last is None else min(last, end or last)
            columns["code"].append(code)
            columns["ancestor"].append(code if depth == 0 else ancestor.code)
            columns["ancestor_level"].append(ancestor.level.value)
            columns["ancestor_rank"].append(ancestor.level.rank)
            columns["depth"].append(depth)
            columns["valid_from_year"].append(first)
            columns["valid_to_year"].append(last)
    fields = [
        pa.field("code", pa.string(), nullable=False),
        pa.field("ancestor", pa.string(), nullable=False),
        pa.field("ancestor_level", pa.string()),
        pa.field("ancestor_rank", pa.int8()),
        pa.field("depth", pa.int8()),
        pa.field("valid_from_year", pa.int16(), metadata={b"unit": b"year"}),
        pa.field("valid_to_year", pa.int16(), metadata={b"unit": b"year"}),
    ]
    about = {
        "table": "region_ancestors",
        "description": "closure table of the region tree: code, each ancestor (depth 0: itself)",
        "source": f"swchina_dev region tree, data version {data.data_version}",
    }
    return _table(pa, columns, fields, about)


def _history_records() -> list[CodeRecord]:
    # Every record of the code history (the catalog's timeline reads its table the same way).
    return [record for records in _history_table().by_code.values() for record in records]


def code_changes_table() -> Any:
    """The recorded code changes as a `pyarrow.Table`: where each old code went, and when.

    One row per old code and new code of a record that ended (renamed, recoded, merged, split,
    retired) and per part of a territory transferred earlier. Columns: `old_code`, `old_name`,
    `new_code` (None for a code retired with no recorded successor), `new_name`, `relation`
    (as [recode][swchina_dev.catalog.history.recode] gives it from the year before the change to
    its year, or `retired`), `year` (the first code list, as of 31 December, that shows it),
    `date` (the approval's date as the events give it, else None), `document`.

    Raises:
        MissingDependencyError: pyarrow is not installed.

    Examples:
        >>> rows = code_changes_table().to_pylist()
        >>> [(r["new_code"], r["relation"], r["year"]) for r in rows if r["old_code"] == "520522"]
        [('520581', 'recoded', 2021)]
    """
    pa = _pyarrow()
    events: dict[tuple[str, str, int], ChangeEvent] = {}
    for event in all_events():
        for old in event.from_codes:
            for new in event.to_codes or ("",):
                events.setdefault((old, new, event.year), event)
    columns: dict[str, list[Any]] = {
        name: []
        for name in ("old_code", "old_name", "new_code", "new_name", "relation", "year", "date",
                     "document")
    }  # fmt: skip

    def add(
        record: CodeRecord, new: str | None, name: str | None, relation: str, year: int
    ) -> None:
        event = events.get((record.code, new or "", year))
        columns["old_code"].append(record.code)
        columns["old_name"].append(record.name_zh)
        columns["new_code"].append(new)
        columns["new_name"].append(name)
        columns["relation"].append(relation)
        columns["year"].append(year)
        columns["date"].append(event.date if event is not None else None)
        columns["document"].append(event.document or None if event is not None else None)

    for record in _history_records():
        for successor in record.successors:  # parts transferred before the record ended
            code, _, bracket = successor.partition("[")
            year = int(bracket.rstrip("]")) if bracket else None
            if year is not None and (record.end_year is None or year < record.end_year):
                add(record, code, None, "partly_transferred", year)
        if record.end_year is None:
            continue
        try:
            recoding = recode(record.code, record.end_year - 1, record.end_year)
        except NotFoundError:
            add(record, None, None, "retired", record.end_year)
            continue
        for target, found in zip(recoding.targets, recoding.records, strict=True):
            add(record, target, found.name_zh, recoding.relation, record.end_year)
    fields = [pa.field(name, pa.string()) for name in ("old_code", "old_name", "new_code")]
    fields += [pa.field(name, pa.string()) for name in ("new_name", "relation")]
    fields += [pa.field("year", pa.int16(), metadata={b"unit": b"year"})]
    fields += [pa.field(name, pa.string()) for name in ("date", "document")]
    about = {
        "table": "code_changes",
        "description": "where each changed division code went: old code, new code, relation",
        "source": _HISTORY_SOURCE,
    }
    return _table(pa, columns, fields, about)


def reference_tables(dataset: Dataset | None = None) -> dict[str, Any]:
    """Every reference table, by name (`REFERENCE_TABLES`), as `pyarrow.Table`s.

    Args:
        dataset: The dataset of the region tables; by default the bundled one.

    Raises:
        MissingDependencyError: pyarrow is not installed.
    """
    data = _dataset(dataset)
    return {
        "regions": reference_regions_table(data),
        "region_ancestors": region_ancestors_table(data),
        "code_changes": code_changes_table(),
        "unit_factors": unit_factors_table(),
        "cny_usd_rates": cny_usd_rates_table(),
    }


def write_reference_tables(
    folder: str | os.PathLike[str], *, dataset: Dataset | None = None, overwrite: bool = False
) -> dict[str, Path]:
    """Write every reference table to `folder` as `<name>.parquet`, with a manifest.

    The folder is written beside and swapped in whole: a failed write leaves the old copy.

    Args:
        folder: Where to write.
        dataset: The dataset of the region tables; by default the bundled one.
        overwrite: Replace a folder holding files the library did not write.

    Returns:
        The path of each table, by name.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        DataFileError: The folder cannot be written, or holds files the library did not write
            and `overwrite` is false.

    Examples:
        >>> import tempfile
        >>> with tempfile.TemporaryDirectory() as folder:
        ...     paths = write_reference_tables(folder)
        ...     read_reference_tables(folder)["unit_factors"].num_rows > 100
        True
    """
    parquet = import_optional("pyarrow.parquet", "arrow")
    target = _as_path(folder, "folder")
    tables = reference_tables(dataset)
    names = [f"{name}.parquet" for name in tables]
    # Written beside and swapped in whole, with a manifest saying the library wrote them.
    with replacing_folder(target, overwrite=overwrite) as temporary:
        for name, table in tables.items():
            parquet.write_table(table, str(temporary / f"{name}.parquet"))
        write_manifest(temporary, {}, names, None)
    return {name: target / f"{name}.parquet" for name in tables}


def read_reference_tables(folder: str | os.PathLike[str]) -> dict[str, Any]:
    """Read the reference tables that `write_reference_tables` wrote, as `pyarrow.Table`s.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        InvalidFileError: A table is missing, unreadable or another table.
    """
    parquet = import_optional("pyarrow.parquet", "arrow")
    pa = _pyarrow()
    found, problems = {}, []
    for name in REFERENCE_TABLES:
        path = Path(folder) / f"{name}.parquet"
        try:
            table = parquet.read_table(str(path))
            about = json.loads((table.schema.metadata or {})[TABLE_KEY])
        except (OSError, pa.ArrowException, KeyError, ValueError) as error:
            problems.append(f"{path}: not a reference table: {error}")
            continue
        if about.get("table") != name:
            problems.append(f"{path}: holds {about.get('table')!r}, not {name!r}")
            continue
        found[name] = table
    if problems:
        raise InvalidFileError(f"cannot read the reference tables in {folder}", problems=problems)
    return found
