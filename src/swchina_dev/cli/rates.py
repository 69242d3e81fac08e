"""Exchange rates as the command line shows them: one JSON shape, one short text."""

from __future__ import annotations

from typing import Any

from swchina_dev.conversion.rates import ExchangeRate

__all__ = ["rate_plain", "rate_short"]


def rate_plain(rate: ExchangeRate) -> dict[str, Any]:
    """The rate as `--format json` gives it, in every command (`convert`, `fx`, `check`, ...)."""
    return {
        "base": rate.base,
        "quote": rate.quote,
        "value": rate.value,
        "period": str(rate.period),
        "requested": str(rate.requested),
        "substituted": rate.substituted,
        "source": None if rate.source is None else rate.source.id,
        "text": str(rate),
    }


def rate_short(rate: ExchangeRate) -> str:
    """The rate in a few words for a column: `1 CNY = 0.137022 USD (2025-01)`."""
    text = f"1 {rate.base} = {rate.value:.6g} {rate.quote} ({rate.period}"
    return text + (f", nearest to {rate.requested})" if rate.substituted else ")")
