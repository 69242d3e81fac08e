r"""Patterns listed with what they need: strings one of which every match of the pattern holds.

A scan that runs many patterns over each sentence
([period_cues][swchina_dev.extraction.period_cues],
[status_cues][swchina_dev.extraction.status_cues]) lists each pattern with its needs, lower-case
literal strings every match holds one of ("year" for "last year", "two years ago", ...);
[applicable][swchina_dev.extraction.pattern_needs.applicable] keeps the patterns a text holds a
need of, so that the others, which cannot match it, are not run. What it finds is what running
every pattern finds: a test proves each pattern's needs from its syntax.

Examples:
    >>> import re
    >>> patterns = [(re.compile(r"(?i:last\s+year)"), "last", ("year",)),
    ...             (re.compile(r"(?i:next\s+month)"), "next", ("month",))]
    >>> [said for _, said in applicable(patterns, "Output grew LAST  YEAR.")]
    ['last']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, TypeVar

__all__ = ["applicable", "folded"]

# Python's case-insensitive matching takes these for "i" and "s"; str.lower() keeps them.
_FOLD: Final = str.maketrans({"ı": "i", "ſ": "s"})
_Said = TypeVar("_Said")


def folded(text: str) -> str:
    """`text` as needs are looked for in it: lower-cased, "ı" and "ſ" as "i" and "s"."""
    return text.lower().translate(_FOLD)


def applicable(
    patterns: Iterable[tuple[re.Pattern[str], _Said, tuple[str, ...]]], text: str
) -> list[tuple[re.Pattern[str], _Said]]:
    """The patterns (with what each says) that `text` holds a need of, in their order.

    Args:
        patterns: Each pattern, what it says (a handler, a status), and its needs: lower-case
            strings one of which every match of the pattern holds.
        text: The text to scan.

    Returns:
        The patterns that may match `text`; the others cannot.
    """
    low = folded(text)
    return [(pattern, said) for pattern, said, needs in patterns if any(n in low for n in needs)]
