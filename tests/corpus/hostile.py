"""The hostile-input corpus of #17: each case by kind, with what must come of it.

Kinds (the review's): `data_loss` (a write that fails or is refused must leave what was there),
`hang` (large or crafted input: must finish within the time limit), `outside` (a path leaving
the dataset folder), `wrong_result` (a result that is silently wrong), `wrong_exception` (an
error that is not the library's). Each case is a function: it raises the library's error when
`expect` is `"error"`, or returns True when `expect` is `"ok"` (the check passed).

[run_case][tests.corpus.hostile.run_case] runs one in a forked child under a time limit, so that
even a hang in C code (pint's `9**9**9`) is cut off; `scripts/hostile_corpus.py` counts outcomes.
"""

from __future__ import annotations

import copy
import io
import json
import math
import os
import pickle
import select
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import swchina_dev as sw

#: Seconds a case may take (generous: every case takes well under a second).
LIMIT_SECONDS = 5.0


class Hostile(NamedTuple):
    """A hostile input: its kind, a name, the call, and whether it must fail or succeed."""

    kind: str
    id: str
    call: Callable[[], Any]
    expect: str = "error"  # "error": a SwchinaDevError; "ok": returns True
    says: str | None = None  # text the error must hold (it refused for the right reason)


def untyped(value: object) -> Any:
    """Pass a value of the wrong type past the type checker: the point of a hostile input."""
    return value


def folder() -> Path:
    return Path(tempfile.mkdtemp(prefix="hostile-"))


def files_of(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {"": path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))}


def with_version(dataset: sw.Dataset, version: str) -> sw.Dataset:
    names = ("regions", "groupings", "zones", "enterprises", "sources", "metrics", "indicators")
    return sw.Dataset(
        **{name: getattr(dataset, name) for name in names},
        items=dataset.items,
        data_version=version,
    )


# -- data loss ------------------------------------------------------------------------------------


def _kept_after(write: Callable[[Path], Any], first: Callable[[Path], Any]) -> bool:
    """Write once with `first`, then with `write` (which must fail): the old copy stays."""
    target = folder() / "target"
    first(target)
    before = files_of(target)
    try:
        write(target)
    except sw.SwchinaDevError:
        pass
    else:
        return False  # the bad write was accepted
    return files_of(target) == before and sorted(p.name for p in target.parent.iterdir()) == [
        "target"
    ]


def _lossy_dataset() -> sw.Dataset:
    """A dataset whose one region's name holds a lone surrogate (built past the validators)."""
    import attrs

    from swchina_dev.models.validators import trusted_input

    bundled = sw.load()
    with trusted_input():
        bad = attrs.evolve(bundled.regions["520500"], name="Bi\udcaejie")
        return sw.Dataset(
            regions=[bad if r.code == "520500" else r for r in bundled.regions],
            data_version="bad",
        )


def _fsize_limited_write(kind: str) -> bool:
    """A write under a file-size limit (as on a full disk) leaves the old copy."""
    target = folder() / ("data.json" if kind == "json" else "data")
    sw.files.write_dataset(sw.load(), target, format=kind)
    before = files_of(target)
    script = (
        "import resource, swchina_dev as sw\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (30000, 30000))\n"
        "try:\n"
        f"    sw.files.write_dataset(sw.load(), {str(target)!r}, format={kind!r})\n"
        "except sw.SwchinaDevError:\n"
        "    pass\n"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    subprocess.run([sys.executable, "-c", script], env=environment, capture_output=True)
    return files_of(target) == before


def _user_folder_kept(write: Callable[[Path], Any]) -> bool:
    target = folder() / "mine"
    target.mkdir()
    (target / "regions.csv").write_text("my own regions\n", encoding="utf-8")
    try:
        write(target)
    except sw.DataFileError as error:
        said = "overwrite" in str(error)
    else:
        said = False
    return said and (target / "regions.csv").read_text(encoding="utf-8") == "my own regions\n"


def _cli_user_folder_kept() -> bool:
    from swchina_dev.cli import main

    target = folder() / "mine"
    target.mkdir()
    (target / "regions.csv").write_text("mine\n", encoding="utf-8")
    stderr = io.StringIO()
    old, sys.stderr = sys.stderr, stderr
    try:
        status = main(["export", str(target), "--format", "csv"])
    finally:
        sys.stderr = old
    return status == 1 and "--overwrite" in stderr.getvalue()


def _round_trip(form: str) -> bool:
    bundled = sw.load()
    target = folder() / ("data.json" if form == "json" else "data")
    sw.files.write_dataset(bundled, target, format=form)
    back = sw.files.read_dataset(target)
    return tuple(back.indicators) == tuple(bundled.indicators) and tuple(back.regions) == tuple(
        bundled.regions
    )


def _csv_formula_round_trip() -> bool:
    region = sw.Region(
        "520502-demo", "=1+2", "示范村", "-x", "village", "village", "520502", note="@cmd"
    )
    path = sw.files.write_records([region], folder() / "regions.csv")
    text = path.read_text(encoding="utf-8")
    risky = any(
        cell.startswith(("=", "+", "-", "@")) for cell in text.replace("\n", ",").split(",")
    )
    return not risky and sw.files.read_records(path, sw.Region) == (region,)


def _parquet_kept() -> bool:
    from swchina_dev.tabular.arrow import write_parquet

    return _kept_after(
        lambda target: write_parquet(untyped([1, 2]), target),
        lambda target: write_parquet(sw.load(), target),
    )


DATA_LOSS = [
    Hostile(
        "data_loss",
        "write_dataset json: a lone surrogate keeps the old file",
        lambda: _kept_after(
            lambda t: sw.files.write_dataset(_lossy_dataset(), t),
            lambda t: sw.files.write_dataset(sw.load(), t),
        ),
        "ok",
    ),
    Hostile(
        "data_loss",
        "write_dataset csv: a lone surrogate keeps the old folder",
        lambda: _kept_after(
            lambda t: sw.files.write_dataset(_lossy_dataset(), t, format="csv"),
            lambda t: sw.files.write_dataset(sw.load(), t, format="csv"),
        ),
        "ok",
    ),
    Hostile(
        "data_loss",
        "write_records csv: a lone surrogate keeps the old file",
        lambda: _kept_after(
            lambda t: sw.files.write_records(_lossy_dataset().regions, t, format="csv"),
            lambda t: sw.files.write_records(sw.load().regions, t, format="csv"),
        ),
        "ok",
    ),
    Hostile(
        "data_loss",
        "write_dataset json under a file-size limit",
        lambda: _fsize_limited_write("json"),
        "ok",
    ),
    Hostile(
        "data_loss",
        "write_dataset csv under a file-size limit",
        lambda: _fsize_limited_write("csv"),
        "ok",
    ),
    Hostile("data_loss", "write_parquet that fails keeps the old file", _parquet_kept, "ok"),
    Hostile(
        "data_loss",
        "write_dataset csv into a user's folder",
        lambda: _user_folder_kept(lambda t: sw.files.write_dataset(sw.load(), t, format="csv")),
        "ok",
    ),
    Hostile(
        "data_loss",
        "write_drafts into a user's folder",
        lambda: _user_folder_kept(lambda t: sw.files.write_drafts([], t)),
        "ok",
    ),
    Hostile(
        "data_loss", "export into a user's folder says --overwrite", _cli_user_folder_kept, "ok"
    ),
    Hostile(
        "data_loss",
        "a non-string note is refused before writing",
        lambda: sw.Source("x", "p", "t", None, "news_article", note=untyped(5)),
    ),
    Hostile(
        "data_loss",
        "an integer data version is refused before writing",
        lambda: sw.Dataset(regions=(), data_version=untyped(2024)),
    ),
    Hostile("data_loss", "a dataset folder reads back equal", lambda: _round_trip("csv"), "ok"),
    Hostile("data_loss", "a dataset document reads back equal", lambda: _round_trip("json"), "ok"),
    Hostile(
        "data_loss", "formula-like cells are escaped and read back", _csv_formula_round_trip, "ok"
    ),
    Hostile(
        "data_loss",
        "a CurrencyConversion pickles equal to itself",
        lambda: (
            (c := sw.convert_currency(sw.Q_(3.7, "wan * CNY"), "USD", 2024))
            == pickle.loads(pickle.dumps(c))
            == copy.deepcopy(c)
            == copy.copy(c)
        ),
        "ok",
    ),
]


# -- hangs and unbounded work --------------------------------------------------------------------


def _write(name: str, text: str) -> Path:
    path = folder() / name
    path.write_text(text, encoding="utf-8")
    return path


def _fifo() -> Path:
    path = folder() / "pipe.csv"
    os.mkfifo(path)
    return path


def _cli_fails(arguments: list[str]) -> bool:
    """Run the command line here; True when it failed with a message and no traceback."""
    from swchina_dev.cli import main

    stderr = io.StringIO()
    old, sys.stderr = sys.stderr, stderr
    try:
        status = main(arguments)
    finally:
        sys.stderr = old
    return status in (1, 2) and "Traceback" not in stderr.getvalue()


def _cli_data_fifo() -> Any:
    from swchina_dev.cli import main

    stderr = io.StringIO()
    old, sys.stderr = sys.stderr, stderr
    try:
        status = main(["stats", "--data", str(_fifo())])
    finally:
        sys.stderr = old
    return status in (1, 2) and "Traceback" not in stderr.getvalue()


HEADER = "code,name,name_zh,pinyin,level,kind,parent\n"
_ONE_MU = sw.Measure.from_parts(1, "mu")

HANGS = [
    Hostile("hang", "Q_('9**9**9 m')", lambda: sw.Q_("9**9**9 m")),
    Hostile("hang", "Q_(1, 'm ** 9 ** 9 ** 9')", lambda: sw.Q_(1, "m ** 9 ** 9 ** 9")),
    Hostile("hang", "ureg('9**9**9')", lambda: sw.units.ureg("9**9**9")),
    Hostile(
        "hang",
        "ureg.Quantity('2**2**2**2**2 m')",
        lambda: sw.units.ureg.Quantity("2**2**2**2**2 m"),
    ),
    Hostile("hang", "ureg.Unit('m**99**99')", lambda: sw.units.ureg.Unit("m**99**99")),
    Hostile("hang", "Q_ of a megabyte of parentheses", lambda: sw.Q_("(" * 1_000_000 + "m")),
    Hostile(
        "hang", "Q_('1 m').to('km ** 9 ** 9 ** 9')", lambda: sw.Q_(1, "m").to("km ** 9 ** 9 ** 9")
    ),
    Hostile("hang", "Q_ of an arithmetic expression", lambda: sw.Q_("(2 + 3) * 4 m")),
    Hostile("hang", "Q_ of a Python call", lambda: sw.Q_("__import__('os').getcwd()")),
    Hostile(
        "hang",
        "20,000 empty objects",
        lambda: sw.files.read_records(
            _write("empty.json", "[" + ",".join(["{}"] * 20000) + "]"), sw.Region
        ),
    ),
    Hostile(
        "hang",
        "a CSV header of 40,000 columns",
        lambda: sw.files.read_records(
            _write("wide.csv", ",".join(f"c{i}" for i in range(40000)) + "\n"), sw.Region
        ),
    ),
    Hostile(
        "hang",
        "20,000 bad rows",
        lambda: sw.files.read_records(
            _write("bad.csv", HEADER + "x,y,z,w,nope,nope,p\n" * 20000), sw.Region
        ),
    ),
    Hostile(
        "hang",
        "to_json with an indent of a billion",
        lambda: sw.serialization.to_json([1], indent=10**9),
    ),
    Hostile(
        "hang",
        "total over a million measures",
        lambda: sw.total(_ONE_MU for _ in range(1_000_000)).magnitude == 1_000_000,
        "ok",
    ),
    Hostile("hang", "read_records on a FIFO", lambda: sw.files.read_records(_fifo(), sw.Region)),
    Hostile("hang", "read_dataset on a FIFO", lambda: sw.files.read_dataset(_fifo())),
    Hostile("hang", "read_csv_table on a FIFO", lambda: sw.files.read_csv_table(_fifo())),
    Hostile("hang", "--data on a FIFO", _cli_data_fifo, "ok"),
    Hostile(
        "hang",
        "extract of a FIFO",
        lambda: _cli_fails(["extract", str(_fifo()), "--date", "2024-01-01"]),
        "ok",
    ),
]


# -- outside the folder --------------------------------------------------------------------------


def _dataset_folder() -> Path:
    """A small dataset folder of ours (the country and its provinces)."""
    top = [r for r in sw.load().regions if r.level in (sw.Level.COUNTRY, sw.Level.PROVINCE)]
    return sw.files.write_dataset(sw.Dataset(regions=top), folder() / "data", format="csv")


def _manifest_naming(name: Callable[[Path], str]) -> Any:
    data = _dataset_folder()
    outside = data.parent / "outside.csv"  # a valid file: reading it would succeed
    outside.write_bytes((data / "regions.csv").read_bytes())
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["regions"] = name(outside)
    (data / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    return sw.files.read_dataset(data)


def _linked(link: str, to: Callable[[Path], Path]) -> Any:
    data = _dataset_folder()
    outside = data.parent / "outside.csv"  # a valid file: reading it would succeed
    outside.write_bytes((data / link).read_bytes())
    (data / link).unlink()
    (data / link).symlink_to(to(outside))
    return sw.files.read_dataset(data)


# Every refusal must say why: an error for another reason (a bad row) is a wrong result.
OUT = "outside the dataset folder"
_NAMED: list[tuple[str, Callable[[Path], str]]] = [
    ("../outside.csv", lambda p: "../outside.csv"),
    ("../../x.csv", lambda p: "../../x.csv"),
    ("an absolute path", str),
    ("/etc/passwd", lambda p: "/etc/passwd"),
    ("a/../../outside.csv", lambda p: "a/../../outside.csv"),
]
_LINKS: list[tuple[str, str, Callable[[Path], Path]]] = [
    ("a collection file linked outside", "regions.csv", lambda p: p),
    ("the manifest linked outside", "manifest.json", lambda p: p),
    ("a relative link outside", "zones.csv", lambda p: Path("../outside.csv")),
]
OUTSIDE = [
    *(
        Hostile(
            "outside", f"a manifest naming {shown}", lambda n=name: _manifest_naming(n), says=OUT
        )
        for shown, name in _NAMED
    ),
    *(
        Hostile("outside", shown, lambda link=link, to=to: _linked(link, to), says=OUT)
        for shown, link, to in _LINKS
    ),
]


# -- wrong results -------------------------------------------------------------------------------


def _pickled_nan_measure() -> Any:
    measure = sw.Measure.from_parts(1.0, "mu")
    data = pickle.dumps(measure, protocol=2)
    tampered = data.replace(
        pickle.dumps(1.0, protocol=2)[2:-1], pickle.dumps(math.nan, protocol=2)[2:-1]
    )
    return pickle.loads(tampered)


def _cli_within_empty() -> bool:
    from swchina_dev.cli import main

    stderr, stdout = io.StringIO(), io.StringIO()
    old = sys.stderr, sys.stdout
    sys.stderr, sys.stdout = stderr, stdout
    try:
        status = main(["regions", "--within", ""])
    finally:
        sys.stderr, sys.stdout = old
    return status != 0 and "Traceback" not in stderr.getvalue()


WRONG_RESULTS = [
    Hostile(
        "wrong_result",
        "duplicate keys in a records file",
        lambda: sw.files.read_records(
            _write("dup.json", '[{"code": "520500", "name": "A", "name": "B"}]'), sw.Region
        ),
    ),
    Hostile(
        "wrong_result",
        "duplicate keys at a dataset's top level",
        lambda: sw.files.read_dataset(
            _write("dup.json", '{"format": "swchina-dev dataset", "regions": [], "regions": []}')
        ),
    ),
    Hostile(
        "wrong_result",
        "from_json with duplicate keys",
        lambda: sw.serialization.from_json('{"value": 1, "value": 2, "unit": "mu"}', sw.Measure),
    ),
    Hostile(
        "wrong_result",
        "a lone surrogate in a name",
        lambda: sw.Region("520502-x", "Bi\udcaejie", None, None, "village", "village", "520502"),
    ),
    Hostile(
        "wrong_result",
        "convert_column overflowing",
        lambda: sw.conversion.convert_column([1e308], "kilometer", "millimeter"),
    ),
    Hostile(
        "wrong_result",
        "convert_column overflowing through a rate",
        lambda: sw.conversion.convert_column([1e308], "CNY", "cent", on=2021),
    ),
    Hostile(
        "wrong_result",
        "convert_unit overflowing",
        lambda: sw.convert_unit(sw.Measure.from_parts(1e308, "kilometer"), "millimeter"),
    ),
    Hostile("wrong_result", "unpickling a tampered NaN measure", _pickled_nan_measure),
    Hostile(
        "wrong_result",
        "roll_up_columns with a missing value",
        lambda: sw.aggregate.roll_up_columns(
            ["520502", "520521"], [1.0, math.nan], "mu", "prefecture"
        ),
    ),
    Hostile(
        "wrong_result",
        "roll_up_columns overflowing in the target unit",
        lambda: sw.aggregate.roll_up_columns(
            ["520502", "520521"],
            [1e300, 1.0],
            "kilometer ** 2",
            "prefecture",
            to_unit="millimeter ** 2",
        ),
    ),
    Hostile("wrong_result", "--within '' is refused", _cli_within_empty, "ok"),
]


# -- wrong exceptions ----------------------------------------------------------------------------


def _deep() -> Any:
    value: list[Any] = []
    for _ in range(100_000):
        value = [value]
    return value


def _itself() -> Any:
    value: list[Any] = []
    value.append(value)
    return value


_MAIN = "import sys; from swchina_dev.cli import main; sys.exit(main(sys.argv[1:]))"


def _cli(arguments: list[str], environment: dict[str, str]) -> bool:
    """Run the command line in a process; True when it printed no traceback."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), **environment}
    result = subprocess.run([sys.executable, "-c", _MAIN, *arguments], env=env, capture_output=True)
    return result.returncode == 0 and b"Traceback" not in result.stderr


def _cli_closed_pipe() -> bool:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    reader, writer = os.pipe()
    os.close(reader)
    result = subprocess.run(
        [sys.executable, "-c", _MAIN, "regions", "--within", "520500"],
        env=env,
        stdout=writer,
        stderr=subprocess.PIPE,
    )
    os.close(writer)
    return b"Traceback" not in result.stderr


WRONG_EXCEPTIONS = [
    Hostile("wrong_exception", "Dataset(regions=5)", lambda: sw.Dataset(regions=untyped(5))),
    Hostile(
        "wrong_exception", "Dataset(regions=['x'])", lambda: sw.Dataset(regions=untyped(["x"]))
    ),
    Hostile(
        "wrong_exception",
        "read_records(..., references='x')",
        lambda: sw.files.read_records(_write("r.csv", HEADER), sw.Region, untyped("x")),
    ),
    Hostile(
        "wrong_exception",
        "years_between(1, 2)",
        lambda: sw.aggregate.years_between(untyped(1), untyped(2)),
    ),
    Hostile(
        "wrong_exception",
        "convert_currency of an object array",
        lambda: sw.convert_currency(
            sw.Q_(__import__("numpy").array([object()], dtype=object), "CNY"), "USD", 2021
        ),
    ),
    Hostile(
        "wrong_exception",
        "convert_currency of a string array",
        lambda: sw.convert_currency(sw.Q_(__import__("numpy").array(["1"]), "CNY"), "USD", 2021),
    ),
    Hostile(
        "wrong_exception",
        "check_conversion with a huge integer tolerance",
        lambda: sw.check_conversion(sw.Q_(7800, "mu"), sw.Q_(520, "hectare"), tolerance=10**400),
    ),
    Hostile(
        "wrong_exception",
        "to_json of a 100,000-deep list",
        lambda: sw.serialization.to_json(_deep()),
    ),
    Hostile(
        "wrong_exception",
        "to_json of a list holding itself",
        lambda: sw.serialization.to_json(_itself()),
    ),
    Hostile(
        "wrong_exception",
        "convert_column of strings",
        lambda: sw.conversion.convert_column(["a"], "mu", "hectare"),
    ),
    Hostile("wrong_exception", "Q_('')", lambda: sw.Q_("")),
    Hostile("wrong_exception", "Q_('1 blorp')", lambda: sw.Q_("1 blorp")),
    Hostile("wrong_exception", "Q_('(((m')", lambda: sw.Q_("(((m")),
    Hostile(
        "wrong_exception",
        "the CLI with stdout in ASCII",
        lambda: _cli(["lookup", "毕节"], {"PYTHONIOENCODING": "ascii"}),
        "ok",
    ),
    Hostile(
        "wrong_exception",
        "the CLI's table with stdout in Latin-1",
        lambda: _cli(["regions", "--within", "520500"], {"PYTHONIOENCODING": "latin-1"}),
        "ok",
    ),
    Hostile("wrong_exception", "the CLI on a closed pipe", _cli_closed_pipe, "ok"),
]

CASES = [*DATA_LOSS, *HANGS, *OUTSIDE, *WRONG_RESULTS, *WRONG_EXCEPTIONS]
KINDS = ("data_loss", "hang", "outside", "wrong_result", "wrong_exception")


# -- running a case ------------------------------------------------------------------------------


def _outcome(case: Hostile) -> tuple[str, str]:
    """Run a case here; its outcome (`passed`, `bare exception`, `wrong result`) and a note."""
    try:
        result = case.call()
    except sw.SwchinaDevError as error:
        if case.expect == "error" and (case.says is None or case.says in str(error)):
            return "passed", type(error).__name__
        return "wrong result", f"raised {type(error).__name__}: {error}"[:300]
    except BaseException as error:  # what the corpus is for: any other exception
        return "bare exception", f"{type(error).__name__}: {error}"[:300]
    if case.expect == "ok" and result is True:
        return "passed", "ok"
    return "wrong result", f"returned {result!r}"[:300]


def run_case(case: Hostile, limit: float = LIMIT_SECONDS) -> tuple[str, float, str]:
    """Run a case in a forked child, cut off after `limit` seconds (`hang`).

    Returns:
        The outcome, the seconds it took and a note.
    """
    reader, writer = os.pipe()
    start = time.perf_counter()
    child = os.fork()
    if child == 0:  # the child: run, report, and leave without cleaning up the parent's state
        os.close(reader)
        try:
            outcome = _outcome(case)
            os.write(writer, json.dumps(outcome).encode("utf-8", "backslashreplace"))
        finally:
            os._exit(0)
    os.close(writer)
    chunks: list[bytes] = []
    deadline = start + limit
    while True:
        left = deadline - time.perf_counter()
        ready, _, _ = select.select([reader], [], [], max(left, 0))
        if not ready:
            os.kill(child, signal.SIGKILL)
            os.waitpid(child, 0)
            os.close(reader)
            return "hang", time.perf_counter() - start, f"still running after {limit:g} s"
        data = os.read(reader, 1 << 16)
        if not data:
            break
        chunks.append(data)
    os.close(reader)
    os.waitpid(child, 0)
    seconds = time.perf_counter() - start
    if not chunks:
        return "bare exception", seconds, "the child died without a report"
    outcome, note = json.loads(b"".join(chunks))
    return outcome, seconds, note
