"""Where an article names places, zones, groupings and enterprises, and where it refers back.

[find_mentions][swchina_dev.extraction.mentions.find_mentions] yields a
[Mention][swchina_dev.extraction.mentions.Mention] for

- a **name** the dataset knows: a run of capitalised words ("Weining Yi, Hui and Miao
  Autonomous County", "Guizhou Lianshang Technology Co., Ltd.", "Bijie city", "Guizhou's") is
  cut into the longest names the dataset's index has; a run with a word left over is not a place
  ("Xi Jinping" is not Xi District, "Caohai Lake" is not the Caohai towns), nor is a one-word
  name followed by "said" or after a title ("Li told reporters", "President Xi"), nor a name
  with a level word its division does not have ("Guizhou county" in a headline);
- a **new name** the data does not have, recognised by its last word: a company ("... Co.,
  Ltd.", "... Group", "... Factory"), a zone ("... Industrial Park", "... New Area") or a place
  below the county ("Huawu village", "Sanhe Village"): kept as written;
- a **reference back**: "the city", "the county", "the new energy company", "the village",
  "we" (the speaker's organisation), kept with the kinds it can refer to;
- hanzi names ending in a level word ("毕节市", "新仁苗族乡").

A dateline ("GUIYANG -- ", "CHENGDU, Nov. 4 (Xinhua) -- ") and a byline ("By ... | China
Daily | Updated: ...") name where the reporter was: nothing in them is a mention.

Consecutive names joined by a comma, "of" or "in" form a containment chain ("Huawu village,
Xinren Miao township of Qianxi"): each mention records the next, outer one; after a possessive
the later name is the inner one ("Southwest China's Guizhou province").

Examples:
    >>> import swchina_dev as sw
    >>> text = "Xi Jinping visited Sanhe Village in Zhaojue county. The village grew."
    >>> [(m.text, m.kind) for m in find_mentions(text, sw.load())]
    [('Sanhe Village', 'name'), ('Zhaojue county', 'name'), ('The village', 'reference')]
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Callable, Iterator
from typing import Final, NamedTuple

import attrs

from swchina_dev.catalog import Dataset
from swchina_dev.catalog.names import split_level_suffix
from swchina_dev.errors import SwchinaDevError
from swchina_dev.extraction.pattern_needs import Patterns, needs_of
from swchina_dev.models import Level, Region
from swchina_dev.text import chinese_place_mentions

__all__ = ["Containment", "Mention", "find_mentions"]

_Matcher = Callable[[str], tuple[str, ...]]


class Mention(NamedTuple):
    """A name or a reference back in the text.

    Attributes:
        start: Offset of its first character.
        end: Offset one past its last.
        text: As written (without a possessive "'s").
        kind: `"name"` (the dataset has it), `"new"` (a name it does not have) or
            `"reference"` ("the county").
        ids: For a name, the ids that match it, the most likely first.
        refers_to: For a reference or a new name, what it can be: level or kind words
            (`"county"`, `"village"`, `"enterprise"`, `"zone"`, `"any"`).
        outer: Index (into the mentions yielded) of the next mention of its containment chain.
    """

    start: int
    end: int
    text: str
    kind: str
    ids: tuple[str, ...]
    refers_to: str
    outer: int | None


# A capitalised word, with the marks names carry ("Co.", "Gui'an", "High-tech", "No.9") and the
# letters with accents of official romanisations ("Xigazê", "Lüchun"; the index drops them).
_ABBREVIATIONS: Final = ("Co", "Ltd", "Inc", "Corp", "No")
_ABBREVIATION: Final = r"(?:" + "|".join(_ABBREVIATIONS) + r")\.(?: ?[0-9]+)?"
_LETTERS: Final = "A-Za-z0-9'’&\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f-"
_WORD: Final = r"(?:" + _ABBREVIATION + r"|[A-Z][" + _LETTERS + r"]*)"
# The same, its capital matched first (so that a scan skips to capitals), each abbreviation's
# first letter looked behind.
_FIRST_WORD: Final = (
    r"[A-Z](?:(?:"
    + "|".join(f"(?<={word[0]}){word[1:]}" for word in _ABBREVIATIONS)
    + r")\.(?: ?[0-9]+)?|["
    + _LETTERS
    + r"]*)"
)
_LEVEL_WORDS: Final = (
    "province|prefecture|city|county|district|town|township|village|community|region|"
    "municipality|zone|park|area|reserve|port|banner"
)
# A run: capitalised words, joined by spaces, hyphens, commas, "and", "of" or parentheses when a
# capitalised word follows, and ending in an optional lower-case level word ("Bijie city").
_RUN: Final = re.compile(
    _FIRST_WORD
    + r"(?:(?:,? +|, *| *\( *|\) *| +(?:and|of|de) +)"
    + _WORD
    + r"|\))*"
    + r"(?: +(?:"
    + _LEVEL_WORDS
    + r")(?![A-Za-z]))?"
)
#: Most tokens (words and punctuation) in one name.
_MAX_TOKENS: Final = 16
# Capitalised at the start of a sentence, never the start of a name.
_FUNCTION_WORDS: Final = frozenset(
    {
        "in", "at", "on", "for", "the", "a", "an", "with", "by", "from", "since", "after",
        "before", "during", "last", "this", "that", "these", "those", "according", "as",
        "thanks", "to", "of", "and", "but", "while", "when", "now", "today", "currently",
        "located", "nestled", "under", "over", "both", "its", "their", "his", "her",
    }
)  # fmt: skip
_ABBREVIATED: Final = frozenset({"co.", "ltd.", "inc.", "corp.", "no."})
_TOKEN: Final = re.compile(_ABBREVIATION + r"|[" + _LETTERS + r"]+|[,()]")
_CONNECTORS: Final = frozenset({",", "(", ")", "and", "of", "de"})
_SPEECH_AFTER: Final = re.compile(
    r"(?:'s)? *,? *(?:said|says|told|added|noted|stressed|explained|urged|recalled|called|"
    r"expressed|learned|shared|came|arrived|visited|chatted|clapped|bent|made|sat|suggested)\b"
)
_TITLE_BEFORE: Final = re.compile(
    r"(?:President|Premier|Secretary|Governor|Mayor|Chairman|Mr\.|Mrs\.|Ms\.|Dr\.|General) +$"
)
_NEW_NAME_ENDINGS: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("co", "co.", "ltd", "ltd.", "company", "group", "corporation", "corp", "corp.", "inc",
         "inc.", "factory", "plant", "cooperative", "bank", "enterprise", "mill", "mine",
         "school", "university", "hospital", "institute"),
        "enterprise",
    ),
    **dict.fromkeys(
        ("zone", "park", "area", "reserve", "port", "base", "corridor", "center", "centre"),
        "zone",
    ),
    **dict.fromkeys(("village", "community"), "village"),
    **dict.fromkeys(("town", "township"), "township"),
}  # fmt: skip
# "the city", "the new energy company", "the nature reserve's": up to three words between.
# "The", "this", "that", "its", "their" before a noun that can be referred to (within three
# words), or "we", "our", "us", each starting a word. The first letter is matched by a class
# and the start of a word is looked behind it (as `\b` before it would say), so that the scan
# of a whole article skips to those letters.
_REFERENCE: Final = re.compile(
    r"[TtIiWwOoUu](?<!\w.)(?:"
    r"(?:(?<=[Tt])(?:he|his|hat|heir)|(?<=[Ii])ts) +"
    r"(?:(?!(?:the|a|an|of|in|and|to)\b)[a-z][a-z-]* +){0,3}?"
    r"(?P<noun>province|prefecture|city|county|district|town|township|village|community|"
    r"region|municipality|country|nation|company|firm|enterprise|group|factory|plant|platform|"
    r"zone|park|reserve|corridor|school|cooperative)(?![A-Za-z])(?:'s|’s)?"
    r"|(?:(?<=[Ww])e|(?<=[Oo])ur|(?<=[Uu])s)\b)"
)
_NAMED_AFTER: Final = re.compile(r" of [A-Z]")
# "该县" (the county), "全市" (the whole city), "本公司": a reference back in Chinese.
_CHINESE_REFERENCE: Final = re.compile(
    r"(?:该|本|全|此|这个|这座)(?P<noun>省|自治区|市|州|县|区|镇|乡|村|社区|公司|企业|集团|园区|保护区)"
)
_CHINESE_REFERS_TO: Final[dict[str, str]] = {
    "省": "province", "自治区": "province", "市": "city", "州": "prefecture", "县": "county",
    "区": "district", "镇": "township", "乡": "township", "村": "village", "社区": "village",
    "公司": "enterprise", "企业": "enterprise", "集团": "enterprise", "园区": "zone",
    "保护区": "zone",
}  # fmt: skip
_DIRECTIONS: Final = "western|southwestern|southwest|eastern|central|northeastern|northwestern"
_CHINA_REGION: Final = re.compile(
    r"\b(?:China's|China’s|the) +(?P<direction>" + _DIRECTIONS + r") +(?:region|part of China)\b"
    r"|\b(?P<direction2>" + _DIRECTIONS + r") +China\b"
)
# What every match of it holds one of (see pattern_needs): most texts name no direction.
_REGION_NEEDS: Final[Patterns[str]] = Patterns(
    [(_CHINA_REGION, "region", needs_of(_DIRECTIONS.split("|")))]
)
_REFERS_TO: Final[dict[str, str]] = {
    "country": "country",
    "nation": "country",
    "firm": "enterprise",
    "company": "enterprise",
    "group": "enterprise",
    "factory": "enterprise",
    "plant": "enterprise",
    "platform": "organisation",
    "school": "enterprise",
    "cooperative": "enterprise",
    "park": "zone",
    "reserve": "zone",
    "corridor": "zone",
    "community": "village",
    "town": "township",
}


# A news item's dateline, where it was filed: "GUIYANG -- ", "CHENGDU, Nov. 4 (Xinhua) -- ",
# at the start of a line; and its byline ("By Li Wei in Guiyang | China Daily | Updated: ...").
# The places they name are the reporter's, not the figures' subjects.
_DATELINE: Final = re.compile(
    r"(?m)^[ \t]*[A-Z][A-Z'’.-]+(?:[ ,]+[A-Z][A-Z'’.-]+)*(?:,[^\n]{0,40}?)?\s*(?:--|[—–])"
)
_BYLINE: Final = re.compile(r"(?m)^[ \t]*By [^\n]{0,300}?\|[^\n]*|^[^\n]{0,300}?\bUpdated: [^\n]*")


def _furniture(text: str) -> list[tuple[int, int]]:
    """The spans of the datelines and bylines of `text`, in order."""
    spans = [match.span() for match in _DATELINE.finditer(text)]
    if "|" in text or "Updated: " in text:
        spans = sorted(spans + [match.span() for match in _BYLINE.finditer(text)])
    return spans


def find_mentions(text: str, dataset: Dataset, within: Containment | None = None) -> list[Mention]:
    """Every name and reference back in the text, in order.

    Args:
        text: The article.
        dataset: Whose names count as known (the bundled data, or a user's).
        within: The dataset's containment, if the caller has one to share (remembered).

    Returns:
        The mentions in order; `outer` links the parts of a containment chain.
    """
    found: list[tuple[int, int, str, str, tuple[str, ...], str]] = []
    matcher = _matcher(dataset)
    # A run's names depend on its words alone (whether one is a person's, on the text around
    # it too): the same run ("Guizhou", "The county") is read once.
    plans: dict[str, list[_Named]] = {}
    for run in _RUN.finditer(text):
        start, written = run.start(), run.group()
        plan = plans.get(written)
        if plan is None:
            plan = plans[written] = list(_names_in_run(written, 0, len(written), matcher))
        for first, last, name, kind, ids, refers_to, personal in plan:
            if not (personal and _is_person(text, start + first, start + last)):
                found.append((start + first, start + last, name, kind, ids, refers_to))
    # The Chinese references and names are of hanzi: an ASCII text is not searched for them.
    hanzi = not text.isascii()
    for reference in _CHINESE_REFERENCE.finditer(text) if hanzi else ():
        refers_to = _CHINESE_REFERS_TO[reference.group("noun")]
        found.append(
            (reference.start(), reference.end(), reference.group(), "reference", (), refers_to)
        )
    for reference in _REFERENCE.finditer(text):
        noun = reference.group("noun")
        refers_to = "enterprise" if noun is None else _REFERS_TO.get(noun, noun)
        end = reference.end()
        if noun is not None and _NAMED_AFTER.match(text, end):
            continue  # "the city of Lijiang": the name says which
        written = reference.group().removesuffix("'s").removesuffix("’s")
        found.append((reference.start(), end, written, "reference", (), refers_to))
    for region in _CHINA_REGION.finditer(text) if _REGION_NEEDS.applicable(text) else ():
        # "China's western region", "western China": the grouping "Western China", if any.
        direction = region.group("direction") or region.group("direction2")
        ids = matcher(f"{direction.capitalize()} China")
        if ids:
            found.append((region.start(), region.end(), region.group(), "name", ids, ""))
    places = chinese_place_mentions(text, known=lambda n: bool(matcher(n))) if hanzi else ()
    for start, end, name in places:
        ids = matcher(name)
        if ids:
            found.append((start, end, name, "name", ids, ""))
    found.sort(key=lambda item: (item[0], -item[1]))
    furniture = _furniture(text)
    mentions: list[Mention] = []
    last_end = -1
    cut = 0  # furniture[cut:] ends after the mentions seen so far
    for start, end, written, kind, ids, refers_to in found:
        if start < last_end:
            continue
        while cut < len(furniture) and furniture[cut][1] <= start:
            cut += 1
        if cut < len(furniture) and furniture[cut][0] <= start:
            continue  # in a dateline or byline
        last_end = end
        mentions.append(Mention(start, end, written, kind, ids, refers_to, None))
    return _link_chains(text, mentions, Containment(dataset) if within is None else within)


# The levels a division named with a level word can be at: "Guizhou county" is no name of
# Guizhou Province (a headline's "a county of Guizhou"), while "Chongqing city" is the
# municipality and "Qianxi county" the county-level city it became.
_LEVELS_OF_WORD: Final[dict[str, frozenset[Level]]] = {
    "province": frozenset({Level.PROVINCE}),
    "region": frozenset({Level.PROVINCE}),
    "municipality": frozenset({Level.PROVINCE}),
    "prefecture": frozenset({Level.PREFECTURE}),
    "city": frozenset({Level.PROVINCE, Level.PREFECTURE, Level.COUNTY}),
    "county": frozenset({Level.COUNTY}),
    "district": frozenset({Level.PREFECTURE, Level.COUNTY}),
    "town": frozenset({Level.TOWNSHIP}),
    "township": frozenset({Level.TOWNSHIP}),
    "subdistrict": frozenset({Level.TOWNSHIP}),
}


def _matcher(dataset: Dataset) -> _Matcher:
    @functools.lru_cache(maxsize=4096)
    def ids_of(name: str) -> tuple[str, ...]:
        entities = dataset.lookup_all(name, villages=False)
        levels = _LEVELS_OF_WORD.get(split_level_suffix(name)[1] or "")
        if levels is not None:
            entities = tuple(
                entity
                for entity in entities
                if isinstance(entity, Region) and entity.level in levels
            )
        if split_level_suffix(name)[1] is None:
            # English writes a township or village with its level word ("Qingshuipu town"); a
            # bare word that only a township has is a person's or a thing's name ("Liu").
            entities = tuple(
                entity
                for entity in entities
                if not isinstance(entity, Region) or entity.level.rank <= Level.COUNTY.rank
            )
        return tuple(_id(entity) for entity in entities)

    return ids_of


def _id(entity: object) -> str:
    return str(getattr(entity, "code", None) or getattr(entity, "id", ""))


# A name read in a run: offsets, text, kind, ids, what a new name is, whether it may be a person's.
_Named = tuple[int, int, str, str, tuple[str, ...], str, bool]


def _names_in_run(text: str, start: int, end: int, matcher: _Matcher) -> Iterator[_Named]:
    tokens = [
        (m.start() + start, m.end() + start, m.group()) for m in _TOKEN.finditer(text[start:end])
    ]
    for index, token in enumerate(tokens[:-1]):
        if token[2].endswith(("'s", "’s")):
            # "Guizhou's GDP", "China's Guizhou Province": a possessive ends a name.
            yield from _names_in_run(text, start, token[1], matcher)
            yield from _names_in_run(text, tokens[index + 1][0], end, matcher)
            return
    while tokens and tokens[0][2].lower() in _FUNCTION_WORDS:
        tokens.pop(0)
    if tokens and tokens[-1][2].endswith(".") and tokens[-1][2].lower() not in _ABBREVIATED:
        last_start, last_end, last_text = tokens[-1]
        tokens[-1] = (last_start, last_end - 1, last_text[:-1])
    pieces: list[tuple[int, int, str, tuple[str, ...]]] = []
    left_over = False
    index = 0
    while index < len(tokens):
        if tokens[index][2] in _CONNECTORS:
            index += 1
            continue
        match = _longest_name(text, tokens, index, matcher)
        if match is None:
            left_over = True
            index += 1
            continue
        last, ids = match
        pieces.append((tokens[index][0], _strip_possessive(text, tokens[last][1]), "", ids))
        index = last + 1
    if pieces and not left_over and not _is_personal_name(text, pieces):
        for piece_start, piece_end, _, ids in pieces:
            yield piece_start, piece_end, text[piece_start:piece_end], "name", ids, "", True
        return
    comma = next((i for i, token in enumerate(tokens) if token[2] == ","), None)
    if (
        comma is not None
        and 0 < comma < len(tokens) - 1
        and tokens[comma - 1][1] - tokens[0][0] < 20
    ):
        # "Specifically, Guian plans": a capitalised word and a comma before the name.
        yield from _names_in_run(text, tokens[comma + 1][0], end, matcher)
        return
    ending = tokens[-1][2].lower().rstrip("'’s") if tokens else ""
    kind = (
        _NEW_NAME_ENDINGS.get(tokens[-1][2].lower(), _NEW_NAME_ENDINGS.get(ending))
        if tokens
        else None
    )
    if kind is not None and len(tokens) > 1:
        name_end = _strip_possessive(text, tokens[-1][1])
        name_start = tokens[0][0]
        if text[name_start : name_start + 4] == "The ":
            name_start += 4
        yield name_start, name_end, text[name_start:name_end], "new", (), kind, False


def _longest_name(
    text: str,
    tokens: list[tuple[int, int, str]],
    index: int,
    matcher: _Matcher,
) -> tuple[int, tuple[str, ...]] | None:
    for last in range(min(len(tokens), index + _MAX_TOKENS) - 1, index - 1, -1):
        if tokens[last][2] in _CONNECTORS and tokens[last][2] != ")":
            continue
        name = text[tokens[index][0] : _strip_possessive(text, tokens[last][1])]
        if name.lower() in ("the", "a", "in", "on", "at", "for"):
            return None
        ids = matcher(name)
        if ids:
            return last, ids
    return None


def _is_personal_name(text: str, pieces: list[tuple[int, int, str, tuple[str, ...]]]) -> bool:
    # "Xi Jinping", "Li Bingjun": two one-word names side by side, with nothing between them but
    # a space, are a person's name; English joins places with a comma, "of" or "in".
    if len(pieces) < 2:
        return False
    for (_, first_end, _, _), (second_start, second_end, _, _) in itertools.pairwise(pieces):
        first_word = text[pieces[0][0] : first_end]
        second_word = text[second_start:second_end]
        if text[first_end:second_start] == " " and " " not in first_word + second_word:
            return True
    return False


def _strip_possessive(text: str, end: int) -> int:
    if text[end - 2 : end] in ("'s", "’s"):
        return end - 2
    return end


def _is_person(text: str, start: int, end: int) -> bool:
    name = text[start:end]
    if " " in name.strip():
        return False
    return bool(
        _SPEECH_AFTER.match(text, end, end + 40)
        or _TITLE_BEFORE.search(text, max(0, start - 20), start)
    )


_CHAIN_JOIN: Final = re.compile(r"(?:,|\s+of|\s+in)(?:\s+the)?\s+|,\s*")


def _link_chains(text: str, mentions: list[Mention], within: Containment) -> list[Mention]:
    # "Huawu village, Xinren Miao township of Qianxi": each name points to the one outside it.
    linked = list(mentions)
    for index in range(len(linked) - 1):
        inner, outer = linked[index], linked[index + 1]
        if inner.kind == "reference" or outer.kind == "reference":
            continue
        between = text[inner.end : outer.start]
        if (not between and _is_hanzi(inner.text) and _is_hanzi(outer.text)) or between in (
            "'s ",
            "’s ",
        ):
            # 贵州省毕节市, "Southwest China's Tibet Autonomous Region": these chains run from
            # the outside in; the later part is inside.
            linked[index + 1] = outer._replace(outer=index)
        elif len(between) <= 8 and _CHAIN_JOIN.fullmatch(between):
            if inner.ids and outer.ids and within(outer.ids[0], inner.ids[0]):
                linked[index + 1] = outer._replace(outer=index)  # "In Guizhou, Bijie ..."
            else:
                linked[index] = inner._replace(outer=index + 1)
    return linked


@attrs.define
class Containment:
    """Whether one region (or village) lies within another, by the dataset's tree; remembered.

    Attributes:
        dataset: Whose tree of regions is asked.
    """

    dataset: Dataset
    _known: dict[tuple[str, str], bool] = attrs.field(factory=dict, init=False)

    def __call__(self, inner: str, outer: str) -> bool:
        """Whether the region or village `inner` (an id) lies within the region `outer`."""
        key = (inner, outer)
        if key not in self._known:
            code, _, village = inner.partition("-")
            try:
                above = self.dataset.ancestors(code)
            except SwchinaDevError:
                above = ()
            self._known[key] = any(region.code == outer for region in above) or (
                bool(village) and code == outer
            )
        return self._known[key]


def _is_hanzi(name: str) -> bool:
    return bool(name) and all("\u4e00" <= char <= "\u9fff" for char in name)
