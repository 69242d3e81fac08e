"""The code history of every county-level and higher division of the six provinces, since 1981.

Each division code (GB/T 2260) has one or more *records*: a name and a level in use from a first
year (inclusive) to the year it changed or was retired (exclusive). The bundled table
(`data/code_history.csv`, built by `scripts/build_history.py` from yescallop/areacodes, CC0 1.0)
holds the records of Guangxi, Chongqing, Sichuan, Guizhou, Yunnan and Tibet, and the
province-level records of the whole country. It is read on first use, never by `load()`.

- [code_history][swchina_dev.catalog.history.code_history]: every record of a code.
- [record_in_force][swchina_dev.catalog.history.record_in_force]: the record of a code in a year.
- [recode][swchina_dev.catalog.history.recode]: where a code of one year went by a later year.

Examples:
    >>> record_in_force("522401", 2010).name_zh
    '毕节市'
    >>> recode("520522", 2019, 2024).targets
    ('520581',)
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Mapping
from typing import Final, Literal

import attrs

from swchina_dev.catalog.events import ChangeEvent, events_between
from swchina_dev.errors import NotFoundError, ValidationError
from swchina_dev.resources import load_once, read_resource

__all__ = ["CodeRecord", "Recoding", "Relation", "code_history", "recode", "record_in_force"]

_RESOURCE: Final = "code_history.csv"
_SUCCESSOR: Final = re.compile(r"(\d{6})(?:\[(\d{4})\])?")

Level = Literal["province", "prefecture", "county"]
Status = Literal["in_use", "retired", "changed"]
Relation = Literal["same", "renamed", "recoded", "merged_into", "split", "partly_transferred"]


@attrs.frozen
class CodeRecord:
    """One record of a division code: a name and level in use over a span of years.

    Attributes:
        code: The six-digit division code.
        name_zh: The name in Chinese characters.
        level: `province`, `prefecture` or `county`.
        status: `in_use`, `retired` (the code was given up) or `changed` (the code was kept,
            the name, level or territory changed, and a new record of the code follows).
        start_year: First year in use (inclusive).
        end_year: Year it changed or was retired (exclusive); `None` while in use.
        successors: Codes the territory went to, each maybe with a `[YYYY]` suffix giving the
            year of a territorial change that differs from `end_year` (for a record still in use:
            the codes that parts of its territory went to).

    Examples:
        >>> record = code_history("520522")[0]
        >>> record.name_zh, record.start_year, record.end_year, record.successors
        ('黔西县', 2011, 2021, ('520581',))
        >>> record.in_force(2020)
        True
    """

    code: str
    name_zh: str
    level: Level
    status: Status
    start_year: int
    end_year: int | None
    successors: tuple[str, ...]

    def in_force(self, year: int) -> bool:
        """Whether the record is in use in `year` (`start_year <= year < end_year`)."""
        return self.start_year <= year and (self.end_year is None or year < self.end_year)


@attrs.frozen
class Recoding:
    """Where the division of a code in one year is by a later year.

    Attributes:
        code: The code asked about.
        from_year: The year the code was in use.
        to_year: The year asked for.
        relation: `same` (same code and name), `renamed` (same code, other name), `recoded` (one
            new code), `merged_into` (one new code shared with other old codes), `split` (several
            codes; all of them are in `targets`) or `partly_transferred` (same code, but part of
            its territory went to other codes in between).
        targets: The codes in use in `to_year`, sorted.
        records: The records of `targets` in force in `to_year`, in the same order.
        events: The change events on the way (the code and the codes it went to, between the
            two years), oldest first: what justifies the relation.

    Examples:
        >>> recoding = recode("522401", 2010, 2024)
        >>> recoding.relation, recoding.targets, recoding.records[0].name_zh
        ('recoded', ('520502',), '七星关区')
        >>> [(event.kind, event.document) for event in recoding.events]
        [('county_to_district', '国函〔2011〕130号')]
    """

    code: str
    from_year: int
    to_year: int
    relation: Relation
    targets: tuple[str, ...]
    records: tuple[CodeRecord, ...]
    events: tuple[ChangeEvent, ...] = ()


@attrs.frozen
class _Table:
    by_code: Mapping[str, tuple[CodeRecord, ...]]
    # (successor code, year) -> codes of the records that ended that year and went to it.
    predecessors: Mapping[tuple[str, int], frozenset[str]]


def _split(successor: str) -> tuple[str, int | None]:
    match = _SUCCESSOR.fullmatch(successor)
    if match is None:  # pragma: no cover - the build script checks the form
        raise ValidationError(f"malformed successor {successor!r}", file=f"data/{_RESOURCE}")
    return match.group(1), int(match.group(2)) if match.group(2) else None


def _main_successors(record: CodeRecord) -> tuple[str, ...]:
    """The codes the record's territory went to when it ended (not earlier partial transfers)."""
    if record.end_year is None:
        return ()
    codes = []
    for successor in record.successors:
        code, year = _split(successor)
        if year is None or year >= record.end_year:
            codes.append(code)
    return tuple(dict.fromkeys(codes))


@load_once
def _table() -> _Table:
    reader = csv.DictReader(io.StringIO(read_resource(_RESOURCE)))
    grouped: dict[str, list[CodeRecord]] = {}
    predecessors: dict[tuple[str, int], set[str]] = {}
    for row in reader:
        record = CodeRecord(
            code=row["code"],
            name_zh=row["name_zh"],
            level=row["level"],  # type: ignore[arg-type]
            status=row["status"],  # type: ignore[arg-type]
            start_year=int(row["start_year"]),
            end_year=int(row["end_year"]) if row["end_year"] else None,
            successors=tuple(row["successors"].split("|")) if row["successors"] else (),
        )
        grouped.setdefault(record.code, []).append(record)
        if record.end_year is not None:
            for successor in _main_successors(record):
                predecessors.setdefault((successor, record.end_year), set()).add(record.code)
    return _Table(
        by_code={code: tuple(records) for code, records in grouped.items()},
        predecessors={key: frozenset(codes) for key, codes in predecessors.items()},
    )


def _year(when: object) -> int:
    if isinstance(when, bool) or not isinstance(when, int | dt.date):
        raise ValidationError(f"expected a year (int) or a datetime.date, got {when!r}")
    return when.year if isinstance(when, dt.date) else when


def code_history(code: str) -> tuple[CodeRecord, ...]:
    """Return every record of a division code, oldest first.

    Args:
        code: A six-digit division code of the six provinces, or any province-level code.

    Returns:
        The records, in order of their first year.

    Raises:
        NotFoundError: The table has no record of the code.

    Examples:
        >>> [(r.name_zh, r.start_year, r.end_year) for r in code_history("522401")]
        [('毕节市', 1993, 2011)]
    """
    records = _table().by_code.get(str(code))
    if records is None:
        raise NotFoundError(f"no division code {code!r} in the code history", record=str(code))
    return records


def _describe(record: CodeRecord) -> str:
    return f"{record.code} ({record.name_zh})"


def _record_at(code: str, year: int) -> CodeRecord:
    """The record of `code` in force in `year`, or else the nearest one (for successor links)."""
    records = code_history(code)
    for record in records:
        if record.in_force(year):
            return record
    later = [record for record in records if record.start_year >= year]
    return later[0] if later else records[-1]


def record_in_force(code: str, when: int | dt.date) -> CodeRecord:
    """Return the record of a code that is in use in a year.

    Args:
        code: A six-digit division code.
        when: A year, or a date (its year is used). Code lists are as of 31 December.

    Returns:
        The record with `start_year <= year < end_year`.

    Raises:
        NotFoundError: The code is unknown, or not in use that year: the message says when it
            was in use and, for a retired code, which codes succeeded it.
        ValidationError: `when` is neither an int nor a date.

    Examples:
        >>> record_in_force("520522", 2019).name_zh
        '黔西县'
        >>> try:
        ...     record_in_force("520522", dt.date(2022, 6, 1))
        ... except NotFoundError as error:
        ...     print(error.message.split(": ", 1)[1])
        it was retired in 2021; successor: 520581 (黔西市)
    """
    year = _year(when)
    records = code_history(code)
    for record in records:
        if record.in_force(year):
            return record
    before = [
        record for record in records if record.end_year is not None and record.end_year <= year
    ]
    if before:
        last = before[-1]
        assert last.end_year is not None
        verb = "retired" if last.status == "retired" else "changed"
        detail = f"it was {verb} in {last.end_year}"
        successors = [_describe(_record_at(s, last.end_year)) for s in _main_successors(last)]
        if successors:
            label = "successor" if len(successors) == 1 else "successors"
            detail += f"; {label}: {', '.join(successors)}"
    else:
        detail = f"it was first used in {records[0].start_year}"
    raise NotFoundError(
        f"code {_describe(records[0] if not before else before[-1])} was not in use in {year}: "
        f"{detail}",
        record=str(code),
    )


def _children_successors(record: CodeRecord, end_year: int) -> tuple[str, ...]:
    """For a prefecture retired without successors: the prefectures its counties went to.

    A county directly under a province (or a municipality such as Chongqing) counts for its
    province.
    """
    table = _table()
    prefix = record.code[:4]
    targets: set[str] = set()
    for code, records in table.by_code.items():
        if code == record.code or not code.startswith(prefix):
            continue
        for child in records:
            if child.level == "county" and child.in_force(end_year - 1):
                for target in _follow(child, end_year - 1, end_year)[0]:
                    # The prefecture above, or the province for a county directly under it.
                    for parent in (target[:4] + "00", target[:2] + "0000"):
                        if parent in table.by_code and _record_at(parent, end_year).in_force(
                            end_year
                        ):
                            targets.add(parent)
                            break
    return tuple(sorted(targets))


def _follow(start: CodeRecord, from_year: int, to_year: int) -> tuple[set[str], bool, bool]:
    """Follow successors from `start` to `to_year`: (target codes, partial transfer, merged)."""
    targets, partial, merged, _ = _walk(start, from_year, to_year)
    return targets, partial, merged


def _walk(start: CodeRecord, from_year: int, to_year: int) -> tuple[set[str], bool, bool, set[str]]:
    """As `_follow`, with the codes of every record passed on the way."""
    table = _table()
    targets: set[str] = set()
    partial = merged = False
    stack = [start]
    seen: set[tuple[str, int]] = set()
    while stack:
        record = stack.pop()
        if (record.code, record.start_year) in seen:
            continue
        seen.add((record.code, record.start_year))
        for successor in record.successors:
            _, year = _split(successor)
            ends_later = record.end_year is None or year is None or year < record.end_year
            if year is not None and ends_later and from_year < year <= to_year:
                partial = True
        if record.end_year is None or record.end_year > to_year:
            targets.add(record.code)
            continue
        end = record.end_year
        following = _main_successors(record) or (
            _children_successors(record, end) if record.level == "prefecture" else ()
        )
        if not following:
            raise NotFoundError(
                f"code {_describe(record)} was retired in {end} with no recorded successor",
                record=record.code,
            )
        if len(following) == 1 and table.predecessors.get((following[0], end), frozenset()) - {
            record.code,
            following[0],
        }:
            merged = True
        stack.extend(_record_at(code, end) for code in following)
    return targets, partial, merged, {code for code, _ in seen}


def recode(code: str, from_year: int | dt.date, to_year: int | dt.date) -> Recoding:
    """Say which codes of `to_year` cover the division a code had in `from_year`.

    Successors are followed transitively. A split is never reduced to one code: every code the
    territory went to is returned.

    Args:
        code: A six-digit division code, in use in `from_year`.
        from_year: The year of the code (an int, or a date whose year is used).
        to_year: The later year wanted (the same, or later).

    Returns:
        A [Recoding][swchina_dev.catalog.history.Recoding] with the relation and the targets.

    Raises:
        NotFoundError: The code is unknown or not in use in `from_year`, or a record on the way
            was retired with no recorded successor.
        ValidationError: `to_year` is before `from_year`, or a year is neither an int nor a date.

    Examples:
        >>> recode("520522", 2019, 2024).relation
        'recoded'
        >>> recode("520522", 2011, 2015).relation
        'same'
        >>> recode("522400", 2010, 2024).targets
        ('520500',)
    """
    start_year, end_year = _year(from_year), _year(to_year)
    if end_year < start_year:
        raise ValidationError(f"to_year {end_year} is before from_year {start_year}")
    start = record_in_force(code, start_year)
    found, partial, merged, passed = _walk(start, start_year, end_year)
    targets = tuple(sorted(found))
    records = tuple(record_in_force(target, end_year) for target in targets)
    relation: Relation
    if len(targets) > 1:
        relation = "split"
    elif targets[0] != start.code:
        relation = "merged_into" if merged else "recoded"
    elif records[0].name_zh != start.name_zh:
        relation = "renamed"
    else:
        relation = "partly_transferred" if partial else "same"
    return Recoding(
        code=start.code,
        from_year=start_year,
        to_year=end_year,
        relation=relation,
        targets=targets,
        records=records,
        events=events_between(passed, start_year, end_year),
    )
