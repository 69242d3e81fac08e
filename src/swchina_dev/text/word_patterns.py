"""Regular expressions for words at the start of a word, written so that a scan skips ahead.

Python's regex engine scans quickly only for a pattern that begins with a literal or a class of
characters; a pattern that begins with a look-behind ("not after a letter") is tried at every
position of the text. [word_start][swchina_dev.text.word_patterns.word_start] writes the same
alternatives so that the first character is matched by a class and the look-behind follows it:
the two forms find the same matches (the tests hold them equal on generated texts).

Examples:
    >>> import re
    >>> pattern = re.compile(word_start(["each household", "per family"]) + "(?![A-Za-z])")
    >>> [m.group() for m in pattern.finditer("Each household; superfamily, per family.")]
    ['Each household', 'per family']
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

__all__ = [
    "after_first",
    "by_first_letter",
    "first_letters",
    "fold_case",
    "phrase_key",
    "word_start",
]

# What case-insensitive matching takes for an ASCII letter besides its two cases (a test
# checks them against every character).
_LOOKALIKES: Final = {"i": "İı", "k": "\u212a", "s": "ſ"}


_TO_ASCII: Final = str.maketrans(
    {odd: letter for letter, odds in _LOOKALIKES.items() for odd in odds}
)


def fold_case(text: str) -> str:
    """Lower case, as case-insensitive matching compares: the look-alikes are their letters.

    A phrase matched case-insensitively is looked up by this key: "Mıllion" and "ſix" are
    "million" and "six" (`str.lower` keeps them, and makes "İ" two characters).

    Examples:
        >>> fold_case("Mıllion"), fold_case("ſix"), fold_case("\u212am")
        ('million', 'six', 'km')
    """
    return text.translate(_TO_ASCII).lower()


def phrase_key(phrase: str) -> str:
    """The key a phrase matched in any case is looked up by: one space between words, folded.

    Examples:
        >>> phrase_key("Almoſt  Half")
        'almost half'
    """
    return fold_case(" ".join(phrase.split()))


def first_letters(words: Iterable[str]) -> str:
    """The characters case-insensitive matching takes for the first letters of `words`.

    Examples:
        >>> first_letters(["six", "Ten"])
        'STstſ'
    """
    letters = {word[0].lower() for word in words}
    found = {
        c for letter in letters for c in (letter, letter.upper(), *_LOOKALIKES.get(letter, ""))
    }
    return "".join(sorted(found))


def word_start(
    alternatives: Sequence[str], *, ignore_case: bool = True, not_after: str = "A-Za-z"
) -> str:
    """A regex source for the first of `alternatives` that matches where no `not_after` is before.

    The same as `(?<![not_after])(?:alternative|...)`, but the first character is matched by a
    class, so that a scan skips to the characters an alternative can start with.

    Args:
        alternatives: Regex sources, tried in order. Each begins with a literal character: an
            ASCII letter, or a character without case (a hanzi); the rest may be any regex
            (matched with the flags of the pattern it goes into).
        ignore_case: Whether the alternatives are matched case-insensitively (each as if in
            `(?i:...)`; a part of one can turn it off with `(?-i:...)`); else as written.
        not_after: The contents of a character class that may not come before a match.

    Returns:
        The regex source (a sequence of items: wrap it in a group to quantify it).

    Raises:
        ValueError: An alternative is empty or begins with another character.
    """
    heads = []
    for alternative in alternatives:
        head = alternative[:1]
        if not head or not (
            (head.isascii() and head.isalpha()) or (head.lower() == head.upper() and head.isalnum())
        ):
            raise ValueError(f"an alternative must begin with a letter: {alternative!r}")
        heads.append(head)
    if ignore_case:
        return f"[{first_letters(heads)}](?<![{not_after}].)(?i:{after_first(alternatives)})"
    return f"[{''.join(sorted(set(heads)))}](?<![{not_after}].)(?:{after_first(alternatives)})"


def by_first_letter(alternatives: Iterable[str], *, ignore_case: bool = True) -> list[str]:
    """The alternatives that begin with the same letter as one, in the order they come.

    A match is the first alternative that matches where it starts, and alternatives that begin
    with different letters never match at the same place: grouped by their first letter (in
    any case if `ignore_case`), each group in the order given, they find the same matches, and
    a scan tests one look-behind per group (after `after_first`) instead of one per alternative.

    Examples:
        >>> by_first_letter(["seven", "Six", "ten"])
        ['s(?:even|ix)', 'ten']
    """
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        first = alternative[:1]
        groups.setdefault(first.lower() if ignore_case else first, []).append(alternative[1:])
    return [
        f"{first}(?:{'|'.join(rests)})" if len(rests) > 1 else first + rests[0]
        for first, rests in groups.items()
    ]


def after_first(alternatives: Iterable[str]) -> str:
    """The alternatives once their first character is matched: each its rest, that looked behind.

    Examples:
        >>> after_first(["one", "two"])
        '(?<=o)ne|(?<=t)wo'
    """
    return "|".join(f"(?<={a[0]}){a[1:]}" for a in alternatives)
