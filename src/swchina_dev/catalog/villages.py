"""The NBS villages and communities: 100,795 units read on first use, Regions built on demand.

The table (`data/villages.tsv`, made by `scripts/build_villages.py`) is read into columns the
first time a village is asked for; a [Region][swchina_dev.Region] is built only for the units
asked for. A village whose NBS code is an alias of a curated village (Huawu, Chengmanyuan, ...)
is that curated record: the table defers to it.

Examples:
    >>> import swchina_dev as sw
    >>> villages = sw.load().villages
    >>> villages.get("520502116003").name
    'Houshan Community'
    >>> len(villages) > 100_000
    True
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from typing import Final

from swchina_dev.catalog.names import normalize_name, strip_level_suffix
from swchina_dev.errors import DataFileError
from swchina_dev.models import Region
from swchina_dev.resources import Once, read_resource

__all__ = ["Villages"]

_HEADER: Final = "code\tkind\tname_zh\tname\tpinyin\tkeys"
_KINDS: Final = {"v": "village", "c": "community"}


class _Table:
    __slots__ = ("codes", "keys", "kinds", "names", "names_zh", "pinyins", "position")

    def __init__(self, text: str) -> None:
        lines = text.split("\n")
        if not lines or lines[0] != _HEADER:
            raise DataFileError(f"expected the header {_HEADER!r}", file="data/villages.tsv")
        rows = [line.split("\t") for line in lines[1:] if line]
        if any(len(row) != 6 for row in rows):
            raise DataFileError("a row without six columns", file="data/villages.tsv")
        columns = list(zip(*rows, strict=True)) if rows else [()] * 6
        self.codes: tuple[str, ...] = columns[0]
        self.kinds: tuple[str, ...] = columns[1]
        self.names_zh: tuple[str, ...] = columns[2]
        self.names: tuple[str, ...] = columns[3]
        self.pinyins: tuple[str, ...] = columns[4]
        self.keys: tuple[str, ...] = columns[5]
        self.position = {code: index for index, code in enumerate(self.codes)}


class Villages(Mapping[str, Region]):
    """The village-level units by 12-digit NBS code, read lazily from the bundled table.

    Args:
        curated: Curated village regions; a table row whose code is one of their aliases is
            replaced by that region.
        resource: The bundled resource to read (None: an empty table, for user datasets).
    """

    def __init__(self, curated: Mapping[str, Region] = {}, resource: str | None = None) -> None:
        self._curated = dict(curated)
        self._resource = resource
        self._built: dict[str, Region] = {}
        # Each read on first use, once, under its own lock (the index reads the rows).
        self._rows: Once[_Table] = Once(self._read)
        self._names: Once[dict[str, list[str]]] = Once(self._index)

    @property
    def resource(self) -> str | None:
        """The bundled resource the villages are read from (`None`: no village table)."""
        return self._resource

    def _read(self) -> _Table:
        return _Table(read_resource(self._resource) if self._resource else _HEADER)

    @property
    def loaded(self) -> bool:
        """Whether the table has been read."""
        return self._rows.built

    def __len__(self) -> int:
        return len(self._rows().codes)

    def __iter__(self) -> Iterator[str]:
        return iter(self._rows().codes)

    def __contains__(self, code: object) -> bool:
        return isinstance(code, str) and code in self._rows().position

    def __getitem__(self, code: str) -> Region:
        found = self._curated.get(code) or self._built.get(code)
        if found is not None:
            return found
        table = self._rows()
        index = table.position[code]  # KeyError on a miss, as a Mapping does
        kind = _KINDS[table.kinds[index]]
        region = Region(
            code=code,
            name=table.names[index],
            name_zh=table.names_zh[index],
            pinyin=table.pinyins[index] or None,
            level="village",
            kind=kind,
            parent=code[:9],
        )
        self._built[code] = region
        return region

    def under(self, township: str) -> tuple[Region, ...]:
        """The units of one township (nine-digit code), in code order."""
        codes = self._rows().codes
        start = bisect.bisect_left(codes, township)
        end = bisect.bisect_left(codes, township + "a")  # past every code with that prefix
        return tuple(self[code] for code in codes[start:end] if len(township) == 9)

    def candidates(self, name: str) -> set[str]:
        """Codes of the units whose English name, hanzi or pinyin matches (as NameIndex does)."""
        names = self._names()
        key = normalize_name(name)
        found = set(names.get(key, ()))
        stripped = normalize_name(strip_level_suffix(name))
        found.update(names.get(stripped, ()))
        return {self._curated[code].code if code in self._curated else code for code in found}

    def _index(self) -> dict[str, list[str]]:
        # The keys of each unit's names were made by name_keys when the table was built (a data
        # test checks that they still equal what it makes).
        table = self._rows()
        index: dict[str, list[str]] = {}
        for code, keys in zip(table.codes, table.keys, strict=True):
            for key in keys.split(" "):
                index.setdefault(key, []).append(code)
        return index
