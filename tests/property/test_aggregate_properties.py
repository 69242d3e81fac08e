"""Properties of totals, roll-ups and growth, over generated measures and bundled places."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import cache

import attrs
import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import swchina_dev as sw
from swchina_dev import Q_, Measure, Qualifier
from swchina_dev.aggregate import DoubleCountingError, growth, roll_up, share, total
from swchina_dev.aggregate.columns import indicator_columns, roll_up_columns
from swchina_dev.catalog.datasets import Dataset
from swchina_dev.models import Indicator, Level
from swchina_dev.units import convert_magnitudes

AREA_UNITS = ("mu", "hectare", "qing")
LEVELS = ("township", "county", "prefecture", "province")
# Modest example counts: these run in every CI job.
PROPERTY = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@cache
def dataset() -> Dataset:
    return sw.load()


@cache
def guizhou_townships() -> tuple[str, ...]:
    ds = dataset()
    return tuple(
        r.code for r in ds.regions if r.level is Level.TOWNSHIP and r.code.startswith("52")
    )


@cache
def places() -> tuple[str, ...]:
    """Townships, villages, counties, zones and enterprises: nested ones included on purpose."""
    ds = dataset()
    villages = tuple(r.code for r in ds.regions if r.level is Level.VILLAGE)
    counties = ("520502", "520525", "520526", "520100", "520000")
    return guizhou_townships()[:300] + villages + counties + ds.zones.keys() + ds.enterprises.keys()


# Magnitudes stay below 2**40 so that int and float sums compare exactly.
numbers = st.one_of(
    st.integers(0, 2**40), st.floats(0, 2.0**40, allow_nan=False, allow_infinity=False)
)


@st.composite
def measures(draw: st.DrawFn, units: tuple[str, ...] = AREA_UNITS) -> Measure:
    unit = draw(st.sampled_from(units))
    qualifier = draw(st.sampled_from(list(Qualifier)))
    if qualifier is Qualifier.RANGE:
        low, high = sorted((draw(numbers), draw(numbers)))
        return Measure.from_parts(None, unit, qualifier, low, high)
    return Measure.from_parts(draw(numbers), unit, qualifier)


@st.composite
def values_within(draw: st.DrawFn, measure: Measure) -> float:
    """Any number the measure allows: within both bounds, beyond a missing one."""
    low, high = measure.lower_magnitude, measure.upper_magnitude
    excess = draw(st.floats(0, 1e12))
    if low is not None and high is not None:
        return min(max(low + draw(st.floats(0, 1)) * (high - low), low), high)
    if low is not None:
        return low + excess
    if high is not None:
        return high - excess
    return measure.magnitude + draw(st.sampled_from((-1, 1))) * excess


def within(value: float, measure: Measure) -> bool:
    lower, upper = measure.lower_magnitude, measure.upper_magnitude
    return (lower is None or lower <= value) and (upper is None or value <= upper)


@PROPERTY
@given(st.lists(measures(), min_size=1, max_size=6), st.sampled_from(AREA_UNITS), st.data())
def test_a_totals_bounds_contain_every_possible_sum(
    parts: list[Measure], unit: str, data: st.DataObject
) -> None:
    result = total(parts, unit)
    chosen = []
    for part in parts:
        value = data.draw(values_within(part))
        (converted,) = convert_magnitudes((value,), part.unit, unit)
        chosen.append(converted)
    assert within(math.fsum(chosen), result)


@PROPERTY
@given(measures(units=("mu",)), measures(units=("mu",)), st.data())
def test_a_shares_bounds_contain_every_possible_ratio(
    part: Measure, whole: Measure, data: st.DataObject
) -> None:
    smallest = whole.magnitude if whole.lower_magnitude is None else whole.lower_magnitude
    assume(smallest >= 1e-9)  # a subnormal whole overflows the share: an error, tested elsewhere
    result = share(part, whole)
    numerator = data.draw(values_within(part))
    denominator = data.draw(values_within(whole))
    if numerator < 0 or denominator <= 0:
        return
    assert within(numerator / denominator * 100, result)


@PROPERTY
@given(measures())
def test_growth_of_a_value_with_itself_is_zero(value: Measure) -> None:
    change = growth(value, value)
    assert change.absolute.magnitude == 0
    assert within(0, change.absolute)
    if value.magnitude > 0:
        assert change.relative is not None
        assert change.relative.magnitude == 0
        assert within(0, change.relative)


def indicators_at(subjects: list[str], parts: list[Measure]) -> list[Indicator]:
    template = dataset().indicators["s000-chengmanyuan-fruit-area"]
    return [
        attrs.evolve(template, id=f"generated-{index}", subject_id=subject, measure=measure)
        for index, (subject, measure) in enumerate(zip(subjects, parts, strict=False))
    ]


@PROPERTY
@given(
    st.lists(st.sampled_from(guizhou_townships()), min_size=1, max_size=12, unique=True),
    st.lists(measures(units=("mu",)), min_size=12, max_size=12),
    st.sampled_from(LEVELS[1:]),
)
def test_a_roll_up_equals_the_total_of_its_parts(
    subjects: list[str], parts: list[Measure], level: str
) -> None:
    ds = dataset()
    indicators = indicators_at(subjects, parts)
    result = roll_up(indicators, level, dataset=ds)
    assert result.excluded == ()
    assert sorted(i for record in result for i in record.indicator_ids) == sorted(
        i.id for i in indicators
    )
    for record in result:
        members = [i for i in indicators if i.id in record.indicator_ids]
        assert all(record.code in [r.code for r in ds.ancestors(i.subject_id)] for i in members)
        assert record.total == total(members, "mu")


def _outcome(function: Callable[[], object]) -> object:
    try:
        return function()
    except DoubleCountingError as error:
        return {(c.outer, c.inner, c.relation) for c in error.conflicts}


@PROPERTY
@given(
    st.lists(st.sampled_from(places()), min_size=1, max_size=10),
    st.lists(measures(units=("mu", "hectare")), min_size=10, max_size=10),
    st.sampled_from(LEVELS),
    st.sampled_from(("raise", "keep_outer")),
)
def test_the_columnar_and_object_paths_agree(
    subjects: list[str], parts: list[Measure], level: str, nested: str
) -> None:
    ds = dataset()
    indicators = indicators_at(subjects, parts)
    table = indicator_columns(indicators, "mu")
    objects = _outcome(
        lambda: roll_up(indicators, level, dataset=ds, unit="mu", nested=nested, repeats="sum")  # type: ignore[arg-type]
    )
    columns = _outcome(
        lambda: roll_up_columns(
            table.codes,
            table.magnitudes,
            "mu",
            level,
            lower=table.lower,
            upper=table.upper,
            dataset=ds,
            nested=nested,  # type: ignore[arg-type]
            repeats="sum",
        )
    )
    if isinstance(objects, set) or isinstance(columns, set):
        assert objects == columns  # both refuse, naming the same pairs
        return
    assert isinstance(objects, sw.aggregate.RollUp)
    assert columns.codes.tolist() == [record.code for record in objects]  # type: ignore[attr-defined]
    for row, record in enumerate(objects):
        expected = record.total
        for found, wanted in (
            (columns.magnitudes[row], expected.magnitude),  # type: ignore[attr-defined]
            (columns.lower[row], expected.lower_magnitude),  # type: ignore[attr-defined]
            (columns.upper[row], expected.upper_magnitude),  # type: ignore[attr-defined]
        ):
            if wanted is None:
                assert np.isnan(found)
            else:
                assert found == pytest.approx(wanted, rel=1e-9, abs=1e-6)


@PROPERTY
@given(st.sampled_from(guizhou_townships()), st.sampled_from(("520502", "520100", "520000")))
def test_a_township_and_a_region_above_it_are_never_both_counted(
    township: str, region: str
) -> None:
    ds = dataset()
    indicators = indicators_at([township, region], [Measure(Q_(1, "mu"))] * 2)
    nested = region in [r.code for r in ds.ancestors(township)]
    outcome = _outcome(lambda: roll_up(indicators, "province", dataset=ds))
    assert isinstance(outcome, set) == nested
