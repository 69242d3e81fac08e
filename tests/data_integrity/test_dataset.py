"""Integrity of the bundled dataset: references resolve, codes nest, values fit their metrics."""

from __future__ import annotations

import re
import subprocess
import sys
from importlib.resources import files

import attrs
import pytest

import swchina_dev as sw
from swchina_dev.catalog import bundled as datasets
from swchina_dev.models import Level, RegionKind, SourceKind, Status
from swchina_dev.models.validators import is_trusted, trusted_input

CODE_FORMS = {
    Level.COUNTRY: r"CN",
    Level.PROVINCE: r"\d{2}0000",
    Level.PREFECTURE: r"\d{4}00",
    Level.COUNTY: r"\d{6}",
    Level.TOWNSHIP: r"\d{9}",
    Level.VILLAGE: r"\d{12}|\d{6}(\d{3})?-[a-z0-9-]+",
}
# English names: Latin letters, with the diacritics of official forms such as Xigazê or Lüchun.
LATIN_NAME = re.compile(r"^[A-Za-z\u00c0-\u00ff][A-Za-z\u00c0-\u00ff '\-,()]*$")


@pytest.fixture(scope="module")
def ds() -> sw.Dataset:
    return sw.load()


def test_load_returns_the_same_object_every_time(ds: sw.Dataset) -> None:
    assert sw.load() is ds


def test_counts_per_entity_kind(ds: sw.Dataset) -> None:
    # 1 country + 6 provinces with their 702 rows and 9,102 townships, the Qianxi predecessor,
    # the 28 other province-level divisions, and the villages the articles name.
    villages = [r for r in ds.regions if r.level is Level.VILLAGE]
    assert len(ds.regions) == 1 + 702 + 9102 + 1 + 28 + len(villages)
    assert len(villages) >= 6
    assert len([r for r in ds.regions if r.level is Level.PROVINCE]) == 34
    assert len(ds.groupings) == 4
    assert len(ds.indicators) > 50
    assert len(ds.zones) >= 10
    assert len(ds.enterprises) >= 5


def test_codes_are_well_formed(ds: sw.Dataset) -> None:
    for region in ds.regions:
        assert re.fullmatch(CODE_FORMS[region.level], region.code), region.code


def test_every_parent_exists_levels_nest_and_codes_share_the_parent_prefix(ds: sw.Dataset) -> None:
    for region in ds.regions:
        if region.level is Level.COUNTRY:
            assert region.parent is None
            continue
        parent = ds.regions[region.parent]
        assert parent.level.rank < region.level.rank, region.code
        if parent.level is Level.COUNTRY:
            continue
        prefix = {Level.PROVINCE: 2, Level.PREFECTURE: 4}.get(parent.level, len(parent.code))
        assert region.code[:prefix] == parent.code[:prefix], (region.code, parent.code)


def test_divisions_have_names_in_all_three_scripts(ds: sw.Dataset) -> None:
    for region in ds.regions:
        if region.level is not Level.VILLAGE:
            assert region.name_zh, region.code
            assert region.pinyin, region.code
            assert LATIN_NAME.match(region.name), region.code


def test_groupings_list_existing_regions(ds: sw.Dataset) -> None:
    assert set(ds.groupings["southwest-china"].members) == {
        "450000",
        "500000",
        "510000",
        "520000",
        "530000",
        "540000",
    }
    assert len(ds.groupings["western-china"].members) == 12
    assert len(ds.groupings["china"].members) == 34
    # Guiyang and Gui'an: Gui'an New Area is a zone, so the one member is the city of Guiyang.
    assert ds.groupings["guiyang-and-guian"].members == ("520100",)
    for grouping in ds.groupings:
        if grouping.id != "guiyang-and-guian":
            assert all(ds.regions[code].level is Level.PROVINCE for code in grouping.members)


def test_zones_and_enterprises_are_located_in_existing_places(ds: sw.Dataset) -> None:
    for zone in ds.zones:
        assert all(code in ds.regions for code in zone.regions), zone.id
    for enterprise in ds.enterprises:
        assert enterprise.region in ds.regions, enterprise.id
        assert enterprise.zone is None or enterprise.zone in ds.zones, enterprise.id
        assert enterprise.parent is None or enterprise.parent in ds.enterprises, enterprise.id


def test_every_indicator_refers_to_known_subject_metric_and_source(ds: sw.Dataset) -> None:
    subjects = {*ds.regions.keys(), *ds.groupings.keys(), *ds.zones.keys(), *ds.enterprises.keys()}
    for indicator in ds.indicators:
        assert indicator.subject_id in subjects, indicator.id
        assert ds.metrics[indicator.metric.key] == indicator.metric
        assert ds.sources[indicator.source.id] == indicator.source


def test_every_value_has_its_metrics_dimension_and_consistent_bounds(ds: sw.Dataset) -> None:
    for indicator in ds.indicators:
        measure = indicator.measure
        assert indicator.metric.accepts(measure.unit), indicator.id
        if measure.lower_magnitude is not None:
            assert measure.lower_magnitude <= measure.magnitude, indicator.id
        if measure.upper_magnitude is not None:
            assert measure.magnitude <= measure.upper_magnitude, indicator.id
        if indicator.metric.non_negative:
            assert measure.magnitude >= 0, indicator.id


def test_reported_values_do_not_end_after_their_source_was_published(ds: sw.Dataset) -> None:
    for indicator in ds.indicators:
        published = indicator.source.date
        if indicator.status is Status.REPORTED and published is not None:
            assert indicator.period.end <= published, indicator.id


def test_only_the_undated_podcast_lacks_a_date(ds: sw.Dataset) -> None:
    # The CGTN podcast text carries no date; it is recorded as undated, never given a guessed one.
    undated = [
        s.id for s in ds.sources if s.date is None and s.kind is not SourceKind.REFERENCE_TABLE
    ]
    assert len(undated) == 1
    assert ds.sources[undated[0]].kind is SourceKind.PODCAST


def test_every_article_is_the_source_of_at_least_one_indicator(ds: sw.Dataset) -> None:
    articles = [s for s in ds.sources if s.kind in (SourceKind.NEWS_ARTICLE, SourceKind.PODCAST)]
    assert len(articles) == 5
    for article in articles:
        assert any(i.source == article for i in ds.indicators), article.id


def test_stated_conversions_are_recorded_in_a_compatible_unit(ds: sw.Dataset) -> None:
    converted = [i for i in ds.indicators if i.stated_conversion is not None]
    assert len(converted) >= 5
    by_id = {i.id: i for i in converted}
    lianshang = by_id["s000-lianshang-output-value"]
    assert (lianshang.measure.magnitude, lianshang.measure.unit) == (100_000_000, "CNY")
    assert lianshang.stated_conversion is not None
    assert (lianshang.stated_conversion.magnitude, lianshang.stated_conversion.unit) == (
        13_670_000,
        "USD",
    )


def test_known_renames_and_recodings(ds: sw.Dataset) -> None:
    assert [r.code for r in ds.successors("520522")] == ["520581"]
    assert not ds.is_current("520522")
    assert ds.is_current("520581")
    assert "Bijie Prefecture" in ds.regions["520500"].aliases
    chengmanyuan = ds.regions["520502116-chengmanyuan"]
    assert chengmanyuan.kind is RegionKind.COMMUNITY
    assert chengmanyuan.predecessors == ("520502116-nanguan",)


def test_the_dataset_cannot_be_changed(ds: sw.Dataset) -> None:
    with pytest.raises(AttributeError):
        ds.regions = ds.zones  # type: ignore[misc, assignment]
    with pytest.raises(AttributeError):
        ds.regions._items = ()  # type: ignore[misc]
    assert isinstance(ds.indicators.keys(), tuple)


def test_every_bundled_region_passes_the_validating_constructor(ds: sw.Dataset) -> None:
    # load() builds bundled regions without re-running validators; this proves it may.
    text = files("swchina_dev.data").joinpath("regions.csv").read_text(encoding="utf-8")
    with trusted_input():
        trusted = datasets._read_regions(text)
    validated = datasets._read_regions(text)
    assert trusted == validated
    assert [hash(region) for region in trusted] == [hash(region) for region in validated]
    for region in ds.regions:
        rebuilt = sw.Region(
            **{field.name: getattr(region, field.name) for field in attrs.fields(sw.Region)}
        )
        assert rebuilt == region


def test_the_trusted_load_equals_a_fully_validated_one() -> None:
    # load() skips validators for bundled data; validating everything must give the same data.
    trusted = datasets._read_bundled()
    validated = datasets._read_bundled(trusted=False)
    for name in (
        "regions",
        "groupings",
        "zones",
        "enterprises",
        "sources",
        "metrics",
        "indicators",
    ):
        assert list(getattr(trusted, name)) == list(getattr(validated, name)), name
    assert [hash(i) for i in trusted.indicators] == [hash(i) for i in validated.indicators]


def test_trusted_input_skips_validators_but_still_normalises() -> None:
    values = ("520500", "Bijie City", "毕节市", "Bìjié Shì", "prefecture", "prefecture_level_city")
    with trusted_input():
        unchecked = sw.Region(*values, "520500")  # its own parent: a validator would refuse it
        assert unchecked.level is sw.Level.PREFECTURE  # the converter still ran
        assert sw.Measure.from_stored({"value": 1, "unit": "mu"}).qualifier is sw.Qualifier.EXACT
    with pytest.raises(sw.ValidationError, match="own parent"):
        sw.Region(*values, "520500")


def test_trusted_input_is_per_thread() -> None:
    import threading

    seen: list[bool] = []
    with trusted_input():
        worker = threading.Thread(target=lambda: seen.append(is_trusted()))
        worker.start()
        worker.join()
        assert is_trusted()
    assert seen == [False]
    assert not is_trusted()


def test_load_does_not_build_the_unit_registry() -> None:
    code = (
        "import sys, swchina_dev\n"
        "ds = swchina_dev.load()\n"
        "assert 'pint' not in sys.modules, 'load() imported pint'\n"
        "print(ds.indicators['s000-chengmanyuan-fruit-area'].measure.quantity.to('hectare'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "520.0 hectare"
