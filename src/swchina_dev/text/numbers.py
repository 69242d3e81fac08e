"""Numbers as a person reads them: `2,829`, `about 520`, `33.3`, `522 billion`, never `5.2e+11`.

The data keeps every number exact; these functions only decide what is shown. They live in
`text/` beside [format_measure][swchina_dev.format_measure], which writes them, and not in
`units/`: how many digits a figure shows has nothing to do with its unit (or with pint), and the
way a displayed figure reads back is [parse_quantity][swchina_dev.parse_quantity]'s business.

The rules:

1. a number keeps the significant digits it was stated with: `7,800` has two, `13.67` four;
   a figure computed from it (a conversion, `7800 mu` in hectares) shows as many as the stated
   figure, and at least three (`MIN_SIGNIFICANT`): `500 mu` is `33.3 ha`, not `33.33333333`;
2. with no stated figure to follow, a number shows its own digits, at most 15 (`MAX_SIGNIFICANT`,
   the digits a float holds exactly): `0.1 + 0.2` shows `0.3`, and every stated figure of 15
   digits or fewer shows exactly as stated;
3. thousands are separated by commas (`2,829`), fractions by a point, with no trailing zeros
   (`520`, not `520.0`) and never an exponent;
4. a fraction of more than 10 significant digits (`MAX_STATED`) was not stated so, it was
   computed (`0.3333333333333333` from "a third"): where a person reads it, it shows
   `MIN_SIGNIFICANT` digits ([shown_precision][swchina_dev.text.numbers.shown_precision]);
5. from one billion up, the number is written with `billion` or `trillion`
   (`522 billion`, `1.4 trillion`); smaller numbers are written in full (`13,670,000`).

Examples:
    >>> format_number(520.0000001, significant=significant_digits(7800))
    '520'
    >>> format_number(500 / 15, significant=3), format_number(5.222595489e11, significant=3)
    ('33.3', '522 billion')
    >>> format_number(2829), format_number(0.1 + 0.2), format_number(1_400_000_000_000)
    ('2,829', '0.3', '1.4 trillion')
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_EVEN, Context, Decimal
from typing import Final

from swchina_dev.errors import ValidationError

__all__ = [
    "MAX_SIGNIFICANT",
    "MAX_STATED",
    "MIN_SIGNIFICANT",
    "display_precision",
    "format_number",
    "round_significant",
    "shown_precision",
    "significant_digits",
]

#: The fewest significant digits a figure computed from a stated one shows.
MIN_SIGNIFICANT: Final = 3
#: The most significant digits a number shows (a float holds 15 decimal digits exactly).
MAX_SIGNIFICANT: Final = 15
#: The most significant digits of a fraction as sources state it; more were computed.
MAX_STATED: Final = 10
# Exact decimal arithmetic: numbers of up to 30 digits (what parse_quantity reads), scaled.
_EXACT: Final = Context(prec=120)
# Numbers of at most this many characters are counted from their text (well within `_EXACT`).
_SHORT_TEXT: Final = 60
# The magnitude words written, largest first; smaller numbers are written in full.
_WORDS: Final = ((Decimal(10**12), "trillion"), (Decimal(10**9), "billion"))


def _decimal(value: int | float | Decimal) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise ValidationError(f"expected a number, got {type(value).__name__}", field="magnitude")
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValidationError(f"cannot write {value!r} as a figure", field="magnitude")
        return Decimal(repr(value))  # the shortest decimal that reads back to the same float
    return Decimal(value)


def significant_digits(value: int | float | Decimal) -> int:
    """Count the significant digits a stated number shows.

    Trailing zeros of a whole number are not significant: `7,800` has two.

    Examples:
        >>> significant_digits(7800), significant_digits(13.67), significant_digits(0.05)
        (2, 4, 1)
        >>> significant_digits(0), significant_digits(100_000_000)
        (1, 1)
    """
    kind = value.__class__
    if kind is int or (kind is float and math.isfinite(value)):
        # The digits of its shortest text (repr: the shortest that reads back), without the
        # zeros that lead or trail: what the Decimal below counts, without building one.
        text = repr(abs(value))
        if len(text) <= _SHORT_TEXT:
            digits = text.partition("e")[0].replace(".", "").strip("0")
            return len(digits) or 1
    number = _decimal(value)
    if number.is_zero():
        return 1
    return len(number.normalize(_EXACT).as_tuple().digits)


def display_precision(*stated: int | float | None) -> int:
    """Return the significant digits a figure computed from stated numbers shows.

    As many as the most precise of them, and at least `MIN_SIGNIFICANT`; None is skipped.

    Examples:
        >>> display_precision(7800), display_precision(13.67, None), display_precision(1.23456)
        (3, 4, 6)
    """
    digits = [significant_digits(number) for number in stated if number is not None]
    return max([MIN_SIGNIFICANT, *digits])


def shown_precision(*numbers: int | float | None) -> int | None:
    """Return the digits to show numbers of the data with, None for their own.

    Whole numbers and fractions of up to `MAX_STATED` significant digits are shown as they
    are; a computed fraction (`1 / 3`) among them is shown to `MIN_SIGNIFICANT` digits, and so
    are the others, as one figure.

    Examples:
        >>> shown_precision(7800, 13.67), shown_precision(1 / 3), shown_precision(None)
        (None, 3, None)
    """
    computed = any(
        isinstance(number, float) and significant_digits(number) > MAX_STATED
        for number in numbers
        if number is not None
    )
    return MIN_SIGNIFICANT if computed else None


def round_significant(value: int | float | Decimal, significant: int) -> Decimal:
    """Round a number to `significant` significant digits, exactly (half to even).

    Examples:
        >>> round_significant(500 / 15, 3), round_significant(13_702_196.46, 3)
        (Decimal('33.3'), Decimal('1.37E+7'))
    """
    if isinstance(significant, bool) or not isinstance(significant, int) or significant < 1:
        raise ValidationError(
            f"significant digits are a positive whole number, not {significant!r}",
            field="significant",
        )
    number = _decimal(value)
    if number.is_zero():
        return Decimal(0)
    exponent = number.adjusted() - significant + 1
    rounded = number.quantize(Decimal(1).scaleb(exponent), ROUND_HALF_EVEN, _EXACT)
    return rounded.normalize(_EXACT)


def format_number(
    value: int | float | Decimal, *, significant: int | None = None, words: bool = True
) -> str:
    """Write a number for a person to read (the module documentation gives the rules).

    Args:
        value: The number, exact as stored.
        significant: The significant digits to show (see
            [display_precision][swchina_dev.text.numbers.display_precision] for a figure
            computed from a stated one); default: the number's own, at most `MAX_SIGNIFICANT`.
        words: Write `billion` and `trillion` from a billion up (the default); False writes
            every number in full.

    Returns:
        The number with thousands separators, a magnitude word from a billion up, never an
        exponent.

    Raises:
        ValidationError: `value` is not a finite number, or `significant` is not a positive
            whole number.

    Examples:
        >>> format_number(13_670_000), format_number(217_700_000_000)
        ('13,670,000', '217.7 billion')
        >>> format_number(13_702_196.46, significant=3), format_number(0.00000015)
        ('13,700,000', '0.00000015')
        >>> format_number(-1234.5678, significant=5)
        '-1,234.6'
    """
    if significant is None:
        number = _decimal(value)
        if not (isinstance(value, int) or number.is_zero()):
            number = round_significant(number, min(MAX_SIGNIFICANT, significant_digits(number)))
    else:
        number = round_significant(value, significant)
    word = ""
    for scale, name in _WORDS if words else ():
        if abs(number) >= scale:
            number, word = _EXACT.divide(number, scale), f" {name}"
            break
    return format(number.normalize(_EXACT), ",f") + word
