"""Your own data in and out: datasets and collections of records as JSON or a CSV folder.

Public face: [read_dataset][swchina_dev.files.read_dataset],
[write_dataset][swchina_dev.files.write_dataset], [read_records][swchina_dev.files.read_records],
[write_records][swchina_dev.files.write_records],
[read_csv_table][swchina_dev.files.tables.read_csv_table] (a plain table of any columns),
[write_drafts][swchina_dev.files.drafts.write_drafts] (an article's drafts, to review and load),
`COLLECTIONS` (the file of each collection) and `FORMAT_VERSION`. Reading validates completely
and loads nothing on error: one [InvalidFileError][swchina_dev.InvalidFileError] lists every
problem with its place.
"""

from swchina_dev.files.assembly import COLLECTIONS, FORMAT_VERSION
from swchina_dev.files.csv_format import csv_columns, csv_rows
from swchina_dev.files.datasets import (
    read_dataset,
    read_records,
    structure_rows,
    write_dataset,
    write_records,
)
from swchina_dev.files.drafts import write_drafts
from swchina_dev.files.tables import read_csv_table

__all__ = [
    "COLLECTIONS",
    "FORMAT_VERSION",
    "csv_columns",
    "csv_rows",
    "read_csv_table",
    "read_dataset",
    "read_records",
    "structure_rows",
    "write_dataset",
    "write_drafts",
    "write_records",
]
