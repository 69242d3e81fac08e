"""The census pictures hook: what it draws, from what, and the same bytes on every build."""

from __future__ import annotations

from types import ModuleType

import pytest

from tests.paths import load_script


@pytest.fixture(scope="module")
def hook() -> ModuleType:
    return load_script("docs_census_pictures")


def test_the_outlines_are_the_68_prefectures_of_2020(hook: ModuleType) -> None:
    outlines = hook.read_boundaries()
    assert len(outlines) == 68
    assert "520500" in outlines  # Bijie City
    lon, lat = outlines["520500"][0][0]
    assert 103 < lon < 107
    assert 26 < lat < 28


def test_the_growth_is_that_of_census_change_and_grey_where_undefined(hook: ModuleType) -> None:
    growth = hook._growth("510000")
    assert growth["510100"] is None  # Chengdu: Jianyang came from Ziyang in 2016
    assert growth["512000"] is None
    assert growth["510500"] is not None
    assert hook._growth("520000")["520500"] == 5.54  # Bijie: 6,537,498 -> 6,899,636
    assert hook._growth("500000")["500100"] is not None  # Chongqing as one outline


def test_a_picture_is_the_same_on_every_build(hook: ModuleType) -> None:
    outlines = hook.read_boundaries()
    assert hook.growth_map("520000", outlines) == hook.growth_map("520000", outlines)
    assert hook.age_chart("450000") == hook.age_chart("450000")


def test_each_picture_carries_its_source(hook: ModuleType) -> None:
    text = hook.section("520000")
    assert text.count(hook.SOURCE) == 2
    assert "../pictures/520000-growth.svg" in text
    assert "../pictures/520000-ages.svg" in text
