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

__all__ = ["Reading", "hanzi_near", "read_around"]

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
_HEADS: Final = {stem(word): word for word in COUNT_HEADS if word.isascii()}
_HANZI_HEADS: Final = tuple(word for word in COUNT_HEADS if not word.isascii())
_HANZI_MARKS: Final = re.compile(r"[，；：,;:]")
_SPACES: Final = re.compile(r"\s+")


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


def read_around(text: str, start: int, end: int, sentence_start: int, sentence_end: int) -> Reading:
    """Read the words around the figure `text[start:end]` of the sentence given (offsets valid)."""
    low = max(sentence_start, start - _LEFT_CHARS)
    high = min(sentence_end, end + _RIGHT_CHARS)
    before = _with_breaks(text, tokens(text, low, start))
    inside = [
        token
        for token in tokens(text, start, end)
        if token.kind == WORD and token.stem and token.raw not in FIGURE_WORDS
    ]
    after = _with_breaks(text, tokens(text, end, high))
    outer = end
    if after and after[0][0].raw in "(（":
        close = next((i for i, (t, _) in enumerate(after[:20]) if t.raw in ")）"), None)
        if close is not None:  # "3 million mu (200,000 hectares) of walnuts"
            outer = after[close][0].end
            after = after[close + 1 :]
    left, left_cut = _side(before[::-1], (), cut=True, leftwards=True)
    right, right_cut = _side(after, inside, cut=True, leftwards=False)
    left_edge = low if left_cut is None else left_cut
    right_edge = high if right_cut is None else right_cut
    span_text = text[start:end]
    # Every side lies within text[low:high]: English text is searched for hanzi once.
    hanzi = HANZI.search(text, low, high) is not None
    near_left = _as_side(left, text[left_edge:start], left_edge, hanzi)
    near_right = _as_side(right, text[outer:right_edge], outer, hanzi, span_text, start)
    # A side that neither a figure nor the word limit cut is its whole window's side too.
    whole_left = near_left
    if left_cut is not None:
        whole, _ = _side(before[::-1], (), cut=False, leftwards=True)
        whole_left = _as_side(whole, text[low:start], low, hanzi)
    whole_right = near_right
    if right_cut is not None:
        whole, _ = _side(after, inside, cut=False, leftwards=False)
        whole_right = _as_side(whole, text[outer:high], outer, hanzi, span_text, start)
    length = _noun_length(near_right)
    return Reading(
        start=start,
        end=end,
        sentence=(sentence_start, sentence_end),
        figure_text=span_text.strip().lower(),
        before=text[left_edge:start],
        left=near_left,
        right=near_right,
        left_full=whole_left,
        right_full=whole_right,
        noun_length=length,
        noun_text=_noun_text(text, near_right, length),
        heads=_heads(near_right, length),
        modifiers=_modifiers(near_right.words[:length]),
        right_edge=right_edge,
    )


_Entry = tuple[Token, bool]  # a token, and whether it ends a clause


def _with_breaks(text: str, found: list[Token]) -> list[_Entry]:
    """Mark the clause marks: `;`, `:`, a dash, and a comma before a lower-case word or hanzi."""
    marked = []
    for position, token in enumerate(found):
        ends = token.raw in _HARD_BREAKS or token.raw in _CLAUSE_WORDS
        if token.raw in _SOFT_BREAKS and position + 1 < len(found):
            following = found[position + 1]
            ends = following.kind != WORD or text[following.start].islower()
        marked.append((token, ends))
    return marked


def _side(
    ordered: Sequence[_Entry], inner: Sequence[Token], *, cut: bool, leftwards: bool
) -> tuple[tuple[list[Token], list[int], list[int]], int | None]:
    words, distance, breaks = list(inner), [0] * len(inner), [0] * len(inner)
    count, clause, skipped = 0, 0, False
    for token, ends in ordered:
        if token.kind == NUMBER:
            if not cut:
                continue
            outer = words[len(inner) :]
            if (
                leftwards
                and not skipped
                and (
                    all(w.raw in _COORDINATION or w.raw in FIGURE_WORDS for w in outer)
                    or (
                        bool(outer)
                        and outer[0].raw == "to"
                        and all(w.raw in _TO_LEVEL or w.raw in FIGURE_WORDS for w in outer)
                    )
                )
            ):
                # "28.4 percent and 33.8 percent", "rose 12 percent to 3 billion yuan": the
                # words before are shared
                skipped = True
                continue
            return (words, distance, breaks), token.end if leftwards else token.start
        if count >= _MAX_WORDS:
            return (words, distance, breaks), token.end if leftwards else token.start
        if ends and leftwards:
            clause += 1
        if token.kind == WORD:
            words.append(token)
            distance.append(count)
            breaks.append(clause)
            count += 1
        if ends and not leftwards:
            clause += 1
    return (words, distance, breaks), None


def _as_side(
    parts: tuple[list[Token], list[int], list[int]],
    text: str,
    start: int,
    hanzi: bool,
    inner: str = "",
    inner_start: int = 0,
) -> Side:
    words, distance, breaks = parts
    index: dict[str, list[int]] = {}
    for position, token in enumerate(words):
        if token.stem:
            index.setdefault(token.stem, []).append(position)
    return Side(
        tuple(words),
        tuple(distance),
        tuple(breaks),
        {word: tuple(positions) for word, positions in index.items()},
        text,
        start,
        hanzi and HANZI.search(text) is not None,
        inner,
        inner_start,
    )


def _noun_length(right: Side) -> int:
    length = 0
    for position, token in enumerate(right.words[:_NOUN_WORDS]):
        if token.raw in _NOUN_STOPS or right.breaks[position] or token.raw in FIRST_PERSON:
            break
        if token.raw in UNIT_WORDS:
            break  # "12% year on year", "500 tonnes every year"
        length += 1
    return length


def _noun_text(text: str, right: Side, length: int) -> str | None:
    words = list(right.words[:length])
    if "and" in (w.raw for w in words[1:]):
        words = words[: [w.raw for w in words].index("and", 1)]
    while words and words[0].raw in ("of", "and"):
        words = words[1:]
    while words and words[-1].raw in ("of", "and"):
        words = words[:-1]
    words = words[-4:]
    if not words:
        return None
    return text[words[0].start : words[-1].end]


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


def _modifiers(words: Sequence[Token]) -> frozenset[int]:
    heads = _head_positions(words)
    return frozenset(t.start for position, t in enumerate(words) if position not in heads)


def _heads(right: Side, length: int) -> tuple[tuple[str, int, int], ...]:
    """The count nouns heading the counted phrase, with their offsets.

    Its last word, and the last before an "of" or "and" ("sets of ...", "businesses and
    cooperatives"), not a modifier ("tourist sites").
    """
    words = right.words[:length]
    last = [words[position] for position in sorted(_head_positions(words))]
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
