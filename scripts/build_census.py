#!/usr/bin/env python3
"""Build ``src/swchina_dev/data/census.tsv`` from the census tables in ``data-raw/census/``.

Inputs (see ``data-raw/SOURCES.md``): ``census_2010_county_sw.csv`` (693 rows of the sixth
census) and ``census_2020_county_sw.csv`` (the national row and 703 rows of the seventh), the
NBS census yearbooks' county figures as compiled in leiii/census (MIT).

Output: one tab-separated row per unit and census, sorted by year and code: ``year``, ``code``
(the code in use at that census; ``china`` for the national row of 2020), ``level``
(``country``, ``province``, ``prefecture``, ``county``: from the code, as the yearbooks arrange
the rows), ``parent`` (the prefecture row above a county, else its province; empty for a
province), ``name_zh`` (without the yearbook's indentation), then one column per figure of
``swchina_dev.catalog.census_figures.FIGURES``, in that order: the number as the yearbook prints
it, or empty where it gives none (``NA`` or a blank cell) or the figure is not of that census.
The sums (the broad age groups, college education or higher) are computed here from the cells
they name and are empty when one of the cells is.

Every value is then built into an Indicator through the validating constructors (unit against
metric, breakdowns, ids), so a malformed figure fails the build.

Run: ``python scripts/build_census.py [--raw PATH] [--out PATH] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

from swchina_dev.catalog.census_boundaries import COUNT_METRICS
from swchina_dev.catalog.census_figures import AGE_GROUPS, CENSUS_YEARS, FIGURES

REPO = Path(__file__).resolve().parents[1]
HEADER = ("year", "code", "level", "parent", "name_zh", *FIGURES)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_SEX_2020 = {"male": "男", "female": "女"}
#: The count cells of the compilation that are not counts (a fraction or a negative number where
#: people are counted), left empty rather than guessed at; listed in the data note of the census
#: guide. Any other such cell in a count column fails the build.
DROPPED = {
    (2010, "451025", "illiterate_15_plus_female"): "0.16255",
    (2010, "451027", "education_bachelor_or_higher_male"): "87.4",
    (2020, "451003", "education_preschool_female"): "-980",
}

# The raw column of each reported figure, per census (the names as the yearbooks print them).
COLUMNS: dict[int, dict[str, str]] = {
    2020: {
        "population": "人口数_合计", "population_male": "人口数_男",
        "population_female": "人口数_女",
        "sex_ratio": "性别比（女=100）", "population_urban": "城镇人口",
        "population_rural": "乡村人口", "share_ethnic_minority": "少数民族人口比重（%）",
        "family_households": "家庭户数", "household_size": "户规模",
        "share_age_0_14": "人口比重_0-14岁", "share_age_15_64": "人口比重_15-64岁",
        "share_age_65_plus": "人口比重_65岁及以上",
        "mean_years_of_schooling": "平均受教育年限_合计",
        "mean_years_of_schooling_male": "平均受教育年限_男",
        "mean_years_of_schooling_female": "平均受教育年限_女",
        "illiterate_15_plus": "15岁及以上文盲人口",
        "illiterate_15_plus_male": "15岁及以上文盲人口_男",
        "illiterate_15_plus_female": "15岁及以上文盲人口_女",
        "illiteracy_rate": "文盲占15岁及以上人口比重",
        "illiteracy_rate_male": "文盲占15岁及以上人口比重_男",
        "illiteracy_rate_female": "文盲占15岁及以上人口比重_女",
        "floor_area_per_capita": "人均住房建筑面积",
    },
    2010: {
        "population": "合计", "population_male": "男", "population_female": "女",
        "sex_ratio": "性别比（女=100）", "registered_population": "户籍人口",
        "share_ethnic_minority": "少数民族人口比重（%）", "population_urban": "城镇人口",
        "population_rural": "乡村人口", "family_households": "户数",
        "household_size": "户规模（人/户）", "share_age_0_14": "0-14岁（%）",
        "share_age_15_64": "15-64岁（%）", "share_age_65_plus": "65岁及以上（%）",
        "birth_rate": "出生率（‰）", "death_rate": "死亡率（‰）",
        "mean_years_of_schooling": "平均受教育年限（年）-合计",
        "mean_years_of_schooling_male": "平均受教育年限（年）-男",
        "mean_years_of_schooling_female": "平均受教育年限（年）-女",
        "illiterate_15_plus": "15岁及以上文盲人口-合计",
        "illiterate_15_plus_male": "15岁及以上文盲人口-男",
        "illiterate_15_plus_female": "15岁及以上文盲人口-女",
        "illiteracy_rate": "文盲人口占15岁及以上人口比重（%）-合计",
        "illiteracy_rate_male": "文盲人口占15岁及以上人口比重（%）-男",
        "illiteracy_rate_female": "文盲人口占15岁及以上人口比重（%）-女",
        "floor_area_per_capita": "人均住房建筑面积（平方米/人）",
    },
}  # fmt: skip
_EDUCATION = {
    2020: {"no_schooling": "未上过学", "preschool": "学前教育", "primary": "小学",
           "junior_secondary": "初中", "senior_secondary": "高中", "junior_college": "大学专科",
           "bachelor_or_higher": "本科及以上"},
    2010: {"no_schooling": "未上过学", "primary": "小学", "junior_secondary": "初中",
           "senior_secondary": "高中", "junior_college": "大学专科",
           "bachelor_or_higher": "大学本科及以上"},
}  # fmt: skip


def _age_column(year: int, group: str, sex: str) -> str:
    """The raw column of one age group and sex (the 2010 table misprints one bracket)."""
    if year == 2020:
        span = {"0": "0岁", "85+": "85岁以上"}.get(group, group.replace("-", "到") + "岁")
        return f"{_SEX_2020[sex]}_{span}"
    span = {"85+": "85岁及以上"}.get(group, group + "岁")
    close = ")" if (group, sex) == ("45-49", "female") else "）"
    return f"{span}（{_SEX_2020[sex]}{close}"


def _all_columns(year: int) -> dict[str, str]:
    columns = dict(COLUMNS[year])
    for sex in ("male", "female"):
        for group in AGE_GROUPS:
            key = f"population_{sex}_age_{group.replace('-', '_').replace('+', '_plus')}"
            columns[key] = _age_column(year, group, sex)
        for level, name in _EDUCATION[year].items():
            joiner = "_" if year == 2020 else "-"
            columns[f"education_{level}_{sex}"] = f"{name}{joiner}{_SEX_2020[sex]}"
    return columns


def _cell(text: str, where: str) -> str:
    text = text.strip()
    if text in ("", "NA"):
        return ""
    if not _NUMBER.fullmatch(text):
        raise SystemExit(f"build_census: {where}: not a number: {text!r}")
    return text


def _level(code: str) -> str:
    if code == "china":
        return "country"
    if code.endswith("0000"):
        return "province"
    return "prefecture" if code.endswith("00") else "county"


def read_census(path: Path, year: int) -> list[list[str]]:
    """Read one census table into output rows (year, code, level, parent, name, figures)."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    columns = _all_columns(year)
    missing = sorted(set(columns.values()) - set(rows[0]))
    if missing:
        raise SystemExit(f"build_census: {path.name}: no columns {missing}")
    unknown = sorted(set(columns) - set(FIGURES))
    if unknown:
        raise SystemExit(f"build_census: columns for unknown figures {unknown}")
    codes = {row["区划代码"] for row in rows}
    out = []
    for row in rows:
        code = row["区划代码"]
        name = row["区县"] if year == 2020 else row["地区"]
        if year == 2020 and code == "NA":
            code = "china"
        if code != "china" and not re.fullmatch(r"[1-6]\d{5}", code):
            raise SystemExit(f"build_census: {path.name}: bad code {code!r}")
        level = _level(code)
        parent = ""
        if level == "county":
            parent = code[:4] + "00" if code[:4] + "00" in codes else code[:2] + "0000"
        elif level == "prefecture":
            parent = code[:2] + "0000"
        elif level == "province" and year == 2020:
            parent = "china"
        values = {
            key: _cell(row[column], f"{year} {code} {column}") for key, column in columns.items()
        }
        for key, text in values.items():
            if ("." in text or text.startswith("-")) and FIGURES[key].metric in COUNT_METRICS:
                if DROPPED.get((year, code, key)) != text:
                    raise SystemExit(f"build_census: {year} {code} {key}: a count of {text}")
                values[key] = ""
        for key, figure in FIGURES.items():
            if figure.derived_from and year in figure.years:
                parts = [values[part] for part in figure.derived_from]
                values[key] = "" if "" in parts else str(sum(int(part) for part in parts))
        cells = [values.get(key, "") if year in FIGURES[key].years else "" for key in FIGURES]
        out.append([str(year), code, level, parent, name.strip(), *cells])
    return out


def check_indicators(rows: list[list[str]]) -> int:
    """Build every value into an Indicator through the validating constructors; count them."""
    from swchina_dev.catalog.census import indicator_of

    count = 0
    for row in rows:
        for key, text in zip(FIGURES, row[len(HEADER) - len(FIGURES) :], strict=True):
            if text:
                value = float(text) if "." in text else int(text)
                indicator_of(row[1], key, int(row[0]), value, validate=True)
                count += 1
    return count


def build(raw: Path) -> str:
    """The census table's text."""
    rows: list[list[str]] = []
    for year in CENSUS_YEARS:
        rows += read_census(raw / "census" / f"census_{year}_county_sw.csv", year)
    rows.sort(key=lambda row: (row[0], row[1] != "china", row[1]))
    count = check_indicators(rows)
    print(f"build_census: {len(rows)} units, {count} figures", file=sys.stderr)
    return "\n".join("\t".join(row) for row in [list(HEADER), *rows]) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO / "data-raw")
    parser.add_argument("--out", type=Path, default=REPO / "src/swchina_dev/data/census.tsv")
    parser.add_argument("--check", action="store_true", help="compare with the bundled copy")
    args = parser.parse_args()
    text = build(args.raw)
    if args.check:
        if args.out.read_text(encoding="utf-8") != text:
            raise SystemExit(f"build_census: {args.out} differs from what the script makes")
        return
    args.out.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
