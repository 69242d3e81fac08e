"""Chinese numerals as news text writes them: 三千万, 一百零五, 两万三千, 一点五, 3.7万, 1.4万亿.

[parse_chinese_number][swchina_dev.text.chinese_numbers.parse_chinese_number] reads one number,
exactly (decimal arithmetic: `3.7万` is the integer 37000):

- hanzi numerals: the digits 零〇一二两三四五六七八九 (and the financial 壹贰叁肆伍陆柒捌玖), the
  powers 十百千 (拾佰仟) and the magnitudes 万 (1e4) and 亿 (1e8), stacked as the language
  stacks them (`一万亿` is 1e12, `三千万` 3e7); `零` marks a gap (`一百零五` is 105); a last digit
  after a power stands for the next power down, as people say it (`两万三` is 23000, `三百五`
  350); `十` needs no digit before it at the start (`十五` is 15);
- decimals with `点` (`一点五` is 1.5, `三点七万` 37000);
- digits read one by one, as years are written (`二〇一九` is 2019), three digits or more
  (`三四` is "three or four", not 34: refused);
- Arabic numbers with thousands separators and decimals, full-width too (`12,000`, `１２，０００`),
  followed by magnitudes in order (`1200万`, `3.7万`, `1.4万亿`, `5千`).

Anything else is a [ParseError][swchina_dev.ParseError] saying what is wrong: `万万万`, `百千`,
empty text, text longer than `MAX_TEXT_LENGTH`.

Examples:
    >>> parse_chinese_number("三千万"), parse_chinese_number("一百零五")
    (30000000, 105)
    >>> parse_chinese_number("1.4万亿"), parse_chinese_number("一点五")
    (1400000000000, 1.5)
"""

from __future__ import annotations

from decimal import Decimal
from typing import Final, NamedTuple

from swchina_dev.errors import ParseError
from swchina_dev.text.figure_parts import EXACT, FOLD, GROUPED, MAX_DIGITS, NUMBER, to_number
from swchina_dev.text.quantities import MAX_TEXT_LENGTH
from swchina_dev.text.words import MAGNITUDES, ZH_DIGITS, ZH_POWERS

__all__ = [
    "NUMERAL_CHARS",
    "ChineseNumber",
    "parse_chinese_decimal",
    "parse_chinese_number",
    "read_arabic",
    "read_hanzi",
]

_BIG: Final = {char: MAGNITUDES[char] for char in ("万", "亿")}
#: Every character a hanzi numeral is written with (the decimal point 点 aside).
NUMERAL_CHARS: Final = "".join(ZH_DIGITS) + "".join(ZH_POWERS) + "".join(_BIG)
_ZEROS: Final = frozenset(char for char, digit in ZH_DIGITS.items() if digit == 0)
# Arabic numbers take these after them, in this order at most once each ("1.4万亿", "5千").
_SUFFIX_ORDER: Final = {"百": 0, "千": 0, "万": 1, "亿": 2}
_SUFFIX_SCALE: Final = {"百": 100, "千": 1000, **_BIG}


class ChineseNumber(NamedTuple):
    """A number as written: its value, and the magnitudes written after it (`五万`: 5 and 1e4)."""

    bare: Decimal
    scale: Decimal

    @property
    def value(self) -> Decimal:
        """The number with its magnitudes folded in."""
        return EXACT.multiply(self.bare, self.scale)


def parse_chinese_number(text: str) -> int | float:
    """Read one Chinese or Arabic number with its magnitudes (`三千万`, `3.7万`, `12,000`).

    Args:
        text: The number alone (spaces around it are ignored); at most `MAX_TEXT_LENGTH`
            characters.

    Returns:
        The number, an exact int when it is whole, otherwise a float.

    Raises:
        ParseError: The text is not one number as the module documentation describes.

    Examples:
        >>> parse_chinese_number("十五"), parse_chinese_number("两万三千")
        (15, 23000)
        >>> parse_chinese_number("二〇一九"), parse_chinese_number("1200万")
        (2019, 12000000)
        >>> parse_chinese_number("万万万")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        swchina_dev.errors.ParseError: cannot read ... '万万万': 万 has no number before it
    """
    return to_number(parse_chinese_decimal(text))


def parse_chinese_decimal(text: str) -> Decimal:
    """Read one number as [parse_chinese_number][swchina_dev.text.chinese_numbers.parse_chinese_number], as an exact Decimal.

    Examples:
        >>> parse_chinese_decimal("3.7万"), parse_chinese_decimal("一点零五")
        (Decimal('37000.0'), Decimal('1.05'))
    """  # noqa: E501
    if not isinstance(text, str):
        raise ParseError(f"cannot read a Chinese number from {type(text).__name__}: expected text")
    if len(text) > MAX_TEXT_LENGTH:
        raise ParseError(
            f"cannot read a Chinese number from text of {len(text)} characters: the limit is "
            f"{MAX_TEXT_LENGTH}"
        )
    folded = text.translate(FOLD).strip(" ")
    shown = text if len(text) <= 60 else text[:57] + "..."
    try:
        if not folded:
            raise ParseError("the text is empty")
        if folded[0].isascii() and folded[0].isdigit():
            number, end = read_arabic(folded, 0)
            if end < len(folded):
                raise ParseError(f"unexpected {folded[end]!r} at character {end + 1}")
            return number.value
        return read_hanzi(folded).value
    except ParseError as error:
        raise ParseError(f"cannot read a Chinese number from {shown!r}: {error.message}") from None


def read_arabic(text: str, start: int, *, units: tuple[str, ...] = ()) -> tuple[ChineseNumber, int]:
    """Read an Arabic number and the magnitudes after it at `start` of folded text.

    A magnitude is not read where one of `units` starts (`5千米` is 5 km, not 5000 m).

    Returns:
        The number and where it ends.

    Raises:
        ParseError: No number starts there, or it is malformed (`1,23`, more than 30 digits).

    Examples:
        >>> read_arabic("共3.7万元", 1)
        (ChineseNumber(bare=Decimal('3.7'), scale=Decimal('10000')), 5)
        >>> read_arabic("5千米", 0, units=("千米",))[1]
        1
    """
    match = NUMBER.match(text, start)
    if match is None:
        raise ParseError(f"expected a number at character {start + 1}")
    digits = match.group()
    if sum(char.isdigit() for char in digits) > MAX_DIGITS:
        raise ParseError(f"a number of more than {MAX_DIGITS} digits")
    if "," in digits and not GROUPED.fullmatch(digits):
        raise ParseError(f"ambiguous number {digits!r}: commas separate groups of three digits")
    position = match.end()
    if text[position : position + 1] == "." and text[position + 1 : position + 2].isdigit():
        raise ParseError(f"a second decimal point at character {position + 1}")
    scale, order = Decimal(1), -1
    while position < len(text) and text[position] in _SUFFIX_ORDER:
        if any(text.startswith(unit, position) for unit in units):
            break
        char = text[position]
        if _SUFFIX_ORDER[char] <= order:
            raise ParseError(f"{char} after a larger magnitude at character {position + 1}")
        order = _SUFFIX_ORDER[char]
        scale = EXACT.multiply(scale, Decimal(_SUFFIX_SCALE[char]))
        position += 1
    return ChineseNumber(Decimal(digits.replace(",", "")), scale), position


def read_hanzi(numeral: str) -> ChineseNumber:
    """Read a hanzi numeral (the whole string) into its number and trailing magnitudes.

    Raises:
        ParseError: The numeral is malformed.

    Examples:
        >>> read_hanzi("三千万"), read_hanzi("两万三千").value
        (ChineseNumber(bare=Decimal('3000'), scale=Decimal('10000')), Decimal('23000'))
    """
    whole, point, fraction = numeral.partition("点")
    if point:
        return _decimal(whole, fraction)
    core = whole.rstrip("万亿")
    trailing = whole[len(core) :]
    if core and trailing in ("万", "亿", "万亿") and not any(char in _BIG for char in core):
        # "五万": 5 and 1e4, so "三至五万" can scale its first number as the second.
        scale = Decimal(1)
        for char in trailing:
            scale = EXACT.multiply(scale, Decimal(_BIG[char]))
        return ChineseNumber(Decimal(_integer(core)), scale)
    return ChineseNumber(Decimal(_integer(whole)), Decimal(1))


def _decimal(whole: str, fraction: str) -> ChineseNumber:
    digits = fraction.rstrip("万亿")
    trailing = fraction[len(digits) :]
    if not whole:
        raise ParseError("点 has no number before it")
    if not digits or any(char not in ZH_DIGITS or char == "两" for char in digits):
        raise ParseError("点 must be followed by digits only")
    if trailing not in ("", "万", "亿", "万亿"):
        raise ParseError(f"unexpected magnitudes {trailing!r}")
    if trailing and any(char in _BIG for char in whole):
        raise ParseError("magnitudes both before and after 点")
    places = "".join(str(ZH_DIGITS[char]) for char in digits)
    scale = Decimal(1)
    for char in trailing:
        scale = EXACT.multiply(scale, Decimal(_BIG[char]))
    return ChineseNumber(Decimal(f"{_integer(whole)}.{places}"), scale)


def _integer(numeral: str) -> int:
    if not numeral:
        raise ParseError("the text is empty")
    for char in numeral:
        if char not in ZH_DIGITS and char not in ZH_POWERS and char not in _BIG:
            raise ParseError(f"{char!r} is not a Chinese numeral")
    if numeral in _ZEROS:
        return 0
    if len(numeral) >= 3 and all(char in ZH_DIGITS and char != "两" for char in numeral):
        # Digits one by one, as years are written: 二〇一九.
        return int("".join(str(ZH_DIGITS[char]) for char in numeral))
    head, yi, tail = numeral.partition("亿")
    if not yi:
        return _below_yi(numeral)
    if not head:
        raise ParseError("亿 has no number before it")
    if "亿" in tail:
        raise ParseError("亿 twice")
    return _below_yi(head) * 10**8 + _rest(tail, 10**8)


def _below_yi(numeral: str) -> int:
    head, wan, tail = numeral.partition("万")
    if not wan:
        return _section(numeral)
    if not head:
        raise ParseError("万 has no number before it")
    return _section(head) * 10**4 + _rest(tail, 10**4)


def _rest(tail: str, unit: int) -> int:
    # What follows 万 or 亿: a leading 零 marks a gap; a lone digit is the next power down
    # ("两万三" is 23000).
    if not tail:
        return 0
    gap = tail[0] in _ZEROS
    if gap:
        tail = tail[1:]
        if not tail:
            raise ParseError("零 at the end")
    if not gap and len(tail) == 1 and tail in ZH_DIGITS:
        return ZH_DIGITS[tail] * unit // 10
    # Below 万 a section (< 1e4), below 亿 a number below 1e8: never as large as the unit.
    return _below_yi(tail) if unit > 10**4 else _section(tail)


def _section(numeral: str) -> int:
    """A number below 10,000: 三千零五, 一百一十, 十五."""
    if not numeral:
        raise ParseError("the text is empty")
    value, digit, last_power, gap = 0, None, 10**4, False
    for char in numeral:
        if char in _BIG:
            raise ParseError(f"{char} in the wrong place")
        if char in _ZEROS:
            if digit is not None:
                raise ParseError("零 after a digit")
            gap = True
            continue
        if char in ZH_DIGITS:
            if digit is not None:
                raise ParseError("two digits in a row")
            digit = ZH_DIGITS[char]
            continue
        power = ZH_POWERS[char]
        if power >= last_power:
            raise ParseError(f"{char} after a smaller or equal power")
        if digit is None:
            if power != 10 or not (value == 0 or gap):
                raise ParseError(f"{char} has no digit before it")
            digit = 1  # 十五, 一千零十
        value += digit * power
        digit, last_power, gap = None, power, False
    if gap and digit is None:
        raise ParseError("零 at the end")
    if digit is not None:
        # 三百五 is 350; after 十 or a gap, or alone, the digit is units.
        value += digit if gap or last_power in (10, 10**4) else digit * last_power // 10
    return value
