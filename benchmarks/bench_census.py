"""Benchmark the census table: reading it, a column of one figure, indicators, memory.

Prints, in one process:

- the first column query (reads and splits ``data/census.tsv``, parses one figure), and the
  first query of another figure (parses one more column);
- the warm column query, 2020 population of all 628 counties (target: at most 1 ms), and a
  value of one unit;
- building a unit's profile (about 80 indicators), warm;
- the memory the table holds once every figure column is parsed (tracemalloc), and the size of
  the resource;
- bringing one figure of 2010 to the codes of 2023 (first call, then cached).

Usage: ``python benchmarks/bench_census.py [--repeats N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from importlib.resources import files


def _timed(call, repeats: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=10_000)
    repeats = parser.parse_args().repeats

    import swchina_dev as sw
    from swchina_dev.catalog import (
        CENSUS_FIGURES,
        census_column,
        census_on_codes_of,
        census_profile,
        census_value,
    )
    from swchina_dev.catalog import census as census_module

    sw.load()  # the dataset (metrics, sources) is not part of the census's cost
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    started = time.perf_counter()
    column = census_column("population", 2020, level="county")
    first_ms = (time.perf_counter() - started) * 1e3
    started = time.perf_counter()
    census_column("sex_ratio", 2020, level="county")
    another_ms = (time.perf_counter() - started) * 1e3
    for key, figure in CENSUS_FIGURES.items():  # every column of both censuses parsed
        for year in figure.years:
            census_column(key, year)
    held = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(before, "filename"))
    tracemalloc.stop()
    assert census_module._tables.built

    warm_us = _timed(lambda: census_column("population", 2020, level="county"), repeats) * 1e6
    value_us = _timed(lambda: census_value("520500", "population", 2020), repeats) * 1e6
    census_profile("520500", 2020)
    profile_ms = _timed(lambda: census_profile("520500", 2020), 50) * 1e3
    started = time.perf_counter()
    census_on_codes_of("population", 2010, 2023)
    recode_ms = (time.perf_counter() - started) * 1e3
    recode_warm_us = _timed(lambda: census_on_codes_of("population", 2010, 2023), repeats) * 1e6
    size = len(files("swchina_dev.data").joinpath("census.tsv").read_bytes())

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER"

    print(f"first column (reads the table)  {first_ms:8.1f} ms")
    print(f"first query of another figure   {another_ms:8.2f} ms")
    print(
        f"column, warm ({len(column)} counties)   {warm_us:8.2f} us   target <= 1000 us "
        f"{verdict(warm_us <= 1000)}"
    )
    print(f"one value, warm                 {value_us:8.2f} us")
    count = len(census_profile("520500", 2020))
    print(f"profile of one unit (warm)      {profile_ms:8.2f} ms ({count} indicators)")
    print(
        f"2010 on the codes of 2023       {recode_ms:8.1f} ms first, {recode_warm_us:.2f} us cached"
    )
    print(f"memory, every column parsed     {held / 2**20:8.1f} MiB (tracemalloc)")
    print(f"resource census.tsv             {size / 2**10:8.1f} KiB")


if __name__ == "__main__":
    main()
