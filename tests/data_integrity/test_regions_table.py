"""Integrity of the bundled regions table built by scripts/build_regions.py.

The CSV is read by path for now (the package's resource loader is being written elsewhere).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

import pytest

from tests.paths import raw_path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "scripts"))
import build_regions  # noqa: E402  (a script, importable once scripts/ is on the path)

REGIONS_CSV = REPO / "src/swchina_dev/data/regions.csv"
COLUMNS = build_regions.COLUMNS
LEVELS = ["country", "province", "prefecture", "county", "township"]
# 1 country + 702 rows of divisions_sw.csv + 9,102 township rows + the Qianxi County
# predecessor row (520522). Nothing from the source tables is dropped.
EXPECTED_ROWS = 1 + 702 + 9102 + 1


@pytest.fixture(scope="module")
def rows() -> list[dict[str, str]]:
    with REGIONS_CSV.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def by_code(rows: list[dict[str, str]]) -> dict[str, dict[str, str]]:
    return {r["code"]: r for r in rows}


def test_file_format() -> None:
    raw = REGIONS_CSV.read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert b"\r" not in raw
    assert raw.endswith(b"\n")
    assert raw.split(b"\n", 1)[0].decode() == ",".join(COLUMNS)


def test_row_count(rows: list[dict[str, str]]) -> None:
    assert len(rows) == EXPECTED_ROWS


def test_sorted_and_unique_codes(rows: list[dict[str, str]]) -> None:
    codes = [r["code"] for r in rows]
    assert codes == sorted(codes)
    assert len(set(codes)) == len(codes)


def test_parents_exist_and_levels_nest(
    rows: list[dict[str, str]], by_code: dict[str, dict[str, str]]
) -> None:
    for r in rows:
        if r["level"] == "country":
            assert r["code"] == "CN"
            assert r["parent"] == ""
            continue
        parent = by_code[r["parent"]]
        assert LEVELS.index(parent["level"]) == LEVELS.index(r["level"]) - 1, r["code"]


def test_code_prefix_nesting(
    rows: list[dict[str, str]], by_code: dict[str, dict[str, str]]
) -> None:
    prefix = {"prefecture": 2, "county": 4, "township": 6}
    length = {"province": 6, "prefecture": 6, "county": 6, "township": 9}
    for r in rows:
        if r["level"] == "country":
            continue
        assert r["code"].isdigit(), r["code"]
        assert len(r["code"]) == length[r["level"]], r["code"]
        if r["level"] == "province":
            assert r["parent"] == "CN"
        else:
            n = prefix[r["level"]]
            assert r["code"][:n] == by_code[r["parent"]]["code"][:n], r["code"]


def test_required_cells_and_latin_names(rows: list[dict[str, str]]) -> None:
    # Latin letters; diacritics only in the official forms of data-raw/official_names.csv
    # (test_official_names.py checks that every non-ASCII name is one of them).
    allowed = re.compile(r"^[A-Za-z\u00c0-\u00ff][A-Za-z\u00c0-\u00ff '\-,()]*$")
    for r in rows:
        for col in ("name", "name_zh", "pinyin"):
            assert r[col], (r["code"], col)
        assert allowed.match(r["name"]), r["name"]


def test_kinds_per_level(rows: list[dict[str, str]]) -> None:
    kinds: dict[str, set[str]] = {}
    for r in rows:
        kinds.setdefault(r["level"], set()).add(r["kind"])
    assert kinds["country"] == {"country"}
    assert kinds["province"] == {"province", "autonomous_region", "municipality"}
    assert "placeholder" in kinds["prefecture"]
    assert {"district", "county", "autonomous_county", "county_level_city"} <= kinds["county"]
    assert kinds["township"] == {
        "town",
        "township",
        "ethnic_township",
        "subdistrict",
        "statistical_unit",
    }


def test_special_rows(by_code: dict[str, dict[str, str]]) -> None:
    assert by_code["CN"]["name"] == "China"
    assert by_code["500100"]["kind"] == "placeholder"
    assert by_code["500200"]["kind"] == "placeholder"
    assert by_code["500101"]["parent"] == "500100"
    assert by_code["540171"]["kind"] == "statistical_unit"
    assert by_code["520203"]["kind"] == "special_district"
    assert by_code["520581"]["predecessors"] == "520522"
    assert by_code["520522"]["name"] == "Qianxi County"
    assert "2021" in by_code["520522"]["note"]
    assert "Bijie Prefecture" in by_code["520500"]["aliases"].split("|")
    assert "铜仁地区" in by_code["520600"]["aliases"].split("|")


def _strip_suffix(name: str) -> str:
    name = re.sub(r"\s*\(.*?\)", "", name).strip()
    return re.sub(r" (City|Province)$", "", name)


def test_names_match_divisions_facts(by_code: dict[str, dict[str, str]]) -> None:
    # Gui'an New Area, Sanhe Village and Atule'er Village are not divisions in this table.
    with raw_path("divisions_facts.csv").open(encoding="utf-8", newline="") as f:
        facts = [r for r in csv.DictReader(f) if re.fullmatch(r"\d{6}", r["gbt2260_code"])]
    assert len(facts) == 18
    for fact in facts:
        row = by_code[fact["gbt2260_code"]]
        assert row["name_zh"] == fact["chinese"]
        assert _strip_suffix(row["name"]) == _strip_suffix(fact["english_name"])


@pytest.mark.parametrize(
    ("code", "pinyin"),
    [
        ("500000", "Chóngqìng Shì"),
        ("520200", "Liùpánshuǐ Shì"),
        ("520203", "Liùzhī Tèqū"),
        ("522701", "Dūyún Shì"),
        ("510181", "Dūjiāngyàn Shì"),
        ("511100", "Lèshān Shì"),
        ("530700", "Lìjiāng Shì"),
        ("522729", "Chángshùn Xiàn"),
        ("511524", "Chángníng Xiàn"),
        ("500115", "Chángshòu Qū"),
        ("540000", "Xīzàng Zìzhìqū"),
        ("500240", "Shízhù Tǔjiāzú Zìzhìxiàn"),
        ("500110", "Qíjiāng Qū"),
        ("500102", "Fúlíng Qū"),
        ("511527", "Jūnlián Xiàn"),
        ("511123", "Qiánwéi Xiàn"),
        ("511381", "Lángzhōng Shì"),
        ("510117", "Pídū Qū"),
        ("513402", "Huìlǐ Shì"),
        ("511822", "Yíngjīng Xiàn"),
        ("451000", "Bósè Shì"),
        ("540200", "Rìkāzé Shì"),
        ("540600", "Nàqū Shì"),
        ("542500", "Ālǐ Dìqū"),
        ("540100", "Lāsà Shì"),
        ("510682", "Shífāng Shì"),
        ("450406", "Lóngxū Qū"),
    ],
)
def test_pinyin_overrides(by_code: dict[str, dict[str, str]], code: str, pinyin: str) -> None:
    assert by_code[code]["pinyin"] == pinyin


@pytest.mark.parametrize(
    ("code", "name"),
    [
        ("520502", "Qixingguan District"),
        ("522700", "Qiannan Buyei and Miao Autonomous Prefecture"),
        ("520526", "Weining Yi, Hui and Miao Autonomous County"),
        ("450000", "Guangxi Zhuang Autonomous Region"),
        ("542500", "Ngari Prefecture"),
        ("511600", "Guang'an City"),
        ("533401", "Shangri-La City"),
    ],
)
def test_english_names(by_code: dict[str, dict[str, str]], code: str, name: str) -> None:
    assert by_code[code]["name"] == name
