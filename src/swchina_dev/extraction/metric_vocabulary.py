"""The words of running text as metric guesses compare them: tokens, stems and the cue index.

[vocabulary][swchina_dev.extraction.metric_vocabulary.vocabulary] compiles a dataset's metrics
and items, with the tables of [metric_cues][swchina_dev.extraction.metric_cues], into a
[Vocabulary][swchina_dev.extraction.metric_vocabulary.Vocabulary]: English cues as bags of
stems (the metric's own name and label among them), Chinese cues as substrings, item names as
bags of content stems with their head noun.
[tokens][swchina_dev.extraction.metric_vocabulary.tokens] cuts text into words, hanzi, numbers
and clause marks; a [Side][swchina_dev.extraction.metric_vocabulary.Side] holds the words on
one side of a figure, nearest first, where
[best_bag][swchina_dev.extraction.metric_vocabulary.best_bag] finds a bag.

Examples:
    >>> [t.stem for t in tokens("Cherry orchards grew, covering 4,800 mu", 0, 39)]
    ['cherry', 'orchard', 'grow', ',', 'cover', '#', 'mu']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping
from typing import Final, NamedTuple

from swchina_dev.catalog import Dataset
from swchina_dev.extraction.metric_cues import (
    CROP_HEADS,
    ITEM_ALIASES,
    METRIC_CUES,
    STOPWORDS,
    WORD_FORMS,
)
from swchina_dev.models import ItemKind, Metric
from swchina_dev.text.words import MAGNITUDES, ONES, QUALIFIERS, RATE_WORDS, TENS, UNITS

__all__ = [
    "BREAK",
    "FIGURE_WORDS",
    "HAN",
    "HANZI",
    "NUMBER",
    "UNIT_WORDS",
    "WORD",
    "Bag",
    "ItemName",
    "Side",
    "Token",
    "Vocabulary",
    "best_bag",
    "stem",
    "stems_present",
    "tokens",
    "vocabulary",
]

WORD, HAN, NUMBER, BREAK = range(4)
# Words, hanzi one by one, numbers (with their separators), and the marks that end a clause.
_TOKEN: Final = re.compile(
    r"[A-Za-z]+(?:['’][A-Za-z]+)?|[\u3400-\u9fff]|[0-9]+(?:[.,][0-9]+)*|[,;:，；：、()（）—]"
)
_YEAR: Final = re.compile(r"(?:19|20)[0-9]{2}")
#: Number words that are figures of their own (a window stops at another figure).
NUMBER_WORDS: Final = frozenset({*ONES[2:], *TENS, "half", "dozen", "dozens"})
#: The words of a figure itself (units, magnitudes, qualifiers, rate words): not cues. Counted
#: nouns the reader takes as units ("people", "households", 人, 户) are left in: they are cues.
_COUNTED: Final = frozenset(UNITS["dimensionless"])
#: Words of units, magnitudes and rates ("yuan", "million", "annually"): a noun phrase ends there.
UNIT_WORDS: Final = frozenset(
    word.lower()
    for phrase in (
        *(s for unit, spellings in UNITS.items() if unit != "dimensionless" for s in spellings),
        *MAGNITUDES, *RATE_WORDS,
    )
    for word in phrase.split()
    if word.lower() not in _COUNTED and word.lower() not in ("a", "an", "each", "every", "per")
)  # fmt: skip
FIGURE_WORDS: Final = frozenset(
    word.lower()
    for phrase in (
        *(s for unit, spellings in UNITS.items() if unit != "dimensionless" for s in spellings),
        *MAGNITUDES, *QUALIFIERS, *RATE_WORDS, *ONES, *TENS, "square", "cubic", "per", "than",
        "to", "between", "and", "a", "an", "decade", "decades", "half", "third", "quarter",
    )
    for word in phrase.split()
    if word.lower() not in _COUNTED
)  # fmt: skip


class Token(NamedTuple):
    """One word, hanzi, number or clause mark of the text.

    Attributes:
        stem: The compared form: a folded stem (`"grow"`), the hanzi, `"#"` for a number, or
            the mark; `""` for a year (it counts as a word, and matches nothing).
        raw: As written, lower-cased.
        start: Offset in the text.
        end: Offset one past it.
        kind: `WORD`, `HAN`, `NUMBER` or `BREAK`.
    """

    stem: str
    raw: str
    start: int
    end: int
    kind: int


@functools.lru_cache(maxsize=16384)  # a text's words repeat: each is stemmed once
def stem(word: str) -> str:
    """The compared form of an English word: folded, then plural and verb endings cut.

    Examples:
        >>> [stem(w) for w in ("cherries", "grew", "planted", "businesses", "Family's")]
        ['cherry', 'grow', 'plant', 'business', 'family']
    """
    word = word.lower().replace("’", "'")
    if word.endswith("'s"):
        word = word[:-2]
    word = WORD_FORMS.get(word, word)
    if len(word) > 4 and word.endswith("ies"):
        word = word[:-3] + "y"
    elif word.endswith(("sses", "ches", "shes", "xes", "oes")):
        word = word[:-2]
    elif len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    word = WORD_FORMS.get(word, word)
    if len(word) > 5 and word.endswith("ing"):
        word = word[:-3]
    elif len(word) > 4 and word.endswith("ed"):
        word = word[:-2]
    if len(word) > 3 and word.endswith("e"):
        word = word[:-1]
    return word


def tokens(text: str, start: int, end: int) -> list[Token]:
    """The tokens of `text[start:end]`, in order (other marks and spaces are left out)."""
    found: list[Token] = []
    append, new = found.append, tuple.__new__  # a hot loop: no call through Token's __new__
    for match in _TOKEN.finditer(text, start, end):
        folded, raw, kind = _read(match[0])
        append(new(Token, (folded, raw, match.start(), match.end(), kind)))
    return found


@functools.lru_cache(maxsize=16384)  # a text's words and marks repeat: each is read once
def _read(written: str) -> tuple[str, str, int]:
    """The compared form, lower-cased form and kind of a token as written."""
    raw = written.lower()
    char = raw[0]
    if char.isdigit():
        return ("", raw, WORD) if _YEAR.fullmatch(raw) else ("#", raw, NUMBER)
    if char.isascii() and char.isalpha():
        return ("#", raw, NUMBER) if raw in NUMBER_WORDS else (stem(raw), raw, WORD)
    if "\u3400" <= char <= "\u9fff":
        return raw, raw, HAN
    return raw, raw, BREAK


class Side(NamedTuple):
    """The words on one side of a figure, nearest first, with how far each is.

    Attributes:
        words: The tokens, nearest to the figure first.
        distance: For each, the words between it and the figure.
        breaks: For each, the clause marks between it and the figure.
        positions: Stem -> positions in `words`.
        text: The side's text in reading order, outside the figure (hanzi are found there).
        start: Offset of `text` in the article.
        hanzi: Whether `text` has a hanzi (else no Chinese cue is looked for in it).
        inner: After the figure, the figure's own text (its counted noun: "17万人"); else "".
        inner_start: Offset of `inner`.
    """

    words: tuple[Token, ...]
    distance: tuple[int, ...]
    breaks: tuple[int, ...]
    positions: Mapping[str, tuple[int, ...]]
    text: str
    start: int
    hanzi: bool
    inner: str = ""
    inner_start: int = 0


class Bag(NamedTuple):
    """A cue: stems that must all occur close together, and what they are a cue for."""

    key: str
    stems: tuple[str, ...]
    weight: float
    side: str  # "" (either side), "<" (before the figure) or ">" (after it)


class ItemName(NamedTuple):
    """One way of naming an item: its content stems and head noun (English), or its hanzi."""

    key: str
    stems: tuple[str, ...]
    hanzi: str
    kind: ItemKind
    head: str = ""  # the noun a partial match must include ("trade" of "foreign trade with")


class Vocabulary(NamedTuple):
    """A dataset's metrics and items compiled for guessing.

    Attributes:
        metrics: Key -> metric.
        relative: Keys of the metrics in percent (shares, changes, rates per thousand).
        changing: Keys of the metrics of a change ("change in", "increase in", growth).
        bases: Key of a "change in X" metric -> key of X.
        bags: English cues.
        by_stem: Stem -> positions in `bags` of the cues that contain it (once per time).
        hanzi: Chinese cues (key, substring, weight).
        items: Names of the items.
        item_stems: Stem -> positions in `items` (once per time a name holds it).
        item_kinds: Item key -> its kind.
    """

    metrics: Mapping[str, Metric]
    relative: frozenset[str]
    changing: frozenset[str]
    bases: Mapping[str, str]
    bags: tuple[Bag, ...]
    by_stem: Mapping[str, tuple[int, ...]]
    hanzi: tuple[tuple[str, str, float], ...]
    items: tuple[ItemName, ...]
    item_stems: Mapping[str, tuple[int, ...]]
    item_kinds: Mapping[str, ItemKind]


_RELATIVE: Final = re.compile(r"\bpercent|\bper mille\b", re.IGNORECASE)
_CHANGE_NAME: Final = re.compile(r"^(?:change|increase|decrease|growth|rise) in (.+)$")
_CHANGING: Final = re.compile(r"\b(?:change|increase|decrease|growth)\b")
HANZI: Final = re.compile(r"[\u3400-\u9fff]")
_CROP_HEADS: Final = frozenset(stem(word) for word in CROP_HEADS)
# Vocabularies built, by the identity of the collections they were built from (kept alive by
# the entry, so an id is never reused while its entry is here).
_BUILT: dict[tuple[int, int], tuple[object, object, Vocabulary]] = {}
_MAX_BUILT: Final = 8


def vocabulary(dataset: Dataset) -> Vocabulary:
    """The compiled vocabulary of `dataset` (built once per dataset's metrics and items)."""
    key = (id(dataset.metrics), id(dataset.items))
    built = _BUILT.get(key)
    if built is not None and built[0] is dataset.metrics and built[1] is dataset.items:
        return built[2]
    compiled = _compile(dataset)
    if len(_BUILT) >= _MAX_BUILT:
        _BUILT.pop(next(iter(_BUILT)))
    _BUILT[key] = (dataset.metrics, dataset.items, compiled)
    return compiled


def _words(phrase: str) -> tuple[str, ...]:
    return tuple(stem(word) for word in re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", phrase))


def _content(phrase: str) -> tuple[str, ...]:
    words = re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", phrase)
    return tuple(dict.fromkeys(stem(w) for w in words if w.lower() not in STOPWORDS))


def _compile(dataset: Dataset) -> Vocabulary:
    metrics = {metric.key: metric for metric in dataset.metrics}
    names = {metric.name.lower(): metric.key for metric in metrics.values()}
    bags: list[Bag] = []
    hanzi: list[tuple[str, str, float]] = []
    bases = {}
    for metric in metrics.values():
        for phrase in {metric.name, metric.label.replace("{item}", "")}:
            words = _content(phrase)
            if words:
                bags.append(
                    Bag(metric.key, words, 1.25 * len(words) if len(words) > 1 else 1.0, "")
                )
        base = _CHANGE_NAME.match(metric.name.lower())
        if base is not None and base.group(1) in names:
            bases[metric.key] = names[base.group(1)]
        for cue, weight in METRIC_CUES.get(metric.key, ()):
            side = cue[0] if cue[0] in "<>" else ""
            cue = cue.lstrip("<>")
            if HANZI.search(cue):
                hanzi.append((metric.key, cue, weight))
            else:
                bags.append(Bag(metric.key, _words(cue), weight, side))
    items = []
    for item in dataset.items:
        content = _content(item.name)
        if item.kind is ItemKind.CROP and len(content) > 1 and content[-1] in _CROP_HEADS:
            items.append(ItemName(item.key, content[:-1], "", item.kind))  # "fruit" trees
        for phrase in (item.name, *ITEM_ALIASES.get(item.name, ())):
            if HANZI.search(phrase):
                items.append(ItemName(item.key, (), phrase, item.kind))
            elif _content(phrase):
                items.append(ItemName(item.key, _content(phrase), "", item.kind, _head(phrase)))
        if item.name_zh:
            items.append(ItemName(item.key, (), item.name_zh, item.kind))
    return Vocabulary(
        metrics=metrics,
        relative=frozenset(k for k, m in metrics.items() if _RELATIVE.search(m.description)),
        changing=frozenset(k for k, m in metrics.items() if _CHANGING.search(m.name.lower())),
        bases=bases,
        bags=tuple(bags),
        by_stem=_index(bag.stems for bag in bags),
        hanzi=tuple(hanzi),
        items=tuple(items),
        item_stems=_index(name.stems for name in items),
        item_kinds={item.key: item.kind for item in dataset.items},
    )


def _head(phrase: str) -> str:
    """The head noun of a name: the last word before "of" or "with", else the last word."""
    words = re.findall(r"[A-Za-z]+(?:['’][A-Za-z]+)?", phrase)
    for position, word in enumerate(words):
        if position and word.lower() in ("of", "with", "for", "in"):
            return stem(words[position - 1])
    return stem(words[-1]) if words else ""


def _index(groups: Iterable[tuple[str, ...]]) -> dict[str, tuple[int, ...]]:
    # A group is listed once per time it holds the stem (as stems_present counts them).
    index: dict[str, list[int]] = {}
    for position, stems in enumerate(groups):
        for word in stems:
            index.setdefault(word, []).append(position)
    return {word: tuple(positions) for word, positions in index.items()}


def stems_present(side: Side, index: Mapping[str, tuple[int, ...]]) -> dict[int, int]:
    """How many of each group's stems `side` holds, by the group's position, for those it has.

    A stem a group holds twice counts twice, as `best_bag` counts it: a group with fewer than
    the `least` of `best_bag` cannot be found there.

    Args:
        side: The words looked at.
        index: Stem -> the positions of the groups holding it, as `Vocabulary.by_stem` and
            `Vocabulary.item_stems`.
    """
    counts: dict[int, int] = {}
    for word in side.positions:
        for position in index.get(word, ()):
            counts[position] = counts.get(position, 0) + 1
    return counts


def best_bag(side: Side, stems: tuple[str, ...], least: int) -> tuple[int, int, int] | None:
    """Where at least `least` of `stems` occur close together on `side`, nearest first.

    The words found must lie within `len(stems) + 3` words of each other.

    Returns:
        `(found, first, last)`: how many were found and the positions of the nearest and the
        farthest word; None when fewer than `least` are close together.
    """
    positions = side.positions
    if len(stems) == 1:  # one word: its nearest occurrence (positions are in order)
        only = positions.get(stems[0]) if least <= 1 else None
        return None if not only else (1, only[0], only[0])
    present = [positions[s] for s in stems if s in positions]
    if not present or len(present) < least:
        return None
    reach = len(stems) + 3
    firsts = [occurrences[0] for occurrences in present]
    nearest, farthest = min(firsts), max(firsts)
    if farthest - nearest < reach and sum(map(len, present)) == len(firsts):
        # Each word once, all within reach of each other: every anchor finds them all.
        return len(firsts), nearest, farthest
    best: tuple[int, int, int] | None = None
    for anchor in sorted({p for positions in present for p in positions})[:_MAX_ANCHORS]:
        # Each stem's occurrence nearest the anchor (the first of two as near), if in reach.
        found = []
        for occurrences in present:
            nearest, gap = -1, reach
            for p in occurrences:
                if abs(p - anchor) < gap:
                    nearest, gap = p, abs(p - anchor)
            if nearest >= 0:
                found.append(nearest)
        if len(found) < least or max(found) - min(found) >= reach:
            continue
        candidate = (len(found), min(found), max(found))
        if best is None or (candidate[0], -candidate[1]) > (best[0], -best[1]):
            best = candidate
    return best


# Anchors tried per bag (the sides are bounded, so this is only a guard).
_MAX_ANCHORS: Final = 12
