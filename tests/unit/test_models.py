"""The entity models: validation rules; every model is frozen, slotted, hashable, picklable."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from strategies import MODEL_STRATEGIES
from swchina_dev import (
    Q_,
    Enterprise,
    Grouping,
    Indicator,
    Level,
    Measure,
    Metric,
    Period,
    Region,
    Source,
    Status,
    Tag,
    ValidationError,
    Zone,
)
from swchina_dev.models import SourceKind, ZoneKind

# --- regions ----------------------------------------------------------------------------------


def region(**changes: Any) -> Region:
    fields: dict[str, Any] = {
        "code": "520500",
        "name": "Bijie City",
        "name_zh": "毕节市",
        "pinyin": "Bìjié Shì",
        "level": "prefecture",
        "kind": "prefecture_level_city",
        "parent": "520000",
    }
    fields.update(changes)
    return Region(**fields)


@pytest.mark.parametrize(
    ("level", "code", "parent"),
    [
        ("country", "CN", None),
        ("province", "520000", "CN"),
        ("prefecture", "520500", "520000"),
        ("county", "520581", "520100"),
        ("county", "520522", "520500"),
        ("township", "520502001", "520502"),
        ("village", "520502001001", "520502001"),
        ("village", "520502001-nanguan", "520502001"),
        ("village", "520502-chengmanyuan-community", "520502"),
    ],
)
def test_region_codes_of_each_level(level: str, code: str, parent: str | None) -> None:
    made = region(code=code, level=level, parent=parent)
    assert made.level is Level(level)
    assert made.code == made.id == code


@pytest.mark.parametrize(
    ("level", "code"),
    [
        ("country", "cn"),
        ("country", "CHN"),
        ("country", "520000"),
        ("province", "520500"),
        ("province", "52000"),
        ("prefecture", "520501"),
        ("prefecture", "5205000"),
        ("county", "52058"),
        ("county", "5205810"),
        ("county", "52058a"),
        ("county", "٥٢٠٥٨١"),  # Arabic-Indic digits are not a GB/T 2260 code
        ("county", " 520581"),
        ("township", "520502"),
        ("township", "5205020011"),
        ("village", "52050200100"),
        ("village", "520502001-"),
        ("village", "520502001-Nanguan"),
        ("village", "5205-nanguan"),
        ("village", "-nanguan"),
        ("county", 520581),
        ("county", None),
    ],
)
def test_malformed_region_codes(level: str, code: object) -> None:
    parent = None if level == "country" else "520000"
    with pytest.raises(ValidationError) as caught:
        region(code=code, level=level, parent=parent)
    assert caught.value.field == "code"


def test_region_level_rank() -> None:
    assert [level.rank for level in Level] == [0, 1, 2, 3, 4, 5]
    assert Level.COUNTY.rank > Level.PREFECTURE.rank


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"code": "CN", "level": "country", "kind": "country", "parent": "XX"}, "parent"),
        ({"parent": None}, "parent"),
        ({"parent": ""}, "parent"),
        ({"parent": "520500"}, "parent"),
        ({"level": "prefect"}, "level"),
        ({"kind": "city"}, "kind"),
        ({"name": ""}, "name"),
        ({"name": "   "}, "name"),
        ({"name": "Bijie\x00"}, "name"),
        ({"aliases": "Bijie"}, "aliases"),
        ({"aliases": ["Bijie", ""]}, "aliases"),
        ({"predecessors": "520502"}, "predecessors"),
    ],
)
def test_region_rules(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        region(**changes)
    assert caught.value.field == field


def test_country_has_no_parent() -> None:
    china = region(code="CN", level="country", kind="country", parent=None, name="China")
    assert china.parent is None


@pytest.mark.parametrize(("lat", "lon"), [(27.3, 105.3), (-90, 180), (90.0, -180.0), (0, 0)])
def test_region_coordinates(lat: float, lon: float) -> None:
    made = region(lat=lat, lon=lon)
    assert (made.lat, made.lon) == (lat, lon)


@pytest.mark.parametrize(
    ("lat", "lon", "field"),
    [
        (90.5, 105.0, "lat"),
        (-91, 105.0, "lat"),
        (float("nan"), 105.0, "lat"),
        ("27.3", 105.0, "lat"),
        (True, 105.0, "lat"),
        (27.3, 180.01, "lon"),
        (27.3, float("inf"), "lon"),
        (27.3, -200, "lon"),
    ],
)
def test_bad_region_coordinates(lat: object, lon: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        region(lat=lat, lon=lon)
    assert caught.value.field == field


def test_region_validity_dates() -> None:
    qianxi = region(
        code="520522",
        level="county",
        kind="county",
        parent="520500",
        valid_from="1950-01-01",
        valid_to=dt.date(2021, 5, 31),
    )
    assert qianxi.valid_from == dt.date(1950, 1, 1)
    assert qianxi.valid_to == dt.date(2021, 5, 31)
    city = region(code="520581", level="county", kind="county_level_city", predecessors=["520522"])
    assert city.predecessors == ("520522",)
    assert city.valid_to is None
    same_day = region(valid_from="2020-01-01", valid_to="2020-01-01")
    assert same_day.valid_from == same_day.valid_to


@pytest.mark.parametrize(
    ("valid_from", "valid_to", "field"),
    [
        ("2021-06-01", "2021-05-31", "valid_to"),
        ("2021-02-30", None, "valid_from"),
        (None, "31/05/2021", "valid_to"),
        (2021, None, "valid_from"),
    ],
)
def test_bad_region_validity_dates(valid_from: object, valid_to: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        region(valid_from=valid_from, valid_to=valid_to)
    assert caught.value.field == field


def test_region_errors_name_the_record() -> None:
    with pytest.raises(ValidationError) as caught:
        region(lat=100)
    assert caught.value.record == "520500"


# --- groupings, zones, enterprises ------------------------------------------------------------


def test_grouping() -> None:
    southwest = Grouping("southwest-china", "Southwest China", ["500000", "510000"], "西南")
    assert southwest.members == ("500000", "510000")
    assert southwest.name_zh == "西南"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "Southwest China"}, "id"),
        ({"id": "southwest--china"}, "id"),
        ({"id": ""}, "id"),
        ({"id": "x" * 121}, "id"),
        ({"members": []}, "members"),
        ({"members": ["500000", "500000"]}, "members"),
        ({"members": "500000"}, "members"),
        ({"name": ""}, "name"),
    ],
)
def test_bad_grouping(changes: dict[str, Any], field: str) -> None:
    fields: dict[str, Any] = {"id": "southwest-china", "name": "Southwest China"}
    fields["members"] = ["500000"]
    fields.update(changes)
    with pytest.raises(ValidationError) as caught:
        Grouping(**fields)
    assert caught.value.field == field


def test_zone() -> None:
    gui_an = Zone("gui-an-new-area", "Gui'an New Area", "state_new_area", ["520100", "520400"])
    assert gui_an.kind is ZoneKind.STATE_NEW_AREA
    assert gui_an.regions == ("520100", "520400")
    reserve = Zone("caohai", "Caohai", ZoneKind.NATURE_RESERVE, ("520526",), established=1985)
    assert reserve.established == 1985


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "Gui'an"}, "id"),
        ({"kind": "new_area"}, "kind"),
        ({"regions": []}, "regions"),
        ({"regions": "520100"}, "regions"),
        ({"established": 999}, "established"),
        ({"established": 2201}, "established"),
        ({"established": "2014"}, "established"),
        ({"established": True}, "established"),
    ],
)
def test_bad_zone(changes: dict[str, Any], field: str) -> None:
    fields: dict[str, Any] = {"id": "gui-an-new-area", "name": "Gui'an New Area"}
    fields.update({"kind": "state_new_area", "regions": ["520100"]})
    fields.update(changes)
    with pytest.raises(ValidationError) as caught:
        Zone(**fields)
    assert caught.value.field == field


def test_enterprise() -> None:
    firm = Enterprise(
        "acme-tea",
        "Acme Tea Co.",
        "520500",
        zone="gui-an-new-area",
        founded=2015,
        parent="acme-group",
        products=["green tea"],
    )
    assert firm.products == ("green tea",)
    assert firm.founded == 2015


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "Acme Tea"}, "id"),
        ({"name": " "}, "name"),
        ({"region": "520 500"}, "region"),
        ({"zone": "a zone"}, "zone"),
        ({"parent": "acme group"}, "parent"),
        ({"founded": 20150}, "founded"),
        ({"products": "tea"}, "products"),
    ],
)
def test_bad_enterprise(changes: dict[str, Any], field: str) -> None:
    fields: dict[str, Any] = {"id": "acme-tea", "name": "Acme Tea Co.", "region": "520500"}
    fields.update(changes)
    with pytest.raises(ValidationError) as caught:
        Enterprise(**fields)
    assert caught.value.field == field


# --- sources and metrics ----------------------------------------------------------------------


def test_source_dated_and_undated() -> None:
    dated = Source("s-x", "Xinhua", "Growth", "2024-06-15", "news_article", url="https://x.cn/a")
    assert dated.date == dt.date(2024, 6, 15)
    assert dated.kind is SourceKind.NEWS_ARTICLE
    assert dated.citation() == 'Xinhua, "Growth", 2024-06-15, https://x.cn/a'
    undated = Source("s-y", "Xinhua", "Growth", None, "government_release")
    assert undated.date is None
    assert undated.citation() == 'Xinhua, "Growth", undated'


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"url": "ftp://example.org/x"}, "url"),
        ({"url": "example.org"}, "url"),
        ({"url": 5}, "url"),
        ({"date": "2024-02-30"}, "date"),
        ({"date": "June 2024"}, "date"),
        ({"kind": "blog"}, "kind"),
        ({"id": "S X"}, "id"),
        ({"publisher": ""}, "publisher"),
        ({"title": "\x07"}, "title"),
    ],
)
def test_bad_source(changes: dict[str, Any], field: str) -> None:
    fields: dict[str, Any] = {"id": "s-x", "publisher": "Xinhua", "title": "Growth"}
    fields.update({"date": None, "kind": "news_article"})
    fields.update(changes)
    with pytest.raises(ValidationError) as caught:
        Source(**fields)
    assert caught.value.field == field


def test_metric_accepts() -> None:
    area = Metric("planted_area", "Planted area", "Area planted.", "[area]")
    assert area.accepts("mu")
    assert area.accepts("hectare")
    assert not area.accepts("CNY")
    money = Metric("output_value", "Output value", "Value of output.", "[currency]")
    assert money.accepts("CNY")
    assert money.accepts("USD")
    assert money.accepts("yi yuan")
    assert not money.accepts("mu")
    count = Metric("people_relocated", "People relocated", "People moved.", "")
    assert count.accepts("dimensionless")
    assert count.accepts("wan")
    assert not count.accepts("mu")


@pytest.mark.parametrize("key", ["Planted_area", "planted area", "1area", "", "a" * 65, None])
def test_bad_metric_key(key: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Metric(key, "Name", "Description.", "[area]")  # type: ignore[arg-type]
    assert caught.value.field == "key"


@pytest.mark.parametrize("dimensionality", ["[no_such]", "[area", "mu +", None])
def test_bad_metric_dimensionality(dimensionality: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Metric("planted_area", "Name", "Description.", dimensionality)  # type: ignore[arg-type]
    assert caught.value.field == "dimensionality"


# --- indicators -------------------------------------------------------------------------------

PLANTED_AREA = Metric("planted_area", "Planted area", "Area planted.", "[area]")
OUTPUT_VALUE = Metric("output_value", "Output value", "Value of output.", "[currency]")
GROWTH_RATE = Metric("growth_rate", "Growth rate", "Yearly change.", "", non_negative=False)
PEOPLE = Metric("people_relocated", "People relocated", "People moved.", "")
SOURCE = Source("s-x", "Xinhua", "Growth", dt.date(2024, 6, 15), "news_article")


def indicator(metric: Metric, measure: Measure, /, **changes: Any) -> Indicator:
    fields: dict[str, Any] = {
        "id": "s000-example",
        "subject_id": "520500",
        "metric": metric,
        "measure": measure,
        "period": Period.year(2024),
        "source": SOURCE,
    }
    fields.update(changes)
    return Indicator(**fields)


def test_indicator() -> None:
    made = indicator(PLANTED_AREA, Measure(Q_(7800, "mu"), "at_least"), tags=["agriculture"])
    assert made.tags == (Tag.AGRICULTURE,)
    assert made.status is Status.REPORTED
    assert made.measure.qualifier.value == "at_least"
    assert made.source.publisher == "Xinhua"


def test_indicator_metric_unit_mismatch() -> None:
    with pytest.raises(ValidationError) as caught:
        indicator(PLANTED_AREA, Measure(Q_(7800, "CNY")))
    assert caught.value.field == "measure.unit"
    assert caught.value.record == "s000-example"
    with pytest.raises(ValidationError) as caught:
        indicator(OUTPUT_VALUE, Measure(Q_(7800, "mu")))
    assert caught.value.field == "measure.unit"


@pytest.mark.parametrize(
    ("measure", "field"),
    [
        (Measure(Q_(-1, "mu")), "measure.magnitude"),
        (Measure(Q_(-0.5, "hectare"), "about"), "measure.magnitude"),
        (Measure.range(Q_(-1, "mu"), Q_(5, "mu")), "measure.lower"),
    ],
)
def test_negative_planted_area(measure: Measure, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        indicator(PLANTED_AREA, measure)
    assert caught.value.field == field


def test_zero_planted_area_is_allowed() -> None:
    assert indicator(PLANTED_AREA, Measure(Q_(0, "mu"))).measure.magnitude == 0


def test_negative_growth_rate_is_allowed() -> None:
    made = indicator(GROWTH_RATE, Measure(Q_(-3.2, "percent")))
    assert made.measure.magnitude == -3.2
    ranged = indicator(GROWTH_RATE, Measure.range(Q_(-5, "percent"), Q_(-1, "percent")))
    assert ranged.measure.magnitude == -3


@pytest.mark.parametrize(
    ("metric", "measure", "conversion"),
    [
        (PLANTED_AREA, Measure(Q_(7800, "mu")), Measure(Q_(520, "hectare"))),
        (PLANTED_AREA, Measure(Q_(7800, "mu")), Measure(Q_(5.2, "km ** 2"), "about")),
        (OUTPUT_VALUE, Measure(Q_(1, "yi yuan")), Measure(Q_(13.67e6, "USD"))),
        (OUTPUT_VALUE, Measure(Q_(100, "USD")), Measure(Q_(700, "CNY"), "about")),
        (PEOPLE, Measure(Q_(3.7, "wan")), Measure(Q_(37_000, "dimensionless"))),
    ],
)
def test_stated_conversion_in_a_compatible_unit_or_currency(
    metric: Metric, measure: Measure, conversion: Measure
) -> None:
    assert indicator(metric, measure, stated_conversion=conversion).stated_conversion == conversion


def test_stated_conversion_of_a_currency_rate() -> None:
    rate = Metric("investment", "Investment", "Money per year.", "[currency] / [time]")
    conversion = Measure(Q_(1.4, "USD / year"))
    made = indicator(rate, Measure(Q_(10, "CNY / year")), stated_conversion=conversion)
    assert made.stated_conversion == conversion


@pytest.mark.parametrize(
    ("metric", "measure", "conversion"),
    [
        (PLANTED_AREA, Measure(Q_(7800, "mu")), Measure(Q_(520, "kg"))),
        (PLANTED_AREA, Measure(Q_(7800, "mu")), Measure(Q_(520, "CNY"))),
        (OUTPUT_VALUE, Measure(Q_(1, "CNY")), Measure(Q_(520, "hectare"))),
        (OUTPUT_VALUE, Measure(Q_(1, "CNY")), Measure(Q_(520, "CNY / year"))),
        (PEOPLE, Measure(Q_(3.7, "wan")), Measure(Q_(1, "mu"))),
    ],
)
def test_stated_conversion_in_an_incompatible_dimension(
    metric: Metric, measure: Measure, conversion: Measure
) -> None:
    with pytest.raises(ValidationError) as caught:
        indicator(metric, measure, stated_conversion=conversion)
    assert caught.value.field == "stated_conversion"


def test_an_indicator_takes_the_stored_form_of_its_period_and_measures() -> None:
    stored = indicator(
        PLANTED_AREA,
        {"value": 7800, "unit": "mu", "qualifier": "at_least"},  # type: ignore[arg-type]
        period="2024",
        stated_conversion={"value": 520, "unit": "hectare", "qualifier": "at_least"},
    )
    assert stored.period == Period.year(2024)
    assert stored.measure == Measure(Q_(7800, "mu"), "at_least")
    assert stored.stated_conversion == Measure(Q_(520, "hectare"), "at_least")


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"id": "S000 example"}, "id"),
        ({"subject_id": "Bijie City"}, "subject_id"),
        ({"metric": "planted_area"}, "metric"),
        ({"measure": Q_(7800, "mu")}, "measure"),
        ({"period": 2024}, "period"),
        ({"period": "sometime"}, "period"),
        ({"measure": {"value": 1}}, "measure"),
        ({"source": "s-x"}, "source"),
        ({"status": "rumour"}, "status"),
        ({"tags": ["gossip"]}, "tags"),
        ({"tags": "poverty"}, "tags"),
        ({"derived_from": "s000-a"}, "derived_from"),
        ({"stated_conversion": Q_(520, "hectare")}, "stated_conversion"),
    ],
)
def test_bad_indicator_fields(changes: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        indicator(PLANTED_AREA, Measure(Q_(7800, "mu")), **changes)
    assert caught.value.field == field


# --- every model: frozen, slotted, hashable, picklable ----------------------------------------

MODELS = sorted(MODEL_STRATEGIES, key=lambda cls: cls.__name__)


@pytest.mark.parametrize("cls", MODELS, ids=lambda cls: cls.__name__)
@given(data=st.data())
def test_every_model_is_frozen_slotted_hashable_and_pickles(cls: type, data: st.DataObject) -> None:
    instance = data.draw(MODEL_STRATEGIES[cls])
    assert type(instance) is cls
    assert attrs.has(cls)
    first_field = attrs.fields(cls)[0].name
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        setattr(instance, first_field, getattr(instance, first_field))
    with pytest.raises((AttributeError, TypeError)):
        instance.unexpected = 1  # type: ignore[attr-defined]
    assert "__slots__" in cls.__dict__
    assert not hasattr(instance, "__dict__")
    assert hash(instance) == hash(attrs.evolve(instance) if cls is not Measure else instance)
    assert instance in {instance}
    copy = pickle.loads(pickle.dumps(instance))
    assert copy == instance
    assert hash(copy) == hash(instance)
