"""Benchmark the file paths at scale: each of ours against the plain-format baseline, same run.

A dataset is generated from the bundled one: its regions, zones, enterprises, metrics, items and
sources, and N indicators made by varying the bundled indicators (new ids, subjects among the
bundled county codes, magnitudes scaled, years 2000-2024). Each of our paths (every record
validated, every reference checked) is timed against the plain library a user would otherwise
call on the same data, without validation or objects:

| ours | baseline (target: ours <= 3x) | also shown |
|---|---|---|
| `to_json(indicators)` | `json.dumps` of the plain dicts | `orjson.dumps` |
| `from_json(text, list[Indicator])` | `json.loads(text)` | msgspec's typed decode |
| `write_dataset(..., ".json")` | `json.dumps` of the plain document, written | |
| `read_dataset(".json")` | `json.loads` of the file | |
| `write_dataset(..., format="csv")` | polars `write_csv` of the indicators' cells | |
| `read_dataset(csv folder)` | polars `read_csv(indicators.csv)` (all text) | |
| `write_parquet` | pyarrow `write_table` of the same table | |
| `read_parquet(path, Indicator)` | pyarrow `read_table` | |

Time: the best of `--repeats` runs, the cyclic garbage collector on, as users run (our paths
pause it themselves); each baseline is also timed with the collector paused, for comparison.
One million indicators make a JSON document of about 600 MB: the readers are given
`max_bytes=None` (the default limit, 256 MiB, is for untrusted files).

orjson, msgspec and polars are benchmark dependencies only. Usage:
`python benchmarks/bench_io.py [--indicators N] [--repeats N] [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import json
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs

import swchina_dev as sw
from swchina_dev.files import read_dataset, write_dataset
from swchina_dev.files.csv_format import csv_columns, csv_rows
from swchina_dev.files.datasets import _document
from swchina_dev.models import Level, Measure, Period
from swchina_dev.serialization import from_json, paused_collection, to_json, unstructure
from swchina_dev.tabular.arrow import indicators_table, read_parquet, write_parquet
from timing import best_seconds  # benchmarks/, on sys.path when run as a script

TARGET_RATIO = 3.0


def generate(count: int) -> sw.Dataset:
    """The bundled dataset with `count` indicators made from its own."""
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
                id=f"gen-{number:07d}",
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


def _msgspec_decoder() -> Callable[[str], object]:
    import msgspec

    measure = msgspec.defstruct(
        "StoredMeasure",
        [
            ("value", float),
            ("unit", str),
            ("qualifier", str),
            ("lower", float | None),
            ("upper", float | None),
        ],
        forbid_unknown_fields=True,
    )
    indicator = msgspec.defstruct(
        "PlainIndicator",
        [
            ("id", str),
            ("subject_id", str),
            ("metric", dict[str, Any]),
            ("measure", measure),
            ("period", str),
            ("source", dict[str, Any]),
            ("status", str),
            ("note", str),
            ("tags", list[str]),
            ("derived_from", list[str]),
            ("stated_conversion", measure | None),
            ("item", str | None),
            ("breakdown", list[str]),
            ("scope", str),
        ],
        forbid_unknown_fields=True,
    )
    return msgspec.json.Decoder(list[indicator]).decode  # type: ignore[valid-type]


def pairs(dataset: sw.Dataset, folder: Path) -> dict[str, tuple[Callable[[], object], ...]]:
    """Each comparison: (ours, baseline, extra baselines...), all on the same data."""
    import orjson
    import polars
    import pyarrow.parquet as pq

    indicators = list(dataset.indicators)
    plain = unstructure(indicators)
    text = to_json(indicators)
    decode = _msgspec_decoder()
    document = _document(dataset)
    csv_folder, json_path = folder / "csv", folder / "dataset.json"
    write_dataset(dataset, json_path)
    write_dataset(dataset, csv_folder, format="csv")
    parquet_path = folder / "indicators.parquet"
    write_parquet(dataset, parquet_path)
    table = indicators_table(indicators, dataset=dataset)
    header = csv_columns(sw.Indicator)
    cells = list(csv_rows(indicators))
    frame = polars.DataFrame(cells, schema=list(header), orient="row")
    del cells
    plain_json = folder / "plain.json"

    def dump_document() -> None:
        plain_json.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    return {
        "to_json": (
            lambda: to_json(indicators),
            lambda: json.dumps(plain, ensure_ascii=False),
            lambda: orjson.dumps(plain),
        ),
        "from_json": (
            lambda: from_json(text, list[sw.Indicator], max_bytes=None),
            lambda: json.loads(text),
            lambda: decode(text),
        ),
        "write_dataset json": (
            lambda: write_dataset(dataset, json_path),
            dump_document,
        ),
        "read_dataset json": (
            lambda: read_dataset(json_path, max_bytes=None),
            lambda: json.loads(json_path.read_text(encoding="utf-8")),
        ),
        "write_dataset csv": (
            lambda: write_dataset(dataset, csv_folder, format="csv"),
            lambda: frame.write_csv(folder / "plain.csv"),
        ),
        "read_dataset csv": (
            lambda: read_dataset(csv_folder, max_bytes=None),
            lambda: polars.read_csv(csv_folder / "indicators.csv", infer_schema=False),
        ),
        "write_parquet": (
            lambda: write_parquet(dataset, parquet_path),
            lambda: pq.write_table(table, folder / "plain.parquet"),
        ),
        "read_parquet": (
            lambda: read_parquet(parquet_path, sw.Indicator),
            lambda: pq.read_table(parquet_path),
        ),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--indicators", type=int, default=1_000_000)
    parser.add_argument("--repeats", type=int, default=1)
    parser.add_argument("--only", nargs="*", help="run only these rows (e.g. from_json)")
    options = parser.parse_args()
    started = time.perf_counter()
    dataset = generate(options.indicators)
    folder = Path(tempfile.mkdtemp())
    try:
        rows = pairs(dataset, folder)
        print(
            f"{options.indicators:,} indicators, {len(dataset.regions):,} regions "
            f"(set up in {time.perf_counter() - started:.0f} s)"
        )
        print(
            "| path | ours s | baseline s | ratio | target | baseline, collector paused s | "
            "ratio | other baseline s | ratio |"
        )
        print("|---|---|---|---|---|---|---|---|---|")
        for name, (ours, baseline, *others) in rows.items():
            if options.only and name not in options.only:
                continue
            base = best_seconds(baseline, options.repeats)
            with paused_collection():
                quiet = best_seconds(baseline, options.repeats)
            mine = best_seconds(ours, options.repeats)
            ratio = mine / base
            verdict = "meets" if ratio <= TARGET_RATIO else "misses"
            extra = ["", ""]
            if others:
                other = best_seconds(others[0], options.repeats)
                extra = [f"{other:.2f}", f"{mine / other:.1f}x"]
            print(
                f"| {name} | {mine:.2f} | {base:.2f} | {ratio:.2f}x | {verdict} | "
                f"{quiet:.2f} | {mine / quiet:.2f}x | {extra[0]} | {extra[1]} |"
            )
    finally:
        shutil.rmtree(folder)


if __name__ == "__main__":
    main()
