"""Fuzz targets: what must hold for any input, and strategies that reach the parsers' corners.

Shared by the bounded CI run (``tests/fuzz/test_fuzz.py``) and the long run by hand
(``scripts/fuzz.py --seconds 600``). A target raises ``AssertionError`` (or lets an unexpected
exception through) when the library breaks a promise: an error that is not a
:class:`~swchina_dev.SwchinaDevError`, a call slower than a second, a result that does not read
back as it was written.
"""

from __future__ import annotations

import json
import math
import tempfile
import time
from pathlib import Path
from typing import Any

from hypothesis import strategies as st

import swchina_dev as sw
from swchina_dev import Measure, ParseError
from swchina_dev.files import read_dataset, read_records
from swchina_dev.text.quantities import format_measure
from tests.rounding import reads_back_within_rounding

#: The promise every call keeps, in seconds.
LIMIT_SECONDS = 1.0

# -- text that looks like a quantity phrase, and text that does not --------------------------------

QUALIFIERS = ["", "over ", "nearly ", "about ", "up to ", "more than ", "at least ", "some "]
MAGNITUDES = ["", " hundred", " thousand", " million", " billion", " trillion", " wan", "万", "亿"]
UNITS = [
    "",
    " mu",
    "亩",
    " hectares",
    " ha",
    " km²",
    " square kilometers",
    " tonnes",
    " jin",
    " yuan",
    "元",
    " US dollars",
    " people",
    " households",
    " percent",
    "%",
    " kilometers",
    " years",
    " kWh",
    " pigs",
    " mu mu",
    " (520 hectares)",
]
RATES = ["", " annually", " per year", " a month", " per mu", "/day", " per per", " per 人"]
TAILS = ["", " of cherry trees", ".", ",", " and more", " 🙂"]
LOOK_ALIKES = [
    str.maketrans({"s": "ſ"}),
    str.maketrans({"k": "\u212a"}),
    str.maketrans({"i": "ı"}),
    str.maketrans({"i": "İ", "I": "İ"}),
]
ODD = [
    "\u00a0",
    "\u3000",
    "\u200f",
    "\u202e",
    "\u200b",
    "\ufeff",
    "\x00",
    "\t",
    "\n",
    "\u2028",
    "－",
    "−",
    "，",
    "．",
    "７",
    "٣",
    "e",
    "E+308",
    "**",
    "^",
    "(",
    ")",
    "-",
    "–",
    "$",
    "¥",
    "US$",
    "RMB ",
    "nan",
    "inf",
    "0x1F",
    "1_000",
]


@st.composite
def numbers(draw: st.DrawFn) -> str:
    """A number as articles (and typos) write it: groups, decimals, words, huge, tiny."""
    kind = draw(st.sampled_from(["int", "grouped", "decimal", "word", "huge", "junk"]))
    if kind == "int":
        return str(draw(st.integers(0, 10**12)))
    if kind == "grouped":
        return f"{draw(st.integers(0, 10**15)):,}"
    if kind == "decimal":
        return repr(draw(st.floats(0, 1e6, allow_nan=False, allow_infinity=False)))
    if kind == "word":
        return draw(st.sampled_from(["one", "five", "twenty-one", "ninety-nine", "zero", "ten"]))
    if kind == "huge":
        return draw(st.sampled_from(["9" * 30, "9" * 31, "1" + ",000" * 10, "0." + "0" * 30 + "1"]))
    return draw(st.text(alphabet="0123456789,. -", min_size=1, max_size=12))


@st.composite
def phrases(draw: st.DrawFn) -> str:
    """A quantity phrase, a range, or either with odd characters spliced in."""
    first = draw(numbers()) + draw(st.sampled_from(MAGNITUDES))
    if draw(st.booleans()):
        joiner = draw(st.sampled_from(["-", " to ", "–", " and "]))
        start = draw(st.sampled_from(["", "between ", "from "]))
        first = f"{start}{first}{joiner}{draw(numbers())}{draw(st.sampled_from(MAGNITUDES))}"
    text = (
        draw(st.sampled_from(QUALIFIERS))
        + draw(st.sampled_from(["", "$", "¥", "RMB "]))
        + first
        + draw(st.sampled_from(UNITS))
        + draw(st.sampled_from(RATES))
        + draw(st.sampled_from(TAILS))
    )
    if draw(st.booleans()):  # letters that case-insensitive matching takes for ASCII ones
        text = text.translate(draw(st.sampled_from(LOOK_ALIKES)))
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(ODD)) + text[at:]
    return text


#: Anything: structured phrases, arbitrary Unicode (surrogates included), and long text.
texts = st.one_of(
    phrases(),
    st.text(max_size=80),
    st.text(st.characters(codec=None), max_size=40),
    st.builds(
        lambda unit, count: unit * count,
        st.sampled_from(["7", "7,", " ", "万", "e9"]),
        st.integers(100, 2000),
    ),
)


def timed(call: Any, *args: Any, **options: Any) -> Any:
    """Call, and assert the call kept the one-second promise."""
    start = time.perf_counter()
    try:
        return call(*args, **options)
    finally:
        seconds = time.perf_counter() - start
        assert seconds <= LIMIT_SECONDS, f"{seconds:.2f} s for {args!r:.200}"


def attempt(call: Any, *args: Any, **options: Any) -> tuple[Any, sw.SwchinaDevError | None]:
    """Call within the time promise; return (result, None) or (None, the library's error)."""
    try:
        return timed(call, *args, **options), None
    except sw.SwchinaDevError as error:
        return None, error


def check_parse_quantity(text: str) -> None:
    """parse_quantity returns a sound measure or raises ParseError; what it writes reads back."""
    measure, error = attempt(sw.parse_quantity, text)
    if error is not None:
        assert isinstance(error, ParseError), repr(error)
        message = str(error)
        assert "at character" in message or "characters" in message or "from" in message
        return
    assert isinstance(measure, Measure)
    for number in (measure.magnitude, measure.lower_magnitude, measure.upper_magnitude):
        assert number is None or math.isfinite(number)
    if measure.lower_magnitude is not None and measure.upper_magnitude is not None:
        assert measure.lower_magnitude <= measure.upper_magnitude
    try:
        written = format_measure(measure)
    except sw.SwchinaDevError:  # a number of 31 digits in full
        return
    again = timed(sw.parse_quantity, written)
    # A figure of more than 15 significant digits is shown to 15: equal up to that rounding.
    assert reads_back_within_rounding(again, measure, None), (
        f"{text!r} -> {measure!r} -> {written!r} -> {again!r}"
    )


# -- whole articles --------------------------------------------------------------------------------

WORDS = [
    "Bijie", "Guizhou Province", "the city", "the company", "Co., Ltd.", "Xi Jinping", "said",
    "village", "of", "in", "(", ")", ", or", "from", "to", "between", "and", "last year",
    "by 2025", "since 2012", "in the past two years", "ranked first", "the most populous",
    "half of", "a decade", "daily", "per minute", "annually", "万元", "亿元", "超过", "近", "多",
    "左右", "三千万元", "毕节市", "2019年", "。", ".", "\n", "No.", "U.S.", "“", "”", "'s",
]  # fmt: skip


@st.composite
def articles(draw: st.DrawFn) -> str:
    """Text made of article words, figure phrases and odd characters, in any order."""
    parts = draw(
        st.lists(st.one_of(st.sampled_from(WORDS), phrases(), st.text(max_size=8)), max_size=60)
    )
    return " ".join(parts)


def check_extract(text: str) -> None:
    """extract returns drafts whose spans quote the text, or raises the library's error."""
    drafts, error = attempt(sw.extract, text, date="2024-01-01")
    if error is not None:
        assert isinstance(error, sw.ValidationError), repr(error)
        return
    last = 0
    for draft in drafts:
        start, end = draft.span
        assert last <= start < end <= len(text), (draft.span, last)
        assert text[start:end] == draft.phrase
        assert (draft.sentence_span[0] <= start and end <= draft.sentence_span[1]) or (
            draft.sentence_span == draft.span
        )
        for number in (draft.measure.magnitude, draft.measure.lower_magnitude):
            assert number is None or math.isfinite(number)
        last = end


# -- files ----------------------------------------------------------------------------------------

HEADER = "code,name,name_zh,pinyin,level,kind,parent,aliases,lat,lon"
ROW = "520502-demo,Demo Village,示范村,Shìfàn Cūn,village,village,520502,Demo|示范,27.3,105.3"


@st.composite
def region_csv(draw: st.DrawFn) -> bytes:
    """A regions CSV file, mangled: truncated, re-encoded, cells swapped for odd values."""
    rows = [HEADER] + [
        ROW.replace("demo", f"demo{index}") for index in range(draw(st.integers(0, 4)))
    ]
    cells = [row.split(",") for row in rows]
    for _ in range(draw(st.integers(0, 4))):
        row = draw(st.integers(0, len(cells) - 1))
        column = draw(st.integers(0, len(cells[row]) - 1))
        cells[row][column] = draw(
            st.one_of(
                st.sampled_from([*ODD, "", '"', '""', "NaN", "1e999", "-0"]), st.text(max_size=12)
            )
        )
    text = "\n".join(",".join(row) for row in cells) + draw(
        st.sampled_from(["", "\n", "\r\n", "\n\n"])
    )
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030", "latin-1"]))
    data = text.encode(encoding, errors="replace")
    if draw(st.booleans()):
        data = data[: draw(st.integers(0, len(data)))]
    return data


@st.composite
def json_document(draw: st.DrawFn) -> bytes:
    """A JSON file of records, mangled: wrong types, deep nesting, truncation, bad bytes."""
    record: Any = {
        "code": "520502-demo",
        "name": "Demo Village",
        "name_zh": "示范村",
        "pinyin": "Shìfàn Cūn",
        "level": "village",
        "kind": "village",
        "parent": "520502",
    }
    leaf = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=8))
    odd = st.recursive(
        leaf,
        lambda inner: (
            st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
        ),
        max_leaves=8,
    )
    for key in draw(st.lists(st.sampled_from([*record, "extra"]), max_size=3)):
        record[key] = draw(odd)
    text = json.dumps([record] * draw(st.integers(0, 3)), ensure_ascii=False, allow_nan=True)
    shape = draw(st.sampled_from(["plain", "deep", "truncated", "bytes", "object"]))
    if shape == "deep":
        depth = draw(st.integers(1, 50_000))
        text = "[" * depth + text + "]" * depth
    if shape == "object":
        text = json.dumps({"format": "swchina-dev dataset", "regions": json.loads(text or "[]")})
    data = text.encode("utf-8")
    if shape == "truncated":
        data = data[: draw(st.integers(0, len(data)))]
    if shape == "bytes":
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=4)) + data[at:]
    return data


def check_read_records(data: bytes, suffix: str) -> None:
    """read_records returns valid regions or raises a SwchinaDevError naming the file."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"regions{suffix}"
        path.write_bytes(data)
        regions, error = attempt(read_records, path, sw.Region)
        if error is not None:
            assert str(error).strip()
            assert error.file or str(path) in str(error)
            return
        assert all(isinstance(region, sw.Region) for region in regions)


def check_read_dataset(data: bytes, suffix: str) -> None:
    """read_dataset (a folder or a document) returns a dataset or raises a SwchinaDevError."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"regions{suffix}"
        path.write_bytes(data)
        target = path if suffix == ".json" and data.lstrip().startswith(b"{") else Path(folder)
        dataset, error = attempt(read_dataset, target, base=sw.load())
        if error is not None:
            assert str(error).strip()
            return
        assert isinstance(dataset, sw.Dataset)
