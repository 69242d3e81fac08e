"""Official English names (data-raw/official_names.csv) against the bundled regions.

Where official usage differs from plain pinyin (Tibetan pinyin such as Xigazê, Baise, Lüchun),
the region's English name is the official form, the plain-pinyin spelling stays findable, and
the region's note cites the table's source.
"""

from __future__ import annotations

import csv
import unicodedata
from collections import Counter

import pytest

import swchina_dev as sw
from swchina_dev.models import Region, RegionKind
from tests.paths import raw_path

COLUMNS = ["code", "name_zh", "official_name", "aliases", "source", "url", "second_source"]


def read_table() -> list[dict[str, str]]:
    with raw_path("official_names.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


TABLE = read_table()
PROPER_COUNTS = Counter(row["official_name"] for row in TABLE)


def fold(text: str) -> str:
    """The text without tone marks or diacritics (what an English keyboard types)."""
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@pytest.fixture(scope="module")
def ds() -> sw.Dataset:
    return sw.load()


def region_of(ds: sw.Dataset, code: str) -> Region:
    region = ds.regions[code]
    assert isinstance(region, Region)
    return region


def test_table_format() -> None:
    with raw_path("official_names.csv").open(encoding="utf-8", newline="") as handle:
        assert next(csv.reader(handle)) == COLUMNS
    codes = [row["code"] for row in TABLE]
    assert codes == sorted(codes)
    assert len(codes) == len(set(codes))


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row["code"])
def test_every_row_cites_a_source(row: dict[str, str]) -> None:
    assert row["official_name"], row
    assert row["source"], row
    assert row["url"].startswith(("https://", "http://")), row
    assert not row["second_source"] or row["second_source"].startswith(("https://", "http://"))


def test_every_division_of_tibet_is_in_the_table(ds: sw.Dataset) -> None:
    tibet = {
        region.code
        for region in ds.regions
        if isinstance(region, Region)
        and region.code.startswith("54")
        and region.level.value in ("prefecture", "county")
        and region.kind is not RegionKind.STATISTICAL_UNIT
        and region.valid_to is None
    }
    assert len(tibet) == 7 + 74
    assert tibet <= {row["code"] for row in TABLE}


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row["code"])
def test_official_name_is_the_region_name(ds: sw.Dataset, row: dict[str, str]) -> None:
    region = region_of(ds, row["code"])
    assert region.name_zh == row["name_zh"]
    assert region.name.startswith(row["official_name"] + " "), (region.name, row)
    assert row["url"] in region.note


@pytest.mark.parametrize("row", TABLE, ids=lambda row: row["code"])
def test_old_spelling_still_resolves(ds: sw.Dataset, row: dict[str, str]) -> None:
    region = region_of(ds, row["code"])
    rest = region.name[len(row["official_name"]) :]
    plain = fold(region.pinyin.split()[0])  # the plain-pinyin proper name
    queries = [region.name, plain + rest, fold(row["official_name"]) + rest]
    if PROPER_COUNTS[row["official_name"]] == 1:  # Garzê names a county and a prefecture
        queries += [row["official_name"], fold(row["official_name"])]
    queries += [alias for alias in row["aliases"].split("|") if alias]
    for query in queries:
        assert ds.lookup(query).code == row["code"], query


def test_only_official_forms_carry_diacritics(ds: sw.Dataset) -> None:
    official = {row["code"] for row in TABLE}
    for region in ds.regions:
        if isinstance(region, Region) and not region.name.isascii():
            assert region.code in official, (region.code, region.name)


def test_counts_of_changed_names(ds: sw.Dataset) -> None:
    # 81 divisions of Tibet, 5 Tibetan names in Sichuan, Baise and Lüchun; all but 10 differ
    # from plain pinyin (Lhasa, Qamdo, Nyingchi, Nagqu and Ngari were English names before).
    changed = [
        row
        for row in TABLE
        if fold(region_of(ds, row["code"]).pinyin.split()[0]) != row["official_name"]
    ]
    assert len(TABLE) == 88
    assert len(changed) == 78
    assert sum(row["code"].startswith("54") for row in changed) == 71


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("540200", "Xigazê City"),
        ("540222", "Gyangzê County"),
        ("540481", "Mainling City"),
        ("542527", "Coqên County"),
        ("540400", "Nyingchi City"),
        ("540300", "Qamdo City"),
        ("540424", "Bomê County"),
        ("513201", "Barkam City"),
        ("513232", "Zoigê County"),
        ("451000", "Baise City"),
        ("532531", "Lüchun County"),
    ],
)
def test_named_examples(ds: sw.Dataset, code: str, name: str) -> None:
    assert region_of(ds, code).name == name


@pytest.mark.parametrize("query", ["Lüchun", "Luchun", "Lvchun", "Luchun County", "绿春"])
def test_luchun_in_every_spelling(ds: sw.Dataset, query: str) -> None:
    assert ds.lookup(query).code == "532531"


@pytest.mark.parametrize("query", ["Baise", "Baise City", "Bose", "Bose City", "百色"])
def test_baise_and_its_old_spelling(ds: sw.Dataset, query: str) -> None:
    assert ds.lookup(query).code == "451000"


@pytest.mark.parametrize("query", ["Shigatse", "Xigaze", "Rikaze", "Xigazê", "日喀则"])
def test_xigaze_in_every_spelling(ds: sw.Dataset, query: str) -> None:
    assert ds.lookup(query).code == "540200"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("Qiannan Buyi and Miao Autonomous Prefecture", "522700"),
        ("Qianxinan Buyi and Miao Autonomous Prefecture", "522300"),
        ("Zhenning Buyi and Miao Autonomous County", "520423"),
    ],
)
def test_buyi_beside_buyei(ds: sw.Dataset, query: str, code: str) -> None:
    region = ds.lookup(query)
    assert region.code == code
    assert isinstance(region, Region)
    assert "Buyei" in region.name


def test_every_buyei_name_has_its_buyi_alias(ds: sw.Dataset) -> None:
    named = [r for r in ds.regions if isinstance(r, Region) and "Buyei" in r.name]
    assert len(named) > 5
    for region in named:
        assert region.name.replace("Buyei", "Buyi") in region.aliases, region.code
