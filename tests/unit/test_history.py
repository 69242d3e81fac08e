"""The code history of the divisions: records in force, retirements and recodings."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from swchina_dev import NotFoundError, ValidationError
from swchina_dev.catalog import CodeRecord, code_history, recode, record_in_force
from swchina_dev.catalog.history import _table


def test_bijie_city_in_2010() -> None:
    record = record_in_force("522401", 2010)
    assert record.name_zh == "毕节市"
    assert record.level == "county"
    assert (record.start_year, record.end_year) == (1993, 2011)


def test_qianxi_county_in_2019() -> None:
    assert record_in_force("520522", 2019).name_zh == "黔西县"


def test_retired_code_names_its_successor() -> None:
    with pytest.raises(NotFoundError) as caught:
        record_in_force("520522", dt.date(2022, 6, 1))
    message = str(caught.value)
    assert "retired in 2021" in message
    assert "520581" in message
    assert "黔西市" in message


@pytest.mark.parametrize("code", ["999999", "520599", "abc"])
def test_unknown_code_raises(code: str) -> None:
    with pytest.raises(NotFoundError):
        record_in_force(code, 2020)
    with pytest.raises(NotFoundError):
        code_history(code)


def test_before_first_use_says_when_it_started() -> None:
    with pytest.raises(NotFoundError, match="first used in 2021"):
        record_in_force("520581", 2019)


@pytest.mark.parametrize("when", [True, "2020", 2020.0, None])
def test_bad_years(when: object) -> None:
    with pytest.raises(ValidationError):
        record_in_force("520522", when)  # type: ignore[arg-type]


def test_history_is_ordered_and_records_are_frozen() -> None:
    records = code_history("450103")
    assert [r.start_year for r in records] == sorted(r.start_year for r in records)
    assert len(records) >= 2
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        records[0].name_zh = "x"  # type: ignore[misc]
    assert isinstance(records[0], CodeRecord)


def test_table_is_read_once_and_not_by_load() -> None:
    assert _table() is _table()


def test_recode_relations() -> None:
    assert recode("520522", 2019, 2024).relation == "recoded"
    assert recode("520522", 2019, 2024).targets == ("520581",)
    assert recode("520522", 2015, 2020).relation == "same"
    assert recode("522401", 2010, 2024).targets == ("520502",)
    assert recode("522400", 2010, 2024).targets == ("520500",)
    assert recode("510200", 1990, 2024).targets == ("500000",)


def test_recode_renamed_keeps_the_code() -> None:
    first, second = code_history("450103")[:2]
    result = recode("450103", first.start_year, second.start_year)
    assert result.targets == ("450103",)
    assert result.relation == ("renamed" if first.name_zh != second.name_zh else "same")


def test_a_split_returns_every_target() -> None:
    splits = [
        (record, recode(record.code, record.start_year, 2024))
        for records in _table().by_code.values()
        for record in records
        if record.end_year is not None and len(record.successors) > 1
    ]
    results = [result for _, result in splits if result.relation == "split"]
    assert results
    assert all(len(result.targets) > 1 for result in results)


def test_merged_into_is_reported() -> None:
    relations = {
        recode(record.code, record.start_year, 2024).relation
        for records in _table().by_code.values()
        for record in records
        if record.status == "retired" and record.code[:2] != "50"
    }
    assert {"recoded", "merged_into", "split"} <= relations


def test_to_year_before_from_year() -> None:
    with pytest.raises(ValidationError):
        recode("520522", 2019, 2012)
