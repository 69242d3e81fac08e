"""Each scan pattern's needs hold in every match of it, as its syntax shows (issue #15).

A scan skips a pattern on a text without any of its needs
([pattern_needs][swchina_dev.extraction.pattern_needs]): that finds what running every pattern
finds only if no match of the pattern lacks them all, which is read here from the pattern's
parse (literal strings it cannot match without).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import sys
from typing import Any

import pytest

from swchina_dev.extraction import (
    figures,
    mentions,
    metric_evidence,
    metric_scope,
    period_cues,
    status_cues,
)
from swchina_dev.extraction.pattern_needs import Patterns, folded
from swchina_dev.extraction.period_cues import scan_times
from swchina_dev.extraction.status_cues import scan_statuses
from swchina_dev.models import Period

if sys.version_info >= (3, 11):
    from re import _constants as sre_constants
    from re import _parser as sre_parse
else:  # pragma: no cover  (Python 3.10)
    import sre_constants
    import sre_parse


# What a pattern's syntax guarantees: the literal strings its matches hold, read from the parse.
_ZERO_WIDTH = (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.AT)
_REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT)


# A letter matched case-insensitively, when needs are read as written: it holds no need.
_ANY_CASE = "\x00"


def _exactly(item: Any, case: _Case) -> set[str] | None:
    """The few strings an item matches, when it matches only those, else None.

    Lower-cased when `case.folded`; else as written, with `_ANY_CASE` for each letter
    matched case-insensitively.
    """
    op, value = item
    if op is sre_constants.LITERAL:
        return {case.read(chr(value))}
    if op is sre_constants.IN and all(o is sre_constants.LITERAL for o, _ in value):
        return {case.read(chr(v)) for _, v in value}
    if op is sre_constants.SUBPATTERN:
        return _exactly_all(value[3], case.within(value))
    if op is sre_constants.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            strings = _exactly_all(branch, case)
            if strings is None:
                return None
            found |= strings
        return found
    if op in _REPEATS and value[0] == value[1] == 1:
        return _exactly_all(value[2], case)
    return None


def _exactly_all(sequence: Any, case: _Case) -> set[str] | None:
    found = {""}
    for item in sequence:
        if item[0] in _ZERO_WIDTH:
            continue  # it matches no characters
        strings = _exactly(item, case)
        if strings is None or len(found) * len(strings) > 4096:
            return None
        found = {a + b for a in found for b in strings}
    return found


def _holds_one(needs: tuple[str, ...], strings: set[str] | None) -> bool:
    return strings is not None and all(any(n in s for n in needs) for s in strings)


def _always_holds(needs: tuple[str, ...], sequence: Any, case: _Case) -> bool:
    """Whether every match of `sequence` holds one of `needs` (False when it cannot tell)."""
    run: list[Any] = []
    for item in [*(i for i in sequence if i[0] not in _ZERO_WIDTH), None]:
        if item is not None and _exactly(item, case) is not None:
            run.append(item)  # consecutive items of known strings: their concatenations
            continue
        if run and _holds_one(needs, _exactly_all(run, case)):
            return True
        run = []
        if item is None:
            return False
        op, value = item
        if op is sre_constants.SUBPATTERN and _always_holds(needs, value[3], case.within(value)):
            return True
        if op is sre_constants.BRANCH and all(_always_holds(needs, b, case) for b in value[1]):
            return True
        if op in _REPEATS and value[0] >= 1 and _always_holds(needs, value[2], case):
            return True
    return False


@dataclasses.dataclass(frozen=True)
class _Case:
    """How letters are read: folded (for lower-case needs) or as written, and the scope's flag."""

    folded: bool
    ignorecase: bool

    def read(self, char: str) -> str:
        if self.folded:
            return char.lower()
        return _ANY_CASE if self.ignorecase and char.lower() != char.upper() else char

    def within(self, subpattern: Any) -> _Case:
        _, add, remove, _ = subpattern
        ignorecase = bool(add & re.IGNORECASE) or (self.ignorecase and not remove & re.IGNORECASE)
        return _Case(self.folded, ignorecase)


def _holds(needs: tuple[str, ...], pattern: re.Pattern[str]) -> bool:
    """Whether every match of `pattern` holds one of `needs`, as `Patterns` looks for them."""
    parsed = sre_parse.parse(pattern.pattern, pattern.flags)
    folded_needs = all(need == folded(need) for need in needs)
    assert folded_needs or all(need != folded(need) for need in needs), needs  # not mixed
    case = _Case(folded_needs, bool(pattern.flags & re.IGNORECASE))
    return _always_holds(needs, parsed, case)


TABLES = {
    "time": [(p, h.__name__, n) for p, h, n in period_cues._PATTERNS.listed],
    "status": [(p, str(s), n) for p, s, n in status_cues._STATUS_PATTERNS.listed],
    "rank": list(figures._RANKS.listed),
    "rank phrase": list(metric_evidence._RANK_NEEDS.listed),
    "region": list(mentions._REGION_NEEDS.listed),
    "breakdown": list(metric_scope._GATED.listed),
    "household": list(metric_scope._HOUSEHOLD_NEEDS.listed),
}


@pytest.mark.parametrize("table", sorted(TABLES))
def test_every_match_of_a_pattern_holds_one_of_its_needs(table: str) -> None:
    for pattern, said, needs in TABLES[table]:
        assert needs, pattern.pattern
        assert _holds(needs, pattern), (said, needs, pattern.pattern)


def test_the_proof_tells_wrong_needs() -> None:
    # Dropping a need, or needing something else, is caught for every pattern.
    for pattern, _, needs in (row for rows in TABLES.values() for row in rows):
        assert not _holds(("qqq",), pattern)
        if len(needs) > 1:
            assert not _holds(needs[1:], pattern), pattern.pattern


def test_needs_as_written_hold_only_where_matching_is_case_sensitive() -> None:
    # "Nov" is a need of a capitalised month name, not of one matched in any case.
    assert _holds(("Nov",), re.compile(r"(?<!\w)Nov(?:ember)?"))
    assert not _holds(("Nov",), re.compile(r"(?i:Nov)(?:ember)?"))
    assert not _holds(("Nov",), re.compile(r"Nov", re.IGNORECASE))
    assert _holds(("Nov",), re.compile(r"(?i:in\s+)(?-i:Nov)", re.IGNORECASE))
    patterns = Patterns([(re.compile(r"Nov(?:ember)?"), "month", ("Nov",))])
    assert patterns.applicable("innovation, novel") == []
    assert patterns.applicable("in November") != []


def test_needs_are_looked_for_as_case_insensitive_matching_reads_letters() -> None:
    # What case-insensitive matching takes for an ASCII letter is folded to it.
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        for match in re.finditer(f"(?i){letter}", every):
            assert letter in folded(match[0]), hex(ord(match[0]))
    assert period_cues._PATTERNS.applicable("ſince 2019") != []


def test_patterns_still_find_their_examples() -> None:
    today = dt.date(2024, 4, 30)
    times = [
        "so far in 2024", "at the end of 2023", "as of June 2024", "截至2024年底", "截至2024年",
        "between 2019 and 2024", "in 2016-20", "2024-03-05", "the 14th Five-Year Plan",
        "十四五", "since 2012", "2012年以来", "up 5% compared with 2019", "比2019年", "by 2025",
        "到2025年", "the first half", "Q1 2024", "2024Q1", "前三季度", "January to March",
        "1-3月", "On June 17, 2015", "in March", "2024年6月", "6月", "in 2023", "2020's",
        "on Friday", "last year", "two years ago", "去年", "the past two years", "近两年",
        "the next five years", "未来五年", "that year", "two years later", "当年", "now", "目前",
        "ſo far", "SINCE 2012",
    ]  # fmt: skip
    for example in times:
        assert scan_times(example, today, Period.year(2020))[0], example
    statuses = [
        "achieved the goals", "the target has been met", "目标已完成", "is expected to",
        "预计", "plans to", "we'll", "is building", "计划", "Will",
    ]  # fmt: skip
    for example in statuses:
        assert scan_statuses(example), example


def test_applicable_keeps_the_patterns_whose_needs_a_text_holds() -> None:
    # ASCII text is not searched for the other needs: what it keeps is what looking for every
    # need keeps.
    texts = [
        "Last year the target was 5% above 2019, so far in November.", "innovation and novels",
        "去年目标完成，截至2024年底", "the SINCE ſince 2012 计划", "", "Nov 2023 goals; they'll",
    ]  # fmt: skip
    every = [period_cues._PATTERNS, status_cues._STATUS_PATTERNS, figures._RANKS]
    for patterns in every:
        for text in texts:
            expected = [
                (pattern, said)
                for pattern, said, needs in patterns.listed
                if any(need in (folded(text) if need == folded(need) else text) for need in needs)
            ]
            assert patterns.applicable(text) == expected, text
