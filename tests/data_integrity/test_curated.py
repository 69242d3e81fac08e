"""The bundled data against its inputs: curated phrases are in the articles, builds reproduce."""

from __future__ import annotations

import json
import sys
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

import swchina_dev as sw
from tests.paths import CURATED, RAW, REPO, articles_path

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover  (Python 3.10)
    import tomli as tomllib

sys.path.insert(0, str(REPO / "scripts"))
import build_dataset
import build_regions


def curated_indicators() -> list[tuple[str, dict[str, Any]]]:
    rows = []
    for path in sorted(CURATED.glob("seed_*.toml")):
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        seed = document["source"][0]["seed"]
        rows += [(seed, row) for row in document.get("indicator", [])]
    return rows


INDICATORS = curated_indicators()


@pytest.mark.articles
def test_every_seed_article_has_a_curated_file() -> None:
    seeds = sorted(p.name for p in articles_path().glob("*.txt"))
    curated = sorted(seed for seed, _ in INDICATORS)
    assert sorted(set(curated)) == seeds


@pytest.mark.articles
@pytest.mark.parametrize(("seed", "row"), INDICATORS, ids=[row["id"] for _, row in INDICATORS])
def test_each_curated_phrase_is_verbatim_in_its_article(seed: str, row: dict[str, Any]) -> None:
    article = articles_path(seed).read_text(encoding="utf-8")
    assert row["phrase"] in article


def _shipped_text() -> str:
    return "".join(
        resource.read_text(encoding="utf-8")
        for resource in files("swchina_dev.data").iterdir()
        if resource.name.endswith((".json", ".csv", ".md", ".txt"))
    )


def test_no_curated_phrase_is_shipped() -> None:
    assert '"phrase"' not in _shipped_text()


@pytest.mark.articles
def test_no_article_text_is_shipped() -> None:
    shipped = _shipped_text()
    titles = {source.title for source in sw.load().sources}
    checked = 0
    for seed in articles_path().glob("*.txt"):
        # No sentence of any article; headlines are shipped, as the titles sources are cited by.
        for line in seed.read_text(encoding="utf-8").splitlines():
            for sentence in line.strip().split(". "):
                if len(sentence) > 60 and sentence not in titles:
                    checked += 1
                    assert sentence not in shipped, sentence[:60]
    assert checked > 100


def test_dataset_resource_is_what_the_build_script_makes() -> None:
    built = build_dataset.build(RAW)
    shipped = json.loads(files("swchina_dev.data").joinpath("dataset.json").read_text("utf-8"))
    assert built == shipped


def test_regions_resource_is_what_the_build_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "regions.csv"
    build_regions.write(build_regions.build(RAW), out)
    shipped = files("swchina_dev.data").joinpath("regions.csv").read_text("utf-8")
    assert out.read_text(encoding="utf-8") == shipped
