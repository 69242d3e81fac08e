"""Figures of running English text: `swchina_dev.text.running.find_quantities`."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from swchina_dev import ParseError, parse_quantity
from swchina_dev.text import find_quantities, running


def _read(text: str) -> list[tuple[str, str]]:
    return [(found.text, str(found.measure).replace(",", "")) for found in find_quantities(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "It covers over 120 square kilometers today.",
            [("over 120 square kilometers", "at least 120 kilometer ** 2")],
        ),
        (
            "The firm turns out 3 million LED filaments daily, selling them abroad.",
            [("3 million LED filaments daily", "3000000 1 / day")],
        ),
        (
            "A machine makes 6,500 traditional Chinese medicine capsules per minute.",
            [("6,500 traditional Chinese medicine capsules per minute", "6500 1 / minute")],
        ),
        # An amount a year is the year's amount: the unit stays.
        (
            "A plant presses 200-400 tonnes of roxburgh rose juice annually, he said.",
            [("200-400 tonnes of roxburgh rose juice annually", "200-400 metric_ton")],
        ),
        (
            "Schooling increased from 7.98 years to 8.67 years.",
            [("7.98 years", "7.98 year"), ("8.67 years", "8.67 year")],
        ),
        ("It lasted between 2 and 3 years.", [("between 2 and 3 years", "2-3 year")]),
        # A qualifier before a range is not part of it; a number after "between" can stand alone.
        ("It made over 200-400 tonnes.", [("200-400 tonnes", "200-400 metric_ton")]),
        ("It earned about $3-5 million.", [("$3-5 million", "3000000-5000000 USD")]),
        ("It was over 1010,000 yuan.", []),  # an ambiguous number: nothing is read
        ("It lies between 30 mu and the river.", [("30 mu", "30 mu")]),
        (
            "Villagers left for two to three years at a stretch.",
            [("two to three years", "2-3 year")],
        ),
        (
            "I earn over 6,000 yuan monthly.",
            [("over 6,000 yuan monthly", "at least 6000 CNY / month")],
        ),
        ("worth $13.67 million", [("$13.67 million", "13670000 USD")]),
        (
            "It reached 1.4 trillion yuan ($ 217.7 billion).",
            [("1.4 trillion yuan", "1400000000000 CNY"), ("$ 217.7 billion", "217700000000 USD")],
        ),
        (
            "In less than a decade it grew; after more than two decades it led.",
            [
                ("less than a decade", "at most 10 year"),
                ("more than two decades", "at least 20 year"),
            ],
        ),
        ("It cost about half of the family's income.", [("about half", "about 50 percent")]),
        ("The city ranked first for 17 consecutive years.", [("17 consecutive years", "17 year")]),
        (
            "It rose by 650% while cycles shortened by 30%.",
            [("650%", "650 percent"), ("30%", "30 percent")],
        ),
        ("a new 100-square-meter house", [("100-square-meter", "100 meter ** 2")]),
        (
            "Nearly 4,000 businesses and more than 4.85 million students",
            [("Nearly 4,000", "nearly 4000"), ("more than 4.85 million", "at least 4850000")],
        ),
    ],
)
def test_reads_the_figures_of_running_text(text: str, expected: list[tuple[str, str]]) -> None:
    assert _read(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Founded in 2015, it moved in 2018.",  # years
        "The projects of 2019-2024 ended.",  # a span of years
        "(People's Daily Online) 11:06, January 23, 2025",  # clock and date
        "On July 16th, 2015, the train left.",  # an ordinal day
        "It joined the 5G network at No.9 Middle School and Baiye No. 1.",  # names
        "Registration Number: 05070218",  # a code
        "Their 10-year-old daughter sang.",  # an age
        "Two years later, they moved.",  # a relative time
        "It grew in the past two years and will in the next five years.",  # period phrases
        "In the five years between 2019 and 2024, it grew.",
        "In the first three quarters of 2019, it grew.",
        "Machines run 24 hours a day.",  # a span of time per span of time
        "One day, one household was visited.",  # the word one
        "the Five Hundred Meter Aperture Spherical Radio Telescope",  # a capitalised name
        "an agricultural 10 million-level industrial project",  # part of a name
        "one of Bijie's top 50 villages",
        "the “four systems” plan",
    ],
)
def test_leaves_out_what_is_not_a_figure(text: str) -> None:
    assert _read(text) == []


@pytest.mark.parametrize("fraction", ["one-third", "one-thırd", "one-thİrd"])  # look-alikes too
def test_a_fraction_of_something_is_a_percentage(fraction: str) -> None:
    (found,) = find_quantities(f"It took {fraction} of the time.")
    assert found.text == fraction
    assert found.measure.unit == "percent"
    assert found.measure.magnitude == pytest.approx(100 / 3)


def test_a_fractions_qualifier_with_look_alike_letters_reads_as_the_plain_one() -> None:
    (found,) = find_quantities("It took almoſt half of the time.")
    assert (found.text, found.measure.qualifier.value) == ("almoſt half", "nearly")


def test_a_detached_rate_with_look_alike_letters_reads_as_the_plain_one() -> None:
    (found,) = find_quantities("It turns out 3 million LED filaments daıly.")
    assert (found.text, found.measure.unit) == ("3 million LED filaments daıly", "1 / day")


def test_a_figure_reads_as_parse_quantity_reads_its_phrase() -> None:
    text = "Cherry orchards now cover more than 4,800 mu; output approaches 28 million yuan."
    for found in find_quantities(text):
        assert parse_quantity(found.text) == found.measure
        assert text[found.start : found.end] == found.text


def test_offsets_are_those_of_the_original_text_with_full_width_forms() -> None:
    text = "全县种植超过 ７，８００ mu and 30 percent."
    found = list(find_quantities(text))
    assert [text[f.start : f.end] for f in found] == [f.text for f in found]
    assert found[0].measure.magnitude == 7800


def test_refuses_what_is_not_text() -> None:
    with pytest.raises(ParseError, match="expected text"):
        list(find_quantities(b"7,800 mu"))  # type: ignore[arg-type]


@given(st.text(max_size=300))
def test_never_raises_and_yields_ordered_spans_inside_the_text(text: str) -> None:
    last = 0
    for found in find_quantities(text):
        assert last <= found.start < found.end <= len(text)
        assert text[found.start : found.end] == found.text
        last = found.end


@given(
    st.lists(
        st.sampled_from(
            [
                "over",
                "7,800",
                "mu",
                "(",
                ")",
                "to",
                "-",
                "from",
                "3",
                "million",
                "a",
                "year",
                ",",
                "or",
                "$",
                "half",
                "of",
                "decade",
            ]
        ),
        max_size=40,
    )
)
def test_never_raises_on_figure_like_word_salad(words: list[str]) -> None:
    text = " ".join(words)
    for found in find_quantities(text):
        assert text[found.start : found.end] == found.text


# The start pattern as first written: a look-behind, then the alternatives (issue #15).
_PLAIN_START = re.compile(
    r"(?<![\w.,:/$¥-])(?:[0-9]|US\$|\$|¥|RMB(?![A-Za-z])|(?i:"
    + "|".join(running._NUMBER_WORDS)
    + r")(?![A-Za-z]))"
)
_START_PIECES = [
    "7", "12", "3.5", "US$", "US", "$", "¥", "RMB", "RMBs", "R", "U", "S", "one", "ONE", "Two",
    "seventeen", "seventy", "sixty", "six", "ſix", "ten", "tens", "often", "Nine", "x", "é",
    "中", " ", "  ", ".", ",", ":", "/", "-", "_", "\n", "No.9", "bm0100", "'", "(",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_START_PIECES), max_size=30))
def test_the_start_pattern_finds_what_its_plain_form_finds(pieces: list[str]) -> None:
    text = "".join(pieces)
    fast = [match.span() for match in running._START.finditer(text)]
    assert fast == [match.span() for match in _PLAIN_START.finditer(text)]


_PLAIN_DECADE = re.compile(r"(?<![A-Za-z])(?i:decades?)(?![A-Za-z])")
_PLAIN_FRACTION = re.compile(
    r"(?<![A-Za-z])(?i:half|thirds?|quarters?|fifths?|tenths?) +(?i:of)(?![A-Za-z])"
)
_WORD_PIECES = [
    "decade", "Decades", "DECADE", "decadent", "half", "HALF", "thirds", "third", "quarter",
    "Quarters", "fifth", "tenths", "of", "OF", "off", "a", "x", "é", "中", " ", "  ", "-",
    ".", "ſ", "\n", "1",
]  # fmt: skip


@settings(max_examples=600, deadline=None)
@given(st.lists(st.sampled_from(_WORD_PIECES), max_size=25))
def test_the_decade_and_fraction_patterns_find_what_their_plain_forms_find(
    pieces: list[str],
) -> None:
    text = "".join(pieces)
    for fast, plain in ((running._DECADE_WORD, _PLAIN_DECADE),
                        (running._FRACTION_WORD, _PLAIN_FRACTION)):  # fmt: skip
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
