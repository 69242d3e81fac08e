"""`extract` on whole articles: speed against a plain regex scan and quantulum3, and quality.

Prints, in one run:

- the median time of `extract` on a 10 KB and a 1 MB text (our own sentences, repeated with
  varied numbers: the source articles are not distributed), the time per KB, and the ratios
  against two baselines on the same text: a bare regular-expression scan for numbers (the floor
  any extractor pays) and quantulum3's `parser.parse` (the best-known quantity extractor; the
  optional `bench` extra installs it; 10 KB only, it is too slow for 1 MB);
- with the source articles (where `tests/paths.py` finds them): value and unit
  right per curated figure, for `extract` and for quantulum3 side by side.

Usage: python benchmarks/bench_extract.py [--runs N]
"""

from __future__ import annotations

import argparse
import math
import re
import statistics
import sys
import time
import warnings
from collections.abc import Callable
from pathlib import Path

import tomllib

import swchina_dev as sw

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from tests.paths import ARTICLES  # noqa: E402 - after the repository is on the path

DATE = "2025-01-23"
# Our own sentences in the style of the articles (no source text).
SENTENCES = (
    "Guizhou Lianshang Technology Co., Ltd. now produces {n} million LED filaments daily.",
    "In Taoying village of Nayong county, cherries grow on more than {n},800 mu.",
    "The annual output of the village approaches {n}8 million yuan ($1.{n} million).",
    "Last year, the community grew fruit on over {n},500 mu (3{n}0 hectares) of land.",
    "Hechi has completed more than {n}0,000 sets of housing, benefiting {n}70,000 people.",
    "By 2025, Guian plans to build {n}2 data centers with an investment of {n} billion yuan.",
    "Xi Jinping visited Sanhe Village, where income exceeded {n}0,000 yuan, or nearly 3,{n}00 "
    "U.S. dollars.",
    "Its trade grew by an annual average of 2{n}.4 percent in the past two years.",
)
# Sentences without figures, as most of an article's are (the five articles: one figure per
# 250 to 300 characters).
PROSE = (
    "The municipal government has continued to support innovation and new industries here.",
    "Local residents said the roads and irrigation had changed their lives for the better.",
    "The company has collaborated with universities to improve the quality of its products.",
)
NUMBER = re.compile(r"\d[\d,.]*")


def article(size: int, *, dense: bool = False) -> str:
    parts: list[str] = []
    length = 0
    index = 0
    while length < size:
        # Numbers vary so that no sentence repeats (nothing is served from a cache).
        sentence = SENTENCES[index % len(SENTENCES)].format(n=index % 9973 + 1)
        if not dense:
            sentence += " " + PROSE[index % len(PROSE)] + " " + PROSE[(index + 1) % len(PROSE)]
        parts.append(sentence + ("\n" if index % 4 == 3 else " "))
        length += len(parts[-1])
        index += 1
    return "".join(parts)[:size]


def median_time(function: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def quantulum() -> Callable[[str], list[object]] | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from quantulum3 import parser
    except ImportError:
        return None
    return parser.parse  # type: ignore[no-any-return]


def speed(runs: int) -> None:
    dataset = sw.load()
    sw.extract("Warm up: 3 million yuan in Bijie.", date=DATE, dataset=dataset)
    parse = quantulum()
    print(
        "| text | figures | extract | per KB | regex scan | extract / regex | quantulum3 "
        "| extract / quantulum3 |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for size, dense in ((10_000, False), (1_000_000, False), (1_000_000, True)):
        text = article(size, dense=dense)
        ours = median_time(lambda t=text: sw.extract(t, date=DATE, dataset=dataset), runs)
        figures = len(sw.extract(text, date=DATE, dataset=dataset))
        floor = median_time(lambda t=text: NUMBER.findall(t), runs)
        theirs = (
            median_time(lambda t=text: parse(t), max(1, runs // 3))
            if parse is not None and size <= 10_000
            else math.nan
        )
        print(
            f"| {size // 1000} KB{' (dense)' if dense else ''} | {figures} (one per "
            f"{size // max(1, figures)} characters) | {ours * 1000:.1f} ms | "
            f"{ours * 1000 / (size / 1000):.2f} ms | "
            f"{floor * 1000:.2f} ms | {ours / floor:.0f}x | "
            + ("n/a" if math.isnan(theirs) else f"{theirs * 1000:.0f} ms")
            + " | "
            + ("n/a" if math.isnan(theirs) else f"{ours / theirs:.2f}x")
            + " |"
        )


_QUANTULUM_UNITS = {
    "chinese yuan": "CNY", "yuan": "CNY", "renminbi": "CNY", "dollar": "USD",
    "united states dollar": "USD", "hectare": "hectare", "percentage": "percent",
    "square kilometre": "kilometer ** 2", "square metre": "meter ** 2", "kilometre": "kilometer",
    "metre": "meter", "tonne": "tonne", "year": "year", "day": "day",
    "dimensionless": "dimensionless",
}  # fmt: skip


def quality() -> None:
    if not ARTICLES.is_dir():
        print(f"\n(no articles at {ARTICLES}: set SWCHINA_ARTICLES for the quality table)")
        return
    sys.path.insert(0, str(REPO / "scripts"))
    from evaluate_extraction import DATES

    parse = quantulum()
    dataset = sw.load()
    print("\n| article | curated | extract: value and unit | quantulum3: value and unit |")
    print("|---|---|---|---|")
    totals = [0, 0, 0]
    for seed, day in DATES.items():
        text = next(ARTICLES.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
        rows = tomllib.loads((REPO / "scripts" / "curated" / f"seed_{seed}.toml").read_text())
        rows = list({row["phrase"]: row for row in rows.get("indicator", [])}.values())
        drafts = sw.extract(text, date=day, dataset=dataset)
        found = parse(text) if parse is not None else []
        ours = theirs = 0
        for row in rows:
            start = text.find(row["phrase"])
            end = start + len(row["phrase"])
            ours += any(
                d.span[0] < end
                and d.span[1] > start
                and _same(
                    d.measure.magnitude if d.measure.qualifier.value != "range" else None,
                    d.measure.unit,
                    d.measure,
                    row,
                )
                for d in drafts
            )
            theirs += any(
                q.span[0] < end and q.span[1] > start and _quantulum_right(q, row)  # type: ignore[attr-defined]
                for q in found
            )
        totals[0] += len(rows)
        totals[1] += ours
        totals[2] += theirs
        print(
            f"| {seed} | {len(rows)} | {ours / len(rows):.0%} | "
            + (f"{theirs / len(rows):.0%} |" if parse else "n/a |")
        )
    print(
        f"| all | {totals[0]} | {totals[1] / totals[0]:.0%} | "
        + (f"{totals[2] / totals[0]:.0%} |" if parse else "n/a |")
    )


def _same(value: object, unit: str, measure: sw.Measure, row: dict[str, object]) -> bool:
    try:
        converted = measure.to(str(row["unit"])) if unit != row["unit"] else measure
    except sw.SwchinaDevError:
        return False
    if "value" in row:
        return converted.qualifier.value != "range" and math.isclose(
            float(converted.magnitude), float(row["value"]), rel_tol=1e-9
        )  # type: ignore[arg-type]
    return converted.lower_magnitude == row["lower"] and converted.upper_magnitude == row["upper"]


def _quantulum_right(quantity: object, row: dict[str, object]) -> bool:
    unit = _QUANTULUM_UNITS.get(quantity.unit.name.lower())  # type: ignore[attr-defined]
    wanted = str(row["unit"]).split(" / ")[0]
    if unit is None or (
        unit != wanted and not (unit == "dimensionless" and wanted in ("1", "dimensionless"))
    ):
        return False
    if "value" not in row:
        return False
    return math.isclose(float(quantity.value), float(row["value"]), rel_tol=1e-9)  # type: ignore[attr-defined, arg-type]


if __name__ == "__main__":
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--runs", type=int, default=5)
    arguments = options.parse_args()
    speed(arguments.runs)
    quality()
