"""Magnitude conversion: numbers and numpy arrays between units of one dimension.

Every unit conversion in the library goes through `convert_magnitudes`, so errors read the same
everywhere and arrays are converted with one factor per unit pair, not one pint object per value.

Examples:
    >>> convert_magnitudes((7800,), "mu", "hectare")
    (520.0,)
"""

from __future__ import annotations

import contextlib
import functools
import math
import sys
from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any

from swchina_dev.errors import ConversionError, UnitError
from swchina_dev.optional import import_optional
from swchina_dev.units.dimensions import currency_of, dimensionality, dimensions_of
from swchina_dev.units.expressions import as_quantity, canonical_unit
from swchina_dev.units.registry import get_registry

if TYPE_CHECKING:
    from swchina_dev.units.registry import Quantity

__all__ = [
    "check_finite",
    "checked_overflow",
    "conversion_factor",
    "convert_magnitudes",
    "convert_quantity",
    "quantity_array",
]


def convert_magnitudes(values: Sequence[Any], from_unit: str, to_unit: str) -> tuple[Any, ...]:
    """Convert several magnitudes (numbers, numpy arrays or None) between two units.

    Args:
        values: Magnitudes in `from_unit`; None passes through as None.
        from_unit: The unit they are in.
        to_unit: The unit wanted.

    Returns:
        The converted magnitudes, in the same order.

    Raises:
        ConversionError: The two units have different dimensions (the message names both), or
            a finite magnitude overflows the float range in `to_unit`.
        UnitError: A unit is unknown.

    Examples:
        >>> convert_magnitudes((15, None), "mu", "hectare")
        (1.0, None)
    """
    source, target = canonical_unit(from_unit), canonical_unit(to_unit)
    if source == target:
        return tuple(values)
    registry = get_registry()
    factor = conversion_factor(source, target)
    with checked_overflow(target):
        if factor is None:  # offset units (degree Celsius): pint converts them value by value
            results = tuple(
                None if value is None else registry.convert(value, source, target)
                for value in values
            )
        else:
            results = tuple(None if value is None else value * factor for value in values)
    for value, result in zip(values, results, strict=True):
        check_finite(value, result, target)  # never a silent infinity from an overflow
    return results


def conversion_factor(from_unit: str, to_unit: str) -> float | None:
    """The factor that converts magnitudes from one unit to another of the same dimension.

    Args:
        from_unit: The unit magnitudes are in.
        to_unit: The unit wanted.

    Returns:
        The factor (a magnitude in `to_unit` is the one in `from_unit` times it), or None for
        units with an offset (degree Celsius), which convert value by value.

    Raises:
        ConversionError: The two units have different dimensions (the message names both).
        UnitError: A unit is unknown.

    Examples:
        >>> conversion_factor("mu", "hectare") == 1 / 15
        True
    """
    source, target = canonical_unit(from_unit), canonical_unit(to_unit)
    if source == target:
        return 1.0
    if dimensions_of(source) != dimensions_of(target):
        hint = (
            " (currencies convert only through a dated rate: use convert_currency)"
            if currency_of(source) is not None or currency_of(target) is not None
            else ""
        )
        raise ConversionError(
            f"cannot convert {source} ({dimensionality(source)}) to {target} "
            f"({dimensionality(target)}){hint}",
            field="unit",
        )
    return _linear_factor(source, target)


@functools.lru_cache(maxsize=1024)
def _linear_factor(source: str, target: str) -> float | None:
    # For multiplicative units pint's convert() is value * factor; computing the factor once per
    # pair makes converting a column one numpy multiplication (same bits as pint's result).
    registry = get_registry()
    if not (
        registry.Quantity(1, source)._is_multiplicative
        and registry.Quantity(1, target)._is_multiplicative
    ):
        return None
    return float(registry.convert(1.0, source, target))


def convert_quantity(value: Quantity, unit: str) -> Quantity:
    """Convert a quantity (scalar or numpy array magnitude) to another unit of the same dimension.

    Array magnitudes are converted as arrays, with one factor per unit pair; a result that
    overflows the float range is refused, not returned as infinity.

    Args:
        value: A pint quantity of this or another registry.
        unit: The unit wanted (`"hectare"`, `"mu"`, `"tonne"`, ...).

    Returns:
        A new quantity of the library's registry in `unit`.

    Raises:
        ConversionError: The dimensions differ (the message names both), or the result overflows.
        UnitError: A unit is unknown or `value` is not a quantity.

    Examples:
        >>> import numpy as np
        >>> from swchina_dev import Q_
        >>> convert_quantity(Q_(np.array([15.0, 30.0]), "mu"), "hectare").magnitude
        array([1., 2.])
    """
    try:
        quantity = as_quantity(value)
    except UnitError as error:
        raise UnitError(error.message, field="value") from None
    target = canonical_unit(unit)
    source = canonical_unit(quantity.units)
    with checked_overflow(target):
        (magnitude,) = convert_magnitudes((quantity.magnitude,), source, target)
        # A factor of at most 1 cannot overflow: skip a pass over a large column.
        factor = _linear_factor(source, target) if source != target else 1.0
        if factor is None or abs(factor) > 1:
            check_finite(quantity.magnitude, magnitude, target)
    return get_registry().Quantity(magnitude, target)


@contextlib.contextmanager
def checked_overflow(unit: str) -> Iterator[None]:
    """Turn overflow in magnitude arithmetic into a [ConversionError][swchina_dev.ConversionError].

    Silences numpy's overflow warnings (the caller checks the results with
    [check_finite][swchina_dev.units.magnitudes.check_finite]) and turns Python's `OverflowError`
    (an int beyond the float range times a float) into the library's error.

    Args:
        unit: The unit converted to, for the message.
    """
    numpy = sys.modules.get("numpy")  # array magnitudes mean numpy is imported already
    quiet = numpy.errstate(over="ignore") if numpy is not None else contextlib.nullcontext()
    try:
        with quiet:
            yield
    except OverflowError:
        raise _overflow_error(unit) from None


def _overflow_error(unit: str) -> ConversionError:
    return ConversionError(
        f"a magnitude overflows the float range in {unit} (beyond ±1.8e308)", field="unit"
    )


def check_finite(source: Any, result: Any, unit: str) -> None:
    """Refuse a conversion that made a finite magnitude (number or array) infinite.

    NaN and infinities given pass through as they are (NaN marks a missing value in a column).

    Raises:
        ConversionError: The conversion overflowed the float range.
    """
    if source is not None and _overflowed(source, result):
        raise _overflow_error(unit)


def _overflowed(source: Any, result: Any) -> bool:
    if hasattr(result, "shape"):  # a numpy array or scalar
        import numpy as np

        try:
            if not np.isinf(result).any():  # the usual case, in one pass
                return False
            return bool(np.any(np.isfinite(source) & ~np.isfinite(result)))
        except TypeError:  # object arrays: nothing to check element by element here
            return False
    try:
        return math.isfinite(source) and not math.isfinite(result)
    except (TypeError, OverflowError):  # not a real number, or an int beyond the float range
        return isinstance(result, float) and math.isinf(result)


def quantity_array(values: Any, unit: str) -> Any:
    """Wrap a column of magnitudes as a pint-pandas array of the library's registry.

    Needs the extra `pandas` (pint-pandas).

    Args:
        values: The magnitudes (a numpy array or anything pandas accepts).
        unit: Their unit, one for the whole column.

    Returns:
        A `pint_pandas.PintArray` whose dtype is `unit` in the library's registry.

    Raises:
        MissingDependencyError: pint-pandas is not installed.
        UnitError: The unit is unknown.
    """
    pint_pandas = import_optional("pint_pandas", "pandas")
    registry = get_registry()
    pint_pandas.PintType.ureg = registry
    return pint_pandas.PintArray(values, dtype=registry.Unit(canonical_unit(unit)))
