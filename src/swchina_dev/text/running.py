"""Find the figures of running English text: every quantity a sentence states, with its position.

[find_quantities][swchina_dev.text.running.find_quantities] reads a whole article and yields one
[FoundQuantity][swchina_dev.text.running.FoundQuantity] per figure, read with the same scanner as
[parse_quantity][swchina_dev.parse_quantity] (so "over 7,800 mu", "$13.67 million", "200-400
tonnes" and "two to three years" read the same here as there), plus what only running text has:

- the quantity stops where the phrase does: "3 million LED filaments daily, supplying ..." is
  3 million, and a rate word a few words later belongs to it ("3 million LED filaments daily"
  is 3 million a day; "6,500 ... capsules per minute" 6,500 a minute); a yearly rate of an amount
  with a unit ("200-400 tonnes of juice annually") is an annual amount and keeps its unit;
- "from 7.98 years to 8.67 years" is two figures, not a range;
- "more than a decade" (10 years), "two decades", and fractions of something ("about half of",
  "one-third of": percent);
- what is not a figure is left out: years (`in 2015`, `2019-2024`), days of a month (`January
  23, 2025`, `July 16th`), clock times (`11:06`), ordinals and names (`5G`, `No.9`, `the 100th`,
  `the Five Hundred Meter Aperture ...`), codes (`05070218`), ages (`10-year-old`, "Zhang Hong,
  42, moved"), relative times
  (`two years later`), the counts inside period phrases (`in the past two years`, `the first
  three quarters`, `the five years between ...`), the lone word "one", and spans of time per span
  of time (`24 hours a day`).

Scanning is linear in the text: each figure is read from a bounded window by anchored patterns.

Examples:
    >>> [(f.text, str(f.measure)) for f in find_quantities(
    ...     "It grew oranges on over 7,800 mu and now produces 3 million LED filaments daily.")]
    [('over 7,800 mu', 'at least 7,800 mu'), ('3 million LED filaments daily', '3,000,000 1 / day')]
    >>> [f.text for f in find_quantities("In 2024, it rose from 7.98 years to 8.67 years.")]
    ['7.98 years', '8.67 years']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from fractions import Fraction
from typing import Final, NamedTuple

from swchina_dev.errors import ParseError, SwchinaDevError
from swchina_dev.models.measures import Measure, Qualifier
from swchina_dev.text.figure_parts import FOLD
from swchina_dev.text.quantities import (
    QUALIFIER_PATTERN,
    RATE_PATTERN,
    PhraseReader,
    canonical_rate,
)
from swchina_dev.text.word_patterns import (
    after_first,
    by_first_letter,
    first_letters,
    fold_case,
    phrase_key,
    word_start,
)
from swchina_dev.text.words import MAGNITUDES, ONES, QUALIFIERS, RATE_WORDS, TENS

__all__ = ["FoundQuantity", "find_quantities"]


class FoundQuantity(NamedTuple):
    """One figure of running text.

    Attributes:
        start: Offset of its first character (its qualifier's, if it has one).
        end: Offset one past its last character.
        measure: What it states, as [parse_quantity][swchina_dev.parse_quantity] reads it.
        text: The phrase itself (`text[start:end]` of the original).
    """

    start: int
    end: int
    measure: Measure
    text: str


#: Longest phrase one figure is read from (a qualifier, a range, a unit and a detached rate).
_WINDOW: Final = 160
_NUMBER_WORDS: Final = sorted((*ONES[1:], *TENS), key=len, reverse=True)


# Where a figure can begin: a digit, a currency sign or a number word, not inside a word or a
# number ("No.9", "bm01000001", "7,8" are not starts). The first character is matched by a
# class, and what may not come before it is looked behind it, so that the scan skips to the
# characters a figure can start with (as for the decade and fraction words below).
_START: Final = re.compile(
    rf"[0-9$¥UR{first_letters(_NUMBER_WORDS)}](?<![\w.,:/$¥-].)"
    r"(?:(?<=[0-9$¥])|(?<=U)S\$|(?<=R)MB(?![A-Za-z])|(?i:"
    + after_first(by_first_letter(_NUMBER_WORDS))
    + r")(?![A-Za-z]))"
)
# A qualifier (or "between") right before a start, found in the reversed text before it.
_QUALIFIER_BEFORE: Final = re.compile(
    r" +(?:"
    + "|".join(
        "(?P<between>neewteb)" if word == "between" else re.escape(word[::-1]).replace(r"\ ", " +")
        for word in sorted((*QUALIFIERS, "between"), key=len, reverse=True)
    )
    + r")(?![A-Za-z])",
    re.IGNORECASE,
)
_FROM_BEFORE: Final = re.compile(r" *(?i:morf)(?![A-Za-z])")
_MONTHS: Final = (
    "january|february|march|april|may|june|july|august|september|october|november|december|"
    "jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec"
)
# The tests of what comes before a number look in the reversed text before it, as
# _QUALIFIER_BEFORE does (a match at its start, instead of a search for one at the end);
# "\n?" is what "$" allowed: a last line break.
_MONTH_BEFORE: Final = re.compile(
    r"\n? +(?i:\.?(?:" + "|".join(month[::-1] for month in _MONTHS.split("|")) + "))"
)
_MONTH_AFTER: Final = re.compile(r" *(?:of +)?(?i:" + _MONTHS + r")(?![A-Za-z])")
# "No. 9", "#9", "number 9", "top 10", "A-3", a quotation mark.
_NUMBERED_BEFORE: Final = re.compile(
    r"\n?(?: *\.(?i:on)\b|#| +(?i:rebmun|pot)\b|-?[A-Z]\b|[\"“‘'])"
)
# Words before a count that make it part of a period phrase ("the past two years").
_PERIOD_WORDS: Final = (
    "past", "next", "last", "first", "coming", "previous", "recent", "following",
)  # fmt: skip
_PERIOD_BEFORE: Final = re.compile(
    r"\n? +(?i:" + "|".join(word[::-1] for word in _PERIOD_WORDS) + r")\b"
)
_PERIOD_AFTER: Final = re.compile(r" +(?i:between|from|since|through|ending)(?![A-Za-z])")
_RELATIVE_AFTER: Final = re.compile(r"(?: +|-)(?i:later|ago|earlier|old|older)(?![A-Za-z])")
_ORDINAL_OR_WORD_AFTER: Final = re.compile(r"[A-Za-z]")
_COMPOUND_AFTER: Final = re.compile(r"-[A-Za-z]")  # "a 10 million-level project": a name
_CLOCK: Final = re.compile(r":[0-9]")
# A person's age set off by commas after the name: "Zhang Hong, 42, moved ..."
_AGE_BEFORE: Final = re.compile(r"[A-Z][a-z]+, +$")
_AGE_AFTER: Final = re.compile(r",")
# A detached rate: at most five words (no digits, no punctuation but hyphens) before it.
_DETACHED_RATE: Final = re.compile(
    r"(?: +[A-Za-z][A-Za-z'’-]*){1,5}? +(?=(?:" + RATE_PATTERN.pattern + r")|(?i:per) )"
)
_PER_UNIT: Final = re.compile(r"(?i:per) +(?i:(year|month|week|day|hour|minute))(?![A-Za-z])")
_DECADE_WORD: Final = re.compile(word_start(["decades?"]) + "(?![A-Za-z])")
# Read backwards from "decade": the count, then an optional qualifier (the text reversed).
_DECADE_COUNT_BEFORE: Final = re.compile(
    r" +(?P<count>(?i:a|eno|owt|eerht|ruof|evif|xis|neves|thgie|enin|net|[1-9]))(?![A-Za-z])"
)
_FRACTIONS: Final[dict[str, Fraction]] = {
    "half": Fraction(1, 2),
    "a half": Fraction(1, 2),
    "one-half": Fraction(1, 2),
    "one half": Fraction(1, 2),
    "a third": Fraction(1, 3),
    "one-third": Fraction(1, 3),
    "one third": Fraction(1, 3),
    "two-thirds": Fraction(2, 3),
    "two thirds": Fraction(2, 3),
    "a quarter": Fraction(1, 4),
    "one-quarter": Fraction(1, 4),
    "one quarter": Fraction(1, 4),
    "three-quarters": Fraction(3, 4),
    "three quarters": Fraction(3, 4),
    "a fifth": Fraction(1, 5),
    "one-fifth": Fraction(1, 5),
    "one fifth": Fraction(1, 5),
    "a tenth": Fraction(1, 10),
    "one-tenth": Fraction(1, 10),
    "one tenth": Fraction(1, 10),
}
_FRACTION_WORDS: Final = ("half", "thirds?", "quarters?", "fifths?", "tenths?")
_FRACTION_WORD: Final = re.compile(word_start(_FRACTION_WORDS) + r" +(?i:of)(?![A-Za-z])")
_FRACTION: Final = re.compile(
    r"(?:(?P<qualifier>" + QUALIFIER_PATTERN.pattern + r") +)?"
    r"(?P<fraction>(?i:"
    + "|".join(re.escape(f).replace(r"\ ", " ") for f in sorted(_FRACTIONS, key=len, reverse=True))
    + r")) +(?i:of)(?![A-Za-z])"
)
_YEAR_AFTER: Final = re.compile(r" +(?:[0-9]{4}|the year)\b")
# Full-width forms fold to ASCII as parse_quantity folds them, but a line break stays one: a
# figure never runs over the end of a line.
_FOLD_KEEPING_LINES: Final = {**FOLD, ord("\n"): ord("\n")}
_TIMES: Final = frozenset({"year", "month", "week", "day", "hour", "minute", "second"})


def find_quantities(text: str) -> Iterator[FoundQuantity]:
    """Yield every figure of running English text, in order, none overlapping another.

    Args:
        text: Any text (a whole article). Hanzi figures are read by
            [find_chinese_quantities][swchina_dev.text.chinese.find_chinese_quantities].

    Yields:
        One [FoundQuantity][swchina_dev.text.running.FoundQuantity] per figure, its offsets into
        `text`.

    Raises:
        ParseError: `text` is not a string.

    Examples:
        >>> [f.text for f in find_quantities("Over 30 years, 2,829 cranes came (up by 232).")]
        ['Over 30 years', '2,829', '232']
        >>> [str(f.measure) for f in find_quantities("It took more than a decade.")]
        ['at least 10 year']
    """
    if not isinstance(text, str):
        raise ParseError(f"cannot find quantities in {type(text).__name__}: expected text")
    folded = text.translate(_FOLD_KEEPING_LINES)
    found = sorted(
        (*_numbers(folded), *_decades(folded), *_fractions(folded)),
        key=lambda item: (item[0], -item[1]),
    )
    last_end = 0
    for start, end, measure in found:
        if start >= last_end:
            last_end = end
            yield FoundQuantity(start, end, measure, text[start:end])


def _numbers(text: str) -> Iterator[tuple[int, int, Measure]]:
    position = 0
    while True:
        candidate = _START.search(text, position)
        if candidate is None:
            return
        start = candidate.start()
        position = candidate.end()
        read = _read_at(text, start)
        if read is None:
            continue
        begin, end, measure = read
        position = max(position, end)
        if not _is_figure(text, begin, start, end, measure):
            continue
        yield begin, end, measure


def _read_at(text: str, start: int) -> tuple[int, int, Measure] | None:
    line_end = text.find("\n", start, start + _WINDOW)
    stop = start + _WINDOW if line_end < 0 else line_end
    before = text[max(0, start - 30) : start][::-1]
    qualifier = _QUALIFIER_BEFORE.match(before)
    # "from 7.98 years to 8.67 years": two figures. "between 200 and 400 tonnes": one range.
    ranges = _FROM_BEFORE.match(before) is None
    if qualifier is None:
        begins = [start]
    elif qualifier.group("between") is None:
        # Read once with its qualifier: the reader leaves a qualifier out of a range itself
        # ("over 200-400 tonnes"), and what fails to read after a qualifier fails without it.
        begins = [start - qualifier.end()]
    else:  # "between 2019 and now": the number alone when no range closes
        begins = [start - qualifier.end(), start]
    for begin in begins:
        window = text[begin:stop]
        cut = _first_control(window)
        try:
            reader = PhraseReader(window[:cut])
            measure = reader.read_leading(ranges=ranges, loose=True)
        except SwchinaDevError:
            continue
        end = begin + reader.position
        return begin + reader.start, *_with_detached_rate(text, end, stop, measure)
    return None


def _first_control(window: str) -> int:
    # A figure never runs into a control or format character: the window stops before one.
    if window.isprintable():
        return len(window)
    for index, char in enumerate(window):
        if not char.isprintable() and char not in " \t\r":
            return index
    return len(window)


def _with_detached_rate(text: str, end: int, stop: int, measure: Measure) -> tuple[int, Measure]:
    # "3 million LED filaments daily": the rate word closes the phrase that names what is counted.
    if " / " in measure.unit:
        return end, measure
    words = _DETACHED_RATE.match(text, end, stop)
    if words is None:
        return end, measure
    after = words.end()
    rate = RATE_PATTERN.match(text, after, stop)
    per = None if rate is not None else _PER_UNIT.match(text, after, stop)
    if rate is not None:
        time, rate_end = RATE_WORDS[phrase_key(rate.group())], rate.end()
    elif per is not None:
        time, rate_end = fold_case(per.group(1)), per.end()
    else:
        return end, measure
    if _RELATIVE_AFTER.match(text, rate_end, stop) is not None:
        return end, measure  # "up 9.8 percent from a year earlier": a time, not a rate
    if measure.unit != "dimensionless" and time == "year":
        # An amount a year is the year's amount: "200-400 tonnes of juice annually".
        return rate_end, measure
    if measure.unit.split(" ")[0] in _TIMES:
        return end, measure  # "24 hours a day": not a figure either way; left to the filter
    try:
        return rate_end, canonical_rate(measure, time)
    except SwchinaDevError:
        return end, measure


def _is_figure(text: str, begin: int, start: int, end: int, measure: Measure) -> bool:
    written = text[start:end]
    bare = measure.unit == "dimensionless" and measure.qualifier is not Qualifier.RANGE
    head = written.split(" ")[0].split("-")[0]
    after = text[end : end + 20]
    before = text[max(0, begin - 20) : begin]
    back = before[::-1]
    unit = measure.unit
    # Each test says what a number is instead of a figure; the first that holds decides.
    return not (
        (bare and _is_year(head))
        or (measure.qualifier is Qualifier.RANGE and unit == "dimensionless" and _is_year(head))
        or (bare and _ORDINAL_OR_WORD_AFTER.match(after) is not None)
        or (bare and _COMPOUND_AFTER.match(after) is not None)
        or (bare and (_MONTH_BEFORE.match(back) or _MONTH_AFTER.match(after)) is not None)
        or _CLOCK.match(after) is not None
        or (
            bare
            and head.isdigit()
            and len(head) <= 3
            and _AGE_BEFORE.search(before) is not None
            and _AGE_AFTER.match(after) is not None
        )
        or before.endswith(":")
        or (head.isdigit() and len(head) > 1 and head.startswith("0"))
        or _NUMBERED_BEFORE.match(back) is not None
        or (head.lower() in ("one", "a") and not _has_magnitude(written))
        or (head[:1].isupper() and head.isalpha() and not _starts_sentence(before))
        or _RELATIVE_AFTER.match(after) is not None
        or (_PERIOD_BEFORE.match(back) is not None and (bare or unit in _TIMES))
        or (
            unit in _TIMES
            and _PERIOD_AFTER.match(after) is not None
            and before.lower().endswith("the ")
        )
        or (" / " in unit and unit.split(" / ")[0] in _TIMES and unit.split(" / ")[1] in _TIMES)
    )


def _is_year(head: str) -> bool:
    return len(head) == 4 and head.isdigit() and 1800 <= int(head) <= 2100


def _has_magnitude(written: str) -> bool:
    return any(word.lower() in MAGNITUDES for word in written.replace("-", " ").split())


def _starts_sentence(before: str) -> bool:
    stripped = before.rstrip(" \"'“‘(")
    return not stripped or stripped[-1] in ".!?:\n" or before.endswith("\n")


def _decades(text: str) -> Iterator[tuple[int, int, Measure]]:
    for word in _DECADE_WORD.finditer(text):
        before = text[max(0, word.start() - 40) : word.start()][::-1]
        count_match = _DECADE_COUNT_BEFORE.match(before)
        if count_match is None:
            continue
        count = count_match.group("count")[::-1].lower()
        start = word.start() - count_match.end()
        qualifier_match = _QUALIFIER_BEFORE.match(before, count_match.end())
        if count in ("a", "one") and qualifier_match is None:
            continue  # "in the past decade" is a period, not a figure
        if qualifier_match is not None:
            start = word.start() - qualifier_match.end()
        qualifier = _qualifier_of(text[start : word.start() - count_match.end()])
        number = int(count) if count.isdigit() else (ONES.index(count) if count in ONES else 1)
        yield start, word.end(), Measure.from_parts(10 * number, "year", qualifier)


def _qualifier_of(words: str) -> Qualifier:
    key = " ".join(words.lower().split())
    return QUALIFIERS.get(key, Qualifier.EXACT)


def _fractions(text: str) -> Iterator[tuple[int, int, Measure]]:
    for word in _FRACTION_WORD.finditer(text):
        begin = max(0, word.start() - 40)
        match = None
        for candidate in _FRACTION.finditer(text, begin, word.end()):
            if candidate.end() == word.end():
                match = candidate
                break
        if match is None:
            continue
        before = text[max(0, match.start() - 20) : match.start()]
        if _PERIOD_BEFORE.match(before[::-1]) or _YEAR_AFTER.match(text, match.end()):
            continue  # "the first three quarters of 2019": a period
        share = _FRACTIONS[phrase_key(match.group("fraction"))] * 100
        value: int | float = int(share) if share.denominator == 1 else float(share)
        qualifier_text = match.group("qualifier")
        qualifier = QUALIFIERS[phrase_key(qualifier_text)] if qualifier_text else None
        # The phrase ends before "of": "about half" of the family's income.
        end = match.end() - 2
        while text[end - 1] == " ":
            end -= 1
        yield (
            match.start(),
            end,
            Measure.from_parts(value, "percent", qualifier or Qualifier.EXACT, None, None),
        )
