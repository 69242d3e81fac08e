"""The unit registry: market units, magnitude words, currencies, and the mu pitfall."""

from __future__ import annotations

import math
import subprocess
import sys
import threading
import time
from collections.abc import Callable

import pint
import pytest

import swchina_dev
from swchina_dev import Q_, SwchinaDevError, UnitError, ureg
from swchina_dev.units import (
    as_quantity,
    canonical_unit,
    dimensionality,
    get_registry,
    has_dimensionality,
    is_currency,
    make_quantity,
)

AREA = ureg.get_dimensionality("[area]")
MASS = ureg.get_dimensionality("[mass]")


def test_7800_mu_is_520_hectares() -> None:
    hectares = Q_(7800, "mu").to("hectare")
    assert str(hectares.units) == "hectare"
    assert hectares.magnitude == pytest.approx(520, rel=1e-12)


def test_wan_is_ten_thousand() -> None:
    assert Q_(3.7, "wan").to("dimensionless").magnitude == pytest.approx(37_000, rel=1e-12)
    assert Q_(3.7, "wan yuan").to("CNY").magnitude == pytest.approx(37_000, rel=1e-12)
    assert Q_(1, "yi").to("wan").magnitude == pytest.approx(10_000, rel=1e-12)


@pytest.mark.parametrize(
    ("unit", "reference", "factor"),
    [
        ("mu", "m ** 2", 2000 / 3),
        ("fen", "mu", 0.1),
        ("qing", "mu", 100),
        ("mu", "hectare", 1 / 15),
        ("li", "m", 500),
        ("zhang", "m", 10 / 3),
        ("chi", "m", 1 / 3),
        ("cun", "m", 1 / 30),
        ("jin", "kg", 0.5),
        ("liang", "g", 50),
        ("dan", "kg", 50),
        ("yi", "dimensionless", 1e8),
        ("亩", "mu", 1),
        ("市斤", "jin", 1),
        ("元", "CNY", 1),
        ("RMB", "CNY", 1),
        ("yuan", "CNY", 1),
        ("dollar", "USD", 1),
    ],
)
def test_market_units_have_their_legal_values(unit: str, reference: str, factor: float) -> None:
    assert Q_(1, unit).to(reference).magnitude == pytest.approx(factor, rel=1e-12)


# Every way pint can be asked about "mu"; each must give 亩 (an area), never a mass.
MU_PATHS: dict[str, Callable[[], object]] = {
    "Q_ text": lambda: Q_("1 mu"),
    "Q_ magnitude and unit": lambda: Q_(1, "mu"),
    "ureg call": lambda: ureg("1 mu"),
    "ureg attribute": lambda: ureg.mu,
    "ureg.Unit": lambda: ureg.Unit("mu"),
    "parse_units": lambda: ureg.parse_units("mu"),
    "parse_expression": lambda: ureg.parse_expression("7800 mu"),
    "hanzi": lambda: Q_(1, "亩"),
    "make_quantity": lambda: make_quantity(1, "mu"),
    "canonical_unit": lambda: ureg.Unit(canonical_unit("mu")),
}


@pytest.mark.parametrize("path", sorted(MU_PATHS))
def test_mu_is_an_area_in_every_parse_path(path: str) -> None:
    value = MU_PATHS[path]()
    assert value.dimensionality == AREA  # type: ignore[attr-defined]
    assert value.dimensionality != MASS  # type: ignore[attr-defined]


def test_mu_in_compound_units() -> None:
    assert Q_(1, "mu/year").dimensionality == ureg.get_dimensionality("[area] / [time]")
    assert Q_(1, "mu ** 2").dimensionality == ureg.get_dimensionality("[area] ** 2")
    assert ureg.parse_expression("7800 mu").to("hectare").magnitude == pytest.approx(520)


@pytest.mark.parametrize("milli", ["mg", "mm", "mmu", "mL", "ms"])
def test_mu_stays_an_area_after_milli_prefixed_lookups(milli: str) -> None:
    Q_(1, milli)
    ureg.parse_units(milli)
    for path in MU_PATHS.values():
        assert path().dimensionality == AREA  # type: ignore[attr-defined]


def test_mu_is_an_area_after_milli_lookups_in_a_fresh_process(
    run_python: Callable[[str], str],
) -> None:
    output = run_python(
        """
        import swchina_dev as sw
        sw.Q_(1, "mg"); sw.Q_(1, "mm"); sw.ureg.parse_units("mg"); sw.ureg("2 mm")
        checks = [sw.Q_("1 mu"), sw.Q_(1, "mu"), sw.ureg("1 mu"), sw.ureg.mu,
                  sw.ureg.Unit("mu"), sw.ureg.parse_units("mu"), sw.ureg.parse_expression("7 mu")]
        print(sorted({str(check.dimensionality) for check in checks}))
        """
    )
    assert output.strip() == "['[length] ** 2']"


def test_milli_prefixes_keep_their_meaning() -> None:
    assert Q_(1, "mg").to("g").magnitude == pytest.approx(1e-3)
    assert Q_(1, "mm").to("m").magnitude == pytest.approx(1e-3)
    assert Q_(1, "ug").to("g").magnitude == pytest.approx(1e-6)


def test_li_is_the_market_li_not_the_survey_link() -> None:
    assert Q_(1, "li").to("m").magnitude == pytest.approx(500, rel=1e-12)
    assert Q_(1, "市里").to("li").magnitude == pytest.approx(1)
    # pint's link is still there under its full name.
    assert Q_(1, "link").to("m").magnitude == pytest.approx(0.201168, rel=1e-5)


def test_yuan_plus_dollars_raises() -> None:
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "CNY") + Q_(1, "USD")
    with pytest.raises(pint.DimensionalityError):
        Q_(1, "CNY").to("USD")


def test_currencies_are_distinct_dimensions() -> None:
    yuan, dollar = Q_(1, "CNY").dimensionality, Q_(1, "USD").dimensionality
    assert yuan != dollar
    assert dimensionality("CNY") == "[currency_CNY]"
    assert dimensionality("USD") == "[currency_USD]"
    assert not Q_(1, "CNY").dimensionless
    assert Q_(3, "jiao").to("CNY").magnitude == pytest.approx(0.3)
    assert Q_(250, "cent").to("USD").magnitude == pytest.approx(2.5)


@pytest.mark.parametrize(
    ("unit", "expected"),
    [
        ("CNY", True),
        ("USD", True),
        ("wan * CNY", True),
        ("yi yuan", True),
        ("CNY / USD", False),
        ("CNY ** 2", False),
        ("CNY / year", False),
        ("mu", False),
        ("dimensionless", False),
    ],
)
def test_is_currency(unit: str, expected: bool) -> None:
    assert is_currency(unit) is expected


@pytest.mark.parametrize(
    ("unit", "expected", "result"),
    [
        ("CNY", "[currency]", True),
        ("USD", "[currency]", True),
        ("yi * CNY", "[currency]", True),
        ("CNY / year", "[currency] / [time]", True),
        ("USD / year", "[currency] / [time]", True),
        ("CNY / USD", "[currency]", False),
        ("CNY", "[currency] / [time]", False),
        ("mu", "[currency]", False),
        ("dimensionless", "[currency]", False),
        ("CNY", "[area]", False),
        ("CNY", "", False),
        ("mu", "[area]", True),
        ("mu", "[length] ** 2", True),
        ("percent", "", True),
        ("wan", "dimensionless", True),
        ("1 / year", "1 / [time]", True),
        ("jin", "[area]", False),
    ],
)
def test_has_dimensionality(unit: str, expected: str, result: bool) -> None:
    assert has_dimensionality(unit, expected) is result


def test_has_dimensionality_rejects_a_bad_expression() -> None:
    with pytest.raises(UnitError) as caught:
        has_dimensionality("mu", "[no_such_dimension]")
    assert caught.value.field == "dimensionality"


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("ha", "hectare"),
        ("亩", "mu"),
        ("mu", "mu"),
        ("CNY / year", "CNY / year"),
        ("1 / day", "1 / day"),
        ("m ** 2", "meter ** 2"),
        ("", "dimensionless"),
        ("  ", "dimensionless"),
    ],
)
def test_canonical_unit(text: str, canonical: str) -> None:
    assert canonical_unit(text) == canonical


def test_canonical_unit_of_a_pint_unit() -> None:
    assert canonical_unit(ureg.Unit("mu")) == "mu"


HOSTILE_UNIT_TEXTS = [
    "9**9**9",
    "m ** 99999",
    "m ** 9 ** 9 ** 9",
    "m ^ 9 ^ 9 ^ 9",
    "((m ** 99) ** 99) ** 99",
    "(" * 30 + "m" + " ** 99)" * 30,
    "2 m",
    "1e9999 m",
    "m * 10 ** 400",
    "(" * 10_000 + "m",
    "m" * 1_000,
    "__import__('os')",
    "m; m",
]


def test_canonical_unit_rejects_numbers_and_exponent_towers_quickly() -> None:
    # In a child process with a time limit: a regression must fail, not hang the whole suite.
    code = f"""
import time
from swchina_dev.units import canonical_unit, get_registry
from swchina_dev import UnitError
get_registry()
for text in {HOSTILE_UNIT_TEXTS!r}:
    started = time.perf_counter()
    try:
        canonical_unit(text)
        outcome = "accepted"
    except UnitError as error:
        outcome = "UnitError:" + str(error.field)
    print(outcome, time.perf_counter() - started < 1.0)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=30, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == ["UnitError:unit True"] * len(HOSTILE_UNIT_TEXTS)


@pytest.mark.parametrize("text", ["blorp", "mu_of_land", "hectares of land", "[area]"])
def test_unknown_units_raise_unit_error(text: str) -> None:
    with pytest.raises(UnitError) as caught:
        canonical_unit(text)
    assert isinstance(caught.value, SwchinaDevError)
    assert isinstance(caught.value, ValueError)
    assert caught.value.field == "unit"
    with pytest.raises(UnitError):
        make_quantity(1, text)


def test_make_quantity_gives_a_fresh_quantity_of_the_registry() -> None:
    first, second = make_quantity(7800, "亩"), make_quantity(7800, "亩")
    assert first is not second
    assert first._REGISTRY is get_registry()
    assert str(first.units) == "mu"
    first.ito("hectare")
    assert str(second.units) == "mu"


def test_as_quantity_accepts_other_registries_by_meaning() -> None:
    other = pint.UnitRegistry()
    converted = as_quantity(other.Quantity(2, "hectare"))
    assert converted._REGISTRY is ureg
    assert converted == Q_(2, "hectare")
    # pint's own "mu" is a mass; it stays a mass, it is only the bare text that means 亩 here.
    assert as_quantity(other.Quantity(2, "mu")).dimensionality == MASS


@pytest.mark.parametrize("value", [7800, 7.8, "7800 mu", None, [1, 2]])
def test_as_quantity_refuses_plain_values(value: object) -> None:
    with pytest.raises(UnitError):
        as_quantity(value)


def test_registry_is_built_once_under_concurrency(run_python: Callable[[str], str]) -> None:
    # In a fresh process, so the real first build is the one raced.
    output = run_python(
        """
        import threading, time
        import swchina_dev.units
        import swchina_dev.units.registry as units

        assert not units._registry.built
        builds = []
        build = units._build_registry

        def slow_build():
            builds.append(threading.get_ident())
            time.sleep(0.05)  # widen the window in which a second build could start
            return build()

        units._build_registry = slow_build
        barrier = threading.Barrier(16)
        seen = []

        def ask():
            barrier.wait()
            seen.append(units.get_registry())

        threads = [threading.Thread(target=ask) for _ in range(16)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        print(len(builds), len(seen), len({id(registry) for registry in seen}))
        print(seen[0] is units.get_registry() is swchina_dev.units.ureg)
        """
    )
    assert output.split() == ["1", "16", "1", "True"]


def test_registry_is_built_once_in_this_process_after_a_reset(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from swchina_dev.resources import load_once
    from swchina_dev.units import registry as units

    builds: list[int] = []
    build = units._build_registry

    def counting_build() -> pint.UnitRegistry:
        builds.append(1)
        time.sleep(0.02)
        return build()

    # monkeypatch restores the shared registry afterwards, so later tests keep their registry.
    monkeypatch.setattr(units, "_registry", load_once(units._registry.__wrapped__))
    monkeypatch.setattr(units, "_build_registry", counting_build)
    barrier = threading.Barrier(16)
    seen: list[object] = []

    def ask() -> None:
        barrier.wait()
        seen.append(units.get_registry())

    threads = [threading.Thread(target=ask) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(builds) == 1
    assert len(seen) == 16
    assert len({id(registry) for registry in seen}) == 1
    assert seen[0].Quantity(1, "mu").dimensionality == AREA  # type: ignore[attr-defined]


def test_registry_survives_the_reset_test() -> None:
    assert swchina_dev.ureg is get_registry()
    assert math.isclose(Q_(15, "mu").to("hectare").magnitude, 1.0)


@pytest.mark.parametrize(
    ("text", "canonical", "in_base"),
    [
        ("万元", "CNY * wan", ("CNY", 10_000)),
        ("亿元", "CNY * yi", ("CNY", 100_000_000)),
        ("万亩", "mu * wan", ("mu", 10_000)),
        ("万元 / year", "CNY * wan / year", ("CNY / year", 10_000)),
    ],
)
def test_fused_hanzi_scales_are_units(text: str, canonical: str, in_base: tuple[str, int]) -> None:
    # Chinese writes 万元 as one word; the registry reads it as wan * CNY in every parse path.
    assert canonical_unit(text) == canonical
    unit, factor = in_base
    assert Q_(3, text).to(unit).magnitude == pytest.approx(3 * factor)
    assert Q_(f"3 {text}").to(unit).magnitude == pytest.approx(3 * factor)
    assert swchina_dev.Measure.from_parts(3, text).unit == canonical
