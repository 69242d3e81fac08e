"""Guess what a figure of running text measures: its metric, item, breakdown and scope.

[guess_metric][swchina_dev.extraction.metric_guesses.guess_metric] reads the words around one
figure of a sentence and returns a
[MetricGuess][swchina_dev.extraction.metric_guesses.MetricGuess] in the dataset's own
vocabulary (`dataset.metrics`, `dataset.items`):

- the **unit** restricts the metrics to those whose dimensionality accepts it (a percentage
  only to those in percent: shares, changes; an amount a year also to those of the amount:
  "200 tonnes annually" is a production, "3 million yuan in revenue a year" a revenue: `unit`
  then says the unit the metric takes);
- **cue words** near the figure choose among them: the metric's own name and label, and a small
  table of English and Chinese news words ([metric_cues][swchina_dev.extraction.metric_cues]):
  the noun phrase before ("annual output value exceeding ...", "per capita income of ..."), the
  noun after ("3 million yuan in revenue", "2 million pigs", "84 households"), the verb ("grew
  oranges on 500 mu", "recruited over 1,000 ..."), a change ("went up by 650%", "shortened by
  30%", which is `negative`); nearer cues count more, and a window stops at another figure;
- the **item** is the dataset item named nearest the figure (its name in the singular or
  plural, or most of its words, or its hanzi); the noun a count counts comes first, and it
  chooses the count's metric by its kind (`livestock` for animals, `number` otherwise);
- the **scope** is one household ("each household", "the family's", 户均) or one person ("I
  earn", "a local resident ... who"), else the subject as a whole; per capita is a metric;
- the **breakdown** is said by words beside the figure: "women" (`sex=female`), "rural
  residents" (`residence=rural`), "aged 65 and over" (`age_group=65+`), 第三产业.

Only a bounded window of the sentence is read, so the time is linear in the text, and no text
makes it raise.

Examples:
    >>> import swchina_dev as sw
    >>> text = "Hechi raised 2 million pigs and grew walnuts on 3 million mu of land."
    >>> guess = guess_metric(text, (0, len(text)), (13, 22), sw.parse_quantity("2 million"),
    ...                      sw.load())
    >>> guess.metric, guess.item, guess.item_text
    ('livestock', 'pig', 'pigs')
    >>> guess = guess_metric(text, (0, len(text)), (48, 60), sw.parse_quantity("3 million mu"),
    ...                      sw.load())
    >>> guess.metric, guess.item, guess.cues
    ('planted_area', 'walnut', ('grew', 'walnuts'))
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping
from operator import attrgetter
from typing import Final

import attrs

from swchina_dev.catalog import Dataset
from swchina_dev.errors import SwchinaDevError, ValidationError
from swchina_dev.extraction.metric_cues import DEFAULTS
from swchina_dev.extraction.metric_evidence import (
    Evidence,
    ItemHit,
    find_change,
    find_cues,
    find_items,
    score_metrics,
)
from swchina_dev.extraction.metric_reading import Reading, WindowTokens, read_around
from swchina_dev.extraction.metric_scope import breakdown_of, scope_of
from swchina_dev.extraction.metric_vocabulary import Vocabulary, vocabulary
from swchina_dev.models import Measure, Scope
from swchina_dev.units import dimensionality, unit_factors, unit_ratio

__all__ = ["MetricGuess", "guess_metric"]


@attrs.frozen
class MetricGuess:
    """What a figure measures, in a dataset's vocabulary, and the words that said so.

    Attributes:
        metric: A key of `dataset.metrics`, or None when no metric fits (none accepts the
            unit, or no word says which of them).
        item: A key of `dataset.items`, or None.
        item_text: What the text says the figure counts or is of, as written, a few words at
            most ("pigs", "roxburgh rose juice"), also when no item matches.
        breakdown: `dimension=value` pairs, as [Indicator][swchina_dev.Indicator] takes them.
        scope: The subject as a whole, one household or one person in it.
        cues: The words, as written, that chose the metric, item, scope and breakdown.
        confidence: How sure the metric and item are, from 0 to 1.
        negative: Whether the text states a decrease ("shortened by 30%"): the value is to be
            negated (only ever for metrics that may be negative).
        unit: The unit to state the figure in when the metric does not take the measure's
            own, else None: `percent / year` for `average_annual_growth` of a plain
            percentage ("an annual average of 28.4 percent"), `CNY` for a revenue read as
            `CNY / year` ("3 million yuan in revenue a year": the year is the period).
    """

    metric: str | None
    item: str | None
    item_text: str | None
    breakdown: tuple[str, ...]
    scope: Scope
    cues: tuple[str, ...]
    confidence: float
    negative: bool = False
    unit: str | None = None


_BOUND_CHARS: Final = 25  # an item this close after an amount's cue is what the cue is of
_SCORE: Final = attrgetter("score")  # evidence ranked by it, the first of equals kept first
_KINDS: Final = {"[length] ** 2": "area", "[mass]": "mass", "[length]": "length", "[time]": "time"}


def guess_metric(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    measure: Measure,
    dataset: Dataset,
    read: WindowTokens | None = None,
) -> MetricGuess:
    """Guess the metric, item, breakdown and scope of one figure of a sentence.

    Args:
        text: The article (or any text holding the sentence).
        sentence: Start and end offsets of the figure's sentence in `text`.
        span: Start and end offsets of the figure (its qualifier included).
        measure: The figure as read: its unit tells the dimension.
        dataset: Whose metrics and items to answer in.
        read: Tokens of `text` read once for the figures of the sentence
            ([shared_windows][swchina_dev.extraction.metric_reading.shared_windows]), or None:
            the words around the figure are then read from the text.

    Returns:
        The guess.

    Raises:
        ValidationError: An argument has the wrong type (never for what the text says).
    """
    if not isinstance(text, str) or not isinstance(measure, Measure):
        raise ValidationError("guess_metric reads a text and a Measure", field="text")
    words = vocabulary(dataset)
    reading = read_around(text, *_bounds(text, sentence, span), read)
    candidates, kind = _candidates(measure.unit, words)
    cues = find_cues(reading, words)
    items = find_items(text, reading, words)
    anywhere = find_items(text, reading, words, full=True)
    change = find_change(reading)
    # Words that are a metric's cue as a whole name it, not an item: "population", 进出口.
    said = {(cue.start, cue.end) for cue in cues if cue.key in candidates}
    named = [hit for hit in items if (hit.start, hit.end) not in said]
    scores = score_metrics(reading, words, candidates, kind, cues, named, anywhere, change)
    scope, scope_cues = scope_of(text, reading)
    if scope is Scope.HOUSEHOLD and "household_income" in scores:
        scores["household_income"].append(Evidence("household_income", 1.5, 0, 0))
    metric, confidence, chosen = _choose(scores, candidates, kind, words)
    item, elsewhere = _item_for(metric, chosen, items, anywhere, kind, reading, words)
    if metric is not None and _needs_item(metric, words):
        confidence *= 0.5 if item is None else 0.85 if elsewhere else 1.0
    breakdown, breakdown_cues = breakdown_of(text, reading)
    words_said = [text[e.start : e.end] for e in chosen]
    if item is not None:
        words_said.append(text[item.start : item.end])
    negative = (
        metric is not None
        and not words.metrics[metric].non_negative
        and change is not None
        and change[0] < 0
    )
    return MetricGuess(
        metric=metric,
        item=None if item is None else item.key,
        item_text=text[item.start : item.end] if item is not None else reading.noun_text,
        breakdown=breakdown,
        scope=scope,
        cues=tuple(dict.fromkeys(c for c in (*words_said, *scope_cues, *breakdown_cues) if c)),
        confidence=round(min(confidence, 0.95), 2),
        negative=negative,
        unit=None if metric is None else _restated(measure.unit, words.metrics[metric].accepts),
    )


def _bounds(
    text: str, sentence: tuple[int, int], span: tuple[int, int]
) -> tuple[int, int, int, int]:
    """The figure's and the sentence's offsets, within the text, the sentence holding the figure."""
    try:
        (first, last), (begin, end) = span, sentence
        numbers = [min(max(int(n), 0), len(text)) for n in (first, last, begin, end)]
    except (TypeError, ValueError, OverflowError):
        raise ValidationError(
            "span and sentence are (start, end) pairs of offsets", field="span"
        ) from None
    first, last, begin, end = numbers
    first, last = min(first, last), max(first, last)
    return first, last, min(begin, first), max(end, last)


# The candidates of each unit, per vocabulary (the vocabulary kept with its entry, so that its
# id is not reused while the entry is here): every figure of a unit asks the same question.
_CANDIDATES: dict[tuple[int, str], tuple[Vocabulary, tuple[frozenset[str], str]]] = {}
_MAX_CANDIDATES: Final = 512


def _candidates(unit: str, words: Vocabulary) -> tuple[frozenset[str], str]:
    """The metrics a unit allows, and the unit's kind (`area`, `currency`, `count`, ...).

    A percentage goes only to the metrics in percent (their description says so), and a
    plain count only to the others; an amount per year also to the metrics of the amount.
    """
    key = (id(words), unit)
    known = _CANDIDATES.get(key)
    if known is not None and known[0] is words:
        return known[1]
    found = _metrics_for(unit, words)
    if len(_CANDIDATES) >= _MAX_CANDIDATES:
        _CANDIDATES.pop(next(iter(_CANDIDATES)))
    _CANDIDATES[key] = (words, found)
    return found


def _metrics_for(unit: str, words: Vocabulary) -> tuple[frozenset[str], str]:
    try:
        factors = dict(unit_factors(unit))
        dimension = dimensionality(unit)
        per_year = unit_ratio(unit, "1 / year") if factors.get("year") == -1 else None
        a_year = unit_ratio(unit, "year")
    except SwchinaDevError:
        return frozenset(), "other"
    relative = any(name in ("percent", "permille") for name in factors)
    candidates = set()
    for key, metric in words.metrics.items():
        try:
            accepts = metric.accepts(unit) or (per_year is not None and metric.accepts(per_year))
            accepts = accepts or (relative and metric.accepts(a_year))  # percent a year
        except SwchinaDevError:
            continue
        if accepts and relative == (key in words.relative):
            candidates.add(key)
    if relative:
        kind = "relative"
    elif dimension == "dimensionless":
        kind = "count"
    elif "[currency" in dimension:
        kind = "currency"
    elif dimension == "1 / [time]":
        kind = "rate"
    else:
        kind = _KINDS.get(dimension, "other")
    return frozenset(candidates), kind


def _restated(unit: str, accepts: Callable[[str], bool]) -> str | None:
    """The unit a metric takes a figure in, when not the figure's own: without or with "a year"."""
    try:
        if accepts(unit):
            return None
        for other in (unit_ratio(unit, "1 / year"), unit_ratio(unit, "year")):
            if accepts(other):
                return other
    except SwchinaDevError:
        pass
    return None


def _needs_item(metric: str, words: Vocabulary) -> bool:
    """Whether the metric, or the X of a "change in X" metric, must say what it is of."""
    base = words.bases.get(metric)
    return words.metrics[metric].item_required or (
        base is not None and words.metrics[base].item_required
    )


def _choose(
    scores: Mapping[str, list[Evidence]],
    candidates: Collection[str],
    kind: str,
    words: Vocabulary,
) -> tuple[str | None, float, list[Evidence]]:
    """The best-supported metric, a confidence from its lead over the next, and its cues."""
    totals = {}
    ranks: dict[str, list[Evidence]] = {}  # each metric's evidence, best first
    for key, found in scores.items():
        ranked = sorted(found, key=_SCORE, reverse=True)
        top = ranked[0]
        # Other cues add a little, if they are other words ("per capita income" is one cue).
        others = [e.score for e in ranked[1:] if e.end <= top.start or e.start >= top.end]
        totals[key] = top.score + 0.25 * sum(others[:2])
        ranks[key] = ranked
    ranking = sorted(totals.items(), key=lambda pair: -pair[1])
    if ranking and ranking[0][1] > 0:
        key, best = ranking[0]
        second = ranking[1][1] if len(ranking) > 1 else 0.0
        confidence = 0.2 + 0.4 * best / (best + 1) + 0.35 * (best - second) / best
        return key, confidence, [e for e in ranks[key][:2] if e.end > e.start]
    # No word said: the one metric of the dimension that needs none (an area, a duration).
    for key in DEFAULTS.get(kind, ()):
        if key in candidates and not words.metrics[key].item_required:
            return key, 0.2, []
    if len(candidates) == 1:
        return next(iter(candidates)), 0.2, []
    return None, 0.0, []


def _item_for(
    metric: str | None,
    chosen: list[Evidence],
    items: list[ItemHit],
    anywhere: list[ItemHit],
    kind: str,
    reading: Reading,
    words: Vocabulary,
) -> tuple[ItemHit | None, bool]:
    """The item of the figure, and whether it was found away from the figure's own words."""
    if metric is None:
        return None, False
    said = {(cue.start, cue.end) for cue in chosen}
    items = [hit for hit in items if (hit.start, hit.end) not in said]
    anywhere = [hit for hit in anywhere if (hit.start, hit.end) not in said]
    if _needs_item(metric, words):
        if items:
            return items[0], False
        return (anywhere[0], True) if anywhere else (None, False)
    counted = next((hit for hit in items if hit.counted), None)
    if counted is not None or kind in ("count", "time", "length", "other"):
        return counted, False  # households, jobs, people: what is counted is the metric
    if kind == "relative":
        return (items[0] if items else None), False  # the subject of "accounted for", "grew"
    # An amount is of the item its cue names: "output value of cherries", "value of industrial
    # production"; an item before the cue is the subject's ("4 million servers with a capital
    # investment of").
    for cue in chosen:
        for hit in (*items, *anywhere):
            if hit.start < cue.start:
                continue
            if cue.end <= reading.start:
                bound = hit.end <= reading.start  # within the cue, or between it and the figure
            else:
                bound = hit.end <= cue.end or hit.start - cue.end <= _BOUND_CHARS
            if bound:
                return hit, False
    return None, False
