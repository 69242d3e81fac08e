"""The repository builds and tests on its own: it reaches outside itself only for the articles.

A fresh clone has no folder beside it. The raw inputs are in ``data-raw/``; the one thing not
distributed is the source articles, found through ``tests/paths.py`` (``ARTICLES``) alone.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.paths import RAW, REPO

SCANNED = ["tests", "scripts", "src", "docs", "README.md"]
#: ``../shared``, the old variable, or a path built as ``<something>.parent / "shared"``.
OUTSIDE = re.compile(r"\.\./shared|SWCHINA_SHARED|\.parent\s*/\s*[\"']shared\b")
#: The one allowed reach outside: where the source articles are, when they are there.
ALLOWED = {("tests/paths.py", "ARTICLES = ")}


def _scanned_files() -> list[Path]:
    found = []
    for name in SCANNED:
        top = REPO / name
        paths = [top] if top.is_file() else sorted(p for p in top.rglob("*") if p.is_file())
        found += [
            p for p in paths if not any(part.startswith((".", "__pycache__")) for part in p.parts)
        ]
    return [p for p in found if p != Path(__file__).resolve()]


def test_nothing_but_the_articles_is_read_from_beside_the_repository() -> None:
    files = _scanned_files()
    assert len(files) > 100  # the scan found the tree
    offending = []
    for path in files:
        where = path.relative_to(REPO).as_posix()
        text = path.read_bytes().decode("utf-8", errors="replace")
        for number, line in enumerate(text.splitlines(), start=1):
            if not OUTSIDE.search(line):
                continue
            if any(where == file and line.startswith(start) for file, start in ALLOWED):
                continue
            offending.append(f"{where}:{number}: {line.strip()}")
    assert not offending, "reaches outside the repository (use data-raw/):\n" + "\n".join(offending)


def test_the_allowed_reach_is_the_articles_folder_only() -> None:
    lines = (REPO / "tests" / "paths.py").read_text(encoding="utf-8").splitlines()
    allowed = [line for line in lines if OUTSIDE.search(line)]
    assert allowed == [
        'ARTICLES = Path(os.environ.get("SWCHINA_ARTICLES", REPO.parent / "shared" / "seeds"))'
    ]


RAW_FILES = sorted(p.name for p in RAW.iterdir() if p.name not in {"SOURCES.md", "LICENSES.md"})


def test_data_raw_holds_the_inputs() -> None:
    assert RAW_FILES == [
        "areacodes",
        "census",
        "cny_usd_annual.csv",
        "cny_usd_crosscheck.csv",
        "cny_usd_monthly_2010_2026.csv",
        "divisions_facts.csv",
        "divisions_sw.csv",
        "divisions_sw_townships.csv",
        "divisions_sw_villages.csv",
        "official_names.csv",
        "provinces_cn.csv",
        "sub_county_changes_sw.csv",
        "units_notes.md",
        "units_shizhi.csv",
    ]


CENSUS_FILES = sorted(p.name for p in (RAW / "census").iterdir())


def test_the_census_folder_holds_the_tables_and_their_licence() -> None:
    assert CENSUS_FILES == [
        "LICENSE",
        "census_2010_county_sw.csv",
        "census_2020_county_sw.csv",
        "census_city_2010_2020_sw.csv",
        "prefecture_boundaries_sw.csv",
    ]
    sources = (RAW / "SOURCES.md").read_text(encoding="utf-8")
    licences = (RAW / "LICENSES.md").read_text(encoding="utf-8")
    for name in CENSUS_FILES[1:]:
        assert f"census/{name}" in sources, name
        assert f"`census/{name}`" in licences, name


@pytest.mark.parametrize("name", RAW_FILES)
def test_each_raw_file_has_its_provenance_and_licence(name: str) -> None:
    sources = (RAW / "SOURCES.md").read_text(encoding="utf-8")
    licences = (RAW / "LICENSES.md").read_text(encoding="utf-8")
    headings = [line for line in sources.splitlines() if line.startswith("## ")]
    assert any(name in heading for heading in headings), name
    assert any(line.startswith("| ") and f"`{name}`" in line for line in licences.splitlines())
