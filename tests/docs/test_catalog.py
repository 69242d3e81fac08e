"""The dataset catalog generator (``scripts/docs_catalog.py``, an mkdocs hook), tested directly.

The strict docs build checks that the generated pages render and that their links resolve; these
tests check that nothing bundled is left out, faster and with clearer failures.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest

import swchina_dev
from swchina_dev import Level

REPO = Path(__file__).resolve().parents[2]
_ANCHOR = re.compile(r'<a id="([^"]+)"></a>|\{ #([^ }]+) \}')
_LINK = re.compile(r"\]\(([^)\s]*?)#([^)\s]+)\)")


def _load_hook() -> ModuleType:
    path = REPO / "scripts" / "docs_catalog.py"
    spec = importlib.util.spec_from_file_location("docs_catalog", path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("docs_catalog", module)
    spec.loader.exec_module(module)
    return module


catalog = _load_hook()


@pytest.fixture(scope="module")
def pages() -> dict[str, str]:
    return {page.path: page.markdown for page in catalog.catalog_pages()}


def _anchors(markdown: str) -> set[str]:
    return {a or b for a, b in _ANCHOR.findall(markdown)}


def test_one_page_per_province_of_southwest_china(pages: dict[str, str]) -> None:
    dataset = swchina_dev.load()
    six = dataset.groupings["southwest-china"].members
    province_pages = sorted(path for path in pages if path.startswith("catalog/regions/"))
    assert province_pages == sorted(
        f"catalog/regions/{name}.md"
        for name in ("guangxi", "chongqing", "sichuan", "guizhou", "yunnan", "tibet")
    )
    for code in six:
        region = dataset.regions[code]
        (page,) = [path for path in province_pages if f'<a id="e-{code}"></a>' in pages[path]]
        assert pages[page].startswith(f"# {region.name}\n")


def test_every_region_of_the_six_provinces_is_on_its_province_page(
    pages: dict[str, str],
) -> None:
    dataset = swchina_dev.load()
    for code in dataset.groupings["southwest-china"].members:
        (page,) = [
            p for p in pages if p.startswith("catalog/") and f"e-{code}" in _anchors(pages[p])
        ]
        listed = _anchors(pages[page])
        missing = [r.code for r in dataset.descendants(code) if f"e-{r.code}" not in listed]
        assert not missing, f"{page} leaves out {missing[:10]}"


def test_the_other_province_level_divisions_are_on_the_index(pages: dict[str, str]) -> None:
    dataset = swchina_dev.load()
    index = _anchors(pages["catalog/index.md"])
    provinces = [r for r in dataset.regions if r.level is Level.PROVINCE]
    assert len(provinces) == 34
    southwest = set(dataset.groupings["southwest-china"].members)
    assert all(f"e-{r.code}" in index for r in provinces if r.code not in southwest)
    assert all(f"e-{g.id}" in index for g in dataset.groupings)


def test_every_indicator_zone_enterprise_and_source_is_listed(pages: dict[str, str]) -> None:
    dataset = swchina_dev.load()
    indicators = pages["catalog/indicators.md"]
    assert all(f"`{ind.id}`" in indicators for ind in dataset.indicators)
    assert all(f"`{metric.key}`" in indicators for metric in dataset.metrics)
    assert all(f"e-{zone.id}" in _anchors(pages["catalog/zones.md"]) for zone in dataset.zones)
    enterprises = _anchors(pages["catalog/enterprises.md"])
    assert all(f"e-{e.id}" in enterprises for e in dataset.enterprises)
    sources = pages["catalog/sources.md"]
    for source in dataset.sources:
        assert f"e-{source.id}" in _anchors(sources)
        if source.licence:
            assert catalog._cell(source.licence) in sources


def test_indicator_rows_show_value_qualifier_period_and_source(pages: dict[str, str]) -> None:
    dataset = swchina_dev.load()
    indicator = dataset.indicators["s000-lianshang-output-value"]
    (row,) = [
        line
        for line in pages["catalog/indicators.md"].splitlines()
        if line.startswith(f"| `{indicator.id}`")
    ]
    cells = [cell.strip() for cell in row.strip("|").split(" | ")]
    assert cells[2] == "at least 100,000,000 CNY"
    assert cells[3] == r"at\_least"
    assert cells[4:6] == ["100,000,000", "—"]
    assert cells[6] == str(indicator.period)
    assert "sources.md#e-s000-peoples-daily-2025-01-23" in cells[8]


def _cells(pages: dict[str, str], indicator_id: str) -> list[str]:
    (row,) = [
        line
        for line in pages["catalog/indicators.md"].splitlines()
        if line.startswith(f"| `{indicator_id}`")
    ]
    return [cell.strip() for cell in row.strip("|").split(" | ")]


@pytest.mark.parametrize(
    ("indicator_id", "value", "bounds"),
    [
        ("s000-caohai-area", "at least 120 km²", ["120", "—"]),
        ("s000-caohai-cranes", "2,829", ["2,829", "2,829"]),
        ("s000-caohai-ranger-years", "35 years", ["35", "35"]),
        ("s003-guizhou-industrial-output-value-2020", "1.4 trillion CNY",
         ["1.4 trillion", "1.4 trillion"]),
        ("s004-yunnan-coffee-train-vs-sea-ratio", "about 0.333", ["0.333", "0.333"]),
    ],
)  # fmt: skip
def test_indicator_tables_show_readable_units_and_numbers(
    pages: dict[str, str], indicator_id: str, value: str, bounds: list[str]
) -> None:
    cells = _cells(pages, indicator_id)
    assert cells[2] == value
    assert cells[4:6] == bounds


def test_indicator_tables_show_no_stored_unit_spellings(pages: dict[str, str]) -> None:
    page = pages["catalog/indicators.md"]
    tables, _, _metrics = page.partition("## Metrics")
    for stored in ("kilometer", "dimensionless", r"metric\_ton", " / ", "e+"):
        assert stored not in tables
    assert "The source also states at least 520 ha." in tables


def test_the_sources_page_includes_the_bundled_resource_notes(pages: dict[str, str]) -> None:
    assert "## Sources of the bundled resources" in pages["catalog/sources.md"]
    assert "### cny_usd.csv" in pages["catalog/sources.md"]


def test_links_between_catalog_pages_resolve(pages: dict[str, str]) -> None:
    anchors = {path: _anchors(text) for path, text in pages.items()}
    broken = []
    for path, text in pages.items():
        for target, anchor in _LINK.findall(text):
            if "://" in target:
                continue
            resolved = path if not target else _resolve(path, target)
            if resolved.startswith("catalog/") and anchor not in anchors.get(resolved, set()):
                broken.append(f"{path}: {target}#{anchor}")
    assert not broken, broken[:10]


def _resolve(here: str, target: str) -> str:
    import posixpath

    return posixpath.normpath(posixpath.join(posixpath.dirname(here), target))


def test_table_cells_escape_markdown_and_html() -> None:
    assert catalog._cell("a | b <i>*c*</i>\nd") == r"a \| b &lt;i&gt;\*c\*&lt;/i&gt; d"
    assert catalog._cell(None) == ""


def test_the_nav_placeholder_becomes_the_catalog_section() -> None:
    nav = [
        {"Home": "index.md"},
        {"Dataset catalog": "catalog/index.md"},
        {"API": [{"x": "api/x.md"}]},
    ]
    entries = [{"Overview": "catalog/index.md"}, {"Zones": "catalog/zones.md"}]
    assert catalog._replace_placeholder(nav, entries)
    assert nav[1] == {"Dataset catalog": entries}
    assert not catalog._replace_placeholder([{"Home": "index.md"}], entries)


def test_every_public_name_has_a_documented_target() -> None:
    targets = catalog.public_name_targets()
    assert list(targets) == list(swchina_dev.__all__)
    assert targets["Region"] == "swchina_dev.models.regions.Region"
    assert targets["ureg"] == "swchina_dev.units.ureg"
    assert targets["__version__"] == "swchina_dev.__version__"
