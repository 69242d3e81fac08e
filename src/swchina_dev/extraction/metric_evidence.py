"""What the words around a figure say for each metric and item: scored evidence.

Each cue found beside a figure ([Reading][swchina_dev.extraction.metric_reading.Reading]) is an
[Evidence][swchina_dev.extraction.metric_evidence.Evidence] for a metric, scored by the cue's
weight and by how near it is (a cue counts half at four words before the figure, at two and a
half after it, and less beyond a clause mark); each item named is an
[ItemHit][swchina_dev.extraction.metric_evidence.ItemHit].
[score_metrics][swchina_dev.extraction.metric_evidence.score_metrics] adds what only a figure's
shape says: a rank phrase, the noun a count counts (its head noun, or its item's kind), a word of
change or of yearly average, and the "change in X" metrics (a change word at the figure, X named
in the sentence).
"""

from __future__ import annotations

import functools
import math
import re
from collections.abc import Callable, Collection
from typing import Final, NamedTuple, TypeVar

from swchina_dev.extraction.metric_cues import (
    ANNUAL_AVERAGE,
    CHANGE_WORDS,
    COUNT_HEADS,
    KIND_METRICS,
    STOPWORDS,
)
from swchina_dev.extraction.metric_reading import Reading, hanzi_near
from swchina_dev.extraction.metric_vocabulary import (
    ItemName,
    Side,
    Vocabulary,
    best_bag,
    stem,
    stems_present,
)
from swchina_dev.extraction.pattern_needs import Patterns

__all__ = ["Evidence", "ItemHit", "find_change", "find_cues", "find_items", "score_metrics"]


class Evidence(NamedTuple):
    """A cue for a metric: its key, score, and where its words are in the text."""

    key: str
    score: float
    start: int
    end: int


class ItemHit(NamedTuple):
    """An item named near the figure.

    Attributes:
        key: The item's key.
        score: How well and how near it is named.
        start: Offset of its words in the text.
        end: Offset one past them.
        counted: Whether it is the noun right after the figure (what a count counts, what an
            amount is of: "3 million mu of walnuts").
        first: Position of its nearest word on its side (-1 for hanzi).
        last: Position of its farthest word.
    """

    key: str
    score: float
    start: int
    end: int
    counted: bool
    first: int
    last: int


# Words at which a cue counts half, and what a cue beyond a clause mark counts, by side: a
# clause after the figure mostly says something else ("..., resulting in an increase in").
_DECAY: Final = {"<": 4.0, ">": 2.5}
_BREAK_FACTOR: Final = {"<": 0.6, ">": 0.3}
_CHANGE_REACH: Final = {"<": 4, ">": 2}  # words within which a change word governs a figure
# "up" and "down" alone are a change only after a clause mark or a verb of being or going
# ("..., up 20 percent", "went up 20%"), not in "set up 30 cooperatives".
_BARE_CHANGES: Final = frozenset({"up", "down"})
_GOING: Final = frozenset({"went", "go", "goes", "gone", "is", "was", "are", "were", "been"})
_RANK: Final = re.compile(
    r"\brank|\b(?:first|top|1st)\b|^the +(?:most|least) |^the +[a-z]+est\b|第一|首位|第1",
    re.IGNORECASE,
)
# With its needs (see pattern_needs): most figures hold none, and are not searched with it.
_RANK_NEEDS: Final[Patterns[str]] = Patterns(
    ((_RANK, "rank", ("rank", "first", "top", "1st", "the", "第一", "首位", "第1")),)
)
_LEVEL: Final = re.compile(r"(?:\bto|至|到)\s*$")  # "increased to 15,000 yuan", 增加到
_CHANGE_BAGS: Final = tuple(
    (tuple(stem(w) for w in word.split()), sign)
    for word, sign in CHANGE_WORDS.items()
    if word.isascii()
)
_CHANGE_HANZI: Final = tuple(
    (word, sign) for word, sign in CHANGE_WORDS.items() if not word.isascii()
)
_ANNUAL_WEIGHT: Final = 3.0
# Spellings of one phrase ("annual average", "yearly average") are one bag of stems, tried once:
# a bag tried again finds what it found, scored the same, which does not beat itself.
_ANNUAL_BAGS: Final = tuple(
    dict.fromkeys(
        (tuple(stem(w) for w in phrase.split()), _ANNUAL_WEIGHT)
        for phrase in ANNUAL_AVERAGE
        if phrase.isascii()
    )
)
_ANNUAL_HANZI: Final = tuple(phrase for phrase in ANNUAL_AVERAGE if not phrase.isascii())


@functools.lru_cache(maxsize=1024)  # a few distances and clause counts recur: each computed once
def decay(distance: float, breaks: int, which: str) -> float:
    """What a cue `distance` words and `breaks` clause marks from the figure counts (0 to 1)."""
    return float(_BREAK_FACTOR[which] ** breaks / (1 + distance / _DECAY[which]))


_Said = TypeVar("_Said")


def _first_words(bags: tuple[tuple[tuple[str, ...], _Said], ...]) -> dict[str, tuple[int, ...]]:
    """First stem -> the positions in `bags` of the phrases that begin with it."""
    index: dict[str, list[int]] = {}
    for position, (stems, _) in enumerate(bags):
        index.setdefault(stems[0], []).append(position)
    return {word: tuple(positions) for word, positions in index.items()}


_CHANGE_FIRST: Final = _first_words(_CHANGE_BAGS)
_ANNUAL_FIRST: Final = _first_words(_ANNUAL_BAGS)


def _present(
    bags: tuple[tuple[tuple[str, ...], _Said], ...],
    first_words: dict[str, tuple[int, ...]],
    side: Side,
) -> list[tuple[tuple[str, ...], _Said]]:
    """The phrases (stems, and what they say) whose first word is on `side`, in their order."""
    # best_bag finds nothing for the others. Most sides hold no first word at all: the words
    # they hold are found by one set intersection, instead of every phrase being tried.
    firsts = side.positions.keys() & first_words.keys()
    if not firsts:
        return []
    return [bags[at] for at in sorted(at for word in firsts for at in first_words[word])]


def _sides(reading: Reading, *, full: bool = False) -> tuple[tuple[str, Side], ...]:
    if full:
        return (("<", reading.left_full), (">", reading.right_full))
    return (("<", reading.left), (">", reading.right))


def _extent(side: Side, first: int, last: int) -> tuple[int, int]:
    near, far = side.words[first], side.words[last]
    return min(near.start, far.start), max(near.end, far.end)


def find_cues(reading: Reading, words: Vocabulary, *, full: bool = False) -> list[Evidence]:
    """Every metric cue beside the figure (over the whole window when `full`), scored."""
    found = []
    for which, side in _sides(reading, full=full):
        present = stems_present(side, words.by_stem)
        for position in sorted(present):
            bag = words.bags[position]
            size = len(bag.stems)
            if bag.side not in ("", which) or present[position] < size:
                continue  # a cue needs all its words
            if size == 1:  # most cues are one word: its nearest occurrence, compact as can be
                first = side.positions[bag.stems[0]][0]
                word = side.words[first]
                start, end, compact = word.start, word.end, 1.0
            else:
                hit = best_bag(side, bag.stems, size)
                if hit is None:
                    continue
                _, first, last = hit
                spread = sum(1 for t in side.words[first : last + 1] if t.raw not in STOPWORDS)
                compact = math.sqrt(size / max(spread, size))
                start, end = _extent(side, first, last)
            score = bag.weight * compact * decay(side.distance[first], side.breaks[first], which)
            found.append(Evidence(bag.key, score, start, end))
        for key, cue, weight in words.hanzi if side.hanzi else ():
            near = hanzi_near(side, cue, which)
            if near is not None:
                distance, breaks, start = near
                found.append(
                    Evidence(key, weight * decay(distance, breaks, which), start, start + len(cue))
                )
    return found


def find_change(reading: Reading) -> tuple[int, Evidence] | None:
    """The word of change that governs the figure, with its sign (-1 for a decrease), if any.

    "went up by 650%", "a 37% increase", "shortened by 30%": before the figure within a few
    words, or right after it, in its clause.
    """
    best: tuple[int, Evidence] | None = None
    for which, side in _sides(reading):
        reach = _CHANGE_REACH[which]
        # "up from 52 percent", "rose to 62 percent": a level the change starts or ends at.
        level = which == "<" and bool(side.words) and side.words[0].raw.lower() in _LEVEL_WORDS
        for stems, sign in _present(_CHANGE_BAGS, _CHANGE_FIRST, side):
            hit = best_bag(side, stems, len(stems))
            if hit is None or side.distance[hit[1]] > reach or side.breaks[hit[1]]:
                continue
            if level and hit[1] > 0:
                continue
            if stems[0] in _BARE_CHANGES and len(stems) == 1 and not _bare(side, hit[1], which):
                continue
            score = 1.5 * decay(side.distance[hit[1]], 0, which)
            if best is None or score > best[1].score:
                best = (sign, Evidence("", score, *_extent(side, hit[1], hit[2])))
        for cue, sign in _CHANGE_HANZI if side.hanzi else ():
            near = hanzi_near(side, cue, which)
            if near is not None and near[0] <= reach and not near[1]:
                score = 1.5 * decay(near[0], 0, which)
                if best is None or score > best[1].score:
                    best = (sign, Evidence("", score, near[2], near[2] + len(cue)))
    return best


_LEVEL_WORDS: Final = frozenset({"from", "to"})


def _bare(side: Side, position: int, which: str) -> bool:
    """Whether a bare "up" or "down" at `position` is a change (not "set up")."""
    if which == ">":
        return True  # "20 percent up" is rare; "12% down from" is a change
    farther = position + 1
    if farther >= len(side.words) or side.breaks[farther] > side.breaks[position]:
        return True
    return side.words[farther].raw in _GOING


def _annual(reading: Reading) -> Evidence | None:
    best: Evidence | None = None
    for which, side in _sides(reading):
        for stems, weight in _present(_ANNUAL_BAGS, _ANNUAL_FIRST, side):
            hit = best_bag(side, stems, len(stems))
            if hit is not None:
                score = weight * decay(side.distance[hit[1]], side.breaks[hit[1]], which)
                if best is None or score > best.score:
                    best = Evidence("", score, *_extent(side, hit[1], hit[2]))
        for cue in _ANNUAL_HANZI if side.hanzi else ():
            near = hanzi_near(side, cue, which)
            if near is not None:
                score = _ANNUAL_WEIGHT * decay(near[0], near[1], which)
                if best is None or score > best.score:
                    best = Evidence("", score, near[2], near[2] + len(cue))
    return best


def find_items(
    text: str, reading: Reading, words: Vocabulary, *, full: bool = False
) -> list[ItemHit]:
    """The items named beside the figure, best first: the counted noun, then the nearest.

    An English name matches when all its content words are close together, or most of them
    with its head noun ("large data companies" is "big data companies", "big data" is not).
    """
    hits: dict[str, ItemHit] = {}
    noun_length = 0 if full else reading.noun_length
    for which, side in _sides(reading, full=full):
        for name, matched, first, last in _item_words(side, words):
            count = len(name.stems)
            counted = False
            if last < noun_length:  # a name ending in the counted noun phrase (rarely)
                same = [p for p in side.positions[side.words[last].stem] if last <= p < noun_length]
                last = max(same, default=last)  # "major industrial industries"
                # A count counts a head noun, or a plural: not "school" in "school buildings".
                end_word = side.words[last]
                plural = end_word.start not in reading.modifiers or end_word.raw.endswith("s")
                counted = which == ">" and plural
            score = matched / count * (1 + 0.4 * matched) * (1.5 if counted else 1.0)
            score *= decay(side.distance[first], side.breaks[first], which)
            _keep(hits, ItemHit(name.key, score, *_extent(side, first, last), counted, first, last))
        for name in words.items if side.hanzi else ():
            near = hanzi_near(side, name.hanzi, which) if name.hanzi else None
            if near is not None:
                # Chinese names what it counts before the number too: 黑颈鹤数量达2829只.
                counted = near[0] <= (1 if which == ">" else 3) and not near[1]
                score = (1 + 0.2 * len(name.hanzi)) * decay(near[0], near[1], which)
                end = near[2] + len(name.hanzi)
                _keep(hits, ItemHit(name.key, score, near[2], end, counted, -1, -1))
    if len(hits) < 2:
        return list(hits.values())  # as for most figures: nothing to rank
    ranked = sorted(hits.values(), key=lambda hit: (not hit.counted, -hit.score))
    return _prefer_modifier(text, ranked)


# The item names found on the last sides read, with the side and vocabulary they are of: a side
# that no other figure cuts is read for the figure and for its whole window.
_ITEM_WORDS: dict[int, tuple[Side, Vocabulary, list[tuple[ItemName, int, int, int]]]] = {}


def _item_words(side: Side, words: Vocabulary) -> list[tuple[ItemName, int, int, int]]:
    """The English item names on `side`: each with how many of its words, first and last."""
    if side.positions.keys().isdisjoint(words.item_stems.keys()):
        return []  # as on most sides: no word of any name
    known = _ITEM_WORDS.get(id(side))
    if known is not None and known[0] is side and known[1] is words:
        return known[2]
    found = []
    present = stems_present(side, words.item_stems)
    for position in sorted(present):
        name = words.items[position]
        count = len(name.stems)
        least = _least_words(count)
        hit = best_bag(side, name.stems, least) if present[position] >= least else None
        if hit is None:
            continue
        matched, first, last = hit
        if matched < count and name.head not in (t.stem for t in side.words[first : last + 1]):
            continue
        found.append((name, matched, first, last))
    if len(_ITEM_WORDS) >= 4:
        _ITEM_WORDS.pop(next(iter(_ITEM_WORDS)))
    _ITEM_WORDS[id(side)] = (side, words, found)
    return found


@functools.cache  # a name has a few words: one answer per count
def _least_words(count: int) -> int:
    """How many of a name's `count` words must be found: 3 in 5 (rounded up), 2 at least.

    All of a name shorter than that.
    """
    return max(min(count, 2), math.ceil(0.6 * count))


def _keep(hits: dict[str, ItemHit], hit: ItemHit) -> None:
    old = hits.get(hit.key)
    if old is None or (hit.counted, hit.score) > (old.counted, old.score):
        hits[hit.key] = hit


def _prefer_modifier(text: str, items: list[ItemHit]) -> list[ItemHit]:
    """An item named just before the best one qualifies it: "cherry industry" is of cherries."""
    for hit in items[1:]:
        best = items[0]
        adjacent = hit.end <= best.start and not text[hit.end : best.start].strip()
        if adjacent and hit.counted == best.counted:
            return [hit, *(other for other in items if other is not hit)]
    return items


def score_metrics(
    reading: Reading,
    words: Vocabulary,
    candidates: Collection[str],
    kind: str,
    cues: list[Evidence],
    items: list[ItemHit],
    anywhere: list[ItemHit],
    change: tuple[int, Evidence] | None,
) -> dict[str, list[Evidence]]:
    """The evidence for each candidate metric of a figure of `kind` (see `metric_guesses`).

    `cues` are those [find_cues][swchina_dev.extraction.metric_evidence.find_cues] found
    beside the figure, `items` the items named there, `anywhere` those of the whole window. The
    words of the noun a count counts are its item's, not cues ("40,000 sets of resettlement
    housing" counts homes; it does not say people were relocated), nor are its modifiers.
    """
    by_metric: dict[str, list[Evidence]] = {}

    def add(key: str, found: Evidence) -> None:
        if key in candidates:  # evidence of another key (a change word's) is restated
            by_metric.setdefault(key, []).append(
                found if found.key == key else found._replace(key=key)
            )

    counted = next((hit for hit in items if hit.counted), None) if kind == "count" else None
    for found in cues:
        if counted is not None and counted.start <= found.start < counted.end:
            continue
        if kind == "count" and found.start in reading.modifiers:
            continue  # "15 tourist sites" counts sites, not tourists
        add(found.key, found)
    if _RANK_NEEDS.applicable(reading.figure_text) and _RANK.search(reading.figure_text):
        add("rank", Evidence("rank", 6.0, reading.start, reading.end))
    if kind == "count":
        for head, start, end in reading.heads:
            key, weight = COUNT_HEADS[head]  # the noun counted decides, wherever in its phrase
            add(key, Evidence(key, weight, start, end))
    if items:
        for key, weight in KIND_METRICS.get(words.item_kinds[items[0].key].value, ()):
            add(key, Evidence(key, weight * min(items[0].score, 1.5), 0, 0))
    if counted is not None:  # what a count counts is its item: a number of it
        add("number", Evidence("number", 2.5 * min(counted.score, 1.5), 0, 0))
    if change is not None and kind == "relative":
        add("change_over_period", change[1])
    annual = _annual(reading)
    if annual is not None:
        add("average_annual_growth", annual)
    if change is not None:
        named = counted is not None or bool(anywhere)
        _add_changes(add, change[1], reading, words, candidates, cues, named)
    # The level word ends the text: its last three characters (with the one before "to") decide.
    if _LEVEL.search(reading.before.rstrip()[-3:]):
        for key in words.changing:
            by_metric.pop(key, None)  # "increased to 15,000 yuan" is the level reached
    return by_metric


def _add_changes(
    add: Callable[[str, Evidence], None],
    change: Evidence,
    reading: Reading,
    words: Vocabulary,
    candidates: Collection[str],
    cues: list[Evidence],
    named: bool,
) -> None:
    """Score the "change in X" metrics: a change word at the figure, and X in the sentence.

    `cues` are those beside the figure: the whole window's too when neither another figure nor
    the word limit cuts its sides.
    """
    sentence_cues: list[Evidence] | None = None
    for key, base in words.bases.items():
        if key not in candidates:
            continue
        if words.metrics[base].item_required:
            if named:  # "up by 232" (cranes): a change in their number
                add(key, change._replace(score=change.score + 1.0))
            continue
        if sentence_cues is None:
            whole = reading.left_full is reading.left and reading.right_full is reading.right
            sentence_cues = cues if whole else find_cues(reading, words, full=True)
        said = [e for e in sentence_cues if e.key == base]
        if said:
            best = max(said, key=lambda e: e.score)
            add(key, change._replace(score=change.score + best.score))
            add(key, best._replace(score=0.1))  # the words of X, for its item
