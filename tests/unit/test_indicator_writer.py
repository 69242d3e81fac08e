"""The column writer writes the files the object writers write, byte for byte, and checks first.

Each set of indicators goes two ways: `write_parquet` / `write_dataset(format="csv")` (an object
a row), and `read_indicator_columns` -> `write_indicator_columns` (column-wise). The files must
be equal, and read back to the same indicators.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import attrs
import pytest

import swchina_dev as sw
from swchina_dev.errors import InvalidFileError, ValidationError
from swchina_dev.files import read_records, write_dataset
from swchina_dev.models import Measure

pa = pytest.importorskip("pyarrow")
pc = pytest.importorskip("pyarrow.compute")

from swchina_dev.tabular.arrow import read_parquet, write_parquet  # noqa: E402
from swchina_dev.tabular.indicator_columns import read_indicator_columns  # noqa: E402
from swchina_dev.tabular.indicator_writer import write_indicator_columns  # noqa: E402


@pytest.fixture(scope="module")
def bundled() -> sw.Dataset:
    return sw.load()


def _with(dataset: sw.Dataset, indicators: list[sw.Indicator]) -> sw.Dataset:
    return sw.Dataset(
        regions=dataset.regions,
        groupings=dataset.groupings,
        zones=dataset.zones,
        enterprises=dataset.enterprises,
        sources=dataset.sources,
        metrics=dataset.metrics,
        items=dataset.items,
        indicators=indicators,
    )


def _awkward(bundled: sw.Dataset) -> list[sw.Indicator]:
    """Indicators whose cells test every rule of the CSV writer and of the labels."""
    first = next(i for i in bundled.indicators if i.item is None and not i.breakdown)
    unit = first.measure.unit
    notes = [
        "plain",
        "a, comma",
        'a "quote"',
        "one\ntwo",
        "=1+2",
        "-30 mu",
        "'already",
        "@home",
        "\ttab first",
        "",
        "毕节, in Chinese",
    ]
    numbers = [7800, 2**60 + 1, 0.1, 1e16, 1.5e-7, 123456789.125, 0.0, 3.0, 1e300]
    found = []
    for number, note in enumerate(notes):
        found.append(
            attrs.evolve(
                first,
                id=f"awkward-note-{number}",
                note=note,
                derived_from=("plain-id", "a|bar", "back\\slash") if number % 3 == 0 else (),
            )
        )
    for number, magnitude in enumerate(numbers):
        found.append(
            attrs.evolve(
                first,
                id=f"awkward-number-{number}",
                measure=Measure.from_parts(magnitude, unit, "about"),
            )
        )
    found.append(
        attrs.evolve(
            first, id="awkward-range", measure=Measure.from_parts(None, unit, "range", 3, 8)
        )
    )
    found.append(
        attrs.evolve(
            first,
            id="awkward-at-least",
            measure=Measure.from_parts(12.5, unit, "at_least"),
            stated_conversion=None,
        )
    )
    return found


def _datasets(bundled: sw.Dataset) -> dict[str, sw.Dataset]:
    areas = [i for i in bundled.indicators if i.metric.key == "planted_area"]
    return {
        "bundled": bundled,
        "planted areas": _with(bundled, areas),
        "awkward cells": _with(bundled, _awkward(bundled)),
    }


@pytest.mark.parametrize("name", ["bundled", "planted areas", "awkward cells"])
def test_csv_is_the_object_writers_file(name: str, bundled: sw.Dataset, tmp_path: Path) -> None:
    dataset = _datasets(bundled)[name]
    folder = write_dataset(dataset, tmp_path / "objects", format="csv")
    table = read_indicator_columns(folder, dataset=bundled)
    path = write_indicator_columns(table, tmp_path / "columns" / "indicators.csv")
    assert path.read_bytes() == (folder / "indicators.csv").read_bytes()
    assert read_records(path, sw.Indicator, bundled) == tuple(dataset.indicators)


@pytest.mark.parametrize("name", ["bundled", "planted areas", "awkward cells"])
def test_parquet_is_the_object_writers_file(name: str, bundled: sw.Dataset, tmp_path: Path) -> None:
    dataset = _datasets(bundled)[name]
    objects = write_parquet(dataset, tmp_path / "objects.parquet")
    table = read_indicator_columns(objects)
    path = write_indicator_columns(table, tmp_path / "columns.parquet", dataset=dataset)
    assert path.read_bytes() == objects.read_bytes()
    assert read_parquet(path, sw.Indicator) == tuple(dataset.indicators)
    # Without a dataset, as write_parquet of the indicators alone: no subject names.
    alone = write_parquet(list(dataset.indicators), tmp_path / "alone.parquet")
    path = write_indicator_columns(table, tmp_path / "columns-alone.parquet")
    assert path.read_bytes() == alone.read_bytes()


def test_round_trip_through_both_formats(bundled: sw.Dataset, tmp_path: Path) -> None:
    folder = write_dataset(bundled, tmp_path / "data", format="csv")
    table = read_indicator_columns(folder)
    parquet = write_indicator_columns(table, tmp_path / "out.parquet", format="parquet")
    again = read_indicator_columns(parquet)
    assert again.equals(table)
    csv_path = write_indicator_columns(again, tmp_path / "out.csv")
    assert read_records(csv_path, sw.Indicator, bundled) == tuple(bundled.indicators)


def test_a_filtered_table_writes_its_rows(bundled: sw.Dataset, tmp_path: Path) -> None:
    table = read_indicator_columns(write_parquet(bundled, tmp_path / "all.parquet"))
    kept = table.filter(pc.equal(table["status"], "reported"))
    path = write_indicator_columns(kept, tmp_path / "reported.parquet", dataset=bundled)
    expected = [i for i in bundled.indicators if i.status.value == "reported"]
    assert read_parquet(path, sw.Indicator) == tuple(expected)
    assert (
        path.read_bytes()
        == write_parquet(expected, tmp_path / "o.parquet", dataset=bundled).read_bytes()
    )


def _replaced(table: Any, name: str, row: int, value: Any) -> Any:
    values = table[name].to_pylist()
    values[row] = value
    index = table.column_names.index(name)
    return table.set_column(index, table.schema.field(index), pa.array(values, table[name].type))


def test_bad_tables_are_refused_before_writing(bundled: sw.Dataset, tmp_path: Path) -> None:
    table = read_indicator_columns(write_parquet(bundled, tmp_path / "all.parquet"))
    target = tmp_path / "never.csv"
    with pytest.raises(InvalidFileError, match="cannot read indicators") as refused:
        write_indicator_columns(_replaced(table, "unit", 3, "florp"), target)
    assert any("row 4" in problem for problem in refused.value.problems)
    with pytest.raises(InvalidFileError, match="missing columns"):
        write_indicator_columns(table.drop_columns(["note"]), target)
    assert not target.exists()
    with pytest.raises(ValidationError, match="parquet or csv"):
        write_indicator_columns(table, tmp_path / "indicators.json")


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_table_the_check_settles_is_written_settled(
    suffix: str, bundled: sw.Dataset, tmp_path: Path
) -> None:
    # The file is written while the table is checked: a unit the check spells otherwise
    # ("tonne" is kept as "metric_ton") must not leave the unsettled spelling in the file.
    table = read_indicator_columns(write_parquet(bundled, tmp_path / "all.parquet"))
    row = table["unit"].to_pylist().index("metric_ton")
    path = write_indicator_columns(
        _replaced(table, "unit", row, "tonne"), tmp_path / f"settled.{suffix}", dataset=bundled
    )
    same = write_indicator_columns(table, tmp_path / f"as-read.{suffix}", dataset=bundled)
    assert path.read_bytes() == same.read_bytes()


@pytest.mark.parametrize("suffix", ["csv", "parquet"])
def test_a_refused_table_leaves_the_file_there_as_it_was(
    suffix: str, bundled: sw.Dataset, tmp_path: Path
) -> None:
    table = read_indicator_columns(write_parquet(bundled, tmp_path / "all.parquet"))
    folder = tmp_path / "out"
    target = write_indicator_columns(table, folder / f"kept.{suffix}", dataset=bundled)
    before = target.read_bytes()
    bad = {
        "a bad unit": _replaced(table, "unit", 3, "florp"),
        # unknown to the metadata: the writing itself fails on it before the check says why
        "a metric the metadata lacks": _replaced(table, "metric", 0, "no_such_metric"),
        "a source the metadata lacks": _replaced(table, "source", 0, "no-such-source"),
    }
    for what, rows in bad.items():
        with pytest.raises(InvalidFileError, match="cannot read indicators"):
            write_indicator_columns(rows, target, dataset=bundled)
        assert target.read_bytes() == before, what
        assert [p.name for p in folder.iterdir()] == [target.name], what  # no temporary left
