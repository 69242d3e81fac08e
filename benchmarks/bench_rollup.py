"""Benchmark the columnar roll-up against pandas ``groupby(...).sum()`` on the same table.

A generated table of one million rows over the real, current county codes of the bundled
dataset (codes as a numpy string column, a year per row, magnitudes with lower and upper bounds,
some missing) is rolled up to prefecture level per year:

- ours: ``roll_up_columns(codes, magnitudes, "mu", "prefecture", lower=, upper=, keys=years,
  repeats="sum")`` (rows are parts: a county has many rows a year);
- pandas: ``df.groupby([df["code"].map(county_to_prefecture), "year"])[columns].sum(skipna=False)``
  (the same semantics: a missing bound makes the total's bound missing);
- pandas with the code column made categorical beforehand (untimed), a common tuning.

Both get the same numpy arrays; building the DataFrame is not timed. Time: median over repeats
after a warm-up (ours caches the dataset's placement table on first use; the first call is
reported too). Memory: the peak of tracemalloc (numpy and pandas report their buffers to it)
during one call, inputs excluded. Targets: time ratio <= 1, memory ratio <= 1.5.

pandas is a benchmark dependency only. Usage:
``python benchmarks/bench_rollup.py [--rows N] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
import tracemalloc
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import swchina_dev as sw
from swchina_dev.aggregate.columns import roll_up_columns
from swchina_dev.models import Level

BOUND_COLUMNS = ["magnitude", "lower", "upper"]


def median_seconds(function: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def peak_bytes(function: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        result = function()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del result
    return peak


def make_table(rows: int, dataset: sw.Dataset) -> dict[str, Any]:
    counties = [
        region.code
        for region in dataset.regions
        if region.level is Level.COUNTY and dataset.is_current(region)
    ]
    generator = np.random.default_rng(0)
    codes = np.array(counties, dtype="<U6")[generator.integers(0, len(counties), rows)]
    years = generator.integers(2005, 2025, rows)
    magnitudes = generator.uniform(0, 1e5, rows)
    lower = magnitudes - generator.uniform(0, 10, rows)
    upper = magnitudes + generator.uniform(0, 10, rows)
    lower[generator.random(rows) < 0.001] = np.nan  # "about" and "nearly" rows lack bounds
    upper[generator.random(rows) < 0.001] = np.nan
    return {
        "codes": codes,
        "years": years,
        "magnitudes": magnitudes,
        "lower": lower,
        "upper": upper,
        "counties": counties,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    args = parser.parse_args()

    dataset = sw.load()
    table = make_table(args.rows, dataset)
    to_prefecture = {code: dataset.regions[code].parent for code in table["counties"]}
    frame = pd.DataFrame(
        {
            "code": table["codes"],
            "year": table["years"],
            "magnitude": table["magnitudes"],
            "lower": table["lower"],
            "upper": table["upper"],
        }
    )

    def ours() -> object:
        return roll_up_columns(
            table["codes"],
            table["magnitudes"],
            "mu",
            "prefecture",
            lower=table["lower"],
            upper=table["upper"],
            keys=table["years"],
            dataset=dataset,
            repeats="sum",
        )

    def theirs() -> object:
        prefecture = frame["code"].map(to_prefecture)
        return frame.groupby([prefecture, "year"])[BOUND_COLUMNS].sum(skipna=False)

    categorical = frame.assign(code=frame["code"].astype("category"))

    def theirs_categorical() -> object:
        prefecture = categorical["code"].map(to_prefecture)
        grouped = categorical.groupby([prefecture, "year"], observed=True)
        return grouped[BOUND_COLUMNS].sum(skipna=False)

    started = time.perf_counter()
    result = ours()
    first_call = time.perf_counter() - started
    expected = theirs()
    assert isinstance(expected, pd.DataFrame)
    check_same(result, expected)

    tuned = theirs_categorical()
    assert isinstance(tuned, pd.DataFrame)
    check_same(
        result, tuned.set_axis(tuned.index.set_levels(tuned.index.levels[0].astype(str), level=0))
    )

    our_time, our_peak = median_seconds(ours, args.repeats), peak_bytes(ours)
    print(f"{args.rows:,} rows, {len(table['counties'])} counties -> prefectures x years")
    print(f"{'baseline':38}{'ours':>10}{'pandas':>10}{'ratio':>8}  target")
    for name, baseline in (("pandas", theirs), ("pandas, categorical codes", theirs_categorical)):
        their_time, their_peak = median_seconds(baseline, args.repeats), peak_bytes(baseline)
        print(
            f"{name + ': time (ms)':38}{our_time * 1e3:10.1f}{their_time * 1e3:10.1f}"
            f"{our_time / their_time:8.2f}  <= 1"
        )
        print(
            f"{name + ': peak (MB)':38}{our_peak / 2**20:10.1f}{their_peak / 2**20:10.1f}"
            f"{our_peak / their_peak:8.2f}  <= 1.5"
        )
    print(f"our first call (builds the dataset's placement table): {first_call * 1e3:.1f} ms")


def check_same(result: Any, expected: pd.DataFrame) -> None:
    """The two paths agree: same groups, same sums (NaN where a bound is missing)."""
    ours = pd.DataFrame(
        {
            "code": result.codes,
            "year": result.keys,
            "lower": result.lower,
            "upper": result.upper,
            "count": result.counts,
        }
    ).set_index(["code", "year"])
    theirs = expected.rename_axis(["code", "year"])
    assert ours.index.equals(theirs.index)
    for column in ("lower", "upper"):
        np.testing.assert_allclose(ours[column], theirs[column], rtol=1e-9)


if __name__ == "__main__":
    main()
