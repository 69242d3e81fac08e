"""Auditing stated conversions (swchina_dev.conversion.audit.check_conversion)."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest

from swchina_dev import Q_, ConversionError, Measure, Period, UnitError, ValidationError, load
from swchina_dev.conversion.audit import (
    DEFAULT_TOLERANCE,
    ConversionCheck,
    audit_conversions,
    check_conversion,
)
from swchina_dev.conversion.rates import exchange_rate
from swchina_dev.errors import RateNotFoundError
from swchina_dev.text.quantities import parse_quantity


def test_default_tolerance_is_two_percent() -> None:
    assert DEFAULT_TOLERANCE == 0.02


# ---------------------------------------------------------------- unit pairs


@pytest.mark.parametrize(
    ("stated", "converted"),
    [
        ("over 7,800 mu", "520 hectares"),  # seed 000
        ("3 million mu", "200,000 hectares"),  # seed 002
        ("120 square kilometers", "12,000 hectares"),
        ("1 qing", "100 mu"),
        ("100 jin", "50 kilograms"),
        ("2,000 jin", "1 tonne"),
    ],
)
def test_consistent_unit_pairs(stated: str, converted: str) -> None:
    check = check_conversion(parse_quantity(stated), parse_quantity(converted))
    assert check.consistent
    assert check.rate is None
    assert abs(check.relative_difference) < 1e-12
    assert check.implied.units == check.expected.units
    assert "within the 2% tolerance" in check.explanation


def test_mu_and_hectare_factor() -> None:
    check = check_conversion(Q_(7800, "mu"), Q_(520, "hectare"))
    assert str(check.implied.units) == "hectare / mu"
    assert math.isclose(check.implied.magnitude, 1 / 15, rel_tol=1e-12)
    assert math.isclose(check.expected.magnitude, 1 / 15, rel_tol=1e-12)
    assert check.stated == Q_(7800, "mu")
    assert check.tolerance == DEFAULT_TOLERANCE


def test_rounded_source_figure_within_tolerance() -> None:
    # 7,800 mu is 520.0 ha; a source rounding to 525 is 0.96% off, to 535 is 2.9% off.
    assert check_conversion(Q_(7800, "mu"), Q_(525, "hectare")).consistent
    check = check_conversion(Q_(7800, "mu"), Q_(535, "hectare"))
    assert not check.consistent
    assert check.relative_difference == pytest.approx(15 / 520)
    assert "outside the 2% tolerance" in check.explanation


def test_mu_taken_as_a_sixteenth_of_a_hectare_is_caught() -> None:
    check = check_conversion(Q_(1600, "mu"), Q_(100, "hectare"))
    assert not check.consistent
    assert check.relative_difference == pytest.approx(15 / 16 - 1)


def test_tolerance_can_be_changed() -> None:
    assert check_conversion(Q_(7800, "mu"), Q_(535, "hectare"), tolerance=0.05).consistent
    assert not check_conversion(Q_(7800, "mu"), Q_(521, "hectare"), tolerance=0.0).consistent


def test_same_currency_in_other_units_is_a_unit_pair() -> None:
    check = check_conversion(Q_(3.7, "wan * CNY"), Q_(37_000, "CNY"))
    assert check.consistent
    assert check.rate is None


def test_rates_of_different_time_units() -> None:
    check = check_conversion(Q_(72_000, "CNY / year"), Q_(6000, "CNY / month"))
    assert check.consistent


# ---------------------------------------------------------------- currency pairs


def test_100_million_yuan_and_13_67_million_dollars() -> None:
    stated, converted = parse_quantity("100 million yuan"), parse_quantity("$13.67 million")
    check = check_conversion(stated, converted, on=dt.date(2025, 1, 23))
    assert check.consistent
    assert str(check.implied.units) == "CNY / USD"
    assert check.implied.magnitude == pytest.approx(100 / 13.67, rel=1e-12)
    assert check.expected == Q_(7.2981, "CNY / USD")
    assert check.rate == exchange_rate("USD", "CNY", dt.date(2025, 1, 23))
    assert check.relative_difference == pytest.approx((100 / 13.67 - 7.2981) / 7.2981)
    assert "2025-01" in check.explanation
    assert "7.315 CNY per USD" in check.explanation


def test_direction_does_not_change_the_implied_rate() -> None:
    forward = check_conversion(Q_(100e6, "CNY"), Q_(13.67e6, "USD"), on="2025-01")
    backward = check_conversion(Q_(13.67e6, "USD"), Q_(100e6, "CNY"), on="2025-01")
    assert forward.implied.magnitude == pytest.approx(backward.implied.magnitude, rel=1e-12)
    assert forward.relative_difference == pytest.approx(backward.relative_difference, rel=1e-9)
    assert str(backward.implied.units) == "CNY / USD"


def test_a_figure_converted_at_the_publication_date() -> None:
    # Seed 003 (China Daily, 2021-05-31): 2020 output "1.4 trillion yuan ($ 217.7 billion)".
    stated, converted = parse_quantity("1.4 trillion yuan"), parse_quantity("$ 217.7 billion")
    at_publication = check_conversion(stated, converted, on=dt.date(2021, 5, 31))
    in_2020 = check_conversion(stated, converted, on=2020)
    assert at_publication.consistent
    assert not in_2020.consistent
    assert in_2020.relative_difference == pytest.approx(1.4e12 / 217.7e9 / 6.9003 - 1)


def test_nearly_3200_dollars_in_february_2018() -> None:
    # Seed 004: annual income "exceeded 20,000 yuan, or nearly 3,200 U.S. dollars" (2018-02).
    check = check_conversion(
        parse_quantity("exceeded 20,000 yuan"),
        parse_quantity("nearly 3,200 U.S. dollars"),
        on=dt.date(2018, 2, 11),
    )
    assert check.consistent
    assert check.implied.magnitude == pytest.approx(6.25)
    assert check.rate is not None
    assert check.rate.period == Period.month(2018, 2)


def test_money_rates_compare_over_the_same_time_unit() -> None:
    check = check_conversion(Q_(6000, "CNY / month"), Q_(834, "USD / month"), on=2024)
    assert check.consistent
    scaled = check_conversion(Q_(0.6, "wan * CNY / month"), Q_(834, "USD / month"), on=2024)
    assert scaled.relative_difference == pytest.approx(check.relative_difference, rel=1e-9)


def test_a_span_period_and_nearest() -> None:
    check = check_conversion(Q_(100, "CNY"), Q_(14.78, "USD"), on=Period.years(2016, 2020))
    assert check.rate is not None
    assert check.rate.period == Period.years(2016, 2020)
    late = check_conversion(Q_(100, "CNY"), Q_(15, "USD"), on=dt.date(2026, 11, 20), nearest=True)
    assert late.rate is not None
    assert late.rate.substituted
    assert "nearest" in late.explanation


def test_measures_are_compared_by_their_values() -> None:
    stated = Measure.range(Q_(200, "mu"), Q_(400, "mu"))
    assert check_conversion(stated, Measure(Q_(20, "hectare"), "about")).consistent


def test_check_is_a_frozen_record() -> None:
    check = check_conversion(Q_(7800, "mu"), Q_(520, "hectare"))
    assert isinstance(check, ConversionCheck)
    with pytest.raises(AttributeError):
        check.consistent = False  # type: ignore[misc]
    assert check == check_conversion(Q_(7800, "mu"), Q_(520, "hectare"))


# ---------------------------------------------------------------- errors


@pytest.mark.parametrize(
    ("stated", "converted", "on", "error", "message"),
    [
        (Q_(1, "mu"), Q_(1, "CNY"), None, ConversionError, "cannot convert"),
        (Q_(1, "mu"), Q_(1, "kilogram"), None, ConversionError, "cannot convert"),
        (Q_(1, "CNY"), Q_(1, "USD"), None, ValidationError, "needs on="),
        (Q_(1, "CNY / year"), Q_(1, "USD"), 2020, ConversionError, "apart from the currency"),
        (Q_(0, "mu"), Q_(1, "hectare"), None, ValidationError, "non-zero"),
        (Q_(1, "mu"), Q_(0, "hectare"), None, ValidationError, "non-zero"),
        (Q_(math.nan, "mu"), Q_(1, "hectare"), None, ValidationError, "finite"),
        (Q_(np.array([1.0, 2.0]), "mu"), Q_(1, "hectare"), None, ValidationError, "array"),
        (7800, Q_(1, "hectare"), None, UnitError, "pint Quantity"),
        (Q_(1, "CNY"), Q_(1, "USD"), 2009, RateNotFoundError, "nearest=True"),
    ],
)
def test_errors(
    stated: object, converted: object, on: object, error: type[Exception], message: str
) -> None:
    with pytest.raises(error, match=message):
        check_conversion(stated, converted, on)


@pytest.mark.parametrize("tolerance", [-0.01, math.inf, math.nan])
def test_bad_tolerance(tolerance: float) -> None:
    with pytest.raises(ValidationError, match="tolerance"):
        check_conversion(Q_(1, "mu"), Q_(1, "hectare"), tolerance=tolerance)


# ---------------------------------------------------------------- qualifiers and the dataset audit


def _money(value: float, unit: str, qualifier: str = "exact") -> Measure:
    return Measure(Q_(value, unit), qualifier)


def test_an_over_bound_that_holds_is_consistent_though_the_values_differ() -> None:
    # 3.7 trillion yuan at the 2023 average is about 522 billion dollars: "over 510" holds.
    check = check_conversion(_money(3.7e12, "CNY"), _money(510e9, "USD", "at_least"), on=2023)
    assert abs(check.relative_difference) > DEFAULT_TOLERANCE
    assert check.consistent
    assert "qualifiers' bounds still agree" in check.explanation


def test_the_same_values_without_the_qualifier_are_inconsistent() -> None:
    check = check_conversion(_money(3.7e12, "CNY"), _money(510e9, "USD"), on=2023)
    assert not check.consistent


def test_an_over_bound_that_cannot_hold_is_inconsistent() -> None:
    check = check_conversion(_money(3.7e12, "CNY"), _money(600e9, "USD", "at_least"), on=2023)
    assert not check.consistent
    assert "do not agree" not in check.explanation  # both tests fail: nothing to reconcile


def test_a_nearly_bound_below_the_converted_value_is_inconsistent() -> None:
    # 20,000 yuan is about 2,900 dollars at the 2020 average: "nearly 2,000 dollars" is too low.
    check = check_conversion(_money(20_000, "CNY"), _money(2_000, "USD", "nearly"), on=2020)
    assert not check.consistent


def test_ranges_overlap_within_the_tolerance() -> None:
    stated = Measure.range(Q_(15, "mu"), Q_(30, "mu"))
    assert check_conversion(stated, Measure.range(Q_(1, "hectare"), Q_(2, "hectare"))).consistent
    assert not check_conversion(
        stated, Measure.range(Q_(3, "hectare"), Q_(4, "hectare"))
    ).consistent


def test_audit_conversions_checks_every_stated_conversion_of_the_dataset() -> None:
    dataset = load()
    audits = audit_conversions()
    expected = sorted(i.id for i in dataset.indicators if i.stated_conversion is not None)
    assert [audit.indicator_id for audit in audits] == expected
    by_id = {audit.indicator_id: audit for audit in audits}
    lianshang = by_id["s000-lianshang-output-value"]
    assert str(lianshang.on) == "2025-01"
    assert lianshang.check.rate is not None
    assert lianshang.check.rate.value == pytest.approx(7.2981)
    assert by_id["s000-chengmanyuan-fruit-area"].on is None
    assert all(audit.check.consistent for audit in audits)


def test_audit_conversions_uses_the_indicator_period_for_an_undated_source() -> None:
    trade = {a.indicator_id: a for a in audit_conversions()}["s004-western-china-trade-value-2023"]
    assert str(trade.on) == "2023"
