"""Benchmark writing and reading back a dataset of 100,000 indicators: JSON, CSV and Parquet.

A dataset is generated from the bundled one: its regions, zones, enterprises, metrics and sources,
and N indicators made by varying the bundled indicators (new ids, subjects among the bundled
county codes, magnitudes scaled, years 2000-2024). It is then

- written and read back as one JSON document (``write_dataset`` / ``read_dataset``, every record
  validated and every reference checked);
- written and read back as a folder of CSV files with a manifest (the same functions);
- its indicators written and read back as a Parquet file (``write_parquet`` / ``read_parquet``);

against the baseline ``json.dumps`` / ``json.loads`` of the same plain dicts that the JSON
document holds (no validation, no objects). Time: the best of ``--repeats`` runs of write + read;
size: bytes on disk. Target: JSON at most 3 times the plain-json time.

Usage: ``python benchmarks/bench_io.py [--indicators N] [--repeats N]``.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import attrs

import swchina_dev as sw
from swchina_dev.files import read_dataset, write_dataset
from swchina_dev.files.datasets import _document
from swchina_dev.models import Level, Measure, Period
from swchina_dev.tabular.arrow import read_parquet, write_parquet

TARGET_JSON_RATIO = 3.0


def generate(count: int) -> sw.Dataset:
    """The bundled dataset with ``count`` indicators made from its own."""
    bundled = sw.load()
    counties = [r.code for r in bundled.regions if r.level is Level.COUNTY]
    templates = list(bundled.indicators)
    indicators = []
    for number in range(count):
        template = templates[number % len(templates)]
        measure = template.measure
        factor = 1 + (number % 97) / 100
        if measure.qualifier is sw.Qualifier.RANGE:
            assert measure.lower_magnitude is not None
            assert measure.upper_magnitude is not None
            scaled = Measure.from_parts(
                None,
                measure.unit,
                "range",
                measure.lower_magnitude * factor,
                measure.upper_magnitude * factor,
            )
        else:
            scaled = Measure.from_parts(measure.magnitude * factor, measure.unit, measure.qualifier)
        indicators.append(
            attrs.evolve(
                template,
                id=f"gen-{number:06d}",
                subject_id=counties[number % len(counties)],
                measure=scaled,
                period=Period.year(2000 + number % 25),
                stated_conversion=None,
            )
        )
    return sw.Dataset(
        regions=bundled.regions,
        groupings=bundled.groupings,
        zones=bundled.zones,
        enterprises=bundled.enterprises,
        sources=bundled.sources,
        metrics=bundled.metrics,
        items=bundled.items,
        indicators=indicators,
        data_version="bench",
    )


def best_seconds(function: Callable[[], object], repeats: int) -> float:
    timings = []
    for _ in range(repeats):
        started = time.perf_counter()
        function()
        timings.append(time.perf_counter() - started)
    return min(timings)


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(file.stat().st_size for file in path.iterdir())
    return path.stat().st_size


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=100_000)
    parser.add_argument("--repeats", type=int, default=3)
    options = parser.parse_args()
    dataset = generate(options.indicators)
    plain = _document(dataset)
    folder = Path(tempfile.mkdtemp())
    try:
        baseline_path = folder / "plain.json"

        def plain_json() -> None:
            baseline_path.write_text(json.dumps(plain, ensure_ascii=False), encoding="utf-8")
            json.loads(baseline_path.read_text(encoding="utf-8"))

        def ours_json() -> None:
            read_dataset(write_dataset(dataset, folder / "dataset.json"))

        def ours_csv() -> None:
            read_dataset(write_dataset(dataset, folder / "csv", format="csv"))

        def ours_parquet() -> None:
            read_parquet(write_parquet(dataset, folder / "indicators.parquet"), sw.Indicator)

        rows = [
            ("plain json.dumps/loads", plain_json, baseline_path),
            ("JSON dataset", ours_json, folder / "dataset.json"),
            ("CSV folder", ours_csv, folder / "csv"),
            ("Parquet (indicators)", ours_parquet, folder / "indicators.parquet"),
        ]
        print(f"{options.indicators:,} indicators, {len(dataset.regions):,} regions")
        print(f"{'format':<24}{'write+read s':>14}{'ratio':>8}{'size MB':>10}")
        baseline = 0.0
        for label, function, path in rows:
            seconds = best_seconds(function, options.repeats)
            baseline = baseline or seconds
            print(
                f"{label:<24}{seconds:>14.2f}{seconds / baseline:>8.2f}{size_of(path) / 1e6:>10.1f}"
            )
        json_ratio = best_seconds(ours_json, 1) / baseline
        verdict = "meets" if json_ratio <= TARGET_JSON_RATIO else "misses"
        print(f"JSON {verdict} the target of {TARGET_JSON_RATIO:g}x plain json ({json_ratio:.2f}x)")
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
