"""Dimensions of units: dimensionality, and currencies as dimensions of their own.

Currencies are dimensions of the registry (`[currency_CNY]`, `[currency_USD]`): this module is
the one place that knows how they are spelled.
"""

from __future__ import annotations

import functools
from typing import Any, Final

from swchina_dev.errors import UnitError
from swchina_dev.units.expressions import MAX_POWER, canonical_unit, check_unit_text
from swchina_dev.units.registry import get_registry

__all__ = [
    "CURRENCY",
    "currency_code",
    "currency_dimension",
    "currency_of",
    "dimensionality",
    "dimensions_of",
    "has_dimensionality",
    "is_currency",
]

# How the registry names currency dimensions: "[currency_CNY]".
_CURRENCY_PREFIX: Final = "[currency_"
#: The pseudo-dimension a metric names when any currency will do.
CURRENCY: Final = "[currency]"


def currency_code(dimension: str) -> str | None:
    """Return the currency code of a currency dimension, or None for any other dimension.

    Examples:
        >>> currency_code("[currency_CNY]"), currency_code("[length]")
        ('CNY', None)
    """
    if dimension.startswith(_CURRENCY_PREFIX) and dimension.endswith("]"):
        return dimension[len(_CURRENCY_PREFIX) : -1]
    return None


def currency_dimension(code: str) -> str:
    """Return the registry's dimension of a currency code.

    Examples:
        >>> currency_dimension("CNY")
        '[currency_CNY]'
    """
    return f"{_CURRENCY_PREFIX}{code}]"


def dimensionality(unit: str) -> str:
    """Return the dimensionality of a unit as a string.

    Args:
        unit: A unit the registry knows.

    Returns:
        pint's dimensionality text: `"[length] ** 2"` for mu, `"[currency_CNY]"` for yuan,
        `"dimensionless"` for counts and percentages.

    Examples:
        >>> dimensionality("mu")
        '[length] ** 2'
    """
    text = str(dimensions_of(unit))
    return text or "dimensionless"


def dimensions_of(unit: str) -> Any:
    """Return pint's dimensionality container of a unit (empty for dimensionless units)."""
    return _dimensions_of_canonical(canonical_unit(unit))


@functools.lru_cache(maxsize=1024)
def _dimensions_of_canonical(unit: str) -> Any:
    # Through a Unit object: pint's get_dimensionality() fails on the text "dimensionless".
    return get_registry().Unit(unit).dimensionality


def currency_of(unit: str) -> str | None:
    """Return the one currency a unit holds, to the first power, or None.

    Examples:
        >>> currency_of("wan * CNY / year"), currency_of("mu"), currency_of("CNY * USD")
        ('CNY', None, None)
    """
    codes = [
        code
        for dimension, power in dict(dimensions_of(unit)).items()
        if power == 1 and (code := currency_code(dimension)) is not None
    ]
    return codes[0] if len(codes) == 1 else None


def is_currency(unit: str) -> bool:
    """Tell whether a unit is a currency (yuan, dollars, ...), possibly scaled.

    Examples:
        >>> is_currency("yuan"), is_currency("wan * CNY"), is_currency("mu")
        (True, True, False)
    """
    return len(dimensions_of(unit)) == 1 and currency_of(unit) is not None


def has_dimensionality(unit: str, expected: str) -> bool:
    """Tell whether a unit has the dimensionality a metric expects.

    Args:
        unit: A unit the registry knows.
        expected: A pint dimensionality expression (`"[area]"`, `"1 / [time]"`, `""` for
            dimensionless); `CURRENCY` (`"[currency]"`) stands for any single currency.

    Returns:
        True when they match.

    Examples:
        >>> has_dimensionality("mu", "[area]")
        True
        >>> has_dimensionality("USD / year", "[currency] / [time]")
        True
        >>> has_dimensionality("CNY", "[area]")
        False
    """
    if not (isinstance(unit, str) and isinstance(expected, str)):
        raise UnitError("a unit and a dimensionality are text", field="dimensionality")
    return _has_dimensionality(unit, expected)


# Every indicator checks its unit against its metric: few distinct pairs, checked once each.
# Failures raise and are not cached; the registry never changes once built.
@functools.lru_cache(maxsize=1024)
def _has_dimensionality(unit: str, expected: str) -> bool:
    registry = get_registry()
    # "dimensionless" (what dimensionality() returns) is not a unit pint's parser knows.
    dimensionless = expected.strip() in ("", "dimensionless")
    if not dimensionless:  # checked first: pint evaluates what it parses ("[length] ** 9 ** 9")
        check_unit_text(expected, "dimensionality")
    actual = dimensions_of(unit)
    currencies = [dim for dim in actual if dim.startswith(_CURRENCY_PREFIX)]
    if CURRENCY in expected:
        if len(currencies) != 1:
            return False
        expected = expected.replace(CURRENCY, currencies[0])
    elif currencies:
        return False
    try:
        wanted = dimensions_of("") if dimensionless else registry.get_dimensionality(expected)
    except Exception as error:  # pint raises several unrelated types for bad expressions
        raise UnitError(
            f"bad dimensionality {expected!r}: {error}", field="dimensionality"
        ) from error
    if any(abs(power) > MAX_POWER for power in wanted.values()):
        raise UnitError(
            f"dimensionality {expected!r} has a power beyond ±{MAX_POWER}", field="dimensionality"
        )
    return bool(actual == wanted)
