r"""Patterns listed with what they need: strings one of which every match of the pattern holds.

A scan that runs many patterns over each sentence
([period_cues][swchina_dev.extraction.period_cues],
[status_cues][swchina_dev.extraction.status_cues]) lists each pattern with its needs, lower-case
literal strings every match holds one of ("year" for "last year", "two years ago", ...);
[Patterns.applicable][swchina_dev.extraction.pattern_needs.Patterns.applicable] keeps the
patterns a text holds a need of, so that the others, which cannot match it, are not run. What it
finds is what running every pattern finds: a test proves each pattern's needs from its syntax.
A need is looked for as case-insensitive matching reads it ([folded][
swchina_dev.extraction.pattern_needs.folded]), unless it has a capital letter: then it is
looked for as written, for a pattern that matches it only so ("Nov" of November is not the
"nov" of "innovation").

Examples:
    >>> import re
    >>> patterns = Patterns([(re.compile(r"(?i:last\s+year)"), "last", ("year",)),
    ...                      (re.compile(r"(?i:next\s+month)"), "next", ("month",))])
    >>> [said for _, said in patterns.applicable("Output grew LAST  YEAR.")]
    ['last']
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Final, Generic, TypeVar

__all__ = ["Patterns", "folded", "needs_of"]

# Python's case-insensitive matching takes these for "i" and "s"; str.lower() keeps them.
_FOLD: Final = str.maketrans({"ı": "i", "ſ": "s"})
_Said = TypeVar("_Said")


def folded(text: str) -> str:
    """`text` as lower-case needs are looked for in it: lower-cased, "ı" and "ſ" as "i" and "s"."""
    low = text.lower()
    return low if low.isascii() else low.translate(_FOLD)


def needs_of(words: Iterable[str]) -> tuple[str, ...]:
    """The needs of a pattern every match of which holds one of `words`: each folded, in order.

    A word holding another is left out: a text holding it holds the other.

    Examples:
        >>> needs_of(["Female", "male", "women", "men", "girls"])
        ('male', 'men', 'girls')
    """
    every = list(dict.fromkeys(folded(word) for word in words))
    return tuple(word for word in every if not any(o != word and o in word for o in every))


class Patterns(Generic[_Said]):
    """Patterns, what each says (a handler, a status), and the needs of each.

    Args:
        listed: Each pattern, what it says, and its needs: strings one of which every match
            of the pattern holds, lower-case ones as case-insensitive matching reads them,
            others as written.
    """

    def __init__(self, listed: Iterable[tuple[re.Pattern[str], _Said, tuple[str, ...]]]) -> None:
        self.listed: Final = tuple(listed)
        # Each need is looked for once per text, however many patterns share it, and says
        # which patterns (by position) it lets run.
        users: dict[str, list[int]] = {}
        for position, (_, _, needs) in enumerate(self.listed):
            for need in dict.fromkeys(needs):  # a need listed twice lets its pattern run once
                users.setdefault(need, []).append(position)
        # A need with a capital letter is looked for as written.
        self._users: Final = tuple(
            (need, tuple(found), need != folded(need)) for need, found in users.items()
        )
        # ASCII text holds no other need (English text is not searched for hanzi).
        self._ascii_users: Final = tuple(row for row in self._users if row[0].isascii())
        # What `applicable` answers for each pattern, paired once.
        self._said: Final = tuple((pattern, said) for pattern, said, _ in self.listed)

    def applicable(self, text: str) -> list[tuple[re.Pattern[str], _Said]]:
        """The patterns (with what each says) that `text` holds a need of, in their order.

        The others cannot match `text`.
        """
        low = folded(text)
        found = [
            users
            for need, users, exact in (self._ascii_users if text.isascii() else self._users)
            if need in (text if exact else low)
        ]
        if not found:
            return []  # as for most texts: nothing to run
        if len(found) == 1:  # one need's users are in order, once each
            return [self._said[p] for p in found[0]]
        return [self._said[p] for p in sorted({p for users in found for p in users})]
