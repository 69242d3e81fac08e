r"""Reading and writing user data: collections and whole datasets as JSON or CSV files.

A collection (regions, groupings, zones, enterprises, sources, metrics or indicators) is written
to one JSON file (a list of records, as :func:`~swchina_dev.to_json` writes them) or one CSV file
(flat columns: lists joined by ``|``, a measure spread over ``value``, ``unit``, ``qualifier``,
``lower``, ``upper``, an indicator's metric and source by key and id). A dataset is written to one
JSON document, or to a folder of CSV files with a small ``manifest.json``; both read back on their
own. Numbers are written exactly (``repr`` of floats), so everything reads back equal.

Reading validates everything and loads nothing unless everything is right: one
:class:`InvalidFileError` lists every bad record with its file, line (or JSON path), field and
reason. Duplicate ids and references to unknown regions, metrics or sources are errors. Files are
UTF-8, with or without a byte-order mark; anything else is refused with a clear message.

Examples:
    >>> import tempfile, pathlib
    >>> import swchina_dev as sw
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> mine = [i for i in sw.load().indicators if i.subject_id == "520500"]
    >>> path = write_records(mine, folder / "bijie.csv")
    >>> read_records(path, sw.Indicator, sw.load()) == tuple(mine)
    True
    >>> _ = (folder / "bad.csv").write_text("code,name,lat\n520500,Bijie,north\n")
    >>> read_records(folder / "bad.csv", sw.Region)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    swchina_dev.errors.InvalidFileError: cannot read regions: 1 problem(s)
      - .../bad.csv:1: missing columns: name_zh, pinyin, level, kind, parent (file '...bad.csv')
"""

from __future__ import annotations

import contextlib
import contextvars
import csv
import datetime as dt
import enum
import functools
import gc
import importlib
import io
import json
import os
import re
import typing
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar

import attrs
import cattrs

from swchina_dev.datasets import Dataset
from swchina_dev.errors import (
    DataFileError,
    InvalidFileError,
    MissingDependencyError,
    StructureError,
    ValidationError,
)
from swchina_dev.io import MAX_JSON_BYTES, make_converter, structure, unstructure
from swchina_dev.io import converter as io_converter
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Measure,
    Metric,
    Period,
    Region,
    Source,
    Zone,
)

__all__ = [
    "COLLECTIONS",
    "FORMAT_VERSION",
    "InvalidFileError",
    "MissingDependencyError",
    "csv_columns",
    "csv_rows",
    "import_optional",
    "read_dataset",
    "read_records",
    "structure_rows",
    "write_dataset",
    "write_records",
]

T = TypeVar("T")
Record = Region | Grouping | Zone | Enterprise | Source | Metric | Indicator
PathLike = str | os.PathLike[str]

#: Every collection of a dataset with its model, in the order a dataset file lists them
#: (references first: indicators name their metric and source).
COLLECTIONS: Final[Mapping[str, type[Record]]] = {
    "sources": Source,
    "metrics": Metric,
    "regions": Region,
    "groupings": Grouping,
    "zones": Zone,
    "enterprises": Enterprise,
    "indicators": Indicator,
}
#: The version of the file shapes written here (a dataset document's ``format_version``).
FORMAT_VERSION: Final = 1
DATASET_FORMAT: Final = "swchina-dev dataset"
MANIFEST: Final = "manifest.json"
_NAMES: Final[dict[type, str]] = {cls: name for name, cls in COLLECTIONS.items()}
_INTEGER = re.compile(r"[+-]?[0-9]+", re.ASCII)
_FLOAT = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?", re.ASCII)
_SEPARATOR = "|"
_MEASURE_PARTS: Final = ("value", "unit", "qualifier", "lower", "upper")
_MEASURE_PREFIXES: Final = {"measure": "", "stated_conversion": "conversion_"}
# A problem from the dataset's reference check: "indicators[s000-x].subject_id: unknown ...".
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")
_REFERENCE_PROBLEM = re.compile(
    r"(?P<collection>\w+)\[(?P<key>.*?)\]\.(?P<field>[\w.]+): (?P<text>.*)"
)


def import_optional(module: str, extra: str) -> Any:
    """Import an optional dependency, or say which extra of swchina-dev installs it.

    Args:
        module: The module to import (``"pandas"``, ``"pyarrow.parquet"``).
        extra: The extra that installs it (``"pandas"``, ``"arrow"``, ``"datapackage"``).

    Returns:
        The module.

    Raises:
        MissingDependencyError: The module cannot be imported.

    Examples:
        >>> import_optional("json", "none").__name__
        'json'
    """
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependencyError(
            f"this needs {module.partition('.')[0]}, which is not installed ({error}): "
            f"pip install 'swchina-dev[{extra}]'",
            field=extra,
        ) from None


class _References:
    """The metrics and sources that indicator rows may name by key and id while reading."""

    def __init__(self, metrics: Iterable[Metric] = (), sources: Iterable[Source] = ()) -> None:
        self.metrics = {metric.key: metric for metric in metrics}
        self.sources = {source.id: source for source in sources}
        self._full: dict[Any, Any] = {}

    def full_record(self, data: dict[str, Any], cls: type[Metric | Source]) -> Any:
        """A metric or source given in full (as to_json writes an indicator), built once.

        Returns the record, or ``data`` itself when it is not valid (the slow path reports it).
        """
        try:
            key = (cls, tuple(sorted(data.items())))
            hash(key)
        except TypeError:  # a value that is a list or a mapping: not a valid record anyway
            return data
        if key not in self._full:
            try:
                self._full[key] = structure(data, cls)
            except StructureError:
                self._full[key] = data
        return self._full[key]


_REFERENCES: contextvars.ContextVar[_References] = contextvars.ContextVar("_REFERENCES")


@contextlib.contextmanager
def _without_gc() -> Iterator[None]:
    # Reading builds many small objects without cycles: the cyclic collector's passes over them
    # take a third of the time and free nothing.
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


# -- converters ---------------------------------------------------------------------------------


@functools.cache
def _writing_converter(*, references: bool) -> cattrs.Converter:
    """The library's unstructuring, with quicker tuples.

    With ``references``, indicators name their metric and source by key and id (a dataset
    document lists those records once).
    """
    converter = make_converter()
    converter.register_unstructure_hook_factory(_is_plain_tuple, _plain_tuple)
    if references:
        converter.register_unstructure_hook(Metric, lambda metric: metric.key)
        converter.register_unstructure_hook(Source, lambda source: source.id)
    return converter


def _is_plain_tuple(cls: Any) -> bool:
    arguments = typing.get_args(cls)
    return typing.get_origin(cls) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis


def _plain_tuple(cls: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
    item = typing.get_args(cls)[0]
    if item is str:
        return list
    if isinstance(item, type) and issubclass(item, enum.Enum):
        values = {member: member.value for member in item}  # .value is a slow descriptor
        return lambda members: [values[member] for member in members]
    return lambda items: [io_converter.unstructure(value) for value in items]


def _pass_instances(cls: type[T]) -> Callable[[Any, type], T]:
    def structure(data: Any, _: type) -> T:
        if not isinstance(data, cls):
            raise ValidationError(f"expected a {cls.__name__}")  # rows go the slow path then
        return data

    return structure


@functools.cache
def _fast_converter() -> cattrs.Converter:
    """A lean converter for valid records; indicators' metrics and sources are resolved objects.

    Valid records (nearly all) take this path: it skips the detailed error collection, builds
    each metric and source once rather than once per indicator, and parses each period text
    once. A record it refuses is structured again by :func:`~swchina_dev.io.structure`, whose
    complete report is the one users see.
    """
    converter = make_converter()
    converter.detailed_validation = False  # failures are reported by the slow path
    converter.register_structure_hook(Metric, _pass_instances(Metric))
    converter.register_structure_hook(Source, _pass_instances(Source))
    period = converter.get_structure_hook(Period)
    parse = functools.lru_cache(maxsize=4096)(Period.parse)  # periods repeat; they are immutable
    converter.register_structure_hook(
        Period, lambda data, cls: parse(data) if isinstance(data, str) else period(data, cls)
    )
    # Hooks are bound when a class's hook is generated: generate the models' anew.
    for model in (Region, Grouping, Zone, Enterprise, Indicator):
        converter.register_structure_hook(model, converter.gen_structure_attrs_fromdict(model))
    return converter


_REFERENCE_FIELDS: Final = (("metric", "metrics"), ("source", "sources"))


def _structure(data: Any, cls: type[T]) -> tuple[T | None, list[str]]:
    """Structure one record; return it, or None and its problems (``"field: reason"``).

    An indicator may name its metric and source by key and id (see :class:`_References`).
    """
    problems: list[str] = []
    if cls is Indicator and isinstance(data, dict):
        known = _REFERENCES.get(_References())
        data = dict(data)
        for field, registry in _REFERENCE_FIELDS:
            name = data.get(field)
            if isinstance(name, str):
                data[field] = getattr(known, registry).get(name)
                if data[field] is None:
                    problems.append(f"{field}: unknown {field} {name!r}")
                    del data[field]
            elif isinstance(name, dict):
                data[field] = known.full_record(name, Metric if field == "metric" else Source)
    if not problems and cls is not Metric and cls is not Source:
        try:
            return _fast_converter().structure(data, cls), []
        except Exception:  # any failure: io.structure below says what is wrong
            pass
    if cls is Indicator and isinstance(data, dict):
        # Full records in place of the objects, for io.structure's complete report.
        data = {
            key: unstructure(value) if isinstance(value, (Metric, Source)) else value
            for key, value in data.items()
        }
    try:
        record = structure(data, cls)
    except StructureError as error:
        named = {problem.partition(":")[0] for problem in problems}
        return None, problems + [p for p in error.problems if p.partition(":")[0] not in named]
    return (None, problems) if problems else (record, [])


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
    """The cells of each record's CSV row, as :func:`write_records` writes them.

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


# -- reading text ---------------------------------------------------------------------------------


def _decode(data: bytes) -> str:
    """Decode UTF-8 (a byte-order mark is dropped); raise _CellError saying what it looks like."""
    if not data.strip():
        raise _CellError("the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in data[:200]:
        raise _CellError("the file is UTF-16, not UTF-8: save it as UTF-8")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise _CellError(
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x} on line {line}; "
            "Latin-1 or GBK?): save it as UTF-8"
        ) from None


def _read_text(path: Path, problems: list[str]) -> str | None:
    try:
        data = path.read_bytes()
    except OSError as error:
        problems.append(f"{path}: cannot read: {error.strerror or error}")
        return None
    if path.suffix.lower() == ".json" and len(data) > MAX_JSON_BYTES:
        problems.append(f"{path}: larger than {MAX_JSON_BYTES} bytes")
        return None
    try:
        return _decode(data)
    except _CellError as error:
        problems.append(f"{path}: {error}")
        return None


def _read_json(path: Path, problems: list[str]) -> Any:
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as error:
        problems.append(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}")
    except RecursionError:
        problems.append(f"{path}: not valid JSON: nested too deeply")
    return None


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number", name, 0)


# -- reading records -----------------------------------------------------------------------------


class _Read(NamedTuple):
    """One record read, with where it came from (for problems found later)."""

    record: Any
    where: str


def _located(where: str, record: object, problem: str) -> str:
    label = f" ({record})" if isinstance(record, str) and record else ""
    return f"{where}{label}: {problem}"


def _json_records(
    path: Path, rows: Any, cls: type[T], label: str, problems: list[str], raw_ids: set[str]
) -> list[_Read]:
    if not isinstance(rows, list):
        problems.append(f"{path}: {label}: expected a list of records, got {type(rows).__name__}")
        return []
    key = "code" if cls is Region else "key" if cls is Metric else "id"
    found = []
    for index, row in enumerate(rows):
        record_id = row.get(key) if isinstance(row, dict) else None
        if isinstance(record_id, str):
            raw_ids.add(record_id)
        record, failures = _structure(row, cls)
        where = f"{path}: {label}[{index}]"
        problems += [_located(where, record_id, failure) for failure in failures]
        if record is not None:
            found.append(_Read(record, where))
    return found


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


def _read_collection(
    path: Path, cls: type[T], label: str, problems: list[str], raw_ids: set[str]
) -> list[_Read]:
    suffix = path.suffix.lower()
    if suffix == ".json":
        rows = _read_json(path, problems)
        return [] if rows is None else _json_records(path, rows, cls, label, problems, raw_ids)
    if suffix == ".csv":
        text = _read_text(path, problems)
        return [] if text is None else _csv_records(path, text, cls, problems, raw_ids)
    problems.append(f"{path}: unknown format {path.suffix!r}: use .json or .csv")
    return []


def _duplicates(reads: Sequence[_Read], problems: list[str]) -> list[_Read]:
    first: dict[str, str] = {}
    kept = []
    for read in reads:
        key = read.record.id
        if key in first:
            problems.append(_located(read.where, key, f"duplicate id (first at {first[key]})"))
        else:
            first[key] = read.where
            kept.append(read)
    return kept


def _failed(problems: Sequence[str], what: str, file: PathLike | None) -> InvalidFileError:
    return InvalidFileError(
        f"cannot read {what}", problems=problems, file=None if file is None else str(file)
    )


def read_records(
    path: PathLike,
    cls: type[T],
    references: Dataset | None = None,
    *,
    metrics: Iterable[Metric] = (),
    sources: Iterable[Source] = (),
) -> tuple[T, ...]:
    """Read one collection from a JSON or CSV file, validating every record.

    Args:
        path: A ``.json`` file (a list of records, as :func:`write_records` or
            :func:`~swchina_dev.to_json` writes them) or a ``.csv`` file (columns as
            :func:`write_records` writes them, in any order; optional columns may be left out).
        cls: The model of the records: :class:`~swchina_dev.Region`, ``Indicator``, ...
        references: A dataset whose metrics and sources indicators may name by key and id (a
            CSV file of indicators names them so); for instance :func:`~swchina_dev.load`.
        metrics: More metrics indicators may name.
        sources: More sources indicators may name.

    Returns:
        The records, in file order.

    Raises:
        InvalidFileError: Anything is wrong: every bad record is listed, nothing is returned.
    """
    if cls not in _NAMES:
        raise ValidationError(f"cannot read {cls!r}: use one of the models", field="cls")
    base_metrics = references.metrics if references is not None else ()
    base_sources = references.sources if references is not None else ()
    known = _References([*base_metrics, *metrics], [*base_sources, *sources])
    problems: list[str] = []
    token = _REFERENCES.set(known)
    try:
        with _without_gc():
            reads = _read_collection(Path(path), cls, _NAMES[cls], problems, set())
    finally:
        _REFERENCES.reset(token)
    reads = _duplicates(reads, problems)
    if problems:
        raise _failed(problems, _NAMES[cls], path)
    return tuple(read.record for read in reads)


def structure_rows(
    rows: Iterable[Any],
    cls: type[T],
    where: str,
    *,
    metrics: Iterable[Metric] = (),
    sources: Iterable[Source] = (),
) -> tuple[T, ...]:
    """Structure plain rows read from another table format, validating all of them.

    Args:
        rows: Plain records as :func:`~swchina_dev.unstructure` makes them; an indicator may
            name its metric and source by key and id.
        cls: The model of the records.
        where: The file or table the rows come from, to name in problems.
        metrics: The metrics indicators may name.
        sources: The sources indicators may name.

    Returns:
        The records, in order.

    Raises:
        InvalidFileError: Any row is bad (every one is listed, by row number from 1) or an id
            repeats.
    """
    problems: list[str] = []
    reads: list[_Read] = []
    token = _REFERENCES.set(_References(metrics, sources))
    try:
        with _without_gc():
            for number, row in enumerate(rows, start=1):
                record, failures = _structure(row, cls)
                place = f"{where}: row {number}"
                label = row.get("id", row.get("code")) if isinstance(row, dict) else None
                problems += [_located(place, label, failure) for failure in failures]
                if record is not None:
                    reads.append(_Read(record, place))
    finally:
        _REFERENCES.reset(token)
    reads = _duplicates(reads, problems)
    if problems:
        raise _failed(problems, _NAMES.get(cls, "records"), where)
    return tuple(read.record for read in reads)


# -- reading datasets ----------------------------------------------------------------------------


def _dataset_files(folder: Path, problems: list[str]) -> tuple[dict[str, Path], str | None]:
    files: dict[str, Path] = {}
    for name in COLLECTIONS:
        present = [folder / f"{name}{suffix}" for suffix in (".csv", ".json")]
        present = [path for path in present if path.is_file()]
        if len(present) > 1:
            problems.append(f"{folder}: both {present[0].name} and {present[1].name}: keep one")
        elif present:
            files[name] = present[0]
    version = None
    manifest_path = folder / MANIFEST
    if manifest_path.is_file():
        manifest = _read_json(manifest_path, problems)
        if isinstance(manifest, dict):
            version = _check_header(manifest_path, manifest, {"files"}, problems)
            listed = manifest.get("files", {})
            for name, file in listed.items() if isinstance(listed, dict) else ():
                if name not in COLLECTIONS or not isinstance(file, str):
                    problems.append(f"{manifest_path}: files: unknown collection {name!r}")
                elif not (folder / file).is_file():
                    problems.append(f"{manifest_path}: files: {file} is missing")
                else:
                    files[name] = folder / file
        elif manifest is not None:
            problems.append(f"{manifest_path}: expected a JSON object")
    if not files and not problems:
        problems.append(
            f"{folder}: no dataset files: expected {MANIFEST} or files named "
            f"{', '.join(f'{name}.csv' for name in COLLECTIONS)}"
        )
    return files, version


def _check_header(
    path: Path, document: dict[str, Any], allowed: set[str], problems: list[str]
) -> str | None:
    """Check a document's format fields; return its data version."""
    unknown = sorted(set(document) - {"format", "format_version", "data_version"} - allowed)
    if unknown:
        problems.append(f"{path}: unknown keys {unknown}")
    if document.get("format", DATASET_FORMAT) != DATASET_FORMAT:
        problems.append(f"{path}: format: expected {DATASET_FORMAT!r}, got {document['format']!r}")
    if document.get("format_version", FORMAT_VERSION) != FORMAT_VERSION:
        problems.append(
            f"{path}: format_version {document['format_version']!r} is not "
            f"{FORMAT_VERSION} (written by a newer swchina_dev?)"
        )
    version = document.get("data_version")
    if version is not None and not isinstance(version, str):
        problems.append(f"{path}: data_version: expected text")
        return None
    return version


def read_dataset(
    path: PathLike | None = None,
    *,
    base: Dataset | None = None,
    data_version: str | None = None,
    **collections: PathLike,
) -> Dataset:
    r"""Read a dataset from files: on its own, or merged with another (the bundled one).

    Args:
        path: A dataset document (``.json``, as :func:`write_dataset` writes it) or a folder of
            collection files (``regions.csv``, ``indicators.csv``, ... or ``.json``; any may be
            missing) with an optional ``manifest.json``.
        base: A dataset to merge with, for instance :func:`~swchina_dev.load`: records may
            refer to its regions, metrics and sources; a record with an id the base has must
            equal the base's record (it is then read once).
        data_version: The data version of the result (default: the file's, or ``"user"``;
            merged: ``"<base version>+<that>"``).
        **collections: More files, one per collection named (``regions="my_counties.csv"``,
            ``indicators="claims.json"``).

    Returns:
        The new dataset, every reference checked.

    Raises:
        InvalidFileError: Anything is wrong: every bad record of every file is listed with its
            file, line or path, field and reason; nothing is loaded.

    Examples:
        >>> import tempfile, pathlib
        >>> import swchina_dev as sw
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> _ = (folder / "regions.csv").write_text(
        ...     "code,name,name_zh,pinyin,level,kind,parent\n"
        ...     "520502-demo,Demo Village,示范村,Shìfàn Cūn,village,village,520502\n",
        ...     encoding="utf-8")
        >>> mine = read_dataset(folder, base=sw.load())
        >>> mine.lookup("示范村").code, len(mine.regions) - len(sw.load().regions)
        ('520502-demo', 1)
    """
    unknown = sorted(set(collections) - set(COLLECTIONS))
    if unknown:
        raise ValidationError(f"unknown collections {unknown}; use {list(COLLECTIONS)}")
    problems: list[str] = []
    documents: dict[str, tuple[Path, Any]] = {}  # collection -> (file, rows of a JSON document)
    files: dict[str, list[Path]] = {name: [] for name in COLLECTIONS}
    version = None
    if path is not None:
        root = Path(path)
        if root.is_dir():
            found, version = _dataset_files(root, problems)
            for name, file in found.items():
                files[name].append(file)
        else:
            document = _read_json(root, problems)
            if isinstance(document, dict):
                version = _check_header(root, document, set(COLLECTIONS), problems)
                for name in COLLECTIONS:
                    if name in document:
                        documents[name] = (root, document[name])
            elif document is not None:
                problems.append(f"{root}: a dataset document is a JSON object, got a list")
    for name, extra in collections.items():
        files[name].append(Path(extra))
    version = data_version or version or "user"
    if base is not None and data_version is None:
        version = f"{base.data_version}+{version}"
    with _without_gc():
        dataset = _assemble(documents, files, base, version, problems)
    if problems or dataset is None:
        raise _failed(problems, "the dataset", path)
    return dataset


def _assemble(
    documents: Mapping[str, tuple[Path, Any]],
    files: Mapping[str, Sequence[Path]],
    base: Dataset | None,
    version: str,
    problems: list[str],
) -> Dataset | None:
    reads: dict[str, list[_Read]] = {}
    raw_ids: set[str] = set()
    known = _References(
        base.metrics if base is not None else (), base.sources if base is not None else ()
    )
    for name, cls in COLLECTIONS.items():
        token = _REFERENCES.set(known)
        try:
            found: list[_Read] = []
            if name in documents:
                path, rows = documents[name]
                found += _json_records(path, rows, cls, name, problems, raw_ids)
            for path in files[name]:
                found += _read_collection(path, cls, name, problems, raw_ids)
        finally:
            _REFERENCES.reset(token)
        reads[name] = _merge(_duplicates(found, problems), base, name, problems)
        # Indicators read later may name the metrics and sources read so far.
        if name == "metrics":
            known.metrics.update((read.record.key, read.record) for read in reads[name])
        if name == "sources":
            known.sources.update((read.record.id, read.record) for read in reads[name])
    _collect_references(reads, known, problems)
    records = {name: [read.record for read in found] for name, found in reads.items()}
    if base is not None:
        records = {name: [*getattr(base, name), *records[name]] for name in COLLECTIONS}
    try:
        return Dataset(**records, data_version=version)
    except StructureError as error:
        where = {
            (name, read.record.id): read.where for name, found in reads.items() for read in found
        }
        # A reference to a record that failed to load is a consequence, reported already.
        failed = raw_ids - {key for _, key in where}
        for problem in error.problems:
            placed = _place_reference_problem(problem, where, failed)
            if placed is not None:
                problems.append(placed)
        return None


def _merge(reads: list[_Read], base: Dataset | None, name: str, problems: list[str]) -> list[_Read]:
    """Drop records the base holds already (equal); report those that differ from it."""
    if base is None:
        return reads
    existing = getattr(base, name)
    kept = []
    for read in reads:
        theirs = existing.get(read.record.id)
        if theirs is None:
            kept.append(read)
        elif theirs != read.record:
            problems.append(
                _located(
                    read.where,
                    read.record.id,
                    f"duplicate id: the base dataset "
                    f"({base.data_version}) has a different record with this id",
                )
            )
    return kept


def _collect_references(
    reads: dict[str, list[_Read]], known: _References, problems: list[str]
) -> None:
    """Add the metrics and sources that indicators carry in full but the files do not list."""
    for read in reads["indicators"]:
        indicator = read.record
        for label, item, registry in (
            ("metric", indicator.metric, known.metrics),
            ("source", indicator.source, known.sources),
        ):
            listed = registry.get(item.id)
            if listed is None:
                registry[item.id] = item
                reads[f"{label}s"].append(_Read(item, read.where))
            elif listed is not item and listed != item:
                problems.append(
                    _located(
                        read.where,
                        indicator.id,
                        f"{label}: differs from the {label} {item.id!r} listed in the dataset",
                    )
                )


def _place_reference_problem(
    problem: str, where: Mapping[tuple[str, str], str], failed: set[str]
) -> str | None:
    """Name the file and line of a reference problem; None for one about a failed record."""
    match = _REFERENCE_PROBLEM.fullmatch(problem)
    if match is None:
        return problem
    named = {single or double for single, double in _QUOTED.findall(match["text"])}
    if not named.isdisjoint(failed):
        return None
    place = where.get((match["collection"], match["key"]))
    if place is None:
        return problem
    return _located(place, match["key"], f"{match['field']}: {match['text']}")


# -- writing -------------------------------------------------------------------------------------


def _format_of(path: Path, format: str | None) -> str:
    chosen = (format or path.suffix.lstrip(".")).lower()
    if chosen not in ("json", "csv"):
        raise ValidationError(
            f"cannot tell the format of {str(path)!r}: name it .json or .csv, or pass format=",
            field="format",
        )
    return chosen


def _write_csv(records: Iterable[Record], cls: type[Record], path: Path) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.writer(file, lineterminator="\n")
        writer.writerow(csv_columns(cls))
        writer.writerows(_row(record) for record in records)


def _kind_of_records(records: Sequence[Record], cls: type[Record] | None) -> type[Record]:
    kinds = {type(record) for record in records} | ({cls} if cls else set())
    if len(kinds) != 1 or not kinds <= set(_NAMES):
        names = ", ".join(sorted(kind.__name__ for kind in kinds)) or "nothing"
        raise ValidationError(
            f"a file holds records of one model, got {names} (pass cls= for an empty file)",
            field="records",
        )
    return kinds.pop()


def write_records(
    records: Iterable[Record], path: PathLike, *, format: str | None = None, cls: type | None = None
) -> Path:
    """Write one collection to a JSON or CSV file, losslessly.

    Args:
        records: Records of one model (a dataset's ``regions``, a list of indicators, ...).
        path: The file to write (created or replaced).
        format: ``"json"`` or ``"csv"``; by default the path's suffix.
        cls: The model, needed only when ``records`` is empty.

    Returns:
        The path written.

    Raises:
        ValidationError: The format is unknown, or the records are of several models.
        DataFileError: The file cannot be written.
    """
    target = Path(path)
    chosen = _format_of(target, format)
    items = list(records)
    model = _kind_of_records(items, cls)
    with _writing(target):
        target.parent.mkdir(parents=True, exist_ok=True)
        if chosen == "json":
            plain = _writing_converter(references=False).unstructure(items)
            target.write_text(_json_text(plain), encoding="utf-8")
        else:
            _write_csv(items, model, target)
    return target


def _json_text(data: Any, *, record_lines: bool = True) -> str:
    """Compact JSON, a line per record (a records file) or per member (a dataset document).

    A line per record is friendly to reading and to line diffs; a dataset document, often large,
    has a line per collection, which is as fast to write as plain ``json.dumps``.
    """
    compact = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode

    def records(value: Any) -> str:
        if record_lines and isinstance(value, list) and value:
            return "[\n" + ",\n".join(map(compact, value)) + "\n]"
        return compact(value)

    if isinstance(data, dict):
        members = ",\n".join(f"{compact(key)}: {records(value)}" for key, value in data.items())
        return "{\n" + members + "\n}\n"
    return records(data) + "\n"


def _document(dataset: Dataset) -> dict[str, Any]:
    named, full = _writing_converter(references=True), _writing_converter(references=False)
    document: dict[str, Any] = {
        "format": DATASET_FORMAT,
        "format_version": FORMAT_VERSION,
        "data_version": dataset.data_version,
    }
    for name in COLLECTIONS:
        records = _records_to_write(dataset, name)
        document[name] = (full if name in ("sources", "metrics") else named).unstructure(records)
    return document


def _records_to_write(dataset: Dataset, name: str) -> list[Record]:
    """A collection's records; for metrics and sources also those only indicators cite.

    Indicators name their metric and source in a dataset file, so each one must be listed.
    """
    records: list[Record] = list(getattr(dataset, name))
    if name in ("metrics", "sources"):
        field = name[:-1]
        listed = {record.id for record in records}
        for indicator in dataset.indicators:
            cited = getattr(indicator, field)
            if cited.id not in listed:
                listed.add(cited.id)
                records.append(cited)
    return records


def write_dataset(dataset: Dataset, path: PathLike, *, format: str = "json") -> Path:
    """Write a whole dataset: one JSON document, or a folder of CSV files with a manifest.

    Either form reads back on its own with :func:`read_dataset` to an equal dataset (metrics
    and sources are listed once; indicators name them by key and id).

    Args:
        dataset: The dataset (the bundled one, or one read or built).
        path: The JSON file, or the folder for CSV files (created if missing).
        format: ``"json"`` or ``"csv"``.

    Returns:
        The path written.

    Raises:
        ValidationError: The format is unknown.
        DataFileError: A file or folder cannot be written.
    """
    target = Path(path)
    if format not in ("json", "csv"):
        raise ValidationError(f"unknown format {format!r}: use 'json' or 'csv'", field="format")
    with _writing(target):
        if format == "json":
            target.parent.mkdir(parents=True, exist_ok=True)
            text = _json_text(_document(dataset), record_lines=False)
            target.write_text(text, encoding="utf-8")
            return target
        target.mkdir(parents=True, exist_ok=True)
        for name, cls in COLLECTIONS.items():
            _write_csv(_records_to_write(dataset, name), cls, target / f"{name}.csv")
        manifest = {
            "format": DATASET_FORMAT,
            "format_version": FORMAT_VERSION,
            "data_version": dataset.data_version,
            "files": {name: f"{name}.csv" for name in COLLECTIONS},
        }
        (target / MANIFEST).write_text(_json_text(manifest), encoding="utf-8")
    return target


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    try:
        yield
    except OSError as error:
        raise DataFileError(f"cannot write: {error.strerror or error}", file=str(path)) from None
