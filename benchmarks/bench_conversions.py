"""Benchmark bulk unit conversion and phrase parsing against their plain baselines.

1. One million values from mu to hectares: ``swchina_dev.convert_unit`` on a numpy-array
   quantity vs plain numpy multiplication by the factor (target ratio <= 1.5).
2. ``parse_quantity`` per phrase vs pint's ``ureg.parse_expression`` on the same values written
   plainly ("7800 mu") (target ratio <= 0.7).
3. Ten million values from mu to hectares: ``convert_column`` on the float array vs
   ``convert_unit`` on the same array as a quantity, time (target ratio <= 1.2) and the peak of
   tracemalloc during one call (target ratio <= 1.1: one new array, the input never copied).

Medians over repeats, one run. Usage:
``python benchmarks/bench_conversions.py [--repeats N] [--column-values N]``.
"""

from __future__ import annotations

import argparse

import numpy as np

import swchina_dev
from swchina_dev.conversion import convert_column
from swchina_dev.text.quantities import parse_quantity
from swchina_dev.units import get_registry
from timing import median_seconds, peak_bytes  # benchmarks/, on sys.path as a script

N_VALUES = 1_000_000
PHRASES = [
    ("over 7,800 mu", "7800 mu"),
    ("520 hectares", "520 hectare"),
    ("100 million yuan", "100000000 yuan"),
    ("$13.67 million", "13670000 USD"),
    ("nearly 28 million yuan", "28000000 yuan"),
    ("more than 4,800 mu", "4800 mu"),
    ("2,500 meters", "2500 meter"),
    ("200-400 tonnes", "300 tonne"),
    ("over 6,000 yuan monthly", "6000 yuan / month"),
    ("3.7 wan yuan", "37000 yuan"),
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--column-values", type=int, default=10_000_000)
    args = parser.parse_args()
    registry = get_registry()

    values = np.random.default_rng(0).uniform(1, 1e6, N_VALUES)
    quantity = registry.Quantity(values, "mu")
    factor = 1 / 15  # hectares per mu
    library = median_seconds(
        lambda: swchina_dev.convert_unit(quantity, "hectare"), args.repeats, warm_up=True
    )
    plain = median_seconds(lambda: values * factor, args.repeats, warm_up=True)
    check = swchina_dev.convert_unit(quantity, "hectare").magnitude
    assert np.allclose(check, values * factor, rtol=1e-12)

    rounds = 200

    def parse_all() -> None:
        for _ in range(rounds):
            for phrase, _plain in PHRASES:
                parse_quantity(phrase)

    def pint_all() -> None:
        for _ in range(rounds):
            for _phrase, plain_text in PHRASES:
                registry.parse_expression(plain_text)

    ours = median_seconds(parse_all, args.repeats, warm_up=True)
    theirs = median_seconds(pint_all, args.repeats, warm_up=True)
    per_phrase = rounds * len(PHRASES)

    column = np.random.default_rng(1).uniform(1, 1e6, args.column_values)
    column_quantity = registry.Quantity(column, "mu")
    kept = column.copy()

    def by_column() -> object:
        return convert_column(column, "mu", "hectare")

    def by_quantity() -> object:
        return swchina_dev.convert_unit(column_quantity, "hectare")

    np.testing.assert_array_equal(
        by_column(), swchina_dev.convert_unit(column_quantity, "hectare").magnitude
    )
    np.testing.assert_array_equal(column, kept)  # the input is left as it was
    column_time = median_seconds(by_column, args.repeats, warm_up=True)
    quantity_time = median_seconds(by_quantity, args.repeats, warm_up=True)
    column_peak, quantity_peak = peak_bytes(by_column), peak_bytes(by_quantity)

    rows = [
        (
            f"mu -> hectare, {N_VALUES:,} values",
            "convert_unit",
            library * 1e3,
            "numpy *",
            plain * 1e3,
            "ms",
            library / plain,
            1.5,
        ),
        (
            f"phrase parsing, {len(PHRASES)} phrases",
            "parse_quantity",
            ours / per_phrase * 1e6,
            "pint parse_expression",
            theirs / per_phrase * 1e6,
            "us/phrase",
            ours / theirs,
            0.7,
        ),
        (
            f"convert_column, {args.column_values:,} values",
            "convert_column",
            column_time * 1e3,
            "convert_unit",
            quantity_time * 1e3,
            "ms",
            column_time / quantity_time,
            1.2,
        ),
        (
            f"convert_column, {args.column_values:,} values",
            "convert_column",
            column_peak / 2**20,
            "convert_unit",
            quantity_peak / 2**20,
            "MiB peak",
            column_peak / quantity_peak,
            1.1,
        ),
    ]
    print(f"medians of {args.repeats} repeats")
    header = f"{'task':<34} {'ours':>16} {'baseline':>24} {'unit':>10} {'ratio':>6} {'target':>7}"
    print(header)
    print("-" * len(header))
    for task, name, mine, base_name, base, unit, ratio, target in rows:
        verdict = "ok" if ratio <= target else "MISS"
        print(
            f"{task:<34} {name + f' {mine:.3f}':>16} {base_name + f' {base:.3f}':>24} "
            f"{unit:>10} {ratio:>6.2f} {'<= ' + str(target):>7} {verdict}"
        )


if __name__ == "__main__":
    main()
