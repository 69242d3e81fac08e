"""Census figures on the codes of a later year, where the changes in between allow it.

A census figure belongs to the codes of its census.
[census_on_codes_of][swchina_dev.catalog.census_boundaries.census_on_codes_of] follows each unit
through the code history ([recode][swchina_dev.catalog.history.recode]) to the codes of a later
year:

| relation of the census unit | what the later code gets |
| --- | --- |
| `same`, `renamed`, `recoded` | its value |
| `merged_into` (several units became one) | the sum of their values (additive metrics only) |
| `split`, `partly_transferred` | nothing: every code its territory went to is *not comparable* |

A later code is comparable only when every unit that went into it went whole and it received
no part of another (a split, or a territory transferred to it on the way); otherwise it is
listed with the reason, never apportioned.
[census_change][swchina_dev.catalog.census_boundaries.census_change] puts both censuses on the
same codes and compares them where both are comparable.

Examples:
    >>> bijie = census_on_codes_of("population", 2010, 2023, level="prefecture")
    >>> bijie["520500"].value, bijie["520500"].census_codes, bijie["520500"].relation
    (6537498, ('522400',), 'recoded')
    >>> change = census_change("population", 2023, level="county")
    >>> print(change["520502"].describe())
    520502: 1137383 (2010, from 522401) -> 1305066 (2020): +167683 (+14.74%)
"""

from __future__ import annotations

import functools
from collections.abc import Iterator, Mapping
from typing import Final, Literal

import attrs

from swchina_dev.catalog.census import CensusLevel, Number, census_column
from swchina_dev.catalog.census import census_unit as census_unit_of
from swchina_dev.catalog.census_figures import CENSUS_YEARS, FIGURES
from swchina_dev.catalog.history import Recoding, code_history, recode
from swchina_dev.errors import NotFoundError, ValidationError

__all__ = [
    "COUNT_METRICS",
    "CensusChange",
    "OnCodes",
    "RecodedValue",
    "census_change",
    "census_on_codes_of",
]

Relation = Literal["same", "renamed", "recoded", "merged", "not_comparable"]
_WHOLE: Final = frozenset({"same", "renamed", "recoded", "merged_into"})
#: The metrics of the census figures that add up across units (counts); the others are rates.
COUNT_METRICS: Final = frozenset({"population", "households", "registered_population"})


@attrs.frozen
class RecodedValue:
    """A census figure on a later code.

    Attributes:
        code: The later code.
        value: The figure (a sum for a merger); `None` where it is not comparable or a census
            unit that went into it has no value.
        relation: `same`, `renamed`, `recoded`, `merged` (several census units summed) or
            `not_comparable`.
        census_codes: The census units that went into it, whole or in part.
        reason: Why it is not comparable (empty otherwise).
    """

    code: str
    value: Number | None
    relation: Relation
    census_codes: tuple[str, ...]
    reason: str = ""

    def describe(self) -> str:
        """One line: the later code, its value and where it comes from (or why it has none)."""
        units = ", ".join(self.census_codes)
        if self.relation == "not_comparable":
            return f"{self.code}: not comparable: {self.reason} (census units {units})"
        return f"{self.code}: {self.value} ({self.relation}, from {units})"


@attrs.frozen(eq=False)
class OnCodes(Mapping[str, RecodedValue]):
    """One census figure on the codes of a later year, by later code.

    Attributes:
        key: The figure.
        year: The census.
        to_year: The year of the codes.
        by_code: The recoded values by later code (the mapping itself reads it).
    """

    key: str
    year: int
    to_year: int
    by_code: Mapping[str, RecodedValue]

    def __getitem__(self, code: str) -> RecodedValue:
        return self.by_code[code]

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_code)

    def __len__(self) -> int:
        return len(self.by_code)

    def comparable(self) -> dict[str, Number]:
        """The later codes with a value, and the value."""
        return {
            code: found.value
            for code, found in self.by_code.items()
            if found.relation != "not_comparable" and found.value is not None
        }


def _census_recoding(code: str, year: int, to_year: int) -> Recoding:
    """Recode a census code: the census counts on 1 November, the code lists on 31 December."""
    records = code_history(code)
    start = year if any(record.in_force(year) for record in records) else year - 1
    return recode(code, start, to_year)


def _tainted(recoding: Recoding, to_year: int) -> tuple[set[str], str]:
    """The later codes a census unit's change makes incomparable, and why."""
    if recoding.relation == "split":
        return set(recoding.targets), f"{recoding.code} was split"
    if recoding.relation != "partly_transferred":
        return set(), ""
    codes = set(recoding.targets)
    for event in recoding.events:
        if event.kind == "territory_transferred":
            for code in (*event.from_codes, *event.to_codes):
                try:
                    codes.update(recode(code, event.year, to_year).targets)
                except NotFoundError:
                    continue
    return codes, f"{recoding.code} gave part of its territory ({recoding.events[0].year})"


def _container(code: str, level: str, year: int) -> str:
    """The prefecture (or, for a county directly under it, the province) or province of a code."""
    if level == "province":
        return code[:2] + "0000"
    prefecture = code[:4] + "00"
    try:
        in_force = any(record.in_force(year) for record in code_history(prefecture))
    except NotFoundError:
        in_force = False
    return prefecture if in_force and prefecture != code[:2] + "0000" else code[:2] + "0000"


@functools.lru_cache(maxsize=16)
def _moved_counties(year: int, to_year: int, level: str) -> tuple[tuple[str, str], ...]:
    """The later units whose counties are not those of a census unit: (code, reason) pairs.

    A county that went whole from one prefecture to another (Jianyang, from Ziyang to Chengdu
    in 2016) leaves both prefectures' codes in place but changes what they cover.
    """
    units = census_column("population", year, level="county")
    moved: dict[str, str] = {}
    for code in units.codes:
        then = census_unit_of(code, year).parent
        if then is None or (level == "prefecture" and then.endswith("0000")):
            continue  # a county directly under a province: in no prefecture
        if level == "province":
            then = code[:2] + "0000"
        try:
            now_then = _census_recoding(then, year, to_year).targets
            recoding = _census_recoding(code, year, to_year)
        except NotFoundError:
            continue
        # Where its territory went, whole or in part (a transfer may cross a prefecture line).
        for target in sorted({*recoding.targets, *_tainted(recoding, to_year)[0]}):
            now = _container(target, level, to_year)
            if (now,) != now_then:
                verb = "is now in" if recoding.targets == (target,) else "went partly to"
                reason = f"county {code} of {then} {verb} {now}"
                for changed in (now, *now_then):
                    moved.setdefault(changed, reason)
    return tuple(sorted(moved.items()))


@functools.lru_cache(maxsize=128)
def census_on_codes_of(
    key: str, year: int, to_year: int = 2023, *, level: CensusLevel = "county"
) -> OnCodes:
    """Bring one census figure of one level to the codes of a later year.

    Args:
        key: The figure ([FIGURES][swchina_dev.catalog.census_figures]).
        year: The census (2010 or 2020).
        to_year: The year of the codes wanted (at least the census year).
        level: `county`, `prefecture` or `province`.

    Returns:
        An [OnCodes][swchina_dev.catalog.census_boundaries.OnCodes] mapping: every later code
        that a census unit went to, comparable or not.

    Raises:
        ValidationError: `to_year` is before the census, or the level is `country`.
        NotFoundError: The figure is unknown or not of that census.

    Examples:
        >>> census_on_codes_of("population", 2010, 2023)["520603"].describe()
        '520603: not comparable: 522201 was split (census units 522201, 522230)'
    """
    if to_year < year:
        raise ValidationError(f"to_year {to_year} is before the census of {year}")
    if level == "country":
        raise ValidationError("ask for a province, prefecture or county (the country has no code)")
    column = census_column(key, year, level=level)
    additive = FIGURES[key].metric in COUNT_METRICS
    parts: dict[str, list[tuple[str, Number | None, str]]] = {}
    tainted: dict[str, str] = (
        dict(_moved_counties(year, to_year, level)) if level != "county" else {}
    )
    for code, value in column:
        try:
            recoding = _census_recoding(code, year, to_year)
        except NotFoundError as error:
            tainted.setdefault(code, error.message)
            parts.setdefault(code, []).append((code, value, "not_in_history"))
            continue
        for target in recoding.targets:
            parts.setdefault(target, []).append((code, value, recoding.relation))
        codes, reason = _tainted(recoding, to_year)
        for target in codes:
            tainted.setdefault(target, reason)
    values = {}
    for target in sorted(parts):
        found = parts[target]
        census_codes = tuple(sorted(code for code, _, _ in found))
        relations = {relation for _, _, relation in found}
        reason = tainted.get(target, "")
        if not reason and not relations <= _WHOLE:
            reason = "a unit that went into it changed in part"
        if not reason and len(found) > 1 and not additive:
            reason = f"{key} of several units does not add up"
        if reason:
            values[target] = RecodedValue(target, None, "not_comparable", census_codes, reason)
            continue
        numbers = [value for _, value, _ in found]
        total = None if None in numbers else sum(numbers)  # type: ignore[arg-type]
        relation: Relation = "merged" if len(found) > 1 else found[0][2]  # type: ignore[assignment]
        values[target] = RecodedValue(target, total, relation, census_codes)
    return OnCodes(key, year, to_year, values)


@attrs.frozen
class CensusChange:
    """A figure's change between the censuses, on the codes of one year.

    Attributes:
        code: The code (of `census_on_codes_of`).
        start: The 2010 figure on that code, with how it got there.
        end: The 2020 figure on that code.
        absolute: `end - start`, where both are comparable.
        relative: The change in percent of the start, rounded to two decimals, where defined.
    """

    code: str
    start: RecodedValue | None
    end: RecodedValue | None
    absolute: Number | None
    relative: float | None

    def describe(self) -> str:
        """One line: both values, where they come from, and the change (or why there is none)."""
        if self.absolute is None:
            why = []
            for year, found in ((2010, self.start), (2020, self.end)):
                if found is None:
                    why.append(f"{year}: no unit of that census went into it")
                elif found.value is None:
                    why.append(f"{year}: {found.reason or 'no value'}")
            return f"{self.code}: not defined ({'; '.join(why)})"
        assert self.start is not None
        assert self.end is not None
        source = ", ".join(self.start.census_codes)
        start = f"{self.start.value} (2010, from {source})"
        relative = "" if self.relative is None else f" ({self.relative:+.2f}%)"
        return f"{self.code}: {start} -> {self.end.value} (2020): {self.absolute:+}{relative}"


def census_change(
    key: str, on_codes: int = 2023, *, level: CensusLevel = "county"
) -> dict[str, CensusChange]:
    """Compare a figure of the 2010 and 2020 censuses on the codes of one year.

    Args:
        key: A figure both censuses have.
        on_codes: The year of the codes to compare on (2020 or later).
        level: `county`, `prefecture` or `province`.

    Returns:
        The change by code, for every code either census reaches; `absolute` and `relative`
        are `None` where either side is not comparable.

    Examples:
        >>> change = census_change("population", 2023, level="prefecture")
        >>> change["520500"].absolute
        362138
    """
    start, end = (census_on_codes_of(key, year, on_codes, level=level) for year in CENSUS_YEARS)
    changes = {}
    for code in sorted(set(start) | set(end)):
        first, last = start.get(code), end.get(code)
        absolute: Number | None = None
        relative = None
        if (
            first is not None
            and last is not None
            and first.value is not None
            and last.value is not None
            and "not_comparable" not in (first.relation, last.relation)
        ):
            absolute = last.value - first.value
            if first.value > 0:
                relative = round(absolute / first.value * 100, 2)
        changes[code] = CensusChange(code, first, last, absolute, relative)
    return changes
