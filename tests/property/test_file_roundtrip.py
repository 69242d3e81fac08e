"""Properties: generated records and datasets read back equal from every file format.

Formats: JSON and CSV records files, JSON dataset documents, CSV dataset folders, Frictionless
data packages (read back as folders), Arrow tables and Parquet files (indicators and regions).
Generated datasets are made consistent (every reference resolves) from the shared strategies;
examples are few, since every one writes files. The library's own CSV row splitter reads
generated text as Python's strict ``csv.reader`` does.
"""

from __future__ import annotations

import csv
import io
import itertools
import sys
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from strategies import (
    MODEL_STRATEGIES,
    enterprises,
    groupings,
    indicators,
    items,
    regions,
    zones,
)
from swchina_dev import Dataset, Indicator, Level, Region
from swchina_dev.files import COLLECTIONS, read_dataset, read_records, write_dataset, write_records
from swchina_dev.files.csv_format import _RowError, _split_rows, split_rows_by_hand
from swchina_dev.tabular.arrow import (
    indicators_from_table,
    indicators_table,
    read_parquet,
    regions_from_table,
    regions_table,
    write_parquet,
)
from swchina_dev.tabular.datapackage import validate_datapackage, write_datapackage

FEW = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
MODELS = sorted(COLLECTIONS.values(), key=lambda cls: cls.__name__)
COUNTRY = Region("CN", "China", "中国", "Zhōngguó", "country", "country", None)


@st.composite
def datasets(draw: st.DrawFn) -> Dataset:
    """A small dataset whose every reference resolves: provinces, zones, enterprises, claims."""
    provinces = draw(
        st.lists(regions(Level.PROVINCE), min_size=1, max_size=4, unique_by=lambda r: r.code)
    )
    provinces = [attrs.evolve(p, parent="CN", predecessors=()) for p in provinces]
    codes = [province.code for province in provinces]
    code = st.sampled_from(codes)
    found_zones = draw(st.lists(zones(), max_size=3, unique_by=lambda z: z.id))
    found_zones = [attrs.evolve(z, regions=(draw(code),), parent=None) for z in found_zones]
    firms = draw(st.lists(enterprises(), max_size=3, unique_by=lambda e: e.id))
    zone_ids = st.sampled_from([z.id for z in found_zones]) if found_zones else st.none()
    firms = [
        attrs.evolve(e, region=draw(code), zone=draw(st.none() | zone_ids), parent=None)
        for e in firms
    ]
    sets = draw(st.lists(groupings(), max_size=2, unique_by=lambda g: g.id))
    sets = [
        attrs.evolve(g, members=tuple(sorted(set(draw(st.lists(code, min_size=1)))))) for g in sets
    ]
    subjects = codes + [z.id for z in found_zones] + [e.id for e in firms] + [g.id for g in sets]
    claims = draw(st.lists(indicators(), max_size=8, unique_by=lambda i: i.id))
    claims = [
        attrs.evolve(i, subject_id=draw(st.sampled_from(subjects)))
        for i in _sharing_references(claims)
    ]
    return Dataset(
        regions=[COUNTRY, *provinces],
        groupings=sets,
        zones=found_zones,
        enterprises=firms,
        sources={i.source.id: i.source for i in claims}.values(),
        metrics={i.metric.key: i.metric for i in claims}.values(),
        items=[draw(items(key)) for key in sorted({i.item for i in claims} - {None})],
        indicators=claims,
        data_version=draw(st.sampled_from(["1.0", "2026.11.22", "user"])),
    )


def _sharing_references(records: list[Indicator]) -> list[Indicator]:
    """The indicators with one metric per key and one source per id, as a dataset has them."""
    metrics = {i.metric.key: i.metric for i in records}
    sources = {i.source.id: i.source for i in records}
    return [
        attrs.evolve(i, metric=metrics[i.metric.key], source=sources[i.source.id]) for i in records
    ]


def _same(first: Dataset, second: Dataset) -> None:
    for name in COLLECTIONS:
        assert tuple(getattr(second, name)) == tuple(getattr(first, name)), name
    assert second.data_version == first.data_version


@FEW
@given(dataset=datasets())
def test_datasets_round_trip_through_json_and_csv(dataset: Dataset) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        _same(dataset, read_dataset(write_dataset(dataset, root / "data.json")))
        _same(dataset, read_dataset(write_dataset(dataset, root / "csv", format="csv")))


@settings(FEW, max_examples=10)
@given(dataset=datasets())
def test_data_packages_validate_and_read_back(dataset: Dataset) -> None:
    with tempfile.TemporaryDirectory() as folder:
        package = write_datapackage(dataset, Path(folder) / "package")
        assert validate_datapackage(package) == []
        _same(dataset, read_dataset(package))


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@pytest.mark.parametrize("suffix", [".json", ".csv"])
@FEW
@given(data=st.data())
def test_records_round_trip_through_files(cls: type, suffix: str, data: st.DataObject) -> None:
    records = data.draw(st.lists(MODEL_STRATEGIES[cls], max_size=4, unique_by=lambda r: r.id))
    metrics, sources = [], []
    if cls is Indicator:
        # A CSV file names metrics and sources by key and id: one record per key, as in a dataset.
        records = _sharing_references(records)
        metrics, sources = [r.metric for r in records], [r.source for r in records]
    with tempfile.TemporaryDirectory() as folder:
        path = write_records(records, Path(folder) / f"records{suffix}", cls=cls)
        again = read_records(path, cls, metrics=metrics, sources=sources)
    assert again == tuple(records)


@FEW
@given(records=st.lists(indicators(), max_size=6, unique_by=lambda i: i.id))
def test_indicators_round_trip_through_arrow_and_parquet(records: list[Indicator]) -> None:
    # Indicators naming one metric key or source id must share the record (as in a dataset).
    metrics = {i.metric.key: i.metric for i in records}
    sources = {i.source.id: i.source for i in records}
    records = [
        attrs.evolve(i, metric=metrics[i.metric.key], source=sources[i.source.id]) for i in records
    ]
    assert indicators_from_table(indicators_table(records)) == tuple(records)
    with tempfile.TemporaryDirectory() as folder:
        path = write_parquet(records, Path(folder) / "indicators.parquet")
        again = read_parquet(path, Indicator)
    for original, copy in zip(records, again, strict=True):
        assert copy == original
        # Magnitudes come back exactly, in their own type: float64 columns do not hold big ints.
        for name in ("magnitude", "lower_magnitude", "upper_magnitude"):
            assert type(getattr(copy.measure, name)) is type(getattr(original.measure, name))


@FEW
@given(records=st.lists(regions(), min_size=1, max_size=6, unique_by=lambda r: r.code))
def test_regions_round_trip_through_arrow_and_parquet(records: list[Region]) -> None:
    assert regions_from_table(regions_table(records)) == tuple(records)
    with tempfile.TemporaryDirectory() as folder:
        path = write_parquet(records, Path(folder) / "regions.parquet")
        assert read_parquet(path, Region) == tuple(records)


def _csv_module_rows(text: str) -> tuple[list[tuple[int, list[str]]], tuple[str, int] | None]:
    """Rows (with line numbers) and the error, as Python's strict csv.reader reads ``text``."""
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    rows = []
    previous = csv.field_size_limit(sys.maxsize)
    try:
        for cells in reader:
            rows.append((reader.line_num, cells))
    except csv.Error as error:
        return rows, (str(error), reader.line_num)
    finally:
        csv.field_size_limit(previous)
    return rows, None


def _own_rows(
    text: str, split: Callable[[str], Iterable[tuple[int, list[str]]]] = split_rows_by_hand
) -> tuple[list[tuple[int, list[str]]], tuple[str, int] | None]:
    rows = []
    try:
        for row in split(text):
            rows.append(row)
    except _RowError as error:
        return rows, (str(error), error.line)
    return rows, None


@settings(max_examples=500, deadline=None)
@given(text=st.text(alphabet='a,"\r\n é'))
def test_the_csv_reader_splits_rows_as_the_csv_module_does(text: str) -> None:
    # The library splits CSV text itself (its cell limit must not depend on the process-wide
    # csv.field_size_limit): rows, line numbers and errors are those of csv.reader.
    assert _own_rows(text) == _csv_module_rows(text)


def test_the_csv_reader_agrees_on_every_short_text() -> None:
    for length in range(6):
        for characters in itertools.product('a,"\r\n', repeat=length):
            text = "".join(characters)
            assert _own_rows(text) == _csv_module_rows(text), repr(text)


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet='a,"\r\n é'), limit=st.sampled_from([2, 131_072, sys.maxsize]))
def test_rows_are_split_alike_by_the_csv_module_and_by_hand(text: str, limit: int) -> None:
    # Whatever the process-wide limit, and whether the C reader or the hand one splits.
    previous = csv.field_size_limit(limit)
    try:
        fast = _own_rows(text, _split_rows)
    finally:
        csv.field_size_limit(previous)
    assert fast == _own_rows(text)
