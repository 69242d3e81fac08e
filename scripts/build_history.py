#!/usr/bin/env python3
"""Build ``src/swchina_dev/data/code_history.csv`` from ``data-raw/areacodes/result.csv``.

The input is the summary table of yescallop/areacodes (CC0 1.0, see ``data-raw/SOURCES.md``):
one row per code record of every county-level and higher division of China since 1981. The
output keeps the records of the six provinces (codes starting 45, 50, 51, 52, 53, 54) and the
province-level records of the whole country, with the columns
``code,name_zh,level,status,start_year,end_year,successors``: ``level`` in English
(province/prefecture/county), ``status`` in English (in_use/retired/changed), ``end_year`` empty
while in use, ``successors`` ``|``-joined, each keeping its ``[YYYY]`` suffix. Rows are sorted by
code then start year, so the same input gives a byte-identical output.

Run: ``python scripts/build_history.py [--raw PATH] [--out PATH] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
INPUT = "areacodes/result.csv"
OUTPUT = REPO / "src/swchina_dev/data/code_history.csv"
PROVINCES = ("45", "50", "51", "52", "53", "54")
COLUMNS = ["code", "name_zh", "level", "status", "start_year", "end_year", "successors"]
LEVELS = {"省级": "province", "地级": "prefecture", "县级": "county"}
STATUSES = {"在用": "in_use", "弃用": "retired", "变更": "changed"}
SOURCE_COLUMNS = ["代码", "名称", "级别", "状态", "启用时间", "变更/弃用时间", "新代码"]
SUCCESSOR = re.compile(r"\d{6}(\[\d{4}\])?")


class BuildError(Exception):
    """The input table breaks one of the checks."""


def build(raw: Path) -> str:
    """Return the text of ``code_history.csv`` built from the raw folder."""
    path = raw / INPUT
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames is None or not set(SOURCE_COLUMNS) <= set(reader.fieldnames):
            raise BuildError(f"{path}: expected columns {SOURCE_COLUMNS}, got {reader.fieldnames}")
        rows = []
        for line, record in enumerate(reader, start=2):
            code, level = record["代码"], record["级别"]
            if not re.fullmatch(r"\d{6}", code):
                raise BuildError(f"{path}:{line}: malformed code {code!r}")
            if level not in LEVELS or record["状态"] not in STATUSES:
                raise BuildError(f"{path}:{line}: unknown level or status")
            if not (code.startswith(PROVINCES) or level == "省级"):
                continue
            start, end = record["启用时间"], record["变更/弃用时间"]
            status = STATUSES[record["状态"]]
            if not re.fullmatch(r"\d{4}", start) or (end != "") == (status == "in_use"):
                raise BuildError(f"{path}:{line}: bad years {start!r}, {end!r} for {status}")
            if end and int(end) <= int(start):
                raise BuildError(f"{path}:{line}: ends before it starts")
            successors = [s for s in record["新代码"].split(";") if s]
            if not all(SUCCESSOR.fullmatch(s) for s in successors):
                raise BuildError(f"{path}:{line}: malformed successors {record['新代码']!r}")
            rows.append(
                (code, record["名称"], LEVELS[level], status, start, end, "|".join(successors))
            )
    rows.sort(key=lambda row: (row[0], int(row[4])))
    keys = [(row[0], row[4]) for row in rows]
    if len(set(keys)) != len(keys):
        raise BuildError(f"{path}: a code has two records starting the same year")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(rows)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO / "data-raw")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if --out differs")
    args = parser.parse_args(argv)
    try:
        text = build(args.raw)
    except BuildError as error:
        print(f"build_history: {error}", file=sys.stderr)
        return 1
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"build_history: {args.out} is out of date", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
