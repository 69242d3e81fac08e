"""The time a value refers to: a day, a month, a year, a span of years or days, or "as of" a date.

A [Period][swchina_dev.Period] has inclusive `start` and `end` dates and a
[Granularity][swchina_dev.models.periods.Granularity] saying how the source put it. Its text form
(`"2024"`, `"2024-05"`, `"2016/2020"`, `"asof:2025-01-23"`) is what the serialized data holds.

Examples:
    >>> from swchina_dev import Period
    >>> p = Period.year(2024)
    >>> p.start, p.end
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31))
    >>> Period.parse("2016/2020").year_count
    5
    >>> str(Period.as_of(dt.date(2025, 1, 23)))
    'asof:2025-01-23'
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re

import attrs

from swchina_dev.errors import ParseError, ValidationError
from swchina_dev.models.validators import model_fields, to_date

__all__ = ["Granularity", "Period"]

_YEAR = re.compile(r"(\d{4})", re.ASCII)
_MONTH = re.compile(r"(\d{4})-(\d{2})", re.ASCII)
_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_MAX_TEXT = 64


class Granularity(str, enum.Enum):
    """How precisely a period was stated."""

    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    YEARS = "years"
    SPAN = "span"
    AS_OF = "as_of"


def _check_dates(
    instance: Period, attribute: attrs.Attribute[Granularity], value: Granularity
) -> None:
    start, end = instance.start, instance.end
    if start > end:
        raise ValidationError(f"period ends ({end}) before it starts ({start})", field="end")
    whole_years = (start.month, start.day, end.month, end.day) == (1, 1, 12, 31)
    rules = {
        Granularity.DAY: start == end,
        Granularity.AS_OF: start == end,
        Granularity.MONTH: start.day == 1
        and (start.year, start.month) == (end.year, end.month)
        and end.day == calendar.monthrange(end.year, end.month)[1],
        Granularity.YEAR: whole_years and start.year == end.year,
        Granularity.YEARS: whole_years and start.year < end.year,
        Granularity.SPAN: True,
    }
    if not rules[value]:
        raise ValidationError(
            f"dates {start}..{end} do not make a period of granularity {value.value!r}",
            field="granularity",
        )


@attrs.frozen(field_transformer=model_fields)
class Period:
    """An inclusive span of dates with the granularity the source used.

    Prefer the constructors ([year][swchina_dev.models.periods.Period.year],
    [month][swchina_dev.models.periods.Period.month], [day][swchina_dev.models.periods.Period.day],
    [years][swchina_dev.models.periods.Period.years],
    [between][swchina_dev.models.periods.Period.between],
    [as_of][swchina_dev.models.periods.Period.as_of],
    [parse][swchina_dev.models.periods.Period.parse]) to spelling out all three fields.

    Args:
        start: The first day the value covers.
        end: The last day it covers (for `as_of` and `day`, the same as `start`).
        granularity: How the source stated it.

    Raises:
        ValidationError: `start` is after `end`, or the dates do not fit the granularity.
    """

    start: dt.date = attrs.field(converter=to_date)
    end: dt.date = attrs.field(converter=to_date)
    granularity: Granularity = attrs.field(converter=Granularity, validator=_check_dates)

    @classmethod
    def year(cls, year: int) -> Period:
        """The calendar year `year`."""
        return cls(dt.date(_year(year), 1, 1), dt.date(year, 12, 31), Granularity.YEAR)

    @classmethod
    def years(cls, first: int, last: int) -> Period:
        """The calendar years `first` to `last`, both included (`last` > `first`)."""
        return cls(dt.date(_year(first), 1, 1), dt.date(_year(last), 12, 31), Granularity.YEARS)

    @classmethod
    def month(cls, year: int, month: int) -> Period:
        """The month `month` (1-12) of `year`."""
        if isinstance(month, bool) or not isinstance(month, int) or not 1 <= month <= 12:
            raise ValidationError(f"month must be 1-12, got {month!r}", field="month")
        last = calendar.monthrange(_year(year), month)[1]
        return cls(dt.date(year, month, 1), dt.date(year, month, last), Granularity.MONTH)

    @classmethod
    def day(cls, day: dt.date) -> Period:
        """The single day `day`."""
        return cls(day, day, Granularity.DAY)

    @classmethod
    def between(cls, start: dt.date, end: dt.date) -> Period:
        """The days from `start` to `end`, both included."""
        return cls(start, end, Granularity.SPAN)

    @classmethod
    def as_of(cls, day: dt.date) -> Period:
        """A stock "as of" `day` (a total so far, a count at a date)."""
        return cls(day, day, Granularity.AS_OF)

    @classmethod
    def parse(cls, text: str) -> Period:
        """Read a period from its text form.

        Args:
            text: `"2024"`, `"2024-05"`, `"2024-05-03"`, `"2016/2020"` (years),
                `"2013-01-01/2022-10-12"` (days) or `"asof:2025-01-23"`.

        Returns:
            The period.

        Raises:
            ParseError: The text is none of these forms or names an impossible date.

        Examples:
            >>> Period.parse("2024-02").end
            datetime.date(2024, 2, 29)
        """
        if not isinstance(text, str) or len(text) > _MAX_TEXT:
            raise ParseError(f"cannot read a period from {str(text)[:_MAX_TEXT]!r}", field="period")
        value = text.strip()
        try:
            if value.startswith("asof:"):
                return cls.as_of(_iso_day(value[5:]))
            if "/" in value:
                first, _, last = value.partition("/")
                if _YEAR.fullmatch(first) and _YEAR.fullmatch(last):
                    return cls.years(int(first), int(last))
                return cls.between(_iso_day(first), _iso_day(last))
            if _YEAR.fullmatch(value):
                return cls.year(int(value))
            if match := _MONTH.fullmatch(value):
                return cls.month(int(match[1]), int(match[2]))
            return cls.day(_iso_day(value))
        except (ValueError, ValidationError) as error:
            # The reason only: the inner error's own "(field 'month')" would repeat the field.
            reason = error.message if isinstance(error, ValidationError) else error
            raise ParseError(
                f"cannot read a period from {text!r}: {reason}", field="period"
            ) from None

    @classmethod
    def of(cls, value: Period | dt.date | int | str) -> Period:
        """Coerce a period, a date (that day), a year or a period's text into a period.

        Examples:
            >>> Period.of(2021) == Period.year(2021)
            True
        """
        if isinstance(value, Period):
            return value
        if isinstance(value, bool):
            raise ValidationError(f"cannot make a period from {value!r}", field="period")
        if isinstance(value, int):
            return cls.year(value)
        if isinstance(value, dt.date):
            return cls.day(to_date(value))
        if isinstance(value, str):
            return cls.parse(value)
        raise ValidationError(f"cannot make a period from {type(value).__name__}", field="period")

    @property
    def days(self) -> int:
        """How many days the period covers, both ends included."""
        return (self.end - self.start).days + 1

    @property
    def year_count(self) -> int:
        """How many calendar years the period touches."""
        return self.end.year - self.start.year + 1

    def overlaps(self, other: Period) -> bool:
        """Tell whether two periods share at least one day."""
        return self.start <= other.end and other.start <= self.end

    def contains(self, other: Period | dt.date) -> bool:
        """Tell whether a date or a whole period lies within this one."""
        if isinstance(other, Period):
            return self.start <= other.start and other.end <= self.end
        return self.start <= to_date(other) <= self.end

    def __str__(self) -> str:
        if self.granularity is Granularity.YEAR:
            return f"{self.start.year:04d}"
        if self.granularity is Granularity.YEARS:
            return f"{self.start.year:04d}/{self.end.year:04d}"
        if self.granularity is Granularity.MONTH:
            return f"{self.start.year:04d}-{self.start.month:02d}"
        if self.granularity is Granularity.DAY:
            return self.start.isoformat()
        if self.granularity is Granularity.AS_OF:
            return f"asof:{self.start.isoformat()}"
        return f"{self.start.isoformat()}/{self.end.isoformat()}"


def _year(year: int) -> int:
    if isinstance(year, bool) or not isinstance(year, int) or not 1 <= year <= 9999:
        raise ValidationError(f"year must be an integer from 1 to 9999, got {year!r}", field="year")
    return year


def _iso_day(text: str) -> dt.date:
    if not _DAY.fullmatch(text.strip()):
        raise ValueError(f"{text!r} is not a YYYY-MM-DD date")
    return dt.date.fromisoformat(text.strip())
