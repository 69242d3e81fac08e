"""Assembling a dataset from collection files: reading them, merging with a base dataset.

The collections' files are found (a folder, its manifest, a dataset document, or files named
one by one), each is read (UTF-8 text, JSON or CSV) and structured, duplicates and records that
differ from the base dataset's are reported, the metrics and sources indicators carry in full
are collected, and the problems of the dataset's reference check are placed by file and line.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import re
import stat
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, Final, TypeVar

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.errors import StructureError
from swchina_dev.files.csv_format import CellError, Record, csv_records
from swchina_dev.files.structuring import (
    REFERENCES,
    Read,
    References,
    duplicates,
    json_records,
    located,
)
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Item,
    Metric,
    Region,
    Source,
    Zone,
)
from swchina_dev.serialization import MAX_JSON_BYTES, checked_limit, parse_json

__all__ = ["COLLECTIONS", "FORMAT_VERSION"]

T = TypeVar("T")

#: Every collection of a dataset with its model, in the order a dataset file lists them
#: (references first: indicators name their metric and source).
COLLECTIONS: Final[Mapping[str, type[Record]]] = {
    "sources": Source,
    "metrics": Metric,
    "items": Item,
    "regions": Region,
    "groupings": Grouping,
    "zones": Zone,
    "enterprises": Enterprise,
    "indicators": Indicator,
}
#: The version of the file shapes written here (a dataset document's `format_version`).
FORMAT_VERSION: Final = 1
DATASET_FORMAT: Final = "swchina-dev dataset"
MANIFEST: Final = "manifest.json"
#: A manifest's list of every file the library wrote in its folder (beside the collections').
OWNED_KEY: Final = "written"
#: Largest data file read by default (bytes), JSON or CSV; a larger one is refused having read
#: no more. Readers take `max_bytes=` to raise it or (None) lift it for files they trust.
MAX_FILE_BYTES: Final = MAX_JSON_BYTES
# The limit of the read in progress, where a reader was given one (else MAX_FILE_BYTES).
_LIMIT: contextvars.ContextVar[int | None] = contextvars.ContextVar("swchina_dev_file_limit")
# Bytes read at a time from a file that does not say its size (a device, a pipe).
_CHUNK_BYTES: Final = 1 << 20
# Bytes looked at to tell UTF-16 from UTF-8.
_UTF16_SAMPLE: Final = 200
# A problem from the dataset's reference check: "indicators[s000-x].subject_id: unknown ...".
_QUOTED = re.compile(r"'([^']*)'|\"([^\"]*)\"")
_REFERENCE_PROBLEM = re.compile(
    r"(?P<collection>\w+)\[(?P<key>.*?)\]\.(?P<field>[\w.]+): (?P<text>.*)"
)


# -- reading text ---------------------------------------------------------------------------------


def _looks_utf16(data: bytes) -> bool:
    """Whether bytes look like UTF-16: a byte-order mark, or a NUL every other byte.

    Text mostly in ASCII (a CSV header, JSON punctuation) written as UTF-16 has a NUL in every
    other byte; a NUL here and there is something else (binary content).
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    sample = data[:_UTF16_SAMPLE]
    pairs = len(sample) // 2
    if pairs == 0:
        return False
    even, odd = sample[0 : 2 * pairs : 2].count(0), sample[1 : 2 * pairs : 2].count(0)
    return 2 * max(even, odd) >= pairs and 8 * min(even, odd) < pairs


def _decode(data: bytes) -> str:
    """Decode UTF-8 (a byte-order mark is dropped); raise CellError saying what it looks like."""
    if not data.strip():
        raise CellError("the file is empty")
    if _looks_utf16(data):
        raise CellError("the file is UTF-16, not UTF-8: save it as UTF-8")
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise CellError(
            f"a NUL byte at byte {nul} on line {line} (binary content?): a text file has none"
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise CellError(
            f"the file is not UTF-8 (byte 0x{data[error.start]:02x} on line {line}; "
            "Latin-1 or GBK?): save it as UTF-8"
        ) from None


@contextlib.contextmanager
def file_limit(max_bytes: int | None) -> Iterator[None]:
    """Read files under this size limit (bytes; None: none) in this thread or task."""
    token = _LIMIT.set(checked_limit(max_bytes))
    try:
        yield
    finally:
        _LIMIT.reset(token)


def _read_bytes(path: Path) -> bytes:
    """Read a file, at most one byte over the limit (a device may never end).

    The limit is the reader's `max_bytes`, by default
    [MAX_FILE_BYTES][swchina_dev.files.assembly.MAX_FILE_BYTES].

    Raises:
        CellError: The file is larger than the limit.
        OSError: The file cannot be read.
    """
    limit = _LIMIT.get(MAX_FILE_BYTES)
    chunks: list[bytes] = []
    with path.open("rb") as file:
        size = os.fstat(file.fileno()).st_size  # 0 for a device or a pipe
        if limit is None:  # only regular files are opened: they end
            return file.read()
        if size > limit:
            raise CellError(
                f"the file is too large ({size} bytes; the limit is {limit} bytes: "
                "pass max_bytes= to raise it for a file you trust)"
            )
        # A regular file is read at once; a device or a pipe in chunks, up to the limit.
        chunk, total = max(size + 1, _CHUNK_BYTES), 0
        while total <= limit:
            data = file.read(min(chunk, limit + 1 - total))
            if not data:
                break
            chunks.append(data)
            total += len(data)
    if total > limit:
        raise CellError(f"the file is too large (over the limit of {limit} bytes)")
    return chunks[0] if len(chunks) == 1 else b"".join(chunks)


def _read_text(path: Path, problems: list[str]) -> str | None:
    """A data file's text, or None with a problem; only a regular file is opened.

    A FIFO or a device would block `open` (or never end): its type is checked first.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        problems.append(f"{path}: cannot read: {error.strerror or error}")
        return None
    except ValueError as error:  # a path the system cannot name (a lone surrogate, a NUL)
        problems.append(f"{path}: cannot read: {error}")
        return None
    if not stat.S_ISREG(mode):
        kind = "a folder" if stat.S_ISDIR(mode) else "a pipe, device or socket"
        problems.append(f"{path}: not a regular file ({kind}): a data file is a file")
        return None
    try:
        data = _read_bytes(path)
    except OSError as error:
        problems.append(f"{path}: cannot read: {error.strerror or error}")
        return None
    except CellError as error:  # too large
        problems.append(f"{path}: {error}")
        return None
    except ValueError as error:  # a path the system cannot name (a lone surrogate)
        problems.append(f"{path}: cannot read: {error}")
        return None
    try:
        return _decode(data)
    except CellError as error:
        problems.append(f"{path}: {error}")
        return None


def read_json(path: Path, problems: list[str]) -> Any:
    text = _read_text(path, problems)
    if text is None:
        return None
    try:
        return parse_json(text)
    except json.JSONDecodeError as error:
        problems.append(f"{path}:{error.lineno}:{error.colno}: not valid JSON: {error.msg}")
    except ValueError as error:  # an integer beyond Python's digit limit (4300 by default)
        problems.append(f"{path}: not valid JSON: {error}")
    except RecursionError:
        problems.append(f"{path}: not valid JSON: nested too deeply")
    return None


# -- reading collections -------------------------------------------------------------------------


def read_collection(
    path: Path, cls: type[T], label: str, problems: list[str], raw_ids: set[str]
) -> list[Read]:
    suffix = path.suffix.lower()
    if suffix == ".json":
        rows = read_json(path, problems)
        return [] if rows is None else json_records(path, rows, cls, label, problems, raw_ids)
    if suffix == ".csv":
        text = _read_text(path, problems)
        return [] if text is None else csv_records(path, text, cls, problems, raw_ids)
    problems.append(f"{path}: unknown format {path.suffix!r}: use .json or .csv")
    return []


# -- reading datasets ----------------------------------------------------------------------------


def dataset_files(folder: Path, problems: list[str]) -> tuple[dict[str, Path], str | None]:
    files: dict[str, Path] = {}
    for name in COLLECTIONS:
        present = [folder / f"{name}{suffix}" for suffix in (".csv", ".json")]
        present = [path for path in present if os.path.lexists(path)]
        if len(present) > 1:
            problems.append(f"{folder}: both {present[0].name} and {present[1].name}: keep one")
        elif present and _inside(folder, present[0], folder, problems):
            files[name] = present[0]
    version = None
    manifest_path = folder / MANIFEST
    if os.path.lexists(manifest_path) and _inside(folder, manifest_path, folder, problems):
        manifest = read_json(manifest_path, problems)
        if isinstance(manifest, dict):
            version = check_header(manifest_path, manifest, {"files", OWNED_KEY}, problems)
            listed = manifest.get("files", {})
            for name, file in listed.items() if isinstance(listed, dict) else ():
                if name not in COLLECTIONS or not isinstance(file, str):
                    problems.append(f"{manifest_path}: files: unknown collection {name!r}")
                elif not _inside(folder, folder / file, manifest_path, problems):
                    continue
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


def _inside(folder: Path, path: Path, where: object, problems: list[str]) -> bool:
    """Whether `path` (symbolic links followed) stays inside `folder`; else a problem.

    A manifest naming `../../x.csv` or an absolute path, or a link in the folder to a file
    elsewhere, would read a file the dataset does not hold.
    """
    try:
        resolved, root = path.resolve(), folder.resolve()
    except (OSError, RuntimeError, ValueError) as error:  # a link loop, a name the system refuses
        problems.append(f"{where}: cannot resolve {path.name!r}: {error}")
        return False
    if resolved != root and root not in resolved.parents:
        shown = str(path.relative_to(folder)) if path.is_relative_to(folder) else str(path)
        problems.append(
            f"{where}: {shown[:200]!r} leads outside the dataset folder: files are read only "
            "from inside it"
        )
        return False
    return True


def check_header(
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


def assemble(
    documents: Mapping[str, tuple[Path, Any]],
    files: Mapping[str, Sequence[Path]],
    base: Dataset | None,
    version: str,
    problems: list[str],
) -> Dataset | None:
    reads: dict[str, list[Read]] = {}
    raw_ids: set[str] = set()
    known = References(
        base.metrics if base is not None else (), base.sources if base is not None else ()
    )
    for name, cls in COLLECTIONS.items():
        token = REFERENCES.set(known)
        try:
            found: list[Read] = []
            if name in documents:
                path, rows = documents[name]
                found += json_records(path, rows, cls, name, problems, raw_ids)
            for path in files[name]:
                found += read_collection(path, cls, name, problems, raw_ids)
        finally:
            REFERENCES.reset(token)
        reads[name] = _merge(duplicates(found, problems), base, name, problems)
        # Indicators read later may name the metrics and sources read so far.
        if name == "metrics":
            known.metrics.update((read.record.key, read.record) for read in reads[name])
        if name == "sources":
            known.sources.update((read.record.id, read.record) for read in reads[name])
    _collect_references(reads, known, problems)
    records: dict[str, Any] = {
        name: [read.record for read in found] for name, found in reads.items()
    }
    if base is not None:
        records = {name: [*getattr(base, name), *records[name]] for name in COLLECTIONS}
    try:
        # A user's files on top of the bundled data keep its (lazily read) village table.
        villages = base.villages.resource if base is not None else None
        return Dataset(**records, data_version=version, villages_resource=villages)
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


def _merge(reads: list[Read], base: Dataset | None, name: str, problems: list[str]) -> list[Read]:
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
                located(
                    read.where,
                    read.record.id,
                    f"duplicate id: the base dataset "
                    f"({base.data_version}) has a different record with this id",
                )
            )
    return kept


def _collect_references(
    reads: dict[str, list[Read]], known: References, problems: list[str]
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
                reads[f"{label}s"].append(Read(item, read.where))
            elif listed is not item and listed != item:
                problems.append(
                    located(
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
    return located(place, match["key"], f"{match['field']}: {match['text']}")
