"""Placeholder until the Chinese reader lands (replaced by the `chinese` branch)."""

from __future__ import annotations

from collections.abc import Iterator

from swchina_dev.models.measures import Measure


def find_chinese_quantities(text: str) -> Iterator[tuple[int, int, Measure]]:
    return iter(())


def chinese_place_mentions(text: str) -> Iterator[tuple[int, int, str]]:
    return iter(())
