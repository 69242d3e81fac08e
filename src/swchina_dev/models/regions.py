"""Administrative divisions (country to village) and named groupings of them."""

from __future__ import annotations

import datetime as dt
import enum
import math
import re
from collections.abc import Callable

import attrs

from swchina_dev.errors import ValidationError
from swchina_dev.models.validators import (
    REFERENCE_PATTERN,
    check_id,
    check_optional_text,
    check_text,
    model_fields,
    to_optional_date,
    to_str_tuple,
)

__all__ = ["Grouping", "Level", "Region", "RegionKind"]


class Level(str, enum.Enum):
    """The level of a division in the tree, from the country down to villages."""

    COUNTRY = "country"
    PROVINCE = "province"
    PREFECTURE = "prefecture"
    COUNTY = "county"
    TOWNSHIP = "township"
    VILLAGE = "village"

    @property
    def rank(self) -> int:
        """0 for the country, 5 for villages: a child's rank is greater than its parent's."""
        return list(Level).index(self)


class RegionKind(str, enum.Enum):
    """What kind of division a region is (a prefecture-level city, an ethnic township, ...)."""

    COUNTRY = "country"
    PROVINCE = "province"
    AUTONOMOUS_REGION = "autonomous_region"
    MUNICIPALITY = "municipality"
    PREFECTURE_LEVEL_CITY = "prefecture_level_city"
    AUTONOMOUS_PREFECTURE = "autonomous_prefecture"
    PREFECTURE = "prefecture"
    DISTRICT = "district"
    COUNTY = "county"
    AUTONOMOUS_COUNTY = "autonomous_county"
    COUNTY_LEVEL_CITY = "county_level_city"
    SPECIAL_ADMINISTRATIVE_REGION = "special_administrative_region"
    SPECIAL_DISTRICT = "special_district"
    TOWN = "town"
    TOWNSHIP = "township"
    ETHNIC_TOWNSHIP = "ethnic_township"
    SUBDISTRICT = "subdistrict"
    VILLAGE = "village"
    COMMUNITY = "community"
    STATISTICAL_UNIT = "statistical_unit"
    PLACEHOLDER = "placeholder"


# The code forms of each level: GB/T 2260 six digits (province xx0000, prefecture xxxx00),
# NBS nine digits for townships, NBS twelve digits or "<parent code>-<slug>" for villages.
_CODE_FORMS = {
    Level.COUNTRY: re.compile(r"[A-Z]{2}"),
    Level.PROVINCE: re.compile(r"\d{2}0000", re.ASCII),
    Level.PREFECTURE: re.compile(r"\d{4}00", re.ASCII),
    Level.COUNTY: re.compile(r"\d{6}", re.ASCII),
    Level.TOWNSHIP: re.compile(r"\d{9}", re.ASCII),
    Level.VILLAGE: re.compile(r"\d{12}|\d{6}(?:\d{3})?-[a-z0-9]+(?:-[a-z0-9]+)*", re.ASCII),
}


def _check_code(instance: Region, attribute: attrs.Attribute[str], value: str) -> None:
    if not isinstance(value, str) or not _CODE_FORMS[instance.level].fullmatch(value):
        raise ValidationError(
            f"malformed code {value!r} for level {instance.level.value!r}",
            field="code",
            record=str(value),
        )


def _check_parent(
    instance: Region, attribute: attrs.Attribute[str | None], value: str | None
) -> None:
    if instance.level is Level.COUNTRY:
        if value is not None:
            raise ValidationError("the country has no parent", field="parent", record=instance.code)
        return
    if not isinstance(value, str) or not value:
        raise ValidationError(
            "every division below the country needs a parent", field="parent", record=instance.code
        )
    if value == instance.code:
        raise ValidationError(
            "a region cannot be its own parent", field="parent", record=instance.code
        )
    if not REFERENCE_PATTERN.fullmatch(value):  # "５２０５００" would never match a code
        raise ValidationError(
            f"malformed parent code {value!r}", field="parent", record=instance.code
        )


def _check_coordinate(
    limit: float,
) -> Callable[[Region, attrs.Attribute[float | None], float | None], None]:
    def check(
        instance: Region, attribute: attrs.Attribute[float | None], value: float | None
    ) -> None:
        if value is None:
            return
        if (
            isinstance(value, bool)
            or not isinstance(value, (int, float))
            or not math.isfinite(value)
            or abs(value) > limit
        ):
            raise ValidationError(
                f"must be a number within ±{limit:g}, got {value!r}",
                field=attribute.name,
                record=instance.code,
            )

    return check


def _check_validity(
    instance: Region, attribute: attrs.Attribute[dt.date | None], value: dt.date | None
) -> None:
    if value is not None and instance.valid_from is not None and value < instance.valid_from:
        raise ValidationError(
            f"valid_to {value} is before valid_from {instance.valid_from}",
            field="valid_to",
            record=instance.code,
        )


@attrs.frozen(field_transformer=model_fields)
class Region:
    """An administrative division: a province, prefecture, county, township or village.

    Args:
        code: Official code: GB/T 2260 six digits for province, prefecture and county, NBS nine
            digits for a township, NBS twelve digits for a village where known, else
            `"<parent code>-<slug>"`; `"CN"` for the country.
        name: English name (`"Bijie City"`).
        name_zh: Name in hanzi (`"毕节市"`); None only for a village whose hanzi the sources
            do not confirm.
        pinyin: Pinyin with tone marks (`"Bìjié Shì"`); None where `name_zh` is.
        level: Its level in the tree.
        kind: What kind of division it is.
        parent: The parent's code (None only for the country).
        aliases: Other names: short names, former names, spellings the sources use.
        lat: Latitude of its seat in degrees, where known.
        lon: Longitude of its seat in degrees, where known.
        valid_from: First day the division existed under this code, where known.
        valid_to: Last day it existed under this code; None while current.
        predecessors: Codes of the divisions it replaced (a re-coding or a merger).
        note: Anything a user should know, in our own words.

    Examples:
        >>> bijie = Region("520500", "Bijie City", "毕节市", "Bìjié Shì", "prefecture",
        ...                "prefecture_level_city", "520000")
        >>> bijie.level.rank
        2
    """

    code: str = attrs.field(validator=_check_code)
    name: str = attrs.field(validator=check_text)
    name_zh: str | None = attrs.field(validator=check_optional_text)
    pinyin: str | None = attrs.field(validator=check_optional_text)
    level: Level = attrs.field(converter=Level)
    kind: RegionKind = attrs.field(converter=RegionKind)
    parent: str | None = attrs.field(validator=_check_parent)
    aliases: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    lat: float | None = attrs.field(default=None, validator=_check_coordinate(90))
    lon: float | None = attrs.field(default=None, validator=_check_coordinate(180))
    valid_from: dt.date | None = attrs.field(default=None, converter=to_optional_date)
    valid_to: dt.date | None = attrs.field(
        default=None, converter=to_optional_date, validator=_check_validity
    )
    predecessors: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    note: str = ""

    # Attribute order matters: `level` is converted before `code` is validated (validators
    # run after every field is set).

    @property
    def id(self) -> str:
        """The region's code, so that every entity has an `id`."""
        return self.code


@attrs.frozen(field_transformer=model_fields)
class Grouping:
    """A named set of regions that is not itself a division (China, Southwest China, ...).

    Args:
        id: Stable id (`"southwest-china"`).
        name: English name.
        members: Codes of the member regions.
        name_zh: Name in hanzi, if any.
        aliases: Other names.
        description: What the grouping is, in a sentence.

    Examples:
        >>> Grouping("southwest-china", "Southwest China", ("500000", "510000")).members
        ('500000', '510000')
    """

    id: str = attrs.field(validator=check_id)
    name: str = attrs.field(validator=check_text)
    members: tuple[str, ...] = attrs.field(converter=to_str_tuple)
    name_zh: str | None = None
    aliases: tuple[str, ...] = attrs.field(default=(), converter=to_str_tuple)
    description: str = ""

    @members.validator
    def _check_members(
        self, attribute: attrs.Attribute[tuple[str, ...]], value: tuple[str, ...]
    ) -> None:
        if not value:
            raise ValidationError(
                "a grouping needs at least one member", field="members", record=self.id
            )
        if len(set(value)) != len(value):
            raise ValidationError("members repeat", field="members", record=self.id)
