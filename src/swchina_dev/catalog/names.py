"""Name matching for lookups: one normal form for names in English, pinyin and hanzi.

A name and a query match when they agree after
[normalize_name][swchina_dev.catalog.names.normalize_name] (case, tone marks, spaces, apostrophes
and punctuation ignored), or after
[split_level_suffix][swchina_dev.catalog.names.split_level_suffix] has also removed a trailing
level or kind word ("City", "County", "shi", "市", "县", "New Area", "Nature Reserve", ...). Each
such word belongs to a class ("county" for County, xian, 县 and Autonomous County): a query that
carries one ("Caohai Nature Reserve", "Qianxi county") prefers the places whose own word is of that
class.

Examples:
    >>> normalize_name("Gui'an New Area") == normalize_name("guian  new-area")
    True
    >>> normalize_name(strip_level_suffix("Bìjié Shì"))
    'bijie'
    >>> strip_level_suffix("毕节市")
    '毕节'
    >>> split_level_suffix("Caohai National Nature Reserve")
    ('caohai', 'reserve')
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from typing import Any, Final, Protocol

__all__ = [
    "NameIndex",
    "name_keys",
    "normalize_name",
    "split_level_suffix",
    "strip_level_suffix",
]

# Level and kind words by class. English and pinyin words need a space before them; hanzi ones
# need at least two characters before them. The longest word that ends a name is removed.
_SUFFIX_CLASSES: Final[Mapping[str, tuple[str, ...]]] = {
    "province": ("province", "sheng", "省"),
    "region": (
        "special administrative region",
        "autonomous region",
        "zizhiqu",
        "特别行政区",
        "自治区",
    ),
    "municipality": ("municipality",),
    "prefecture": ("autonomous prefecture", "prefecture", "zizhizhou", "自治州", "地区"),
    "city": ("city", "shi", "市"),
    "county": ("autonomous county", "county", "zizhixian", "xian", "自治县", "县"),
    "district": ("special district", "district", "qu", "特区", "区"),
    "new_area": ("new area", "新区"),
    "subdistrict": ("subdistrict", "jiedao", "街道"),
    "town": ("town", "zhen", "镇"),
    "township": ("ethnic township", "township", "xiang", "民族乡", "乡"),
    "community": ("community", "shequ", "社区"),
    "village": ("village", "cun", "村"),
    "reserve": (
        "national nature reserve",
        "nature reserve",
        "reserve",
        "国家级自然保护区",
        "自然保护区",
        "保护区",
    ),
    "zone": (
        "economic and technological development zone",
        "high-tech industrial development zone",
        "industrial development zone",
        "development zone",
        "high-tech zone",
        "pilot zone",
        "industrial park",
        "经济技术开发区",
        "高新技术产业开发区",
        "开发区",
        "高新区",
        "试验区",
        "工业园区",
        "产业园",
    ),
}
# Classes of things that are not divisions at one level or another: "Houshan Community" is
# not Houshan Town, nor "Liangjiang New Area" (Chongqing's) Liangjiang Town (Guangxi's), as
# "Qianxi County" may be Qianxi City (made a city in 2021).
_KINDS_APART: Final = frozenset({"community", "village", "new_area", "reserve", "zone"})
_CLASS_OF: Final = {word: kind for kind, words in _SUFFIX_CLASSES.items() for word in words}
_BY_LENGTH: Final = sorted(_CLASS_OF, key=len, reverse=True)
_WORD_SUFFIX: Final = re.compile(
    r"\s+(" + "|".join(re.escape(w) for w in _BY_LENGTH if w.isascii()) + r")\s*$"
)
_HANZI_SUFFIX: Final = re.compile(
    r"(?<=..)(" + "|".join(w for w in _BY_LENGTH if not w.isascii()) + r")$"
)
_IGNORED: Final = re.compile(r"[\s'’‘`\-_.,()（）·]+")
_MAX_NAME: Final = 200
# The separator of a stem and its class in the index ("caohai|reserve"); no normal form has it.
_CLASS_MARK: Final = "|"


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
    return _IGNORED.sub("", _fold(text)).replace(_CLASS_MARK, "")


def split_level_suffix(text: str) -> tuple[str, str | None]:
    """Split a name into its folded stem and the class of its trailing level word (or None).

    Examples:
        >>> split_level_suffix("Weining Yi, Hui and Miao Autonomous County")
        ('weining yi, hui and miao', 'county')
        >>> split_level_suffix("草海国家级自然保护区")
        ('草海', 'reserve')
        >>> split_level_suffix("Bijie")
        ('bijie', None)
    """
    folded = _fold(text).strip()
    found = _WORD_SUFFIX.search(folded) or _HANZI_SUFFIX.search(folded)
    if found is None or found.start() == 0:
        return folded, None
    return folded[: found.start()], _CLASS_OF[found.group(1)]


def strip_level_suffix(text: str) -> str:
    """Remove one trailing level word (English, pinyin or hanzi) from a name.

    Examples:
        >>> strip_level_suffix("Weining Yi, Hui and Miao Autonomous County")
        'weining yi, hui and miao'
        >>> strip_level_suffix("Bijie")
        'bijie'
    """
    return split_level_suffix(text)[0]


def name_keys(names: Iterable[str | None]) -> list[str]:
    """The distinct keys a name is found under, in first-seen order.

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


class _Postings(Protocol):
    def get(self, key: str, /) -> tuple[str, ...] | None: ...

    def keys(self) -> Iterable[str]: ...


class _SortedPostings:
    """One kind of key of a name index's text: sorted lines `kind<TAB>key<TAB>id id ...`.

    The lines stay UTF-8 bytes (their order is the text's): only the line found is decoded.
    """

    __slots__ = ("_end", "_lines", "_prefix", "_start")

    def __init__(self, lines: list[bytes], kind: str) -> None:
        self._lines = lines
        self._prefix = kind.encode() + b"\t"
        self._start = bisect.bisect_left(lines, self._prefix)
        self._end = bisect.bisect_left(lines, kind.encode() + b"\n")  # "\n" sorts after "\t"

    def get(self, key: str, /) -> tuple[str, ...] | None:
        try:
            target = self._prefix + key.encode() + b"\t"
        except UnicodeEncodeError:  # a lone surrogate: no name in the index has one
            return None
        at = bisect.bisect_left(self._lines, target, self._start, self._end)
        if at < self._end and self._lines[at].startswith(target):
            return tuple(self._lines[at][len(target) :].decode().split(" "))
        return None

    def keys(self) -> Iterator[str]:
        skip = len(self._prefix)
        for line in self._lines[self._start : self._end]:
            yield line[skip : line.index(b"\t", skip)].decode()


# The kinds of key in a name index: the whole name, its stem, and its stem with its class.
_KINDS: Final = ("e", "s", "c")


class NameIndex:
    """Normalized names (whole, without their level word, and with its class) mapped to ids.

    Build one from entities, or read one that
    [to_text][swchina_dev.catalog.names.NameIndex.to_text] wrote (the bundled data ships its
    index, so the first lookup need not normalise 300,000 names).

    Args:
        entities: Anything with `id`, `name` and `aliases` (and `name_zh`, `pinyin`
            where it has them).

    Examples:
        >>> from types import SimpleNamespace as Entity
        >>> town = Entity(id="x1", name="Caohai Town", aliases=(), name_zh="草海镇")
        >>> reserve = Entity(id="z1", name="Caohai Nature Reserve", aliases=(), name_zh=None)
        >>> index = NameIndex([town, reserve])
        >>> sorted(index.candidates("Caohai"))
        ['x1', 'z1']
        >>> sorted(index.candidates("caohai reserve"))
        ['z1']
        >>> NameIndex.from_text(index.to_text()).candidates("草海") == index.candidates("草海")
        True
    """

    __slots__ = ("_classed", "_exact", "_search_keys", "_stems", "_suggested")

    def __init__(self, entities: Iterable[Any] = ()) -> None:
        exact: dict[str, set[str]] = {}
        stems: dict[str, set[str]] = {}
        classed: dict[str, set[str]] = {}
        for entity in entities:
            names = [entity.name, *entity.aliases]
            names += [n for n in (entity.name_zh, getattr(entity, "pinyin", None)) if n]
            for name in names:
                exact.setdefault(normalize_name(name), set()).add(entity.id)
                stem, kind = split_level_suffix(name)
                stem = normalize_name(stem)
                stems.setdefault(stem, set()).add(entity.id)
                if kind is not None:
                    classed.setdefault(stem + _CLASS_MARK + kind, set()).add(entity.id)
        self._exact: _Postings = {k: tuple(sorted(v)) for k, v in exact.items()}
        self._stems: _Postings = {k: tuple(sorted(v)) for k, v in stems.items()}
        self._classed: _Postings = {k: tuple(sorted(v)) for k, v in classed.items()}
        self._search_keys: tuple[list[str], list[str]] | None = None
        self._suggested: dict[str, list[tuple[str, float]]] = {}

    @classmethod
    def from_text(cls, text: str | bytes) -> NameIndex:
        """Read an index written by `to_text`, as text or UTF-8 (searched in place by bisection)."""
        lines = (text.encode() if isinstance(text, str) else text).split(b"\n")
        if lines and not lines[-1]:
            lines.pop()
        index = cls()
        index._exact, index._stems, index._classed = (
            _SortedPostings(lines, kind) for kind in _KINDS
        )
        return index

    def to_text(self, *, with_classes: bool = True) -> str:
        """The index as sorted lines of `kind<TAB>key<TAB>ids` (kind `e`, `s` or `c`).

        Args:
            with_classes: Whether to keep the stems with their class (`c`): a table of one kind
                of place (villages) needs none.
        """
        lines = []
        kinds = _KINDS if with_classes else _KINDS[:2]
        for kind, postings in zip(kinds, (self._exact, self._stems, self._classed), strict=False):
            for key in postings.keys():  # noqa: SIM118 - a _Postings, not a dict
                ids = postings.get(key) or ()
                lines.append(f"{kind}\t{key}\t{' '.join(ids)}")
        return "".join(line + "\n" for line in sorted(lines))

    def candidates(self, name: str) -> set[str]:
        """Ids whose names match.

        A bare name ("Caohai") matches whole names and stems alike: the towns called Caohai and
        the Caohai National Nature Reserve. A name with a level word ("Caohai Reserve"), in
        order, the first that finds anything: the whole name; its stem with its level word's
        class (reserves called Caohai); its stem, against whole names and stems alike (not for
        a village, community, new area, reserve or zone: "Houshan Community" is not Houshan
        Town).
        """
        key = normalize_name(name)
        folded_stem, kind = split_level_suffix(name)
        if kind is None:  # a bare name: whole names and stems are the same evidence
            return {*(self._exact.get(key) or ()), *(self._stems.get(key) or ())}
        found = self._exact.get(key)
        if found:
            return set(found)
        stem = normalize_name(folded_stem)
        found = self._classed.get(stem + _CLASS_MARK + kind)
        if found or kind in _KINDS_APART:
            return set(found or ())
        matches: set[str] = set()
        for postings, wanted in ((self._exact, stem), (self._stems, stem), (self._stems, key)):
            matches.update(postings.get(wanted) or ())
        return matches

    def close_matches(self, name: str, limit: int = 5) -> list[tuple[str, float]]:
        """Ids of the entities with the closest names and their similarity (0-100), best first.

        The similarity is rapidfuzz's normalized optimal string alignment (an edit, or two
        letters swapped, costs one) over whole names and stems in the same script as the query
        (Latin or hanzi), at least 70 (60 for hanzi, whose names are two to four characters);
        equally close names in the order of their keys. Remembered per name.

        Examples:
            >>> from types import SimpleNamespace as Entity
            >>> city = Entity(id="520500", name="Bijie City", aliases=(), name_zh=None)
            >>> index = NameIndex([city])
            >>> index.close_matches("Bijei")
            [('520500', 80.0)]
        """
        key = normalize_name(name)
        if key in self._suggested:
            return self._suggested[key]
        from rapidfuzz import process
        from rapidfuzz.distance import OSA  # on the first miss only

        latin, hanzi = self._keys_by_script()
        close = process.extract(
            key,
            latin if key.isascii() else hanzi,
            scorer=OSA.normalized_similarity,
            limit=limit * 2,
            score_cutoff=0.7 if key.isascii() else 0.6,  # hanzi names are short
        )
        found: dict[str, float] = {}
        for match, score, _ in sorted(close, key=lambda hit: (-hit[1], hit[0])):
            for entity_id in (*(self._exact.get(match) or ()), *(self._stems.get(match) or ())):
                found.setdefault(entity_id, round(score * 100, 1))
        matches = list(found.items())[:limit]
        if len(self._suggested) >= 4096:
            self._suggested.clear()
        self._suggested[key] = matches
        return matches

    def _keys_by_script(self) -> tuple[list[str], list[str]]:
        if self._search_keys is None:
            latin: list[str] = []
            hanzi: list[str] = []
            for key in dict.fromkeys((*self._exact.keys(), *self._stems.keys())):
                (latin if key.isascii() else hanzi).append(key)
            self._search_keys = (latin, hanzi)
        return self._search_keys
