"""Places that are not divisions but that sources report on: new areas, zones, parks, reserves."""

from __future__ import annotations

import enum

import attrs

from swchina_dev.errors import ValidationError
from swchina_dev.models.validators import (
    check_id,
    check_text,
    check_year,
    model_fields,
    to_str_tuple,
)

__all__ = ["Zone", "ZoneKind"]


class ZoneKind(str, enum.Enum):
    """What kind of zone a place is."""

    STATE_NEW_AREA = "state_new_area"
    HIGH_TECH_ZONE = "high_tech_zone"
    ECONOMIC_DEVELOPMENT_ZONE = "economic_development_zone"
    INDUSTRIAL_PARK = "industrial_park"
    NATURE_RESERVE = "nature_reserve"
    PORT = "port"
    TRADE_CORRIDOR = "trade_corridor"
    SCENIC_AREA = "scenic_area"
    OTHER = "other"


@attrs.frozen(field_transformer=model_fields)
class Zone:
    """A development zone, new area, industrial park, nature reserve, port or trade corridor.

    Args:
        id: Stable id (`"gui-an-new-area"`).
        name: English name.
        kind: What kind of zone it is.
        regions: Codes of the division(s) it lies in.
        name_zh: Name in hanzi, where known.
        established: The year it was established, where known.
        parent: The id of a zone it lies within, if any.
        aliases: Other names the sources use.
        note: Anything a user should know, in our own words.

    Examples:
        >>> Zone("gui-an-new-area", "Gui'an New Area", "state_new_area", ("520100",)).kind.value
        'state_new_area'
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    kind: ZoneKind = attrs.field(converter=ZoneKind)
    regions: tuple[str, ...] = attrs.field(converter=to_str_tuple)
    name_zh: str | None = None
    established: int | None = attrs.field(default=None, validator=check_year)
    parent: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    note: str = ""

    @regions.validator
    def _check_regions(
        self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValidationError(
                "a zone lies in at least one region", field="regions", record=self.id
            )
