"""The commands about places: `lookup`, `regions`, `history`, `recode` and `stats`."""

from __future__ import annotations

import argparse
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

import attrs

from swchina_dev.catalog import code_timeline, find_former_names, recode, recode_column
from swchina_dev.catalog.timeline import retirement
from swchina_dev.cli.common import add_command, add_formats, dataset, emit, place
from swchina_dev.cli.output import Rows, print_csv, print_json, print_table, progress
from swchina_dev.errors import ValidationError
from swchina_dev.files import csv_columns, csv_rows, read_csv_table
from swchina_dev.models import Level, Region
from swchina_dev.serialization import unstructure
from swchina_dev.units import display_unit

__all__ = ["add_place_commands"]

_REGION_COLUMNS: Final = ("code", "name", "name_zh", "level", "kind", "parent", "status")
_HISTORY_COLUMNS: Final = (
    "code", "name_zh", "level", "status", "start_year", "end_year", "successors",
)  # fmt: skip
_RECODE_COLUMNS: Final = ("code", "from_year", "to_year", "relation", "targets", "names")
# The columns `recode FILE --column C` adds (prefixed with C and an underscore).
_RECODED_COLUMNS: Final = ("target", "relation", "targets", "target_name")
# Rows recoded at a time: a large file shows its progress batch by batch.
_BATCH: Final = 50_000


def _status(code: str) -> str:
    """`retired 2021 -> 520581` for a retired code, else empty."""
    fate = retirement(code)
    if fate is None:
        return ""
    successors = ", ".join(record.code for record in fate.successors)
    return f"retired {fate.record.end_year}" + (f" -> {successors}" if successors else "")


def _lookup(arguments: argparse.Namespace) -> None:
    data = dataset(arguments)
    entity = data.lookup(arguments.name, within=arguments.within)
    status = _status(entity.code) if isinstance(entity, Region) else ""
    if arguments.format == "json":
        print_json({"type": type(entity).__name__, **unstructure(entity), "status": status})
        return
    print(data.describe(entity.id))
    if isinstance(entity, Region):
        print(f"kind: {entity.kind.value}  hanzi: {entity.name_zh}  pinyin: {entity.pinyin}")
    if status:
        print(f"status: {status}")


def _regions(arguments: argparse.Namespace) -> None:
    data = dataset(arguments)
    regions: Iterable[Region] = data.regions
    if arguments.within:
        regions = data.descendants(data.region(arguments.within))
    if arguments.level:
        regions = [region for region in regions if region.level.value == arguments.level]
    found = list(regions)
    if arguments.format == "csv":
        print_csv(csv_rows(found), csv_columns(Region))
        return
    rows = [{**unstructure(region), "status": _status(region.code)} for region in found]
    emit(arguments, rows, _REGION_COLUMNS, rows)


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
        emit(arguments, rows, _HISTORY_COLUMNS, plain)
        return
    print_table(rows, _HISTORY_COLUMNS)
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
        raise ValidationError("-o/--output goes with FILE --column NAME")
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
    emit(arguments, rows, _RECODE_COLUMNS, plain)


def _recode_file(arguments: argparse.Namespace) -> None:
    """`recode FILE --column NAME`: the table with the recoded columns added, as CSV."""
    if len(arguments.code) != 1:
        raise ValidationError("--column goes with one FILE")
    header, rows = read_csv_table(arguments.code[0])
    if arguments.column not in header:
        raise ValidationError(
            f"no column {arguments.column!r} in {arguments.code[0]} (columns: {', '.join(header)})"
        )
    index = header.index(arguments.column)
    added = [f"{arguments.column}_{arguments.to_year}_{name}" for name in _RECODED_COLUMNS]
    table: list[list[Any]] = []
    batches = [rows[start : start + _BATCH] for start in range(0, len(rows), _BATCH)]
    for batch in progress(batches, f"recoding {len(rows):,} rows"):
        recoded = recode_column(
            [row[index].strip() for row in batch], arguments.from_year, arguments.to_year
        )
        columns = [recoded.target, recoded.relation, recoded.targets, recoded.target_name]
        table += [
            [*row, *(column[number] for column in columns)] for number, row in enumerate(batch)
        ]
    if arguments.output is None:
        print_csv(table, [*header, *added])
        return
    with Path(arguments.output).open("w", encoding="utf-8", newline="") as handle:
        print_csv(table, [*header, *added], stream=handle)


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
    data = dataset(arguments)
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
        region = data.lookup(arguments.name)
        if not isinstance(region, Region):
            raise ValidationError(f"{arguments.name!r} is not a region")
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
        print_json({"code": code, "census": year, "census_units": list(units),
                    "province": province, "figures": rows})  # fmt: skip
        return
    if arguments.format == "table":
        shown = ", ".join(units)
        print(f"{title} ({code}), {year} census (units of {year}: {shown}; {relation}) "
              f"beside {data.regions[province].name}")  # fmt: skip
        source = data.sources[f"nbs-census-{year}"]
        rows = [{**row, "region": _figure_text(row["region"]),
                 "province": _figure_text(row["province"])} for row in rows]  # fmt: skip
        print_table(rows, _STATS_COLUMNS)
        print(f"source: {source.publisher}, {source.title}; via leiii/census (MIT)")
        return
    emit(arguments, rows, _STATS_COLUMNS, rows)


def _figure_text(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def add_place_commands(commands: Any) -> None:
    """Add `lookup`, `regions`, `history`, `recode` and `stats`."""
    lookup = add_command(commands, "lookup", _lookup, "find a region, zone, enterprise or grouping")
    lookup.add_argument(
        "name",
        help="a code, id or name (English, pinyin or hanzi), or a chain innermost first: "
        "'Huawu village, Xinren Miao township, Qianxi'",
    )
    lookup.add_argument(
        "--within",
        type=place,
        metavar="REGION",
        help="only places inside this region (a code or a name)",
    )
    add_formats(lookup, "text", "json")

    regions = add_command(
        commands, "regions", _regions, "list regions (retired codes marked in the status column)"
    )
    regions.add_argument(
        "--within", type=place, metavar="NAME", help="only the regions below this one"
    )
    regions.add_argument("--level", choices=[level.value for level in Level])
    add_formats(regions, "table", "json", "csv")

    history = add_command(
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
    add_formats(history, "table", "json", "csv")

    recoding = add_command(
        commands, "recode", _recode, "the codes of a later year for codes or a file"
    )
    recoding.add_argument(
        "code",
        nargs="+",
        metavar="CODE_OR_FILE",
        help="six-digit division codes of --from's year, or with --column one CSV file",
    )
    recoding.add_argument("--from", dest="from_year", type=int, required=True, metavar="YEAR")
    recoding.add_argument("--to", dest="to_year", type=int, required=True, metavar="YEAR")
    recoding.add_argument(
        "--column",
        metavar="NAME",
        help="recode this column of the CSV file: the table is written with four columns "
        "added (NAME_TO_target, _relation, _targets, _target_name); a split has no target",
    )
    recoding.add_argument("-o", "--output", metavar="OUT", help="write the table here (CSV)")
    add_formats(recoding, "table", "json", "csv")

    stats = add_command(
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
    add_formats(stats, "table", "json", "csv")
