"""Units as a person reads them: `km²`, `ha`, `t`, `per day`, `wan yuan`, not pint's long names.

The library stores and serializes units in pint's default spelling (`"kilometer ** 2"`,
`"metric_ton"`, `"CNY * wan"`): that text is exact and reads back. People read
[display_unit][swchina_dev.units.display.display_unit] instead. It is derived from rules, not
from a table of every unit:

1. each unit is shown by pint's abbreviated symbol, with powers as superscripts (`km²`, `ha`,
   `t`, `kg`, `%`), except that
   - units of time from a minute up keep their names (`year`, `day`, `minute`; pint's symbols
     `a`, `d` and `min` are not read as such), in the plural when asked (`years`);
   - currencies are shown by their codes (`CNY`, `USD`; pint's symbols are `yuan`, `dollar`);
   - units whose symbol is not ASCII (the market units, whose pint symbols are hanzi such as
     `市亩`) are shown by their names (`mu`, `jin`, `li`);
2. the count-scaling units wan (万, 1e4) and yi (亿, 1e8) come first, as Chinese sources write
   them: `wan yuan`, `yi yuan`, `wan USD`, `wan mu`; in Chinese `万元`, `亿元`, `万亩`;
3. `1 / x` is `per x`; `% / time` is `% a time`; any other quotient is `a/b`
   (`CNY/month`), or `a per b` when `a` is several words (`wan yuan per year`);
4. a bare count (`dimensionless`) shows no unit at all: `""`;
5. anything else (several units multiplied, a unit squared below the line) is written in pint's
   abbreviated format (`format(unit, "~P")`): always something, never an error.

Examples:
    >>> display_unit("kilometer ** 2"), display_unit("metric_ton"), display_unit("1 / day")
    ('km²', 't', 'per day')
    >>> display_unit("CNY * wan"), display_unit("wan * CNY", language="zh")
    ('wan yuan', '万元')
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from typing import Final

from swchina_dev.errors import ValidationError
from swchina_dev.units.dimensions import currency_of, dimensions_of
from swchina_dev.units.expressions import canonical_unit, unit_factors
from swchina_dev.units.registry import get_registry

__all__ = ["LANGUAGES", "display_unit"]

#: The languages [display_unit][swchina_dev.units.display.display_unit] writes.
LANGUAGES: Final = ("en", "zh")

# The count-scaling units, in the order they are looked for, with their Chinese characters.
_SCALES: Final[Mapping[str, str]] = {"wan": "万", "yi": "亿"}
# Chinese names of the units Chinese sources scale by wan and yi, and of the units of time.
_CHINESE: Final[Mapping[str, str]] = {
    "CNY": "元",
    "USD": "美元",
    "mu": "亩",
    "year": "年",
    "month": "月",
    "week": "周",
    "day": "天",
    "hour": "小时",
    "minute": "分钟",
}
# The English word shown for a currency after wan or yi ("wan yuan"); other currencies keep
# their codes ("wan USD").
_SCALED_NAMES: Final[Mapping[str, str]] = {"CNY": "yuan"}
_SUPERSCRIPTS: Final = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def display_unit(unit: str, *, language: str = "en", plural: bool = False) -> str:
    """Return a unit as a person reads it, for tables, listings and sentences.

    The stored spelling of a unit (`"kilometer ** 2"`) does not change; this is only what is
    shown. See the [module documentation][swchina_dev.units.display] for the rules.

    Args:
        unit: A unit the registry knows, in any spelling (`"kilometer ** 2"`, `"km²"`... as
            [canonical_unit][swchina_dev.units.expressions.canonical_unit] reads it).
        language: `"en"` (the default) or `"zh"`; Chinese changes the units Chinese sources
            write in characters (`万元`, `亿元`, `万亩`, `元/月`), the rest stays as in English.
        plural: Write a unit of time in the plural (`years`), for a number other than one.

    Returns:
        The unit's display form; `""` for a bare count.

    Raises:
        UnitError: `unit` is not a unit the registry knows.
        ValidationError: `language` is not one of `LANGUAGES`.

    Examples:
        >>> display_unit("hectare"), display_unit("mu"), display_unit("kilogram")
        ('ha', 'mu', 'kg')
        >>> display_unit("CNY / month"), display_unit("1 / minute"), display_unit("percent / year")
        ('CNY/month', 'per minute', '% a year')
        >>> display_unit("yi * CNY"), display_unit("USD * wan"), display_unit("mu * wan")
        ('yi yuan', 'wan USD', 'wan mu')
        >>> display_unit("CNY * yi", language="zh"), display_unit("mu * wan", language="zh")
        ('亿元', '万亩')
        >>> display_unit("dimensionless"), display_unit("percent")
        ('', '%')
        >>> display_unit("year", plural=True)
        'years'
        >>> display_unit("hectare * mu")  # no rule: pint's abbreviated format
        'ha·市亩'
    """
    if language not in LANGUAGES:
        raise ValidationError(
            f"unknown language {language!r}; allowed: {', '.join(LANGUAGES)}", field="language"
        )
    return _display(canonical_unit(unit), language, plural)


@functools.lru_cache(maxsize=1024)
def _display(unit: str, language: str, plural: bool) -> str:
    factors = dict(unit_factors(unit))
    above = {name: power for name, power in factors.items() if power > 0}
    below = {name: power for name, power in factors.items() if power < 0}
    scales = [name for name in _SCALES if name in above]
    if len(scales) > 1 or any(above[name] != 1 for name in scales):
        return _fallback(unit)
    scale = scales[0] if scales else None
    if scale is not None:
        del above[scale]
    if len(above) > 1 or len(below) > 1:
        return _fallback(unit)
    chinese = language == "zh"
    numerator = "".join(_factor(name, power, chinese, plural) for name, power in above.items())
    if scale is not None:
        numerator = _scaled(scale, above, numerator, chinese)
    if not below:
        return numerator
    ((name, power),) = below.items()
    denominator = _factor(name, -power, chinese, plural=False)
    if not numerator:
        return f"每{denominator}" if chinese else f"per {denominator}"
    if numerator == "%" and _is_time(name) and power == -1 and not chinese:
        return f"% a {denominator}"
    if " " in numerator:
        return f"{numerator} per {denominator}"
    return f"{numerator}/{denominator}"


def _factor(name: str, power: int, chinese: bool, plural: bool) -> str:
    """One unit to a power: its symbol, or its name by the rules of the module."""
    if chinese and name in _CHINESE:
        text = _CHINESE[name]
    elif _is_time(name):
        text = name + ("s" if plural and power == 1 else "")
    elif currency_of(name) == name:
        text = name
    else:
        symbol = str(get_registry().get_symbol(name))
        text = symbol if symbol.isascii() else name
    return text if power == 1 else text + str(power).translate(_SUPERSCRIPTS)


def _scaled(scale: str, above: Mapping[str, int], numerator: str, chinese: bool) -> str:
    """A unit scaled by wan or yi: `wan yuan`, `万元`, `wan` alone for a scaled count."""
    if chinese:
        return _SCALES[scale] + numerator
    name = next(iter(above), None)
    word = _SCALED_NAMES.get(name, numerator) if name is not None else ""
    return f"{scale} {word}" if word else scale


@functools.lru_cache(maxsize=256)
def _is_time(name: str) -> bool:
    # A unit of time of a minute or longer (seconds keep their symbol: "m/s²").
    if dict(dimensions_of(name)) != {"[time]": 1}:
        return False
    registry = get_registry()
    return bool(registry.Quantity(1, name) >= registry.Quantity(1, "minute"))


def _fallback(unit: str) -> str:
    registry = get_registry()
    return format(registry.Unit(unit), "~P")
