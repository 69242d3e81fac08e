"""The built docs site: every public name is in the API reference, and search covers the catalog.

The site is built once per session (``mkdocs build --strict``, a few seconds) into a temporary
folder. scripts/check.sh builds it too; this build is what the assertions below read.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

import swchina_dev

pytest.importorskip("mkdocs", reason="the docs extra is not installed")

REPO = Path(__file__).resolve().parents[2]
_ID = re.compile(r'\bid="([^"]+)"')


@pytest.fixture(scope="module")
def api_ids(site: Path) -> set[str]:
    """Every element id on the API reference pages."""
    return {
        anchor
        for page in (site / "api").rglob("index.html")
        for anchor in _ID.findall(page.read_text(encoding="utf-8"))
    }


@pytest.mark.parametrize("name", swchina_dev.__all__)
def test_every_public_name_is_documented(api_ids: set[str], name: str) -> None:
    # mkdocstrings gives each documented object an id that is its dotted path.
    documented = [anchor for anchor in api_ids if anchor.endswith(f".{name}")]
    assert documented, f"swchina_dev.{name} has no entry in the API reference"


def test_the_api_index_links_every_public_name(site: Path, api_ids: set[str]) -> None:
    index = (site / "api" / "index.html").read_text(encoding="utf-8")
    ids = api_ids
    links = dict(re.findall(r'href="[^"]*#([^"]+)"[^>]*><code>([^<]+)</code>', index))
    by_name = {name: anchor for anchor, name in links.items()}
    for name in swchina_dev.__all__:
        assert name in by_name, f"the public names table leaves out {name}"
        assert by_name[name] in ids


def test_the_catalog_and_guide_are_built_and_searchable(site: Path) -> None:
    for page in ("guizhou", "sichuan", "tibet"):
        assert (site / "catalog" / "regions" / page / "index.html").is_file()
    for page in ("zones", "enterprises", "indicators", "sources"):
        assert (site / "catalog" / page / "index.html").is_file()
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"guide/units/", "catalog/regions/guizhou/", "catalog/indicators/"} <= locations
    text = " ".join(doc["text"] for doc in index["docs"])
    assert "Qixingguan District" in text
    assert "毕节市" in text


def test_each_province_page_shows_its_census_pictures_with_their_source(site: Path) -> None:
    pictures = sorted(path.name for path in (site / "catalog" / "pictures").iterdir())
    assert len(pictures) == 12
    for code in ("450000", "500000", "510000", "520000", "530000", "540000"):
        for kind in ("growth", "ages"):
            svg = (site / "catalog" / "pictures" / f"{code}-{kind}.svg").read_text("utf-8")
            assert "<svg" in svg
    page = (site / "catalog" / "regions" / "guizhou" / "index.html").read_text("utf-8")
    assert "../../pictures/520000-growth.svg" in page or "../pictures/520000-growth.svg" in page
    assert "leiii/census (MIT)" in page
    assert "not official boundaries" in page


def test_pages_and_the_search_index_stay_small(site: Path) -> None:
    # 100,000 villages have pages of their own, one per prefecture: no page over 1 MB, and the
    # search index (which leaves the village tables out) under 5 MB.
    largest = max((page.stat().st_size, page) for page in site.rglob("*.html"))
    assert largest[0] < 1_000_000, largest
    assert (site / "search" / "search_index.json").stat().st_size < 5_000_000
    villages = sorted((site / "catalog" / "villages").glob("*/index.html"))
    assert len(villages) > 50  # a page per prefecture
    weining = (site / "catalog" / "villages" / "520500" / "index.html").read_text(encoding="utf-8")
    assert "520526" in weining  # Weining county's villages are on Bijie's page


def test_the_home_page_starts_with_install_commands_that_fit_the_column(site: Path) -> None:
    home = (REPO / "docs" / "index.md").read_text(encoding="utf-8")
    first_block = home.split("```", 2)[1]
    assert "pip install swchina-dev" not in home  # not on PyPI: say so only once it is
    assert max(len(line) for line in first_block.splitlines()) <= 72
