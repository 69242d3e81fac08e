"""The figures of an article: its quantities, its ranks, and the conversions they state.

[find_figures][swchina_dev.extraction.figures.find_figures] reads every quantity of the text
(English with [find_quantities][swchina_dev.text.running.find_quantities], hanzi with
[find_chinese_quantities][swchina_dev.text.chinese.find_chinese_quantities]) and every rank
("ranked first", "the most populous county", "居全国第一"), and links a quantity to the
conversion the text states for it: "7,800 mu (520 hectares)", "100 million yuan ($13.67
million)", "20,000 yuan, or nearly 3,200 U.S. dollars" are one claim each, in the unit stated
first, with the other side as its stated conversion.

Examples:
    >>> [(f.text, str(f.measure), str(f.conversion)) for f in find_figures(
    ...     "It grew trees on over 7,800 mu (520 hectares) and ranked first in Guangxi.")]
    [('over 7,800 mu', 'at least 7,800 mu', '520 hectare'), ('ranked first', '1', 'None')]
"""

from __future__ import annotations

import functools
import re
from typing import Final, NamedTuple

from swchina_dev.errors import SwchinaDevError
from swchina_dev.extraction.pattern_needs import Patterns
from swchina_dev.models import Measure, Qualifier
from swchina_dev.text import find_chinese_quantities, find_quantities
from swchina_dev.units import dimensionality

__all__ = ["Figure", "find_figures"]


class Figure(NamedTuple):
    """One claim's number in the text.

    Attributes:
        start: Offset of the first character of the stated figure.
        end: Offset one past it.
        text: The figure as written (`"over 7,800 mu"`).
        measure: What it states.
        conversion: The stated conversion linked to it (`520 hectare`), or None.
        conversion_span: Where the conversion is written, or None.
        rank: Whether the figure is a rank ("ranked first": 1).
    """

    start: int
    end: int
    text: str
    measure: Measure
    conversion: Measure | None = None
    conversion_span: tuple[int, int] | None = None
    rank: bool = False


_HANZI: Final = re.compile(r"[\u4e00-\u9fff]")
# "ranked first", "ranks No. 1" (after another verb, "is first" is not said to be a rank).
_RANK_VERB: Final = re.compile(
    r"\brank(?:s|ed|ing)?(?: +(?:the|No\.|number))? +(?:first|1st|top|No\. *1|number one)"
    r"(?![A-Za-z0-9])",
    re.IGNORECASE,
)
_SUPERLATIVE: Final = re.compile(
    r"\b[Tt]he +(?:most +[a-z]+|largest|biggest|highest|fastest-growing|longest|greatest)"
    r"(?:(?: +[a-z][a-z-]*){1,2}?(?= +(?:in|among|of|with|and)\b)"
    r"|(?= +(?:in|among) +(?:[A-Z]|the +(?:world|country|nation|province|region)\b)))"
)
_ONE_OF_BEFORE: Final = re.compile(r"\b(?:one|among) +of +$", re.IGNORECASE)
_CHINESE_RANK: Final = re.compile(
    r"(?:居|位居|排名|排)(?:全国|全省|全区|全市|西部|全球)?(?:第一|首位|第1)"
)
# Between a figure and its stated conversion: an opening parenthesis, or ", or".
_OPEN: Final = re.compile(r" *[(（] *")
_CLOSE: Final = re.compile(r" *[)）]")
_OR: Final = re.compile(r" *, *(?:or|i\.e\.,?|that is,?|equivalent to|about) +|（约|，约合|，合")


def find_figures(text: str) -> list[Figure]:
    """Every figure of the text in order, stated conversions linked to the figure they convert.

    Args:
        text: The article.

    Returns:
        The figures, none overlapping, in the order of the text.
    """
    # A figure written with hanzi ("2024年", "3.7万元") is the Chinese reader's to read or leave.
    quantities = [
        Figure(found.start, found.end, found.text, found.measure)
        for found in find_quantities(text)
        if not _HANZI.search(text, found.start, min(len(text), found.end + 1))
    ]
    if _HANZI.search(text):
        # The Chinese reader reads Arabic figures too: those with hanzi in or next to them are
        # its own ("同比增长35.2%": the English reader reads no figure glued to a word).
        quantities += [
            Figure(start, end, text[start:end], measure)
            for start, end, measure in find_chinese_quantities(text)
            if _HANZI.search(text, max(0, start - 1), min(len(text), end + 1))
        ]
    quantities.sort(key=lambda figure: (figure.start, -figure.end))
    linked = _link_conversions(text, _without_overlaps(quantities))
    ranks = _ranks(text)
    return _without_overlaps(sorted([*linked, *ranks], key=lambda f: (f.start, -f.end)))


def _without_overlaps(figures: list[Figure]) -> list[Figure]:
    kept: list[Figure] = []
    for figure in figures:
        if kept and figure.start < kept[-1].end:
            continue
        kept.append(figure)
    return kept


def _link_conversions(text: str, figures: list[Figure]) -> list[Figure]:
    linked: list[Figure] = []
    index = 0
    while index < len(figures):
        figure = figures[index]
        following = figures[index + 1] if index + 1 < len(figures) else None
        if following is not None and _states_conversion(text, figure, following):
            linked.append(
                figure._replace(
                    conversion=following.measure,
                    conversion_span=(following.start, following.end),
                )
            )
            index += 2
            continue
        linked.append(figure)
        index += 1
    return linked


def _states_conversion(text: str, first: Figure, second: Figure) -> bool:
    between = text[first.end : second.start]
    bracketed = _OPEN.fullmatch(between) is not None and (
        _CLOSE.match(text, second.end) is not None
    )
    if not bracketed and _OR.fullmatch(between) is None:
        return False
    return _convertible(first.measure.unit, second.measure.unit)


@functools.lru_cache(maxsize=1024)
def _convertible(first: str, second: str) -> bool:
    # Two units of one dimension, or two currencies; not the same unit twice.
    if first == second:
        return False
    try:
        one, other = dimensionality(first), dimensionality(second)
    except SwchinaDevError:
        return False
    return one == other or (one.startswith("[currency_") and other.startswith("[currency_"))


# The rank patterns with their needs (see pattern_needs): a text without any need of a pattern
# is not scanned with it.
_RANKS: Final[Patterns[str]] = Patterns(
    (
        (_RANK_VERB, "rank verb", ("rank",)),
        (_SUPERLATIVE, "superlative", ("most", "largest", "biggest", "highest", "fastest",
                                       "longest", "greatest")),
        (_CHINESE_RANK, "Chinese rank", ("第一", "首位", "第1")),
    )
)  # fmt: skip


def _ranks(text: str) -> list[Figure]:
    first = Measure.from_parts(1, "dimensionless", Qualifier.EXACT)
    ranks = []
    for pattern, _ in _RANKS.applicable(text):
        for match in pattern.finditer(text):
            start = match.start()
            if _ONE_OF_BEFORE.search(text, max(0, start - 12), start):
                continue  # "one of the largest": not first
            ranks.append(Figure(start, match.end(), match.group(), first, rank=True))
    return ranks
