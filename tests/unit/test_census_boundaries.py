"""Census figures on later codes: same, re-coded and merged units carried, splits refused."""

from __future__ import annotations

import pytest

import swchina_dev as sw
from swchina_dev.catalog import (
    census_change,
    census_column,
    census_on_codes_of,
    census_unit,
    recode,
)

BIJIE_2010 = {  # 2010 codes of Bijie Prefecture's counties -> their codes of 2023
    "522401": "520502",
    "522422": "520521",
    "522423": "520581",
    "522424": "520523",
    "522425": "520524",
    "522426": "520525",
    "522427": "520526",
    "522428": "520527",
}


def test_bijie_2010_is_a_prefecture_on_2010_codes_and_2020_a_city() -> None:
    assert census_unit("522400", 2010).name_zh == "毕节地区"
    assert census_column("population", 2010, within="522400").codes == tuple(BIJIE_2010)
    assert census_unit("520500", 2020).name_zh == "毕节市"
    assert census_unit("520522", 2020).name_zh == "黔西县"  # a city (520581) only from 2021


def test_bijie_prefecture_goes_to_bijie_city() -> None:
    found = census_on_codes_of("population", 2010, 2023, level="prefecture")["520500"]
    assert (found.value, found.relation, found.census_codes) == (6537498, "recoded", ("522400",))


def test_each_bijie_county_of_2010_lands_on_its_current_code() -> None:
    on_codes = census_on_codes_of("population", 2010, 2023)
    for old, new in BIJIE_2010.items():
        found = on_codes[new]
        assert found.census_codes == (old,)
        assert found.relation in ("same", "recoded")
        assert found.value == census_column("population", 2010).get(old)
        assert recode(old, 2010, 2023).targets == (new,)


def test_the_population_change_of_each_current_bijie_county() -> None:
    change = census_change("population", 2023)
    found = {code: (c.absolute, c.relative) for code, c in change.items() if code[:4] == "5205"}
    # 2020 minus 2010, each read off the two yearbook tables by hand.
    assert found == {
        "520502": (1305066 - 1137383, 14.74),
        "520521": (857578 - 776324, 10.47),
        "520523": (544033 - 560575, -2.95),
        "520524": (815661 - 784119, 4.02),
        "520525": (716703 - 670272, 6.93),
        "520526": (1280116 - 1263521, 1.31),
        "520527": (648471 - 649357, -0.14),
        "520581": (732008 - 695947, 5.18),
    }
    prefecture = census_change("population", 2023, level="prefecture")["520500"]
    assert prefecture.absolute == 6899636 - 6537498


def test_a_split_is_refused_not_apportioned() -> None:
    # Tongren's county-level city (522201) became Bijiang and part of Wanshan (2011).
    assert recode("522201", 2010, 2023).relation == "split"
    on_codes = census_on_codes_of("population", 2010, 2023)
    for code in ("520602", "520603"):
        assert on_codes[code].relation == "not_comparable"
        assert on_codes[code].value is None
        assert "522201 was split" in on_codes[code].reason
    assert census_change("population", 2023)["520603"].absolute is None
    assert "not defined" in census_change("population", 2023)["520603"].describe()


def test_a_partial_transfer_makes_both_sides_incomparable() -> None:
    assert recode("450403", 2010, 2023).relation == "partly_transferred"
    on_codes = census_on_codes_of("population", 2010, 2023)
    assert on_codes["450403"].relation == "not_comparable"
    assert on_codes["450421"].relation == "not_comparable"  # the other side of the transfer
    assert "gave part of its territory" in on_codes["450421"].reason


def test_a_merger_sums_counts_and_refuses_rates() -> None:
    # Chongqing: Wansheng District (万盛区 500110) and Qijiang County (綦江县 500222) became
    # Qijiang District (綦江区), code 500110, in 2011.
    counts = census_on_codes_of("population", 2010, 2023)["500110"]
    assert counts.relation == "merged"
    assert counts.census_codes == ("500110", "500222")
    column = census_column("population", 2010)
    assert counts.value == column.get("500110") + column.get("500222")  # type: ignore[operator]
    rates = census_on_codes_of("sex_ratio", 2010, 2023)["500110"]
    assert rates.relation == "not_comparable"
    assert "does not add up" in rates.reason


def test_units_of_a_census_outside_the_code_history_are_listed_not_dropped() -> None:
    on_codes = census_on_codes_of("population", 2020, 2023, level="prefecture")
    assert on_codes["500100"].relation == "not_comparable"  # the NBS placeholder 市辖区
    assert len(on_codes.comparable()) == 67


def test_every_census_unit_is_accounted_for() -> None:
    for year in (2010, 2020):
        column = census_column("population", year, level="county")
        on_codes = census_on_codes_of("population", year, 2023)
        reached = {code for found in on_codes.values() for code in found.census_codes}
        assert reached == set(column.codes)
        # The whole population of the comparable codes is that of the units that went whole.
        whole = {
            c for f in on_codes.values() if f.relation != "not_comparable" for c in f.census_codes
        }
        assert sum(on_codes.comparable().values()) == sum(
            v for c, v in column if c in whole and v is not None
        )


def test_bad_requests_are_refused() -> None:
    with pytest.raises(sw.ValidationError):
        census_on_codes_of("population", 2020, 2019)
    with pytest.raises(sw.ValidationError):
        census_on_codes_of("population", 2020, 2023, level="country")
    with pytest.raises(sw.NotFoundError):
        census_on_codes_of("birth_rate", 2020, 2023)
