"""The library's one pint unit registry, with Chinese market units, wan/yi and currencies.

The registry is built on first use (not at import), once, under a lock, from pint's defaults plus
the definitions in the package resource `data/units.txt`. Those are loaded before anything is
parsed, so `mu` is the Chinese 亩 (1/15 ha) in every parse path, never pint's
milli-atomic-mass-unit, and `li` is the market li (500 m), not pint's survey link.

Currencies are dimensions of their own (`[currency_CNY]`, `[currency_USD]`): adding yuan to
dollars fails, and converting between them takes a dated rate.

The registry is shared by the whole library, so its definitions are fixed once built:
`ureg.define(...)` and `ureg.load_definitions(...)` raise [UnitError][swchina_dev.UnitError]
(define your own units in your own `pint.UnitRegistry` and hand quantities over with
[as_quantity][swchina_dev.units.expressions.as_quantity]). The unit strings the library stores are
spelled in pint's default format whatever `ureg.formatter.default_format` a caller sets for display.
Quantities and units of this registry unpickle into it (in any process), not into pint's application
registry; [set_as_application_registry][swchina_dev.units.registry.set_as_application_registry]
makes it that registry too, for code that relies on it.

Text is read by the library's own reader before pint sees it (pint evaluates text as arithmetic:
`Q_("9**9**9 m")` would compute for minutes): `Q_`, `ureg(...)`, `ureg.Quantity`, `ureg.Unit`
and `.to(...)` accept a number (optional) and a unit expression, that is unit names joined by
`*`, `/` and spaces, with parentheses and small integer powers, at most 200 characters (see
[swchina_dev.units.text][swchina_dev.units.text]); anything else is refused with
[UnitError][swchina_dev.UnitError].

This module is the only one that touches pint's loosely typed API; the rest of the library goes
through the functions here.

Examples:
    >>> from swchina_dev import Q_
    >>> Q_(7800, "mu").to("hectare")
    <Quantity(520.0, 'hectare')>
    >>> Q_("1 mu").dimensionality
    <UnitsContainer({'[length]': 2})>
    >>> Q_(3.7, "wan yuan").to("CNY")
    <Quantity(37000.0, 'CNY')>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from swchina_dev.units.dimensions import (
    CURRENCY,
    currency_code,
    currency_dimension,
    currency_of,
    dimensionality,
    dimensions_of,
    has_dimensionality,
    is_currency,
)
from swchina_dev.units.display import LANGUAGES, display_unit
from swchina_dev.units.expressions import (
    MAX_POWER,
    as_quantity,
    canonical_unit,
    check_unit_text,
    make_quantity,
    replace_factor,
    unit_factors,
    unit_ratio,
    unit_text,
)
from swchina_dev.units.magnitudes import (
    check_finite,
    checked_overflow,
    conversion_factor,
    convert_magnitudes,
    convert_quantity,
    quantity_array,
)
from swchina_dev.units.registry import get_registry, set_as_application_registry

if TYPE_CHECKING:
    from swchina_dev.units.registry import Quantity as Quantity
    from swchina_dev.units.registry import Registry as Registry

    ureg: Registry
    Q_: type[Quantity]

__all__ = [
    "CURRENCY",
    "LANGUAGES",
    "MAX_POWER",
    "Q_",
    "as_quantity",
    "canonical_unit",
    "check_finite",
    "check_unit_text",
    "checked_overflow",
    "conversion_factor",
    "convert_magnitudes",
    "convert_quantity",
    "currency_code",
    "currency_dimension",
    "currency_of",
    "dimensionality",
    "dimensions_of",
    "display_unit",
    "get_registry",
    "has_dimensionality",
    "is_currency",
    "make_quantity",
    "quantity_array",
    "replace_factor",
    "set_as_application_registry",
    "unit_factors",
    "unit_ratio",
    "unit_text",
    "ureg",
]


def __getattr__(name: str) -> Any:
    # `ureg` and `Q_` are attributes built on first access, not on import.
    if name == "ureg":
        return get_registry()
    if name == "Q_":
        return get_registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
