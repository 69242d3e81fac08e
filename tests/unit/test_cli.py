"""The command line: every command in-process through main(argv), and a few as subprocesses."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import swchina_dev as sw
from swchina_dev.cli import main
from swchina_dev.files import read_dataset, read_records


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _command(*arguments: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "swchina_dev", *arguments],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        encoding="utf-8",
    )


# -- as subprocesses -----------------------------------------------------------------------------


def test_python_dash_m_runs_a_command() -> None:
    result = _command("lookup", "Bijie")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[0] == "Bijie City (520500) in Guizhou Province < China"
    assert result.stderr == ""


def test_the_installed_script_has_help_for_every_command() -> None:
    script = Path(sys.executable).with_name("swchina-dev")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "swchina_dev"]
    result = subprocess.run(
        [*command, "--help"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0
    for name in ("lookup", "regions", "indicators", "convert", "fx", "audit", "export"):
        assert name in result.stdout


def test_errors_go_to_stderr_with_a_nonzero_status() -> None:
    result = _command("lookup", "Atlantis")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith("swchina-dev: nothing is called 'Atlantis'")
    result = _command("fx", "lots", "CNY", "USD", "--on", "2025-01")
    assert result.returncode == 2
    assert "not a number: 'lots'" in result.stderr


def test_export_as_a_subprocess(tmp_path: Path) -> None:
    result = _command("export", str(tmp_path / "out"), "--format", "csv")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "manifest.json").is_file()


# -- in-process ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "command",
    ["lookup", "regions", "indicators", "convert", "fx", "audit", "export", "stats"],
)
def test_every_command_has_help(capsys: pytest.CaptureFixture[str], command: str) -> None:
    status, out, _ = run(capsys, command, "--help")
    assert status == 0
    assert out.startswith(f"usage: swchina-dev {command}")


def test_lookup(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "lookup", "毕节")
    assert status == 0
    assert out.splitlines() == [
        "Bijie City (520500) in Guizhou Province < China",
        "kind: prefecture_level_city  hanzi: 毕节市  pinyin: Bìjié Shì",
    ]
    status, out, _ = run(capsys, "lookup", "Bijie", "--format", "json")
    data = json.loads(out)
    assert (data["type"], data["code"], data["name_zh"]) == ("Region", "520500", "毕节市")


def test_lookup_of_an_ambiguous_or_unknown_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, err = run(capsys, "lookup", "Chaoyang", "--format", "json")
    assert (status, out) == (1, "")
    assert "candidates" in err
    status, _, err = run(capsys, "lookup", "Bijei")
    assert status == 1
    assert "did you mean" in err


def test_regions_as_an_aligned_table(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "regions", "--within", "Bijie", "--level", "county")
    assert status == 0
    lines = out.splitlines()
    assert lines[0].split() == ["code", "name", "name_zh", "level", "kind", "parent", "status"]
    assert lines[1].startswith("520502  Qixingguan District")
    # The retired county is marked, the city that replaced it is not.
    (qianxi_county,) = [line for line in lines if line.startswith("520522")]
    assert qianxi_county.endswith("retired 2021 -> 520581")
    (qianxi_city,) = [line for line in lines if line.startswith("520581")]
    assert "retired" not in qianxi_city
    # Hanzi are two columns wide: the columns after them still line up on a terminal.
    starts = {_display_width(line[: line.index("  county  ")]) for line in lines[1:]}
    assert len(starts) == 1


def _display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def test_regions_as_json_and_csv(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    _, out, _ = run(
        capsys, "regions", "--within", "Guizhou", "--level", "prefecture", "--format", "json"
    )
    names = [row["name"] for row in json.loads(out)]
    assert "Bijie City" in names
    assert len(names) == 9
    _, out, _ = run(capsys, "regions", "--within", "Bijie", "--format", "csv")
    path = tmp_path / "regions.csv"
    path.write_text(out, encoding="utf-8")
    read = read_records(path, sw.Region)  # the CSV output is the library's own file shape
    assert [region.code for region in read] == [r.code for r in sw.load().descendants("520500")]


def test_regions_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "regions", "--level", "galaxy")
    assert status == 2
    assert "invalid choice: 'galaxy'" in err
    status, _, err = run(capsys, "regions", "--within", "guizhou-lianshang-technology")
    assert status == 1
    assert "not a region" in err


def test_indicators_default_output(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "indicators", "--within", "Weining")
    assert status == 0
    assert out.splitlines()[0] == (
        "Caohai National Nature Reserve: Area: at least 120 km² (asof:2025-01-23) "
        "[People's Daily Online]"
    )
    _, everything, _ = run(capsys, "indicators")
    assert len(everything.splitlines()) == len(sw.load().indicators)


def test_indicators_show_readable_units_and_numbers(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "indicators")
    for shown in (
        "Black-necked cranes: 2,829 (",  # a count shows no unit
        "Duration (one person): 35 years (",
        "Output value of photovoltaic modules: 1 billion CNY (",
        "Wage (one person): at least 6,000 CNY/month (",
        "Production rate of LED filaments: 3,000,000 per day (",
        "Production rate of traditional Chinese medicine capsules: 6,500 per minute (",
        "Production of roxburgh rose juice: 200-400 t (",
        "Belt and Road partner countries: 28.4% a year (",
        "development cycles over the period: -30% (",  # negative figures are shown, not refused
        "Investment (target): at least 40 billion CNY (",
        "Ratio: about 0.333 (",  # a computed fraction ("a third") to three digits
    ):
        assert shown in out
    for unreadable in ("kilometer", "dimensionless", "metric_ton", " / ", "e+", "**"):
        assert unreadable not in out


def test_indicators_table_shows_display_units(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "indicators", "--within", "Weining", "--format", "table")
    lines = out.splitlines()
    header = lines[0]
    value, unit = header.index("value"), header.index("unit")
    rows = {line.split()[0]: line for line in lines[1:]}
    area, cranes = rows["s000-caohai-area"], rows["s000-caohai-cranes"]
    assert area[value:unit].strip() == "at least 120"
    assert area[unit:].split()[0] == "km²"
    assert cranes[value:unit].strip() == "2,829"
    assert cranes[unit:].split()[0] == "exact"  # no unit for a count
    assert "kilometer" not in out
    assert "dimensionless" not in out


def test_indicators_json_and_csv_stay_exact(capsys: pytest.CaptureFixture[str]) -> None:
    dataset = sw.load()
    _, out, _ = run(capsys, "indicators", "--format", "json")
    assert json.loads(out) == sw.serialization.unstructure(list(dataset.indicators))
    measures = {row["id"]: row["measure"] for row in json.loads(out)}
    assert measures["s000-caohai-area"]["unit"] == "kilometer ** 2"
    ratio = measures["s004-yunnan-coffee-train-vs-sea-ratio"]["value"]
    assert ratio == dataset.indicators["s004-yunnan-coffee-train-vs-sea-ratio"].measure.magnitude
    _, out, _ = run(capsys, "indicators", "--format", "csv")
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO(out))}
    assert "kilometer ** 2" in rows["s000-caohai-area"].values()
    assert "dimensionless" in rows["s000-caohai-cranes"].values()


def test_indicators_filters_as_in_the_query_api(capsys: pytest.CaptureFixture[str]) -> None:
    dataset = sw.load()
    _, out, _ = run(
        capsys,
        "indicators",
        "--within",
        "Guizhou",
        "--status",
        "target",
        "--year",
        "2025",
        "--format",
        "json",
    )
    expected = dataset.query(within="Guizhou", status="target", period=2025)
    assert [row["id"] for row in json.loads(out)] == list(expected.ids)
    _, out, _ = run(
        capsys, "indicators", "--metric", "planted_area", "--metric", "area", "--format", "csv"
    )
    rows = list(csv.DictReader(io.StringIO(out)))
    assert {row["metric"] for row in rows} == {"planted_area", "area"}
    _, out, _ = run(
        capsys,
        "indicators",
        "--tag",
        "ecology",
        "--source",
        "s000-peoples-daily-2025-01-23",
        "--format",
        "table",
    )
    lines = out.splitlines()
    assert lines[0].split()[:4] == ["id", "subject", "what", "value"]
    assert len(lines) - 1 == len(
        dataset.query(tag="ecology", source="s000-peoples-daily-2025-01-23")
    )


def test_indicators_with_unknown_names(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "indicators", "--metric", "happiness")
    assert status == 1
    assert "no metric 'happiness'" in err
    status, _, err = run(capsys, "indicators", "--tag", "gossip")
    assert status == 2
    assert "invalid choice" in err


def test_convert(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "convert", "7,800 mu", "hectare")
    assert (status, out) == (0, "7,800 mu = 520 ha\n")
    status, out, _ = run(capsys, "convert", "100 million yuan", "USD", "--on", "2025-01")
    assert status == 0
    assert out.startswith("100,000,000 CNY = about 13,700,000 USD\n")
    assert "2025-01 average" in out
    _, out, _ = run(capsys, "convert", "200-400 tonnes", "jin", "--format", "json")
    data = json.loads(out)
    assert data["converted"]["lower"] == pytest.approx(400_000)
    assert data["rate"] is None


@pytest.mark.parametrize(
    ("arguments", "shown"),
    [
        (("500 mu", "hectare"), "500 mu = about 33.3 ha"),
        (("over 7,800 mu", "ha"), "at least 7,800 mu = at least 520 ha"),
        (("120 square kilometers", "mu"), "120 km² = 180,000 mu"),
        (("3,000,000 mu", "km²"), "3,000,000 mu = 2,000 km²"),
        (("3.7 wan yuan", "wan * CNY"), "37,000 CNY = 3.7 wan yuan"),
        (("13.67 million dollars", "wan * USD"), "13,670,000 USD = 1,367 wan USD"),
        (("200-400 tonnes", "jin"), "200-400 t = 400,000-800,000 jin"),
        (("1.4 trillion yuan", "USD", "--on", "2020"), "1.4 trillion CNY = about 203 billion USD"),
        (("13.67 million dollars", "CNY", "--on", "2025"), "13,670,000 USD = about 98,250,000 CNY"),
    ],
)
def test_convert_shows_the_stated_precision(
    capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], shown: str
) -> None:
    status, out, _ = run(capsys, "convert", *arguments)
    assert status == 0
    assert out.splitlines()[0] == shown


def test_convert_json_stays_exact(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "convert", "500 mu", "hectare", "--format", "json")
    data = json.loads(out)
    assert data["converted"]["value"] == 500 / 15
    assert data["converted"]["unit"] == "hectare"
    _, out, _ = run(
        capsys, "convert", "1.4 trillion yuan", "USD", "--on", "2020", "--format", "json"
    )
    data = json.loads(out)
    assert data["stated"]["value"] == 1_400_000_000_000
    assert "e" not in str(data["stated"]["value"])


def test_convert_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "convert", "7,800 mu", "tonne")
    assert status == 1
    assert "swchina-dev:" in err
    status, _, err = run(capsys, "convert", "100 million yuan", "USD")
    assert status == 1
    assert "needs an exchange rate" in err
    status, _, err = run(capsys, "convert", "lots of mu", "hectare")
    assert status == 1
    status, _, err = run(capsys, "convert", "7,800 mu")
    assert status == 2


def test_fx(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "fx", "100000000", "CNY", "USD", "--on", "2025-01")
    assert status == 0
    lines = out.splitlines()
    assert lines[0] == "100,000,000 CNY = about 13,700,000 USD"  # the stated precision, at least 3
    assert lines[1].startswith("at 1 CNY = 0.137022 USD (2025-01 average")
    assert lines[2].startswith("source: European Central Bank")
    _, out, _ = run(capsys, "fx", "1,000", "USD", "CNY", "--on", "2021", "--format", "json")
    data = json.loads(out)
    assert data["rate"]["value"] == pytest.approx(6.4491)
    assert data["converted"]["unit"] == "CNY"


def test_fx_shows_the_stated_precision(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "fx", "1234.56", "USD", "CNY", "--on", "2021")
    assert out.splitlines()[0] == "1,234.56 USD = about 7,961.8 CNY"  # six digits stated
    _, out, _ = run(capsys, "fx", "7e10", "CNY", "USD", "--on", "2020")
    assert out.splitlines()[0] == "70 billion CNY = about 10.1 billion USD"
    _, out, _ = run(capsys, "fx", "100000000", "CNY", "USD", "--on", "2025-01", "--format", "json")
    assert json.loads(out)["converted"]["value"] == pytest.approx(13_702_196.46, abs=0.01)


def test_fx_errors(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "fx", "100", "CNY", "USD", "--on", "1999")
    assert status == 1
    assert "RateNotFoundError" not in err
    assert "swchina-dev:" in err
    status, _, _ = run(capsys, "fx", "100", "CNY", "USD", "--on", "1999", "--nearest")
    assert status == 0
    status, _, err = run(capsys, "fx", "100", "CNY", "EUR", "--on", "2020")
    assert status == 1
    status, _, err = run(capsys, "fx", "inf", "CNY", "USD", "--on", "2020")
    assert status == 2
    status, _, err = run(capsys, "fx", "100", "CNY", "USD")
    assert status == 2
    assert "--on" in err


def test_audit(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "audit")
    assert status == 0
    table, _, note = out.partition("\n\n")
    lines = table.splitlines()
    assert lines[0].split() == [
        "indicator",
        "stated",
        "converted",
        "difference",
        "consistent",
        "why",
    ]
    assert len(lines) - 1 == len(sw.conversion.audit_conversions())
    assert note.startswith("tolerance: 2% (--tolerance); consistent: ")
    _, out, _ = run(capsys, "audit", "--tolerance", "0", "--inconsistent", "--format", "json")
    rows = json.loads(out)
    assert rows
    assert not any(row["consistent"] for row in rows)
    assert all(row["explanation"] for row in rows)


def test_audit_table_is_readable_and_csv_exact(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "audit")
    rows = {line.split()[0]: line for line in out.partition("\n\n")[0].splitlines()[1:]}
    assert "at least 7,800 mu" in rows["s000-chengmanyuan-fruit-area"]
    assert "at least 520 ha " in rows["s000-chengmanyuan-fruit-area"]
    assert "1.4 trillion CNY" in rows["s003-guizhou-industrial-output-value-2020"]
    assert "217.7 billion USD" in rows["s003-guizhou-industrial-output-value-2020"]
    _, out, _ = run(capsys, "audit", "--format", "csv")
    exact = {row["indicator"]: row for row in csv.DictReader(io.StringIO(out))}
    assert exact["s000-chengmanyuan-fruit-area"]["converted"] == "at least 520 hectare"
    assert exact["s003-guizhou-industrial-output-value-2020"]["stated"] == ("1,400,000,000,000 CNY")


@pytest.mark.parametrize("form", ["json", "csv", "parquet", "datapackage"])
def test_export(capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str) -> None:
    target = tmp_path / ("data.json" if form == "json" else form)
    status, out, _ = run(capsys, "export", str(target), "--format", form)
    assert status == 0
    assert out == f"wrote {target}\n"
    if form == "parquet":
        assert sorted(p.name for p in target.iterdir()) == [
            "indicators.parquet",
            "manifest.json",
            "regions.parquet",
        ]
    else:
        assert read_dataset(target).indicators.keys() == sw.load().indicators.keys()


def test_export_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    status, _, err = run(capsys, "export", str(blocker / "out"), "--format", "csv")
    assert status == 1
    assert "cannot write" in err
    status, _, err = run(capsys, "export", str(tmp_path / "x"), "--format", "xlsx")
    assert status == 2


def test_user_data_joins_the_bundled(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    (tmp_path / "regions.csv").write_text(
        "code,name,name_zh,pinyin,level,kind,parent\n"
        "520502-demo,Demo Village,示范村,Shìfàn Cūn,village,village,520502\n",
        encoding="utf-8",
    )
    status, out, _ = run(capsys, "--data", str(tmp_path), "lookup", "示范村")
    assert status == 0
    assert out.startswith("Demo Village (520502-demo) in Qixingguan District")
    (tmp_path / "regions.csv").write_text("code,name\n", encoding="utf-8")
    status, _, err = run(capsys, "--data", str(tmp_path), "regions")
    assert status == 1
    assert "missing columns" in err


def test_a_data_limit_refuses_or_admits_large_files(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "regions.csv").write_text(
        "code,name,name_zh,pinyin,level,kind,parent\n"
        "520502-demo,Demo Village,示范村,Shìfàn Cūn,village,village,520502\n",
        encoding="utf-8",
    )
    refused = ("--data", str(tmp_path), "--data-limit", "0", "lookup", "示范村")
    status, _, err = run(capsys, *refused)
    assert status == 1
    assert "too large" in err
    assert "--data-limit" in err
    assert "max_bytes" not in err
    for limit in ("1", "none", "NONE"):
        status, out, _ = run(
            capsys, "lookup", "示范村", "--data", str(tmp_path), "--data-limit", limit
        )
        assert status == 0
        assert out.startswith("Demo Village (520502-demo)")
    for bad in ("-1", "1.5", "lots"):
        status, _, err = run(capsys, "--data-limit", bad, "regions")
        assert status == 2
        assert "MiB" in err


def test_no_command_and_unknown_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 2
    status, _, err = run(capsys, "frobnicate")
    assert status == 2
    assert "invalid choice" in err
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.startswith("swchina-dev ")


def test_metrics_and_items_list_the_vocabulary_with_their_use(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "metrics", "--format", "json")
    assert status == 0
    metrics = {row["key"]: row for row in json.loads(out)}
    assert set(metrics) == {metric.key for metric in sw.load().metrics}
    assert metrics["planted_area"]["needs_item"] is True
    assert metrics["planted_area"]["figures"] == len(sw.load().query(metric="planted_area"))
    status, out, _ = run(capsys, "items")
    assert status == 0
    header, *rows = out.splitlines()
    assert header.split()[:2] == ["key", "name"]
    assert len(rows) == len(sw.load().items)
    assert any(row.startswith("black_necked_crane ") and "黑颈鹤" in row for row in rows)


def test_indicators_select_by_item(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "indicators", "--item", "walnut")
    assert status == 0
    assert out.splitlines()
    assert all("Planted area of walnuts" in line for line in out.splitlines())
    status, _, err = run(capsys, "indicators", "--item", "unicorn")
    assert status != 0
    assert "unicorn" in err


def test_history_lists_every_record_of_a_code(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history", "520522", "--format", "json")
    assert status == 0
    (timeline,) = json.loads(out)
    (record,) = timeline["records"]
    assert (record["name_zh"], record["start_year"], record["end_year"]) == ("黔西县", 2011, 2021)
    assert record["successors"] == ["520581"]
    assert [event["kind"] for event in timeline["events"]] == ["recoded", "county_to_city"]
    assert timeline["events"][-1]["to_codes"] == ["520581"]
    status, _, err = run(capsys, "history", "999999")
    assert status != 0
    assert "999999" in err
    assert "Traceback" not in err


def test_history_of_a_former_name(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "history", "毕节地区")
    assert status == 0
    assert out.splitlines()[1].split()[:2] == ["522400", "毕节地区"]
    assert "prefecture_to_city: 522400 毕节地区 -> 520500 毕节市 (国函〔2011〕130号)" in out
    status, _, err = run(capsys, "history", "没有这个地方")
    assert status != 0
    assert "没有这个地方" in err


def test_recode_a_file_adds_columns_and_never_pretends_a_split_is_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    table = tmp_path / "mine.csv"
    table.write_text("name,code\nBijie,522401\nLuzhou,510502\nnone,999999\n", encoding="utf-8")
    out_path = tmp_path / "out.csv"
    status, _, _ = run(
        capsys, "recode", "--from", "1990", "--to", "2023", str(table), "--column", "code",
        "-o", str(out_path),
    )  # fmt: skip
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out_path.read_text(encoding="utf-8"))))
    assert list(rows[0])[:2] == ["name", "code"]
    assert [(r["code_2023_target"], r["code_2023_relation"]) for r in rows] == [
        ("", "not_in_use"),
        ("", "split"),
        ("", "not_in_use"),
    ]
    assert rows[1]["code_2023_targets"] == "510502|510503|510504"
    status, out, _ = run(
        capsys, "recode", "--from", "2010", "--to", "2023", str(table), "--column", "code"
    )
    assert status == 0
    first = next(csv.DictReader(io.StringIO(out)))
    assert (first["code_2023_target"], first["code_2023_target_name"]) == ("520502", "七星关区")
    status, _, err = run(
        capsys, "recode", "--from", "2010", "--to", "2023", str(tmp_path), "--column", "code"
    )
    assert status != 0
    assert "not a regular file" in err
    status, _, err = run(
        capsys, "recode", "--from", "2010", "--to", "2023", str(table), "--column", "nope"
    )
    assert status != 0
    assert "nope" in err


def test_recode_maps_codes_of_one_year_to_another(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(
        capsys, "recode", "522401", "522423", "--from", "2010", "--to", "2023", "--format", "csv"
    )
    assert status == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(row["code"], row["relation"], row["targets"]) for row in rows] == [
        ("522401", "recoded", "520502"),
        ("522423", "recoded", "520581"),
    ]
    status, _, err = run(capsys, "recode", "520522", "--from", "2022", "--to", "2023")
    assert status != 0
    assert "retired in 2021" in err
    assert "520581" in err


def test_stats_shows_a_census_profile_beside_the_province(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(capsys, "stats", "Hechi", "--format", "json")
    assert status == 0
    data = json.loads(out)
    assert (data["code"], data["census"], data["province"]) == ("451200", 2020, "450000")
    figures = {row["figure"]: row for row in data["figures"]}
    assert figures["population"]["region"] == 3417945
    assert figures["population"]["province"] == 50126804
    assert "birth_rate" not in figures  # a figure of 2010 only
    status, out, _ = run(capsys, "stats", "522400", "--census", "2010")  # a code of 2010
    assert status == 0
    assert out.startswith("毕节地区 (522400), 2010 census (units of 2010: 522400;")
    status, out, _ = run(capsys, "stats", "Bijie", "--census", "2010", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows[0] == {
        "figure": "population",
        "unit": "",
        "region": "6537498",
        "province": "34748556",
    }
    status, out, _ = run(capsys, "stats", "Bijie", "--all")
    assert status == 0
    assert "population_female_age_85_plus" in out


def test_stats_says_why_a_region_has_no_profile(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "stats", "520603", "--census", "2010")
    assert status == 1
    assert "522201 was split" in err
