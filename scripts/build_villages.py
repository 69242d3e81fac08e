#!/usr/bin/env python3
"""Build ``src/swchina_dev/data/villages.tsv`` from ``data-raw/divisions_sw_villages.csv``.

Input: every village-level unit (villagers' and residents' committees) of the six provinces,
NBS statistical division codes, 2023 edition (see ``data-raw/SOURCES.md``). NBS prints the name of
the committee; the place name is the committee's name without its committee words. The rule,
applied to the hanzi name in this order (the first that matches wins):

1. a trailing ``（农村社区）`` ("rural community") note is dropped;
2. a villagers' committee (村民委员会, 村委会, and the misprints 村民委会员, 村委委会, 村委) gives
   ``<name>村``, kind ``village`` (``拉堡村村民委员会`` and ``永兴村民委员会`` both give a
   name ending in one 村);
3. a community residents' committee (社区居民委员会, 社区居委会, 社区委员会, 社区工作站 and the
   misprints 社区居民居委会, 社区居民委员, 社区居民委会员, 社区居民委会, 社区居委员, 社区居民会)
   gives ``<name>社区``, kind ``community``;
4. a residents' committee without 社区 (居民委员会, 居委会) gives the bare name, kind ``community``
   (NBS does not say 社区 there, so none is added);
5. anything else (names already ending in 村, 社区, 虚拟社区, a farm's 生活区, a 管理区) is kept as
   printed; it is a ``community`` unless it ends in 村.

English name: pinyin of the proper name (the name without a final 村, 社区 or 生活区) plus
"Village" or "Community" ("Virtual Community" for NBS's 虚拟社区 placeholders). Pinyin: toned
pinyin of the proper name plus ``Cūn``, ``Shèqū`` or ``Shēnghuóqū`` where the name has that word.
The pinyin helpers are those of ``build_regions.py`` (imported, not copied).

Output: one tab-separated row per unit, sorted by code: ``code`` (12 digits; the parent township
is the first nine), ``kind`` (``v`` village, ``c`` community), ``name_zh``, ``name``, ``pinyin``,
and beside it ``villages.names.tsv``, the name index of the units as
``swchina_dev.catalog.names.NameIndex.to_text`` writes it (shipped so that the first lookup need not
normalise 300,000 names; searched in place by bisection).

Run: ``python scripts/build_villages.py [--raw PATH] [--out PATH]`` (after build_regions.py).
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from collections import Counter
from pathlib import Path
from typing import NamedTuple

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build_regions import BuildError, join_word, strip_tones, syllables
from swchina_dev.catalog.names import NameIndex
from swchina_dev.catalog.villages import VILLAGE_HEADER, names_resource_of

REPO = Path(__file__).resolve().parents[1]
NOTE = "（农村社区）"
VILLAGE_SUFFIXES = ("村民委会员", "村民委员会", "村委委会", "村委会", "村委")
COMMUNITY_SUFFIXES = (
    "社区居民居委会",
    "社区居民委会员",
    "社区居民委员会",
    "社区居民委员",
    "社区居民委会",
    "社区居委员",
    "社区居委会",
    "社区居民会",
    "社区委员会",
    "社区工作站",
)
RESIDENT_SUFFIXES = ("居民委员会", "居委会")
# Trailing place words: hanzi -> (toned pinyin, English word).
PLACE_WORDS = (
    ("虚拟社区", "Xūnǐ Shèqū", "Virtual Community"),
    ("生活区", "Shēnghuóqū", "Community"),
    ("社区", "Shèqū", "Community"),
    ("村", "Cūn", "Village"),
)


class Unit(NamedTuple):
    """A unit as the name index reads it (`id`, `name`, `aliases`, `name_zh`, `pinyin`)."""

    id: str
    kind: str
    name_zh: str
    name: str
    pinyin: str
    aliases: tuple[str, ...] = ()


def place_name(committee: str) -> tuple[str, str]:
    """The place name and kind (``village``/``community``) of a committee's name (rule above)."""
    name = committee.removesuffix(NOTE)
    for suffix in VILLAGE_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            base = name[: -len(suffix)]
            return (base if base.endswith("村") else base + "村"), "village"
    for suffix in COMMUNITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)] + "社区", "community"
    for suffix in RESIDENT_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], "community"
    return name, "village" if name.endswith("村") else "community"


def proper_pinyin(proper: str) -> str:
    """Toned pinyin of a proper name; digits, Latin letters and brackets are kept as printed."""
    parts = []
    for part in re.findall(r"[0-9A-Za-z]+|[（(）)·]|[^0-9A-Za-z（(）)·]+", proper):
        if part.isascii() or part in "（）·":
            parts.append({"（": "(", "）": ")", "·": ""}.get(part, part))
        else:
            parts.append(join_word(syllables(part)))
    spaced = " ".join(p for p in parts if p)
    return spaced.replace("( ", "(").replace(" )", ")")


def names(name_zh: str, kind: str) -> tuple[str, str]:
    """The English name and the toned pinyin of a village or community."""
    proper, word_py = name_zh, ""
    word_en = "Village" if kind == "village" else "Community"
    for hanzi, pinyin_word, english in PLACE_WORDS:
        if name_zh.endswith(hanzi) and len(name_zh) > len(hanzi):
            proper, word_py, word_en = name_zh[: -len(hanzi)], pinyin_word, english
            break
    proper_py = proper_pinyin(proper)
    pinyin = f"{proper_py} {word_py}" if word_py else proper_py
    return f"{strip_tones(proper_py)} {word_en}", pinyin


def unreadable_names(name_zh: str, kind: str) -> str:
    """The English name of a unit whose name has an unreadable character: its kind word only."""
    return "Village" if kind == "village" else "Community"


def build(raw: Path, township_codes: set[str]) -> list[tuple[str, ...]]:
    """The output rows, sorted by code; raises BuildError on a broken invariant."""
    with (raw / "divisions_sw_villages.csv").open(encoding="utf-8", newline="") as handle:
        source = list(csv.DictReader(handle))
    rows, unreadable = [], []
    for row in source:
        code, parent = row["code12"], row["parent_code9"]
        if not (len(code) == 12 and code.isdigit() and code[:9] == parent):
            raise BuildError(f"{code}: malformed code or parent {parent}")
        if parent not in township_codes:
            raise BuildError(f"{code}: parent township {parent} is not in regions.csv")
        name_zh, kind = place_name(row["name_zh"])
        try:
            english, pinyin = names(name_zh, kind)
        except BuildError:
            # A character with no reading (NBS prints some rare ones in the private-use area):
            # no pinyin rather than a guess, and an English name from what can be read.
            unreadable.append(f"{code} {name_zh}")
            english, pinyin = unreadable_names(name_zh, kind), ""
        if "\t" in name_zh + english + pinyin:
            raise BuildError(f"{code}: tab in a name")
        rows.append((code, kind[0], name_zh, english, pinyin))
    rows.sort()
    print(f"{len(unreadable)} names with characters that have no pinyin: {unreadable}")
    if len({r[0] for r in rows}) != len(rows):
        raise BuildError("duplicate codes")
    return rows


def main(argv: list[str] | None = None) -> int:
    """Build, check, report and write the village table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO / "data-raw")
    parser.add_argument("--out", type=Path, default=REPO / "src/swchina_dev/data/villages.tsv")
    args = parser.parse_args(argv)
    regions = REPO / "src/swchina_dev/data/regions.csv"
    with regions.open(encoding="utf-8", newline="") as handle:
        townships = {r["code"] for r in csv.DictReader(handle) if r["level"] == "township"}
    try:
        rows = build(args.raw, townships)
    except (BuildError, KeyError) as exc:
        print(f"build failed: {exc!r}", file=sys.stderr)
        return 1
    kinds = Counter(r[1] for r in rows)
    print(f"{len(rows)} rows: {kinds['v']} villages, {kinds['c']} communities")
    text = "\n".join([VILLAGE_HEADER, *("\t".join(r) for r in rows)]) + "\n"
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({len(text.encode()):,} bytes)")
    index = args.out.with_name(names_resource_of(args.out.name))
    index_text = NameIndex(Unit(*row) for row in rows).to_text(with_classes=False)
    index.write_text(index_text, encoding="utf-8")
    print(f"wrote {index} ({len(index_text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
