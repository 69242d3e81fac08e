"""The divisions over time: a code's records and events, the tree at a date, former names.

Built on the code history ([code_history][swchina_dev.catalog.history.code_history]) and the
change events ([code_events][swchina_dev.catalog.events.code_events]):

- [code_timeline][swchina_dev.catalog.timeline.code_timeline]: a code's records and events;
- [divisions_in_force][swchina_dev.catalog.timeline.divisions_in_force]: the records in use in a
  year, optionally below one division;
- [find_former_names][swchina_dev.catalog.timeline.find_former_names]: the records that bore a
  name (in hanzi, with or without its level word), each with what became of it.

Examples:
    >>> [match.record.code for match in find_former_names("毕节地区", 2010)]
    ['522400']
    >>> len(divisions_in_force(2010, within="522400"))
    8
"""

from __future__ import annotations

import datetime as dt

import attrs

from swchina_dev.catalog.events import ChangeEvent, code_events
from swchina_dev.catalog.history import (
    CodeRecord,
    _main_successors,
    _record_at,
    _table,
    _year,
    code_history,
)
from swchina_dev.catalog.names import normalize_name, strip_level_suffix
from swchina_dev.errors import NotFoundError

__all__ = [
    "CodeTimeline",
    "FormerName",
    "code_timeline",
    "divisions_in_force",
    "find_former_names",
    "retirement",
]


@attrs.frozen
class CodeTimeline:
    """Everything known about one code over time.

    Attributes:
        code: The six-digit code.
        records: Its records, oldest first.
        events: The change events with the code on either side, oldest first.

    Examples:
        >>> timeline = code_timeline("520522")
        >>> [(r.name_zh, r.start_year, r.end_year) for r in timeline.records]
        [('黔西县', 2011, 2021)]
        >>> [event.kind for event in timeline.events]
        ['recoded', 'county_to_city']
    """

    code: str
    records: tuple[CodeRecord, ...]
    events: tuple[ChangeEvent, ...]


@attrs.frozen
class FormerName:
    """A record that bore a name, and what became of it.

    Attributes:
        record: The record.
        successors: For a record that ended: the records its territory went to, in force the
            year it ended (empty while it is in use).
        events: The change events of the year it ended that have it on their old side.

    Examples:
        >>> match = find_former_names("毕节地区", 2010)[0]
        >>> match.describe()
        '522400 毕节地区 (prefecture, 1981-2010): succeeded in 2011 by 520500 毕节市'
    """

    record: CodeRecord
    successors: tuple[CodeRecord, ...]
    events: tuple[ChangeEvent, ...]

    def describe(self) -> str:
        """One line for people: the record, the years it was in use (inclusive) and its fate."""
        record = self.record
        end = record.end_year - 1 if record.end_year is not None else ""
        text = f"{record.code} {record.name_zh} ({record.level}, {record.start_year}-{end})"
        if record.end_year is None:
            return text + ": in use"
        if not self.successors:
            return text + f": ended in {record.end_year}"
        names = ", ".join(f"{r.code} {r.name_zh}" for r in self.successors)
        return text + f": succeeded in {record.end_year} by {names}"


def code_timeline(code: str) -> CodeTimeline:
    """Return the records and the change events of a code, oldest first.

    Args:
        code: A six-digit division code of the six provinces, or a province-level code.

    Returns:
        A [CodeTimeline][swchina_dev.catalog.timeline.CodeTimeline].

    Raises:
        NotFoundError: The history has no record of the code.

    Examples:
        >>> [event.describe() for event in code_timeline("520581").events]
        ['2021-03-16 county_to_city: 520522 黔西县 -> 520581 黔西市']
    """
    return CodeTimeline(str(code), code_history(code), code_events(code))


def _inside(code: str, within: str) -> bool:
    if within.endswith("0000"):
        return code != within and code.startswith(within[:2])
    if within.endswith("00"):
        return code != within and code.startswith(within[:4])
    return False


def divisions_in_force(when: int | dt.date, within: str | None = None) -> tuple[CodeRecord, ...]:
    """Return the records in use in a year: the tree of divisions as it stood then.

    Args:
        when: A year, or a date (its year is used; code lists are as of 31 December).
        within: Optionally a code in use that year: only the records below it (a province's
            prefectures and counties, a prefecture's counties).

    Returns:
        The records, sorted by code (their parents are the records whose codes they start with).

    Raises:
        NotFoundError: `within` was not in use that year.
        ValidationError: `when` is neither an int nor a date.

    Examples:
        >>> [r.name_zh for r in divisions_in_force(2010, within="522400")][:2]
        ['毕节市', '大方县']
        >>> "520581" in {r.code for r in divisions_in_force(2020, within="520500")}
        False
    """
    year = _year(when)
    if within is not None:
        # The same error as record_in_force for a code not in use.
        from swchina_dev.catalog.history import record_in_force

        within = record_in_force(within, year).code
    found = [
        record
        for code, records in _table().by_code.items()
        if within is None or _inside(code, within)
        for record in records
        if record.in_force(year)
    ]
    return tuple(sorted(found, key=lambda record: record.code))


def _fate(record: CodeRecord) -> FormerName:
    if record.end_year is None:
        return FormerName(record, (), ())
    end = record.end_year
    successors = tuple(_record_at(code, end) for code in _main_successors(record))
    if not successors:  # a prefecture that gave no successor: the events say where it went
        codes = {
            code
            for event in code_events(record.code)
            if event.year == end and record.code in event.from_codes
            for code in event.to_codes
        }
        successors = tuple(_record_at(code, end) for code in sorted(codes))
    events = tuple(
        event
        for event in code_events(record.code)
        if event.year == end and record.code in event.from_codes
    )
    return FormerName(record, successors, events)


def retirement(code: str) -> FormerName | None:
    """Say whether a code is no longer in use and what succeeded it.

    Args:
        code: A division code (of any length; only six-digit codes have a history).

    Returns:
        `None` while the code's last record is in use or the history does not know the code;
        else its last record with its successors.

    Examples:
        >>> retirement("520522").describe()
        '520522 黔西县 (county, 2011-2020): succeeded in 2021 by 520581 黔西市'
        >>> retirement("520581") is None
        True
    """
    records = _table().by_code.get(str(code))
    if not records or records[-1].end_year is None:
        return None
    return _fate(records[-1])


def find_former_names(name: str, when: int | dt.date | None = None) -> tuple[FormerName, ...]:
    """Find the records that bore a name, each with its fate.

    A name matches a record's hanzi name exactly, or else without its level word (`毕节` finds
    毕节地区, the county-level 毕节市 and the prefecture-level 毕节市).

    Args:
        name: A name in Chinese characters (`毕节地区`, `黔西县`, `黔西`).
        when: Optionally a year or a date: only the records in use then.

    Returns:
        The matches, exact ones first, each sorted by first year then code.

    Raises:
        NotFoundError: No record bore the name (in that year).

    Examples:
        >>> for match in find_former_names("黔西县"):
        ...     print(match.describe())
        522423 黔西县 (county, 1981-2010): succeeded in 2011 by 520522 黔西县
        520522 黔西县 (county, 2011-2020): succeeded in 2021 by 520581 黔西市
        >>> [m.record.code for m in find_former_names("毕节", 2010)]
        ['522400', '522401']
    """
    year = None if when is None else _year(when)
    wanted = normalize_name(name)
    short = strip_level_suffix(wanted)
    exact, loose = [], []
    for records in _table().by_code.values():
        for record in records:
            if year is not None and not record.in_force(year):
                continue
            normal = normalize_name(record.name_zh)
            if normal == wanted:
                exact.append(record)
            elif short and strip_level_suffix(normal) == short:
                loose.append(record)
    found = exact or loose
    if not found:
        at = f" in {year}" if year is not None else ""
        raise NotFoundError(f"no division was named {name!r}{at} in the code history", record=name)
    found.sort(key=lambda record: (record.start_year, record.code))
    return tuple(_fate(record) for record in found)
