"""The commands about units and money: `convert`, `fx`, `check` and `audit`."""

from __future__ import annotations

import argparse
import math
from typing import Any, Final

from swchina_dev.cli.common import add_command, add_formats, dataset, emit, shown
from swchina_dev.cli.output import print_json, print_table
from swchina_dev.cli.rates import rate_plain
from swchina_dev.conversion.audit import (
    DEFAULT_TOLERANCE,
    ConversionCheck,
    audit_conversions,
    check_conversion,
)
from swchina_dev.conversion.rates import convert_currency
from swchina_dev.errors import ConversionError, ValidationError
from swchina_dev.extraction import find_figures
from swchina_dev.models import Measure
from swchina_dev.serialization import unstructure
from swchina_dev.text.quantities import parse_quantity
from swchina_dev.units import currency_of, make_quantity

__all__ = ["add_conversion_commands"]

# What the verdict of `check` and `audit` means, said once under the table or the verdict.
_CONSISTENT: Final = (
    "consistent: the stated conversion agrees with the unit registry, or with the ECB average "
    "rate of the time, within the tolerance of {tolerance} (the stated figures are rounded, "
    "and sources convert at the rate of their day, not the month's average); a figure stated "
    "as a bound (over, nearly, up to) agrees when its bounds and its conversion's overlap, so "
    "it may differ by more than the tolerance and still be consistent"
)


def _percent(tolerance: float) -> str:
    return f"{tolerance * 100:.3g}%"


def _convert(arguments: argparse.Namespace) -> None:
    measure = parse_quantity(arguments.quantity)
    rate = None
    try:
        converted = measure.to(arguments.unit)
    except ConversionError:
        if currency_of(measure.unit) is None or currency_of(arguments.unit) is None:
            raise
        if arguments.on is None:
            raise ValidationError(
                f"converting {measure.unit} to {arguments.unit} needs an exchange rate: give "
                "--on with a date, a month (2025-01) or a year"
            ) from None
        conversion = convert_currency(
            measure, arguments.unit, arguments.on, nearest=arguments.nearest
        )
        rate = conversion.rate
        converted = conversion.value.to(arguments.unit)  # the rest of the unit: wan USD to USD
    if arguments.format == "json":
        print_json(
            {
                "stated": unstructure(measure),
                "converted": unstructure(converted),
                "rate": None if rate is None else rate_plain(rate),
            }
        )
        return
    print(f"{shown(measure)} = {shown(converted, stated=measure)}")
    if rate is not None:
        print(f"at {rate}")


def _fx(arguments: argparse.Namespace) -> None:
    stated = Measure(make_quantity(arguments.amount, arguments.base))
    result = convert_currency(stated, arguments.quote, arguments.on, nearest=arguments.nearest)
    rate = result.rate
    if arguments.format == "json":
        print_json(
            {
                "stated": unstructure(stated),
                "converted": unstructure(result.value),
                "rate": rate_plain(rate),
            }
        )
        return
    print(f"{shown(stated)} = {shown(result.value, stated=stated)}")
    print(f"at {rate}")
    if rate.source is not None:
        print(f"source: {rate.source.citation()}")


def _pairs(texts: list[str]) -> list[tuple[str, Measure, Measure]]:
    """The stated conversions to check: two quantities, or those a phrase states."""
    if len(texts) == 2:
        first, second = (parse_quantity(text) for text in texts)
        return [(f"{texts[0]} -> {texts[1]}", first, second)]
    if len(texts) != 1:
        raise ValidationError("check takes one phrase ('7,800 mu (520 hectares)') or two")
    text = texts[0]
    pairs = []
    for figure in find_figures(text):
        if figure.conversion is not None and figure.conversion_span is not None:
            start, end = figure.conversion_span
            phrase = f"{figure.text} -> {text[start:end]}"
            pairs.append((phrase, figure.measure, figure.conversion))
    if not pairs:
        raise ValidationError(
            f"no stated conversion in {text[:80]!r}: write it as '7,800 mu (520 hectares)', "
            "or give the two quantities apart: check '7,800 mu' '520 hectares'"
        )
    return pairs


def _check(arguments: argparse.Namespace) -> None:
    checks = [
        (phrase, check_conversion(first, second, arguments.on, arguments.tolerance,
                                  nearest=arguments.nearest))
        for phrase, first, second in _pairs(arguments.quantity)
    ]  # fmt: skip
    if arguments.format == "json":
        print_json([_check_plain(phrase, check) for phrase, check in checks])
        return
    for phrase, check in checks:
        verdict = "consistent" if check.consistent else "NOT consistent"
        print(f"{phrase}: {verdict} ({_why(check)})")
        print(f"  {check.explanation}")
        if check.rate is not None:
            print(f"  rate: {check.rate}")
    print(_note(arguments))


def _check_plain(phrase: str, check: ConversionCheck) -> dict[str, Any]:
    return {
        "phrase": phrase,
        "stated": unstructure(check.stated),
        "converted": unstructure(check.converted),
        "implied": {"value": check.implied.magnitude, "unit": str(check.implied.units)},
        "expected": {"value": check.expected.magnitude, "unit": str(check.expected.units)},
        "relative_difference": check.relative_difference,
        "tolerance": check.tolerance,
        "consistent": check.consistent,
        "rate": None if check.rate is None else rate_plain(check.rate),
        "explanation": check.explanation,
    }


def _why(check: ConversionCheck) -> str:
    """Why the verdict: the difference against the tolerance, or the qualifiers' bounds."""
    within = abs(check.relative_difference) <= check.tolerance
    limit = _percent(check.tolerance)
    if within == check.consistent:
        return f"{'within' if within else 'outside'} {limit}"
    return f"bounds {'overlap' if check.consistent else 'do not overlap'}"


def _audit(arguments: argparse.Namespace) -> None:
    audits = audit_conversions(dataset(arguments), arguments.tolerance)
    table = arguments.format == "table"
    show = shown if table else str  # JSON and CSV keep the stated forms exact
    rows = [
        {
            "indicator": audit.indicator_id,
            "stated": show(audit.check.stated),
            "converted": show(audit.check.converted),
            "difference": f"{audit.check.relative_difference:+.2%}",
            "consistent": audit.check.consistent,
            "why": _why(audit.check),
            "explanation": audit.check.explanation,
        }
        for audit in audits
        if not (arguments.inconsistent and audit.check.consistent)
    ]
    columns = ["indicator", "stated", "converted", "difference", "consistent", "why"]
    if not table:
        columns.append("explanation")
        emit(arguments, rows, columns, rows)
        return
    print_table(rows, columns)
    print(f"\ntolerance: {_percent(arguments.tolerance)} (--tolerance); " + _note(arguments))


def _note(arguments: argparse.Namespace) -> str:
    return _CONSISTENT.format(tolerance=_percent(arguments.tolerance)) + "."


def _amount(text: str) -> int | float:
    digits = text.replace(",", "").replace("_", "")
    try:
        number: int | float = int(digits) if digits.lstrip("+-").isdigit() else float(digits)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return number


def _tolerance(text: str) -> float:
    """A tolerance as written: `0.02` or `2%` (the library refuses one below zero or NaN)."""
    try:
        return float(text.removesuffix("%")) / (100 if text.endswith("%") else 1)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a tolerance: {text!r} (0.02 or 2%)") from None


_TOLERANCE_HELP: Final = (
    f"the largest relative difference still consistent: 0.02 or 2%% (default "
    f"{DEFAULT_TOLERANCE * 100:g}%%)"
)


def add_conversion_commands(commands: Any) -> None:
    """Add `convert`, `fx`, `check` and `audit`."""
    convert = add_command(
        commands, "convert", _convert, 'convert a quantity phrase ("7,800 mu") to another unit'
    )
    convert.add_argument("quantity", help='a quantity phrase: "over 7,800 mu", "3.7 万元"')
    convert.add_argument("unit", help="the unit wanted: hectare, tonne, USD, 万元, ...")
    convert.add_argument("--on", help="for money in another currency: the date, month or year")
    convert.add_argument("--nearest", action="store_true", help="use the nearest covered rate")
    add_formats(convert, "text", "json")

    fx = add_command(commands, "fx", _fx, "convert money at the average rate of a period")
    fx.add_argument("amount", type=_amount, help="the amount (100000000, 1e8)")
    fx.add_argument("base", help="its currency: CNY, USD, yuan, dollar")
    fx.add_argument("quote", help="the currency wanted")
    fx.add_argument("--on", required=True, help="the date, month (2025-01) or year of the rate")
    fx.add_argument("--nearest", action="store_true", help="use the nearest covered rate")
    add_formats(fx, "text", "json")

    check = add_command(
        commands,
        "check",
        _check,
        'check a stated conversion: "7,800 mu (520 hectares)", or two quantities',
    )
    check.add_argument(
        "quantity",
        nargs="+",
        metavar="QUANTITY",
        help="a phrase with its conversion in brackets or after ', or' (every one it states "
        "is checked), or the two quantities: '100 million yuan' '$13.67 million'",
    )
    check.add_argument(
        "--on", help="for money: the date, month (2025-01) or year of the rate (the article's)"
    )
    check.add_argument("--nearest", action="store_true", help="use the nearest covered rate")
    check.add_argument("--tolerance", type=_tolerance, default=DEFAULT_TOLERANCE,
                       help=_TOLERANCE_HELP)  # fmt: skip
    add_formats(check, "text", "json")

    audit = add_command(
        commands, "audit", _audit, "check the conversions the sources state themselves"
    )
    audit.add_argument("--tolerance", type=_tolerance, default=DEFAULT_TOLERANCE,
                       help=_TOLERANCE_HELP)  # fmt: skip
    audit.add_argument("--inconsistent", action="store_true", help="only the inconsistent ones")
    add_formats(audit, "table", "json", "csv")
