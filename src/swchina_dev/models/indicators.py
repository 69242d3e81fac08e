"""Indicators: one reported fact each, with its subject, metric, measure, period and source."""

from __future__ import annotations

import enum
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

import attrs

from swchina_dev.errors import ValidationError
from swchina_dev.models.measures import Measure
from swchina_dev.models.metrics import Metric
from swchina_dev.models.periods import Period
from swchina_dev.models.sources import Source
from swchina_dev.models.validators import (
    KEY_PATTERN,
    check_id,
    enum_tuple,
    model_fields,
    to_str_tuple,
)
from swchina_dev.units import dimensionality

__all__ = ["BREAKDOWN_DIMENSIONS", "Indicator", "Scope", "Status", "Tag", "to_breakdown"]

#: The dimensions a figure may be broken down by (`"sex=female"`, `"age_group=65+"`), after the
#: statistical offices' practice (SDMX dimensions); values are lowercase tokens.
BREAKDOWN_DIMENSIONS: Final = frozenset(
    {"sex", "age_group", "residence", "sector", "education", "ethnicity"}
)
_BREAKDOWN_VALUE = re.compile(r"[a-z0-9][a-z0-9+_.-]{0,31}")


class Status(str, enum.Enum):
    """Whether a value happened, is a goal, or is an estimate."""

    REPORTED = "reported"
    TARGET = "target"
    ESTIMATE = "estimate"


class Scope(str, enum.Enum):
    """What part of its subject a figure is about."""

    #: The subject as a whole (a county's planted area): the default, and what roll-ups add.
    SUBJECT = "subject"
    #: One household in the subject (a family's income, its cows): roll-ups leave it out.
    HOUSEHOLD = "household"
    #: One person in the subject (a resident's orchard): roll-ups leave it out.
    PERSON = "person"


class Tag(str, enum.Enum):
    """Topics an indicator belongs to."""

    POVERTY = "poverty"
    AGRICULTURE = "agriculture"
    INDUSTRY = "industry"
    ECOLOGY = "ecology"
    DIGITAL_ECONOMY = "digital_economy"
    TRADE = "trade"
    TOURISM = "tourism"
    EMPLOYMENT = "employment"
    INFRASTRUCTURE = "infrastructure"
    EDUCATION = "education"
    HEALTH = "health"
    CULTURE = "culture"
    ENERGY = "energy"
    FINANCE = "finance"
    POPULATION = "population"


def _to_tags(value: Iterable[Tag | str]) -> tuple[Tag, ...]:
    return enum_tuple(Tag)(value)


def to_breakdown(value: Iterable[str]) -> tuple[str, ...]:
    """Check `dimension=value` pairs, one per dimension, and sort them (one spelling each)."""
    pairs = to_str_tuple(value)
    dimensions = []
    for pair in pairs:
        dimension, sign, part = pair.partition("=")
        if not sign or dimension not in BREAKDOWN_DIMENSIONS:
            allowed = ", ".join(sorted(BREAKDOWN_DIMENSIONS))
            raise ValidationError(
                f"a breakdown is dimension=value with a dimension of {allowed}, got {pair!r}"
            )
        if not _BREAKDOWN_VALUE.fullmatch(part):
            raise ValidationError(
                f"a breakdown value is a lowercase token, got {part!r} in {pair!r}"
            )
        dimensions.append(dimension)
    if len(set(dimensions)) != len(dimensions):
        raise ValidationError(f"a breakdown names each dimension once, got {list(pairs)}")
    return tuple(sorted(pairs))


def _to_measure(value: object) -> Measure:
    """A measure, or its stored form (the mapping `Measure.to_stored` gives)."""
    if isinstance(value, Mapping):
        return Measure.from_stored(value)
    if not isinstance(value, Measure):
        raise ValidationError(f"must be a Measure, got {type(value).__name__}")
    return value


def _to_optional_measure(value: object) -> Measure | None:
    return None if value is None else _to_measure(value)


def _to_period(value: object) -> Period:
    """A period, or its text (`"2024"`, `"asof:2025-01-23"`)."""
    if isinstance(value, str):
        return Period.parse(value)
    if not isinstance(value, Period):
        raise ValidationError(f"must be a Period, got {type(value).__name__}")
    return value


def _check_item(
    instance: Indicator, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if value is None:
        if instance.metric.item_required:
            raise ValidationError(
                f"metric {instance.metric.key!r} needs an item (what it is measured of)",
                field="item",
                record=instance.id,
            )
        return
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        raise ValidationError(
            f"an item is the key of an item, got {value!r}", field="item", record=instance.id
        )


def _check_instance(kind: type) -> Callable[[Indicator, attrs.Attribute[Any], object], None]:
    def check(instance: Indicator, attribute: attrs.Attribute[object], value: object) -> None:
        if not isinstance(value, kind):
            raise ValidationError(
                f"must be a {kind.__name__}, got {type(value).__name__}",
                field=attribute.name,
                record=instance.id,
            )

    return check


def _check_measure(
    instance: Indicator, attribute: attrs.Attribute[Measure], value: Measure
) -> None:
    metric = instance.metric
    if not isinstance(value, Measure):
        raise ValidationError(
            f"must be a Measure, got {type(value).__name__}", field="measure", record=instance.id
        )
    if not metric.accepts(value.unit):
        raise ValidationError(
            f"{value.unit} ({dimensionality(value.unit)}) is not a unit of metric {metric.key!r} "
            f"({metric.dimensionality or 'dimensionless'})",
            field="measure.unit",
            record=instance.id,
        )
    if metric.non_negative:
        for name, number in (
            ("magnitude", value.magnitude),
            ("lower", value.lower_magnitude),
            ("upper", value.upper_magnitude),
        ):
            if number is not None and number < 0:
                raise ValidationError(
                    f"metric {metric.key!r} cannot be negative, got {number}",
                    field=f"measure.{name}",
                    record=instance.id,
                )


def _check_conversion(
    instance: Indicator, attribute: attrs.Attribute[Measure | None], value: Measure | None
) -> None:
    if value is None:
        return
    if not isinstance(value, Measure):
        raise ValidationError(
            "must be a Measure or None", field="stated_conversion", record=instance.id
        )
    stated = instance.measure.unit
    # It fits the metric as the stated value does: the same dimension, or another currency
    # (also in compound units such as CNY / year against USD / year).
    if not instance.metric.accepts(value.unit):
        raise ValidationError(
            f"a stated conversion of {stated} cannot be in {value.unit}",
            field="stated_conversion",
            record=instance.id,
        )


@attrs.frozen(field_transformer=model_fields)
class Indicator:
    """One reported fact: what is measured, about what, when, how much, and who says so.

    Args:
        id: Stable id (`"s000-lianshang-output-value"`).
        subject_id: What the value is about: a region code, or a grouping, zone or enterprise id.
        metric: What is measured; the measure's unit must have its dimensionality.
        measure: The value with its qualifier and bounds, as stated (a
            [Measure][swchina_dev.Measure], or its stored form).
        period: The time the value refers to (a [Period][swchina_dev.Period], or its text).
        source: Who reported it.
        status: Whether it happened (`reported`), is a goal (`target`) or an `estimate`.
        note: Context, ambiguity and corrections, in our own words.
        tags: Topics.
        derived_from: Ids of the indicators a computed value was derived from.
        stated_conversion: The source's own conversion of the value, as printed (the 520
            hectares of "7,800 mu (520 hectares)"), kept so it can be audited.
        item: The key of what the figure is measured of (an [Item][swchina_dev.Item]:
            `"walnut"`, `"pig"`), where the source says; required by metrics that count or
            measure something of a kind (`metric.item_required`).
        breakdown: The part of the population or economy it is about, as `dimension=value`
            pairs (`("sex=female",)`, `("age_group=65+", "residence=urban")`); empty for the
            whole.
        scope: Whether it is about the subject as a whole (default), or about one household
            or one person in it (roll-ups leave those out).

    Raises:
        ValidationError: The unit does not fit the metric, a non-negative metric is negative, an
            id is malformed, or a field has the wrong type.
    """

    id: str = attrs.field(validator=check_id)
    subject_id: str = attrs.field(validator=check_id)
    metric: Metric = attrs.field(validator=_check_instance(Metric))
    measure: Measure = attrs.field(converter=_to_measure, validator=_check_measure)
    period: Period = attrs.field(converter=_to_period, validator=_check_instance(Period))
    source: Source = attrs.field(validator=_check_instance(Source))
    status: Status = attrs.field(default=Status.REPORTED, converter=Status)
    note: str = ""
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=_to_tags)
    derived_from: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    stated_conversion: Measure | None = attrs.field(
        default=None, converter=_to_optional_measure, validator=_check_conversion
    )
    item: str | None = attrs.field(default=None, validator=_check_item)
    breakdown: tuple[str, ...] = attrs.field(default=(), converter=to_breakdown)
    scope: Scope = attrs.field(default=Scope.SUBJECT, converter=Scope)

    @property
    def kind(self) -> tuple[str, str | None, tuple[str, ...], Scope]:
        """What the figure is, as aggregation compares it: metric key, item, breakdown, scope.

        Only figures of the same kind add up (totals, roll-ups).
        """
        return self.metric.key, self.item, self.breakdown, self.scope
