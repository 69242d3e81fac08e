"""Reading quantities from text and writing measures and numbers as text.

Public face: [parse_quantity][swchina_dev.parse_quantity] (figures as articles write them:
`"over 7,800 mu"`, `"3.7 万亿元"`), [format_measure][swchina_dev.format_measure] and
[format_number][swchina_dev.text.numbers.format_number] (numbers as a person reads them).
Chinese text: [parse_chinese_number][swchina_dev.text.chinese_numbers.parse_chinese_number] (one
number: `三千万`, `3.7万`),
[find_chinese_quantities][swchina_dev.text.chinese.find_chinese_quantities] (every figure of
running text, with its offsets) and
[chinese_place_mentions][swchina_dev.text.chinese_places.chinese_place_mentions] (candidate place
names ending in a level word).
"""

from swchina_dev.text.chinese import (
    chinese_place_mentions,
    find_chinese_quantities,
    parse_chinese_number,
)
from swchina_dev.text.numbers import (
    display_precision,
    format_number,
    round_significant,
    shown_precision,
    significant_digits,
)
from swchina_dev.text.quantities import (
    MAX_TEXT_LENGTH,
    format_for_people,
    format_measure,
    parse_quantity,
)
from swchina_dev.text.running import FoundQuantity, find_quantities

__all__ = [
    "MAX_TEXT_LENGTH",
    "FoundQuantity",
    "chinese_place_mentions",
    "display_precision",
    "find_chinese_quantities",
    "find_quantities",
    "format_for_people",
    "format_measure",
    "format_number",
    "parse_chinese_number",
    "parse_quantity",
    "round_significant",
    "shown_precision",
    "significant_digits",
]
