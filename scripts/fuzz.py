"""Fuzz the parsers for longer than CI does: ``python scripts/fuzz.py --seconds 600``.

Runs the targets of ``tests/fuzz/targets.py`` (parse_quantity, read_records on CSV and JSON,
read_dataset) in rounds of hypothesis examples, each round with a fresh random seed, until the
time is up. A failure prints hypothesis's falsifying example (shrunk) and exits with status 1:
turn it into a regression test in ``tests/reliability`` or ``tests/unit``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from tests.fuzz import targets  # noqa: E402

TARGETS: dict[str, tuple[st.SearchStrategy[Any], Callable[[Any], None]]] = {
    "parse_quantity": (targets.texts, targets.check_parse_quantity),
    "extract": (targets.articles(), targets.check_extract),
    "read_records_csv": (
        targets.region_csv(),
        lambda data: targets.check_read_records(data, ".csv"),
    ),
    "read_records_json": (
        targets.json_document(),
        lambda data: targets.check_read_records(data, ".json"),
    ),
    "read_dataset": (
        st.one_of(
            targets.region_csv().map(lambda data: (data, ".csv")),
            targets.json_document().map(lambda data: (data, ".json")),
        ),
        lambda case: targets.check_read_dataset(*case),
    ),
}


def run(name: str, seconds: float, batch: int) -> int:
    """Fuzz one target for ``seconds``; return the number of examples run."""
    strategy, check = TARGETS[name]
    examples = 0

    @settings(
        max_examples=batch,
        deadline=dt.timedelta(seconds=targets.LIMIT_SECONDS),
        database=None,
        derandomize=False,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    @given(strategy)
    def round_(value: Any) -> None:
        nonlocal examples
        examples += 1
        check(value)

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        round_()
    return examples


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=60.0, help="time for all the targets")
    parser.add_argument("--target", choices=list(TARGETS), action="append", help="default: all")
    parser.add_argument("--batch", type=int, default=500, help="examples per hypothesis round")
    arguments = parser.parse_args()
    chosen = arguments.target or list(TARGETS)
    share = arguments.seconds / len(chosen)
    for name in chosen:
        start = time.monotonic()
        try:
            examples = run(name, share, arguments.batch)
        except Exception as error:  # hypothesis has printed the falsifying example
            print(f"{name}: FAILED: {type(error).__name__}: {error}", file=sys.stderr)
            return 1
        print(f"{name}: {examples} examples in {time.monotonic() - start:.0f} s, no failure")
    return 0


if __name__ == "__main__":
    sys.exit(main())
