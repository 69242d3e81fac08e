"""Loading the bundled dataset and looking names up.

Prints, in one run:

- the median wall time of a fresh process running ``swchina_dev.load()`` against one running
  ``import pint; pint.UnitRegistry()`` (target ratio <= 0.6);
- the time of a lookup by name, cached (the same name again) and uncached (every name once,
  on a fresh dataset's index), against the 5 microsecond target;
- the memory the loaded dataset holds (tracemalloc, after import and registry build) and
  the counts per entity kind.

Usage: python benchmarks/bench_load.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
import tracemalloc

LOAD = "import swchina_dev; swchina_dev.load()"
BASELINE = "import pint; pint.UnitRegistry()"
NAMES = ["Bijie", "bijie shi", "毕节市", "Guian", "Gui'an New Area", "Hechi", "Liangshan", "Qianxi"]


def time_process(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    runs = max(parser.parse_args().runs, 5)

    time_process(LOAD)
    time_process(BASELINE)
    loads, baselines = [], []
    for _ in range(runs):  # interleaved, so that machine load affects both alike
        loads.append(time_process(LOAD))
        baselines.append(time_process(BASELINE))
    load_ms, base_ms = statistics.median(loads) * 1e3, statistics.median(baselines) * 1e3

    import swchina_dev

    swchina_dev.Q_(1, "mu")  # the registry is not part of the dataset's memory
    tracemalloc.start()
    before = tracemalloc.take_snapshot()
    dataset = swchina_dev.load()
    held = sum(s.size_diff for s in tracemalloc.take_snapshot().compare_to(before, "filename"))
    tracemalloc.stop()

    dataset.lookup("Bijie")  # build the name index once
    repeats = 200_000
    started = time.perf_counter()
    for _ in range(repeats):
        dataset.lookup("Bijie")
    cached_us = (time.perf_counter() - started) / repeats * 1e6
    started = time.perf_counter()
    rounds = 2_000
    for round_number in range(rounds):  # a different spelling each time: defeats the memo
        name = NAMES[round_number % len(NAMES)] + " " * (round_number // len(NAMES) % 7)
        dataset._lookup_cache.clear()  # measure the index, not the memo
        dataset.lookup(name)
    uncached_us = (time.perf_counter() - started) / rounds * 1e6

    print(f"{runs} fresh processes each, {sys.executable}")
    print(f"load() process        {load_ms:8.1f} ms median")
    print(f"pint + registry       {base_ms:8.1f} ms median")
    ratio = load_ms / base_ms

    def verdict(ok: bool) -> str:
        return "ok" if ok else "OVER"

    print(f"ratio                 {ratio:8.2f}    target <= 0.6 {verdict(ratio <= 0.6)}")
    print(f"lookup, cached        {cached_us:8.2f} us   target < 5 {verdict(cached_us < 5)}")
    print(f"lookup, uncached      {uncached_us:8.2f} us   target < 5 {verdict(uncached_us < 5)}")
    print(f"dataset memory        {held / 2**20:8.1f} MiB (tracemalloc, after the registry)")
    print(
        f"counts                {len(dataset.regions)} regions, "
        f"{len(dataset.groupings)} groupings, "
        f"{len(dataset.zones)} zones, {len(dataset.enterprises)} enterprises, "
        f"{len(dataset.sources)} sources, {len(dataset.metrics)} metrics, "
        f"{len(dataset.indicators)} indicators"
    )


if __name__ == "__main__":
    main()
