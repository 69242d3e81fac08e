"""Bad-input corpus: totals, roll-ups, growth and growth rates."""

from __future__ import annotations

from typing import Any

import attrs
import numpy as np
import pint
import pytest

import swchina_dev as sw
from swchina_dev import (
    Q_,
    ConversionError,
    DoubleCountingError,
    Measure,
    NotFoundError,
    ParseError,
    UnitError,
    ValidationError,
)
from tests.reliability.harness import Case, check, fails, ids, untyped, works

NAN, INF = float("nan"), float("inf")
OTHER: pint.UnitRegistry[Any] = pint.UnitRegistry()


def indicator(id: str) -> sw.Indicator:
    return sw.load().indicators[id]


def areas() -> list[sw.Indicator]:
    # Chengmanyuan's fruit trees and Taoying's cherries, read as one item so that they add up.
    found = sw.load().query(metric="planted_area", period_equals="asof:2025-01-23")
    return [attrs.evolve(indicator, item="fruit") for indicator in found]


def hechi_goals() -> list[sw.Indicator]:
    # Hechi's six area goals (one crop each), read as one item: six values for one subject.
    found = sw.load().query(metric="planted_area", period_equals="asof:2022-10-12", status="target")
    return [attrs.evolve(indicator, item="fruit") for indicator in found]


def total(id: str, values: Any, error: type[sw.SwchinaDevError], **options: Any) -> Case:
    return fails(f"total: {id}", lambda: sw.total(values, **options), error)


def roll_up(
    id: str, to: Any, error: type[sw.SwchinaDevError], where: str | None = None, **options: Any
) -> Case:
    return fails(f"roll_up: {id}", lambda: sw.roll_up(areas(), to, **options), error, where=where)


def growth(id: str, start: Any, end: Any, error: type[sw.SwchinaDevError], **options: Any) -> Case:
    return fails(f"growth: {id}", lambda: sw.growth(start, end, **options), error)


def cagr(id: str, start: Any, end: Any, error: type[sw.SwchinaDevError], **options: Any) -> Case:
    return fails(f"cagr: {id}", lambda: sw.cagr(start, end, **options), error)


MU = Q_(100, "mu")

AGGREGATE_CASES = [
    total("nothing and no unit", [], ValidationError),
    total("nothing, unknown unit", [], UnitError, unit="blorp"),
    total("text", "7800 mu", UnitError),
    total("a list of text", ["7800 mu"], UnitError),
    total("None in the list", [MU, None], UnitError),
    total("None", None, ValidationError),
    total("a number", 5, ValidationError),
    total("two dimensions", [MU, Q_(1, "kg")], ConversionError),
    total("two currencies, no date", [Q_(1, "CNY"), Q_(1, "USD")], ConversionError),
    total("two currencies, bad date", [Q_(1, "CNY"), Q_(1, "USD")], ParseError, on="20x"),
    total("two currencies, no rate", [Q_(1, "CNY"), Q_(1, "USD")], sw.RateNotFoundError, on=1900),
    total("overflow", [Q_(1.7e308, "mu"), Q_(1.7e308, "mu")], ValidationError),
    total("overflow in the unit", [Q_(1e308, "km")], ConversionError, unit="mm"),
    total("NaN", [Q_(NAN, "mu")], ValidationError),
    total("infinity", [Q_(INF, "mu")], ValidationError),
    total("an array", [Q_(np.array([1, 2]), "mu")], ValidationError),
    total("unit as int", [MU], UnitError, unit=5),
    total("unit a power tower", [MU], UnitError, unit="mu ** 9 ** 9 ** 9"),
    total("another registry's mu is a mass", [MU, OTHER.Quantity(1, "mu")], ConversionError),
    works(
        "total: another registry's hectare", lambda: sw.total([MU, OTHER.Quantity(1, "hectare")])
    ),
    works("total: zero", lambda: sw.total([Q_(0, "mu")]), lambda m: m.magnitude == 0),
    works("total: nothing, with a unit", lambda: sw.total([], "mu"), lambda m: m.magnitude == 0),
    roll_up("to an unknown place", "Atlantis", NotFoundError, where="Atlantis"),
    roll_up("to a megabyte", "x" * 1_000_000, NotFoundError, where="1000000 characters"),
    roll_up("to None", None, ValidationError),
    roll_up("to an int", 5, ValidationError),
    roll_up("to an RTL mark and a level", "\u200fprefecture", NotFoundError, where="prefecture"),
    roll_up("unknown nested option", "prefecture", ValidationError, nested="x"),
    roll_up("unknown repeats option", "prefecture", ValidationError, repeats=None),
    roll_up("unit of another dimension", "prefecture", ConversionError, unit="kg"),
    roll_up("unit unknown", "prefecture", UnitError, unit="blorp"),
    fails("roll_up: quantities", lambda: sw.roll_up(untyped([MU]), "prefecture"), ValidationError),
    fails("roll_up: text", lambda: sw.roll_up(untyped("abc"), "prefecture"), ValidationError),
    fails(
        "roll_up: two metrics",
        lambda: sw.roll_up(list(sw.load().indicators)[:8], "prefecture"),
        ValidationError,
    ),
    fails(
        "roll_up: a rate is not additive",
        lambda: sw.roll_up(list(sw.load().query(metric="average_annual_growth"))[:1], "province"),
        ValidationError,
    ),
    fails(
        "roll_up: one indicator twice",
        lambda: sw.roll_up([areas()[0]] * 2, "prefecture"),
        DoubleCountingError,
    ),
    fails(
        "roll_up: six goals for one subject",
        lambda: sw.roll_up(hechi_goals(), "province"),
        DoubleCountingError,
    ),
    works(
        "roll_up: six goals summed", lambda: sw.roll_up(hechi_goals(), "province", repeats="sum")
    ),
    works("roll_up: nothing", lambda: sw.roll_up([], "prefecture"), lambda r: len(r) == 0),
    fails(
        "roll_up: two items",
        lambda: sw.roll_up(
            list(sw.load().query(metric="planted_area", period_equals="asof:2025-01-23")),
            "prefecture",
        ),
        ValidationError,
    ),
    works(
        "roll_up: keep the outer place",
        lambda: sw.roll_up(areas(), "province", nested="keep_outer"),
    ),
    growth("dimensions differ", MU, Q_(5, "kg"), ConversionError),
    growth("NaN start", Q_(NAN, "mu"), MU, ValidationError),
    growth("text", "1", "2", UnitError),
    growth("overflowing change", Q_(-1.7e308, "mu"), Q_(1.7e308, "mu"), ValidationError),
    growth("overflowing ratio", Q_(1e-308, "mu"), Q_(1.7e308, "mu"), ValidationError),
    growth(
        "two metrics",
        indicator("s000-chengmanyuan-fruit-area"),
        indicator("s000-taoying-cherry-output"),
        ValidationError,
    ),
    works(
        "growth: from zero has no relative change",
        lambda: sw.growth(Q_(0, "mu"), MU),
        lambda c: c.relative is None,
    ),
    works("growth: from a negative value", lambda: sw.growth(Q_(-1, "mu"), MU)),
    cagr("no years", MU, MU, ValidationError),
    cagr("zero years", MU, MU, ValidationError, years=0),
    cagr("negative years", MU, MU, ValidationError, years=-1),
    cagr("NaN years", MU, MU, ValidationError, years=NAN),
    cagr("infinite years", MU, MU, ValidationError, years=INF),
    cagr("years as text", MU, MU, ValidationError, years="3"),
    cagr("years as a bool", MU, MU, ValidationError, years=True),
    cagr("years beyond a float", Q_(1, "mu"), Q_(2, "mu"), ValidationError, years=10**400),
    cagr("years a huge negative", Q_(1, "mu"), Q_(2, "mu"), ValidationError, years=-(10**5000)),
    cagr("tiny years overflow", Q_(1, "mu"), Q_(2, "mu"), ValidationError, years=1e-300),
    cagr("zero start", Q_(0, "mu"), MU, ValidationError, years=3),
    cagr("negative start", Q_(-1, "mu"), MU, ValidationError, years=3),
    cagr("dimensions differ", MU, Q_(1, "kg"), ConversionError, years=3),
    cagr(
        "end before start",
        indicator("s000-chengmanyuan-fruit-area"),
        indicator("s000-chengmanyuan-orchard-area-2023"),
        ValidationError,
    ),
    cagr(
        "unknown between",
        indicator("s000-chengmanyuan-orchard-area-2023"),
        indicator("s000-chengmanyuan-fruit-area"),
        ValidationError,
        between="middle",
    ),
    works(
        "cagr: a million years",
        lambda: sw.cagr(Q_(1, "mu"), Q_(2, "mu"), years=1e6),
        lambda m: isinstance(m, Measure),
    ),
    works(
        "cagr: numpy years",
        lambda: sw.cagr(Q_(100, "mu"), Q_(121, "mu"), years=np.float64(2)),
        lambda m: round(m.magnitude, 9) == 10,
    ),
]


@pytest.mark.parametrize("case", AGGREGATE_CASES, ids=ids(AGGREGATE_CASES))
def test_aggregate(case: Case) -> None:
    check(case)
