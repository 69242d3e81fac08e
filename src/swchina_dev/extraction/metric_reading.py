"""The words around one figure as metric guesses read them: windows, counted noun, scope.

[read_around][swchina_dev.extraction.metric_reading.read_around] cuts the sentence of a figure
into two [Side][swchina_dev.extraction.metric_vocabulary.Side]s, nearest word first: the words
before it back to the previous figure, and the words after it (the figure's own nouns first) up
to the next, each bounded; a parenthetical right after the figure (a stated conversion) is
skipped, and a figure joined to the previous one by "and" shares its words ("grew by an annual
average of 28.4 percent and 33.8 percent"). The same sides are read over the whole bounded
sentence too (other figures skipped), for what a sentence says once for all its figures. The
noun phrase right after the figure is what a count counts ("2,829 black-necked cranes"); its
head nouns are told from its modifiers ("tourist" in "120 tourist sites").

Examples:
    >>> text = "It grew oranges on 500 mu of wasteland in 2023."
    >>> reading = read_around(text, 19, 25, 0, len(text))
    >>> [t.raw for t in reading.left.words], reading.noun_text
    (['on', 'oranges', 'grew', 'it'], 'wasteland')
"""

from __future__ import annotations

import bisect
import operator
import re
from collections.abc import Sequence
from typing import Final, NamedTuple

from swchina_dev.extraction.metric_cues import COUNT_HEADS, FIRST_PERSON
from swchina_dev.extraction.metric_vocabulary import (
    FIGURE_WORDS,
    HANZI,
    NUMBER,
    UNIT_WORDS,
    WORD,
    Side,
    Token,
    stem,
    tokens,
)

__all__ = ["Reading", "WindowTokens", "hanzi_near", "read_around", "shared_windows"]

_LEFT_CHARS: Final = 300  # the window before a figure, at most
_RIGHT_CHARS: Final = 200  # and after it
_MAX_WORDS: Final = 30  # words on a side, at most
_NOUN_WORDS: Final = 7  # words of a counted noun phrase, at most
# Nouns in -ing that head a counted phrase ("sets of housing"): other -ing words do not.
_ING_NOUNS: Final = frozenset({"housing", "building", "clothing", "farming", "planting"})
_HARD_BREAKS: Final = frozenset(";:；：—")
_SOFT_BREAKS: Final = frozenset(",，")
_CLAUSE_WORDS: Final = frozenset({"while", "whereas", "but", "although"})
_COORDINATION: Final = frozenset({"and", "or", "respectively", "、", ","})
# Between a change and the level it reaches ("Sales rose 12 percent year on year to 3 billion
# yuan"): the words before the change are the level's too.
_TO_LEVEL: Final = frozenset({"to", "year", "on", "year-on-year"})
# Words that end the noun phrase a figure counts ("2,829 black-necked cranes overwinter in").
_NOUN_STOPS: Final = frozenset(
    {
        "in", "on", "at", "from", "across", "to", "for", "with", "by", "that", "which", "who",
        "whose", "have", "has", "had", "were", "was", "is", "are", "be", "been", "can", "could",
        "will", "would", "may", "might", "per", "each", "every", "while", "than", "as", "after",
        "before", "since", "during", "into", "through", "though", "them", "they", "it", "its",
        "their", "this", "these", "those", "there", "here", "now", "so", "but", "also", "a",
        "an", "the", "said", "over", "under", "between", "among", "within", "via", "last",
        "next",
    }
)  # fmt: skip
# A counted phrase ends at a stop word, the first person ("my"), or a unit word ("12% year on year",
# "500 tonnes every year").
_NOUN_ENDS: Final = _NOUN_STOPS | FIRST_PERSON | UNIT_WORDS
_HEADS: Final = {stem(word): word for word in COUNT_HEADS if word.isascii()}
_HANZI_HEADS: Final = tuple(word for word in COUNT_HEADS if not word.isascii())
_HANZI_MARKS: Final = re.compile(r"[，；：,;:]")
_SPACES: Final = re.compile(r"\s+")
_COUNTS: Final = tuple(range(_MAX_WORDS))  # the distances of a side's words, in order
_START: Final = operator.attrgetter("start")


class Reading(NamedTuple):
    """The words around one figure.

    Attributes:
        start: Offset of the figure.
        end: Offset one past it.
        sentence: The sentence's offsets (widened to hold the figure).
        figure_text: The figure as written, lower-cased.
        before: The text between the previous figure (or the window's edge) and this one.
        left: The words before the figure, back to the previous figure, nearest first.
        right: The figure's own nouns, then the words after it up to the next figure.
        left_full: The words before it over the whole window, other figures skipped.
        right_full: Likewise after it.
        noun_length: How many of `right`'s first words are the noun phrase the figure counts.
        noun_text: That phrase as written, a few words at most ("local rural residents"), or
            None.
        heads: Count nouns of that phrase (`COUNT_HEADS` keys), with their offsets.
        modifiers: Offsets of the other words of that phrase ("tourist" in "tourist sites"):
            they say what kind of thing is counted, not what the figure measures.
        right_edge: Offset where `right` ends.
    """

    start: int
    end: int
    sentence: tuple[int, int]
    figure_text: str
    before: str
    left: Side
    right: Side
    left_full: Side
    right_full: Side
    noun_length: int
    noun_text: str | None
    heads: tuple[tuple[str, int, int], ...]
    modifiers: frozenset[int]
    right_edge: int


class WindowTokens(NamedTuple):
    """The tokens of `text[start:end]`, read once for the windows of several figures there."""

    start: int
    end: int
    tokens: list[Token]


def shared_windows(
    text: str, sentence: tuple[int, int], spans: Sequence[tuple[int, int]]
) -> list[WindowTokens | None]:
    """For each figure of a sentence, the tokens read once for its window and its neighbours'.

    Windows that overlap are read as one stretch of the sentence (never more text than they
    cover one by one); a window that overlaps no other gets None (it is read alone).

    Args:
        text: The text.
        sentence: The sentence's offsets.
        spans: The offsets of the sentence's figures, in order.
    """
    windows = [
        (max(sentence[0], start - _LEFT_CHARS), min(sentence[1], end + _RIGHT_CHARS))
        for start, end in spans
    ]
    shared: list[WindowTokens | None] = []
    first = 0
    while first < len(windows):
        (low, high), past = windows[first], first + 1  # the first window starts first
        while past < len(windows) and windows[past][0] < high:
            high = max(high, windows[past][1])
            past += 1
        read = WindowTokens(low, high, tokens(text, low, high)) if past - first > 1 else None
        shared.extend([read] * (past - first))
        first = past
    return shared


def read_around(
    text: str,
    start: int,
    end: int,
    sentence_start: int,
    sentence_end: int,
    read: WindowTokens | None = None,
) -> Reading:
    """Read the words around the figure `text[start:end]` of the sentence given (offsets valid).

    `read` holds tokens of `text` already read for the sentence's figures (see `shared_windows`):
    the window is then cut from them where they cover it.
    """
    low = max(sentence_start, start - _LEFT_CHARS)
    high = min(sentence_end, end + _RIGHT_CHARS)
    before, figure, after = _tokens_around(text, low, start, end, high, read)
    inside = [
        token
        for token in figure
        if token.kind == WORD and token.stem and token.raw not in FIGURE_WORDS
    ]
    outer = end
    if after and after[0].raw in "(（":
        close = next((i for i, t in enumerate(after[:20]) if t.raw in ")）"), None)
        if close is not None:  # "3 million mu (200,000 hectares) of walnuts"
            outer = after[close].end
            after = after[close + 1 :]
    left = _scan(text, before, (), leftwards=True)
    right = _scan(text, after, inside, leftwards=False)
    left_edge = low if left.cut is None else left.cut
    right_edge = high if right.cut is None else right.cut
    span_text = text[start:end]
    # Every side lies within text[low:high]: English text is searched for hanzi once.
    hanzi = HANZI.search(text, low, high) is not None
    left_text = text[left_edge:start]
    near_left = _as_side(left, left.near, left_text, left_edge, hanzi)
    near_right = _as_side(right, right.near, text[outer:right_edge], outer, hanzi, span_text, start)
    # A side that neither a figure nor the word limit cut is its whole window's side too.
    whole_left = near_left
    if left.cut is not None:
        whole_left = _as_side(left, len(left.words), text[low:start], low, hanzi)
    whole_right = near_right
    if right.cut is not None:
        whole_right = _as_side(
            right, len(right.words), text[outer:high], outer, hanzi, span_text, start
        )
    length = _noun_length(near_right)
    phrase = near_right.words[:length]
    heads = _head_positions(phrase)
    return Reading(
        start=start,
        end=end,
        sentence=(sentence_start, sentence_end),
        figure_text=span_text.strip().lower(),
        before=left_text,
        left=near_left,
        right=near_right,
        left_full=whole_left,
        right_full=whole_right,
        noun_length=length,
        noun_text=_noun_text(text, phrase),
        heads=_heads(near_right, phrase, heads),
        modifiers=frozenset(t.start for position, t in enumerate(phrase) if position not in heads),
        right_edge=right_edge,
    )


def _tokens_around(
    text: str, low: int, start: int, end: int, high: int, read: WindowTokens | None
) -> tuple[list[Token], list[Token], list[Token]]:
    """The tokens of `text[low:start]`, `text[start:end]` and `text[end:high]`, in one scan.

    The tokens of a wider part of the text (`read`, or the window) that lie within a part are
    those `tokens` reads in the part alone: the token pattern has no look-around, so a token
    ending at or before an edge is matched the same when the text stops there. A token running
    across an edge ("RMB" cut in two) would be cut there: then the part is read alone.
    """
    found = _within(text, low, high, read)
    cut = _cut(found, start, end)
    if cut is None:
        return tokens(text, low, start), tokens(text, start, end), tokens(text, end, high)
    first, past = cut
    return found[:first], found[first:past], found[past:]


def _within(text: str, low: int, high: int, read: WindowTokens | None) -> list[Token]:
    """The tokens of `text[low:high]`, cut from `read` where it covers them (see above)."""
    if read is not None and read.start <= low and high <= read.end:
        cut = _cut(read.tokens, low, high)
        if cut is not None:
            return read.tokens[cut[0] : cut[1]]
    return tokens(text, low, high)


def _cut(found: list[Token], start: int, end: int) -> tuple[int, int] | None:
    """Where the tokens of `found` (in order) within `start..end` begin and end, as indices.

    None if a token runs across `start` or `end`.
    """
    first = bisect.bisect_left(found, start, key=_START)
    past = bisect.bisect_left(found, end, first, key=_START)
    if (first and found[first - 1].end > start) or (past and found[past - 1].end > end):
        return None
    return first, past


class _Scan(NamedTuple):
    """One side's words nearest first, over its whole window (other figures skipped).

    Attributes:
        words: The words: the figure's own first (after it), then the window's.
        breaks: For each, the clause marks between it and the figure.
        inner: How many of `words` are the figure's own.
        near: How many of `words` lie before another figure or the word limit cuts the side.
        cut: Offset where that cut is, or None (then all the words are near).
    """

    words: tuple[Token, ...]
    breaks: tuple[int, ...]
    inner: int
    near: int
    cut: int | None


def _scan(text: str, found: list[Token], inner: Sequence[Token], *, leftwards: bool) -> _Scan:
    """Read a side's tokens (in text order) outwards from the figure, in one pass.

    The side up to its cut and the whole window's side are read alike up to the cut: the whole
    one then reads on past other figures. Clause marks are `;`, `:`, a dash, a clause word
    ("while"), and a comma before a lower-case word or hanzi.
    """
    words, breaks = list(inner), [0] * len(inner)
    near, cut = len(words), None
    clause, skipped = 0, False
    limit = len(inner) + _MAX_WORDS
    last = len(found) - 1
    for position in range(last, -1, -1) if leftwards else range(len(found)):
        token = found[position]
        kind = token.kind
        if kind == NUMBER:
            if cut is None:
                if leftwards and not skipped and _shared(words[len(inner) :]):
                    # "28.4 percent and 33.8 percent", "rose 12 percent to 3 billion yuan":
                    # the words before are shared
                    skipped = True
                else:
                    near, cut = len(words), token.end if leftwards else token.start
            continue
        if len(words) >= limit:
            if cut is None:
                near, cut = len(words), token.end if leftwards else token.start
            break
        if kind == WORD:
            # A clause word ("while") is read as a clause mark right after it in the text.
            ends = token.raw in _CLAUSE_WORDS
            if ends and leftwards:
                clause += 1
            words.append(token)
            breaks.append(clause)
            if ends and not leftwards:
                clause += 1
        elif token.raw in _HARD_BREAKS:
            clause += 1
        elif token.raw in _SOFT_BREAKS and position < last:
            following = found[position + 1]
            if following.kind != WORD or text[following.start].islower():
                clause += 1
    if cut is None:
        near = len(words)
    return _Scan(tuple(words), tuple(breaks), len(inner), near, cut)


def _shared(words: list[Token]) -> bool:
    """Whether the words between two figures leave the earlier one's words to the later."""
    return all(w.raw in _COORDINATION or w.raw in FIGURE_WORDS for w in words) or (
        bool(words)
        and words[0].raw == "to"
        and all(w.raw in _TO_LEVEL or w.raw in FIGURE_WORDS for w in words)
    )


def _as_side(
    scan: _Scan,
    count: int,
    text: str,
    start: int,
    hanzi: bool,
    inner: str = "",
    inner_start: int = 0,
) -> Side:
    """The first `count` words of `scan` as a side, `text` and `start` being its text's."""
    words = scan.words[:count]
    positions: dict[str, tuple[int, ...]] = {}
    for position, token in enumerate(words):
        word = token.stem
        if word in positions:  # a repeated word ("the", "and"); most occur once
            positions[word] += (position,)
        elif word:
            positions[word] = (position,)
    # An outer word's distance is how many outer words are nearer; the figure's own are at 0.
    distance = (0,) * scan.inner + _COUNTS[: count - scan.inner]
    return Side(
        words,
        distance,
        scan.breaks[:count],
        positions,
        text,
        start,
        hanzi and HANZI.search(text) is not None,
        inner,
        inner_start,
    )


def _noun_length(right: Side) -> int:
    length = 0
    for position, token in enumerate(right.words[:_NOUN_WORDS]):
        if right.breaks[position] or token.raw in _NOUN_ENDS:
            break
        length += 1
    return length


def _noun_text(text: str, phrase: Sequence[Token]) -> str | None:
    """The phrase up to an inner "and", without "of" or "and" at its ends, its last 4 words."""
    raws = [token.raw for token in phrase]
    last = raws.index("and", 1) if "and" in raws[1:] else len(raws)
    first = 0
    while first < last and raws[first] in ("of", "and"):
        first += 1
    while last > first and raws[last - 1] in ("of", "and"):
        last -= 1
    if first == last:
        return None
    return text[phrase[max(first, last - 4)].start : phrase[last - 1].end]


def _head_positions(words: Sequence[Token]) -> set[int]:
    """The positions of the heads of a noun phrase.

    Its last word, and the last before "of" or "and"; a participle ending it is not one ("9
    million poor living in ..." counts the poor).
    """
    heads = set()
    for position, token in enumerate(words):
        if position + 1 == len(words) or words[position + 1].raw in ("of", "and"):
            participle = token.raw.endswith("ing") and token.raw not in _ING_NOUNS
            heads.add(position - 1 if participle and position else position)
    return heads


def _heads(
    right: Side, phrase: Sequence[Token], positions: set[int]
) -> tuple[tuple[str, int, int], ...]:
    """The count nouns heading the counted phrase, with their offsets.

    Its last word, and the last before an "of" or "and" ("sets of ...", "businesses and
    cooperatives") at the head `positions`, not a modifier ("tourist sites").
    """
    last = [phrase[position] for position in sorted(positions)]
    heads = [(_HEADS[t.stem], t.start, t.end) for t in last if t.stem in _HEADS]
    outer = right.text.lstrip()
    offset = right.start + len(right.text) - len(outer)
    if (right.inner[-1:] + outer[:1]).isascii():
        return tuple(heads)  # no hanzi where a hanzi head would be
    for head in _HANZI_HEADS:
        if right.inner.endswith(head):
            at = right.inner_start + len(right.inner) - len(head)
            heads.append((head, at, at + len(head)))
        elif outer.startswith(head):
            heads.append((head, offset, offset + len(head)))
    return tuple(heads)


def hanzi_near(side: Side, cue: str, which: str) -> tuple[float, int, int] | None:
    """Where the hanzi `cue` is nearest the figure on `side`: (distance, clause marks, offset)."""
    if which == ">":
        at = side.inner.find(cue)
        if at >= 0:
            return 0.0, 0, side.inner_start + at
        at = side.text.find(cue)
        between = side.text[: max(at, 0)]
    else:
        at = side.text.rfind(cue)
        between = side.text[at + len(cue) :]
    if at < 0:
        return None
    gap = _SPACES.sub("", between)
    return len(gap) / 2, len(_HANZI_MARKS.findall(between)), side.start + at
