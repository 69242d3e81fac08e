"""The `swchina-dev` command (also `python -m swchina_dev`): a thin front over the library.

Commands: `lookup`, `regions`, `indicators`, `convert`, `fx`, `audit`, `export` and `stats`
(among others);
`swchina-dev COMMAND --help` describes each. Listings print aligned tables for people and
`--format json` or `--format csv` for scripts; `--data PATH` adds your own data (a dataset
file or folder, see [read_dataset][swchina_dev.files.datasets.read_dataset]) to the bundled one.
Errors go to standard error with exit status 1 (2 for bad arguments).

Examples:
    >>> main(["lookup", "Bijie"])
    Bijie City (520500) in Guizhou Province < China
    kind: prefecture_level_city  hanzi: 毕节市  pinyin: Bìjié Shì
    0
    >>> main(["convert", "over 7,800 mu", "hectare"])
    at least 7,800 mu = at least 520 ha
    0
    >>> main(["convert", "500 mu", "hectare"])
    500 mu = about 33.3 ha
    0

What a person reads shows units and numbers readably
([display_unit][swchina_dev.units.display.display_unit] and
[format_measure][swchina_dev.format_measure]: `km²`, `CNY/month`, `33.3`, `522 billion`),
converted figures to about the precision stated; `--format json` and `--format csv` keep every
number and unit string exact, as stored.
"""

from __future__ import annotations

import argparse
import csv
import json
import math
import sys
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, Final

import attrs

from swchina_dev.catalog import (
    Dataset,
    code_timeline,
    find_former_names,
    load,
    recode,
    recode_column,
)
from swchina_dev.catalog.labels import what_it_measures
from swchina_dev.catalog.timeline import retirement
from swchina_dev.conversion.audit import audit_conversions
from swchina_dev.conversion.rates import convert_currency
from swchina_dev.errors import (
    AmbiguousNameError,
    ConversionError,
    SwchinaDevError,
    ValidationError,
)
from swchina_dev.files import csv_columns, csv_rows, read_csv_table, read_dataset, write_dataset
from swchina_dev.models import Indicator, Level, Measure, Region, Status, Tag
from swchina_dev.serialization import unstructure
from swchina_dev.text.quantities import format_for_people, parse_quantity
from swchina_dev.units import currency_of, display_unit, make_quantity

__all__ = ["main"]

PROGRAM: Final = "swchina-dev"
_REGION_COLUMNS: Final = ("code", "name", "name_zh", "level", "kind", "parent", "status")
_METRIC_COLUMNS: Final = ("key", "name", "dimensionality", "additive", "needs_item", "figures")
_ITEM_COLUMNS: Final = ("key", "name", "name_zh", "kind", "figures")
_HISTORY_COLUMNS: Final = (
    "code",
    "name_zh",
    "level",
    "status",
    "start_year",
    "end_year",
    "successors",
)
_RECODE_COLUMNS: Final = ("code", "from_year", "to_year", "relation", "targets", "names")
# The columns `recode FILE --column C` adds (prefixed with C and an underscore).
_RECODED_COLUMNS: Final = ("target", "relation", "targets", "target_name")
_INDICATOR_COLUMNS: Final = (
    "id",
    "subject",
    "what",
    "value",
    "unit",
    "qualifier",
    "period",
    "status",
    "source",
)
Rows = list[dict[str, Any]]


# -- output ----------------------------------------------------------------------------------------

_HOW_TO_PICK: Final = (
    "use its code or id (in brackets above), or narrow it: --within REGION, "
    "or a chain such as 'Sanhe, Zhaojue'"
)


def _width(text: str) -> int:
    # Hanzi and other wide characters take two columns of a terminal.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def _print_table(rows: Rows, columns: Sequence[str]) -> None:
    cells = [[_cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max([_width(column), *(_width(line[index]) for line in cells)])
        for index, column in enumerate(columns)
    ]
    for line in [list(columns), *cells]:
        padded = [
            text + " " * (width - _width(text)) for text, width in zip(line, widths, strict=True)
        ]
        print("  ".join(padded).rstrip())


def _print_json(data: Any) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))


def _print_csv(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([_cell(value) for value in row] for row in rows)


def _shown(measure: Any, stated: Measure | None = None, units: str = "symbols") -> str:
    """A measure as a person reads it; a figure computed from `stated` to about its precision."""
    if not isinstance(measure, Measure):
        return str(measure)
    return format_for_people(measure, precision_of=stated, units=units)


def _emit(arguments: argparse.Namespace, rows: Rows, columns: Sequence[str], plain: Any) -> None:
    """Print rows as a table (the default), or as JSON (`plain`) or CSV."""
    if arguments.format == "json":
        _print_json(plain)
    elif arguments.format == "csv":
        _print_csv(([row.get(column) for column in columns] for row in rows), columns)
    else:
        _print_table(rows, columns)


# -- commands --------------------------------------------------------------------------------------


def _dataset(arguments: argparse.Namespace) -> Dataset:
    if arguments.data is None:
        return load()
    return read_dataset(arguments.data, base=load())


def _lookup(arguments: argparse.Namespace) -> None:
    dataset = _dataset(arguments)
    try:
        entity = dataset.lookup(arguments.name, within=arguments.within)
    except AmbiguousNameError as error:  # say how to pick in this program's words
        raise AmbiguousNameError(
            error.what, candidates=error.candidates, hint=_HOW_TO_PICK
        ) from None
    if arguments.format == "json":
        _print_json({"type": type(entity).__name__, **unstructure(entity)})
        return
    print(dataset.describe(entity.id))
    if isinstance(entity, Region):
        print(f"kind: {entity.kind.value}  hanzi: {entity.name_zh}  pinyin: {entity.pinyin}")


def _metrics(arguments: argparse.Namespace) -> None:
    dataset = _dataset(arguments)
    used = Counter(indicator.metric.key for indicator in dataset.indicators)
    rows = [
        {
            **unstructure(metric),
            "needs_item": metric.item_required,
            "figures": used[metric.key],
        }
        for metric in sorted(dataset.metrics, key=lambda metric: metric.key)
    ]
    _emit(arguments, rows, _METRIC_COLUMNS, rows)


def _items(arguments: argparse.Namespace) -> None:
    dataset = _dataset(arguments)
    used = Counter(indicator.item for indicator in dataset.indicators)
    rows = [
        {**unstructure(item), "figures": used[item.key]}
        for item in sorted(dataset.items, key=lambda item: item.key)
    ]
    _emit(arguments, rows, _ITEM_COLUMNS, rows)


def _history(arguments: argparse.Namespace) -> None:
    given = arguments.code
    if given.isdigit():
        timelines = [code_timeline(given)]
    else:  # a name, maybe a former one: every code that bore it
        codes = dict.fromkeys(match.record.code for match in find_former_names(given))
        timelines = [code_timeline(code) for code in codes]
    plain = [
        {
            "code": timeline.code,
            "records": [attrs.asdict(record) for record in timeline.records],
            "events": [attrs.asdict(event) for event in timeline.events],
        }
        for timeline in timelines
    ]
    rows = [
        {**attrs.asdict(record), "successors": "|".join(record.successors)}
        for timeline in timelines
        for record in timeline.records
    ]
    if arguments.format != "table":
        _emit(arguments, rows, _HISTORY_COLUMNS, plain)
        return
    _print_table(rows, _HISTORY_COLUMNS)
    events = dict.fromkeys(event for timeline in timelines for event in timeline.events)
    if events:
        print("\nevents:")
        for event in sorted(events, key=lambda event: (event.year, event.date)):
            print(f"  {event.describe()}")


def _recode(arguments: argparse.Namespace) -> None:
    if arguments.column is not None:
        _recode_file(arguments)
        return
    if arguments.output is not None:
        raise ValidationError("-o/--output goes with FILE --column NAME", field="output")
    plain: list[dict[str, Any]] = []
    for code in arguments.code:
        found = recode(code, arguments.from_year, arguments.to_year)
        plain.append(
            {
                "code": found.code,
                "from_year": found.from_year,
                "to_year": found.to_year,
                "relation": found.relation,
                "targets": list(found.targets),
                "names": [record.name_zh for record in found.records],
                "events": [event.describe() for event in found.events],
            }
        )
    rows = [
        {**row, "targets": "|".join(row["targets"]), "names": "|".join(row["names"])}
        for row in plain
    ]
    _emit(arguments, rows, _RECODE_COLUMNS, plain)


def _recode_file(arguments: argparse.Namespace) -> None:
    """`recode FILE --column NAME`: the table with the recoded columns added, as CSV."""
    if len(arguments.code) != 1:
        raise ValidationError("--column goes with one FILE", field="column")
    header, rows = read_csv_table(arguments.code[0])
    if arguments.column not in header:
        raise ValidationError(
            f"no column {arguments.column!r} in {arguments.code[0]} (columns: {', '.join(header)})",
            field="column",
        )
    index = header.index(arguments.column)
    recoded = recode_column(
        [row[index].strip() for row in rows], arguments.from_year, arguments.to_year
    )
    added = [f"{arguments.column}_{arguments.to_year}_{name}" for name in _RECODED_COLUMNS]
    columns = [recoded.target, recoded.relation, recoded.targets, recoded.target_name]
    table = [[*row, *(column[number] for column in columns)] for number, row in enumerate(rows)]
    if arguments.output is None:
        _print_csv(table, [*header, *added])
        return
    with Path(arguments.output).open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow([*header, *added])
        writer.writerows([_cell(value) for value in row] for row in table)


def _status(code: str) -> str:
    """`retired 2021 -> 520581` for a retired code, else empty."""
    fate = retirement(code)
    if fate is None:
        return ""
    successors = ", ".join(record.code for record in fate.successors)
    return f"retired {fate.record.end_year}" + (f" -> {successors}" if successors else "")


def _regions(arguments: argparse.Namespace) -> None:
    dataset = _dataset(arguments)
    regions: Iterable[Region] = dataset.regions
    if arguments.within:
        regions = dataset.descendants(dataset.region(arguments.within))
    if arguments.level:
        regions = [region for region in regions if region.level.value == arguments.level]
    found = list(regions)
    rows = [{**unstructure(region), "status": _status(region.code)} for region in found]
    if arguments.format == "csv":
        _print_csv(csv_rows(found), csv_columns(Region))
        return
    _emit(arguments, rows, _REGION_COLUMNS, rows)


def _indicators(arguments: argparse.Namespace) -> None:
    dataset = _dataset(arguments)
    criteria: dict[str, Any] = {
        "within": arguments.within,
        "metric": arguments.metric,
        "item": arguments.item,
        "tag": arguments.tag,
        "status": arguments.status,
        "source": arguments.source,
        "period": arguments.year,
    }
    selected = dataset.query(**{key: value for key, value in criteria.items() if value})
    if arguments.format == "json":
        _print_json(unstructure(list(selected)))
    elif arguments.format == "csv":
        _print_csv(csv_rows(selected), csv_columns(Indicator))
    elif arguments.format == "table":
        _print_table([_indicator_row(dataset, i) for i in selected], _INDICATOR_COLUMNS)
    else:
        for indicator in selected:
            subject = dataset.get(indicator.subject_id)
            name = getattr(subject, "name", indicator.subject_id)
            print(
                f"{name}: {dataset.label(indicator)} ({indicator.period}) "
                f"[{indicator.source.publisher}]"
            )


def _indicator_row(dataset: Dataset, indicator: Indicator) -> dict[str, Any]:
    measure = indicator.measure
    return {
        "id": indicator.id,
        "subject": getattr(dataset.get(indicator.subject_id), "name", indicator.subject_id),
        "what": what_it_measures(indicator, dataset),
        "value": _shown(measure, units="none"),
        "unit": display_unit(measure.unit),
        "qualifier": measure.qualifier.value,
        "period": str(indicator.period),
        "status": indicator.status.value,
        "source": indicator.source.id,
    }


#: The figures `stats` shows (`--all`: every figure of the census).
_STATS_FIGURES: Final = (
    "population", "population_male", "population_female", "sex_ratio", "population_urban",
    "population_rural", "share_ethnic_minority", "family_households", "household_size",
    "share_age_0_14", "share_age_15_64", "share_age_65_plus", "population_age_65_plus",
    "mean_years_of_schooling", "population_college_or_higher", "illiteracy_rate",
    "floor_area_per_capita", "registered_population", "birth_rate", "death_rate",
)  # fmt: skip
_STATS_COLUMNS: Final = ("figure", "unit", "region", "province")


def _stats(arguments: argparse.Namespace) -> None:
    """`stats NAME`: a region's census profile beside its province's."""
    from swchina_dev.catalog.census import census_column, census_unit, census_value
    from swchina_dev.catalog.census_figures import FIGURES
    from swchina_dev.catalog.census_present import census_figures_on_present_code

    year = arguments.census
    dataset = _dataset(arguments)
    units: tuple[str, ...]
    if arguments.name.isdigit() and arguments.name in census_column("population", year):
        # A code of the census itself (522400 in 2010): its own row, and its province's then.
        code, title = arguments.name, f"{census_unit(arguments.name, year).name_zh}"
        units, relation = (code,), "a unit of the census"
        figures = {
            key: census_value(code, key, year) for key in FIGURES if year in FIGURES[key].years
        }
        province = code[:2] + "0000"
        beside = {key: census_value(province, key, year) for key in figures}
    else:
        region = dataset.lookup(arguments.name)
        if not isinstance(region, Region):
            raise ValidationError(f"{arguments.name!r} is not a region", field="name")
        basis, figures = census_figures_on_present_code(region.code, year)
        code, title, units, relation = region.code, region.name, basis.census_codes, basis.relation
        province = code[:2] + "0000"
        _, beside = census_figures_on_present_code(province, year)
    keys = [key for key in (FIGURES if arguments.all else _STATS_FIGURES) if key in figures]
    rows: Rows = [
        {
            "figure": key,
            "unit": display_unit(FIGURES[key].unit) if FIGURES[key].unit != "dimensionless" else "",
            "region": figures[key],
            "province": beside[key],
        }
        for key in keys
    ]
    if arguments.format == "json":
        _print_json({"code": code, "census": year, "census_units": list(units),
                     "province": province, "figures": rows})  # fmt: skip
        return
    if arguments.format == "table":
        shown = ", ".join(units)
        print(f"{title} ({code}), {year} census (units of {year}: {shown}; {relation}) "
              f"beside {dataset.regions[province].name}")  # fmt: skip
        source = dataset.sources[f"nbs-census-{year}"]
        rows = [{**row, "region": _figure_text(row["region"]),
                 "province": _figure_text(row["province"])} for row in rows]  # fmt: skip
        _print_table(rows, _STATS_COLUMNS)
        print(f"source: {source.publisher}, {source.title}; via leiii/census (MIT)")
        return
    _emit(arguments, rows, _STATS_COLUMNS, rows)


def _figure_text(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


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
                "--on with a date, a month (2025-01) or a year",
                field="on",
            ) from None
        conversion = convert_currency(
            measure, arguments.unit, arguments.on, nearest=arguments.nearest
        )
        rate = conversion.rate
        converted = conversion.value.to(arguments.unit)  # the rest of the unit: wan USD to USD
    if arguments.format == "json":
        result = {"stated": unstructure(measure), "converted": unstructure(converted)}
        _print_json(result | {"rate": None if rate is None else str(rate)})
        return
    print(f"{_shown(measure)} = {_shown(converted, stated=measure)}")
    if rate is not None:
        print(f"at {rate}")


def _fx(arguments: argparse.Namespace) -> None:
    stated = Measure(make_quantity(arguments.amount, arguments.base))
    result = convert_currency(stated, arguments.quote, arguments.on, nearest=arguments.nearest)
    rate = result.rate
    if arguments.format == "json":
        _print_json(
            {
                "stated": unstructure(stated),
                "converted": unstructure(result.value),
                "rate": {
                    "base": rate.base,
                    "quote": rate.quote,
                    "value": rate.value,
                    "period": str(rate.period),
                    "requested": str(rate.requested),
                    "substituted": rate.substituted,
                    "source": None if rate.source is None else rate.source.id,
                },
            }
        )
        return
    print(f"{_shown(stated)} = {_shown(result.value, stated=stated)}")
    print(f"at {rate}")
    if rate.source is not None:
        print(f"source: {rate.source.citation()}")


def _audit(arguments: argparse.Namespace) -> None:
    audits = audit_conversions(_dataset(arguments), arguments.tolerance)
    table = arguments.format == "table"
    show = _shown if table else str  # JSON and CSV keep the stated forms exact
    rows = [
        {
            "indicator": audit.indicator_id,
            "stated": show(audit.check.stated),
            "converted": show(audit.check.converted),
            "difference": f"{audit.check.relative_difference:+.2%}",
            "consistent": audit.check.consistent,
            "explanation": audit.check.explanation,
        }
        for audit in audits
        if not (arguments.inconsistent and audit.check.consistent)
    ]
    columns = ["indicator", "stated", "converted", "difference", "consistent"]
    if not table:
        columns.append("explanation")
    _emit(arguments, rows, columns, rows)


def _export(arguments: argparse.Namespace) -> None:
    dataset = _dataset(arguments)
    path = Path(arguments.path)
    overwrite = arguments.overwrite
    if arguments.format in ("json", "csv"):
        written = write_dataset(dataset, path, format=arguments.format, overwrite=overwrite)
    elif arguments.format == "datapackage":
        from swchina_dev.tabular.datapackage import write_datapackage

        written = write_datapackage(dataset, path, overwrite=overwrite)
    else:
        from swchina_dev.tabular.arrow import write_parquet_folder

        written = write_parquet_folder(dataset, path, overwrite=overwrite)
    print(f"wrote {written}")


def _extract(arguments: argparse.Namespace) -> None:
    from swchina_dev.extraction import extract
    from swchina_dev.files.drafts import review_rows, write_drafts
    from swchina_dev.models import Source

    path = Path(arguments.article)
    if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
        raise ValidationError(f"{path} is not a regular file", field="article")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ValidationError(f"{path} is not UTF-8 text", field="article") from None
    dataset = _dataset(arguments)
    date = _article_date(arguments.date)
    slug = "-".join(
        part
        for part in "".join(
            c if c.isalnum() and c.isascii() else " " for c in path.stem.lower()
        ).split()
    )
    source = Source(
        id=f"draft-{slug or 'article'}-{date.isoformat()}",
        publisher=arguments.publisher,
        title=arguments.title or path.stem,
        date=date,
        kind="news_article",
        url=arguments.url,
        note=f"Drafts read from the file {path.name} by '{PROGRAM} extract'; not yet reviewed.",
    )
    drafts = extract(text, date=date, source=source, dataset=dataset)
    rows = review_rows(drafts, dataset)
    if arguments.output is not None:
        files = "json" if arguments.format == "json" else "csv"
        folder = write_drafts(
            drafts, arguments.output, format=files, dataset=dataset, overwrite=arguments.overwrite
        )
        complete = sum(row["complete"] for row in rows)
        print(
            f"wrote {len(rows)} drafts to {folder} ({complete} complete, loadable with "
            f"--data {folder}; {len(rows) - complete} need a subject or metric: see review."
            f"{files})",
            file=sys.stderr,
        )
    table = [
        {
            "id": row["id"].rsplit("-", 1)[-1],
            "figure": row["phrase"],
            "measure": _shown(draft.measure),
            "subject": row["subject_id"]
            or (f"? {row['subject_name']}" if row["subject_name"] else "?"),
            "period": row["period"],
            "status": row["status"],
            "metric": row["metric"] or "?",
            "item": row["item"] or row["item_text"],
        }
        for row, draft in zip(rows, drafts, strict=True)
    ]
    columns = ["id", "figure", "measure", "subject", "period", "status", "metric", "item"]
    _emit(arguments, table, columns, rows)


def _article_date(text: str) -> Any:
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValidationError(f"--date takes YYYY-MM-DD, not {text!r}", field="date") from None


# -- arguments -------------------------------------------------------------------------------------


def _formats(parser: argparse.ArgumentParser, *choices: str) -> None:
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )


def _command(
    commands: Any, name: str, run: Callable[[argparse.Namespace], None], text: str
) -> argparse.ArgumentParser:
    parser: argparse.ArgumentParser = commands.add_parser(name, help=text, description=text)
    parser.set_defaults(run=run)
    return parser


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Typed, citable data about Southwest China's development.",
        epilog=f"'{PROGRAM} COMMAND --help' describes a command.",
    )
    _add_global_options(parser)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for add_command in (
        _add_lookup,
        _add_regions,
        _add_indicators,
        _add_vocabulary,
        _add_history,
        _add_convert,
        _add_fx,
        _add_audit,
        _add_export,
        _add_stats,
        _add_extract,
    ):
        add_command(commands)
    return parser


def _add_global_options(parser: argparse.ArgumentParser) -> None:
    """Add the options every command takes: `--data` and `--version`."""
    parser.add_argument(
        "--data",
        metavar="PATH",
        help="your own data (a dataset .json file or a folder of CSV files) added to the bundled",
    )
    from swchina_dev import __version__

    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")


def _add_lookup(commands: Any) -> None:
    """Add the `lookup` command."""
    lookup = _command(commands, "lookup", _lookup, "find a region, zone, enterprise or grouping")
    lookup.add_argument(
        "name",
        help="a code, id or name (English, pinyin or hanzi), or a chain innermost first: "
        "'Huawu village, Xinren Miao township, Qianxi'",
    )
    lookup.add_argument(
        "--within",
        type=_place,
        metavar="REGION",
        help="only places inside this region (a code or a name)",
    )
    _formats(lookup, "text", "json")


def _add_regions(commands: Any) -> None:
    """Add the `regions` command."""
    regions = _command(commands, "regions", _regions, "list regions")
    regions.add_argument(
        "--within", type=_place, metavar="NAME", help="only the regions below this one"
    )
    regions.add_argument("--level", choices=[level.value for level in Level])
    _formats(regions, "table", "json", "csv")


def _add_indicators(commands: Any) -> None:
    """Add the `indicators` command."""
    indicators = _command(commands, "indicators", _indicators, "list indicators with their sources")
    indicators.add_argument(
        "--within", type=_place, metavar="NAME", help="only what lies within this place (or is it)"
    )
    tags, statuses = [tag.value for tag in Tag], [status.value for status in Status]
    for option, help_text, choices in (
        ("--metric", f"a metric key (planted_area, ...; '{PROGRAM} metrics' lists them)", None),
        ("--item", f"an item key (walnut, ...; '{PROGRAM} items' lists them)", None),
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
    _formats(indicators, "text", "table", "json", "csv")


def _add_vocabulary(commands: Any) -> None:
    """Add the `metrics` and `items` commands: the vocabulary figures are filed under."""
    metrics = _command(commands, "metrics", _metrics, "list the metrics: what figures measure")
    _formats(metrics, "table", "json", "csv")
    items = _command(commands, "items", _items, "list the items: what figures are measured of")
    _formats(items, "table", "json", "csv")


def _add_history(commands: Any) -> None:
    """Add the `history` and `recode` commands: division codes over time."""
    history = _command(
        commands,
        "history",
        _history,
        "the records and change events of a county-level or higher code since 1981",
    )
    history.add_argument(
        "code",
        metavar="CODE_OR_NAME",
        help="a six-digit division code (520522) or a name in hanzi, maybe a former one (毕节地区)",
    )
    _formats(history, "table", "json", "csv")
    recode = _command(commands, "recode", _recode, "the codes of a later year for codes or a file")
    recode.add_argument(
        "code",
        nargs="+",
        metavar="CODE_OR_FILE",
        help="six-digit division codes of --from's year, or with --column one CSV file",
    )
    recode.add_argument("--from", dest="from_year", type=int, required=True, metavar="YEAR")
    recode.add_argument("--to", dest="to_year", type=int, required=True, metavar="YEAR")
    recode.add_argument(
        "--column",
        metavar="NAME",
        help="recode this column of the CSV file: the table is written with four columns "
        "added (NAME_TO_target, _relation, _targets, _target_name); a split has no target",
    )
    recode.add_argument("-o", "--output", metavar="OUT", help="write the table here (CSV)")
    _formats(recode, "table", "json", "csv")


def _add_convert(commands: Any) -> None:
    """Add the `convert` command."""
    convert = _command(
        commands, "convert", _convert, 'convert a quantity phrase ("7,800 mu") to another unit'
    )
    convert.add_argument("quantity", help='a quantity phrase: "over 7,800 mu", "3.7 wan yuan"')
    convert.add_argument("unit", help="the unit wanted: hectare, tonne, USD, ...")
    convert.add_argument("--on", help="for money in another currency: the date, month or year")
    convert.add_argument("--nearest", action="store_true", help="use the nearest covered rate")
    _formats(convert, "text", "json")


def _add_fx(commands: Any) -> None:
    """Add the `fx` command."""
    fx = _command(commands, "fx", _fx, "convert money at the average rate of a period")
    fx.add_argument("amount", type=_amount, help="the amount (100000000, 1e8)")
    fx.add_argument("base", help="its currency: CNY, USD, yuan, dollar")
    fx.add_argument("quote", help="the currency wanted")
    fx.add_argument("--on", required=True, help="the date, month (2025-01) or year of the rate")
    fx.add_argument("--nearest", action="store_true", help="use the nearest covered rate")
    _formats(fx, "text", "json")


def _add_audit(commands: Any) -> None:
    """Add the `audit` command."""
    audit = _command(commands, "audit", _audit, "check the sources' own conversions")
    audit.add_argument("--tolerance", type=float, default=0.02, help="default 0.02 (2%%)")
    audit.add_argument("--inconsistent", action="store_true", help="only the inconsistent ones")
    _formats(audit, "table", "json", "csv")


def _add_export(commands: Any) -> None:
    """Add the `export` command."""
    export = _command(commands, "export", _export, "write the data to files")
    export.add_argument("path", help="the file (json) or folder (csv, parquet, datapackage)")
    export.add_argument(
        "--format", choices=["json", "csv", "parquet", "datapackage"], default="json"
    )
    _overwrite_option(export)


def _overwrite_option(command: Any) -> None:
    """Add `--overwrite`: replace a folder holding files the library did not write."""
    command.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the folder even if it holds files swchina-dev did not write",
    )


def _add_extract(commands: Any) -> None:
    """Add the `extract` command: an article's figures as drafts to review and load."""
    extract = _command(
        commands,
        "extract",
        _extract,
        "read every figure of an article into draft indicators to review and load",
    )
    extract.add_argument("article", metavar="ARTICLE", help="the article, a UTF-8 text file")
    extract.add_argument("--date", required=True, metavar="YYYY-MM-DD", help="the article's date")
    extract.add_argument("--publisher", default="unknown publisher", help="who published it")
    extract.add_argument("--title", help="its headline (default: the file name)")
    extract.add_argument("--url", help="where it was published")
    extract.add_argument(
        "-o",
        "--output",
        metavar="FOLDER",
        help="write the drafts there (indicators, sources and a review sheet: CSV, or JSON "
        "with --format json); load them with --data FOLDER",
    )
    _overwrite_option(extract)
    _formats(extract, "table", "json")


def _add_stats(commands: Any) -> None:
    """Add the `stats` command: a region's census figures beside its province's."""
    stats = _command(
        commands, "stats", _stats, "a region's census profile (2010 or 2020) beside its province"
    )
    stats.add_argument(
        "name",
        help="a province, prefecture or county: a name, a present code, or a code of the census",
    )
    stats.add_argument("--census", type=int, choices=(2010, 2020), default=2020)
    stats.add_argument(
        "--all", action="store_true", help="every figure (by age group and sex, ...)"
    )
    _formats(stats, "table", "json", "csv")


def _amount(text: str) -> int | float:
    digits = text.replace(",", "").replace("_", "")
    try:
        number: int | float = int(digits) if digits.lstrip("+-").isdigit() else float(digits)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"not a finite number: {text!r}")
    return number


def _printable_output() -> None:
    """Let stdout and stderr print hanzi in any encoding (escaped where it has none).

    With `PYTHONIOENCODING=ascii` or a Latin-1 console, printing a name would otherwise end
    in a UnicodeEncodeError traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if not encoding.startswith(("utf", "gb", "big5")) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def _place(text: str) -> str:
    """A `--within` place: a code or a name, never empty (which would mean everything)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("name a place (a code or a name), not an empty text")
    return text


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: `sys.argv[1:]`).

    Returns:
        The exit status: 0 on success, 1 when the library reports an error (on stderr), 2 for
        bad arguments (argparse's usage message, on stderr).
    """
    _printable_output()
    try:
        arguments = _parser().parse_args(argv)
    except SystemExit as exit:  # --help, --version, or bad arguments
        return exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 2
    try:
        arguments.run(arguments)
    except SwchinaDevError as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return 1
    except OSError as error:
        if isinstance(error, BrokenPipeError):  # output piped into `head` and closed early
            sys.stderr.close()
            return 0
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return 1
    return 0
