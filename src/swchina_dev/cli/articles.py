"""The commands that read and write files: `extract` (articles into drafts) and `export`."""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
from pathlib import Path
from typing import Any, Final

from swchina_dev.cli.common import PROGRAM, add_command, add_formats, dataset, emit, shown
from swchina_dev.cli.output import progress, working
from swchina_dev.errors import ValidationError
from swchina_dev.files import write_dataset

__all__ = ["add_file_commands"]

# A date written in a file name ("2025-01-23-bijie.txt"): the article's date when --date is not
# given. Fixed-width digits only, so the search is linear.
_NAME_DATE: Final = re.compile(r"(?<![0-9])([0-9]{4})-([0-9]{2})-([0-9]{2})(?![0-9])")
_EXTRACT_COLUMNS: Final = ("id", "figure", "measure", "subject", "period", "status", "metric",
                           "item")  # fmt: skip


def _articles(path: Path) -> list[Path]:
    """The article files: the one given, or every .txt file of the folder given, by name."""
    if path.is_dir():
        found = sorted(child for child in path.iterdir() if child.suffix == ".txt")
        if not found:
            raise ValidationError(f"no .txt files in the folder {path}")
        return found
    if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
        raise ValidationError(f"{path} is not a regular file")
    return [path]


def _article_date(given: str | None, path: Path) -> dt.date:
    """The date of an article: `--date`, or else one written in its file name."""
    if given is not None:
        try:
            return dt.date.fromisoformat(given)
        except ValueError:
            raise ValidationError(f"--date takes YYYY-MM-DD, not {given!r}") from None
    match = _NAME_DATE.search(path.stem)
    if match is not None:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    raise ValidationError(
        f"{path.name}: give the article's date with --date YYYY-MM-DD (or write it in the file "
        "name: 2025-01-23-bijie.txt)"
    )


def _extract(arguments: argparse.Namespace) -> None:
    from swchina_dev.extraction import extract
    from swchina_dev.files.drafts import review_rows, write_drafts
    from swchina_dev.models import Source

    paths = _articles(Path(arguments.article))
    data = dataset(arguments)
    several = len(paths) > 1
    drafts: list[Any] = []
    for path in progress(paths, f"reading {len(paths)} articles"):
        if path.exists() and not path.is_file():  # a FIFO or a device would block or never end
            raise ValidationError(f"{path} is not a regular file", field="article")
        try:
            text = path.read_text(encoding="utf-8")
        except UnicodeDecodeError:
            raise ValidationError(f"{path} is not UTF-8 text") from None
        date = _article_date(arguments.date, path)
        stem = _NAME_DATE.sub(" ", path.stem.lower())  # the date is in the id once, after it
        words = "".join(c if c.isalnum() and c.isascii() else " " for c in stem)
        slug = "-".join(words.split())
        source = Source(
            id=f"draft-{slug or 'article'}-{date.isoformat()}",
            publisher=arguments.publisher,
            title=(arguments.title if not several else None) or path.stem,
            date=date,
            kind="news_article",
            url=arguments.url if not several else None,
            note=f"Drafts read from the file {path.name} by '{PROGRAM} extract'; not yet reviewed.",
        )
        drafts += extract(text, date=date, source=source, dataset=data)
    rows = review_rows(drafts, data)
    if arguments.output is not None:
        files = "json" if arguments.format == "json" else "csv"
        folder = write_drafts(
            drafts, arguments.output, format=files, dataset=data, overwrite=arguments.overwrite
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
            # One article: its drafts' numbers; several: the whole ids, which name the article.
            "id": row["id"] if several else row["id"].rsplit("-", 1)[-1],
            "figure": row["phrase"],
            "measure": shown(draft.measure),
            "subject": row["subject_id"]
            or (f"? {row['subject_name']}" if row["subject_name"] else "?"),
            "period": row["period"],
            "status": row["status"],
            "metric": row["metric"] or "?",
            "item": row["item"] or row["item_text"],
        }
        for row, draft in zip(rows, drafts, strict=True)
    ]
    emit(arguments, table, _EXTRACT_COLUMNS, rows)


def _export(arguments: argparse.Namespace) -> None:
    data = dataset(arguments)
    path = Path(arguments.path)
    overwrite = arguments.overwrite
    with working(f"writing {path}"):
        if arguments.format in ("json", "csv"):
            written = write_dataset(data, path, format=arguments.format, overwrite=overwrite)
        elif arguments.format == "datapackage":
            from swchina_dev.tabular.datapackage import write_datapackage

            written = write_datapackage(data, path, overwrite=overwrite)
        elif arguments.format == "reference":
            from swchina_dev.tabular.reference import write_reference_tables

            write_reference_tables(path, dataset=data, overwrite=overwrite)
            written = path
        else:
            from swchina_dev.tabular.arrow import write_parquet_folder

            written = write_parquet_folder(data, path, overwrite=overwrite)
    print(f"wrote {written}")


def add_file_commands(commands: Any) -> None:
    """Add `extract` and `export`."""
    extract = add_command(
        commands,
        "extract",
        _extract,
        "read every figure of an article (or a folder of them) into draft indicators to "
        "review and load",
    )
    extract.add_argument(
        "article",
        metavar="ARTICLE",
        help="the article, a UTF-8 text file, or a folder: every .txt file in it",
    )
    extract.add_argument(
        "--date",
        metavar="YYYY-MM-DD",
        help="the article's date (default: a date in the file name, 2025-01-23-bijie.txt)",
    )
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
    add_formats(extract, "table", "json")

    export = add_command(commands, "export", _export, "write the data to files")
    export.add_argument(
        "path", help="the file (json) or folder (csv, parquet, datapackage, reference)"
    )
    export.add_argument(
        "--format",
        choices=["json", "csv", "parquet", "datapackage", "reference"],
        default="json",
        help="reference: the region tree, its ancestors, code changes, unit factors and "
        "rates as Parquet tables for DuckDB, Polars or Spark",
    )
    _overwrite_option(export)


def _overwrite_option(command: Any) -> None:
    """Add `--overwrite`: replace a folder holding files the library did not write."""
    command.add_argument(
        "--overwrite",
        action="store_true",
        help="replace the folder even if it holds files swchina-dev did not write",
    )
