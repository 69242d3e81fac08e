"""Bounded fuzzing in CI: a few seconds of hypothesis per target (scripts/fuzz.py runs longer).

Every example must end in a valid result or a SwchinaDevError within a second; the deadline is
that second, so a slow input fails as such.
"""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.fuzz import targets

BOUNDED = settings(
    max_examples=1000,
    deadline=dt.timedelta(seconds=targets.LIMIT_SECONDS),
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@BOUNDED
@given(targets.texts)
def test_fuzz_parse_quantity(text: str) -> None:
    targets.check_parse_quantity(text)


@settings(BOUNDED, max_examples=300)
@given(targets.articles())
def test_fuzz_extract(text: str) -> None:
    targets.check_extract(text)


@settings(BOUNDED, max_examples=200)
@given(targets.region_csv())
def test_fuzz_read_records_csv(data: bytes) -> None:
    targets.check_read_records(data, ".csv")


@settings(BOUNDED, max_examples=150)
@given(targets.json_document())
def test_fuzz_read_records_json(data: bytes) -> None:
    targets.check_read_records(data, ".json")


@settings(BOUNDED, max_examples=60)
@given(
    st.one_of(
        targets.region_csv().map(lambda d: (d, ".csv")),
        targets.json_document().map(lambda d: (d, ".json")),
    )
)
def test_fuzz_read_dataset(case: tuple[bytes, str]) -> None:
    targets.check_read_dataset(*case)
