"""Patterns written with `word_start` find what their plain forms find (issue #15).

The plain form of each pattern (a look-behind "not after a letter", then the alternatives) is
the reference: the fast form must give the same matches, on generated texts made of the words
the patterns know, their other cases, look-alike letters and marks.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swchina_dev.extraction import metric_scope
from swchina_dev.extraction.metric_cues import (
    BREAKDOWN_WORDS,
    HOUSEHOLD_WORDS,
    PERSON_ROLES,
    SPEECH_VERBS,
)
from swchina_dev.text.word_patterns import after_first, by_first_letter, first_letters, word_start


def _plain(words: object) -> str:
    assert isinstance(words, (set, frozenset, dict, tuple, list))
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


PLAIN = {
    "_HOUSEHOLD": re.compile(
        rf"(?<![A-Za-z])(?:{_plain(HOUSEHOLD_WORDS)}"
        r"|(?:each|every) +of +(?:the|these|those|its) +(?:[0-9][0-9,]* +)?(?:households|families))"
        r"(?![A-Za-z])",
        re.IGNORECASE,
    ),
    "_THEY": re.compile(r"(?<![A-Za-z])(?:they|their|them)(?![A-Za-z])", re.IGNORECASE),
    "_ONE_FAMILY": re.compile(r"(?<![A-Za-z])(?:family|household|couple)(?![A-Za-z])", re.I),
    "_ROLE": re.compile(
        rf"(?<![A-Za-z])(?:(?i:an?) (?:[a-z-]+ ){{0,2}}(?:{_plain(PERSON_ROLES)})(?![A-Za-z])"
        rf"|(?i:{_plain(PERSON_ROLES)}) [A-Z][a-z]+)"
    ),
    "_HE_SHE": re.compile(r"(?<![A-Za-z])(?:he|she|his|her)(?![A-Za-z])", re.IGNORECASE),
    "_SPEECH": re.compile(rf"(?<![A-Za-z])(?:{_plain(SPEECH_VERBS)})(?![A-Za-z])", re.I),
    "_PHRASES": re.compile(
        rf"(?<![A-Za-z])(?:{_plain(BREAKDOWN_WORDS)})(?![A-Za-z])", re.IGNORECASE
    ),
}
WORDS = sorted(
    {
        *HOUSEHOLD_WORDS, *PERSON_ROLES, *SPEECH_VERBS, *BREAKDOWN_WORDS, "each", "every",
        "of", "the", "these", "its", "households", "families", "they", "their", "them",
        "couple", "he", "she", "his", "her", "a", "an", "local", "old-time", "Li", "Wang",
    }
)  # fmt: skip
PIECES = [
    *WORDS, *(w.upper() for w in WORDS), *(w.title() for w in WORDS), " ", " ", "  ", "-",
    ",", ".", "'", "x", "X", "9", "12,000", "中", "é", "ſ", "K", "ı", "İ", "\n", "_",
]  # fmt: skip


def _spans(pattern: re.Pattern[str], text: str) -> list[tuple[int, int]]:
    return [match.span() for match in pattern.finditer(text)]


@pytest.mark.parametrize("name", sorted(PLAIN))
@settings(max_examples=300, deadline=None)
@given(pieces=st.lists(st.sampled_from(PIECES), max_size=24))
def test_each_scope_pattern_finds_what_its_plain_form_finds(name: str, pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _spans(getattr(metric_scope, name), text) == _spans(PLAIN[name], text)


# The first person: "I" as written, "my" and "me" in any case, 我 but not 我们.
FIRST_PERSON = re.compile(r"(?<![A-Za-z])(?:I|I['’]m|I['’]ve|(?i:my|me))(?![A-Za-z'’])|我(?!们)")
FIRST_PERSON_PIECES = [
    "I", "I'm", "I’ve", "i", "'m", "’ve", "my", "My", "MY", "me", "Me", "mE", "m", "y", "e",
    "我", "们", "中", " ", "'", "’", "x", "9", "ı", "İ", "ſ", "\n", "_",
]  # fmt: skip


@settings(max_examples=500, deadline=None)
@given(pieces=st.lists(st.sampled_from(FIRST_PERSON_PIECES), max_size=24))
def test_the_first_person_finds_what_its_plain_form_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _spans(metric_scope._FIRST_PERSON, text) == _spans(FIRST_PERSON, text)


def test_the_scope_patterns_on_sentences() -> None:
    text = (
        "Each of the 300 households earns more; said farmer Li. A local Resident grew tea, "
        "a resident Zhang and an old-time villager sold it. THEIR family, the couple's; women "
        "and Ethnic Minorities. 每户 earned, according to her. Ushe herder"
    )
    for name, plain in PLAIN.items():
        assert _spans(getattr(metric_scope, name), text) == _spans(plain, text), name
    assert [m.group() for m in metric_scope._ROLE.finditer(text)] == [
        "farmer Li",
        "a resident",
        "an old-time villager",
    ]  # fmt: skip (a role is lower-case: "A local Resident" is not one)


def test_first_letters_are_every_character_matched_for_them() -> None:
    # What case-insensitive matching takes for each ASCII letter is listed for it.
    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c < 0xE000)
    for letter in "abcdefghijklmnopqrstuvwxyz":
        matched = "".join(sorted({match[0] for match in re.finditer(f"(?i){letter}", every)}))
        assert first_letters([letter]) == matched, letter
    assert first_letters(["six", "Ten"]) == "STstſ"


def test_word_start_as_written_or_in_any_case() -> None:
    exact = re.compile(word_start(["Co", "no"], ignore_case=False))
    assert _spans(exact, "Co co No no xno") == [(0, 2), (9, 11)]
    folded = re.compile(word_start(["no"]) + "(?![a-z])")
    assert _spans(folded, "No nO none xno 1no") == [(0, 2), (3, 5), (16, 18)]
    after_digits = re.compile(word_start(["no"], not_after=r"\w"))
    assert _spans(after_digits, "1no no") == [(4, 6)]
    assert after_first(["one", "two"]) == "(?<=o)ne|(?<=t)wo"


@pytest.mark.parametrize("alternative", ["", " a", "(?:a)", "\\d", "éa"])
def test_word_start_refuses_an_alternative_it_cannot_begin(alternative: str) -> None:
    with pytest.raises(ValueError, match="must begin with a letter"):
        word_start(["ok", alternative])


GROUPED_WORDS = ["a", "Ab", "ac", "AC", "abc", "b", "Bd", "x", "中国", "中"]


@settings(max_examples=500, deadline=None)
@given(
    words=st.lists(st.sampled_from(GROUPED_WORDS), min_size=1, max_size=6, unique=True),
    pieces=st.lists(st.sampled_from([*GROUPED_WORDS, "A", "C", "D", " ", "国"]), max_size=16),
    ignore_case=st.booleans(),
)
def test_alternatives_grouped_by_first_letter_match_as_listed(
    words: list[str], pieces: list[str], ignore_case: bool
) -> None:
    # Prefixes of one another and letters in both cases: the first alternative listed that
    # matches wins, grouped or not.
    text = "".join(pieces)
    grouped = re.compile(word_start(by_first_letter(words, ignore_case=ignore_case),
                                    ignore_case=ignore_case))  # fmt: skip
    plain = re.compile(word_start(words, ignore_case=ignore_case))
    assert _spans(grouped, text) == _spans(plain, text)
    assert len(by_first_letter(words, ignore_case=ignore_case)) == len(
        {w[0].lower() if ignore_case else w[0] for w in words}
    )
