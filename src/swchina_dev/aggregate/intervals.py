"""Interval arithmetic on measures: the bounds that survive a sum or a ratio, and their qualifier.

The rules are those of [swchina_dev.aggregate][swchina_dev.aggregate] (its table of surviving bounds
and the qualifier each implies). Totals, changes over time and the columnar path
([swchina_dev.aggregate.columns][swchina_dev.aggregate.columns]) build their results with the
helpers here; units are converted through
[convert_magnitudes][swchina_dev.units.magnitudes.convert_magnitudes] and currencies at a dated
rate.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Final

from swchina_dev.errors import UnitError, ValidationError
from swchina_dev.models import Indicator, Measure, Qualifier
from swchina_dev.units import as_quantity

if TYPE_CHECKING:
    from typing import TypeAlias

    from swchina_dev.units import Quantity

    #: What the functions here accept as a value: a measure, an indicator (its measure) or a
    #: quantity (read as exact).
    Value: TypeAlias = Measure | Indicator | Quantity

Number = int | float
_CLOSE: Final = frozenset({Qualifier.EXACT, Qualifier.NEARLY})


# -- interval arithmetic -----------------------------------------------------------------------


def as_measure(value: Value, field: str) -> Measure:
    """Read a value (measure, indicator or quantity) as a measure; errors name `field`."""
    if isinstance(value, Measure):
        return value
    if isinstance(value, Indicator):
        return value.measure
    try:
        return Measure(as_quantity(value))
    except (UnitError, ValidationError) as error:  # name the argument that was wrong
        raise type(error)(error.message, field=field) from None


def exact_sum(numbers: Sequence[Number]) -> Number:
    """Sum numbers exactly for ints and with one rounding for floats (monotone sums)."""
    # Ints stay exact; floats are summed with one rounding (fsum), which keeps sums monotone.
    if all(isinstance(number, int) for number in numbers):
        return sum(numbers)
    try:
        return math.fsum(numbers)
    except OverflowError:
        raise ValidationError("the total overflows the float range", field="magnitude") from None


def bound_sum(bounds: Sequence[Number | None]) -> Number | None:
    """Sum bounds, or None when any of them is missing."""
    known = [bound for bound in bounds if bound is not None]
    return exact_sum(known) if len(known) == len(bounds) else None


def result_measure(
    magnitude: Number,
    unit: str,
    lower: Number | None,
    upper: Number | None,
    qualifiers: Iterable[Qualifier],
) -> Measure:
    """Build a measure from the bounds that survived, with the qualifier they imply."""
    # A bound past the float range (a ratio over a subnormal) bounds nothing: it is dropped.
    lower = None if lower is None or math.isinf(lower) else lower
    upper = None if upper is None or math.isinf(upper) else upper
    try:
        if lower is not None and upper is not None:
            if lower == upper:
                return Measure.from_parts(lower, unit)
            return Measure.from_parts(None, unit, Qualifier.RANGE, lower, upper)
        if lower is not None:
            return Measure.from_parts(lower, unit, Qualifier.AT_LEAST)
        if upper is not None:
            close = all(qualifier in _CLOSE for qualifier in qualifiers)
            return Measure.from_parts(upper, unit, Qualifier.NEARLY if close else Qualifier.AT_MOST)
        return Measure.from_parts(magnitude, unit, Qualifier.ABOUT)
    except ValidationError as error:
        raise ValidationError(
            f"the result is out of range: {error.message}", field=error.field
        ) from None


def divide(numerator: Measure, denominator: Measure) -> tuple[float, float | None, float | None]:
    """Divide two measures as intervals, the denominator being positive.

    A denominator without a lower bound may come arbitrarily close to zero, and one without an
    upper bound arbitrarily large: the bounds that would need them are dropped.
    """
    magnitude = numerator.magnitude / denominator.magnitude
    low, high = numerator.lower_magnitude, numerator.upper_magnitude
    d_low, d_high = denominator.lower_magnitude, denominator.upper_magnitude
    if d_low is not None and d_low <= 0:  # may be zero or negative: the ratio is unbounded
        return magnitude, None, None
    lower = upper = None
    if low is not None:
        divisor = d_high if low >= 0 else d_low
        lower = None if divisor is None else low / divisor
    if high is not None:
        divisor = d_low if high >= 0 else d_high
        upper = None if divisor is None else high / divisor
    return magnitude, lower, upper


def scaled(
    value: tuple[float, float | None, float | None], offset: float, factor: float
) -> tuple[float, float | None, float | None]:
    """Apply `(x + offset) * factor` to a value and its bounds."""
    magnitude, lower, upper = value
    return (
        (magnitude + offset) * factor,
        None if lower is None else (lower + offset) * factor,
        None if upper is None else (upper + offset) * factor,
    )
