"""Measures: the qualifier table of DESIGN.md, validation, immutability, identity and pickling."""

from __future__ import annotations

import pickle
from collections.abc import Callable

import numpy as np
import pint
import pytest

from swchina_dev import (
    Q_,
    ConversionError,
    Measure,
    Qualifier,
    SwchinaDevError,
    UnitError,
    ValidationError,
    convert_unit,
    ureg,
)
from swchina_dev.units import convert_magnitudes

AREA = ureg.get_dimensionality("[area]")


# --- the qualifier table -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qualifier", "lower", "upper"),
    [
        ("exact", 2829, 2829),
        ("about", None, None),
        ("at_least", 2829, None),
        ("at_most", None, 2829),
        ("nearly", None, 2829),
    ],
)
def test_qualifier_table(qualifier: str, lower: int | None, upper: int | None) -> None:
    measure = Measure(Q_(2829, "dimensionless"), qualifier)
    assert measure.qualifier is Qualifier(qualifier)
    assert measure.qualifier.value == qualifier
    assert measure.magnitude == 2829
    assert measure.lower_magnitude == lower
    assert measure.upper_magnitude == upper
    assert measure.lower == (None if lower is None else Q_(lower, "dimensionless"))
    assert measure.upper == (None if upper is None else Q_(upper, "dimensionless"))


def test_exact_is_the_default_qualifier() -> None:
    measure = Measure(Q_(7800, "mu"))
    assert measure.qualifier is Qualifier.EXACT
    assert measure.lower == measure.upper == measure.quantity == Q_(7800, "mu")


def test_qualifier_accepts_members_and_values() -> None:
    assert Measure(Q_(1, "mu"), Qualifier.NEARLY) == Measure(Q_(1, "mu"), "nearly")


def test_qualifier_bounds_refuses_range() -> None:
    with pytest.raises(ValidationError) as caught:
        Qualifier.RANGE.bounds(3)
    assert caught.value.field == "qualifier"


def test_range_states_both_bounds_and_its_value_is_the_midpoint() -> None:
    measure = Measure.range(Q_(200, "tonne"), Q_(400, "tonne"))
    assert measure.qualifier is Qualifier.RANGE
    assert (measure.lower_magnitude, measure.upper_magnitude) == (200, 400)
    assert measure.magnitude == 300
    assert type(measure.magnitude) is int  # whole midpoint of ints stays an int
    assert measure.quantity == Q_(300, "tonne")


def test_range_midpoint_of_ints_that_is_not_whole_is_a_float() -> None:
    measure = Measure.range(Q_(1, "mu"), Q_(2, "mu"))
    assert measure.magnitude == 1.5
    assert type(measure.magnitude) is float


def test_range_through_the_constructor_with_a_matching_value() -> None:
    measure = Measure(Q_(300, "tonne"), "range", Q_(200, "tonne"), Q_(400, "tonne"))
    assert measure == Measure.range(Q_(200, "tonne"), Q_(400, "tonne"))


def test_range_value_that_is_not_the_midpoint_is_refused() -> None:
    with pytest.raises(ValidationError) as caught:
        Measure(Q_(350, "tonne"), "range", Q_(200, "tonne"), Q_(400, "tonne"))
    assert caught.value.field == "quantity"


def test_range_of_one_value() -> None:
    measure = Measure.range(Q_(5, "mu"), Q_(5, "mu"))
    assert measure.magnitude == measure.lower_magnitude == measure.upper_magnitude == 5


@pytest.mark.parametrize("tiny", [5e-324, 1.5e-323])
def test_range_midpoint_of_subnormals_stays_within_the_bounds(tiny: float) -> None:
    measure = Measure.range(Q_(tiny, "mu"), Q_(tiny, "mu"))
    assert measure.magnitude == tiny


def test_range_midpoint_near_the_float_maximum_does_not_overflow() -> None:
    measure = Measure.range(Q_(1.7e308, "mu"), Q_(1.7e308, "mu"))
    assert measure.magnitude == 1.7e308


def test_bounds_are_converted_to_the_unit_of_the_value() -> None:
    measure = Measure.range(Q_(1, "hectare"), Q_(30, "mu"))
    assert measure.unit == "hectare"
    assert measure.lower_magnitude == 1
    assert measure.upper_magnitude == pytest.approx(2.0, rel=1e-12)
    assert measure.magnitude == pytest.approx(1.5, rel=1e-12)


def test_exact_bounds_given_in_another_unit_are_accepted() -> None:
    # 10,000 m² is 15.000000000000002 mu after conversion: rounding, not disagreement.
    measure = Measure(Q_(15, "mu"), "exact", Q_(10_000, "m ** 2"), Q_(1, "hectare"))
    assert measure == Measure(Q_(15, "mu"))
    assert measure.lower_magnitude == measure.upper_magnitude == 15


def test_exact_bounds_in_another_unit_that_disagree_are_refused() -> None:
    error = _error_of(lambda: Measure(Q_(15, "mu"), "exact", Q_(1.01, "hectare")))
    assert error.field == "lower"


def test_from_parts_matches_the_constructor() -> None:
    assert Measure.from_parts(7800, "亩", "at_least") == Measure(Q_(7800, "mu"), "at_least")
    assert Measure.from_parts(None, "tonne", "range", 200, 400) == Measure.range(
        Q_(200, "tonne"), Q_(400, "tonne")
    )
    assert Measure.from_parts(np.int64(3), "mu").magnitude == 3
    assert type(Measure.from_parts(np.float32(0.5), "mu").magnitude) is float


def test_numpy_scalars_are_stored_as_plain_numbers() -> None:
    assert type(Measure(Q_(np.int64(7), "mu")).magnitude) is int
    assert type(Measure(Q_(np.float64(7.5), "mu")).magnitude) is float
    assert Measure(Q_(np.array(2.5), "mu")).magnitude == 2.5


def test_str_and_repr() -> None:
    assert str(Measure(Q_(7800, "mu"), "at_least")) in ("at least 7800 mu", "at least 7,800 mu")
    assert str(Measure(Q_(1.5, "mu"), "about")) == "about 1.5 mu"
    assert str(Measure(Q_(3, "mu"), "nearly")) == "nearly 3 mu"
    assert str(Measure.range(Q_(200, "tonne"), Q_(400, "tonne"))) == "200-400 metric_ton"
    assert "qualifier=nearly" in repr(Measure(Q_(3, "mu"), "nearly"))


# --- bad input --------------------------------------------------------------------------------


def _error_of(build: Callable[[], object]) -> SwchinaDevError:
    with pytest.raises(SwchinaDevError) as caught:
        build()
    return caught.value


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
@pytest.mark.parametrize("where", ["quantity", "lower", "upper"])
def test_non_finite_magnitudes_are_refused(number: float, where: str) -> None:
    parts = {"quantity": Q_(5, "mu"), "lower": Q_(1, "mu"), "upper": Q_(9, "mu")}
    parts[where] = Q_(number, "mu")
    error = _error_of(lambda: Measure(parts["quantity"], "range", parts["lower"], parts["upper"]))
    assert isinstance(error, ValidationError)
    assert error.field == where


@pytest.mark.parametrize("number", [float("nan"), float("inf"), float("-inf")])
def test_non_finite_magnitudes_are_refused_from_parts(number: float) -> None:
    assert _error_of(lambda: Measure.from_parts(number, "mu")).field == "quantity"
    assert _error_of(lambda: Measure.from_parts(None, "mu", "range", number, 3)).field == "lower"


def test_integers_beyond_the_float_range_are_refused() -> None:
    error = _error_of(lambda: Measure(Q_(10**400, "mu")))
    assert isinstance(error, ValidationError)
    assert error.field == "quantity"
    assert _error_of(lambda: Measure.from_parts(1, "mu", "range", 0, 10**400)).field == "upper"


@pytest.mark.parametrize("number", ["7800", True, None, [1], complex(1, 1)])
def test_non_numbers_are_refused_from_parts(number: object) -> None:
    assert _error_of(lambda: Measure.from_parts(number, "mu")).field == "quantity"


def test_lower_above_upper() -> None:
    error = _error_of(lambda: Measure.range(Q_(400, "tonne"), Q_(200, "tonne")))
    assert isinstance(error, ValidationError)
    assert error.field == "lower"


def test_lower_above_upper_after_conversion() -> None:
    error = _error_of(lambda: Measure.range(Q_(2, "hectare"), Q_(15, "mu")))
    assert error.field == "lower"


@pytest.mark.parametrize("where", ["lower", "upper"])
def test_bounds_in_another_dimension(where: str) -> None:
    bounds = {"lower": Q_(1, "mu"), "upper": Q_(2, "mu")}
    bounds[where] = Q_(2, "kg")
    # The value's unit (mu) is the measure's; a bound in kilograms cannot be expressed in it.
    error = _error_of(lambda: Measure(Q_(1.5, "mu"), "range", bounds["lower"], bounds["upper"]))
    assert isinstance(error, ValidationError)
    assert error.field == where


def test_currency_bound_against_another_currency() -> None:
    error = _error_of(lambda: Measure.range(Q_(1, "CNY"), Q_(2, "USD")))
    assert error.field == "upper"


def test_unknown_unit_from_parts() -> None:
    error = _error_of(lambda: Measure.from_parts(1, "blorp"))
    assert isinstance(error, UnitError)
    assert error.field == "unit"


def test_unknown_unit_of_another_registry() -> None:
    other = pint.UnitRegistry()
    other.define("blorp = 3 * meter")
    error = _error_of(lambda: Measure(other.Quantity(1, "blorp")))
    assert isinstance(error, UnitError)
    assert error.field is not None


def test_plain_number_instead_of_quantity() -> None:
    error = _error_of(lambda: Measure(7800))  # type: ignore[arg-type]
    assert isinstance(error, UnitError)
    assert error.field == "quantity"


def test_missing_quantity() -> None:
    assert _error_of(lambda: Measure(None)).field == "quantity"
    assert _error_of(lambda: Measure(None, "at_least", Q_(1, "mu"))).field == "quantity"


@pytest.mark.parametrize("qualifier", ["roughly", "", "EXACT", 3, None])
def test_unknown_qualifier(qualifier: object) -> None:
    error = _error_of(lambda: Measure(Q_(1, "mu"), qualifier))  # type: ignore[arg-type]
    assert isinstance(error, ValidationError)
    assert error.field == "qualifier"


@pytest.mark.parametrize(
    ("lower", "upper", "missing"),
    [(None, Q_(2, "mu"), "lower"), (Q_(1, "mu"), None, "upper")],
)
def test_range_missing_a_bound(lower: object, upper: object, missing: str) -> None:
    error = _error_of(lambda: Measure(Q_(1.5, "mu"), "range", lower, upper))  # type: ignore[arg-type]
    assert error.field == missing
    error = _error_of(lambda: Measure.from_parts(None, "mu", "range", None, None))
    assert error.field in ("lower", "upper")


@pytest.mark.parametrize(
    ("qualifier", "lower", "upper", "field"),
    [
        ("exact", 3, None, "lower"),
        ("exact", None, 5, "upper"),
        ("about", 4, None, "lower"),
        ("about", None, 4, "upper"),
        ("at_least", 3, None, "lower"),
        ("at_least", None, 9, "upper"),
        ("at_most", 1, None, "lower"),
        ("at_most", None, 5, "upper"),
        ("nearly", 4, None, "lower"),
        ("nearly", None, 3, "upper"),
    ],
)
def test_explicit_bounds_disagreeing_with_the_qualifier(
    qualifier: str, lower: int | None, upper: int | None, field: str
) -> None:
    def quantity(number: int | None) -> object:
        return None if number is None else Q_(number, "mu")

    error = _error_of(lambda: Measure(Q_(4, "mu"), qualifier, quantity(lower), quantity(upper)))  # type: ignore[arg-type]
    assert isinstance(error, ValidationError)
    assert error.field == field
    assert _error_of(lambda: Measure.from_parts(4, "mu", qualifier, lower, upper)).field == field


def test_explicit_bounds_agreeing_with_the_qualifier_are_accepted() -> None:
    assert Measure(Q_(4, "mu"), "at_least", Q_(4, "mu")) == Measure(Q_(4, "mu"), "at_least")
    assert Measure.from_parts(4, "mu", "nearly", None, 4) == Measure(Q_(4, "mu"), "nearly")


@pytest.mark.parametrize("where", ["quantity", "lower", "upper"])
def test_arrays_are_refused(where: str) -> None:
    parts: dict[str, object] = {"quantity": None, "lower": Q_(1, "mu"), "upper": Q_(3, "mu")}
    parts[where] = Q_(np.array([1.0, 2.0]), "mu")
    error = _error_of(lambda: Measure(parts["quantity"], "range", parts["lower"], parts["upper"]))  # type: ignore[arg-type]
    assert isinstance(error, ValidationError)
    assert error.field == where


def test_every_measure_error_is_also_a_value_error() -> None:
    for build in (
        lambda: Measure(Q_(float("nan"), "mu")),
        lambda: Measure.from_parts(1, "blorp"),
        lambda: Measure(Q_(1, "mu"), "roughly"),
    ):
        with pytest.raises(ValueError):  # noqa: PT011 - the class hierarchy is what is tested
            build()


# --- immutability -----------------------------------------------------------------------------


def test_measure_is_frozen() -> None:
    import attrs

    measure = Measure(Q_(7800, "mu"))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        measure.magnitude = 1  # type: ignore[misc]
    assert not hasattr(measure, "__dict__")


def test_changing_a_handed_out_quantity_changes_nothing() -> None:
    measure = Measure(Q_(7800.5, "mu"), "at_least")
    quantity = measure.quantity
    quantity.ito("hectare")
    assert str(quantity.units) == "hectare"
    assert measure.quantity == Q_(7800.5, "mu")
    assert str(measure.quantity.units) == "mu"
    assert measure.unit == "mu"

    quantity = measure.quantity
    quantity *= 2
    assert quantity.magnitude == 15601.0
    assert measure.quantity.magnitude == 7800.5

    lower = measure.lower
    assert lower is not None
    lower.ito("m ** 2")
    assert measure.lower == Q_(7800.5, "mu")


def test_magnitude_of_a_handed_out_quantity_cannot_be_set() -> None:
    measure = Measure(Q_(7800, "mu"))
    with pytest.raises(AttributeError):
        measure.quantity.magnitude = 1  # type: ignore[misc]
    assert measure.quantity.magnitude == 7800


def test_each_access_hands_out_a_new_quantity() -> None:
    measure = Measure(Q_(7800, "mu"))
    first = measure.quantity
    first._magnitude = 1  # even a private poke does not reach the measure
    assert measure.quantity.magnitude == 7800
    assert measure.quantity is not measure.quantity


def test_the_input_quantity_can_change_afterwards() -> None:
    given = Q_(7800, "mu")
    measure = Measure(given)
    given.ito("hectare")
    assert measure.quantity == Q_(7800, "mu")
    array = np.array(3.0)
    measure = Measure(Q_(array, "mu"))
    array[...] = 9.0
    assert measure.magnitude == 3.0


# --- identity ---------------------------------------------------------------------------------


def test_identity_is_the_value_as_stated() -> None:
    in_mu, in_hectares = Measure(Q_(7800, "mu")), Measure(Q_(520, "hectare"))
    assert in_mu != in_hectares
    assert len({in_mu, in_hectares}) == 2
    assert in_mu.to("hectare").magnitude == pytest.approx(520)


def test_equal_measures_hash_alike() -> None:
    pairs = [
        (Measure(Q_(7800, "mu")), Measure(Q_(7800, "亩"))),
        (Measure(Q_(1, "mu")), Measure(Q_(1.0, "mu"))),
        (Measure(Q_(2, "ha")), Measure(Q_(2, "hectare"))),
        (Measure(Q_(3, "yuan")), Measure.from_parts(3, "CNY")),
    ]
    for first, second in pairs:
        assert first == second
        assert hash(first) == hash(second)
        assert len({first, second}) == 1


def test_qualifier_is_part_of_the_identity() -> None:
    assert Measure(Q_(3, "mu"), "at_most") != Measure(Q_(3, "mu"), "nearly")


def test_measure_of_another_registry() -> None:
    other = pint.UnitRegistry()
    measure = Measure(other.Quantity(2, "hectare"))
    assert measure == Measure(Q_(2, "hectare"))
    assert measure.quantity._REGISTRY is ureg
    ranged = Measure.range(other.Quantity(1, "hectare"), other.Quantity(150, "are"))
    assert ranged.upper_magnitude == pytest.approx(1.5)


# --- pickling ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "measure",
    [
        Measure(Q_(7800, "mu"), "at_least"),
        Measure.range(Q_(200, "tonne"), Q_(400, "tonne")),
        Measure(Q_(3.7, "wan yuan"), "about"),
    ],
)
def test_pickle_round_trip(measure: Measure) -> None:
    copy = pickle.loads(pickle.dumps(measure))
    assert copy == measure
    assert hash(copy) == hash(measure)
    assert copy.quantity._REGISTRY is ureg
    assert copy.quantity.dimensionality == measure.quantity.dimensionality


def test_pickled_mu_is_an_area_in_a_fresh_process(run_python: Callable[[str], str]) -> None:
    payload = pickle.dumps(Measure(Q_(7800, "mu"), "at_least"))
    output = run_python(
        f"""
        import pickle
        import swchina_dev as sw
        measure = pickle.loads({payload!r})
        print(measure.quantity.dimensionality, measure.quantity._REGISTRY is sw.ureg)
        print(measure == sw.Measure(sw.Q_(7800, "mu"), "at_least"))
        print(measure.to("hectare").lower.magnitude)
        """
    )
    assert output.splitlines() == ["[length] ** 2 True", "True", "520.0"]


# --- conversion -------------------------------------------------------------------------------


def test_to_converts_value_and_bounds() -> None:
    converted = Measure(Q_(7800, "mu"), "at_least").to("hectare")
    assert converted.unit == "hectare"
    assert converted.qualifier is Qualifier.AT_LEAST
    assert converted.magnitude == pytest.approx(520)
    assert converted.lower_magnitude == pytest.approx(520)
    assert converted.upper_magnitude is None
    ranged = Measure.range(Q_(200, "jin"), Q_(400, "jin")).to("kg")
    assert (ranged.lower_magnitude, ranged.magnitude, ranged.upper_magnitude) == (100, 150, 200)


def test_to_the_same_unit_keeps_the_measure() -> None:
    measure = Measure(Q_(7800, "mu"))
    assert measure.to("亩") == measure


def test_to_another_dimension_raises() -> None:
    with pytest.raises(ConversionError) as caught:
        Measure(Q_(7800, "mu")).to("kg")
    assert caught.value.field == "unit"
    with pytest.raises(ConversionError, match="dated rate"):
        Measure(Q_(1, "CNY")).to("USD")


def test_to_that_overflows_raises() -> None:
    with pytest.raises(ConversionError):
        Measure(Q_(1e308, "mu")).to("m ** 2")


def test_convert_unit_on_measures_and_quantities() -> None:
    measure = Measure(Q_(15, "mu"), "nearly")
    assert convert_unit(measure, "hectare") == measure.to("hectare")
    quantity = convert_unit(Q_(15, "mu"), "hectare")
    assert quantity._REGISTRY is ureg
    assert quantity.magnitude == pytest.approx(1)
    other = pint.UnitRegistry()
    assert convert_unit(other.Quantity(1, "hectare"), "mu").magnitude == pytest.approx(15)


def test_convert_unit_on_numpy_arrays() -> None:
    converted = convert_unit(Q_(np.array([15.0, 30.0, 7800.0]), "mu"), "hectare")
    assert isinstance(converted.magnitude, np.ndarray)
    np.testing.assert_allclose(converted.magnitude, [1.0, 2.0, 520.0], rtol=1e-12)
    jin = convert_unit(Q_(np.arange(4), "jin"), "kg")
    np.testing.assert_allclose(jin.magnitude, [0.0, 0.5, 1.0, 1.5])


def test_convert_magnitudes_columns() -> None:
    column = np.linspace(0, 1500, 7)
    hectares, nothing, one = convert_magnitudes((column, None, 15), "mu", "hectare")
    np.testing.assert_allclose(hectares, column / 15, rtol=1e-12)
    assert nothing is None
    assert one == pytest.approx(1)


def test_convert_unit_errors() -> None:
    with pytest.raises(ConversionError):
        convert_unit(Q_(np.array([1.0]), "jin"), "m")
    with pytest.raises(ConversionError):
        convert_unit(Q_(1, "CNY"), "USD")
    with pytest.raises(UnitError) as caught:
        convert_unit(3, "USD")  # type: ignore[call-overload]
    assert caught.value.field == "value"
    with pytest.raises(UnitError):
        convert_unit(Q_(1, "mu"), "blorp")


def test_measure_quantity_is_an_area() -> None:
    assert Measure(Q_(1, "mu")).quantity.dimensionality == AREA
