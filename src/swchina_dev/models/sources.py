"""Where a datum comes from: an article, a release or a reference table."""

from __future__ import annotations

import datetime as dt
import enum

import attrs

from swchina_dev.errors import ValidationError
from swchina_dev.models.validators import (
    check_id,
    check_text,
    model_fields,
    to_optional_date,
)

__all__ = ["Source", "SourceKind"]


class SourceKind(str, enum.Enum):
    """What kind of publication a source is."""

    NEWS_ARTICLE = "news_article"
    GOVERNMENT_RELEASE = "government_release"
    STATISTICAL_TABLE = "statistical_table"
    REFERENCE_TABLE = "reference_table"
    PODCAST = "podcast"


def _check_url(instance: Source, attribute: attrs.Attribute[str | None], value: str | None) -> None:
    if value is not None and (
        not isinstance(value, str) or not value.startswith(("https://", "http://"))
    ):
        raise ValidationError(
            f"url must start with http(s)://, got {value!r}", field="url", record=instance.id
        )


@attrs.frozen(field_transformer=model_fields)
class Source:
    """A publication that data is taken from, to be cited with the data.

    Args:
        id: Stable id (`"s000-peoples-daily-2025-01-23"`).
        publisher: Who published it (`"People's Daily Online"`).
        title: Its title as published.
        date: Its publication date (for a table: the date of its data or release); None when
            the publication carries no date (never guessed).
        kind: What kind of publication it is.
        url: Where it can be read, if known.
        licence: The licence of a reference table, if any.
        note: Anything a user citing it should know, in our own words.

    Examples:
        >>> import datetime as dt
        >>> Source("s-example", "Xinhua", "A title", dt.date(2024, 6, 15), "news_article").kind
        <SourceKind.NEWS_ARTICLE: 'news_article'>
    """

    id: str = attrs.field(validator=check_id)
    publisher: str = attrs.field(validator=check_text)
    title: str = attrs.field(validator=check_text)
    date: dt.date | None = attrs.field(converter=to_optional_date)
    kind: SourceKind = attrs.field(converter=SourceKind)
    url: str | None = attrs.field(default=None, validator=_check_url)
    licence: str | None = None
    note: str = ""

    def citation(self) -> str:
        """Return a one-line citation: publisher, title, date (and url).

        Examples:
            >>> import datetime as dt
            >>> Source("s-x", "Xinhua", "Growth", dt.date(2024, 6, 15), "news_article").citation()
            'Xinhua, "Growth", 2024-06-15'
        """
        when = self.date.isoformat() if self.date else "undated"
        text = f'{self.publisher}, "{self.title}", {when}'
        return f"{text}, {self.url}" if self.url else text
