"""Candidate place names in running Chinese text: the hanzi names that end in a level word.

Chinese writes a place as its name and its level word (贵州省, 毕节市, 威宁彝族回族苗族自治县,
新仁苗族乡, 化屋村), a chain of them outermost first, with no space before or after.
[chinese_place_mentions][swchina_dev.text.chinese_places.chinese_place_mentions] cuts each run of
hanzi after its level words and trims the words before a name; a gazetteer decides which
candidates are places (`swchina_dev.load().lookup_all(name)`), and given as `known` it also
settles where a name begins.

The rules (without `known`):

1. a run of hanzi is cut after each level word: 省, 市, 州, 县, 区, 旗, 盟, 镇, 乡, 村, 街道 (and so
   自治区, 自治州, 自治县, 地区, 社区, 新区, 民族乡, which end in them), except a level word that
   starts the part (镇宁布依族苗族自治县, 市中区), and 州, 镇, 旗, 盟, 乡 or 村 followed by another
   level word (贵州省, 清镇市, 红旗村: the first is part of the name; 安顺市镇宁 is cut after 市);
2. a part longer than `MAX_NAME` characters keeps its last `MAX_NAME` (the longest division
   name of the bundled data has 16);
3. the words before a name are trimmed, up to the last clause word (在, 的, 和, 与, 是, 了, 对,
   将, 从, 向, 为, 于, 到, 由, 该, 各, 全, 来, 自, ...) that leaves at least three characters:
   `又去了黔西市` gives 黔西市, `来自贵州省` 贵州省, `在从江县` 从江县 (a real county: 江县 would
   be too short), but `自流井区` loses its 自 (pass `known` for such names);
4. what is left is dropped if it is one character, two starting with a clause word (全县, 该市,
   我省), level words only (省市), or a common noun (城市, 农村, 社区, 山区, ...), with or
   without `known` (a village may be called 社区).

Examples:
    >>> [name for _, _, name in chinese_place_mentions("在贵州省毕节市威宁彝族回族苗族自治县调研")]
    ['贵州省', '毕节市', '威宁彝族回族苗族自治县']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Final

__all__ = ["MAX_NAME", "chinese_place_mentions"]

#: The most characters of one candidate name.
MAX_NAME: Final = 16
_RUN: Final = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LEVELS: Final = frozenset("省市州县区旗盟镇乡村")
# Level words that also end the stem of a name before another level word: 贵州省, 清镇市, 红旗村.
_INNER: Final = frozenset("州镇旗盟乡村")
_STREET: Final = "街道"
# Words that start a clause or a phrase and end no place name before them.
_CLAUSE: Final = frozenset(
    "在的和与是了对将从向为于及并把被由到至自给让使该各本我其这那据等也就还又已而或但以来往全经赴说"
)
_COMMON: Final = frozenset(
    (
        "地区", "山区", "社区", "园区", "景区", "城区", "市区", "辖区", "片区", "小区", "矿区",
        "老区", "灾区", "牧区", "农区", "郊区", "街区", "湾区", "特区", "新区", "农村", "城乡",
        "城市", "乡村", "超市", "都市", "城镇", "乡镇", "村镇", "山村", "外省", "外市", "外县",
        "县市", "市县", "县区", "区县", "省市",
    )
)  # fmt: skip


def chinese_place_mentions(
    text: str, *, known: Callable[[str], bool] | None = None
) -> Iterator[tuple[int, int, str]]:
    """Find candidate place names in running Chinese text, in order.

    Args:
        text: Any text.
        known: Says whether a name is a place (e.g.
            `lambda name: bool(dataset.lookup_all(name))`). Given, each part yields its longest
            known ending instead of the trimmed part (`从江县` and `自流井区` whole, `在贵州省` as
            `贵州省`), a part with none is tried joined to the next (`西乡` + `塘区` is 西乡塘区,
            `西盟` + `佤族自治县`), and unknown names are not yielded.

    Yields:
        `(start, end, name)` with `text[start:end] == name`, one per part of a chain
        (贵州省, then 毕节市); candidates do not overlap.

    Examples:
        >>> list(chinese_place_mentions("全县的化屋村和黔西市。"))
        [(3, 6, '化屋村'), (7, 10, '黔西市')]
        >>> [name for _, _, name in chinese_place_mentions("广西西乡塘区", known={"西乡塘区"}.__contains__)]
        ['西乡塘区']
    """  # noqa: E501
    for run in _RUN.finditer(text):
        parts = _parts(run.group())
        offset = run.start()
        if known is None:
            for start, end in parts:
                cut = start + _trimmed(run.group()[start:end])
                name = run.group()[cut:end]
                if _plausible(name):
                    yield offset + cut, offset + end, name
        else:
            yield from _known(run.group(), offset, parts, known)


def _parts(run: str) -> list[tuple[int, int]]:
    """The stretches of a run that end in a level word (rule 1), at most MAX_NAME long."""
    parts, begin, index = [], 0, 0
    while index < len(run):
        end = None
        if run.startswith(_STREET, index) and index > begin:
            end = index + len(_STREET)
        elif run[index] in _LEVELS and index > begin:
            following = run[index + 1 : index + 2]
            if run[index] not in _INNER or following not in _LEVELS or following == run[index]:
                end = index + 1
        if end is None:
            index += 1
            continue
        parts.append((max(begin, end - MAX_NAME), end))
        begin = index = end
    return parts


def _trimmed(part: str) -> int:
    """How many characters of words before the name to drop (rule 3)."""
    return next(
        (index + 1 for index in range(len(part) - 4, -1, -1) if part[index] in _CLAUSE),
        0,
    )


def _plausible(name: str) -> bool:
    """Rule 4."""
    return (
        len(name) >= 2
        and not (len(name) == 2 and name[0] in _CLAUSE)
        and not all(char in _LEVELS for char in name)
        and name not in _COMMON
    )


def _known(
    run: str, offset: int, parts: list[tuple[int, int]], known: Callable[[str], bool]
) -> Iterator[tuple[int, int, str]]:
    index = 0
    while index < len(parts):
        start, end = parts[index]
        found = _longest_known(run, start, end, known)
        if index + 1 < len(parts):
            # A cut inside a name (西乡|塘区, 西盟|佤族自治县) leaves a second part no place ends.
            after_start, after_end = parts[index + 1]
            if _longest_known(run, after_start, after_end, known) is None:
                # Joined, the name must keep all of a known name of this part (西盟佤族自治县,
                # but not 南宁市西乡 as 市西乡).
                stop = after_start if found is None else found + 1
                first = max(start, after_end - MAX_NAME)
                joined = _longest_known(run, first, stop, known, end=after_end)
                if joined is not None:
                    found, end = joined, after_end
                    index += 1
        if found is not None and _plausible(run[found:end]):
            yield offset + found, offset + end, run[found:end]
        index += 1


def _longest_known(
    run: str, start: int, stop: int, known: Callable[[str], bool], *, end: int | None = None
) -> int | None:
    """Return where the longest known name of two characters or more starts.

    The name ends at `end` (default `stop`) and starts from `start` and before `stop`.
    """
    end = stop if end is None else end
    return next((cut for cut in range(start, min(stop, end - 1)) if known(run[cut:end])), None)
