"""The parts of a figure that every reader of text reads the same way.

[parse_quantity][swchina_dev.parse_quantity] (one English phrase) and
[find_chinese_quantities][swchina_dev.text.chinese.find_chinese_quantities] (running Chinese
text) share them: full-width characters folded to ASCII one for one (so offsets still match
the input), Arabic numbers with thousands separators, exact decimal arithmetic, the lower end
of a range whose magnitude word is written once (`1-2 million`, `3至5万`), and canonical unit
names for a unit or a rate.

Examples:
    >>> "１２，０００％".translate(FOLD)
    '12,000%'
    >>> to_number(Decimal("3.7") * 10_000), to_number(Decimal("1.5"))
    (37000, 1.5)
    >>> compound_unit("dimensionless", "day"), compound_unit("CNY", "mu")
    ('1 / day', 'CNY / mu')
"""

from __future__ import annotations

import functools
import re
from decimal import Context, Decimal
from typing import Final, NamedTuple

from swchina_dev.units import canonical_unit

__all__ = [
    "EXACT",
    "FOLD",
    "GROUPED",
    "MAX_DIGITS",
    "NUMBER",
    "Amount",
    "compound_unit",
    "range_lower",
    "to_number",
]

#: Most digits in one number (more is not a figure an article states).
MAX_DIGITS: Final = 30
#: Exact decimal arithmetic: 30 digits times three magnitude words never needs more precision.
EXACT: Final = Context(prec=120)

_WHITESPACE: Final = " \t\n\r\u00a0\u1680\u2028\u2029\u202f\u205f\u3000" + "".join(
    chr(code) for code in range(0x2000, 0x200B)
)
#: Full-width ASCII variants (U+FF01-U+FF5E) and spaces fold to ASCII one character for one.
FOLD: Final = {
    **{code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)},
    0xFFE5: ord("¥"),
    **dict.fromkeys(map(ord, _WHITESPACE), ord(" ")),
}

#: An Arabic number as written: digits, commas anywhere between them, a decimal part. Linear:
#: every repetition starts with a character the one before cannot match.
NUMBER: Final = re.compile(r"[0-9]+(?:,[0-9]+)*(?:\.[0-9]+)?")
#: A number whose commas separate thousands in groups of three.
GROUPED: Final = re.compile(r"[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?")


class Amount(NamedTuple):
    """A number with its magnitude words, as one end of a range needs it."""

    value: Decimal  # the number with its magnitude words folded in
    bare: Decimal  # the number as written
    scale: Decimal  # the product of its magnitude words (1 if none)
    start: int  # where it starts in the text


def to_number(value: Decimal) -> int | float:
    """Return a whole number as an exact int ("13.67 million" is 13670000), others as floats."""
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def range_lower(first: Amount, second: Amount) -> Decimal | None:
    """Return the first number of a range as meant, or None when that is ambiguous.

    A magnitude word written only after the second number scales both ends when the first
    number is not larger than the second (`1-2 million`, `3至5万`), and neither otherwise
    (`500,000 to 2 million`); `800-1 million` could mean 800 or 800 thousand: None.

    Examples:
        >>> one = Amount(Decimal(1), Decimal(1), Decimal(1), 0)
        >>> two_million = Amount(Decimal(2_000_000), Decimal(2), Decimal(1_000_000), 2)
        >>> range_lower(one, two_million)
        Decimal('1000000')
    """
    if first.scale == 1 and second.scale != 1:
        if first.bare <= second.bare:
            return EXACT.multiply(first.bare, second.scale)
        if first.bare < 1000:
            return None
    return first.value


# The inputs come from the fixed word tables, so the cache stays small.
@functools.lru_cache(maxsize=256)
def compound_unit(numerator: str, denominator: str | None) -> str:
    """Return the canonical name of a unit, or of a rate of it per another unit.

    A count per time is `1 / day`, not `dimensionless / day`.

    Raises:
        UnitError: The registry does not know a unit.
    """
    if denominator is None:
        return canonical_unit(numerator)
    top = "1" if numerator == "dimensionless" else numerator
    return canonical_unit(f"{top} / ({denominator})")
