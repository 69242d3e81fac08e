"""Reading quantities from text and writing measures as text.

Public face: [parse_quantity][swchina_dev.parse_quantity] (figures as articles write them:
`"over 7,800 mu"`, `"3.7 万亿元"`) and [format_measure][swchina_dev.format_measure].
"""

from swchina_dev.text.quantities import MAX_TEXT_LENGTH, format_measure, parse_quantity

__all__ = ["MAX_TEXT_LENGTH", "format_measure", "parse_quantity"]
