"""Benchmark reading indicators column-wise against the plain formats' readers, in one run.

The indicators are generated as ``bench_io.py`` generates them (1,000,000 by default), written
once with ``write_parquet`` and once with ``write_dataset(..., format="csv")``. Then, on the same
files:

- Parquet: ``read_indicator_columns`` (every rule checked) against ``pyarrow.parquet.read_table``
  (no checks), and the object reader ``read_parquet`` on a sample of the rows;
- CSV: ``read_indicator_columns`` against ``polars.read_csv`` and ``pyarrow.csv.read_csv`` (all
  columns as text, no checks), and the object reader ``read_records`` on a sample;
- writing the table ``read_indicator_columns`` read: ``write_indicator_columns`` (checked first)
  against ``pyarrow.parquet.write_table`` of the same table (Parquet), and against
  ``polars.DataFrame.write_csv`` of it with the list columns joined by ``|`` beforehand (polars
  writes no lists to CSV). Its files are compared with the object writers' (same bytes).

Time: the best of ``--repeats`` runs (the object readers: one run on ``--sample`` rows, scaled);
memory: the peak RSS a fresh process reaches above its RSS before the read (``VmHWM``).
Target: at most 3x the baseline (pyarrow for Parquet, polars for CSV). The object writers are
timed once (they build the objects' columns).

Usage: ``python benchmarks/bench_columns.py [--indicators N] [--repeats N] [--sample N]``.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import polars
import pyarrow as pa
import pyarrow.compute
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

sys.path.insert(0, str(Path(__file__).resolve().parent))
import swchina_dev as sw
from bench_io import generate  # the benchmarks folder is not a package
from swchina_dev.files import read_records, write_dataset
from swchina_dev.tabular.arrow import read_parquet, write_parquet
from swchina_dev.tabular.indicator_columns import read_indicator_columns
from swchina_dev.tabular.indicator_writer import write_indicator_columns
from timing import best_seconds

TARGET_RATIO = 3.0


def readers(folder: Path, sample: int) -> dict[str, tuple[str, Callable[[], object], int]]:
    """Each reader by name: its format, the call, and the rows it reads (0: all)."""
    parquet_path, csv_path = folder / "indicators.parquet", folder / "csv" / "indicators.csv"
    sample_parquet, sample_csv = folder / "sample.parquet", folder / "sample" / "indicators.csv"
    header = csv_path.open(encoding="utf-8").readline().strip().split(",")
    text_options = pa_csv.ConvertOptions(
        column_types=dict.fromkeys(header, pa.string()), strings_can_be_null=False
    )
    polars_types = dict.fromkeys(header, polars.String)
    return {
        "pyarrow.parquet.read_table": ("Parquet", lambda: pq.read_table(parquet_path), 0),
        "read_indicator_columns": ("Parquet", lambda: read_indicator_columns(parquet_path), 0),
        "read_parquet (objects)": (
            "Parquet",
            lambda: read_parquet(sample_parquet, sw.Indicator),
            sample,
        ),
        "polars.read_csv": (
            "CSV",
            lambda: polars.read_csv(csv_path, schema_overrides=polars_types),
            0,
        ),
        "pyarrow.csv.read_csv": (
            "CSV",
            lambda: pa_csv.read_csv(csv_path, convert_options=text_options),
            0,
        ),
        "read_indicator_columns csv": (
            "CSV",
            lambda: read_indicator_columns(csv_path, max_bytes=None),
            0,
        ),
        "read_records (objects)": (
            "CSV",
            lambda: read_records(sample_csv, sw.Indicator, sw.load()),
            sample,
        ),
    }


def writers(folder: Path) -> dict[str, tuple[str, Callable[[], object]]]:
    """Each writer of the table read from the CSV file, by name: its format and the call."""
    table = read_indicator_columns(folder / "csv" / "indicators.csv", max_bytes=None)
    lists = ("tags", "derived_from", "breakdown")
    plain = table.drop_columns(list(lists))
    for name in lists:
        plain = plain.append_column(name, pa.compute.binary_join(table[name], "|"))
    frame = polars.from_arrow(plain)
    written = folder / "written"
    written.mkdir(exist_ok=True)
    bundled = sw.load()  # the generated indicators' regions and items: their names
    return {
        "pyarrow.parquet.write_table": (
            "Parquet",
            lambda: pq.write_table(table, written / "pyarrow.parquet"),
        ),
        "write_indicator_columns": (
            "Parquet",
            lambda: write_indicator_columns(table, written / "columns.parquet", dataset=bundled),
        ),
        "polars.write_csv": ("CSV", lambda: frame.write_csv(written / "polars.csv")),
        "write_indicator_columns csv": (
            "CSV",
            lambda: write_indicator_columns(table, written / "indicators.csv"),
        ),
    }


def same_bytes(first: Path, second: Path) -> bool:
    """Whether two files hold the same bytes (read a block at a time)."""
    with first.open("rb") as one, second.open("rb") as other:
        while True:
            block, more = one.read(1 << 24), other.read(1 << 24)
            if block != more:
                return False
            if not block:
                return True


def peak_mib(folder: Path, name: str, sample: int) -> float:
    """The peak RSS a reader adds to a fresh process that has imported everything, MiB."""
    command = [sys.executable, __file__, "--peak-of", name, "--folder", str(folder)]
    command += ["--sample", str(sample)]
    found = subprocess.run(command, capture_output=True, text=True, check=True)
    return float(found.stdout.strip())


def _memory_kib(field: str) -> int:
    """A memory figure of this process from /proc/self/status (Linux): VmRSS now, VmHWM peak.

    Not `ru_maxrss`: a child started by a large parent inherits the parent's high-water mark.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise LookupError(field)


def _peak_of(folder: Path, name: str, sample: int) -> None:
    _, function, _ = readers(folder, sample)[name]
    before = _memory_kib("VmRSS")
    function()
    print((_memory_kib("VmHWM") - before) / 1024)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--sample", type=int, default=20_000, help="rows the object readers read")
    parser.add_argument("--peak-of", help=argparse.SUPPRESS)
    parser.add_argument("--folder", type=Path, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.peak_of:
        _peak_of(options.folder, options.peak_of, options.sample)
        return
    started = time.perf_counter()
    dataset = generate(options.indicators)
    print(
        f"generated {options.indicators:,} indicators in {time.perf_counter() - started:.0f} s",
        flush=True,
    )
    folder = Path(tempfile.mkdtemp())
    try:
        parquet_path = folder / "indicators.parquet"
        csv_folder = folder / "csv"
        write_seconds = {}
        started = time.perf_counter()
        write_parquet(dataset, parquet_path)
        write_seconds["write_parquet"] = time.perf_counter() - started
        started = time.perf_counter()
        write_dataset(dataset, csv_folder, format="csv")
        write_seconds["write_dataset csv"] = time.perf_counter() - started
        sample = sw.Dataset(
            regions=dataset.regions,
            groupings=dataset.groupings,
            zones=dataset.zones,
            enterprises=dataset.enterprises,
            sources=dataset.sources,
            metrics=dataset.metrics,
            items=dataset.items,
            indicators=list(dataset.indicators)[: options.sample],
        )
        write_parquet(sample, folder / "sample.parquet")
        write_dataset(sample, folder / "sample", format="csv")
        del dataset, sample
        size = {
            "Parquet": parquet_path.stat().st_size,
            "CSV": (csv_folder / "indicators.csv").stat().st_size,
        }
        print(f"Parquet {size['Parquet'] / 1e6:.0f} MB, CSV {size['CSV'] / 1e6:.0f} MB")
        print(f"{'format':<9}{'reader':<28}{'s':>8}{'rows/s':>12}{'ratio':>8}{'peak MiB':>10}")
        baseline: dict[str, float] = {}
        verdicts = []
        for name, (kind, function, rows) in readers(folder, options.sample).items():
            seconds = best_seconds(function, options.repeats if not rows else 1)
            per_all = seconds / (rows or options.indicators) * options.indicators
            baseline.setdefault(kind, per_all)
            ratio = per_all / baseline[kind]
            peak = peak_mib(folder, name, options.sample)
            scaled = f" (from {rows:,} rows)" if rows else ""
            print(
                f"{kind:<9}{name:<28}{per_all:>8.2f}"
                f"{options.indicators / per_all:>12,.0f}{ratio:>8.1f}{peak:>10.0f}{scaled}",
                flush=True,
            )
            if name.startswith("read_indicator_columns"):
                verdicts.append((kind, ratio))
        print(f"{'format':<9}{'writer':<28}{'s':>8}{'rows/s':>12}{'ratio':>8}")
        baseline = {}
        for name, (kind, function) in writers(folder).items():
            seconds = best_seconds(function, options.repeats)
            baseline.setdefault(kind, seconds)
            ratio = seconds / baseline[kind]
            print(
                f"{kind:<9}{name:<28}{seconds:>8.2f}"
                f"{options.indicators / seconds:>12,.0f}{ratio:>8.1f}",
                flush=True,
            )
            if name.startswith("write_indicator_columns"):
                verdicts.append((f"{kind} write", ratio))
        written = folder / "written"
        same = {
            "Parquet": same_bytes(written / "columns.parquet", parquet_path),
            "CSV": same_bytes(written / "indicators.csv", csv_folder / "indicators.csv"),
        }
        print("same bytes as the object writers: " + ", ".join(f"{k} {v}" for k, v in same.items()))
        for kind, ratio in verdicts:
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            what = "write_indicator_columns" if kind.endswith("write") else "read_indicator_columns"
            print(f"{kind}: {what} {verdict} {TARGET_RATIO:g}x ({ratio:.2f}x)")
        for label, seconds in write_seconds.items():
            print(f"write: {label} {seconds:.1f} s")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
