"""Quantities of other pint registries, and pickling: in this process and across processes."""

from __future__ import annotations

import copy
import pickle
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Any

import numpy as np
import pint
import pytest

import swchina_dev as sw
from swchina_dev import Q_, ConversionError, Measure, UnitError
from swchina_dev.units import get_registry

OTHER: pint.UnitRegistry[Any] = pint.UnitRegistry()
OTHER.define("blorp = 3 * meter")


# -- quantities a user builds with their own registry ---------------------------------------------


def test_another_registrys_quantity_is_accepted_by_its_unit_name() -> None:
    hectares = OTHER.Quantity(2, "hectare")
    assert sw.units.as_quantity(hectares)._REGISTRY is get_registry()
    assert Measure(hectares) == Measure(Q_(2, "hectare"))
    assert sw.convert_unit(hectares, "mu").magnitude == pytest.approx(30)
    assert sw.total([Q_(15, "mu"), hectares], "hectare").magnitude == pytest.approx(3)


def test_another_registrys_mu_keeps_pints_meaning() -> None:
    # Re-expressed by its canonical name, pint's mu stays a mass: never silently 亩.
    mass = sw.units.as_quantity(OTHER.Quantity(1, "mu"))
    assert mass.check("[mass]")
    with pytest.raises(ConversionError):
        sw.convert_unit(OTHER.Quantity(1, "mu"), "hectare")


def test_a_unit_only_another_registry_knows_is_refused_with_the_fix() -> None:
    with pytest.raises(UnitError) as caught:
        Measure(OTHER.Quantity(2, "blorp"))
    message = str(caught.value)
    assert "blorp" in message
    assert "convert it first" in message
    assert caught.value.field in ("quantity", "unit")
    assert Measure(OTHER.Quantity(2, "blorp").to("meter")).magnitude == 6


# -- pickling -------------------------------------------------------------------------------------


def _samples() -> dict[str, object]:
    dataset = sw.load()
    return {
        "quantity": Q_(7800, "mu"),
        "array": Q_(np.array([15.0, 30.0]), "mu / year"),
        "unit": Q_(1, "wan * CNY").units,
        "measure": Measure(Q_(7800, "mu"), "at_least"),
        "range": Measure.range(Q_(200, "tonne"), Q_(400, "tonne")),
        "indicator": dataset.indicators["s000-chengmanyuan-fruit-area"],
        "region": dataset.regions["520500"],
        "period": sw.Period.parse("2016/2020"),
        "rate": sw.exchange_rate("USD", "CNY", 2021),
        "error": sw.ParseError("bad", field="text", record="r1"),
    }


def _same(first: Any, second: Any) -> bool:
    if isinstance(first, pint.Quantity):
        return bool(np.all(first == second)) and first.units == second.units
    if isinstance(first, sw.SwchinaDevError):
        return str(first) == str(second) and first.field == second.field
    return bool(first == second)


@pytest.mark.parametrize("name", list(_samples()))
def test_pickling_keeps_a_value_working(name: str) -> None:
    value = _samples()[name]
    copied = pickle.loads(pickle.dumps(value))
    assert _same(value, copied)
    assert _same(value, copy.deepcopy(value))


def test_a_pickled_mu_comes_back_as_an_area_in_the_library_registry() -> None:
    copied = pickle.loads(pickle.dumps(Q_(1, "mu")))
    assert copied._REGISTRY is get_registry()
    assert copied.check("[area]")
    assert copied.to("hectare").magnitude == pytest.approx(1 / 15)
    unit = pickle.loads(pickle.dumps(Q_(1, "mu").units))
    assert unit._REGISTRY is get_registry()
    application = pint.get_application_registry()  # type: ignore[no-untyped-call]
    assert application.get() is not get_registry()  # pint's left alone


def test_datasets_and_collections_pickle() -> None:
    dataset = sw.load()
    assert pickle.loads(pickle.dumps(dataset)) is dataset  # the bundled one is a reference
    regions = pickle.loads(pickle.dumps(dataset.regions))
    assert list(regions) == list(dataset.regions)
    assert regions["520500"] == dataset.regions["520500"]
    mine = sw.Dataset(
        regions=[region for region in dataset.regions if region.code in ("CN", "520000", "520100")],
        data_version="mine",
    )
    copied = pickle.loads(pickle.dumps(mine))
    assert copied.data_version == "mine"
    assert copied.lookup("Guiyang").code == "520100"
    assert copied is not mine


WRITE = """
import pickle, sys
import numpy as np
import swchina_dev as sw
from swchina_dev import Q_, Measure
dataset = sw.load()
values = {
    "quantity": Q_(7800, "mu"),
    "array": Q_(np.array([15.0, 30.0]), "mu / year"),
    "unit": Q_(1, "mu").units,
    "measure": Measure(Q_(7800, "mu"), "at_least"),
    "indicator": dataset.indicators["s000-chengmanyuan-fruit-area"],
    "dataset": dataset,
    "mine": sw.Dataset(regions=[dataset.regions[c] for c in ("CN", "520000", "520100")]),
}
with open(sys.argv[1], "wb") as file:
    pickle.dump(values, file)
"""

READ = """
import pickle, sys
import pint
with open(sys.argv[1], "rb") as file:
    values = pickle.load(file)  # swchina_dev is imported by the unpickling, registry cold
import swchina_dev as sw
from swchina_dev.units import get_registry
assert values["quantity"]._REGISTRY is get_registry()
assert values["quantity"].to("hectare").magnitude == 520
assert values["array"].to("hectare / year").magnitude.tolist() == [1.0, 2.0]
assert values["unit"].dimensionality == get_registry().Unit("hectare").dimensionality
assert values["measure"].to("hectare").lower.magnitude == 520
assert values["indicator"].measure.quantity.check("[area]")
assert values["dataset"] is sw.load()
assert values["mine"].lookup("Guiyang").code == "520100"
assert pint.get_application_registry().get() is not get_registry()
print("ok")
"""


def test_pickles_work_in_a_fresh_process(tmp_path: Path) -> None:
    path = tmp_path / "values.pickle"
    for code in (WRITE, READ):
        result = subprocess.run(
            [sys.executable, "-c", textwrap.dedent(code), str(path)],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_set_as_application_registry_is_explicit(run_python: object) -> None:
    output = run_python(  # type: ignore[operator]
        """
        import pickle
        import pint
        import swchina_dev as sw
        from swchina_dev.units import get_registry, set_as_application_registry
        # A quantity pickled by plain pint (before the library's registry existed) ...
        payload = pickle.dumps(pint.Quantity(1, "hectare"))
        assert pint.Quantity(1, "mu").check("[mass]")
        set_as_application_registry()
        assert pint.get_application_registry().get() is get_registry()
        # ... now unpickles into the library's registry, and pint's own "mu" is 亩.
        assert pickle.loads(payload)._REGISTRY is get_registry()
        assert pint.Quantity(1, "mu").check("[area]")
        assert round(sw.convert_unit(pickle.loads(payload), "mu").magnitude, 9) == 15
        print("ok")
        """
    )
    assert output.strip() == "ok"
