#!/usr/bin/env python3
"""Build ``src/swchina_dev/data/cny_usd.csv`` from the CNY per USD rate tables in ``data-raw/``.

Inputs (read-only, under ``--raw``, default ``<repo>/data-raw``):

* ``cny_usd_annual.csv``: ``year,cny_per_usd,n_days,source``;
* ``cny_usd_monthly_2010_2026.csv``: ``month,cny_per_usd,n_days,source``.

Both are averages of ECB euro reference rates crossed to CNY per USD (see
``data-raw/SOURCES.md``). The output has one row per year, then one per month, with the
columns ``period,cny_per_usd,n_days``; the provenance goes to ``data/SOURCES.md`` and to
``swchina_dev.conversion.rates.CNY_USD_SOURCE``, not into the CSV.

Rates are copied as written (four decimals), never re-rounded through floats, so the same
inputs give a byte-identical output. The build checks that the years and the months run without
gaps, that every rate and day count is positive, and that each year's average agrees with the
day-weighted mean of its months; it exits non-zero if any check fails.

Run: ``/work/venv/bin/python scripts/build_rates.py [--raw PATH] [--out PATH] [--check]``.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
ANNUAL = "cny_usd_annual.csv"
MONTHLY = "cny_usd_monthly_2010_2026.csv"
COLUMNS = ["period", "cny_per_usd", "n_days"]
RATE_TEXT = re.compile(r"\d{1,3}\.\d{4}")
# The annual average and the day-weighted mean of its rounded monthly averages differ only by
# the rounding of the monthly figures to four decimals.
ANNUAL_TOLERANCE = Decimal("0.0001")


class BuildError(Exception):
    """An input table breaks one of the checks."""


def read_rows(path: Path, key: str, key_pattern: str) -> list[tuple[str, str, int]]:
    pattern = re.compile(key_pattern)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        wanted = {key, "cny_per_usd", "n_days"}
        if reader.fieldnames is None or not wanted <= set(reader.fieldnames):
            raise BuildError(f"{path}: expected columns {sorted(wanted)}, got {reader.fieldnames}")
        rows = []
        for line, record in enumerate(reader, start=2):
            period, rate, days = (
                record[key].strip(),
                record["cny_per_usd"].strip(),
                record["n_days"],
            )
            if not pattern.fullmatch(period):
                raise BuildError(f"{path}:{line}: malformed {key} {period!r}")
            if not RATE_TEXT.fullmatch(rate) or Decimal(rate) <= 0:
                raise BuildError(f"{path}:{line}: rate {rate!r} is not a positive 4-decimal number")
            try:
                n_days = int(days)
            except ValueError:
                raise BuildError(f"{path}:{line}: n_days {days!r} is not an integer") from None
            if not 1 <= n_days <= 366:
                raise BuildError(f"{path}:{line}: n_days {n_days} out of range")
            rows.append((period, rate, n_days))
    return rows


def check_contiguous(years: list[tuple[str, str, int]], months: list[tuple[str, str, int]]) -> None:
    year_numbers = [int(period) for period, _, _ in years]
    if year_numbers != list(range(year_numbers[0], year_numbers[-1] + 1)):
        raise BuildError(f"years are not one unbroken run: {year_numbers}")
    month_keys = [(int(period[:4]), int(period[5:])) for period, _, _ in months]
    expected = [
        (year, month)
        for year in range(month_keys[0][0], month_keys[-1][0] + 1)
        for month in range(1, 13)
        if month_keys[0] <= (year, month) <= month_keys[-1]
    ]
    if month_keys != expected:
        raise BuildError("months are not one unbroken run in order")
    if {year for year, _ in month_keys} != set(year_numbers):
        raise BuildError("the annual and monthly tables cover different years")


def check_annual_against_months(
    years: list[tuple[str, str, int]], months: list[tuple[str, str, int]]
) -> None:
    for year, rate, n_days in years:
        of_year = [(Decimal(r), n) for period, r, n in months if period.startswith(f"{year}-")]
        total_days = sum(n for _, n in of_year)
        if total_days != n_days:
            raise BuildError(f"{year}: {n_days} days in the annual table, {total_days} in months")
        weighted = sum((r * n for r, n in of_year), Decimal(0)) / total_days
        if abs(weighted - Decimal(rate)) > ANNUAL_TOLERANCE:
            raise BuildError(f"{year}: annual {rate} but months average {weighted:.5f}")


def build(raw: Path) -> str:
    try:
        years = read_rows(raw / ANNUAL, "year", r"\d{4}")
        months = read_rows(raw / MONTHLY, "month", r"\d{4}-(0[1-9]|1[0-2])")
    except (OSError, InvalidOperation) as error:
        raise BuildError(str(error)) from error
    if not years or not months:
        raise BuildError("an input table is empty")
    check_contiguous(years, months)
    check_annual_against_months(years, months)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(years)
    writer.writerows(months)
    return out.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--raw", type=Path, default=REPO / "data-raw")
    parser.add_argument("--out", type=Path, default=REPO / "src/swchina_dev/data/cny_usd.csv")
    parser.add_argument(
        "--check", action="store_true", help="exit 1 if the output file differs from a fresh build"
    )
    args = parser.parse_args(argv)
    try:
        text = build(args.raw)
    except BuildError as error:
        print(f"build_rates: {error}", file=sys.stderr)
        return 1
    rows = text.count("\n") - 1
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"build_rates: {args.out} is out of date; rerun without --check", file=sys.stderr)
            return 1
        print(f"{args.out}: up to date ({rows} rows)")
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}: {rows} rows")
    return 0


if __name__ == "__main__":
    sys.exit(main())
