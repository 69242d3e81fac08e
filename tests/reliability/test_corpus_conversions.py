"""Bad-input corpus: unit conversion, foreign quantities, exchange rates and currency conversion."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from typing import Any

import numpy as np
import pint
import pytest

import swchina_dev as sw
from swchina_dev import (
    Q_,
    ConversionError,
    Measure,
    ParseError,
    Period,
    RateNotFoundError,
    UnitError,
    ValidationError,
)
from tests.reliability.harness import Case, check, fails, ids, works

OTHER: pint.UnitRegistry[Any] = pint.UnitRegistry()
OTHER.define("blorp = 3 * meter")
NAN, INF = float("nan"), float("inf")


def converted(id: str, value: Any, unit: Any, error: type[sw.SwchinaDevError]) -> Case:
    return fails(f"convert_unit: {id}", lambda: sw.convert_unit(value, unit), error)


def quantity_in(unit: str, check: Callable[[Any], bool] = lambda m: True) -> Callable[[Any], bool]:
    def accept(result: Any) -> bool:
        return (
            isinstance(result, pint.Quantity)
            and str(result.units) == unit
            and check(result.magnitude)
        )

    return accept


CONVERSION_CASES = [
    converted("to another dimension", Q_(1, "mu"), "kilogram", ConversionError),
    converted("yuan to dollars", Q_(1, "CNY"), "USD", ConversionError),
    converted("overflow", Q_(1e308, "kilometer"), "millimeter", ConversionError),
    converted("int beyond floats", Q_(10**400, "kilometer"), "meter", ConversionError),
    converted("array overflow", Q_(np.array([1.0, 1e308]), "km"), "mm", ConversionError),
    converted("unknown unit", Q_(1, "mu"), "furlongz", UnitError),
    converted("unit None", Q_(1, "mu"), None, UnitError),
    converted("unit as int", Q_(1, "mu"), 5, UnitError),
    converted("unit power tower", Q_(1, "m"), "m ** 9 ** 9 ** 9", UnitError),
    converted("unit a megabyte long", Q_(1, "m"), "m" * 1_000_000, UnitError),
    converted("unit with RTL mark", Q_(1, "m"), "\u200fkm", UnitError),
    converted("text instead of a quantity", "7800 mu", "hectare", UnitError),
    converted("plain number", 7800, "hectare", UnitError),
    converted("None", None, "hectare", UnitError),
    converted(
        "another registry's mu is a mass", OTHER.Quantity(1, "mu"), "hectare", ConversionError
    ),
    converted("another registry's own unit", OTHER.Quantity(1, "blorp"), "meter", UnitError),
    fails("Measure.to: overflow", lambda: Measure(Q_(1e308, "km")).to("mm"), ConversionError),
    fails("Measure.to: currency", lambda: Measure(Q_(1, "CNY")).to("USD"), ConversionError),
    fails("Measure.to: unknown unit", lambda: Measure(Q_(1, "mu")).to("blorp"), UnitError),
    works(
        "convert_unit: NaN passes through",
        lambda: sw.convert_unit(Q_(NAN, "km"), "m"),
        quantity_in("meter", math.isnan),
    ),
    works(
        "convert_unit: array with NaN",
        lambda: sw.convert_unit(Q_(np.array([1.0, NAN]), "km"), "m"),
        quantity_in("meter"),
    ),
    works("convert_unit: huge int, same unit", lambda: sw.convert_unit(Q_(10**400, "m"), "meter")),
    works(
        "convert_unit: power 99",
        lambda: sw.convert_unit(Q_(1, "m ** 99"), "km ** 99"),
        quantity_in("kilometer ** 99"),
    ),
    works(
        "convert_unit: another registry's hectare",
        lambda: sw.convert_unit(OTHER.Quantity(1, "hectare"), "mu"),
        quantity_in("mu"),
    ),
    works("convert_unit: offset unit", lambda: sw.convert_unit(Q_(1, "degC"), "degF")),
    fails("as_quantity: a number", lambda: sw.units.as_quantity(5), UnitError),
    fails("as_quantity: text", lambda: sw.units.as_quantity("7800 mu"), UnitError),
    fails(
        "as_quantity: another registry's own unit",
        lambda: sw.units.as_quantity(OTHER.Quantity(5, "blorp")),
        UnitError,
    ),
    works(
        "as_quantity: another registry's mu stays a mass",
        lambda: sw.units.as_quantity(OTHER.Quantity(5, "mu")),
        lambda q: q.check("[mass]"),
    ),
]


@pytest.mark.parametrize("case", CONVERSION_CASES, ids=ids(CONVERSION_CASES))
def test_conversions(case: Case) -> None:
    check(case)


def test_a_foreign_unit_error_says_how_to_fix_it() -> None:
    with pytest.raises(UnitError) as caught:
        sw.units.as_quantity(OTHER.Quantity(5, "blorp"))
    assert "convert it first" in str(caught.value)
    assert "value.to(" in str(caught.value)


# -- exchange rates and currency conversion --------------------------------------------------------


def currency(
    id: str, value: Any, to: Any, on: Any, error: type[sw.SwchinaDevError], **options: Any
) -> Case:
    return fails(
        f"convert_currency: {id}", lambda: sw.convert_currency(value, to, on, **options), error
    )


def rate(id: str, base: Any, quote: Any, on: Any, error: type[sw.SwchinaDevError]) -> Case:
    return fails(f"exchange_rate: {id}", lambda: sw.exchange_rate(base, quote, on), error)


YUAN = Q_(100, "CNY")

CURRENCY_CASES = [
    currency("year 0", YUAN, "USD", 0, ValidationError),
    currency("negative year", YUAN, "USD", -1, ValidationError),
    currency("year 10**100", YUAN, "USD", 10**100, ValidationError),
    currency("year True", YUAN, "USD", True, ValidationError),
    currency("year as float", YUAN, "USD", 2020.0, ValidationError),
    currency("year NaN", YUAN, "USD", NAN, ValidationError),
    currency("on None", YUAN, "USD", None, ValidationError),
    currency("month 13", YUAN, "USD", "2020-13", ParseError),
    currency("a megabyte of period", YUAN, "USD", "2" * 1_000_000, ParseError),
    currency("full-width period", YUAN, "USD", "２０２０", ParseError),
    currency("year 9999", YUAN, "USD", 9999, RateNotFoundError),
    currency("a future date", YUAN, "USD", dt.date(2030, 1, 1), RateNotFoundError),
    currency("before the table", YUAN, "USD", "2009-12", RateNotFoundError),
    currency("to euros", YUAN, "EUR", 2020, UnitError),
    currency("to mu", YUAN, "mu", 2020, UnitError),
    currency("to None", YUAN, None, 2020, UnitError),
    currency("to a power tower", YUAN, "USD ** 9 ** 9 ** 9", 2020, UnitError),
    currency("to lower-case usd", YUAN, "usd", 2020, UnitError),
    currency("to full-width USD", YUAN, "ＵＳＤ", 2020, UnitError),
    currency("two currencies in one unit", Q_(1, "CNY * USD"), "USD", 2020, UnitError),
    currency("no currency", Q_(1, "mu"), "USD", 2020, UnitError),
    currency("text", "100 yuan", "USD", 2020, UnitError),
    currency("None", None, "USD", 2020, UnitError),
    currency("overflow", Q_(1e308, "USD"), "CNY", 2020, ConversionError),
    currency("int beyond floats", Q_(10**400, "USD"), "CNY", 2020, ConversionError),
    currency("measure overflow", Measure(Q_(1e308, "USD")), "CNY", 2020, ConversionError),
    currency("array overflow", Q_(np.array([1.0, 1e308]), "USD"), "CNY", 2020, ConversionError),
    rate("unknown base", "EUR", "CNY", 2020, UnitError),
    rate("base None", None, "CNY", 2020, UnitError),
    rate("base as int", 5, "CNY", 2020, UnitError),
    rate("scaled currency", "cent", "CNY", 2020, UnitError),
    rate("RTL mark", "\u200fUSD", "CNY", 2020, UnitError),
    rate("not a currency", "mu", "CNY", 2020, UnitError),
    rate("on an object", "USD", "CNY", object(), ValidationError),
    rate("on a period of 10,000 years nearest off", "USD", "CNY", "0001/9999", RateNotFoundError),
    works("exchange_rate: trailing nbsp", lambda: sw.exchange_rate("USD\u00a0", "CNY", 2020)),
    works(
        "exchange_rate: a currency to itself",
        lambda: sw.exchange_rate("USD", "USD", 9999),
        lambda r: r.value == 1,
    ),
    works(
        "exchange_rate: nearest far future",
        lambda: sw.exchange_rate("USD", "CNY", 9999, nearest=True),
        lambda r: r.substituted,
    ),
    works(
        "exchange_rate: nearest year 1",
        lambda: sw.exchange_rate("USD", "CNY", Period.year(1), nearest=True),
        lambda r: r.substituted,
    ),
    works(
        "convert_currency: NaN passes through",
        lambda: sw.convert_currency(Q_(NAN, "CNY"), "USD", 2020),
        lambda c: math.isnan(c.value.magnitude),
    ),
    works(
        "convert_currency: datetime",
        lambda: sw.convert_currency(YUAN, "USD", dt.datetime(2020, 1, 1, 23, 59)),
    ),
    works(
        "convert_currency: to jiao",
        lambda: sw.convert_currency(YUAN, "jiao", 2020),
        lambda c: c.value.magnitude == 1000,
    ),
]


@pytest.mark.parametrize("case", CURRENCY_CASES, ids=ids(CURRENCY_CASES))
def test_currencies(case: Case) -> None:
    check(case)
