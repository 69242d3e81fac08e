"""Reductions: totals, roll-ups up the region tree, and change over time, all bound-aware.

Every function here carries the bounds of its inputs (see :class:`~swchina_dev.Measure`) by
interval arithmetic, and reads the qualifier of its result from the bounds that survive:

==================== ========================================= ==========================
bounds that survive  qualifier of the result                   stated value
==================== ========================================= ==========================
lower = upper        ``exact``                                 that number
lower and upper      ``range``                                 their midpoint
lower only           ``at_least``                              the lower bound
upper only           ``nearly`` when every input is ``exact``  the upper bound
                     or ``nearly``, else ``at_most``
neither              ``about``                                 the computed value
==================== ========================================= ==========================

So "over 7,800 mu" plus "4,800 mu" is at least 12,600 mu; "nearly 2 million" plus an exact
300,000 is nearly 2.3 million (the shortfall is no larger than the input's); "nearly" plus
"at least" keeps neither bound and is ``about``; anything with ``about`` is ``about``.

Quantities are converted to the result's unit through
:func:`~swchina_dev.convert.convert_magnitudes`; currencies only at a dated rate (``on=``,
through :func:`~swchina_dev.rates.convert_currency`).

Examples:
    >>> import swchina_dev as sw
    >>> from swchina_dev.aggregate import total
    >>> ds = sw.load()
    >>> orchards = [ds.indicators["s000-chengmanyuan-fruit-area"],
    ...             ds.indicators["s000-taoying-cherry-area"]]
    >>> print(total(orchards))
    at least 12,600 mu
"""

from __future__ import annotations

import datetime as dt
import functools
import math
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Final, Literal

import attrs

from swchina_dev.errors import (
    ConversionError,
    DoubleCountingError,
    NotFoundError,
    StructureError,
    UnitError,
    ValidationError,
)
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Level,
    Measure,
    Period,
    Qualifier,
    Region,
    Zone,
)
from swchina_dev.units import as_quantity, canonical_unit, dimensionality, dimensions_of

if TYPE_CHECKING:
    from typing import TypeAlias

    from swchina_dev.datasets import Dataset
    from swchina_dev.units import Quantity

    #: What the functions here accept as a value: a measure, an indicator (its measure) or a
    #: quantity (read as exact).
    Value: TypeAlias = Measure | Indicator | Quantity

__all__ = [
    "Change",
    "Conflict",
    "Exclusion",
    "RollUp",
    "RollUpRecord",
    "cagr",
    "growth",
    "per_capita",
    "roll_up",
    "share",
    "total",
    "years_between",
]

Number = int | float
#: Where a roll-up goes: a level, a grouping or a region (by object, name, code or id).
Target = Level | Grouping | Region | str
#: What a roll-up does with a value whose place lies inside another counted value's place.
Nested = Literal["raise", "keep_outer"]
#: What a roll-up does with several values for one subject (parts of it, or one fact twice?).
Repeats = Literal["raise", "sum"]

INSIDE: Final = "inside"
OVERLAPS: Final = "overlaps"
SAME_PLACE: Final = "same place"
SAME_SUBJECT: Final = "same subject"
_CLOSE: Final = frozenset({Qualifier.EXACT, Qualifier.NEARLY})
_RANKS: Final = {level: level.rank for level in Level}  # Level.rank walks the enum each call


@attrs.frozen
class Conflict:
    """Two places whose values must not both be counted.

    Args:
        outer: The id or code of the containing place (for ``same place`` and ``same subject``,
            either one).
        inner: The id or code of the place inside it.
        relation: ``inside`` (a village in its county, an enterprise in its zone or in its
            group), ``overlaps`` (a zone that lies partly in a region), ``same place`` (a
            region and its predecessor code) or ``same subject``.
        ids: The indicator ids (object path) or keys (columnar path) involved, where known.
    """

    outer: str
    inner: str
    relation: str
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f" ({', '.join(self.ids)})" if self.ids else ""
        if self.relation in (INSIDE, OVERLAPS):
            verb = "lies inside" if self.relation == INSIDE else "overlaps"
            return f"{self.inner} {verb} {self.outer}{where}"
        if self.relation == SAME_SUBJECT:
            return f"{self.outer} has more than one value{where}"
        return f"{self.outer} and {self.inner} are the {self.relation}{where}"


@attrs.frozen
class Exclusion:
    """A value a roll-up could not attribute to any target, and why.

    Args:
        id: The indicator id (object path) or the code (columnar path).
        reason: Why it was left out (above the target level, spanning several targets, outside
            the target grouping).
    """

    id: str
    reason: str


@attrs.frozen
class RollUpRecord:
    """The total of one target region (or grouping) and the values that went into it.

    Args:
        code: The target region's code, or the grouping's id.
        total: The total (see :func:`total` for its bounds and qualifier).
        indicator_ids: The indicators summed, in input order.
        dropped_ids: Indicators left out because their place lies inside a counted one
            (``nested="keep_outer"`` only).
    """

    code: str
    total: Measure
    indicator_ids: tuple[str, ...]
    dropped_ids: tuple[str, ...] = ()


@attrs.frozen
class RollUp:
    """The result of :func:`roll_up`: one record per target, and what could not be attributed.

    Iterating yields the records in code order; ``rollup["520500"]`` returns one.

    Args:
        target: The level (``"prefecture"``) or the grouping or region id rolled up to.
        metric: The metric key of the values (None when nothing was rolled up).
        period: Their period.
        unit: The unit of every total.
        records: One per target, in code order.
        excluded: Values above the target level, spanning several targets or outside the target.
    """

    target: str
    metric: str | None
    period: Period | None
    unit: str | None
    records: tuple[RollUpRecord, ...]
    excluded: tuple[Exclusion, ...] = ()

    def __iter__(self) -> Iterator[RollUpRecord]:
        return iter(self.records)

    def __len__(self) -> int:
        return len(self.records)

    def __getitem__(self, code: str) -> RollUpRecord:
        for record in self.records:
            if record.code == code:
                return record
        known = [record.code for record in self.records]
        raise NotFoundError(f"no roll-up record for {code!r}", suggestions=known[:5])


# -- interval arithmetic -----------------------------------------------------------------------


def _as_measure(value: Value, field: str) -> Measure:
    if isinstance(value, Measure):
        return value
    if isinstance(value, Indicator):
        return value.measure
    try:
        return Measure(as_quantity(value))
    except (UnitError, ValidationError) as error:  # name the argument that was wrong
        raise type(error)(error.message, field=field) from None


def _currency(unit: str) -> str | None:
    """The one currency code in a unit's dimensions (``CNY / year`` -> ``CNY``), else None."""
    codes = [name[10:-1] for name in dimensions_of(unit) if name.startswith("[currency_")]
    return codes[0] if len(codes) == 1 else None


def _in_unit(measure: Measure, unit: str, on: object, field: str) -> Measure:
    """Convert a measure to ``unit``: by the registry, or across currencies at the rate ``on``."""
    if measure.unit == unit:
        return measure
    if dimensions_of(measure.unit) == dimensions_of(unit):
        return measure.to(unit)
    source, target = _currency(measure.unit), _currency(unit)
    swapped = None
    if source is not None and target is not None and source != target:
        # The same unit but for the currency (CNY / year and USD / year) converts at a rate.
        rename = {f"[currency_{source}]": f"[currency_{target}]"}
        swapped = {
            rename.get(name, name): power for name, power in dimensions_of(measure.unit).items()
        }
    if target is None or swapped != dict(dimensions_of(unit).items()):
        raise ConversionError(
            f"cannot add {measure} ({dimensionality(measure.unit)}) to a value in {unit} "
            f"({dimensionality(unit)})",
            field=field,
        )
    if on is None:
        raise ConversionError(
            f"{measure} is in {source}, the result in {target}: currencies add up only at a "
            "dated rate; pass on=<date, year or period> (or convert them first)",
            field=field,
        )
    from swchina_dev.rates import convert_currency  # rates are read on first use only

    converted: Measure = convert_currency(measure, target, on).value
    return _in_unit(converted, unit, None, field)


def _sum(numbers: Sequence[Number]) -> Number:
    # Ints stay exact; floats are summed with one rounding (fsum), which keeps sums monotone.
    if all(isinstance(number, int) for number in numbers):
        return sum(numbers)
    try:
        return math.fsum(numbers)
    except OverflowError:
        raise ValidationError("the total overflows the float range", field="magnitude") from None


def _bound_sum(bounds: Sequence[Number | None]) -> Number | None:
    known = [bound for bound in bounds if bound is not None]
    return _sum(known) if len(known) == len(bounds) else None


def _result(
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


def _divide(numerator: Measure, denominator: Measure) -> tuple[float, float | None, float | None]:
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


def _scaled(
    value: tuple[float, float | None, float | None], offset: float, factor: float
) -> tuple[float, float | None, float | None]:
    magnitude, lower, upper = value
    return (
        (magnitude + offset) * factor,
        None if lower is None else (lower + offset) * factor,
        None if upper is None else (upper + offset) * factor,
    )


def total(values: Iterable[Value], unit: str | None = None, *, on: object = None) -> Measure:
    """Sum measures, converting their units and carrying their bounds.

    The lower bound of the total is the sum of the lower bounds when every input has one
    (likewise the upper); the qualifier follows from the bounds that survive (see the module
    documentation): exact values give an exact total, "over 7,800 mu" and "4,800 mu" give
    "at least 12,600 mu", and anything ``about`` gives an ``about`` total.

    Args:
        values: Measures, indicators (their measures) or quantities (read as exact).
        unit: The unit of the total (``"hectare"``); by default the first value's unit.
        on: The date, year or period of the exchange rate for values in another currency
            (the bundled CNY per USD averages); without it mixing currencies is an error.

    Returns:
        The total, in ``unit``.

    Raises:
        ConversionError: A value is in another dimension, or in another currency and ``on``
            is not given; the message names the value.
        ValidationError: There is nothing to total and no unit, or the total overflows.
        RateNotFoundError: No bundled rate covers ``on``.

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
    measures = [_as_measure(value, f"values[{index}]") for index, value in enumerate(values)]
    if not measures:
        if unit is None:
            raise ValidationError("nothing to total, and no unit given", field="values")
        return Measure.from_parts(0, unit)
    target = canonical_unit(unit) if unit is not None else measures[0].unit
    converted = [
        _in_unit(measure, target, on, f"values[{index}]") for index, measure in enumerate(measures)
    ]
    return _result(
        _sum([measure.magnitude for measure in converted]),
        target,
        _bound_sum([measure.lower_magnitude for measure in converted]),
        _bound_sum([measure.upper_magnitude for measure in converted]),
        [measure.qualifier for measure in converted],
    )


# -- change over time --------------------------------------------------------------------------


@attrs.frozen
class Change:
    """The change between two values: absolute (in their unit) and relative (in percent).

    Args:
        start: The earlier value, as given.
        end: The later value, in the start's unit (or the unit asked for).
        absolute: ``end - start``, with bounds: lower = end's lower - start's upper, upper =
            end's upper - start's lower.
        relative: ``absolute / start`` in percent, with bounds (the start taken as positive);
            None when the start's value is not positive.
        start_period: The start's period, where the values are indicators.
        end_period: The end's period, likewise.
    """

    start: Measure
    end: Measure
    absolute: Measure
    relative: Measure | None
    start_period: Period | None = None
    end_period: Period | None = None


def _same_metric(start: Value, end: Value) -> None:
    if (
        isinstance(start, Indicator)
        and isinstance(end, Indicator)
        and start.metric.key != end.metric.key
    ):
        raise ValidationError(
            f"cannot compare metric {start.metric.key!r} ({start.id}) with {end.metric.key!r} "
            f"({end.id})",
            field="metric",
        )


def growth(start: Value, end: Value, *, unit: str | None = None, on: object = None) -> Change:
    """Return the absolute and relative change from ``start`` to ``end``, with bounds.

    Relative growth is the absolute change divided by the start (as intervals), so a value
    compared with itself grows by exactly zero whatever its qualifier. Subjects are not checked:
    comparing two places is allowed.

    Args:
        start: The earlier value: a measure, an indicator or a quantity.
        end: The later value, in a unit of the same dimension (another currency needs ``on``).
        unit: The unit of the absolute change; by default the start's unit.
        on: The date, year or period of the exchange rate, if the currencies differ.

    Returns:
        The :class:`Change`.

    Raises:
        ConversionError: The two values have different dimensions (or currencies, without
            ``on``).
        ValidationError: Both are indicators of different metrics.

    Examples:
        >>> from swchina_dev import Q_
        >>> change = growth(Q_(500, "mu"), Q_(60, "hectare"))
        >>> print(change.absolute, "/", change.relative)
        400 mu / 80 percent
    """
    _same_metric(start, end)
    first, last = _as_measure(start, "start"), _as_measure(end, "end")
    target = canonical_unit(unit) if unit is not None else first.unit
    first, last = _in_unit(first, target, on, "start"), _in_unit(last, target, on, "end")
    low = None
    if last.lower_magnitude is not None and first.upper_magnitude is not None:
        low = last.lower_magnitude - first.upper_magnitude
    high = None
    if last.upper_magnitude is not None and first.lower_magnitude is not None:
        high = last.upper_magnitude - first.lower_magnitude
    qualifiers = (first.qualifier, last.qualifier)
    absolute = _result(last.magnitude - first.magnitude, target, low, high, qualifiers)
    relative = None
    if first.magnitude > 0:
        magnitude, lower, upper = _scaled(_divide(absolute, first), 0.0, 100.0)
        relative = _result(magnitude, "percent", lower, upper, qualifiers)
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
    """Return the years from one period to another, as :func:`cagr` counts them.

    Each date is placed on a fractional-year scale (a day is its share of its own calendar
    year), so whole calendar years and months give whole numbers.

    Args:
        start: The earlier period.
        end: The later period.
        between: ``"midpoints"`` (a flow: a year's value stands at its middle) or ``"ends"``
            (a stock, counted at the end of each period).

    Returns:
        The years, negative when ``end`` comes first.

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

    def position(period: Period) -> float:
        finish = _year_position(period.end, end_of_day=True)
        if between == "ends":
            return finish
        return (_year_position(period.start, end_of_day=False) + finish) / 2

    return position(end) - position(start)


def cagr(
    start: Value,
    end: Value,
    *,
    years: float | None = None,
    between: Literal["midpoints", "ends"] = "midpoints",
    on: object = None,
) -> Measure:
    """Return the compound annual growth rate from ``start`` to ``end``, in percent per year.

    ``(end / start) ** (1 / years) - 1``, with bounds from the bounds of the ratio (the rate is
    increasing in it). A ratio bound below zero is dropped.

    Args:
        start: The earlier value (an indicator, or a measure or quantity with ``years``).
        end: The later value, in the same dimension.
        years: The years between them; by default counted between the indicators' periods by
            :func:`years_between`.
        between: How the periods are placed in time: ``"midpoints"`` (default; right for flows
            such as a year's output) or ``"ends"`` (for stocks).
        on: The date, year or period of the exchange rate, if the currencies differ.

    Returns:
        The rate as a measure in ``percent`` (per year).

    Raises:
        ValidationError: No periods and no ``years``, the end does not come after the start,
            a value is not positive, or the metrics differ.
        ConversionError: The dimensions (or currencies, without ``on``) differ.

    Examples:
        >>> from swchina_dev import Q_
        >>> print(cagr(Q_(100, "mu"), Q_(121, "mu"), years=2))
        10 percent
    """
    _same_metric(start, end)
    if years is None:
        if not (isinstance(start, Indicator) and isinstance(end, Indicator)):
            raise ValidationError("give years=, or two indicators with periods", field="years")
        years = years_between(start.period, end.period, between=between)
    if not (isinstance(years, (int, float)) and math.isfinite(years) and years > 0):
        raise ValidationError(
            f"the end must come after the start; got {years!r} years between them",
            field="period",
        )
    first = _as_measure(start, "start")
    last = _in_unit(_as_measure(end, "end"), first.unit, on, "end")
    if first.magnitude <= 0 or last.magnitude <= 0:
        raise ValidationError(
            f"growth rates need positive values, got {first} and {last}", field="magnitude"
        )
    magnitude, lower, upper = _divide(last, first)

    def rate(ratio: float | None) -> float | None:
        if ratio is None or ratio < 0:
            return None
        try:
            return float(ratio ** (1 / years) - 1) * 100
        except OverflowError:  # infinite: dropped as a bound, refused as the value
            return math.inf

    value = rate(magnitude)
    assert value is not None
    return _result(value, "percent", rate(lower), rate(upper), (first.qualifier, last.qualifier))


def per_capita(value: Value, population: Value, *, unit: str | None = None) -> Measure:
    """Divide a value by a population, with bounds.

    Counts are dimensionless in this library (people, households, and ``wan`` of them), so a
    per-capita value keeps the value's unit: yuan per person is given in ``CNY``.

    Args:
        value: The total (income, area, output...).
        population: The number of people: a dimensionless count (``Q_(3.2, "wan")``), positive.
        unit: The unit of the result; by default the value's.

    Returns:
        The value per person.

    Raises:
        ConversionError: The population is not a count, or ``unit`` does not fit the value.
        ValidationError: The population is not positive.

    Examples:
        >>> from swchina_dev import Q_, Measure
        >>> print(per_capita(Q_(3.7, "yi * CNY"), Q_(10, "wan"), unit="CNY"))
        3,700 CNY
        >>> print(per_capita(Measure(Q_(8_000_000, "CNY"), "at_least"), Q_(4000, "dimensionless")))
        at least 2,000 CNY
    """
    amount = _as_measure(value, "value")
    if unit is not None:
        amount = _in_unit(amount, canonical_unit(unit), None, "value")
    people = _as_measure(population, "population")
    if dimensions_of(people.unit):
        raise ConversionError(
            f"a population is a count (dimensionless), not {people.unit}", field="population"
        )
    people = people.to("dimensionless")
    if people.magnitude <= 0:
        raise ValidationError(f"the population must be positive, got {people}", field="population")
    magnitude, lower, upper = _divide(amount, people)
    return _result(magnitude, amount.unit, lower, upper, (amount.qualifier, people.qualifier))


def share(part: Value, whole: Value, *, on: object = None) -> Measure:
    """Return ``part / whole`` in percent, with bounds (a share is dimensionless).

    Args:
        part: The part, in any unit of the whole's dimension.
        whole: The whole; positive.
        on: The date, year or period of the exchange rate, if the currencies differ.

    Returns:
        The share, in ``percent``.

    Raises:
        ConversionError: The dimensions (or currencies, without ``on``) differ.
        ValidationError: The whole is not positive.

    Examples:
        >>> from swchina_dev import Q_, Measure
        >>> print(share(Q_(520, "hectare"), Measure(Q_(15_600, "mu"), "at_least")))
        at most 50 percent
    """
    whole_measure = _as_measure(whole, "whole")
    amount = _in_unit(_as_measure(part, "part"), whole_measure.unit, on, "part")
    if whole_measure.magnitude <= 0:
        raise ValidationError(f"the whole must be positive, got {whole_measure}", field="whole")
    magnitude, lower, upper = _scaled(_divide(amount, whole_measure), 0.0, 100.0)
    return _result(magnitude, "percent", lower, upper, (amount.qualifier, whole_measure.qualifier))


# -- places: where a subject lies, and what contains it ----------------------------------------


class _Tree:
    """A dataset's region tree flattened once: each code's chain up to the country, and more."""

    __slots__ = ("chains", "groupings", "levels", "same_place")

    def __init__(self, dataset: Dataset) -> None:
        parents = {region.code: region.parent for region in dataset.regions}
        self.levels = {region.code: region.level for region in dataset.regions}
        self.chains: dict[str, tuple[str, ...]] = {}
        for code in parents:
            path: list[str] = []
            current: str | None = code
            while current is not None and current not in self.chains:
                if current in path:  # a parent cycle would make every walk up loop forever
                    raise StructureError(
                        "the region tree has a cycle", problems=[" -> ".join([*path, current])]
                    )
                path.append(current)
                parent = parents.get(current)
                current = parent if parent in parents else None
            tail = self.chains[current] if current is not None else ()
            for node in reversed(path):
                tail = (node, *tail)
                self.chains[node] = tail
        # Predecessor links join codes for the same place (Qianxi County 520522 -> City 520581).
        links: dict[str, set[str]] = {}
        for region in dataset.regions:
            for predecessor in region.predecessors:
                if predecessor in parents:
                    links.setdefault(region.code, set()).add(predecessor)
                    links.setdefault(predecessor, set()).add(region.code)
        self.same_place: dict[str, frozenset[str]] = {}
        for code in links:
            if code not in self.same_place:
                group, stack = {code}, [code]
                while stack:
                    for other in links[stack.pop()] - group:
                        group.add(other)
                        stack.append(other)
                for member in group:
                    self.same_place[member] = frozenset(group - {member})
        self.groupings = {
            grouping.id: frozenset(grouping.members) for grouping in dataset.groupings
        }

    def chain(self, code: str) -> tuple[str, ...]:
        """The code and every code above it, nearest first."""
        return self.chains.get(code, (code,))


@functools.lru_cache(maxsize=16)
def _tree(dataset: Dataset) -> _Tree:
    # Datasets are immutable and hash by identity: one flattening per dataset serves every call.
    return _Tree(dataset)


def _footprint(dataset: Dataset, subject_id: str) -> tuple[str, ...]:
    """The region codes a subject lies in (a grouping: its members)."""
    entity = dataset.get(subject_id)
    if isinstance(entity, Region):
        return (entity.code,)
    if isinstance(entity, Zone):
        return entity.regions
    if isinstance(entity, Enterprise):
        return (entity.region,)
    if isinstance(entity, Grouping):
        return entity.members
    raise ValidationError(
        f"{subject_id!r} is a {type(entity).__name__}, not a place", field="subject_id"
    )


def _resolve_target(dataset: Dataset, to: Target) -> Level | Grouping | Region:
    if isinstance(to, (Level, Grouping, Region)):
        return to
    if isinstance(to, str):
        try:
            return Level(to.strip().lower())
        except ValueError:
            pass
        found = dataset.lookup(to)
        if isinstance(found, (Grouping, Region)):
            return found
        raise ValidationError(
            f"roll up to a level ({', '.join(level.value for level in Level)}), a grouping or "
            f"a region, not to {type(found).__name__} {found.id!r}",
            field="to",
        )
    raise ValidationError(f"cannot roll up to a {type(to).__name__}", field="to")


def _target_label(target: Level | Grouping | Region) -> str:
    return target.value if isinstance(target, Level) else target.id


def _place(
    dataset: Dataset, subject_id: str, target: Level | Grouping | Region
) -> tuple[str | None, str]:
    """Return (target code, "") for a subject, or (None, why it cannot be attributed)."""
    tree = _tree(dataset)
    footprint = _footprint(dataset, subject_id)
    if isinstance(target, Level):
        found: set[str] = set()
        for code in footprint:
            if _RANKS[tree.levels[code]] < _RANKS[target]:
                return None, f"{code} is above the {target.value} level"
            match = [c for c in tree.chain(code) if tree.levels[c] is target]
            if not match:
                return None, f"{code} has no {target.value} above it"
            found.add(match[0])
        if len(found) > 1:
            return None, f"spans several {target.value}s ({', '.join(sorted(found))})"
        return found.pop(), ""
    members = tree.groupings[target.id] if isinstance(target, Grouping) else {target.code}
    inside = [bool(members.intersection(tree.chain(code))) for code in footprint]
    if all(inside):
        return target.id, ""
    return None, f"{'partly ' if any(inside) else ''}outside {target.id}"


def _containers(dataset: Dataset, subject_id: str) -> dict[str, str]:
    """Every place whose value would include (all or part of) this subject's, with the relation.

    A region is inside its ancestors (and their former codes) and is the same place as its
    predecessors and successors; a zone is inside the regions above all its regions and
    overlaps those above only some; an enterprise is inside its region's chain, its zone and its
    parent groups; groupings contain what lies within their members. A zone is not known to
    contain any region below its own regions.
    """
    tree = _tree(dataset)
    entity = dataset.get(subject_id)
    found: dict[str, str] = {}
    footprint = _footprint(dataset, subject_id)
    if isinstance(entity, Region):
        for code in tree.chain(entity.code)[1:]:
            found[code] = INSIDE
            found.update(dict.fromkeys(tree.same_place.get(code, ()), INSIDE))
        found.update(dict.fromkeys(tree.same_place.get(entity.code, ()), SAME_PLACE))
    elif isinstance(entity, (Zone, Grouping)):
        # A grouping's members are inside it, not around it: only what lies above them counts.
        skip = 1 if isinstance(entity, Grouping) else 0
        chains = [set(tree.chain(code)[skip:]) for code in footprint]
        for code in set().union(*chains):
            found[code] = INSIDE if all(code in chain for chain in chains) else OVERLAPS
    elif isinstance(entity, Enterprise):
        found.update(dict.fromkeys(tree.chain(entity.region), INSIDE))
        if entity.zone is not None:
            found[entity.zone] = INSIDE
        parent = entity.parent
        while parent is not None and parent not in found and parent in dataset.enterprises:
            found[parent] = INSIDE
            parent = dataset.enterprises[parent].parent
    for grouping_id, members in tree.groupings.items():
        if grouping_id == subject_id:
            continue
        within = [bool(members.intersection(tree.chain(code))) for code in footprint]
        if any(within):
            found[grouping_id] = INSIDE if all(within) else OVERLAPS
    return found


def _conflicts(dataset: Dataset, subjects: Iterable[str]) -> list[Conflict]:
    """Every pair of the given subjects whose values must not both be counted."""
    present = set(subjects)
    pairs: dict[frozenset[str], Conflict] = {}
    for subject in sorted(present):
        for container, relation in _containers(dataset, subject).items():
            if container in present and container != subject:
                key = frozenset((container, subject))
                # Keep the plainest reading of a pair: "inside" wins over "overlaps" seen back.
                if key not in pairs or relation == INSIDE:
                    pairs[key] = Conflict(container, subject, relation)
    return sorted(pairs.values(), key=lambda conflict: (conflict.outer, conflict.inner))


# -- roll-ups ----------------------------------------------------------------------------------


def _one_of_each(indicators: Sequence[Indicator]) -> None:
    checks = (
        ("metric", lambda indicator: indicator.metric.key),
        ("period", lambda indicator: str(indicator.period)),
        ("status", lambda indicator: indicator.status.value),
    )
    for field, read in checks:
        seen = dict.fromkeys(read(indicator) for indicator in indicators)
        if len(seen) > 1:
            criterion = "period_equals" if field == "period" else field
            raise ValidationError(
                f"a roll-up sums values of one {field}; got {', '.join(map(str, seen))} "
                f"(narrow the selection with where({criterion}=...))",
                field=field,
            )
    metric = indicators[0].metric if indicators else None
    if metric is not None and not metric.additive:
        # Growth rates, shares, per-person values and altitudes have no meaningful sum.
        raise ValidationError(
            f"metric {metric.key!r} is not additive: values of different places do not sum "
            "to a total",
            field="metric",
        )


def _check_options(nested: object, repeats: object) -> None:
    if nested not in ("raise", "keep_outer"):
        raise ValidationError(
            f"nested must be 'raise' or 'keep_outer', not {nested!r}", field="nested"
        )
    if repeats not in ("raise", "sum"):
        raise ValidationError(f"repeats must be 'raise' or 'sum', not {repeats!r}", field="repeats")


def _double_counting(problems: Sequence[Conflict], nested: Nested, what: str) -> None:
    """Raise on the problems found, with a hint at the option that would help."""
    if not problems:
        return
    hints = []
    if nested == "raise" and any(problem.relation == INSIDE for problem in problems):
        hints.append("nested='keep_outer' keeps the outer values")
    if any(problem.relation == SAME_SUBJECT for problem in problems):
        hints.append("repeats='sum' adds up values of one subject that are parts of it")
    hint = f" ({'; '.join(hints)})" if hints else ""
    raise DoubleCountingError(
        f"these {what} would be counted twice{hint}", conflicts=problems, field=what
    )


def _group_conflicts(
    dataset: Dataset, members: Sequence[Indicator], nested: Nested, repeats: Repeats
) -> tuple[list[Indicator], list[Indicator]]:
    """Split a target's indicators into (counted, dropped), or raise on double counting."""
    by_subject: dict[str, list[Indicator]] = {}
    for indicator in members:
        by_subject.setdefault(indicator.subject_id, []).append(indicator)
    problems = [
        Conflict(subject, subject, SAME_SUBJECT, tuple(i.id for i in group))
        for subject, group in by_subject.items()
        if len(group) > 1 and repeats == "raise"
    ]
    dropped: set[str] = set()
    for conflict in _conflicts(dataset, by_subject):
        ids = tuple(i.id for i in by_subject[conflict.outer] + by_subject[conflict.inner])
        if nested == "keep_outer" and conflict.relation == INSIDE:
            dropped.add(conflict.inner)
        else:
            problems.append(attrs.evolve(conflict, ids=ids))
    _double_counting(problems, nested, "indicators")
    counted = [indicator for indicator in members if indicator.subject_id not in dropped]
    return counted, [indicator for indicator in members if indicator.subject_id in dropped]


def roll_up(
    indicators: Iterable[Indicator],
    to: Target,
    *,
    dataset: Dataset | None = None,
    unit: str | None = None,
    on: object = None,
    nested: Nested = "raise",
    repeats: Repeats = "raise",
) -> RollUp:
    """Sum indicators of one metric, period and status up the region tree to a level.

    Each indicator's subject is placed by the regions it lies in (a region itself, a zone's
    regions, an enterprise's region, a grouping's members) and attributed to their ancestor at
    the target level. Values above the level, spanning several targets or outside a target
    grouping are not summed but listed in ``excluded``. Within one target, a value whose place
    lies inside another counted value's place (a village and its county, an enterprise and its
    zone, a subsidiary and its group, a region and its former code) would be counted twice:
    refused with :class:`DoubleCountingError`, or with ``nested="keep_outer"`` the inner values
    are left out and listed in the record's ``dropped_ids``. Several values for one subject
    may be parts of it (Hechi's walnut, oil-tea and fruit area goals) or one fact reported
    twice (by two sources): refused unless ``repeats="sum"``.

    Args:
        indicators: The values (a :class:`~swchina_dev.queries.Selection` or any iterable).
        to: A level (``"prefecture"``, :class:`~swchina_dev.Level`), a grouping or a region
            (object, id, code or name): one record per region at that level, or one record.
        dataset: The dataset whose tree to use; by default the selection's, else the bundled.
        unit: The unit of the totals; by default the first indicator's.
        on: The date, year or period of the exchange rate for values in other currencies.
        nested: ``"raise"`` (default) or ``"keep_outer"``.
        repeats: ``"raise"`` (default) or ``"sum"``.

    Returns:
        The :class:`RollUp`.

    Raises:
        ValidationError: The indicators mix metrics, periods or statuses, or ``to`` is not a
            level, grouping or region.
        DoubleCountingError: Values inside one another, or repeated, within a target (listed).
        NotFoundError: A subject is not in the dataset.
        ConversionError: Units of different dimensions, or currencies without ``on``.

    Examples:
        >>> import swchina_dev as sw
        >>> ds = sw.load()
        >>> areas = ds.query(metric="planted_area", period_equals="asof:2025-01-23")
        >>> result = roll_up(areas, "prefecture")
        >>> record = result["520500"]
        >>> print(record.total, record.indicator_ids)
        at least 12,600 mu ('s000-chengmanyuan-fruit-area', 's000-taoying-cherry-area')
    """
    items = tuple(indicators)
    for index, item in enumerate(items):
        if not isinstance(item, Indicator):
            raise ValidationError(
                f"roll_up takes indicators, got {type(item).__name__}", field=f"indicators[{index}]"
            )
    _check_options(nested, repeats)
    if dataset is None:
        from swchina_dev.datasets import load

        # A Selection knows its dataset; any other iterable is taken as the bundled data's.
        dataset = getattr(indicators, "dataset", None) or load()
    target = _resolve_target(dataset, to)
    _one_of_each(items)
    groups: dict[str, list[Indicator]] = {}
    excluded: list[Exclusion] = []
    for indicator in items:
        try:
            code, reason = _place(dataset, indicator.subject_id, target)
        except NotFoundError as error:
            raise NotFoundError(error.message, field="subject_id", record=indicator.id) from None
        if code is None:
            excluded.append(Exclusion(indicator.id, reason))
        else:
            groups.setdefault(code, []).append(indicator)
    result_unit = canonical_unit(unit) if unit is not None else None
    if result_unit is None and items:
        result_unit = items[0].measure.unit
    records = []
    for code in sorted(groups):
        counted, dropped = _group_conflicts(dataset, groups[code], nested, repeats)
        records.append(
            RollUpRecord(
                code,
                total(counted, result_unit, on=on),
                tuple(indicator.id for indicator in counted),
                tuple(indicator.id for indicator in dropped),
            )
        )
    return RollUp(
        _target_label(target),
        items[0].metric.key if items else None,
        items[0].period if items else None,
        result_unit,
        tuple(records),
        tuple(excluded),
    )
