"""A draft indicator: one claim read from an article, with what chose each field and how sure.

A [Draft][swchina_dev.extraction.drafts.Draft] is what
[extract][swchina_dev.extraction.articles.extract] returns: the figure's place in the text, its
measure and stated conversion, and a guess for each field of an
[Indicator][swchina_dev.Indicator] (subject, period and status, metric, item, breakdown and
scope) with its evidence and a confidence from 0 to 1. A person reviews drafts; a draft whose
subject and metric are known becomes an indicator with
[to_indicator][swchina_dev.extraction.drafts.Draft.to_indicator].
"""

from __future__ import annotations

import attrs

from swchina_dev.catalog import Dataset
from swchina_dev.errors import ValidationError
from swchina_dev.extraction.metric_guesses import MetricGuess
from swchina_dev.extraction.periods import PeriodGuess
from swchina_dev.extraction.subjects import SubjectGuess
from swchina_dev.models import Indicator, Measure, Source

__all__ = ["Draft"]


@attrs.frozen
class Draft:
    """One claim read from an article, not yet reviewed.

    Attributes:
        id: An indicator id for it (`"<source id>-<n>"`, numbered in the order of the text).
        span: Offsets of the figure in the text (`text[span[0]:span[1]]` is `phrase`).
        phrase: The figure as written (`"over 7,800 mu"`).
        sentence_span: Offsets of its sentence.
        sentence: The sentence (for review; never written to a note).
        measure: What the figure states (value, unit, qualifier and bounds), negated where the
            text says a decrease ("shortened by 30%": -30 percent).
        stated_conversion: The conversion the text gives with it (`520 hectare`), or None.
        conversion_span: Where that conversion is written, or None.
        subject: The subject guess (an id, or a name the data does not have).
        period: The period and status guess.
        metric: The metric, item, breakdown and scope guess.
        source: Where it was read.
    """

    id: str
    span: tuple[int, int]
    phrase: str
    sentence_span: tuple[int, int]
    sentence: str
    measure: Measure
    stated_conversion: Measure | None
    conversion_span: tuple[int, int] | None
    subject: SubjectGuess
    period: PeriodGuess
    metric: MetricGuess
    source: Source

    @property
    def confidence(self) -> dict[str, float]:
        """The confidence of each guessed field, 0 to 1 (the measure's is that of its reading).

        Keys: `measure`, `subject`, `period`, `status`, `metric`.
        """
        return {
            "measure": 0.95 if self.measure.unit != "dimensionless" else 0.8,
            "subject": self.subject.confidence,
            "period": self.period.confidence,
            "status": self.period.status_confidence,
            "metric": self.metric.confidence,
        }

    @property
    def note(self) -> str:
        """A short note for the indicator: the phrase read, and nothing longer than it."""
        return f'draft read from "{self.phrase}"'

    def is_complete(self, dataset: Dataset) -> bool:
        """Whether the subject and metric are known to `dataset`, so `to_indicator` works."""
        return (
            self.subject.id is not None
            and self.metric.metric is not None
            and self.metric.metric in dataset.metrics
        )

    def to_indicator(self, dataset: Dataset) -> Indicator:
        """The indicator this draft proposes.

        Args:
            dataset: Where the metric (and the subject) are defined.

        Returns:
            The indicator, with the source, a note naming the phrase it was read from, and
            the guesses taken as they are.

        Raises:
            ValidationError: The subject or the metric is not known (review the draft first),
                or the guesses do not make a valid indicator (the metric's dimension and the
                unit disagree).
        """
        if self.subject.id is None:
            named = f" ({self.subject.name!r} is not in the data)" if self.subject.name else ""
            raise ValidationError(f"draft {self.id}: no subject{named}", field="subject")
        key = self.metric.metric
        if key is None or key not in dataset.metrics:
            raise ValidationError(f"draft {self.id}: no metric guessed", field="metric")
        item = self.metric.item if self.metric.item in dataset.items else None
        return Indicator(
            id=self.id,
            subject_id=self.subject.id,
            metric=dataset.metrics[key],
            measure=self.measure,
            period=self.period.period,
            source=self.source,
            status=self.period.status,
            note=self.note,
            stated_conversion=self.stated_conversion,
            item=item,
            breakdown=self.metric.breakdown,
            scope=self.metric.scope,
        )
