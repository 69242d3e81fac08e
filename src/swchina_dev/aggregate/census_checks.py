"""Check a reported figure against the census: "Hechi's population grew to 3,417,945".

[check_census][swchina_dev.aggregate.census_checks.check_census] compares a claim (text, a
measure, a quantity or an indicator) with the census figure of the same region, figure and
census, as [check_conversion][swchina_dev.check_conversion] compares a stated conversion with the
registry. A claim stands for an interval, as its qualifier and its digits say: an exact
"3,417,945" is that number, "3.42 million" anything that rounds to it (3,415,000 to 3,425,000),
"over 3.4 million" at least 3.4 million, "about 3.4 million" within the tolerance (2%, as for
conversions) of it. The claim agrees with the census when the census figure lies in it.

Examples:
    >>> check = check_census("3,417,945", "Hechi", year=2020)
    >>> check.consistent, check.census, check.census_codes
    (True, 3417945, ('451200',))
    >>> print(check_census("3.5 million", "Hechi", year=2020).verdict)
    not consistent: the 2020 census counts 3,417,945 (the claim 3,500,000 is 2.40% above it)
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import attrs

from swchina_dev.catalog.bundled import load
from swchina_dev.catalog.census_figures import CENSUS_YEARS, FIGURES
from swchina_dev.catalog.census_present import census_basis, census_on_present_code
from swchina_dev.conversion.audit import DEFAULT_TOLERANCE
from swchina_dev.errors import NotFoundError, ValidationError
from swchina_dev.models import Indicator, Measure, Qualifier, Region
from swchina_dev.text import parse_quantity
from swchina_dev.units import as_quantity

if TYPE_CHECKING:
    from swchina_dev.aggregate.intervals import Value

__all__ = ["CensusCheck", "check_census"]


@attrs.frozen
class CensusCheck:
    """A claim set against the census figure of the same region, figure and census.

    Attributes:
        region: The region's present code.
        key: The census figure compared.
        year: The census.
        claimed: The claim, in the figure's unit.
        low: The lowest value the claim allows (`None`: no lower limit).
        high: The highest it allows (`None`: no upper limit).
        census: The census figure on the region's present code; `None` when it has none
            there (a split, a transfer of territory: `reason` says).
        census_codes: The census units it comes from.
        consistent: Whether the census figure lies in the claim's interval (`False` when there
            is no census figure).
        relative: The claim's stated value against the census figure, in percent of it.
        reason: Why there is no census figure to compare with (empty otherwise).
    """

    region: str
    key: str
    year: int
    claimed: Measure
    low: float | None
    high: float | None
    census: int | float | None
    census_codes: tuple[str, ...]
    consistent: bool
    relative: float | None
    reason: str = ""

    @property
    def verdict(self) -> str:
        """The comparison in words."""
        if self.census is None:
            return f"not checked: {self.reason}"
        shown = f"{self.census:,}"
        if self.relative is None or abs(self.relative) < 0.005:
            gap = "the same number"
        else:
            gap = f"{abs(self.relative):.2f}% {'above' if self.relative > 0 else 'below'} it"
        claim = f"{self.claimed.magnitude:,}"
        word = "consistent" if self.consistent else "not consistent"
        return f"{word}: the {self.year} census counts {shown} (the claim {claim} is {gap})"


def _claim(claim: Value | str | int | float, unit: str) -> Measure:
    if isinstance(claim, str):
        measure = parse_quantity(claim)
    elif isinstance(claim, Indicator):
        measure = claim.measure
    elif isinstance(claim, Measure):
        measure = claim
    elif isinstance(claim, (int, float)) and not isinstance(claim, bool):
        measure = Measure.from_parts(claim, unit)
    else:
        measure = Measure(as_quantity(claim))
    return measure.to(unit)


def _rounding(number: float) -> float:
    """Half a unit of the last digit a stated number shows (3.42 million: 5,000)."""
    exponent = Decimal(repr(number) if isinstance(number, float) else number).normalize()
    return float(Decimal(5) * Decimal(10) ** (exponent.as_tuple().exponent - 1))  # type: ignore[operator]


def _interval(measure: Measure, tolerance: float) -> tuple[float | None, float | None]:
    value = float(measure.magnitude)
    if measure.qualifier is Qualifier.EXACT:
        half = _rounding(measure.magnitude)
        return value - half, value + half
    if measure.qualifier is Qualifier.ABOUT:
        return value * (1 - tolerance), value * (1 + tolerance)
    if measure.qualifier is Qualifier.NEARLY:
        return value * (1 - tolerance), value
    low, high = measure.lower_magnitude, measure.upper_magnitude
    return (None if low is None else float(low)), (None if high is None else float(high))


def _region_code(region: str | Region) -> str:
    if isinstance(region, Region):
        return region.code
    if region == "china" or (region.isdigit() and len(region) == 6):
        return region
    found = load().lookup(region)
    if not isinstance(found, Region):
        raise ValidationError(f"{region!r} is not a region", field="region")
    return found.code


def check_census(
    claim: Value | str | int | float,
    region: str | Region | None = None,
    *,
    key: str | None = None,
    year: int | None = None,
    tolerance: float = DEFAULT_TOLERANCE,
) -> CensusCheck:
    """Compare a reported figure with the census figure of the same region and census.

    Args:
        claim: The figure: text (`"3,417,945"`, `"over 3.4 million"`), a measure, a quantity,
            a number, or an indicator (whose subject, period and metric fill in what is not
            given).
        region: The region: a present code, a name the dataset knows (`"Hechi"`) or a region;
            by default an indicator's subject.
        key: The census figure (`population` by default; for an indicator, the figure of its
            metric, item and breakdown).
        year: The census (2010 or 2020); by default the census closest to an indicator's
            period, else 2020.
        tolerance: The relative margin of `about` and `nearly` claims (2%).

    Returns:
        The [CensusCheck][swchina_dev.aggregate.census_checks.CensusCheck].

    Raises:
        NotFoundError: The region is no census unit, or the figure is not of that census.
        ValidationError: No region is given, or the indicator's kind is no census figure.
        ParseError: The text is not a figure.

    Examples:
        >>> check_census("over 6.8 million", "520500").consistent
        True
        >>> check_census("6.54 million", "Bijie", year=2010).census_codes
        ('522400',)
    """
    if region is None:
        if not isinstance(claim, Indicator):
            raise ValidationError("say which region the claim is about", field="region")
        region = claim.subject_id
    code = _region_code(region)
    if key is None:
        key = _figure_of(claim) if isinstance(claim, Indicator) else "population"
    figure = FIGURES.get(key)
    if figure is None:
        raise NotFoundError(f"no census figure {key!r}", record=key)
    if year is None:
        year = census_basis(code, claim.period, key).year if isinstance(claim, Indicator) else 2020
    if year not in CENSUS_YEARS or year not in figure.years:
        raise NotFoundError(f"the {year} census has no figure {key!r}", record=key)
    measure = _claim(claim, figure.unit)
    low, high = _interval(measure, tolerance)
    found = census_on_present_code(code, key, year)
    census = found.value
    consistent = (
        census is not None and (low is None or low <= census) and (high is None or census <= high)
    )
    relative = None
    if census:
        relative = (float(measure.magnitude) - census) / census * 100
    return CensusCheck(
        code, key, year, measure, low, high, census, found.census_codes, consistent, relative,
        found.reason,
    )  # fmt: skip


def _figure_of(indicator: Indicator) -> str:
    """The census figure of an indicator's metric, item and breakdown."""
    for key, figure in FIGURES.items():
        same = (figure.metric, figure.item, figure.breakdown) == (
            indicator.metric.key, indicator.item, indicator.breakdown,
        )  # fmt: skip
        if same:
            return key
    raise ValidationError(
        f"no census figure is {indicator.metric.key} of {indicator.item or 'everyone'} "
        f"{list(indicator.breakdown)} ({indicator.id})",
        field="metric",
    )
