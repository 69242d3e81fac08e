"""Bad-input corpus: the model constructors and the converter (structure, from_json, to_json)."""

from __future__ import annotations

import datetime as dt
import decimal
import fractions
import json
from collections.abc import Callable
from typing import Any

import numpy as np
import pint
import pytest

import swchina_dev as sw
from swchina_dev import (
    Q_,
    Enterprise,
    Grouping,
    Indicator,
    Measure,
    Metric,
    ParseError,
    Period,
    Region,
    Source,
    StructureError,
    UnitError,
    ValidationError,
    Zone,
)
from tests.reliability.harness import Case, check, fails, ids, untyped, works

OTHER: pint.UnitRegistry[Any] = pint.UnitRegistry()
OTHER.define("blorp = 3 * meter")
NAN, INF = float("nan"), float("inf")

REGION: dict[str, Any] = {
    "code": "520502",
    "name": "Qixingguan District",
    "name_zh": "七星关区",
    "pinyin": "Qīxīngguān Qū",
    "level": "county",
    "kind": "district",
    "parent": "520500",
}
AREA = Metric("planted_area", "Planted area", "Area planted.", "[area]")
CHANGE = Metric("area_change", "Area change", "Change of area.", "[area]", non_negative=False)
SOURCE = Source("s-x", "Xinhua", "A title", dt.date(2024, 6, 15), "news_article")
INDICATOR: dict[str, Any] = {
    "id": "s-x-area",
    "subject_id": "520502",
    "metric": AREA,
    "measure": Measure(Q_(7800, "mu"), "at_least"),
    "period": Period.year(2024),
    "source": SOURCE,
}


def build(cls: Callable[..., Any], base: dict[str, Any], **changes: Any) -> Callable[[], Any]:
    return lambda: cls(**{**base, **changes})


def region(label: str, **changes: Any) -> Case:
    return fails(f"Region: {label}", build(Region, REGION, **changes), ValidationError)


def indicator(label: str, **changes: Any) -> Case:
    return fails(f"Indicator: {label}", build(Indicator, INDICATOR, **changes), ValidationError)


def measure(id: str, call: Callable[[], Any], error: type[sw.SwchinaDevError]) -> Case:
    return fails(f"Measure: {id}", call, error)


def unit(id: str, text: object) -> Case:
    return fails(f"Measure unit: {id}", lambda: Measure.from_parts(1, text), UnitError)  # type: ignore[arg-type]


def in_unit(expected: str) -> Callable[[Any], bool]:
    return lambda result: isinstance(result, Measure) and result.unit == expected


MODEL_CASES = [
    # -- Region ----------------------------------------------------------------------------------
    region("five-digit code", code="52050"),
    region("code as int", code=520502),
    region("full-width code", code="５２０５０２"),
    region("code with a newline", code="520502\n"),
    region("empty name", name=""),
    region("NUL in name", name="Qixing\x00guan"),
    region("name None", name=None),
    region("unknown level", level="galaxy"),
    region("kind None", kind=None),
    region("no parent", parent=None),
    region("its own parent", parent="520502"),
    region("full-width parent code", parent="５２０５００"),
    region("parent with a space", parent="520 500"),
    region("aliases as one string", aliases="Qixingguan"),
    region("alias not text", aliases=[1]),
    region("blank alias", aliases=[" "]),
    region("latitude 91", lat=91),
    region("latitude NaN", lat=NAN),
    region("longitude infinite", lon=INF),
    region("latitude True", lat=True),
    region("impossible date", valid_from="2020-02-30"),
    region("ends before it starts", valid_from="2020-01-01", valid_to="2019-12-31"),
    works(
        "Region: tone marks and hanzi aliases", build(Region, REGION, aliases=["七星关", "Qīxīng"])
    ),
    # -- Grouping, Zone, Enterprise, Source --------------------------------------------------------
    fails("Grouping: no members", lambda: Grouping("g", "G", ()), ValidationError),
    fails("Grouping: repeated members", lambda: Grouping("g", "G", ("1", "1")), ValidationError),
    fails("Grouping: id with a space", lambda: Grouping("g g", "G", ("1",)), ValidationError),
    fails("Grouping: members as a string", lambda: Grouping("g", "G", "520000"), ValidationError),
    fails("Zone: unknown kind", lambda: Zone("z", "Z", "moon_base", ("520500",)), ValidationError),
    fails(
        "Zone: year 99999",
        lambda: Zone("z", "Z", "port", ("520500",), established=99999),
        ValidationError,
    ),
    fails(
        "Zone: year NaN",
        lambda: Zone("z", "Z", "port", ("520500",), established=untyped(NAN)),
        ValidationError,
    ),
    fails("Zone: no regions", lambda: Zone("z", "Z", "port", ()), ValidationError),
    fails("Zone: regions as a string", lambda: Zone("z", "Z", "port", "520500"), ValidationError),
    fails("Enterprise: no region", lambda: Enterprise("e", "E", None), ValidationError),  # type: ignore[arg-type]
    fails("Enterprise: uppercase id", lambda: Enterprise("E!", "E", "520500"), ValidationError),
    fails(
        "Enterprise: founded True",
        lambda: Enterprise("e", "E", "520500", founded=True),
        ValidationError,
    ),
    fails(
        "Enterprise: products as a string",
        lambda: Enterprise("e", "E", "520500", products="tea"),
        ValidationError,
    ),
    fails(
        "Source: javascript url",
        lambda: Source("s", "P", "T", None, "news_article", url="javascript:alert(1)"),
        ValidationError,
    ),
    fails(
        "Source: impossible date",
        lambda: Source("s", "P", "T", "2024-02-30", "news_article"),
        ValidationError,
    ),
    fails("Source: unknown kind", lambda: Source("s", "P", "T", None, "tweet"), ValidationError),
    fails(
        "Source: blank publisher", lambda: Source("s", " ", "T", None, "podcast"), ValidationError
    ),
    # -- Metric: dimensionality expressions that pint would evaluate -------------------------------
    fails(
        "Metric: power tower",
        lambda: Metric("m", "M", "d", "[length] ** 9 ** 9 ** 9"),
        ValidationError,
    ),
    fails(
        "Metric: currency tower",
        lambda: Metric("m", "M", "d", "[currency] ** 9 ** 9 ** 9"),
        ValidationError,
    ),
    fails(
        "Metric: huge power", lambda: Metric("m", "M", "d", "[length] ** 99999999"), ValidationError
    ),
    fails(
        "Metric: float power", lambda: Metric("m", "M", "d", "[length] ** 1e308"), ValidationError
    ),
    fails(
        "Metric: nested powers",
        lambda: Metric("m", "M", "d", "(([length] ** 99) ** 99)"),
        ValidationError,
    ),
    fails(
        "Metric: code in the dimension",
        lambda: Metric("m", "M", "d", "__import__('os')"),
        ValidationError,
    ),
    fails("Metric: unknown dimension", lambda: Metric("m", "M", "d", "[galaxy]"), ValidationError),
    fails(
        "Metric: long expression",
        lambda: Metric("m", "M", "d", "[length] * " * 10_000 + "[length]"),
        ValidationError,
    ),
    fails(
        "Metric: key with a space", lambda: Metric("Bad Key", "M", "d", "[area]"), ValidationError
    ),
    fails(
        "Metric: non_negative 'yes'",
        lambda: Metric("m", "M", "d", "[area]", non_negative=untyped("yes")),
        ValidationError,
    ),
    works("Metric: currency per time", lambda: Metric("m", "M", "d", "[currency] / [time]")),
    # -- Period ------------------------------------------------------------------------------------
    fails(
        "Period: ends before it starts",
        lambda: Period("2024-01-02", "2024-01-01", "day"),
        ValidationError,
    ),
    fails(
        "Period: unknown granularity",
        lambda: Period("2024-01-01", "2024-01-01", "eon"),
        ValidationError,
    ),
    fails("Period: month 13", lambda: Period.month(2024, 13), ValidationError),
    fails("Period: month as text", lambda: Period.month(2024, "1"), ValidationError),  # type: ignore[arg-type]
    fails("Period: month 1.5", lambda: Period.month(2024, 1.5), ValidationError),  # type: ignore[arg-type]
    fails("Period: year 0", lambda: Period.year(0), ValidationError),
    fails("Period: year 10**100", lambda: Period.year(10**100), ValidationError),
    fails("Period: year True", lambda: Period.year(True), ValidationError),
    fails("Period: years reversed", lambda: Period.years(2024, 2020), ValidationError),
    fails("Period: day None", lambda: Period.day(None), ValidationError),  # type: ignore[arg-type]
    fails("Period: of a float", lambda: Period.of(2024.0), ValidationError),  # type: ignore[arg-type]
    fails("Period: parse a megabyte", lambda: Period.parse("2" * 1_000_000), ParseError),
    fails("Period: parse full-width", lambda: Period.parse("２０２４"), ParseError),
    fails("Period: parse 30 February", lambda: Period.parse("asof:2024-02-30"), ParseError),
    fails("Period: parse with RTL mark", lambda: Period.parse("\u200f2024"), ParseError),
    fails("Period: parse year 0000", lambda: Period.parse("0000"), ParseError),
    # -- Measure -----------------------------------------------------------------------------------
    measure("NaN", lambda: Measure(Q_(NAN, "mu")), ValidationError),
    measure("infinity", lambda: Measure(Q_(INF, "mu")), ValidationError),
    measure("negative infinity", lambda: Measure(Q_(-INF, "mu")), ValidationError),
    measure("complex", lambda: Measure(Q_(1 + 2j, "mu")), ValidationError),
    measure("Decimal", lambda: Measure(Q_(decimal.Decimal("1.5"), "mu")), ValidationError),
    measure("text magnitude", lambda: Measure(Q_("abc", "mu")), ValidationError),
    measure("int beyond floats", lambda: Measure(Q_(10**400, "mu")), ValidationError),
    measure("array", lambda: Measure(Q_(np.array([1.0, 2.0]), "mu")), ValidationError),
    measure("plain number", lambda: Measure(7800), UnitError),  # type: ignore[arg-type]
    measure("text quantity", lambda: Measure("7800 mu"), UnitError),  # type: ignore[arg-type]
    measure("nothing", lambda: Measure(None), ValidationError),
    measure("unknown qualifier", lambda: Measure(Q_(5, "mu"), "maybe"), ValidationError),
    measure("range without bounds", lambda: Measure(Q_(5, "mu"), "range"), ValidationError),
    measure("inverted range", lambda: Measure.range(Q_(5, "mu"), Q_(3, "mu")), ValidationError),
    measure(
        "range across dimensions", lambda: Measure.range(Q_(5, "mu"), Q_(9, "kg")), ValidationError
    ),
    measure(
        "range midpoint wrong", lambda: Measure.from_parts(1, "mu", "range", 0, 4), ValidationError
    ),
    measure("bound disagrees", lambda: Measure.from_parts(5, "mu", "exact", 4), ValidationError),
    measure("another registry's own unit", lambda: Measure(OTHER.Quantity(5, "blorp")), UnitError),
    measure("bound NaN", lambda: Measure.from_parts(None, "mu", "range", NAN, 1), ValidationError),
    measure(
        "bound True", lambda: Measure.from_parts(None, "mu", "range", True, 1), ValidationError
    ),
    works("Measure: Fraction", lambda: Measure(Q_(fractions.Fraction(1, 3), "mu")), in_unit("mu")),
    works("Measure: numpy scalar", lambda: Measure(Q_(np.float64(2.5), "mu")), in_unit("mu")),
    works(
        "Measure: another registry's hectare",
        lambda: Measure(OTHER.Quantity(2, "hectare")),
        in_unit("hectare"),
    ),
    works(
        "Measure: another registry's mu keeps its meaning",
        lambda: Measure(OTHER.Quantity(2, "mu")),
        lambda result: (
            sw.ureg.Unit(result.unit).dimensionality == sw.ureg.Unit("kg").dimensionality
        ),
    ),
    works(
        "Measure: range at the float maximum",
        lambda: Measure.from_parts(None, "mu", "range", 1e308, 1.7e308),
    ),
    unit("None", None),
    unit("int", 5),
    unit("power tower", "m ** 9 ** 9 ** 9"),
    unit("nested powers", "((m ** 99) ** 99) ** 99"),
    unit("cancelling huge powers", "m ** -99 / m ** 99"),
    unit("a megabyte", "m" * 1_000_000),
    unit("code", "__import__('os').system('true')"),
    unit("number in the unit", "1e300 * m"),
    unit("division by zero", "1 / 0"),
    unit("empty parentheses", "()"),
    unit("unclosed parentheses", "(" * 150),
    unit("full-width letters", "ｍｕ"),
    unit("RTL mark", "\u200fmu"),
    unit("NUL", "m\x00u"),
    unit("micro prefix dash", "mu-m"),
    unit("unknown", "furlongz"),
    works("Measure unit: hanzi", lambda: Measure.from_parts(1, "亩"), in_unit("mu")),
    works("Measure unit: trailing nbsp", lambda: Measure.from_parts(1, "mu\u00a0"), in_unit("mu")),
    # -- Indicator ---------------------------------------------------------------------------------
    indicator("unit of another dimension", measure=Measure(Q_(5, "kg"))),
    indicator("negative area", measure=Measure(Q_(-5, "mu"))),
    indicator("negative lower bound", measure=Measure.range(Q_(-5, "mu"), Q_(5, "mu"))),
    indicator("currency for an area", measure=Measure(Q_(5, "CNY"))),
    indicator("quantity instead of measure", measure=Q_(5, "mu")),
    indicator("metric as a dict", metric={"key": "planted_area"}),
    indicator("period as a number", period=2024),
    indicator("period as bad text", period="twenty-four"),
    indicator("measure as a list", measure=[7800, "mu"]),
    works(
        "Indicator: period as text and measure as stored",
        build(Indicator, INDICATOR, period="2024", measure={"value": 7800, "unit": "mu"}),
    ),
    indicator("no source", source=None),
    indicator("malformed subject", subject_id="520 502"),
    indicator("uppercase id", id="S-X"),
    indicator("tags as one string", tags="agriculture"),
    indicator("unknown tag", tags=["astrology"]),
    indicator("unknown status", status="rumoured"),
    indicator("derived_from as a string", derived_from="s-y"),
    indicator("stated conversion in mass", stated_conversion=Measure(Q_(520, "kg"))),
    works(
        "Indicator: negative change where allowed",
        build(Indicator, INDICATOR, metric=CHANGE, measure=Measure(Q_(-5, "mu"))),
    ),
]


@pytest.mark.parametrize("case", MODEL_CASES, ids=ids(MODEL_CASES))
def test_model_constructors(case: Case) -> None:
    check(case)


# -- the converter ---------------------------------------------------------------------------------

REGION_DATA = sw.serialization.unstructure(Region(**REGION))
INDICATOR_DATA = sw.serialization.unstructure(Indicator(**INDICATOR))
MEASURE_JSON = '{"value": %s, "unit": "mu"}'


def structured(id: str, data: Any, cls: Any, where: str) -> Case:
    return fails(
        f"structure: {id}",
        lambda: sw.serialization.structure(data, cls),
        StructureError,
        where=where,
    )


def region_data(label: str, where: str, **changes: Any) -> Case:
    return structured(f"Region {label}", {**REGION_DATA, **changes}, Region, f"{where}:")


def parsed(
    id: str, text: object, cls: Any = Measure, error: type[sw.SwchinaDevError] = ParseError
) -> Case:
    return fails(
        f"from_json: {id}", lambda: sw.serialization.from_json(text, cls), error, where="JSON"
    )  # type: ignore[arg-type]


def deep(depth: int, opening: str = "[", closing: str = "]") -> str:
    return opening * depth + closing * depth


def with_bad_indicator(index: int) -> list[Any]:
    rows = [dict(INDICATOR_DATA, id=f"s-x-{number}") for number in range(5)]
    rows[index]["measure"] = {"value": -5, "unit": "mu"}
    return rows


CONVERTER_CASES = [
    region_data("code as int", "code", code=520502),
    region_data("malformed code", "code", code="52050"),
    region_data("aliases as one string", "aliases", aliases="abc"),
    region_data("aliases as a mapping", "aliases", aliases={"a": 1}),
    region_data("alias not text", "aliases[1]", aliases=["ok", 2]),
    region_data("latitude as text", "lat", lat="NaN"),
    region_data("unknown level", "level", level="galaxy"),
    region_data("impossible date", "valid_from", valid_from="2020-02-30"),
    structured("Region unknown key", {**REGION_DATA, "population": 1}, Region, "population"),
    structured("Region as a list", [REGION_DATA], Region, "$"),
    structured("Region as text", "520502", Region, "$"),
    structured(
        "Region missing name", {k: v for k, v in REGION_DATA.items() if k != "name"}, Region, "name"
    ),
    structured("Region name nested deep", {**REGION_DATA, "name": [[[[[[]]]]]]}, Region, "name"),
    structured(
        "indicator tags as one string", {**INDICATOR_DATA, "tags": "poverty"}, Indicator, "tags"
    ),
    structured("third of five indicators", with_bad_indicator(2), list[Indicator], "[2]"),
    structured("measure value as text", {"value": "1", "unit": "mu"}, Measure, "quantity"),
    structured("measure value True", {"value": True, "unit": "mu"}, Measure, "quantity"),
    structured("measure unit as int", {"value": 1, "unit": 5}, Measure, "unit"),
    structured("measure unknown key", {"value": 1, "unit": "mu", "x": 1}, Measure, "unknown keys"),
    structured("measure as a list", [1, "mu"], Measure, "mapping"),
    structured("period as int", 2024, Period, "period"),
    structured("period month 13", "2024-13", Period, "period"),
    structured("not a model type", {}, 5, "5"),
    parsed("array 100,000 deep", deep(100_000), list[Region]),
    parsed("object 100,000 deep", deep(100_000, '{"a":', "}"), Region),
    parsed("truncated", '[{"code": "52', list[Region]),
    parsed("NaN", MEASURE_JSON % "NaN"),
    parsed("Infinity", MEASURE_JSON % "Infinity"),
    parsed("-Infinity", MEASURE_JSON % "-Infinity"),
    parsed("5000-digit integer", MEASURE_JSON % ("9" * 5000)),
    parsed("not UTF-8", b'{"value": 1, "unit": "\xff"}'),
    parsed("GB 18030 bytes", '{"value": 1, "unit": "公顷"}'.encode("gb18030")),
    fails(
        "from_json: GB 18030 bytes that happen to be UTF-8",
        lambda: sw.serialization.from_json('{"value": 1, "unit": "亩"}'.encode("gb18030"), Measure),
        StructureError,
        where="unit",
    ),
    parsed("empty", ""),
    parsed("NUL", "\x00"),
    parsed("None", None),
    parsed("int", 7800),
    parsed("trailing garbage", '{"value": 1, "unit": "mu"} x'),
    parsed("single quotes", "{'value': 1, 'unit': 'mu'}"),
    fails(
        "from_json: 1e999",
        lambda: sw.serialization.from_json(MEASURE_JSON % "1e999", Measure),
        StructureError,
        where="quantity",
    ),
    fails(
        "from_json: 400-digit integer",
        lambda: sw.serialization.from_json(MEASURE_JSON % ("9" * 400), Measure),
        StructureError,
        where="quantity",
    ),
    works(
        "from_json: UTF-16 with BOM",
        lambda: sw.serialization.from_json((MEASURE_JSON % 1).encode("utf-16"), Measure),
    ),
    works(
        "from_json: UTF-8 BOM",
        lambda: sw.serialization.from_json(b"\xef\xbb\xbf" + (MEASURE_JSON % 1).encode(), Measure),
    ),
    fails(
        "from_json: duplicate keys are refused, naming the key",
        lambda: sw.serialization.from_json('{"value": 1, "value": 2, "unit": "mu"}', Measure),
        ParseError,
        where="duplicate key 'value'",
    ),
    fails(
        "to_json: a pint quantity", lambda: sw.serialization.to_json(Q_(1, "mu")), ValidationError
    ),
    fails("to_json: NaN", lambda: sw.serialization.to_json({"a": NAN}), ValidationError),
    fails("to_json: bytes", lambda: sw.serialization.to_json(b"x"), ValidationError),
    works(
        "to_json: hanzi as they are",
        lambda: sw.serialization.to_json(Region(**REGION)),
        lambda text: "七星关区" in text,
    ),
]


@pytest.mark.parametrize("case", CONVERTER_CASES, ids=ids(CONVERTER_CASES))
def test_converter(case: Case) -> None:
    check(case)


def test_the_converter_reports_every_problem_with_its_path() -> None:
    rows = [dict(INDICATOR_DATA, id=f"s-x-{number}") for number in range(3)]
    rows[0]["period"] = "2024-13"
    rows[2]["measure"] = {"value": "1", "unit": "mu"}
    with pytest.raises(StructureError) as caught:
        sw.serialization.structure(json.loads(json.dumps(rows)), list[Indicator])
    assert [problem.split(":")[0] for problem in caught.value.problems] == [
        "[0].period",
        "[2].measure.quantity",
    ]
