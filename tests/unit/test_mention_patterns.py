"""The reference and run patterns of mentions find what their plain forms find (issue #15).

`mentions._REFERENCE` and `mentions._RUN` are written so that a scan skips to the letters a
match can start with; their plain forms (a `\\b` before each alternative of the reference, a
run's first word as any other) are the reference here.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from swchina_dev.extraction import mentions

PLAIN = re.compile(
    r"\b(?:[Tt]he|[Tt]his|[Tt]hat|[Ii]ts|[Tt]heir) +"
    r"(?:(?!(?:the|a|an|of|in|and|to)\b)[a-z][a-z-]* +){0,3}?"
    r"(?P<noun>province|prefecture|city|county|district|town|township|village|community|"
    r"region|municipality|country|nation|company|firm|enterprise|group|factory|plant|platform|"
    r"zone|park|reserve|corridor|school|cooperative)(?![A-Za-z])(?:'s|’s)?"
    r"|\b(?P<we>[Ww]e|[Oo]ur|[Uu]s)\b"
)
PIECES = [
    "The", "the", "This", "that", "Its", "its", "their", "Their", "We", "we", "our", "Our",
    "us", "US", "Us", "county", "company", "city's", "plant", "park", "new", "big", "a", "of",
    "high-tech", "busy", "status", "bus", "tour", "it", "xthe", "_the", "1the", "中the", "é",
    " ", " ", "  ", ",", ".", "-", "'", "’s", "\n", "Cthe", "our_", "ws",
]  # fmt: skip


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[tuple[int, int], str | None]]:
    return [(match.span(), match["noun"]) for match in pattern.finditer(text)]


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_the_reference_pattern_finds_what_its_plain_form_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    assert _found(mentions._REFERENCE, text) == _found(PLAIN, text)


def test_the_reference_pattern_on_sentences() -> None:
    text = (
        "The county's output grew. This new high-tech park opened; its big old company and "
        "their school. We said our plans suit us. Status: the bus of the city. Tour the town"
    )
    assert _found(mentions._REFERENCE, text) == _found(PLAIN, text)
    assert [m[0] for m in mentions._REFERENCE.finditer(text)][:3] == [
        "The county's", "This new high-tech park", "its big old company",
    ]  # fmt: skip


PLAIN_RUN = re.compile(
    mentions._WORD
    + r"(?:(?:,? +|, *| *\( *|\) *| +(?:and|of|de) +)"
    + mentions._WORD
    + r"|\))*"
    + r"(?: +(?:"
    + mentions._LEVEL_WORDS
    + r")(?![A-Za-z]))?"
)
RUN_PIECES = [
    "Co.", "Co", "Corp.", "Corp", "Corn", "Ltd.", "Ltd", "Inc.", "No.", "No. 9", "No.9", "Nor",
    "Guizhou", "Bijie", "iPhone", "CO.", "C", "L", "N", "I", "x", "and", "of", "de", "city",
    "county", "(", ")", ",", " ", "  ", "-", "'", "’", "&", "9", "\n", "é", "中",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(RUN_PIECES), max_size=30))
def test_the_run_pattern_finds_what_its_plain_form_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    fast = [match.span() for match in mentions._RUN.finditer(text)]
    assert fast == [match.span() for match in PLAIN_RUN.finditer(text)]
