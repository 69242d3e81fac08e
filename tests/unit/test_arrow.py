"""Indicators and regions as Arrow tables and Parquet files, with units and sources kept."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import attrs
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import swchina_dev as sw
from swchina_dev.errors import InvalidFileError, MissingDependencyError
from swchina_dev.tabular.arrow import (
    indicators_from_table,
    indicators_table,
    read_parquet,
    regions_from_table,
    regions_table,
    write_parquet,
)


@pytest.fixture(scope="module")
def bundled() -> sw.Dataset:
    return sw.load()


def test_indicator_tables_have_typed_columns_and_metadata(bundled: sw.Dataset) -> None:
    table = indicators_table(bundled)
    assert table.num_rows == len(bundled.indicators)
    schema = table.schema
    assert schema.field("magnitude").type == pa.float64()
    assert schema.field("period_start").type == pa.date32()
    assert schema.field("tags").type == pa.list_(pa.string())
    assert schema.field("magnitude").metadata == {b"unit_column": b"unit"}
    sources = json.loads(schema.field("source").metadata[b"sources"])
    assert {source["id"] for source in sources} == {i.source.id for i in bundled.indicators}
    metrics = json.loads(schema.field("metric").metadata[b"metrics"])
    assert {metric["key"] for metric in metrics} == {i.metric.key for i in bundled.indicators}
    assert json.loads(schema.metadata[b"swchina_dev"])["table"] == "indicators"


def test_one_unit_is_named_in_the_field(bundled: sw.Dataset) -> None:
    table = indicators_table(bundled.query(metric="planted_area"), unit="hectare")
    assert table.schema.field("lower").metadata == {b"unit": b"hectare"}


def test_tables_and_parquet_files_read_back_equal(bundled: sw.Dataset, tmp_path: Path) -> None:
    assert indicators_from_table(indicators_table(bundled)) == tuple(bundled.indicators)
    assert regions_from_table(regions_table(bundled)) == tuple(bundled.regions)
    path = write_parquet(bundled, tmp_path / "indicators.parquet")
    assert read_parquet(path, sw.Indicator) == tuple(bundled.indicators)
    # The metadata survives Parquet, for other readers too.
    schema = pq.read_schema(path)
    assert schema.field("source").metadata[b"sources"]
    path = write_parquet(bundled.regions, tmp_path / "regions.parquet")
    assert read_parquet(path, sw.Region) == tuple(bundled.regions)


def test_big_integers_survive_float64_columns(bundled: sw.Dataset) -> None:
    indicator = attrs.evolve(
        bundled.indicators["s000-caohai-cranes"],
        measure=sw.Measure.from_parts(10**30 + 1, "dimensionless"),
    )
    table = indicators_table([indicator])
    assert table.column("magnitude").to_pylist() == [1e30]
    (again,) = indicators_from_table(table)
    assert again.measure.magnitude == 10**30 + 1


def test_wrong_tables_are_refused(bundled: sw.Dataset, tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="a table of regions, not of indicators"):
        indicators_from_table(regions_table(bundled))
    with pytest.raises(InvalidFileError, match="no swchina_dev metadata"):
        regions_from_table(pa.table({"code": ["520500"]}))
    broken = indicators_table(bundled).drop_columns(["unit"])
    with pytest.raises(InvalidFileError, match="missing columns: unit"):
        indicators_from_table(broken)
    (tmp_path / "bad.parquet").write_bytes(b"not parquet")
    with pytest.raises(InvalidFileError, match="not a Parquet file"):
        read_parquet(tmp_path / "bad.parquet", sw.Indicator)
    with pytest.raises(sw.ValidationError, match="indicators or regions"):
        read_parquet(tmp_path / "bad.parquet", sw.Zone)  # type: ignore[type-var]
    with pytest.raises(sw.ValidationError, match="not a mix"):
        write_parquet([*bundled.zones], tmp_path / "zones.parquet")  # type: ignore[list-item]


def test_bad_rows_are_all_reported(bundled: sw.Dataset) -> None:
    table = indicators_table(list(bundled.indicators)[:3])
    units = pa.array(["furlong?", "mu", "parsec"])
    table = table.set_column(table.schema.get_field_index("unit"), "unit", units)
    with pytest.raises(InvalidFileError) as caught:
        indicators_from_table(table, where="claims.parquet")
    first, third = caught.value.problems  # mu is an area: row 2 is right
    assert first.startswith("claims.parquet: row 1 (s000-")
    assert "furlong?" in first
    assert third.startswith("claims.parquet: row 3 (s000-")


def test_without_pyarrow_the_error_names_the_extra(
    bundled: sw.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    with pytest.raises(MissingDependencyError, match=r"swchina-dev\[arrow\]"):
        indicators_table(bundled)
