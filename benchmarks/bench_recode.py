"""Benchmark the columnar recode: one million codes of 2010 to the codes of 2023.

The column draws, with replacement, from every code in use in 2010 in the code history (the
six provinces' county-level and higher codes, and the provinces of China), plus a few codes
that are not in use, as a numpy string column and as an integer column. The first call builds
the year pair's table (every code of 2010 recoded once) and is reported apart; the figure is
the median of the warm calls. Target: at most 0.2 s for one million codes.

Usage: ``python benchmarks/bench_recode.py [--rows N] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time

import numpy as np

from swchina_dev.catalog.recode_columns import recode_column
from swchina_dev.catalog.timeline import divisions_in_force


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()
    pool = [record.code for record in divisions_in_force(2010)] + ["999999", "520581", "x"]
    generator = np.random.default_rng(2010)
    strings = np.array(pool)[generator.integers(0, len(pool), args.rows)]
    integers = np.array([int(c) if c.isdigit() else -1 for c in pool])[
        generator.integers(0, len(pool), args.rows)
    ]
    started = time.perf_counter()
    recode_column(strings[:10], 2010, 2023)
    print(f"first call (builds the 2010 -> 2023 table): {time.perf_counter() - started:.3f} s")
    for label, column in (("strings (<U6)", strings), ("integers (int64)", integers)):
        timings = []
        for _ in range(args.repeats):
            started = time.perf_counter()
            result = recode_column(column, 2010, 2023)
            timings.append(time.perf_counter() - started)
        splits = int((result.relation == "split").sum())
        print(
            f"{label}: {args.rows:,} codes in {statistics.median(timings):.3f} s "
            f"(median of {args.repeats}); {splits:,} rows are splits (no single target)"
        )


if __name__ == "__main__":
    main()
