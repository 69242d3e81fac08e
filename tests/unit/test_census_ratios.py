"""per_capita and share by the census population: the closest census, the same region, said."""

from __future__ import annotations

import attrs
import pytest

import swchina_dev as sw
from swchina_dev.aggregate import CensusRatio
from swchina_dev.catalog.census_present import census_basis


@pytest.fixture(scope="module")
def ds() -> sw.Dataset:
    return sw.load()


def test_per_resident_divides_by_the_closest_census_of_the_same_region(ds: sw.Dataset) -> None:
    output = ds.indicators["s003-guizhou-industrial-output-value-2020"]  # 1.4 trillion yuan, 2020
    found = sw.per_capita(output, "census", unit="CNY")
    assert isinstance(found, CensusRatio)
    assert found.basis.year == 2020
    assert found.basis.value == 38562148  # Guizhou, 2020 census
    assert found.measure == sw.per_capita(output, sw.Q_(38562148, "dimensionless"), unit="CNY")
    assert "2020 census population of 520000" in str(found)


def test_the_census_closest_in_time_is_chosen(ds: sw.Dataset) -> None:
    output = ds.indicators["s003-guizhou-industrial-output-value-2020"]
    early = attrs.evolve(output, period=sw.Period.year(2012))
    found = sw.per_capita(early, "census")
    assert found.basis.year == 2010
    assert found.basis.value == 34748556
    assert found.basis.years_apart < 0  # the census came before the figure's middle
    assert (
        sw.per_capita(attrs.evolve(output, period=sw.Period.year(2016)), "census").basis.year
        == 2020
    )


def test_a_share_of_the_residents(ds: sw.Dataset) -> None:
    relocated = ds.indicators["s002-hechi-people-relocated"]  # at least 170,000 people, 2022
    found = sw.share(relocated, "census")
    assert found.basis.year == 2020
    assert found.basis.value == 3417945
    assert found.measure.qualifier is sw.Qualifier.AT_LEAST
    assert found.measure.magnitude == pytest.approx(170000 / 3417945 * 100)


def test_the_present_code_is_followed_back_to_the_census_code() -> None:
    basis = census_basis("520581", sw.Period.year(2012))  # Qianxi, 黔西县 522423 in 2010
    assert (basis.year, basis.census_codes, basis.relation) == (2010, ("522423",), "recoded")
    assert basis.value == 695947
    assert basis.indicator_ids == ("census2010-522423-population",)


def test_a_census_that_does_not_carry_over_is_passed_over_and_said() -> None:
    basis = census_basis("520603", sw.Period.year(2011))  # Wanshan took part of Tongren City
    assert basis.year == 2020
    assert "the 2010 census was passed over: 522201 was split" in basis.describe()


def test_what_cannot_be_divided_by_the_census_is_refused(ds: sw.Dataset) -> None:
    with pytest.raises(sw.ValidationError, match="needs an indicator"):
        sw.per_capita(sw.Q_(5, "CNY"), "census")
    with pytest.raises(sw.ValidationError, match="about part of it"):
        sw.per_capita(ds.indicators["s000-chengmanyuan-orchard-revenue"], "census")  # one person
    with pytest.raises(sw.NotFoundError, match="no census unit"):
        sw.per_capita(ds.indicators["s000-das-solar-output-value-2024"], "census")
    with pytest.raises(sw.ConversionError, match="number of people"):
        sw.share(ds.indicators["s003-guizhou-industrial-output-value-2020"], "census")
    with pytest.raises(sw.ValidationError, match="only text"):
        sw.share(ds.indicators["s002-hechi-people-relocated"], "censu")  # type: ignore[call-overload]
