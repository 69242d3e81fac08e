"""The bundled vocabulary: metrics and items, and the figures filed under them (data 2026.12.02)."""

from __future__ import annotations

import re
from collections import Counter

import pytest

import swchina_dev as sw
from swchina_dev import Scope, Status

#: The figures that were of the former `growth_rate` metric, and the metric each is now in.
FORMER_GROWTH = {
    "s001-guizhou-bri-trade-growth": "average_annual_growth",
    "s001-guizhou-asean-trade-growth": "average_annual_growth",
    "s004-sichuan-turbine-factory-efficiency-growth": "change_over_period",
    "s004-sichuan-turbine-factory-dev-cycle-change": "change_over_period",
    "s004-western-china-trade-growth-2019-2023": "change_over_period",
}
GROWTH_UNITS = {"average_annual_growth": "percent / year", "change_over_period": "percent"}

#: Figures about one household or one person in their subject, not the subject as a whole.
HOUSEHOLD = {
    "s004-sanhe-visited-household-cows",
    "s004-sanhe-visited-household-income",
    "s004-sanhe-relocation-house-area",
    "s004-sanhe-relocation-house-cost",
    "s004-sanhe-relocation-cost-share-of-income",
}
PERSON = {
    "s000-caohai-ranger-years",
    "s000-chengmanyuan-orchard-area-2023",
    "s000-chengmanyuan-orchard-revenue",
    "s000-chengmanyuan-orchard-investment",
    "s000-das-solar-worker-wage",
}

#: First-place claims: id -> (subject, item).
RANKS = {
    "s000-weining-rank-population": ("520526", "population"),
    "s000-weining-rank-average-altitude": ("520526", "average_altitude"),
    "s000-weining-rank-land-area": ("520526", "land_area"),
    "s002-hechi-rank-beef-cattle-and-mutton-sheep": ("451200", "beef_cattle_and_mutton_sheep"),
    "s002-hechi-rank-silkworm-industry": ("451200", "silkworm_industry"),
}

#: Hechi's goals, each beside the reported figure the article's "achieved" supports.
HECHI_GOALS = (
    "walnut-area",
    "pigs",
    "cattle-sheep",
    "oil-tea-area",
    "fruit-area",
    "sugarcane-area",
    "mulberry-area",
    "chestnut-area",
)


@pytest.fixture(scope="module")
def ds() -> sw.Dataset:
    return sw.load()


def test_every_figure_of_an_item_required_metric_has_a_known_item(ds: sw.Dataset) -> None:
    for indicator in ds.indicators:
        if indicator.metric.item_required:
            assert indicator.item is not None, indicator.id
        if indicator.item is not None:
            assert indicator.item in ds.items, (indicator.id, indicator.item)


def test_the_metrics_that_measure_something_of_a_kind_require_an_item(ds: sw.Dataset) -> None:
    for key in ("planted_area", "livestock", "production", "production_rate", "number", "rank",
                "change_over_period", "average_annual_growth", "number_change"):  # fmt: skip
        assert ds.metrics[key].item_required, key
    assert ds.metrics["livestock"].label == ds.metrics["number"].label == "{item}"
    assert ds.metrics["rank"].label == "Rank by {item}"


def test_no_two_items_and_no_two_metrics_share_a_name(ds: sw.Dataset) -> None:
    for names in ([item.name for item in ds.items], [metric.name for metric in ds.metrics]):
        repeated = [name for name, n in Counter(n.casefold() for n in names).items() if n > 1]
        assert not repeated


def test_every_item_is_used(ds: sw.Dataset) -> None:
    from swchina_dev.catalog.census_figures import FIGURES

    used = {indicator.item for indicator in ds.indicators}
    used |= {figure.item for figure in FIGURES.values()}  # the census figures' items
    assert [item.key for item in ds.items if item.key not in used] == []


def test_every_label_renders_and_reads(ds: sw.Dataset) -> None:
    for indicator in ds.indicators:
        label = ds.label(indicator)
        assert label, indicator.id
        assert not re.search(r"\bcount\b", label, re.IGNORECASE), label
        assert "dimensionless" not in label, label
        assert "{" not in label, label


def test_the_catch_all_and_the_single_growth_metric_are_gone(ds: sw.Dataset) -> None:
    keys = {metric.key for metric in ds.metrics}
    assert not keys & {"count", "growth_rate", "count_change"}
    assert {"number", "rank", "change_over_period", "average_annual_growth"} <= keys
    assert ds.metrics["number"].additive
    assert not ds.metrics["rank"].additive


def test_growth_is_a_change_over_the_period_or_an_average_yearly_growth(ds: sw.Dataset) -> None:
    change, yearly = ds.metrics["change_over_period"], ds.metrics["average_annual_growth"]
    assert (change.name, change.dimensionality) == ("Change over the period", "")
    assert (yearly.name, yearly.dimensionality) == ("Average yearly growth", "1 / [time]")
    for metric in (change, yearly):
        assert not metric.non_negative
        assert not metric.additive
    for indicator_id, key in FORMER_GROWTH.items():
        indicator = ds.indicators[indicator_id]
        assert indicator.metric.key == key, indicator_id
        assert indicator.measure.unit == GROWTH_UNITS[key], indicator_id
        assert indicator.item is not None, indicator_id  # what grew
    growth = {i.id for i in ds.indicators if i.metric.key in GROWTH_UNITS}
    assert growth == set(FORMER_GROWTH)


def test_household_and_person_figures_are_exactly_these(ds: sw.Dataset) -> None:
    assert {i.id for i in ds.indicators if i.scope is Scope.HOUSEHOLD} == HOUSEHOLD
    assert {i.id for i in ds.indicators if i.scope is Scope.PERSON} == PERSON


def test_the_relocation_cost_compares_one_household_with_its_income(ds: sw.Dataset) -> None:
    share = ds.indicators["s004-sanhe-relocation-cost-share-of-income"]
    assert (share.status, share.scope) == (Status.REPORTED, Scope.HOUSEHOLD)
    assert share.measure.unit == "percent"


def test_the_first_place_claims_are_ranks_of_one(ds: sw.Dataset) -> None:
    ranks = {i.id: i for i in ds.indicators if i.metric.key == "rank"}
    assert set(ranks) == set(RANKS)
    for indicator_id, (subject, item) in RANKS.items():
        indicator = ranks[indicator_id]
        assert (indicator.subject_id, indicator.item) == (subject, item)
        assert indicator.measure.magnitude == 1
        assert indicator.measure.unit == "dimensionless"
        assert indicator.measure.qualifier is sw.Qualifier.EXACT


def test_the_decades_are_bounds_of_ten_years(ds: sw.Dataset) -> None:
    under = ds.indicators["s000-lianshang-years-to-industry-lead"]
    over = ds.indicators["s000-xinyang-years-of-development"]
    assert str(under.measure) == "at most 10 year"
    assert str(over.measure) == "at least 10 year"


def test_each_hechi_goal_is_beside_its_achievement(ds: sw.Dataset) -> None:
    for goal_slug in HECHI_GOALS:
        goal = ds.indicators[f"s002-hechi-{goal_slug}-goal"]
        achieved = ds.indicators[f"s002-hechi-{goal_slug}-achieved"]
        assert (goal.status, achieved.status) == (Status.TARGET, Status.REPORTED)
        assert goal.measure.qualifier is sw.Qualifier.EXACT
        assert achieved.measure.qualifier is sw.Qualifier.AT_LEAST
        assert achieved.measure.lower_magnitude == goal.measure.magnitude
        assert achieved.measure.unit == goal.measure.unit
        assert (goal.item, goal.period) == (achieved.item, achieved.period)
    # The four crops of the one-million-mu goal each have their own figure.
    crops = ("fruit", "sugarcane", "mulberry", "chestnut")
    assert {ds.indicators[f"s002-hechi-{crop}-area-goal"].item for crop in crops} == set(crops)


def test_guiyang_and_guian_figures_are_about_the_grouping(ds: sw.Dataset) -> None:
    for indicator_id in ("s003-guiyang-industry-clusters", "s003-guiyang-cluster-value-each"):
        assert ds.indicators[indicator_id].subject_id == "guiyang-and-guian"
    assert "s000-lianshang-industry-chain" not in ds.indicators
