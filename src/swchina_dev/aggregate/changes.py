"""Change over time and ratios: growth, compound annual growth, per-capita values and shares.

Each result carries the bounds of its inputs as intervals (see
[swchina_dev.aggregate][swchina_dev.aggregate]).
"""

from __future__ import annotations

import datetime as dt
import math
from typing import TYPE_CHECKING, Final, Literal, overload

import attrs

from swchina_dev.aggregate.census_ratios import CENSUS, CensusRatio, census_population
from swchina_dev.aggregate.intervals import as_measure, divide, result_measure, scaled
from swchina_dev.aggregate.kinds import require_like, require_part_of, require_same_breakdown
from swchina_dev.conversion import convert_measure
from swchina_dev.errors import ConversionError, ValidationError
from swchina_dev.models import Indicator, Measure, Period
from swchina_dev.units import canonical_unit, dimensions_of

if TYPE_CHECKING:
    from swchina_dev.aggregate.intervals import Value

__all__ = [
    "AVERAGE_ANNUAL_GROWTH",
    "AVERAGE_ANNUAL_GROWTH_UNIT",
    "CHANGE_OVER_PERIOD",
    "Change",
    "cagr",
    "growth",
    "per_capita",
    "share",
    "years_between",
]

#: The metric of a change over a stated period, in percent (what `growth` computes).
CHANGE_OVER_PERIOD: Final = "change_over_period"
#: The metric of average yearly growth, in percent per year (what `cagr` computes).
AVERAGE_ANNUAL_GROWTH: Final = "average_annual_growth"
#: The unit `cagr` gives its rate in.
AVERAGE_ANNUAL_GROWTH_UNIT: Final = "percent / year"


# -- change over time --------------------------------------------------------------------------


@attrs.frozen
class Change:
    """The change between two values: absolute (in their unit) and relative (in percent).

    Args:
        start: The earlier value, as given.
        end: The later value, in the start's unit (or the unit asked for).
        absolute: `end - start`, with bounds: lower = end's lower - start's upper, upper =
            end's upper - start's lower.
        relative: `absolute / start` in percent, with bounds (the start taken as positive);
            None when the start's value is not positive.
        start_period: The start's period, where the values are indicators.
        end_period: The end's period, likewise.
        metric: The metric of `relative`: `change_over_period` (a change over the whole
            period, not a yearly rate: [cagr][swchina_dev.cagr] gives that).
    """

    start: Measure
    end: Measure
    absolute: Measure
    relative: Measure | None
    start_period: Period | None = None
    end_period: Period | None = None
    metric: str = CHANGE_OVER_PERIOD


def growth(start: Value, end: Value, *, unit: str | None = None, on: object = None) -> Change:
    """Return the absolute and relative change from `start` to `end`, with bounds.

    Relative growth is the absolute change divided by the start (as intervals), so a value
    compared with itself grows by exactly zero whatever its qualifier. Subjects are not checked:
    comparing two places is allowed.

    Args:
        start: The earlier value: a measure, an indicator or a quantity.
        end: The later value, in a unit of the same dimension (another currency needs `on`).
        unit: The unit of the absolute change; by default the start's unit.
        on: The date, year or period of the exchange rate, if the currencies differ.

    Returns:
        The [Change][swchina_dev.aggregate.changes.Change].

    Raises:
        ConversionError: The two values have different dimensions (or currencies, without
            `on`).
        ValidationError: Both are indicators of different metrics.

    Examples:
        >>> from swchina_dev import Q_
        >>> change = growth(Q_(500, "mu"), Q_(60, "hectare"))
        >>> print(change.absolute, "/", change.relative)
        400 mu / 80 percent
    """
    require_like((start, end), "a change")
    first, last = as_measure(start, "start"), as_measure(end, "end")
    target = canonical_unit(unit) if unit is not None else first.unit
    first, last = (
        convert_measure(first, target, on=on, field="start"),
        convert_measure(last, target, on=on, field="end"),
    )
    low = None
    if last.lower_magnitude is not None and first.upper_magnitude is not None:
        low = last.lower_magnitude - first.upper_magnitude
    high = None
    if last.upper_magnitude is not None and first.lower_magnitude is not None:
        high = last.upper_magnitude - first.lower_magnitude
    qualifiers = (first.qualifier, last.qualifier)
    absolute = result_measure(last.magnitude - first.magnitude, target, low, high, qualifiers)
    relative = None
    if first.magnitude > 0:
        magnitude, lower, upper = scaled(divide(absolute, first), 0.0, 100.0)
        relative = result_measure(magnitude, "percent", lower, upper, qualifiers)
    return Change(
        first,
        last,
        absolute,
        relative,
        start.period if isinstance(start, Indicator) else None,
        end.period if isinstance(end, Indicator) else None,
    )


def _year_position(day: dt.date, *, end_of_day: bool) -> float:
    """A date as a fractional year: 2020-01-01 starts at 2020.0 and ends at 2020.0027..."""
    first = dt.date(day.year, 1, 1)
    length = (dt.date(day.year, 12, 31) - first).days + 1
    return day.year + ((day - first).days + (1 if end_of_day else 0)) / length


def years_between(
    start: Period, end: Period, *, between: Literal["midpoints", "ends"] = "midpoints"
) -> float:
    """Return the years from one period to another, as [cagr][swchina_dev.cagr] counts them.

    Each date is placed on a fractional-year scale (a day is its share of its own calendar
    year), so whole calendar years and months give whole numbers.

    Args:
        start: The earlier period.
        end: The later period.
        between: `"midpoints"` (a flow: a year's value stands at its middle) or `"ends"`
            (a stock, counted at the end of each period).

    Returns:
        The years, negative when `end` comes first.

    Examples:
        >>> years_between(Period.year(2020), Period.year(2023))
        3.0
        >>> years_between(Period.years(2016, 2020), Period.year(2023))
        5.0
        >>> years_between(Period.years(2016, 2020), Period.year(2023), between="ends")
        3.0
    """
    if between not in ("midpoints", "ends"):
        raise ValidationError(
            f"between must be 'midpoints' or 'ends', not {between!r}", field="between"
        )
    for name, period in (("start", start), ("end", end)):
        if not isinstance(period, Period):
            raise ValidationError(
                f"{name} must be a Period (Period.year(2020), Period.parse('2020')), "
                f"not {type(period).__name__}",
                field=name,
            )

    def position(period: Period) -> float:
        finish = _year_position(period.end, end_of_day=True)
        if between == "ends":
            return finish
        return (_year_position(period.start, end_of_day=False) + finish) / 2

    return position(end) - position(start)


def _given_years(years: object) -> float:
    """Check the `years=` of [cagr][swchina_dev.cagr]: a positive finite int or float, no bool."""
    if isinstance(years, bool) or not isinstance(years, (int, float)):
        raise ValidationError(
            f"years must be a positive number, not {type(years).__name__}", field="years"
        )
    try:
        value = float(years)
    except OverflowError:  # an int beyond the float range (its repr may be too long to print)
        raise ValidationError(
            "years must be a finite number; got an integer too large for a float",
            field="years",
        ) from None
    if not (math.isfinite(value) and value > 0):
        raise ValidationError(
            f"the end must come after the start; got {value!r} years between them", field="years"
        )
    return value


def cagr(
    start: Value,
    end: Value,
    *,
    years: float | None = None,
    between: Literal["midpoints", "ends"] = "midpoints",
    on: object = None,
) -> Measure:
    """Return the compound annual growth rate from `start` to `end`, in percent per year.

    The result is a figure of the metric `average_annual_growth` (`AVERAGE_ANNUAL_GROWTH`),
    in `percent / year`; [growth][swchina_dev.growth] gives the change over the whole period
    (`change_over_period`, in percent).

    `(end / start) ** (1 / years) - 1`, with bounds from the bounds of the ratio (the rate is
    increasing in it). A ratio bound below zero is dropped.

    Args:
        start: The earlier value (an indicator, or a measure or quantity with `years`).
        end: The later value, in the same dimension.
        years: The years between them; by default counted between the indicators' periods by
            [years_between][swchina_dev.aggregate.changes.years_between].
        between: How the periods are placed in time: `"midpoints"` (default; right for flows
            such as a year's output) or `"ends"` (for stocks).
        on: The date, year or period of the exchange rate, if the currencies differ.

    Returns:
        The rate as a measure in `percent / year`.

    Raises:
        ValidationError: No periods and no `years`, `years` is not a positive finite number
            (a bool is refused), the end does not come after the start, a value is not
            positive, or the metrics differ.
        ConversionError: The dimensions (or currencies, without `on`) differ.

    Examples:
        >>> from swchina_dev import Q_
        >>> print(cagr(Q_(100, "mu"), Q_(121, "mu"), years=2))
        10 percent / year
    """
    require_like((start, end), "a change")
    counted = _years_of(start, end, years, between)
    first = as_measure(start, "start")
    last = convert_measure(as_measure(end, "end"), first.unit, on=on, field="end")
    if first.magnitude <= 0 or last.magnitude <= 0:
        raise ValidationError(
            f"growth rates need positive values, got {first} and {last}", field="magnitude"
        )
    magnitude, lower, upper = divide(last, first)
    value = _annual_rate(magnitude, counted)
    assert value is not None
    return result_measure(
        value,
        AVERAGE_ANNUAL_GROWTH_UNIT,
        _annual_rate(lower, counted),
        _annual_rate(upper, counted),
        (first.qualifier, last.qualifier),
    )


def _years_of(
    start: Value, end: Value, years: float | None, between: Literal["midpoints", "ends"]
) -> float:
    """The years of `cagr`: `years` checked, or else counted between two indicators' periods."""
    if years is not None:
        return _given_years(years)
    if not (isinstance(start, Indicator) and isinstance(end, Indicator)):
        raise ValidationError("give years=, or two indicators with periods", field="years")
    counted = years_between(start.period, end.period, between=between)
    if not (math.isfinite(counted) and counted > 0):
        raise ValidationError(
            f"the end must come after the start; got {counted!r} years between them",
            field="period",
        )
    return counted


def _annual_rate(ratio: float | None, years: float) -> float | None:
    """The annual rate in percent of growth by `ratio` over `years` (None: no bound)."""
    if ratio is None or ratio < 0:
        return None
    try:
        return float(ratio ** (1 / years) - 1) * 100
    except OverflowError:  # infinite: dropped as a bound, refused as the value
        return math.inf


@overload
def per_capita(
    value: Value, population: Literal["census"], *, unit: str | None = None
) -> CensusRatio: ...
@overload
def per_capita(value: Value, population: Value, *, unit: str | None = None) -> Measure: ...
def per_capita(
    value: Value, population: Value | Literal["census"], *, unit: str | None = None
) -> Measure | CensusRatio:
    """Divide a value by a population, with bounds.

    Counts are dimensionless in this library (people, households, and `wan` of them), so a
    per-capita value keeps the value's unit: yuan per person is given in `CNY`.

    Args:
        value: The total (income, area, output...).
        population: The number of people: a dimensionless count (`Q_(3.2, "wan")`), positive;
            or `"census"`: the resident population of the value's region (an indicator's
            subject) at the census closest in time
            ([swchina_dev.aggregate.census_ratios][swchina_dev.aggregate.census_ratios]).
        unit: The unit of the result; by default the value's.

    Returns:
        The value per person; with `"census"`, a
        [CensusRatio][swchina_dev.aggregate.census_ratios.CensusRatio] that also says which
        census figure it divided by.

    Raises:
        ConversionError: The population is not a count, or `unit` does not fit the value.
        ValidationError: The population is not positive.

    Examples:
        >>> from swchina_dev import Q_, Measure
        >>> print(per_capita(Q_(3.7, "yi * CNY"), Q_(10, "wan"), unit="CNY"))
        3,700 CNY
        >>> print(per_capita(Measure(Q_(8_000_000, "CNY"), "at_least"), Q_(4000, "dimensionless")))
        at least 2,000 CNY
    """
    if isinstance(population, str):
        _require_census(population, "population")
        people, basis = census_population(value, "a per-person value")
        return CensusRatio(per_capita(value, people, unit=unit), basis)
    amount = as_measure(value, "value")
    if unit is not None:
        amount = convert_measure(amount, canonical_unit(unit), on=None, field="value")
    require_same_breakdown(value, population, "a per-person value")
    people = as_measure(population, "population")
    if dimensions_of(people.unit):
        raise ConversionError(
            f"a population is a count (dimensionless), not {people.unit}", field="population"
        )
    people = people.to("dimensionless")
    if people.magnitude <= 0:
        raise ValidationError(f"the population must be positive, got {people}", field="population")
    magnitude, lower, upper = divide(amount, people)
    return result_measure(
        magnitude, amount.unit, lower, upper, (amount.qualifier, people.qualifier)
    )


@overload
def share(part: Value, whole: Literal["census"], *, on: object = None) -> CensusRatio: ...
@overload
def share(part: Value, whole: Value, *, on: object = None) -> Measure: ...
def share(
    part: Value, whole: Value | Literal["census"], *, on: object = None
) -> Measure | CensusRatio:
    """Return `part / whole` in percent, with bounds (a share is dimensionless).

    Args:
        part: The part, in any unit of the whole's dimension.
        whole: The whole; positive. Or `"census"`: the part is a number of people (an
            indicator) and the whole the resident population of its region at the census
            closest in time, as for [per_capita][swchina_dev.per_capita].
        on: The date, year or period of the exchange rate, if the currencies differ.

    Returns:
        The share, in `percent`; with `"census"`, a
        [CensusRatio][swchina_dev.aggregate.census_ratios.CensusRatio].

    Raises:
        ConversionError: The dimensions (or currencies, without `on`) differ.
        ValidationError: The whole is not positive.

    Examples:
        >>> from swchina_dev import Q_, Measure
        >>> print(share(Q_(520, "hectare"), Measure(Q_(15_600, "mu"), "at_least")))
        at most 50 percent
    """
    if isinstance(whole, str):
        _require_census(whole, "whole")
        people, basis = census_population(part, "a share")
        if dimensions_of(as_measure(part, "part").unit):
            raise ConversionError("a share of the residents is of a number of people", field="part")
        return CensusRatio(share(as_measure(part, "part"), people), basis)
    require_part_of(part, whole, "a share")
    whole_measure = as_measure(whole, "whole")
    amount = convert_measure(as_measure(part, "part"), whole_measure.unit, on=on, field="part")
    if whole_measure.magnitude <= 0:
        raise ValidationError(f"the whole must be positive, got {whole_measure}", field="whole")
    magnitude, lower, upper = scaled(divide(amount, whole_measure), 0.0, 100.0)
    return result_measure(
        magnitude, "percent", lower, upper, (amount.qualifier, whole_measure.qualifier)
    )


def _require_census(text: str, field: str) -> None:
    if text != CENSUS:
        raise ValidationError(
            f"the only text {field} takes is {CENSUS!r}, not {text!r}", field=field
        )
