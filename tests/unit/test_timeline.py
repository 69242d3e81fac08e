"""Events, the tree at a date, former names and the columnar recode."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

import swchina_dev as sw
from swchina_dev import NotFoundError, ValidationError
from swchina_dev.catalog import (
    code_events,
    code_timeline,
    divisions_in_force,
    find_former_names,
    recode,
    recode_column,
    township_changes,
)
from swchina_dev.catalog.timeline import retirement


def test_the_events_of_a_code_are_in_order() -> None:
    events = code_events("520522")
    assert [(e.year, e.kind) for e in events] == [(2011, "recoded"), (2021, "county_to_city")]
    assert events[0].from_codes == ("522423",)
    assert events[0].document == "国函〔2011〕130号"
    assert code_events("520527")[0].year == 2011
    with pytest.raises(NotFoundError):
        code_events("52")


def test_a_timeline_has_records_and_events() -> None:
    timeline = code_timeline("522401")
    assert [r.name_zh for r in timeline.records] == ["毕节市"]
    assert [e.kind for e in timeline.events] == ["county_to_city", "county_to_district"]


def test_recode_carries_the_events_that_justify_it() -> None:
    found = recode("522423", 2010, 2023)
    assert found.targets == ("520581",)
    assert [e.kind for e in found.events] == ["recoded", "county_to_city"]
    assert recode("520581", 2022, 2023).events == ()


def test_divisions_in_force_is_the_tree_of_that_year() -> None:
    bijie_2010 = divisions_in_force(2010, within="522400")
    assert len(bijie_2010) == 8
    assert all(r.code.startswith("5224") for r in bijie_2010)
    bijie_2022 = {r.code for r in divisions_in_force(dt.date(2022, 6, 1), within="520500")}
    assert "520581" in bijie_2022
    assert "520522" not in bijie_2022
    everything = divisions_in_force(2023)
    assert sum(1 for r in everything if r.level == "province") == 34
    with pytest.raises(NotFoundError, match="retired in 2011"):
        divisions_in_force(2015, within="522400")


def test_former_names_at_a_date_and_without() -> None:
    (match,) = find_former_names("毕节地区", 2010)
    assert match.record.code == "522400"
    assert [r.code for r in match.successors] == ["520500"]
    assert match.record.end_year == 2011
    assert match.events[0].kind == "prefecture_to_city"
    matches = find_former_names("毕节")
    assert [m.record.code for m in matches] == ["522400", "522421", "522401", "520500"]
    assert matches[-1].record.end_year is None
    assert find_former_names("  黔西县 ")[0].record.code == "522423"
    # In 2030 the loose match finds today's city; before 1981 nothing is known.
    assert [m.record.code for m in find_former_names("毕节地区", 2030)] == ["520500"]
    with pytest.raises(NotFoundError, match="1970"):
        find_former_names("毕节地区", 1970)


def test_retirement_and_the_dataset_agree() -> None:
    dataset = sw.load()
    assert not dataset.is_current("520522")
    assert [r.code for r in dataset.successors("520522")] == ["520581"]
    for region in dataset.regions:
        if len(region.code) == 6:
            assert dataset.is_current(region) == (retirement(region.code) is None), region.code


def test_township_changes_of_a_code() -> None:
    (change,) = township_changes("520502014")
    assert (change.year, change.kind, change.document) == (2020, "new", "毕府复〔2020〕32号")
    assert township_changes("520502001") == ()
    with pytest.raises(NotFoundError):
        township_changes("520502")


def test_recode_column_on_every_kind_of_column() -> None:
    codes = ["522401", "510602", "999999", "", "52240"]
    expected_relation = ["not_in_use", "split", "not_in_use", "not_in_use", "not_in_use"]
    for column in (codes, np.array(codes), np.array(codes, dtype=object)):
        result = recode_column(column, 1990, 2023)
        assert result.relation.tolist() == expected_relation
        assert result.target.tolist() == [None] * 5
        assert result.targets[1] == "510603|510604"
    result = recode_column(np.array([522401, 522423, -1, 10**7]), 2010, 2023)
    assert result.target.tolist() == ["520502", "520581", None, None]
    assert result.target_name.tolist() == ["七星关区", "黔西市", "", ""]
    floats = recode_column(np.array([522401.0, np.nan]), 2010, 2023)
    assert floats.target.tolist() == ["520502", None]


def test_recode_column_agrees_with_recode() -> None:
    codes = [r.code for r in divisions_in_force(2000)]
    result = recode_column(codes, 2000, 2023)
    for index, code in enumerate(codes):
        try:
            found = recode(code, 2000, 2023)
        except NotFoundError:
            assert result.relation[index] == "no_successor"
            continue
        assert result.relation[index] == found.relation
        assert result.targets[index] == "|".join(found.targets)
        single = found.targets[0] if len(found.targets) == 1 else None
        assert result.target[index] == single


def test_recode_column_with_pandas_and_arrow() -> None:
    pandas = pytest.importorskip("pandas")
    pyarrow = pytest.importorskip("pyarrow")
    frame = pandas.DataFrame({"code": ["522401", "522423", None]})
    added = recode_column(frame["code"], 2010, 2023).to_dict()
    targets = frame.assign(**added)["target"]
    assert targets.iloc[:2].tolist() == ["520502", "520581"]
    assert targets.isna().tolist() == [False, False, True]
    arrow = recode_column(pyarrow.array(["522401", None]), 2010, 2023)
    assert pyarrow.array(arrow.target).null_count == 1


def test_recode_column_rejects_bad_input() -> None:
    with pytest.raises(ValidationError):
        recode_column(["520522"], 2020, 2010)
    with pytest.raises(ValidationError):
        recode_column(np.zeros((2, 2)), 2010, 2020)
