"""Census figures of a region on its present code, and the census closest in time to a figure.

The bundled regions carry the codes of `CODES_YEAR` (the NBS 2023 edition).
[census_on_present_code][swchina_dev.catalog.census_present.census_on_present_code] gives a
census figure on such a code (through
[census_on_codes_of][swchina_dev.catalog.census_boundaries.census_on_codes_of]);
[census_basis][swchina_dev.catalog.census_present.census_basis] picks, for a figure's region and
period, the census closest in time whose units carry over whole: what
[per_capita][swchina_dev.per_capita] and [share][swchina_dev.share] divide by with `"census"`.

Examples:
    >>> print(census_basis("520581", Period.year(2012)).describe())
    2010 census population of 520581 (census units 522423): 695,947, 1.7 years before the figure
"""

from __future__ import annotations

from typing import Final

import attrs

from swchina_dev.catalog.census import Number, census_column, census_value, indicator_id
from swchina_dev.catalog.census_boundaries import COUNT_METRICS, RecodedValue, census_on_codes_of
from swchina_dev.catalog.census_figures import CENSUS_DATES, CENSUS_YEARS, FIGURES
from swchina_dev.errors import NotFoundError
from swchina_dev.models import Period

__all__ = [
    "CODES_YEAR",
    "CensusBasis",
    "census_basis",
    "census_figures_on_present_code",
    "census_on_present_code",
]


#: The year of the division codes the bundled regions use (the NBS 2023 edition).
CODES_YEAR: Final = 2023


@attrs.frozen
class CensusBasis:
    """The census figure a ratio divides by: which census, which units, how far in time.

    Attributes:
        subject_id: The region the figure is about (a code of `CODES_YEAR`, or `china`).
        key: The census figure (`population`).
        year: The census chosen: the one closest in time to the figure whose units carry over
            whole to the subject's code.
        value: The census figure on the subject's code.
        census_codes: The census units it comes from.
        relation: How they carry over (`same`, `recoded`, `merged`, ...).
        years_apart: Years from the figure's period (its middle) to the census date; negative
            when the census comes first.
        indicator_ids: The ids of the census indicators it is (or is the sum of).
        skipped: The closer census passed over, and why (empty when none was).
    """

    subject_id: str
    key: str
    year: int
    value: Number
    census_codes: tuple[str, ...]
    relation: str
    years_apart: float
    indicator_ids: tuple[str, ...]
    skipped: str = ""

    def describe(self) -> str:
        """Say which census figure was used, of which units, and how far from the figure."""
        units = ", ".join(self.census_codes)
        origin = "" if self.census_codes == (self.subject_id,) else f" (census units {units})"
        when = "after" if self.years_apart >= 0 else "before"
        text = (
            f"{self.year} census {self.key.replace('_', ' ')} of {self.subject_id}{origin}: "
            f"{self.value:,}, {abs(self.years_apart):.1f} years {when} the figure"
        )
        return f"{text}; {self.skipped}" if self.skipped else text


def census_basis(subject_id: str, period: Period, key: str = "population") -> CensusBasis:
    """Find the census figure of a region closest in time to a period.

    The subject is a region code of the bundled regions (codes of `CODES_YEAR`) or `china`.
    Each census is tried, the closest in time first; a census whose units do not carry over
    whole to the subject's code (a split, a transfer of territory) is passed over, and the
    result says so.

    Args:
        subject_id: The region.
        period: The figure's period: its middle is compared with the census dates.
        key: The census figure wanted (a count: `population` by default).

    Raises:
        NotFoundError: No census has the figure for the region on its present code.

    Examples:
        >>> basis = census_basis("520000", Period.year(2020))
        >>> basis.year, basis.value, round(basis.years_apart, 2)
        (2020, 38562148, 0.34)
    """
    middle = period.start + (period.end - period.start) / 2
    order = sorted(CENSUS_YEARS, key=lambda year: abs((CENSUS_DATES[year] - middle).days))
    passed = []
    for year in order:
        found = census_on_present_code(subject_id, key, year)
        if found.value is None:
            passed.append(f"the {year} census was passed over: {found.reason or 'no value'}")
            continue
        return CensusBasis(
            subject_id=subject_id,
            key=key,
            year=year,
            value=found.value,
            census_codes=found.census_codes,
            relation=found.relation,
            years_apart=(CENSUS_DATES[year] - middle).days / 365.25,
            indicator_ids=tuple(indicator_id(code, key, year) for code in found.census_codes),
            skipped="; ".join(passed),
        )
    raise NotFoundError(
        f"no census gives {key!r} for {subject_id!r} on its present code: {'; '.join(passed)}",
        record=subject_id,
    )


def census_on_present_code(code: str, key: str, year: int) -> RecodedValue:
    """One census figure of a region on its present code (of `CODES_YEAR`), or why there is none.

    Args:
        code: A province, prefecture or county code of `CODES_YEAR`, or `china`.
        key: The figure.
        year: The census.

    Returns:
        The [RecodedValue][swchina_dev.catalog.census_boundaries.RecodedValue]: its `value` is
        `None` (and `reason` says why) when the census units do not carry over whole.

    Raises:
        NotFoundError: No unit of the census went into the code.

    Examples:
        >>> census_on_present_code("520581", "population", 2010).describe()
        '520581: 695947 (recoded, from 522423)'
    """
    if code == "china":
        value = census_column(key, year, level="country").get("china")
        if value is None:
            return RecodedValue(
                code, None, "not_comparable", (), f"the {year} census has no national row"
            )
        return RecodedValue(code, value, "same", ("china",))
    for level in ("county", "prefecture", "province"):
        found = census_on_codes_of(key, year, CODES_YEAR, level=level).get(code)
        if found is not None:
            return found
    raise NotFoundError(
        f"{code!r} is no census unit: the censuses cover the provinces, prefectures and "
        f"counties of the six provinces (present codes) and China",
        record=code,
    )


def census_figures_on_present_code(
    code: str, year: int
) -> tuple[RecodedValue, dict[str, Number | None]]:
    """Every figure of a census for a region on its present code.

    The census units that went into the code are found through the population; a count of
    several (merged) units is their sum, a rate of several is `None`.

    Returns:
        How the census units carry over (the population's
        [RecodedValue][swchina_dev.catalog.census_boundaries.RecodedValue]), and the figures by
        key (`None` where the yearbook gives none).

    Raises:
        NotFoundError: No census unit went into the code, or they do not carry over whole.

    Examples:
        >>> basis, figures = census_figures_on_present_code("520581", 2010)
        >>> basis.census_codes, figures["population"], figures["birth_rate"]
        (('522423',), 695947, 16.85)
    """
    found = census_on_present_code(code, "population", year)
    if found.value is None:
        raise NotFoundError(
            f"the {year} census units of {code} do not carry over whole: {found.reason}",
            record=code,
        )
    figures: dict[str, Number | None] = {}
    for key, figure in FIGURES.items():
        if year not in figure.years:
            continue
        values = [census_value(unit, key, year) for unit in found.census_codes]
        if len(values) == 1:
            figures[key] = values[0]
        elif None in values or figure.metric not in COUNT_METRICS:
            figures[key] = None
        else:
            figures[key] = sum(values)  # type: ignore[arg-type]
    return found, figures
