"""Draw the census pictures of the docs site's province pages, at build time (matplotlib, SVG).

An mkdocs hook (``hooks:`` in ``mkdocs.yml``, after ``docs_catalog.py``). For each of the six
provinces it makes

* ``catalog/pictures/<code>-growth.svg``: a map of the province's prefectures coloured by the
  change of their resident population from the 2010 to the 2020 census, on the prefectures of
  2020 (``census_change``); a prefecture whose 2010 units do not carry over whole is grey;
* ``catalog/pictures/<code>-ages.svg``: the age structure of each prefecture in 2020 (shares aged
  0-14, 15-64, 65 and over, as the yearbook gives them), one bar each.

The outlines are the simplified prefecture polygons of ``data-raw/census/
prefecture_boundaries_sw.csv`` (leiii/census, MIT; for maps only, not official boundaries).
:func:`on_page_markdown` adds both pictures, with their sources, to each province page of the
catalog (``docs_catalog.py`` makes those pages). Nothing is written into ``docs/``.
"""

from __future__ import annotations

import csv
import io
import math
import re
from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt
from matplotlib.collections import PolyCollection

import swchina_dev
from swchina_dev.catalog import census_change, census_column

REPO = Path(__file__).resolve().parents[1]
BOUNDARIES = REPO / "data-raw" / "census" / "prefecture_boundaries_sw.csv"
PROVINCES = ("450000", "500000", "510000", "520000", "530000", "540000")
PICTURES = "catalog/pictures"
SOURCE = (
    "Source: National Bureau of Statistics, census yearbooks 2010 and 2020 (county figures), "
    "as compiled in leiii/census (MIT); outlines simplified from the same compilation, not "
    "official boundaries."
)
_RING = re.compile(r"\(([^()]+)\)")


def _rings(wkt: str) -> list[list[tuple[float, float]]]:
    """The rings of a WKT polygon or multipolygon, as (lon, lat) lists."""
    return [
        [tuple(map(float, point.split())) for point in ring.split(",")]  # type: ignore[misc]
        for ring in _RING.findall(wkt)
    ]


def read_boundaries(path: Path = BOUNDARIES) -> dict[str, list[list[tuple[float, float]]]]:
    """The prefecture outlines by code of 2020."""
    csv.field_size_limit(1 << 30)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return {row["city_code"]: _rings(row["wkt"]) for row in csv.DictReader(handle)}


def _svg(figure: Any) -> str:
    matplotlib.rcParams["svg.hashsalt"] = "swchina-dev"  # the same ids on every build
    out = io.StringIO()
    figure.savefig(out, format="svg", bbox_inches="tight", metadata={"Date": None})
    plt.close(figure)
    return out.getvalue()


def _growth(province: str) -> dict[str, float | None]:
    """Population change 2010-2020 in percent, by prefecture code of 2020."""
    changes = census_change("population", 2020, level="prefecture")
    found = {code: change.relative for code, change in changes.items() if code[:2] == province[:2]}
    if province == "500000":  # Chongqing's one outline is the municipality
        found["500100"] = census_change("population", 2020, level="province")["500000"].relative
    return found


def growth_map(province: str, outlines: dict[str, list[list[tuple[float, float]]]]) -> str:
    """The map of a province's prefectures coloured by population change, as SVG text."""
    growth = _growth(province)
    codes = sorted(code for code in outlines if code[:2] == province[:2])
    shown = [value for code in codes if (value := growth.get(code)) is not None]
    limit = max([abs(value) for value in shown] + [1.0])
    colours = plt.get_cmap("RdBu")
    figure, axes = plt.subplots(figsize=(6.4, 5.2))
    for code in codes:
        value = growth.get(code)
        colour = "#cccccc" if value is None else colours(0.5 + value / limit / 2)
        rings = outlines[code]
        axes.add_collection(
            PolyCollection(rings, facecolors=colour, edgecolors="white", linewidths=0.6)
        )
    points = [point for code in codes for ring in outlines[code] for point in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    axes.set_xlim(min(lons), max(lons))
    axes.set_ylim(min(lats), max(lats))
    axes.set_aspect(1 / math.cos(math.radians((min(lats) + max(lats)) / 2)))
    axes.set_axis_off()
    scale = plt.cm.ScalarMappable(cmap=colours, norm=plt.Normalize(-limit, limit))
    figure.colorbar(scale, ax=axes, shrink=0.7, label="resident population, change 2010-2020 (%)")
    return _svg(figure)


def age_chart(province: str) -> str:
    """Stacked bars of the 2020 age shares of a province's prefectures, as SVG text."""
    keys = ("share_age_0_14", "share_age_15_64", "share_age_65_plus")
    labels = ("0-14", "15-64", "65 and over")
    columns = [census_column(key, 2020, level="prefecture") for key in keys]
    regions = swchina_dev.load().regions
    rows = [
        (_name(regions, code), [column.get(code) or 0.0 for column in columns])
        for code in columns[0].codes
        if code[:2] == province[:2]
    ]
    if province == "500000":  # its prefecture rows are placeholders: show the municipality
        rows = [("Chongqing", [census_column(k, 2020).get("500000") or 0.0 for k in keys])]
    figure, axes = plt.subplots(figsize=(6.4, 0.32 * len(rows) + 1.2))
    left = [0.0] * len(rows)
    for index, (label, colour) in enumerate(
        zip(labels, ("#74a9cf", "#bdbdbd", "#e6550d"), strict=True)
    ):
        widths = [shares[index] for _, shares in rows]
        axes.barh(range(len(rows)), widths, left=left, color=colour, label=label)
        left = [a + b for a, b in zip(left, widths, strict=True)]
    axes.set_yticks(range(len(rows)), [name for name, _ in rows])
    axes.invert_yaxis()
    axes.set_xlim(0, 100)
    axes.set_xlabel("share of the resident population, 2020 (%)")
    axes.legend(ncols=3, loc="lower center", bbox_to_anchor=(0.5, 1.0), frameon=False)
    return _svg(figure)


def _name(regions: Any, code: str) -> str:
    """The English name of a prefecture of 2020 (its code of 2020 is still in use)."""
    region = regions.get(code)
    return region.name if region is not None else code


def pictures() -> dict[str, str]:
    """Every picture by its path under the site, as SVG text."""
    outlines = read_boundaries()
    made = {}
    for province in PROVINCES:
        made[f"{PICTURES}/{province}-growth.svg"] = growth_map(province, outlines)
        made[f"{PICTURES}/{province}-ages.svg"] = age_chart(province)
    return made


def section(province: str) -> str:
    """The markdown of a province page's census pictures (paths relative to the page)."""
    return (
        "\n## Census pictures\n\n"
        f"![Change of the resident population of each prefecture, 2010-2020](../pictures/"
        f"{province}-growth.svg)\n\n"
        "Change of the resident population from the 2010 to the 2020 census, by prefecture of "
        "2020 (grey: the 2010 units do not carry over whole). " + SOURCE + "\n\n"
        f"![Age structure of each prefecture, 2020](../pictures/{province}-ages.svg)\n\n"
        "Shares of the resident population aged 0-14, 15-64 and 65 and over, 2020 census. "
        + SOURCE
        + "\n"
    )


# -- mkdocs hooks -------------------------------------------------------------------------------


def on_files(files: Any, config: Any) -> Any:
    """Add the pictures to the site's files."""
    from mkdocs.structure.files import File

    for path, text in pictures().items():
        files.append(File.generated(config, path, content=text))
    return files


def on_page_markdown(markdown: str, page: Any, config: Any, files: Any) -> str:
    """Add the census pictures to each province page of the catalog."""
    if not page.file.src_uri.startswith("catalog/regions/"):
        return markdown
    match = re.search(r"code `(\d{6})`", markdown)
    if match is None or match.group(1) not in PROVINCES:
        return markdown
    return markdown + section(match.group(1))
