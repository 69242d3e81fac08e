"""The column reader accepts exactly what the object readers accept, and reads what they read.

Each file is read both ways: `read_parquet` or `read_records` (an object a row) and
`read_indicator_columns` (column-wise). Valid files and files with rules broken (one edit a
row, or several, chosen by hypothesis) must give the same indicators or the same problems.
"""

from __future__ import annotations

import csv
import math
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swchina_dev as sw
from swchina_dev.errors import InvalidFileError, ValidationError
from swchina_dev.files import read_records, write_dataset
from swchina_dev.files.structuring import MAX_PROBLEMS

pa = pytest.importorskip("pyarrow")
pq = pytest.importorskip("pyarrow.parquet")

from swchina_dev.tabular.arrow import read_parquet, write_parquet  # noqa: E402
from swchina_dev.tabular.indicator_columns import (  # noqa: E402
    COLUMNS,
    indicators_from_columns,
    read_indicator_columns,
)

Row = dict[str, Any]
Edit = Callable[[Row, list[Row]], None]


@pytest.fixture(scope="module")
def bundled() -> sw.Dataset:
    return sw.load()


@pytest.fixture(scope="module")
def parquet_rows(bundled: sw.Dataset, tmp_path_factory: pytest.TempPathFactory) -> Any:
    path = write_parquet(bundled, tmp_path_factory.mktemp("p") / "indicators.parquet")
    return pq.read_table(path)


@pytest.fixture(scope="module")
def csv_folder(bundled: sw.Dataset, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_dataset(bundled, tmp_path_factory.mktemp("c") / "data", format="csv")


def _outcome(read: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "read", tuple(read())
    except InvalidFileError as error:
        return "refused", list(error.problems)


def _both_parquet(path: Path) -> tuple[tuple[str, Any], tuple[str, Any]]:
    objects = _outcome(lambda: read_parquet(path, sw.Indicator))
    columns = _outcome(lambda: indicators_from_columns(read_indicator_columns(path)))
    return objects, columns


def _both_csv(path: Path, bundled: sw.Dataset) -> tuple[tuple[str, Any], tuple[str, Any]]:
    objects = _outcome(lambda: read_records(path, sw.Indicator, bundled))
    columns = _outcome(
        lambda: indicators_from_columns(read_indicator_columns(path, dataset=bundled))
    )
    return objects, columns


def _first(rows: list[Row], test: Callable[[Row], bool]) -> Row:
    return next(row for row in rows if test(row))


# -- edits of a Parquet row (plain values, as pyarrow's to_pylist gives them) ------------------


def _set(**values: Any) -> Edit:
    def edit(row: Row, rows: list[Row]) -> None:
        row.update(values)

    return edit


def _duplicate_id(row: Row, rows: list[Row]) -> None:
    row["id"] = rows[0]["id"]


def _negative(row: Row, rows: list[Row]) -> None:
    row.update(magnitude=-5.0, lower=None, upper=None, exact_values=None)


def _bound_placed(row: Row, rows: list[Row]) -> None:
    row.update(upper=row["magnitude"], lower=None, exact_values=None, qualifier="at_least")


def _upside_down(row: Row, rows: list[Row]) -> None:
    row.update(qualifier="range", lower=10.0, upper=5.0, magnitude=7.5, exact_values=None)


def _range_bound_missing(row: Row, rows: list[Row]) -> None:
    row.update(qualifier="range", lower=None, upper=5.0, exact_values=None)


def _off_midpoint(row: Row, rows: list[Row]) -> None:
    row.update(qualifier="range", lower=4.0, upper=6.0, magnitude=5.5, exact_values=None)


def _near_bound(row: Row, rows: list[Row]) -> None:
    value = 1000.0
    row.update(qualifier="exact", magnitude=value, lower=value * (1 + 1e-12), upper=value)
    row["exact_values"] = None


def _wrong_dimension(row: Row, rows: list[Row]) -> None:
    row["unit"] = "kilogram" if row["unit"] != "kilogram" else "hectare"


def _conversion(unit: str) -> Edit:
    def edit(row: Row, rows: list[Row]) -> None:
        row.update(conversion_magnitude=3.0, conversion_unit=unit, conversion_qualifier="exact")
        row.update(conversion_lower=3.0, conversion_upper=3.0)

    return edit


def _needs_item(row: Row, rows: list[Row]) -> None:
    # Take another row's metric that requires an item, without one.
    required = _first(rows, lambda other: other["item"] is not None)
    row.update(metric=required["metric"], item=None)


def _whole(row: Row, rows: list[Row]) -> None:
    big = 12_345_678_901_234_567_890
    row.update(magnitude=float(big), lower=None, upper=None, qualifier="about")
    row["exact_values"] = f'{{"magnitude": {big}}}'


def _tampered_exact(row: Row, rows: list[Row]) -> None:
    row["exact_values"] = '{"magnitude": 1}'


PARQUET_EDITS: dict[str, Edit] = {
    "bad id": _set(id="Bad Id"),
    "long id": _set(id="a" * 121),
    "duplicate id": _duplicate_id,
    "NaN": _set(magnitude=math.nan, exact_values=None),
    "infinite bound": _set(lower=math.inf, exact_values=None),
    "negative": _negative,
    "bound misplaced": _bound_placed,
    "lower above upper": _upside_down,
    "range bound missing": _range_bound_missing,
    "off the midpoint": _off_midpoint,
    "bound close enough": _near_bound,
    "unknown unit": _set(unit="florp"),
    "unit spelled otherwise": _set(unit="mu", magnitude=3.0, lower=3.0, upper=3.0),
    "wrong dimension": _wrong_dimension,
    "no unit": _set(unit=None),
    "unknown metric": _set(metric="no_such_metric"),
    "unknown source": _set(source="no-such-source"),
    "bad period": _set(period="2024-13"),
    "period spaced": _set(period=" 2021 "),
    "bad status": _set(status="rumour"),
    "no status": _set(status=None),
    "bad scope": _set(scope="planet"),
    "bad qualifier": _set(qualifier="roughly-ish"),
    "qualifier word": _set(qualifier="over"),
    "no qualifier": _set(qualifier=None),
    "item missing": _needs_item,
    "bad item": _set(item="Not A Key"),
    "control characters in note": _set(note="a\x01b\x7f"),
    "no note": _set(note=None),
    "bad subject": _set(subject_id="bad subject!"),
    "bad tag": _set(tags=["nonsense"]),
    "empty tag": _set(tags=[""]),
    "no tags": _set(tags=None),
    "tag with separator": _set(tags=["poverty\x00trade"]),
    "breakdown twice": _set(breakdown=["sex=female", "sex=male"]),
    "breakdown unsorted": _set(breakdown=["sex=female", "age_group=65+"]),
    "blank derived_from": _set(derived_from=[" \t"]),
    "empty derived_from item": _set(derived_from=[""]),
    "derived_from": _set(derived_from=["s000-other", "s000-more"]),
    "conversion wrong dimension": _conversion("kilogram"),
    "conversion unknown unit": _conversion("florp"),
    "conversion": _conversion("hectare"),
    "whole number beyond float": _whole,
    "tampered exact_values": _tampered_exact,
    "exact_values not JSON": _set(exact_values="{bad"),
    "exact_values a list": _set(exact_values="[1]"),
    "exact_values empty": _set(exact_values="{}"),
}


def _write_rows(table: Any, rows: list[Row], path: Path) -> Path:
    pq.write_table(pa.Table.from_pylist(rows, schema=table.schema), str(path))
    return path


def _assert_same(objects: tuple[str, Any], columns: tuple[str, Any]) -> None:
    assert columns[0] == objects[0], (objects, columns)
    if objects[0] == "refused":
        assert sorted(columns[1]) == sorted(objects[1])
    else:
        assert columns[1] == objects[1]


@pytest.mark.parametrize("name", sorted(PARQUET_EDITS))
def test_parquet_edit_is_read_as_the_object_reader_reads_it(
    name: str, parquet_rows: Any, tmp_path: Path
) -> None:
    for number in (0, 5, 40):
        rows = parquet_rows.to_pylist()
        PARQUET_EDITS[name](rows[number], rows)
        path = _write_rows(parquet_rows, rows, tmp_path / f"{number}.parquet")
        _assert_same(*_both_parquet(path))


def test_parquet_edits_refuse_what_they_break(parquet_rows: Any, tmp_path: Path) -> None:
    refused = []
    for name, edit in PARQUET_EDITS.items():
        rows = parquet_rows.to_pylist()
        edit(rows[5], rows)
        path = _write_rows(parquet_rows, rows, tmp_path / "edited.parquet")
        if _both_parquet(path)[1][0] == "refused":
            refused.append(name)
    # The rules the corpus breaks, each refused (the rest are accepted by the model too).
    assert {"bad id", "duplicate id", "NaN", "negative", "bound misplaced", "unknown unit"} <= set(
        refused
    )
    assert {"lower above upper", "wrong dimension", "unknown metric", "bad period"} <= set(refused)
    assert {"bad status", "item missing", "tampered exact_values"} <= set(refused)
    assert "control characters in note" not in refused  # Indicator.note allows them


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(
        st.tuples(st.sampled_from(sorted(PARQUET_EDITS)), st.integers(0, 92)), max_size=4
    )
)
def test_parquet_any_edits_agree(edits: list[tuple[str, int]], parquet_rows: Any) -> None:
    rows = parquet_rows.to_pylist()
    for name, number in edits:
        PARQUET_EDITS[name](rows[number % len(rows)], rows)
    with tempfile.TemporaryDirectory() as folder:
        path = _write_rows(parquet_rows, rows, Path(folder) / "edited.parquet")
        _assert_same(*_both_parquet(path))


def test_valid_parquet_reads_the_objects_and_columns(
    parquet_rows: Any, bundled: sw.Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "all.parquet"
    pq.write_table(parquet_rows, str(path))
    table = read_indicator_columns(path)
    assert table.column_names == list(COLUMNS)
    assert indicators_from_columns(table) == tuple(bundled.indicators)
    assert indicators_from_columns(table) == read_parquet(path, sw.Indicator)


def test_problems_stop_at_the_limit(parquet_rows: Any, tmp_path: Path) -> None:
    rows = parquet_rows.to_pylist() * 12  # over a thousand rows, every id repeated
    for number, row in enumerate(rows):
        row["id"] = f"Bad {number}"
    path = _write_rows(parquet_rows, rows, tmp_path / "bad.parquet")
    objects, columns = _both_parquet(path)
    assert len(columns[1]) == len(objects[1]) == MAX_PROBLEMS + 1
    _assert_same(objects, columns)


# -- CSV -------------------------------------------------------------------------------------------


def _csv_rows(folder: Path) -> tuple[list[str], list[Row]]:
    with (folder / "indicators.csv").open(encoding="utf-8", newline="") as file:
        reader = csv.DictReader(file)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(header: list[str], rows: list[Row], path: Path, *, line_end: str = "\n") -> Path:
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, header, lineterminator=line_end)
        writer.writeheader()
        writer.writerows(rows)
    return path


def _cells(**values: str) -> Edit:
    def edit(row: Row, rows: list[Row]) -> None:
        row.update(values)

    return edit


def _csv_needs_item(row: Row, rows: list[Row]) -> None:
    required = _first(rows, lambda other: other["item"] != "")
    row.update(metric=required["metric"], item="")


def _csv_duplicate(row: Row, rows: list[Row]) -> None:
    row["id"] = rows[0]["id"]


CSV_EDITS: dict[str, Edit] = {
    "bad id": _cells(id="Bad Id"),
    "escaped id": _cells(id="'fine-id"),
    "duplicate id": _csv_duplicate,
    "NaN": _cells(value="nan"),
    "not a number": _cells(value="twelve"),
    "overflow": _cells(value="1e400", lower="", upper="", qualifier="about"),
    "negative": _cells(value="-5", lower="-5", upper="-5", qualifier="exact"),
    "bound misplaced": _cells(qualifier="at_least", lower="", upper="3", value="3"),
    "lower above upper": _cells(qualifier="range", lower="10", upper="5", value=""),
    "range of whole numbers": _cells(qualifier="range", lower="3", upper="6", value=""),
    "range bound missing": _cells(qualifier="range", lower="", upper="5", value=""),
    "qualifier left out": _cells(qualifier="", lower="", upper="", value="+7"),
    "qualifier word": _cells(qualifier="more than", lower="", upper=""),
    "unknown unit": _cells(unit="florp"),
    "no unit": _cells(unit=""),
    "wrong dimension": _cells(unit="kilogram"),
    "unknown metric": _cells(metric="no_such_metric"),
    "no metric": _cells(metric=""),
    "bad period": _cells(period="2024-13"),
    "bad status": _cells(status="rumour"),
    "empty status": _cells(status=""),
    "item missing": _csv_needs_item,
    "control characters in note": _cells(note="a\x01b"),
    "formula note": _cells(note="'=1+2"),
    "note over lines": _cells(note="one\ntwo"),
    "bad tag": _cells(tags="nonsense"),
    "escaped bar in tags": _cells(tags="poverty\\|trade"),
    "empty list item": _cells(derived_from="a||b"),
    "breakdown twice": _cells(breakdown="sex=female|sex=male"),
    "breakdown unsorted": _cells(breakdown="sex=female|age_group=65+"),
    "long whole number": _cells(
        value="123456789012345678901", lower="", upper="", qualifier="about"
    ),
    "conversion": _cells(conversion_value="2", conversion_unit="hectare"),
    "conversion wrong dimension": _cells(conversion_value="2", conversion_unit="kilogram"),
    "conversion without unit": _cells(conversion_value="2"),
}


@pytest.mark.parametrize("name", sorted(CSV_EDITS))
def test_csv_edit_is_read_as_the_object_reader_reads_it(
    name: str, csv_folder: Path, bundled: sw.Dataset, tmp_path: Path
) -> None:
    header, original = _csv_rows(csv_folder)
    for number in (0, 5, 40):
        rows = [dict(row) for row in original]
        CSV_EDITS[name](rows[number], rows)
        path = _write_csv(header, rows, tmp_path / "indicators.csv")
        _assert_same(*_both_csv(path, bundled))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    edits=st.lists(st.tuples(st.sampled_from(sorted(CSV_EDITS)), st.integers(0, 92)), max_size=4),
    line_end=st.sampled_from(["\n", "\r\n"]),
)
def test_csv_any_edits_agree(
    edits: list[tuple[str, int]], line_end: str, csv_folder: Path, bundled: sw.Dataset
) -> None:
    header, original = _csv_rows(csv_folder)
    rows = [dict(row) for row in original]
    for name, number in edits:
        CSV_EDITS[name](rows[number % len(rows)], rows)
    with tempfile.TemporaryDirectory() as folder:
        path = _write_csv(header, rows, Path(folder) / "indicators.csv", line_end=line_end)
        _assert_same(*_both_csv(path, bundled))


def test_csv_of_other_shapes_agree(csv_folder: Path, bundled: sw.Dataset, tmp_path: Path) -> None:
    header, rows = _csv_rows(csv_folder)
    text = (csv_folder / "indicators.csv").read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    shapes = {
        "text after a closing quote": lines[0] + '"' + lines[1].replace(",", '"x,', 1),
        "blank line": lines[0] + "\n" + "".join(lines[1:]),
        "byte-order mark": "\ufeff" + text,
        "columns left out": None,
        "a column unknown": lines[0].rstrip("\n") + ",extra\n" + lines[1].rstrip("\n") + ",1\n",
        "short row": lines[0] + "a,b\n",
    }
    for name, shape in shapes.items():
        path = tmp_path / "indicators.csv"
        if shape is None:
            kept = [column for column in header if column not in ("tags", "status", "note")]
            _write_csv(kept, [{k: row[k] for k in kept} for row in rows], path)
        else:
            path.write_text(shape, encoding="utf-8")
        objects, columns = _both_csv(path, bundled)
        _assert_same(objects, columns)
        assert objects[0] == (
            "read" if name in ("blank line", "byte-order mark", "columns left out") else objects[0]
        ), name


def test_csv_folder_reads_as_parquet_does(
    csv_folder: Path, parquet_rows: Any, bundled: sw.Dataset, tmp_path: Path
) -> None:
    path = tmp_path / "all.parquet"
    pq.write_table(parquet_rows, str(path))
    from_csv, from_parquet = read_indicator_columns(csv_folder), read_indicator_columns(path)
    assert from_csv.equals(from_parquet)
    assert indicators_from_columns(from_csv) == tuple(bundled.indicators)


def test_csv_size_limit(csv_folder: Path) -> None:
    with pytest.raises(InvalidFileError, match="too large"):
        read_indicator_columns(csv_folder, max_bytes=100)
    assert read_indicator_columns(csv_folder, max_bytes=None).num_rows > 0


@pytest.mark.parametrize("limit", [None, 2**40])
def test_a_file_left_to_the_object_reader_keeps_the_callers_limit(
    csv_folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int | None
) -> None:
    # A NUL byte sends the file to the object reader, whose own default limit (256 MiB) must
    # not take the place of the caller's: a trusted file over 256 MiB is read there too.
    for name in ("metrics.csv", "sources.csv"):
        (tmp_path / name).write_bytes((csv_folder / name).read_bytes())
    text = (csv_folder / "indicators.csv").read_bytes()
    path = tmp_path / "indicators.csv"
    path.write_bytes(text.replace(b"\n", b"\n\x00", 1))
    import swchina_dev.tabular.indicator_columns as module

    limits: list[int | None] = []

    def spy(*args: Any, **kwargs: Any) -> Any:
        limits.append(kwargs.get("max_bytes", "default"))
        return read_records(*args, **kwargs)

    monkeypatch.setattr(module, "read_records", spy)
    with pytest.raises(InvalidFileError, match="NUL"):
        read_indicator_columns(path, max_bytes=limit)
    assert limits[-1] == limit  # the indicators file's read; the others are the references


def test_other_files_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match=r"parquet and \.csv"):
        read_indicator_columns(tmp_path / "indicators.json")
    (tmp_path / "x.parquet").write_bytes(b"not parquet")
    with pytest.raises(InvalidFileError, match="not a Parquet file"):
        read_indicator_columns(tmp_path / "x.parquet")
