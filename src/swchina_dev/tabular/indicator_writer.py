"""Indicators written column-wise: a checked Arrow table to a Parquet or CSV file (extra `arrow`).

[write_indicator_columns][swchina_dev.tabular.indicator_writer.write_indicator_columns] is the
writer beside
[read_indicator_columns][swchina_dev.tabular.indicator_columns.read_indicator_columns]: it takes
a table of `COLUMNS` (read, filtered, joined, computed) and writes the file
[write_parquet][swchina_dev.tabular.arrow.write_parquet] or
[write_dataset][swchina_dev.files.datasets.write_dataset] (`format="csv"`, its `indicators.csv`)
writes for the same indicators, byte for byte, with no object a row. The table is checked first
as the reader checks a file
([check_indicator_columns][swchina_dev.tabular.indicator_columns.check_indicator_columns]).

What the object writers word a row at a time is worded once a distinct value here: a subject's
name, a label's kind (metric, item, breakdown, scope, status) and its measure, a number's text.

Examples:
    >>> import tempfile, pathlib
    >>> import swchina_dev as sw
    >>> from swchina_dev.files import read_records
    >>> from swchina_dev.tabular.arrow import write_parquet
    >>> from swchina_dev.tabular.indicator_columns import read_indicator_columns
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> table = read_indicator_columns(write_parquet(sw.load(), folder / "all.parquet"))
    >>> path = write_indicator_columns(table, folder / "indicators.csv")
    >>> read_records(path, sw.Indicator, sw.load()) == tuple(sw.load().indicators)
    True
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.catalog.labels import measure_label, what_kind_measures
from swchina_dev.errors import DataFileError, ValidationError
from swchina_dev.files.atomic import replacing_file
from swchina_dev.files.csv_format import (
    FORMULA_STARTS,
    LINE_END,
    Kind,
    csv_columns,
    fields_of,
    list_cell,
    quoted_characters,
)
from swchina_dev.files.datasets import _as_path
from swchina_dev.models import Indicator, Measure, Metric, Scope, Source, Status
from swchina_dev.optional import import_optional
from swchina_dev.tabular.arrow import (
    EXACT_COLUMN,
    arrow_table,
    indicator_metadata,
    table_references,
    write_table_file,
)
from swchina_dev.tabular.frames import INDICATOR_COLUMNS, subject_name
from swchina_dev.tabular.indicator_checks import Encodings, per_value
from swchina_dev.tabular.indicator_columns import check_indicator_columns

__all__ = ["write_indicator_columns"]

# The table's columns of each measure of the CSV file, in the order of its cells.
_MEASURE_COLUMNS: Final = {
    "measure": ("magnitude", "unit", "qualifier", "lower", "upper"),
    "stated_conversion": (
        "conversion_magnitude",
        "conversion_unit",
        "conversion_qualifier",
        "conversion_lower",
        "conversion_upper",
    ),
}
_NUMBER_PARTS: Final = (0, 3, 4)  # the magnitude and the bounds of a measure's five cells
# The most text turned into CSV rows at a time, in bytes (well under Arrow's 2 GiB a string array).
_CSV_BATCH_BYTES: Final = 64 * 2**20


def _pa() -> Any:
    return import_optional("pyarrow", "arrow")


def _pc() -> Any:
    return import_optional("pyarrow.compute", "arrow")


def _one(column: Any) -> Any:
    """A column as one array (its chunk, not a copy, when it has one)."""
    if isinstance(column, _pa().ChunkedArray):
        return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()
    return column


def _worded(table: Any, parts: Sequence[str], word: Callable[[dict[str, Any]], str | None]) -> Any:
    """`word` of each distinct combination of the `parts` columns, as a string column.

    `word` is called once a combination, with one of its rows (a dict of those columns). The
    combinations are numbered by encoding each column and combining the codes (renumbered
    before they could overflow int64).
    """
    pa, pc = _pa(), _pc()
    codes, bound = pa.repeat(pa.scalar(0, pa.int64()), table.num_rows), 1
    for name in parts:
        column = _one(table.column(name))
        if pa.types.is_list(column.type):
            column = pc.binary_join(column, "\x00")  # a checked table holds no [""]
        encoded = pc.dictionary_encode(column)
        width = len(encoded.dictionary) + 1  # and one for null
        if bound * width >= 2**62:
            codes = pc.cast(pc.dictionary_encode(codes).indices, pa.int64())
            bound = len(pc.unique(codes))
        found = pc.fill_null(pc.cast(encoded.indices, pa.int64()), width - 1)
        codes, bound = pc.add(pc.multiply(codes, width), found), bound * width
    codes = pc.cast(pc.dictionary_encode(codes).indices, pa.int64())
    distinct = pa.array(range(len(pc.unique(codes))), pa.int64())
    first = pc.index_in(distinct, value_set=codes)  # the first row of each combination
    samples = table.select(list(dict.fromkeys(parts))).take(first).to_pylist()
    words = pa.array([word(sample) for sample in samples], pa.string())
    return pc.take(words, codes)


def _measure(row: dict[str, Any], prefix: str = "") -> Measure:
    """The measure of a checked row, its whole numbers restored from `exact_values`."""
    exact = json.loads(row[EXACT_COLUMN]) if row[EXACT_COLUMN] else {}
    names = {"value": "magnitude", "lower": "lower", "upper": "upper"}
    stored = {part: exact.get(prefix + name, row[prefix + name]) for part, name in names.items()}
    stored |= {"unit": row[f"{prefix}unit"], "qualifier": row[f"{prefix}qualifier"]}
    return Measure.from_stored(stored)


def _parquet_table(
    table: Any, metrics: Sequence[Metric], sources: Sequence[Source], dataset: Dataset | None
) -> Any:
    """The table `write_parquet` writes for the indicators of a checked table."""
    pa, pc = _pa(), _pc()
    by_key = {metric.key: metric for metric in metrics}
    by_id = {source.id: source for source in sources}
    count = table.num_rows
    arrays = {name: table.column(name) for name in table.column_names}
    if dataset is None:
        arrays["subject_name"] = pa.nulls(count, pa.string())
    else:
        arrays["subject_name"] = _worded(
            table, ["subject_id"], lambda row: subject_name(dataset, row["subject_id"])
        )
    arrays["source_publisher"] = _worded(
        table, ["source"], lambda row: by_id[row["source"]].publisher
    )

    kinds: dict[tuple[Any, ...], str] = {}  # a label's kind, worded once a distinct kind

    def label(row: dict[str, Any]) -> str:
        key = (row["metric"], row["item"], tuple(row["breakdown"]), row["scope"], row["status"])
        kind = kinds.get(key)
        if kind is None:
            metric, item, breakdown, scope, status = key
            kind = kinds[key] = what_kind_measures(
                by_key[metric], item, breakdown, Scope(scope), Status(status), dataset
            )
        return f"{kind}: {measure_label(_measure(row))}"

    # One label a distinct kind and measure: one column of text made, not two and their join.
    kind_parts = ["metric", "item", "breakdown", "scope", "status"]
    measure_parts = ["magnitude", "unit", "qualifier", "lower", "upper", EXACT_COLUMN]
    arrays["label"] = _worded(table, [*kind_parts, *measure_parts], label)
    # The metrics and sources in the order the rows first name them, as the object writer.
    cited_metrics = [by_key[key] for key in pc.unique(table.column("metric")).to_pylist()]
    cited_sources = [by_id[key] for key in pc.unique(table.column("source")).to_pylist()]
    metadata = indicator_metadata(
        pc.unique(table.column("unit")).to_pylist(),
        pc.unique(table.column("conversion_unit")).to_pylist(),
        cited_metrics,
        cited_sources,
    )
    ordered = {name: arrays[name] for name in (*INDICATOR_COLUMNS, EXACT_COLUMN)}
    return arrow_table(ordered, "indicators", metadata)


# -- CSV ----------------------------------------------------------------------------------------


def _escaped(cells: Any) -> tuple[Any]:
    """Text cells as `escape_cell` writes them: an apostrophe before a formula's start."""
    pc = _pc()
    starts = "".join(f"\\x{ord(character):02x}" for character in FORMULA_STARTS)
    formula = pc.match_substring_regex(cells, f"^[{starts}]")
    if not pc.any(formula).as_py():
        return (cells,)
    return (pc.if_else(formula, pc.binary_join_element_wise("'", cells, ""), cells),)


def _quoted(cells: Any) -> tuple[Any]:
    """Cells as csv.writer writes them: in quotes, quotes doubled, where it quotes them."""
    pc = _pc()
    needed = pc.match_substring_regex(cells, f"[{quoted_characters()}]")
    doubled = pc.replace_substring(cells, '"', '""')
    return (pc.if_else(needed, pc.binary_join_element_wise('"', doubled, '"', ""), cells),)


def _quote(cells: Any, encodings: Encodings) -> Any:
    """`_quoted` of the cells, once a distinct cell; none searched if no cell needs it."""
    encoded = encodings.known(cells)
    text = bytes(_text_bytes(cells if encoded is None else encoded.dictionary))
    if not any(character.encode() in text for character in quoted_characters()):
        return cells
    return per_value(cells, _quoted, encodings)[0]


def _list_cells(lists: Any) -> Any:
    """List cells: items joined by bars, escaped as `list_cell` escapes them."""
    pa, pc = _pa(), _pc()
    joined = pc.binary_join(lists, "|")
    items = pc.list_flatten(lists)
    escapes = pc.match_substring_regex(items, r"[\\|]")
    if pc.any(escapes).as_py():  # rare: those rows' items are escaped one by one
        rows = pc.unique(pc.filter(pc.list_parent_indices(lists), escapes))
        mask = pc.is_in(
            pa.array(range(len(lists)), pa.int64()), value_set=pc.cast(rows, pa.int64())
        )
        cells = [list_cell(items) for items in pc.filter(lists, mask).to_pylist()]
        joined = pc.replace_with_mask(joined, mask, pa.array(cells, pa.string()))
        return (pc.if_else(mask, joined, _escaped(joined)[0]),)
    return _escaped(joined)


def _exact_texts(name: str) -> Callable[[Any], tuple[Any]]:
    """Each `exact_values` JSON's whole number `name` as text (null where it holds none)."""

    def texts(exact: Any) -> tuple[Any]:
        found = []
        for cell in exact.to_pylist():
            value = json.loads(cell).get(name) if cell else None
            found.append(None if value is None else str(value))
        return (_pa().array(found, _pa().string()),)

    return texts


def _float_texts(numbers: Any) -> tuple[Any]:
    """Numbers as `repr` writes them (the shortest text that reads back the same float)."""
    texts = ["" if number is None else repr(number) for number in numbers.to_pylist()]
    return (_pa().array(texts, _pa().string()),)


def _batch_cells(batch: Any) -> list[Any]:
    """The CSV cells of a batch of checked rows, column by column, as csv.writer writes them."""
    pc = _pc()
    encodings = Encodings()
    columns = {name: _one(batch.column(name)) for name in batch.column_names}
    cells: list[Any] = []
    for field in fields_of(Indicator):
        if field.kind in (Kind.MEASURE, Kind.OPTIONAL_MEASURE):
            names = _MEASURE_COLUMNS[field.name]
            exact = columns[EXACT_COLUMN]
            for part, name in enumerate(names):
                column = columns[name]
                if part in _NUMBER_PARTS:
                    (floats,) = per_value(column, _float_texts, encodings)
                    (whole,) = per_value(exact, _exact_texts(name), encodings)
                    column = pc.coalesce(whole, floats)
                cells.append(pc.fill_null(column, "") if column.null_count else column)
            continue
        column = columns[field.name]
        if field.kind is Kind.LIST:
            (column,) = _list_cells(column)
        elif field.name == "id":  # distinct in a checked table: no value seen twice
            (column,) = _escaped(column)
        elif field.kind in (Kind.TEXT, Kind.OPTIONAL_TEXT):
            filled = pc.fill_null(column, "") if column.null_count else column
            (column,) = per_value(filled, _escaped, encodings)
        elif field.kind is not Kind.REFERENCE:
            raise AssertionError(field.kind)  # indicators have no other kinds of field
        cells.append(column)
    return [_quote(column, encodings) for column in cells]


def _write_csv(table: Any, temporary: Path, target: Path) -> None:
    """Write a table's rows to `temporary` as the CSV file of `target` (errors name it)."""
    pc = _pc()
    header = ",".join(csv_columns(Indicator)) + LINE_END
    # The cells' text (with quotes, escapes and commas, at most about twice it) in batches.
    size = sum(_one(table.column(name)).nbytes for name in table.column_names)
    rows = max(1, table.num_rows * _CSV_BATCH_BYTES // max(2 * size, 1))
    try:
        # One thread writes a batch while the next is made (the write leaves the GIL).
        with temporary.open("wb") as file, ThreadPoolExecutor(1) as writer:
            file.write(header.encode())
            written: Future[int] | None = None
            for start in range(0, table.num_rows, rows):
                cells = _batch_cells(table.slice(start, rows))
                cells[-1] = pc.binary_join_element_wise(cells[-1], "", LINE_END)
                text = _text_bytes(pc.binary_join_element_wise(*cells, ","))
                if written is not None:
                    written.result()  # one batch in memory beside the one being made
                written = writer.submit(file.write, text)
            if written is not None:
                written.result()
    except OSError as error:
        raise DataFileError(f"cannot write: {error}", file=str(target)) from None


def _write_parquet(table: Any, temporary: Path, target: Path, *, dataset: Dataset | None) -> None:
    """Write a table's rows to `temporary` as the Parquet file of `target` (errors name it)."""
    metrics, sources = table_references(table, "table")
    write_table_file(_parquet_table(table, metrics, sources, dataset), temporary, target)


def _written_while_checked(
    table: Any, target: Path, write: Callable[[Any, Path, Path], None]
) -> Path:
    """Write `table` to `target` while it is checked; the file stays only if the check passes.

    The check (Arrow's kernels, which leave the GIL) runs in a thread beside the writing. A
    table the check settles (a unit spelled otherwise, implied bounds) or that the writing
    cannot take is written again, from the checked table; a table the check refuses leaves
    `target` as it was.
    """
    with ThreadPoolExecutor(1) as pool:
        checking = pool.submit(check_indicator_columns, table)
        with replacing_file(target) as temporary:
            try:
                write(table, temporary, target)
                failed = False
            except Exception:  # unchecked rows the writing cannot take: written again below
                failed = True
            checked = checking.result()  # raises for a bad table: the temporary file goes
            if failed or not checked.equals(table):
                write(checked, temporary, target)
    return target


def _text_bytes(strings: Any) -> Any:
    """A string array's text, end to end, as a buffer (no copy)."""
    if len(strings) == 0:
        return b""
    offsets = memoryview(strings.buffers()[1]).cast("i")
    first, last = offsets[strings.offset], offsets[strings.offset + len(strings)]
    return memoryview(strings.buffers()[2])[first:last]


# -- the public face ----------------------------------------------------------------------------

_FORMATS: Final = ("parquet", "csv")


def write_indicator_columns(
    table: Any,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    dataset: Dataset | None = None,
) -> Path:
    """Write a table of indicators to a Parquet or CSV file, checked first, column-wise.

    The file is the one the object writers write for the same indicators:
    [write_parquet][swchina_dev.tabular.arrow.write_parquet] (`format="parquet"`), or the
    `indicators.csv` of [write_dataset][swchina_dev.files.datasets.write_dataset]
    (`format="csv"`); both readers read it back, and so does `read_indicator_columns`.

    Args:
        table: A table of `COLUMNS` with the metrics and sources in its field metadata (what
            `read_indicator_columns` returns, filtered or joined or computed on).
        path: The file (written atomically: beside it, then renamed over it).
        format: `"parquet"` or `"csv"`; by default the path's suffix says.
        dataset: For Parquet: where subject and item names are looked up, for the
            `subject_name` and `label` columns (as `write_parquet`'s `dataset`).

    Returns:
        The path written.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        ValidationError: The format is neither (nor the suffix), or `path` is not a path.
        InvalidFileError: A column or the metadata is missing, or a row is bad (as the reader
            says of a file's rows, by row and field).
        DataFileError: The file cannot be written.

    Examples:
        >>> import tempfile, pathlib
        >>> import pyarrow.compute as pc
        >>> import swchina_dev as sw
        >>> from swchina_dev.tabular.arrow import read_parquet, write_parquet
        >>> from swchina_dev.tabular.indicator_columns import read_indicator_columns
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> table = read_indicator_columns(write_parquet(sw.load(), folder / "all.parquet"))
        >>> areas = table.filter(pc.equal(table["metric"], "planted_area"))
        >>> path = write_indicator_columns(areas, folder / "areas.parquet", dataset=sw.load())
        >>> read_parquet(path, sw.Indicator) == tuple(sw.load().query(metric="planted_area"))
        True
    """
    target = _as_path(path, "path")
    chosen = format if format is not None else target.suffix.lower().lstrip(".")
    if chosen not in _FORMATS:
        raise ValidationError(
            f"write_indicator_columns writes {' or '.join(_FORMATS)}, not {chosen!r}",
            field="format",
        )
    if chosen == "csv":
        return _written_while_checked(table, target, _write_csv)
    return _written_while_checked(table, target, functools.partial(_write_parquet, dataset=dataset))
