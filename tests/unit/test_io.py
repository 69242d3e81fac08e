"""Serialization: the converter's plain-data shapes, JSON text, and how bad input is reported."""

from __future__ import annotations

import copy
import datetime as dt
import json
from typing import Any

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
    SwchinaDevError,
    Zone,
)
from swchina_dev.serialization import from_json, make_converter, structure, to_json, unstructure

SOURCE = Source(
    "s000-peoples-daily",
    "People's Daily Online",
    "Bijie's tea",
    dt.date(2025, 1, 23),
    "news_article",
    url="https://example.org/a",
)
PLANTED_AREA = Metric("planted_area", "Planted area", "Area planted.", "[area]")
OUTPUT_VALUE = Metric("output_value", "Output value", "Value of output.", "[currency]")
INDICATOR = Indicator(
    id="s000-tea-area",
    subject_id="520500",
    metric=PLANTED_AREA,
    measure=Measure(Q_(7800, "mu"), "at_least"),
    period=Period.year(2024),
    source=SOURCE,
    note="7,800 mu (520 hectares) in the article.",
    tags=("agriculture", "poverty"),
    stated_conversion=Measure(Q_(520, "hectare")),
)

EXAMPLES: list[object] = [
    Measure(Q_(7800, "mu"), "at_least"),
    Measure.range(Q_(200, "tonne"), Q_(400, "tonne")),
    Measure(Q_(3.7, "wan yuan"), "about"),
    Period.year(2024),
    Period.as_of(dt.date(2025, 1, 23)),
    SOURCE,
    Source("s-undated", "Xinhua", "Title", None, "government_release"),
    PLANTED_AREA,
    Region(
        "520581",
        "Qianxi City",
        "黔西市",
        "Qiánxī Shì",
        "county",
        "county_level_city",
        "520500",
        aliases=("Qianxi",),
        lat=27.03,
        lon=106.03,
        valid_from="2021-06-01",
        predecessors=("520522",),
    ),
    Grouping("southwest-china", "Southwest China", ("500000", "510000"), "西南"),
    Zone("gui-an-new-area", "Gui'an New Area", "state_new_area", ("520100",), established=2014),
    Enterprise("acme-tea", "Acme Tea Co.", "520500", founded=2015, products=("tea",)),
    INDICATOR,
]


def _is_plain(data: object) -> bool:
    if data is None or type(data) in (str, int, float, bool):
        return True
    if type(data) is list:
        return all(_is_plain(item) for item in data)
    if type(data) is dict:
        return all(type(key) is str and _is_plain(value) for key, value in data.items())
    return False


@pytest.mark.parametrize("value", EXAMPLES, ids=lambda value: type(value).__name__)
def test_converter_round_trip(value: object) -> None:
    data = unstructure(value)
    assert _is_plain(data), data  # no enum members, dates or tuples left in the plain data
    assert structure(data, type(value)) == value
    assert from_json(to_json(value), type(value)) == value
    assert from_json(to_json(value, indent=2).encode(), type(value)) == value


def test_round_trip_of_a_list_of_models() -> None:
    assert from_json(to_json([INDICATOR, INDICATOR]), list[Indicator]) == [INDICATOR, INDICATOR]
    assert structure(unstructure({"a": SOURCE}), dict[str, Source]) == {"a": SOURCE}


def test_exact_json_of_a_measure() -> None:
    assert json.loads(to_json(Measure(Q_(7800, "mu"), "at_least"))) == {
        "value": 7800,
        "unit": "mu",
        "qualifier": "at_least",
        "lower": 7800,
        "upper": None,
    }
    assert to_json(Measure.range(Q_(200, "tonne"), Q_(400, "tonne"))) == (
        '{"value": 300, "unit": "metric_ton", "qualifier": "range", "lower": 200, "upper": 400}'
    )
    assert to_json(Measure(Q_(0.1, "亩"), "about")) == (
        '{"value": 0.1, "unit": "mu", "qualifier": "about", "lower": null, "upper": null}'
    )


@pytest.mark.parametrize(
    ("period", "text"),
    [
        (Period.year(2024), '"2024"'),
        (Period.month(2024, 5), '"2024-05"'),
        (Period.day(dt.date(2024, 5, 3)), '"2024-05-03"'),
        (Period.years(2016, 2020), '"2016/2020"'),
        (Period.between(dt.date(2013, 1, 1), dt.date(2022, 10, 12)), '"2013-01-01/2022-10-12"'),
        (Period.as_of(dt.date(2025, 1, 23)), '"asof:2025-01-23"'),
    ],
)
def test_exact_json_of_a_period(period: Period, text: str) -> None:
    assert to_json(period) == text
    assert from_json(text, Period) == period


def test_exact_shape_of_an_indicator() -> None:
    data = unstructure(INDICATOR)
    assert list(data) == [
        "id",
        "subject_id",
        "metric",
        "measure",
        "period",
        "source",
        "status",
        "note",
        "tags",
        "derived_from",
        "stated_conversion",
        "item",
        "breakdown",
        "scope",
    ]
    assert data["scope"] == "subject"
    assert data["breakdown"] == []
    assert data["period"] == "2024"
    assert data["status"] == "reported"
    assert data["tags"] == ["agriculture", "poverty"]
    assert data["source"]["date"] == "2025-01-23"
    assert data["source"]["kind"] == "news_article"
    assert data["stated_conversion"]["unit"] == "hectare"


def test_hanzi_are_written_as_they_are() -> None:
    assert '"黔西市"' in to_json(EXAMPLES[8])


def test_make_converter_returns_independent_converters() -> None:
    first, second = make_converter(), make_converter()
    assert first is not second
    assert first.structure(first.unstructure(INDICATOR), Indicator) == INDICATOR


# --- bad records ------------------------------------------------------------------------------


def _problems(data: object, cls: Any) -> tuple[str, ...]:
    with pytest.raises(StructureError) as caught:
        structure(data, cls)
    assert isinstance(caught.value, SwchinaDevError)
    return caught.value.problems


def test_every_failure_of_a_list_is_reported_with_its_path() -> None:
    good = unstructure(INDICATOR)
    records = [copy.deepcopy(good) for _ in range(6)]
    records[1]["period"] = "2023-02-30"
    records[3]["measure"] = {
        "value": None,
        "unit": "mu",
        "qualifier": "range",
        "lower": 5,
        "upper": 3,
    }
    records[4]["source"]["publisher"] = 7
    records[5]["measure"]["unit"] = "kg"
    problems = _problems(records, list[Indicator])
    assert len(problems) == 4
    paths = [problem.split(":", 1)[0] for problem in problems]
    assert paths == [
        "[1].period",
        "[3].measure.lower",
        "[4].source.publisher",
        "[5].measure.unit",
    ]
    assert "2023-02-30" in problems[0]
    # Also through JSON text, and in the message.
    with pytest.raises(StructureError) as caught:
        from_json(json.dumps(records), list[Indicator])
    assert caught.value.problems == problems
    assert "[3].measure.lower" in str(caught.value)


def test_failures_in_several_parts_of_one_record_are_all_reported() -> None:
    record = unstructure(INDICATOR)
    record["metric"]["key"] = "Bad Key"
    record["source"]["publisher"] = 7
    record["period"] = "2023-13"
    record["measure"]["unit"] = 4
    problems = _problems([unstructure(INDICATOR), record], list[Indicator])
    paths = sorted(problem.split(":", 1)[0] for problem in problems)
    assert paths == ["[1].measure.unit", "[1].metric.key", "[1].period", "[1].source.publisher"]


def test_nan_bound_is_reported_on_its_field() -> None:
    record = unstructure(INDICATOR)
    record["measure"]["value"] = float("nan")
    problems = _problems([record], list[Indicator])
    assert [problem.split(":", 1)[0] for problem in problems] == ["[0].measure.quantity"]


@pytest.mark.parametrize(
    ("cls", "data"),
    [
        (Source, {**unstructure(SOURCE), "extra": 1}),
        (Measure, {"value": 1, "unit": "mu", "qualifier": "exact", "color": "red"}),
        (Indicator, {**unstructure(INDICATOR), "comment": "x"}),
    ],
)
def test_extra_keys_are_refused(cls: type, data: dict[str, Any]) -> None:
    problems = _problems(data, cls)
    assert len(problems) == 1
    assert any(key in problems[0] for key in ("extra", "color", "comment"))


@pytest.mark.parametrize(
    ("cls", "key", "number"),
    [
        (Source, "publisher", 7),
        (Source, "title", 1.5),
        (Metric, "name", 3),
        (Grouping, "name", 10),
        (Region, "name", 520500),
    ],
)
def test_numbers_where_text_belongs_are_refused(cls: type, key: str, number: object) -> None:
    example = next(value for value in EXAMPLES if type(value) is cls)
    data = unstructure(example)
    data[key] = number
    problems = _problems(data, cls)
    assert problems[0].startswith(f"{key}:")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"value": 1, "unit": 5}, "unit"),
        ({"value": "7800", "unit": "mu"}, "quantity"),
        ({"value": 1, "unit": "blorp"}, "unit"),
        ({"value": 1}, "unit"),
        ([1, "mu"], None),
    ],
)
def test_bad_measures_are_refused(data: object, field: str | None) -> None:
    problems = _problems(data, Measure)
    assert len(problems) == 1
    if field is not None:
        assert problems[0].startswith(f"{field}:")


@pytest.mark.parametrize("data", [2024, None, {"start": "2024-01-01"}, "2024-13"])
def test_bad_periods_are_refused(data: object) -> None:
    assert len(_problems(data, Period)) == 1


@pytest.mark.parametrize(
    "text",
    [
        '{"value": NaN, "unit": "mu", "qualifier": "exact", "lower": null, "upper": null}',
        '{"value": Infinity, "unit": "mu"}',
        '{"value": -Infinity, "unit": "mu"}',
    ],
)
def test_nan_in_json_is_a_parse_error(text: str) -> None:
    with pytest.raises(ParseError):
        from_json(text, Measure)


@pytest.mark.parametrize(
    "text",
    [
        '{"value": 1, "unit": "mu"',
        '{"value": 1, "unit": "m',
        "[",
        "",
        "{'value': 1}",
        '{"value": 1,}',
        b'{"value": 1, "unit": "\xff"}',
    ],
)
def test_truncated_or_malformed_json_is_a_parse_error(text: str | bytes) -> None:
    with pytest.raises(ParseError):
        from_json(text, Measure)


def test_deeply_nested_json_is_a_parse_error_not_a_recursion_error() -> None:
    with pytest.raises(ParseError):
        from_json("[" * 100_000, list[Measure])
    with pytest.raises(ParseError):
        from_json("[" * 100_000 + "]" * 100_000, list[Measure])
    with pytest.raises(ParseError):
        from_json('{"a":' * 100_000 + "1" + "}" * 100_000, dict[str, Measure])


def test_valid_json_of_the_wrong_shape_is_a_structure_error() -> None:
    with pytest.raises(StructureError):
        from_json("[[[[1]]]]", list[Measure])
    with pytest.raises(StructureError):
        from_json('"2024"', Indicator)


def test_to_json_writes_no_nan() -> None:
    text = to_json([Measure(Q_(1e308, "mu")), Measure(Q_(5e-324, "mu"))])
    assert "NaN" not in text
    assert "Infinity" not in text
    assert from_json(text, list[Measure])[1].magnitude == 5e-324


def test_every_bad_field_of_one_record_is_reported_not_only_the_first() -> None:
    records = [
        {
            "code": "52050",
            "name": "",
            "name_zh": "毕节市",
            "pinyin": "Bìjié Shì",
            "level": "prefecture",
            "kind": "nope",
            "parent": "520000",
        },
        {"id": "BAD ID", "name": "", "members": []},
    ]
    with pytest.raises(sw.StructureError) as regions:
        sw.serialization.structure(records[:1], list[sw.Region])
    paths = sorted(problem.split(":")[0] for problem in regions.value.problems)
    assert paths == ["[0].code", "[0].kind", "[0].name"]
    with pytest.raises(sw.StructureError) as grouping:
        sw.serialization.structure(records[1], sw.Grouping)
    paths = sorted(problem.split(":")[0] for problem in grouping.value.problems)
    assert paths == ["id", "members", "name"]
