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
    ["lookup", "regions", "indicators", "convert", "fx", "audit", "export"],
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
    assert lines[0].split() == ["code", "name", "name_zh", "level", "kind", "parent"]
    assert lines[1].startswith("520502  Qixingguan District")
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


def test_indicators_default_output_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "indicators", "--within", "Weining")
    assert status == 0
    assert out.splitlines()[0] == (
        "Caohai National Nature Reserve: Area at least 120 kilometer ** 2 (asof:2025-01-23, "
        "reported) [People's Daily Online]"
    )
    _, everything, _ = run(capsys, "indicators")
    assert len(everything.splitlines()) == len(sw.load().indicators)


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
    assert lines[0].split()[:4] == ["id", "subject", "metric", "value"]
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
    assert (status, out) == (0, "7,800 mu = 520 hectare\n")
    status, out, _ = run(capsys, "convert", "100 million yuan", "USD", "--on", "2025-01")
    assert status == 0
    assert out.startswith("100,000,000 CNY = 13,702,196.4")
    assert "2025-01 average" in out
    _, out, _ = run(capsys, "convert", "200-400 tonnes", "jin", "--format", "json")
    data = json.loads(out)
    assert data["converted"]["lower"] == pytest.approx(400_000)
    assert data["rate"] is None


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
    assert lines[0] == "100,000,000 CNY = 13,702,196.46 USD"
    assert lines[1].startswith("at 1 CNY = 0.137022 USD (2025-01 average")
    assert lines[2].startswith("source: European Central Bank")
    _, out, _ = run(capsys, "fx", "1,000", "USD", "CNY", "--on", "2021", "--format", "json")
    data = json.loads(out)
    assert data["rate"]["value"] == pytest.approx(6.4491)
    assert data["converted"]["unit"] == "CNY"


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
    lines = out.splitlines()
    assert lines[0].split() == ["indicator", "stated", "converted", "difference", "consistent"]
    assert len(lines) - 1 == len(sw.conversion.audit_conversions())
    _, out, _ = run(capsys, "audit", "--tolerance", "0", "--inconsistent", "--format", "json")
    rows = json.loads(out)
    assert rows
    assert not any(row["consistent"] for row in rows)
    assert all(row["explanation"] for row in rows)


@pytest.mark.parametrize("form", ["json", "csv", "parquet", "datapackage"])
def test_export(capsys: pytest.CaptureFixture[str], tmp_path: Path, form: str) -> None:
    target = tmp_path / ("data.json" if form == "json" else form)
    status, out, _ = run(capsys, "export", str(target), "--format", form)
    assert status == 0
    assert out == f"wrote {target}\n"
    if form == "parquet":
        assert sorted(p.name for p in target.iterdir()) == ["indicators.parquet", "regions.parquet"]
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


def test_no_command_and_unknown_commands(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys)[0] == 2
    status, _, err = run(capsys, "frobnicate")
    assert status == 2
    assert "invalid choice" in err
    status, out, _ = run(capsys, "--version")
    assert status == 0
    assert out.startswith("swchina-dev ")
