"""The models' converters remember their results for inputs seen before (a bulk read's speed).

What is remembered must never change a result: equal inputs of different types stay apart,
a refused input is refused every time (with the record named), and changing a list after it
was read changes nothing already built.
"""

from __future__ import annotations

import gc
from typing import Any

import pytest

import swchina_dev as sw
from swchina_dev import Indicator, Period, ValidationError
from swchina_dev.serialization import paused_collection, unstructure


def _plain(**changes: Any) -> dict[str, Any]:
    indicator = next(iter(sw.load().indicators))
    plain = unstructure(indicator)
    plain.update(metric=indicator.metric, source=indicator.source)
    plain.update(changes)
    return plain


def test_equal_inputs_give_equal_records_sharing_immutable_parts() -> None:
    first, second = Indicator(**_plain(id="a-1")), Indicator(**_plain(id="a-2"))
    assert first.period == second.period
    assert first.tags == second.tags
    assert first.period is second.period  # converted once
    assert isinstance(first.period, Period)


def test_a_list_changed_after_reading_changes_no_record() -> None:
    tags = ["poverty", "agriculture"]
    before = Indicator(**_plain(id="b-1", tags=tags))
    tags.append("not-a-tag")
    with pytest.raises(ValidationError, match="not-a-tag"):
        Indicator(**_plain(id="b-2", tags=tags))
    assert before.tags == (sw.Tag.POVERTY, sw.Tag.AGRICULTURE)
    tags.pop()
    assert Indicator(**_plain(id="b-3", tags=tags)).tags == before.tags


def test_a_refused_input_is_refused_every_time_naming_its_record() -> None:
    for record in ("c-1", "c-2"):
        with pytest.raises(ValidationError) as caught:
            Indicator(**_plain(id=record, period="20x4"))
        assert caught.value.record == record
        assert caught.value.field == "period"


@pytest.mark.parametrize(
    ("first", "second"),
    [(["2024"], ("2024",)), ([], ()), (["poverty"], "poverty")],
)
def test_inputs_that_compare_equal_but_differ_in_type_are_kept_apart(
    first: Any, second: Any
) -> None:
    # A list and a tuple of the same texts convert alike; a lone string is not a list.
    built = Indicator(**_plain(id="d-1", derived_from=first))
    assert built.derived_from == tuple(first)
    if isinstance(second, str):
        with pytest.raises(ValidationError, match="string"):
            Indicator(**_plain(id="d-2", derived_from=second))
    else:
        assert Indicator(**_plain(id="d-2", derived_from=second)).derived_from == tuple(first)


def test_collection_is_paused_and_restored_even_on_error() -> None:
    assert gc.isenabled()
    seen = []

    def fail_inside() -> None:
        with paused_collection():
            seen.append(gc.isenabled())
            raise RuntimeError

    with pytest.raises(RuntimeError):
        fail_inside()
    assert seen == [False]
    assert gc.isenabled()
    gc.disable()
    try:
        with paused_collection():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
