"""Roll-ups: sums of one metric up the region tree, one record per target, without double counting.

Subjects are placed in the tree by [swchina_dev.aggregate.places][swchina_dev.aggregate.places];
each target's values are summed by [total][swchina_dev.aggregate.totals.total].
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Literal

import attrs

from swchina_dev.aggregate.kinds import require_like, subject_scoped
from swchina_dev.aggregate.places import (
    INSIDE,
    SAME_SUBJECT,
    Conflict,
    Target,
    conflicts,
    place_of,
    resolve_target,
    target_label,
)
from swchina_dev.aggregate.totals import total
from swchina_dev.errors import DoubleCountingError, NotFoundError, ValidationError
from swchina_dev.models import Grouping, Indicator, Level, Measure, Period, Region
from swchina_dev.units import canonical_unit

if TYPE_CHECKING:
    from swchina_dev.catalog.datasets import Dataset

__all__ = ["Exclusion", "Nested", "Repeats", "RollUp", "RollUpRecord", "roll_up"]

#: What a roll-up does with a value whose place lies inside another counted value's place.
Nested = Literal["raise", "keep_outer"]
#: What a roll-up does with several values for one subject (parts of it, or one fact twice?).
Repeats = Literal["raise", "sum"]


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
        total: The total (see [total][swchina_dev.aggregate.totals.total] for its bounds and
            qualifier).
        indicator_ids: The indicators summed, in input order.
        dropped_ids: Indicators left out because their place lies inside a counted one
            (`nested="keep_outer"` only).
    """

    code: str
    total: Measure
    indicator_ids: tuple[str, ...]
    dropped_ids: tuple[str, ...] = ()


@attrs.frozen
class RollUp:
    """The result of [roll_up][swchina_dev.roll_up]: a record per target, and what was excluded.

    Iterating yields the records in code order; `rollup["520500"]` returns one.

    Args:
        target: The level (`"prefecture"`) or the grouping or region id rolled up to.
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


def check_options(nested: object, repeats: object) -> None:
    if nested not in ("raise", "keep_outer"):
        raise ValidationError(
            f"nested must be 'raise' or 'keep_outer', not {nested!r}", field="nested"
        )
    if repeats not in ("raise", "sum"):
        raise ValidationError(f"repeats must be 'raise' or 'sum', not {repeats!r}", field="repeats")


def double_counting(problems: Sequence[Conflict], nested: Nested, what: str) -> None:
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
    for conflict in conflicts(dataset, by_subject):
        ids = tuple(i.id for i in by_subject[conflict.outer] + by_subject[conflict.inner])
        if nested == "keep_outer" and conflict.relation == INSIDE:
            dropped.add(conflict.inner)
        else:
            problems.append(attrs.evolve(conflict, ids=ids))
    double_counting(problems, nested, "indicators")
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
    grouping are not summed but listed in `excluded`. Within one target, a value whose place
    lies inside another counted value's place (a village and its county, an enterprise and its
    zone, a subsidiary and its group, a region and its former code) would be counted twice:
    refused with [DoubleCountingError][swchina_dev.DoubleCountingError], or with
    `nested="keep_outer"` the inner values are left out and listed in the record's `dropped_ids`.
    Several values for one subject may be parts of it (Hechi's walnut, oil-tea and fruit area goals)
    or one fact reported twice (by two sources): refused unless `repeats="sum"`.

    Args:
        indicators: The values (a [Selection][swchina_dev.query.Selection] or any iterable).
        to: A level (`"prefecture"`, [Level][swchina_dev.Level]), a grouping or a region
            (object, id, code or name): one record per region at that level, or one record.
        dataset: The dataset whose tree to use; by default the selection's, else the bundled.
        unit: The unit of the totals; by default the first indicator's.
        on: The date, year or period of the exchange rate for values in other currencies.
        nested: `"raise"` (default) or `"keep_outer"`.
        repeats: `"raise"` (default) or `"sum"`.

    Returns:
        The [RollUp][swchina_dev.aggregate.rollups.RollUp].

    Raises:
        ValidationError: The indicators mix metrics, periods or statuses, or `to` is not a
            level, grouping or region.
        DoubleCountingError: Values inside one another, or repeated, within a target (listed).
        NotFoundError: A subject is not in the dataset.
        ConversionError: Units of different dimensions, or currencies without `on`.

    Examples:
        >>> import swchina_dev as sw
        >>> ds = sw.load()
        >>> walnuts = ds.query(metric="planted_area", item="walnut", status="target")
        >>> record = roll_up(walnuts, "prefecture")["451200"]
        >>> print(record.total, record.indicator_ids)
        3,000,000 mu ('s002-hechi-walnut-area-goal',)
    """
    items = tuple(indicators)
    _check_indicators(items)
    check_options(nested, repeats)
    if dataset is None:
        from swchina_dev.catalog import load

        # A Selection knows its dataset; any other iterable is taken as the bundled data's.
        dataset = getattr(indicators, "dataset", None) or load()
    target = resolve_target(dataset, to)
    whole, parts = subject_scoped(items)
    items = tuple(whole)
    _one_of_each(items)
    require_like(items, "a roll-up")
    groups, excluded = _group_by_target(dataset, items, target)
    excluded = [*_part_exclusions(parts), *excluded]
    result_unit = _result_unit(unit, items)
    records = _build_records(dataset, groups, result_unit, on, nested, repeats)
    return RollUp(
        target_label(target),
        items[0].metric.key if items else None,
        items[0].period if items else None,
        result_unit,
        tuple(records),
        tuple(excluded),
    )


def _part_exclusions(parts: Sequence[Indicator]) -> list[Exclusion]:
    """Figures about one household or person are not the place's: excluded, with the reason."""
    return [
        Exclusion(part.id, f"about one {part.scope.value} in its subject, not the subject")
        for part in parts
    ]


def _check_indicators(items: Sequence[object]) -> None:
    """Refuse anything but indicators, naming the first other item."""
    for index, item in enumerate(items):
        if not isinstance(item, Indicator):
            raise ValidationError(
                f"roll_up takes indicators, got {type(item).__name__}", field=f"indicators[{index}]"
            )


def _group_by_target(
    dataset: Dataset, items: Sequence[Indicator], target: Level | Grouping | Region
) -> tuple[dict[str, list[Indicator]], list[Exclusion]]:
    """Place each indicator: group it under its target's code, or list it as excluded."""
    groups: dict[str, list[Indicator]] = {}
    excluded: list[Exclusion] = []
    for indicator in items:
        try:
            code, reason = place_of(dataset, indicator.subject_id, target)
        except NotFoundError as error:
            raise NotFoundError(error.message, field="subject_id", record=indicator.id) from None
        if code is None:
            excluded.append(Exclusion(indicator.id, reason))
        else:
            groups.setdefault(code, []).append(indicator)
    return groups, excluded


def _result_unit(unit: str | None, items: Sequence[Indicator]) -> str | None:
    """The unit of the totals: `unit`, canonical, or else the first indicator's."""
    result_unit = canonical_unit(unit) if unit is not None else None
    if result_unit is None and items:
        result_unit = items[0].measure.unit
    return result_unit


def _build_records(
    dataset: Dataset,
    groups: dict[str, list[Indicator]],
    result_unit: str | None,
    on: object,
    nested: Nested,
    repeats: Repeats,
) -> list[RollUpRecord]:
    """Total each target's group, in code order, checking it for double counting first."""
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
    return records
