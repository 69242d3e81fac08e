#!/usr/bin/env python3
"""Build ``src/swchina_dev/data/names.tsv``, the name index of the bundled dataset.

Input: the bundled regions (``regions.csv``, with the aliases ``dataset.json`` adds), groupings,
zones and enterprises, as ``swchina_dev.load()`` reads them. Output: their names, hanzi, pinyin and
aliases in the normal forms of ``swchina_dev.catalog.names``, as
``NameIndex.to_text`` writes them (sorted lines ``kind<TAB>key<TAB>ids``). Shipped so that the first
lookup in a process reads a sorted table instead of normalising 50,000 names.

Run after every change to regions.csv or dataset.json (after build_regions.py and build_dataset.py):
``python scripts/build_names.py [--out PATH]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import swchina_dev as sw
from swchina_dev.catalog.datasets import named_entities
from swchina_dev.catalog.names import NameIndex

REPO = Path(__file__).resolve().parents[1]


def index_text() -> str:
    """The name index of the bundled entities, as text."""
    return NameIndex(named_entities(sw.load())).to_text()


def main(argv: list[str] | None = None) -> int:
    """Write the name index."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "src/swchina_dev/data/names.tsv")
    args = parser.parse_args(argv)
    text = index_text()
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out} ({text.count(chr(10)):,} keys, {len(text.encode()):,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
