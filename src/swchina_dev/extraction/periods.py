"""The period and status of a figure in running text, read from the words around it.

[guess_period][swchina_dev.extraction.periods.guess_period] takes a figure's place in an article
and the article's date and says what time the figure refers to and whether it happened
(`reported`), is a goal (`target`) or an estimate (`estimate`), with the words that decided
and how sure it is. The time expressions are read by
[scan_times][swchina_dev.extraction.period_cues.scan_times]; this module chooses among them.

Choosing the period, first rule that applies:

1. A time in the figure's own clause, the nearest ("who grew oranges on 500 mu in 2023, now
   reaps 3 million yuan": 500 mu is 2023, 3 million yuan is now). A change with its start in
   the clause ("a 37% increase from 2019") runs from that start to the time the rest of the
   sentence gives ("in 2023": `2019/2023`), or to the article date.
2. A time in an earlier clause of the sentence (the nearest), then in a later one ("..., Li
   told a press briefing on Friday": a stock as of that day).
3. The year of a founding or launch ("established in 2011", "since its establishment in
   2015") only when it is in the figure's own clause and nothing else was said: a figure in
   the present is not a figure of its founding year.
4. The previous sentences (`context`): their last time, when the sentence continues them,
   with a lower confidence: a sentence the splitter cut ("Co., Ltd. reached 1 billion yuan"
   starts in lower case); one starting "These", "It", "Each", "The company"... or saying
   "will", when the earlier time is ahead or a plan; and a sentence in the past tense with no
   time of its own (narrative: "On July 16th, 2015, the first train left. The journey took
   14 days"). A day carried to another sentence is widened to its month: the later sentence
   tells of the days around it, not of that day.
5. Nothing: a stock as of the article date (`asof:`), confidence 0.5 when the sentence is in
   the present ("has", "is"), 0.4 when it says nothing of time at all.

Words that refer to a time stated before ("that year", "at that time", "two years later", a
day or month without its year) are read against the last time the text stated, however many
paragraphs back ("in 2018" ... "that year" ... "Two years later": 2020); `extract` finds it
with [StatedTimes][swchina_dev.extraction.periods.StatedTimes], `guess_period` in its
`context`.

A span of months ("the first three quarters of 2019", "2019年1-9月") is a span of days
(`2019-01-01/2019-09-30`): [Period][swchina_dev.models.Period] has no span-of-months
granularity, and the days say the same thing exactly. A span ahead with a level target
("In the next five years ... These clusters will each be worth 100 billion yuan") is the last
year of the span: a level is reached by the end. A reported figure's period ends by the
article date (the curation rule): "this year" in a reported sentence is 1 January to the
article date, and so is "since 2012"; a goal achieved whose time is still ahead is as of the
article date.

Choosing the status: a goal the sentence says was achieved ("has achieved the goals ... to
develop 3 million mu") is `reported`, with status confidence 0.5: the curation records such a
goal twice, as a target and as reported at the article date, and one guess can only be one of
them. Otherwise the nearest goal or estimate word of the figure's clause ("plans to", "will",
"expected to", 计划, 预计), then the status the time implies ("by 2025" ahead of the article,
"in the next five years": target), then a period in the future (target, whatever the verb),
then a goal word elsewhere in the sentence unless the figure's own clause dates it in the past,
and else `reported`.

Examples:
    >>> import datetime as dt
    >>> text = "Last year, the output reached 1.4 trillion yuan."
    >>> guess = guess_period(text, (0, len(text)), (30, 47), dt.date(2021, 5, 31))
    >>> str(guess.period), guess.status.value, guess.cues
    ('2020', 'reported', ('Last year',))
    >>> text = "Guian plans to create 12 mega data centers by 2025."
    >>> guess = guess_period(text, (0, len(text)), (22, 42), dt.date(2021, 5, 31))
    >>> str(guess.period), guess.status.value, guess.cues
    ('2025', 'target', ('by 2025', 'plans to'))
"""

from __future__ import annotations

import bisect
import datetime as dt
import re
from collections.abc import Callable, Sequence
from typing import Final, TypeVar

import attrs

from swchina_dev.errors import ValidationError
from swchina_dev.extraction.period_cues import (
    Cue,
    Kind,
    clause_bounds,
    scan_times,
    scan_times_once,
)
from swchina_dev.extraction.status_cues import StatusCue, scan_statuses
from swchina_dev.extraction.time_words import as_of, year_period
from swchina_dev.models import Granularity, Period, Status

__all__ = ["PeriodGuess", "StatedTimes", "guess_period", "read_period"]

_C = TypeVar("_C", Cue, StatusCue)

#: How far from the figure, in characters each way, the sentence and the context are read.
REACH: Final = 2000
#: How many sentences back "that year" looks for the time it refers to.
ANCHOR_SENTENCES: Final = 200

_CONTINUES = re.compile(
    r"\W*(?:(?i:these|this|those|it|its|they|their|each|such|both|the\s+(?:company|firm"
    r"|enterprise|group|project|programme|program|plan|province|city|county|village|town|region"
    r"|zone|area|park|government|platform|plant|factory|initiative|scheme|base|clusters?))(?!\w)"
    r"|其|这些|这|该|此|它)"
)
_WILL = re.compile(r"(?i:\b(?:will|shall)\b|['’]ll\b)|将(?!近)")
_PAST = re.compile(
    r"(?i:\b(?:was|were|had|did|took|made|went|came|grew|rose|fell|began|became|got|saw|bought"
    r"|sold|left|spent|lasted|stood|won|led|ran|held|brought|gave|found|kept|[a-z]{3,}ed)\b)"
)
_PRESENT = re.compile(r"(?i:\b(?:is|are|am|has|have|will|can|shall|now|currently|today)\b)|已|正")
_LEVEL = re.compile(
    r"(?i:\bwill\s+(?:\w+ly\s+)?(?:be|reach|exceed|top|hit|surpass|total|amount\s+to|stand\s+at"
    r"|grow\s+to|rise\s+to|increase\s+to)\b|\bworth\b)|达到|突破|超过"
)


@attrs.frozen
class PeriodGuess:
    """The period and status of one figure, with the words that chose them.

    Attributes:
        period: The time the figure refers to.
        status: Whether it happened, is a goal, or is an estimate.
        cues: The words that chose them, as in the text ("last year", "by 2025"); empty when
            nothing was said and the article date was assumed.
        confidence: How sure the period is, 0..1.
        status_confidence: How sure the status is, 0..1.
    """

    period: Period
    status: Status
    cues: tuple[str, ...]
    confidence: float
    status_confidence: float


class _Sentence:
    """The scanned stretch of a sentence, the figure's place in it and its clauses.

    A plain class with slots: one is made for every figure an article has.
    """

    __slots__ = ("bounds", "figure", "first", "last", "text", "whole")

    def __init__(
        self, text: str, figure: tuple[int, int], bounds: tuple[int, ...], whole: bool
    ) -> None:
        self.text: Final = text
        self.figure: Final = figure
        self.bounds: Final = bounds
        self.whole: Final = whole  # the stretch starts where the sentence does
        # The clauses the figure's first and last characters are in.
        self.first: Final = self.clause(figure[0])
        self.last: Final = self.clause(max(figure[1] - 1, 0))

    def clause(self, position: int) -> int:
        return bisect.bisect_left(self.bounds, position)

    def own(self, start: int) -> bool:
        """Whether `start` is in one of the clauses the figure spans."""
        return self.first <= bisect.bisect_left(self.bounds, start) <= self.last

    def distance(self, start: int, end: int) -> int:
        return max(0, start - self.figure[1], self.figure[0] - end)


def guess_period(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    article_date: dt.date,
    *,
    context: str = "",
) -> PeriodGuess:
    """Guess the period and status of the figure at `span` in `text`.

    Args:
        text: The article (or any text holding the sentence).
        sentence: Start and end offsets of the figure's sentence in `text`.
        span: Start and end offsets of the figure, qualifier included; offsets out of range
            are clamped, and a figure outside its sentence widens the sentence.
        article_date: The article's date, which "last year", "now" and "by 2025" are read
            against.
        context: The previous sentences of the paragraph, for times a sentence carries on
            ("In the next five years, ... These clusters will ...").

    Returns:
        The guess; never fails on any text: a sentence that says nothing of time gives a stock
        as of the article date.

    Raises:
        ValidationError: `article_date` is not a date, `text` or `context` not a string, or an
            offset not an integer.

    Examples:
        >>> import datetime as dt
        >>> text = "Its trade grew by 33.8 percent in the past two years."
        >>> guess = guess_period(text, (0, len(text)), (18, 30), dt.date(2024, 6, 15))
        >>> str(guess.period), guess.status.value
        ('2022/2023', 'reported')
    """
    today = _check(text, sentence, span, article_date, context)
    return read_period(text, sentence, span, today, lambda: context)


def read_period(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    today: dt.date,
    context: Callable[[], str],
    stated: Callable[[], Period | None] | None = None,
) -> PeriodGuess:
    """[guess_period][swchina_dev.extraction.periods.guess_period] for arguments of known types.

    `context` gives the previous sentences when they are needed (most figures do not need
    them): `extract` reads every figure of an article so, its offsets valid by construction.
    `stated` gives the last time the text stated before the sentence, however far back, which
    "that year" and "two years later" refer to (default: the context's last time).
    """
    found = _stretch(text, sentence, span)
    # The sentence first, on its own: the context is read only when the sentence's times need
    # it ("that year", a month without its year) or the sentence has no time of its own.
    own_cues, _, needs_anchor = scan_times_once(found.text, today)
    cues = list(own_cues)
    chosen, confidence, own = _choose(found, cues)
    if needs_anchor:
        anchor = stated() if stated is not None else scan_times(context()[-REACH:], today)[1]
        if anchor is not None:
            cues, _ = scan_times(found.text, today, anchor)
            chosen, confidence, own = _choose(found, cues)
    if chosen is None:
        chosen, confidence = _carry(found, lambda: scan_times(context()[-REACH:], today)[0], today)
    if chosen is None:
        period, words = as_of(today), []
        confidence = 0.5 if _PRESENT.search(found.text) else 0.4
    else:
        period, words = _period_of(chosen), [chosen.text]
    base = _nearest([c for c in cues if c.kind is Kind.BASE and found.own(c.start)], found)
    if base is not None and base.period.start < period.start:
        period, words = _from_base(base.period.start, period, today), [base.text, *words]
    if chosen is not None and chosen.horizon and _in_own_clause(_LEVEL, found):
        period, confidence = year_period(chosen.period.end.year), confidence * 0.8
    dated_past = own and period.end <= today and period.granularity is not Granularity.AS_OF
    status, status_confidence, status_word = _status(found, chosen, period, today, dated_past)
    if (
        status is Status.REPORTED
        and period.start <= today < period.end
        and period.granularity is not Granularity.AS_OF
    ):  # a reported figure cannot run past the article's date: up to that date
        period, confidence = Period.between(period.start, today), confidence * 0.85
    elif status is Status.REPORTED and period.start > today:  # a goal for later, achieved now
        period, confidence = as_of(today), confidence * 0.5
    if status_word and status_word not in words:
        words.append(status_word)
    return PeriodGuess(period, status, tuple(words), round(confidence, 3), status_confidence)


@attrs.define
class StatedTimes:
    """The last time an article states before each of its sentences, read once per sentence.

    "That year", "two years later" and "On February 11th" refer to the last time the text
    stated, which may be paragraphs back ("in 2018" ... "that year" ... "Two years later").
    Each sentence is scanned at most once, and a search goes back at most
    `ANCHOR_SENTENCES` sentences, so the work stays linear in the text.

    Attributes:
        text: The article.
        sentences: Its sentences' (start, end) offsets, in order.
        today: The article's date.
    """

    text: str
    sentences: Sequence[tuple[int, int]]
    today: dt.date
    _own: dict[int, tuple[Period | None, bool]] = attrs.field(factory=dict, init=False)
    _before: dict[int, Period | None] = attrs.field(factory=dict, init=False)

    def before(self, index: int, budget: int = ANCHOR_SENTENCES) -> Period | None:
        """The last time stated in the sentences before the one at `index`."""
        if index in self._before:
            return self._before[index]
        found: Period | None = None
        for earlier in range(index - 1, max(-1, index - 1 - budget), -1):
            last, needed = self._scan(earlier)
            if needed:  # its own "that year" or "On February 11th": what it refers to first
                prior = self.before(earlier, budget - (index - earlier))
                if prior is not None:
                    start, end = self.sentences[earlier]
                    _, last = scan_times(self.text[start:end], self.today, prior)
            if last is not None:
                found = last
                break
        self._before[index] = found
        return found

    def _scan(self, index: int) -> tuple[Period | None, bool]:
        if index not in self._own:
            start, end = self.sentences[index]
            _, last, needed = scan_times_once(self.text[start:end], self.today)
            self._own[index] = (last, needed)
        return self._own[index]


def _check(
    text: object, sentence: object, span: object, article_date: object, context: object
) -> dt.date:
    if not isinstance(text, str) or not isinstance(context, str):
        raise ValidationError("the text and its context must be strings", field="text")
    for name, pair in (("sentence", sentence), ("span", span)):
        if not (isinstance(pair, Sequence) and len(pair) == 2) or not all(
            isinstance(offset, int) and not isinstance(offset, bool) for offset in pair
        ):
            raise ValidationError(f"{name} must be two integer offsets, got {pair!r}", field=name)
    if isinstance(article_date, dt.datetime):
        return article_date.date()
    if not isinstance(article_date, dt.date):
        raise ValidationError(f"article_date must be a date, got {article_date!r}", field="date")
    return article_date


def _stretch(text: str, sentence: tuple[int, int], span: tuple[int, int]) -> _Sentence:
    size = len(text)
    start, end = _clamped(span, size)
    end = min(end, start + REACH)  # a figure "span" of a whole book reads as its start
    first, last = _clamped(sentence, size)
    first, last = min(first, start), max(last, end)
    low, high = max(first, start - REACH), min(last, end + REACH)
    piece = text[low:high]
    return _Sentence(piece, (start - low, end - low), clause_bounds(piece), low == first)


def _clamped(pair: tuple[int, int], size: int) -> tuple[int, int]:
    """Two offsets within 0..`size`, the smaller first."""
    one, other = pair
    if 0 <= one <= other <= size:  # as every figure `extract` reads gives them
        return one, other
    one, other = min(max(one, 0), size), min(max(other, 0), size)
    return (one, other) if one <= other else (other, one)


def _nearest(cues: list[_C], found: _Sentence) -> _C | None:
    # The closest to the figure; on a tie the earlier one (the time usually comes first).
    if not cues:  # most of the groups asked about are empty
        return None
    if len(cues) == 1:  # and most of the others hold one
        return cues[0]
    return min(cues, key=lambda cue: (found.distance(cue.start, cue.end), cue.start))


def _choose(found: _Sentence, cues: list[Cue]) -> tuple[Cue | None, float, bool]:
    # The cues sorted once by where they are; the nearest of the first group that has one wins:
    # a time of the figure's own clauses, of an earlier clause, of a later one, and last the
    # year of a founding in its own clauses.
    own: list[Cue] = []
    before: list[Cue] = []
    after: list[Cue] = []
    events: list[Cue] = []
    for cue in cues:
        if cue.kind is Kind.BASE:
            continue
        clause = found.clause(cue.start)
        if found.first <= clause <= found.last:
            (events if cue.event else own).append(cue)
        elif not cue.event:
            (before if clause < found.first else after).append(cue)
    for confidence, candidates, in_own in (
        (0.9, own, True),
        (0.8, before, False),
        (0.65, after, False),
        (0.6, events, True),
    ):
        if (nearest := _nearest(candidates, found)) is not None:
            return nearest, confidence * nearest.weight, in_own
    return None, 0.0, False


def _carry(
    found: _Sentence, carried: Callable[[], list[Cue]], today: dt.date
) -> tuple[Cue | None, float]:
    """The time of the context (its cues, `carried`) the sentence continues, if it does.

    The sentence is read first: the context is scanned only when the sentence could go on in
    its time (most sentences that state no time of their own cannot).
    """
    head = found.text.lstrip(" \t\"'“‘(")
    cut = found.whole and head[:1].islower()  # the splitter cut a sentence: the same sentence
    goes_on = found.whole and bool(_CONTINUES.match(head) or _WILL.search(found.text))
    past = bool(_PAST.search(found.text)) and not _PRESENT.search(found.text)
    if not (cut or goes_on or past):
        return None, 0.0
    usable = [c for c in carried() if c.kind is not Kind.BASE and not c.event]
    if not usable:
        return None, 0.0
    last = usable[-1]
    if cut:
        return last, 0.7 * last.weight
    if last.period.granularity is Granularity.DAY and not last.speech:
        # Another sentence tells of the days around a dated event, not of that day.
        month = Period.month(last.period.start.year, last.period.start.month)
        last = attrs.evolve(last, period=month, weight=last.weight * 0.9)
    ahead = last.status is Status.TARGET or last.period.start > today
    if goes_on and ahead:
        return last, 0.55 * last.weight
    if past and last.kind is Kind.POINT and last.period.end <= today:
        return last, 0.45 * last.weight
    return None, 0.0


def _period_of(cue: Cue) -> Period:
    if cue.speech:  # "..., Li told a press briefing on Friday": what was so on that day
        return as_of(cue.period.start)
    return cue.period


def _from_base(start: dt.date, period: Period, today: dt.date) -> Period:
    """The span of a change from `start` to the end of `period` ("from 2019" ... "in 2023")."""
    end = period.end if period.granularity is not Granularity.AS_OF else period.start
    end = min(end, max(today, start))
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31) and end.year > start.year:
        return Period.years(start.year, end.year)
    return Period.between(start, end) if end > start else period


def _in_own_clause(pattern: re.Pattern[str], found: _Sentence) -> bool:
    return any(found.own(match.start()) for match in pattern.finditer(found.text))


def _status(
    found: _Sentence, chosen: Cue | None, period: Period, today: dt.date, dated_past: bool
) -> tuple[Status, float, str]:
    stated: list[StatusCue] = []
    for cue in scan_statuses(found.text):
        if cue.status is None:  # the first goal said to be achieved
            return Status.REPORTED, 0.5, cue.text
        stated.append(cue)
    own = [cue for cue in stated if found.own(cue.start)]
    # An estimate beats a goal word in the same clause: an expected goal is a forecast
    # ("预计全年产量将达到100万吨", "is expected to reach").
    nearest = _nearest([c for c in own if c.status is Status.ESTIMATE] or own, found)
    if nearest is not None and nearest.status is not None:
        return nearest.status, 0.85, nearest.text
    if chosen is not None and chosen.status is not None:
        return chosen.status, 0.85, ""
    if period.start > today:  # a time ahead of the article, whatever the verb says
        estimate = any(cue.status is Status.ESTIMATE for cue in stated)
        return (Status.ESTIMATE if estimate else Status.TARGET), 0.8, ""
    # A goal word of an earlier clause leads into the figure ("The county aims to build 20
    # schools, 30 clinics"); one of a later clause has a figure of its own ("Tibet has built
    # 120,000 km of roads, and the region plans to invest ...").
    other = _nearest(
        [c for c in stated if not found.own(c.start) and c.start < found.figure[0]], found
    )
    if other is not None and other.status is not None and not dated_past:
        return other.status, 0.6, other.text
    return Status.REPORTED, 0.7, ""
