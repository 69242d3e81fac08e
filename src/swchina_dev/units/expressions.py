"""Unit expressions: reading unit text safely, spelling units, building quantities.

Unit text is checked by the library's own tokenizer before pint sees it (pint evaluates what it
parses, so `"m ** 9 ** 9 ** 9"` would run for ever); canonical spellings are cached per text.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any

from swchina_dev.errors import UnitError
from swchina_dev.units.registry import get_registry
from swchina_dev.units.text import MAX_POWER, check_unit_text

if TYPE_CHECKING:
    from pint.facets.plain import PlainUnit

    from swchina_dev.units.registry import Quantity

__all__ = [
    "MAX_POWER",
    "as_quantity",
    "canonical_unit",
    "check_unit_text",
    "make_quantity",
    "replace_factor",
    "unit_factors",
    "unit_ratio",
    "unit_text",
]


def canonical_unit(unit: str | PlainUnit) -> str:
    """Return the registry's canonical spelling of a unit.

    Args:
        unit: A unit name or expression (`"ha"`, `"亩"`, `"CNY / year"`) or a pint Unit.

    Returns:
        The canonical unit string (`"hectare"`, `"mu"`, `"CNY / year"`); `"dimensionless"`
        for the empty unit.

    Raises:
        UnitError: The unit is unknown or the expression is not a plain unit expression.

    Examples:
        >>> canonical_unit("ha")
        'hectare'
        >>> canonical_unit("亩")
        'mu'
    """
    if not isinstance(unit, str):
        from pint.facets.plain import PlainUnit

        return _canonical_text(unit_text(unit) if isinstance(unit, PlainUnit) else str(unit))
    return _canonical_text(unit)


# Unit texts recur (every measure of a column has the same): parse each once. Failures raise
# and are not cached; the registry never changes after it is built, so the cache stays valid.
@functools.lru_cache(maxsize=4096)
def _canonical_text(unit: str) -> str:
    registry = get_registry()
    if not unit.strip():
        return "dimensionless"
    check_unit_text(unit)
    try:
        parsed = registry.parse_units(unit)
    except Exception as error:  # pint raises several unrelated types for unknown units
        raise UnitError(f"unknown unit {unit!r}: {error}", field="unit") from error
    # Nested parentheses still multiply powers: "((m ** 99) ** 99) ** 99".
    if any(abs(power) > MAX_POWER for power in parsed._units.values()):
        raise UnitError(f"unit {unit!r} has a power beyond ±{MAX_POWER}", field="unit")
    return unit_text(parsed)


def unit_text(unit: PlainUnit) -> str:
    """Spell a pint unit (or a unit container) in pint's default format.

    Independent of the registry's `formatter.default_format`, which a caller may change for
    display (`"~P"` writes `km²`): the library's unit strings do not change with it.

    Examples:
        >>> unit_text(get_registry().Unit("km ** 2 / day"))
        'kilometer ** 2 / day'
    """
    return format(unit, "D") or "dimensionless"


def make_quantity(magnitude: float, unit: str) -> Quantity:
    """Build a fresh quantity of the library's registry.

    Args:
        magnitude: The number.
        unit: A unit the registry knows (see
            [canonical_unit][swchina_dev.units.expressions.canonical_unit]).

    Returns:
        A new `pint.Quantity`; changing it changes nothing else.

    Raises:
        UnitError: The unit is unknown.
    """
    return get_registry().Quantity(magnitude, canonical_unit(unit))


def as_quantity(value: Any) -> Quantity:
    """Accept a quantity from this or another pint registry as one of the library's registry.

    A quantity built with another `pint.UnitRegistry` is re-expressed by its canonical unit
    name, which keeps its meaning (pint's milli-atomic-mass-unit stays a mass; it is only the bare
    text `"mu"` that means 亩 here). Plain numbers are not accepted: a value needs a unit.

    Args:
        value: A `pint.Quantity` with a scalar magnitude.

    Returns:
        A new quantity of the library's registry.

    Raises:
        UnitError: `value` is not a quantity, or its unit is unknown to the library's registry.

    Examples:
        >>> import pint
        >>> other = pint.UnitRegistry()
        >>> as_quantity(other.Quantity(2, "hectare"))
        <Quantity(2, 'hectare')>
    """
    import pint

    if not isinstance(value, pint.Quantity):
        raise UnitError(
            "expected a pint Quantity such as swchina_dev.Q_(7800, 'mu'), "
            f"got {type(value).__name__}",
            field="quantity",
        )
    registry = get_registry()
    if value._REGISTRY is registry:
        return registry.Quantity(value.magnitude, value.units)
    try:
        return make_quantity(value.magnitude, unit_text(value.units))
    except UnitError as error:
        raise UnitError(
            f"{error.message}; a quantity of another pint registry is accepted by its unit name, "
            "so convert it first to a unit this library knows (value.to('hectare'), "
            "value.to_base_units()) or build it with swchina_dev.Q_",
            field=error.field,
        ) from None


def unit_factors(unit: str) -> tuple[tuple[str, Any], ...]:
    """Return the named factors of a unit expression with their powers.

    Examples:
        >>> unit_factors("wan * CNY / year")
        (('CNY', 1), ('wan', 1), ('year', -1))
    """
    canonical = canonical_unit(unit)
    if canonical == "dimensionless":
        return ()
    return tuple(get_registry().parse_units_as_container(canonical).items())


def replace_factor(unit: str, old: str, new: str) -> str:
    """Return `unit` with its factor `old` replaced by `new` at the same power.

    Examples:
        >>> replace_factor("wan * CNY / year", "CNY", "USD")
        'USD * wan / year'
    """
    power = dict(unit_factors(unit))[canonical_unit(old)]
    registry = get_registry()
    return canonical_unit(
        registry.Unit(unit) / registry.Unit(old) ** power * registry.Unit(new) ** power
    )


def unit_ratio(numerator: str, denominator: str) -> str:
    """Return the unit of a ratio of two units.

    Examples:
        >>> unit_ratio("hectare", "mu")
        'hectare / mu'
    """
    return _unit_ratio(numerator, denominator)


# Failures raise and are not cached; the registry never changes once built.
@functools.lru_cache(maxsize=1024)
def _unit_ratio(numerator: str, denominator: str) -> str:
    registry = get_registry()
    return canonical_unit(registry.Unit(numerator) / registry.Unit(denominator))
