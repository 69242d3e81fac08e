"""Run the hostile-input corpus of #17 and count the outcomes by kind.

Each case runs in a forked child with a time limit (`tests/corpus/hostile.py`); the table lists,
per kind, how many passed, hung, ended in a bare (non-library) exception or gave a wrong result,
then the slowest cases and every case that did not pass.

Usage: `PYTHONPATH=src python scripts/hostile_corpus.py [--limit SECONDS]` (run from the
repository root; point PYTHONPATH at another checkout's `src` to measure that version).
"""

from __future__ import annotations

import argparse
import collections
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.corpus.hostile import CASES, KINDS, LIMIT_SECONDS, run_case

OUTCOMES = ("passed", "hang", "bare exception", "wrong result")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, default=LIMIT_SECONDS, help="seconds per case")
    arguments = parser.parse_args()
    counts: dict[str, collections.Counter[str]] = {kind: collections.Counter() for kind in KINDS}
    timings: list[tuple[float, str]] = []
    failures: list[str] = []
    for case in CASES:
        outcome, seconds, note = run_case(case, arguments.limit)
        counts[case.kind][outcome] += 1
        timings.append((seconds, case.id))
        if outcome != "passed":
            failures.append(f"{case.kind:16} {outcome:15} {case.id}: {note}")
    print(f"{'kind':16} {'cases':>5} " + " ".join(f"{o:>15}" for o in OUTCOMES))
    for kind in KINDS:
        row = counts[kind]
        print(f"{kind:16} {sum(row.values()):5} " + " ".join(f"{row[o]:15}" for o in OUTCOMES))
    total = collections.Counter[str]()
    for row in counts.values():
        total.update(row)
    print(f"{'all':16} {sum(total.values()):5} " + " ".join(f"{total[o]:15}" for o in OUTCOMES))
    print("\nslowest:")
    for seconds, name in sorted(timings, reverse=True)[:5]:
        print(f"  {seconds:7.3f} s  {name}")
    if failures:
        print("\nnot passed:")
        print("\n".join(f"  {line}" for line in failures))
    return 0 if not failures else 1


if __name__ == "__main__":
    raise SystemExit(main())
