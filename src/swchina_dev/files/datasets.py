r"""Reading and writing user data: collections and whole datasets as JSON or CSV files.

A collection (regions, groupings, zones, enterprises, sources, metrics or indicators) is written
to one JSON file (a list of records, as [to_json][swchina_dev.serialization.to_json] writes them) or
one CSV file (flat columns: lists joined by `|`, a measure spread over `value`, `unit`, `qualifier`,
`lower`, `upper`, an indicator's metric and source by key and id). A dataset is written to one
JSON document, or to a folder of CSV files with a small `manifest.json`; both read back on their
own. Numbers are written exactly (`repr` of floats), so everything reads back equal.

Reading validates everything and loads nothing unless everything is right: one
[InvalidFileError][swchina_dev.InvalidFileError] lists every bad record with its file, line (or JSON
path), field and reason. Duplicate ids and references to unknown regions, metrics or sources are
errors. Files are UTF-8, with or without a byte-order mark; anything else is refused with a clear
message.

This module is the public API; the CSV format is in `swchina_dev.files.csv_format`, structuring rows
into records in `swchina_dev.files.structuring` and assembling a dataset in
`swchina_dev.files.assembly`.

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

import enum
import functools
import json
import os
import typing
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

import cattrs

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import (
    InvalidFileError,
    ValidationError,
)
from swchina_dev.files.assembly import (
    COLLECTIONS,
    DATASET_FORMAT,
    FORMAT_VERSION,
    MANIFEST,
    MAX_FILE_BYTES,
    OWNED_KEY,
    assemble,
    check_header,
    dataset_files,
    file_limit,
    read_collection,
    read_json,
)
from swchina_dev.files.atomic import replacing_file, replacing_folder
from swchina_dev.files.csv_format import Record, write_csv
from swchina_dev.files.structuring import (
    REFERENCES,
    Read,
    References,
    duplicates,
    located,
    stop_reading,
    structure_record,
)
from swchina_dev.models import Metric, Source
from swchina_dev.serialization import converter as io_converter
from swchina_dev.serialization import is_homogeneous_tuple, make_converter, paused_collection

__all__ = [
    "COLLECTIONS",
    "FORMAT_VERSION",
    "read_dataset",
    "read_records",
    "structure_rows",
    "write_dataset",
    "write_records",
]

T = TypeVar("T")
PathLike = str | os.PathLike[str]
_NAMES: Final[dict[type, str]] = {cls: name for name, cls in COLLECTIONS.items()}


def _as_path(path: object, field: str) -> Path:
    """A path argument as a `Path`; raise ValidationError naming `field`."""
    if not isinstance(path, (str, os.PathLike)):
        raise ValidationError(
            f"a path is text or a path object, not {type(path).__name__}", field=field
        )
    try:
        result = Path(path)
    except TypeError:  # a path object that gives bytes
        raise ValidationError("a path is text, not bytes", field=field) from None
    if "\x00" in str(result):
        raise ValidationError(
            f"a path cannot hold a NUL character: {str(result)[:200]!r}", field=field
        )
    return result


# -- reading records -----------------------------------------------------------------------------


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
    max_bytes: int | None = MAX_FILE_BYTES,
) -> tuple[T, ...]:
    """Read one collection from a JSON or CSV file, validating every record.

    Args:
        path: A `.json` file (a list of records, as
            [write_records][swchina_dev.files.datasets.write_records] or
            [to_json][swchina_dev.serialization.to_json] writes them) or a `.csv` file (columns as
            [write_records][swchina_dev.files.datasets.write_records] writes them, in any order;
            optional columns may be left out).
        cls: The model of the records: [Region][swchina_dev.Region], `Indicator`, ...
        references: A dataset whose metrics and sources indicators may name by key and id (a
            CSV file of indicators names them so); for instance [load][swchina_dev.load].
        metrics: More metrics indicators may name.
        sources: More sources indicators may name.
        max_bytes: The largest file read (bytes; default 256 MiB, `MAX_FILE_BYTES`): a larger
            one is refused before it is read, against files that would exhaust memory. Raise
            it, or pass None for no limit, for a large file you trust.

    Returns:
        The records, in file order.

    Raises:
        InvalidFileError: Anything is wrong: every bad record is listed, nothing is returned.
            A file over `max_bytes` or a CSV cell over 131,072 characters (`MAX_CELL_CHARS`)
            is refused.
        ValidationError: `cls` is not a model, `references` is not a Dataset, or `path` is not
            a path (None, a NUL in it).
    """
    if cls not in _NAMES:
        raise ValidationError(f"cannot read {cls!r}: use one of the models", field="cls")
    if references is not None and not isinstance(references, Dataset):
        raise ValidationError(
            f"references is a Dataset (such as load()), not {type(references).__name__}",
            field="references",
        )
    file = _as_path(path, "path")
    base_metrics = references.metrics if references is not None else ()
    base_sources = references.sources if references is not None else ()
    known = References([*base_metrics, *metrics], [*base_sources, *sources])
    problems: list[str] = []
    token = REFERENCES.set(known)
    try:
        with file_limit(max_bytes), paused_collection():
            reads = read_collection(file, cls, _NAMES[cls], problems, set())
    finally:
        REFERENCES.reset(token)
    reads = duplicates(reads, problems)
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
        rows: Plain records as [unstructure][swchina_dev.serialization.unstructure] makes them; an
            indicator may name its metric and source by key and id.
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
    token = REFERENCES.set(References(metrics, sources))
    try:
        with paused_collection():
            reads = _structured(rows, cls, where, problems)
    finally:
        REFERENCES.reset(token)
    reads = duplicates(reads, problems)
    if problems:
        raise _failed(problems, _NAMES.get(cls, "records"), where)
    return tuple(read.record for read in reads)


def _structured(rows: Iterable[Any], cls: type[T], where: str, problems: list[str]) -> list[Read]:
    reads: list[Read] = []
    for number, row in enumerate(rows, start=1):
        if stop_reading(where, problems):
            break
        record, failures = structure_record(row, cls)
        place = f"{where}: row {number}"
        label = row.get("id", row.get("code")) if isinstance(row, dict) else None
        problems += [located(place, label, failure) for failure in failures]
        if record is not None:
            reads.append(Read(record, place))
    return reads


# -- reading datasets ----------------------------------------------------------------------------


def read_dataset(
    path: PathLike | None = None,
    *,
    base: Dataset | None = None,
    data_version: str | None = None,
    max_bytes: int | None = MAX_FILE_BYTES,
    **collections: PathLike,
) -> Dataset:
    r"""Read a dataset from files: on its own, or merged with another (the bundled one).

    Args:
        path: A dataset document (`.json`, as
            [write_dataset][swchina_dev.files.datasets.write_dataset] writes it) or a folder of
            collection files (`regions.csv`, `indicators.csv`, ... or `.json`; any may be missing)
            with an optional `manifest.json`.
        base: A dataset to merge with, for instance [load][swchina_dev.load]: records may
            refer to its regions, metrics and sources; a record with an id the base has must
            equal the base's record (it is then read once).
        data_version: The data version of the result (default: the file's, or `"user"`;
            merged: `"<base version>+<that>"`).
        max_bytes: The largest file read (bytes; default 256 MiB, `MAX_FILE_BYTES`): a larger
            one is refused before it is read. Raise it, or pass None for no limit, to read a
            large dataset you trust (a JSON document of a million indicators is about 600 MB).
        **collections: More files, one per collection named (`regions="my_counties.csv"`,
            `indicators="claims.json"`).

    Returns:
        The new dataset, every reference checked.

    Raises:
        InvalidFileError: Anything is wrong: every bad record of every file is listed with its
            file, line or path, field and reason; nothing is loaded.
        ValidationError: A collection is unknown, or a path is not a path (a NUL in it).

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
    root = None if path is None else _as_path(path, "path")
    extras = {name: _as_path(extra, name) for name, extra in collections.items()}
    problems: list[str] = []
    with file_limit(max_bytes), paused_collection():
        documents, files, version = _find_collections(root, problems)
        for name, extra in extras.items():
            files[name].append(extra)
        version = _result_version(version, data_version, base)
        dataset = assemble(documents, files, base, version, problems)
        del documents  # the plain rows, freed before the collector runs again
    if problems or dataset is None:
        raise _failed(problems, "the dataset", path)
    return dataset


def _find_collections(
    root: Path | None, problems: list[str]
) -> tuple[dict[str, tuple[Path, Any]], dict[str, list[Path]], str | None]:
    """The collections at `root`: a folder's files, or a dataset document's rows; its version."""
    documents: dict[str, tuple[Path, Any]] = {}  # collection -> (file, rows of a JSON document)
    files: dict[str, list[Path]] = {name: [] for name in COLLECTIONS}
    version = None
    if root is not None:
        if root.is_dir():
            found, version = dataset_files(root, problems)
            for name, file in found.items():
                files[name].append(file)
        else:
            version = _read_document(root, documents, problems)
    return documents, files, version


def _read_document(
    root: Path, documents: dict[str, tuple[Path, Any]], problems: list[str]
) -> str | None:
    """Read a dataset document's collections into `documents`; return its data version."""
    version = None
    document = read_json(root, problems)
    if isinstance(document, dict):
        version = check_header(root, document, set(COLLECTIONS), problems)
        for name in COLLECTIONS:
            if name in document:
                documents[name] = (root, document[name])
    elif document is not None:
        problems.append(f"{root}: a dataset document is a JSON object, got a list")
    return version


def _result_version(version: str | None, data_version: str | None, base: Dataset | None) -> str:
    """The data version of the result: as given, else the file's or `"user"`, after the base's."""
    result = data_version or version or "user"
    if base is not None and data_version is None:
        result = f"{base.data_version}+{result}"
    return result


# -- writing -------------------------------------------------------------------------------------


@functools.cache
def _writing_converter(*, references: bool) -> cattrs.Converter:
    """The library's unstructuring, with quicker tuples.

    With `references`, indicators name their metric and source by key and id (a dataset
    document lists those records once).
    """
    converter = make_converter()
    converter.register_unstructure_hook_factory(is_homogeneous_tuple, _plain_tuple)
    if references:
        converter.register_unstructure_hook(Metric, lambda metric: metric.key)
        converter.register_unstructure_hook(Source, lambda source: source.id)
    return converter


def _plain_tuple(cls: Any) -> Callable[[tuple[Any, ...]], list[Any]]:
    item = typing.get_args(cls)[0]
    if item is str:
        return list
    if isinstance(item, type) and issubclass(item, enum.Enum):
        values = {member: member.value for member in item}  # .value is a slow descriptor
        return lambda members: [values[member] for member in members]
    return lambda items: [io_converter.unstructure(value) for value in items]


def _format_of(path: Path, format: str | None) -> str:
    chosen = (format or path.suffix.lstrip(".")).lower()
    if chosen not in ("json", "csv"):
        raise ValidationError(
            f"cannot tell the format of {str(path)!r}: name it .json or .csv, or pass format=",
            field="format",
        )
    return chosen


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
    """Write one collection to a JSON or CSV file, losslessly and atomically.

    The file is written beside the target and renamed over it once complete (see
    `swchina_dev.files.atomic`): a failed or interrupted write leaves the previous file as it
    was. In a CSV file, a text cell that a spreadsheet would run as a formula (starting with
    `=`, `+`, `-`, `@`, a tab or a carriage return) is written with a leading apostrophe,
    which reading removes (see `swchina_dev.files.csv_format`).

    Args:
        records: Records of one model (a dataset's `regions`, a list of indicators, ...).
        path: The file to write (created or replaced).
        format: `"json"` or `"csv"`; by default the path's suffix.
        cls: The model, needed only when `records` is empty.

    Returns:
        The path written.

    Raises:
        ValidationError: The format is unknown, the records are of several models, or `path`
            is not a path.
        DataFileError: The file cannot be written (the previous one is kept).
    """
    target = _as_path(path, "path")
    chosen = _format_of(target, format)
    items = list(records)
    model = _kind_of_records(items, cls)
    with replacing_file(target) as temporary:
        write_records_to(items, model, temporary, chosen)
    return target


def write_records_to(items: Sequence[Record], model: type[Record], path: Path, format: str) -> None:
    """Write records of one model to `path` as they are (not atomically: a writer's part)."""
    if format == "json":
        plain = _writing_converter(references=False).unstructure(list(items))
        _write_text(path, _json_text(plain))
    else:
        write_csv(items, model, path)


def _write_text(path: Path, text: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as file:
        file.write(text)


def _json_text(data: Any, *, record_lines: bool = True) -> str:
    """Compact JSON, a line per record (a records file) or per member (a dataset document).

    A line per record is friendly to reading and to line diffs; a dataset document, often large,
    has a line per collection, which is as fast to write as plain `json.dumps`.
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


def write_dataset(
    dataset: Dataset, path: PathLike, *, format: str = "json", overwrite: bool = False
) -> Path:
    """Write a whole dataset, atomically: one JSON document, or a folder of CSV files.

    Either form reads back on its own with [read_dataset][swchina_dev.files.datasets.read_dataset]
    to an equal dataset (metrics and sources are listed once; indicators name them by key and id).
    A JSON document is written beside the target and renamed over it; a CSV folder is written
    beside the target and swapped in as a whole (see `swchina_dev.files.atomic`): a failed or
    interrupted write leaves the previous copy byte for byte. A folder holding files the library
    did not write (no manifest of ours lists them) is refused unless `overwrite` is true.

    Args:
        dataset: The dataset (the bundled one, or one read or built).
        path: The JSON file, or the folder for CSV files (created if missing).
        format: `"json"` or `"csv"`.
        overwrite: Replace a folder holding files the library did not write (CSV only).

    Returns:
        The path written.

    Raises:
        ValidationError: The format is unknown, `dataset` is not a Dataset, or `path` is not
            a path.
        DataFileError: A file or folder cannot be written, or the folder is not ours.
    """
    target = _as_path(path, "path")
    if format not in ("json", "csv"):
        raise ValidationError(f"unknown format {format!r}: use 'json' or 'csv'", field="format")
    if not isinstance(dataset, Dataset):
        raise ValidationError(
            f"write_dataset writes a Dataset, not {type(dataset).__name__}", field="dataset"
        )
    if format == "json":
        with paused_collection():  # a plain dict per record: nothing for the collector
            text = _json_text(_document(dataset), record_lines=False)
        with replacing_file(target) as temporary:
            _write_text(temporary, text)
        return target
    with replacing_folder(target, overwrite=overwrite) as folder:
        write_dataset_folder(dataset, folder)
    return target


def write_dataset_folder(dataset: Dataset, folder: Path, *, also: Sequence[str] = ()) -> None:
    """Write a dataset's CSV files and manifest into `folder` (a writer's temporary folder).

    `also` names the other files the caller writes there, for the manifest to own.
    """
    for name, cls in COLLECTIONS.items():
        write_csv(_records_to_write(dataset, name), cls, folder / f"{name}.csv")
    write_manifest(
        folder, {name: f"{name}.csv" for name in COLLECTIONS}, also, dataset.data_version
    )


def write_manifest(
    folder: Path, files: dict[str, str], also: Sequence[str], data_version: str | None
) -> None:
    """Write `manifest.json`: the collections' files, and every file the library wrote."""
    manifest: dict[str, Any] = {"format": DATASET_FORMAT, "format_version": FORMAT_VERSION}
    if data_version is not None:
        manifest["data_version"] = data_version
    manifest["files"] = files
    manifest[OWNED_KEY] = sorted({*files.values(), *also, MANIFEST})
    _write_text(folder / MANIFEST, _json_text(manifest))
