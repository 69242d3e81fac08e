"""The 2010 and 2020 censuses: every county, prefecture and province of the six provinces.

The figures of the NBS census yearbooks (as compiled in leiii/census, MIT) are bundled as one
table, `data/census.tsv` (made by `scripts/build_census.py`): one row per unit and census, one
column per figure ([FIGURES][swchina_dev.catalog.census_figures]). It is read on first
use, never by `load()`; a column is parsed the first time it is asked for, and the answer of each
question is cached.

- [census_column][swchina_dev.catalog.census.census_column]: one figure for every unit of a
  census (optionally of one level, or below one unit), as parallel tuples;
- [census_value][swchina_dev.catalog.census.census_value]: one figure of one unit;
- [census_indicator][swchina_dev.catalog.census.census_indicator] and
  [census_profile][swchina_dev.catalog.census.census_profile]: the figures as
  [Indicator][swchina_dev.Indicator]s, built on demand, with metric, breakdown, unit, period
  (the reference date, 1 November), status, source, and `derived_from` for the sums;
- [census_unit][swchina_dev.catalog.census.census_unit]: a unit's level, parent and name.

Codes are those in use at each census: 2010 has Bijie Prefecture (毕节地区, 522400) and
county-level Bijie City (522401); 2020 has Bijie City (520500) and Qixingguan District (520502).
[swchina_dev.catalog.census_boundaries][swchina_dev.catalog.census_boundaries] brings figures to
later codes.

Examples:
    >>> column = census_column("population", 2020, level="county")
    >>> len(column), column.get("520526")
    (628, 1280116)
    >>> census_value("522400", "population", 2010)
    6537498
    >>> print(census_indicator("520500", "population_female", 2020).measure)
    3,355,627
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from typing import Final, Literal

import attrs

from swchina_dev.catalog.bundled import load
from swchina_dev.catalog.census_figures import (
    CENSUS_SOURCES,
    CENSUS_YEARS,
    FIGURES,
    CensusFigure,
    census_period,
)
from swchina_dev.errors import DataFileError, NotFoundError, ValidationError
from swchina_dev.models import Indicator, Measure, Tag
from swchina_dev.models.validators import trusted_input
from swchina_dev.resources import Once, read_resource

__all__ = [
    "CensusColumn",
    "CensusUnit",
    "census_column",
    "census_indicator",
    "census_profile",
    "census_unit",
    "census_value",
    "indicator_id",
    "indicator_of",
]

_RESOURCE: Final = "census.tsv"
_KEYS: Final = ("year", "code", "level", "parent", "name_zh")
CensusLevel = Literal["country", "province", "prefecture", "county"]
Number = int | float


@attrs.frozen
class CensusUnit:
    """A unit of one census: its code then, level, parent unit and name.

    Attributes:
        code: The code in use at the census (`"china"` for the national row of 2020).
        year: The census.
        level: `country`, `province`, `prefecture` or `county`.
        parent: The code of the unit above it in the yearbook (the prefecture of a county, or
            its province where it has none), `None` for a province of 2010 or the country.
        name_zh: The yearbook's name.
    """

    code: str
    year: int
    level: CensusLevel
    parent: str | None
    name_zh: str


@attrs.frozen(eq=False)
class CensusColumn:
    """One figure of one census for many units: codes and values in parallel tuples.

    Attributes:
        figure: What the values are.
        year: The census.
        codes: The units' codes (of that census), in the table's order (by code).
        values: The values (int for counts, float otherwise); `None` where the yearbook gives
            none.

    Examples:
        >>> column = census_column("sex_ratio", 2020, within="520500")
        >>> column.codes[:2], column.values[:2]
        (('520502', '520521'), (103.2, 106.36))
    """

    figure: CensusFigure
    year: int
    codes: tuple[str, ...]
    values: tuple[Number | None, ...]
    _positions: dict[str, int] = attrs.field(
        init=False,
        repr=False,
        default=attrs.Factory(
            lambda self: {c: i for i, c in enumerate(self.codes)}, takes_self=True
        ),
    )

    def __len__(self) -> int:
        return len(self.codes)

    def __iter__(self) -> Iterator[tuple[str, Number | None]]:
        return zip(self.codes, self.values, strict=True)

    def __contains__(self, code: object) -> bool:
        return code in self._positions

    def get(self, code: str) -> Number | None:
        """The value of one unit (`None` if it has none, or is not in the column)."""
        index = self._positions.get(code)
        return None if index is None else self.values[index]

    def to_dict(self) -> dict[str, Number | None]:
        """The values by code."""
        return dict(zip(self.codes, self.values, strict=True))


class _Table:
    """The census table of one year: units, and each figure's column, parsed on first use."""

    __slots__ = ("cells", "lock", "parsed", "position", "units")

    def __init__(self, rows: list[list[str]], year: int) -> None:
        self.units = tuple(
            CensusUnit(row[1], year, row[2], row[3] or None, row[4])  # type: ignore[arg-type]
            for row in rows
        )
        self.position = {unit.code: index for index, unit in enumerate(self.units)}
        # One tuple of texts per figure, replaced by its numbers the first time it is asked for.
        columns = list(zip(*rows, strict=True)) if rows else [()] * (len(_KEYS) + len(FIGURES))
        self.cells: dict[str, tuple[str, ...]] = dict(
            zip(FIGURES, columns[len(_KEYS) :], strict=True)
        )
        self.parsed: dict[str, tuple[Number | None, ...]] = {}
        self.lock = threading.Lock()

    def values(self, key: str) -> tuple[Number | None, ...]:
        """The numbers of one figure's column (parsed once, under the table's lock)."""
        found = self.parsed.get(key)
        if found is None:
            with self.lock:
                found = self.parsed.get(key)
                if found is None:
                    found = tuple(_number(text) for text in self.cells.pop(key))
                    self.parsed[key] = found
        return found


def _read() -> dict[int, _Table]:
    lines = read_resource(_RESOURCE).split("\n")
    header = tuple(lines[0].split("\t"))
    if header != (*_KEYS, *FIGURES):
        raise DataFileError("the columns are not those of FIGURES", file=f"data/{_RESOURCE}")
    rows = [line.split("\t") for line in lines[1:] if line]
    if any(len(row) != len(header) for row in rows):
        raise DataFileError(f"a row without {len(header)} columns", file=f"data/{_RESOURCE}")
    return {year: _Table([r for r in rows if r[0] == str(year)], year) for year in CENSUS_YEARS}


_tables: Once[dict[int, _Table]] = Once(_read)


def _table(year: int) -> _Table:
    if year not in CENSUS_YEARS:
        raise ValidationError(f"the censuses bundled are {CENSUS_YEARS}, not {year!r}")
    return _tables()[year]


def _figure(key: str, year: int) -> CensusFigure:
    if year not in CENSUS_YEARS:
        raise ValidationError(f"the censuses bundled are {CENSUS_YEARS}, not {year!r}")
    figure = FIGURES.get(key)
    if figure is None:
        raise NotFoundError(f"no census figure {key!r}; see census_figures.FIGURES", record=key)
    if year not in figure.years:
        raise NotFoundError(f"the {year} census has no figure {key!r}", record=key)
    return figure


def _number(text: str) -> Number | None:
    if not text:
        return None
    return float(text) if "." in text else int(text)


def _values(key: str, year: int) -> tuple[Number | None, ...]:
    return _table(year).values(key)


@functools.lru_cache(maxsize=1024)
def census_column(
    key: str, year: int, *, level: CensusLevel | None = None, within: str | None = None
) -> CensusColumn:
    """Return one figure of one census for every unit (of a level, or below a unit).

    Cached: asking again returns the same column.

    Args:
        key: The figure ([FIGURES][swchina_dev.catalog.census_figures]).
        year: 2010 or 2020.
        level: Only units of this level (`province`, `prefecture`, `county`, `country`).
        within: Only the units below this one (its code at that census), at any depth.

    Returns:
        The [CensusColumn][swchina_dev.catalog.census.CensusColumn].

    Raises:
        NotFoundError: The figure is unknown or not of that census, or `within` is not a unit.
        ValidationError: The year is not a census bundled.

    Examples:
        >>> census_column("population", 2010, level="province").to_dict()["520000"]
        34748556
    """
    figure = _figure(key, year)
    table = _table(year)
    if within is None:
        chosen = list(range(len(table.units)))
    else:
        if within not in table.position:
            raise NotFoundError(f"no unit {within!r} in the {year} census", record=within)
        below = _below(year, within)
        chosen = [index for index, unit in enumerate(table.units) if unit.code in below]
    return _column(figure, year, chosen, level)


def _column(
    figure: CensusFigure, year: int, rows: list[int], level: CensusLevel | None
) -> CensusColumn:
    table, values = _table(year), _values(figure.key, year)
    if level is not None:
        rows = [index for index in rows if table.units[index].level == level]
    return CensusColumn(
        figure,
        year,
        tuple(table.units[index].code for index in rows),
        tuple(values[index] for index in rows),
    )


@functools.lru_cache(maxsize=256)
def _below(year: int, code: str) -> frozenset[str]:
    children: dict[str, list[str]] = {}
    for unit in _table(year).units:
        if unit.parent is not None:
            children.setdefault(unit.parent, []).append(unit.code)
    found: set[str] = set()
    stack = list(children.get(code, ()))
    while stack:
        child = stack.pop()
        found.add(child)
        stack.extend(children.get(child, ()))
    return frozenset(found)


def census_unit(code: str, year: int) -> CensusUnit:
    """Return a unit of a census by its code then.

    Raises:
        NotFoundError: The census has no such unit.

    Examples:
        >>> census_unit("522400", 2010).name_zh
        '毕节地区'
    """
    table = _table(year)
    index = table.position.get(code)
    if index is None:
        raise NotFoundError(f"no unit {code!r} in the {year} census", record=code)
    return table.units[index]


def census_value(code: str, key: str, year: int) -> Number | None:
    """Return one figure of one unit (`None` where the yearbook gives none).

    Raises:
        NotFoundError: The unit or the figure is unknown to that census.
    """
    _figure(key, year)
    census_unit(code, year)
    return _values(key, year)[_table(year).position[code]]


def indicator_id(code: str, key: str, year: int) -> str:
    """The id of a census figure as an indicator (`census2020-520500-population-female`)."""
    return f"census{year}-{code}-{key.replace('_', '-')}"


def indicator_of(
    code: str, key: str, year: int, value: Number, *, validate: bool = False
) -> Indicator:
    """Build the indicator of one census value (the build script validates every one).

    Args:
        code: The unit's code at the census.
        key: The figure.
        year: The census.
        value: Its value.
        validate: Run the models' validators (units against metrics, ids); the bundled values
            were checked so when the table was built.
    """
    figure = _figure(key, year)
    dataset = load()
    stored = {"value": value, "unit": figure.unit}
    note = figure.note + (" " if figure.note else "") + f"Codes of {year}."
    fields = {
        "id": indicator_id(code, key, year),
        "subject_id": code,
        "metric": dataset.metrics[figure.metric],
        "measure": Measure.from_stored(stored) if validate else stored,
        "period": census_period(figure, year),
        "source": dataset.sources[CENSUS_SOURCES[year].id],
        "note": note,
        "tags": _tags(figure),
        "derived_from": tuple(indicator_id(code, part, year) for part in figure.derived_from),
        "item": figure.item,
        "breakdown": figure.breakdown,
    }
    if validate:
        return Indicator(**fields)  # type: ignore[arg-type]
    with trusted_input():
        return Indicator(**fields)  # type: ignore[arg-type]


def _tags(figure: CensusFigure) -> tuple[Tag, ...]:
    educational = figure.metric == "mean_years_of_schooling" or any(
        part.startswith("education=") for part in figure.breakdown
    )
    return (Tag.EDUCATION, Tag.POPULATION) if educational else (Tag.POPULATION,)


def census_indicator(code: str, key: str, year: int) -> Indicator:
    """Return one census figure of one unit as an indicator, built on demand.

    Raises:
        NotFoundError: The unit or the figure is unknown to that census, or the yearbook gives
            no value.

    Examples:
        >>> indicator = census_indicator("522400", "population_age_65_plus", 2010)
        >>> str(indicator.period), indicator.source.id, len(indicator.derived_from)
        ('asof:2010-11-01', 'nbs-census-2010', 10)
    """
    value = census_value(code, key, year)
    if value is None:
        raise NotFoundError(f"the {year} census gives no {key!r} for {code}", record=code)
    return indicator_of(code, key, year, value)


def census_profile(code: str, year: int) -> tuple[Indicator, ...]:
    """Return every figure a census gives for one unit, as indicators (in the order of FIGURES).

    Examples:
        >>> len(census_profile("520500", 2020)) > 60
        True
    """
    census_unit(code, year)
    position = _table(year).position[code]
    found = []
    for key, figure in FIGURES.items():
        if year in figure.years:
            value = _values(key, year)[position]
            if value is not None:
                found.append(indicator_of(code, key, year, value))
    return tuple(found)
