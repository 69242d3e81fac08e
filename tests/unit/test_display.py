"""Units and numbers as a person reads them: display_unit and the readable number rules."""

from __future__ import annotations

import math
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swchina_dev import UnitError, ValidationError
from swchina_dev.text import format_number, parse_quantity, round_significant
from swchina_dev.text.numbers import (
    MAX_SIGNIFICANT,
    MIN_SIGNIFICANT,
    display_precision,
    significant_digits,
)
from swchina_dev.units import canonical_unit, display_unit
from tests.rounding import tolerance

# ---------------------------------------------------------------- display_unit


@pytest.mark.parametrize(
    ("unit", "english", "chinese"),
    [
        # pint's abbreviated symbols
        ("kilometer ** 2", "km²", "km²"),
        ("km²", "km²", "km²"),
        ("hectare", "ha", "ha"),
        ("metric_ton", "t", "t"),
        ("tonne", "t", "t"),
        ("kilogram", "kg", "kg"),
        ("meter", "m", "m"),
        ("kilometer", "km", "km"),
        ("meter ** 3", "m³", "m³"),
        ("kilowatt_hour", "kWh", "kWh"),
        ("percent", "%", "%"),
        # market units by name, not pint's hanzi symbols; currencies by code; time by name
        ("mu", "mu", "亩"),
        ("亩", "mu", "亩"),
        ("jin", "jin", "jin"),
        ("li", "li", "li"),
        ("jiao", "jiao", "jiao"),
        ("CNY", "CNY", "元"),
        ("yuan", "CNY", "元"),
        ("USD", "USD", "美元"),
        ("year", "year", "年"),
        ("day", "day", "天"),
        # 1 / x, quotients, rates of percent
        ("1 / day", "per day", "每天"),
        ("1 / minute", "per minute", "每分钟"),
        ("1 / year", "per year", "每年"),
        ("CNY / month", "CNY/month", "元/月"),
        ("USD / metric_ton", "USD/t", "美元/t"),
        ("CNY / mu", "CNY/mu", "元/亩"),
        ("percent / year", "% a year", "%/年"),
        # wan and yi first, in any order
        ("CNY * wan", "wan yuan", "万元"),
        ("wan * CNY", "wan yuan", "万元"),
        ("wan yuan", "wan yuan", "万元"),
        ("CNY * yi", "yi yuan", "亿元"),
        ("USD * wan", "wan USD", "万美元"),
        ("mu * wan", "wan mu", "万亩"),
        ("wan", "wan", "万"),
        ("wan * CNY / year", "wan yuan per year", "万元/年"),
        # a bare count shows no unit
        ("dimensionless", "", ""),
        ("", "", ""),
        # no rule: pint's abbreviated format
        ("hectare * mu", "ha·市亩", "ha·市亩"),
        ("wan * yi", "万·亿", "万·亿"),
        ("meter / second ** 2", "m/s²", "m/s²"),
        ("1 / second", "per s", "每s"),
    ],
)
def test_display_unit(unit: str, english: str, chinese: str) -> None:
    assert display_unit(unit) == english
    assert display_unit(unit, language="en") == english
    assert display_unit(unit, language="zh") == chinese


def test_display_unit_plural_is_for_units_of_time() -> None:
    assert display_unit("year", plural=True) == "years"
    assert display_unit("day", plural=True) == "days"
    assert display_unit("mu", plural=True) == "mu"
    assert display_unit("1 / day", plural=True) == "per day"
    assert display_unit("year", plural=True, language="zh") == "年"


def test_display_unit_does_not_change_the_stored_spelling() -> None:
    assert display_unit("kilometer ** 2") == "km²"
    assert canonical_unit("km²") == "kilometer ** 2"


def test_display_unit_refuses_what_is_not_a_unit() -> None:
    with pytest.raises(UnitError):
        display_unit("furlongs of zork")
    with pytest.raises(ValidationError, match="language"):
        display_unit("mu", language="fr")


UNITS = [
    "mu", "hectare", "qing", "fen", "kilometer ** 2", "meter ** 2", "jin", "liang", "dan",
    "kilogram", "metric_ton", "CNY", "USD", "jiao", "cent", "wan", "yi", "percent", "year",
    "month", "day", "hour", "minute", "dimensionless",
]  # fmt: skip


@settings(deadline=None)
@given(
    above=st.lists(st.sampled_from(UNITS), max_size=3),
    below=st.lists(st.sampled_from(UNITS), max_size=2),
    language=st.sampled_from(["en", "zh"]),
)
def test_display_unit_writes_every_combination(
    above: list[str], below: list[str], language: str
) -> None:
    unit = " * ".join(above) or "1"
    if below:
        unit += " / (" + " * ".join(below) + ")"
    text = display_unit(unit, language=language)
    assert isinstance(text, str)
    assert "**" not in text
    assert "dimensionless" not in text


# ---------------------------------------------------------------- readable numbers


@pytest.mark.parametrize(
    ("value", "significant", "text"),
    [
        (2829, None, "2,829"),
        (7800, None, "7,800"),
        (13_670_000, None, "13,670,000"),
        (100_000_000, None, "100,000,000"),
        (999_999_999, None, "999,999,999"),
        (1_000_000_000, None, "1 billion"),
        (217_700_000_000, None, "217.7 billion"),
        (1_400_000_000_000, None, "1.4 trillion"),
        (10**16, None, "10,000 trillion"),
        (28.4, None, "28.4"),
        (520.0, None, "520"),
        (0.1 + 0.2, None, "0.3"),
        (1.5e-7, None, "0.00000015"),
        (0, None, "0"),
        (0.0, None, "0"),
        (5.222595489e11, None, "522.2595489 billion"),
        (1e20, None, "100,000,000 trillion"),
        # to a stated precision
        (520.0000001, 3, "520"),
        (500 / 15, 3, "33.3"),
        (5.222595489e11, 3, "522 billion"),
        (5.222595489e11, 4, "522.3 billion"),
        (13_702_196.46, 3, "13,700,000"),
        (999.96, 3, "1,000"),
        (999_999_999.6, 3, "1 billion"),
        (0.000123456, 3, "0.000123"),
        (7800, 3, "7,800"),
        (-1234.5678, 5, "-1,234.6"),
        (2.5, 1, "2"),  # half to even
    ],
)
def test_format_number(value: float, significant: int | None, text: str) -> None:
    assert format_number(value, significant=significant) == text


def test_format_number_in_full() -> None:
    assert format_number(5.222595489e11, significant=3, words=False) == "522,000,000,000"


@pytest.mark.parametrize("value", [math.inf, math.nan, "7800", None, True])
def test_format_number_refuses_what_is_not_a_finite_number(value: object) -> None:
    with pytest.raises(ValidationError):
        format_number(value)  # type: ignore[arg-type]


@pytest.mark.parametrize("significant", [0, -1, 2.5, True])
def test_format_number_refuses_bad_digits(significant: object) -> None:
    with pytest.raises(ValidationError, match="significant"):
        format_number(1.5, significant=significant)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("value", "digits"),
    [(7800, 2), (520, 2), (13.67, 4), (0.05, 1), (0, 1), (100_000_000, 1), (2829, 4), (1.0, 1)],
)
def test_significant_digits(value: float, digits: int) -> None:
    assert significant_digits(value) == digits


def test_display_precision_is_the_stated_digits_and_at_least_three() -> None:
    assert MIN_SIGNIFICANT == 3
    assert display_precision(7800) == 3
    assert display_precision(500) == 3
    assert display_precision(13.67) == 4
    assert display_precision(200, 4000.5) == 5
    assert display_precision(None) == 3


@settings(deadline=None)
@given(
    value=st.one_of(
        st.integers(min_value=0, max_value=10**20),
        st.floats(min_value=1e-9, max_value=1e20, allow_nan=False, allow_infinity=False),
        st.just(0.0),
    ),  # parse_quantity reads numbers of up to 30 digits
    significant=st.one_of(st.none(), st.integers(min_value=1, max_value=MAX_SIGNIFICANT + 2)),
)
def test_the_displayed_number_reads_back_within_its_rounding(
    value: float, significant: int | None
) -> None:
    text = format_number(value, significant=significant)
    assert "e" not in text.replace("billion", "").replace("trillion", "")
    shown = parse_quantity(text).magnitude  # parse_quantity reads "522 billion" exactly
    assert abs(shown - value) <= tolerance(significant) * abs(value)
    if significant is not None:
        assert significant_digits(shown) <= significant
        assert Decimal(str(shown)) == round_significant(value, significant)
