r"""The CSV record format: one record a row, in flat columns that read back exactly.

Each field of a model is a column, in attribute order: lists are joined by ``|`` (``\|`` and
``\\`` escape a bar and a backslash in an item), a measure is spread over ``value``, ``unit``,
``qualifier``, ``lower`` and ``upper``, an indicator's metric and source are named by key and id,
and numbers are written as ``repr`` of floats (the shortest text that reads back to the same
float). Reading a CSV text checks its header, then each cell, then structures each row as
``swchina_dev.structuring`` does, naming problems by CSV column.
"""

from __future__ import annotations

import csv
import datetime as dt
import enum
import io
import re
import typing
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import attrs

from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Measure,
    Metric,
    Region,
    Source,
    Zone,
)
from swchina_dev.structuring import _located, _Read, _structure

__all__ = ["Record", "csv_columns", "csv_rows"]

T = TypeVar("T")
Record = Region | Grouping | Zone | Enterprise | Source | Metric | Indicator
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_SEPARATOR = "|"
_MEASURE_PARTS: Final = ("value", "unit", "qualifier", "lower", "upper")
_MEASURE_PREFIXES: Final = {"measure": "", "stated_conversion": "conversion_"}


# -- CSV columns ---------------------------------------------------------------------------------


class _Kind(enum.Enum):
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
class _Field:
    name: str
    kind: _Kind
    required: bool

    @property
    def columns(self) -> tuple[str, ...]:
        if self.kind in (_Kind.MEASURE, _Kind.OPTIONAL_MEASURE):
            prefix = _MEASURE_PREFIXES.get(self.name, f"{self.name}_")
            return tuple(prefix + part for part in _MEASURE_PARTS)
        return (self.name,)


def _kind_of(annotation: Any) -> tuple[_Kind, bool]:
    """The CSV kind of a field's type, and whether None is allowed."""
    arguments = typing.get_args(annotation)
    optional = type(None) in arguments
    if optional:
        (annotation,) = [argument for argument in arguments if argument is not type(None)]
    if annotation is Measure:
        return (_Kind.OPTIONAL_MEASURE if optional else _Kind.MEASURE), optional
    if annotation in (Metric, Source):
        return _Kind.REFERENCE, optional
    if typing.get_origin(annotation) is tuple:
        return _Kind.LIST, optional
    simple = {bool: _Kind.BOOLEAN, int: _Kind.INTEGER, float: _Kind.NUMBER}
    if annotation in simple:
        return simple[annotation], optional
    return (_Kind.OPTIONAL_TEXT if optional else _Kind.TEXT), optional


def _fields(cls: type[Record]) -> tuple[_Field, ...]:
    """The CSV fields of a model, in attribute order."""
    found = _FIELDS.get(cls)
    if found is None:
        found = _FIELDS[cls] = tuple(
            _Field(attribute.name, _kind_of(attribute.type)[0], attribute.default is attrs.NOTHING)
            for attribute in attrs.fields(attrs.resolve_types(cls))
        )
    return found


_FIELDS: dict[type, tuple[_Field, ...]] = {}


def csv_columns(cls: type[Record]) -> tuple[str, ...]:
    """The columns of a model's CSV file, in order.

    Examples:
        >>> csv_columns(Indicator)[:8]
        ('id', 'subject_id', 'metric', 'value', 'unit', 'qualifier', 'lower', 'upper')
    """
    return tuple(column for field in _fields(cls) for column in field.columns)


def csv_rows(records: Iterable[Record]) -> Iterator[list[str]]:
    """The cells of each record's CSV row, as :func:`~swchina_dev.files.write_records` writes them.

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


def _split(text: str) -> list[str]:
    r"""Split a ``|``-joined list, honouring ``\|`` and ``\\`` escapes."""
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


def _text(value: object) -> str:
    if isinstance(value, enum.Enum):
        return str(value.value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _cells(field: _Field, value: Any) -> list[str]:
    kind = field.kind
    if kind in (_Kind.MEASURE, _Kind.OPTIONAL_MEASURE):
        if value is None:
            return [""] * len(_MEASURE_PARTS)
        return [
            _number_text(value.magnitude),
            value.unit,
            value.qualifier.value,
            _number_text(value.lower_magnitude),
            _number_text(value.upper_magnitude),
        ]
    if value is None:
        return [""]
    if kind is _Kind.REFERENCE:
        return [value.id]
    if kind is _Kind.LIST:
        return [_SEPARATOR.join(_escape(_text(item)) for item in value)]
    if kind is _Kind.BOOLEAN:
        return ["true" if value else "false"]
    if kind in (_Kind.NUMBER, _Kind.INTEGER):
        return [_number_text(value)]
    return [_text(value)]


def _row(record: Record) -> list[str]:
    return [
        cell
        for field in _fields(type(record))
        for cell in _cells(field, getattr(record, field.name))
    ]


class _CellError(ValueError):
    pass


def _number(text: str) -> int | float | None:
    if not text:
        return None
    if _INTEGER.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    raise _CellError(f"expected a number, got {text!r}")


def _plain(field: _Field, text: str) -> Any:
    """The plain (JSON-like) value of one cell; raises _CellError for unreadable numbers."""
    kind = field.kind
    if kind is _Kind.TEXT:
        return text
    if kind in (_Kind.OPTIONAL_TEXT, _Kind.REFERENCE):
        return text or None
    if kind is _Kind.LIST:
        return _split(text)
    if kind is _Kind.NUMBER:
        return _number(text)
    if kind is _Kind.INTEGER:
        if text and not _INTEGER.fullmatch(text):
            raise _CellError(f"expected a whole number, got {text!r}")
        return int(text) if text else None
    if kind is _Kind.BOOLEAN:
        if text.lower() not in ("true", "false"):
            raise _CellError(f"expected true or false, got {text!r}")
        return text.lower() == "true"
    raise AssertionError(kind)  # measures are read by _measure


def _measure(field: _Field, cells: Mapping[str, str]) -> tuple[dict[str, Any] | None, list[str]]:
    texts = [cells.get(column, "") for column in field.columns]
    if field.kind is _Kind.OPTIONAL_MEASURE and not any(texts):
        return None, []
    measure: dict[str, Any] = {"unit": texts[1]}
    problems = []
    for part, column, text in zip(_MEASURE_PARTS, field.columns, texts, strict=True):
        if part == "unit" or not text:
            continue
        if part == "qualifier":
            measure[part] = text
            continue
        try:
            measure[part] = _number(text)
        except _CellError as error:
            problems.append(f"{column}: {error}")
            measure[part] = text
    return measure, problems


# -- reading CSV text ----------------------------------------------------------------------------


def _csv_records(
    path: Path, text: str, cls: type[T], problems: list[str], raw_ids: set[str]
) -> list[_Read]:
    fields = _fields(cls)  # type: ignore[arg-type]
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
    except (csv.Error, StopIteration) as error:
        problems.append(f"{path}:1: cannot read the header: {error}")
        return []
    columns = set(csv_columns(cls))  # type: ignore[arg-type]
    unknown = [name for name in header if name not in columns]
    required = [c for f in fields if f.required for c in f.columns if f.kind is not _Kind.MEASURE]
    required += [f.columns[1] for f in fields if f.kind is _Kind.MEASURE]  # the unit at least
    missing = [name for name in required if name not in header]
    repeated = sorted({name for name in header if header.count(name) > 1})
    for what, names in (("unknown", unknown), ("missing", missing), ("repeated", repeated)):
        if names:
            problems.append(f"{path}:1: {what} columns: {', '.join(names)}")
    if unknown or missing or repeated:
        return []  # every row would fail alike: the header problem says it once
    key_column = csv_columns(cls)[0]  # type: ignore[arg-type]
    found: list[_Read] = []
    line = 1
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as error:
            problems.append(f"{path}:{reader.line_num}: cannot read the row: {error}")
            break  # the reader cannot resume after a broken quote
        line = reader.line_num
        if not cells:
            continue  # a blank line
        row = dict(zip(header, cells, strict=False))
        record_id = row.get(key_column, "")
        raw_ids.add(record_id)
        where = f"{path}:{start}"
        if len(cells) != len(header):
            problems.append(
                _located(
                    where, record_id, f"the row has {len(cells)} cells, the header {len(header)}"
                )
            )
            continue
        data, failures = _csv_data(fields, row)
        record, more = _structure(data, cls)
        failed_columns = {failure.partition(":")[0] for failure in failures}
        failures += [
            problem
            for problem in map(_to_column, more, [cls] * len(more))
            if problem.partition(":")[0] not in failed_columns
        ]
        problems += [_located(where, record_id, failure) for failure in failures]
        if record is not None and not failures:
            found.append(_Read(record, where))
    return found


def _csv_data(fields: Sequence[_Field], row: Mapping[str, str]) -> tuple[dict[str, Any], list[str]]:
    data: dict[str, Any] = {}
    failures: list[str] = []
    for field in fields:
        if field.kind in (_Kind.MEASURE, _Kind.OPTIONAL_MEASURE):
            data[field.name], problems = _measure(field, row)
            failures += problems
            continue
        if field.name not in row:
            continue  # an optional column left out: the model's default
        try:
            data[field.name] = _plain(field, row[field.name])
        except _CellError as error:
            failures.append(f"{field.name}: {error}")
            data[field.name] = row[field.name]
    return data, failures


def _to_column(problem: str, cls: Any) -> str:
    """Rename a structuring problem's path to the CSV column (``measure.quantity`` -> ``value``)."""
    path, _, message = problem.partition(": ")
    head, _, part = re.sub(r"\[\d+\]", "", path).partition(".")
    prefix = _MEASURE_PREFIXES.get(head, f"{head}_") if cls is Indicator else None
    if prefix is not None and part in ("quantity", *_MEASURE_PARTS):
        path = prefix + ("value" if part == "quantity" else part)
    elif head in {field.name for field in _fields(cls)}:
        path = head
    return f"{path}: {message}"


# -- writing -------------------------------------------------------------------------------------


def _write_csv(records: Iterable[Record], cls: type[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(csv_columns(cls))
        writer.writerows(_row(record) for record in records)
