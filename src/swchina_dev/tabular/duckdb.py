"""The reference tables, unit and currency macros and the double-counting check in DuckDB.

One call, [register][swchina_dev.tabular.duckdb.register], puts the reference tables of
[swchina_dev.tabular.reference][swchina_dev.tabular.reference] on a user's DuckDB connection
(as views over the Arrow tables, or over the Parquet files of a folder that
[write_reference_tables][swchina_dev.tabular.reference.write_reference_tables] wrote) and
defines these macros:

- `to_unit(value, from_unit, to_unit)`: `value * from.factor / to.factor` through
  `unit_factors` (any spelling it lists: `'亩'`, `'mu'`, `'万元'`, `'hectare'`); an unknown unit,
  or two units of different dimensions (yuan and dollars among them), is an error;
- `cny_per_usd(on)`: the bundled rate, by the library's rule: a year (`2024`, `'2024'`) takes
  the annual average; a month (`'2024-03'`), a date or a timestamp takes its month's average;
  a period the table does not cover is an error (as
  [exchange_rate][swchina_dev.conversion.rates.exchange_rate] refuses it), NULL gives NULL;
- `cny_to_usd(value, on)` and `usd_to_cny(value, on)`: a value converted at that rate.

[double_counted][swchina_dev.tabular.duckdb.double_counted] finds, in a table of any size, the
codes whose ancestor is in the same group (a village and its county in one year), and
[roll_up][swchina_dev.tabular.duckdb.roll_up] sums a table to a level after refusing them, as
[roll_up_columns][swchina_dev.aggregate.columns.roll_up_columns] does in memory.

duckdb is imported only by these functions (extra `duckdb`).

Examples:
    >>> import duckdb
    >>> connection = register(duckdb.connect())
    >>> connection.sql("SELECT to_unit(15, '亩', 'hectare')").fetchall()
    [(1.0,)]
    >>> connection.sql(
    ...     "SELECT cny_to_usd(7.1956, 2024), usd_to_cny(1, DATE '2018-02-11')").fetchall()
    [(1.0, 6.3224)]
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from swchina_dev.aggregate.places import INSIDE, Conflict
from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import DoubleCountingError, ValidationError
from swchina_dev.models import Level
from swchina_dev.optional import import_optional
from swchina_dev.tabular.reference import REFERENCE_TABLES, reference_tables

__all__ = ["MACROS", "double_counted", "double_counting_sql", "register", "roll_up"]

#: The macros `register` defines (SQL text; each refers to the registered tables).
MACROS: Final[Mapping[str, str]] = {
    # One lookup of both units per distinct pair (DuckDB decorrelates it into one join).
    "_unit_ratio": (
        "(from_unit, to_unit) AS (SELECT CASE "
        "WHEN f.factor IS NULL THEN error('unknown unit ' || coalesce(x.a, 'NULL') || "
        "' (not in unit_factors)') "
        "WHEN t.factor IS NULL THEN error('unknown unit ' || coalesce(x.b, 'NULL') || "
        "' (not in unit_factors)') "
        "WHEN f.dimension <> t.dimension THEN error('cannot convert ' || x.a || ' (' || "
        "f.dimension || ') to ' || x.b || ' (' || t.dimension || ')') "
        "ELSE f.factor / t.factor END "
        "FROM (SELECT from_unit AS a, to_unit AS b) x "
        "LEFT JOIN unit_factors f ON f.unit = x.a LEFT JOIN unit_factors t ON t.unit = x.b)"
    ),
    "to_unit": "(value, from_unit, to_unit) AS value * _unit_ratio(from_unit, to_unit)",
    # A year (four characters as text) takes the annual average; anything longer its month.
    "_rate_period": (
        "(on_) AS CASE WHEN length(CAST(on_ AS VARCHAR)) = 4 THEN CAST(on_ AS VARCHAR) "
        "ELSE left(CAST(on_ AS VARCHAR), 7) END"
    ),
    "cny_per_usd": (
        "(on_) AS (SELECT CASE WHEN x.p IS NULL THEN NULL "
        "WHEN r.cny_per_usd IS NULL THEN error('no CNY/USD rate for ' || x.p || "
        "'; the bundled rates cover the months ' || (SELECT min(period) || ' to ' || "
        "max(period) FROM cny_usd_rates WHERE granularity = 'month') || ' and the years ' || "
        "(SELECT min(period) || '-' || max(period) FROM cny_usd_rates "
        "WHERE granularity = 'year')) "
        "ELSE r.cny_per_usd END "
        "FROM (SELECT _rate_period(on_) AS p) x LEFT JOIN cny_usd_rates r ON r.period = x.p)"
    ),
    "cny_to_usd": "(value, on_) AS value / cny_per_usd(on_)",
    "usd_to_cny": "(value, on_) AS value * cny_per_usd(on_)",
}
_LEVELS: Final = frozenset(level.value for level in Level)
_QUERY_WORDS: Final = frozenset({"select", "with", "from", "values", "(select", "(with"})


def _duckdb() -> Any:
    return import_optional("duckdb", "duckdb")


def register(
    connection: Any,
    folder: str | os.PathLike[str] | None = None,
    *,
    dataset: Dataset | None = None,
) -> Any:
    """Register the reference tables and the macros on a DuckDB connection.

    Args:
        connection: A `duckdb.DuckDBPyConnection`.
        folder: A folder of the Parquet files `write_reference_tables` wrote: the tables become
            views over them (`read_parquet`). By default they are built in memory (a few
            seconds) and registered as Arrow tables.
        dataset: The dataset of the region tables, when they are built here; by default the
            bundled one.

    Returns:
        The connection, for chaining.

    Raises:
        MissingDependencyError: duckdb or pyarrow is not installed.

    Examples:
        >>> import duckdb
        >>> connection = register(duckdb.connect())
        >>> connection.sql(
        ...     "SELECT ancestor FROM region_ancestors "
        ...     "WHERE code = '520502' AND ancestor_level = 'province'"
        ... ).fetchall()
        [('520000',)]
    """
    _duckdb()
    if folder is not None:
        for name in REFERENCE_TABLES:
            path = str(Path(folder) / f"{name}.parquet").replace("'", "''")
            connection.execute(
                f"CREATE OR REPLACE VIEW {name} AS SELECT * FROM read_parquet('{path}')"
            )
    else:
        for name, table in reference_tables(dataset).items():
            connection.register(name, table)
    for name, body in MACROS.items():
        connection.execute(f"CREATE OR REPLACE MACRO {name}{body}")
    return connection


def _identifier(name: str, field: str) -> str:
    """A column name quoted for SQL (a name, never an expression)."""
    if not isinstance(name, str) or not name or "\x00" in name:
        raise ValidationError(f"expected a column name, got {name!r}", field=field)
    return '"' + name.replace('"', '""') + '"'


def _relation(relation: str, field: str = "relation") -> str:
    if not isinstance(relation, str) or not relation.strip():
        raise ValidationError(f"expected a table name or a query, got {relation!r}", field=field)
    text = relation.strip()
    # A query is a subquery; a name or a table function (`read_parquet('...')`) stands as given.
    return f"({text})" if text.split(None, 1)[0].lower() in _QUERY_WORDS else text


def double_counting_sql(relation: str, *, code: str = "code", by: Sequence[str] = ()) -> str:
    """The SQL that lists the codes counted twice: each code whose ancestor is in its group.

    Plain SQL (DuckDB, Spark SQL): it needs `region_ancestors` and the relation.

    Args:
        relation: A table or view name, or a query (`SELECT ...`).
        code: The column of division codes.
        by: The grouping columns (a year, a metric): within each group no code may lie inside
            another.

    Returns:
        A query whose rows are the groups' columns, `outer_code` and `inner_code`.

    Examples:
        >>> print(double_counting_sql("harvests", by=["year"]).splitlines()[0])
        WITH codes AS (SELECT DISTINCT "code" AS code FROM harvests),
    """
    source = _relation(relation)
    keys = [_identifier(column, "by") for column in by]
    column = _identifier(code, "code")
    selected = ", ".join([*keys, f"{column} AS code"])
    same_group = "".join(f" AND q.{key} = p.{key}" for key in keys)
    shown = "".join(f"p.{key}, " for key in keys)
    # First the pairs of codes inside one another anywhere in the table (a scan of its distinct
    # codes, small); only the rows of those codes are then compared group by group.
    return (
        f"WITH codes AS (SELECT DISTINCT {column} AS code FROM {source}),\n"
        "pairs AS (SELECT a.ancestor AS outer_code, a.code AS inner_code FROM codes c\n"
        "  JOIN region_ancestors a ON a.code = c.code AND a.depth > 0\n"
        "  JOIN codes o ON o.code = a.ancestor),\n"
        f"present AS (SELECT DISTINCT {selected} FROM {source}\n"
        f"  WHERE {column} IN (SELECT outer_code FROM pairs UNION SELECT inner_code FROM pairs))\n"
        f"SELECT {shown}pairs.outer_code, pairs.inner_code\n"
        "FROM pairs\n"
        "JOIN present p ON p.code = pairs.inner_code\n"
        f"JOIN present q ON q.code = pairs.outer_code{same_group}\n"
        f"ORDER BY {shown}pairs.outer_code, pairs.inner_code"
    )


def double_counted(
    connection: Any, relation: str, *, code: str = "code", by: Sequence[str] = ()
) -> Any:
    """The codes of a table counted twice in a roll-up: each one whose ancestor shares its group.

    Args:
        connection: A connection that `register` prepared.
        relation: A table or view name, or a query.
        code: The column of division codes.
        by: The grouping columns.

    Returns:
        A `duckdb.DuckDBPyRelation` of the groups' columns, `outer_code`, `inner_code`.

    Examples:
        >>> import duckdb
        >>> connection = register(duckdb.connect())
        >>> connection.execute(
        ...     "CREATE TABLE t AS SELECT * FROM (VALUES ('520502', 2020), ('520500', 2020),"
        ...     " ('520500', 2021)) v(code, year)")  # doctest: +ELLIPSIS
        <...>
        >>> double_counted(connection, "t", by=["year"]).fetchall()
        [(2020, '520500', '520502')]
    """
    return connection.sql(double_counting_sql(relation, code=code, by=by))


def _conflicts(rows: Iterable[tuple[Any, ...]], keys: int) -> list[Conflict]:
    found = []
    for row in rows:
        where = tuple(str(value) for value in row[:keys])
        found.append(Conflict(str(row[keys]), str(row[keys + 1]), INSIDE, where))
    return found


def roll_up(
    connection: Any,
    relation: str,
    *,
    level: str,
    values: Sequence[str],
    code: str = "code",
    by: Sequence[str] = (),
    check: bool = True,
    limit: int = 20,
) -> Any:
    """Sum a table's value columns up the region tree to a level, by group, with one join.

    The codes are first checked for double counting within each group (`by`): a code and its
    ancestor in one group are refused, as the in-memory roll-up refuses them. Rows whose code
    has no ancestor at `level` fall out (as the in-memory path excludes them).

    Args:
        connection: A connection that `register` prepared.
        relation: A table or view name, or a query (a `read_parquet(...)` of a large file).
        level: The level to roll up to (`"prefecture"`).
        values: The columns to sum (convert them in `relation` first, with `to_unit`).
        code: The column of division codes.
        by: The grouping columns kept beside the target (a year, a metric).
        check: Whether to check for double counting first (a scan of the codes and groups).
        limit: At most this many conflicts are listed in the error.

    Returns:
        A `duckdb.DuckDBPyRelation`: `code` (the target), the `by` columns, the sums, and
        `rows` (how many rows each total sums), ordered by target and groups.

    Raises:
        DoubleCountingError: A code and its ancestor share a group (the first `limit` listed).
        ValidationError: `level` is not a level, or no value column is given.

    Examples:
        >>> import duckdb
        >>> connection = register(duckdb.connect())
        >>> connection.execute(
        ...     "CREATE TABLE t AS SELECT * FROM (VALUES ('520502', 2020, 15.0::DOUBLE),"
        ...     " ('520525', 2020, 30.0)) v(code, year, area)")  # doctest: +ELLIPSIS
        <...>
        >>> roll_up(connection, "t", level="prefecture", values=["area"], by=["year"]).fetchall()
        [('520500', 2020, 45.0, 2)]
    """
    if level not in _LEVELS:
        raise ValidationError(f"unknown level {level!r}; one of {sorted(_LEVELS)}", field="level")
    if not values:
        raise ValidationError("name at least one value column to sum", field="values")
    if check:
        query = double_counting_sql(relation, code=code, by=by) + f"\nLIMIT {int(limit)}"
        found = connection.sql(query).fetchall()
        if found:
            raise DoubleCountingError(
                f"roll-up of {relation} to {level}: codes inside one another in one group",
                conflicts=_conflicts(found, len(by)),
                field=code,
            )
    keys = [_identifier(column, "by") for column in by]
    sums = ", ".join(
        f"sum(t.{_identifier(column, 'values')}) AS {_identifier(column, 'values')}"
        for column in values
    )
    grouped = ", ".join(["a.ancestor", *(f"t.{key}" for key in keys)])
    selected = ", ".join(["a.ancestor AS code", *(f"t.{key}" for key in keys)])
    return connection.sql(
        f"SELECT {selected}, {sums}, count(*) AS rows FROM {_relation(relation)} t "
        f"JOIN region_ancestors a ON a.code = t.{_identifier(code, 'code')} "
        f"AND a.ancestor_level = '{level}' GROUP BY {grouped} ORDER BY {grouped}"
    )
