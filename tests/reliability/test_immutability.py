"""Nothing the library hands out can be changed in place to alter what a later caller sees."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pint
import pytest

import swchina_dev as sw
from swchina_dev import Q_, Measure, UnitError
from swchina_dev.units import canonical_unit, get_registry
from tests.reliability.harness import meanings, untyped


def test_bundled_collections_and_records_are_frozen() -> None:
    dataset = sw.load()
    bijie = dataset.regions["520500"]
    with pytest.raises(AttributeError):
        dataset.indicators = untyped(dataset.regions)
    with pytest.raises(AttributeError):
        dataset.regions._items = ()
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        bijie.name = "Atlantis"  # type: ignore[misc]
    with pytest.raises(TypeError):
        bijie.aliases[0] = "Atlantis"  # type: ignore[index]
    assert isinstance(dataset.regions.keys(), tuple)
    assert isinstance(dataset.lookup_all("Chaoyang"), tuple)
    evolved = attrs.evolve(bijie, name="Atlantis")
    assert evolved.name == "Atlantis"
    assert sw.load().regions["520500"].name == "Bijie City"
    assert sw.load().lookup("Bijie") is bijie


def test_the_rate_table_and_rates_are_frozen() -> None:
    rows = sw.conversion.rate_table()
    assert isinstance(rows, tuple)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rows[0].cny_per_usd = 1.0  # type: ignore[misc]
    rate = sw.exchange_rate("USD", "CNY", 2021)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        rate.value = 1.0  # type: ignore[misc]
    quantity = rate.quantity
    quantity *= 2  # a new object: the rate's quantity is built on each access
    quantity.ito("CNY / cent")
    assert sw.exchange_rate("USD", "CNY", 2021).quantity.magnitude == 6.4491
    assert sw.conversion.rate_table() == rows


def test_quantities_held_by_models_keep_their_meaning() -> None:
    measure = Measure(Q_(7800, "mu"), "at_least")
    quantity = measure.quantity
    quantity.ito("hectare")
    quantity._magnitude = -1  # as far as a caller can reach into pint
    lower = measure.lower
    assert lower is not None
    lower.ito("meter ** 2")
    assert measure.quantity == Q_(7800, "mu")
    assert measure.lower == Q_(7800, "mu")
    assert measure.to("hectare").magnitude == 520
    indicator = sw.load().indicators["s000-chengmanyuan-fruit-area"]
    indicator.measure.quantity.ito("hectare")
    assert indicator.measure.unit == "mu"


def test_an_array_given_to_a_conversion_is_not_changed() -> None:
    values = np.array([15.0, 30.0])
    converted = sw.convert_unit(Q_(values, "mu"), "hectare")
    converted.magnitude[0] = 99.0
    assert list(values) == [15.0, 30.0]


@pytest.mark.parametrize(
    "definition",
    ["mu = 2 * hectare", "jin = 1 * kilogram", "blorp = 3 * meter", "@alias mu = muu", ""],
)
def test_the_shared_registry_refuses_new_definitions(definition: str) -> None:
    before = meanings()
    registry = get_registry()
    with pytest.raises(UnitError) as caught:
        registry.define(definition)
    assert caught.value.field == "definition"
    assert "pint.UnitRegistry()" in str(caught.value)
    with pytest.raises(UnitError):
        registry.load_definitions([definition])
    assert meanings() == before
    assert Q_(15, "mu").to("hectare").magnitude == pytest.approx(1)


def test_pint_contexts_still_work_on_the_shared_registry() -> None:
    with get_registry().context("sp"):
        assert Q_(500, "nm").to("THz").magnitude == pytest.approx(599.584916)
    assert Q_(1, "mu").check("[area]")


def test_a_display_format_set_by_a_caller_does_not_change_unit_names() -> None:
    registry = get_registry()
    previous = registry.formatter.default_format
    registry.formatter.default_format = "~P"
    try:
        assert f"{Q_(1, 'km ** 2')}" == "1 km²"  # the caller's display works
        assert canonical_unit("km ** 2 / day") == "kilometer ** 2 / day"
        assert canonical_unit(Q_(1, "CNY / year").units) == "CNY / year"
        assert Measure(Q_(1, "km ** 2")).unit == "kilometer ** 2"
        assert sw.parse_quantity("5 tonnes per day").unit == "metric_ton / day"
        assert str(sw.convert_unit(Q_(7800, "mu"), "ha").units) == "ha"  # displayed as asked
        assert sw.convert_unit(Q_(7800, "mu"), "ha").to("mu").magnitude == pytest.approx(7800)
        conversion = sw.convert_currency(Q_(3.7, "wan * CNY / year"), "USD", 2024)
        assert canonical_unit(conversion.value.units) == "USD * wan / year"
        assert sw.check_conversion(Q_(7800, "mu"), Q_(520, "hectare")).consistent
    finally:
        registry.formatter.default_format = previous


def test_importing_and_using_the_library_leaves_pints_application_registry_alone(
    run_python: object,
) -> None:
    output = run_python(  # type: ignore[operator]
        """
        import pint
        default = pint.get_application_registry().get()
        import swchina_dev as sw
        sw.load(); sw.ureg; sw.parse_quantity("7,800 mu")
        assert pint.get_application_registry().get() is default
        assert pint.Quantity(1, "mu").check("[mass]")  # pint's own meaning, untouched
        print("ok")
        """
    )
    assert output.strip() == "ok"


def test_quantities_of_another_registry_are_not_changed_by_the_library() -> None:
    other: pint.UnitRegistry[Any] = pint.UnitRegistry()
    quantity = other.Quantity(2, "hectare")
    Measure(quantity)
    sw.convert_unit(quantity, "mu")
    assert quantity == other.Quantity(2, "hectare")
    assert quantity._REGISTRY is other
