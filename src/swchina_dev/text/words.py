"""The words quantity phrases are made of, as `swchina_dev.text.quantities` reads and writes them.

Qualifiers (`over`, `nearly`), magnitudes (`million`, `万`), number words (`one` to
`ninety-nine`), currency signs, units in words and symbols, and rate words (`annually`).
The tables are data only: [swchina_dev.text.quantities][swchina_dev.text.quantities] compiles them
into its patterns.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from swchina_dev.models.measures import Qualifier

__all__ = [
    "MAGNITUDES",
    "ONES",
    "PREFIXES",
    "QUALIFIERS",
    "RATE_WORDS",
    "SYMBOLS",
    "TENS",
    "UNITS",
    "WRITTEN_QUALIFIERS",
]

QUALIFIERS: Final[Mapping[str, Qualifier]] = {
    **dict.fromkeys(
        ("over", "more than", "exceeding", "exceeds", "exceeded", "at least", "above",
         "no less than", "not less than", "no fewer than", "upwards of"),
        Qualifier.AT_LEAST,
    ),
    **dict.fromkeys(
        ("nearly", "almost", "approaches", "approaching", "approached", "close to",
         "just under", "nearing"),
        Qualifier.NEARLY,
    ),
    **dict.fromkeys(
        ("about", "around", "some", "roughly", "approximately", "circa"), Qualifier.ABOUT
    ),
    **dict.fromkeys(
        ("up to", "less than", "under", "below", "fewer than", "no more than", "not more than",
         "at most"),
        Qualifier.AT_MOST,
    ),
}  # fmt: skip

MAGNITUDES: Final[Mapping[str, int]] = {
    "hundred": 10**2,
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "trillion": 10**12,
    "wan": 10**4,
    "万": 10**4,
    "yi": 10**8,
    "亿": 10**8,
}

ONES: Final = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
]  # fmt: skip
TENS: Final = ["twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]

# Prefix currency signs, case-sensitive ("$13.67 million", "RMB 100 million").
PREFIXES: Final[Mapping[str, str]] = {
    "US$": "USD",
    "$": "USD",
    "¥": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "USD": "USD",
}

# Units: registry name -> (plural or preferred spelling, singular, other spellings).
# Spellings are matched case-insensitively; SYMBOLS below are case-sensitive ("m", not "M").
UNITS: Final[Mapping[str, tuple[str, ...]]] = {
    "mu": ("mu", "mu", "亩"),
    "qing": ("qing", "qing", "顷"),
    "hectare": ("hectares", "hectare", "公顷"),
    "kilometer ** 2": ("square kilometers", "square kilometer", "square kilometres",
                       "square kilometre", "sq km", "平方公里"),
    "meter ** 2": ("square meters", "square meter", "square metres", "square metre", "sq m",
                   "平方米"),
    "meter ** 3": ("cubic meters", "cubic meter", "cubic metres", "cubic metre", "立方米"),
    "kilometer": ("kilometers", "kilometer", "kilometres", "kilometre", "公里"),
    "meter": ("meters", "meter", "metres", "metre", "米"),
    "li": ("li", "li"),
    "zhang": ("zhang", "zhang"),
    "chi": ("chi", "chi"),
    "cun": ("cun", "cun"),
    "metric_ton": ("tonnes", "tonne", "tons", "ton", "metric tons", "metric ton", "吨"),
    "kilogram": ("kilograms", "kilogram", "公斤", "千克"),
    "gram": ("grams", "gram", "克"),
    "jin": ("jin", "jin", "斤"),
    "liang": ("liang", "liang"),
    "dan": ("dan", "dan"),
    "kilowatt": ("kilowatts", "kilowatt"),
    "megawatt": ("megawatts", "megawatt"),
    "kilowatt_hour": ("kilowatt hours", "kilowatt hour"),
    "year": ("years", "year", "年", "consecutive years", "straight years", "successive years"),
    "month": ("months", "month", "consecutive months", "straight months"),
    "week": ("weeks", "week", "consecutive weeks"),
    "day": ("days", "day", "天", "consecutive days", "straight days"),
    "hour": ("hours", "hour"),
    "minute": ("minutes", "minute"),
    "percent": ("percent", "percent", "per cent"),
    "CNY": ("yuan", "yuan", "renminbi", "rmb", "cny", "元"),
    "USD": ("US dollars", "US dollar", "U.S. dollars", "U.S. dollar", "dollars", "dollar",
            "usd", "美元"),
    "dimensionless": ("", "", "people", "persons", "person", "households", "household", "人",
                      "户"),
}  # fmt: skip
SYMBOLS: Final[Mapping[str, str]] = {
    "ha": "hectare",
    "km²": "kilometer ** 2",
    "km2": "kilometer ** 2",
    "m²": "meter ** 2",
    "m2": "meter ** 2",
    "m³": "meter ** 3",
    "m3": "meter ** 3",
    "km": "kilometer",
    "m": "meter",
    "kg": "kilogram",
    "kW": "kilowatt",
    "MW": "megawatt",
    "kWh": "kilowatt_hour",
    "%": "percent",
}

_TIMES: Final = ("year", "month", "week", "day", "hour", "minute")
# Rate words that name their time unit on their own ("annually", "a year", "every day").
RATE_WORDS: Final[Mapping[str, str]] = {
    "annually": "year",
    "yearly": "year",
    "per annum": "year",
    "monthly": "month",
    "weekly": "week",
    "daily": "day",
    "hourly": "hour",
    **{f"{article} {time}": time for time in _TIMES for article in ("a", "each", "every")},
    "an hour": "hour",
}

# The qualifier words format_measure writes; QUALIFIERS reads each of them back.
WRITTEN_QUALIFIERS: Final[Mapping[Qualifier, str]] = {
    Qualifier.EXACT: "",
    Qualifier.RANGE: "",
    Qualifier.ABOUT: "about ",
    Qualifier.AT_LEAST: "at least ",
    Qualifier.AT_MOST: "up to ",
    Qualifier.NEARLY: "nearly ",
}
