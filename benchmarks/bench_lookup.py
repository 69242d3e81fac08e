"""Lookups at 110,000 names: hits, misses with suggestions, first lookups, memory.

Prints, in one run:

- the median wall time of fresh processes doing `load()` and then the first lookup of a name
  (the shipped name index read), and the first lookup of an NBS village by name (the village
  table and its index read), against `load()` alone, and their differences (targets: the first
  lookup, index included, under 0.5 s in a fresh process; the first village lookup too);
- a warm hit (target under 5 microseconds), a scoped hit, a chain, and a miss with its
  suggestions, first time (every name once) and again (remembered), against 5 ms;
- the memory the village table and the name indexes hold (tracemalloc).

Usage: python benchmarks/bench_lookup.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable

LOAD = "import swchina_dev as sw; sw.load()"
FIRST = LOAD + "; sw.load().lookup('Qianxi')"
VILLAGE = LOAD + "; sw.load().lookup_all('Houshan Community')"
MISSES = ["Bijei", "Qianxii county", "Sanhee village", "Weinning", "毕节是", "Zhaojeu", "Xyzzy"]


def time_process(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def per_call(function: Callable[[], object], repeats: int) -> float:
    started = time.perf_counter()
    for _ in range(repeats):
        function()
    return (time.perf_counter() - started) / repeats


def miss(name: str, **scope: str) -> None:
    import swchina_dev as sw

    try:
        sw.load().lookup(name, **scope)
    except sw.NotFoundError:
        return
    raise AssertionError(f"{name!r} was found")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    runs = max(parser.parse_args().runs, 3)

    times: dict[str, list[float]] = {"load": [], "first": [], "village": []}
    for _ in range(runs):  # interleaved, so that machine load affects all alike
        for key, code in (("load", LOAD), ("first", FIRST), ("village", VILLAGE)):
            times[key].append(time_process(code))
    load_s, first_s, village_s = (statistics.median(times[k]) for k in ("load", "first", "village"))
    print(f"fresh process, median of {runs}: load() {load_s:.3f} s")
    print(f"  + first lookup      {first_s:.3f} s (the lookup itself {first_s - load_s:+.3f} s)")
    print(
        f"  + first village     {village_s:.3f} s (the lookup itself {village_s - load_s:+.3f} s)"
    )

    import swchina_dev as sw

    ds = sw.load()
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    ds.lookup("Bijie")
    main_index = tracemalloc.take_snapshot()
    ds.lookup_all("Houshan Community")
    after = tracemalloc.take_snapshot()
    tracemalloc.stop()
    index_mb = sum(s.size_diff for s in main_index.compare_to(before, "filename")) / 2**20
    village_mb = sum(s.size_diff for s in after.compare_to(main_index, "filename")) / 2**20
    print(
        f"memory: name index {index_mb:.1f} MiB; village table and its index {village_mb:.1f} MiB"
    )

    hit = per_call(lambda: ds.lookup("Bijie"), 200_000)
    scoped = per_call(lambda: ds.lookup("Sanhe", within="Zhaojue"), 2_000)
    started = time.perf_counter()
    ds.lookup("Sanhe village, Zhaojue")
    chain_first = time.perf_counter() - started
    chain = per_call(lambda: ds.lookup("Sanhe village, Zhaojue"), 2_000)
    print(f"warm hit {hit * 1e6:.2f} us (target < 5 us); scoped {scoped * 1e6:.0f} us; ", end="")
    print(f"chain first {chain_first * 1e6:.0f} us, remembered {chain * 1e6:.2f} us")
    first_miss = []
    for name in MISSES:
        started = time.perf_counter()
        miss(name)
        first_miss.append(time.perf_counter() - started)
    again = per_call(lambda: [miss(name) for name in MISSES], 200) / len(MISSES)
    scoped_miss = per_call(lambda: miss("Sanhee", within="Zhaojue"), 50)
    print(
        f"miss with suggestions: first time median {statistics.median(first_miss) * 1e3:.2f} ms, "
        f"max {max(first_miss) * 1e3:.2f} ms; again {again * 1e3:.3f} ms; "
        f"scoped to a county {scoped_miss * 1e3:.2f} ms (target < 5 ms)"
    )


if __name__ == "__main__":
    main()
