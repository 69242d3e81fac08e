"""Text codes read as integers, block by block: every form of column, every kind of bad row."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from swchina_dev.aggregate.digit_codes import BLOCK_ROWS, MAX_DIGITS, read_blocks


def is_code(text: str) -> bool:
    """The rule the reader follows: ASCII digits, no leading zero, at most MAX_DIGITS."""
    return text.isascii() and text.isdigit() and text[0] != "0" and len(text) <= MAX_DIGITS


def read(array: np.ndarray[Any, Any]) -> tuple[list[int | None], int]:
    """Each row's number (None for a row that is no code) and how many blocks were read."""
    numbers: list[int | None] = [None] * len(array)
    blocks = 0
    for block, values, bad in read_blocks(array):
        blocks += 1
        flags = np.zeros(len(values), dtype=bool) if bad is None else bad
        for offset, (value, flag) in enumerate(zip(values.tolist(), flags.tolist(), strict=True)):
            numbers[block.start + offset] = None if flag else value
    return numbers, blocks


def expected(texts: list[str]) -> list[int | None]:
    return [int(text) if is_code(text) else None for text in texts]


TEXTS = [
    "520502",  # a county
    "520502116",  # a township: shorter codes around it are padded
    "5",
    "999999999999999999",  # eighteen digits: the longest read as a number
    "1000000000000000000",  # nineteen: left to the dictionary
    "0520502",  # a leading zero
    "",
    "52050a",
    "52 502",
    "52-502",
    "５２０５０２",  # full-width digits are digits to Python, not codes
    "520502\x00116",  # a NUL inside
    "520525202-taoying",
    "¹²³",
]


@pytest.mark.parametrize("dtype", [np.str_, "<U40", np.bytes_, object])
def test_every_row_is_read_or_flagged(dtype: object) -> None:
    texts = [t for t in TEXTS if dtype is not np.bytes_ or t.isascii()]
    array = np.array(texts, dtype=dtype)  # type: ignore[call-overload]
    numbers, _ = read(array)
    # numpy drops trailing NULs only; the NUL inside stays and flags its row.
    assert numbers == expected(texts)


@pytest.mark.parametrize("width", [1, 6, 9, 12, 15, 16, 18, 19, 24])
def test_codes_padded_to_any_width(width: int) -> None:
    generator = np.random.default_rng(width)
    lengths = generator.integers(1, min(width, MAX_DIGITS) + 1, 500)
    texts = [str(generator.integers(10 ** (n - 1), 10**n)) for n in lengths.tolist()]
    for array in (np.array(texts, dtype=f"<U{width}"), np.array(texts, dtype=f"S{width}")):
        assert read(array)[0] == [int(text) for text in texts]


def test_codes_of_one_length_in_a_wider_array() -> None:
    texts = ["520502", "520525", "520100"]
    assert read(np.array(texts, dtype="<U12"))[0] == [520502, 520525, 520100]


@pytest.mark.parametrize("width", range(1, MAX_DIGITS + 1))
def test_the_largest_and_smallest_codes_of_each_length_are_exact(width: int) -> None:
    # Each length is summed in the narrowest type that holds it exactly (float32 up to six
    # digits, float64, int64): its extremes show any rounding.
    texts = ["9" * width, "1" + "0" * (width - 1), "8" * width, "1" * width] * 3
    forms = [f"<U{width}", f"<U{width + 6}", f"S{width}", object]
    for dtype in forms:
        assert read(np.array(texts, dtype=dtype))[0] == [int(text) for text in texts], dtype


@pytest.mark.parametrize(
    ("texts", "numbers"),
    [
        # Seven characters and five: on average six a row, but no row is six long.
        (["5205021", "52050"], [5205021, 52050]),
        (["5205021", "52\x00502"], [5205021, None]),  # a NUL inside, the count still even
        (["520502", "52050\x00"], [520502, 52050]),  # numpy drops the trailing NUL
        (["052050", "520502"], [None, 520502]),  # one length, a leading zero
    ],
)
def test_a_block_that_only_looks_of_one_length_is_read_row_by_row(
    texts: list[str], numbers: list[int | None]
) -> None:
    for dtype in ("<U12", "S12", object):
        assert read(np.array(texts, dtype=dtype))[0] == numbers, dtype


def test_blocks_keep_their_rows_apart() -> None:
    rows = 2 * BLOCK_ROWS + 5
    texts = ["520502"] * rows
    texts[BLOCK_ROWS + 1] = "bad"
    texts[-1] = "520502116"
    numbers, blocks = read(np.array(texts, dtype=object))
    assert blocks == 3
    assert numbers == expected(texts)


def test_objects_are_read_as_their_text() -> None:
    values = [520502, np.int64(520525), b"520100", "520502116", None, 1.5, "x" * 40, -5]
    numbers, _ = read(np.array(values, dtype=object))
    assert numbers[:4] == [520502, 520525, 520100, 520502116]
    assert numbers[4:] == [None] * 4


def test_an_object_block_that_cannot_be_text_is_left_to_the_dictionary() -> None:
    class Unprintable:
        def __str__(self) -> str:
            raise ValueError("no text")

    for odd in (Unprintable(), b"\xff"):  # its whole block goes to the dictionary lookup
        numbers, _ = read(np.array(["520502", odd], dtype=object))
        assert numbers == [None, None]


def test_empty_and_unusual_arrays() -> None:
    assert read(np.array([], dtype="<U6")) == ([], 0)
    assert read(np.array([], dtype=object)) == ([], 0)
    assert read(np.zeros(3, dtype="<U1"))[0] == [None] * 3
    big_endian = np.array(["520502", "520525202"], dtype=">U9")
    assert read(big_endian)[0] == [520502, 520525202]
    strided = np.array(["520502", "skip", "520525", "skip"])[::2]
    assert read(strided)[0] == [520502, 520525]


def test_the_caller_array_is_left_unchanged() -> None:
    array = np.array(["520502", "52050a", "520100"], dtype="<U12")
    before = array.copy()
    read(array)
    np.testing.assert_array_equal(array, before)


# -- object columns: strings of one length are joined and read as bytes ------------------------


def test_strings_of_one_length_in_every_block() -> None:
    generator = np.random.default_rng(7)
    rows = 3 * BLOCK_ROWS + 11
    for width in (1, 6, 9, 12, 18):
        values = generator.integers(10 ** (width - 1), 10**width, rows, dtype=np.int64)
        texts = [str(value) for value in values.tolist()]
        numbers, blocks = read(np.array(texts, dtype=object))
        assert blocks == 4
        assert numbers == [int(text) for text in texts]


@pytest.mark.parametrize(
    "texts",
    [
        ["520502,", "52050"],  # the comma in a string lines up with where a separator would be
        ["52,502", "520525"],  # a comma where a digit would be
        ["520502", ",", ""],
        [",520502", "520525,"],
        ["520502", "52050\x00"],  # numpy drops the trailing NUL of the converted text
        ["520502", "\x00\x00\x00\x00\x00\x00"],
        ["1" * 19, "2" * 19],  # one length, but longer than a code
        ["520502", np.str_("520525")],  # a str subclass joins like a str
    ],
)
def test_an_object_block_the_join_cannot_read_is_converted(texts: list[str]) -> None:
    numbers, _ = read(np.array(texts, dtype=object))
    assert numbers == expected([text.rstrip("\x00") for text in texts])


def test_an_object_that_is_no_str_late_in_a_block_sends_the_block_to_conversion() -> None:
    # The strings are joined a few thousand at a time: a later part's failure counts too.
    texts: list[object] = ["520502"] * BLOCK_ROWS
    texts[BLOCK_ROWS - 3] = 520525
    texts[BLOCK_ROWS - 2] = "52050２"
    numbers, blocks = read(np.array(texts, dtype=object))
    assert blocks == 1
    assert numbers == [520502] * (BLOCK_ROWS - 3) + [520525, None, 520502]


def test_a_column_of_mixed_lengths_is_read_throughout() -> None:
    generator = np.random.default_rng(3)
    lengths = generator.choice([6, 9, 12], 4 * BLOCK_ROWS)
    texts = [str(generator.integers(10 ** (n - 1), 10**n)) for n in lengths.tolist()]
    texts[-BLOCK_ROWS:] = ["520502"] * BLOCK_ROWS  # its last block is of one length again
    numbers, blocks = read(np.array(texts, dtype=object))
    assert blocks == 4
    assert numbers == [int(text) for text in texts]


CODE_LIKE = st.text(alphabet="0123456789,\x00a ５", max_size=20)


@given(st.lists(CODE_LIKE, min_size=1, max_size=40), st.booleans())
def test_objects_read_as_their_text_would(texts: list[str], one_length: bool) -> None:
    if one_length:  # most blocks of a real column: every string as long as the first
        texts = [(text * 20)[: len(texts[0])] or text for text in texts]
    numbers, _ = read(np.array(texts, dtype=object))
    # An object column reads as its text would through numpy, which drops trailing NULs.
    assert numbers == expected([text.rstrip("\x00") for text in texts])
