"""Build the bundled dataset resource from the curated files and the reference tables in data-raw/.

Reads ``scripts/curated/*.toml`` (hand-curated from the source articles), the region table made by
``scripts/build_regions.py`` and ``data-raw/provinces_cn.csv``, validates every record through
the library's own models, and writes ``src/swchina_dev/data/dataset.json``.

The curated ``phrase`` fields (verbatim fragments of the articles, kept for tests) are not
written: the package never ships article text.

Usage (Python 3.11+, from the repository root, after build_regions.py)::

    python scripts/build_dataset.py [--raw data-raw]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import tomllib
from pypinyin import Style, pinyin

import swchina_dev as sw
from swchina_dev.catalog.census_figures import CENSUS_SOURCES
from swchina_dev.conversion.rates import CNY_USD_SOURCE

REPO = Path(__file__).resolve().parents[1]
CURATED = REPO / "scripts" / "curated"
DATA = REPO / "src" / "swchina_dev" / "data"
#: Bump on every change of the bundled data (and say what changed in CHANGELOG.md).
DATA_VERSION = "2026.12.02"

WESTERN_CHINA = ("500000", "510000", "520000", "530000", "540000", "610000", "620000", "630000",
                 "640000", "650000", "150000", "450000")  # fmt: skip
SOUTHWEST_CHINA = ("450000", "500000", "510000", "520000", "530000", "540000")
PROVINCE_KINDS = {
    "province": "province",
    "autonomous region": "autonomous_region",
    "municipality": "municipality",
    "special administrative region": "special_administrative_region",
}

REFERENCE_SOURCES = [
    sw.Source(
        id="nbs-division-codes-2023",
        publisher="National Bureau of Statistics of China",
        title="Statistical division codes (统计用区划代码和城乡划分代码), 2023 edition",
        date=dt.date(2023, 9, 11),
        kind="statistical_table",
        licence="Facts from an official table; as compiled in the repository "
        "modood/Administrative-divisions-of-China (WTFPL)",
        note="Codes, hanzi names and parents as of 2023-06-30 (the 2023 edition, the last NBS "
        "published). English names and pinyin are "
        "derived by scripts/build_regions.py; coordinates joined from the cpca package 0.5.5 "
        "(MIT), about 2020 vintage.",
    ),
    sw.Source(
        id="mca-province-codes",
        publisher="Ministry of Civil Affairs of the People's Republic of China",
        title="GB/T 2260 codes of the province-level divisions",
        date=None,
        kind="reference_table",
        licence="Facts from an official standard",
        note="The 34 province-level divisions, used for the country level and for groupings.",
    ),
    sw.Source(
        id="market-units-legal-definitions",
        publisher="Republic of China Weights and Measures Act (1929); PRC State Council (1959)",
        title="Legal definitions of the Chinese market units (市制)",
        date=dt.date(1959, 6, 25),
        kind="reference_table",
        licence="Facts from statutes",
        note="chi = 1/3 m, jin = 1/2 kg, li = 1,500 chi, mu = 6,000 square chi (1929 art. 5); "
        "ten liang to the jin (1959 order).",
    ),
    CNY_USD_SOURCE,
    *CENSUS_SOURCES.values(),
]

GROUPINGS = [
    {
        "id": "china",
        "name": "China",
        "name_zh": "中国",
        "aliases": ["People's Republic of China", "PRC"],
        "description": "The 34 province-level divisions of the People's Republic of China.",
    },
    {
        "id": "southwest-china",
        "name": "Southwest China",
        "name_zh": "西南地区",
        "members": list(SOUTHWEST_CHINA),
        "aliases": ["SW China", "Southwestern China"],
        "description": "The six province-level units this library covers in depth: Guangxi, "
        "Chongqing, Sichuan, Guizhou, Yunnan and Tibet.",
    },
    {
        "id": "western-china",
        "name": "Western China",
        "name_zh": "西部地区",
        "members": list(WESTERN_CHINA),
        "aliases": ["West China", "Western Development region"],
        "description": "The 12 province-level units of the Western Development (西部大开发) "
        "programme.",
    },
    {
        "id": "guiyang-and-guian",
        "name": "Guiyang and Gui'an",
        "name_zh": "贵阳贵安",
        "members": ["520100"],
        "aliases": ["Guiyang and Guian", "Guiyang-Gui'an"],
        "description": "Guiyang city together with Gui'an New Area, as officials name the pair "
        "jointly. Gui'an is a state-level new area (a zone, not a division) lying mostly in "
        "Guiyang and partly in Anshun; grouping members are divisions, so the only member is "
        "Guiyang (520100), and the part of Gui'an in Anshun is not covered by the members.",
    },
]


def fail(message: str) -> None:
    print(f"build_dataset: {message}", file=sys.stderr)
    raise SystemExit(1)


def load_curated() -> dict[str, list[dict[str, Any]]]:
    merged: dict[str, list[dict[str, Any]]] = {}
    for path in [
        CURATED / "metrics.toml",
        CURATED / "items.toml",
        *sorted(CURATED.glob("seed_*.toml")),
    ]:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
        for table, rows in document.items():
            for row in rows:
                row["_file"] = path.name
            merged.setdefault(table, []).extend(rows)
    return merged


def read_regions() -> dict[str, dict[str, str]]:
    with (DATA / "regions.csv").open(encoding="utf-8", newline="") as handle:
        return {row["code"]: row for row in csv.DictReader(handle)}


def other_provinces(raw: Path, known: dict[str, dict[str, str]]) -> list[sw.Region]:
    """The province-level divisions outside the six provinces, for the country level."""
    provinces = []
    with (raw / "provinces_cn.csv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["code"] in known:
                continue
            syllables = pinyin(row["name_zh"], style=Style.TONE)
            provinces.append(
                sw.Region(
                    code=row["code"],
                    name=row["name_en"],
                    name_zh=row["name_zh"],
                    pinyin="".join(s[0] for s in syllables),
                    level="province",
                    kind=PROVINCE_KINDS[row["kind"]],
                    parent="CN",
                    note="Outside Southwest China: listed for the country level and groupings "
                    "only, without its subdivisions.",
                )
            )
    return provinces


def strip(row: dict[str, Any], *names: str) -> dict[str, Any]:
    return {key: value for key, value in row.items() if key not in {"_file", *names}}


def build_indicator(
    row: dict[str, Any], metrics: dict[str, sw.Metric], sources: dict[str, sw.Source]
) -> sw.Indicator:
    measure = sw.Measure.from_parts(
        row.get("value"), row["unit"], row["qualifier"], row.get("lower"), row.get("upper")
    )
    conversion = row.get("conversion")
    stated_conversion = None
    if conversion is not None:
        stated_conversion = sw.Measure.from_parts(
            conversion.get("value"),
            conversion["unit"],
            conversion.get("qualifier", row["qualifier"]),
            conversion.get("lower"),
            conversion.get("upper"),
        )
    return sw.Indicator(
        id=row["id"],
        subject_id=row["subject"],
        metric=metrics[row["metric"]],
        measure=measure,
        period=sw.Period.parse(row["period"]),
        source=sources[row["source"]],
        status=row.get("status", "reported"),
        note=row.get("note", ""),
        tags=row.get("tags", []),
        derived_from=row.get("derived_from", []),
        stated_conversion=stated_conversion,
        item=row.get("item"),
        breakdown=row.get("breakdown", []),
        scope=row.get("scope", "subject"),
    )


def single_source(curated: dict[str, list[dict[str, Any]]], file: str) -> str:
    ids = [row["id"] for row in curated.get("source", []) if row["_file"] == file]
    if len(ids) != 1:
        fail(f"{file} must define exactly one [[source]], found {len(ids)}")
    return ids[0]


def build(raw: Path) -> dict[str, Any]:
    curated = load_curated()
    regions = read_regions()
    extra_regions = other_provinces(raw, regions)
    province_codes = sorted([c for c, r in regions.items() if r["level"] == "province"])
    province_codes += [region.code for region in extra_regions]
    GROUPINGS[0]["members"] = sorted(province_codes)

    metrics = {row["key"]: sw.Metric(**strip(row)) for row in curated["metric"]}
    duplicates = [
        key for key, count in Counter(r["key"] for r in curated["metric"]).items() if count > 1
    ]
    if duplicates:
        fail(f"metric keys defined twice: {duplicates}")
    items = {row["key"]: sw.Item(**strip(row)) for row in curated.get("item", [])}
    repeated_items = [
        key
        for key, count in Counter(r["key"] for r in curated.get("item", [])).items()
        if count > 1
    ]
    if repeated_items:
        fail(f"item keys defined twice: {repeated_items}")
    sources = {
        row["id"]: sw.Source(**{"date": None, **strip(row, "seed")}) for row in curated["source"]
    }
    sources.update({source.id: source for source in REFERENCE_SOURCES})

    villages = [
        sw.Region(
            code=row["id"],
            level="village",
            # Hanzi and pinyin stay None where the curator could not confirm them.
            name_zh=row.get("name_zh"),
            pinyin=row.get("pinyin"),
            **strip(row, "id", "name_zh", "pinyin"),
        )
        for row in curated.get("village", [])
    ]
    aliases: dict[str, list[str]] = {}
    for row in curated.get("alias", []):
        if row["code"] not in regions:
            fail(f"{row['_file']}: alias for unknown region {row['code']}")
        existing = set(regions[row["code"]]["aliases"].split("|")) | {regions[row["code"]]["name"]}
        new = [
            a for a in row["aliases"] if a not in existing and a not in aliases.get(row["code"], [])
        ]
        if new:
            aliases.setdefault(row["code"], []).extend(new)

    zones = [sw.Zone(**strip(row, "source")) for row in curated.get("zone", [])]
    enterprises = [sw.Enterprise(**strip(row, "source")) for row in curated.get("enterprise", [])]

    indicators = []
    for row in curated.get("indicator", []):
        row.setdefault("source", single_source(curated, row["_file"]))
        try:
            indicators.append(build_indicator(row, metrics, sources))
        except (sw.SwchinaDevError, KeyError) as error:
            fail(f"{row['_file']}: indicator {row.get('id')}: {error!r}")

    groupings = [sw.Grouping(**row) for row in GROUPINGS]
    counts = Counter(
        [e.id for e in zones] + [e.id for e in enterprises] + [g.id for g in groupings]
        + [v.code for v in villages] + [i.id for i in indicators]
    )  # fmt: skip
    repeated = [key for key, count in counts.items() if count > 1]
    if repeated:
        fail(f"ids defined twice: {repeated}")

    def compact(indicator: sw.Indicator) -> dict[str, Any]:
        data = sw.serialization.unstructure(indicator)
        data["metric"] = indicator.metric.key
        data["source"] = indicator.source.id
        return data

    return {
        "data_version": DATA_VERSION,
        "sources": sw.serialization.unstructure(sorted(sources.values(), key=lambda s: s.id)),
        "metrics": sw.serialization.unstructure(sorted(metrics.values(), key=lambda m: m.key)),
        "items": sw.serialization.unstructure(sorted(items.values(), key=lambda i: i.key)),
        "groupings": sw.serialization.unstructure(groupings),
        "regions": sw.serialization.unstructure(
            sorted(extra_regions + villages, key=lambda r: r.code)
        ),
        "region_aliases": {code: aliases[code] for code in sorted(aliases)},
        "zones": sw.serialization.unstructure(sorted(zones, key=lambda z: z.id)),
        "enterprises": sw.serialization.unstructure(sorted(enterprises, key=lambda e: e.id)),
        "indicators": [compact(i) for i in sorted(indicators, key=lambda i: i.id)],
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO / "data-raw")
    args = parser.parse_args()
    document = build(args.raw)
    text = json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    (DATA / "dataset.json").write_text(text, encoding="utf-8")
    sizes = {key: len(value) for key, value in document.items() if isinstance(value, (list, dict))}
    print(f"wrote {DATA / 'dataset.json'} (data version {DATA_VERSION}): {sizes}")


if __name__ == "__main__":
    main()
