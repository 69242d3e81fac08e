"""Text codes read as integers: numpy string, bytes and object columns, a block of rows at a time.

GB/T 2260 and NBS codes are decimal numbers written as text. A column of them (`<U6`, `<U12`,
bytes, or Python strings in an object array) is read in blocks of rows small enough that a
block's characters, seen as a (rows, width) array of character codes, stay in the CPU cache, and
no temporary column of the table's length is made. A block of codes of one length (the common
case, padded or not) is one count of the characters that are not NUL, one range check and one
product with the powers of ten; a block of codes of several lengths also takes each code's
length and a division; only a block with text that is not a code is checked row by row. A block
of Python strings of one length is joined into one ASCII buffer and read in place; other object
blocks are converted to numpy text first. Rows that are not plain decimal codes (a leading zero,
a letter, an empty string, more than eighteen digits) are flagged, for a dictionary lookup.

Examples:
    >>> import numpy as np
    >>> [(numbers.tolist(), bad) for _, numbers, bad in read_blocks(np.array(["520502", "520100"]))]
    [([520502, 520100], None)]
    >>> [(bad.tolist()) for _, _, bad in read_blocks(np.array(["520502", "52050a", "0520"]))]
    [[False, True, True]]
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any, Final

import numpy as np
import numpy.typing as npt

__all__ = ["BLOCK_ROWS", "MAX_DIGITS", "read_blocks"]

# Codes up to this many digits are read as integers (12-digit village codes fit in int64).
MAX_DIGITS: Final = 18
# Rows per block: 16,384 rows of eighteen characters are a few hundred KiB of work space.
BLOCK_ROWS: Final = 1 << 14
# Codes up to this many digits are summed in float32: a digit's character code is at most 57,
# and 57 * 111,111 is below 2**24, so every partial sum is an exact integer.
_SINGLE_DIGITS: Final = 6
# Codes up to this many digits are summed in float64 (exact below 2**53).
_FLOAT_DIGITS: Final = 15
_ZERO: Final = ord("0")
_NINE: Final = ord("9")

IntArray = npt.NDArray[np.int64]
BoolArray = npt.NDArray[np.bool_]


class _BlockReader:
    """The work space of one column's blocks (reused from block to block) and the reading.

    The arithmetic is a BLAS matrix-vector product in floating point, exact because every sum
    is an integer the type holds: float32 up to `_SINGLE_DIGITS` digits (county codes: half the
    memory traffic of float64, and single precision's faster kernel), float64 up to
    `_FLOAT_DIGITS`; longer codes are summed in int64. Work space of each type is made when a
    block first needs it.
    """

    __slots__ = ("narrow", "numbers", "rows", "spaces")

    def __init__(self, width: int, rows: int) -> None:
        self.rows = rows
        self.narrow = np.empty(rows * width * 4, dtype=np.uint8)  # up to 4 bytes a character
        self.numbers = np.empty(rows, dtype=np.int64)
        # For each arithmetic type: a flat work space (so that a block's (rows, width) digits
        # are contiguous whatever the width) and a column of sums.
        self.spaces: dict[int, tuple[npt.NDArray[Any], npt.NDArray[Any]]] = {}

    def read(
        self, text: npt.NDArray[Any], chars: npt.NDArray[Any]
    ) -> tuple[IntArray, BoolArray | None]:
        """The number of each row of a block and its rows that are no code (None if none).

        `text` holds the block's strings, `chars` the same memory as (rows, width) character
        codes.
        """
        uniform = self._uniform(chars)
        if uniform is not None:
            return self._numbers(self._work(uniform), None), None
        # Codes of several lengths, or rows that are no code.
        lengths = None
        if chars[:, -1].min() == 0:  # padded: some codes are shorter than the array's width
            lengths = np.char.str_len(text)  # a ufunc from numpy 2
            longest = int(lengths.max())
            # Padding after the longest code is no part of any code: leave it unread.
            chars = self._narrow(chars, longest)
            if int(lengths.min()) == longest:  # one length after all: some row is no code
                lengths = None
        digits = chars[:, :MAX_DIGITS]
        width = digits.shape[1]
        # Rows of several lengths that are all codes: every character before a row's end is a
        # digit (none NUL or below "0"). A block of one length read here has a row that is not.
        full = bool(
            lengths is not None
            and width == chars.shape[1]
            and digits[:, 0].min() > _ZERO  # no empty code, no leading zero
            and digits.max() <= _NINE
            and np.count_nonzero(digits >= _ZERO) == int(lengths.sum())
        )
        numbers = self._numbers(self._work(digits), lengths)
        return numbers, None if full else _bad_rows(chars, digits, lengths)

    def _uniform(self, chars: npt.NDArray[Any]) -> npt.NDArray[Any] | None:
        """A block's digits if every row is a code of one length (padded or not), else None.

        One count of the characters that are not NUL gives the length: if it is `length` per
        row and the first `length` characters of every row are digits, those are all the
        characters that are not NUL, so every row is exactly a code of that length. The
        padding is read once, by the count, and never copied.
        """
        rows = len(chars)
        if not rows:
            return None
        length, rest = chars.shape[1], 0
        if chars[:, -1].min() == 0:  # padded: count
            length, rest = divmod(int(np.count_nonzero(chars)), rows)
        if rest or not 0 < length <= MAX_DIGITS:
            return None
        digits = self._narrow(chars, length)
        if digits[:, 0].min() > _ZERO and digits.max() <= _NINE and digits.min() >= _ZERO:
            return digits
        return None

    def _work(self, digits: npt.NDArray[Any]) -> npt.NDArray[Any]:
        """The block's digits copied into the reused work space of their arithmetic type."""
        rows, width = digits.shape
        space, _ = self._space(width)
        work = space[: rows * width].reshape(rows, width)
        np.copyto(work, digits)
        return work

    def _space(self, width: int) -> tuple[npt.NDArray[Any], npt.NDArray[Any]]:
        """The work space and the sums for codes of up to `width` digits (made on first use)."""
        # One space per type, sized for the widest codes it reads.
        widest, dtype = _tier(width)
        space = self.spaces.get(widest)
        if space is None:
            sums = self.numbers if dtype == np.int64 else np.empty(self.rows, dtype=dtype)
            space = self.spaces[widest] = (np.empty(self.rows * widest, dtype=dtype), sums)
        return space

    def _narrow(self, chars: npt.NDArray[Any], width: int) -> npt.NDArray[Any]:
        """The first `width` characters of each row, contiguous (in a reused buffer).

        Copied a row at a time as one opaque item: much faster than numpy's copy of a
        (rows, width) slice, whose inner loop is a row's few characters. `chars` must be
        contiguous; at full width it is returned as it is.
        """
        rows, size = len(chars), chars.itemsize
        if width == 0 or width == chars.shape[1]:
            return chars[:, :width]
        item = np.dtype((np.void, width * size))
        space = self.narrow[: rows * width * size]
        np.copyto(space.view(item).reshape(rows, 1), chars[:, :width].view(item))
        return space.view(chars.dtype).reshape(rows, width)

    def _numbers(self, work: npt.NDArray[Any], lengths: npt.NDArray[Any] | None) -> IntArray:
        """Each row's digits as a number (meaningless for rows that are no code)."""
        rows, width = work.shape
        numbers = self.numbers[:rows]
        if not width:
            numbers.fill(0)
            return numbers
        # Character codes times the powers of ten overshoot each number by "0" times their sum;
        # a shorter code (NUL-padded) overshoots by its digits' powers, and by a power of ten.
        powers, overshoot, tens = _constants(width)
        sums = self._space(width)[1][:rows]
        np.matmul(work, powers, out=sums)
        if lengths is None or int(lengths.min()) == width:
            sums -= overshoot[-1]
        else:
            read = np.minimum(lengths, width)
            sums -= overshoot[read]
            if sums.dtype.kind == "f":
                sums /= tens[read]  # exact for codes: the quotient is an integer the type holds
            else:
                sums //= tens[read]
        if sums.dtype.kind == "f":
            with np.errstate(invalid="ignore"):  # rows that are no code may not fit int64
                np.copyto(numbers, sums, casting="unsafe")
        return numbers


# The arithmetic types, each with the most digits it sums exactly, narrowest first.
_TIERS: Final = (
    (_SINGLE_DIGITS, np.dtype(np.float32)),
    (_FLOAT_DIGITS, np.dtype(np.float64)),
    (MAX_DIGITS, np.dtype(np.int64)),
)


def _tier(width: int) -> tuple[int, np.dtype[Any]]:
    """The narrowest type that sums codes of up to `width` digits exactly, and its most digits."""
    return next((tier for tier in _TIERS if width <= tier[0]), _TIERS[-1])


@functools.cache
def _constants(width: int) -> tuple[npt.NDArray[Any], ...]:
    """The constants for reading codes of up to `width` digits, in their arithmetic type.

    Returns the powers of ten by position, the overshoot of the character codes over a code of
    each length (0 to `width`), and the power of ten that each length's padding adds.
    """
    dtype = _tier(width)[1]
    powers = 10 ** np.arange(width - 1, -1, -1, dtype=np.int64)
    overshoot = _ZERO * np.concatenate(([0], np.cumsum(powers)))
    tens = 10 ** np.arange(width, -1, -1, dtype=np.int64)
    return powers.astype(dtype), overshoot.astype(dtype), tens.astype(dtype)


def _bad_rows(
    chars: npt.NDArray[Any], digits: npt.NDArray[Any], lengths: npt.NDArray[Any] | None
) -> BoolArray:
    """Which rows of a block are no code: read row by row, for a block that has some."""
    rows, width = digits.shape
    if lengths is None:
        lengths = np.full(rows, chars.shape[1])
    first = digits[:, 0] if width else np.zeros(rows, dtype=digits.dtype)
    bad: BoolArray = (first <= _ZERO) | (first > _NINE) | (lengths > MAX_DIGITS)
    digit = (digits >= _ZERO) & (digits <= _NINE)
    bad |= np.count_nonzero(digit, axis=1) != lengths  # a character that is no digit
    return bad


def read_blocks(
    array: npt.NDArray[Any],
) -> Iterator[tuple[slice, IntArray, BoolArray | None]]:
    """Read a one-dimensional column of text codes as integers, block by block.

    Args:
        array: A numpy array of kind `U` (str), `S` (bytes) or `O` (objects, read as `str()`
            of each; bytes as ASCII).

    Yields:
        For each block of rows: the rows (a slice of `array`), each row's number, and which rows
        are not plain decimal codes (their numbers mean nothing), or None if every row is one.
        The numbers live in a buffer that the next block overwrites.
    """
    rows = len(array)
    if array.dtype.kind == "O":
        yield from _read_objects(array)
        return
    char = np.dtype(np.uint32 if array.dtype.kind == "U" else np.uint8)
    width = array.dtype.itemsize // char.itemsize
    if width == 0:  # only empty strings
        yield slice(0, rows), np.zeros(rows, dtype=np.int64), np.ones(rows, dtype=np.bool_)
        return
    if not array.dtype.isnative:
        array = array.astype(array.dtype.newbyteorder("="))
    array = np.ascontiguousarray(array)
    chars = array.view(char).reshape(rows, width)
    reader = _BlockReader(width, min(rows, BLOCK_ROWS))
    for start in range(0, rows, BLOCK_ROWS):
        block = slice(start, min(start + BLOCK_ROWS, rows))
        yield (block, *reader.read(array[block], chars[block]))


def _read_objects(array: npt.NDArray[Any]) -> Iterator[tuple[slice, IntArray, BoolArray | None]]:
    """Read an object column a block at a time.

    A block of Python strings of one length (the common case) is joined into one ASCII buffer
    and read in place: the join touches each string once and is faster than numpy's conversion
    of objects to text. Any other block (codes of several
    lengths, rows that are no code, objects that are not `str`) is converted through one reused
    text buffer and read row by row. A column whose blocks keep failing the join is not joined
    any more.
    """
    rows = len(array)
    joined = _JoinedReader(min(rows, BLOCK_ROWS))
    converted: _ConvertedReader | None = None
    misses = 0
    for start in range(0, rows, BLOCK_ROWS):
        block = slice(start, min(start + BLOCK_ROWS, rows))
        read: tuple[IntArray, BoolArray | None] | None
        read = joined.read(array[block]) if misses < _JOIN_MISSES else None
        if read is None:
            misses += 1
            converted = converted or _ConvertedReader(min(rows, BLOCK_ROWS))
            read = converted.read(array[block])
        else:
            misses = 0
        yield (block, *read)


# After this many blocks in a row that could not be read joined, a column is not joined any more
# (its codes are of several lengths throughout).
_JOIN_MISSES: Final = 2

# The strings of a block are joined this many at a time (their objects fit in the L2 cache).
_JOIN_ROWS: Final = 2048


class _JoinedReader:
    """Blocks of strings of one length joined into one ASCII buffer, then read in place.

    Each string is followed by a comma (the last too), so a block of codes of `width` digits is
    a (rows, width + 1) array of bytes. XOR with the pattern of a valid row (`width` zeros and
    a comma) turns every digit into its value and the comma into 0: one maximum checks the
    block, and one product with the powers of ten (0 for the comma) reads it.
    """

    __slots__ = ("rows", "spaces")

    def __init__(self, rows: int) -> None:
        self.rows = rows
        self.spaces: dict[int, _JoinedSpace] = {}  # one for each length of code met

    def read(self, items: npt.NDArray[Any]) -> tuple[IntArray, None] | None:
        """The numbers of a block of strings that are all codes of one length, else None."""
        size = len(items)
        try:
            # A few thousand strings at a time: those just listed are still in the cache when
            # the join reads them (a third faster on ten million distinct strings).
            parts = [
                ",".join(items[start : start + _JOIN_ROWS].tolist())
                for start in range(0, size, _JOIN_ROWS)
            ]
            parts.append("")  # so that the last row is followed by a comma too
            raw = ",".join(parts).encode("ascii")
        except (TypeError, UnicodeEncodeError):  # an object that is not str, a character not ASCII
            return None
        step, rest = divmod(len(raw), size)
        width = step - 1
        if rest or not 0 < width <= MAX_DIGITS:
            return None
        space = self.spaces.get(width)
        if space is None:
            space = self.spaces[width] = _JoinedSpace(width, self.rows)
        return space.read(np.frombuffer(raw, dtype=np.uint8), size)


class _JoinedSpace:
    """The work space for joined blocks of codes of one width (reused from block to block)."""

    __slots__ = ("numbers", "pattern", "powers", "sums", "values", "work")

    def __init__(self, width: int, rows: int) -> None:
        step = width + 1
        self.pattern = np.tile(np.frombuffer(b"0" * width + b",", dtype=np.uint8), rows)
        self.values = np.empty(rows * step, dtype=np.uint8)
        dtype = _tier(width)[1]
        self.work = np.empty(rows * step, dtype=dtype)
        self.powers = np.append(_constants(width)[0], 0).astype(dtype)  # the comma counts 0
        self.sums = np.empty(rows, dtype=dtype)
        self.numbers = np.empty(rows, dtype=np.int64)

    def read(self, joined: npt.NDArray[np.uint8], rows: int) -> tuple[IntArray, None] | None:
        """The numbers of `rows` joined rows if every one is a code, else None.

        If every character but the last of each row is a digit, the `rows` commas that the
        join put in are exactly the rows' last characters: no string holds a comma, and each
        row is exactly one string.
        """
        step = len(self.powers)
        values = np.bitwise_xor(joined, self.pattern[: len(joined)], out=self.values[: len(joined)])
        # A digit XOR "0" is its value (0-9); any other character is 10 or more, and so is a
        # comma where a digit should be. The first digit of a code is no 0.
        if values.max() > 9 or values[::step].min() == 0:
            return None
        work = self.work[: len(joined)]
        np.copyto(work, values)
        sums = self.sums[:rows]
        np.matmul(work.reshape(rows, step), self.powers, out=sums)
        numbers = self.numbers[:rows]
        np.copyto(numbers, sums, casting="unsafe")
        return numbers, None


class _ConvertedReader:
    """Objects converted to numpy text through one reused buffer, then read."""

    __slots__ = ("reader", "text")

    def __init__(self, rows: int) -> None:
        # One character more than a code can have: a longer text shows there and is flagged.
        self.text = np.empty(rows, dtype=f"<U{MAX_DIGITS + 1}")
        self.reader = _BlockReader(MAX_DIGITS + 1, rows)

    def read(self, items: npt.NDArray[Any]) -> tuple[IntArray, BoolArray | None]:
        """Each row's number and which rows are no code (all, if the block is not text)."""
        size = len(items)
        text = self.text[:size]
        try:
            text[:] = items
        except (UnicodeError, TypeError, ValueError):  # bytes not ASCII, objects without str
            return self.reader.numbers[:size], np.ones(size, dtype=np.bool_)
        return self.reader.read(text, text.view(np.uint32).reshape(size, MAX_DIGITS + 1))
