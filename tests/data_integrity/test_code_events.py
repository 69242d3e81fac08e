"""The bundled change events are a fresh build of the raw diffs, and agree with the raw inputs.

The raw files are re-read here with their own simple parsing (no selector resolution), so the
checks do not share the build script's logic.
"""

from __future__ import annotations

import collections
import csv
import importlib.util
import re
from importlib.resources import files
from types import ModuleType

import pytest

from swchina_dev.catalog import code_history, recode, record_in_force, township_changes
from swchina_dev.catalog.events import all_events
from tests.paths import RAW, REPO

SIX = ("45", "50", "51", "52", "53", "54")
_LINE = re.compile(r"([-+=])(\d{6}) ([^<>]+)(?:([<>])(.*))?")

# The counts by kind of the bundled events (documented in src/swchina_dev/data/SOURCES.md).
EVENT_KINDS = {
    "recoded": 419,
    "county_to_city": 71,
    "county_to_district": 64,
    "territory_transferred": 63,
    "new": 56,
    "renamed": 44,
    "split": 36,
    "prefecture_to_city": 34,
    "merged": 24,
    "reorganized": 18,
    "renamed_recoded": 6,
    "level_changed": 2,
}


def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_events", REPO / "scripts/build_events.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["code_events.csv", "township_changes.csv"])
def test_bundled_resource_matches_a_fresh_build(name: str) -> None:
    build = _script().BUILDS[name]
    bundled = files("swchina_dev.data").joinpath(name).read_text(encoding="utf-8")
    assert build(RAW) == bundled


def _raw_lines() -> list[tuple[str, str, str, str, str | None]]:
    """(year, sign, code, name, selectors) of every change line of the six provinces."""
    found = []
    for path in sorted((RAW / "areacodes/diff").glob("*.diff")):
        year = path.stem.split("-")[1]
        for line in path.read_text(encoding="utf-8").splitlines():
            match = _LINE.fullmatch(line)
            if match and match.group(2).startswith(SIX):
                sign, code, name, _, selectors = match.groups()
                found.append((year, sign, code, name, selectors))
    return found


def test_counts_of_events_by_kind() -> None:
    assert collections.Counter(event.kind for event in all_events()) == EVENT_KINDS


def test_every_raw_change_line_is_in_an_event_of_its_year() -> None:
    old_side, new_side, transfers = set(), set(), set()
    for event in all_events():
        year = str(event.year)
        old_side |= {(year, code) for code in event.from_codes}
        new_side |= {(year, code) for code in event.to_codes}
        if event.kind == "territory_transferred":
            transfers |= {(year, code) for code in event.from_codes + event.to_codes}
    lines = _raw_lines()
    # A record deleted and added again as it was is listed only because its parent changed.
    deleted = {(y, c, n) for y, sign, c, n, _ in lines if sign == "-"}
    added = {(y, c, n) for y, sign, c, n, _ in lines if sign == "+"}
    assert {(y, c) for y, c, _ in deleted - added} <= old_side
    assert {(y, c) for y, c, _ in added - deleted} <= new_side
    assert len(deleted & added) == 33
    assert {(y, c) for y, sign, c, _, _ in lines if sign == "="} <= transfers


def test_raw_renamings_are_renamed_events() -> None:
    # A code deleted and added again in the same diff, both lines pointing at the same code.
    deleted = {(y, c): n for y, sign, c, n, s in _raw_lines() if sign == "-" and s == "."}
    added = {(y, c): n for y, sign, c, n, s in _raw_lines() if sign == "+" and s == "."}
    renamings = {key for key in deleted.keys() & added.keys() if deleted[key] != added[key]}
    assert len(renamings) == 40
    renamed = {(str(e.year), e.from_codes[0]) for e in all_events() if e.kind == "renamed"}
    assert renamings <= renamed
    for event in all_events():
        if event.kind == "renamed":
            assert event.from_codes == event.to_codes
            assert event.from_names != event.to_names


def test_dates_and_documents() -> None:
    events = all_events()
    for event in events:
        assert re.fullmatch(r"\d{4}(-\d{2}(-\d{2})?)?", event.date)
        # Mostly approved in the year of the list, some earlier; one list shows a change
        # approved a month after its 31 December.
        assert event.year - 10 < int(event.date[:4]) <= event.year + 1
    with_document = [event for event in events if event.document]
    assert len(with_document) > len(events) // 2


def test_qianxi_and_bijie_events() -> None:
    (bijie,) = [e for e in all_events() if e.from_codes == ("522400",)]
    assert (bijie.kind, bijie.to_codes, bijie.date) == (
        "prefecture_to_city",
        ("520500",),
        "2011-10-22",
    )
    assert bijie.document == "国函〔2011〕130号"
    (qianxi,) = [e for e in all_events() if e.to_codes == ("520581",)]
    assert (qianxi.kind, qianxi.from_codes, qianxi.date) == (
        "county_to_city",
        ("520522",),
        "2021-03-16",
    )


def _yearly_lists() -> list[tuple[int, str, str]]:
    found = []
    for path in sorted((RAW / "areacodes/data").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            code, name = line.split(" ", 1)
            if code.startswith(SIX):
                found.append((int(path.stem), code, name))
    return found


def test_every_code_of_every_yearly_list_resolves_for_its_year() -> None:
    listed = _yearly_lists()
    assert len({year for year, _, _ in listed}) == 44
    for year, code, name in listed:
        assert record_in_force(code, year).name_zh == name, (year, code)


def test_every_retired_code_of_the_lists_maps_to_codes_in_use_in_2023() -> None:
    current = {code for year, code, _ in _yearly_lists() if year == 2023}
    relations: collections.Counter[str] = collections.Counter()
    for year, code, _ in _yearly_lists():
        if year < 2023 and code not in current:
            found = recode(code, year, 2023)
            relations[found.relation] += 1
            assert found.targets
            assert all(record.in_force(2023) for record in found.records)
            assert found.relation != "same"
    assert relations["split"] > 0
    assert relations["recoded"] > 0


def test_every_code_of_the_2010_census_recodes_to_2023() -> None:
    with (RAW / "census/census_2010_county_sw.csv").open(encoding="utf-8-sig") as handle:
        codes = [row["区划代码"] for row in csv.DictReader(handle)]
    assert len(codes) == 693
    relations: collections.Counter[str] = collections.Counter()
    before_the_list = []
    for code in codes:
        # The census counts on 1 November; the code lists are as of 31 December: two counties
        # became cities in between, so their census codes are those of the 2009 list.
        year = 2010 if any(r.in_force(2010) for r in code_history(code)) else 2009
        if year == 2009:
            before_the_list.append(code)
        found = recode(code, year, 2023)
        assert found.targets
        relations[found.relation] += 1
    assert before_the_list == ["532522", "532621"]
    assert sum(relations.values()) == 693
    assert set(relations) <= {
        "same", "renamed", "recoded", "merged_into", "split", "partly_transferred",
    }  # fmt: skip
    assert relations["same"] > 400
    assert recode("522401", 2010, 2023).targets == ("520502",)
    assert recode("522423", 2010, 2023).targets == ("520581",)


def test_township_changes_count_every_row_read() -> None:
    with (RAW / "sub_county_changes_sw.csv").open(encoding="utf-8-sig") as handle:
        raw = list(csv.DictReader(handle))
    assert len(raw) == 3243
    bundled = files("swchina_dev.data").joinpath("township_changes.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(bundled.splitlines()))
    assert len(rows) == 3243
    # Recounted from the raw reasons: 撤乡设镇/撤乡建镇 (township -> town), 并入 (merged into).
    reasons = collections.Counter(row["reason"].replace("\xa0", "").strip() for row in raw)
    kinds = collections.Counter(row["kind"] for row in rows)
    assert kinds["township_to_town"] == reasons["撤乡设镇"] + reasons["撤乡建镇"] == 1010
    moved = sum(1 for row in raw if row["new_code"].startswith("并入"))
    assert kinds["merged_into"] == reasons["并入其他建制"] + moved
    assert sum(1 for row in rows if row["old_code"]) == sum(1 for row in raw if row["old_code"])
    assert township_changes("520502014")[0].new_name == "甘河街道"
