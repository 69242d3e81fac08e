"""Ratios to the census population: per resident, and as a share of the residents.

[per_capita][swchina_dev.per_capita] and [share][swchina_dev.share] take `"census"` in place of
a population: the figure (an indicator) is divided by the resident population its region had at
the census closest in time, on the region's present code
([census_basis][swchina_dev.catalog.census_present.census_basis]), and the result says which
census and units it used.

Examples:
    >>> import swchina_dev as sw
    >>> output = sw.load().indicators["s003-guizhou-industrial-output-value-2020"]
    >>> print(sw.per_capita(output, "census", unit="CNY"))
    36,305.03156 CNY (2020 census population of 520000: 38,562,148, 0.3 years after the figure)
"""

from __future__ import annotations

import attrs

from swchina_dev.catalog.census_present import CensusBasis, census_basis
from swchina_dev.errors import ValidationError
from swchina_dev.models import Indicator, Measure, Scope

__all__ = ["CENSUS", "CensusRatio", "census_population"]

#: What `per_capita` and `share` take in place of a population to use the census's.
CENSUS = "census"


@attrs.frozen
class CensusRatio:
    """A ratio to the census population, with the census figure it used.

    Attributes:
        measure: The value per resident, or the share of the residents in percent.
        basis: Which census figure it divided by: census year, units, how far in time.
    """

    measure: Measure
    basis: CensusBasis

    def __str__(self) -> str:
        return f"{self.measure} ({self.basis.describe()})"


def census_population(value: object, what: str) -> tuple[Measure, CensusBasis]:
    """The census population to divide an indicator by, and where it comes from.

    Args:
        value: An indicator about a region as a whole, of the whole population (no breakdown).
        what: What divides (`"a per-person value"`), for the messages.

    Raises:
        ValidationError: The value is not an indicator, or is about one household or person,
            or about a part of the population.
        NotFoundError: No census has the region's population on its present code.
    """
    if not isinstance(value, Indicator):
        raise ValidationError(
            f"{what} by the census population needs an indicator: its subject and period say "
            f"which census and region",
            field="population",
        )
    if value.scope is not Scope.SUBJECT or value.breakdown:
        raise ValidationError(
            f"{what} by the census population divides a figure of the whole region by all its "
            f"residents; {value.id} is about part of it",
            field="population",
        )
    basis = census_basis(value.subject_id, value.period)
    return Measure.from_parts(basis.value, "dimensionless"), basis
