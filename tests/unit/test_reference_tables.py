from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

import swchina_dev as sw
from swchina_dev import Q_
from swchina_dev.catalog.history import code_history, recode
from swchina_dev.errors import InvalidFileError
from swchina_dev.tabular.reference import (
    REFERENCE_TABLES,
    read_reference_tables,
    reference_tables,
    write_reference_tables,
)
from swchina_dev.tabular.reference_units import TABLE_KEY, unit_factors_table


@pytest.fixture(scope="module")
def tables() -> dict[str, object]:
    return reference_tables()


def _rows_by(table: object, column: str) -> dict[str, list[dict[str, object]]]:
    grouped: dict[str, list[dict[str, object]]] = {}
    for row in table.to_pylist():  # type: ignore[attr-defined]
        grouped.setdefault(row[column], []).append(row)
    return grouped


def test_regions_hold_every_division_and_the_nbs_villages(tables):
    dataset = sw.load()
    codes = tables["regions"].column("code").to_pylist()
    assert len(codes) == len(set(codes))
    assert set(dataset.regions.keys()) <= set(codes)
    assert set(dataset.villages) <= set(codes)
    rows = {row["code"]: row for row in tables["regions"].to_pylist()}
    village = next(iter(dataset.villages))
    assert rows[village]["level"] == "village"
    assert rows[village]["parent"] == village[:9]
    assert rows["520500"]["level_rank"] == dataset.regions["520500"].level.rank


def test_an_nbs_alias_of_a_curated_village_names_it():
    dataset = sw.load()
    aliases = [code for code in dataset.villages if dataset.villages[code].code != code]
    assert aliases
    rows = {row["code"]: row for row in reference_tables()["regions"].to_pylist()}
    for code in aliases:
        assert rows[code]["same_as"] == dataset.villages[code].code


def test_closure_table_matches_dataset_ancestors_on_a_sample(tables):
    dataset = sw.load()
    closure = _rows_by(tables["region_ancestors"], "code")
    sample = random.Random(18).sample(sorted(closure), 400)
    sample += ["520502", "500101", "CN"]
    for code in sample:
        rows = sorted(closure[code], key=lambda row: row["depth"])
        expected = [dataset.region(code), *dataset.ancestors(code)]
        assert [row["depth"] for row in rows] == list(range(len(expected)))
        assert [row["ancestor"] for row in rows[1:]] == [r.code for r in expected[1:]]
        assert rows[0]["ancestor"] == code
        assert [row["ancestor_level"] for row in rows] == [r.level.value for r in expected]


def test_code_changes_agree_with_the_code_history(tables):
    rows = [row for row in tables["code_changes"].to_pylist() if row["relation"] not in
            ("partly_transferred", "retired")]  # fmt: skip
    assert len(rows) > 500
    for row in random.Random(18).sample(rows, 150):
        recoding = recode(row["old_code"], row["year"] - 1, row["year"])
        assert row["relation"] == recoding.relation
        assert row["new_code"] in recoding.targets
        ended = [r for r in code_history(row["old_code"]) if r.end_year == row["year"]]
        assert ended


def test_code_changes_name_the_qianxi_recoding(tables):
    rows = [row for row in tables["code_changes"].to_pylist() if row["old_code"] == "520522"]
    assert [(r["new_code"], r["new_name"], r["year"]) for r in rows] == [("520581", "黔西市", 2021)]
    assert rows[0]["date"] is not None


@pytest.mark.parametrize(
    ("spelling", "target"),
    [("亩", "hectare"), ("万元", "CNY"), ("亿元", "wan * CNY"), ("万亩", "hectare"),
     ("公顷", "mu"), ("吨", "jin"), ("万吨", "kilogram"), ("ha", "kilometer ** 2"),
     ("wan yuan", "CNY"), ("万美元", "USD"), ("percent", "dimensionless"), ("斤", "kilogram")],
)  # fmt: skip
def test_unit_factors_convert_as_pint_does(spelling, target):
    table = unit_factors_table()
    rows = {row["unit"]: row for row in table.to_pylist()}
    source = rows[spelling]
    base = table.to_pylist()
    factor = {row["canonical"]: row["factor"] for row in base}
    expected = Q_(1.0, source["canonical"]).to(target).magnitude
    assert source["factor"] / factor[sw.units.canonical_unit(target)] == pytest.approx(
        expected, rel=1e-12
    )


def test_unit_spellings_are_unique_and_currencies_keep_their_dimension():
    rows = unit_factors_table().to_pylist()
    assert len({row["unit"] for row in rows}) == len(rows)
    by_unit = {row["unit"]: row for row in rows}
    assert by_unit["万元"]["dimension"] == "[currency_CNY]"
    assert by_unit["美元"]["dimension"] == "[currency_USD]"
    assert by_unit["亩"]["dimension"] == by_unit["hectare"]["dimension"]


def test_rates_table_is_the_bundled_table(tables):
    rows = tables["cny_usd_rates"].to_pylist()
    expected = sw.conversion.rates.rate_table()
    assert [(r["period"], r["cny_per_usd"], r["n_days"]) for r in rows] == [
        (str(a.period), a.cny_per_usd, a.n_days) for a in expected
    ]
    about = json.loads(tables["cny_usd_rates"].schema.metadata[TABLE_KEY])
    assert about["source"]["id"] == sw.conversion.rates.CNY_USD_SOURCE.id


def test_units_and_sources_travel_in_the_metadata(tables):
    for name in REFERENCE_TABLES:
        about = json.loads(tables[name].schema.metadata[TABLE_KEY])
        assert about["table"] == name
        assert about["source"]
    assert tables["unit_factors"].schema.field("factor").metadata == {b"unit_column": b"base_unit"}
    assert tables["cny_usd_rates"].schema.field("cny_per_usd").metadata == {b"unit": b"CNY / USD"}


def test_write_and_read_back(tmp_path, tables):
    paths = write_reference_tables(tmp_path / "reference")
    assert sorted(paths) == sorted(REFERENCE_TABLES)
    read = read_reference_tables(tmp_path / "reference")
    for name in REFERENCE_TABLES:
        assert read[name].equals(tables[name])
        assert read[name].schema.metadata == tables[name].schema.metadata


def test_reading_a_folder_without_the_tables_names_each_missing_one(tmp_path):
    with pytest.raises(InvalidFileError) as raised:
        read_reference_tables(tmp_path)
    assert len(raised.value.problems) == len(REFERENCE_TABLES)


def test_the_export_command_writes_the_reference_tables(tmp_path: Path) -> None:
    from swchina_dev.cli import main
    from swchina_dev.tabular.reference import read_reference_tables

    folder = tmp_path / "reference"
    assert main(["export", str(folder), "--format", "reference"]) == 0
    tables = read_reference_tables(folder)
    assert tables["regions"].num_rows > 100_000
    assert (folder / "manifest.json").is_file()
    # Written again over its own output, and refused over a folder of someone else's files.
    assert main(["export", str(folder), "--format", "reference"]) == 0
    other = tmp_path / "mine"
    other.mkdir()
    (other / "notes.txt").write_text("mine", encoding="utf-8")
    assert main(["export", str(other), "--format", "reference"]) == 1
    assert (other / "notes.txt").read_text(encoding="utf-8") == "mine"
