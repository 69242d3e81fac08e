"""Bad-input corpus: parse_quantity (and format_measure) against hostile text."""

from __future__ import annotations

import pytest

import swchina_dev as sw
from swchina_dev import Q_, Measure, ParseError, ValidationError
from swchina_dev.text.quantities import MAX_TEXT_LENGTH, format_measure
from tests.reliability.harness import Case, check, fails, ids, untyped, works

MEGABYTE = "7" * 1_000_000


def shown(text: str) -> str:
    """How a parse error names its input: the text, shortened to 60 characters, as repr."""
    return repr(text if len(text) <= 60 else text[:57] + "...")


def bad(id: str, text: object) -> Case:
    where = shown(text) if isinstance(text, str) and len(text) <= MAX_TEXT_LENGTH else None
    if isinstance(text, str) and len(text) > MAX_TEXT_LENGTH:
        where = f"text of {len(text)} characters"
    elif not isinstance(text, str):
        where = f"from {type(text).__name__}"
    return fails(id, lambda: sw.parse_quantity(text), ParseError, where=where)  # type: ignore[arg-type]


def good(id: str, text: str, magnitude: float, unit: str) -> Case:
    def accept(measure: object) -> bool:
        return (
            isinstance(measure, Measure) and measure.magnitude == magnitude and measure.unit == unit
        )

    return works(id, lambda: sw.parse_quantity(text), accept)


PARSE_CASES = [
    # -- odd but valid: full-width forms, Unicode spaces, zero, huge exact numbers -------------
    good("full-width digits and hanzi unit", "７８００亩", 7800, "mu"),
    good("full-width decimal point", "３.５ mu", 3.5, "mu"),
    good("full-width thousands comma", "１２，０００ yuan", 12000, "CNY"),
    good("non-breaking space before the unit", "7,800\u00a0mu", 7800, "mu"),
    good("ideographic space after the qualifier", "about\u3000100 yuan", 100, "CNY"),
    good("tab and line break count as spaces", "\t7800\nmu", 7800, "mu"),
    good("line separator counts as a space", "7800\u2028mu", 7800, "mu"),
    good("zero is a value", "0 mu", 0, "mu"),
    good("thirty digits", "999,999,999,999,999,999,999,999,999,999 mu", 10**30 - 1, "mu"),
    good(
        "thirty digits and three magnitude words",
        "999999999999999999999999999999 trillion trillion trillion mu",
        (10**30 - 1) * 10**36,
        "mu",
    ),
    good("stacked hanzi magnitudes", "1 万亿 元", 10**12, "CNY"),
    good("number words", "five hundred mu", 500, "mu"),
    good("hyphenated magnitude and unit", "100-million-yuan", 10**8, "CNY"),
    good("of-complement ignored", "over 7,800 mu of cherry trees", 7800, "mu"),
    good("final full stop", "7,800 mu.", 7800, "mu"),
    good("no space before the unit", "7800mu", 7800, "mu"),
    # -- not text, empty, too long --------------------------------------------------------------
    bad("None", None),
    bad("int", 7800),
    bad("bytes", b"7800 mu"),
    bad("list of text", ["7800 mu"]),
    bad("empty", ""),
    bad("spaces only", "   "),
    bad("a megabyte of digits", MEGABYTE),
    bad("a megabyte of spaces after a valid phrase", "7800 mu" + " " * 1_000_000),
    bad("one character over the limit", "7" * (MAX_TEXT_LENGTH + 1)),
    # -- exponents, towers, huge and tiny numbers ------------------------------------------------
    bad("exponent notation", "1e5 mu"),
    bad("huge exponent", "1e999 mu"),
    bad("signed exponent", "1E+308 yuan"),
    bad("power tower", "2 ** 9 ** 9 mu"),
    bad("caret tower", "10^10^10 mu"),
    bad("unit power tower", "1 mu ** 9 ** 9 ** 9"),
    bad("nested parentheses", "(((((1))))) mu"),
    bad("thirty-one digits", "1" * 31 + " mu"),
    bad("thirty-one digits in groups", "1" + ",000" * 10 + " mu"),
    bad("thirty-one decimals", "0." + "0" * 29 + "1 mu"),
    bad("four magnitude words", "1 hundred hundred hundred hundred mu"),
    bad("four hanzi magnitudes", "5 万 万 万 万 元"),
    # -- NaN, infinities, signs ------------------------------------------------------------------
    bad("NaN", "NaN mu"),
    bad("nan alone", "nan"),
    bad("inf", "inf mu"),
    bad("Infinity", "Infinity yuan"),
    bad("negative infinity", "-inf mu"),
    bad("negative", "-5 mu"),
    bad("unicode minus", "\u22125 mu"),
    bad("plus sign", "+5 mu"),
    # -- ambiguous numbers -------------------------------------------------------------------------
    bad("space inside a number", "7 800 mu"),
    bad("non-breaking space inside a number", "7\u00a0800 mu"),
    bad("decimal comma", "7,5 mu"),
    bad("misplaced thousands comma", "7,80 mu"),
    bad("European grouping", "7.800,5 mu"),
    bad("ambiguous range", "800-1 million yuan"),
    # -- control, format and odd characters --------------------------------------------------------
    bad("right-to-left mark", "\u200f7800 mu"),
    bad("right-to-left override", "7800\u202emu"),
    bad("zero-width space", "7800\u200bmu"),
    bad("byte order mark", "\ufeff7800 mu"),
    bad("NUL", "7800 mu\x00"),
    bad("ANSI escape", "\x1b[31m7800 mu"),
    bad("lone surrogate", "\ud800 mu"),
    bad("private use character", "7800 \ue000"),
    bad("Arabic-Indic digits", "٣٠ mu"),
    bad("hanzi numerals", "三千亩"),
    bad("mathematical bold digits", "\U0001d7d5\U0001d7ce\U0001d7ce mu"),
    bad("emoji", "\U0001f642 mu"),
    bad("markup", "<b>5</b> mu"),
    bad("format string", "%s%s%s"),
    bad("SQL", "5; DROP TABLE indicators"),
    # -- units: unknown, doubled, mixed ---------------------------------------------------------
    bad("unknown unit", "2 million pigs"),
    bad("unit twice", "5 mu mu"),
    bad("stated conversion in parentheses", "7,800 mu (520 hectares)"),
    bad("unit before number", "mu 5"),
    bad("currency sign and word", "$5 yuan"),
    bad("two currency signs", "$$5"),
    bad("per without a unit", "5 yuan per"),
    bad("per per", "5 mu per per day"),
    bad("count after per", "5 kg per 人"),
    bad("two rates", "5 tonnes per mu per year"),
    # -- ranges and qualifiers ------------------------------------------------------------------
    bad("unfinished range", "between 5 and"),
    bad("dangling dash", "5-"),
    bad("dangling to", "5 to"),
    bad("range without and", "between 5 mu"),
    bad("inverted range", "between 6 and 5 mu"),
    bad("range of two units", "5 yuan - 6 dollars"),
    bad("range of two currencies", "$5 - ¥6"),
    bad("qualifier alone", "nearly"),
    bad("qualified range", "over 5-6 mu"),
    bad("qualifier before between", "over between 5 and 6 mu"),
]


@pytest.mark.parametrize("case", PARSE_CASES, ids=ids(PARSE_CASES))
def test_parse_quantity(case: Case) -> None:
    check(case)


FORMAT_CASES = [
    fails("negative magnitude", lambda: format_measure(Measure(Q_(-1, "mu"))), ValidationError),
    fails("31 digits", lambda: format_measure(Measure(Q_(1e30, "mu"))), ValidationError),
    works(
        "unit without words",
        lambda: format_measure(Measure(Q_(1, "wan * CNY"))),
        lambda text: text == "1 wan yuan",
    ),
    works(
        "unit without any rule",
        lambda: format_measure(Measure(Q_(3, "mu * hectare"))),
        lambda text: text == "3 ha·市亩",
    ),
    fails("unknown units style", lambda: format_measure(Measure(Q_(1, "mu")), units="long")),
    fails(
        "both precisions",
        lambda: format_measure(
            Measure(Q_(1, "mu")), significant=3, precision_of=Measure(Q_(1, "mu"))
        ),
        ValidationError,
    ),
    fails("no significant digits", lambda: format_measure(Measure(Q_(1, "mu")), significant=0)),
    fails(
        "precision of a number",
        lambda: format_measure(Measure(Q_(1, "mu")), precision_of=untyped(7800)),
    ),
    fails("text", lambda: format_measure(untyped("7800 mu")), ValidationError),
    fails("a quantity", lambda: format_measure(untyped(Q_(7800, "mu"))), ValidationError),
    fails("None", lambda: format_measure(untyped(None)), ValidationError),
]


@pytest.mark.parametrize("case", FORMAT_CASES, ids=ids(FORMAT_CASES))
def test_format_measure(case: Case) -> None:
    check(case)
