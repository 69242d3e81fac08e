"""Recode a whole column of division codes from one year to another (extra `numpy`).

The columnar form of [recode][swchina_dev.catalog.history.recode], for numpy arrays, pandas
Series, Arrow arrays or lists: each code of `from_year` gets its relation and, where the
division went to exactly one code, that code. A split has no single target: its `target` is
null (`None`) and its `targets` lists every code, so that no row pretends to be 1:1.

Every code in use in `from_year` is recoded once (the result is cached per pair of years);
then the column is mapped through a dense table indexed by the code's value, so a million codes
cost a few array operations (`benchmarks/bench_recode.py`).

Examples:
    >>> import numpy as np
    >>> column = recode_column(np.array(["522401", "522400", "999999"]), 2010, 2023)
    >>> column.target.tolist(), column.relation.tolist()
    (['520502', '520500', None], ['recoded', 'recoded', 'not_in_use'])
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

import attrs

from swchina_dev.catalog.history import _table, _year, recode
from swchina_dev.errors import NotFoundError, ValidationError
from swchina_dev.optional import import_optional

if TYPE_CHECKING:
    import datetime as dt

    import numpy as np
    import numpy.typing as npt

    ObjectArray = npt.NDArray[np.object_]
    IntArray = npt.NDArray[np.int64]

__all__ = ["RecodedColumn", "recode_column"]

_CODES: Final = 1_000_000  # six-digit codes: the dense table has one slot per value
NOT_IN_USE: Final = "not_in_use"
NO_SUCCESSOR: Final = "no_successor"


@attrs.frozen(eq=False)
class RecodedColumn:
    """A recoded column: four object arrays as long as the input.

    Attributes:
        target: The one code of `to_year` (a string), or `None` where there is no single code:
            a split, a code not in use in `from_year` (or not a code), or a retired code with
            no recorded successor.
        relation: The relation of [recode][swchina_dev.catalog.history.recode] (`same`,
            `renamed`, `recoded`, `merged_into`, `split`, `partly_transferred`), or
            `not_in_use` or `no_successor`.
        targets: Every code of `to_year`, `|`-joined (`""` when there is none).
        target_name: Their names in hanzi, `|`-joined.

    Examples:
        >>> column = recode_column(["510602"], 1990, 2023)
        >>> column.target[0] is None, column.relation[0], column.targets[0]
        (True, 'split', '510603|510604')
    """

    target: ObjectArray
    relation: ObjectArray
    targets: ObjectArray
    target_name: ObjectArray

    def to_dict(self) -> dict[str, ObjectArray]:
        """The four columns by name (for `pandas.DataFrame.assign` or `pyarrow.table`)."""
        return {
            "target": self.target,
            "relation": self.relation,
            "targets": self.targets,
            "target_name": self.target_name,
        }


@attrs.frozen(eq=False)
class _Lookup:
    slots: npt.NDArray[np.int32]  # code value -> row of the outputs (the last row: not in use)
    # The same for the codes as Python objects ("520522" and 520522): for object columns.
    by_object: dict[object, int]
    outputs: tuple[ObjectArray, ObjectArray, ObjectArray, ObjectArray]


@functools.lru_cache(maxsize=32)
def _lookup(from_year: int, to_year: int) -> _Lookup:
    np = import_optional("numpy", "numpy")
    rows: list[tuple[str | None, str, str, str]] = []
    codes: list[int] = []
    for code, records in _table().by_code.items():
        if not any(record.in_force(from_year) for record in records):
            continue
        try:
            found = recode(code, from_year, to_year)
        except NotFoundError:
            rows.append((None, NO_SUCCESSOR, "", ""))
        else:
            single = found.targets[0] if len(found.targets) == 1 else None
            names = "|".join(record.name_zh for record in found.records)
            rows.append((single, found.relation, "|".join(found.targets), names))
        codes.append(int(code))
    rows.append((None, NOT_IN_USE, "", ""))
    slots = np.full(_CODES + 1, len(rows) - 1, dtype=np.int32)
    slots[np.array(codes, dtype=np.int64)] = np.arange(len(codes), dtype=np.int32)
    by_object: dict[object, int] = {}
    for row, value in enumerate(codes):
        by_object[str(value)] = by_object[value] = row
    columns = []
    for index in range(4):
        column = np.empty(len(rows), dtype=object)
        column[:] = [row[index] for row in rows]
        columns.append(column)
    return _Lookup(slots, by_object, (columns[0], columns[1], columns[2], columns[3]))


def _as_array(codes: Any) -> Any:
    np = import_optional("numpy", "numpy")
    if hasattr(codes, "to_numpy") and not isinstance(codes, np.ndarray):
        try:  # pyarrow wants zero_copy_only=False for strings; pandas has no such argument
            return codes.to_numpy(zero_copy_only=False)
        except TypeError:
            return codes.to_numpy()
    return np.asarray(codes)


def _values(codes: Any) -> IntArray:
    """The codes as integers; anything that is not a six-digit code becomes `_CODES` (no slot)."""
    np = import_optional("numpy", "numpy")
    array = _as_array(codes)
    if array.ndim != 1:
        raise ValidationError(f"expected a one-dimensional column of codes, got {array.ndim} dims")
    if array.dtype.kind in "iu":
        values = array.astype(np.int64)
        return np.where((values >= 100_000) & (values < _CODES), values, _CODES)  # type: ignore[no-any-return]
    if array.dtype.kind == "f":
        whole = np.isfinite(array) & (array == np.floor(array))
        values = np.where(whole, array, -1).astype(np.int64)
        return np.where((values >= 100_000) & (values < _CODES), values, _CODES)  # type: ignore[no-any-return]
    if array.dtype.kind != "U":
        raise ValidationError(f"expected codes as strings or integers, got dtype {array.dtype}")
    width = array.dtype.itemsize // 4
    if width < 6 or len(array) == 0:
        return np.full(len(array), _CODES, dtype=np.int64)  # type: ignore[no-any-return]
    # Each row's code points: six digits, then nothing (a shorter or longer string is no code).
    points = np.ascontiguousarray(array).view(np.uint32).reshape(len(array), width)
    digits = points[:, :6].astype(np.int64) - ord("0")
    valid = ((digits >= 0) & (digits <= 9)).all(axis=1) & (points[:, 6:] == 0).all(axis=1)
    values = digits @ np.array([100_000, 10_000, 1_000, 100, 10, 1], dtype=np.int64)
    return np.where(valid & (digits[:, 0] > 0), values, _CODES)  # type: ignore[no-any-return]


def recode_column(codes: Any, from_year: int | dt.date, to_year: int | dt.date) -> RecodedColumn:
    """Recode a column of six-digit codes of `from_year` to the codes of `to_year`.

    Args:
        codes: The codes: a numpy array, a pandas Series, an Arrow array or a sequence, of
            strings (`"520522"`) or integers (`520522`). Nulls and malformed values are
            reported as `not_in_use`.
        from_year: The year of the codes (an int, or a date whose year is used).
        to_year: The later year wanted.

    Returns:
        A [RecodedColumn][swchina_dev.catalog.recode_columns.RecodedColumn] of the same length.

    Raises:
        ValidationError: `to_year` is before `from_year`, a year is not an int or a date, or
            the column is not one-dimensional strings or numbers.
        MissingDependencyError: numpy is not installed (extra `numpy`).

    Examples:
        >>> column = recode_column([520522, 522423], 2019, 2023)
        >>> column.target.tolist(), column.relation.tolist()
        (['520581', None], ['recoded', 'not_in_use'])
    """
    np = import_optional("numpy", "numpy")
    start, end = _year(from_year), _year(to_year)
    if end < start:
        raise ValidationError(f"to_year {end} is before from_year {start}")
    lookup = _lookup(start, end)
    array = _as_array(codes)
    if array.dtype.kind == "O" and array.ndim == 1:
        # Python objects (pandas and Arrow strings, None): one dictionary look-up each.
        missing, get = len(lookup.outputs[0]) - 1, lookup.by_object.get
        rows = np.fromiter(
            (get(value, missing) for value in array), dtype=np.int32, count=len(array)
        )
    else:
        rows = lookup.slots[_values(array)]
    target, relation, targets, names = (np.take(column, rows) for column in lookup.outputs)
    return RecodedColumn(target, relation, targets, names)
