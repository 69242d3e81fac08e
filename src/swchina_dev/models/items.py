"""Items: the controlled vocabulary of what a figure is measured of.

A figure is a metric (what is measured: planted area, head count, output value) about an item
(what it is measured of: walnuts, pigs, black-necked cranes, LED filament production lines),
after FAOSTAT's element x item. Items are keyed like metrics; only figures of the same metric,
item and breakdown add up.

Examples:
    >>> Item("walnut", "walnuts", "crop", name_zh="核桃").kind
    <ItemKind.CROP: 'crop'>
"""

from __future__ import annotations

import enum

import attrs

from swchina_dev.models.validators import (
    check_key,
    check_optional_text,
    check_text,
    model_fields,
)

__all__ = ["Item", "ItemKind"]


class ItemKind(str, enum.Enum):
    """What kind of thing an item is."""

    CROP = "crop"
    LIVESTOCK = "livestock"
    WILDLIFE = "wildlife"
    PRODUCT = "product"
    FACILITY = "facility"
    PEOPLE = "people"
    ORGANISATION = "organisation"
    ACTIVITY = "activity"
    PLACE = "place"
    ECONOMY = "economy"


@attrs.frozen(field_transformer=model_fields)
class Item:
    """What a figure is measured of: a crop, a kind of livestock, a product, a group of people.

    Args:
        key: Stable snake_case key (`"black_necked_crane"`).
        name: The plural noun phrase a label reads (`"black-necked cranes"`).
        kind: What kind of thing it is.
        name_zh: Name in hanzi, where known (`"黑颈鹤"`).
        description: What it covers, in a sentence (what it includes or leaves out).

    Examples:
        >>> Item("pig", "pigs", "livestock", name_zh="生猪").name
        'pigs'
    """

    key: str = attrs.field(validator=check_key)
    name: str = attrs.field(validator=check_text)
    kind: ItemKind = attrs.field(converter=ItemKind)
    name_zh: str | None = attrs.field(default=None, validator=check_optional_text)
    description: str = ""

    @property
    def id(self) -> str:
        """The item's key, so that every entity has an `id`."""
        return self.key
