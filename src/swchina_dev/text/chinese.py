"""Figures and place names in running Chinese text (an article, a report: any length).

[find_chinese_quantities][swchina_dev.text.chinese.find_chinese_quantities] finds every figure
and reads it into a [Measure][swchina_dev.Measure], with its offsets in the text;
[chinese_place_mentions][swchina_dev.text.chinese.chinese_place_mentions] finds the hanzi names
that end in a level word (省, 市, 县, 乡, 村, ...), for a gazetteer to look up; one number alone
is read by [parse_chinese_number][swchina_dev.text.chinese_numbers.parse_chinese_number].

A figure is a number, Arabic (`12,000`, `3.7`, full-width `１２`) or hanzi (`三千万`, `二三十`),
with the magnitudes after it folded in exactly (`3.7万元` is 37000 CNY, `12万亩` 120000 mu), and a
unit: the hanzi unit words of `words.UNITS` (亩, 公顷, 平方公里, 吨, 公斤, 斤, 元, 美元, 人, 户, 年,
天, 个月, ...), a classifier (家, 个, 条, 只, ...: a count, unit `dimensionless`), `%` or
`百分之N` (percent). The rules for what is and is not a figure:

- **qualifiers** before the number (超过/逾/超/至少 at least, 近/将近/接近 nearly, 约/大约 about,
  不到/不足/最多 at most; `超过了`, `约为` too) or after the figure (以上 at least, 以下/以内 at
  most, 左右/上下 about); `多`/`余` after the number or its magnitude (`200多万元`, `3000余亩`,
  `3年多`) is at least the number as written (2 million, 3000 mu);
- **ranges**: `200至400吨`, `200-400吨`, `200~400吨`, `3万至5万元` and `3至5万元` (the magnitude
  scales both ends); two neighbouring digits are the rough range the language means by them
  (`二三十` is 20-30, `三四百万` 3-4 million, `一两年` 1-2 years);
- **rates**: `/天`, `/年` after the unit (`300万只/天`, `3000元/亩`), or 每天/每年/每月/每小时/
  每分钟 earlier in the same clause (`每天生产300万只` is 3 million a day); 年均 and 年产 are not
  rates (what they mean is the metric's business), nor `/人` and `/户` (a figure for each person
  is a scope, not a unit: the figure ends before the slash);
- **years and durations**: a number followed by 年 is a calendar year, not a figure, when it is
  written as one: four Arabic digits from 1000 to 2100 (`2019年`) or four hanzi digits
  (`二〇一九年`), and also in a range of them (`2016-2020年`); it is a duration when a qualifier
  comes before it (`近2000年`, `超过1000年`) and whenever the number is not written as a year
  (`30年`, `三十年`, `2000多年`); 年代, 年度 and 年级 after a number are not figures;
- **periods**: a count of time in a period phrase is not a figure, as in English ("the past two
  years"): after 前, 过去, 最近, 未来, 今后 or 这 (`今年前8个月`, `过去10年`; not `提前3个月`,
  three months early) or before 以来, 来, 间, 里 (`近5年来`, `这5年间`), and a time relative to
  another (`3年前`, `两年后`);
- **not figures**: dates (`1月23日`: 月 and 日 are no units), ordinals (`第一`, `第3`), plan names
  (`十四五`), times (`11:06`), fractions (`三分之二`), numbers inside codes and names (`5G`,
  `G20`, `COVID-19`), multiples (`3倍`: whether 增长3倍 means three or four times depends on
  the verb) and percentage points (`2个百分点`), units the library does not have (欧元, 毫米,
  岁, ...), the lone 一 before a unit (`一个`, `一家`: the article "a", not a count), vague
  numbers (`几十年`, `数十家`, `十几个`), a number with no unit (unless a magnitude is written:
  `人口85万` is a count of 850,000).

Nothing raises on any text: what cannot be read is skipped. The scan is linear in the length of
the text (each stretch is read a bounded number of times, with anchored patterns).

Examples:
    >>> [(text[s:e], m) for text in ["全县种植刺梨超过12万亩，产值3.7亿元。"]
    ...  for s, e, m in find_chinese_quantities(text)]  # doctest: +NORMALIZE_WHITESPACE
    [('超过12万亩', Measure(120000 mu, qualifier=at_least, lower=120000, upper=None)),
     ('3.7亿元', Measure(370000000 CNY, qualifier=exact, lower=370000000, upper=370000000))]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from typing import Final, NamedTuple

from swchina_dev.errors import ParseError, UnitError, ValidationError
from swchina_dev.models.measures import Measure, Qualifier
from swchina_dev.text.chinese_numbers import (
    NUMERAL_CHARS,
    ChineseNumber,
    parse_chinese_number,
    read_arabic,
    read_hanzi,
)
from swchina_dev.text.chinese_places import chinese_place_mentions
from swchina_dev.text.figure_parts import (
    EXACT,
    FOLD,
    NUMBER,
    Amount,
    compound_unit,
    range_lower,
    to_number,
)
from swchina_dev.text.words import (
    MAGNITUDES,
    SYMBOLS,
    UNITS,
    ZH_AFTER,
    ZH_BEFORE,
    ZH_COUNTERS,
    ZH_DIGITS,
    ZH_MORE,
    ZH_POWERS,
    ZH_RANGE_MARKS,
    ZH_RATE_WORDS,
    ZH_UNREAD,
)

__all__ = ["chinese_place_mentions", "find_chinese_quantities", "parse_chinese_number"]

# A Chinese comma ends a clause; it never groups digits, so it is not folded to ",".
_FOLD: Final = {code: char for code, char in FOLD.items() if code != ord("，")}
_START: Final = re.compile("[0-9" + "".join(ZH_DIGITS) + "".join(ZH_POWERS) + "]")
_DIGITS: Final = "".join(char for char in ZH_DIGITS if char != "两")
_HANZI_RUN: Final = re.compile(f"[{NUMERAL_CHARS}]+(?:点[{_DIGITS}]+[万亿]{{0,2}})?")
_MAX_RUN: Final = 40  # hanzi numerals in a row; longer runs are not numbers
_PLAN: Final = re.compile("十[一二三四五六七八九]五")  # 十四五: five-year plans, not 14-15
_UNREAD: Final = "unread"
_END: Final = "\x00"


def _unit_words() -> dict[str, str]:
    words = {spelling: name for name, spellings in UNITS.items() for spelling in spellings}
    table = {word: name for word, name in words.items() if word and not word.isascii()}
    table.update(dict.fromkeys(ZH_COUNTERS, "dimensionless"))
    table.update(SYMBOLS)
    table.update(dict.fromkeys(ZH_UNREAD, _UNREAD))
    return table


_UNIT_WORDS: Final = _unit_words()
_LONGEST_UNIT: Final = max(map(len, _UNIT_WORDS))
# Unit words that begin with a magnitude character: "5千米" is 5 km, not 5000 m.
_MAGNITUDE_LED: Final = tuple(word for word in _UNIT_WORDS if word[0] in "百千万亿")
_TIMES: Final = frozenset(("year", "month", "week", "day", "hour", "minute"))
_CLAUSE_END: Final = frozenset("，。；！？,;!?\n")
_RATE_REACH: Final = 24  # characters a rate word (每天) reaches forward in its clause
_VAGUE: Final = frozenset("几数")  # 几十, 数百万: some tens, some millions
_FILLERS: Final = "了为有达"  # "超过了300", "约为300", "约有300"
_AFTER_PREFIX: Final = "游班级层"  # 上下游 is up- and downstream, not "about"
# Words around a count of time that make it a period (今年前8个月, 过去10年, 近5年来, 这5年间)
# or a time relative to another (3年前, 两年后), not a figure; 提前3个月 (three months early) is.
_PERIOD_BEFORE: Final = ("前", "过去", "最近", "未来", "今后", "这")
_PERIOD_AFTER: Final = ("以来", "来", "之前", "以前", "前", "之后", "以后", "后", "间", "里")
_EARLY: Final = "提前"


class _Number(NamedTuple):
    number: ChineseNumber
    start: int
    end: int
    arabic: bool
    year: bool  # written as a calendar year: 2019, 二〇一九
    one: bool  # the lone hanzi 一
    rough: tuple[ChineseNumber, ChineseNumber] | None = None  # 二三十: 20 to 30


def find_chinese_quantities(text: str) -> Iterator[tuple[int, int, Measure]]:
    """Find the figures of running Chinese text, in order, with their offsets.

    See the module documentation for what a figure is and what is skipped.

    Args:
        text: Any text (a whole article).

    Yields:
        `(start, end, measure)`: `text[start:end]` is the figure with its qualifiers
        (`超过12万亩`, `200多万元`, `300亩以上`); a rate word earlier in the clause (每天) is not
        part of it. Figures do not overlap.

    Raises:
        ParseError: `text` is not a string (nothing else is ever raised).

    Examples:
        >>> [m for _, _, m in find_chinese_quantities("每天生产300万只，2019年")]
        [Measure(3000000 1 / day, qualifier=exact, lower=3000000, upper=3000000)]
        >>> figures = find_chinese_quantities("200多万元、二三十人、近30年")
        >>> [measure.qualifier.value for _, _, measure in figures]
        ['at_least', 'range', 'nearly']
    """
    if not isinstance(text, str):
        raise ParseError(f"cannot read figures from {type(text).__name__}: expected text")
    return _Scanner(text).figures()


class _Scanner:
    def __init__(self, text: str) -> None:
        # A sentinel at the end, in no table: text[end] is always a character.
        self.text = text.translate(_FOLD) + _END

    def figures(self) -> Iterator[tuple[int, int, Measure]]:
        position = 0
        while (match := _START.search(self.text, position)) is not None:
            start = match.start()
            found, resume = self._figure(start)
            if found is not None:
                yield found
            position = max(resume, start + 1)

    def _figure(self, start: int) -> tuple[tuple[int, int, Measure] | None, int]:
        text = self.text
        percent = text.startswith("百分之", start)
        first = self._number(start + 3 if percent else start)
        if isinstance(first, int):
            return None, first
        previous = text[start - 1] if start else _END
        if (
            previous == "第"  # an ordinal
            or (not first.arabic and previous in _VAGUE)  # 几十年, 数十家: no number given
            or (first.arabic and (_glued(previous) or previous in "百千万亿"))  # 5G, 1万5千
            or (not first.arabic and _PLAN.match(text, start))
        ):
            return None, first.end
        amount, more, end = self._amount(first)
        if text.startswith("分之", end) or text[end : end + 1] == ":":
            return None, end + 1  # a fraction (三分之二) or a time (11:06)
        if percent:
            unit: str | None = "percent"
        elif text.startswith("个多月", end):
            unit, more, end = "month", True, end + 3  # 3个多月
        else:
            unit, end = self._unit(end)
        bounds, written = None, amount.scale > 1
        if first.rough is not None:
            bounds = first.rough[0].value, first.rough[1].value
            written = first.rough[1].scale > 1
        elif not (more or percent) and unit != _UNREAD:
            ranged = self._range(amount, unit, end)
            if ranged is not None:
                bounds, unit, end, years, written = ranged
                if first.year and years:
                    return None, end  # 2016-2020年: a span of years
        if unit == _UNREAD or (unit is None and not (written and not _glued(text[end : end + 1]))):
            return None, end
        prior, begin = self._before(start)
        if unit == "year" and bounds is None:
            if text[end : end + 1] in "代度级":
                return None, end + 1  # 90年代, 2023年度, 3年级
            if first.year and prior is None and not more:
                return None, end  # 2019年: a calendar year
        value = amount.value
        if unit in _TIMES and bounds is None and not more:
            if text[end : end + 1] in ZH_MORE:
                more, end = True, end + 1  # 3年多
            elif text[end : end + 1] == "半":
                value, end = value + Decimal("0.5"), end + 1  # 两年半
        if first.one and not more and bounds is None and amount.scale == 1:
            return None, end  # 一个, 一家: "a", not a count
        if unit in _TIMES and _in_period_phrase(text, start, end):
            return None, end
        denominator = None
        if text[end : end + 1] == "/":
            per, after = self._unit(end + 1)
            if per not in (None, _UNREAD, "dimensionless", "percent"):
                denominator, end = per, after
        posterior = ZH_AFTER.get(text[end : end + 2])
        if posterior is not None and text[end + 2 : end + 3] not in _AFTER_PREFIX:
            end += 2
        else:
            posterior = None
        if denominator is None and unit not in _TIMES:
            denominator = self._rate(begin)
        qualifier = prior or posterior or (Qualifier.AT_LEAST if more else Qualifier.EXACT)
        measure = _measure(value, unit or "dimensionless", denominator, qualifier, bounds)
        return (None if measure is None else (begin, end, measure)), end

    def _range(
        self, first: Amount, unit: str | None, position: int
    ) -> tuple[tuple[Decimal, Decimal], str | None, int, bool, bool] | None:
        """Read the second number of a range at `position`.

        Returns:
            Its bounds, unit, end, whether it is written as a year, whether a magnitude is
            written; None if no range starts there.
        """
        text = self.text
        if text[position : position + 1] not in ZH_RANGE_MARKS:
            return None
        second = self._number(position + 1)
        if isinstance(second, int) or second.rough is not None:
            return None
        amount, more, end = self._amount(second)
        other, after = self._unit(end)
        if more or other == _UNREAD or (None not in (unit, other) and other != unit):
            return None
        lower = range_lower(first, amount)
        if lower is None or lower > amount.value:
            return None  # "2025-01" is no range
        written = first.scale > 1 or amount.scale > 1
        return (lower, amount.value), unit or other, after, second.year, written

    def _number(self, position: int) -> _Number | int:
        """The number at `position`, or where to look for the next one."""
        text = self.text
        if "0" <= text[position] <= "9":
            try:
                number, end = read_arabic(text, position, units=_MAGNITUDE_LED)
            except ParseError:
                match = NUMBER.match(text, position)
                return position + 1 if match is None else match.end()  # never read it again
            digits = text[position:end]
            if digits[0] == "0" and digits[1:2].isdigit():
                return end  # 05, 0851: a code
            year = len(digits) == 4 and digits.isdigit() and 1000 <= int(digits) <= 2100
            return _Number(number, position, end, arabic=True, year=year, one=False)
        match = _HANZI_RUN.match(text, position)
        if match is None:
            return position + 1
        run = match.group()
        if len(run) > _MAX_RUN:
            return match.end()
        for index, char in enumerate(run[1:], start=1):
            if char in "百千" and text.startswith(_MAGNITUDE_LED, position + index):
                run = run[:index]  # 三千瓦 is 3 kW
                break
        end = position + len(run)
        year = len(run) == 4 and all(char in _DIGITS for char in run)
        try:
            number = read_hanzi(run)
        except ParseError:
            rough = _rough(run)
            if rough is None:
                return position + 1  # 统一三百: the run may start inside a word
            return _Number(
                rough[0], position, end, arabic=False, year=False, one=False, rough=rough
            )
        return _Number(number, position, end, arabic=False, year=year, one=run in ("一", "壹"))

    def _amount(self, number: _Number) -> tuple[Amount, bool, int]:
        """The number with 多 or 余 and the magnitudes after it (200多万, 1万多), where it ends."""
        text, end = self.text, number.end
        bare, scale = number.number.bare, number.number.scale
        more = text[end : end + 1] in ZH_MORE
        if more:
            end += 1
            if scale == 1:
                for word in ("万亿", "万", "亿"):
                    if text.startswith(word, end) and not text.startswith(_MAGNITUDE_LED, end):
                        for char in word:
                            scale = EXACT.multiply(scale, Decimal(MAGNITUDES[char]))
                        end += len(word)
                        break
        return Amount(EXACT.multiply(bare, scale), bare, scale, number.start), more, end

    def _unit(self, position: int) -> tuple[str | None, int]:
        text = self.text
        for length in range(_LONGEST_UNIT, 0, -1):
            word = text[position : position + length]
            if len(word) == length and word in _UNIT_WORDS:
                if word.isascii() and word[-1].isalpha() and _glued(text[position + length :][:1]):
                    continue  # "5kmh" is no unit
                return _UNIT_WORDS[word], position + length
        return None, position

    def _before(self, start: int) -> tuple[Qualifier | None, int]:
        """The qualifier written before the figure, and where it starts."""
        text, end = self.text, start
        for _ in range(2):
            for length in (3, 2, 1):
                if end - length >= 0 and text[end - length : end] in ZH_BEFORE:
                    qualifier = ZH_BEFORE[text[end - length : end]]
                    return (qualifier, end - length) if qualifier is not None else (None, start)
            if not (end and text[end - 1] in _FILLERS):
                break
            end -= 1
        return None, start

    def _rate(self, start: int) -> str | None:
        """The time of a rate word (每天) earlier in the clause, if any."""
        text = self.text
        for position in range(start - 2, max(start - _RATE_REACH, 0) - 1, -1):
            if text[position] in _CLAUSE_END:
                return None
            if text[position] == "每":
                for word, time in ZH_RATE_WORDS.items():
                    if text.startswith(word, position):
                        return time
        return None


def _in_period_phrase(text: str, start: int, end: int) -> bool:
    """Whether the count of time `text[start:end]` (its qualifier excluded) is a period's."""
    before = text[max(0, start - 2) : start]
    return (before.endswith(_PERIOD_BEFORE) and before != _EARLY) or text.startswith(
        _PERIOD_AFTER, end
    )


def _glued(char: str) -> bool:
    """A character that makes a number beside it part of a code or a name: 5G, G20, No.9."""
    return bool(char) and char.isascii() and (char.isalnum() or char in "._:/#-")


def _rough(run: str) -> tuple[ChineseNumber, ChineseNumber] | None:
    """二三十 is 20 to 30: two neighbouring digits, each read alone (三四百万 is 3-4 million)."""
    for index in range(len(run) - 1):
        low, high = ZH_DIGITS.get(run[index]), ZH_DIGITS.get(run[index + 1])
        if low and high and high == low + 1:
            try:
                return (
                    read_hanzi(run[: index + 1] + run[index + 2 :]),
                    read_hanzi(run[:index] + run[index + 1 :]),
                )
            except ParseError:
                return None
    return None


def _measure(
    value: Decimal,
    unit: str,
    denominator: str | None,
    qualifier: Qualifier,
    bounds: tuple[Decimal, Decimal] | None,
) -> Measure | None:
    try:
        name = compound_unit(unit, denominator)
        if bounds is not None:
            lower, upper = map(to_number, bounds)
            return Measure.from_parts(None, name, Qualifier.RANGE, lower, upper)
        return Measure.from_parts(to_number(value), name, qualifier)
    except (UnitError, ValidationError):  # a number too large for a float
        return None
