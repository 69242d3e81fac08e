"""Properties: every model survives serialization unchanged; bounds and conversions are lawful."""

from __future__ import annotations

import math
import pickle

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import MODEL_STRATEGIES, magnitudes, measures
from swchina_dev import Q_, Measure, Qualifier
from swchina_dev.serialization import from_json, structure, to_json, unstructure
from swchina_dev.units import convert_magnitudes

MODELS = sorted(MODEL_STRATEGIES, key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_model_round_trips_through_plain_data(cls: type, data: st.DataObject) -> None:
    value = data.draw(MODEL_STRATEGIES[cls])
    plain = unstructure(value)
    again = structure(plain, cls)
    assert again == value
    assert hash(again) == hash(value)
    # Compared as plain data too: 1 and 1.0 are equal objects, but must not drift in type.
    assert unstructure(again) == plain
    assert repr(unstructure(again)) == repr(plain)


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_model_round_trips_through_json_text(cls: type, data: st.DataObject) -> None:
    value = data.draw(MODEL_STRATEGIES[cls])
    text = to_json(value)
    again = from_json(text, cls)
    assert again == value
    assert to_json(again) == text  # no float drift, no int turned float
    assert pickle.loads(pickle.dumps(again)) == value


@given(measure=measures())
def test_measure_magnitudes_survive_json_exactly(measure: Measure) -> None:
    again = from_json(to_json(measure), Measure)
    for original, copy in (
        (measure.magnitude, again.magnitude),
        (measure.lower_magnitude, again.lower_magnitude),
        (measure.upper_magnitude, again.upper_magnitude),
    ):
        assert type(copy) is type(original)
        assert copy == original
    assert again.unit == measure.unit
    assert again.qualifier is measure.qualifier


@given(measure=measures())
def test_bounds_obey_the_qualifier_table(measure: Measure) -> None:
    value, lower, upper = measure.magnitude, measure.lower_magnitude, measure.upper_magnitude
    expected = {
        Qualifier.EXACT: (value, value),
        Qualifier.ABOUT: (None, None),
        Qualifier.AT_LEAST: (value, None),
        Qualifier.AT_MOST: (None, value),
        Qualifier.NEARLY: (None, value),
    }
    if measure.qualifier is Qualifier.RANGE:
        assert lower is not None
        assert upper is not None
        assert lower <= value <= upper
        assert math.isclose(value, lower / 2 + upper / 2, rel_tol=1e-12, abs_tol=1e-300)
        if type(lower) is int and type(upper) is int and (lower + upper) % 2 == 0:
            assert type(value) is int
            assert value == (lower + upper) // 2
    else:
        assert (lower, upper) == expected[measure.qualifier]
    assert (measure.lower is None) is (lower is None)
    assert (measure.upper is None) is (upper is None)
    assert measure.quantity.magnitude == value
    assert str(measure.quantity.units) == measure.unit


@given(
    qualifier=st.sampled_from([q for q in Qualifier if q is not Qualifier.RANGE]),
    value=magnitudes(),
)
def test_qualifier_bounds_match_the_constructor(qualifier: Qualifier, value: int | float) -> None:
    measure = Measure(Q_(value, "mu"), qualifier)
    assert (measure.lower_magnitude, measure.upper_magnitude) == qualifier.bounds(value)


# Magnitudes whose conversions neither overflow nor fall into subnormals.
SAFE_MAGNITUDES = st.one_of(
    st.integers(-(10**15), 10**15),
    st.floats(min_value=1e-250, max_value=1e250),
    st.floats(min_value=-1e250, max_value=-1e-250),
)
AREA_UNITS = ["mu", "hectare", "km ** 2", "qing"]
MASS_UNITS = ["jin", "kilogram", "tonne"]
UNIT_PAIRS = [(a, b) for group in (AREA_UNITS, MASS_UNITS) for a in group for b in group if a != b]


def _close(first: float, second: float) -> bool:
    return math.isclose(first, second, rel_tol=1e-12, abs_tol=0.0)


@pytest.mark.parametrize(("unit", "other"), UNIT_PAIRS)
@given(value=SAFE_MAGNITUDES)
def test_conversions_invert(unit: str, other: str, value: int | float) -> None:
    there = Q_(value, unit).to(other)
    back = there.to(unit)
    assert _close(back.magnitude, value)
    measure = Measure(Q_(value, unit), "about")
    assert _close(measure.to(other).to(unit).magnitude, value)
    (column,) = convert_magnitudes((np.array([value, value], dtype=float),), unit, other)
    (column_back,) = convert_magnitudes((column,), other, unit)
    assert all(_close(item, value) for item in column_back)


@given(value=SAFE_MAGNITUDES)
def test_conversion_factors(value: int | float) -> None:
    assert _close(Q_(value, "mu").to("hectare").magnitude, value / 15)
    assert _close(Q_(value, "qing").to("mu").magnitude, value * 100)
    assert _close(Q_(value, "km ** 2").to("hectare").magnitude, value * 100)
    assert _close(Q_(value, "jin").to("kilogram").magnitude, value / 2)
    assert _close(Q_(value, "tonne").to("jin").magnitude, value * 2000)


@given(
    lower=SAFE_MAGNITUDES,
    upper=SAFE_MAGNITUDES,
    unit=st.sampled_from(AREA_UNITS),
    other=st.sampled_from(AREA_UNITS),
)
def test_range_conversion_keeps_the_bounds_in_order(
    lower: float, upper: float, unit: str, other: str
) -> None:
    low, high = sorted((lower, upper))
    converted = Measure.range(Q_(low, unit), Q_(high, unit)).to(other)
    assert converted.lower_magnitude is not None
    assert converted.upper_magnitude is not None
    assert converted.lower_magnitude <= converted.magnitude <= converted.upper_magnitude
    assert converted.unit == Measure(Q_(1, other)).unit
