r"""Sentences and paragraphs of an article, as character offsets.

A sentence ends at `.`, `!` or `?` (a closing quote or bracket after it stays with it) before a
space and what can begin a sentence, at `。！？` in Chinese, and at every line break (a line of
an article is a paragraph, a headline or a caption). A full stop after an abbreviation ("Co.,
Ltd.", "U.S.", "No. 1", "Mr.", "Jan.") or an initial ("J. Smith") does not end a sentence.

Examples:
    >>> text = "Lianshang Co., Ltd. grew. It now makes 3 million a day.\n毕节市发展。很快！"
    >>> [text[s.start : s.end] for s in split_sentences(text)]
    ['Lianshang Co., Ltd. grew.', 'It now makes 3 million a day.', '毕节市发展。', '很快！']
"""

from __future__ import annotations

import re
import string
from typing import Final, NamedTuple

__all__ = ["Sentence", "split_sentences"]


class Sentence(NamedTuple):
    """One sentence: `text[start:end]`, and the number of its paragraph (line), from 0."""

    start: int
    end: int
    paragraph: int


_ABBREVIATIONS: Final = frozenset(
    {
        "co", "ltd", "inc", "corp", "no", "nos", "mr", "mrs", "ms", "dr", "prof", "st", "vs",
        "etc", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov",
        "dec", "gov", "dept", "approx", "est", "fig", "vol", "govt", "jr", "sr",
    }
)  # fmt: skip
# An end of sentence: the marks, closing quotes or brackets, then spaces and an opening
# character. A run of marks is read from its first; the runs that begin with a full stop are
# searched apart from the others, for a scan skips fastest to one character, and the others only
# in a line that holds "!" or "?".
_AFTER_MARK: Final = r"[.!?]*[\"'”’)\]]*(?= +[\"'“‘(\[]*[A-Z0-9\u4e00-\u9fff])"
_FULL_STOP_END: Final = re.compile(r"\.(?<![.!?]\.)" + _AFTER_MARK)
_MARK_END: Final = re.compile(r"[!?](?<![.!?].)" + _AFTER_MARK)
_CHINESE_END: Final = re.compile(r"[。！？!?；]+[”’」』）)]*")
_LETTERS: Final = string.ascii_letters


def split_sentences(text: str) -> list[Sentence]:
    """Split text into sentences (spaces around each left out; empty lines give none).

    Args:
        text: The article.

    Returns:
        The sentences in order, each with its paragraph number.
    """
    sentences: list[Sentence] = []
    paragraph = 0
    line_start = 0
    for line in text.split("\n"):
        line_end = line_start + len(line)
        if line.strip():
            for start, end in _split_line(line):
                sentences.append(Sentence(line_start + start, line_start + end, paragraph))
            paragraph += 1
        line_start = line_end + 1
    return sentences


def _split_line(line: str) -> list[tuple[int, int]]:
    marks = "!" in line or "?" in line
    # Of the Chinese marks, an English line can hold only "!" and "?": one with neither is not
    # searched for them (the search tests every character).
    chinese = marks or not line.isascii()
    cuts = [match.end() for match in _CHINESE_END.finditer(line)] if chinese else []
    for match in _FULL_STOP_END.finditer(line):
        if not _is_abbreviation(line, match.start()):
            cuts.append(match.end())
    if marks:  # no abbreviation ends in "!" or "?"
        cuts.extend(match.end() for match in _MARK_END.finditer(line))
    spans = []
    start = 0
    for cut in sorted(set(cuts)):
        spans.append((start, cut))
        start = cut
    spans.append((start, len(line)))
    trimmed = []
    for begin, end in spans:
        while begin < end and line[begin].isspace():
            begin += 1
        while end > begin and line[end - 1].isspace():
            end -= 1
        if begin < end:
            trimmed.append((begin, end))
    return trimmed


def _is_abbreviation(line: str, dot: int) -> bool:
    if line[dot] != ".":
        return False
    # The letters right before the dot (and a dot of their own: "U.S."), within 12 characters.
    before = line[max(0, dot - 12) : dot].removesuffix(".")
    letters = before[len(before.rstrip(_LETTERS)) :]
    if not letters:
        return False
    # "U.S." and "J." are initials; "Co." and "Ltd." abbreviations.
    if len(letters) == 1 and letters.isupper():
        return True
    return letters.lower() in _ABBREVIATIONS
