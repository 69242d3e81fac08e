"""Audit stated conversions: "7,800 mu (520 hectares)", "100 million yuan ($13.67 million)".

Is the pair consistent, what factor or exchange rate does it imply, and how does that compare
with the unit registry or with the market rate of the time?

[check_conversion][swchina_dev.check_conversion] compares the factor (or exchange rate) a pair of
stated values implies with the one the unit registry (or the bundled rate for a date) gives, and
calls the pair consistent when they differ by at most a relative tolerance, `DEFAULT_TOLERANCE`
(2%) unless told otherwise. The tolerance is relative because sources round: "$13.67 million"
has four significant digits (off by up to 0.04%), "3.7 trillion yuan" two (up to 1.4%),
"520 hectares" three; and an article converts at the day's rate, not at the monthly or annual
average bundled here, which in a calm month differs by well under 1%. Two percent passes that
ordinary rounding and drift, and still catches a wrong factor (mu taken for 1/16 ha is off by
6%) or a rate from another year (CNY per USD moved 3-7% a year in 2015-2023).

Examples:
    >>> from swchina_dev import Q_
    >>> check = check_conversion(Q_(7800, "mu"), Q_(520, "hectare"))
    >>> check.consistent, check.implied
    (True, <Quantity(0.0666666667, 'hectare / mu')>)
    >>> check = check_conversion(Q_(100_000_000, "CNY"), Q_(13_670_000, "USD"), on="2025-01")
    >>> round(check.implied.magnitude, 3), check.expected, check.consistent
    (7.315, <Quantity(7.2981, 'CNY / USD')>, True)
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, Final

import attrs

from swchina_dev.conversion.rates import ExchangeRate, convert_currency, exchange_rate
from swchina_dev.errors import ConversionError, UnitError, ValidationError
from swchina_dev.models.measures import Measure, Qualifier, readable_number
from swchina_dev.models.periods import Period
from swchina_dev.units import (
    as_quantity,
    canonical_unit,
    convert_magnitudes,
    currency_code,
    currency_of,
    dimensions_of,
    make_quantity,
    unit_ratio,
)

if TYPE_CHECKING:
    from swchina_dev.catalog.datasets import Dataset
    from swchina_dev.units import Quantity

__all__ = [
    "DEFAULT_TOLERANCE",
    "ConversionAudit",
    "ConversionCheck",
    "audit_conversions",
    "check_conversion",
]

#: Relative difference up to which a stated conversion counts as consistent (2%).
DEFAULT_TOLERANCE: Final = 0.02

# Currency pairs are shown as units of the other currency per US dollar, as markets quote them.
_QUOTE_BASE: Final = "USD"


@attrs.frozen
class ConversionCheck:
    """The outcome of [check_conversion][swchina_dev.check_conversion].

    Args:
        stated: The first value as given (a quantity or a measure).
        converted: Its stated conversion as given.
        implied: The factor or rate the pair implies: `converted / stated` for units
            (`0.0667 hectare / mu`); for currencies, units of the other currency per US
            dollar (`7.315 CNY / USD`) whichever side is stated first.
        expected: The same factor from the unit registry, or the bundled average rate.
        relative_difference: `(implied - expected) / expected`.
        consistent: `abs(relative_difference) <= tolerance`.
        rate: The exchange rate compared with (it names its period and source), or None
            for a unit pair.
        explanation: One sentence saying all of this.
        tolerance: The relative tolerance used.
    """

    stated: Any
    converted: Any
    implied: Quantity
    expected: Quantity
    relative_difference: float
    consistent: bool
    rate: ExchangeRate | None
    explanation: str
    tolerance: float


def check_conversion(
    stated: Any,
    converted: Any,
    on: object = None,
    tolerance: float = DEFAULT_TOLERANCE,
    *,
    nearest: bool = False,
) -> ConversionCheck:
    """Check that a stated value and its stated conversion agree.

    Unit pairs (`7,800 mu` and `520 hectares`) are compared with the unit registry;
    currency pairs (`100 million yuan` and `$13.67 million`) with the bundled average rate
    for `on`. `implied`, `expected` and `relative_difference` compare the stated values
    (the midpoint of a range). `consistent` weighs qualifiers: two plain values (exact or
    about) must differ by at most `tolerance`; otherwise the bounds the qualifiers give
    ("over $510 billion" is at least 510 billion) must overlap, within `tolerance`.

    Args:
        stated: A scalar quantity or a [Measure][swchina_dev.Measure] (`Q_(7800, "mu")`).
        converted: Its conversion as the source states it, likewise (`Q_(520, "hectare")`);
            it must have the same dimension, or for money another currency over the same
            remaining units (`CNY / year` and `USD / year`).
        on: For a currency pair, the date, year or period of the rate (as for
            [exchange_rate][swchina_dev.conversion.rates.exchange_rate]): usually the article's
            date. Not used for unit pairs.
        tolerance: The largest relative difference still called consistent (default
            `DEFAULT_TOLERANCE`, 2%: see the module documentation for why).
        nearest: For a currency pair, use the closest covered month or year when `on` lies
            outside the bundled rates (the check's `rate` says so).

    Returns:
        The [ConversionCheck][swchina_dev.conversion.audit.ConversionCheck].

    Raises:
        ConversionError: The two values have different dimensions (and are not two currencies
            over the same remaining units).
        ValidationError: A value is zero, not finite, or an array; `tolerance` is not a number
            from 0 to a million;
            or `on` is missing for a currency pair.
        UnitError: A value is not a quantity or measure.
        RateNotFoundError: No bundled rate for `on` (and `nearest` is False).

    Examples:
        >>> from swchina_dev import Q_
        >>> check = check_conversion(Q_(1.4e12, "CNY"), Q_(217.7e9, "USD"), on=2020)
        >>> check.consistent, f"{check.relative_difference:+.1%}"
        (False, '-6.8%')
        >>> print(check.explanation)  # doctest: +NORMALIZE_WHITESPACE
        1,400,000,000,000 CNY and 217,700,000,000 USD imply 6.431 CNY per USD; the ECB average
        for 2020 is 6.9003 CNY per USD (257 business days): -6.80%, outside the 2% tolerance.
    """
    _check_tolerance(tolerance)
    first, second = _scalar(stated, "stated"), _scalar(converted, "converted")
    first_unit, second_unit = canonical_unit(first.units), canonical_unit(second.units)
    first_currency, second_currency = currency_of(first_unit), currency_of(second_unit)
    if first_currency and second_currency and first_currency != second_currency:
        return _check_currencies(stated, converted, first, second, on, tolerance, nearest)
    return _check_units(stated, converted, first, second, tolerance)


# The largest tolerance accepted: a million times the value (more is no check at all).
_MAX_TOLERANCE: Final = 1e6


def _check_tolerance(tolerance: object) -> None:
    """Refuse a tolerance that is not a finite number >= 0."""
    # A huge integer would overflow math.isfinite: compare it as it is first.
    number = isinstance(tolerance, (int, float)) and not isinstance(tolerance, bool)
    if not (number and 0 <= tolerance <= _MAX_TOLERANCE):  # type: ignore[operator]
        raise ValidationError(
            f"tolerance must be a number from 0 to {_MAX_TOLERANCE:g}, got {tolerance!r:.60}",
            field="tolerance",
        )


def _check_units(
    stated: Any, converted: Any, first: Quantity, second: Quantity, tolerance: float
) -> ConversionCheck:
    """Check a unit pair against the factor the unit registry gives."""
    first_unit, second_unit = canonical_unit(first.units), canonical_unit(second.units)
    (expected_converted,) = convert_magnitudes((first.magnitude,), first_unit, second_unit)
    ratio_unit = unit_ratio(second_unit, first_unit)
    implied = second.magnitude / first.magnitude
    expected = expected_converted / first.magnitude
    difference = (implied - expected) / expected
    consistent = _consistent(stated, converted, expected, difference, tolerance)
    explanation = (
        f"{_show(first)} and {_show(second)} imply {implied:.4g} {second_unit} per {first_unit}; "
        f"the unit registry gives {expected:.4g}: {_verdict(difference, tolerance, consistent)}"
    )
    return ConversionCheck(
        stated,
        converted,
        make_quantity(implied, ratio_unit),
        make_quantity(expected, ratio_unit),
        difference,
        consistent,
        None,
        explanation,
        tolerance,
    )


@attrs.frozen
class ConversionAudit:
    """One stated conversion of the dataset, checked.

    Args:
        indicator_id: The indicator whose value and stated conversion were compared.
        on: The period whose exchange rate was used (None for a unit pair): the source's
            publication date, or the indicator's own period when the source is undated.
        check: The outcome of [check_conversion][swchina_dev.check_conversion].
    """

    indicator_id: str
    on: Period | None
    check: ConversionCheck


def audit_conversions(
    dataset: Dataset | None = None, tolerance: float = DEFAULT_TOLERANCE
) -> tuple[ConversionAudit, ...]:
    """Check every stated conversion in a dataset ("7,800 mu (520 hectares)").

    Currency pairs use the bundled average rate for the month of the source's date (sources
    convert at the rate of their day), or for the indicator's own period when the source is
    undated, with the nearest covered rate if that lies outside the table.

    Args:
        dataset: The dataset to audit (default: the bundled one, [load][swchina_dev.load]).
        tolerance: As for [check_conversion][swchina_dev.check_conversion].

    Returns:
        One [ConversionAudit][swchina_dev.conversion.audit.ConversionAudit] per indicator with a
        `stated_conversion`, in id order.

    Examples:
        >>> audits = {a.indicator_id: a.check for a in audit_conversions()}
        >>> audits["s000-lianshang-output-value"].consistent
        True
    """
    from swchina_dev.catalog import load  # the bundled data only when no dataset is given

    found = []
    for indicator in (dataset or load()).indicators:
        if indicator.stated_conversion is None:
            continue
        stated, converted = indicator.measure, indicator.stated_conversion
        on: Period | None = None
        if currency_of(stated.unit) and currency_of(converted.unit):
            date = indicator.source.date
            on = Period.month(date.year, date.month) if date else indicator.period
        check = check_conversion(stated, converted, on, tolerance, nearest=True)
        found.append(ConversionAudit(indicator.id, on, check))
    return tuple(sorted(found, key=lambda audit: audit.indicator_id))


def _check_currencies(
    stated: Any,
    converted: Any,
    first: Quantity,
    second: Quantity,
    on: object,
    tolerance: float,
    nearest: bool,
) -> ConversionCheck:
    first_unit, second_unit = canonical_unit(first.units), canonical_unit(second.units)
    first_code, second_code = currency_of(first_unit), currency_of(second_unit)
    assert first_code is not None  # the caller checked both
    assert second_code is not None
    if _without_currency(first_unit) != _without_currency(second_unit):
        raise ConversionError(
            f"cannot compare {first_unit} with {second_unit}: apart from the currency, the units "
            "differ in dimension",
            field="converted",
        )
    if on is None:
        raise ValidationError(
            f"checking {first_code} against {second_code} needs on=: the date, year or period of "
            "the rate (usually the article's date)",
            field="on",
        )
    # The stated value at the bundled rate, in the converted value's own unit.
    at_rate = convert_currency(first, second_code, on, nearest=nearest)
    (expected_converted,) = convert_magnitudes(
        (at_rate.value.magnitude,), canonical_unit(at_rate.value.units), second_unit
    )
    ratio = second.magnitude / expected_converted  # stated conversion / conversion at the rate
    base = _QUOTE_BASE if _QUOTE_BASE in (first_code, second_code) else second_code
    quote = first_code if base == second_code else second_code
    rate = exchange_rate(base, quote, on, nearest=nearest)
    # Converting into the base currency: a larger stated conversion means fewer quote per base.
    implied = rate.value / ratio if second_code == base else rate.value * ratio
    difference = (implied - rate.value) / rate.value
    consistent = _consistent(
        stated, converted, expected_converted / first.magnitude, ratio - 1, tolerance
    )
    explanation = (
        f"{_show(first)} and {_show(second)} imply {implied:.4g} {quote} per {base}; the ECB "
        f"average for {rate.period} is {rate.value:.5g} {quote} per {base} ({rate.n_days} "
        f"business days{'; nearest to ' + str(rate.requested) if rate.substituted else ''}): "
        f"{_verdict(difference, tolerance, consistent)}"
    )
    return ConversionCheck(
        stated,
        converted,
        make_quantity(implied, f"{quote} / {base}"),
        rate.quantity,
        difference,
        consistent,
        rate,
        explanation,
        tolerance,
    )


def _scalar(value: Any, field: str) -> Quantity:
    if isinstance(value, Measure):
        return value.quantity
    try:
        quantity = as_quantity(value)
    except UnitError as error:
        raise UnitError(error.message, field=field) from None
    magnitude = quantity.magnitude
    if getattr(magnitude, "shape", ()) != ():
        raise ValidationError("check_conversion compares one value, not an array", field=field)
    try:
        number = float(magnitude)
    except (TypeError, ValueError):
        raise ValidationError(
            f"{field} must be a real number, got {magnitude!r}", field=field
        ) from None
    if isinstance(magnitude, bool) or not math.isfinite(number) or number == 0:
        raise ValidationError(
            f"{field} must be finite and non-zero to imply a factor, got {magnitude!r}", field=field
        )
    return quantity


def _without_currency(unit: str) -> dict[str, Any]:
    return {
        dimension: power
        for dimension, power in dict(dimensions_of(unit)).items()
        if currency_code(dimension) is None
    }


def _show(quantity: Quantity) -> str:
    return f"{readable_number(quantity.magnitude)} {canonical_unit(quantity.units)}"


def _verdict(difference: float, tolerance: float, consistent: bool) -> str:
    where = "within" if abs(difference) <= tolerance else "outside"
    text = f"{difference:+.2%}, {where} the {tolerance * 100:.3g}% tolerance"
    if consistent != (abs(difference) <= tolerance):
        text += "; the qualifiers' bounds " + ("still agree" if consistent else "do not agree")
    return text + "."


_POINT_QUALIFIERS: Final = frozenset({Qualifier.EXACT, Qualifier.ABOUT})


def _consistent(
    stated: Any, converted: Any, factor: float, converted_difference: float, tolerance: float
) -> bool:
    """Decide consistency, weighing qualifiers: "over $510 billion" is a bound, not a value.

    Two plain values (exact or about) agree when they differ by at most `tolerance`
    (`converted_difference` is the converted value's relative difference from the stated
    value converted). Otherwise each side is an interval (at_least: [v, inf); at_most and
    nearly: (-inf, v]; range: [lower, upper]); the stated one is converted by `factor` and the
    converted one widened by `tolerance` for rounding, and they agree when they overlap.
    """
    qualifiers = {_qualifier(stated), _qualifier(converted)}
    if qualifiers <= _POINT_QUALIFIERS:
        return abs(converted_difference) <= tolerance
    low, high = _interval(stated)
    low, high = low * factor, high * factor
    if factor < 0:
        low, high = high, low
    other_low, other_high = _interval(converted)
    slack_low = other_low - abs(other_low) * tolerance
    slack_high = other_high + abs(other_high) * tolerance
    return max(low, slack_low) <= min(high, slack_high)


def _qualifier(value: Any) -> Qualifier:
    return value.qualifier if isinstance(value, Measure) else Qualifier.EXACT


def _interval(value: Any) -> tuple[float, float]:
    if not isinstance(value, Measure):
        magnitude = float(as_quantity(value).magnitude)
        return magnitude, magnitude
    if value.qualifier in _POINT_QUALIFIERS:
        return float(value.magnitude), float(value.magnitude)
    low = -math.inf if value.lower_magnitude is None else float(value.lower_magnitude)
    high = math.inf if value.upper_magnitude is None else float(value.upper_magnitude)
    return low, high
