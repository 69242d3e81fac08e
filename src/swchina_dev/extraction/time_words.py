"""The words and numbers dates are written with, English and Chinese, and reading a date phrase.

The pattern pieces here (`YEAR`, `MONTH`, `NUMBER`, ...) are put together by
[swchina_dev.extraction.period_cues][swchina_dev.extraction.period_cues]; each is bounded and
anchored, so no pattern built from them can backtrack without end.
[read_date][swchina_dev.extraction.time_words.read_date] reads one date phrase ("June 17, 2015",
"last year", "2024年6月") into the period it names.

Examples:
    >>> import datetime as dt
    >>> found = read_date("June 2022", dt.date(2024, 4, 30))
    >>> str(found[1]), found[0]
    ('2022-06', datetime.date(2022, 6, 30))
    >>> str(read_date("二月", dt.date(2024, 4, 30)) or "not a date")
    'not a date'
    >>> parse_count("five"), parse_count("十五"), parse_count("两")
    (5, 15, 2)
"""

from __future__ import annotations

import calendar
import datetime as dt
import functools
import re
from collections.abc import Mapping
from typing import Final

from swchina_dev.models import Period
from swchina_dev.text.words import MAGNITUDES, ONES, TENS, UNITS

__all__ = [
    "CHANGE",
    "DAY",
    "EDGE",
    "EN_DATE",
    "EN_DATED",
    "EVENT",
    "FULL_WIDTH",
    "MONTH",
    "MONTH_STARTS",
    "NUMBER",
    "PARTS",
    "SPEECH",
    "WEEKDAYS",
    "YEAR",
    "ZH_DATE",
    "ZH_DAY",
    "ZH_MONTH",
    "ZH_NUMBER",
    "as_of",
    "is_count_word",
    "month_end",
    "month_number",
    "months",
    "parse_count",
    "read_date",
    "relative_year",
    "year_for",
    "year_period",
    "years",
]

#: Full-width digits read as ASCII, one character for one, so offsets do not move.
FULL_WIDTH: Final = str.maketrans("０１２３４５６７８９－～", "0123456789-~")
_NUMBER_WORDS: Final[Mapping[str, int]] = {
    **{word: value for value, word in enumerate(ONES)},
    **{word: 20 + 10 * index for index, word in enumerate(TENS)},
    "a": 1,
    "an": 1,
}
_ZH_DIGITS: Final[Mapping[str, int]] = {
    "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9,
}  # fmt: skip
#: A small count in English words or digits ("five", "12").
NUMBER: Final = "(?i:" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True)) + r"|\d{1,2})(?!\w)"
#: A small count in Chinese numerals or digits ("两", "十五", "5").
ZH_NUMBER: Final = r"(?:[一二两三四五六七八九十]{1,3}|\d{1,2})"
#: A year of the 20th or 21st century, not part of a longer number or a percentage.
YEAR: Final = r"(?<![\d.,])(?:19|20)\d{2}(?![\d%])(?!,\d)"
#: The first three letters of each English month name, capitalised ("Jan" ... "Dec").
MONTH_STARTS: Final = (
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
)  # fmt: skip
#: An English month name; case-sensitive, since months are capitalised ("may" is not May).
MONTH: Final = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?(?![a-z])"
)
#: A day of the month, with or without its ordinal ending ("17", "11th").
DAY: Final = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)"
ZH_MONTH: Final = r"(?:1[0-2]|0?[1-9])"
ZH_DAY: Final = r"(?:3[01]|[12]\d|0?[1-9])"
WEEKDAYS: Final = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
#: Where an English word starts (Python's `\w` takes hanzi too, so `\b` is not used for this).
EDGE: Final = r"(?<![\w])"
#: The first and last month of the parts of a year.
PARTS: Final[Mapping[str, tuple[int, int]]] = {
    "first quarter": (1, 3), "second quarter": (4, 6), "third quarter": (7, 9),
    "fourth quarter": (10, 12), "last quarter": (10, 12), "final quarter": (10, 12),
    "first two quarters": (1, 6), "first three quarters": (1, 9), "first half": (1, 6),
    "second half": (7, 12), "last half": (7, 12), "q1": (1, 3), "q2": (4, 6), "q3": (7, 9),
    "q4": (10, 12), "h1": (1, 6), "h2": (7, 12), "一季度": (1, 3), "二季度": (4, 6),
    "三季度": (7, 9), "四季度": (10, 12), "上半年": (1, 6), "下半年": (7, 12),
    "前两季度": (1, 6), "前三季度": (1, 9),
}  # fmt: skip
#: The words of a founding or launch: the year they date is an event's, not a figure's.
EVENT: Final = re.compile(
    r"(?i:\b(?:established|establishment|founded|founding|set\s+up|launched|opened|inaugurated"
    r"|built|formed|incorporated|began|started|was\s+born))\b|成立|创建|创办|建成|投产|设立|始建"
    r"|开业|挂牌|落户"
)
#: The words of a statement: the day they date is when something was said to be so. A news
#: agency's dateline ("Nov. 4 (Xinhua) --", "3月5日电") dates the report the same way.
SPEECH: Final = re.compile(
    r"(?i:\b(?:said|says|told|announced|stated|noted|added|revealed|disclosed|according\s+to"
    r"|briefing|press\s+conference|news\s+conference))\b|表示|介绍|宣布|发布会|\(Xinhua\)|日电"
)
#: The words of a change: "from 2019" after one of them is where the change starts.
CHANGE: Final = re.compile(
    r"(?i:\b(?:increase[ds]?|increasing|rise|rose|risen|rising|up|growth|grew|grown|growing"
    r"|higher|more|jump(?:ed|s)?|surge[ds]?|soar(?:ed|s)?|doubled|tripled|times|decline[ds]?"
    r"|decrease[ds]?|down|drop(?:ped|s)?|fell|fallen|lower|less|fewer|change[ds]?|compared))\b"
)
# Words after a four-digit number that make it a count, not a year ("of 2020 tonnes").
_COUNT_WORDS: Final = (
    frozenset(
        spelling.split()[0].lower()
        for spellings in UNITS.values()
        for spelling in spellings
        if spelling and spelling.isascii()
    )
    | {word for word in MAGNITUDES if word.isascii()}
    | {"%", "per"}
)


def is_count_word(word: str) -> bool:
    """Tell whether a word after a four-digit number makes it a count ("tonnes", "million")."""
    return word.lower() in _COUNT_WORDS


def parse_count(word: str) -> int | None:
    """Read a small count in words or digits, English or Chinese ("five", "12", "两", "十五")."""
    word = word.lower()
    if word.isascii() and word.isdigit():
        return int(word)
    if word in _NUMBER_WORDS:
        return _NUMBER_WORDS[word]
    if not word or len(word) > 3 or any(char not in _ZH_DIGITS and char != "十" for char in word):
        return None
    if "十" not in word:
        return _ZH_DIGITS[word] if len(word) == 1 else None
    tens, _, ones = word.partition("十")  # 十 10, 十五 15, 二十 20, 二十五 25
    if (tens and tens not in _ZH_DIGITS) or (ones and ones not in _ZH_DIGITS):
        return None
    return (_ZH_DIGITS[tens] if tens else 1) * 10 + (_ZH_DIGITS[ones] if ones else 0)


def month_number(name: str) -> int:
    """The number of a month, from its digits or its English name ("6", "June", "Sept.")."""
    return int(name) if name.isdigit() else MONTH_STARTS.index(name[:3].title()) + 1


def month_end(year: int, month: int) -> dt.date:
    """The last day of a month."""
    return dt.date(year, month, calendar.monthrange(year, month)[1])


# Periods are immutable and an article dates its figures by a few years and days: each is
# made (and validated) once.
@functools.lru_cache(maxsize=256)
def year_period(year: int) -> Period:
    """The calendar year `year` ([Period.year][swchina_dev.models.periods.Period.year])."""
    return Period.year(year)


@functools.lru_cache(maxsize=64)
def as_of(day: dt.date) -> Period:
    """A stock as of `day` ([Period.as_of][swchina_dev.models.periods.Period.as_of])."""
    return Period.as_of(day)


@functools.lru_cache(maxsize=256)
def years(first: int, last: int) -> Period:
    """The years `first` to `last`: one year when they are the same."""
    return year_period(first) if first == last else Period.years(first, last)


def months(year: int, first: int, last: int) -> Period:
    """The months `first` to `last` of `year`, as a month or a span of days.

    [Period][swchina_dev.models.Period] has no span-of-months granularity: the span runs from
    the first day of the first month to the last day of the last, which says the same exactly.
    """
    if first == last:
        return Period.month(year, first)
    return Period.between(dt.date(year, first, 1), month_end(year, last))


def year_for(today: dt.date, anchor: Period | None, month: int, day: int = 1) -> tuple[int, float]:
    """The year of a date written without one, and how sure that is.

    The year the text last stated (`anchor`), else the latest such date on or before the
    article's (`today`): a January article's "in December" is last December. A time that runs
    on to the article's date ("since 2017") is no year of its own: after it, "between January
    and May" is read as if no year had been stated.
    """
    if anchor is not None and not (anchor.end >= today and anchor.start.year < today.year):
        return anchor.start.year, 0.8
    late = (month, day) > (today.month, today.day)
    return today.year - 1 if late else today.year, 0.7


def relative_year(today: dt.date, word: str) -> int:
    """The year a relative word names: "last" and 去/上 the year before, 前 two before, ..."""
    offsets = {"last": -1, "past": -1, "previous": -1, "next": 1, "去": -1, "上": -1,
               "前": -2, "明": 1}  # fmt: skip
    return today.year + offsets.get(word.lower(), 0)


# A date as a phrase: what follows "as of", "the end of", "so far in", "on", "in".
_DATE_FORMS: Final = (
    (rf"(?P<d>{DAY})\s+(?i:of\s+)?(?P<m>{MONTH}),?\s+(?P<y>{YEAR})", "day"),
    (rf"(?P<m>{MONTH})\s+(?P<d>{DAY}),?\s+(?P<y>{YEAR})", "day"),
    (rf"(?P<m>{MONTH})\s+(?P<d>{DAY})", "day"),
    (rf"(?P<d>{DAY})\s+(?i:of\s+)?(?P<m>{MONTH})", "day"),
    (rf"(?P<m>{MONTH})(?:\s+of)?,?\s+(?P<y>{YEAR})", "month"),
    (rf"(?P<m>{MONTH})", "month"),
    (r"(?P<rel>(?i:last|this|next|the\s+previous))\s+(?i:year)", "year"),
    (r"(?P<rel>(?i:last|this))\s+(?i:month)", "this-month"),
    (rf"(?P<y>{YEAR})", "year"),
    (rf"(?P<y>{YEAR})\s*年(?:(?P<m>{ZH_MONTH})月(?:(?P<d>{ZH_DAY})[日号])?)?", "zh"),
    (rf"(?P<rel>[去今明上本前])年(?:(?P<m>{ZH_MONTH})月)?", "zh"),
    (rf"(?P<m>{ZH_MONTH})月(?:(?P<d>{ZH_DAY})[日号])?", "zh"),
)
_DATE_READERS: Final = tuple((re.compile(form), kind) for form, kind in _DATE_FORMS)


def _alternatives(forms: tuple[tuple[str, str], ...]) -> str:
    return "(?:" + "|".join(re.sub(r"\(\?P<\w+>", "(?:", form) for form, _ in forms) + ")"


#: An English date phrase: a day, a month, a year, "last year", "this month".
EN_DATE: Final = _alternatives(_DATE_FORMS[:9])
#: An English date phrase that names a day or a year with its month ("June 2022", "June 17").
EN_DATED: Final = _alternatives(_DATE_FORMS[:5])
#: A Chinese date phrase ("2024年6月", "去年", "6月17日").
ZH_DATE: Final = _alternatives(_DATE_FORMS[9:])


def read_date(
    phrase: str, today: dt.date, anchor: Period | None = None
) -> tuple[dt.date, Period, float] | None:
    """Read a date phrase into its last day, its period, and how sure the year is.

    Args:
        phrase: A date phrase the patterns `EN_DATE` or `ZH_DATE` match.
        today: The article date, which "last year" and a date without its year are read against.
        anchor: The time the text last stated, for a date without its year.

    Returns:
        The last day, the period and a weight, or None when the phrase is not a date.

    Raises:
        ValueError: The phrase names an impossible day ("February 30").
    """
    for reader, kind in _DATE_READERS:
        if (found := reader.fullmatch(phrase.strip())) is None:
            continue
        groups = found.groupdict()
        if kind == "this-month":
            first = today.replace(day=1)
            month = first - dt.timedelta(days=1) if groups["rel"].lower() == "last" else first
            return month_end(month.year, month.month), Period.month(month.year, month.month), 1.0
        month_of = month_number(groups["m"]) if groups.get("m") else None
        day = int(groups["d"].rstrip("stndrh")) if groups.get("d") else None
        weight = 1.0
        if groups.get("y"):
            year = int(groups["y"])
        elif groups.get("rel"):
            year = relative_year(today, groups["rel"].split()[-1])
        else:
            year, weight = year_for(today, anchor, month_of or 1, day or 1)
        if month_of is None:
            return dt.date(year, 12, 31), year_period(year), weight
        if day is None:
            return month_end(year, month_of), Period.month(year, month_of), weight
        date = dt.date(year, month_of, day)
        return date, Period.day(date), weight
    return None
