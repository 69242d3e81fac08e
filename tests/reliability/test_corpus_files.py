"""Bad-input corpus: the file readers (read_records, read_dataset) and the command line (main).

Files are written to a temporary folder first; the call that reads them is what the harness
times and checks. The command line reports errors as an exit status and a message on stderr
(1 for an error the library reports, 2 for bad arguments), never as a traceback.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import io
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest

import swchina_dev as sw
from swchina_dev import InvalidFileError, Region, ValidationError
from swchina_dev.cli import main
from swchina_dev.files import assembly, read_dataset, read_records
from swchina_dev.files.csv_format import MAX_CELL_CHARS
from swchina_dev.serialization import from_json
from tests.reliability.harness import Case, check, fails, untyped, works

HEADER = "code,name,name_zh,pinyin,level,kind,parent"
ROW = "520502-demo,Demo Village,示范村,Shìfàn Cūn,village,village,520502"
GOOD = f"{HEADER}\n{ROW}\n"
RECORD = {
    "code": "520502-demo",
    "name": "Demo Village",
    "name_zh": "示范村",
    "pinyin": "Shìfàn Cūn",
    "level": "village",
    "kind": "village",
    "parent": "520502",
}


def utf8(text: str) -> bytes:
    return text.encode("utf-8")


class FileCase(NamedTuple):
    """A file (name and bytes) and what reading it as regions must give (and the error say)."""

    id: str
    name: str
    data: bytes
    valid: bool = False
    says: str | None = None


def bad(id: str, name: str, data: bytes, says: str | None = None) -> FileCase:
    return FileCase(id, name, data, says=says)


def good(id: str, name: str, data: bytes) -> FileCase:
    return FileCase(id, name, data, valid=True)


RECORD_FILES = [
    good("a valid row", "ok.csv", utf8(GOOD)),
    good("UTF-8 with BOM", "bom.csv", b"\xef\xbb\xbf" + utf8(GOOD)),
    good("CRLF line ends", "crlf.csv", utf8(GOOD.replace("\n", "\r\n"))),
    good("header only", "header.csv", utf8(HEADER + "\n")),
    good(
        "a formula in a name is just text",
        "formula.csv",
        utf8(GOOD.replace("Demo Village", "=cmd|' /C calc'!A0")),
    ),
    good("a valid JSON list", "ok.json", utf8(json.dumps([RECORD], ensure_ascii=False))),
    bad("empty CSV", "empty.csv", b""),
    bad("empty JSON", "empty.json", b""),
    bad("unknown suffix", "regions.txt", utf8(GOOD)),
    bad("no suffix", "regions", utf8(GOOD)),
    bad("UTF-16", "utf16.csv", GOOD.encode("utf-16"), says="UTF-16"),
    bad("UTF-16 without a BOM", "utf16le.csv", GOOD.encode("utf-16-le"), says="UTF-16"),
    bad("GB 18030", "gb.csv", GOOD.encode("gb18030")),
    bad(
        "Latin-1", "latin1.csv", GOOD.replace("示范村", "Café").encode("latin-1", errors="replace")
    ),
    bad("NUL byte", "nul.csv", utf8(GOOD.replace("Demo", "De\x00mo")), says="NUL byte at byte"),
    bad("NUL byte in the header", "nulhead.csv", b"c\x00" + utf8(GOOD), says="NUL byte at byte 1"),
    bad("truncated row", "truncated.csv", utf8(GOOD[:-30])),
    bad("cut inside a hanzi", "cut.csv", utf8(GOOD)[: utf8(GOOD).index("示".encode()) + 1]),
    bad("extra cells", "extra.csv", utf8(f"{HEADER}\n{ROW},x,y\n")),
    bad("unknown column", "column.csv", utf8(f"{HEADER},population\n{ROW},5\n")),
    bad("missing columns", "missing.csv", utf8("code,name,lat\n520500,Bijie,north\n")),
    bad("duplicate ids", "dup.csv", utf8(f"{GOOD}{ROW}\n")),
    bad(
        "a megabyte cell",
        "megabyte.csv",
        utf8(GOOD.replace("Demo Village", "x" * 1_000_000)),
        says=f"over the limit of {MAX_CELL_CHARS}",
    ),
    bad(
        "a cell one over the limit",
        "overlimit.csv",
        utf8(GOOD.replace("Demo Village", "x" * (MAX_CELL_CHARS + 1))),
        says=f"over the limit of {MAX_CELL_CHARS}",
    ),
    good(
        "a cell at the limit",
        "atlimit.csv",
        utf8(GOOD.replace("Demo Village", "x" * MAX_CELL_CHARS)),
    ),
    bad(
        "a megabyte column name",
        "megahead.csv",
        utf8(GOOD.replace("name_zh", "x" * 1_000_000)),
        says=f"over the limit of {MAX_CELL_CHARS}",
    ),
    bad("a 5000-digit number", "digits.csv", utf8(f"{HEADER},lat\n{ROW},{'9' * 5000}\n")),
    bad("unterminated quote", "quote.csv", utf8(GOOD.replace("Demo", '"Demo'))),
    bad("RTL mark in a code", "rtl.csv", utf8(GOOD.replace("520502-demo", "\u200f520502-demo"))),
    bad(
        "full-width parent code",
        "fullwidth.csv",
        utf8(GOOD.replace(",520502\n", ",５２０５０２\n")),
    ),
    bad("latitude NaN", "nan.csv", utf8(f"{HEADER},lat\n{ROW},nan\n")),
    bad("latitude 1e999", "inf.csv", utf8(f"{HEADER},lat\n{ROW},1e999\n")),
    bad("unknown level", "level.csv", utf8(GOOD.replace("village,village", "galaxy,village"))),
    bad("JSON 100,000 deep", "deep.json", b"[" * 100_000 + b"]" * 100_000),
    bad("JSON object, not a list", "object.json", b"{}"),
    bad("JSON NaN", "nan.json", b'[{"code": NaN}]'),
    bad("JSON 5000-digit number", "digits.json", b'[{"lat": ' + b"9" * 5000 + b"}]", says="digits"),
    bad("JSON truncated", "truncated.json", b'[{"code": "52'),
    bad("JSON bad bytes", "bytes.json", b'[{"code": "\xff"}]'),
    bad(
        "JSON wrong types",
        "types.json",
        utf8(json.dumps([{**RECORD, "lat": "north", "aliases": "x"}])),
    ),
    bad("JSON duplicate ids", "dup.json", utf8(json.dumps([RECORD, RECORD]))),
]


@pytest.mark.parametrize("case", RECORD_FILES, ids=[case.id for case in RECORD_FILES])
def test_read_records(case: FileCase, tmp_path: Path) -> None:
    path = tmp_path / case.name
    path.write_bytes(case.data)
    call = lambda: read_records(path, Region)  # noqa: E731
    if case.valid:
        check(works(case.id, call, lambda regions: all(isinstance(r, Region) for r in regions)))
        return
    outcome = check(fails(case.id, call, InvalidFileError))
    assert str(path) in str(outcome.error), "the message names the file"
    if case.says is not None:
        assert case.says in str(outcome.error), f"the message does not say {case.says!r}"
    if "NUL" in case.id:
        assert "UTF-16" not in str(outcome.error), "a NUL byte is not UTF-16"


LONG_CELLS = [
    ("a cell at the limit", MAX_CELL_CHARS),
    ("a cell one over the limit", MAX_CELL_CHARS + 1),
    ("a megabyte cell", 1_000_000),
]


@pytest.mark.parametrize(("id", "length"), LONG_CELLS, ids=[id for id, _ in LONG_CELLS])
def test_long_cells_do_not_depend_on_the_csv_field_size_limit(
    id: str, length: int, tmp_path: Path
) -> None:
    # csv.field_size_limit is process-wide, and other libraries change it (frictionless raises
    # it): the reader must give the same outcome whatever it is.
    path = tmp_path / "long.csv"
    path.write_text(GOOD.replace("Demo Village", "x" * length), encoding="utf-8")
    outcomes = set()
    previous = csv.field_size_limit()
    try:
        for limit in (10, 131_072, MAX_CELL_CHARS + 1, sys.maxsize):
            csv.field_size_limit(limit)
            outcome = check(
                fails(id, lambda: read_records(path, Region), InvalidFileError)
                if length > MAX_CELL_CHARS
                else works(id, lambda: read_records(path, Region))
            )
            outcomes.add(str(outcome.error) if outcome.error else repr(outcome.result))
    finally:
        csv.field_size_limit(previous)
    assert len(outcomes) == 1, f"{len(outcomes)} different outcomes"


def test_a_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    # Valid files of over 100 bytes: only their size is wrong.
    for name, data in (("big.csv", utf8(GOOD)), ("big.json", utf8(json.dumps([RECORD])))):
        assert len(data) > 100
        (tmp_path / name).write_bytes(data)
        read = functools.partial(read_records, tmp_path / name, Region, max_bytes=100)
        outcome = check(fails(name, read, InvalidFileError))
        assert "too large" in str(outcome.error)
        assert "max_bytes" in str(outcome.error)
        # The caller who trusts the file raises the limit, or lifts it.
        for limit in (len(data), None):
            assert read_records(tmp_path / name, Region, max_bytes=limit)[0].code == RECORD["code"]
        folder = tmp_path / name.replace(".", "_")
        folder.mkdir()
        (folder / f"regions{Path(name).suffix}").write_bytes(data)
        with pytest.raises(InvalidFileError, match="too large"):
            read_dataset(folder, base=sw.load(), max_bytes=100)
        assert read_dataset(folder, base=sw.load(), max_bytes=None).regions[RECORD["code"]]
    path = tmp_path / "limit.json"
    path.write_bytes(b"[]" + b" " * 98)
    at_limit = functools.partial(read_records, path, Region, max_bytes=100)
    check(works("at the limit", at_limit, lambda regions: not regions))


@pytest.mark.parametrize("limit", [-1, 1.5, True, "100"])
def test_a_size_limit_is_a_whole_number_or_none(tmp_path: Path, limit: object) -> None:
    path = tmp_path / "regions.json"
    path.write_text("[]", encoding="utf-8")
    for read in (
        lambda: read_records(path, Region, max_bytes=limit),  # type: ignore[arg-type]
        lambda: read_dataset(None, regions=path, max_bytes=limit),  # type: ignore[arg-type]
        lambda: from_json("[]", list[Region], max_bytes=limit),  # type: ignore[arg-type]
    ):
        with pytest.raises(ValidationError, match="max_bytes"):
            read()


def test_the_default_size_limit_is_kept_and_can_be_lifted() -> None:
    assert assembly.MAX_FILE_BYTES == 256 * 1024 * 1024
    text = "[" + " " * 300 + "]"
    with pytest.raises(sw.ParseError, match="max_bytes"):
        from_json(text, list[Region], max_bytes=100)
    assert from_json(text, list[Region], max_bytes=None) == []


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
@pytest.mark.parametrize("name", ["zero.csv", "zero.json"])
def test_a_device_is_not_opened(name: str, tmp_path: Path) -> None:
    # /dev/zero never ends (and a FIFO would block open): the file type is checked first.
    path = tmp_path / name
    path.symlink_to("/dev/zero")
    for read in (lambda: read_records(path, Region), lambda: read_dataset(None, regions=path)):
        outcome = check(fails(name, read, InvalidFileError, where=str(path)))
        assert "not a regular file" in str(outcome.error)


def test_an_endless_stream_is_read_up_to_the_size_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    # Should a file grow as it is read, at most the limit (here a MiB) is read.
    monkeypatch.setattr(assembly, "MAX_FILE_BYTES", 1 << 20)
    with pytest.raises(assembly.CellError, match="too large"):
        assembly._read_bytes(Path("/dev/zero"))


PATH_CASES = [
    ("a missing file", lambda folder: folder / "nope.csv"),
    ("a folder", lambda folder: folder),
    ("a folder named .csv", lambda folder: _made(folder / "dir.csv")),
    ("a symlink loop", lambda folder: _loop(folder)),
]


def _made(path: Path) -> Path:
    path.mkdir()
    return path


def _loop(folder: Path) -> Path:
    (folder / "a.csv").symlink_to(folder / "b.csv")
    (folder / "b.csv").symlink_to(folder / "a.csv")
    return folder / "a.csv"


@pytest.mark.parametrize(("id", "make"), PATH_CASES, ids=[id for id, _ in PATH_CASES])
def test_read_records_paths(id: str, make: Callable[[Path], Path], tmp_path: Path) -> None:
    path = make(tmp_path)
    check(fails(id, lambda: read_records(path, Region), InvalidFileError))


ARGUMENT_CASES = [
    fails("path None", lambda: read_records(untyped(None), Region), ValidationError),
    fails("path an int", lambda: read_records(untyped(5), Region), ValidationError),
    fails("path bytes", lambda: read_records(untyped(b"x.csv"), Region), ValidationError),
    fails("path with NUL", lambda: read_records("a\x00b.csv", Region), ValidationError),
    fails("dataset path an int", lambda: read_dataset(untyped(5)), ValidationError),
    fails("dataset path with NUL", lambda: read_dataset("a\x00b"), ValidationError),
    fails("regions= None", lambda: read_dataset(None, regions=untyped(None)), ValidationError),
    fails("regions= with NUL", lambda: read_dataset(None, regions="a\x00b.csv"), ValidationError),
    fails(
        "path a lone surrogate",
        lambda: read_records("\ud800.csv", Region),
        InvalidFileError,
        where="cannot read",
    ),
]


@pytest.mark.parametrize("case", ARGUMENT_CASES, ids=[case.id for case in ARGUMENT_CASES])
def test_read_path_arguments(case: Case) -> None:
    outcome = check(case)
    if type(outcome.error) is ValidationError:
        assert outcome.error.field in ("path", "regions"), "the error names the argument"


def test_read_records_refuses_a_class_that_is_not_a_model(tmp_path: Path) -> None:
    path = tmp_path / "ok.csv"
    path.write_text(GOOD, encoding="utf-8")
    check(fails("not a model", lambda: read_records(path, int), ValidationError))


# -- whole datasets -------------------------------------------------------------------------------


class DatasetCase(NamedTuple):
    """Files of a folder, the path read (the folder or one document) and whether it is valid."""

    id: str
    files: dict[str, bytes]
    document: str | None = None
    valid: bool = False


CYCLE = [
    {**RECORD, "code": "520502-a", "parent": "520502-b"},
    {**RECORD, "code": "520502-b", "parent": "520502-a"},
]
DATASET_CASES = [
    DatasetCase("a folder with a valid regions.csv", {"regions.csv": utf8(GOOD)}, valid=True),
    DatasetCase("an empty folder", {}),
    DatasetCase("a broken manifest", {"regions.csv": utf8(GOOD), "manifest.json": b"{"}),
    DatasetCase("a manifest 100,000 deep", {"manifest.json": b"[" * 100_000}),
    DatasetCase("a broken regions.csv", {"regions.csv": utf8(GOOD[:-30])}),
    DatasetCase(
        "indicators naming unknown places", {"indicators.csv": utf8("id,subject_id\nx,atlantis\n")}
    ),
    DatasetCase("a document that is a list", {"doc.json": b"[]"}, "doc.json"),
    DatasetCase("a document of another format", {"doc.json": b'{"format": "x"}'}, "doc.json"),
    DatasetCase(
        "a document 100,000 deep", {"doc.json": b'{"regions": ' + b"[" * 100_000 + b"}"}, "doc.json"
    ),
    DatasetCase(
        "a cycle of parents", {"doc.json": utf8(json.dumps({"regions": CYCLE}))}, "doc.json"
    ),
    DatasetCase(
        "a record that contradicts the base",
        {
            "doc.json": utf8(
                json.dumps(
                    {
                        "regions": [
                            {
                                **RECORD,
                                "code": "520500",
                                "name": "Atlantis",
                                "level": "prefecture",
                                "kind": "prefecture_level_city",
                                "parent": "520000",
                            }
                        ]
                    }
                )
            )
        },
        "doc.json",
    ),
]


@pytest.mark.parametrize("case", DATASET_CASES, ids=[case.id for case in DATASET_CASES])
def test_read_dataset(case: DatasetCase, tmp_path: Path) -> None:
    for name, data in case.files.items():
        (tmp_path / name).write_bytes(data)
    path = tmp_path / case.document if case.document else tmp_path
    call = lambda: read_dataset(path, base=sw.load())  # noqa: E731
    if case.valid:
        check(works(case.id, call, lambda dataset: isinstance(dataset, sw.Dataset)))
        return
    outcome = check(fails(case.id, call, InvalidFileError))
    assert str(tmp_path) in str(outcome.error), "the message names the file"


def test_read_dataset_refuses_an_unknown_collection(tmp_path: Path) -> None:
    check(
        fails(
            "people=",
            lambda: read_dataset(None, people=tmp_path / "x.csv"),
            ValidationError,
            where="people",
        )
    )


# -- the command line -----------------------------------------------------------------------------


class Run(NamedTuple):
    status: int
    out: str
    err: str


def run(argv: list[str]) -> Callable[[], Run]:
    def call() -> Run:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            status = main(argv)
        return Run(status, out.getvalue(), err.getvalue())

    return call


def refused(status: int, where: str) -> Callable[[Any], bool]:
    def accept(result: Run) -> bool:
        return (
            result.status == status
            and where in result.err
            and "Traceback" not in result.err
            and len(result.err) < 20_000
        )

    return accept


def cli(id: str, argv: list[str], status: int, where: str) -> Case:
    return works(f"main: {id}", run(argv), refused(status, where))


CLI_CASES = [
    cli("no command", [], 2, "usage"),
    cli("unknown command", ["teleport"], 2, "teleport"),
    cli("lookup without a name", ["lookup"], 2, "name"),
    cli("lookup nothing", ["lookup", ""], 1, "nothing is called"),
    cli("lookup a megabyte", ["lookup", "x" * 1_000_000], 1, "1000000 characters"),
    cli("lookup an ambiguous name", ["lookup", "Chaoyang"], 1, "candidates"),
    cli("lookup with an RTL mark", ["lookup", "\u200fBijie"], 1, "Bijie"),
    cli("lookup with NUL", ["lookup", "Bijie\x00"], 1, "Bijie"),
    cli("convert an ambiguous number", ["convert", "7 800 mu", "hectare"], 1, "7 800 mu"),
    cli("convert across dimensions", ["convert", "7800 mu", "kg"], 1, "kilogram"),
    cli("convert to a power tower", ["convert", "7800 mu", "m ** 9 ** 9 ** 9"], 1, "m ** 9"),
    cli("convert money without a date", ["convert", "100 yuan", "USD"], 1, "--on"),
    cli("convert money at a bad date", ["convert", "100 yuan", "USD", "--on", "20x"], 1, "20x"),
    cli("fx NaN", ["fx", "nan", "CNY", "USD", "--on", "2020"], 2, "nan"),
    cli("fx infinity", ["fx", "inf", "CNY", "USD", "--on", "2020"], 2, "inf"),
    cli("fx beyond floats", ["fx", "1e309", "CNY", "USD", "--on", "2020"], 2, "1e309"),
    cli("fx overflow", ["fx", "1e308", "USD", "CNY", "--on", "2020"], 1, "overflows"),
    cli("fx euros", ["fx", "1", "EUR", "USD", "--on", "2020"], 1, "EUR"),
    cli("fx in 1900", ["fx", "1", "CNY", "USD", "--on", "1900"], 1, "1900"),
    cli("regions within nowhere", ["regions", "--within", "Atlantis"], 1, "Atlantis"),
    cli("regions at an unknown level", ["regions", "--level", "galaxy"], 2, "galaxy"),
    cli("indicators in year 10**22", ["indicators", "--year", str(10**22)], 1, str(10**22)),
    cli("indicators in year x", ["indicators", "--year", "x"], 2, "'x'"),
    cli("audit with NaN tolerance", ["audit", "--tolerance", "nan"], 1, "tolerance"),
    cli("audit with negative tolerance", ["audit", "--tolerance", "-1"], 1, "tolerance"),
    cli("export to an unknown format", ["export", "out", "--format", "zip"], 2, "zip"),
    cli(
        "data from a missing file",
        ["--data", "/nonexistent/data.json", "lookup", "Bijie"],
        1,
        "/nonexistent/data.json",
    ),
    works(
        "main: version",
        run(["--version"]),
        lambda result: result.status == 0 and "swchina-dev" in result.out,
    ),
]


@pytest.mark.parametrize("case", CLI_CASES, ids=[case.id for case in CLI_CASES])
def test_command_line(case: Case) -> None:
    check(case)


@pytest.mark.parametrize(
    ("id", "data"),
    [
        ("truncated JSON", b'{"regions": [{"code": "52'),
        ("JSON 100,000 deep", b"[" * 100_000 + b"]" * 100_000),
        ("GB 18030 CSV", GOOD.encode("gb18030")),
        ("5000-digit number in JSON", b'[{"lat": ' + b"9" * 5000 + b"}]"),
        ("NUL byte in CSV", utf8(GOOD.replace("Demo", "De\x00mo"))),
    ],
)
def test_command_line_with_bad_data(id: str, data: bytes, tmp_path: Path) -> None:
    path = tmp_path / ("data.csv" if id.endswith("CSV") else "data.json")
    if path.suffix == ".csv":
        path = tmp_path / "regions.csv"
        target = tmp_path
    else:
        target = path
    path.write_bytes(data)
    check(works(id, run(["--data", str(target), "lookup", "Bijie"]), refused(1, str(target))))


def test_command_line_export_into_a_file_path(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    check(
        works(
            "export under a file",
            run(["export", str(blocker / "out.json")]),
            refused(1, str(blocker)),
        )
    )
