"""Where each code of a column sits: subjects numbered, codes parsed as numbers, targets placed.

The columnar roll-up ([roll_up_columns][swchina_dev.aggregate.columns.roll_up_columns]) never
looks codes up one Python object at a time: numeric codes (GB/T 2260, NBS) are parsed as integers
in numpy and found in a dense table (six digits) or a sorted one (longer codes); other ids
(villages without an NBS code, zones, enterprises) go through a dictionary. The placement of each
subject for a target is decided by the object path's rules, once per dataset and target.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from swchina_dev.aggregate.places import place_of
from swchina_dev.errors import NotFoundError, ValidationError

if TYPE_CHECKING:
    from swchina_dev.catalog.datasets import Dataset

__all__ = [
    "Placement",
    "SubjectIndex",
    "code_positions",
    "subject_index",
    "target_placement",
]

# Codes up to this many digits are parsed as integers (12-digit village codes fit in int64).
_MAX_DIGITS: Final = 18
# Codes below this are looked up in a dense table (one int32 per possible six-digit code).
_DENSE_LIMIT: Final = 1_000_000
_ZERO: Final = ord("0")


class SubjectIndex:
    """Every subject of a dataset numbered, with fast lookups from codes to numbers."""

    __slots__ = ("dense", "numbers", "position", "positions_sorted", "subjects")

    def __init__(self, dataset: Dataset) -> None:
        subjects = [
            *dataset.regions.keys(),
            *dataset.zones.keys(),
            *dataset.enterprises.keys(),
            *dataset.groupings.keys(),
        ]
        self.subjects: tuple[str, ...] = tuple(subjects)
        self.position = {subject: index for index, subject in enumerate(subjects)}
        numeric = [
            (int(code), index)
            for index, code in enumerate(subjects)
            if code.isascii() and code.isdigit() and code[0] != "0" and len(code) <= _MAX_DIGITS
        ]
        numeric.sort()
        self.numbers = np.array([number for number, _ in numeric], dtype=np.int64)
        self.positions_sorted = np.array([index for _, index in numeric], dtype=np.int32)
        small = self.numbers < _DENSE_LIMIT
        # One slot per possible code up to the largest six-digit one (2 MB for China's codes).
        self.dense = np.full(int(self.numbers[small].max(initial=-1)) + 1, -1, dtype=np.int32)
        self.dense[self.numbers[small]] = self.positions_sorted[small]


@functools.lru_cache(maxsize=8)
def subject_index(dataset: Dataset) -> SubjectIndex:
    """The subject numbering of a dataset, built once per dataset (cached)."""
    return SubjectIndex(dataset)


@attrs.frozen(eq=False)
class Placement:
    """For one dataset and target: each subject's target number (-1: not attributable)."""

    targets: tuple[str, ...]
    target_of: npt.NDArray[np.int32]
    reasons: dict[int, str]


@functools.lru_cache(maxsize=32)
def target_placement(dataset: Dataset, target: Any) -> Placement:
    """Where each subject of a dataset rolls up to for `target`, decided once (cached)."""
    # The object path's place_of decides, subject by subject, once per dataset and target.
    index = subject_index(dataset)
    places = [place_of(dataset, subject, target) for subject in index.subjects]
    targets = tuple(sorted({code for code, _ in places if code is not None}))
    number = {code: position for position, code in enumerate(targets)}
    target_of = np.array(
        [-1 if code is None else number[code] for code, _ in places], dtype=np.int32
    )
    reasons = {position: reason for position, (code, reason) in enumerate(places) if code is None}
    return Placement(targets, target_of, reasons)


def _digits(chars: npt.NDArray[Any]) -> tuple[npt.NDArray[Any], npt.NDArray[np.bool_]]:
    """Parse rows of character codes as decimal integers; also say which rows are numeric."""
    rows, width = chars.shape
    dtype = np.int32 if width <= 9 else np.int64
    number = np.zeros(rows, dtype=dtype)
    digit = np.empty(rows, dtype=dtype)
    valid = (chars[:, 0] > _ZERO) & (chars[:, 0] <= _ZERO + 9)  # no empty code, no leading 0
    full_width = bool(np.all(chars[:, -1] != 0))
    ended = np.zeros(rows, dtype=np.bool_)
    for column in range(width):
        np.subtract(chars[:, column], _ZERO, out=digit, casting="unsafe")
        if full_width:  # the common case (all codes one length): plain Horner steps in place
            valid &= (digit >= 0) & (digit <= 9)
            number *= 10
            number += digit
            continue
        present = chars[:, column] != 0
        valid &= ~(ended & present) & (~present | ((digit >= 0) & (digit <= 9)))
        ended |= ~present
        number = np.where(present, number * 10 + digit, number)
    return number, valid


def code_positions(codes: npt.ArrayLike, dataset: Dataset) -> npt.NDArray[np.int32]:
    """Map every code to its subject number; raise on the first unknown code."""
    index = subject_index(dataset)
    array = np.asarray(codes)
    if array.ndim != 1:
        raise ValidationError(
            f"codes must be one-dimensional, got shape {array.shape}", field="codes"
        )
    positions = np.full(len(array), -1, dtype=np.int32)
    numbers, pending = _parse_numbers(array)
    if numbers is not None:
        positions = _look_up_numbers(index, numbers, pending, positions)
    if pending.any():
        _look_up_ids(index, array, pending, positions)
    _raise_unknown(array, positions, dataset)
    return positions


def _parse_numbers(
    array: npt.NDArray[Any],
) -> tuple[npt.NDArray[Any] | None, npt.NDArray[np.bool_]]:
    """Read integer and numeric string codes as numbers; say which rows are still to look up."""
    rows = len(array)
    pending = np.ones(rows, dtype=np.bool_)
    numbers: npt.NDArray[Any] | None = None
    if array.dtype.kind in "iu":
        numbers, pending = array, np.zeros(rows, dtype=np.bool_)
        if rows and array.min() < 0:
            pending = array < 0
    elif array.dtype.kind in "US" and rows:
        width = array.dtype.itemsize // (4 if array.dtype.kind == "U" else 1)
        if width <= _MAX_DIGITS:
            view = np.int32 if array.dtype.kind == "U" else np.uint8
            numbers, numeric = _digits(array.view(view).reshape(rows, width))
            pending = ~numeric
    elif array.dtype.kind != "O":
        raise ValidationError(
            f"codes must be strings or integers, got dtype {array.dtype}", field="codes"
        )
    return numbers, pending


def _look_up_numbers(
    index: SubjectIndex,
    numbers: npt.NDArray[Any],
    pending: npt.NDArray[np.bool_],
    positions: npt.NDArray[np.int32],
) -> npt.NDArray[np.int32]:
    """Find the subject number of each numeric code (dense table, else binary search)."""
    if pending.any():
        numbers = np.where(pending, 0, numbers)
    if len(index.numbers) and len(positions):
        if int(numbers.max()) < len(index.dense):
            found = index.dense.take(numbers)
        else:
            at = np.searchsorted(index.numbers, numbers).clip(0, len(index.numbers) - 1)
            found = np.where(index.numbers[at] == numbers, index.positions_sorted[at], np.int32(-1))
        found = found.astype(np.int32, copy=False)
        positions = np.where(pending, positions, found) if pending.any() else found
    return positions


def _look_up_ids(
    index: SubjectIndex,
    array: npt.NDArray[Any],
    pending: npt.NDArray[np.bool_],
    positions: npt.NDArray[np.int32],
) -> None:
    """Fill in, through a dict, the ids that are not plain numbers (village slugs, zones...)."""
    rest = np.flatnonzero(pending)
    lookup = index.position
    positions[rest] = [
        lookup.get(code.decode() if isinstance(code, bytes) else str(code), -1)
        for code in array[rest].tolist()
    ]


def _raise_unknown(
    array: npt.NDArray[Any], positions: npt.NDArray[np.int32], dataset: Dataset
) -> None:
    """Raise `NotFoundError` on the first code not found, if any (with suggestions)."""
    missing = np.flatnonzero(positions < 0)
    if len(missing):
        row = int(missing[0])
        value = array[row]
        code = value.decode() if isinstance(value, bytes) else str(value)
        try:
            dataset.get(code)
            suggestions: tuple[str, ...] = ()
        except NotFoundError as error:
            suggestions = error.suggestions
        raise NotFoundError(
            f"code {code!r} is not in the dataset ({len(missing)} rows have unknown codes)",
            suggestions=suggestions,
            field="codes",
            record=f"row {row}",
        )


# -- roll-ups ----------------------------------------------------------------------------------
