"""Structuring rows read from files into records, each problem placed by file and line.

Valid records (nearly all) take a lean converter's fast path; a record it refuses is structured
again by [structure][swchina_dev.serialization.structure], whose complete report is the one users
see. Indicator rows may name their metric and source by key and id: the records they may name are
set for the duration of a read (`REFERENCES`).
"""

from __future__ import annotations

import contextvars
import functools
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any, Final, NamedTuple, TypeVar

import cattrs

from swchina_dev.errors import StructureError
from swchina_dev.models import (
    Indicator,
    Metric,
    Region,
    Source,
)
from swchina_dev.serialization import make_converter, structure, unstructure
from swchina_dev.text.words import QUALIFIERS

T = TypeVar("T")

#: Problems a read collects before it stops (the rest of the file is not checked): a file of
#: 20,000 bad rows is reported in a moment, and the report stays readable.
MAX_PROBLEMS: Final = 1000


def stop_reading(where: object, problems: list[str]) -> bool:
    """Whether a read has `MAX_PROBLEMS` problems; if so, say so (once per file)."""
    if len(problems) < MAX_PROBLEMS:
        return False
    problems.append(
        f"{where}: stopped reading after {MAX_PROBLEMS} problems; the rest is not checked "
        "(fix these and read again)"
    )
    return True


class References:
    """The metrics and sources that indicator rows may name by key and id while reading."""

    def __init__(self, metrics: Iterable[Metric] = (), sources: Iterable[Source] = ()) -> None:
        self.metrics = {metric.key: metric for metric in metrics}
        self.sources = {source.id: source for source in sources}
        self._full: dict[Any, Any] = {}

    def full_record(self, data: dict[str, Any], cls: type[Metric | Source]) -> Any:
        """A metric or source given in full (as to_json writes an indicator), built once.

        Returns the record, or `data` itself when it is not valid (the slow path reports it).
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


REFERENCES: contextvars.ContextVar[References] = contextvars.ContextVar("REFERENCES")


# -- converters ----------------------------------------------------------------------------------


@functools.cache
def _fast_converter() -> cattrs.Converter:
    """A lean converter for valid regions, zones, enterprises and groupings.

    Valid records (nearly all) take this path: it skips the detailed error collection. A record
    it refuses is structured again by [structure][swchina_dev.serialization.structure], whose
    complete report is the one users see. (Indicators are built by their model directly, with
    their metric and source resolved: see `structure_record`.)
    """
    return make_converter(detailed=False)  # failures are reported by the slow path


_REFERENCE_FIELDS: Final = (("metric", "metrics"), ("source", "sources"))
_MEASURE_FIELDS: Final = ("measure", "stated_conversion")


def _qualifier_word(measure: Any) -> Any:
    """A stored measure with its qualifier written as people write it ("over") made canonical.

    Files are written by hand as well as by the library: the words the text readers know
    ("over", "more than", "nearly", "about", "up to"; [QUALIFIERS][swchina_dev.text.words])
    are read as the qualifier they stand for. Anything else is left for the model to refuse.
    """
    if not isinstance(measure, dict) or not isinstance(measure.get("qualifier"), str):
        return measure
    word = " ".join(measure["qualifier"].lower().split())
    found = QUALIFIERS.get(word)
    return measure if found is None else {**measure, "qualifier": found.value}


def structure_record(data: Any, cls: type[T]) -> tuple[T | None, list[str]]:
    """Structure one record; return it, or None and its problems (`"field: reason"`).

    An indicator may name its metric and source by key and id (see `References`).
    """
    problems: list[str] = []
    if cls is Indicator and isinstance(data, dict):
        known = REFERENCES.get(None) or References()
        data = dict(data)
        for field in _MEASURE_FIELDS:
            if field in data:
                data[field] = _qualifier_word(data[field])
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
            if cls is Indicator and isinstance(data, dict):
                # The model checks the type of each of its fields itself.
                return cls(**data), []
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


# -- located records -----------------------------------------------------------------------------


class Read(NamedTuple):
    """One record read, with where it came from (for problems found later)."""

    record: Any
    where: str


def located(where: str, record: object, problem: str) -> str:
    """Prefix a problem with where it is: the file and position, and the record's id if any."""
    label = f" ({record})" if isinstance(record, str) and record else ""
    return f"{where}{label}: {problem}"


def json_records(
    path: Path, rows: Any, cls: type[T], label: str, problems: list[str], raw_ids: set[str]
) -> list[Read]:
    """Structure the records of one JSON list, adding every failure to `problems`."""
    if not isinstance(rows, list):
        problems.append(f"{path}: {label}: expected a list of records, got {type(rows).__name__}")
        return []
    key = "code" if cls is Region else "key" if cls is Metric else "id"
    found = []
    prefix = f"{path}: {label}["
    for index, row in enumerate(rows):
        if len(problems) >= MAX_PROBLEMS and stop_reading(path, problems):
            break
        record_id = row.get(key) if row.__class__ is dict else None
        if record_id.__class__ is str:
            raw_ids.add(record_id)
        record, failures = structure_record(row, cls)
        where = f"{prefix}{index}]"
        if failures:
            problems += [located(where, record_id, failure) for failure in failures]
        if record is not None:
            found.append(Read(record, where))
    return found


def duplicates(reads: Sequence[Read], problems: list[str]) -> list[Read]:
    """Keep the first record of each id; report every later one as a duplicate."""
    first: dict[str, str] = {}
    kept = []
    for read in reads:
        key = read.record.id
        if key in first:
            problems.append(located(read.where, key, f"duplicate id (first at {first[key]})"))
        else:
            first[key] = read.where
            kept.append(read)
    return kept
