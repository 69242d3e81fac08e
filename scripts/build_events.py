#!/usr/bin/env python3
"""Build the change events of the divisions: ``code_events.csv`` and ``township_changes.csv``.

``code_events.csv`` comes from the yearly diffs of yescallop/areacodes (CC0 1.0; format in
``data-raw/areacodes/diff-spec.md``): each diff ``A-B.diff`` lists the records of the code list
of year A that were deleted (``-``), the records of year B that were added (``+``) and the
records that kept their code and name but gave part of their territory (``=``), each with the
records of the other year its territory went to or came from. Comment blocks above the lines
carry the approving document (文号), the date (日期) and the source (来源).

Each event is one connected group of such links in one comment block: the codes on the old side
(year A) and on the new side (year B), and a kind from a closed vocabulary (``KINDS``). Events
are kept when a code on either side belongs to the six provinces (45, 50, 51, 52, 53, 54), or is
a province-level code of China. The date is the approval's, at the precision given, else the
year of list B. Only the document number, the date and the source (a link) are kept, not the
text of the approvals.

``township_changes.csv`` is ``data-raw/sub_county_changes_sw.csv`` (township-level changes
2014-2023 in the six provinces) with a kind from its reason column (``TOWNSHIP_KINDS``), codes
cleaned of stray spaces and "merged into NAME" cells moved to the name column.

Run: ``python scripts/build_events.py [--raw PATH] [--out DIR] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import attrs

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "src/swchina_dev/data"
PROVINCES = ("45", "50", "51", "52", "53", "54")
EVENT_COLUMNS = [
    "year", "date", "kind", "document", "from_codes", "from_names", "to_codes", "to_names",
    "source", "diff",
]  # fmt: skip
TOWNSHIP_COLUMNS = [
    "year", "province", "kind", "reason", "old_code", "old_name", "new_code", "new_name",
    "document",
]  # fmt: skip
KINDS = (
    "renamed", "recoded", "renamed_recoded", "county_to_city", "county_to_district",
    "prefecture_to_city", "level_changed", "merged", "split", "reorganized",
    "territory_transferred", "new", "abolished",
)  # fmt: skip
# Reasons of the township table (whitespace removed) -> kind; every reason must be listed.
TOWNSHIP_KINDS = {
    **dict.fromkeys(["撤乡设镇", "撤乡建镇"], "township_to_town"),
    **dict.fromkeys(
        [
            "撤镇设街道",
            "撤镇建街道",
            "撤乡设街道",
            "撤乡建街道",
            "撤销设街道",
            "撤销建街道",
            "设街道",
        ],
        "to_subdistrict",
    ),
    **dict.fromkeys(
        [
            "撤乡、镇设镇",
            "撤乡、镇设街道",
            "撤乡、街道设街道",
            "撤镇、街道设街道",
            "撤镇乡设街道",
            "撤乡镇建街道",
            "撤销乡、镇新设镇",
            "撤乡、镇设乡",
            "撤镇、街道设镇",
            "撤销乡、镇设街道",
            "撤销乡、镇设镇",
            "撤街道、镇、乡",
            "合并",
            "合并建镇",
            "合并建制",
            "合并调整",
            "合并建街道",
        ],
        "merged",
    ),
    "并入其他建制": "merged_into",
    **dict.fromkeys(["撤销乡", "撤销镇", "撤销街道", "撤销", "撤销建制", "撤乡"], "abolished"),
    **dict.fromkeys(["新设街道", "新增街道", "新建街道", "新设镇", "新增建制"], "new"),
    **dict.fromkeys(["名称变更", "更名", "变更名称"], "renamed"),
    **dict.fromkeys(["区划代码变更", "区划代码调整"], "recoded"),
    "名称、区划代码变更": "renamed_recoded",
    **dict.fromkeys(
        ["撤镇设镇", "撤乡设乡", "撤街道设街道", "撤销镇新设镇", "撤销乡新设乡", "撤镇建镇"],
        "reestablished",
    ),
    "区划调整": "boundary_changed",
    "": "unstated",
}
_LINE = re.compile(r"([-+=])(\d{6}) (\S+?)(?:([<>])(\S+))?")
_META = re.compile(r"#\s*(文号|日期|时间|来源)：\s*(.+)")
_DIGITS = dict(zip("〇零一二三四五六七八九", "00123456789", strict=True))
_DATE = re.compile(
    r"([\d〇零一二三四五六七八九]{4})年([\d十一二三四五六七八九]+)月(?:([\d十一二三四五六七八九]+)日)?"
)
_MERGED_INTO = re.compile(r"并入(\S+)")


class BuildError(Exception):
    """An input breaks one of the checks."""


def _number(text: str) -> int:
    """A number in digits or in Chinese numerals up to 31 (十二, 二十三, 三十一)."""
    if text.isdigit():
        return int(text)
    if "十" in text:
        tens, _, units = text.partition("十")
        return int(_DIGITS[tens] if tens else 1) * 10 + int(_DIGITS[units] if units else 0)
    return int(_DIGITS[text])


def parse_date(text: str) -> str:
    """An ISO date (``2011-10-22``), or ``YYYY-MM`` when the day is not given."""
    match = _DATE.search(text)
    if match is None:
        raise BuildError(f"unreadable date {text!r}")
    year = "".join(_DIGITS.get(char, char) for char in match.group(1))
    month = _number(match.group(2))
    if match.group(3) is None:
        return f"{year}-{month:02d}"
    return f"{year}-{month:02d}-{_number(match.group(3)):02d}"


def read_table(path: Path) -> dict[str, str]:
    """A yearly code list: code -> name."""
    table = {"000000": "中华人民共和国"}  # the root record, implicit in the lists
    for line in path.read_text(encoding="utf-8").splitlines():
        if line:
            code, name = line.split(" ", 1)
            table[code] = name
    return table


def parent(code: str, table: dict[str, str]) -> str:
    """The parent record's code: the prefecture if the table has it, else the province."""
    if code.endswith("0000"):
        return "000000"
    if not code.endswith("00") and code[:4] + "00" in table:
        return code[:4] + "00"
    return code[:2] + "0000"


def _distance(code: str, other: str, table: dict[str, str], origin: dict[str, str]) -> int:
    """How far apart two codes are: same prefecture (1), same province (2), else 3."""
    if code[:4] == other[:4]:
        # Same prefix but not the same prefecture any more counts as the same province only.
        same = table.get(parent(other, table)) == origin.get(parent(other, origin))
        return 1 if same else 2
    return 2 if code[:2] == other[:2] else 3


@attrs.frozen
class Block:
    """The metadata of one comment block: documents, date and source."""

    documents: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()


@attrs.frozen
class Change:
    """One change line: its sign, record and the codes its selectors chose."""

    sign: str
    code: str
    name: str
    forward: bool  # the selectors choose in the target table (">")
    selected: tuple[str, ...]
    block: int


def select(
    selector: str, code: str, name: str, table: dict[str, str], origin: dict[str, str]
) -> str:
    """The code a selector of a line chooses in `table` (see diff-spec.md)."""
    selector = selector.removesuffix("!")
    if selector == ".":
        if code not in table:
            raise BuildError(f"{code}: '.' selects nothing")
        return code
    if selector == "..":
        found = parent(code, origin)
        if found not in table:
            raise BuildError(f"{code}: '..' selects nothing")
        return found
    wanted = name if selector == "_" else selector
    candidates = [other for other, other_name in table.items() if other_name == wanted]
    if not candidates:  # a name qualified by its parent's name: 邯郸市郊区
        for cut in range(2, len(wanted) - 1):
            above = {other for other, other_name in table.items() if other_name == wanted[:cut]}
            candidates += [
                other
                for other, other_name in table.items()
                if other_name == wanted[cut:] and parent(other, table) in above
            ]
    if not candidates:
        raise BuildError(f"{wanted}@{code}: not found")
    nearest = min(_distance(code, other, table, origin) for other in candidates)
    chosen = [c for c in candidates if _distance(code, c, table, origin) == nearest]
    if len(chosen) != 1:
        raise BuildError(f"{wanted}@{code}: several records {chosen}")
    return chosen[0]


def parse_diff(
    text: str, source: dict[str, str], target: dict[str, str]
) -> tuple[list[Change], list[Block]]:
    """The change lines of one diff with their selections, and the metadata of its blocks."""
    changes: list[Change] = []
    blocks: list[Block] = [Block()]
    metadata: dict[str, list[str]] = {"文号": [], "日期": [], "来源": []}
    in_comments = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if line.startswith("#"):
            if not in_comments:
                metadata = {"文号": [], "日期": [], "来源": []}
                in_comments = True
            match = _META.match(line)
            if match:
                key = "日期" if match.group(1) == "时间" else match.group(1)
                value = match.group(2).strip()
                metadata[key].append(parse_date(value) if key == "日期" else value)
            continue
        if in_comments:
            blocks.append(
                Block(
                    tuple(dict.fromkeys(metadata["文号"])),
                    tuple(dict.fromkeys(metadata["日期"])),
                    tuple(dict.fromkeys(metadata["来源"])),
                )
            )
            in_comments = False
        match = _LINE.fullmatch(line)
        if match is None:
            raise BuildError(f"line {number}: unreadable {line!r}")
        sign, code, name, direction, selectors = match.groups()
        forward = direction == ">" if direction else sign == "-"
        if (sign == "-" and direction == "<") or (sign == "+" and direction == ">"):
            raise BuildError(f"line {number}: direction {direction} on a {sign} line")
        table, origin = (target, source) if forward else (source, target)
        if name != (source if sign in "-=" else target).get(code):
            raise BuildError(f"line {number}: {code} {name} is not in its table")
        selected = tuple(
            select(selector, code, name, table, origin)
            for selector in (selectors.split(",") if selectors else ())
            if not selector.endswith("?")
        )
        changes.append(Change(sign, code, name, forward, selected, len(blocks) - 1))
    return changes, blocks


def _links(changes: list[Change], source: dict[str, str], target: dict[str, str]) -> set[tuple]:
    """(block, old code, new code, transfer?) for every line, summary lines through children."""
    links: set[tuple[int, str, str, bool]] = set()
    for change in changes:
        for other in change.selected:
            old, new = (change.code, other) if change.forward else (other, change.code)
            # Territory from or to the root, or a prefecture's own area: a new or lost record.
            if "000000" in (old, new) or _inside(old, new) or _inside(new, old):
                continue
            # A record that goes on under its code and name only gave part of its territory.
            transfer = old != new and source.get(old) == target.get(old)
            links.add((change.block, old, new, transfer))
    # A record with children and no selectors (a prefecture re-coded with its counties): link
    # it to the parents, on the other side, of the records its children's lines link to.
    for change in changes:
        if change.selected or change.sign == "=":
            continue
        prefix = change.code[:4] if not change.code.endswith("0000") else change.code[:2]
        for block, old, new, transfer in list(links):
            if block != change.block or transfer:
                continue
            if change.sign == "-" and old.startswith(prefix) and old != change.code:
                up = parent(new, target)
                if up != "000000" and _level(up) <= _level(change.code):
                    links.add((block, change.code, up, False))
            if change.sign == "+" and new.startswith(prefix) and new != change.code:
                up = parent(old, source)
                if up != "000000" and _level(up) <= _level(change.code):
                    links.add((block, up, change.code, False))
    return links


def _inside(code: str, other: str) -> bool:
    """Whether `other` is a record inside `code` (a county of a prefecture, or of a province)."""
    return _level(other) > _level(code) and other.startswith(code[: 2 + 2 * _level(code)])


def _level(code: str) -> int:
    return 0 if code.endswith("0000") else 1 if code.endswith("00") else 2


def classify(
    olds: list[tuple[str, str]], news: list[tuple[str, str]], transfer: bool, existing: bool
) -> str:
    """The kind of an event from its two sides ((code, name) pairs).

    `existing` says that the new side's one record was already in the old list under its code
    (the old record was absorbed by it).
    """
    if transfer:
        return "territory_transferred"
    if not olds:
        return "new"
    if not news:
        return "abolished"
    if len(olds) > 1 and len(news) > 1:
        return "reorganized"
    if len(olds) > 1:
        return "merged"
    if len(news) > 1:
        return "split"
    (old_code, old_name), (new_code, new_name) = olds[0], news[0]
    if existing and old_code != new_code:
        return "merged"
    if _level(old_code) != _level(new_code):
        return "level_changed"
    if _level(old_code) == 2 and not old_name.endswith(("区", "市")) and new_name.endswith("市"):
        return "county_to_city"
    if _level(old_code) == 2 and not old_name.endswith("区") and new_name.endswith("区"):
        return "county_to_district"
    if _level(old_code) == 1 and old_name.endswith(("地区", "盟")) and new_name.endswith("市"):
        return "prefecture_to_city"
    if old_code == new_code:
        return "renamed"
    return "recoded" if old_name == new_name else "renamed_recoded"


def _find(owner: dict[tuple[str, str], tuple[str, str]], node: tuple[str, str]) -> tuple[str, str]:
    """The root of a node in a union-find forest."""
    while owner.setdefault(node, node) != node:
        node = owner[node]
    return node


def _components(links: set[tuple[int, str, str, bool]]) -> Iterator[tuple[int, bool, set, set]]:
    """Group links into events: (block, transfer?, old codes, new codes)."""
    groups: dict[tuple[int, bool], list[tuple[str, str]]] = {}
    for block, old, new, transfer in sorted(links):
        groups.setdefault((block, transfer), []).append((old, new))
    for (block, transfer), pairs in sorted(groups.items()):
        owner: dict[tuple[str, str], tuple[str, str]] = {}

        for old, new in pairs:
            owner[_find(owner, ("new", new))] = _find(owner, ("old", old))
        members: dict[tuple[str, str], tuple[set[str], set[str]]] = {}
        for old, new in pairs:
            root = _find(owner, ("old", old))
            olds, news = members.setdefault(root, (set(), set()))
            olds.add(old)
            news.add(new)
        for olds, news in members.values():
            yield block, transfer, olds, news


def _relevant(codes: set[str]) -> bool:
    return any(code.startswith(PROVINCES) or code.endswith("0000") for code in codes)


def build_events(raw: Path) -> str:
    """Return the text of ``code_events.csv``."""
    folder = raw / "areacodes"
    rows = []
    for path in sorted((folder / "diff").glob("*.diff")):
        first, second = path.stem.split("-")
        source = read_table(folder / f"data/{first}.txt")
        target = read_table(folder / f"data/{second}.txt")
        try:
            changes, blocks = parse_diff(path.read_text(encoding="utf-8"), source, target)
        except BuildError as error:
            raise BuildError(f"{path.name}: {error}") from None
        links = _links(changes, source, target)
        linked = {(old, "old") for _, old, _, _ in links} | {(new, "new") for _, _, new, _ in links}
        events = list(_components(links))
        for change in changes:  # a record with no link at all: a new or an abolished division
            side = "old" if change.sign == "-" else "new"
            if change.sign != "=" and (change.code, side) not in linked:
                pair = ({change.code}, set()) if side == "old" else (set(), {change.code})
                events.append((change.block, False, *pair))
        for block_index, transfer, olds, news in events:
            if not _relevant(olds | news):
                continue
            block = blocks[block_index]
            old_side = [(code, source[code]) for code in sorted(olds)]
            new_side = [(code, target[code]) for code in sorted(news)]
            if old_side == new_side and not transfer:  # listed only as its parent changed
                continue
            rows.append(
                [
                    second,
                    block.dates[0] if block.dates else second,
                    classify(old_side, new_side, transfer, news <= source.keys() - olds),
                    "|".join(block.documents),
                    "|".join(code for code, _ in old_side),
                    "|".join(name for _, name in old_side),
                    "|".join(code for code, _ in new_side),
                    "|".join(name for _, name in new_side),
                    "|".join(block.sources),
                    path.name,
                ]
            )
    rows.sort(key=lambda row: (row[0], row[1], row[4], row[6], row[2]))
    return _csv(EVENT_COLUMNS, rows)


def _clean(value: str) -> str:
    return value.replace("\xa0", " ").strip()


def build_township_changes(raw: Path) -> str:
    """Return the text of ``township_changes.csv``."""
    path = raw / "sub_county_changes_sw.csv"
    columns = ["year", "province", "old_code", "old_name", "reason", "new_code", "new_name"]
    rows = []
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not {*columns, "approval_document"} <= set(
            reader.fieldnames
        ):
            raise BuildError(f"{path}: unexpected columns {reader.fieldnames}")
        for line, row in enumerate(reader, start=2):
            year, province, old_code, old_name, reason, new_code, new_name = (
                _clean(row[column]) for column in columns
            )
            reason = reason.replace(" ", "")
            if reason not in TOWNSHIP_KINDS:
                raise BuildError(f"{path}:{line}: unknown reason {reason!r}")
            kind = TOWNSHIP_KINDS[reason]
            merged_into = _MERGED_INTO.fullmatch(new_code)
            if merged_into:  # "并入拉马乡" in the code column: a merger into a named township
                new_code, new_name, kind = "", merged_into.group(1), "merged_into"
            for code in (old_code, new_code):
                if code and not re.fullmatch(r"\d{9}", code):
                    raise BuildError(f"{path}:{line}: malformed code {code!r}")
            if not re.fullmatch(r"20(1[4-9]|2[0-3])", year):
                raise BuildError(f"{path}:{line}: year {year!r} outside 2014-2023")
            document = _clean(row["approval_document"])
            rows.append(
                [year, province, kind, reason, old_code, old_name, new_code, new_name, document]
            )
    return _csv(TOWNSHIP_COLUMNS, rows)


def _csv(columns: list[str], rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return out.getvalue()


BUILDS = {"code_events.csv": build_events, "township_changes.csv": build_township_changes}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO / "data-raw")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if an output differs")
    args = parser.parse_args(argv)
    status = 0
    for name, build in BUILDS.items():
        try:
            text = build(args.raw)
        except BuildError as error:
            print(f"build_events: {error}", file=sys.stderr)
            return 1
        path = args.out / name
        if args.check:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                print(f"build_events: {path} is out of date", file=sys.stderr)
                status = 1
            continue
        path.write_text(text, encoding="utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
