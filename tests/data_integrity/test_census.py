"""The bundled census table: what the build makes, values checked by hand, the indicators built."""

from __future__ import annotations

import csv
import sys
from importlib.resources import files
from types import ModuleType

import pytest

import swchina_dev as sw
from swchina_dev.catalog.census import (
    census_column,
    census_indicator,
    census_profile,
    census_unit,
    census_value,
    indicator_id,
)
from swchina_dev.catalog.census_figures import CENSUS_YEARS, FIGURES
from tests.paths import RAW, load_script


@pytest.fixture(scope="module")
def build_census() -> ModuleType:
    return load_script("build_census")


def test_the_census_resource_is_what_the_build_script_makes(build_census: ModuleType) -> None:
    shipped = files("swchina_dev.data").joinpath("census.tsv").read_text(encoding="utf-8")
    assert build_census.build(RAW) == shipped


def test_every_raw_row_is_a_unit() -> None:
    for year, rows in ((2010, 693), (2020, 704)):
        with (RAW / f"census/census_{year}_county_sw.csv").open(encoding="utf-8-sig") as handle:
            assert sum(1 for _ in csv.DictReader(handle)) == rows
        assert len(census_column("population", year)) == rows
    levels = {
        level: len(census_column("population", 2020, level=level))
        for level in ("country", "province", "prefecture", "county")
    }
    assert levels == {"country": 1, "province": 6, "prefecture": 69, "county": 628}
    assert len(census_column("population", 2010, level="county")) == 620


# Read off the raw tables by hand (row, column), twice.
HAND_CHECKED = [
    (2020, "china", "population", 1409778724),
    (2020, "450103", "population", 1124334),
    (2020, "450103", "sex_ratio", 94.22),
    (2020, "450103", "share_ethnic_minority", 37.17),
    (2020, "450103", "population_urban", 1050910),
    (2020, "450103", "population_rural", 73424),
    (2020, "450103", "family_households", 403993),
    (2020, "450103", "household_size", 2.33),
    (2020, "450103", "share_age_0_14", 18.22),
    (2020, "450103", "share_age_65_plus", 9.39),
    (2020, "450103", "mean_years_of_schooling", 12.13),
    (2020, "450103", "illiterate_15_plus", 6758),
    (2020, "450103", "illiteracy_rate", 0.73),
    (2020, "450103", "floor_area_per_capita", 42.71),
    (2020, "450103", "education_bachelor_or_higher_female", 146621),
    (2020, "450103", "population_male_age_0", 6119),
    (2020, "451200", "population", 3417945),
    (2020, "520500", "population", 6899636),
    (2020, "520500", "population_female", 3355627),
    (2020, "520526", "population", 1280116),
    (2020, "520000", "population", 38562148),
    (2010, "450105", "population", 567999),
    (2010, "450105", "registered_population", 438187),
    (2010, "450105", "birth_rate", 10.55),
    (2010, "450105", "death_rate", 3.43),
    (2010, "450105", "floor_area_per_capita", 29.12),
    (2010, "450105", "household_size", 2.87),
    (2010, "450105", "population_female_age_85_plus", 1696),
    (2010, "450000", "share_age_65_plus", 9.24),
    (2010, "522400", "population", 6537498),
    (2010, "451200", "population", 3369251),
    (2010, "520000", "population", 34748556),
]


@pytest.mark.parametrize(("year", "code", "key", "value"), HAND_CHECKED)
def test_values_checked_by_hand(year: int, code: str, key: str, value: float) -> None:
    found = census_value(code, key, year)
    assert found == value
    assert type(found) is type(value)


def test_the_sums_are_of_the_cells_they_name() -> None:
    # Qingxiu 2020: boys and girls aged 0, 1-4, 5-9 and 10-14 (read by hand).
    assert census_value("450103", "population_age_0_14", 2020) == (
        6119 + 5504 + 34018 + 28922 + 41071 + 34966 + 29111 + 25134
    )
    for year in CENSUS_YEARS:
        for key, figure in FIGURES.items():
            if not figure.derived_from or year not in figure.years:
                continue
            total = census_column(key, year)
            parts = [census_column(part, year) for part in figure.derived_from]
            for row, value in enumerate(total.values):
                cells = [part.values[row] for part in parts]
                expected = None if None in cells else sum(cells)  # type: ignore[arg-type]
                assert value == expected, (year, total.codes[row], key)


def test_the_cells_that_are_no_counts_are_left_empty() -> None:
    assert census_value("451025", "illiterate_15_plus_female", 2010) is None
    assert census_value("451027", "education_bachelor_or_higher_male", 2010) is None
    assert census_value("451027", "population_college_or_higher", 2010) is None  # a sum of it
    assert census_value("451003", "education_preschool_female", 2020) is None
    assert census_value("451025", "illiterate_15_plus_male", 2010) == 4348


def test_codes_are_those_of_their_census() -> None:
    assert census_unit("522400", 2010).name_zh == "毕节地区"
    assert census_unit("522401", 2010).parent == "522400"
    assert census_unit("520500", 2020).name_zh == "毕节市"
    assert census_unit("520522", 2020).name_zh == "黔西县"  # 520581 only from 2021
    with pytest.raises(sw.NotFoundError):
        census_unit("520500", 2010)
    with pytest.raises(sw.NotFoundError):
        census_unit("522400", 2020)
    assert census_column("population", 2010, within="522400").codes == (
        "522401", "522422", "522423", "522424", "522425", "522426", "522427", "522428",
    )  # fmt: skip


def test_a_year_without_a_census_is_refused() -> None:
    for call in (
        lambda: census_column("population", 2015),
        lambda: census_value("520500", "population", 2015),
        lambda: census_unit("520500", 2015),
    ):
        with pytest.raises(sw.ValidationError, match="censuses bundled"):
            call()


def test_the_figures_only_of_2010_are_refused_for_2020() -> None:
    for key in ("registered_population", "birth_rate", "death_rate"):
        assert census_value("520000", key, 2010) is not None
        with pytest.raises(sw.NotFoundError):
            census_column(key, 2020)


def test_indicators_carry_metric_period_source_and_derivation() -> None:
    ds = sw.load()
    women = census_indicator("520500", "population_female", 2020)
    assert women.id == "census2020-520500-population-female"
    assert (women.metric.key, women.breakdown, women.measure.unit) == (
        "population", ("sex=female",), "dimensionless",
    )  # fmt: skip
    assert str(women.period) == "asof:2020-11-01"
    assert women.status is sw.Status.REPORTED
    assert women.source == ds.sources["nbs-census-2020"]
    assert "leiii/census" in women.source.note
    assert "MIT" in (women.source.licence or "")
    births = census_indicator("520000", "birth_rate", 2010)
    assert str(births.period) == "2009-11-01/2010-10-31"
    assert births.measure.unit == "permille"
    aged = census_indicator("522400", "population_age_65_plus", 2010)
    assert aged.derived_from == tuple(
        indicator_id("522400", part, 2010)
        for part in FIGURES["population_age_65_plus"].derived_from
    )
    share = census_indicator("520500", "illiteracy_rate", 2020)
    assert (share.metric.key, share.item) == ("share", "population")
    assert share.breakdown == ("age_group=15+", "education=illiterate")
    assert census_indicator("520500", "floor_area_per_capita", 2020).measure.unit == "meter ** 2"


def test_a_profile_holds_every_figure_the_yearbook_gives() -> None:
    profile = census_profile("522400", 2010)
    keys = {indicator.id.removeprefix("census2010-522400-") for indicator in profile}
    expected = {key.replace("_", "-") for key, figure in FIGURES.items() if 2010 in figure.years}
    assert keys == expected
    ids = {indicator.id for indicator in profile}
    for indicator in profile:
        assert set(indicator.derived_from) <= ids


def test_every_metric_and_item_of_the_figures_is_in_the_vocabulary() -> None:
    ds = sw.load()
    for figure in FIGURES.values():
        assert figure.metric in ds.metrics, figure.key
        assert figure.item is None or figure.item in ds.items, figure.key
        assert ds.metrics[figure.metric].accepts(figure.unit), figure.key


def test_load_does_not_read_the_census() -> None:
    import subprocess

    code = (
        "import swchina_dev as sw; sw.load(); "
        "from swchina_dev.catalog import census; print(census._tables.built)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


def test_threads_reading_the_table_at_once_see_the_same_columns() -> None:
    from concurrent.futures import ThreadPoolExecutor

    from swchina_dev.catalog import census

    expected = {key: census_column(key, 2020).values for key in list(FIGURES)[:20]}
    census._tables.clear()
    census_column.cache_clear()
    keys = [key for key in expected for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        found = list(pool.map(lambda key: (key, census_column(key, 2020).values), keys))
    assert all(values == expected[key] for key, values in found)
