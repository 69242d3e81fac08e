"""Indicators: one reported fact each, with its subject, metric, measure, period and source."""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable
from typing import Any

import attrs

from swchina_dev.errors import ValidationError
from swchina_dev.models.measures import Measure
from swchina_dev.models.metrics import Metric
from swchina_dev.models.periods import Period
from swchina_dev.models.sources import Source
from swchina_dev.models.validators import (
    check_id,
    enum_tuple,
    model_fields,
    to_str_tuple,
)
from swchina_dev.units import dimensionality

__all__ = ["Indicator", "Status", "Tag"]


class Status(str, enum.Enum):
    """Whether a value happened, is a goal, or is an estimate."""

    REPORTED = "reported"
    TARGET = "target"
    ESTIMATE = "estimate"


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
        measure: The value with its qualifier and bounds, as stated.
        period: The time the value refers to.
        source: Who reported it.
        status: Whether it happened (`reported`), is a goal (`target`) or an `estimate`.
        note: Context, ambiguity and corrections, in our own words.
        tags: Topics.
        derived_from: Ids of the indicators a computed value was derived from.
        stated_conversion: The source's own conversion of the value, as printed (the 520
            hectares of "7,800 mu (520 hectares)"), kept so it can be audited.

    Raises:
        ValidationError: The unit does not fit the metric, a non-negative metric is negative, an
            id is malformed, or a field has the wrong type.
    """

    id: str = attrs.field(validator=check_id)
    subject_id: str = attrs.field(validator=check_id)
    metric: Metric = attrs.field(validator=_check_instance(Metric))
    measure: Measure = attrs.field(validator=_check_measure)
    period: Period = attrs.field(validator=_check_instance(Period))
    source: Source = attrs.field(validator=_check_instance(Source))
    status: Status = attrs.field(default=Status.REPORTED, converter=Status)
    note: str = ""
    tags: tuple[Tag, ...] = attrs.field(default=(), converter=_to_tags)
    derived_from: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    stated_conversion: Measure | None = attrs.field(default=None, validator=_check_conversion)
