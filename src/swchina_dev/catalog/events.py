"""Change events of the divisions: county level and above since 1981, townships 2014-2023.

A *change event* links the records of a year's code list to those of the next year's: the codes
and names on the old side and on the new side, the kind of change, the approving document (文号)
and the approval's date where the source gives them. The bundled tables are built by
`scripts/build_events.py`: `data/code_events.csv` from the yearly diffs of yescallop/areacodes
(CC0 1.0) for the six provinces and the province-level codes of China, and
`data/township_changes.csv` from the township-level change lists 2014-2023 of the six provinces
(yescallop/areacodes, from the Ministry of Civil Affairs). Both are read on first use.

Kinds of the county-level and higher events (`EventKind`):

| kind | what changed |
| --- | --- |
| `renamed` | the name; the code stays |
| `recoded` | the code; the name stays |
| `renamed_recoded` | both, with no change of type (e.g. a district re-coded under a new name) |
| `county_to_city` | a county (or banner) became a county-level city |
| `county_to_district` | a county-level unit other than a district became a district |
| `prefecture_to_city` | a prefecture (地区, 盟) became a prefecture-level city |
| `level_changed` | one record became a record of another level (e.g. a city became a district) |
| `merged` | several records became one, or one was absorbed by a record that existed before |
| `split` | one record became several |
| `reorganized` | several records became several others |
| `territory_transferred` | a record that goes on under its code and name gave part of its area |
| `new` | a record with no predecessor at its level (e.g. carved out of a city's own area) |
| `abolished` | a record with no successor |

Kinds of the township changes (`TownshipKind`, from the source's reason): `township_to_town`
(撤乡设镇), `to_subdistrict` (撤镇设街道 and alike), `merged` (several into one), `merged_into`
(并入: into another unit), `abolished` (撤销), `new` (新设), `renamed`, `recoded`,
`renamed_recoded`, `reestablished` (abolished and set up again as the same type),
`boundary_changed` (区划调整) and `unstated` (no reason given).

Examples:
    >>> [(e.year, e.kind, e.to_codes) for e in code_events("520522")]
    [(2011, 'recoded', ('520522',)), (2021, 'county_to_city', ('520581',))]
    >>> code_events("520522")[-1].date
    '2021-03-16'
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from typing import Final, Literal

import attrs

from swchina_dev.errors import NotFoundError
from swchina_dev.resources import load_once, read_resource

__all__ = [
    "ChangeEvent",
    "EventKind",
    "TownshipChange",
    "TownshipKind",
    "code_events",
    "events_between",
    "township_changes",
]

_EVENTS: Final = "code_events.csv"
_TOWNSHIPS: Final = "township_changes.csv"

EventKind = Literal[
    "renamed",
    "recoded",
    "renamed_recoded",
    "county_to_city",
    "county_to_district",
    "prefecture_to_city",
    "level_changed",
    "merged",
    "split",
    "reorganized",
    "territory_transferred",
    "new",
    "abolished",
]
TownshipKind = Literal[
    "township_to_town",
    "to_subdistrict",
    "merged",
    "merged_into",
    "abolished",
    "new",
    "renamed",
    "recoded",
    "renamed_recoded",
    "reestablished",
    "boundary_changed",
    "unstated",
]


@attrs.frozen
class ChangeEvent:
    """One change between the code lists of `year - 1` and `year` (as of 31 December).

    Attributes:
        year: The year of the first code list that shows the change.
        date: The approval's date as the source gives it (`2021-02-20`, or `1985-04`), else the
            year (`1984`).
        kind: What changed (`EventKind`, in the table of the module above).
        document: The approving documents' numbers (文号), `|`-joined; empty when not given.
        from_codes: The codes on the old side (empty for `new`).
        from_names: Their names in the old list, in the same order.
        to_codes: The codes on the new side (empty for `abolished`).
        to_names: Their names in the new list.
        source: Where the approval was published (as the diff cites it), `|`-joined.

    Examples:
        >>> event = code_events("522401")[-1]
        >>> event.kind, event.from_names, event.to_names, event.date
        ('county_to_district', ('毕节市',), ('七星关区',), '2011-10-22')
    """

    year: int
    date: str
    kind: EventKind
    document: str
    from_codes: tuple[str, ...]
    from_names: tuple[str, ...]
    to_codes: tuple[str, ...]
    to_names: tuple[str, ...]
    source: str

    def describe(self) -> str:
        """One line for people: date, kind, both sides and the document.

        Examples:
            >>> print(code_events("520581")[0].describe())
            2021-03-16 county_to_city: 520522 黔西县 -> 520581 黔西市
        """
        old = (
            ", ".join(f"{c} {n}" for c, n in zip(self.from_codes, self.from_names, strict=True))
            or "-"
        )
        new = (
            ", ".join(f"{c} {n}" for c, n in zip(self.to_codes, self.to_names, strict=True)) or "-"
        )
        document = f" ({self.document})" if self.document else ""
        return f"{self.date} {self.kind}: {old} -> {new}{document}"


@attrs.frozen
class TownshipChange:
    """One township-level change (a row of the Ministry of Civil Affairs' yearly lists).

    Attributes:
        year: The year of the change (2014-2023).
        province: The province's short Chinese name (`四川`).
        kind: What changed (`TownshipKind`).
        reason: The reason as the source words it (`撤乡设镇`).
        old_code: The nine-digit code before the change (empty for a new unit).
        old_name: Its name.
        new_code: The code after the change (empty when abolished or merged into a unit whose
            code the source does not give).
        new_name: Its name (for `merged_into` without a code: the unit it was merged into).
        document: The approving document's number (文号).

    Examples:
        >>> change = township_changes("520502014")[0]
        >>> change.kind, change.new_name, change.document
        ('new', '甘河街道', '毕府复〔2020〕32号')
    """

    year: int
    province: str
    kind: TownshipKind
    reason: str
    old_code: str
    old_name: str
    new_code: str
    new_name: str
    document: str


def _codes(cell: str) -> tuple[str, ...]:
    return tuple(cell.split("|")) if cell else ()


@attrs.frozen
class _Events:
    events: tuple[ChangeEvent, ...]
    by_code: Mapping[str, tuple[ChangeEvent, ...]]


@load_once
def _events() -> _Events:
    events = tuple(
        ChangeEvent(
            year=int(row["year"]),
            date=row["date"],
            kind=row["kind"],  # type: ignore[arg-type]
            document=row["document"],
            from_codes=_codes(row["from_codes"]),
            from_names=_codes(row["from_names"]),
            to_codes=_codes(row["to_codes"]),
            to_names=_codes(row["to_names"]),
            source=row["source"],
        )
        for row in csv.DictReader(io.StringIO(read_resource(_EVENTS)))
    )
    by_code: dict[str, list[ChangeEvent]] = {}
    for event in events:
        for code in dict.fromkeys(event.from_codes + event.to_codes):
            by_code.setdefault(code, []).append(event)
    return _Events(events, {code: tuple(found) for code, found in by_code.items()})


@load_once
def _townships() -> Mapping[str, tuple[TownshipChange, ...]]:
    by_code: dict[str, list[TownshipChange]] = {}
    for row in csv.DictReader(io.StringIO(read_resource(_TOWNSHIPS))):
        change = TownshipChange(
            year=int(row["year"]),
            province=row["province"],
            kind=row["kind"],  # type: ignore[arg-type]
            reason=row["reason"],
            old_code=row["old_code"],
            old_name=row["old_name"],
            new_code=row["new_code"],
            new_name=row["new_name"],
            document=row["document"],
        )
        for code in dict.fromkeys(c for c in (change.old_code, change.new_code) if c):
            by_code.setdefault(code, []).append(change)
    return {code: tuple(found) for code, found in by_code.items()}


def all_events() -> tuple[ChangeEvent, ...]:
    """Every county-level and higher change event, in order of year and date."""
    return _events().events


def code_events(code: str) -> tuple[ChangeEvent, ...]:
    """Return the change events of a county-level or higher code, oldest first.

    Args:
        code: A six-digit division code of the six provinces, or a province-level code.

    Returns:
        Every event with the code on either side (empty if the code never changed).

    Raises:
        NotFoundError: The code is not a six-digit code.

    Examples:
        >>> [e.kind for e in code_events("522400")]
        ['prefecture_to_city']
    """
    code = str(code)
    if len(code) != 6 or not code.isdigit():
        raise NotFoundError(f"{code!r} is not a six-digit division code", record=code)
    return _events().by_code.get(code, ())


def events_between(codes: set[str], after: int, until: int) -> tuple[ChangeEvent, ...]:
    """The events of years `after < year <= until` that have one of `codes` on their old side."""
    table = _events().by_code
    found = {
        event
        for code in codes
        for event in table.get(code, ())
        if after < event.year <= until and code in event.from_codes
    }
    return tuple(sorted(found, key=lambda event: (event.year, event.date, event.from_codes)))


def township_changes(code: str) -> tuple[TownshipChange, ...]:
    """Return the changes 2014-2023 of a nine-digit township code (old or new side), in order.

    Args:
        code: A nine-digit township code of the six provinces.

    Returns:
        The changes with the code on either side, oldest first (empty if none).

    Raises:
        NotFoundError: The code is not a nine-digit code.

    Examples:
        >>> [(c.year, c.kind, c.new_name) for c in township_changes("520522005")]
        [(2019, 'new', '锦绣街道')]
    """
    code = str(code)
    if len(code) != 9 or not code.isdigit():
        raise NotFoundError(f"{code!r} is not a nine-digit township code", record=code)
    return tuple(sorted(_townships().get(code, ()), key=lambda change: change.year))
