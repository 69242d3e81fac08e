"""Companies, plants and cooperatives that sources report on."""

from __future__ import annotations

import attrs

from swchina_dev.models.validators import (
    check_id,
    check_optional_id,
    check_text,
    check_year,
    model_fields,
    to_str_tuple,
)

__all__ = ["Enterprise"]


@attrs.frozen(field_transformer=model_fields)
class Enterprise:
    """An enterprise: where it is, what it makes, and the group it belongs to.

    Args:
        id: Stable id (`"guizhou-lianshang-technology"`).
        name: English name as the sources give it.
        region: Code of the division it is in.
        name_zh: Name in hanzi, where known.
        zone: Id of the zone it is in, if any.
        sector: What it does, in a few words.
        founded: The year it was founded (or set up in its region; the note says which).
        parent: Id of its parent enterprise (a subsidiary names its group).
        products: What it makes or sells.
        aliases: Other names the sources use.
        note: Anything a user should know, in our own words.

    Examples:
        >>> Enterprise("acme-tea", "Acme Tea Co.", "520500", founded=2015).founded
        2015
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    region: str = attrs.field(validator=check_id)
    name_zh: str | None = None
    zone: str | None = attrs.field(default=None, validator=check_optional_id)
    sector: str = ""
    founded: int | None = attrs.field(default=None, validator=check_year)
    parent: str | None = attrs.field(default=None, validator=check_optional_id)
    products: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    note: str = ""
