"""Lookup and navigation over the bundled dataset."""

from __future__ import annotations

import threading

import pytest

import swchina_dev as sw
from swchina_dev.catalog import Collection, Dataset


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return sw.load()


@pytest.mark.parametrize(
    "name",
    [
        "Bijie",
        "bijie",
        "BIJIE",
        "bijie shi",
        "Bijie City",
        "毕节",
        "毕节市",
        "Bìjié Shì",
        "Bijie Prefecture",
        "520500",
    ],
)
def test_every_spelling_of_bijie_finds_the_prefecture_level_city(ds: Dataset, name: str) -> None:
    assert ds.lookup(name).id == "520500"


@pytest.mark.parametrize(
    "name", ["Guian", "Gui'an", "Gui'an New Area", "guian new area", "贵安新区", "guian-new-area"]
)
def test_every_spelling_of_guian_finds_the_new_area(ds: Dataset, name: str) -> None:
    found = ds.lookup(name)
    assert isinstance(found, sw.Zone)
    assert found.id == "guian-new-area"


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Guizhou", "520000"),
        ("Hechi", "451200"),
        ("Chongqing", "500000"),
        ("Liangshan", "513400"),
        ("Qianxi", "520581"),
        ("Qianxi County", "520522"),
        ("Weining", "520526"),
        ("Tongren", "520600"),
        ("Tibet", "540000"),
        ("Lhasa", "540100"),
        ("Qixingguan District", "520502"),
        ("Huawu", "520581202-huawu"),
    ],
)
def test_names_the_articles_use_resolve(ds: Dataset, name: str, code: str) -> None:
    assert ds.lookup(name).id == code


def test_groupings_enterprises_and_metrics_resolve(ds: Dataset) -> None:
    assert ds.lookup("Southwest China").id == "southwest-china"
    assert ds.lookup("Guizhou Lianshang Technology Co., Ltd.").id == "guizhou-lianshang-technology"
    assert ds.lookup("output_value").id == "output_value"


def test_a_shared_name_raises_listing_every_candidate_with_its_parent_chain(ds: Dataset) -> None:
    with pytest.raises(sw.AmbiguousNameError) as caught:
        ds.lookup("Chaoyang")
    error = caught.value
    everything = ds.lookup_all("Chaoyang")
    # The NBS villages named Chaoyang are in lookup_all, not in the error: they are searched
    # only when no region down to township (or other entity) has the name.
    down_to_township = [e for e in everything if getattr(e, "level", None) is not sw.Level.VILLAGE]
    assert len(error.candidates) == len(down_to_township) > 2
    assert len(everything) > len(down_to_township)
    assert all(" in " in candidate and "< China" in candidate for candidate in error.candidates)
    assert "Chaoyang Subdistrict (450102002) in Xingning District < Nanning City" in str(error)


def test_two_towns_with_one_english_name_are_ambiguous(ds: Dataset) -> None:
    with pytest.raises(sw.AmbiguousNameError):
        ds.lookup("Caohai")


def test_strict_lookup_refuses_to_prefer_the_higher_level(ds: Dataset) -> None:
    assert ds.lookup("Hechi").id == "451200"
    with pytest.raises(sw.AmbiguousNameError) as caught:
        ds.lookup("Hechi", strict=True)
    assert any("451202104" in candidate for candidate in caught.value.candidates)


def test_a_miss_suggests_the_closest_names(ds: Dataset) -> None:
    with pytest.raises(sw.NotFoundError) as caught:
        ds.lookup("Bijei")
    assert any("Bijie City (520500)" in s for s in caught.value.suggestions)
    assert "did you mean" in str(caught.value)


@pytest.mark.parametrize("bad", ["", "   ", "x" * 100_000, "\x00\x01", None, 42])
def test_bad_queries_raise_not_found(ds: Dataset, bad: object) -> None:
    with pytest.raises(sw.NotFoundError):
        ds.lookup(bad)  # type: ignore[arg-type]


def test_regions_by_code_and_collection_protocol(ds: Dataset) -> None:
    assert ds.regions.get("520500") is ds.regions["520500"]
    assert ds.regions.get("999999") is None
    assert "520500" in ds.regions
    with pytest.raises(sw.NotFoundError, match="520500"):
        ds.regions["520501"]
    assert isinstance(ds.regions, Collection)
    assert len(list(ds.regions)) == len(ds.regions)


def test_navigation_through_the_tree(ds: Dataset) -> None:
    assert ds.parent("520502") == ds.regions["520500"]
    assert ds.parent("CN") is None
    assert [r.code for r in ds.ancestors("520581202-huawu")] == [
        "520581202",
        "520581",
        "520500",
        "520000",
        "CN",
    ]
    children = ds.children("520500")
    assert "520502" in [r.code for r in children]
    assert all(r.parent == "520500" for r in children)
    descendants = ds.descendants("520500")
    assert {r.code for r in children} < {r.code for r in descendants}
    assert "520581202-huawu" in {r.code for r in descendants}


def test_within_lists_regions_zones_and_enterprises_of_a_place(ds: Dataset) -> None:
    inside = {entity.id for entity in ds.within("Bijie")}
    assert {
        "520502",
        "bijie-high-tech-zone",
        "guizhou-lianshang-technology",
        "caohai-national-nature-reserve",
    } <= inside
    assert "451200" not in inside


def test_load_from_many_threads_builds_once(ds: Dataset) -> None:
    results: list[Dataset] = []
    threads = [threading.Thread(target=lambda: results.append(sw.load())) for _ in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(result is ds for result in results)


def test_user_datasets_check_their_references() -> None:
    country = sw.Region("CN", "China", "中国", "Zhōngguó", "country", "country", None)
    orphan = sw.Region(
        "520500",
        "Bijie City",
        "毕节市",
        "Bìjié Shì",
        "prefecture",
        "prefecture_level_city",
        "520000",
    )
    zone = sw.Zone("nowhere-zone", "Nowhere Zone", "other", ("999900",))
    with pytest.raises(sw.StructureError) as caught:
        Dataset(regions=[country, orphan], zones=[zone])
    assert len(caught.value.problems) == 2
    with pytest.raises(sw.StructureError, match="duplicate region ids"):
        Dataset(regions=[country, country])


def test_a_cycle_of_parents_is_refused_instead_of_looping_forever() -> None:
    country = sw.Region("CN", "China", "中国", "Zhōngguó", "country", "country", None)
    first = sw.Region("520000", "A Province", "甲省", "Jiǎ Shěng", "province", "province", "520100")
    second = sw.Region(
        "520100", "B City", "乙市", "Yǐ Shì", "prefecture", "prefecture_level_city", "520000"
    )
    with pytest.raises(sw.StructureError) as caught:
        Dataset(regions=[country, first, second])
    assert len(caught.value.problems) == 1
    assert "cycle of parents: 520000 -> 520100 -> 520000" in caught.value.problems[0]


def test_double_counting_error_is_a_validation_error_of_the_library() -> None:
    assert issubclass(sw.DoubleCountingError, sw.ValidationError)
    error = sw.DoubleCountingError("summing planted_area", conflicts=["520500 > 520502"])
    assert error.conflicts == ("520500 > 520502",)
    assert "520500 > 520502" in str(error)
