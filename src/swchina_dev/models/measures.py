"""Reported values: a quantity with the qualifier its source put on it ("over", "nearly", ...).

A [Measure][swchina_dev.Measure] keeps the value exactly as stated (magnitude and unit, `7800 mu` is
not `520 hectare`) and the bounds that its [Qualifier][swchina_dev.Qualifier] implies:

| qualifier  | the source says                      | bounds                         |
|------------|--------------------------------------|--------------------------------|
| exact      | 2,829 cranes                         | lower = upper = value          |
| about      | about, around, some                  | none                           |
| at_least   | over, more than, exceeding, at least | lower = value                  |
| at_most    | up to, less than, under              | upper = value                  |
| nearly     | nearly, almost, approaches, close to | upper = value                  |
| range      | 200-400 tonnes                       | lower, upper; value = midpoint |

Examples:
    >>> from swchina_dev import Measure, Q_
    >>> over = Measure(Q_(7800, "mu"), "at_least")
    >>> over.lower, over.upper
    (<Quantity(7800, 'mu')>, None)
    >>> Measure.range(Q_(200, "tonne"), Q_(400, "tonne")).quantity
    <Quantity(300, 'metric_ton')>
"""

from __future__ import annotations

import enum
import math
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Final

import attrs

from swchina_dev.errors import ConversionError, UnitError, ValidationError
from swchina_dev.models.validators import is_trusted, to_enum, to_real
from swchina_dev.units import (
    as_quantity,
    canonical_unit,
    convert_magnitudes,
    dimensionality,
    dimensions_of,
    make_quantity,
)

if TYPE_CHECKING:
    from swchina_dev.units import Quantity

__all__ = ["STORED_KEYS", "Measure", "Qualifier", "midpoint"]

#: The keys of a stored measure (JSON records, CSV cells, the bundled data), in order.
STORED_KEYS: Final = ("value", "unit", "qualifier", "lower", "upper")

Magnitude = int | float
_STORED: Final = frozenset(STORED_KEYS)


class Qualifier(str, enum.Enum):
    """How a source qualifies a number; each qualifier fixes which bounds a measure has."""

    EXACT = "exact"
    ABOUT = "about"
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    NEARLY = "nearly"
    RANGE = "range"

    def bounds(self, value: Magnitude) -> tuple[Magnitude | None, Magnitude | None]:
        """Return the (lower, upper) bounds this qualifier puts on a stated value.

        Not defined for `RANGE`, whose bounds are stated rather than implied.

        Examples:
            >>> Qualifier.AT_LEAST.bounds(7800)
            (7800, None)
        """
        if self is Qualifier.RANGE:
            raise ValidationError(
                "a range states its bounds; they cannot be implied", field="qualifier"
            )
        lower = value if self in _LOWER_BOUNDED else None
        upper = value if self in _UPPER_BOUNDED else None
        return lower, upper


_QUALIFIERS: Final = {member.value: member for member in Qualifier}
# The qualifiers that imply a lower bound, and an upper bound, at the stated value.
_LOWER_BOUNDED: Final = (Qualifier.EXACT, Qualifier.AT_LEAST)
_UPPER_BOUNDED: Final = (Qualifier.EXACT, Qualifier.AT_MOST, Qualifier.NEARLY)


def midpoint(lower: Any, upper: Any) -> Any:
    """Return the stated value of a range: the midpoint of its bounds (numbers or numpy arrays).

    Integers whose midpoint is whole stay integers, so "200-400" gives 300, not 300.0. Halves
    are added (no overflow to infinity near the float maximum), and the result is kept within
    the bounds (halving subnormals rounds). Arrays are handled element by element.

    Examples:
        >>> midpoint(200, 400), midpoint(1, 2)
        (300, 1.5)
    """
    if isinstance(lower, int) and isinstance(upper, int) and (lower + upper) % 2 == 0:
        return (lower + upper) // 2
    middle = lower / 2 + upper / 2
    if hasattr(middle, "clip"):  # a numpy array: element by element
        return middle.clip(lower, upper)
    return min(max(middle, lower), upper)


def _qualifier(value: Qualifier | str) -> Qualifier:
    if value.__class__ is Qualifier:  # the enum call is slow
        return value
    if value.__class__ is str and value in _QUALIFIERS:
        return _QUALIFIERS[value]
    try:
        return to_enum(Qualifier)(value)
    except ValidationError as error:
        raise ValidationError(error.message, field="qualifier") from None


@attrs.frozen(init=False, repr=False)
class Measure:
    """A reported value: a quantity, its qualifier, and the bounds the qualifier implies.

    The measure stores the value as stated (magnitude and canonical unit), so two measures are
    equal exactly when they say the same thing in the same unit, and equal measures hash alike.
    `quantity`, `lower` and `upper` hand out new pint quantities on every access:
    changing one in place (`q.ito("hectare")`) changes nothing in the measure.

    Args:
        quantity: The stated value, a scalar quantity of the library's registry (`Q_(7800,
            "mu")`); a quantity of another pint registry is re-expressed by its unit name. For a
            range it may be None: the midpoint of the bounds is used.
        qualifier: A [Qualifier][swchina_dev.Qualifier] or its value (`"exact"`, `"at_least"`, ...).
        lower: The lower bound, for `range` only (other qualifiers imply their bounds; a bound
            that disagrees is an error). Converted to the quantity's unit.
        upper: The upper bound, likewise.

    Raises:
        ValidationError: A magnitude is not a finite number, a bound is missing, misplaced or
            in another dimension, or `lower > upper`.
        UnitError: A unit is unknown.

    Examples:
        >>> from swchina_dev import Q_
        >>> Measure(Q_(100_000_000, "CNY"), "at_least").lower
        <Quantity(100000000, 'CNY')>
        >>> Measure(Q_(7800, "mu")) == Measure(Q_(520, "hectare"))
        False
    """

    magnitude: Magnitude
    unit: str
    qualifier: Qualifier
    lower_magnitude: Magnitude | None
    upper_magnitude: Magnitude | None

    def __init__(
        self,
        quantity: Quantity | None,
        qualifier: Qualifier | str = Qualifier.EXACT,
        lower: Quantity | None = None,
        upper: Quantity | None = None,
    ) -> None:
        kind = _qualifier(qualifier)
        anchor = quantity if quantity is not None else lower if lower is not None else upper
        if anchor is None:
            raise ValidationError("a measure needs a quantity", field="quantity")
        unit = canonical_unit(as_quantity(anchor).units)
        lower_magnitude = None if lower is None else _magnitude_in(lower, unit, "lower")
        upper_magnitude = None if upper is None else _magnitude_in(upper, unit, "upper")
        magnitude = None if quantity is None else _magnitude_in(quantity, unit, "quantity")
        self.__attrs_init__(*_settle(magnitude, unit, kind, lower_magnitude, upper_magnitude))

    @classmethod
    def from_parts(
        cls,
        magnitude: object,
        unit: str,
        qualifier: Qualifier | str = Qualifier.EXACT,
        lower: object = None,
        upper: object = None,
    ) -> Measure:
        """Build a measure from plain numbers and a unit string (the serialized form).

        Args:
            magnitude: The stated number (None for a range: the midpoint is used).
            unit: The unit of the number and of both bounds.
            qualifier: As for [Measure][swchina_dev.Measure].
            lower: The lower bound's number, or None.
            upper: The upper bound's number, or None.

        Returns:
            The measure.

        Raises:
            ValidationError: As for [Measure][swchina_dev.Measure].
            UnitError: The unit is unknown.

        Examples:
            >>> Measure.from_parts(None, "tonne", "range", 200, 400).magnitude
            300
        """
        stated = _number(magnitude, "quantity")
        low = _number(lower, "lower")
        high = _number(upper, "upper")
        measure = cls.__new__(cls)
        measure.__attrs_init__(
            *_settle(stated, canonical_unit(unit), _qualifier(qualifier), low, high)
        )
        return measure

    @classmethod
    def from_stored(cls, data: Mapping[str, Any]) -> Measure:
        """Build a measure from its stored form (what `to_stored` gives).

        Inside [trusted_input][swchina_dev.models.validators.trusted_input] (the bundled data,
        checked when it was built) the unit is taken as the canonical spelling it is stored in,
        so no unit is parsed; otherwise everything is checked as for
        `from_parts`.

        Args:
            data: `unit` (required), `value`, `qualifier` (default `"exact"`), `lower`, `upper`.

        Raises:
            ValidationError: A key is unknown or missing, or a value is wrong as for `Measure`.
            UnitError: The unit is unknown.

        Examples:
            >>> Measure.from_stored({"value": 7800, "unit": "mu", "qualifier": "at_least"}).lower
            <Quantity(7800, 'mu')>
        """
        if not isinstance(data, Mapping):
            raise ValidationError(f"a measure is a mapping, got {type(data).__name__}")
        if not _STORED.issuperset(data):
            unknown = sorted(set(map(str, data)) - _STORED)
            raise ValidationError(f"unknown keys {unknown}; a measure has {list(STORED_KEYS)}")
        if "unit" not in data:
            raise ValidationError("required field missing", field="unit")
        if not isinstance(data["unit"], str):
            raise ValidationError("a unit is a string", field="unit")
        value, lower, upper = data.get("value"), data.get("lower"), data.get("upper")
        qualifier = data.get("qualifier", "exact")
        if is_trusted() and value is not None:  # stored measures always carry their value
            measure = cls.__new__(cls)
            measure.__attrs_init__(value, data["unit"], Qualifier(qualifier), lower, upper)
            return measure
        return cls.from_parts(value, data["unit"], qualifier, lower, upper)

    def to_stored(self) -> dict[str, Any]:
        """The measure's stored form: plain numbers, its unit's text and its qualifier's value.

        Examples:
            >>> Measure.from_parts(None, "tonne", "range", 200, 400).to_stored()
            {'value': 300, 'unit': 'metric_ton', 'qualifier': 'range', 'lower': 200, 'upper': 400}
        """
        return {
            "value": self.magnitude,
            "unit": self.unit,
            "qualifier": self.qualifier.value,
            "lower": self.lower_magnitude,
            "upper": self.upper_magnitude,
        }

    @classmethod
    def range(cls, lower: Quantity, upper: Quantity) -> Measure:
        """Build a `range` measure ("200-400 tonnes"); its quantity is the midpoint.

        Examples:
            >>> from swchina_dev import Q_
            >>> Measure.range(Q_(1, "mu"), Q_(2, "mu")).magnitude
            1.5
        """
        return cls(None, Qualifier.RANGE, lower, upper)

    @property
    def quantity(self) -> Quantity:
        """The stated value, as a new quantity of the library's registry."""
        return make_quantity(self.magnitude, self.unit)

    @property
    def lower(self) -> Quantity | None:
        """The lower bound as a new quantity, or None where the qualifier gives none."""
        return (
            None if self.lower_magnitude is None else make_quantity(self.lower_magnitude, self.unit)
        )

    @property
    def upper(self) -> Quantity | None:
        """The upper bound as a new quantity, or None where the qualifier gives none."""
        return (
            None if self.upper_magnitude is None else make_quantity(self.upper_magnitude, self.unit)
        )

    def to(self, unit: str) -> Measure:
        """Return the same measure expressed in another unit (bounds converted too).

        Args:
            unit: A unit of the same dimension.

        Raises:
            ConversionError: The dimensions differ (currencies need a dated rate instead).

        Examples:
            >>> from swchina_dev import Q_
            >>> Measure(Q_(7800, "mu"), "at_least").to("hectare").lower
            <Quantity(520.0, 'hectare')>
        """
        target = canonical_unit(unit)
        magnitude, lower, upper = convert_magnitudes(
            (self.magnitude, self.lower_magnitude, self.upper_magnitude), self.unit, target
        )
        if not all(number is None or math.isfinite(number) for number in (magnitude, lower, upper)):
            raise ConversionError(f"{self} overflows in {target}", field="unit")
        converted = Measure.__new__(Measure)
        converted.__attrs_init__(magnitude, target, self.qualifier, lower, upper)
        return converted

    def __repr__(self) -> str:
        return (
            f"Measure({self.magnitude!r} {self.unit}, qualifier={self.qualifier.value}, "
            f"lower={self.lower_magnitude!r}, upper={self.upper_magnitude!r})"
        )

    def __str__(self) -> str:
        words = {
            Qualifier.EXACT: "",
            Qualifier.ABOUT: "about ",
            Qualifier.AT_LEAST: "at least ",
            Qualifier.AT_MOST: "at most ",
            Qualifier.NEARLY: "nearly ",
        }
        unit = "" if self.unit == "dimensionless" else f" {self.unit}"
        if self.qualifier is Qualifier.RANGE:
            lower = readable_number(self.lower_magnitude)
            return f"{lower}-{readable_number(self.upper_magnitude)}{unit}"
        return f"{words[self.qualifier]}{readable_number(self.magnitude)}{unit}"


def readable_number(number: Magnitude | None) -> str:
    """Write a magnitude as sources print it: "100,000,000", not "1e+08"; "?" for None.

    Fractions keep up to 10 significant digits.
    """
    if number is None:
        return "?"
    if float(number).is_integer() and abs(number) < 1e18:
        return f"{int(number):,}"
    return f"{number:,.10g}"


def _number(value: object, field: str) -> Magnitude | None:
    # A plain number, or None for none; an error names the field.
    if value is None:
        return None
    try:
        return to_real(value)
    except ValidationError as error:
        raise ValidationError(error.message, field=field) from None


def _magnitude_in(value: Any, unit: str, field: str) -> Magnitude:
    try:
        quantity = as_quantity(value)
    except UnitError as error:
        raise UnitError(error.message, field=field) from None
    magnitude = quantity.magnitude
    if not isinstance(magnitude, (int, float)) and hasattr(magnitude, "shape"):
        if getattr(magnitude, "shape", None) != ():
            raise ValidationError(
                "a measure holds one value, not an array; convert arrays with "
                "swchina_dev.convert_unit",
                field=field,
            )
        magnitude = magnitude.item()
    try:
        number = to_real(magnitude)
    except ValidationError as error:
        raise ValidationError(error.message, field=field) from None
    if canonical_unit(quantity.units) == unit:
        return number
    if dimensions_of(unit) != quantity.dimensionality:
        raise ValidationError(
            f"{field} is in {quantity.units} ({quantity.dimensionality}), "
            f"not in the dimension of {unit} ({dimensionality(unit)})",
            field=field,
        )
    (converted,) = convert_magnitudes((number,), canonical_unit(quantity.units), unit)
    try:
        return to_real(converted)
    except ValidationError as error:  # overflow in the conversion
        raise ValidationError(f"{error.message} in {unit}", field=field) from None


def _settle(
    magnitude: Magnitude | None,
    unit: str,
    qualifier: Qualifier,
    lower: Magnitude | None,
    upper: Magnitude | None,
) -> tuple[Magnitude, str, Qualifier, Magnitude | None, Magnitude | None]:
    """Check the numbers against the qualifier and fill in the bounds it implies."""
    if qualifier is Qualifier.RANGE:
        if lower is None or upper is None:
            missing = "lower" if lower is None else "upper"
            raise ValidationError("a range needs both bounds", field=missing)
        if lower > upper:
            raise ValidationError(
                f"lower bound {lower} is above upper bound {upper}", field="lower"
            )
        middle = midpoint(lower, upper)
        if magnitude is not None and not math.isclose(
            magnitude, middle, rel_tol=1e-9, abs_tol=1e-12
        ):
            raise ValidationError(
                f"a range's value is the midpoint of its bounds ({middle}), not {magnitude}",
                field="quantity",
            )
        return middle, unit, qualifier, lower, upper
    if magnitude is None:
        raise ValidationError(
            f"a measure qualified {qualifier.value!r} needs a quantity", field="quantity"
        )
    implied_lower, implied_upper = qualifier.bounds(magnitude)
    for field, given, implied in (("lower", lower, implied_lower), ("upper", upper, implied_upper)):
        if given is None or given == implied:
            continue
        # A bound given in another unit agrees up to the rounding of its conversion.
        if implied is None or not math.isclose(given, implied, rel_tol=1e-9):
            raise ValidationError(
                f"a measure qualified {qualifier.value!r} has {field} bound {implied}, not {given}",
                field=field,
            )
    return magnitude, unit, qualifier, implied_lower, implied_upper
