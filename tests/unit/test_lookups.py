"""Scoped lookups, containment chains, ranked ambiguity and suggestions (with villages)."""

from __future__ import annotations

import pytest

import swchina_dev as sw
from swchina_dev.catalog.datasets import containment_chain
from swchina_dev.cli import main


@pytest.fixture(scope="module")
def ds() -> sw.Dataset:
    return sw.load()


def test_within_narrows_a_common_name(ds: sw.Dataset) -> None:
    with pytest.raises(sw.AmbiguousNameError):
        ds.lookup("Sanhe")
    assert ds.lookup("Sanhe", within="Zhaojue").id == "513431106-sanhe"
    assert ds.lookup("Sanhe", within="513431").id == "513431106-sanhe"
    assert ds.lookup("Sanhe", within=ds.region("513431")).id == "513431106-sanhe"
    # an NBS village found only inside its county
    assert ds.lookup("Houshan Community", within="Qixingguan").code == "520502116003"


def test_a_new_area_is_not_a_division_of_its_name(ds: sw.Dataset) -> None:
    # Chongqing's Liangjiang New Area is none of the towns called Liangjiang (in Guangxi).
    towns = ds.lookup_all("Liangjiang", villages=False)
    assert {town.level for town in towns} == {sw.Level.TOWNSHIP}
    assert ds.lookup_all("Liangjiang New Area") == ds.lookup_all("两江新区") == ()
    assert ds.lookup("Gui'an New Area").id == ds.lookup("贵安新区").id == "guian-new-area"


def test_within_refuses_what_lies_elsewhere(ds: sw.Dataset) -> None:
    with pytest.raises(sw.NotFoundError, match="within Sichuan Province"):
        ds.lookup("Bijie", within="Sichuan")
    with pytest.raises(sw.NotFoundError, match="is not within Sichuan Province"):
        ds.lookup("520500", within="Sichuan")
    assert ds.lookup("520500", within="Guizhou").name == "Bijie City"


def test_within_finds_zones_and_enterprises_by_their_regions(ds: sw.Dataset) -> None:
    assert ds.lookup("Caohai", within="Weining", strict=True).id != "532932105"
    reserve = ds.lookup("Caohai reserve", within="Bijie")
    assert reserve.id == "caohai-national-nature-reserve"
    with pytest.raises(sw.NotFoundError):
        ds.lookup("Caohai reserve", within="Yunnan")  # nor a village: it says reserve
    in_yunnan = ds.lookup_all("Caohai", within="Yunnan")  # the town, then a village
    assert [region.id for region in in_yunnan] == ["532932105", "532325102211"]


@pytest.mark.parametrize(
    "chain",
    [
        "Huawu village, Xinren Miao township, Qianxi",
        "Huawu, Qianxi",
        "化屋村，新仁苗族乡，黔西市",
        "黔西市新仁苗族乡化屋村",
        "贵州省毕节市黔西市新仁苗族乡化屋村",
    ],
)
def test_a_containment_chain_resolves_by_walking_down(ds: sw.Dataset, chain: str) -> None:
    assert ds.lookup(chain).id == "520581202-huawu"


def test_the_parts_of_a_chain() -> None:
    assert containment_chain("Sanhe, Zhaojue") == ["Zhaojue", "Sanhe"]
    assert containment_chain("贵州省毕节市") == ["贵州省", "毕节市"]
    assert containment_chain("Bijie") == ["Bijie"]


def test_a_name_with_a_comma_is_not_a_chain(ds: sw.Dataset) -> None:
    county = ds.lookup("Weining Yi, Hui and Miao Autonomous County")
    assert county.code == "520526"


def test_a_broken_chain_says_which_part_failed(ds: sw.Dataset) -> None:
    with pytest.raises(sw.NotFoundError, match=r"in 'Huawu, Sichuan', nothing is called 'Huawu'"):
        ds.lookup("Huawu, Sichuan")
    with pytest.raises(sw.AmbiguousNameError, match=r"in 'Sanhe, Guizhou'") as error:
        ds.lookup("Sanhe, Guizhou")
    assert all("Guizhou Province" in candidate for candidate in error.value.candidates)


def test_ambiguity_lists_the_most_likely_first_and_says_how_to_pick(ds: sw.Dataset) -> None:
    with pytest.raises(sw.AmbiguousNameError) as error:
        ds.lookup("Caohai")
    candidates = error.value.candidates
    assert len(candidates) == 3
    assert candidates[0].startswith("Caohai National Nature Reserve")  # the data has figures on it
    assert "within=" in str(error.value)
    assert "code" in str(error.value)
    assert error.value.hint is not None


def test_retired_namesakes_come_last_and_give_way(ds: sw.Dataset) -> None:
    assert ds.lookup("Qianxi").code == "520581"
    found = [region.code for region in ds.lookup_all("Qianxi") if isinstance(region, sw.Region)]
    assert found.index("520581") < found.index("520522")


def test_a_level_word_picks_places_of_that_kind(ds: sw.Dataset) -> None:
    assert ds.lookup("Caohai Nature Reserve").id == "caohai-national-nature-reserve"
    assert ds.lookup("草海保护区").id == "caohai-national-nature-reserve"
    with pytest.raises(sw.AmbiguousNameError) as error:
        ds.lookup("Caohai Town")
    assert len(error.value.candidates) == 2
    assert all("Town" in candidate for candidate in error.value.candidates)


def test_a_miss_suggests_the_closest_and_most_likely_names(ds: sw.Dataset) -> None:
    with pytest.raises(sw.NotFoundError) as error:
        ds.lookup("Bijei")
    assert error.value.suggestions[0].startswith("Bijie City (520500)")
    with pytest.raises(sw.NotFoundError) as error:
        ds.lookup("Sanhee", within="Zhaojue")
    assert error.value.suggestions[0].startswith("Sanhe Village (513431106-sanhe)")
    with pytest.raises(sw.NotFoundError) as error:
        ds.lookup("Hoshan Community", within="Qingshuipu")
    assert any("520502116003" in s for s in error.value.suggestions)
    with pytest.raises(sw.NotFoundError) as error:
        ds.lookup("毕节是")
    assert any("520500" in s for s in error.value.suggestions)


def test_the_command_line_takes_within(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lookup", "Sanhe", "--within", "Zhaojue"]) == 0
    assert "513431106-sanhe" in capsys.readouterr().out
    assert main(["lookup", "Sanhe"]) == 1
    message = capsys.readouterr().err
    assert "--within REGION" in message
    assert "within=" not in message
