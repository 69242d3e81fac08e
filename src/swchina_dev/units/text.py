"""Reading quantity and unit text safely, before pint sees it.

pint evaluates the text it parses as arithmetic (`"9**9**9 m"` computes a number of 370 million
digits; other strings raise `RecursionError` or `AssertionError`), so the library's registry reads
text with its own small reader first, and refuses anything else with
[UnitError][swchina_dev.UnitError]:

- a **unit expression** is unit names joined by `*`, `/` and spaces, with parentheses and small
  integer powers (`**` or `^`, at most two digits, never a power of a power); `1` may stand for
  an empty numerator (`"1 / day"`); at most 200 characters;
- a **quantity text** is an optional number (digits, a decimal point, an exponent of at most
  three digits; finite) followed by a unit expression: `"7800 mu"`, `"3.7 wan yuan"`,
  `"2.5e3 km ** 2"`, `"mu"` (one mu), `"12"` (dimensionless).

This is what `Q_("...")`, `ureg("...")`, `ureg.Quantity("...")`, `ureg.Unit("...")`,
`ureg.parse_units` and `quantity.to("...")` accept.

Examples:
    >>> read_quantity_text("7800 mu")
    (7800, 'mu')
    >>> read_quantity_text("9**9**9 m")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    swchina_dev.errors.UnitError: cannot read unit '**9**9 m' at character 4: ...
"""

from __future__ import annotations

import functools
import math
import re
from typing import Final

from swchina_dev.errors import UnitError

__all__ = ["MAX_POWER", "check_unit_text", "read_quantity_text"]

#: Longest unit expression accepted; real ones are a few words.
_MAX_UNIT_LENGTH: Final = 200
#: Largest power of a unit (or of a dimension) accepted (the tokenizer allows two digits).
MAX_POWER: Final = 99
# Deepest parentheses accepted (pint's parser recurses per level).
_MAX_DEPTH: Final = 8

# A unit expression is names joined by * and /, with parentheses and small integer exponents;
# "1" may stand for an empty numerator ("1 / day"). No other numbers: pint would evaluate them.
_UNIT_TOKEN = re.compile(
    r"\s*(?:(?P<name>[^\W\d]\w*)|(?P<power>(?:\*\*|\^)\s*-?\d{1,2}\b)|(?P<one>1\b)|(?P<op>[*/()]))"
)
# A dimensionality expression is the same, with dimension names in brackets ("1 / [time]").
_DIMENSION_TOKEN = re.compile(
    r"\s*(?:(?P<name>\[[^\W\d]\w*\])|(?P<power>(?:\*\*|\^)\s*-?\d{1,2}\b)|(?P<one>1\b)"
    r"|(?P<op>[*/()]))"
)

# A context's conversion formula (pint's own, "speed_of_light / n / value"): names and plain
# numbers joined by + - * /, small powers; no power of a power, so nothing grows unbounded.
_EXPRESSION_TOKEN = re.compile(
    r"\s*(?:(?P<name>[^\W\d]\w*)|(?P<power>(?:\*\*|\^)\s*-?\d{1,2}\b)"
    r"|(?P<one>\d{1,20}(?:\.\d{1,20})?(?:[eE][+-]?\d{1,3})?\b)|(?P<op>[-+*/()]))"
)
_TOKENS = {"unit": _UNIT_TOKEN, "dimensionality": _DIMENSION_TOKEN, "expression": _EXPRESSION_TOKEN}


def check_unit_text(text: str, what: str = "unit") -> None:
    """Refuse unit or dimensionality text that is not names joined by `*` and `/` with small powers.

    Args:
        text: The expression.
        what: `"unit"` (names such as `mu`), `"dimensionality"` (bracketed names such as
            `[area]`) or `"expression"` (a unit context's formula: names and plain numbers
            joined by `+`, `-`, `*` and `/`).

    Raises:
        UnitError: The text is too long or not of that form; the message says where.
    """
    # `what` is "unit" (names such as mu) or "dimensionality" (bracketed names such as [area]).
    if len(text) > _MAX_UNIT_LENGTH:
        raise UnitError(f"{what} expression longer than {_MAX_UNIT_LENGTH} characters", field=what)
    token = _TOKENS[what]
    position = depth = 0
    previous = None
    stripped = text.rstrip()
    while position < len(stripped):
        match = token.match(stripped, position)
        # A power of a power ("m ** 9 ** 9 ** 9") is a tower that pint would evaluate for ever.
        tower = match is not None and match.lastgroup == previous == "power"
        if match is None or match.end() == position or tower:
            names = {"unit": "unit names", "dimensionality": "dimensions such as [length]"}.get(
                what, "unit names and numbers"
            )
            raise UnitError(
                f"cannot read {what} {text!r} at character {position + 1}: use {names} joined "
                "by '*' and '/', with small integer powers",
                field=what,
            )
        position, previous = match.end(), match.lastgroup
        bracket = match["op"] if previous == "op" else None
        depth += (bracket == "(") - (bracket == ")")
        if not 0 <= depth <= _MAX_DEPTH:
            raise UnitError(
                f"cannot read {what} {text!r}: unbalanced or too deeply nested parentheses",
                field=what,
            )
    if depth:
        raise UnitError(f"cannot read {what} {text!r}: a parenthesis is not closed", field=what)


@functools.lru_cache(maxsize=4096)
def checked_unit_text(text: str) -> str:
    """[check_unit_text][swchina_dev.units.text.check_unit_text], remembered per text."""
    check_unit_text(text)
    return text


# A number at the start of a quantity text: bounded digits, so that reading it is quick.
_NUMBER = re.compile(
    r"\s*([+-]?(?:[0-9]{1,60}(?:\.[0-9]{0,60})?|\.[0-9]{1,60})(?:[eE][+-]?[0-9]{1,3})?)"
)


def read_quantity_text(text: object) -> tuple[int | float, str]:
    """Split quantity text into its number and its unit expression, both checked.

    Args:
        text: `"7800 mu"`, `"3.7 wan yuan"`, `"mu"`, `"12"`.

    Returns:
        The magnitude (1 when there is no number) and the unit text (`""` for none).

    Raises:
        UnitError: The text is not a number and a unit expression as described above.
    """
    if not isinstance(text, str):
        raise UnitError(f"expected quantity text, got {type(text).__name__}", field="quantity")
    if len(text) > _MAX_UNIT_LENGTH:
        raise UnitError(
            f"quantity text longer than {_MAX_UNIT_LENGTH} characters", field="quantity"
        )
    match = _NUMBER.match(text)
    if match is None:
        magnitude: int | float = 1
        rest = text
    else:
        number = match[1]
        digits = number.lstrip("+-")
        magnitude = int(number) if digits.isdigit() else float(number)
        if not math.isfinite(magnitude):
            raise UnitError(f"the number of {text!r} is too large", field="quantity")
        rest = text[match.end() :]
    unit = rest.strip()
    if unit.startswith("/"):  # "1 / day": the number was the numerator
        unit = f"1 {unit}"
    if unit:
        checked_unit_text(unit)
    return magnitude, unit
