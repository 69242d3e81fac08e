"""Tables: plain columns, pandas DataFrames, Arrow tables, Parquet files, Frictionless packages.

The region tree, code history, units and rates are reference tables for DuckDB, Polars and Spark
([swchina_dev.tabular.reference][swchina_dev.tabular.reference]); the DuckDB macros and checks
are in [swchina_dev.tabular.duckdb][swchina_dev.tabular.duckdb] (extra `duckdb`). Indicator files
of a million rows are read and checked column-wise by
[swchina_dev.tabular.indicator_columns][swchina_dev.tabular.indicator_columns].

DataFrames need the extra `pandas`, Arrow tables and Parquet files the extra `arrow`, and a
Frictionless data package the extra `datapackage`.

The optional libraries are imported only when a function that needs them is called; without
them the error names the extra to install.
"""

from swchina_dev.tabular.arrow import (
    indicators_from_table,
    indicators_table,
    read_parquet,
    regions_from_table,
    regions_table,
    write_parquet,
)
from swchina_dev.tabular.datapackage import validate_datapackage, write_datapackage
from swchina_dev.tabular.frames import (
    INDICATOR_COLUMNS,
    REGION_COLUMNS,
    indicators_as_columns,
    indicators_frame,
    regions_as_columns,
    regions_frame,
)
from swchina_dev.tabular.reference import (
    read_reference_tables,
    reference_tables,
    write_reference_tables,
)

__all__ = [
    "INDICATOR_COLUMNS",
    "REGION_COLUMNS",
    "indicators_as_columns",
    "indicators_frame",
    "indicators_from_table",
    "indicators_table",
    "read_parquet",
    "read_reference_tables",
    "reference_tables",
    "regions_as_columns",
    "regions_frame",
    "regions_from_table",
    "regions_table",
    "validate_datapackage",
    "write_datapackage",
    "write_parquet",
    "write_reference_tables",
]
