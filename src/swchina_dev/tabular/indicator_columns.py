"""Indicators read column-wise: a Parquet or CSV file into one checked Arrow table (extra `arrow`).

[read_parquet][swchina_dev.tabular.arrow.read_parquet] and
[read_records][swchina_dev.files.datasets.read_records] build an
[Indicator][swchina_dev.Indicator] a row, which costs tens of microseconds each: a million rows
take most of a minute.
[read_indicator_columns][swchina_dev.tabular.indicator_columns.read_indicator_columns] reads
the same files into one `pyarrow.Table` and checks every rule of the model a column at
a time (see [swchina_dev.tabular.indicator_checks][swchina_dev.tabular.indicator_checks]): it
refuses what the object readers refuse, with their problems (by row or line, and field), and
gives what they give, settled (canonical units, implied bounds, a range's midpoint), in
`COLUMNS`. [indicators_from_columns][swchina_dev.tabular.indicator_columns.indicators_from_columns]
builds the objects from such a table when they are needed.

A row a column check finds bad, or cannot put in columns faithfully (a qualifier written as a
word, a list cell with a backslash escape, a whole number of more than 15 digits), is built the
object readers' way, for its report or its value; a file not as the library writes it (a CSV
file with other quoting or line ends, a Parquet file with other column types) is read by the
object readers as a whole.

Examples:
    >>> import tempfile, pathlib
    >>> import swchina_dev as sw
    >>> from swchina_dev.tabular.arrow import read_parquet, write_parquet
    >>> path = write_parquet(sw.load(), pathlib.Path(tempfile.mkdtemp()) / "indicators.parquet")
    >>> table = read_indicator_columns(path)
    >>> table.num_rows == len(sw.load().indicators), table.column_names[:5]
    (True, ['id', 'subject_id', 'metric', 'magnitude', 'unit'])
    >>> indicators_from_columns(table) == read_parquet(path, sw.Indicator)
    True
"""

from __future__ import annotations

import json
import mmap
import os
import stat
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Final

import attrs

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import InvalidFileError, ValidationError
from swchina_dev.files import read_records, structure_rows
from swchina_dev.files.assembly import MAX_FILE_BYTES
from swchina_dev.files.csv_format import (
    FLOAT_PATTERN,
    INTEGER_PATTERN,
    MAX_CELL_CHARS,
    Kind,
    csv_columns,
    fields_of,
    quoted_characters,
    structure_row,
)
from swchina_dev.files.datasets import _as_path
from swchina_dev.files.structuring import (
    REFERENCES,
    References,
    located,
    stop_reading,
    structure_record,
)
from swchina_dev.models import Indicator, Metric, Scope, Source, Status
from swchina_dev.optional import import_optional
from swchina_dev.serialization import unstructure
from swchina_dev.tabular.arrow import (
    EXACT_COLUMN,
    TABLE_KEY,
    check_table,
    indicator_rows,
    indicators_from_table,
    indicators_table,
    open_parquet,
    table_references,
)
from swchina_dev.tabular.frames import INDICATOR_COLUMNS
from swchina_dev.tabular.indicator_checks import (
    EXACT_NAMES,
    Encodings,
    RawColumns,
    check_columns,
    exact_json,
    list_separator,
    per_value,
)

__all__ = [
    "COLUMNS",
    "check_indicator_columns",
    "indicators_from_columns",
    "read_indicator_columns",
]

#: The columns of a table read column-wise, in order: the fields of an indicator, its measure
#: and stated conversion spread out (float64 magnitudes, null where absent), the period's text
#: with its first and last day (date32), lists as list<string>, and `exact_values`: each row's
#: whole-number magnitudes as JSON (`{"magnitude": 7800}`), which float64 cannot all hold.
COLUMNS: Final = (
    "id",
    "subject_id",
    "metric",
    "magnitude",
    "unit",
    "qualifier",
    "lower",
    "upper",
    "period",
    "period_start",
    "period_end",
    "status",
    "source",
    "tags",
    "derived_from",
    "note",
    "conversion_magnitude",
    "conversion_unit",
    "conversion_qualifier",
    "conversion_lower",
    "conversion_upper",
    "item",
    "breakdown",
    "scope",
    EXACT_COLUMN,
)
_TEXT: Final = (
    "id",
    "subject_id",
    "metric",
    "source",
    "period",
    "status",
    "note",
    "item",
    "scope",
    "unit",
    "qualifier",
    "conversion_unit",
    "conversion_qualifier",
)
_LISTS: Final = ("tags", "derived_from", "breakdown")
_DATES: Final = ("period_start", "period_end")
# The CSV column of each magnitude.
_CSV_NUMBERS: Final = {
    "magnitude": "value",
    "lower": "lower",
    "upper": "upper",
    "conversion_magnitude": "conversion_value",
    "conversion_lower": "conversion_lower",
    "conversion_upper": "conversion_upper",
}
_CONVERSION_CELLS: Final = (
    "conversion_value",
    "conversion_unit",
    "conversion_qualifier",
    "conversion_lower",
    "conversion_upper",
)
# Whole numbers of up to 15 digits are exact in float64 and int64; longer ones go to the model.
_SHORT_INTEGER: Final = r"^[+-]?[0-9]{1,15}$"
_ROWS_EXPLAINED: Final = 256
_UTF8_BOM: Final = b"\xef\xbb\xbf"
# The columns whose valid cells may hold a comma, a quote or a line end (free text).
_FREE_TEXT: Final = ("note", "derived_from")

Explain = Callable[[list[int]], list[tuple[list[str], Indicator | None]]]


def _pa() -> Any:
    return import_optional("pyarrow", "arrow")


def _pc() -> Any:
    return import_optional("pyarrow.compute", "arrow")


def _array(table: Any, name: str) -> Any:
    """A table's column as one array: its chunk, not a copy, when it has one."""
    column = table.column(name)
    return column.chunk(0) if column.num_chunks == 1 else column.combine_chunks()


def _kind(name: str) -> Any:
    pa = _pa()
    if name in _LISTS:
        return pa.list_(pa.string())
    if name in _DATES:
        return pa.date32()
    if name in EXACT_NAMES:
        return pa.float64()
    return pa.string()


def _as_table(
    columns: Mapping[str, Any], metrics: Iterable[Metric], sources: Iterable[Source]
) -> Any:
    """The result: `COLUMNS`, the metrics and sources in field metadata (as `write_parquet`)."""
    pa = _pa()
    records = {"metric": ("metrics", list(metrics)), "source": ("sources", list(sources))}
    fields = []
    for name in COLUMNS:
        metadata = None
        if name in records:
            key, cited = records[name]
            text = json.dumps(unstructure(cited), ensure_ascii=False)
            metadata = {key.encode(): text.encode()}
        elif name in EXACT_NAMES:
            unit = "conversion_unit" if name.startswith("conversion_") else "unit"
            metadata = {b"unit_column": unit.encode()}
        fields.append(pa.field(name, _kind(name), metadata=metadata))
    about = {"table": "indicator_columns", "format_version": 1}
    schema = pa.schema(fields, metadata={TABLE_KEY: json.dumps(about).encode()})
    return pa.Table.from_arrays([columns[name] for name in COLUMNS], schema=schema)


def _object_columns(indicators: Sequence[Indicator]) -> dict[str, Any]:
    """The columns of indicators the object readers built."""
    table = indicators_table(indicators)
    return {name: _array(table, name).cast(_kind(name)) for name in COLUMNS}


def _objects_table(indicators: Sequence[Indicator]) -> Any:
    columns = _object_columns(indicators)
    return _as_table(columns, _cited(indicators, "metric"), _cited(indicators, "source"))


def _cited(indicators: Iterable[Indicator], field: str) -> list[Any]:
    return list({getattr(i, field).id: getattr(i, field) for i in indicators}.values())


def _duplicates(
    ids: Any, rows: Any | None, place: Callable[[int], str], problems: list[str]
) -> None:
    """Report each later row of an id among the accepted rows, as the object readers do.

    `rows` are the ids' rows in the file (None: the ids are every row, in order).
    """
    pa, pc = _pa(), _pc()
    if len(ids) < 2 or pc.all(pc.less(ids[:-1], ids[1:])).as_py():
        return  # ids in increasing order (a file sorted by id) are distinct
    if len(pc.unique(ids)) == len(ids):
        return
    if rows is None:
        rows = pa.array(range(len(ids)), pa.int64())
    table = pa.table({"id": ids, "row": rows})
    counted = table.group_by("id").aggregate([("row", "count")])
    repeated = pc.filter(counted["id"], pc.greater(counted["row_count"], 1))
    found = table.filter(pc.is_in(table["id"], value_set=repeated)).sort_by("row")
    first: dict[str, int] = {}
    for key, row in zip(found["id"].to_pylist(), found["row"].to_pylist(), strict=True):
        if key in first:
            problems.append(
                located(place(row), key, f"duplicate id (first at {place(first[key])})")
            )
        else:
            first[key] = row


def _finish(
    raw: RawColumns,
    metrics: Sequence[Metric],
    sources: Sequence[Source],
    explain: Explain,
    place: Callable[[int], str],
    file: str,
) -> Any:
    """Check the rows; explain the bad ones the object way; the table, or InvalidFileError."""
    pa, pc = _pa(), _pc()
    known = References(metrics, sources)
    bad, columns = check_columns(raw, known.metrics, known.sources)
    flagged = pc.indices_nonzero(bad).to_pylist()
    problems: list[str] = []
    accepted: dict[int, Indicator] = {}
    for begin in range(0, len(flagged), _ROWS_EXPLAINED):
        chunk = flagged[begin : begin + _ROWS_EXPLAINED]
        stopped = False
        for row, (found, record) in zip(chunk, explain(chunk), strict=True):
            if stop_reading(file, problems):
                stopped = True
                break
            problems += found
            if record is not None:
                accepted[row] = record
        if stopped:
            break
    good = pc.invert(bad)
    everything = not flagged
    rows = None if everything else pc.cast(pc.indices_nonzero(good), pa.int64())
    ids = raw.text["id"] if everything else pc.filter(raw.text["id"], good)
    if accepted:
        rows = pa.concat_arrays([rows, pa.array(list(accepted), pa.int64())])
        ids = pa.concat_arrays([ids, pa.array([i.id for i in accepted.values()], pa.string())])
    _duplicates(ids, rows, place, problems)
    if problems:
        raise InvalidFileError("cannot read indicators", problems=problems, file=file)
    kept = {
        name: columns[name] if everything else pc.filter(columns[name], good) for name in COLUMNS
    }
    cited = {
        field: {key: registry[key] for key in pc.unique(kept[field]).to_pylist()}
        for field, registry in (("metric", known.metrics), ("source", known.sources))
    }
    if accepted:
        more = _object_columns(list(accepted.values()))
        order = pc.sort_indices(rows)
        kept = {
            name: pc.take(pa.concat_arrays([kept[name], more[name]]), order) for name in COLUMNS
        }
        cited["metric"].update((i.metric.key, i.metric) for i in accepted.values())
        cited["source"].update((i.source.id, i.source) for i in accepted.values())
    return _as_table(kept, cited["metric"].values(), cited["source"].values())  # type: ignore[arg-type]


# -- Parquet ------------------------------------------------------------------------------------


def _exact_numbers(exact: Any) -> tuple[Any, ...]:
    """For each of `EXACT_NAMES`: whether `exact_values` holds it (up to 15 digits), as float64."""
    pa, pc = _pa(), _pc()
    found: list[Any] = []
    for name in EXACT_NAMES:
        digits = pc.struct_field(
            pc.extract_regex(exact, f'"{name}": (?P<digits>-?[0-9]{{1,15}})[,}}]'), [0]
        )
        found += [pc.is_valid(digits), pc.cast(digits, pa.float64())]
    return tuple(found)


def _batched(items: Sequence[Any], size: int) -> list[tuple[Any, ...]]:
    return [tuple(items[start : start + size]) for start in range(0, len(items), size)]


def _parquet_raw(table: Any) -> RawColumns | None:
    """A Parquet table's rows as raw columns; None if its columns are not of our types."""
    pc = _pc()
    names = (*_TEXT, *_LISTS, *EXACT_NAMES, EXACT_COLUMN)
    if any(table.schema.field(name).type != _kind(name) for name in names):
        return None
    column = {name: _array(table, name) for name in names}
    exact, encodings = column[EXACT_COLUMN], Encodings()
    numbers, integers = {}, {}
    for name, (whole, value) in zip(
        EXACT_NAMES, _batched(per_value(exact, _exact_numbers, encodings), 2), strict=True
    ):
        whole = pc.fill_null(whole, False)
        numbers[name] = pc.if_else(whole, value, column[name])
        integers[name] = whole
    # Only the JSON write_parquet writes is read here; anything else goes to the model.
    canonical = pc.fill_null(pc.equal(exact_json(numbers, integers), exact), False)
    unit, conversion_unit = column["unit"], column["conversion_unit"]
    flagged = pc.or_(pc.and_(pc.is_valid(exact), pc.invert(canonical)), pc.is_null(unit))
    for units, qualifiers in ((unit, "qualifier"), (conversion_unit, "conversion_qualifier")):
        flagged = pc.or_(flagged, pc.and_(pc.is_valid(units), pc.is_null(column[qualifiers])))
    return RawColumns(
        text={name: column[name] for name in _TEXT},
        lists={name: column[name] for name in _LISTS},
        numbers=numbers,
        integers=integers,
        flagged=flagged,
        has_conversion=pc.is_valid(conversion_unit),
        encodings=encodings,
    )


def _explain_parquet(table: Any, where: str, known: References) -> Explain:
    def explain(rows: list[int]) -> list[tuple[list[str], Indicator | None]]:
        taken = table.take(rows)
        names = [*_TEXT, *_LISTS, *EXACT_NAMES, EXACT_COLUMN]
        plain = indicator_rows({name: taken.column(name).to_pylist() for name in names})
        token = REFERENCES.set(known)
        try:
            results: list[tuple[list[str], Indicator | None]] = []
            for number, row in zip(rows, plain, strict=True):
                record, failures = structure_record(row, Indicator)
                place = f"{where}: row {number + 1}"
                results.append(([located(place, row.get("id"), f) for f in failures], record))
            return results
        finally:
            REFERENCES.reset(token)

    return explain


def _read_parquet(file: Path) -> Any:
    where = str(file)
    table = open_parquet(where)
    check_table(table, "indicators", INDICATOR_COLUMNS, where)
    return _checked(table, where, lambda: indicators_from_table(table, where=where))


def _checked(table: Any, where: str, by_objects: Callable[[], Sequence[Indicator]]) -> Any:
    """The rows of a table of our columns checked (`by_objects` if their types are others)."""
    metrics, sources = table_references(table, where)
    raw = _parquet_raw(table)
    if raw is None:
        return _objects_table(by_objects())
    known = References(metrics, sources)
    explain = _explain_parquet(table, where, known)
    return _finish(raw, metrics, sources, explain, lambda row: f"{where}: row {row + 1}", where)


# -- CSV ----------------------------------------------------------------------------------------


def _csv_table(file: Path, encodings: Encodings) -> tuple[Any, RawColumns, bool] | None:
    """The CSV file as Arrow string columns, its raw columns, and whether rows are one line.

    None where the text is not as the library writes it (the object reader reads it then).
    The file is mapped, not copied: Arrow parses it in place. A file with a NUL is the
    object reader's (every byte of a file as the library writes it is in a cell, or is a
    comma, quote or line end). After the parse (which Arrow runs on every core), work that
    waits on nothing else runs in a second thread (half the columns' joining, the size count
    beside the raw columns): Arrow's kernels leave the GIL.
    """
    pa = _pa()
    csv = import_optional("pyarrow.csv", "arrow")
    known = csv_columns(Indicator)
    try:
        with (
            file.open("rb") as opened,
            mmap.mmap(opened.fileno(), 0, access=mmap.ACCESS_READ) as text,
        ):
            if text.find(b"\x00") >= 0:  # the object reader's to refuse
                return None
            size, bom = len(text), len(_UTF8_BOM) if text[:3] == _UTF8_BOM else 0
        with pa.memory_map(str(file)) as mapped:
            table = csv.read_csv(
                mapped,
                parse_options=csv.ParseOptions(newlines_in_values=True),
                convert_options=csv.ConvertOptions(
                    column_types=dict.fromkeys(known, pa.string()),
                    strings_can_be_null=False,
                    quoted_strings_can_be_null=False,
                ),
            )
    except (OSError, ValueError, pa.ArrowException):  # mmap refuses an empty file
        return None
    header = table.column_names
    fields = fields_of(Indicator)
    required = [c for f in fields if f.required for c in f.columns if f.kind is not Kind.MEASURE]
    required += [f.columns[1] for f in fields if f.kind is Kind.MEASURE]
    if (
        set(header) - set(known)
        or set(required) - set(header)
        or max(Counter(header).values(), default=0) > 1
    ):
        return None
    with ThreadPoolExecutor(1) as pool:
        table = _combined(table, pool)
        counting = pool.submit(_cell_stats, table, encodings)
        raw = _csv_raw(table, encodings)
        stats = counting.result()
    if stats.too_long or stats.written_size + bom != size:
        return None
    return table, raw, not stats.multi_line


def _combined(table: Any, pool: ThreadPoolExecutor) -> Any:
    """The table with each column in one chunk; every other column joined in `pool`."""
    pa = _pa()
    columns = table.columns
    later = [pool.submit(column.combine_chunks) for column in columns[1::2]]
    joined = [column.combine_chunks() for column in columns[::2]]
    arrays = [None] * len(columns)
    arrays[::2], arrays[1::2] = joined, [future.result() for future in later]
    return pa.Table.from_arrays(arrays, names=table.column_names)


def _cell_bytes(cells: Any) -> bytes:
    """The bytes of a string array's cells, end to end (one copy, no object a cell)."""
    if len(cells) == 0:
        return b""
    offsets = memoryview(cells.buffers()[1]).cast("i")
    first, last = offsets[cells.offset], offsets[cells.offset + len(cells)]
    data = cells.buffers()[2]
    return b"" if data is None else data[first:last].to_pybytes()


@attrs.frozen
class _CellStats:
    """What the cells of a CSV table say about the file they came from."""

    #: The bytes csv.writer writes for these cells: the file's size when it wrote them.
    written_size: int
    #: Whether a cell holds a line end (rows are then not one line each).
    multi_line: bool
    #: Whether a cell is longer than `MAX_CELL_CHARS`.
    too_long: bool


def _quoting(cells: Any) -> tuple[Any, Any]:
    """What csv.writer adds to each cell, and which cells hold a line end.

    It adds two quotes to a cell it quotes, and one for each quote in it.
    """
    pa, pc = _pa(), _pc()
    data = _cell_bytes(cells)
    none = pa.repeat(False, len(cells))
    quoted = quoted_characters()
    if not any(special.encode() in data for special in {*quoted, "\r", "\n"}):
        return pa.repeat(pa.scalar(0, pa.int64()), len(cells)), none
    added = pc.multiply(pc.cast(pc.match_substring_regex(cells, f"[{quoted}]"), pa.int64()), 2)
    if b'"' in data:
        added = pc.add(added, pc.cast(pc.count_substring(cells, '"'), pa.int64()))
    if b"\n" in data or b"\r" in data:
        return added, pc.match_substring_regex(cells, "[\r\n]")
    return added, none


def _cell_stats(table: Any, encodings: Encodings) -> _CellStats:
    """The size csv.writer writes, line ends in cells and cells too long, from the columns.

    A file with other quoting, line ends or blank lines, or text after a closing quote (which
    Arrow's reader takes and the library's refuses) has another size and is read the object way.
    Only the free-text columns are searched for what csv.writer quotes: in any other column a
    cell it would quote is refused by the model, and written quoted it makes the file larger
    than the size counted here (read the object way, then).
    """
    pc = _pc()
    header = table.column_names
    size: int = len(",".join(header)) + 1 + table.num_rows * len(header)  # commas, line ends
    multi_line = too_long = False
    for name in header:
        cells = _array(table, name)
        lengths = pc.binary_length(cells)
        size += int(pc.sum(lengths).as_py() or 0)
        if name in _FREE_TEXT:
            added, line_ends = per_value(cells, _quoting, encodings)
            size += int(pc.sum(added).as_py() or 0)
            multi_line = multi_line or bool(pc.any(line_ends).as_py())
        # A cell of more characters than the limit has more bytes, too.
        if len(cells) and (pc.max(lengths).as_py() or 0) > MAX_CELL_CHARS:
            too_long = too_long or (pc.max(pc.utf8_length(cells)).as_py() or 0) > MAX_CELL_CHARS
    return _CellStats(size, multi_line, too_long)


def _read_numbers(cells: Any) -> tuple[Any, Any, Any]:
    """Number cells as the CSV reader reads them: float64, whether a whole number, unreadable.

    A whole number of more than 15 digits is unreadable here (float64 cannot hold it): the
    model's reader reads it.
    """
    pa, pc = _pa(), _pc()
    short = pc.match_substring_regex(cells, _SHORT_INTEGER)
    decimal = pc.match_substring_regex(cells, f"^(?:{FLOAT_PATTERN.pattern})$")
    readable = pc.or_(short, decimal)
    longer = pc.and_(decimal, pc.greater(pc.utf8_length(cells), 15))
    if pc.any(pc.and_(longer, pc.invert(short))).as_py():
        whole = pc.match_substring_regex(cells, f"^(?:{INTEGER_PATTERN.pattern})$")
        readable = pc.and_(readable, pc.invert(pc.and_(whole, pc.invert(short))))
    unread = pc.and_(pc.not_equal(cells, ""), pc.invert(readable))
    numbers = pc.cast(pc.if_else(readable, cells, pa.scalar(None, pa.string())), pa.float64())
    return numbers, short, unread


def _list_keys(cells: Any) -> tuple[Any, Any]:
    """List cells' keys (`RawColumns.list_keys`; escapes undone), and which hold a backslash.

    A backslash escapes a bar or itself: those cells are split by the model's reader.
    """
    pc = _pc()
    keys = pc.replace_substring(cells, "|", list_separator())
    return keys, pc.match_substring(cells, "\\")


def _csv_raw(table: Any, encodings: Encodings) -> RawColumns:
    pa, pc = _pa(), _pc()
    count, header = table.num_rows, set(table.column_names)
    string, nothing = pa.string(), pa.scalar(None, pa.string())

    def cell(name: str, default: str = "") -> Any:
        if name in header:
            return _array(table, name)
        return pa.repeat(pa.scalar(default, string), count)

    def unescape(cells: Any) -> Any:  # csv_format.unescape_cell, on a column
        if not pc.any(pc.starts_with(cells, "'")).as_py():
            return cells
        return pc.replace_substring_regex(cells, "^'", "", max_replacements=1)

    def empty_is_null(cells: Any) -> Any:
        return pc.if_else(pc.equal(cells, ""), nothing, cells)

    defaults = attrs.fields(Indicator)
    text = {name: unescape(cell(name)) for name in ("id", "subject_id", "period", "note")}
    text["status"] = unescape(cell("status", Status(defaults.status.default).value))
    text["scope"] = unescape(cell("scope", Scope(defaults.scope.default).value))
    text["item"] = empty_is_null(unescape(cell("item")))
    text["metric"], text["source"] = empty_is_null(cell("metric")), empty_is_null(cell("source"))
    for prefix in ("", "conversion_"):
        text[f"{prefix}unit"] = cell(f"{prefix}unit")
        qualifier = cell(f"{prefix}qualifier")
        text[f"{prefix}qualifier"] = pc.if_else(pc.equal(qualifier, ""), "exact", qualifier)
    flagged = pa.repeat(pa.scalar(False), count)
    keys = {}
    for name in _LISTS:
        keys[name], escaped = per_value(unescape(cell(name)), _list_keys, encodings)
        flagged = pc.or_(flagged, escaped)
    numbers, integers = {}, {}
    for name, column in _CSV_NUMBERS.items():
        cells = cell(column)
        if not _cell_bytes(cells):  # no numbers at all (a column of conversions, mostly)
            numbers[name] = pa.nulls(count, pa.float64())
            integers[name] = pa.repeat(pa.scalar(False), count)
            continue
        numbers[name], integers[name], unread = per_value(cells, _read_numbers, encodings)
        flagged = pc.or_(flagged, unread)
    stated = [pc.not_equal(cell(name), "") for name in _CONVERSION_CELLS]
    has_conversion = stated[0]
    for more in stated[1:]:
        has_conversion = pc.or_(has_conversion, more)
    return RawColumns(text, {}, numbers, integers, flagged, has_conversion, keys, encodings)


def _explain_csv(table: Any, file: Path, known: References) -> Explain:
    fields = fields_of(Indicator)

    def explain(rows: list[int]) -> list[tuple[list[str], Indicator | None]]:
        token = REFERENCES.set(known)
        try:
            results: list[tuple[list[str], Indicator | None]] = []
            for number, cells in zip(rows, table.take(rows).to_pylist(), strict=True):
                found: list[str] = []
                where = f"{file}:{number + 2}"  # one line a row, after the header
                read = structure_row(where, cells.get("id", ""), cells, fields, Indicator, found)
                results.append((found, None if read is None else read.record))
            return results
        finally:
            REFERENCES.reset(token)

    return explain


def _csv_references(file: Path, dataset: Dataset | None) -> tuple[list[Metric], list[Source]]:
    """The metrics and sources an indicators CSV may name: the dataset's, and its folder's."""
    metrics: list[Metric] = list(dataset.metrics) if dataset is not None else []
    sources: list[Source] = list(dataset.sources) if dataset is not None else []
    for suffix in (".csv", ".json"):
        if file.with_name(f"metrics{suffix}").is_file():
            metrics += read_records(file.with_name(f"metrics{suffix}"), Metric)
        if file.with_name(f"sources{suffix}").is_file():
            sources += read_records(file.with_name(f"sources{suffix}"), Source)
    return metrics, sources


def _read_csv(file: Path, dataset: Dataset | None, max_bytes: int | None) -> Any:
    metrics, sources = _csv_references(file, dataset)

    def by_objects() -> Any:
        found = read_records(file, Indicator, metrics=metrics, sources=sources, max_bytes=max_bytes)
        return _objects_table(found)

    where = str(file)
    try:
        regular = stat.S_ISREG(os.stat(file).st_mode)
        size = os.stat(file).st_size
    except (OSError, ValueError):
        return by_objects()  # the object reader says what is wrong
    if not regular:
        return by_objects()
    if max_bytes is not None and size > max_bytes:
        problem = f"{file}: the file is too large ({size} bytes; the limit is {max_bytes} bytes)"
        raise InvalidFileError("cannot read indicators", problems=[problem], file=where)
    encodings = Encodings()
    found = _csv_table(file, encodings)
    if found is None:
        return by_objects()
    table, raw, one_line = found
    known = References(metrics, sources)
    try:
        return _finish(
            raw,
            metrics,
            sources,
            _explain_csv(table, file, known),
            lambda row: f"{file}:{row + 2}",
            where,
        )
    except InvalidFileError:
        if one_line:
            raise
        return by_objects()  # rows over several lines: the object reader numbers them


# -- the public face ----------------------------------------------------------------------------


def read_indicator_columns(
    path: str | os.PathLike[str],
    *,
    dataset: Dataset | None = None,
    max_bytes: int | None = MAX_FILE_BYTES,
) -> Any:
    """Read indicators from a Parquet or CSV file into one validated Arrow table.

    Every rule of [Indicator][swchina_dev.Indicator] is checked, column-wise: the file is
    refused exactly when [read_parquet][swchina_dev.tabular.arrow.read_parquet] (a `.parquet`
    file) or [read_records][swchina_dev.files.datasets.read_records] (a `.csv` file) refuses
    it, with the problems they list, and the rows read are theirs, settled as the model settles
    them. Subjects and items are not looked up (as those readers do not;
    [read_dataset][swchina_dev.files.datasets.read_dataset] checks them against a dataset).

    Args:
        path: A Parquet file [write_parquet][swchina_dev.tabular.arrow.write_parquet] wrote
            (indicators), an `indicators.csv` of a dataset folder
            ([write_dataset][swchina_dev.files.datasets.write_dataset] with `format="csv"`),
            or that folder.
        dataset: For CSV: a dataset whose metrics and sources rows may name (beside those of
            the folder's `metrics.csv` and `sources.csv`, read too).
        max_bytes: The largest CSV file read (default: the limit of the object readers,
            256 MiB); None reads any size. A CSV file not as the library writes it is read
            by the object reader, under the same limit.

    Returns:
        A `pyarrow.Table` of `COLUMNS`, in file order; the `metric` and `source` fields'
        metadata hold the metrics and sources the rows name (JSON, as in `write_parquet`).

    Raises:
        MissingDependencyError: pyarrow is not installed.
        ValidationError: The path is neither `.parquet` nor `.csv` (nor a folder).
        InvalidFileError: The file cannot be read, or rows are bad (at most `MAX_PROBLEMS` are
            listed, by row or line and field).

    Examples:
        >>> import tempfile, pathlib
        >>> import swchina_dev as sw
        >>> from swchina_dev.files import write_dataset
        >>> folder = write_dataset(sw.load(), pathlib.Path(tempfile.mkdtemp()) / "d", format="csv")
        >>> table = read_indicator_columns(folder)
        >>> table.num_rows == len(sw.load().indicators)
        True
        >>> import pyarrow.compute as pc
        >>> table.filter(pc.equal(table["id"], "s000-caohai-water-area")).select(
        ...     ["magnitude", "unit", "exact_values"]).to_pylist()
        [{'magnitude': 25.0, 'unit': 'kilometer ** 2', 'exact_values': '{"magnitude": 25, \
"lower": 25, "upper": 25}'}]
    """
    file = _as_path(path, "path")
    if file.is_dir():
        file = file / "indicators.csv"
    suffix = file.suffix.lower()
    if suffix == ".parquet":
        return _read_parquet(file)
    if suffix == ".csv":
        return _read_csv(file, dataset, max_bytes)
    raise ValidationError(
        f"read_indicator_columns reads .parquet and .csv files, not {file.name!r}", field="path"
    )


def check_indicator_columns(table: Any, *, where: str = "table") -> Any:
    """Check a table of `COLUMNS` as `read_indicator_columns` checks a file's rows.

    For a table made or changed by other code (a filter, a join, a computed column) before it
    is written: every rule of [Indicator][swchina_dev.Indicator] is checked column-wise, and the
    table refused with the problems
    [indicators_from_columns][swchina_dev.tabular.indicator_columns.indicators_from_columns]
    would list.

    Args:
        table: A table with `COLUMNS` and the metrics and sources in its field metadata.
        where: What to call the table in problems.

    Returns:
        The table settled as the model settles it (canonical units, implied bounds), with only
        the metrics and sources its rows name.

    Raises:
        InvalidFileError: A column or the metadata is missing, or a row is bad.

    Examples:
        >>> import tempfile, pathlib
        >>> import swchina_dev as sw
        >>> from swchina_dev.tabular.arrow import write_parquet
        >>> path = write_parquet(sw.load(), pathlib.Path(tempfile.mkdtemp()) / "i.parquet")
        >>> table = read_indicator_columns(path)
        >>> check_indicator_columns(table).equals(table)
        True
    """
    missing = [name for name in COLUMNS if name not in table.column_names]
    if missing:
        raise InvalidFileError(
            "cannot read indicators", problems=[f"{where}: missing columns: {', '.join(missing)}"]
        )
    return _checked(table, where, lambda: indicators_from_columns(table, where=where))


def indicators_from_columns(table: Any, *, where: str = "table") -> tuple[Indicator, ...]:
    """Build the indicators of a table `read_indicator_columns` gave, validating each.

    The objects cost what the object readers cost (tens of microseconds a row): build them for
    the rows that need them (`table.filter(...)` first).

    Args:
        table: A table with `COLUMNS` and the metrics and sources in its field metadata.
        where: What to call the table in problems.

    Returns:
        The indicators: equal to those `read_parquet` or `read_records` read from the file.

    Raises:
        InvalidFileError: A column or the metadata is missing, or a row is bad.

    Examples:
        >>> import tempfile, pathlib
        >>> import swchina_dev as sw
        >>> from swchina_dev.tabular.arrow import write_parquet
        >>> path = write_parquet(sw.load(), pathlib.Path(tempfile.mkdtemp()) / "i.parquet")
        >>> table = read_indicator_columns(path)
        >>> indicators_from_columns(table.slice(0, 1))[0] == next(iter(sw.load().indicators))
        True
    """
    missing = [name for name in COLUMNS if name not in table.column_names]
    if missing:
        raise InvalidFileError(
            "cannot read indicators", problems=[f"{where}: missing columns: {', '.join(missing)}"]
        )
    metrics, sources = table_references(table, where)
    columns = {name: table.column(name).to_pylist() for name in COLUMNS}
    return structure_rows(
        indicator_rows(columns), Indicator, where, metrics=metrics, sources=sources
    )
