"""Unit conversion of quantities and measures (a measure's bounds convert with it).

Examples:
    >>> from swchina_dev import Q_, convert_unit
    >>> convert_unit(Q_(7800, "mu"), "hectare")
    <Quantity(520.0, 'hectare')>
"""

from __future__ import annotations

from typing import TYPE_CHECKING, overload

from swchina_dev.models import Measure
from swchina_dev.units import convert_quantity

if TYPE_CHECKING:
    from swchina_dev.units.registry import Quantity

__all__ = ["convert_unit"]


@overload
def convert_unit(value: Measure, unit: str) -> Measure: ...
@overload
def convert_unit(value: Quantity, unit: str) -> Quantity: ...


def convert_unit(value: Measure | Quantity, unit: str) -> Measure | Quantity:
    """Convert a quantity or a measure (with its bounds) to another unit of the same dimension.

    Array magnitudes are converted as arrays.

    Args:
        value: A quantity (scalar or numpy array magnitude) or a
            [Measure][swchina_dev.Measure].
        unit: The unit wanted (`"hectare"`, `"mu"`, `"tonne"`, ...).

    Returns:
        A new quantity or measure in `unit`.

    Raises:
        ConversionError: The dimensions differ; the message names both units and dimensions.
        UnitError: A unit is unknown or `value` is not a quantity.

    Examples:
        >>> import numpy as np
        >>> from swchina_dev import Q_
        >>> convert_unit(Q_(np.array([15.0, 30.0]), "mu"), "hectare").magnitude
        array([1., 2.])
    """
    if isinstance(value, Measure):
        return value.to(unit)
    return convert_quantity(value, unit)
