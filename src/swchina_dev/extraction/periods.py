"""Placeholder until the `periods` branch lands."""

from __future__ import annotations

import datetime

import attrs

from swchina_dev.models import Period, Status


@attrs.frozen
class PeriodGuess:
    period: Period
    status: Status
    cues: tuple[str, ...]
    confidence: float
    status_confidence: float


def guess_period(
    text: str,
    sentence: tuple[int, int],
    span: tuple[int, int],
    article_date: datetime.date,
    *,
    context: str = "",
) -> PeriodGuess:
    return PeriodGuess(
        Period.parse(f"asof:{article_date.isoformat()}"), Status.REPORTED, (), 0.3, 0.5
    )
