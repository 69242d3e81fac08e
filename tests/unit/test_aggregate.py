"""Totals, roll-ups and change over time, hand-checked on the bundled articles' figures."""

from __future__ import annotations

import datetime as dt
import math

import attrs
import pytest

import swchina_dev as sw
from swchina_dev import Q_, Measure, Period, Qualifier
from swchina_dev.aggregate import (
    DoubleCountingError,
    cagr,
    growth,
    per_capita,
    roll_up,
    share,
    total,
    years_between,
)
from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import ConversionError, NotFoundError, UnitError, ValidationError
from swchina_dev.models import Indicator


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return sw.load()


def like(indicator: Indicator, **changes: object) -> Indicator:
    """A copy of a bundled indicator with another id (and other fields)."""
    return attrs.evolve(indicator, id=f"{indicator.id}-copy", **changes)


def orchard_pair(ds: Dataset) -> list[Indicator]:
    """The two orchard claims, "more than 7,800 mu" (Chengmanyuan's fruit trees) and "more than
    4,800 mu" (Taoying's cherries), People's Daily: both read as fruit here, so that they add up
    (the data keeps them apart, as different items)."""
    fruit = ds.indicators["s000-chengmanyuan-fruit-area"]
    return [fruit, attrs.evolve(ds.indicators["s000-taoying-cherry-area"], item=fruit.item)]


# -- totals ------------------------------------------------------------------------------------


def test_the_bundled_orchard_claims_are_different_items_and_do_not_add(ds: Dataset) -> None:
    fruit = ds.indicators["s000-chengmanyuan-fruit-area"]
    bundled = [fruit, ds.indicators["s000-taoying-cherry-area"]]
    with pytest.raises(ValidationError, match="like to like"):
        total(bundled)


def test_total_of_the_two_orchard_claims_is_at_least_12600_mu(ds: Dataset) -> None:
    both = orchard_pair(ds)
    result = total(both)
    assert (result.magnitude, result.unit, result.qualifier) == (12_600, "mu", Qualifier.AT_LEAST)
    assert (result.lower_magnitude, result.upper_magnitude) == (12_600, None)
    in_hectares = total(both, "hectare")
    assert in_hectares.lower_magnitude == pytest.approx(840)


def test_total_of_hechis_area_goals_is_exact(ds: Dataset) -> None:
    # 1 million mu each of four crops, 1.5 million of oil tea, 3 million of walnut (Hechi, 2022).
    goals = ds.query(subject="451200", metric="planted_area", status="target")
    result = total([goal.measure for goal in goals], "hectare")  # measures: the crops together
    assert result.qualifier is Qualifier.EXACT
    assert result.magnitude == pytest.approx(8_500_000 / 15)


def test_over_7800_mu_plus_4800_mu_is_at_least_12600_mu() -> None:
    result = total([Measure(Q_(7800, "mu"), "at_least"), Q_(4800, "mu")])
    assert str(result) == "at least 12,600 mu"


@pytest.mark.parametrize(
    ("qualifiers", "expected"),
    [
        (("exact", "exact"), "exact"),
        (("at_least", "exact"), "at_least"),
        (("at_least", "at_least"), "at_least"),
        (("nearly", "exact"), "nearly"),
        (("nearly", "nearly"), "nearly"),
        (("at_most", "exact"), "at_most"),
        (("at_most", "nearly"), "at_most"),
        (("nearly", "at_least"), "about"),
        (("about", "exact"), "about"),
        (("range", "exact"), "range"),
        (("range", "at_least"), "at_least"),
        (("range", "nearly"), "at_most"),
    ],
)
def test_the_qualifier_of_a_total_follows_the_surviving_bounds(
    qualifiers: tuple[str, str], expected: str
) -> None:
    def make(qualifier: str) -> Measure:
        if qualifier == "range":
            return Measure.range(Q_(100, "tonne"), Q_(300, "tonne"))
        return Measure(Q_(200, "tonne"), qualifier)

    assert total([make(q) for q in qualifiers]).qualifier.value == expected


def test_a_range_total_sums_bounds_and_states_the_midpoint() -> None:
    result = total([Measure.range(Q_(200, "tonne"), Q_(400, "tonne")), Q_(1000, "kilogram")])
    assert (result.lower_magnitude, result.upper_magnitude, result.magnitude) == (201, 401, 301)


def test_an_at_least_total_states_its_lower_bound() -> None:
    result = total(
        [Measure.range(Q_(2, "year"), Q_(3, "year")), Measure(Q_(30, "year"), "at_least")]
    )
    assert str(result) == "at least 32 year"


def test_total_converts_units_rather_than_adding_numbers() -> None:
    assert total([Q_(15, "mu"), Q_(1, "hectare")], "hectare").magnitude == pytest.approx(2)
    assert total([Q_(1, "hectare"), Q_(15, "mu")]).unit == "hectare"


def test_mixed_dimensions_are_refused_naming_the_value() -> None:
    with pytest.raises(ConversionError, match=r"values\[1\]") as caught:
        total([Q_(7800, "mu"), Q_(100, "CNY")])
    assert caught.value.field == "values[1]"
    assert isinstance(caught.value, sw.SwchinaDevError)


def test_currencies_without_a_rate_are_refused() -> None:
    with pytest.raises(ConversionError, match="on="):
        total([Q_(100_000_000, "CNY"), Q_(13_670_000, "USD")])


def test_a_rate_does_not_make_other_dimensions_add_up() -> None:
    with pytest.raises(ConversionError, match="cannot add 1 USD"):
        total([Q_(100, "CNY / year"), Q_(1, "USD")], on=2020)


def test_currencies_add_up_at_a_dated_rate() -> None:
    # "100 million yuan ($13.67 million)": at the January 2025 average the two agree within 0.4%.
    result = total([Q_(100_000_000, "CNY")], "USD", on="2025-01")
    assert result.magnitude == pytest.approx(13_670_000, rel=4e-3)
    mixed = total([Q_(100, "CNY"), Q_(10, "USD")], "USD", on=2021)
    assert mixed.magnitude == pytest.approx(100 / 6.4491 + 10)


def test_scaled_currency_units_convert_too() -> None:
    assert total([Q_(3.7, "wan * CNY"), Q_(3000, "CNY")], "CNY").magnitude == pytest.approx(40_000)


def test_nothing_to_total() -> None:
    with pytest.raises(ValidationError, match="nothing to total"):
        total([])
    assert total([], "mu") == Measure(Q_(0, "mu"))


def test_total_refuses_what_is_not_a_value() -> None:
    with pytest.raises(UnitError, match="values"):
        total([Q_(1, "mu"), 5])  # type: ignore[list-item]


def test_an_overflowing_total_is_an_error_not_infinity() -> None:
    with pytest.raises(ValidationError):
        total([Q_(1.7e308, "mu"), Q_(1.7e308, "mu")])


# -- roll-ups ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def orchards(ds: Dataset) -> list[Indicator]:
    return orchard_pair(ds)


@pytest.mark.parametrize(
    ("level", "codes"),
    [
        ("village", ["520502116-chengmanyuan", "520525202-taoying"]),
        ("township", ["520502116", "520525202"]),
        ("county", ["520502", "520525"]),
        ("prefecture", ["520500"]),
        ("province", ["520000"]),
        ("country", ["CN"]),
    ],
)
def test_the_orchards_roll_up_to_every_level(
    ds: Dataset, orchards: list[Indicator], level: str, codes: list[str]
) -> None:
    result = roll_up(orchards, level, dataset=ds)
    assert [record.code for record in result] == codes
    assert total(record.total for record in result) == total(orchards)
    assert result.target == level
    assert result.metric == "planted_area"
    assert result.excluded == ()


def test_roll_up_records_say_which_values_went_in(ds: Dataset) -> None:
    record = roll_up(orchard_pair(ds), "prefecture", dataset=ds)["520500"]
    assert record.indicator_ids == ("s000-chengmanyuan-fruit-area", "s000-taoying-cherry-area")
    assert str(record.total) == "at least 12,600 mu"
    assert record.dropped_ids == ()


def test_roll_up_to_a_grouping_or_a_region(ds: Dataset) -> None:
    areas = orchard_pair(ds)
    assert [r.code for r in roll_up(areas, "southwest-china", dataset=ds)] == ["southwest-china"]
    assert [r.code for r in roll_up(areas, "Bijie", dataset=ds)] == ["520500"]
    inside_qixingguan = roll_up(areas, "520502", dataset=ds)
    assert [r.code for r in inside_qixingguan] == ["520502"]
    assert [e.id for e in inside_qixingguan.excluded] == ["s000-taoying-cherry-area"]
    assert "outside 520502" in inside_qixingguan.excluded[0].reason


def test_values_above_the_level_are_excluded_with_the_reason(ds: Dataset) -> None:
    goals = ds.query(subject="Hechi", metric="planted_area", status="target")
    assert len(goals) == 6
    for goal in goals:  # one crop each
        result = roll_up([goal], "county", dataset=ds)
        assert len(result) == 0
        assert [e.id for e in result.excluded] == [goal.id]
        assert "above the county level" in result.excluded[0].reason


def test_a_zone_across_two_prefectures_is_excluded_at_prefecture_level(ds: Dataset) -> None:
    investment = ds.query(subject="guian-new-area", metric="investment")
    assert "spans several prefectures" in investment.roll_up("prefecture").excluded[0].reason
    assert [r.code for r in investment.roll_up("province")] == ["520000"]


def test_periods_that_do_not_match_are_refused(ds: Dataset) -> None:
    fruit, cherries = orchard_pair(ds)
    earlier = like(cherries, period=Period.year(2023))
    with pytest.raises(ValidationError, match="one period") as caught:
        roll_up([fruit, earlier], "prefecture", dataset=ds)
    assert caught.value.field == "period"


def test_metrics_and_statuses_must_match_too(ds: Dataset) -> None:
    with pytest.raises(ValidationError, match="one metric"):
        ds.query(within="Bijie", period_equals="asof:2025-01-23").roll_up("prefecture")
    goal = like(ds.indicators["s000-taoying-cherry-area"], status="target")
    with pytest.raises(ValidationError, match="one status"):
        roll_up([ds.indicators["s000-chengmanyuan-fruit-area"], goal], "prefecture")


def test_a_village_and_its_county_are_not_both_counted(ds: Dataset) -> None:
    village = ds.indicators["s000-chengmanyuan-fruit-area"]
    county = like(village, subject_id="520502", measure=Measure(Q_(9000, "mu"), "at_least"))
    with pytest.raises(DoubleCountingError, match="520502116-chengmanyuan lies inside 520502") as e:
        roll_up([village, county], "prefecture")
    assert [(c.outer, c.inner, c.relation) for c in e.value.conflicts] == [
        ("520502", "520502116-chengmanyuan", "inside")
    ]
    assert "keep_outer" in str(e.value)
    kept = roll_up([village, county], "prefecture", nested="keep_outer")["520500"]
    assert kept.indicator_ids == (county.id,)
    assert kept.dropped_ids == (village.id,)
    assert kept.total.lower_magnitude == 9000


def test_a_region_and_its_former_code_are_the_same_place(ds: Dataset) -> None:
    # Chengmanyuan community was Nanguan village: a value for each is one place counted twice.
    new = ds.indicators["s000-chengmanyuan-fruit-area"]
    old = like(new, subject_id="520502116-nanguan")
    for nested in ("raise", "keep_outer"):
        with pytest.raises(DoubleCountingError, match="same place"):
            roll_up([new, old], "county", nested=nested)  # type: ignore[arg-type]


def test_the_same_subject_twice_is_refused(ds: Dataset) -> None:
    # Two values of one kind for one subject and date: the school's students, counted twice.
    students = ds.indicators["s003-tongren-no9-canteen-students"]
    again = like(students, measure=Measure(Q_(1700, "dimensionless"), "at_least"))
    with pytest.raises(DoubleCountingError, match="more than one value") as caught:
        roll_up([students, again], "prefecture", dataset=ds)
    assert caught.value.conflicts[0].ids == (students.id, again.id)
    assert "repeats='sum'" in str(caught.value)


def test_repeated_subjects_sum_when_they_are_parts(ds: Dataset) -> None:
    # Hechi's six area goals read as parts of one planted area (the data keeps the crops apart).
    goals = [
        attrs.evolve(goal, item="fruit")
        for goal in ds.query(subject="Hechi", metric="planted_area", status="target")
    ]
    with pytest.raises(DoubleCountingError, match="more than one value"):
        roll_up(goals, "province", dataset=ds)
    record = roll_up(goals, "province", dataset=ds, repeats="sum")["450000"]
    assert record.total == Measure(Q_(8_500_000, "mu"))
    assert len(record.indicator_ids) == 6
    with pytest.raises(ValidationError, match="repeats"):
        roll_up(goals, "province", dataset=ds, repeats="add")  # type: ignore[arg-type]


def test_an_enterprise_is_inside_its_zone_and_its_group(ds: Dataset) -> None:
    lianshang = ds.indicators["s000-lianshang-output-value"]
    zone = like(lianshang, subject_id="bijie-high-tech-zone")
    with pytest.raises(DoubleCountingError, match="inside bijie-high-tech-zone"):
        roll_up([lianshang, zone], "prefecture")
    das = ds.indicators["s000-das-solar-output-value-2024"]
    group = like(das, subject_id="guizhou-changtong-group")
    with pytest.raises(DoubleCountingError, match="inside guizhou-changtong-group"):
        roll_up([das, group], "province")


def test_a_code_not_in_the_tree_is_named(ds: Dataset) -> None:
    stray = like(ds.indicators["s000-taoying-cherry-area"], subject_id="529999")
    with pytest.raises(NotFoundError, match="529999") as caught:
        roll_up([stray], "prefecture")
    assert caught.value.record == stray.id


def test_a_bad_target_is_refused(ds: Dataset) -> None:
    areas = ds.query(metric="planted_area", period_equals="asof:2025-01-23")
    with pytest.raises(ValidationError, match="not to Zone"):
        areas.roll_up("guian-new-area")
    with pytest.raises(ValidationError, match="nested"):
        areas.roll_up("county", nested="ignore")  # type: ignore[arg-type]
    with pytest.raises(ValidationError, match="takes indicators"):
        roll_up([Q_(1, "mu")], "county")  # type: ignore[list-item]


def test_an_empty_roll_up_has_no_records(ds: Dataset) -> None:
    result = ds.query(metric="gdp").roll_up("county")
    assert (len(result), result.metric, result.unit) == (0, None, None)
    with pytest.raises(NotFoundError):
        result["520500"]


def test_roll_up_converts_currencies_at_a_given_rate(ds: Dataset) -> None:
    taoying = ds.indicators["s000-taoying-cherry-output"]
    dollars = like(
        taoying, subject_id="520502116-chengmanyuan", measure=Measure(Q_(1_000_000, "USD"))
    )
    with pytest.raises(ConversionError, match="on="):
        roll_up([taoying, dollars], "prefecture")
    record = roll_up([taoying, dollars], "prefecture", unit="CNY", on="2025-01")["520500"]
    assert record.total.qualifier is Qualifier.NEARLY
    assert record.total.magnitude == pytest.approx(28_000_000 + 1_000_000 * 7.298, rel=1e-3)


# -- change over time --------------------------------------------------------------------------


def test_growth_of_the_chengmanyuan_orchards(ds: Dataset) -> None:
    # 500 mu of orchards in 2023, over 7,800 mu of fruit by the article (2025-01-23).
    resident = ds.indicators["s000-chengmanyuan-orchard-area-2023"]
    end = ds.indicators["s000-chengmanyuan-fruit-area"]
    with pytest.raises(ValidationError, match="like to like"):  # one resident's, not the village's
        growth(resident, end)
    start = attrs.evolve(resident, item=end.item, scope=end.scope)  # read as the village's
    change = growth(start, end)
    assert str(change.absolute) == "at least 7,300 mu"
    assert change.relative is not None
    assert str(change.relative) == "at least 1,460 percent"
    assert (change.start_period, change.end_period) == (start.period, end.period)
    years = 1.5 + 22.5 / 365  # mid-2023 to the middle of 23 January 2025
    rate = cagr(start, end)
    assert rate.qualifier is Qualifier.AT_LEAST
    assert rate.magnitude == pytest.approx((15.6 ** (1 / years) - 1) * 100)


def test_growth_in_another_unit() -> None:
    change = growth(Q_(500, "mu"), Q_(60, "hectare"), unit="hectare")
    assert change.absolute.magnitude == pytest.approx(60 - 500 / 15)
    assert change.relative is not None
    assert change.relative.magnitude == pytest.approx(80)


def test_growth_bounds_come_from_opposite_bounds() -> None:
    change = growth(Measure(Q_(100, "mu"), "nearly"), Measure(Q_(150, "mu")))
    assert str(change.absolute) == "at least 50 mu"
    change = growth(Measure(Q_(100, "mu")), Measure(Q_(150, "mu"), "nearly"))
    assert str(change.absolute) == "nearly 50 mu"


def test_relative_growth_from_zero_is_undefined() -> None:
    assert growth(Q_(0, "mu"), Q_(5, "mu")).relative is None


def test_growth_between_different_metrics_is_refused(ds: Dataset) -> None:
    with pytest.raises(ValidationError, match="metric"):
        growth(
            ds.indicators["s000-taoying-cherry-area"], ds.indicators["s000-taoying-cherry-output"]
        )
    with pytest.raises(ConversionError):
        growth(Q_(1, "mu"), Q_(1, "CNY"))


def test_cagr_of_guizhous_industrial_output() -> None:
    # 1.4 trillion yuan in 2020 after an increase of nearly 1 trillion since 2010 (China Daily):
    # from 0.4 trillion, a compound rate of 3.5 ** 0.1 - 1 a year.
    rate = cagr(Q_(4000, "yi * CNY"), Q_(1.4e12, "CNY"), years=10)
    assert rate.magnitude == pytest.approx((3.5**0.1 - 1) * 100)
    assert rate.unit == "percent / year"


def test_cagr_needs_the_end_after_the_start(ds: Dataset) -> None:
    end = ds.indicators["s000-chengmanyuan-fruit-area"]
    resident = ds.indicators["s000-chengmanyuan-orchard-area-2023"]
    start = attrs.evolve(resident, item=end.item, scope=end.scope)
    with pytest.raises(ValidationError, match="after the start") as caught:
        cagr(end, start)
    assert caught.value.field == "period"
    with pytest.raises(ValidationError, match="after the start"):
        cagr(start, start)
    with pytest.raises(ValidationError, match="years="):
        cagr(Q_(1, "mu"), Q_(2, "mu"))
    with pytest.raises(ValidationError, match="positive"):
        cagr(Q_(0, "mu"), Q_(2, "mu"), years=1)


def test_a_cagr_that_overflows_is_an_error() -> None:
    with pytest.raises(ValidationError, match="out of range"):
        cagr(Q_(1e-300, "mu"), Q_(1e300, "mu"), years=0.01)


@pytest.mark.parametrize(
    ("start", "end", "between", "years"),
    [
        (Period.year(2020), Period.year(2023), "midpoints", 3),
        (Period.year(2020), Period.year(2023), "ends", 3),
        (Period.years(2016, 2020), Period.year(2023), "midpoints", 5),
        (Period.years(2016, 2020), Period.year(2023), "ends", 3),
        (Period.month(2024, 1), Period.month(2024, 7), "midpoints", None),
        (Period.as_of(dt.date(2021, 1, 1)), Period.as_of(dt.date(2022, 1, 1)), "ends", 1),
    ],
)
def test_years_between_periods(start: Period, end: Period, between: str, years: float) -> None:
    found = years_between(start, end, between=between)  # type: ignore[arg-type]
    if years is None:  # January to July 2024: six months of a leap year, by days
        assert found == pytest.approx(0.5, abs=0.01)
    else:
        assert found == pytest.approx(years, abs=1e-12)


def test_per_capita_keeps_the_unit_per_person() -> None:
    result = per_capita(Q_(3.7, "yi * CNY"), Q_(10, "wan"), unit="CNY")
    assert (result.magnitude, result.unit) == (pytest.approx(3700), "CNY")
    bounded = per_capita(
        Measure(Q_(100, "CNY"), "at_least"), Measure(Q_(10, "dimensionless"), "nearly")
    )
    assert str(bounded) == "at least 10 CNY"


def test_per_capita_needs_a_positive_count() -> None:
    with pytest.raises(ConversionError, match="count"):
        per_capita(Q_(100, "CNY"), Q_(5, "mu"))
    with pytest.raises(ValidationError, match="positive"):
        per_capita(Q_(100, "CNY"), Q_(0, "dimensionless"))


def test_share_is_dimensionless_percent(ds: Dataset) -> None:
    whole = ds.indicators["s000-chengmanyuan-fruit-area"]
    resident = ds.indicators["s000-chengmanyuan-orchard-area-2023"]
    part = attrs.evolve(resident, item=whole.item, scope=whole.scope)
    result = share(part, whole)
    assert result.unit == "percent"
    assert str(result) == f"at most {500 / 7800 * 100:.10g} percent"
    assert share(Q_(520, "hectare"), Q_(7800, "mu")).magnitude == pytest.approx(100)


def test_share_refuses_other_dimensions_and_an_empty_whole() -> None:
    with pytest.raises(ConversionError):
        share(Q_(1, "CNY"), Q_(1, "mu"))
    with pytest.raises(ValidationError, match="positive"):
        share(Q_(1, "mu"), Q_(0, "mu"))


def test_a_share_that_overflows_is_an_error() -> None:
    with pytest.raises(ValidationError, match="out of range"):
        share(Q_(1e300, "mu"), Q_(1e-300, "mu"))


def test_ratio_bounds_drop_what_a_near_zero_denominator_would_need() -> None:
    # The whole may be tiny ("at most 10 mu"): the share has no upper bound left.
    result = share(Q_(5, "mu"), Measure(Q_(10, "mu"), "at_most"))
    assert (result.lower_magnitude, result.upper_magnitude) == (50, None)
    assert math.isclose(result.magnitude, 50)


def test_roll_up_refuses_a_metric_that_does_not_add_up() -> None:
    ds = sw.load()
    rates = [i for i in ds.indicators if i.metric.key == "average_annual_growth"]
    same_period = [i for i in rates if str(i.period) == str(rates[0].period)]
    assert not rates[0].metric.additive
    with pytest.raises(ValidationError, match="not additive") as caught:
        roll_up(same_period, "province", dataset=ds)
    assert caught.value.field == "metric"


def test_the_bundled_vocabulary_marks_rates_shares_and_per_person_values_non_additive() -> None:
    metrics = sw.load().metrics
    for key in ("change_over_period", "share", "income_per_capita", "wage", "altitude"):
        assert not metrics[key].additive, key
    for key in ("planted_area", "output_value", "people_relocated", "number"):
        assert metrics[key].additive, key


def test_metric_flags_must_be_booleans() -> None:
    with pytest.raises(ValidationError):
        sw.Metric("area", "Area", "An area.", "[area]", additive="no")  # type: ignore[arg-type]
    with pytest.raises(ValidationError):
        sw.Metric("area", "Area", "An area.", "[area]", non_negative=1)  # type: ignore[arg-type]
