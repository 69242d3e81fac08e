"""Selections: Dataset.query and Selection.where over the bundled dataset."""

from __future__ import annotations

import datetime as dt

import pytest

import swchina_dev as sw
from swchina_dev import Period, Qualifier, Status, Tag
from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import AmbiguousNameError, NotFoundError, ParseError, ValidationError
from swchina_dev.query import Selection


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return sw.load()


def test_an_empty_query_selects_every_indicator(ds: Dataset) -> None:
    everything = ds.query()
    assert len(everything) == len(ds.indicators)
    assert list(everything) == list(ds.indicators)
    assert everything == Selection(ds)


def test_within_bijie_reaches_villages_zones_and_enterprises(ds: Dataset) -> None:
    subjects = {indicator.subject_id for indicator in ds.query(within="Bijie")}
    assert "520500" in subjects  # Bijie's own values
    assert "520502116-chengmanyuan" in subjects  # a community, through the tree
    assert "caohai-national-nature-reserve" in subjects  # a zone in Weining County
    assert "guizhou-lianshang-technology" in subjects  # an enterprise in the high-tech zone
    assert "guizhou-changtong-group" not in subjects  # registered at province level
    assert ds.query(within="520500") == ds.query(within=ds.regions["520500"])


def test_within_a_grouping_or_a_zone(ds: Dataset) -> None:
    southwest = ds.query(within="southwest-china")
    assert "s004-western-china-trade-value-2023" not in southwest  # the grouping around it
    assert "s002-hechi-pigs-goal" in southwest  # Hechi, Guangxi
    in_zone = ds.query(within="bijie-high-tech-zone")
    assert {i.subject_id for i in in_zone} == {
        "guizhou-lianshang-technology",
        "guizhou-xinyang-agricultural-technology",
    }
    with pytest.raises(ValidationError, match="enterprise") as caught:
        ds.query(within="guizhou-lianshang-technology")
    assert caught.value.field == "within"


def test_subject_by_code_name_or_entity(ds: Dataset) -> None:
    by_code = ds.query(subject="451200")
    assert len(by_code) == 23
    assert by_code == ds.query(subject="Hechi") == ds.query(subject=ds.regions["451200"])
    both = ds.query(subject=["Hechi", "guian-new-area"])
    assert len(both) == len(by_code) + len(ds.query(subject="guian-new-area"))


def test_unknown_or_ambiguous_places_say_so(ds: Dataset) -> None:
    with pytest.raises(NotFoundError, match="Bijiee"):
        ds.query(subject="Bijiee")
    with pytest.raises(AmbiguousNameError, match="Caohai Town"):
        ds.query(within="Caohai")
    with pytest.raises(ValidationError, match="not a place"):
        ds.query(subject="planted_area")
    with pytest.raises(ValidationError, match="got int"):
        ds.query(subject=520500)  # type: ignore[arg-type]


def test_metric_tag_status_source_and_qualifier(ds: Dataset) -> None:
    assert {i.metric.key for i in ds.query(metric="planted_area")} == {"planted_area"}
    assert len(ds.query(metric=["planted_area", "area"])) == 17
    assert all(Tag.ECOLOGY in i.tags for i in ds.query(tag="ecology"))
    assert len(ds.query(tag=[Tag.ECOLOGY, "trade"])) == len(ds.query(tag="ecology")) + len(
        ds.query(tag="trade")
    ) - len(ds.query(tag="ecology").where(tag="trade"))
    assert len(ds.query(status=Status.TARGET)) == 17
    assert ds.query(source="s001-xinhua-2024-06-15").ids == (
        "s001-guizhou-asean-trade-growth",
        "s001-guizhou-bri-trade-growth",
        "s001-guizhou-major-industrial-bases",
    )
    assert ds.query(source=ds.sources["s001-xinhua-2024-06-15"]) == ds.query(
        source="s001-xinhua-2024-06-15"
    )
    ranges = ds.query(qualifier=Qualifier.RANGE)
    assert ranges.ids == ("s000-xinyang-juice-processing", "s004-cliff-village-stay-duration")
    assert len(ds.query(qualifier=["nearly", "about"])) == 6


def test_unknown_vocabulary_is_reported_with_the_field(ds: Dataset) -> None:
    with pytest.raises(NotFoundError, match="did you mean: planted_area"):
        ds.query(metric="plantd_area")
    for field in ("tag", "status", "qualifier"):
        with pytest.raises(ValidationError, match="allowed") as caught:
            ds.query(**{field: "nonsense"})
        assert caught.value.field == field
    with pytest.raises(NotFoundError):
        ds.query(source="no-such-source")
    with pytest.raises(TypeError, match="metrc"):
        ds.query(metrc="planted_area")


def test_period_overlaps_and_period_equals(ds: Dataset) -> None:
    in_2023 = ds.query(period=2023)
    assert "s001-guizhou-asean-trade-growth" in in_2023  # 2022/2023
    assert "s004-western-china-trade-value-2023" in in_2023
    assert "s000-chengmanyuan-fruit-area" not in in_2023  # as of 2025-01-23
    assert ds.query(period=Period.year(2023)) == in_2023 == ds.query(period="2023")
    day = ds.query(period=dt.date(2025, 1, 23))
    assert "s000-chengmanyuan-fruit-area" in day
    assert "s003-guian-data-centers" in day  # a 2025 target overlaps the day
    exact = ds.query(period_equals="asof:2025-01-23")
    assert "s003-guian-data-centers" not in exact
    assert all(str(i.period) == "asof:2025-01-23" for i in exact)
    with pytest.raises(ParseError) as caught:
        ds.query(period="twenty twenty")
    assert caught.value.field == "period"


def test_selections_chain_and_stay_unchanged(ds: Dataset) -> None:
    areas = ds.query(metric="planted_area")
    narrowed = areas.where(within="Guizhou")
    assert len(areas) == 15
    assert len(narrowed) == 3
    assert narrowed == ds.query(within="Guizhou").where(metric="planted_area")
    assert narrowed.where(period=2023).ids == ("s000-chengmanyuan-orchard-area-2023",)
    with pytest.raises(AttributeError, match="immutable"):
        narrowed._indicators = ()  # type: ignore[misc]


def test_a_selection_behaves_like_a_sequence(ds: Dataset) -> None:
    areas = ds.query(metric="planted_area")
    assert areas[0].id == "s000-chengmanyuan-fruit-area"
    assert areas[-1] is list(areas)[-1]
    assert isinstance(areas[1:3], Selection)
    assert len(areas[1:3]) == 2
    assert "s000-taoying-cherry-area" in areas
    assert ds.indicators["s000-taoying-cherry-area"] in areas
    assert "s000-caohai-area" not in areas
    assert not ds.query(metric="gdp")
    assert hash(areas) == hash(ds.query(metric="planted_area"))
    assert "15 indicators" in repr(areas)
    assert areas.dataset is ds
    assert areas.filter(lambda i: i.measure.qualifier is Qualifier.EXACT).ids == (
        "s000-chengmanyuan-orchard-area-2023",
        "s002-hechi-chestnut-area-goal",
        "s002-hechi-fruit-area-goal",
        "s002-hechi-mulberry-area-goal",
        "s002-hechi-oil-tea-area-goal",
        "s002-hechi-sugarcane-area-goal",
        "s002-hechi-walnut-area-goal",
    )


def test_selections_of_other_datasets_differ(ds: Dataset) -> None:
    other = Dataset(regions=ds.regions, indicators=[])
    assert Selection(other) != Selection(ds, [])
    assert Selection(ds, []) == Selection(ds, ())
    assert Selection(ds).__eq__(object()) is NotImplemented


def test_selection_total_and_roll_up(ds: Dataset) -> None:
    areas = ds.query(metric="planted_area", period_equals="asof:2025-01-23")
    with pytest.raises(sw.ValidationError, match="like to like"):  # fruit trees and cherries
        areas.total()
    cranes = ds.query(metric="number", item="black_necked_crane")
    assert str(cranes.total()) == "2,829"
    assert str(cranes.roll_up("province")["520000"].total) == "2,829"
