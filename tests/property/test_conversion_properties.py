"""Properties of conversion and parsing: round trips and robustness on generated input."""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swchina_dev import Q_, Measure, ParseError, convert_unit
from swchina_dev.conversion.rates import convert_currency
from swchina_dev.text.numbers import MAX_SIGNIFICANT, display_precision, significant_digits
from swchina_dev.text.quantities import format_measure, parse_quantity
from tests.rounding import reads_back_within_rounding

# The registry is built on first use: no deadline, so that one slow first example is no failure.
# Everything else comes from the active hypothesis profile.
PROPERTIES = settings(deadline=None)

AREA_UNITS = ["mu", "hectare", "kilometer ** 2", "qing"]
MASS_UNITS = ["jin", "kilogram", "tonne"]
MONEY_UNITS = ["CNY", "USD", "wan * CNY", "CNY / year", "USD / month"]

magnitudes = st.floats(min_value=1e-6, max_value=1e15, allow_nan=False, allow_infinity=False)
dates = st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2026, 10, 30))
years = st.integers(min_value=2010, max_value=2026)


@PROPERTIES
@given(value=magnitudes, unit=st.sampled_from(MONEY_UNITS), on=st.one_of(dates, years))
def test_currency_there_and_back(value: float, unit: str, on: dt.date | int) -> None:
    target = "USD" if "CNY" in unit else "CNY"
    source = "CNY" if target == "USD" else "USD"
    there = convert_currency(Q_(value, unit), target, on)
    back = convert_currency(there.value, source, on)
    assert str(back.value.units) == str(Q_(value, unit).units)
    assert math.isclose(back.value.magnitude, value, rel_tol=1e-14)
    assert math.isclose(there.rate.value * back.rate.value, 1.0, rel_tol=1e-15)


@PROPERTIES
@given(
    lower=magnitudes,
    width=magnitudes,
    on=dates,
    qualifier=st.sampled_from(["exact", "about", "at_least", "at_most", "nearly", "range"]),
)
def test_currency_measure_there_and_back(
    lower: float, width: float, on: dt.date, qualifier: str
) -> None:
    if qualifier == "range":
        measure = Measure.range(Q_(lower, "CNY"), Q_(lower + width, "CNY"))
    else:
        measure = Measure(Q_(lower, "CNY"), qualifier)
    back = convert_currency(convert_currency(measure, "USD", on).value, "CNY", on).value
    assert back.qualifier is measure.qualifier
    for name in ("magnitude", "lower_magnitude", "upper_magnitude"):
        original, returned = getattr(measure, name), getattr(back, name)
        assert (original is None) == (returned is None)
        if original is not None:
            assert math.isclose(returned, original, rel_tol=1e-14)


@PROPERTIES
@given(
    value=magnitudes,
    units=st.one_of(
        st.tuples(st.sampled_from(AREA_UNITS), st.sampled_from(AREA_UNITS)),
        st.tuples(st.sampled_from(MASS_UNITS), st.sampled_from(MASS_UNITS)),
    ),
)
def test_market_unit_conversions_invert(value: float, units: tuple[str, str]) -> None:
    source, target = units
    there = convert_unit(Q_(value, source), target)
    back = convert_unit(there, source)
    assert math.isclose(back.magnitude, value, rel_tol=1e-12)


@PROPERTIES
@given(
    values=st.lists(magnitudes, min_size=1, max_size=50),
    units=st.tuples(st.sampled_from(AREA_UNITS), st.sampled_from(AREA_UNITS)),
)
def test_array_conversions_invert(values: list[float], units: tuple[str, str]) -> None:
    array = np.array(values)
    back = convert_unit(convert_unit(Q_(array, units[0]), units[1]), units[0])
    np.testing.assert_allclose(back.magnitude, array, rtol=1e-12)


FORMAT_UNITS = [
    "mu",
    "hectare",
    "kilometer ** 2",
    "meter",
    "metric_ton",
    "jin",
    "kilogram",
    "CNY",
    "USD",
    "percent",
    "dimensionless",
    "year",
    "CNY / year",
    "CNY / month",
    "1 / day",
    "1 / minute",
    "USD / metric_ton",
]
numbers = st.one_of(
    st.integers(min_value=0, max_value=10**15),
    st.floats(min_value=1e-6, max_value=1e15, allow_nan=False, allow_infinity=False),
    st.just(0.0),
)


@st.composite
def measures(draw: st.DrawFn) -> Measure:
    unit = draw(st.sampled_from(FORMAT_UNITS))
    qualifier = draw(st.sampled_from(["exact", "about", "at_least", "at_most", "nearly", "range"]))
    first = draw(numbers)
    if qualifier == "range":
        second = draw(numbers)
        return Measure.from_parts(None, unit, "range", min(first, second), max(first, second))
    return Measure.from_parts(first, unit, qualifier)


@PROPERTIES
@given(measure=measures())
def test_parse_reads_back_what_format_writes(measure: Measure) -> None:
    # Numbers are shown to at most 15 significant digits; a float may have 17.
    again = parse_quantity(format_measure(measure))
    assert reads_back_within_rounding(again, measure, None)
    if all(
        significant_digits(number) <= MAX_SIGNIFICANT
        for number in (measure.magnitude, measure.lower_magnitude, measure.upper_magnitude)
        if number is not None
    ):
        assert again == measure


@PROPERTIES
@given(
    measure=measures(),
    units=st.sampled_from(["words", "symbols"]),
    significant=st.integers(min_value=1, max_value=17),
)
def test_the_displayed_number_reads_back_within_its_rounding(
    measure: Measure, units: str, significant: int
) -> None:
    if "metric_ton" in measure.unit:
        units = "words"  # "t" is shown, not read
    text = format_measure(measure, significant=significant, units=units)
    assert "e+" not in text
    assert "e-" not in text
    assert reads_back_within_rounding(parse_quantity(text), measure, significant)


@PROPERTIES
@given(stated=st.integers(min_value=1, max_value=10**12), unit=st.sampled_from(AREA_UNITS))
def test_a_conversion_shows_the_stated_precision(stated: int, unit: str) -> None:
    measure = Measure(Q_(stated, "mu"))
    converted = measure.to(unit)
    text = format_measure(converted, precision_of=measure, units="symbols")
    again = parse_quantity(text)  # the number as shown, exactly (an int when whole)
    significant = display_precision(stated)
    assert significant_digits(again.magnitude) <= significant
    assert reads_back_within_rounding(again, converted, significant)


TEXT_PIECES = [
    "7", "800", ",", ".", " ", "-", "–", "mu", "亩", "million", "wan", "万", "亿", "yuan", "$",
    "US$", "¥", "over", "nearly", "about", "up to", "between", "and", "to", "per", "/", "year",
    "daily", "a", "of", "land", "(", ")", "%", "*", "hectares", "km²", "\t", "\x00", "\u202e",
    "７", "two", "twenty-", "e", "9",
]  # fmt: skip


@PROPERTIES
@given(
    text=st.one_of(
        st.text(max_size=60), st.lists(st.sampled_from(TEXT_PIECES), max_size=12).map("".join)
    )
)
def test_parse_returns_a_measure_or_raises_parse_error(text: str) -> None:
    try:
        measure = parse_quantity(text)
    except ParseError:
        return
    assert isinstance(measure, Measure)
    assert math.isfinite(float(measure.magnitude))
    assert measure.magnitude >= 0


@pytest.mark.parametrize("unit", FORMAT_UNITS)
def test_every_formattable_unit_round_trips(unit: str) -> None:
    measure = Measure.from_parts(7800, unit, "at_least")
    assert parse_quantity(format_measure(measure)) == measure
