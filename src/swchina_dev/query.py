"""Selections of indicators: `Dataset.query(...)`, narrowed further with `where(...)`.

A [Selection][swchina_dev.query.Selection] is an immutable, ordered set of a dataset's indicators.
Criteria combine with AND; a criterion given several values matches any of them; chaining `where`
narrows.

Examples:
    >>> import swchina_dev as sw
    >>> ds = sw.load()
    >>> areas = ds.query(metric="planted_area").where(within="Bijie")
    >>> len(areas), sorted(indicator.subject_id for indicator in areas)[:2]
    (3, ['520502116-chengmanyuan', '520502116-chengmanyuan'])
    >>> [i.id for i in ds.query(within="Caohai National Nature Reserve", metric="number")]
    ['s000-caohai-cranes']
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, TypeAlias, TypeVar, overload

from swchina_dev.aggregate import Nested, Repeats, RollUp, Target, roll_up, total
from swchina_dev.errors import SwchinaDevError, ValidationError
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Item,
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
from swchina_dev.models.validators import to_enum

if TYPE_CHECKING:
    import datetime as dt

    from swchina_dev.catalog.datasets import Dataset

__all__ = ["Selection"]

T = TypeVar("T")
E = TypeVar("E", bound=enum.Enum)
#: One value, or several of which any may match.
OneOrMany: TypeAlias = T | Iterable[T]
#: A subject or place: an entity, or its code, id or name.
Place: TypeAlias = Region | Grouping | Zone | Enterprise | str
#: A period, or what [of][swchina_dev.models.periods.Period.of] reads as one (a year, a date, text).
PeriodLike: TypeAlias = Period | int | str
# A test one criterion of `Selection.where` makes of an indicator.
_Test: TypeAlias = Callable[[Indicator], bool]


def _many(value: object) -> tuple[object, ...]:
    # A lone string (or entity) is one value, not an iterable of characters.
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        return (value,)
    return tuple(value)


class Selection:
    """An immutable, ordered selection of a dataset's indicators.

    Build one with [Dataset.query][swchina_dev.catalog.datasets.Dataset.query] (or `Selection(ds)`
    for all indicators). It iterates over its indicators, knows its length, indexes by position
    (a slice gives a selection), and tests membership by indicator or id. Two selections are
    equal when they hold the same indicators, in the same order, of the same dataset.

    Args:
        dataset: The dataset the indicators belong to.
        indicators: The indicators; by default every indicator of the dataset.
    """

    __slots__ = ("_dataset", "_indicators")

    _dataset: Dataset
    _indicators: tuple[Indicator, ...]

    def __init__(self, dataset: Dataset, indicators: Iterable[Indicator] | None = None) -> None:
        items = tuple(dataset.indicators if indicators is None else indicators)
        object.__setattr__(self, "_dataset", dataset)
        object.__setattr__(self, "_indicators", items)

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Selection is immutable; cannot set {name!r}")

    @property
    def dataset(self) -> Dataset:
        """The dataset the indicators belong to."""
        return self._dataset

    @property
    def ids(self) -> tuple[str, ...]:
        """The indicator ids, in order."""
        return tuple(indicator.id for indicator in self._indicators)

    def __iter__(self) -> Iterator[Indicator]:
        return iter(self._indicators)

    def __len__(self) -> int:
        return len(self._indicators)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self.ids
        return item in self._indicators

    @overload
    def __getitem__(self, index: int) -> Indicator: ...
    @overload
    def __getitem__(self, index: slice) -> Selection: ...

    def __getitem__(self, index: int | slice) -> Indicator | Selection:
        if isinstance(index, slice):
            return Selection(self._dataset, self._indicators[index])
        return self._indicators[index]

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Selection):
            return NotImplemented
        return other._dataset is self._dataset and other._indicators == self._indicators

    def __hash__(self) -> int:
        return hash((id(self._dataset), self.ids))

    def __repr__(self) -> str:
        shown = ", ".join(self.ids[:3]) + (", ..." if len(self) > 3 else "")
        return f"<Selection of {len(self)} indicators: {shown}>"

    # -- narrowing -----------------------------------------------------------------------------

    def filter(self, predicate: Callable[[Indicator], bool]) -> Selection:
        """Keep the indicators for which `predicate` is true.

        Examples:
            >>> import swchina_dev as sw
            >>> len(sw.load().query(tag="ecology").filter(lambda i: i.measure.magnitude > 100))
            3
        """
        return Selection(self._dataset, [i for i in self._indicators if predicate(i)])

    def where(
        self,
        *,
        subject: OneOrMany[Place] | None = None,
        within: OneOrMany[Place] | None = None,
        metric: OneOrMany[Metric | str] | None = None,
        item: OneOrMany[Item | str] | None = None,
        tag: OneOrMany[Tag | str] | None = None,
        status: OneOrMany[Status | str] | None = None,
        source: OneOrMany[Source | str] | None = None,
        qualifier: OneOrMany[Qualifier | str] | None = None,
        period: PeriodLike | dt.date | None = None,
        period_equals: PeriodLike | dt.date | None = None,
    ) -> Selection:
        """Keep the indicators that meet every criterion given (None: not a criterion).

        Args:
            subject: Exactly these subjects: regions, groupings, zones or enterprises, as
                objects or by code, id or name (`"Bijie"`, `"520500"`, `"Gui'an"`).
            within: Subjects in these places, the places themselves included: a region with
                every region below it and the zones and enterprises located there (see
                [Dataset.within][swchina_dev.catalog.datasets.Dataset.within]); a grouping with its
                members and all within them; a zone with the enterprises in it.
            metric: Metric keys (`"planted_area"`) or metrics.
            item: Item keys (`"walnut"`) or items: what the figures are measured of.
            tag: Tags (`"poverty"`): an indicator matches when it has any of them.
            status: `"reported"`, `"target"` or `"estimate"`.
            source: Source ids or sources.
            qualifier: `"exact"`, `"at_least"`, ... (see [Qualifier][swchina_dev.Qualifier]).
            period: Indicators whose period overlaps this one: a year (`2024`), a
                [Period][swchina_dev.Period], a date or a period's text (`"2016/2020"`).
            period_equals: Indicators whose period is exactly this one (`"asof:2025-01-23"`),
                as a roll-up needs.

        Returns:
            A new selection; this one is unchanged.

        Raises:
            NotFoundError: A subject, place, metric, item or source is unknown (with
                suggestions).
            AmbiguousNameError: A name matches several places.
            ValidationError: A tag, status or qualifier is unknown, or a place cannot hold
                others (`within` an enterprise).
            ParseError: A period's text cannot be read.

        Examples:
            >>> import swchina_dev as sw
            >>> ds = sw.load()
            >>> len(ds.query(within="Guizhou", status="target", period=2025))
            3
            >>> ds.query(metric="planted_area") == ds.query().where(metric="planted_area")
            True
        """
        # In the order of the arguments, so that the first bad criterion is the one reported.
        criteria: tuple[tuple[Any, Callable[[Any], _Test]], ...] = (
            (subject, self._match_subject),
            (within, self._match_within),
            (metric, self._match_metric),
            (item, self._match_item),
            (tag, _match_tag),
            (status, _match_status),
            (source, self._match_source),
            (qualifier, _match_qualifier),
            (period, _match_period),
            (period_equals, _match_period_equals),
        )
        tests = [match(value) for value, match in criteria if value is not None]
        return self.filter(lambda indicator: all(test(indicator) for test in tests))

    def _match_subject(self, subject: object) -> _Test:
        """A test for `subject=`: the indicator's subject is one of these."""
        subjects = {self._place(value, "subject").id for value in _many(subject)}
        return lambda i: i.subject_id in subjects

    def _match_within(self, within: object) -> _Test:
        """A test for `within=`: the indicator's subject lies in one of these places."""
        inside = set().union(*(self._inside(value) for value in _many(within)))
        return lambda i: i.subject_id in inside

    def _match_metric(self, metric: object) -> _Test:
        """A test for `metric=`."""
        keys = {self._metric(value) for value in _many(metric)}
        return lambda i: i.metric.key in keys

    def _match_item(self, item: object) -> _Test:
        """A test for `item=`."""
        keys = {self._item(value) for value in _many(item)}
        return lambda i: i.item in keys

    def _match_source(self, source: object) -> _Test:
        """A test for `source=`."""
        sources = {self._source(value) for value in _many(source)}
        return lambda i: i.source.id in sources

    # -- reductions ----------------------------------------------------------------------------

    def roll_up(
        self,
        to: Target,
        *,
        unit: str | None = None,
        on: object = None,
        nested: Nested = "raise",
        repeats: Repeats = "raise",
    ) -> RollUp:
        """Roll the selection up the region tree: [roll_up][swchina_dev.aggregate.rollups.roll_up].

        Examples:
            >>> import swchina_dev as sw
            >>> cranes = sw.load().query(metric="number", item="black_necked_crane")
            >>> print(cranes.roll_up("Guizhou")["520000"].total)
            2,829
        """
        return roll_up(
            self, to, dataset=self._dataset, unit=unit, on=on, nested=nested, repeats=repeats
        )

    def total(self, unit: str | None = None, *, on: object = None) -> Measure:
        """Sum the selection's measures: [total][swchina_dev.total] (no tree checks).

        Examples:
            >>> import swchina_dev as sw
            >>> caohai = sw.load().query(subject="caohai-national-nature-reserve", metric="area")
            >>> print(caohai.total("km ** 2"))
            at least 120 kilometer ** 2
        """
        return total(self._indicators, unit, on=on)

    # -- resolving criteria --------------------------------------------------------------------

    def _place(self, value: object, field: str) -> Region | Grouping | Zone | Enterprise:
        if isinstance(value, (Region, Grouping, Zone, Enterprise)):
            return value
        found = self._dataset.lookup(_text(value, field))
        if not isinstance(found, (Region, Grouping, Zone, Enterprise)):
            raise ValidationError(
                f"{value!r} is a {type(found).__name__}, not a place", field=field
            )
        return found

    def _inside(self, value: object) -> set[str]:
        place = self._place(value, "within")
        dataset = self._dataset
        if isinstance(place, Region):
            return {place.code} | {entity.id for entity in dataset.within(place)}
        if isinstance(place, Grouping):
            found = {place.id}
            for member in place.members:
                found |= self._inside(dataset.regions[member])
            return found
        if isinstance(place, Zone):
            return {place.id} | {e.id for e in dataset.enterprises if e.zone == place.id}
        raise ValidationError(
            f"{place.id!r} is an enterprise: within takes a region, grouping or zone",
            field="within",
        )

    def _metric(self, value: object) -> str:
        if isinstance(value, Metric):
            return value.key
        return self._dataset.metrics[_text(value, "metric")].key

    def _item(self, value: object) -> str:
        if isinstance(value, Item):
            return value.key
        return self._dataset.items[_text(value, "item")].key

    def _source(self, value: object) -> str:
        if isinstance(value, Source):
            return value.id
        return self._dataset.sources[_text(value, "source")].id


def _match_tag(tag: object) -> _Test:
    """A test for `tag=`: the indicator has any of these tags."""
    tags = {_member(Tag, value, "tag") for value in _many(tag)}
    return lambda i: not tags.isdisjoint(i.tags)


def _match_status(status: object) -> _Test:
    """A test for `status=`."""
    statuses = {_member(Status, value, "status") for value in _many(status)}
    return lambda i: i.status in statuses


def _match_qualifier(qualifier: object) -> _Test:
    """A test for `qualifier=`."""
    qualifiers = {_member(Qualifier, value, "qualifier") for value in _many(qualifier)}
    return lambda i: i.measure.qualifier in qualifiers


def _match_period(period: PeriodLike | dt.date) -> _Test:
    """A test for `period=`: the indicator's period overlaps this one."""
    overlapping = _period(period, "period")
    return lambda i: i.period.overlaps(overlapping)


def _match_period_equals(period_equals: PeriodLike | dt.date) -> _Test:
    """A test for `period_equals=`: the indicator's period is exactly this one."""
    exact = _period(period_equals, "period_equals")
    return lambda i: i.period == exact


def _text(value: object, field: str) -> str:
    if not isinstance(value, str):
        raise ValidationError(
            f"expected an entity or its id or name, got {type(value).__name__}", field=field
        )
    return value


def _member(kind: type[E], value: object, field: str) -> E:
    try:
        return to_enum(kind)(value)
    except ValidationError as error:
        raise ValidationError(error.message, field=field) from None


def _period(value: PeriodLike | dt.date, field: str) -> Period:
    try:
        return Period.of(value)
    except SwchinaDevError as error:
        raise type(error)(error.message, field=field) from None
