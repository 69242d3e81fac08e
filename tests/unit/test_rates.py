"""Exchange rates (swchina_dev.conversion.rates): the table, exchange_rate, convert_currency."""

from __future__ import annotations

import datetime as dt
import importlib.util
import math
import threading
from importlib.resources import files

import attrs
import numpy as np
import pint
import pytest

from swchina_dev import Q_, Measure, NotFoundError, ParseError, Period, UnitError, ValidationError
from swchina_dev.conversion.rates import (
    CNY_USD_SOURCE,
    ExchangeRate,
    _load_table,
    convert_currency,
    exchange_rate,
    rate_table,
)
from swchina_dev.errors import RateNotFoundError
from swchina_dev.models.sources import SourceKind
from tests.paths import RAW, REPO

# Looked up by hand in data-raw/cny_usd_monthly_2010_2026.csv and cny_usd_annual.csv.
HAND_CHECKED_MONTHS = [
    (2018, 2, 6.3224, 20),
    (2021, 5, 6.4311, 21),
    (2025, 1, 7.2981, 22),
]
HAND_CHECKED_YEARS = [
    (2010, 6.7678, 258),
    (2018, 6.6187, 255),
    (2021, 6.4491, 258),
    (2024, 7.1956, 256),
    (2026, 6.8071, 213),  # partial year, to 2026-10-30
]


# ---------------------------------------------------------------- the bundled table


def test_table_covers_2010_to_2026_10() -> None:
    rows = rate_table()
    years = [row.period for row in rows if row.period.granularity.value == "year"]
    months = [row.period for row in rows if row.period.granularity.value == "month"]
    assert [str(period) for period in years] == [str(year) for year in range(2010, 2027)]
    assert len(months) == 16 * 12 + 10
    assert str(months[0]) == "2010-01"
    assert str(months[-1]) == "2026-10"


def test_table_is_immutable_and_loaded_once() -> None:
    rows = rate_table()
    assert isinstance(rows, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rows[0].cny_per_usd = 1.0  # type: ignore[misc]
    table = _load_table()
    assert _load_table() is table
    with pytest.raises(TypeError):
        table.years[1999] = rows[0]  # type: ignore[index]


def test_table_is_loaded_safely_from_many_threads() -> None:
    _load_table.clear()
    results: list[object] = []
    threads = [threading.Thread(target=lambda: results.append(rate_table())) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(results) == 8
    assert all(result == results[0] for result in results)


def test_bundled_resource_matches_a_fresh_build() -> None:
    spec = importlib.util.spec_from_file_location("build_rates", REPO / "scripts/build_rates.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    bundled = files("swchina_dev.data").joinpath("cny_usd.csv").read_text(encoding="utf-8")
    assert module.build(RAW) == bundled


def test_source_is_cited_with_provenance() -> None:
    assert CNY_USD_SOURCE.kind is SourceKind.STATISTICAL_TABLE
    assert "European Central Bank" in CNY_USD_SOURCE.citation()
    assert "0.18.23" in CNY_USD_SOURCE.note
    assert "2026-10-30" in CNY_USD_SOURCE.note
    assert CNY_USD_SOURCE.licence
    sources = files("swchina_dev.data").joinpath("SOURCES.md").read_text(encoding="utf-8")
    assert "## cny_usd.csv" in sources


# ---------------------------------------------------------------- exchange_rate


@pytest.mark.parametrize(("year", "month", "value", "days"), HAND_CHECKED_MONTHS)
def test_a_date_gives_its_month_average(year: int, month: int, value: float, days: int) -> None:
    rate = exchange_rate("USD", "CNY", dt.date(year, month, 15))
    assert rate.value == value
    assert rate.n_days == days
    assert rate.period == Period.month(year, month)
    assert rate.requested == Period.day(dt.date(year, month, 15))
    assert not rate.substituted
    assert rate.source is CNY_USD_SOURCE


@pytest.mark.parametrize(("year", "month", "value", "days"), HAND_CHECKED_MONTHS)
def test_month_period_and_text(year: int, month: int, value: float, days: int) -> None:
    assert exchange_rate("USD", "CNY", Period.month(year, month)).value == value
    assert exchange_rate("USD", "CNY", f"{year}-{month:02d}").value == value


@pytest.mark.parametrize(("year", "value", "days"), HAND_CHECKED_YEARS)
def test_a_year_gives_its_annual_average(year: int, value: float, days: int) -> None:
    for on in (year, Period.year(year), str(year)):
        rate = exchange_rate("USD", "CNY", on)
        assert rate.value == value
        assert rate.n_days == days
        assert rate.period == Period.year(year)


def test_reverse_direction_is_the_reciprocal() -> None:
    forward = exchange_rate("USD", "CNY", dt.date(2018, 2, 11))
    backward = exchange_rate("CNY", "USD", dt.date(2018, 2, 11))
    assert (backward.base, backward.quote) == ("CNY", "USD")
    assert backward.value == 1 / 6.3224
    assert math.isclose(forward.value * backward.value, 1.0, rel_tol=1e-15)


@pytest.mark.parametrize(
    ("base", "quote"), [("dollar", "yuan"), ("US_dollar", "RMB"), ("美元", "元")]
)
def test_currency_names_are_accepted(base: str, quote: str) -> None:
    rate = exchange_rate(base, quote, 2018)
    assert (rate.base, rate.quote, rate.value) == ("USD", "CNY", 6.6187)


def test_same_currency_is_one_at_any_date() -> None:
    rate = exchange_rate("yuan", "CNY", 1990)
    assert rate.value == 1.0
    assert rate.source is None
    assert rate.period == Period.year(1990)


def test_a_span_of_years_weights_months_by_business_days() -> None:
    rate = exchange_rate("USD", "CNY", Period.years(2016, 2020))
    rows = [row for row in rate_table() if row.period.granularity.value == "year"]
    annual = [row for row in rows if 2016 <= row.period.start.year <= 2020]
    by_years = sum(row.cny_per_usd * row.n_days for row in annual) / sum(r.n_days for r in annual)
    assert rate.period == Period.years(2016, 2020)
    assert rate.n_days == sum(row.n_days for row in annual)
    assert rate.value == pytest.approx(by_years, abs=1e-4)  # annual rows are rounded


def test_a_span_of_days_uses_the_months_it_touches() -> None:
    rate = exchange_rate("USD", "CNY", Period.between(dt.date(2018, 2, 3), dt.date(2018, 3, 10)))
    months = {str(row.period): row for row in rate_table()}
    february, march = months["2018-02"], months["2018-03"]
    expected = (february.cny_per_usd * february.n_days + march.cny_per_usd * march.n_days) / (
        february.n_days + march.n_days
    )
    assert rate.value == pytest.approx(expected, rel=1e-15)
    assert rate.period == Period.between(dt.date(2018, 2, 1), dt.date(2018, 3, 31))
    assert rate.n_days == february.n_days + march.n_days


@pytest.mark.parametrize(
    "on",
    [
        2009,
        2027,
        dt.date(2009, 12, 31),
        dt.date(2026, 11, 2),
        Period.years(2008, 2009),
        Period.years(2025, 2027),
        "2009-06",
    ],
)
def test_outside_coverage_raises(on: object) -> None:
    with pytest.raises(RateNotFoundError, match="nearest=True") as caught:
        exchange_rate("USD", "CNY", on)
    assert isinstance(caught.value, NotFoundError)
    assert isinstance(caught.value, LookupError)
    assert "2010-01 to 2026-10" in str(caught.value)


@pytest.mark.parametrize(
    ("on", "period", "value"),
    [
        (2009, Period.year(2010), 6.7678),
        (2027, Period.year(2026), 6.8071),
        (dt.date(2009, 12, 31), Period.month(2010, 1), 6.8271),
        (dt.date(2026, 11, 22), Period.month(2026, 10), 6.6850),
        (Period.years(2000, 2005), Period.year(2010), 6.7678),
    ],
)
def test_nearest_uses_the_closest_month_or_year(on: object, period: Period, value: float) -> None:
    rate = exchange_rate("USD", "CNY", on, nearest=True)
    assert rate.period == period
    assert rate.value == value
    assert rate.substituted
    assert rate.requested == Period.of(on)  # type: ignore[arg-type]
    assert "nearest" in str(rate)


def test_nearest_keeps_the_covered_part_of_a_span() -> None:
    rate = exchange_rate("USD", "CNY", Period.years(2026, 2027), nearest=True)
    assert rate.period == Period.between(dt.date(2026, 1, 1), dt.date(2026, 10, 31))
    assert rate.substituted
    assert rate.n_days == 213


def test_nearest_inside_coverage_changes_nothing() -> None:
    assert exchange_rate("USD", "CNY", 2018, nearest=True) == exchange_rate("USD", "CNY", 2018)


@pytest.mark.parametrize(
    ("base", "error", "message"),
    [
        ("EUR", UnitError, "unknown currency"),
        ("mu", UnitError, "not a currency"),
        ("CNY / year", UnitError, "not a currency"),
        ("wan * CNY", UnitError, "single currency unit"),
        ("jiao", UnitError, "whole currency unit"),
    ],
)
def test_bad_currencies(base: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        exchange_rate(base, "USD", 2020)


@pytest.mark.parametrize("on", [True, 2018.5, None, [2018]])
def test_bad_dates(on: object) -> None:
    with pytest.raises(ValidationError):
        exchange_rate("USD", "CNY", on)


def test_bad_period_text() -> None:
    with pytest.raises(ParseError):
        exchange_rate("USD", "CNY", "last year")


def test_rate_record_is_frozen_hashable_and_readable() -> None:
    rate = exchange_rate("USD", "CNY", 2021)
    assert isinstance(rate, ExchangeRate)
    assert hash(rate) == hash(exchange_rate("USD", "CNY", 2021))
    assert str(rate) == "1 USD = 6.4491 CNY (2021 average of 258 ECB business days)"
    assert rate.quantity == Q_(6.4491, "CNY / USD")
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rate.value = 7.0  # type: ignore[misc]


# ---------------------------------------------------------------- convert_currency


def test_convert_a_scalar_quantity() -> None:
    result = convert_currency(Q_(100_000_000, "CNY"), "USD", dt.date(2025, 1, 23))
    assert str(result.value.units) == "USD"
    assert result.value.magnitude == pytest.approx(100_000_000 / 7.2981, rel=1e-15)
    assert result.rate == exchange_rate("CNY", "USD", dt.date(2025, 1, 23))


def test_convert_a_numpy_array() -> None:
    values = np.array([1.0, 7.1956, 1e9])
    result = convert_currency(Q_(values, "CNY"), "dollar", 2024)
    np.testing.assert_allclose(result.value.magnitude, values / 7.1956, rtol=1e-15)
    assert isinstance(result.value.magnitude, np.ndarray)


@pytest.mark.parametrize(
    ("unit", "expected_unit"),
    [
        ("wan * CNY", "USD * wan"),
        ("CNY / year", "USD / year"),
        ("yi * yuan / month", "USD * yi / month"),
        ("CNY / mu", "USD / mu"),
    ],
)
def test_only_the_currency_part_changes(unit: str, expected_unit: str) -> None:
    result = convert_currency(Q_(3.7, unit), "USD", 2024)
    assert str(result.value.units) == expected_unit
    assert result.value.magnitude == pytest.approx(3.7 / 7.1956, rel=1e-15)


def test_scaled_currency_units_convert_through_the_registry() -> None:
    result = convert_currency(Q_(5, "jiao"), "cent", 2020)
    assert str(result.value.units) == "cent"
    assert result.value.magnitude == pytest.approx(0.5 / 6.9003 * 100, rel=1e-12)


def test_convert_usd_to_cny() -> None:
    result = convert_currency(Q_(1367, "wan * USD"), "CNY", dt.date(2025, 1, 23))
    assert str(result.value.units) == "CNY * wan"
    assert result.value.magnitude == pytest.approx(1367 * 7.2981, rel=1e-15)
    assert result.rate.value == 7.2981


def test_same_currency_is_unchanged() -> None:
    result = convert_currency(Q_(8700, "CNY"), "yuan", 2024)
    assert result.value.magnitude == 8700
    assert result.rate.value == 1.0


@pytest.mark.parametrize("qualifier", ["exact", "at_least", "at_most", "nearly", "about"])
def test_convert_a_measure_keeps_its_qualifier(qualifier: str) -> None:
    measure = Measure(Q_(100_000_000, "CNY"), qualifier)
    converted = convert_currency(measure, "USD", "2025-01").value
    assert isinstance(converted, Measure)
    assert converted.qualifier.value == qualifier
    assert converted.unit == "USD"
    assert converted.magnitude == pytest.approx(100_000_000 / 7.2981, rel=1e-15)
    for bound in ("lower_magnitude", "upper_magnitude"):
        stated = getattr(measure, bound)
        assert (getattr(converted, bound) is None) == (stated is None)


def test_convert_a_range_measure_converts_both_bounds() -> None:
    measure = Measure.range(Q_(2, "wan * CNY / year"), Q_(4, "wan * CNY / year"))
    converted = convert_currency(measure, "USD", 2018).value
    assert converted.unit == "USD * wan / year"
    assert converted.lower_magnitude == pytest.approx(2 / 6.6187, rel=1e-15)
    assert converted.upper_magnitude == pytest.approx(4 / 6.6187, rel=1e-15)
    assert converted.qualifier.value == "range"


def test_convert_a_quantity_of_another_registry() -> None:
    other: pint.UnitRegistry[float] = pint.UnitRegistry()
    other.define("CNY = [currency_CNY]")
    result = convert_currency(other.Quantity(6.6187, "CNY"), "USD", 2018)
    assert result.value.magnitude == pytest.approx(1.0, rel=1e-15)


def test_convert_with_nearest_records_the_substitute() -> None:
    result = convert_currency(Q_(1, "CNY"), "USD", dt.date(2026, 11, 22), nearest=True)
    assert result.rate.substituted
    assert result.rate.period == Period.month(2026, 10)


@pytest.mark.parametrize(
    ("value", "to", "error", "message"),
    [
        (Q_(7800, "mu"), "USD", UnitError, "holds no currency"),
        (Q_(7, "CNY / USD"), "USD", UnitError, "more than one currency"),
        (Q_(7, "CNY"), "EUR", UnitError, "unknown currency"),
        (Q_(7, "CNY"), "mu", UnitError, "not a currency"),
        (7, "USD", UnitError, "pint Quantity"),
    ],
)
def test_convert_errors(value: object, to: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error, match=message):
        convert_currency(value, to, 2020)


def test_convert_without_a_rate_raises() -> None:
    with pytest.raises(RateNotFoundError):
        convert_currency(Q_(1, "CNY"), "USD", 2009)
