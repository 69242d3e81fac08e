"""Placeholder until the `metrics` branch lands."""

from __future__ import annotations

import attrs

from swchina_dev.catalog import Dataset
from swchina_dev.models import Measure, Scope


@attrs.frozen
class MetricGuess:
    metric: str | None
    item: str | None
    item_text: str | None
    breakdown: tuple[str, ...]
    scope: Scope
    cues: tuple[str, ...]
    confidence: float
    negative: bool = False


def guess_metric(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    measure: Measure,
    dataset: Dataset,
) -> MetricGuess:
    return MetricGuess(None, None, None, (), Scope.SUBJECT, (), 0.0)
