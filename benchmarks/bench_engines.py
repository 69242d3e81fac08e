"""Roll a table larger than memory up the region tree: DuckDB with our tables, numpy, pandas.

A Parquet table of N rows is generated on disk in chunks: an NBS village code (the 100,795
villages of the bundled table, as text, as users' files hold them), a year (2005-2024), a metric
(`sown_area` in 亩, `output_value` in 万元) and a value. It is rolled up to prefecture x year x
metric, in hectares and CNY:

- duckdb: the whole file through `swchina_dev.tabular.duckdb.register` (the reference tables,
  `to_unit`), `SET memory_limit` well below the table's size, the double-counting check first
  (`roll_up`), then one join with `region_ancestors` and one GROUP BY;
- numpy: the first M rows (the largest size that fits, `--in-memory-rows`) read with pyarrow
  into arrays, then `roll_up_columns` (which knows townships, not the NBS villages: each code
  is cut to its township, the first nine digits, as an int64);
- pandas: the same M rows read with `pandas.read_parquet`, codes mapped to their prefecture
  through the closure table, `groupby(...).sum()`, then the unit factors;
- duckdb-sample: DuckDB on those M rows, to compare speeds on one size.

Each engine runs in a child process of its own; its peak RSS is that child's high-water mark
(`VmHWM` of `/proc/self/status`; `ru_maxrss` elsewhere). The totals of numpy, pandas and
duckdb-sample are checked to agree (relative 1e-9). The reference tables are written to the
folder first and read by DuckDB as Parquet views.

Usage: ``python benchmarks/bench_engines.py [--rows N] [--in-memory-rows M] [--memory-limit 1GB]
[--folder DIR] [--keep]``; the real run is ``--rows 100000000``. Needs the extras duckdb, arrow
and pandas (and numpy).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

# metric: (unit in the file, the library's name of that unit, unit of the totals)
METRICS = {"sown_area": ("亩", "mu", "hectare"), "output_value": ("万元", "wan * CNY", "CNY")}
YEARS = (2005, 2025)
CHUNK = 5_000_000


def generate(path: Path, rows: int, seed: int = 0) -> float:
    """Write the table in chunks; return the seconds taken."""
    import swchina_dev as sw

    started = time.perf_counter()
    villages = pa.array(list(sw.load().villages), type=pa.string())
    generator = np.random.default_rng(seed)
    metrics = list(METRICS)
    units = pa.array([METRICS[m][0] for m in metrics])
    schema = pa.schema(
        [
            ("code", pa.string()),
            ("year", pa.int16()),
            ("metric", pa.string()),
            ("unit", pa.string()),
            ("value", pa.float64()),
        ]
    )
    with pq.ParquetWriter(str(path), schema) as writer:
        for start in range(0, rows, CHUNK):
            size = min(CHUNK, rows - start)
            which = generator.integers(0, len(metrics), size)
            table = pa.table(
                {
                    "code": villages.take(pa.array(generator.integers(0, len(villages), size))),
                    "year": pa.array(generator.integers(*YEARS, size).astype(np.int16)),
                    "metric": pa.array(metrics).take(pa.array(which)),
                    "unit": units.take(pa.array(which)),
                    "value": pa.array(np.round(generator.uniform(0, 1000, size), 2)),
                },
                schema=schema,
            )
            writer.write_table(table, row_group_size=1_000_000)
    return time.perf_counter() - started


def _totals(rows: list[tuple[Any, ...]]) -> dict[str, float]:
    return {f"{code}|{year}|{metric}": float(value) for code, year, metric, value in rows}


def run_duckdb(data: str, reference: str, memory_limit: str) -> dict[str, Any]:
    import duckdb

    from swchina_dev.tabular.duckdb import register, roll_up

    connection = duckdb.connect()
    connection.execute(f"SET memory_limit = '{memory_limit}'")
    connection.execute(f"SET temp_directory = '{Path(data).parent / 'duckdb.tmp'}'")
    connection.execute("SET preserve_insertion_order = false")
    register(connection, reference)
    targets = " ".join(f"WHEN '{m}' THEN '{u[2]}'" for m, u in METRICS.items())
    started = time.perf_counter()
    # Summed by unit as stored, then each total converted (as roll_up_columns converts totals).
    sums = roll_up(
        connection, f"read_parquet('{data}')", level="prefecture", values=["value"],
        by=["year", "metric", "unit"],
    )  # fmt: skip
    result = sums.query(
        "sums",
        f"SELECT code, year, metric, sum(to_unit(value, unit, CASE metric {targets} END)) "
        "FROM sums GROUP BY ALL",
    ).fetchall()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "totals": _totals([row[:4] for row in result])}


def _read_columns(data: str, rows: int) -> dict[str, Any]:
    table = pq.read_table(data).slice(0, rows)
    return {name: table.column(name) for name in table.column_names}


def run_numpy(data: str, rows: int) -> dict[str, Any]:
    import pyarrow.compute as pc

    from swchina_dev.aggregate.columns import roll_up_columns

    started = time.perf_counter()
    columns = _read_columns(data, rows)
    township = pc.cast(pc.utf8_slice_codeunits(columns["code"], 0, 9), pa.int64())
    codes = township.to_numpy()
    years = columns["year"].to_numpy().astype(np.int64)
    metric = columns["metric"].to_numpy()
    values = columns["value"].to_numpy()
    read = time.perf_counter() - started
    totals: dict[str, float] = {}
    for name, (_, unit, target) in METRICS.items():
        chosen = metric == name
        result = roll_up_columns(
            codes[chosen], values[chosen], unit, "prefecture", keys=years[chosen],
            to_unit=target, repeats="sum",
        )  # fmt: skip
        for code, year, value in zip(result.codes, result.keys, result.magnitudes, strict=True):
            totals[f"{code}|{year}|{name}"] = float(value)
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "read_seconds": read, "totals": totals}


def run_pandas(data: str, rows: int, reference: str) -> dict[str, Any]:
    import pandas as pd

    ancestors = pq.read_table(
        str(Path(reference) / "region_ancestors.parquet"),
        filters=[("ancestor_level", "=", "prefecture")],
    ).to_pandas()
    factors = pq.read_table(str(Path(reference) / "unit_factors.parquet")).to_pandas()
    factor = dict(zip(factors["unit"], factors["factor"], strict=True))
    to_prefecture = pd.Series(ancestors["ancestor"].to_numpy(), index=ancestors["code"])
    started = time.perf_counter()
    frame = pd.read_parquet(data).iloc[:rows]
    frame["prefecture"] = frame["code"].map(to_prefecture)
    sums = frame.groupby(["prefecture", "year", "metric", "unit"])["value"].sum().reset_index()
    targets = {name: target for name, (_, _, target) in METRICS.items()}
    sums["value"] *= sums["unit"].map(factor) / sums["metric"].map(targets).map(factor)
    seconds = time.perf_counter() - started
    totals = _totals(list(sums[["prefecture", "year", "metric", "value"]].itertuples(False)))
    return {"seconds": seconds, "totals": totals}


def peak_rss() -> int:
    """This process's peak RSS in bytes: VmHWM on Linux (getrusage's ru_maxrss survives exec, so
    a child would report its parent's peak), else ru_maxrss."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        pass
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def child(arguments: argparse.Namespace) -> None:
    engine, data = arguments.child, arguments.data
    if engine == "duckdb":
        found = run_duckdb(data, arguments.reference, arguments.memory_limit)
    elif engine == "numpy":
        found = run_numpy(data, arguments.in_memory_rows)
    else:
        found = run_pandas(data, arguments.in_memory_rows, arguments.reference)
    found["peak_rss"] = peak_rss()
    print(json.dumps(found))


def spawn(engine: str, data: Path, arguments: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable, __file__, "--child", engine, "--data", str(data),
        "--reference", str(arguments.reference), "--memory-limit", arguments.memory_limit,
        "--in-memory-rows", str(arguments.in_memory_rows),
    ]  # fmt: skip
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    return dict(json.loads(output.splitlines()[-1]))


def agree(left: dict[str, float], right: dict[str, float]) -> tuple[bool, float]:
    if left.keys() != right.keys():
        return False, float("inf")
    worst = max(abs(left[k] - right[k]) / max(abs(right[k]), 1e-300) for k in left)
    return worst <= 1e-9, worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2_000_000)
    parser.add_argument("--in-memory-rows", type=int, default=None)
    parser.add_argument("--memory-limit", default="1GB")
    parser.add_argument("--folder", type=Path, default=None)
    parser.add_argument("--keep", action="store_true", help="keep the generated files")
    parser.add_argument("--child", choices=("duckdb", "numpy", "pandas"), help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--reference", help=argparse.SUPPRESS)
    arguments = parser.parse_args()
    if arguments.in_memory_rows is None:
        arguments.in_memory_rows = min(arguments.rows, 10_000_000)
    if arguments.child:
        child(arguments)
        return
    from swchina_dev.tabular.reference import write_reference_tables

    folder = arguments.folder or Path(tempfile.mkdtemp(prefix="bench_engines_"))
    folder.mkdir(parents=True, exist_ok=True)
    arguments.reference = folder / "reference"
    paths = write_reference_tables(arguments.reference)
    reference_bytes = sum(os.path.getsize(path) for path in paths.values())
    data, sample = folder / "table.parquet", folder / "sample.parquet"
    print(f"generating {arguments.rows:,} rows in {folder} ...", flush=True)
    generated = generate(data, arguments.rows)
    sample_rows = arguments.in_memory_rows
    with pq.ParquetWriter(str(sample), pq.read_schema(str(data))) as writer:  # the first M rows
        left = sample_rows
        for batch in pq.ParquetFile(str(data)).iter_batches(batch_size=1_000_000):
            if left <= 0:
                break
            writer.write_batch(batch.slice(0, left))
            left -= batch.num_rows
    print(
        f"table: {data.stat().st_size / 2**20:,.0f} MiB on disk, generated in {generated:.1f} s; "
        f"reference tables: {reference_bytes / 2**20:.1f} MiB "
        + ", ".join(
            f"{name} {path.stat().st_size / 2**10:,.0f} KiB" for name, path in paths.items()
        ),
        flush=True,
    )
    runs = [
        ("duckdb", arguments.rows, data),
        ("duckdb-sample", sample_rows, sample),
        ("numpy", sample_rows, sample),
        ("pandas", sample_rows, sample),
    ]
    results = {}
    print(
        "\n| rows | engine | time (s) | peak RSS (MiB) | rows/s | note |\n|---|---|---|---|---|---|"
    )
    for label, rows, path in runs:
        found = spawn(label.split("-")[0], path, arguments)
        results[label] = found
        note = f"memory_limit {arguments.memory_limit}" if label.startswith("duckdb") else ""
        if "read_seconds" in found:
            note = f"read {found['read_seconds']:.1f} s"
        print(
            f"| {rows:,} | {label} | {found['seconds']:.2f} | {found['peak_rss'] / 2**20:,.0f} | "
            f"{rows / found['seconds']:,.0f} | {note} |",
            flush=True,
        )
    for label in ("numpy", "pandas"):
        ok, worst = agree(results[label]["totals"], results["duckdb-sample"]["totals"])
        groups = len(results[label]["totals"])
        print(
            f"\n{label} vs duckdb on {sample_rows:,} rows: {groups:,} totals, "
            f"{'agree' if ok else 'DISAGREE'} (worst relative difference {worst:.1e})"
        )
    if not arguments.keep:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
