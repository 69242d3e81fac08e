"""The NBS villages and communities: 100,795 units read on first use, Regions built on demand.

The table (`data/villages.tsv`, made by `scripts/build_villages.py`) is read the first time a
village is asked for and searched in place by code; a [Region][swchina_dev.Region] is built only for
the units asked for. Their names are found through a name index shipped beside it
(`data/villages.names.tsv`), read the first time a name is looked up among the villages. A village
whose NBS code is an alias of a curated village (Huawu, Chengmanyuan, ...) is that curated record:
the table defers to it.

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
import itertools
from collections.abc import Iterator, Mapping
from typing import Final

from swchina_dev.catalog.names import NameIndex, split_level_suffix
from swchina_dev.errors import DataFileError
from swchina_dev.models import Region
from swchina_dev.resources import Once, read_resource_bytes

__all__ = ["VILLAGE_HEADER", "Villages", "names_resource_of"]

#: The header of the village table.
VILLAGE_HEADER: Final = "code\tkind\tname_zh\tname\tpinyin"
_KINDS: Final = {"v": "village", "c": "community"}
_CODE_LENGTH: Final = 12
_VILLAGE_CLASSES: Final = (None, "village", "community")
_NEAR_INDEXES: Final = 256


def names_resource_of(resource: str) -> str:
    """The name index shipped beside a village table (`villages.tsv` -> `villages.names.tsv`)."""
    return resource.removesuffix(".tsv") + ".names.tsv"


def _rows_of(data: bytes, resource: str) -> list[bytes]:
    lines = data.split(b"\n")
    if not lines or lines[0] != VILLAGE_HEADER.encode():
        raise DataFileError(f"expected the header {VILLAGE_HEADER!r}", file=f"data/{resource}")
    rows = [line for line in lines[1:] if line]
    # Searched by bisection: the rows must be in code order, each starting with its code.
    tab = ord("\t")
    if any(len(row) <= _CODE_LENGTH or row[_CODE_LENGTH] != tab for row in rows) or any(
        a >= b for a, b in itertools.pairwise(rows)
    ):
        raise DataFileError("rows out of code order or without a code", file=f"data/{resource}")
    return rows


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
        self._near: dict[str, NameIndex] = {}  # name indexes of the units under a code prefix
        # Each read on first use, once, under its own lock.
        self._rows: Once[list[bytes]] = Once(self._read)
        self._names: Once[NameIndex] = Once(self._read_names)

    @property
    def resource(self) -> str | None:
        """The bundled resource the villages are read from (`None`: no village table)."""
        return self._resource

    def _read(self) -> list[bytes]:
        if self._resource is None:
            return []
        return _rows_of(read_resource_bytes(self._resource), self._resource)

    def _read_names(self) -> NameIndex:
        if self._resource is None:
            return NameIndex()
        return NameIndex.from_text(read_resource_bytes(names_resource_of(self._resource)))

    @property
    def loaded(self) -> bool:
        """Whether the table has been read."""
        return self._rows.built

    def __len__(self) -> int:
        return len(self._rows())

    def __iter__(self) -> Iterator[str]:
        return (row[:_CODE_LENGTH].decode() for row in self._rows())

    def _row(self, code: object) -> bytes | None:
        if not isinstance(code, str) or len(code) != _CODE_LENGTH or not code.isascii():
            return None
        rows = self._rows()
        key = code.encode() + b"\t"
        at = bisect.bisect_left(rows, key)
        return rows[at] if at < len(rows) and rows[at].startswith(key) else None

    def __contains__(self, code: object) -> bool:
        return self._row(code) is not None

    def __getitem__(self, code: str) -> Region:
        found = self._curated.get(code) or self._built.get(code)
        if found is not None:
            return found
        row = self._row(code)
        if row is None:
            raise KeyError(code)  # as a Mapping does
        _, kind, name_zh, name, pinyin = row.decode().split("\t")
        region = Region(
            code=code,
            name=name,
            name_zh=name_zh,
            pinyin=pinyin or None,
            level="village",
            kind=_KINDS[kind],
            parent=code[:9],
        )
        self._built[code] = region
        return region

    def under(self, township: str) -> tuple[Region, ...]:
        """The units of one township (nine-digit code), in code order."""
        if len(township) != 9:
            return ()
        return tuple(self[row[:_CODE_LENGTH].decode()] for row in self._prefixed(township))

    def candidates(self, name: str) -> set[str]:
        """Codes of the units whose English name, hanzi or pinyin matches (as NameIndex does).

        A name with a level word of another kind ("Sanhe Town", "Caohai Reserve") matches none.
        """
        if split_level_suffix(name)[1] not in _VILLAGE_CLASSES:  # "Caohai Reserve" is no village
            return set()
        found = self._names().candidates(name)
        return {self._curated[code].code if code in self._curated else code for code in found}

    def close_matches(self, name: str, within: str, limit: int = 5) -> list[tuple[str, float]]:
        """The units under a code prefix with the closest names, and their similarity (0-100).

        Args:
            name: The name that matched nothing.
            within: The code prefix to search under (six digits for a county, nine for a township).
            limit: At most this many.
        """
        index = self._near.get(within)
        if index is None:
            units = [self[row[:_CODE_LENGTH].decode()] for row in self._prefixed(within)]
            index = NameIndex(units)
            if len(self._near) >= _NEAR_INDEXES:
                self._near.clear()
            self._near[within] = index
        return index.close_matches(name, limit)

    def _prefixed(self, prefix: str) -> list[bytes]:
        rows = self._rows()
        start = bisect.bisect_left(rows, prefix.encode())
        end = bisect.bisect_left(rows, prefix.encode() + b"a")  # past every code with that prefix
        return rows[start:end]
