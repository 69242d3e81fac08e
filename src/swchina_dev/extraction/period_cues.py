"""The time expressions of running text, English and Chinese, read into periods ("cues").

[scan_times][swchina_dev.extraction.period_cues.scan_times] finds every time expression in a
stretch of text and resolves it against the article date: explicit dates ("in June 2022",
"2019年1-9月"), spans ("from 2019 to 2024", "十三五"), times relative to the article ("last
year", "近两年", "in the next five years"), stocks ("now", "截至2024年底"), the start of a
change ("up 37% from 2019") and anaphora ("that year", "two years later", resolved against the
last year the text stated). The words of goals and estimates are
[swchina_dev.extraction.status_cues][swchina_dev.extraction.status_cues]'s;
[guess_period][swchina_dev.extraction.periods.guess_period] chooses among both for one figure.

Every pattern is anchored on words and bounded, so a scan is linear in the text; where several
expressions overlap, the leftmost and then the longest wins ("so far in January 2025" over "in
January 2025").

Examples:
    >>> import datetime as dt
    >>> cues, _ = scan_times("In 2023, it grew 37% from 2019.", dt.date(2024, 4, 30))
    >>> [(cue.text, str(cue.period), cue.kind.value) for cue in cues]
    [('In 2023', '2023', 'point'), ('from 2019', '2019', 'base')]
    >>> [str(cue.period) for cue in scan_times("截至2024年底，去年", dt.date(2025, 3, 1))[0]]
    ['asof:2024-12-31', '2024']
"""

from __future__ import annotations

import bisect
import datetime as dt
import enum
import functools
import re
from collections.abc import Callable, Mapping
from typing import Final

import attrs

from swchina_dev.errors import ValidationError
from swchina_dev.extraction.pattern_needs import Patterns
from swchina_dev.extraction.time_words import (
    CHANGE,
    EDGE,
    EN_DATE,
    EN_DATED,
    EVENT,
    FULL_WIDTH,
    MONTH,
    MONTH_STARTS,
    NUMBER,
    PARTS,
    SPEECH,
    WEEKDAYS,
    YEAR,
    ZH_DATE,
    ZH_DAY,
    ZH_MONTH,
    ZH_NUMBER,
    as_of,
    is_count_word,
    month_number,
    months,
    parse_count,
    read_date,
    relative_year,
    year_for,
    year_period,
    years,
)
from swchina_dev.models import Period, Status

__all__ = ["Cue", "Kind", "clause_bounds", "scan_times", "scan_times_once"]


class Kind(enum.Enum):
    """What a time expression says about a figure's period."""

    POINT = "point"  # a stated time: "in 2024", "last year", "in the past two years"
    NOW = "now"  # a stock at a date: "now", "so far", "as of", "截至2024年底"
    SINCE = "since"  # from then to the article date: "since 2012"
    BASE = "base"  # where a change starts: "up 37% from 2019", "比2019年"


@attrs.frozen
class Cue:
    """A time expression found in the text, resolved to a period."""

    start: int
    end: int
    text: str
    kind: Kind
    period: Period
    #: The status the words imply: "in the next five years" and "by <a future year>" are goals.
    status: Status | None = None
    #: The year of a founding or launch ("established in 2011"): not the period of a later figure.
    event: bool = False
    #: The date of a statement ("told a press briefing on Friday"): a stock as of that day.
    speech: bool = False
    #: A span ahead ("in the next five years"): a level target ("will be worth") means its end.
    horizon: bool = False
    #: How sure the reading is, 0..1 (an inferred year, a reconciled span).
    weight: float = 1.0


@attrs.define
class _Scan:
    """The state of one scan: the text, the article date and the last time the text stated."""

    text: str
    today: dt.date
    anchor: Period | None = None
    bounds: tuple[int, ...] = ()
    # Whether the anchor is still the one given (no time of the text has replaced it), and
    # whether a cue needed that given anchor: if none did, the scan does not depend on it.
    initial: bool = True
    needed_initial: bool = False

    def stated_anchor(self) -> Period | None:
        """The last time stated before this point ("that year" is it)."""
        if self.initial:
            self.needed_initial = True
        return self.anchor

    def clause_start(self, position: int) -> int:
        index = bisect.bisect_left(self.bounds, position)
        return self.bounds[index - 1] + 1 if index else 0

    def clause_end(self, position: int) -> int:
        index = bisect.bisect_left(self.bounds, position)
        return self.bounds[index] if index < len(self.bounds) else len(self.text)


_Handler = Callable[["re.Match[str]", _Scan], "Cue | None"]


def _cue(
    match: re.Match[str],
    kind: Kind,
    period: Period,
    *,
    status: Status | None = None,
    horizon: bool = False,
    weight: float = 1.0,
) -> Cue:
    return Cue(match.start(), match.end(), match[0], kind, period, status=status,
               horizon=horizon, weight=weight)  # fmt: skip


def _on_date(match: re.Match[str], scan: _Scan) -> Cue | None:
    found = read_date(match["x"], scan.today, scan.stated_anchor())
    return None if found is None else _cue(match, Kind.POINT, found[1], weight=found[2])


def _on_iso(match: re.Match[str], scan: _Scan) -> Cue | None:
    day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    return _cue(match, Kind.POINT, Period.day(day))


def _on_year(match: re.Match[str], scan: _Scan) -> Cue | None:
    following = re.match(r"\s*([A-Za-z]+|%)", scan.text[match.end() : match.end() + 24])
    if following and is_count_word(following[1]):  # "of 2020 tonnes": a count
        return None
    return _cue(match, Kind.POINT, year_period(int(match["y"])))


def _on_span(match: re.Match[str], scan: _Scan) -> Cue | None:
    first, last = int(match["a"]), int(match["b"])
    if last < 100:  # "2016-20"
        last += first - first % 100
    if last <= first:
        return None
    weight, count = 1.0, parse_count(match.groupdict().get("n") or "")
    if count is not None and last - first == count:  # "the five years between 2019 to 2024"
        last, weight = last - 1, 0.9
    return _cue(match, Kind.POINT, Period.years(first, last), weight=weight)


def _on_plan(match: re.Match[str], scan: _Scan) -> Cue | None:
    number = int(match["k"]) if match["k"].isdigit() else 10 + (parse_count(match["k"]) or 0)
    if not 1 <= number <= 30:
        return None
    # The first plans ran 1953-1957 and 1958-1962; after three years of readjustment the third
    # began in 1966, and every plan since has followed the last (the 14th is 2021-2025).
    first = {1: 1953, 2: 1958}.get(number, 1966 + 5 * (number - 3))
    return _cue(match, Kind.POINT, Period.years(first, first + 4))


def _on_since(match: re.Match[str], scan: _Scan) -> Cue | None:
    start = dt.date(int(match["y"]), month_number(match["m"]) if match["m"] else 1, 1)
    if start > scan.today:
        return None
    # "up 37% from 2019" is where a change starts; "From 2019, ..." is a since.
    if (
        match[0][:4].lower() == "from"
        and not match.groupdict().get("on")
        and _after_change(match, scan)
    ):
        return _cue(match, Kind.BASE, year_period(start.year))
    return _cue(match, Kind.SINCE, Period.between(start, scan.today))


def _after_change(match: re.Match[str], scan: _Scan) -> bool:
    return CHANGE.search(scan.text, scan.clause_start(match.start()), match.start()) is not None


# The words before a time that make it a change's start ("up 9.8% from a year earlier").
_BASE_BEFORE: Final = re.compile(r"(?i:\b(?:from|over|than|compared\s+(?:with|to))\s+)$")
_BASE_WORD: Final = re.compile(r"(?i:over|than)\s+(?!(?i:the\s+(?:past|last)\b))")


def _is_base(text: str, cue: Cue, clause_start: int) -> bool:
    """Whether a stated time is where a change of its clause starts, not the figure's time.

    Only a year or a shorter time is a start: "grew 50% over the past decade" is the span.
    """
    if cue.period.days > 366:
        return False
    leading = _BASE_WORD.match(cue.text) is not None
    before = _BASE_BEFORE.search(text, max(clause_start, cue.start - 16), cue.start)
    if not leading and before is None:
        return False
    return CHANGE.search(text, clause_start, cue.start) is not None


def _on_base(match: re.Match[str], scan: _Scan) -> Cue | None:
    if match[0][0] not in "比较与同" and not _after_change(match, scan):
        return None  # "over 2019" without a change word is not a comparison
    if match["y"]:
        year = int(match["y"])
    elif match["rel"] == "上" and scan.anchor is not None and not scan.initial:
        year = scan.anchor.start.year - 1  # 去年……比上年: the year before the one stated
    else:
        year = relative_year(scan.today, match["rel"])
    return _cue(match, Kind.BASE, year_period(year))


def _on_by(match: re.Match[str], scan: _Scan) -> Cue | None:
    year = int(match["y"])
    status = Status.TARGET if year >= scan.today.year else None
    return _cue(match, Kind.POINT, year_period(year), status=status)


def _on_end(match: re.Match[str], scan: _Scan) -> Cue | None:
    found = read_date(match["x"], scan.today, scan.stated_anchor())
    if found is None:
        return None
    end, period, weight = found
    if end > scan.today:  # "by the end of 2025" ahead of the article: a goal for that time
        return _cue(match, Kind.POINT, period, status=Status.TARGET, weight=weight)
    return _cue(match, Kind.NOW, as_of(end), weight=weight)


def _on_so_far(match: re.Match[str], scan: _Scan) -> Cue | None:
    found = read_date(match["x"], scan.today, scan.stated_anchor())
    end = scan.today if found is None else min(found[0], scan.today)
    return _cue(match, Kind.NOW, as_of(end))


def _on_now(match: re.Match[str], scan: _Scan) -> Cue | None:
    return _cue(match, Kind.NOW, as_of(scan.today))


def _on_months(match: re.Match[str], scan: _Scan) -> Cue | None:
    first, last = month_number(match["m1"]), month_number(match["m2"])
    if last <= first:
        return None
    if match["y"]:
        year, weight = int(match["y"]), 1.0
    else:
        year, weight = year_for(scan.today, scan.stated_anchor(), last, 28)
    return _cue(match, Kind.POINT, months(year, first, last), weight=weight)


def _on_part(match: re.Match[str], scan: _Scan) -> Cue | None:
    name = " ".join(match["p"].lower().replace("-", " ").split())
    if name.startswith("前") and name.endswith("个月"):  # 前N个月: the first N months
        first, last = 1, parse_count(name[1:-2]) or 0
    else:
        first, last = PARTS.get(name.removeprefix("第"), (0, 0))
    if not 1 <= last <= 12:
        return None
    if match["y"]:
        year, weight = int(match["y"]), 1.0
    elif match.groupdict().get("rel"):
        year, weight = relative_year(scan.today, match["rel"].split()[-1]), 1.0
    else:
        year, weight = year_for(scan.today, scan.stated_anchor(), last, 28)
    return _cue(match, Kind.POINT, months(year, first, last), weight=weight)


def _on_first_months(match: re.Match[str], scan: _Scan) -> Cue | None:
    # "in the first 11 months of 2023": January to November.
    last = parse_count(match["n"]) or 0
    if not 1 <= last <= 12:
        return None
    if match["y"]:
        year, weight = int(match["y"]), 1.0
    elif match["rel"]:
        year, weight = relative_year(scan.today, match["rel"].split()[-1]), 1.0
    else:
        year, weight = year_for(scan.today, scan.stated_anchor(), last, 28)
    return _cue(match, Kind.POINT, months(year, 1, last), weight=weight)


def _on_weekday(match: re.Match[str], scan: _Scan) -> Cue | None:
    # News usage: "on Friday" is the latest Friday on or before the article's date.
    weekday = WEEKDAYS.index(match["w"])
    if match[0][:4].lower() == "next":  # "next Friday": the first Friday after the article
        day = scan.today + dt.timedelta(days=(weekday - scan.today.weekday() - 1) % 7 + 1)
    else:
        day = scan.today - dt.timedelta(days=(scan.today.weekday() - weekday) % 7)
    return _cue(match, Kind.POINT, Period.day(day), weight=0.85)


_RELATIVE: Final[Mapping[str, int]] = {
    "last year": -1, "the past year": -1, "a year ago": -1, "this year": 0,
    "the current year": 0, "next year": 1, "the year before last": -2, "去年": -1, "上年": -1,
    "今年": 0, "本年": 0, "明年": 1, "前年": -2,
}  # fmt: skip


def _on_relative(match: re.Match[str], scan: _Scan) -> Cue | None:
    words = " ".join(match["r"].lower().split())
    if words.endswith("month"):
        found = read_date(words, scan.today)
        return None if found is None else _cue(match, Kind.POINT, found[1])
    if match.groupdict().get("n"):
        offset = -(parse_count(match["n"]) or 0)  # "two years ago"
    else:
        offset = _RELATIVE.get(words, 0)
    status = Status.TARGET if offset > 0 else None
    return _cue(match, Kind.POINT, year_period(scan.today.year + offset), status=status)


def _on_past(match: re.Match[str], scan: _Scan) -> Cue | None:
    count = _span_years(match)
    year = scan.today.year
    return None if count is None else _cue(match, Kind.POINT, years(year - count, year - 1))


def _on_next(match: re.Match[str], scan: _Scan) -> Cue | None:
    count, year = _span_years(match), scan.today.year
    if count is None:
        return None
    period = years(year, year + count - 1)
    return _cue(match, Kind.POINT, period, status=Status.TARGET, horizon=True)


def _span_years(match: re.Match[str]) -> int | None:
    # "the past two years" 2, "the past decade" 10, "two decades" 20; 近两年 2, 未来五年 5.
    count = parse_count(match["n"]) if match["n"] else None
    if match.groupdict().get("u", "").lower().startswith("decade"):
        count = 10 * (count or 1)
    return count if count is not None and 1 <= count <= 99 else None


def _on_anaphor(match: re.Match[str], scan: _Scan) -> Cue | None:
    anchor = scan.stated_anchor()
    if anchor is None:  # "that year" with no year before it: nothing to resolve
        return None
    year, words = anchor.start.year, " ".join((match.groupdict().get("a") or "").split())
    if words.lower() in ("that time", "当时"):
        return _cue(match, Kind.POINT, anchor, weight=0.8)
    if match.groupdict().get("n"):
        count = parse_count(match["n"]) or 0
        year += -count if match["d"].lower() in ("earlier", "before") else count
    elif words.lower() in ("the following year", "the year after", "次年"):
        year += 1
    return _cue(match, Kind.POINT, year_period(year), weight=0.8)


_E, _ZH_NOW = EDGE, r"(?:截至|截止到?|到)目前(?:为止)?|目前为止|目前|现在|当前|如今|至今|迄今|现已"
_YEARS: Final = ("19", "20")
# Each pattern, its handler, and its needs (see pattern_needs): English text is never scanned
# with the Chinese patterns, nor a sentence without "year" with those of "last year" (each
# pattern's rarest words are its needs: "ago", not "year", for "two years ago"); English
# month names are matched capitalised, and so are their needs ("Nov", not "innovation"'s).
_PATTERNS: Final[Patterns[_Handler]] = Patterns(
    (re.compile(pattern), handler, needs)
    for pattern, handler, needs in (
        (rf"{_E}(?i:so|thus)\s+far\s+(?i:in|this|of)\s+(?P<x>(?i:year|month)|{EN_DATE})",
         _on_so_far, ("far",)),
        (rf"{_E}(?i:as\s+of|as\s+at|by|at|until|till|through|up\s+to|to|before)\s+(?i:the\s+)?"
         rf"(?i:end\s+of)\s+(?P<x>{EN_DATE})", _on_end, ("end",)),
        (rf"{_E}(?i:as\s+of|as\s+at)\s+(?P<x>{EN_DATE})", _on_end, ("as",)),
        (rf"(?:截至|截止到?|到|至)?(?P<x>{ZH_DATE})(?:底|末)", _on_end, ("底", "末")),
        (rf"(?:截至|截止到?)(?P<x>{ZH_DATE})", _on_end, ("截",)),
        (rf"{_E}(?:(?i:the\s+)?(?P<n>{NUMBER})[\s-]+(?i:years?)\s+)?(?i:between|from)\s+(?P<a>{YEAR})"
         rf"\s*(?i:to|and|until|till|through|-|–|—)\s*(?P<b>{YEAR})",
         _on_span, ("between", "from")),
        (rf"(?:{_E}(?i:in|during|for|over|the)\s+)?(?P<a>{YEAR})(?:\s*年)?\s*(?:[-–—~]|至|到)\s*(?P<b>(?:19|20)\d{{2}}|\d{{2}})(?![\d%])"
         r"(?:\s*年)?", _on_span, ("-", "–", "—", "~", "至", "到")),
        (rf"(?P<y>{YEAR})-(?P<m>\d{{2}})-(?P<d>\d{{2}})(?!\d)", _on_iso, ("-",)),
        (rf"{_E}(?i:the\s+)?(?P<k>\d{{1,2}})(?i:st|nd|rd|th)\s+(?i:five[\s-]year\s+plan)"
         r"(?:\s+(?i:period))?", _on_plan, ("five",)),
        (r"[“\"「]?十(?P<k>[一二三四五六七八九])五[”\"」]?(?:规划|期间|时期)?", _on_plan, ("十",)),
        (rf"{_E}(?i:since|from)\s+(?:(?i:early|mid|late|the\s+end\s+of|the\s+beginning\s+of)"
         rf"[\s-]+)?(?:(?P<m>{MONTH}),?\s+)?(?P<y>{YEAR})(?P<on>\s+(?i:onwards?|on)(?!\w))?",
         _on_since, ("since", "from")),
        (rf"(?:自|从)?(?P<y>{YEAR})\s*年(?:(?P<m>{ZH_MONTH})月)?(?:以来|起|开始)",
         _on_since, ("年",)),
        (rf"{_E}(?i:compared\s+(?:with|to)|than(?:\s+in)?|over|against|versus|vs\.?|relative\s+to"
         rf"|on)\s+(?:(?i:the\s+same\s+period\s+(?:of|in|last)|(?:the\s+)?levels?\s+(?:of|in))"
         rf"\s+)?(?P<y>{YEAR})", _on_base, _YEARS),
        (rf"(?:比|较|与|同)(?:(?P<y>{YEAR})\s*年|(?P<rel>[去上前])年)", _on_base, ("年",)),
        (rf"{_E}(?i:by)\s+(?:(?i:the\s+year)\s+)?(?P<y>{YEAR})", _on_by, ("by",)),
        (rf"(?:到|至)(?P<y>{YEAR})\s*年", _on_by, ("年",)),
        (rf"{_E}(?:(?i:the)\s+)?(?P<p>(?i:first|second|third|fourth|last|final)(?:\s+(?i:two|three))?"
         rf"[\s-]+(?i:quarters?|half))(?:\s+(?i:of)\s+(?:(?P<y>{YEAR})|(?P<rel>(?i:this|last|the\s+"
         r"previous))\s+(?i:year)))?", _on_part, ("half", "quarter")),
        (rf"{_E}(?:(?i:the)\s+)?(?i:first)\s+(?P<n>{NUMBER})\s+(?i:months)(?:\s+(?i:of)\s+"
         rf"(?:(?P<y>{YEAR})|(?P<rel>(?i:this|last|the\s+previous))\s+(?i:year)))?",
         _on_first_months, ("months",)),
        (rf"{_E}(?P<p>[QH][1-4])(?:\s*,?\s*|\s+(?i:of)\s+)(?P<y>{YEAR})", _on_part, _YEARS),
        (rf"(?P<y>{YEAR})\s*(?P<p>[QH][1-4])(?!\w)", _on_part, _YEARS),
        (rf"(?:(?P<y>{YEAR})\s*年|(?P<rel>[去今上本明])年)?(?P<p>前[两三]季度|第?[一二三四]季度"
         rf"|[上下]半年|前{ZH_NUMBER}个月)", _on_part, ("季度", "半年", "个月")),
        (rf"{_E}(?:(?i:from|between)\s+)?(?P<m1>{MONTH})\s*(?:[-–—]|(?i:to|through|and|till|until)"
         rf"(?!\w))\s*(?P<m2>{MONTH})(?:,?\s+(?P<y>{YEAR}))?", _on_months, MONTH_STARTS),
        (rf"(?:(?P<y>{YEAR})\s*年)?(?P<m1>{ZH_MONTH})\s*(?:[-–—~]|至|到)\s*(?P<m2>{ZH_MONTH})"
         r"\s*月", _on_months, ("月",)),
        (rf"{_E}(?:(?i:on|in|during|of|since|for)\s+)?(?:(?i:early|mid|late|the\s+end\s+of|the\s+"
         rf"beginning\s+of)[\s-]+(?:(?i:of)\s+)?)?(?P<x>{EN_DATED})", _on_date, MONTH_STARTS),
        (rf"{_E}(?i:in|during|since|by|until|till|last|this|early|late|mid)[\s-]+(?P<x>{MONTH})"
         r"(?!\s?\d)", _on_date, MONTH_STARTS),
        (rf"(?P<x>{YEAR}\s*年(?:{ZH_MONTH}月(?:{ZH_DAY}[日号])?)?)(?:度)?", _on_date, ("年",)),
        (rf"(?<![\d年])(?P<x>{ZH_MONTH}月(?:{ZH_DAY}[日号])?)(?:份)?", _on_date, ("月",)),
        (rf"{_E}(?i:in|during|for|of|throughout|around|circa|fiscal|early|mid|late|the\s+year|year)"
         rf"[\s-]+(?P<y>{YEAR})", _on_year, _YEARS),
        (rf"(?P<y>{YEAR})['’]s(?!\w)", _on_year, ("'s", "’s")),
        (rf"{_E}(?:(?i:on|last|this|next)\s+)?(?P<w>{'|'.join(WEEKDAYS)})(?!\w)",
         _on_weekday, ("day",)),
        (rf"{_E}(?:(?i:in|during|for|of|over|since|by)\s+)?(?P<r>(?i:last|this|next|the\s+current"
         r"|the\s+past)\s+(?i:year)|(?i:last|this)\s+(?i:month)|(?i:the\s+year\s+before\s+last)"
         r"|(?i:a\s+year\s+ago))(?!\w)", _on_relative, ("year", "month")),
        (rf"{_E}(?P<r>(?P<n>{NUMBER})\s+(?i:years?)\s+(?i:ago))(?!\w)", _on_relative, ("ago",)),
        (r"(?P<r>去年|今年|明年|前年|上年|本年)", _on_relative, ("年",)),
        (rf"{_E}(?:(?i:in|over|during|for|within|throughout)\s+)?(?i:the\s+)?(?i:past|last|previous"
         rf"|preceding)\s+(?:(?P<n>{NUMBER})\s+)?(?P<u>(?i:years|decades?))(?!\w)",
         _on_past, ("past", "last", "previous", "preceding")),
        (rf"(?:近|过去的?|最近)(?P<n>{ZH_NUMBER})年(?!代)", _on_past, ("年",)),
        (rf"{_E}(?:(?i:in|over|during|within|throughout)\s+)?(?i:the\s+)?(?i:next|coming|upcoming)"
         rf"\s+(?:(?P<n>{NUMBER})\s+)?(?P<u>(?i:years|decades?))(?!\w)",
         _on_next, ("next", "coming")),
        (rf"(?:未来|今后|接下来的?)(?P<n>{ZH_NUMBER})年", _on_next, ("未来", "今后", "接下来")),
        (rf"{_E}(?:(?i:in|during|by|of|at|since)\s+)?(?P<a>(?i:that\s+year|the\s+same\s+year|the\s+"
         r"following\s+year|the\s+year\s+after|that\s+time))(?!\w)", _on_anaphor, ("year", "time")),
        (rf"{_E}(?P<n>{NUMBER})\s+(?i:years?)\s+(?P<d>(?i:later|after(?:wards)?|earlier|before))(?!\w)",
         _on_anaphor, ("later", "after", "earlier", "before")),
        (r"(?P<a>当年|同年|次年|那年|当时|全年)", _on_anaphor, ("年", "当时")),
        (rf"{_E}(?i:so\s+far|thus\s+far|to\s+date|up\s+to\s+now|until\s+now|as\s+of\s+(?:now|today)"
         r"|at\s+present|at\s+the\s+moment|currently|presently|nowadays|now|today|these\s+days)(?!\w)",
         _on_now, ("far", "date", "now", "present", "moment", "today", "currently", "these")),
        (_ZH_NOW, _on_now, ("目前", "现在", "当前", "如今", "至今", "迄今", "现已")),
    )
)  # fmt: skip

# Where one clause ends: a comma before a space, a semicolon, a colon not in a time, and the
# Chinese clause marks (not 、, which lists); or a dash or "while" between spaces. The marks are
# searched apart from the words, which begin with a space (a scan would stop at every space),
# and the words only in a text that holds "--", "–" or "wh" (in any case) as each of them does.
_CLAUSE_MARK: Final = re.compile(r",(?=\s|$)|[;；，：—。！？!?]|:(?!\d)")
_CLAUSE_WORD: Final = re.compile(r"\s(?:--|–)\s|\s(?i:while|whereas)\s")


@functools.lru_cache(maxsize=8)  # the figures of a sentence, and its scan, share them
def clause_bounds(text: str) -> tuple[int, ...]:
    """The positions of the characters that end a clause in `text`, in order."""
    bounds = [match.start() for match in _CLAUSE_MARK.finditer(text)]
    if "--" in text or "–" in text or "wh" in text.lower():
        # No word holds a mark, nor does a mark start a word: one scan for both would find
        # the same ends.
        bounds = sorted(bounds + [match.start() for match in _CLAUSE_WORD.finditer(text)])
    return tuple(bounds)


def scan_times(
    text: str, today: dt.date, anchor: Period | None = None
) -> tuple[list[Cue], Period | None]:
    """Find the time expressions of `text`, resolved against the article date `today`.

    Args:
        text: A sentence, or a few; full-width digits are read as ASCII.
        today: The article's date, which "last year", "now" and "on Friday" are relative to.
        anchor: The last time stated before `text` (a previous sentence's), for "that year".

    Returns:
        The cues, in order, none overlapping another, and the last time `text` stated (or
        `anchor`), for the text that follows.
    """
    cues, last, _ = scan_times_once(text, today, anchor)
    return list(cues), last


@functools.lru_cache(maxsize=8)  # a sentence and the few around it: no more is reused
def scan_times_once(
    text: str, today: dt.date, anchor: Period | None = None
) -> tuple[tuple[Cue, ...], Period | None, bool]:
    """Scan as `scan_times` does, remembered, and say whether the result depends on `anchor`.

    The result depends on it when a cue read the time stated before the text ("that year").
    """
    # ASCII text holds no full-width digit to read.
    original, text = text, text if text.isascii() else text.translate(FULL_WIDTH)
    patterns = _PATTERNS.applicable(text)
    if not patterns:
        return (), anchor, False  # nothing any time pattern needs: nothing to find
    scan = _Scan(text, today, anchor, clause_bounds(text))
    found = sorted(
        ((match, handler) for pattern, handler in patterns for match in pattern.finditer(text)),
        key=lambda item: (item[0].start(), -item[0].end()),
    )  # the pattern order breaks ties: sorted() is stable
    cues: list[Cue] = []
    for match, handler in found:
        if cues and match.start() < cues[-1].end:
            continue
        try:
            cue = handler(match, scan)
        except (ValueError, OverflowError, ValidationError):  # "February 30", year 10000
            cue = None
        if cue is None:
            continue
        written = original[cue.start : cue.end]
        if cue.text != written:
            cue = attrs.evolve(cue, text=written)  # as written: "２０２３年"
        start, end = scan.clause_start(cue.start), scan.clause_end(cue.end)
        if cue.kind is Kind.POINT and (
            EVENT.search(text, max(start, cue.start - 60), cue.start)
            or EVENT.search(text, cue.end, min(end, cue.end + 6))
        ):
            cue = attrs.evolve(cue, event=True)
        if cue.kind is Kind.POINT and cue.period.days == 1 and SPEECH.search(text, start, end):
            cue = attrs.evolve(cue, speech=True)
        if cue.kind is Kind.POINT and _is_base(text, cue, start):
            cue = attrs.evolve(cue, kind=Kind.BASE)  # "up 9.8% from a year earlier"
        cues.append(cue)
        # A goal's time ("by 2027", "in the next five years") is no time the text goes on in:
        # a later "in the first half" or "in March" is not of the goal's year.
        if cue.kind in (Kind.POINT, Kind.SINCE) and cue.status is not Status.TARGET:
            scan.anchor, scan.initial = cue.period, False
    return tuple(cues), scan.anchor, scan.needed_initial
