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

A second section (``--codes-rows``, ten million by default, 0 skips it) rolls up one table with
its codes in four forms, against the same codes as int64 in the same run, timed round robin:
``<U6`` strings, ``<U12`` strings (padded), mixed six- and nine-digit ``<U9`` codes (half the
counties' rows become their townships'), and an object array of Python strings. Target for the
string forms: time ratio <= 1.5. For the object array, the time it takes only to read its strings
once (joined by CPython, or converted by pyarrow) is printed too: the floor under its extra time.

pandas is a benchmark dependency only. Usage:
``python benchmarks/bench_rollup.py [--rows N] [--repeats N] [--codes-rows N]``.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from typing import Any

import numpy as np
import pandas as pd

import swchina_dev as sw
from swchina_dev.aggregate.columns import roll_up_columns
from swchina_dev.models import Level
from timing import median_seconds, peak_bytes  # benchmarks/, on sys.path as a script

BOUND_COLUMNS = ["magnitude", "lower", "upper"]


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


def roll_up(table: dict[str, Any], codes: Any, dataset: sw.Dataset) -> Callable[[], object]:
    """The roll-up every section times: the table's rows (under `codes`) to prefecture x year."""
    return lambda: roll_up_columns(
        codes,
        table["magnitudes"],
        "mu",
        "prefecture",
        lower=table["lower"],
        upper=table["upper"],
        keys=table["years"],
        dataset=dataset,
        repeats="sum",
    )


def compare_code_forms(rows: int, repeats: int, dataset: sw.Dataset) -> None:
    """Time and peak memory of one roll-up with its codes as strings, objects and int64."""
    table = make_table(rows, dataset)
    # Half the counties' rows become rows of their townships (nine digits): a township and its
    # county never meet in a year, so no row counts twice.
    county_codes = np.array(sorted(table["counties"]), dtype=np.int64)
    children: dict[int, list[int]] = {}
    for region in dataset.regions:
        if len(region.code) == 9 and region.code.isdigit() and region.parent:
            children.setdefault(int(region.parent), []).append(int(region.code))
    generator = np.random.default_rng(1)
    split = [
        code for code in county_codes.tolist() if code in children and generator.random() < 0.5
    ]
    widest = max(len(children[code]) for code in split)
    township_table = np.zeros((len(county_codes), widest), dtype=np.int64)
    township_count = np.zeros(len(county_codes), dtype=np.int64)
    for code in split:
        at = int(np.searchsorted(county_codes, code))
        township_table[at, : len(children[code])] = children[code]
        township_count[at] = len(children[code])
    int_codes = table["codes"].astype(np.int64)
    county_of_row = np.searchsorted(county_codes, int_codes)
    count_of_row = township_count[county_of_row]
    pick = (generator.random(rows) * count_of_row).astype(np.int64)
    mixed_int = np.where(count_of_row > 0, township_table[county_of_row, pick], int_codes)
    mixed = mixed_int.astype("<U9")
    forms: dict[str, Any] = {
        "int64": int_codes,
        "<U6 strings": table["codes"],
        "<U12 strings (padded)": table["codes"].astype("<U12"),
        "object array of str": np.array(table["codes"].tolist(), dtype=object),
        "int64, mixed lengths": mixed_int,
        "<U9 strings, mixed lengths": mixed,
    }

    calls = {name: roll_up(table, codes, dataset) for name, codes in forms.items()}
    results = {name: call() for name, call in calls.items()}  # warm-up, and the check below
    floors = object_floors(forms["object array of str"])
    # Round robin: each repeat times every form once, so that a load that comes and goes on
    # the machine weighs on all forms alike.
    timings: dict[str, list[float]] = {name: [] for name in (*forms, *floors)}
    for _ in range(repeats):
        for name, call in (*calls.items(), *floors.items()):
            started = time.perf_counter()
            call()
            timings[name].append(time.perf_counter() - started)
    measured = {
        name: (statistics.median(timings[name]), peak_bytes(call), results[name])
        for name, call in calls.items()
    }
    print(f"\n{rows:,} rows -> prefectures x years, codes in several forms (baseline: int64)")
    print(f"{'codes':30}{'time (ms)':>11}{'ratio':>8}{'peak (MB)':>11}{'ratio':>8}  target")
    for name, (seconds, peak, result) in measured.items():
        base_name = "int64, mixed lengths" if "mixed" in name else "int64"
        base_seconds, base_peak, base_result = measured[base_name]
        assert result.codes.tolist() == base_result.codes.tolist()
        np.testing.assert_array_equal(result.lower, base_result.lower)
        target = "" if name.startswith("int64") else "<= 1.5"
        print(
            f"{name:30}{seconds * 1e3:11.1f}{seconds / base_seconds:8.2f}"
            f"{peak / 2**20:11.1f}{peak / base_peak:8.2f}  {target}"
        )
    # What the object array costs before any roll-up: its strings read once, by the cheapest
    # call CPython has and by pyarrow.
    int64_seconds = measured["int64"][0]
    extra = measured["object array of str"][0] - int64_seconds
    print(
        f"object array over int64: {extra * 1e3:.1f} ms; reading its strings at all "
        "(ratio to the int64 roll-up, and to that extra time):"
    )
    for name in floors:
        seconds = statistics.median(timings[name])
        print(
            f"  {name:46}{seconds * 1e3:9.1f} ms{seconds / int64_seconds:8.2f}"
            f"{seconds / extra:8.2f}"
        )


def object_floors(codes: Any) -> dict[str, Callable[[], object]]:
    """Calls that only read every string of an object column once: the least a roll-up of it
    must spend beyond the int64 path's work (the strings are ten million separate objects)."""

    def joined() -> object:
        return [",".join(codes[at : at + 2048].tolist()) for at in range(0, len(codes), 2048)]

    calls: dict[str, Callable[[], object]] = {"str.join of every string (Python)": joined}
    try:
        import pyarrow as pa
    except ImportError:  # the arrow extra is not installed: the Python floor alone
        return calls
    calls["pyarrow.array(codes, type=string)"] = lambda: pa.array(codes, type=pa.string())
    return calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=7)
    parser.add_argument("--codes-rows", type=int, default=10_000_000)
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

    ours = roll_up(table, table["codes"], dataset)

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
    if args.codes_rows:
        compare_code_forms(args.codes_rows, args.repeats, dataset)


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
