r"""The CSV record format: one record a row, in flat columns that read back exactly.

Each field of a model is a column, in attribute order: lists are joined by `|` (`\|` and
`\\` escape a bar and a backslash in an item), a measure is spread over `value`, `unit`,
`qualifier`, `lower` and `upper`, an indicator's metric and source are named by key and id,
and numbers are written as `repr` of floats (the shortest text that reads back to the same
float). Reading a CSV text checks its header, then each cell, then structures each row as
`swchina_dev.files.structuring` does, naming problems by CSV column.

Text cells are safe to open in a spreadsheet: a text cell (a name, a note, a list) that starts
with `=`, `+`, `-`, `@`, a tab or a carriage return, which a spreadsheet would run as a formula
(CSV injection), is written with a leading apostrophe (`'=1+2`), as is one that starts with an
apostrophe already; reading a text column removes that one apostrophe, so every value reads back
as it was. Number columns are never escaped: `-30` is written and read as the number -30.

CSV text is split into rows by the library's own reader, which reads exactly what Python's
`csv.reader` reads in its strict mode (comma, double quotes, `""` for a quote in a quoted
cell, rows ending in `\n`, `\r\n` or `\r`) but limits cells to `MAX_CELL_CHARS`
itself: whether a long cell is refused never depends on the process-wide
`csv.field_size_limit`, which other libraries change (frictionless raises it).
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import enum
import functools
import io
import operator
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs

from swchina_dev.files.structuring import Read, located, stop_reading, structure_record
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Item,
    Measure,
    Metric,
    Region,
    Source,
    Zone,
)
from swchina_dev.models.measures import STORED_KEYS

__all__ = [
    "FLOAT_PATTERN",
    "FORMULA_STARTS",
    "INTEGER_PATTERN",
    "LINE_END",
    "MAX_CELL_CHARS",
    "Record",
    "csv_columns",
    "csv_rows",
    "escape_cell",
    "list_cell",
    "quoted_characters",
    "structure_row",
    "unescape_cell",
]

T = TypeVar("T")
Record = Region | Grouping | Zone | Enterprise | Source | Metric | Item | Indicator
#: What a whole-number cell holds (read as an `int`).
INTEGER_PATTERN = re.compile(r"[+-]?[0-9]+", re.ASCII)
#: What any other number cell holds (read as a `float`).
FLOAT_PATTERN = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_SEPARATOR = "|"
_MEASURE_PREFIXES: Final = {"measure": "", "stated_conversion": "conversion_"}
#: The longest cell a CSV file may hold, in characters (Python's default `csv.field_size_limit`);
#: a row with a longer cell is refused, whatever `csv.field_size_limit` is set to.
MAX_CELL_CHARS: Final = 131_072
# A quoted cell: `""` inside is a quote; the closing quote is one not followed by another.
# Each run of other characters is matched atomically (`(?=(run))\N`), so that an unclosed
# quote fails in time linear in its quotes, not in its characters.
_QUOTED_CELL = re.compile(r'"((?=([^"]*))\2(?:""(?=([^"]*))\3)*)"(?!")')
# What ends an unquoted cell: a comma or a line end; and what ends a row without quotes.
_CELL_END = re.compile(r"[,\r\n]")
_LINE_END = re.compile(r"[\r\n]")
# Shown of a header's column names in a problem, at most.
_NAME_CHARS: Final = 60
# Column names a problem lists, at most (a header may have thousands).
_NAMES_SHOWN: Final = 20


# -- CSV columns ---------------------------------------------------------------------------------


class Kind(enum.Enum):
    TEXT = "text"
    OPTIONAL_TEXT = "optional_text"
    INTEGER = "integer"
    NUMBER = "number"
    BOOLEAN = "boolean"
    LIST = "list"
    MEASURE = "measure"
    OPTIONAL_MEASURE = "optional_measure"
    REFERENCE = "reference"


@attrs.frozen
class Field:
    name: str
    kind: Kind
    required: bool

    @functools.cached_property
    def columns(self) -> tuple[str, ...]:
        if self.kind in (Kind.MEASURE, Kind.OPTIONAL_MEASURE):
            prefix = _MEASURE_PREFIXES.get(self.name, f"{self.name}_")
            return tuple(prefix + part for part in STORED_KEYS)
        return (self.name,)


def _kind_of(annotation: Any) -> tuple[Kind, bool]:
    """The CSV kind of a field's type, and whether None is allowed."""
    arguments = typing.get_args(annotation)
    optional = type(None) in arguments
    if optional:
        (annotation,) = [argument for argument in arguments if argument is not type(None)]
    if annotation is Measure:
        return (Kind.OPTIONAL_MEASURE if optional else Kind.MEASURE), optional
    if annotation in (Metric, Source):
        return Kind.REFERENCE, optional
    if typing.get_origin(annotation) is tuple:
        return Kind.LIST, optional
    simple = {bool: Kind.BOOLEAN, int: Kind.INTEGER, float: Kind.NUMBER}
    if annotation in simple:
        return simple[annotation], optional
    return (Kind.OPTIONAL_TEXT if optional else Kind.TEXT), optional


def fields_of(cls: type[Record]) -> tuple[Field, ...]:
    """The CSV fields of a model, in attribute order."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(
            Field(attribute.name, _kind_of(attribute.type)[0], attribute.default is attrs.NOTHING)
            for attribute in attrs.fields(attrs.resolve_types(cls))
        )
    return found


_FIELDS: dict[type, tuple[Field, ...]] = {}


def csv_columns(cls: type[Record]) -> tuple[str, ...]:
    """The columns of a model's CSV file, in order.

    Examples:
        >>> csv_columns(Indicator)[:8]
        ('id', 'subject_id', 'metric', 'value', 'unit', 'qualifier', 'lower', 'upper')
    """
    return tuple(column for field in fields_of(cls) for column in field.columns)


def csv_rows(records: Iterable[Record]) -> Iterator[list[str]]:
    """The cells of each record's CSV row.

    As [write_records][swchina_dev.files.datasets.write_records] writes them.

    Examples:
        >>> import swchina_dev as sw
        >>> next(csv_rows([sw.load().indicators["s000-caohai-water-area"]]))[:6]
        ['s000-caohai-water-area', 'caohai-national-nature-reserve', 'water_area', '25', \
'kilometer ** 2', 'exact']
    """
    return (_row(record) for record in records)


def _number_text(value: float | None) -> str:
    # repr() is the shortest text that reads back to the same float; ints stay ints.
    return "" if value is None else repr(value)


def _escape(item: str) -> str:
    return item.replace("\\", "\\\\").replace(_SEPARATOR, "\\" + _SEPARATOR)


def list_cell(items: Iterable[str]) -> str:
    r"""A list's cell: its items joined by `|` (`\|` and `\\` escape a bar and a backslash).

    Examples:
        >>> list_cell(["poverty", "a|b"])
        'poverty|a\\|b'
    """
    return escape_cell(_SEPARATOR.join(_escape(item) for item in items))


#: What ends each row of the CSV files the library writes.
LINE_END: Final = "\n"


@functools.cache
def quoted_characters() -> str:
    """The characters that make `csv.writer` quote a cell, as the library writes CSV files.

    Asked of the running Python (3.11 quotes a comma, a quote and a line feed, but not a lone
    carriage return), so that what is computed of its files agrees with what it writes.
    """
    found = []
    for character in (",", '"', "\r", "\n"):
        text = io.StringIO()
        csv.writer(text, lineterminator=LINE_END).writerow([f"a{character}b"])
        if text.getvalue().startswith('"'):
            found.append(character)
    return "".join(found)


def _split(text: str) -> list[str]:
    r"""Split a `|`-joined list, honouring `\|` and `\\` escapes."""
    if not text:
        return []
    if "\\" not in text:
        return text.split(_SEPARATOR)
    items, current, characters = [], [], iter(text)
    for character in characters:
        if character == "\\":
            current.append(next(characters, "\\"))
        elif character == _SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(character)
    items.append("".join(current))
    return items


#: What a text cell may not start with unescaped: a spreadsheet formula's first characters, and
#: the escape itself (so that removing it on reading is exact).
FORMULA_STARTS: Final = ("=", "+", "-", "@", "\t", "\r", "'")
_ESCAPE: Final = "'"


def escape_cell(text: str) -> str:
    """A text cell, with a leading apostrophe if a spreadsheet could run it as a formula.

    Examples:
        >>> escape_cell("=HYPERLINK(1)"), escape_cell("-30 mu"), escape_cell("Bijie")
        ("'=HYPERLINK(1)", "'-30 mu", 'Bijie')
    """
    return _ESCAPE + text if text.startswith(FORMULA_STARTS) else text


def unescape_cell(text: str) -> str:
    """A text cell as written by [escape_cell][swchina_dev.files.csv_format.escape_cell], undone.

    Examples:
        >>> unescape_cell("'=HYPERLINK(1)"), unescape_cell("''quoted'")
        ('=HYPERLINK(1)', "'quoted'")
    """
    return text[1:] if text.startswith(_ESCAPE) else text


def _text(value: object) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cells(field: Field, value: Any) -> list[str]:
    kind = field.kind
    if kind in (Kind.MEASURE, Kind.OPTIONAL_MEASURE):
        if value is None:
            return [""] * len(STORED_KEYS)
        return [
            _number_text(value.magnitude),
            value.unit,
            value.qualifier.value,
            _number_text(value.lower_magnitude),
            _number_text(value.upper_magnitude),
        ]
    if value is None:
        return [""]
    if kind is Kind.REFERENCE:
        return [value.id]
    if kind is Kind.LIST:
        return [list_cell(_text(item) for item in value)]
    if kind is Kind.BOOLEAN:
        return ["true" if value else "false"]
    if kind in (Kind.NUMBER, Kind.INTEGER):
        return [_number_text(value)]
    return [escape_cell(_text(value))]


def _row(record: Record) -> list[str]:
    cls = type(record)
    write = _ROW_WRITERS.get(cls)
    if write is None:
        write = _ROW_WRITERS[cls] = _row_writer(cls)
    return write(record)


# Cells remembered per field for values seen before, at most (a field of few distinct values:
# enums, periods, tag lists; text beyond the limit is simply escaped each time).
_MAX_REMEMBERED: Final = 4096
# Kinds whose values hash alike only when they write alike (not numbers: 1 == 1.0 == True).
_REMEMBERED_KINDS: Final = frozenset({Kind.TEXT, Kind.OPTIONAL_TEXT, Kind.LIST})


def _remembering(field: Field) -> Callable[[Any], list[str]]:
    """`_cells` for one field, remembering the cells of each value (models are immutable)."""
    if field.kind not in _REMEMBERED_KINDS:
        return functools.partial(_cells, field)
    remembered: dict[Any, list[str]] = {}

    def cells(value: Any) -> list[str]:
        try:
            return remembered[value]
        except KeyError:
            found = _cells(field, value)
            if len(remembered) < _MAX_REMEMBERED:
                remembered[value] = found
            return found

    return cells


def _row_writer(cls: type[Record]) -> Callable[[Record], list[str]]:
    """The function from a record of `cls` to its CSV cells, every field's writer chosen once."""
    fields = fields_of(cls)
    names = [field.name for field in fields]
    getter = operator.attrgetter(*names)
    values = getter if len(names) > 1 else lambda record: (getter(record),)
    writers = [_remembering(field) for field in fields]

    def row(record: Record) -> list[str]:
        cells: list[str] = []
        for write, value in zip(writers, values(record), strict=True):
            cells += write(value)
        return cells

    return row


_ROW_WRITERS: dict[type, Callable[[Any], list[str]]] = {}


class CellError(ValueError):
    pass


def _integer(text: str) -> int:
    try:
        return int(text)
    except ValueError:  # more digits than Python converts (sys.get_int_max_str_digits)
        raise CellError(f"a whole number of {len(text)} digits is too long") from None


def _number(text: str) -> int | float | None:
    if not text:
        return None
    if INTEGER_PATTERN.fullmatch(text):
        return _integer(text)
    if FLOAT_PATTERN.fullmatch(text):
        return float(text)
    raise CellError(f"expected a number, got {_shown(text)}")


def _shown(text: str) -> str:
    """A cell's text for a problem: its repr, shortened (a cell may be very long)."""
    return repr(text) if len(text) <= _NAME_CHARS else f"{text[: _NAME_CHARS - 3]!r}..."


def _plain(field: Field, text: str) -> Any:
    """The plain (JSON-like) value of one cell; raises CellError for unreadable numbers."""
    kind = field.kind
    if kind is Kind.TEXT:
        return unescape_cell(text)
    if kind is Kind.OPTIONAL_TEXT:
        return unescape_cell(text) or None
    if kind is Kind.REFERENCE:
        return text or None
    if kind is Kind.LIST:
        return _split(unescape_cell(text))
    if kind is Kind.NUMBER:
        return _number(text)
    if kind is Kind.INTEGER:
        if text and not INTEGER_PATTERN.fullmatch(text):
            raise CellError(f"expected a whole number, got {_shown(text)}")
        return _integer(text) if text else None
    if kind is Kind.BOOLEAN:
        if text.lower() not in ("true", "false"):
            raise CellError(f"expected true or false, got {_shown(text)}")
        return text.lower() == "true"
    raise AssertionError(kind)  # measures are read by _measure


def _measure(field: Field, cells: Mapping[str, str]) -> tuple[dict[str, Any] | None, list[str]]:
    texts = [cells.get(column, "") for column in field.columns]
    if field.kind is Kind.OPTIONAL_MEASURE and not any(texts):
        return None, []
    measure: dict[str, Any] = {"unit": texts[1]}
    problems = []
    for part, column, text in zip(STORED_KEYS, field.columns, texts, strict=True):
        if part == "unit" or not text:
            continue
        if part == "qualifier":
            measure[part] = text
            continue
        try:
            measure[part] = _number(text)
        except CellError as error:
            problems.append(f"{column}: {error}")
            measure[part] = text
    return measure, problems


# -- reading CSV text ----------------------------------------------------------------------------


class _RowError(ValueError):
    """CSV text that cannot be split into rows (a broken quote), with the line it is on."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.line = line


def _line_ends(text: str) -> int:
    r"""The line ends in `text`: `\n`, `\r\n` and a lone `\r` count one each."""
    return text.count("\n") + text.count("\r") - text.count("\r\n")


def _end_of(found: re.Match[str] | None, size: int) -> int:
    return size if found is None else found.start()


def _split_rows(text: str) -> Iterator[tuple[int, list[str]]]:
    """Split CSV text into rows as `csv.reader(..., strict=True)` does, with no cell limit.

    Python's csv module does it (in C, several times faster) when its process-wide
    `csv.field_size_limit` is at least `MAX_CELL_CHARS` and the text is well formed; else
    `split_rows_by_hand` does, and says what is wrong where, as csv.reader would.

    Raises:
        _RowError: As `split_rows_by_hand`.
    """
    if csv.field_size_limit() >= MAX_CELL_CHARS:
        reader = csv.reader(io.StringIO(text, newline=""), strict=True)
        try:
            rows = [(reader.line_num, cells) for cells in reader]
        except csv.Error:  # a broken quote or a cell over the limit: said below, by line
            pass
        else:
            return iter(rows)
    return split_rows_by_hand(text)


def split_rows_by_hand(text: str) -> Iterator[tuple[int, list[str]]]:
    """Split CSV text into rows as `csv.reader(..., strict=True)` does, with no cell limit.

    Yields each row's cells (an empty list for a blank line) with the number of the line it
    ends on (`csv.reader`'s `line_num`).

    Raises:
        _RowError: A quoted cell is not closed, or its closing quote is followed by text; with
            the messages and line numbers of `csv.Error`.
    """
    position, line, size = 0, 0, len(text)
    quoted, cell_end, line_end = _QUOTED_CELL.match, _CELL_END.search, _LINE_END.search
    while position < size:
        cells: list[str] = []
        if text[position] in "\r\n":  # a blank line
            pass
        elif text.find('"', position, end := _end_of(line_end(text, position), size)) < 0:
            cells = text[position:end].split(",")  # a row without quotes (nearly all)
            position = end
        else:
            while True:
                if text.startswith('"', position):
                    match = quoted(text, position)
                    if match is None:
                        last = 0 if text.endswith(("\r", "\n")) else 1
                        raise _RowError("unexpected end of data", _line_ends(text) + last)
                    cell = match[1]
                    if "\r" in cell or "\n" in cell:
                        line += _line_ends(cell)
                    cells.append(cell.replace('""', '"') if '""' in cell else cell)
                    position = match.end()
                    if position < size and text[position] not in ",\r\n":
                        raise _RowError("',' expected after '\"'", line + 1)
                else:
                    found = cell_end(text, position)
                    end = size if found is None else found.start()
                    cells.append(text[position:end])
                    position = end
                if not text.startswith(",", position):
                    break
                position += 1
        if position < size:
            position += 2 if text.startswith("\r\n", position) else 1
        line += 1
        yield line, cells


def _long_cell(names: Sequence[str], cells: Sequence[str]) -> str | None:
    """The problem of a row (or header) with a cell over `MAX_CELL_CHARS`, if it has one."""
    for index, cell in enumerate(cells):
        if len(cell) > MAX_CELL_CHARS:
            column = names[index] if index < len(names) else f"cell {index + 1}"
            return f"{column}: a cell of {len(cell)} characters, over the limit of {MAX_CELL_CHARS}"
    return None


def csv_records(
    path: Path, text: str, cls: type[T], problems: list[str], raw_ids: set[str]
) -> list[Read]:
    fields = fields_of(cls)  # type: ignore[arg-type]
    rows = _split_rows(text)
    first = _read_header(path, rows, problems)
    if first is None or not _check_columns(path, first[1], cls, fields, problems):
        return []  # every row would fail alike: the header problem says it once
    line, header = first
    key_column = csv_columns(cls)[0]  # type: ignore[arg-type]
    found: list[Read] = []
    while not stop_reading(path, problems):
        start = line + 1
        try:
            line, cells = next(rows)
        except StopIteration:
            break
        except _RowError as error:
            problems.append(f"{path}:{error.line}: cannot read the row: {error}")
            break  # the rows cannot resume after a broken quote
        if not cells:
            continue  # a blank line
        row = dict(zip(header, cells, strict=False))
        record_id = row.get(key_column, "")
        raw_ids.add(record_id)
        where = f"{path}:{start}"
        shape = _row_shape_problem(where, record_id, header, cells)
        if shape is not None:
            problems.append(shape)
            continue
        read = structure_row(where, record_id, row, fields, cls, problems)
        if read is not None:
            found.append(read)
    return found


def _read_header(
    path: Path, rows: Iterator[tuple[int, list[str]]], problems: list[str]
) -> tuple[int, list[str]] | None:
    """The header row and its line, or None (and a problem) if it cannot be read."""
    try:
        line, header = next(rows)
    except (_RowError, StopIteration) as error:
        problems.append(f"{path}:1: cannot read the header: {error}")
        return None
    too_long = _long_cell([], header)
    if too_long is not None:
        problems.append(f"{path}:1: cannot read the header: {too_long}")
        return None
    return line, header


def _check_columns(
    path: Path,
    header: Sequence[str],
    cls: type[Any],
    fields: Sequence[Field],
    problems: list[str],
) -> bool:
    """Report unknown, missing and repeated columns of the header; say whether it has none."""
    columns = set(csv_columns(cls))
    unknown = [name for name in header if name not in columns]
    required = [c for f in fields if f.required for c in f.columns if f.kind is not Kind.MEASURE]
    required += [f.columns[1] for f in fields if f.kind is Kind.MEASURE]  # the unit at least
    counts = collections.Counter(header)  # linear: a header may have thousands of columns
    missing = [name for name in required if name not in counts]
    repeated = sorted(name for name, count in counts.items() if count > 1)
    for what, names in (("unknown", unknown), ("missing", missing), ("repeated", repeated)):
        if names:
            shown = ", ".join(
                name if len(name) <= _NAME_CHARS else _shown(name) for name in names[:_NAMES_SHOWN]
            )
            more = f" and {len(names) - _NAMES_SHOWN} more" if len(names) > _NAMES_SHOWN else ""
            problems.append(f"{path}:1: {what} columns: {shown}{more}")
    return not (unknown or missing or repeated)


def _row_shape_problem(
    where: str, record_id: str, header: Sequence[str], cells: Sequence[str]
) -> str | None:
    """The problem of a row with a cell too long or a cell count unlike the header's, if any."""
    too_long = _long_cell(header, cells)
    if too_long is not None:
        label = record_id if len(record_id) <= _NAME_CHARS else None
        return located(where, label, too_long)
    if len(cells) != len(header):
        return located(
            where, record_id, f"the row has {len(cells)} cells, the header {len(header)}"
        )
    return None


def structure_row(
    where: str,
    record_id: str,
    row: Mapping[str, str],
    fields: Sequence[Field],
    cls: type[Any],
    problems: list[str],
) -> Read | None:
    """Structure one CSV row into a record; add its problems, by CSV column, to `problems`.

    Args:
        where: The row's place (`"path:line"`).
        record_id: The row's id cell as written, to name in problems.
        row: The row's cells by column name, as written (escaped).
        fields: The model's fields ([fields_of][swchina_dev.files.csv_format.fields_of]).
        cls: The model.
        problems: Where problems are added.

    Returns:
        The record and its place, or None if the row is bad.
    """
    data, failures = _csv_data(fields, row)
    record, more = structure_record(data, cls)
    failed_columns = {failure.partition(":")[0] for failure in failures}
    failures += [
        problem
        for problem in map(_to_column, more, [cls] * len(more))
        if problem.partition(":")[0] not in failed_columns
    ]
    problems += [located(where, record_id, failure) for failure in failures]
    if record is not None and not failures:
        return Read(record, where)
    return None


def _csv_data(fields: Sequence[Field], row: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {}
    failures: list[str] = []
    for field in fields:
        if field.kind in (Kind.MEASURE, Kind.OPTIONAL_MEASURE):
            data[field.name], problems = _measure(field, row)
            failures += problems
            continue
        if field.name not in row:
            continue  # an optional column left out: the model's default
        try:
            data[field.name] = _plain(field, row[field.name])
        except CellError as error:
            failures.append(f"{field.name}: {error}")
            data[field.name] = row[field.name]
    return data, failures


def _to_column(problem: str, cls: Any) -> str:
    """Rename a structuring problem's path to the CSV column (`measure.quantity` -> `value`)."""
    path, _, message = problem.partition(": ")
    head, _, part = re.sub(r"\[\d+\]", "", path).partition(".")
    prefix = _MEASURE_PREFIXES.get(head, f"{head}_") if cls is Indicator else None
    if prefix is not None and part in ("quantity", *STORED_KEYS):
        path = prefix + ("value" if part == "quantity" else part)
    elif head in {field.name for field in fields_of(cls)}:
        path = head
    return f"{path}: {message}"


# -- writing -------------------------------------------------------------------------------------


def write_csv(records: Iterable[Record], cls: type[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator=LINE_END)
        writer.writerow(csv_columns(cls))
        writer.writerows(_row(record) for record in records)
