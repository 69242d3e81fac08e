"""The commands about figures: `indicators`, and the vocabulary they are filed under."""

from __future__ import annotations

import argparse
from collections import Counter
from typing import Any, Final

from swchina_dev.catalog import Dataset
from swchina_dev.catalog.labels import what_it_measures
from swchina_dev.cli.common import PROGRAM, add_command, add_formats, dataset, emit, place, shown
from swchina_dev.cli.output import Rows, print_csv, print_json, print_table
from swchina_dev.cli.rates import rate_plain, rate_short
from swchina_dev.conversion.restating import Restated, restate
from swchina_dev.files import csv_columns, csv_rows
from swchina_dev.models import Indicator, Status, Tag
from swchina_dev.serialization import unstructure
from swchina_dev.units import display_unit

__all__ = ["add_figure_commands"]

_METRIC_COLUMNS: Final = ("key", "name", "dimensionality", "additive", "needs_item", "figures")
_ITEM_COLUMNS: Final = ("key", "name", "name_zh", "kind", "figures")
_INDICATOR_COLUMNS: Final = (
    "id", "subject", "what", "value", "unit", "qualifier", "period", "status", "source",
)  # fmt: skip
# The columns `--unit`/`--currency` add to the CSV of indicators (which stays as stored).
_RESTATED_COLUMNS: Final = (
    "shown_value", "shown_unit", "shown_lower", "shown_upper", "rate", "rate_period",
)  # fmt: skip


def _indicators(arguments: argparse.Namespace) -> None:
    data = dataset(arguments)
    criteria: dict[str, Any] = {
        "within": arguments.within,
        "metric": arguments.metric,
        "item": arguments.item,
        "tag": arguments.tag,
        "status": arguments.status,
        "source": arguments.source,
        "period": arguments.year,
    }
    selected = list(data.query(**{key: value for key, value in criteria.items() if value}))
    asked = arguments.unit is not None or arguments.currency is not None
    restated = [
        restate(i.measure, i.period, unit=arguments.unit, currency=arguments.currency)
        if asked
        else Restated(i.measure)
        for i in selected
    ]
    if arguments.format == "json":
        plain = unstructure(selected)
        if asked:
            for record, found in zip(plain, restated, strict=True):
                record["shown"] = {
                    "measure": unstructure(found.measure),
                    "rate": None if found.rate is None else rate_plain(found.rate),
                }
        print_json(plain)
    elif arguments.format == "csv":
        columns, rows = csv_columns(Indicator), list(csv_rows(selected))
        if asked:
            columns = (*columns, *_RESTATED_COLUMNS)
            rows = [
                [*row, *_restated_cells(found)] for row, found in zip(rows, restated, strict=True)
            ]
        print_csv(rows, columns)
    elif arguments.format == "table":
        table = [
            _indicator_row(data, indicator, found)
            for indicator, found in zip(selected, restated, strict=True)
        ]
        print_table(table, (*_INDICATOR_COLUMNS, "rate") if asked else _INDICATOR_COLUMNS)
    else:
        for indicator, found in zip(selected, restated, strict=True):
            subject = data.get(indicator.subject_id)
            name = getattr(subject, "name", indicator.subject_id)
            label = data.label(indicator)
            if found.measure is not indicator.measure:
                figure = shown(found.measure, stated=indicator.measure)
                label = f"{what_it_measures(indicator, data)}: {figure}"
            at = "" if found.rate is None else f" at {rate_short(found.rate)}"
            print(f"{name}: {label} ({indicator.period}){at} [{indicator.source.publisher}]")


def _restated_cells(found: Restated) -> list[Any]:
    measure, rate = found.measure, found.rate
    return [
        measure.magnitude,
        measure.unit,
        measure.lower_magnitude,
        measure.upper_magnitude,
        None if rate is None else rate.value,
        None if rate is None else str(rate.period),
    ]


def _indicator_row(data: Dataset, indicator: Indicator, found: Restated) -> dict[str, Any]:
    measure = found.measure
    stated = None if measure is indicator.measure else indicator.measure
    return {
        "id": indicator.id,
        "subject": getattr(data.get(indicator.subject_id), "name", indicator.subject_id),
        "what": what_it_measures(indicator, data),
        "value": shown(measure, stated=stated, units="none"),
        "unit": display_unit(measure.unit),
        "qualifier": measure.qualifier.value,
        "period": str(indicator.period),
        "status": indicator.status.value,
        "source": indicator.source.id,
        "rate": "" if found.rate is None else rate_short(found.rate),
    }


def _matches(word: str | None, *texts: str) -> bool:
    """Whether a vocabulary entry holds the word searched for (any case), or none was given."""
    return word is None or any(word.casefold() in text.casefold() for text in texts if text)


def _metrics(arguments: argparse.Namespace) -> None:
    data = dataset(arguments)
    used = Counter(indicator.metric.key for indicator in data.indicators)
    rows: Rows = [
        {**unstructure(metric), "needs_item": metric.item_required, "figures": used[metric.key]}
        for metric in sorted(data.metrics, key=lambda metric: metric.key)
        if _matches(arguments.word, metric.key, metric.name, metric.description)
    ]
    emit(arguments, rows, _METRIC_COLUMNS, rows)


def _items(arguments: argparse.Namespace) -> None:
    data = dataset(arguments)
    used = Counter(indicator.item for indicator in data.indicators)
    rows: Rows = [
        {**unstructure(item), "figures": used[item.key]}
        for item in sorted(data.items, key=lambda item: item.key)
        if _matches(arguments.word, item.key, item.name, item.name_zh or "")
    ]
    emit(arguments, rows, _ITEM_COLUMNS, rows)


def add_figure_commands(commands: Any) -> None:
    """Add `indicators`, `metrics` and `items`."""
    indicators = add_command(
        commands, "indicators", _indicators, "list indicators with their sources"
    )
    indicators.add_argument(
        "--within", type=place, metavar="NAME", help="only what lies within this place (or is it)"
    )
    tags, statuses = [tag.value for tag in Tag], [status.value for status in Status]
    for option, help_text, choices in (
        (
            "--metric",
            f"a metric key (planted_area, output_value, ...): '{PROGRAM} metrics' lists them",
            None,
        ),
        ("--item", f"an item key (walnut, orange, ...): '{PROGRAM} items' lists them", None),
        ("--tag", f"a topic: {', '.join(tags)}", tags),
        ("--status", f"{', '.join(statuses)}", statuses),
        ("--source", "a source id", None),
    ):
        indicators.add_argument(
            option,
            action="append",
            choices=choices,
            metavar=option.removeprefix("--").upper(),
            help=f"{help_text}; repeat for any of several",
        )
    indicators.add_argument("--year", type=int, help="only values whose period overlaps the year")
    indicators.add_argument(
        "--unit",
        metavar="UNIT",
        help="show figures of this unit's dimension in it (hectare, km**2, tonne, 万元)",
    )
    indicators.add_argument(
        "--currency",
        metavar="CURRENCY",
        help="show money in this currency (USD, CNY), at the average rate of each figure's "
        "own period (the nearest covered one outside the bundled rates), which is shown",
    )
    add_formats(indicators, "text", "table", "json", "csv")

    metrics = add_command(
        commands,
        "metrics",
        _metrics,
        "list the metrics (what figures measure): the keys 'indicators --metric' takes",
    )
    metrics.add_argument(
        "word", nargs="?", help="only the metrics whose key, name or description holds it"
    )
    add_formats(metrics, "table", "json", "csv")
    items = add_command(
        commands,
        "items",
        _items,
        "list the items (what figures are measured of): the keys 'indicators --item' takes",
    )
    items.add_argument("word", nargs="?", help="only the items whose key or names hold it")
    add_formats(items, "table", "json", "csv")
