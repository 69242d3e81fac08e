from __future__ import annotations

import datetime as dt

import duckdb
import numpy as np
import pytest

import swchina_dev as sw
from swchina_dev import Q_
from swchina_dev.aggregate.columns import roll_up_columns
from swchina_dev.errors import DoubleCountingError, MissingDependencyError, ValidationError
from swchina_dev.tabular.duckdb import double_counted, register, roll_up
from swchina_dev.tabular.reference import write_reference_tables


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    path = tmp_path_factory.mktemp("reference")
    write_reference_tables(path)
    return path


@pytest.fixture
def connection(folder):
    return register(duckdb.connect(), folder)


def _one(connection, query):
    (row,) = connection.sql(query).fetchall()
    return row[0]


@pytest.mark.parametrize(
    ("value", "source", "target", "unit_from", "unit_to"),
    [(15.0, "亩", "hectare", "mu", "hectare"), (3.7, "万元", "CNY", "wan * CNY", "CNY"),
     (2.5, "亿元", "万元", "yi * CNY", "wan * CNY"), (120.0, "公顷", "亩", "hectare", "mu"),
     (7.0, "万吨", "jin", "wan * metric_ton", "jin"),
     (1.0, "mu", "square meter", "mu", "meter ** 2")],
)  # fmt: skip
def test_to_unit_agrees_with_convert_unit(connection, value, source, target, unit_from, unit_to):
    found = _one(connection, f"SELECT to_unit({value}, '{source}', '{target}')")
    expected = sw.convert_unit(Q_(value, unit_from), unit_to).magnitude
    assert found == pytest.approx(expected, rel=1e-12)


def test_to_unit_refuses_other_dimensions_and_unknown_units(connection):
    with pytest.raises(duckdb.InvalidInputException, match="cannot convert"):
        connection.sql("SELECT to_unit(1, '万元', 'USD')").fetchall()
    with pytest.raises(duckdb.InvalidInputException, match="unknown unit parsec-ish"):
        connection.sql("SELECT to_unit(1, 'parsec-ish', 'mu')").fetchall()
    assert _one(connection, "SELECT to_unit(NULL, 'mu', 'hectare')") is None


@pytest.mark.parametrize(
    ("on_sql", "on"),
    [("DATE '2018-02-11'", dt.date(2018, 2, 11)), ("2024", 2024), ("'2021-07'", "2021-07"),
     ("TIMESTAMP '2015-07-31 23:00:00'", dt.date(2015, 7, 31))],
)  # fmt: skip
def test_cny_to_usd_agrees_with_convert_currency(connection, on_sql, on):
    found = _one(connection, f"SELECT cny_to_usd(1000000, {on_sql})")
    expected = sw.convert_currency(Q_(1_000_000, "CNY"), "USD", on).value.magnitude
    assert found == pytest.approx(expected, rel=1e-12)
    back = _one(connection, f"SELECT usd_to_cny(1000, {on_sql})")
    assert back == pytest.approx(
        sw.convert_currency(Q_(1000, "USD"), "CNY", on).value.magnitude, rel=1e-12
    )


def test_cny_to_usd_over_a_column_uses_each_rows_month(connection):
    connection.execute(
        "CREATE TABLE money AS SELECT * FROM (VALUES (DATE '2019-01-15', 100.0::DOUBLE),"
        " (DATE '2023-11-02', 100.0), (NULL, 100.0)) v(day, yuan)"
    )
    found = connection.sql("SELECT cny_to_usd(yuan, day) FROM money").fetchall()
    for (value,), day in zip(found, (dt.date(2019, 1, 15), dt.date(2023, 11, 2)), strict=False):
        expected = sw.convert_currency(Q_(100.0, "CNY"), "USD", day).value.magnitude
        assert value == pytest.approx(expected, rel=1e-12)
    assert found[2] == (None,)


def test_cny_to_usd_refuses_a_period_the_table_does_not_cover(connection):
    with pytest.raises(duckdb.InvalidInputException, match="no CNY/USD rate for 2009"):
        connection.sql("SELECT cny_to_usd(1, 2009)").fetchall()
    with pytest.raises(sw.RateNotFoundError):
        sw.convert_currency(Q_(1, "CNY"), "USD", 2009)


def test_register_builds_the_tables_in_memory_too():
    connection = register(duckdb.connect())
    assert _one(connection, "SELECT count(*) FROM regions") > 110_000
    assert _one(connection, "SELECT to_unit(15, 'mu', 'hectare')") == pytest.approx(1.0)


@pytest.fixture
def harvests(connection):
    connection.execute(
        "CREATE TABLE harvests AS SELECT * FROM (VALUES"
        " ('520502116004', 2020, 10.0::DOUBLE), ('520502', 2020, 5.0),"
        " ('520525', 2021, 7.0), ('520502', 2021, 1.0)) v(code, year, area)"
    )
    return connection


def test_double_counting_check_refuses_a_place_with_its_ancestor(harvests):
    found = double_counted(harvests, "harvests", by=["year"]).fetchall()
    assert found == [(2020, "520502", "520502116004")]
    with pytest.raises(DoubleCountingError) as raised:
        roll_up(harvests, "harvests", level="prefecture", values=["area"], by=["year"])
    (conflict,) = raised.value.conflicts
    assert (conflict.outer, conflict.inner, conflict.ids) == ("520502", "520502116004", ("2020",))


def test_a_place_and_its_ancestor_in_different_groups_are_not_double_counted(harvests):
    rows = roll_up(
        harvests, "SELECT * FROM harvests WHERE year = 2021", level="prefecture",
        values=["area"], by=["year"],
    ).fetchall()  # fmt: skip
    assert rows == [("520500", 2021, 8.0, 2)]
    assert double_counted(harvests, "harvests").fetchall() == [("520502", "520502116004")]


def test_roll_up_agrees_with_roll_up_columns(connection):
    dataset = sw.load()
    counties = sorted(
        r.code for r in dataset.regions if r.level.value == "county" and dataset.is_current(r)
    )
    generator = np.random.default_rng(18)
    codes = np.array(counties)[generator.integers(0, len(counties), 5000)]
    years = generator.integers(2018, 2022, 5000)
    values = generator.uniform(0, 100, 5000)
    connection.execute("CREATE TABLE t (code VARCHAR, year INTEGER, value DOUBLE)")
    connection.executemany(
        "INSERT INTO t VALUES (?, ?, ?)",
        [(str(c), int(y), float(v)) for c, y, v in zip(codes, years, values, strict=True)],
    )
    rows = roll_up(
        connection, "SELECT code, year, to_unit(value, '亩', 'hectare') AS value FROM t",
        level="prefecture", values=["value"], by=["year"],
    ).fetchall()  # fmt: skip
    expected = roll_up_columns(
        codes, values, "mu", "prefecture", keys=years, to_unit="hectare", repeats="sum"
    )
    assert {(c, y): v for c, y, v, _ in rows} == pytest.approx(
        dict(
            zip(
                zip(expected.codes.tolist(), expected.keys.tolist(), strict=True),
                expected.magnitudes.tolist(),
                strict=True,
            )
        ),
        rel=1e-12,
    )


def test_roll_up_refuses_an_unknown_level(connection):
    with pytest.raises(ValidationError, match="unknown level"):
        roll_up(connection, "t", level="galaxy", values=["value"])


def test_a_missing_duckdb_names_the_extra(monkeypatch):
    import swchina_dev.tabular.duckdb as module

    def missing(name, extra):
        raise MissingDependencyError(f"pip install 'swchina-dev[{extra}]'", field=extra)

    monkeypatch.setattr(module, "import_optional", missing)
    with pytest.raises(MissingDependencyError, match=r"swchina-dev\[duckdb\]"):
        register(object())
