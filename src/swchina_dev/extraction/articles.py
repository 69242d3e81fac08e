"""Read every figure of a whole article into draft indicators: [extract][swchina_dev.extract].

Examples:
    >>> import datetime
    >>> import swchina_dev as sw
    >>> text = (
    ...     "Chengmanyuan community in Qingshuipu town, Qixingguan district, Bijie has "
    ...     "orchards on over 7,800 mu (520 hectares). Last year, the community "
    ...     "earned 3 million yuan."
    ... )
    >>> drafts = extract(text, date=datetime.date(2025, 1, 23))
    >>> for d in drafts:
    ...     print(d.phrase, "|", d.measure, "|", d.stated_conversion, "|", d.subject.id)
    over 7,800 mu | at least 7,800 mu | 520 hectare | 520502116-chengmanyuan
    3 million yuan | 3,000,000 CNY | None | 520502116-chengmanyuan
"""

from __future__ import annotations

import bisect
import datetime as dt
from functools import partial
from itertools import groupby
from operator import itemgetter
from typing import Final

from swchina_dev.catalog import Dataset, load
from swchina_dev.errors import SwchinaDevError, ValidationError
from swchina_dev.extraction.drafts import Draft
from swchina_dev.extraction.figures import Figure, find_figures
from swchina_dev.extraction.mentions import Mention, find_mentions
from swchina_dev.extraction.metric_guesses import guess_metric
from swchina_dev.extraction.metric_reading import WindowTokens, shared_windows
from swchina_dev.extraction.periods import StatedTimes, read_period
from swchina_dev.extraction.sentences import Sentence, split_sentences
from swchina_dev.extraction.subjects import resolve_subjects, subject_in_period
from swchina_dev.models import Measure, Qualifier, Source
from swchina_dev.serialization import paused_collection

__all__ = ["MAX_ARTICLE_LENGTH", "extract"]

#: Longest text `extract` reads (characters): 10 MB, about a thousand long articles.
MAX_ARTICLE_LENGTH: Final = 10_000_000
# Previous sentences of the paragraph handed to the period guess as context.
_CONTEXT_SENTENCES: Final = 2


def extract(
    text: str,
    *,
    date: dt.date | str,
    source: Source | None = None,
    dataset: Dataset | None = None,
) -> tuple[Draft, ...]:
    """Read every numeric claim of an article (English or Chinese) into draft indicators.

    Each figure becomes one [Draft][swchina_dev.extraction.drafts.Draft] with its span and
    sentence, its measure as [parse_quantity][swchina_dev.parse_quantity] reads it, the
    conversion the text states with it, and guesses for the subject (resolved to an id of
    `dataset` where the text names it, with the chain of names as evidence), the period and
    status (against the article's `date`), and the metric, item, breakdown and scope, each with
    a confidence.

    Args:
        text: The article's text (at most `MAX_ARTICLE_LENGTH` characters).
        date: The article's date (a date, or ISO text `"2019-11-04"`): "last year" and "now"
            are read against it.
        source: The source to cite (default: an untitled news article of that date; name the
            publisher and title before you load the drafts).
        dataset: Whose places, enterprises and vocabulary the guesses use (default: the
            bundled data).

    Returns:
        The drafts, in the order of the text.

    Raises:
        ValidationError: `text` is not a string or too long, or `date` is not a date.

    Examples:
        >>> import swchina_dev as sw
        >>> [d.phrase for d in sw.extract("Hechi has 2 million pigs.", date="2022-10-12")]
        ['2 million']
    """
    if not isinstance(text, str):
        raise ValidationError(f"extract reads text, not {type(text).__name__}", field="text")
    if len(text) > MAX_ARTICLE_LENGTH:
        raise ValidationError(
            f"the text has {len(text)} characters: extract reads at most {MAX_ARTICLE_LENGTH}",
            field="text",
        )
    day = _as_date(date)
    dataset = load() if dataset is None else dataset
    source = _default_source(day) if source is None else source
    if not isinstance(source, Source):
        raise ValidationError(
            f"source must be a Source, not {type(source).__name__}", field="source"
        )
    # The drafts and their parts hold no reference cycles: the collector's passes over the
    # growing heap would find nothing to free.
    with paused_collection():
        return _read_drafts(text, day, source, dataset)


def _read_drafts(text: str, day: dt.date, source: Source, dataset: Dataset) -> tuple[Draft, ...]:
    sentences = split_sentences(text)
    mentions = find_mentions(text, dataset)
    figures = _outside_names(find_figures(text), mentions)
    subjects = resolve_subjects(text, sentences, figures, dataset, mentions=mentions)
    drafts = []
    sentence_of = _Finder(sentences)
    indices = [sentence_of(figure.start) for figure in figures]
    shared = _shared_tokens(text, sentences, figures, indices)
    stated = StatedTimes(text, [(s.start, s.end) for s in sentences], day)
    for number, (figure, subject, index, read) in enumerate(
        zip(figures, subjects, indices, shared, strict=True), start=1
    ):
        sentence = sentences[index] if index is not None else Sentence(figure.start, figure.end, 0)
        bounds = (sentence.start, sentence.end)
        span = (figure.start, figure.end)
        period = read_period(
            text,
            bounds,
            span,
            day,
            partial(_context, text, sentences, index),
            None if index is None else partial(stated.before, index),
        )
        metric = guess_metric(text, bounds, span, figure.measure, dataset, read)
        drafts.append(
            Draft(
                id=f"{source.id}-{number:03d}",
                span=span,
                phrase=figure.text,
                sentence_span=bounds,
                sentence=text[sentence.start : sentence.end],
                measure=_stated_in(_signed(figure.measure, negative=metric.negative), metric.unit),
                stated_conversion=figure.conversion,
                conversion_span=figure.conversion_span,
                subject=subject_in_period(subject, period.period, dataset),
                period=period,
                metric=metric,
                source=source,
            )
        )
    return tuple(drafts)


def _shared_tokens(
    text: str, sentences: list[Sentence], figures: list[Figure], indices: list[int | None]
) -> list[WindowTokens | None]:
    """For each figure, the tokens read once for it and its sentence's other figures, if any.

    `indices` are the figures' sentences (in order, as the figures are).
    """
    shared: list[WindowTokens | None] = []
    for index, group in groupby(zip(indices, figures, strict=True), key=itemgetter(0)):
        spans = [(figure.start, figure.end) for _, figure in group]
        if index is None:
            shared.extend([None] * len(spans))
        else:
            bounds = (sentences[index].start, sentences[index].end)
            shared.extend(shared_windows(text, bounds, spans))
    return shared


def _outside_names(figures: list[Figure], mentions: list[Mention]) -> list[Figure]:
    """The figures that are not part of a name the dataset knows: 三元镇 is no 3 yuan.

    Both lists are in the order of the text and mentions do not overlap, so one walk finds,
    for each figure, the last name that starts at or before it.
    """
    names = [(mention.start, mention.end) for mention in mentions if mention.kind == "name"]
    kept: list[Figure] = []
    index = 0
    for figure in figures:
        while index < len(names) and names[index][1] <= figure.start:
            index += 1
        if index < len(names) and names[index][0] <= figure.start and figure.end <= names[index][1]:
            continue
        kept.append(figure)
    return kept


def _as_date(date: object) -> dt.date:
    if isinstance(date, dt.datetime):
        return date.date()
    if isinstance(date, dt.date):
        return date
    if isinstance(date, str):
        try:
            return dt.date.fromisoformat(date.strip())
        except ValueError:
            pass
    raise ValidationError(
        f"date must be the article's date (a date or 'YYYY-MM-DD'), not {date!r}", field="date"
    )


def _default_source(day: dt.date) -> Source:
    return Source(
        id=f"draft-{day.isoformat()}",
        publisher="unknown publisher",
        title="untitled article",
        date=day,
        kind="news_article",
        note="Drafts read by swchina_dev.extract: name the publisher and title.",
    )


class _Finder:
    """The sentence of each figure; figures come in order, so the search goes forward only."""

    def __init__(self, sentences: list[Sentence]) -> None:
        self.sentences: Final = sentences
        self.ends: Final = [sentence.end for sentence in sentences]  # increasing
        self.index = 0

    def __call__(self, position: int) -> int | None:
        # The first sentence from here on that ends after `position`.
        self.index = bisect.bisect_right(self.ends, position, self.index)
        if self.index < len(self.sentences) and self.sentences[self.index].start <= position:
            return self.index
        return None


def _context(text: str, sentences: list[Sentence], index: int | None) -> str:
    if index is None:
        return ""
    paragraph = sentences[index].paragraph
    earlier = [
        sentence
        for sentence in sentences[max(0, index - _CONTEXT_SENTENCES) : index]
        if sentence.paragraph == paragraph
    ]
    if not earlier and index > 0:
        # A paragraph's first sentence continues the one before it ("In the next five years,
        # ..." then, in a paragraph of its own, "These clusters will be worth ...").
        earlier = [sentences[index - 1]]
    return " ".join(text[s.start : s.end] for s in earlier)


def _stated_in(measure: Measure, unit: str | None) -> Measure:
    # The metric's own unit for the same number: "an annual average of 28.4 percent" is 28.4
    # percent a year; "3 million yuan in revenue a year" is the year's 3 million yuan.
    if unit is None or unit == measure.unit:
        return measure
    ranged = measure.qualifier is Qualifier.RANGE
    try:
        return Measure.from_parts(
            None if ranged else measure.magnitude,
            unit,
            measure.qualifier,
            measure.lower_magnitude if ranged else None,
            measure.upper_magnitude if ranged else None,
        )
    except SwchinaDevError:
        return measure


def _signed(measure: Measure, *, negative: bool) -> Measure:
    if not negative:
        return measure
    if measure.qualifier is Qualifier.RANGE:
        assert measure.lower_magnitude is not None
        assert measure.upper_magnitude is not None
        return Measure.from_parts(
            None, measure.unit, Qualifier.RANGE, -measure.upper_magnitude, -measure.lower_magnitude
        )
    return Measure.from_parts(-measure.magnitude, measure.unit, measure.qualifier)
