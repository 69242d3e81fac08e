"""Name matching for lookups: one normal form for names in English, pinyin and hanzi.

A name and a query match when they agree after
[normalize_name][swchina_dev.catalog.names.normalize_name] (case, tone marks, spaces, apostrophes
and punctuation ignored), or after
[strip_level_suffix][swchina_dev.catalog.names.strip_level_suffix] has also removed a trailing level
word ("City", "County", "shi", "市", "县", "New Area", ...).

Examples:
    >>> normalize_name("Gui'an New Area") == normalize_name("guian  new-area")
    True
    >>> normalize_name(strip_level_suffix("Bìjié Shì"))
    'bijie'
    >>> strip_level_suffix("毕节市")
    '毕节'
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from typing import Any, Final

__all__ = ["NameIndex", "name_keys", "normalize_name", "strip_level_suffix"]

# Longest first, so "autonomous county" wins over "county". English and pinyin suffixes need a
# space before them; hanzi ones need at least two characters before them.
_WORD_SUFFIXES: Final = (
    "special administrative region",
    "autonomous prefecture",
    "autonomous county",
    "autonomous region",
    "ethnic township",
    "special district",
    "municipality",
    "subdistrict",
    "prefecture",
    "community",
    "new area",
    "province",
    "township",
    "district",
    "village",
    "county",
    "city",
    "town",
    "zizhizhou",
    "zizhixian",
    "zizhiqu",
    "jiedao",
    "shequ",
    "sheng",
    "xiang",
    "xian",
    "zhen",
    "shi",
    "cun",
    "qu",
)
_WORD_SUFFIX: Final = re.compile(r"\s+(?:" + "|".join(_WORD_SUFFIXES) + r")\s*$")
_HANZI_SUFFIX: Final = re.compile(
    r"(?<=..)(?:特别行政区|自治州|自治县|自治区|民族乡|新区|街道|社区|地区|特区|省|市|县|区|镇|乡|村)$"
)
_IGNORED: Final = re.compile(r"[\s'’‘`\-_.,()（）·]+")
_MAX_NAME: Final = 200


def _fold(text: str) -> str:
    text = text[:_MAX_NAME]
    if text.isascii():
        return text.casefold()
    # NFKC first (full-width letters, compatibility forms), then drop tone marks via NFD.
    composed = unicodedata.normalize("NFKC", text)
    decomposed = unicodedata.normalize("NFD", composed)
    if len(decomposed) == len(composed):  # nothing decomposed: no tone marks to drop (hanzi)
        return composed.casefold()
    return "".join(char for char in decomposed if not unicodedata.combining(char)).casefold()


def normalize_name(text: str) -> str:
    """Return the normal form of a name: no case, tone marks, spaces or punctuation.

    Examples:
        >>> normalize_name("Bìjié Shì")
        'bijieshi'
    """
    return _IGNORED.sub("", _fold(text))


def strip_level_suffix(text: str) -> str:
    """Remove one trailing level word (English, pinyin or hanzi) from a name.

    Examples:
        >>> strip_level_suffix("Weining Yi, Hui and Miao Autonomous County")
        'weining yi, hui and miao'
        >>> strip_level_suffix("Bijie")
        'bijie'
    """
    folded = _fold(text).strip()
    stripped = _WORD_SUFFIX.sub("", folded)
    if stripped == folded:
        stripped = _HANZI_SUFFIX.sub("", folded)
    return stripped or folded


def name_keys(names: Iterable[str | None]) -> list[str]:
    """The distinct keys a name index files names under, in first-seen order.

    Each name's normal form, with and without its level word.

    Examples:
        >>> name_keys(["Huawu Village", "化屋村", "Huàwū Cūn"])
        ['huawuvillage', 'huawu', '化屋村', '化屋', 'huawucun']
    """
    keys: dict[str, None] = {}
    for name in names:
        if name:
            keys[normalize_name(name)] = None
            keys[normalize_name(strip_level_suffix(name))] = None
    return list(keys)


class NameIndex:
    """Normalized names (full and without their level word) mapped to the ids of what they name.

    Args:
        entities: Anything with `id`, `name` and `aliases` (and `name_zh`, `pinyin`
            where it has them).
    """

    __slots__ = ("_exact", "_stripped")

    def __init__(self, entities: Iterable[Any]) -> None:
        self._exact: dict[str, set[str]] = {}
        self._stripped: dict[str, set[str]] = {}
        for entity in entities:
            names = [entity.name, *entity.aliases]
            names += [n for n in (entity.name_zh, getattr(entity, "pinyin", None)) if n]
            for name in names:
                self._exact.setdefault(normalize_name(name), set()).add(entity.id)
                stripped = normalize_name(strip_level_suffix(name))
                self._stripped.setdefault(stripped, set()).add(entity.id)

    def candidates(self, name: str) -> set[str]:
        """Ids whose names match exactly, else after removing level words on either side."""
        key = normalize_name(name)
        found = self._exact.get(key)
        if found:
            return set(found)
        stripped = normalize_name(strip_level_suffix(name))
        return (
            self._exact.get(stripped, set())
            | self._stripped.get(stripped, set())
            | self._stripped.get(key, set())
        )

    def suggest(self, name: str, limit: int = 5) -> list[str]:
        """Ids of the entities with the closest names."""
        close = difflib.get_close_matches(normalize_name(name), self._exact, n=limit, cutoff=0.75)
        ids = dict.fromkeys(i for match in close for i in sorted(self._exact[match]))
        return list(ids)[:limit]
