"""Reading and writing user data: records and datasets as JSON and CSV, validated completely."""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import attrs
import pytest

import swchina_dev as sw
from swchina_dev.errors import InvalidFileError, MissingDependencyError
from swchina_dev.files import (
    COLLECTIONS,
    csv_columns,
    csv_rows,
    read_dataset,
    read_records,
    structure_rows,
    write_dataset,
    write_records,
)
from swchina_dev.optional import import_optional

REGION_HEADER = "code,name,name_zh,pinyin,level,kind,parent\n"
VILLAGE = "520502-demo,Demo Village,示范村,Shìfàn Cūn,village,village,520502\n"


@pytest.fixture(scope="module")
def bundled() -> sw.Dataset:
    return sw.load()


def _collections(dataset: sw.Dataset) -> dict[str, tuple[object, ...]]:
    return {name: tuple(getattr(dataset, name)) for name in COLLECTIONS}


# -- records -------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", list(COLLECTIONS))
@pytest.mark.parametrize("suffix", [".json", ".csv"])
def test_every_bundled_collection_round_trips(
    bundled: sw.Dataset, tmp_path: Path, name: str, suffix: str
) -> None:
    records = tuple(getattr(bundled, name))
    path = write_records(records, tmp_path / f"{name}{suffix}")
    again = read_records(path, COLLECTIONS[name], bundled)
    assert again == records


def test_indicators_in_json_carry_their_metric_and_source(
    bundled: sw.Dataset, tmp_path: Path
) -> None:
    # A records file of indicators is self-contained, as to_json writes it: no references needed.
    records = tuple(bundled.indicators)[:5]
    path = write_records(records, tmp_path / "claims.json")
    assert json.loads(path.read_text(encoding="utf-8"))[0]["source"]["publisher"]
    assert read_records(path, sw.Indicator) == records
    assert path.read_text(encoding="utf-8").count("\n") == len(records) + 2  # a line per record


def test_indicators_in_csv_name_their_metric_and_source(
    bundled: sw.Dataset, tmp_path: Path
) -> None:
    records = tuple(bundled.indicators)[:3]
    path = write_records(records, tmp_path / "claims.csv")
    with pytest.raises(InvalidFileError) as caught:
        read_records(path, sw.Indicator)
    assert len(caught.value.problems) == 6  # unknown metric and source, for each row
    assert "claims.csv:2 (s000-" in caught.value.problems[0]
    assert "metric: unknown metric" in caught.value.problems[0]
    explicit = read_records(path, sw.Indicator, metrics=bundled.metrics, sources=bundled.sources)
    assert explicit == records


def test_csv_columns_are_flat_and_readable() -> None:
    assert csv_columns(sw.Indicator) == (
        "id",
        "subject_id",
        "metric",
        "value",
        "unit",
        "qualifier",
        "lower",
        "upper",
        "period",
        "source",
        "status",
        "note",
        "tags",
        "derived_from",
        "conversion_value",
        "conversion_unit",
        "conversion_qualifier",
        "conversion_lower",
        "conversion_upper",
        "item",
        "breakdown",
        "scope",
    )
    assert csv_columns(sw.Region)[:7] == (
        "code",
        "name",
        "name_zh",
        "pinyin",
        "level",
        "kind",
        "parent",
    )


def test_cells_write_floats_exactly_and_lists_joined(bundled: sw.Dataset) -> None:
    indicator = attrs.evolve(
        bundled.indicators["s000-caohai-water-area"],
        measure=sw.Measure.from_parts(0.1 + 0.2, "km ** 2", "about"),
        tags=(sw.Tag.ECOLOGY, sw.Tag.TOURISM),
    )
    (row,) = csv_rows([indicator])
    cells = dict(zip(csv_columns(sw.Indicator), row, strict=True))
    assert cells["value"] == "0.30000000000000004"
    assert cells["lower"] == cells["upper"] == ""
    assert cells["tags"] == "ecology|tourism"
    assert cells["period"] == "asof:2025-01-23"


def test_list_items_holding_the_separator_survive(tmp_path: Path, bundled: sw.Dataset) -> None:
    region = attrs.evolve(bundled.regions["520500"], aliases=("a|b", "back\\slash", "x\\|y", "|"))
    path = write_records([region], tmp_path / "regions.csv")
    assert read_records(path, sw.Region) == (region,)


def test_optional_columns_may_be_left_out_and_in_any_order(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(
        "parent,kind,level,pinyin,name_zh,name,code\n"
        "520502,village,village,Shìfàn Cūn,示范村,Demo Village,520502-demo\n",
        encoding="utf-8",
    )
    (region,) = read_records(path, sw.Region)
    assert region.code == "520502-demo"
    assert region.aliases == ()
    assert region.lat is None


def test_a_byte_order_mark_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (REGION_HEADER + VILLAGE).encode("utf-8"))
    assert read_records(path, sw.Region)[0].name_zh == "示范村"
    path = tmp_path / "regions.json"
    region = {
        "code": "520502-demo",
        "name": "Demo",
        "name_zh": "示范",
        "pinyin": "Shìfàn",
        "level": "village",
        "kind": "village",
        "parent": "520502",
    }
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps([region]).encode("utf-8"))
    assert read_records(path, sw.Region)[0].pinyin == "Shìfàn"


def test_every_bad_row_and_field_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(
        REGION_HEADER
        + "520502-a,A,甲,Jiǎ,hamlet,village,520502\n"
        + VILLAGE
        + "520502-b,,乙,Yǐ,village,castle,520502\n"
        + "520502-c,C\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidFileError) as caught:
        read_records(path, sw.Region)
    problems = caught.value.problems
    assert len(problems) == 4, problems
    assert problems[0].startswith(f"{path}:2 (520502-a): level: unknown value 'hamlet'")
    assert problems[1].startswith(f"{path}:4 (520502-b): ")
    assert {problems[1].split(": ")[1], problems[2].split(": ")[1]} == {"name", "kind"}
    assert problems[3] == f"{path}:5 (520502-c): the row has 2 cells, the header 7"
    assert caught.value.file == str(path)


def test_a_quoted_cell_over_several_lines_keeps_the_line_it_starts_on(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(
        "code,name,name_zh,pinyin,level,kind,parent,note\n"
        '520502-a,A,甲,Jiǎ,village,village,520502,"two\nlines"\n'
        "520502-b,B,乙,Yǐ,village,village,520502,x\n"
        "520502-c,C,丙,Bǐng,hamlet,village,520502,x\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidFileError) as caught:
        read_records(path, sw.Region)
    assert caught.value.problems[0].startswith(f"{path}:5 (520502-c): level")


def test_duplicate_ids_in_a_file_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "regions.csv"
    path.write_text(REGION_HEADER + VILLAGE + VILLAGE, encoding="utf-8")
    with pytest.raises(InvalidFileError, match=r"regions.csv:3 \(520502-demo\): duplicate id"):
        read_records(path, sw.Region)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "the file is empty"),
        ("code,name\n".encode("utf-16"), "UTF-16"),
        ("code,name\nCafé,x\n".encode("latin-1"), r"not UTF-8 \(byte 0xe9 on line 2"),
        (REGION_HEADER.encode() + b'"520502-x,X,\n', "cannot read the row"),
    ],
)
def test_unreadable_files_say_why(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "regions.csv"
    path.write_bytes(content)
    with pytest.raises(InvalidFileError, match=message):
        read_records(path, sw.Region)


def test_missing_files_and_unknown_formats(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="cannot read"):
        read_records(tmp_path / "none.csv", sw.Region)
    (tmp_path / "regions.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InvalidFileError, match=r"unknown format '\.txt'"):
        read_records(tmp_path / "regions.txt", sw.Region)
    with pytest.raises(sw.ValidationError, match="cannot tell the format"):
        write_records([], tmp_path / "regions.txt", cls=sw.Region)
    with pytest.raises(sw.ValidationError, match="cannot read"):
        read_records(tmp_path / "x.csv", dict)


def test_records_of_several_models_are_refused(bundled: sw.Dataset, tmp_path: Path) -> None:
    mixed = [bundled.regions["520500"], bundled.zones["guian-new-area"]]
    with pytest.raises(sw.ValidationError, match="one model"):
        write_records(mixed, tmp_path / "mixed.csv")  # type: ignore[arg-type]
    with pytest.raises(sw.ValidationError, match="pass cls"):
        write_records([], tmp_path / "empty.csv")
    path = write_records([], tmp_path / "empty.csv", cls=sw.Zone)
    assert read_records(path, sw.Zone) == ()


def test_unwritable_paths_are_data_file_errors(bundled: sw.Dataset, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    with pytest.raises(sw.DataFileError, match="cannot write"):
        write_dataset(bundled, blocker / "inside", format="csv")


# -- datasets ------------------------------------------------------------------------------------


@pytest.mark.parametrize("form", ["json", "csv"])
def test_the_bundled_dataset_round_trips(bundled: sw.Dataset, tmp_path: Path, form: str) -> None:
    target = tmp_path / ("dataset.json" if form == "json" else "dataset")
    again = read_dataset(write_dataset(bundled, target, format=form))
    assert _collections(again) == _collections(bundled)
    assert again.data_version == bundled.data_version
    assert again.lookup("毕节").code == "520500"


def test_a_csv_dataset_has_a_manifest(bundled: sw.Dataset, tmp_path: Path) -> None:
    folder = write_dataset(bundled, tmp_path / "out", format="csv")
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["data_version"] == bundled.data_version
    assert manifest["files"]["indicators"] == "indicators.csv"
    assert sorted(path.name for path in folder.iterdir()) == sorted(
        ["manifest.json", *(f"{name}.csv" for name in COLLECTIONS)]
    )


def test_user_records_merge_with_the_bundled_dataset(bundled: sw.Dataset, tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_text(REGION_HEADER + VILLAGE, encoding="utf-8")
    (tmp_path / "indicators.csv").write_text(
        "id,subject_id,metric,item,value,unit,qualifier,period,source\n"
        "demo-area,520502-demo,planted_area,orange,120,mu,at_least,2024,"
        "s000-peoples-daily-2025-01-23\n",
        encoding="utf-8",
    )
    merged = read_dataset(tmp_path, base=bundled)
    assert len(merged.regions) == len(bundled.regions) + 1
    assert merged.indicators["demo-area"].measure.lower == sw.Q_(120, "mu")
    assert merged.indicators["demo-area"].source is bundled.sources["s000-peoples-daily-2025-01-23"]
    assert [i.id for i in merged.query(within="Qixingguan", period=2024)] == ["demo-area"]
    assert merged.data_version == f"{bundled.data_version}+user"


def test_records_equal_to_the_base_are_read_once(bundled: sw.Dataset, tmp_path: Path) -> None:
    # Exporting the merged data and reading it back over the bundled data does not clash.
    folder = write_dataset(bundled, tmp_path / "all", format="csv")
    again = read_dataset(folder, base=bundled, data_version="again")
    assert _collections(again) == _collections(bundled)
    assert again.data_version == "again"


def test_separate_files_per_collection(bundled: sw.Dataset, tmp_path: Path) -> None:
    regions = tmp_path / "my_villages.csv"
    regions.write_text(REGION_HEADER + VILLAGE, encoding="utf-8")
    enterprises = tmp_path / "firms.json"
    enterprises.write_text(
        json.dumps([{"id": "demo-co", "name": "Demo Co.", "region": "520502-demo"}]),
        encoding="utf-8",
    )
    mine = read_dataset(base=bundled, regions=regions, enterprises=enterprises)
    assert mine.enterprises["demo-co"].region == "520502-demo"
    with pytest.raises(sw.ValidationError, match="unknown collections"):
        read_dataset(base=bundled, villages=regions)


def test_references_are_checked_and_located(bundled: sw.Dataset, tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_text(
        REGION_HEADER + VILLAGE.replace("520502\n", "999999\n"), encoding="utf-8"
    )
    with pytest.raises(InvalidFileError) as caught:
        read_dataset(tmp_path, base=bundled)
    (problem,) = caught.value.problems
    assert problem == f"{tmp_path / 'regions.csv'}:2 (520502-demo): parent: unknown region '999999'"


def test_references_to_a_record_that_failed_are_not_reported_twice(
    bundled: sw.Dataset, tmp_path: Path
) -> None:
    (tmp_path / "regions.csv").write_text(
        REGION_HEADER + VILLAGE.replace("village,village", "hamlet,village"), encoding="utf-8"
    )
    (tmp_path / "enterprises.csv").write_text(
        "id,name,region\ndemo-co,Demo Co.,520502-demo\n", encoding="utf-8"
    )
    with pytest.raises(InvalidFileError) as caught:
        read_dataset(tmp_path, base=bundled)
    (problem,) = caught.value.problems
    assert "level: unknown value 'hamlet'" in problem


def test_a_record_differing_from_the_base_is_an_error(bundled: sw.Dataset, tmp_path: Path) -> None:
    renamed = attrs.evolve(bundled.regions["520500"], name="Bijie Prefecture")
    write_records([renamed], tmp_path / "regions.csv")
    with pytest.raises(InvalidFileError, match=r"the base dataset .* has a different record"):
        read_dataset(tmp_path, base=bundled)


def test_indicators_with_full_metrics_add_them_to_the_dataset(
    bundled: sw.Dataset, tmp_path: Path
) -> None:
    indicator = bundled.indicators["s000-caohai-water-area"]
    document = {"indicators": sw.serialization.unstructure([indicator])}
    zone = bundled.zones[indicator.subject_id]
    document["zones"] = sw.serialization.unstructure([zone])
    places = {code: bundled.regions[code] for code in zone.regions}
    for code in zone.regions:
        places |= {region.code: region for region in bundled.ancestors(code)}
    document["regions"] = sw.serialization.unstructure(list(places.values()))
    (tmp_path / "mine.json").write_text(json.dumps(document), encoding="utf-8")
    mine = read_dataset(tmp_path / "mine.json")
    assert mine.metrics.keys() == (indicator.metric.key,)
    assert mine.sources.keys() == (indicator.source.id,)


def test_dataset_documents_are_checked(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text(json.dumps([1, 2]), encoding="utf-8")
    with pytest.raises(InvalidFileError, match="a dataset document is a JSON object"):
        read_dataset(path)
    path.write_text(
        json.dumps({"format": "something else", "format_version": 9, "regions": {}}),
        encoding="utf-8",
    )
    with pytest.raises(InvalidFileError) as caught:
        read_dataset(path)
    assert len(caught.value.problems) == 3
    assert "format_version 9" in caught.value.problems[1]
    assert "expected a list of records, got dict" in caught.value.problems[2]
    path.write_text('{"regions": [NaN]}', encoding="utf-8")
    with pytest.raises(InvalidFileError, match="NaN is not a number"):
        read_dataset(path)


def test_folders_are_checked(tmp_path: Path) -> None:
    with pytest.raises(InvalidFileError, match="no dataset files"):
        read_dataset(tmp_path)
    (tmp_path / "regions.csv").write_text(REGION_HEADER, encoding="utf-8")
    (tmp_path / "regions.json").write_text("[]", encoding="utf-8")
    (tmp_path / "manifest.json").write_text(
        json.dumps({"files": {"villages": "v.csv", "zones": "missing.csv"}}), encoding="utf-8"
    )
    with pytest.raises(InvalidFileError) as caught:
        read_dataset(tmp_path)
    assert [problem.split(": ", 1)[1] for problem in caught.value.problems] == [
        "both regions.csv and regions.json: keep one",
        "files: unknown collection 'villages'",
        "files: missing.csv is missing",
    ]


def test_structure_rows_reports_rows_by_number(bundled: sw.Dataset) -> None:
    rows = [sw.serialization.unstructure(bundled.regions["520500"]), {"code": "x"}]
    with pytest.raises(InvalidFileError) as caught:
        structure_rows(rows, sw.Region, "table")
    assert all(problem.startswith("table: row 2 (x): ") for problem in caught.value.problems)


def test_optional_dependencies_name_their_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"pip install 'swchina-dev\[pandas\]'"):
        import_optional("pandas", "pandas")
    assert issubclass(MissingDependencyError, ImportError)
    assert issubclass(MissingDependencyError, sw.SwchinaDevError)


def test_metrics_and_sources_only_indicators_cite_are_written(
    bundled: sw.Dataset, tmp_path: Path
) -> None:
    # A dataset need not list the records its indicators cite; its files do, to read back.
    indicator = bundled.indicators["s000-bijie-years-of-effort"]
    dataset = sw.Dataset(
        regions=[bundled.regions[code] for code in ("CN", "520000", "520500")],
        indicators=[indicator],
    )
    for form in ("json", "csv"):
        again = read_dataset(write_dataset(dataset, tmp_path / f"out.{form}", format=form))
        assert tuple(again.indicators) == (indicator,)
        assert tuple(again.sources) == (indicator.source,)
        assert tuple(again.metrics) == (indicator.metric,)


def test_full_metrics_are_built_once_per_file(bundled: sw.Dataset, tmp_path: Path) -> None:
    records = tuple(bundled.indicators)
    path = write_records(records, tmp_path / "claims.json")
    again = read_records(path, sw.Indicator)
    assert again == records
    by_key = {indicator.metric.key: indicator.metric for indicator in again}
    assert all(indicator.metric is by_key[indicator.metric.key] for indicator in again)


@pytest.mark.parametrize(
    ("word", "qualifier"),
    [
        ("over", "at_least"),
        ("More than", "at_least"),
        ("nearly", "nearly"),
        ("about", "about"),
        ("up  to", "at_most"),
        ("at_least", "at_least"),
    ],
)
@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_qualifiers_as_people_write_them(
    bundled: sw.Dataset, tmp_path: Path, word: str, qualifier: str, suffix: str
) -> None:
    (tmp_path / "regions.csv").write_text(REGION_HEADER + VILLAGE, encoding="utf-8")
    row = {
        "id": "demo-area",
        "subject_id": "520502-demo",
        "metric": "planted_area",
        "item": "orange",
        "period": "2024",
        "source": "s000-peoples-daily-2025-01-23",
    }
    if suffix == ".csv":
        header = [*row, "value", "unit", "qualifier", "conversion_value", "conversion_unit",
                  "conversion_qualifier"]  # fmt: skip
        cells = [*row.values(), "120", "万亩", word, "80000", "hectare", word]
        text = ",".join(header) + "\n" + ",".join(cells) + "\n"
    else:
        measure = {"value": 120, "unit": "万亩", "qualifier": word}
        conversion = {"value": 80000, "unit": "hectare", "qualifier": word}
        text = json.dumps([{**row, "measure": measure, "stated_conversion": conversion}])
    (tmp_path / f"indicators{suffix}").write_text(text, encoding="utf-8")
    indicator = read_dataset(tmp_path, base=bundled).indicators["demo-area"]
    assert indicator.measure.qualifier.value == qualifier
    assert indicator.stated_conversion is not None
    assert indicator.stated_conversion.qualifier.value == qualifier
    assert indicator.measure.quantity.to("mu") == sw.Q_(1_200_000, "mu")


def test_an_unknown_qualifier_word_is_still_refused(bundled: sw.Dataset, tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_text(REGION_HEADER + VILLAGE, encoding="utf-8")
    (tmp_path / "indicators.csv").write_text(
        "id,subject_id,metric,item,value,unit,qualifier,period,source\n"
        "demo-area,520502-demo,planted_area,orange,120,mu,loads of,2024,"
        "s000-peoples-daily-2025-01-23\n",
        encoding="utf-8",
    )
    with pytest.raises(InvalidFileError, match="unknown value 'loads of'"):
        read_dataset(tmp_path, base=bundled)


# -- CSV injection -------------------------------------------------------------------------------


def test_text_a_spreadsheet_would_run_is_escaped_and_reads_back(tmp_path: Path) -> None:
    region = sw.Region(
        "520502-demo",
        '=HYPERLINK("http://x")',
        "示范村",
        "-Shìfàn",
        "village",
        "village",
        "520502",
        aliases=("@alias", "'quoted", "+1"),
        note="-30 is text here",
    )
    path = write_records([region], tmp_path / "regions.csv")
    cells = next(csv.reader(io.StringIO(path.read_text(encoding="utf-8").splitlines()[1])))
    risky = [cell for cell in cells if cell.startswith(("=", "+", "-", "@"))]
    assert risky == []  # nothing a spreadsheet would run
    assert cells[1] == '\'=HYPERLINK("http://x")'
    assert read_records(path, sw.Region) == (region,)


def test_negative_numbers_are_written_as_numbers(tmp_path: Path) -> None:
    region = attrs.evolve(sw.load().regions["520500"], lat=-30.5, lon=-1.0)
    path = write_records([region], tmp_path / "regions.csv")
    assert ",-30.5,-1.0" in path.read_text(encoding="utf-8")
    assert read_records(path, sw.Region) == (region,)


def test_what_could_not_be_read_back_is_refused_before_writing() -> None:
    source = next(iter(sw.load().sources))
    with pytest.raises(sw.ValidationError, match="must be text, not int"):
        attrs.evolve(source, note=untyped(5))
    with pytest.raises(sw.ValidationError, match="lone surrogate"):
        attrs.evolve(source, title="Bi\udcaejie")
    with pytest.raises(sw.ValidationError, match="data_version must be text"):
        sw.Dataset(regions=(), data_version=untyped(2024))
    with pytest.raises(sw.ValidationError, match="expected a list of Region records"):
        sw.Dataset(regions=untyped(5))


def untyped(value: object) -> Any:
    """Pass a value of the wrong type past the type checker: the point of the test."""
    return value
