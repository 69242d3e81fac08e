"""The command line as a person meets it: conversions shown, checks, errors, tables, pipes."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest

import swchina_dev as sw
from swchina_dev.cli import main, output
from swchina_dev.cli.messages import PYTHON_WORDING, for_people
from swchina_dev.errors import SwchinaDevError


def run(capsys: pytest.CaptureFixture[str], *arguments: str) -> tuple[int, str, str]:
    status = main(list(arguments))
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def _columns(line: str) -> int:
    # Hanzi take two columns of a terminal.
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in line)


# -- indicators in the unit and currency asked ---------------------------------------------------


def test_indicators_in_hectares_and_dollars_at_each_figures_own_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    status, out, _ = run(
        capsys, "indicators", "--within", "Bijie", "--unit", "hectare", "--currency", "USD",
        "--format", "json",
    )  # fmt: skip
    assert status == 0
    records = {record["id"]: record for record in json.loads(out)}
    area = records["s000-chengmanyuan-fruit-area"]
    assert area["measure"]["unit"] == "mu"  # as stored
    assert area["shown"]["measure"]["unit"] == "hectare"
    assert area["shown"]["measure"]["lower"] == pytest.approx(520)
    assert area["shown"]["rate"] is None
    # Money of 2024 at the 2024 average, money "as of" 2025-01-23 at January 2025's.
    for record in records.values():
        rate = record["shown"]["rate"]
        if record["measure"]["unit"].startswith("CNY"):
            assert record["shown"]["measure"]["unit"].startswith("USD")
            period = sw.Period.parse(record["period"])
            expected = sw.exchange_rate("CNY", "USD", period, nearest=True)
            assert rate["value"] == pytest.approx(expected.value)
            assert rate["period"] == str(expected.period)
        else:
            assert rate is None
    periods = {r["shown"]["rate"]["period"] for r in records.values() if r["shown"]["rate"]}
    assert {"2024", "2025-01"} <= periods


def test_indicators_table_and_text_say_which_rate(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "indicators", "--within", "Bijie", "--currency", "USD", "--format",
                    "table")  # fmt: skip
    header, *lines = out.splitlines()
    assert header.split()[-1] == "rate"
    (wage,) = [line for line in lines if "Wage" in line]
    assert "USD/month" in wage
    assert wage.rstrip().endswith("1 CNY = 0.137022 USD (2025-01)")
    _, out, _ = run(capsys, "indicators", "--within", "Bijie", "--currency", "USD")
    (wage,) = [line for line in out.splitlines() if "Wage" in line]
    assert "Wage (one person): at least 822 USD/month (asof:2025-01-23) at 1 CNY = 0.137022" in wage
    # Other figures are shown as stated, with the metric's label, not its key.
    assert "Black-necked cranes: 2,829 (asof:2025-01-23)" in out
    assert "planted_area" not in out


def test_indicators_csv_keeps_the_stored_columns_and_adds_the_shown_ones(
    capsys: pytest.CaptureFixture[str],
) -> None:
    _, plain, _ = run(capsys, "indicators", "--within", "Bijie", "--format", "csv")
    _, shown, _ = run(capsys, "indicators", "--within", "Bijie", "--format", "csv", "--unit", "ha")
    plain_header, shown_header = plain.splitlines()[0], shown.splitlines()[0]
    assert shown_header.startswith(plain_header + ",shown_value,shown_unit")


def test_indicators_with_an_unknown_unit(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "indicators", "--unit", "bogons")
    assert status == 1
    assert err.startswith("swchina-dev: ")
    assert "Traceback" not in err


def test_metric_help_says_where_the_keys_are(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "indicators", "--help")
    assert "'swchina-dev metrics' lists them" in " ".join(out.split())
    status, out, _ = run(capsys, "metrics", "--format", "json")
    assert status == 0
    keys = {row["key"] for row in json.loads(out)}
    assert keys == {metric.key for metric in sw.load().metrics}


# -- check and audit ------------------------------------------------------------------------------


def test_check_a_phrase_with_its_conversion(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", "7,800 mu (520 hectares)")
    assert status == 0
    first, explanation, note = out.splitlines()
    assert first == "7,800 mu -> 520 hectares: consistent (within 2%)"
    assert "the unit registry gives 0.06667" in explanation
    assert note.startswith("consistent: ")
    # A wrong factor (mu taken for 1/16 hectare) is caught.
    _, out, _ = run(capsys, "check", "1,600 mu (100 hectares)")
    assert out.splitlines()[0].endswith("NOT consistent (outside 2%)")


def test_check_two_quantities_at_a_dated_rate(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = run(capsys, "check", "100 million yuan", "$13.67 million", "--on", "2025-01")
    assert status == 0
    assert out.splitlines()[0] == "100 million yuan -> $13.67 million: consistent (within 2%)"
    assert "rate: 1 USD = 7.2981 CNY (2025-01 average" in out
    _, out, _ = run(capsys, "check", "100 million yuan", "$13.67 million", "--on", "2025-01",
                    "--format", "json")  # fmt: skip
    (plain,) = json.loads(out)
    expected = sw.check_conversion(sw.Q_(1e8, "CNY"), sw.Q_(13.67e6, "USD"), on="2025-01")
    assert plain["relative_difference"] == pytest.approx(expected.relative_difference)
    assert plain["rate"]["period"] == "2025-01"


def test_check_every_conversion_a_sentence_states(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "check", "It covers 7,800 mu (520 hectares) and earned 100 million "
                    "yuan ($13.67 million).", "--on", "2025-01", "--format", "json")  # fmt: skip
    assert [row["phrase"] for row in json.loads(out)] == [
        "7,800 mu -> 520 hectares",
        "100 million yuan -> $13.67 million",
    ]


def test_check_errors_say_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "check", "100 million yuan", "$13.67 million")
    assert status == 1
    assert "needs --on" in err
    assert "on=" not in err
    status, _, err = run(capsys, "check", "7,800 mu")
    assert status == 1
    assert "write it as '7,800 mu (520 hectares)'" in err
    status, _, err = run(capsys, "check", "7,800 mu", "5 tonnes")
    assert status == 1
    assert "Traceback" not in err


def test_audit_says_what_its_verdict_means(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "audit")
    table, _, note = out.partition("\n\n")
    rows = {line.split()[0]: line for line in table.splitlines()[1:]}
    # +2.40 % and still consistent: "over $510 billion" is a bound, and the bounds overlap.
    trade = rows["s004-western-china-trade-value-2023"]
    assert "+2.40%" in trade
    assert trade.rstrip().endswith("yes         bounds overlap")
    assert rows["s000-lianshang-output-value"].rstrip().endswith("within 2%")
    assert "tolerance: 2% (--tolerance)" in note
    assert "bounds" in note
    _, out, _ = run(capsys, "audit", "--tolerance", "5%")
    assert "tolerance: 5%" in out


# -- errors in the command line's words -----------------------------------------------------------


def test_errors_name_options_not_keyword_arguments(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = run(capsys, "fx", "100", "CNY", "USD", "--on", "1990")
    assert status == 1
    assert "use --nearest" in err
    assert "nearest=True" not in err
    assert "(field" not in err
    status, _, err = run(capsys, "convert", "100 yuan", "USD", "--on", "2030-01")
    assert "use --nearest" in err
    status, _, err = run(capsys, "fx", "100", "CNY", "USD", "--on", "2025-13")
    assert err == "swchina-dev: cannot read a period from '2025-13': month must be 1-12, got 13\n"


def test_every_translated_wording_is_the_librarys() -> None:
    # Each Python wording translated must still occur in the library's messages, or the
    # translation is dead and the message reaches people untranslated.
    sources = "".join(
        path.read_text(encoding="utf-8")
        for path in Path(sw.__file__).parent.rglob("*.py")
        if "cli" not in path.parts
    )
    for python, _ in PYTHON_WORDING:
        assert python in sources, python


def test_data_file_errors_keep_their_file_and_record() -> None:
    error = SwchinaDevError("bad row", field="value", record="line 3", file="mine.csv")
    assert for_people(error, "regions") == "bad row (file 'mine.csv', record 'line 3')"


@pytest.mark.parametrize(
    ("arguments", "advice"),
    [
        (("lookup", "Chaoyang"), "narrow it with --within REGION"),
        (("indicators", "--within", "Chaoyang"), "or narrow it with a chain of names"),
        (("regions", "--within", "Sanhe"), "or narrow it with a chain of names"),
    ],
)
def test_ambiguity_ends_with_how_to_choose(
    capsys: pytest.CaptureFixture[str], arguments: tuple[str, ...], advice: str
) -> None:
    status, _, err = run(capsys, *arguments)
    assert status == 1
    last = err.splitlines()[-1]
    assert last.startswith("choose one by its code or id (in brackets above)")
    assert advice in last
    assert "within=" not in err


def test_data_before_or_after_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "regions.csv").write_text(
        "code,name,name_zh,pinyin,level,kind,parent\n"
        "520502-demo,Demo Village,示范村,Shìfàn Cūn,village,village,520502\n",
        encoding="utf-8",
    )
    before = run(capsys, "--data", str(tmp_path), "lookup", "示范村")
    after = run(capsys, "lookup", "示范村", "--data", str(tmp_path))
    assert before == after
    assert before[1].startswith("Demo Village (520502-demo)")
    status, _, _ = run(capsys, "lookup", "示范村")
    assert status == 1


def test_convert_and_fx_give_the_rate_in_one_shape(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "convert", "100 yuan", "USD", "--on", "2025-01", "--format", "json")
    converted = json.loads(out)["rate"]
    _, out, _ = run(capsys, "fx", "100", "CNY", "USD", "--on", "2025-01", "--format", "json")
    assert json.loads(out)["rate"] == converted
    assert set(converted) >= {"base", "quote", "value", "period", "source"}


def test_hanzi_units_on_the_command_line(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "convert", "37,000 yuan", "万元")
    assert out == "37,000 CNY = 3.7 wan yuan\n"
    _, out, _ = run(capsys, "convert", "2 万亩", "hectare")
    assert out.startswith("20,000 mu = ")


# -- output that reads well -----------------------------------------------------------------------


def test_tables_fit_a_narrow_terminal_and_keep_codes_whole(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _, wide, _ = run(capsys, "regions", "--within", "Weining")
    monkeypatch.setattr(output, "terminal_width", lambda: 60)
    _, narrow, _ = run(capsys, "regions", "--within", "Weining")
    assert max(map(len, wide.splitlines())) > 60
    lines = [re.sub(r"\x1b\[[0-9;]*m", "", line) for line in narrow.splitlines()]
    assert all(_columns(line) <= 60 for line in lines)
    codes = {region.code for region in sw.load().descendants(sw.load().region("Weining"))}
    # Every code is printed whole, at the start of a line.
    assert codes <= {line.split()[0] for line in lines if line.split()}


def test_table_cells_are_text_not_markup(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "metrics")
    assert "[area]" in out  # a dimensionality, not a rich style


def test_machine_formats_are_never_wrapped(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(output, "terminal_width", lambda: 40)
    _, out, _ = run(capsys, "indicators", "--within", "Weining", "--format", "csv")
    assert "\x1b" not in out
    rows = out.splitlines()
    assert len(rows) == len(sw.load().query(within="Weining")) + 1


def test_lookup_marks_a_retired_division(capsys: pytest.CaptureFixture[str]) -> None:
    _, out, _ = run(capsys, "lookup", "520522")
    assert out.splitlines()[-1] == "status: retired 2021 -> 520581"
    _, out, _ = run(capsys, "lookup", "520581")
    assert "retired" not in out


def test_regions_into_a_closed_pipe_ends_quietly() -> None:
    # `swchina-dev regions | head -1`: the reader goes away after one line.
    process = subprocess.Popen(
        [sys.executable, "-m", "swchina_dev", "regions"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None
    assert process.stdout.readline().split()[0] == b"code"
    process.stdout.close()
    _, err = process.communicate(timeout=120)
    assert process.returncode == 0
    assert err == b""


def test_extract_reads_a_folder_of_articles(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "2024-03-01-orchards.txt").write_text(
        "Bijie's orchards cover 7,800 mu (520 hectares).", encoding="utf-8"
    )
    (folder / "2023-05-02-roads.txt").write_text(
        "Weining County built 120 kilometers of roads in 2022.", encoding="utf-8"
    )
    (folder / "notes.md").write_text("not an article: 5 tonnes", encoding="utf-8")
    status, out, err = run(capsys, "extract", str(folder), "--format", "json")
    assert status == 0, err
    rows = json.loads(out)
    assert {row["phrase"] for row in rows} == {"7,800 mu", "120 kilometers"}
    # Each article's date comes from its file name.
    assert {row["period"] for row in rows} >= {"asof:2024-03-01"}
    assert {row["id"].rsplit("-", 1)[0] for row in rows} == {
        "draft-orchards-2024-03-01",
        "draft-roads-2023-05-02",
    }
    status, _, err = run(capsys, "extract", str(folder / "notes.md"))
    assert status == 1
    assert "--date YYYY-MM-DD" in err
