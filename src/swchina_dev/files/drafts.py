"""Drafts read from an article, written to review and load.

[write_drafts][swchina_dev.files.drafts.write_drafts] writes them.

A drafts folder holds

- `indicators.csv` (or `.json`): every draft whose subject and metric are known, as indicators
  in the library's own record format, citing the source;
- `sources.csv` (or `.json`): that source;
- `manifest.json`: what the library wrote there (so that a later write may replace it);
- `review.csv` (or `.json`): every draft, complete or not, one row each, with where it is in
  the text (offsets), what was read and guessed, the evidence (cue words, the names that chose
  the subject) and a confidence per field. Nothing longer than the figure's own phrase is
  quoted from the article. Text cells a spreadsheet would run as formulas start with an
  apostrophe (see `swchina_dev.files.csv_format`).

`read_dataset(folder, base=load())` loads the indicators (after review: edit, delete, or add
rows in `indicators.csv`; `review.csv` says what each guess rests on).

Examples:
    >>> import tempfile, pathlib
    >>> import swchina_dev as sw
    >>> from swchina_dev.files import read_dataset
    >>> drafts = sw.extract("Hechi has more than 170,000 people relocated.", date="2022-10-12")
    >>> folder = write_drafts(drafts, pathlib.Path(tempfile.mkdtemp()) / "drafts")
    >>> sorted(p.name for p in folder.iterdir())
    ['indicators.csv', 'manifest.json', 'review.csv', 'sources.csv']
    >>> mine = read_dataset(folder, base=sw.load())
    >>> complete = sum(d.is_complete(sw.load()) for d in drafts)
    >>> len(mine.indicators) - len(sw.load().indicators) == complete
    True
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any, Final

from swchina_dev.catalog import Dataset, load
from swchina_dev.errors import SwchinaDevError, ValidationError
from swchina_dev.extraction import Draft
from swchina_dev.files.atomic import replacing_folder
from swchina_dev.files.csv_format import escape_cell
from swchina_dev.files.datasets import PathLike, _as_path, write_manifest, write_records_to
from swchina_dev.models import Indicator, Source

__all__ = ["REVIEW_COLUMNS", "review_rows", "write_drafts"]

#: The columns of `review.csv`, in order.
REVIEW_COLUMNS: Final = (
    "id", "complete", "start", "end", "phrase", "sentence_start", "sentence_end",
    "value", "unit", "qualifier", "lower", "upper", "conversion",
    "subject_id", "subject_name", "subject_evidence", "subject_confidence",
    "period", "status", "period_cues", "period_confidence", "status_confidence",
    "metric", "item", "item_text", "breakdown", "scope", "metric_cues", "metric_confidence",
    "problem",
)  # fmt: skip


def review_rows(drafts: Iterable[Draft], dataset: Dataset) -> list[dict[str, Any]]:
    """One plain row per draft, as `review.csv` holds them (see `REVIEW_COLUMNS`)."""
    rows = []
    for draft in drafts:
        indicator, problem = _indicator(draft, dataset)
        measure = draft.measure
        rows.append(
            {
                "id": draft.id,
                "complete": indicator is not None,
                "start": draft.span[0],
                "end": draft.span[1],
                "phrase": draft.phrase,
                "sentence_start": draft.sentence_span[0],
                "sentence_end": draft.sentence_span[1],
                "value": measure.magnitude,
                "unit": measure.unit,
                "qualifier": measure.qualifier.value,
                "lower": measure.lower_magnitude,
                "upper": measure.upper_magnitude,
                "conversion": ""
                if draft.stated_conversion is None
                else str(draft.stated_conversion),
                "subject_id": draft.subject.id or "",
                "subject_name": draft.subject.name or "",
                "subject_evidence": " | ".join(draft.subject.evidence),
                "subject_confidence": draft.subject.confidence,
                "period": str(draft.period.period),
                "status": draft.period.status.value,
                "period_cues": " | ".join(draft.period.cues),
                "period_confidence": draft.period.confidence,
                "status_confidence": draft.period.status_confidence,
                "metric": draft.metric.metric or "",
                "item": draft.metric.item or "",
                "item_text": draft.metric.item_text or "",
                "breakdown": "|".join(draft.metric.breakdown),
                "scope": draft.metric.scope.value,
                "metric_cues": " | ".join(draft.metric.cues),
                "metric_confidence": draft.metric.confidence,
                "problem": problem,
            }
        )
    return rows


def _indicator(draft: Draft, dataset: Dataset) -> tuple[Indicator | None, str]:
    try:
        return draft.to_indicator(dataset), ""
    except SwchinaDevError as error:
        return None, str(error)


def write_drafts(
    drafts: Iterable[Draft],
    folder: PathLike,
    *,
    format: str = "csv",
    dataset: Dataset | None = None,
    overwrite: bool = False,
) -> Path:
    """Write drafts for review: the complete ones as loadable indicators, all in a review sheet.

    Args:
        drafts: What [extract][swchina_dev.extract] returned (of one source or several).
        folder: The folder to write (created if missing, else replaced as a whole, atomically:
            see `swchina_dev.files.atomic`).
        format: `"csv"` (for a spreadsheet) or `"json"`.
        dataset: Where the drafts' subjects and metrics are defined (default: the bundled
            data); the folder loads with `read_dataset(folder, base=dataset)`.
        overwrite: Replace a folder holding files the library did not write.

    Returns:
        The folder.

    Raises:
        ValidationError: The format is unknown, a draft is not a Draft, or `folder` is not a
            path.
        DataFileError: A file cannot be written (the previous folder is kept), or the folder
            holds files the library did not write and `overwrite` is false.
    """
    if format not in ("csv", "json"):
        raise ValidationError(f"unknown format {format!r}: use 'csv' or 'json'", field="format")
    target = _as_path(folder, "folder")
    items = list(drafts)
    for draft in items:
        if not isinstance(draft, Draft):
            raise ValidationError(
                f"write_drafts writes what extract returns, not {type(draft).__name__}",
                field="drafts",
            )
    dataset = load() if dataset is None else dataset
    rows = review_rows(items, dataset)
    indicators = [
        indicator for draft in items if (indicator := _indicator(draft, dataset)[0]) is not None
    ]
    sources: dict[str, Source] = {draft.source.id: draft.source for draft in items}
    new_sources = [source for key, source in sources.items() if key not in dataset.sources]
    files = {"indicators": f"indicators.{format}", "sources": f"sources.{format}"}
    review = f"review.{format}"
    text = _review_text(rows, format)
    with replacing_folder(target, overwrite=overwrite) as temporary:
        write_records_to(indicators, Indicator, temporary / files["indicators"], format)
        write_records_to(new_sources, Source, temporary / files["sources"], format)
        with (temporary / review).open("w", encoding="utf-8", newline="") as file:
            file.write(text)
        write_manifest(temporary, files, (review,), None)
    return target


def _cell(value: object) -> object:
    """A review cell: text escaped against spreadsheet formulas, numbers as they are."""
    if value is None:
        return ""
    return escape_cell(value) if isinstance(value, str) else value


def _review_text(rows: list[dict[str, Any]], format: str) -> str:
    if format == "json":
        return json.dumps(rows, ensure_ascii=False, indent=1, allow_nan=False) + "\n"
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=REVIEW_COLUMNS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})
    return buffer.getvalue()
