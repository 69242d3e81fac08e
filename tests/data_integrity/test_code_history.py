"""The bundled code history is a fresh build of data-raw/areacodes, and every record resolves."""

from __future__ import annotations

import collections
import csv
import importlib.util
from importlib.resources import files

import pytest

from swchina_dev.catalog import recode, record_in_force
from swchina_dev.catalog.history import _table
from tests.paths import RAW, REPO

SIX = ("45", "50", "51", "52", "53", "54")


def test_bundled_resource_matches_a_fresh_build() -> None:
    spec = importlib.util.spec_from_file_location(
        "build_history", REPO / "scripts/build_history.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bundled = files("swchina_dev.data").joinpath("code_history.csv").read_text(encoding="utf-8")
    assert module.build(RAW) == bundled
    assert module.build(RAW) == module.build(RAW)


def test_counts_by_status_match_the_source() -> None:
    with (RAW / "areacodes/result.csv").open(encoding="utf-8-sig", newline="") as handle:
        raw = [row for row in csv.DictReader(handle) if row["代码"].startswith(SIX)]
    assert collections.Counter(row["状态"] for row in raw) == {
        "在用": 696,
        "弃用": 657,
        "变更": 100,
    }
    records = [r for code, rs in _table().by_code.items() if code.startswith(SIX) for r in rs]
    assert len(records) == 1453
    assert collections.Counter(r.status for r in records) == {
        "in_use": 696,
        "retired": 657,
        "changed": 100,
    }
    provinces = [r for rs in _table().by_code.values() for r in rs if r.level == "province"]
    assert len(provinces) == 34


def _six_records() -> list[tuple[str, int]]:
    return [
        (code, record.start_year)
        for code, records in _table().by_code.items()
        if code.startswith(SIX)
        for record in records
    ]


def test_every_record_resolves_in_each_year_it_is_in_use() -> None:
    for code, records in _table().by_code.items():
        for record in records:
            last = (record.end_year or 2025) - 1
            for year in range(record.start_year, last + 1):
                assert record_in_force(code, year) == record


@pytest.mark.parametrize("to_year", [2023, 2024])
def test_every_retired_record_maps_to_codes_in_use(to_year: int) -> None:
    relations: collections.Counter[str] = collections.Counter()
    for records in _table().by_code.values():
        for record in records:
            if not record.code.startswith(SIX) or record.end_year is None:
                continue
            if record.end_year > to_year:
                continue
            result = recode(record.code, record.start_year, to_year)
            relations[result.relation] += 1
            assert result.targets
            assert all(target.in_force(to_year) for target in result.records)
            if len(result.targets) > 1:
                assert result.relation == "split"
    assert relations["split"] > 0
