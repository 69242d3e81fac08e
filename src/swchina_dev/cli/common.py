"""What every command shares: its name, the data it reads, and how it prints rows."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from typing import Any, Final

from swchina_dev.catalog import Dataset, load
from swchina_dev.cli.output import Rows, print_csv, print_json, print_table
from swchina_dev.files import read_dataset
from swchina_dev.models import Measure
from swchina_dev.text.quantities import format_for_people

__all__ = [
    "PROGRAM",
    "add_command",
    "add_data_option",
    "add_formats",
    "dataset",
    "emit",
    "place",
    "shown",
]

PROGRAM: Final = "swchina-dev"


def place(text: str) -> str:
    """A `--within` place: a code or a name, never empty (which would mean everything)."""
    if not text.strip():
        raise argparse.ArgumentTypeError("name a place (a code or a name), not an empty text")
    return text


def dataset(arguments: argparse.Namespace) -> Dataset:
    """The bundled dataset, with the user's own (`--data PATH`) added when given."""
    if arguments.data is None:
        return load()
    limit = getattr(arguments, "data_limit", _DEFAULT_LIMIT)
    if limit is _DEFAULT_LIMIT:
        return read_dataset(arguments.data, base=load())
    return read_dataset(arguments.data, base=load(), max_bytes=limit)


# `--data-limit` not given: the library's default limit (not text: argparse would parse it).
_DEFAULT_LIMIT: Final[Any] = object()


def data_limit(text: str) -> int | None:
    """A `--data-limit`: a whole number of MiB, or `none` for no limit."""
    if text.strip().lower() == "none":
        return None
    try:
        mebibytes = int(text)
    except ValueError:
        mebibytes = -1
    if mebibytes < 0:
        raise argparse.ArgumentTypeError(
            f"a whole number of MiB (256 by default) or none, not {text!r:.40}"
        )
    return mebibytes * 1024 * 1024


def shown(measure: Any, stated: Measure | None = None, units: str = "symbols") -> str:
    """A measure as a person reads it; a figure computed from `stated` to about its precision."""
    if not isinstance(measure, Measure):
        return str(measure)
    return format_for_people(measure, precision_of=stated, units=units)


def emit(arguments: argparse.Namespace, rows: Rows, columns: Sequence[str], plain: Any) -> None:
    """Print rows as a table (the default), or as JSON (`plain`) or CSV."""
    if arguments.format == "json":
        print_json(plain)
    elif arguments.format == "csv":
        print_csv(([row.get(column) for column in columns] for row in rows), columns)
    else:
        print_table(rows, columns)


def add_formats(parser: argparse.ArgumentParser, *choices: str) -> None:
    """Add `--format` with these choices, the first the default."""
    parser.add_argument(
        "--format",
        choices=choices,
        default=choices[0],
        help=f"output format (default: {choices[0]})",
    )


def add_data_option(parser: argparse.ArgumentParser, default: Any) -> None:
    """Add `--data`: to the program (default None) and to each command (not overriding it)."""
    parser.add_argument(
        "--data",
        metavar="PATH",
        default=default,
        help="your own data (a dataset .json file or a folder of CSV files) added to the "
        "bundled data; before or after the command",
    )
    parser.add_argument(
        "--data-limit",
        metavar="MIB",
        type=data_limit,
        default=_DEFAULT_LIMIT if default is None else default,
        help="the largest --data file read, in MiB (default 256), or none for no limit: "
        "for large files you trust",
    )


def add_command(
    commands: Any, name: str, run: Callable[[argparse.Namespace], None], text: str
) -> argparse.ArgumentParser:
    """Add a command: its parser, with `--data` after the command name too."""
    parser: argparse.ArgumentParser = commands.add_parser(name, help=text, description=text)
    parser.set_defaults(run=run)
    add_data_option(parser, argparse.SUPPRESS)
    return parser
