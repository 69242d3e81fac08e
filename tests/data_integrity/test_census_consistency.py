"""Internal consistency of the census figures, and the differences found (listed, not hidden).

Every difference asserted here is in the data note of the census guide (docs/guide/census.md,
"Data note"); a test below checks that the note names each one.
"""

from __future__ import annotations

import csv

import pytest

from swchina_dev.catalog import census_column, census_on_codes_of
from swchina_dev.catalog.census_figures import AGE_GROUPS, CENSUS_YEARS
from tests.paths import RAW, REPO

NOTE = (REPO / "docs" / "guide" / "census.md").read_text(encoding="utf-8")
COUNTS = ("population", "population_male", "population_female", "population_urban",
          "population_rural", "family_households")  # fmt: skip


def _ages(sex: str) -> list[str]:
    return [f"population_{sex}_age_{g.replace('-', '_').replace('+', '_plus')}" for g in AGE_GROUPS]


@pytest.mark.parametrize("year", CENSUS_YEARS)
def test_men_and_women_add_up_to_the_total_everywhere(year: int) -> None:
    total, men, women = (census_column(k, year) for k in ("population", *COUNTS[1:3]))
    assert [
        code
        for code, value, m, w in zip(
            total.codes, total.values, men.values, women.values, strict=True
        )
        if m + w != value  # type: ignore[operator]
    ] == []


@pytest.mark.parametrize("year", CENSUS_YEARS)
def test_the_age_groups_add_up_to_the_total_everywhere(year: int) -> None:
    total = census_column("population", year)
    cells = [census_column(key, year) for sex in ("male", "female") for key in _ages(sex)]
    for row, value in enumerate(total.values):
        assert sum(cell.values[row] for cell in cells) == value, total.codes[row]  # type: ignore[misc]


#: 2010 units without a rural figure: their urban population is the whole population.
NO_RURAL_2010 = ["450203", "500103", "510104", "510105", "510106", "530102"]


@pytest.mark.parametrize("year", CENSUS_YEARS)
def test_urban_and_rural_add_up_to_the_total_where_both_are_given(year: int) -> None:
    total, urban, rural = (census_column(k, year) for k in ("population", *COUNTS[3:5]))
    missing = []
    for code, value, town, country in zip(
        total.codes, total.values, urban.values, rural.values, strict=True
    ):
        if country is None:
            missing.append(code)
            assert town == value, code
        else:
            assert town + country == value, code  # type: ignore[operator]
    assert missing == (NO_RURAL_2010 if year == 2010 else [])


def _parent_sums(year: int, key: str) -> dict[str, int]:
    """The units whose figure differs from the sum of the units the yearbook puts below them."""
    from swchina_dev.catalog import census_unit

    column = census_column(key, year)
    children: dict[str, list[str]] = {}
    for code in column.codes:
        parent = census_unit(code, year).parent
        if parent is not None and parent != "china":
            children.setdefault(parent, []).append(code)
    differences = {}
    for parent, codes in children.items():
        values = [column.get(code) for code in codes]
        own = column.get(parent)
        if own is None or None in values:
            continue
        if sum(values) != own:  # type: ignore[arg-type]
            differences[parent] = sum(values) - own  # type: ignore[arg-type]
    return differences


#: Units whose own figure is not the sum of their rows: (year, code) -> sum minus own, by figure.
#: Hezhou 2010: four county rows (八步区, 昭平县, 钟山县, 富川县) fall 392,029 people short of the
#: prefecture. Lhasa 2020: its ten county rows fall 632 short.
PARENT_DIFFERENCES = {
    (2010, "population"): {"451100": -392029},
    (2010, "population_male"): {"451100": -204431},
    (2010, "population_female"): {"451100": -187598},
    (2010, "population_urban"): {"451100": -136628},
    (2010, "population_rural"): {"451100": -255401},
    (2010, "family_households"): {"451100": -95018},
    (2020, "population"): {"540100": -632},
    (2020, "population_male"): {"540100": -428},
    (2020, "population_female"): {"540100": -204},
    (2020, "population_urban"): {"540100": -632},
    (2020, "population_rural"): {},
    (2020, "family_households"): {"540100": -193},
}


@pytest.mark.parametrize(("year", "key"), sorted(PARENT_DIFFERENCES))
def test_a_prefecture_or_province_against_the_sum_of_its_rows(year: int, key: str) -> None:
    assert _parent_sums(year, key) == PARENT_DIFFERENCES[year, key]


def test_the_data_note_lists_every_difference() -> None:
    for code in ("451100", "540100", "-392,029", "-632", *NO_RURAL_2010):
        assert code in NOTE, code
    for cell in ("0.16255", "87.4", "-980"):
        assert cell in NOTE, cell


def _city_table() -> list[dict[str, str]]:
    with (RAW / "census/census_city_2010_2020_sw.csv").open(encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


#: The compilers' prefecture table against the yearbook rows: 2020 (from the census bulletins)
#: and 2010 (re-based by the compilers to 2020 boundaries) against the 2010 rows carried to the
#: codes of 2020 (`census_on_codes_of`): city code -> table minus ours.
CITY_2020 = {"500100": 6674690}  # the table's 500100 is all of Chongqing; the yearbook's, 市辖区
CITY_URBAN_2020 = {"450500": 103464, "500100": 3204011, "533400": 1}
CITY_2010 = {"450100": 2868, "510600": 1, "510900": -68, "511300": 8, "511400": 3,
             "511500": 105, "520400": -273}  # fmt: skip
CITY_2010_NOT_COMPARABLE = ["500100", "510100", "512000"]


def test_the_compilers_prefecture_table_against_the_yearbook() -> None:
    rows = _city_table()
    assert len(rows) == 68
    people = census_column("population", 2020, level="prefecture")
    urban = census_column("population_urban", 2020, level="prefecture")
    on_2020 = census_on_codes_of("population", 2010, 2020, level="prefecture")
    found_2020, found_urban, found_2010, incomparable = {}, {}, {}, []
    for row in rows:
        code = row["city_code"]
        if (difference := int(row["popu_2020"]) - people.get(code)) != 0:  # type: ignore[operator]
            found_2020[code] = difference
        if (difference := int(row["popu_urban_2020"]) - urban.get(code)) != 0:  # type: ignore[operator]
            found_urban[code] = difference
        ours = on_2020.get(code)
        if ours is None or ours.value is None:
            incomparable.append(code)
        elif (difference := int(row["popu_2010"]) - ours.value) != 0:  # type: ignore[operator]
            found_2010[code] = difference
    assert found_2020 == CITY_2020
    assert found_urban == CITY_URBAN_2020
    assert found_2010 == CITY_2010
    assert incomparable == CITY_2010_NOT_COMPARABLE
    for code in (*CITY_URBAN_2020, *CITY_2010, *CITY_2010_NOT_COMPARABLE):
        assert code in NOTE, code
