"""Where each code of a column sits: subjects numbered, codes parsed as numbers, targets placed.

The columnar roll-up ([roll_up_columns][swchina_dev.aggregate.columns.roll_up_columns]) never
looks codes up one Python object at a time: numeric codes (GB/T 2260, NBS) are parsed as integers
in numpy (text codes block by block, see [digit_codes][swchina_dev.aggregate.digit_codes]) and
found in a dense table (six digits) or a sorted one (longer codes); other ids
(villages without an NBS code, zones, enterprises) go through a dictionary. The placement of each
subject for a target is decided by the object path's rules, once per dataset and target.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

import attrs
import numpy as np
import numpy.typing as npt

from swchina_dev.aggregate.digit_codes import MAX_DIGITS, read_blocks
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

# Codes below this are looked up in a dense table (one int32 per possible six-digit code).
_DENSE_LIMIT: Final = 1_000_000


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
            if code.isascii() and code.isdigit() and code[0] != "0" and len(code) <= MAX_DIGITS
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


def code_positions(codes: npt.ArrayLike, dataset: Dataset) -> npt.NDArray[np.int32]:
    """Map every code to its subject number; raise on the first unknown code."""
    index = subject_index(dataset)
    array = np.asarray(codes)
    if array.ndim != 1:
        raise ValidationError(
            f"codes must be one-dimensional, got shape {array.shape}", field="codes"
        )
    rows = len(array)
    positions = np.empty(rows, dtype=np.int32)
    if array.dtype.kind in "iu":
        pending = array < 0 if rows and array.min() < 0 else np.zeros(rows, dtype=np.bool_)
        _find_numbers(index, array, pending, positions)
    elif array.dtype.kind in "USO":
        # Block by block: the parsed numbers never exist as a column of their own.
        pending = np.zeros(rows, dtype=np.bool_)
        for block, numbers, bad in read_blocks(array):
            if bad is not None:
                pending[block] = bad
            _find_numbers(index, numbers, bad, positions[block])
    else:
        raise ValidationError(
            f"codes must be strings or integers, got dtype {array.dtype}", field="codes"
        )
    if pending.any():
        _look_up_ids(index, array, pending, positions)
    _raise_unknown(array, positions, dataset)
    return positions


def _find_numbers(
    index: SubjectIndex,
    numbers: npt.NDArray[Any],
    pending: npt.NDArray[np.bool_] | None,
    out: npt.NDArray[np.int32],
) -> None:
    """Write the subject number of each numeric code into `out` (dense table, else sorted).

    Pending rows (not numbers) are read as 0, which no subject has (codes with a leading zero
    are not numbered): they get -1 until the dictionary lookup fills them in.
    """
    if pending is not None and pending.any():
        numbers = np.where(pending, 0, numbers)
    if not len(index.numbers) or not len(numbers):
        out.fill(-1)
    elif int(numbers.max()) < len(index.dense):
        index.dense.take(numbers, out=out, mode="clip")  # in range: clip skips a checked copy
    else:
        at = np.searchsorted(index.numbers, numbers).clip(0, len(index.numbers) - 1)
        np.copyto(out, np.where(index.numbers[at] == numbers, index.positions_sorted[at], -1))


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
