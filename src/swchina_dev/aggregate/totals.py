"""Totals: sums of measures in one unit, with the bounds and qualifier their inputs allow.

The rules for bounds and qualifiers are those of [swchina_dev.aggregate][swchina_dev.aggregate].
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from swchina_dev.aggregate.intervals import as_measure, bound_sum, exact_sum, result_measure
from swchina_dev.aggregate.kinds import require_like
from swchina_dev.conversion import convert_measure
from swchina_dev.errors import ValidationError
from swchina_dev.models import Measure
from swchina_dev.units import canonical_unit

if TYPE_CHECKING:
    from swchina_dev.aggregate.intervals import Value

__all__ = ["total"]


def total(values: Iterable[Value], unit: str | None = None, *, on: object = None) -> Measure:
    """Sum measures, converting their units and carrying their bounds.

    The lower bound of the total is the sum of the lower bounds when every input has one
    (likewise the upper); the qualifier follows from the bounds that survive (see the module
    documentation): exact values give an exact total, "over 7,800 mu" and "4,800 mu" give
    "at least 12,600 mu", and anything `about` gives an `about` total.

    Args:
        values: Measures, indicators (their measures) or quantities (read as exact).
        unit: The unit of the total (`"hectare"`); by default the first value's unit.
        on: The date, year or period of the exchange rate for values in another currency
            (the bundled CNY per USD averages); without it mixing currencies is an error.

    Returns:
        The total, in `unit`.

    Raises:
        ConversionError: A value is in another dimension, or in another currency and `on`
            is not given; the message names the value.
        ValidationError: Indicators of different metrics, items, breakdowns or scopes are
            mixed (only like adds to like; the message names them).
        ValidationError: `values` is not iterable, there is nothing to total and no unit, or
            the total overflows.
        RateNotFoundError: No bundled rate covers `on`.

    Examples:
        >>> from swchina_dev import Q_, Measure
        >>> print(total([Measure(Q_(7800, "mu"), "at_least"), Q_(4800, "mu")]))
        at least 12,600 mu
        >>> print(total([Q_(15, "mu"), Q_(1, "hectare")], "hectare"))
        2 hectare
        >>> print(total([Measure(Q_(2_000_000, "dimensionless"), "nearly"),
        ...              Q_(300_000, "dimensionless")]))
        nearly 2,300,000
        >>> print(total([Q_(100, "CNY"), Q_(10, "USD")], on=2021))
        164.491 CNY
    """
    try:
        items = iter(values)
    except TypeError:
        raise ValidationError(
            f"total takes an iterable of values, got {type(values).__name__}", field="values"
        ) from None
    given = list(items)
    require_like(given, "a total")
    measures = [as_measure(value, f"values[{index}]") for index, value in enumerate(given)]
    if not measures:
        if unit is None:
            raise ValidationError("nothing to total, and no unit given", field="values")
        return Measure.from_parts(0, unit)
    target = canonical_unit(unit) if unit is not None else measures[0].unit
    converted = [
        convert_measure(measure, target, on=on, field=f"values[{index}]")
        for index, measure in enumerate(measures)
    ]
    return result_measure(
        exact_sum([measure.magnitude for measure in converted]),
        target,
        bound_sum([measure.lower_magnitude for measure in converted]),
        bound_sum([measure.upper_magnitude for measure in converted]),
        [measure.qualifier for measure in converted],
    )
