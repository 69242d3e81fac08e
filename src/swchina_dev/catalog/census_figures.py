"""What the bundled census figures are: one figure description per key.

Each figure of the 2010 and 2020 censuses (`data/census.tsv`, one column per figure) is a
metric of the vocabulary, maybe an item and a breakdown, in one unit: the key
`population_female` is the metric `population` with the breakdown `sex=female`; `share_age_65_plus`
is a `share` of the `population` with `age_group=65+`. Figures the census yearbook gives are
*reported*; a few are sums computed from reported figures (the broad age groups, college
education or higher): they name the figures they are summed from (`derived_from`).

Examples:
    >>> FIGURES["population_female"].breakdown
    ('sex=female',)
    >>> FIGURES["population_age_65_plus"].derived_from[:2]
    ('population_male_age_65_69', 'population_female_age_65_69')
    >>> CENSUS_DATES[2020].isoformat()
    '2020-11-01'
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Final

import attrs

from swchina_dev.models import Period, Source

__all__ = [
    "AGE_GROUPS",
    "CENSUS_DATES",
    "CENSUS_SOURCES",
    "CENSUS_YEARS",
    "EDUCATION_LEVELS",
    "FIGURES",
    "CensusFigure",
    "census_period",
]

#: The censuses bundled, by year.
CENSUS_YEARS: Final = (2010, 2020)
#: The reference time of each census: zero hour of 1 November.
CENSUS_DATES: Final = {2010: dt.date(2010, 11, 1), 2020: dt.date(2020, 11, 1)}

_COMPILATION: Final = (
    "As compiled in the public GitHub repository leiii/census (Lei Dong et al., 'Mapping "
    "Evolving Population Geography in China', 2022), commit 0ba0f1ef, from "
)
_LICENCE: Final = (
    "Figures of an official yearbook; compilation leiii/census, MIT (copyright 2022 Lei Dong; "
    "notice in data-raw/census/LICENSE of the repository)"
)
#: The sources the census figures cite: the NBS yearbook of each census, through the compilation.
CENSUS_SOURCES: Final = {
    2010: Source(
        id="nbs-census-2010",
        publisher="National Bureau of Statistics of China",
        title="Sixth national population census (第六次全国人口普查): county figures of the "
        "census yearbook",
        date=CENSUS_DATES[2010],
        kind="statistical_table",
        url="https://github.com/leiii/census",
        licence=_LICENCE,
        note=_COMPILATION + "census_county_2010_v1.xlsx ('from the 6th census yearbook'). "
        "Reference time 2010-11-01; codes are those in use at the census.",
    ),
    2020: Source(
        id="nbs-census-2020",
        publisher="National Bureau of Statistics of China",
        title="Seventh national population census (第七次全国人口普查): county figures of the "
        "census yearbook",
        date=CENSUS_DATES[2020],
        kind="statistical_table",
        url="https://github.com/leiii/census",
        licence=_LICENCE,
        note=_COMPILATION + "census_county_2020_v1.xlsx, sheet 七普（年鉴） ('from the 7th "
        "census yearbook'). Reference time 2020-11-01; codes are those in use at the census.",
    ),
}

#: The age groups of the yearbooks' tables by sex and age, as breakdown values.
AGE_GROUPS: Final = (
    "0", "1-4", "5-9", "10-14", "15-19", "20-24", "25-29", "30-34", "35-39", "40-44", "45-49",
    "50-54", "55-59", "60-64", "65-69", "70-74", "75-79", "80-84", "85+",
)  # fmt: skip
#: The levels of education the yearbooks count (of the population aged 6 and over), as
#: breakdown values: never at school, pre-school (2020 only), primary, junior secondary, senior
#: secondary (vocational included), junior college (大学专科), bachelor's degree or higher.
EDUCATION_LEVELS: Final = (
    "no_schooling", "preschool", "primary", "junior_secondary", "senior_secondary",
    "junior_college", "bachelor_or_higher",
)  # fmt: skip
_BROAD_AGES: Final = {"0_14": ("0-14", AGE_GROUPS[:4]), "15_64": ("15-64", AGE_GROUPS[4:14]),
                      "65_plus": ("65+", AGE_GROUPS[14:])}  # fmt: skip
_SEXES: Final = ("male", "female")


@attrs.frozen
class CensusFigure:
    """One figure of the censuses: what it measures, of what, of whom, and in which unit.

    Attributes:
        key: The figure's key (`"population_female"`), the column of `data/census.tsv`.
        metric: The key of its metric in the vocabulary (`"population"`).
        unit: The unit of its values (`"dimensionless"` for counts, `"percent"`, `"year"`).
        item: The key of its item, if any (`"population"` for a share of the population).
        breakdown: The part of the population it is about (`("sex=female",)`).
        derived_from: The keys of the figures it is the sum of (empty: reported by the
            yearbook).
        years: The censuses that have it.
        note: What a user should know about it, in our own words.
    """

    key: str
    metric: str
    unit: str
    item: str | None = None
    breakdown: tuple[str, ...] = ()
    derived_from: tuple[str, ...] = ()
    years: tuple[int, ...] = CENSUS_YEARS
    note: str = ""

    @property
    def reported(self) -> bool:
        """Whether the yearbook gives the figure (rather than it being summed from others)."""
        return not self.derived_from


def census_period(figure: CensusFigure, year: int) -> Period:
    """The period a figure of a census refers to: the reference date, or the year before it.

    Birth and death rates count the births and deaths of the twelve months before the
    reference date; every other figure is a count or a state at that date.

    Examples:
        >>> str(census_period(FIGURES["birth_rate"], 2010))
        '2009-11-01/2010-10-31'
    """
    day = CENSUS_DATES[year]
    if figure.metric in ("birth_rate", "death_rate"):
        return Period.between(day.replace(year=year - 1), day - dt.timedelta(days=1))
    return Period.as_of(day)


def _figures() -> dict[str, CensusFigure]:
    people = "dimensionless"
    figures = [
        CensusFigure("population", "population", people, note="Resident population (常住人口)."),
        *(
            CensusFigure(f"population_{sex}", "population", people, breakdown=(f"sex={sex}",))
            for sex in _SEXES
        ),
        CensusFigure("sex_ratio", "sex_ratio", people, note="Males per 100 females."),
        *(
            CensusFigure(
                f"population_{place}", "population", people, breakdown=(f"residence={place}",)
            )
            for place in ("urban", "rural")
        ),
        CensusFigure(
            "share_ethnic_minority", "share", "percent", "population", ("ethnicity=minority",),
            note="Share of the resident population that belongs to an ethnic minority (not Han).",
        ),
        CensusFigure(
            "family_households", "households", people, "family_household",
            note="Family households (家庭户); collective households are not counted.",
        ),
        CensusFigure(
            "household_size", "average_household_size", people,
            note="People per family household, as the yearbook gives it.",
        ),
    ]  # fmt: skip
    for sex in _SEXES:
        figures += [
            CensusFigure(
                f"population_{sex}_age_{group.replace('-', '_').replace('+', '_plus')}",
                "population",
                people,
                breakdown=(f"age_group={group}", f"sex={sex}"),
            )
            for group in AGE_GROUPS
        ]
    for suffix, (group, parts) in _BROAD_AGES.items():
        cells = tuple(
            f"population_{sex}_age_{part.replace('-', '_').replace('+', '_plus')}"
            for part in parts
            for sex in _SEXES
        )
        figures += [
            CensusFigure(
                f"population_age_{suffix}", "population", people,
                breakdown=(f"age_group={group}",), derived_from=cells,
                note="Sum of the yearbook's counts by sex and age group.",
            ),
            CensusFigure(
                f"share_age_{suffix}", "share", "percent", "population", (f"age_group={group}",),
                note="Share of the resident population, as the yearbook gives it.",
            ),
        ]  # fmt: skip
    schooling = "Of the population aged 6 and over (the yearbook's education table)."
    for level in EDUCATION_LEVELS:
        figures += [
            CensusFigure(
                f"education_{level}_{sex}", "population", people,
                breakdown=(f"education={level}", f"sex={sex}"),
                years=(2020,) if level == "preschool" else CENSUS_YEARS, note=schooling,
            )
            for sex in _SEXES
        ]  # fmt: skip
    college = tuple(
        f"education_{level}_{sex}" for level in ("junior_college", "bachelor_or_higher")
        for sex in _SEXES
    )  # fmt: skip
    years_note = (
        "Mean years of schooling as the yearbook gives it; the compilation does not state its "
        "age base."
    )
    figures += [
        CensusFigure(
            "population_college_or_higher", "population", people,
            breakdown=("education=college_or_higher",), derived_from=college,
            note="Junior college (大专) or higher: the sum of the yearbook's counts by sex.",
        ),
        CensusFigure("mean_years_of_schooling", "mean_years_of_schooling", "year", note=years_note),
        *(
            CensusFigure(f"mean_years_of_schooling_{sex}", "mean_years_of_schooling", "year",
                         breakdown=(f"sex={sex}",), note=years_note)
            for sex in _SEXES
        ),
        CensusFigure(
            "illiterate_15_plus", "population", people,
            breakdown=("age_group=15+", "education=illiterate"),
            note="People aged 15 and over who cannot read (文盲).",
        ),
        *(
            CensusFigure(f"illiterate_15_plus_{sex}", "population", people,
                         breakdown=("age_group=15+", "education=illiterate", f"sex={sex}"))
            for sex in _SEXES
        ),
        CensusFigure(
            "illiteracy_rate", "share", "percent", "population",
            ("age_group=15+", "education=illiterate"),
            note="Illiterate people as a share of the population aged 15 and over.",
        ),
        *(
            CensusFigure(f"illiteracy_rate_{sex}", "share", "percent", "population",
                         ("age_group=15+", "education=illiterate", f"sex={sex}"),
                         note="Illiterate people as a share of the people of that sex aged 15 "
                         "and over.")
            for sex in _SEXES
        ),
        CensusFigure(
            "floor_area_per_capita", "floor_area_per_capita", "meter ** 2",
            note="Housing floor area (building area) per member of a family household.",
        ),
        CensusFigure(
            "registered_population", "registered_population", people, years=(2010,),
            note="People whose household registration (户籍, hukou) is in the unit.",
        ),
        CensusFigure("birth_rate", "birth_rate", "permille", years=(2010,),
                     note="Births in the twelve months before the census per 1,000 residents."),
        CensusFigure("death_rate", "death_rate", "permille", years=(2010,),
                     note="Deaths in the twelve months before the census per 1,000 residents."),
    ]  # fmt: skip
    return {figure.key: figure for figure in figures}


#: Every census figure, by key, in the order of the columns of `data/census.tsv`.
FIGURES: Final[Mapping[str, CensusFigure]] = _figures()
