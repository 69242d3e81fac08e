"""The controlled vocabulary of what indicators measure."""

from __future__ import annotations

import attrs

from swchina_dev.errors import UnitError, ValidationError
from swchina_dev.models.validators import check_bool, check_key, check_text, model_fields
from swchina_dev.units import has_dimensionality

__all__ = ["Metric"]


def _check_label(instance: Metric, attribute: attrs.Attribute[str], value: str) -> None:
    if (
        not isinstance(value, str)
        or value.replace("{item}", "").count("{")
        or "}" in value.replace("{item}", "")
    ):
        raise ValidationError(
            f"a label is text with at most the placeholder {{item}}, got {value!r}",
            field="label",
            record=instance.key,
        )


def _check_dimensionality(instance: Metric, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str):
        raise ValidationError(
            "dimensionality must be a string", field="dimensionality", record=instance.key
        )
    try:
        has_dimensionality("dimensionless", value)
    except UnitError as error:
        raise ValidationError(error.message, field="dimensionality", record=instance.key) from None


@attrs.frozen(field_transformer=model_fields)
class Metric:
    """What an indicator measures, and the dimension its values must have.

    Args:
        key: Stable snake_case key (`"planted_area"`).
        name: Readable name (`"Planted area"`).
        description: What it covers, in a sentence.
        dimensionality: The pint dimensionality its values have (`"[area]"`, `"[currency]"`
            for any currency, `"1 / [time]"`, `""` for counts and percentages).
        non_negative: Whether values below zero are impossible (areas, counts, output values);
            growth rates and changes are not.
        additive: Whether values of different places add up to a meaningful total (areas,
            counts, output values); rates, shares, per-person values, altitudes and
            durations do not, and roll-ups refuse them.
        item_required: Whether every figure of this metric must say what it is measured of
            (an item): planted area of what crop, head count of what animal.
        label: How a figure's label reads, with `{item}` for the item's name (`"Planted
            area of {item}"`, `"{item}"` for a head count); empty for the default
            (`"<name> of <item>"`, or the name alone without an item).

    Examples:
        >>> area = Metric("planted_area", "Planted area", "Area planted.", "[area]")
        >>> area.accepts("mu"), area.accepts("CNY")
        (True, False)
    """

    key: str = attrs.field(validator=check_key)
    name: str = attrs.field(validator=check_text)
    description: str = attrs.field(validator=check_text)
    dimensionality: str = attrs.field(validator=_check_dimensionality)
    non_negative: bool = attrs.field(default=True, validator=check_bool)
    additive: bool = attrs.field(default=True, validator=check_bool)
    item_required: bool = attrs.field(default=False, validator=check_bool)
    label: str = attrs.field(default="", validator=_check_label)

    @property
    def id(self) -> str:
        """The metric's key, so that every entity has an `id`."""
        return self.key

    def label_for(self, item_name: str | None) -> str:
        """The label of a figure of this metric about an item (by its name), capitalised.

        Examples:
            >>> planted = Metric("planted_area", "Planted area", "Area planted.", "[area]")
            >>> planted.label_for("walnuts")
            'Planted area of walnuts'
            >>> Metric("head_count", "Head count", "Animals.", "", label="{item}").label_for(
            ...     "black-necked cranes"
            ... )
            'Black-necked cranes'
        """
        if item_name is None:
            text = self.label.replace("{item}", "").strip() if self.label else ""
            text = text or self.name
        elif self.label:
            text = self.label.replace("{item}", item_name)
        else:
            text = f"{self.name} of {item_name}"
        return text[:1].upper() + text[1:]

    def accepts(self, unit: str) -> bool:
        """Tell whether values in `unit` have this metric's dimensionality.

        Raises:
            UnitError: The unit is unknown.
        """
        return has_dimensionality(unit, self.dimensionality)
