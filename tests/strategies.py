"""Hypothesis strategies for every model of swchina_dev.

Every strategy builds valid objects only: ids and codes in their documented forms, measures
whose unit fits their metric, magnitudes that are ints or finite floats (tiny and huge
included), negative only where the metric allows it.
"""

from __future__ import annotations

import datetime as dt
import string
import sys
from typing import NamedTuple

from hypothesis import strategies as st

from swchina_dev import (
    Q_,
    Enterprise,
    Grouping,
    Indicator,
    Item,
    Level,
    Measure,
    Metric,
    Period,
    Qualifier,
    Region,
    Source,
    Status,
    Tag,
    Zone,
)
from swchina_dev.models import BREAKDOWN_DIMENSIONS, ItemKind, RegionKind, SourceKind, ZoneKind

AREA_UNITS = ("mu", "hectare", "km ** 2", "qing", "fen", "m ** 2")
MASS_UNITS = ("jin", "kilogram", "tonne", "liang", "dan")
LENGTH_UNITS = ("li", "kilometer", "meter", "zhang", "chi")
CURRENCY_UNITS = ("CNY", "USD", "wan * CNY", "yi * CNY", "yuan", "dollar")
COUNT_UNITS = ("dimensionless", "wan", "yi")
SHARE_UNITS = ("percent", "dimensionless")
ALL_UNITS = AREA_UNITS + MASS_UNITS + LENGTH_UNITS + CURRENCY_UNITS + COUNT_UNITS + SHARE_UNITS


class MetricSpec(NamedTuple):
    """A metric's key, dimensionality and sign rule, with units that fit it."""

    key: str
    dimensionality: str
    non_negative: bool
    units: tuple[str, ...]


METRIC_SPECS = (
    MetricSpec("planted_area", "[area]", True, AREA_UNITS),
    MetricSpec("forest_area_change", "[area]", False, AREA_UNITS),
    MetricSpec("harvest", "[mass]", True, MASS_UNITS),
    MetricSpec("road_length", "[length]", True, LENGTH_UNITS),
    MetricSpec("output_value", "[currency]", True, CURRENCY_UNITS),
    MetricSpec("investment_per_year", "[currency] / [time]", True, ("CNY / year", "USD / year")),
    MetricSpec("people_relocated", "", True, COUNT_UNITS),
    MetricSpec("change_over_period", "", False, SHARE_UNITS),
)

# Tiny and huge magnitudes are drawn on purpose: subnormals, the float extremes, big integers.
EDGE_FLOATS = (5e-324, 2.2250738585072014e-308, 1e-300, 1e300, sys.float_info.max)
MAX_INT = 10**30

_ID_WORD = st.text(alphabet=string.ascii_lowercase + string.digits, min_size=1, max_size=8)
_DIGITS = string.digits


def magnitudes(*, negative: bool = True) -> st.SearchStrategy[int | float]:
    """Ints and finite floats, tiny and huge ones included; negative ones only if allowed."""
    low = -MAX_INT if negative else 0
    edges = st.sampled_from(EDGE_FLOATS)
    numbers: st.SearchStrategy[int | float] = st.one_of(
        st.integers(low, MAX_INT),
        st.floats(min_value=None if negative else 0.0, allow_nan=False, allow_infinity=False),
        edges,
        edges.map(lambda value: -value) if negative else st.nothing(),
    )
    return numbers


def ids() -> st.SearchStrategy[str]:
    """Ids of the form the models require: lowercase words joined by hyphens."""
    return st.lists(_ID_WORD, min_size=1, max_size=4).map("-".join)


def texts() -> st.SearchStrategy[str]:
    """Non-blank text without control characters, hanzi and tone marks included."""
    characters = st.one_of(
        st.characters(blacklist_categories=("Cc", "Cs")),
        st.sampled_from("毕节市贵州亩元ǎàéīōū"),
    )
    plain = st.text(characters, min_size=1, max_size=30)
    # Text a spreadsheet would run as a formula, and the CSV escape itself, must read back too.
    formulas = st.tuples(st.sampled_from(["=", "+", "-", "@", "\t", "'", "''", "-30"]), plain)
    return st.one_of(plain, formulas.map("".join)).filter(lambda text: bool(text.strip()))


def optional(strategy: st.SearchStrategy[object]) -> st.SearchStrategy[object]:
    """The strategy's values, or None."""
    return st.none() | strategy


def _digits(count: int) -> st.SearchStrategy[str]:
    return st.text(alphabet=_DIGITS, min_size=count, max_size=count)


@st.composite
def measures(
    draw: st.DrawFn,
    units: tuple[str, ...] = ALL_UNITS,
    *,
    negative: bool = True,
    qualifier: Qualifier | None = None,
) -> Measure:
    """A measure with any qualifier (ranges with sorted bounds) in one of ``units``."""
    unit = draw(st.sampled_from(units))
    kind = qualifier if qualifier is not None else draw(st.sampled_from(Qualifier))
    numbers = magnitudes(negative=negative)
    if kind is Qualifier.RANGE:
        lower, upper = sorted((draw(numbers), draw(numbers)))
        return Measure.range(Q_(lower, unit), Q_(upper, unit))
    return Measure(Q_(draw(numbers), unit), kind)


@st.composite
def periods(draw: st.DrawFn, granularity: str | None = None) -> Period:
    """A period of the given granularity (any, when None)."""
    kind = granularity or draw(st.sampled_from(["day", "month", "year", "years", "span", "as_of"]))
    years = st.integers(1, 9999)
    if kind == "year":
        return Period.year(draw(years))
    if kind == "years":
        first = draw(st.integers(1, 9998))
        return Period.years(first, draw(st.integers(first + 1, 9999)))
    if kind == "month":
        return Period.month(draw(years), draw(st.integers(1, 12)))
    if kind == "day":
        return Period.day(draw(st.dates()))
    if kind == "as_of":
        return Period.as_of(draw(st.dates()))
    start, end = sorted((draw(st.dates()), draw(st.dates())))
    return Period.between(start, end)


@st.composite
def sources(draw: st.DrawFn) -> Source:
    """A source, dated or not, with or without a url."""
    url = draw(
        optional(
            st.lists(_ID_WORD, max_size=3).map(
                lambda parts: "https://example.org/" + "/".join(parts)
            )
        )
    )
    return Source(
        id=draw(ids()),
        publisher=draw(texts()),
        title=draw(texts()),
        date=draw(optional(st.dates())),
        kind=draw(st.sampled_from(SourceKind)),
        url=url,
        licence=draw(optional(texts())),
        note=draw(st.just("") | texts()),
    )


@st.composite
def metrics(draw: st.DrawFn, spec: MetricSpec | None = None) -> Metric:
    """A metric of one of :data:`METRIC_SPECS`."""
    chosen = spec or draw(st.sampled_from(METRIC_SPECS))
    return Metric(
        chosen.key, draw(texts()), draw(texts()), chosen.dimensionality, chosen.non_negative
    )


@st.composite
def region_codes(draw: st.DrawFn, level: Level) -> str:
    """A well-formed code for a division of ``level``."""
    if level is Level.COUNTRY:
        return draw(st.text(alphabet=string.ascii_uppercase, min_size=2, max_size=2))
    if level is Level.PROVINCE:
        return draw(_digits(2)) + "0000"
    if level is Level.PREFECTURE:
        return draw(_digits(4)) + "00"
    if level is Level.COUNTY:
        return draw(_digits(6))
    if level is Level.TOWNSHIP:
        return draw(_digits(9))
    slug = draw(ids())
    return draw(
        _digits(12)
        | _digits(9).map(lambda code: f"{code}-{slug}")
        | _digits(6).map(lambda code: f"{code}-{slug}")
    )


_KINDS = {
    Level.COUNTRY: [RegionKind.COUNTRY],
    Level.PROVINCE: [RegionKind.PROVINCE, RegionKind.AUTONOMOUS_REGION, RegionKind.MUNICIPALITY],
    Level.PREFECTURE: [RegionKind.PREFECTURE_LEVEL_CITY, RegionKind.AUTONOMOUS_PREFECTURE],
    Level.COUNTY: [RegionKind.COUNTY, RegionKind.DISTRICT, RegionKind.COUNTY_LEVEL_CITY],
    Level.TOWNSHIP: [RegionKind.TOWN, RegionKind.TOWNSHIP, RegionKind.ETHNIC_TOWNSHIP],
    Level.VILLAGE: [RegionKind.VILLAGE, RegionKind.COMMUNITY],
}


@st.composite
def regions(draw: st.DrawFn, level: Level | None = None) -> Region:
    """A region of ``level`` (any, when None) with a code of that level's form."""
    chosen = level or draw(st.sampled_from(Level))
    code = draw(region_codes(chosen))
    parent = None
    if chosen is not Level.COUNTRY:
        parent_level = list(Level)[chosen.rank - 1]
        parent = draw(region_codes(parent_level).filter(lambda value: value != code))
    valid_from = draw(optional(st.dates()))
    valid_to = draw(
        optional(st.dates(min_value=valid_from if isinstance(valid_from, dt.date) else dt.date.min))
    )
    return Region(
        code=code,
        name=draw(texts()),
        name_zh=draw(texts()),
        pinyin=draw(texts()),
        level=chosen,
        kind=draw(st.sampled_from(_KINDS[chosen])),
        parent=parent,
        aliases=tuple(draw(st.lists(texts(), max_size=3))),
        lat=draw(optional(st.floats(-90, 90))),
        lon=draw(optional(st.floats(-180, 180))),
        valid_from=valid_from,
        valid_to=valid_to,
        predecessors=tuple(draw(st.lists(region_codes(chosen), max_size=2))),
        note=draw(st.just("") | texts()),
    )


@st.composite
def groupings(draw: st.DrawFn) -> Grouping:
    """A grouping of distinct member codes."""
    members = draw(st.lists(region_codes(Level.PROVINCE), min_size=1, max_size=12, unique=True))
    return Grouping(
        id=draw(ids()),
        name=draw(texts()),
        members=tuple(members),
        name_zh=draw(optional(texts())),
        aliases=tuple(draw(st.lists(texts(), max_size=3))),
        description=draw(st.just("") | texts()),
    )


@st.composite
def zones(draw: st.DrawFn) -> Zone:
    """A zone in one or more regions."""
    return Zone(
        id=draw(ids()),
        name=draw(texts()),
        kind=draw(st.sampled_from(ZoneKind)),
        regions=tuple(draw(st.lists(region_codes(Level.COUNTY), min_size=1, max_size=3))),
        name_zh=draw(optional(texts())),
        established=draw(optional(st.integers(1000, 2200))),
        parent=draw(optional(ids())),
        aliases=tuple(draw(st.lists(texts(), max_size=3))),
        note=draw(st.just("") | texts()),
    )


@st.composite
def enterprises(draw: st.DrawFn) -> Enterprise:
    """An enterprise, with or without zone, founding year and parent."""
    return Enterprise(
        id=draw(ids()),
        name=draw(texts()),
        region=draw(region_codes(Level.COUNTY)),
        name_zh=draw(optional(texts())),
        zone=draw(optional(ids())),
        sector=draw(st.just("") | texts()),
        founded=draw(optional(st.integers(1000, 2200))),
        parent=draw(optional(ids())),
        products=tuple(draw(st.lists(texts(), max_size=3))),
        aliases=tuple(draw(st.lists(texts(), max_size=3))),
        note=draw(st.just("") | texts()),
    )


@st.composite
def indicators(draw: st.DrawFn) -> Indicator:
    """An indicator whose measure (and stated conversion) fits its metric."""
    spec = draw(st.sampled_from(METRIC_SPECS))
    measure = draw(measures(spec.units, negative=not spec.non_negative))
    conversion = draw(optional(measures(spec.units, negative=not spec.non_negative)))
    subject = draw(region_codes(Level.COUNTY) | ids())
    return Indicator(
        id=draw(ids()),
        subject_id=subject,
        metric=draw(metrics(spec)),
        measure=measure,
        period=draw(periods()),
        source=draw(sources()),
        status=draw(st.sampled_from(Status)),
        note=draw(st.just("") | texts()),
        tags=tuple(draw(st.lists(st.sampled_from(Tag), max_size=3, unique=True))),
        derived_from=tuple(draw(st.lists(ids(), max_size=2))),
        stated_conversion=conversion,
    )


#: The item keys the strategies draw from (a dataset of them is made by `items_for`).
ITEM_KEYS = ("walnut", "pig", "black_necked_crane", "led_filament")


@st.composite
def items(draw: st.DrawFn, key: str | None = None) -> Item:
    """An item of any kind (`key` one of `ITEM_KEYS` unless given)."""
    return Item(
        key or draw(st.sampled_from(ITEM_KEYS)),
        draw(texts()),
        draw(st.sampled_from(ItemKind)),
        name_zh=draw(optional(texts())),
        description=draw(st.just("") | texts()),
    )


def breakdowns() -> st.SearchStrategy[tuple[str, ...]]:
    """A breakdown: up to two `dimension=value` pairs of distinct dimensions."""
    pair = st.tuples(
        st.sampled_from(sorted(BREAKDOWN_DIMENSIONS)),
        st.sampled_from(["female", "male", "urban", "65+", "0-14", "primary"]),
    )
    return st.lists(pair, max_size=2, unique_by=lambda p: p[0]).map(
        lambda pairs: tuple(sorted(f"{d}={v}" for d, v in pairs))
    )


#: Every model with its strategy, for tests that run over all of them.
MODEL_STRATEGIES: dict[type, st.SearchStrategy[object]] = {
    Measure: measures(),
    Period: periods(),
    Source: sources(),
    Metric: metrics(),
    Item: items(),
    Region: regions(),
    Grouping: groupings(),
    Zone: zones(),
    Enterprise: enterprises(),
    Indicator: indicators(),
}
