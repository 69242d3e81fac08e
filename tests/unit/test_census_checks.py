"""Checking a reported figure against the census, as check_conversion checks a conversion."""

from __future__ import annotations

import pytest

import swchina_dev as sw
from swchina_dev.aggregate import check_census


def test_hechis_population_grew_to_3417945() -> None:
    check = check_census("3,417,945", "Hechi", year=2020)
    assert check.consistent
    assert (check.region, check.census, check.census_codes) == ("451200", 3417945, ("451200",))
    assert check.relative == 0
    assert check.verdict == (
        "consistent: the 2020 census counts 3,417,945 (the claim 3,417,945 is the same number)"
    )


@pytest.mark.parametrize(
    ("claim", "consistent"),
    [
        ("3,417,945", True),
        ("3,417,946", False),  # an exact number must be the number
        ("3.42 million", True),  # rounds to it
        ("3.4 million", True),
        ("3.43 million", False),
        ("about 3.5 million", False),  # 2.4% off: beyond the 2% of "about"
        ("about 3.45 million", True),
        ("over 3.4 million", True),
        ("more than 3.5 million", False),
        ("nearly 3.45 million", True),
        ("nearly 3.4 million", False),  # nearly is below the figure, the census is above it
        ("341.79 wan", True),
    ],
)
def test_the_claims_interval_follows_its_qualifier_and_digits(claim: str, consistent: bool) -> None:
    assert check_census(claim, "451200", year=2020).consistent is consistent


def test_an_indicator_brings_its_region_period_and_figure() -> None:
    ds = sw.load()
    # Weining's population, as a made-up indicator of 2011: the 2010 census is the closest.
    claim = sw.Indicator(
        id="x-weining-population",
        subject_id="520526",
        metric=ds.metrics["population"],
        measure=sw.Measure.from_parts(1_263_521, "dimensionless"),
        period=sw.Period.year(2011),
        source=ds.sources["nbs-census-2010"],
    )
    check = check_census(claim)
    assert (check.year, check.key, check.census_codes, check.consistent) == (
        2010, "population", ("522427",), True,
    )  # fmt: skip


def test_a_region_whose_census_units_do_not_carry_over_is_not_checked() -> None:
    check = check_census("160,000", "520603", year=2010)  # Wanshan: Tongren City was split
    assert not check.consistent
    assert check.census is None
    assert check.verdict.startswith("not checked: 522201 was split")


def test_other_figures_and_refusals() -> None:
    assert check_census("10.31 percent", "520500", key="share_age_65_plus").consistent
    assert not check_census("11 percent", "520500", key="share_age_65_plus").consistent
    with pytest.raises(sw.ValidationError):
        check_census("3,417,945")  # which region?
    with pytest.raises(sw.NotFoundError):
        check_census("10", "520500", key="birth_rate", year=2020)
    with pytest.raises(sw.NotFoundError):
        check_census("10", "520500", key="no_such_figure")
