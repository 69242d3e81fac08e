"""Unit and currency conversion of whole numpy columns (extra `numpy`), one factor per column.

Examples:
    >>> import numpy as np
    >>> convert_column(np.array([15.0, 30.0]), "mu", "hectare").tolist()
    [1.0, 2.0]
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from swchina_dev.conversion.rates import convert_measure
from swchina_dev.errors import ValidationError
from swchina_dev.models import Measure
from swchina_dev.optional import import_optional
from swchina_dev.units import (
    canonical_unit,
    check_finite,
    checked_overflow,
    conversion_factor,
    convert_magnitudes,
    currency_of,
)

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    FloatArray = npt.NDArray[np.float64]

__all__ = ["convert_column"]


def convert_column(
    values: npt.ArrayLike, from_unit: str, to_unit: str, *, on: object = None
) -> FloatArray:
    """Convert a column of magnitudes (NaN passes through) from one unit to another.

    Units convert through `convert_magnitudes` on the whole array; currencies by one factor,
    the dated rate of [convert_currency][swchina_dev.convert_currency].

    Args:
        values: The magnitudes, in `from_unit`.
        from_unit: Their unit (`"mu"`, `"wan * CNY"`).
        to_unit: The unit wanted, of the same dimension; another currency needs `on`.
        on: The date, year or period of the exchange rate (bundled CNY per USD averages).

    Returns:
        A new float array in `to_unit` (the only one made: `values` is never written to).

    Raises:
        ConversionError: The dimensions differ (or the currencies, without `on`), or a finite
            value overflows the float range in `to_unit` (never a silent infinity).
        ValidationError: The values are not numbers.
        RateNotFoundError: No bundled rate covers `on`.

    Examples:
        >>> import numpy as np
        >>> convert_column([15.0, np.nan], "mu", "hectare").tolist()
        [1.0, nan]
        >>> convert_column([1.0], "wan * CNY", "USD", on=2021).round(2).tolist()
        [1550.6]
    """
    np = import_optional("numpy", "numpy")
    source, target = canonical_unit(from_unit), canonical_unit(to_unit)
    if currency_of(source) not in (None, currency_of(target)):
        # Another currency: one measure through the object path's converter gives the factor.
        probe = convert_measure(Measure.from_parts(1.0, source), target, on=on)
        factor: float | None = float(probe.magnitude)
    else:
        factor = conversion_factor(source, target)
    array, owned = _float_array(np, values)
    if factor is None:  # offset units (degree Celsius): pint converts the array
        (converted,) = convert_magnitudes((array,), source, target)
        result: FloatArray = np.asarray(converted, dtype=np.float64)
        return result
    # One allocation: the caller's float array is read, never written; a copy made to get
    # floats (from a list, from integers) is scaled in place.
    out = array if owned else np.empty_like(array)
    if factor == 1.0:
        if not owned:
            np.copyto(out, array)
        return out
    with checked_overflow(target):
        np.multiply(array, factor, out=out)
    if abs(factor) > 1:  # a factor of at most 1 cannot overflow: skip a pass over the column
        check_finite(values, out, target)
    return out


def _float_array(np: Any, values: npt.ArrayLike) -> tuple[FloatArray, bool]:
    """The values as a float array, and whether it is a new one (not the caller's memory)."""
    try:
        if isinstance(values, np.ndarray):
            array = np.asarray(values.astype(np.float64, copy=False))
            return array, not np.may_share_memory(array, values)
        if isinstance(values, (list, tuple)):
            return np.array(values, dtype=np.float64), True
        # Anything else may hand numpy its own buffer (a pandas Series, a memoryview): read only.
        return np.asarray(values, dtype=np.float64), False
    except (TypeError, ValueError) as error:  # text, objects, ragged lists
        raise ValidationError(f"values must be numbers: {error}", field="values") from None
