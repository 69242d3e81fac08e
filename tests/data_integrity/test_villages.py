"""The bundled NBS villages: counts, parents, the suffix rule, the article villages, the build."""

from __future__ import annotations

import importlib.util
import sys

import pytest

import swchina_dev as sw
from tests.paths import REPO


@pytest.fixture(scope="module")
def build_villages():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location(
        "build_villages", REPO / "scripts/build_villages.py"
    )
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_village_is_bundled_under_an_existing_township() -> None:
    ds = sw.load()
    assert len(ds.villages) == 100_795
    townships = {r.code for r in ds.regions if r.level is sw.Level.TOWNSHIP}
    assert {code[:9] for code in ds.villages} <= townships


@pytest.mark.parametrize(
    ("committee", "place", "kind"),
    [
        ("拉堡村村民委员会", "拉堡村", "village"),
        ("永兴村民委员会", "永兴村", "village"),
        ("官桥村委会", "官桥村", "village"),
        ("碧溪村民委员会（农村社区）", "碧溪村", "village"),
        ("兴宁社区居委会", "兴宁社区", "community"),
        ("橙满园社区居民委员会", "橙满园社区", "community"),
        ("河口居委会", "河口", "community"),
        ("丹桂居民委员会", "丹桂", "community"),
        ("里建农场生活区", "里建农场生活区", "community"),
        ("青秀山虚拟社区", "青秀山虚拟社区", "community"),
        ("查玛村", "查玛村", "village"),
    ],
)
def test_the_committee_suffix_rule(build_villages, committee: str, place: str, kind: str) -> None:  # type: ignore[no-untyped-def]
    assert build_villages.place_name(committee) == (place, kind)


def test_the_article_villages_resolve_by_their_nbs_codes_and_spellings() -> None:
    ds = sw.load()
    codes = {
        "520581202207": "520581202-huawu",
        "520502116004": "520502116-chengmanyuan",
        "520525202207": "520525202-taoying",
        "513431106205": "513431106-sanhe",
        "513431109210": "513431109-atuleer",
    }
    for nbs, curated in codes.items():
        assert ds.get(nbs).id == curated
        assert ds.region(nbs).code == curated
        assert ds.lookup(nbs).id == curated
    for spelling in ("阿土勒尔村", "阿土列尔村", "Atule'er", "Cliff Village", "悬崖村"):
        assert ds.lookup(spelling).id == "513431109-atuleer"


def test_an_nbs_village_is_a_region_under_its_township() -> None:
    ds = sw.load()
    village = ds.region("520502116003")
    assert (village.name, village.name_zh, village.kind.value) == (
        "Houshan Community",
        "后山社区",
        "community",
    )
    assert ds.parent(village).code == "520502116"
    assert village in ds.children("520502116")
    assert ds.lookup("Hechi").code == "451200"  # a city still wins over villages


def test_the_village_table_is_what_the_build_script_makes(build_villages, tmp_path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "villages.tsv"
    assert build_villages.main(["--out", str(out)]) == 0
    bundled = REPO / "src/swchina_dev/data/villages.tsv"
    assert out.read_bytes() == bundled.read_bytes()
    index = REPO / "src/swchina_dev/data/villages.names.tsv"
    assert (tmp_path / "villages.names.tsv").read_bytes() == index.read_bytes()
