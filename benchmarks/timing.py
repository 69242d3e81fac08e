"""Timing and memory helpers shared by the benchmarks (the folder is not a package: each
benchmark runs as a script, whose folder is on `sys.path`)."""

from __future__ import annotations

import statistics
import time
import tracemalloc
from collections.abc import Callable


def best_seconds(function: Callable[[], object], repeats: int) -> float:
    """The shortest of `repeats` runs of `function`, in seconds."""
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def median_seconds(function: Callable[[], object], repeats: int, *, warm_up: bool = False) -> float:
    """The median of `repeats` runs of `function`, in seconds (after one untimed run if
    `warm_up`: caches, the registry, numpy's allocator)."""
    if warm_up:
        function()
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def peak_bytes(function: Callable[[], object]) -> int:
    """The peak of tracemalloc during one call of `function` (numpy reports its buffers)."""
    tracemalloc.start()
    try:
        result = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak
