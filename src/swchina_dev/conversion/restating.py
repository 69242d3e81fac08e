"""Figures restated in the unit and currency a reader asks for, money at the rate of its period.

A table of figures in many units (mu, hectares, yuan, wan yuan) reads best in one unit per kind:
[restate][swchina_dev.conversion.restating.restate] converts a figure to the unit asked when it
has that unit's dimension, and its money to the currency asked at the bundled average rate of the
figure's own period (a figure for 2020 at the 2020 rate, one "as of" a day at that day's month),
keeping every figure of another kind as it is. The rate used is returned with it, to cite.

Examples:
    >>> from swchina_dev import Measure, Period
    >>> area = Measure.from_parts(7800, "mu", "at_least")
    >>> print(restate(area, Period.year(2024), unit="hectare").measure)
    at least 520 hectare
    >>> money = restate(Measure.from_parts(3.7, "wan * CNY"), Period.year(2021), currency="USD")
    >>> print(money.measure, "at", money.rate)
    5,737.234653 USD at 1 CNY = 0.15506 USD (2021 average of 258 ECB business days)
"""

from __future__ import annotations

import attrs

from swchina_dev.conversion.rates import ExchangeRate, convert_currency
from swchina_dev.models import Measure, Period
from swchina_dev.units import (
    canonical_unit,
    currency_of,
    dimensions_of,
    replace_factor,
    unit_factors,
)

__all__ = ["Restated", "restate"]


@attrs.frozen
class Restated:
    """A figure restated by [restate][swchina_dev.conversion.restating.restate].

    Args:
        measure: The figure in the unit and currency asked (or as it was, where neither applies).
        rate: The exchange rate its money was converted at, or None when no currency changed.
    """

    measure: Measure
    rate: ExchangeRate | None = None


def restate(
    measure: Measure, period: Period, *, unit: str | None = None, currency: str | None = None
) -> Restated:
    """Restate a figure in `unit` (if it has that dimension) and its money in `currency`.

    Money converts at the bundled average rate of `period`, the figure's own: the nearest
    covered month or year when the period lies outside the table (a target for 2035), which
    the rate then says (`substituted`). A scaled money unit (`wan * CNY`) comes out in the
    plain currency (`USD`), the other units of a rate staying (`CNY / month` to `USD / month`).

    Args:
        measure: The figure.
        period: Its period, whose rate converts its money.
        unit: The unit wanted for figures of its dimension (`"hectare"`); a currency unit
            (`"USD"`) also converts money in another currency.
        currency: The currency wanted for money, whatever its other units (`"USD"`).

    Returns:
        The [Restated][swchina_dev.conversion.restating.Restated] figure and its rate.

    Raises:
        UnitError: `unit` or `currency` is unknown, or `currency` is not a currency.

    Examples:
        >>> from swchina_dev import Measure, Period
        >>> wage = Measure.from_parts(6000, "CNY / month", "at_least")
        >>> found = restate(wage, Period.parse("asof:2025-01-23"), currency="USD")
        >>> print(found.measure, "|", found.rate.period)
        at least 822.1317877 USD / month | 2025-01
        >>> restate(wage, Period.year(2024), unit="hectare").measure is wage
        True
    """
    wanted = canonical_unit(unit) if unit is not None else None
    target = currency if currency is not None else currency_of(wanted) if wanted else None
    rate = None
    source = currency_of(measure.unit)
    if target is not None and source is not None:
        target_code = currency_of(canonical_unit(target))
        if source != target_code:
            conversion = convert_currency(measure, target, period, nearest=True)
            measure, rate = conversion.value, conversion.rate
            measure = measure.to(_unscaled(measure.unit))
    if wanted is not None and dimensions_of(measure.unit) == dimensions_of(wanted):
        measure = measure.to(wanted)
    return Restated(measure, rate)


def _unscaled(unit: str) -> str:
    """The unit without its count scales (`USD * wan / year` -> `USD / year`)."""
    for name, _ in unit_factors(unit):
        if not dimensions_of(name) and canonical_unit(name) != "dimensionless":
            unit = replace_factor(unit, name, "dimensionless")
    return unit
