"""What the command line prints: tables that fit the terminal, JSON, CSV, and progress.

Tables are drawn by rich: on a terminal they fit its width (long text columns wrap, codes and
ids stay whole) and their headers are bold; written to a pipe or a file they are plain text, one
line a row and never wrapped, so that `grep` and `head` see whole rows. `--format json` and
`--format csv` never pass through rich: no markup, no wrapping. Progress bars go to standard
error, and only when it is a terminal.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import sys
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Final, TypeVar

T = TypeVar("T")
Rows = list[dict[str, Any]]

__all__ = [
    "Rows",
    "cell",
    "print_csv",
    "print_json",
    "print_table",
    "progress",
    "terminal_width",
    "working",
]

# Columns kept whole on a narrow terminal: codes, ids, keys, numbers and periods; every other
# column (names, labels, explanations) wraps, down to `_NARROWEST` characters.
_WHOLE_COLUMNS: Final = frozenset(
    {"code", "id", "indicator", "key", "parent", "period", "value", "from_year", "to_year",
     "start_year", "end_year", "targets", "difference", "consistent", "figures", "census",
     "region", "province"}
)  # fmt: skip
_NARROWEST: Final = 6
# Written to a pipe or a file: as wide as the rows are.
_UNLIMITED: Final = 1_000_000


def terminal_width() -> int | None:
    """The width to fit tables to: the terminal's, or None when standard output is not one."""
    stream = sys.stdout
    try:
        if not stream.isatty():
            return None
    except (AttributeError, ValueError):  # closed or replaced by something without isatty
        return None
    import shutil

    return shutil.get_terminal_size().columns


def cell(value: Any) -> str:
    """One value as table or CSV text: lists joined, booleans as yes/no, None empty."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(map(str, value))
    return str(value)


def _text_width(text: str) -> int:
    # Hanzi and other wide characters take two columns.
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _print_plain(rows: Rows, columns: Sequence[str]) -> None:
    """Print aligned plain lines for a pipe or a file: one a row, never wrapped.

    Fast, too: rich lays out 10,000 rows in seconds, and a pipe needs no layout.
    """
    cells = [[cell(row.get(column)) for column in columns] for row in rows]
    widths = [
        max([_text_width(column), *(_text_width(line[index]) for line in cells)])
        for index, column in enumerate(columns)
    ]
    out = sys.stdout
    for line in [list(columns), *cells]:
        padded = [
            text + " " * (width - _text_width(text))
            for text, width in zip(line, widths, strict=True)
        ]
        out.write("  ".join(padded).rstrip() + "\n")


def print_table(rows: Rows, columns: Sequence[str]) -> None:
    """Print rows as an aligned table, fitted to the terminal (see the module documentation)."""
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    width = terminal_width()
    if width is None:
        _print_plain(rows, columns)
        return
    table = Table(
        box=None,
        pad_edge=False,
        padding=(0, 1),
        show_edge=False,
        header_style="bold" if width else "",
    )
    for column in columns:
        if column in _WHOLE_COLUMNS:
            table.add_column(column, no_wrap=True)
        else:
            table.add_column(column, overflow="fold", min_width=_NARROWEST)
    for row in rows:
        # Text, not markup: a value such as "[area]" is data, not a style.
        table.add_row(*(Text(cell(row.get(column))) for column in columns))
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or _UNLIMITED,
        highlight=False,
        color_system="auto" if width else None,
        force_terminal=bool(width),
        emoji=False,
        markup=False,
    )
    console.print(table)
    sys.stdout.write("".join(line.rstrip() + "\n" for line in buffer.getvalue().splitlines()))


def print_json(data: Any) -> None:
    """Print data as JSON (UTF-8 text, indented; no NaN)."""
    print(json.dumps(data, ensure_ascii=False, indent=2, allow_nan=False))


def print_csv(rows: Iterable[Sequence[Any]], columns: Sequence[str], stream: Any = None) -> None:
    """Write rows as CSV with a header (to standard output unless `stream` is given)."""
    writer = csv.writer(sys.stdout if stream is None else stream, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows([cell(value) for value in row] for row in rows)


def _stderr_is_a_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


def progress(items: Sequence[T], description: str) -> Iterator[T]:
    """Yield `items`, drawing a progress bar on standard error when it is a terminal."""
    if not _stderr_is_a_terminal() or len(items) < 2:
        yield from items
        return
    from rich.console import Console
    from rich.progress import Progress

    with Progress(console=Console(file=sys.stderr), transient=True) as bar:
        task = bar.add_task(description, total=len(items))
        for item in items:
            yield item
            bar.advance(task)


@contextlib.contextmanager
def working(description: str) -> Iterator[None]:
    """Show a spinner on standard error (when it is a terminal) while a long step runs."""
    if not _stderr_is_a_terminal():
        yield
        return
    from rich.console import Console

    with Console(file=sys.stderr).status(description):
        yield
