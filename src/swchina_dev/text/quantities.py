"""Read quantities the way English news articles write them: "over 7,800 mu", "$13.67 million".

[parse_quantity][swchina_dev.parse_quantity] reads one quantity phrase into a
[Measure][swchina_dev.Measure]:

- numbers with thousands separators (`7,800`), decimals (`13.67`) and the words one to
  ninety-nine; magnitude words folded into the number, exactly (decimal arithmetic, so
  `13.67 million` is the integer 13670000): thousand, million, billion, trillion, hundred,
  wan/万 (1e4) and yi/亿 (1e8), also hyphenated (`100-million-yuan`);
- currencies as words or signs (yuan, RMB, 元, ¥, US dollars, dollars, $, US$, USD), percent
  (`%`), units in words or symbols (mu/亩, hectares/ha, square kilometers/km², kilometers,
  meters, tonnes/tons (metric), jin/斤, kilograms, years, days, ...), people, persons and
  households as a dimensionless count, and no unit at all (a bare count);
- rates: `annually`, `per year`, `a year`, `monthly`, `daily`, `per minute`,
  `/month`, and `per` any unit (`yuan per mu`);
- ranges (`200-400 tonnes`, `200 to 400 tonnes`, `between 200 and 400 tonnes`,
  `1-2 million`) and qualifiers (`over`, `nearly`, `about`, `up to`, ...).

What it refuses, with a [ParseError][swchina_dev.ParseError] naming the problem and the character:

- ambiguous numbers: `7 800 mu` (a space inside a number, or two numbers) and `7,5 m` (a
  decimal comma, or a misplaced thousands separator) are errors, not guesses;
- anything after the quantity except an `of ...` complement, which is ignored (`7,800 mu
  of cherry trees` reads `7,800 mu`) or a final full stop or comma; so unknown units
  (`2 million pigs`) and a parenthetical conversion (`7,800 mu (520 hectares)`: parse each
  side on its own) are errors;
- text longer than `MAX_TEXT_LENGTH` (checked first), numbers of more than 30 digits,
  control and format characters (tabs and line breaks count as spaces), negative numbers.

Full-width forms (`７８００亩`, `１２，０００`, `％`, `￥`) are read as their ASCII
equivalents, character for character, so positions in errors still match the input.

Nothing is evaluated: a small hand-written scanner reads the text from left to right with
anchored regular expressions that cannot backtrack catastrophically; pint is used only to
spell unit names canonically. [format_measure][swchina_dev.format_measure] writes a measure as
text for a person, which [parse_quantity][swchina_dev.parse_quantity] reads back: to the same
measure when the numbers are shown in full (the default, for numbers of at most 15 significant
digits) and the unit has words, and otherwise to within the rounding shown.

Examples:
    >>> parse_quantity("over 7,800 mu")
    Measure(7800 mu, qualifier=at_least, lower=7800, upper=None)
    >>> parse_quantity("100 million yuan").magnitude
    100000000
    >>> parse_quantity("$13.67 million").quantity
    <Quantity(13670000, 'USD')>
    >>> parse_quantity("200-400 tonnes of roxburgh rose juice")
    Measure(300 metric_ton, qualifier=range, lower=200, upper=400)
    >>> parse_quantity("over 6,000 yuan monthly").unit
    'CNY / month'
"""

from __future__ import annotations

import functools
import re
import sys
import unicodedata
from collections.abc import Iterable
from decimal import Decimal
from typing import Final, NamedTuple

from swchina_dev.errors import ParseError, UnitError, ValidationError
from swchina_dev.models.measures import Measure, Qualifier
from swchina_dev.text.figure_parts import (
    EXACT,
    FOLD,
    GROUPED,
    MAX_DIGITS,
    NUMBER,
    Amount,
    compound_unit,
    range_lower,
    to_number,
)
from swchina_dev.text.numbers import (
    display_precision,
    format_number,
    round_significant,
    shown_precision,
)
from swchina_dev.text.word_patterns import first_letters, fold_case, phrase_key
from swchina_dev.text.words import (
    MAGNITUDES,
    ONES,
    PREFIXES,
    QUALIFIERS,
    RATE_WORDS,
    SYMBOLS,
    TENS,
    UNITS,
    WRITTEN_QUALIFIERS,
)
from swchina_dev.units import display_unit

__all__ = ["MAX_TEXT_LENGTH", "format_for_people", "format_measure", "parse_quantity"]

#: Longest text [parse_quantity][swchina_dev.parse_quantity] reads; longer text is refused before
#: anything else.
MAX_TEXT_LENGTH: Final = 1000
#: Most magnitude words after one number ("1.4 万亿" is two).
_MAX_MAGNITUDE_WORDS: Final = 3
_ASCII_CONTROL: Final = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")

_WORD: Final = re.compile(r"[^\W\d_]+|\S")
_OF_COMPLEMENT: Final = re.compile(r"(?i:of) +\S")
_TRAILING_PUNCTUATION: Final = ".,;:"


class _Alternative(NamedTuple):
    length: int  # of the phrase
    regex: str
    heads: str  # every character a match can begin with


def _alternatives(phrases: Iterable[str], *, ignore_case: bool) -> list[_Alternative]:
    """Return an alternative per phrase.

    The words of a phrase may be joined by spaces or a hyphen ("square-meter"); a phrase
    ending in a letter must end at a word boundary ("mu" does not match in "mud").
    """
    alternatives = []
    for phrase in phrases:
        pattern = "(?: +|-)".join(re.escape(word) for word in phrase.split(" "))
        if ignore_case:
            pattern = f"(?i:{pattern})"
        if phrase[-1].isascii() and phrase[-1].isalpha():
            pattern += "(?![A-Za-z])"
        alternatives.append(_Alternative(len(phrase), pattern, _heads(phrase, ignore_case)))
    return alternatives


def _heads(phrase: str, ignore_case: bool) -> str:
    # The characters its first one matches: in any case, an ASCII letter's look-alikes too.
    head = phrase[0]
    if head == " ":
        raise ValueError(f"a phrase cannot begin with a space: {phrase!r}")
    if not ignore_case or head.lower() == head == head.upper():  # a character without case
        return head
    if head.isascii():
        return first_letters([head])
    raise ValueError(f"a phrase matched in any case cannot begin with {head!r}: {phrase!r}")


class _Phrases:
    """Phrases matched at a position as one regex of alternatives would, longest first.

    A regex tries its alternatives one after another, and a table of a hundred units takes as
    long to fail as to match; here only the alternatives that can begin with the character at
    the position are tried, in the same order, which finds the same match.
    """

    def __init__(self, *groups: tuple[Iterable[str], bool]) -> None:
        alternatives = [
            alternative
            for phrases, ignore_case in groups
            for alternative in _alternatives(phrases, ignore_case=ignore_case)
        ]
        # Longest phrase first: a regex takes the first alternative that matches, and "km²"
        # must win over "km", "mu" over "m".
        alternatives.sort(key=lambda alternative: -alternative.length)
        #: The regex of all the phrases, for patterns built on it.
        self.pattern: Final = "|".join(f"(?:{alternative.regex})" for alternative in alternatives)
        by_head: dict[str, list[str]] = {}
        for alternative in alternatives:
            for head in alternative.heads:
                by_head.setdefault(head, []).append(f"(?:{alternative.regex})")
        self._by_head: Final = {
            head: re.compile("|".join(group)) for head, group in by_head.items()
        }

    def match(self, text: str, position: int = 0, end: int = sys.maxsize) -> re.Match[str] | None:
        """The phrase at `position` (ending by `end`), as `re.Pattern.match` gives it."""
        pattern = self._by_head.get(text[position : position + 1] if position < end else "")
        return None if pattern is None else pattern.match(text, position, end)


def _spellings() -> dict[str, str]:
    table = {}
    for name, spellings in UNITS.items():
        for spelling in spellings:
            if spelling:
                table[_key(spelling)] = name
    return table


# Matched phrases are the table's spellings, in a few cases and spacings: the cache stays small.
@functools.lru_cache(maxsize=1024)
def _key(phrase: str) -> str:
    # The table key of a matched phrase: words joined by one space, case folded as the
    # patterns fold it ("Mıllion" is "million").
    return phrase_key(phrase.replace("-", " "))


_UNIT_NAMES: Final = _spellings()
QUALIFIER_PATTERN: Final = _Phrases((QUALIFIERS, True))
_RANGE_INTRO: Final = re.compile(r"(?i:between|from)(?![A-Za-z])")
_RANGE_AND: Final = re.compile(r" *(?i:and)(?![A-Za-z]) *| *[-–] *")
_RANGE_TO: Final = re.compile(r" *(?i:to)(?![A-Za-z]) *| *[-–] *")
_MAGNITUDE_PATTERN: Final = _Phrases((MAGNITUDES, True))
_NUMBER_WORD: Final = re.compile(
    r"(?i:(?P<tens>" + "|".join(TENS) + r")(?:-(?P<unit>" + "|".join(ONES[1:10]) + r"))?"
    r"|(?P<ones>" + "|".join(sorted(ONES, key=len, reverse=True)) + r"))(?![A-Za-z])"
)
_PREFIX_PATTERN: Final = _Phrases((PREFIXES, False))
_UNIT_PATTERN: Final = _Phrases((_UNIT_NAMES, True), (SYMBOLS, False))
RATE_PATTERN: Final = _Phrases((RATE_WORDS, True))
_PER: Final = re.compile(r" *(?:(?i:per)(?![A-Za-z]) *|/ *)")


class _Side(NamedTuple):
    amount: Amount
    currency: str | None  # from a prefix sign
    unit: str | None  # registry name of the unit word, if any


def _other_unit(first: _Side, second: _Side) -> bool:
    """Whether the two ends of a would-be range name different units or currencies."""
    if second.currency is not None and second.currency != first.currency:
        return True
    return first.unit is not None and second.unit is not None and first.unit != second.unit


def parse_quantity(text: str) -> Measure:
    """Read one quantity phrase of English news text into a measure.

    The phrase is an optional qualifier, a number or range with its magnitude words, a unit
    or currency, and an optional rate; an `of ...` complement after it is ignored. See the
    module documentation for everything it reads and refuses.

    Args:
        text: The phrase (`"over 7,800 mu"`, `"100 million yuan"`, `"$13.67 million"`,
            `"200-400 tonnes"`, `"nearly 3,200 U.S. dollars"`, `"3.7万元"`). At most
            `MAX_TEXT_LENGTH` characters.

    Returns:
        The measure as stated: magnitude words folded into the number (an int when whole),
        the unit canonical (`"CNY"`, `"mu"`, `"metric_ton"`, `"CNY / month"`,
        `"dimensionless"` for counts), and the qualifier and bounds the phrase gives.

    Raises:
        ParseError: The text is not a quantity phrase this function reads; the message says
            what is wrong and at which character (1-based).

    Examples:
        >>> parse_quantity("nearly 3,200 U.S. dollars")
        Measure(3200 USD, qualifier=nearly, lower=None, upper=3200)
        >>> parse_quantity("3.7 wan yuan").magnitude
        37000
        >>> parse_quantity("between 2 and 3 years").lower
        <Quantity(2, 'year')>
        >>> parse_quantity("7 800 mu")  # doctest: +ELLIPSIS
        Traceback (most recent call last):
        ...
        swchina_dev.errors.ParseError: ... a number follows another number at character 3 (...)
    """
    return PhraseReader(text).read()


class PhraseReader:
    """A left-to-right scanner over one phrase; `position` is an index into `text`.

    Internal to the `text` package: `swchina_dev.text.running` reads figures of running text
    with it (`read_leading`), so that a figure reads the same in a phrase and in an article.
    """

    def __init__(self, text: object) -> None:
        if not isinstance(text, str):
            raise ParseError(f"cannot read a quantity from {type(text).__name__}: expected text")
        if len(text) > MAX_TEXT_LENGTH:
            raise ParseError(
                f"cannot read a quantity from text of {len(text)} characters: the limit is "
                f"{MAX_TEXT_LENGTH}"
            )
        self.original = text
        # Whitespace becomes plain spaces and full-width forms ASCII, one character for one
        # (printable ASCII has nothing to fold, and no control or format character to refuse).
        plain = text.isascii() and text.isprintable()
        self.text = text if plain else text.translate(FOLD)
        self.position = 0
        #: Where the quantity `read_leading` read begins (its qualifier's first character).
        self.start = 0
        self._has_unit = False
        if not plain:
            self._check_characters()

    def _check_characters(self) -> None:
        bad = _ASCII_CONTROL.search(self.text)
        if bad is not None:
            raise self._error(f"control character U+{ord(bad.group()):04X}", bad.start())
        if self.text.isascii():
            return
        for index, char in enumerate(self.text):
            # Cc control, Cf format (bidi overrides, zero-width), Cs/Co/Cn: never part of a figure.
            if ord(char) > 127 and unicodedata.category(char)[0] == "C":
                raise self._error(f"control or format character U+{ord(char):04X}", index)

    def _error(self, problem: str, position: int, advice: str = "") -> ParseError:
        shown = self.original if len(self.original) <= 60 else self.original[:57] + "..."
        message = f"cannot read a quantity from {shown!r}: {problem} at character {position + 1}"
        return ParseError(f"{message} ({advice})" if advice else message)

    def _match(self, pattern: re.Pattern[str] | _Phrases) -> re.Match[str] | None:
        match = pattern.match(self.text, self.position)
        if match is not None:
            self.position = match.end()
        return match

    def _skip_spaces(self) -> None:
        text, position = self.text, self.position
        while text.startswith(" ", position):  # most often none, or one
            position += 1
        self.position = position

    def _separator(self) -> None:
        # Spaces, or one hyphen joining words ("100-million-yuan", "100-square-meter").
        self._skip_spaces()
        text, position = self.text, self.position
        if text.startswith("-", position) and text[position + 1 : position + 2].isalpha():
            self.position += 1

    def read(self) -> Measure:
        measure = self.read_leading()
        self._tail(self._has_unit)
        return measure

    def read_leading(self, *, ranges: bool = True, loose: bool = False) -> Measure:
        """Read the quantity at the start of the text and stop after it (`position` is its end).

        Running text goes on after a figure ("3 million LED filaments daily, supplying ..."):
        nothing after the quantity is checked. With `ranges=False` a following "to 8.67" is
        not read as the end of a range ("increased from 7.98 years to 8.67 years" states two
        figures). With `loose=True` a "to" or dash before an amount of another unit or currency
        ends the quantity instead of failing it ("rose 12 percent to 3 billion yuan"), unless
        "between" or "from" opened a range; and a qualifier before a range is left out of the
        quantity instead of failing it ("over 200-400 tonnes" is the range: `start` is then
        where the range begins).
        """
        self._skip_spaces()
        if self.position == len(self.text):
            raise self._error("the text is empty", 0)
        self.start = self.position
        qualifier = self._qualifier()
        intro = None if qualifier is not None or not ranges else self._match(_RANGE_INTRO)
        self._skip_spaces()
        side_start = self.position
        first = self._side()
        second = self._range_end(first, intro, loose=loose) if ranges else None
        if second is not None and qualifier is not None:
            if not loose:
                raise self._error(
                    f"a range cannot also be qualified {qualifier.value!r}", first.amount.start
                )
            self.start = side_start
        currency = first.currency
        unit = second.unit if second is not None and second.unit is not None else first.unit
        if currency is not None and unit is not None:
            raise self._error("the currency is given twice (a sign and a word)", first.amount.start)
        per_start = self.position
        denominator = self._rate()
        self._has_unit = unit is not None or currency is not None or denominator is not None
        unit_name = _unit_text(currency or unit, denominator, per_start, self)
        if second is None:
            value = to_number(first.amount.value)
            kind = qualifier or Qualifier.EXACT
            return _measure(self, value, unit_name, kind, None, None, first.amount.start)
        lower, upper = _range_values(self, first.amount, second.amount)
        return _measure(self, None, unit_name, Qualifier.RANGE, lower, upper, first.amount.start)

    def _qualifier(self) -> Qualifier | None:
        match = self._match(QUALIFIER_PATTERN)
        return None if match is None else QUALIFIERS[_key(match.group())]

    def _side(self) -> _Side:
        prefix = self._match(_PREFIX_PATTERN)
        if prefix is not None:
            self._skip_spaces()
        amount = self._amount()
        save = self.position
        self._separator()
        self._reject_second_number()
        unit = self._unit()
        if unit is None:
            self.position = save
        return _Side(amount, None if prefix is None else PREFIXES[prefix.group()], unit)

    def _amount(self) -> Amount:
        start = self.position
        number = self._number()
        scale, words = Decimal(1), 0
        while True:
            save = self.position
            self._separator()
            magnitude = self._match(_MAGNITUDE_PATTERN)
            if magnitude is None:
                self.position = save
                break
            words += 1
            if words > _MAX_MAGNITUDE_WORDS:
                raise self._error("too many magnitude words in a row", magnitude.start())
            scale = EXACT.multiply(scale, Decimal(MAGNITUDES[fold_case(magnitude.group())]))
        value = number if words == 0 else EXACT.multiply(number, scale)  # times 1 is the same
        return Amount(value, number, scale, start)

    def _number(self) -> Decimal:
        start = self.position
        match = self._match(NUMBER)
        if match is None:
            word = self._match(_NUMBER_WORD)
            if word is None:
                raise self._error(f"expected a number, found {self._next_token()!r}", start)
            tens, unit, ones = word.group("tens", "unit", "ones")
            if ones is not None:
                return Decimal(ONES.index(fold_case(ones)))
            return Decimal(
                10 * (TENS.index(fold_case(tens)) + 2) + ONES.index(fold_case(unit or "zero"))
            )
        digits = match.group()
        # Counted only when it could matter: a number has no more digits than characters.
        if len(digits) > MAX_DIGITS and sum(char.isdigit() for char in digits) > MAX_DIGITS:
            raise self._error(f"a number of more than {MAX_DIGITS} digits", start)
        if "," in digits and not GROUPED.fullmatch(digits):
            raise self._error(
                f"ambiguous number {digits!r}",
                start,
                "commas separate thousands in groups of three digits, as in 7,800; a decimal "
                "comma is not read: write a decimal point",
            )
        following = self.text[self.position : self.position + 2]
        if len(following) == 2 and following[0] in ".," and following[1].isdigit():
            raise self._error(f"unexpected {following[0]!r} inside a number", self.position)
        return Decimal(digits.replace(",", ""))

    def _reject_second_number(self) -> None:
        # At the separator's end: a digit there follows spaces (a hyphen it skips is before a
        # letter).
        if self.position < len(self.text) and self.text[self.position].isdigit():
            raise self._error(
                "a number follows another number",
                self.position,
                "write 7,800 or 7800: digits separated by spaces are ambiguous",
            )

    def _unit(self) -> str | None:
        match = self._match(_UNIT_PATTERN)
        if match is None:
            return None
        spelling = match.group()
        return SYMBOLS.get(spelling) or _UNIT_NAMES[_key(spelling)]

    def _range_end(
        self, first: _Side, intro: re.Match[str] | None, *, loose: bool = False
    ) -> _Side | None:
        save = self.position
        if intro is not None:
            connector = _RANGE_AND if intro.group().lower() == "between" else _RANGE_TO
            if self._match(connector) is None:
                expected = "'and'" if connector is _RANGE_AND else "'to'"
                raise self._error(f"expected {expected} to close the range", self.position)
        elif self._match(_RANGE_TO) is None:
            return None
        elif not self._starts_amount():  # "to" or a dash not followed by a number: no range
            self.position = save
            return None
        second = self._side()
        if loose and intro is None and _other_unit(first, second):
            self.position = save  # "rose 12 percent to 3 billion yuan": two figures
            return None
        if second.currency is not None and second.currency != first.currency:
            raise self._error("the two ends of the range have different currencies", save)
        if first.unit is not None and second.unit is not None and first.unit != second.unit:
            raise self._error("the two ends of the range have different units", save)
        return second

    def _starts_amount(self) -> bool:
        text, position = self.text, self.position
        return bool(
            (position < len(text) and text[position].isdigit())
            or _PREFIX_PATTERN.match(text, position)
            or _NUMBER_WORD.match(text, position)
        )

    def _rate(self) -> str | None:
        save = self.position
        self._skip_spaces()
        word = self._match(RATE_PATTERN)
        if word is not None:
            return RATE_WORDS[_key(word.group())]
        per = self._match(_PER)
        if per is None:
            self.position = save
            return None
        unit = self._unit()
        if unit is None:
            raise self._error(f"expected a unit after {per.group().strip()!r}", self.position)
        if unit == "dimensionless":
            raise self._error("a count (people, households) cannot follow 'per'", per.end())
        return unit

    def _tail(self, has_unit: bool) -> None:
        self._skip_spaces()
        text, position = self.text, self.position
        rest = text[position:]
        if not rest or (rest[0] in _TRAILING_PUNCTUATION and not rest[1:].strip()):
            return
        if _OF_COMPLEMENT.match(text, position):
            return  # "7,800 mu of cherry trees": the complement says what is counted
        token = self._next_token()
        if token == "(":
            raise self._error(
                "a parenthesis follows the quantity",
                position,
                "for a stated conversion such as '7,800 mu (520 hectares)', parse each side on "
                "its own",
            )
        if token[0].isalpha():
            problem = (
                f"unexpected word {token!r} after the quantity (only 'of ...' may follow)"
                if has_unit
                else f"unknown unit {token!r}"
            )
            raise self._error(problem, position)
        raise self._error(f"unexpected {token!r}", position)

    def _next_token(self) -> str:
        match = _WORD.match(self.text, self.position)
        token = "end of text" if match is None else match.group()
        return token if len(token) <= 20 else token[:17] + "..."


def canonical_rate(measure: Measure, time: str) -> Measure:
    """The measure per unit of `time` ("3 million" and "day": 3 million a day).

    Raises:
        ParseError: The rate's unit cannot be written (only if the word tables and the registry
            disagree).
    """
    numerator = measure.unit
    try:
        unit = compound_unit(numerator, time)
    except UnitError as error:
        raise ParseError(error.message) from None
    return Measure.from_parts(
        measure.magnitude if measure.qualifier is not Qualifier.RANGE else None,
        unit,
        measure.qualifier,
        measure.lower_magnitude if measure.qualifier is Qualifier.RANGE else None,
        measure.upper_magnitude if measure.qualifier is Qualifier.RANGE else None,
    )


def _range_values(
    reader: PhraseReader, first: Amount, second: Amount
) -> tuple[int | float, int | float]:
    lower = range_lower(first, second)
    if lower is None:
        raise reader._error(
            "ambiguous range",
            first.start,
            "give the first number its magnitude word too: 800 thousand to 1 million",
        )
    if lower > second.value:
        raise reader._error("the range's first number is larger than its second", first.start)
    return to_number(lower), to_number(second.value)


def _unit_text(
    numerator: str | None, denominator: str | None, position: int, reader: PhraseReader
) -> str:
    try:
        return compound_unit(numerator or "dimensionless", denominator)
    except UnitError as error:  # only if the unit tables and the registry disagree
        raise reader._error(error.message, position) from None


def _measure(
    reader: PhraseReader,
    value: int | float | None,
    unit: str,
    qualifier: Qualifier,
    lower: int | float | None,
    upper: int | float | None,
    position: int,
) -> Measure:
    try:
        return Measure.from_parts(value, unit, qualifier, lower, upper)
    except ValidationError as error:  # e.g. a number too large to be a finite float
        raise reader._error(error.message, position) from None


def format_measure(
    measure: Measure,
    *,
    significant: int | None = None,
    precision_of: Measure | None = None,
    units: str = "words",
) -> str:
    """Write a measure as a phrase for a person, which parse_quantity reads back.

    Numbers follow the [readable number rules][swchina_dev.text.numbers]: thousands separators,
    `billion` and `trillion` from a billion up, never an exponent, and by default the number's
    own digits (at most 15), so a stated figure is written as stated. A figure computed from a
    stated one (a conversion) should show about the stated precision: pass the stated measure as
    `precision_of` (or the digits as `significant`), and `520.0000001 hectare` converted from
    `7,800 mu` is written `520`. An exact value that rounding changed is written `about`. Bounds
    implied by the qualifier are not written; a range is written as `lower-upper`.

    Units are written in words the phrase reader knows (`mu`, `hectares`, `square kilometers`,
    `tonnes`, `yuan per month`, `per day`: [parse_quantity][swchina_dev.parse_quantity] reads
    them), or, with `units="symbols"`, in their
    [display form][swchina_dev.units.display.display_unit] (`ha`, `km²`, `t`, `CNY/month`, `%`;
    units of time in the plural); a unit with no words is written in its display form (`wan yuan`).
    A count (`dimensionless`) is written with no unit.

    Args:
        measure: A measure; in words, with non-negative numbers (parse_quantity reads no
            negative numbers; in symbols, a change of `-30%` is written so).
        significant: The significant digits to show (at least 1).
        precision_of: The stated measure this one was computed from: its most precise figure
            sets the digits shown, at least three (`display_precision`). Not with `significant`.
        units: `"words"` (the default), `"symbols"`, or `"none"` for the qualifier and number
            alone (a table with the unit in a column of its own).

    Returns:
        The phrase (`"at least 7,800 mu"`, `"200-400 tonnes"`, `"3,000,000 per day"`,
        `"about 33.3 ha"`, `"522 billion USD"`).

    Raises:
        ValidationError: `measure` (or `precision_of`) is not a [Measure][swchina_dev.Measure],
            a number is negative (in words) or needs more than 30 digits in full,
            `significant` is not a positive whole number, both `significant` and
            `precision_of` are given, or `units` is not one of the three.

    Examples:
        >>> from swchina_dev import Measure, Q_
        >>> format_measure(Measure(Q_(7800, "mu"), "at_least"))
        'at least 7,800 mu'
        >>> format_measure(Measure.from_parts(0.5, "CNY / year", "about"))
        'about 0.5 yuan per year'
        >>> parse_quantity(format_measure(Measure.range(Q_(200, "tonne"), Q_(400, "tonne"))))
        Measure(300 metric_ton, qualifier=range, lower=200, upper=400)
        >>> stated = Measure(Q_(500, "mu"))
        >>> format_measure(stated.to("hectare"), precision_of=stated, units="symbols")
        'about 33.3 ha'
        >>> format_measure(Measure(Q_(5.222595489e11, "USD"), "nearly"), significant=3)
        'nearly 522 billion US dollars'
        >>> format_measure(Measure(Q_(3.7, "wan * CNY"))), format_measure(Measure(Q_(3, "year")))
        ('3.7 wan yuan', '3 years')
    """
    if not isinstance(measure, Measure):
        raise ValidationError(
            f"format_measure takes a Measure, not {type(measure).__name__} "
            "(wrap a quantity as Measure(quantity); read text with parse_quantity)",
            field="measure",
        )
    if units not in _UNIT_STYLES:
        raise ValidationError(
            f"unknown units {units!r}; allowed: {', '.join(_UNIT_STYLES)}", field="units"
        )
    digits = _digits(significant, precision_of)
    sign = units != "words"  # parse_quantity reads no negative numbers; people do
    qualifier = measure.qualifier
    if qualifier is Qualifier.RANGE:
        assert measure.lower_magnitude is not None  # a range has both bounds
        assert measure.upper_magnitude is not None
        # "1-2 billion" reads as two billions: a bound below a billion is written in full,
        # and then the other too ("1-2,000,000,000").
        low, high = (
            (measure.lower_magnitude, measure.upper_magnitude)
            if digits is None
            else (
                round_significant(measure.lower_magnitude, digits),
                round_significant(measure.upper_magnitude, digits),
            )
        )
        words = low >= _BILLION or high < _BILLION
        lower, _ = _format_number(measure.lower_magnitude, digits, words=words, sign=sign)
        upper, _ = _format_number(measure.upper_magnitude, digits, words=words, sign=sign)
        # A dash between negative numbers ("-30--20") reads as neither: "-30 to -20".
        number = f"{lower} to {upper}" if low < 0 else f"{lower}-{upper}"
        one = False
    else:
        number, rounded = _format_number(measure.magnitude, digits, sign=sign)
        if rounded and qualifier is Qualifier.EXACT:
            qualifier = Qualifier.ABOUT
        one = number.removeprefix("-") == "1"
    if units == "none":
        unit = ""
    elif units == "symbols":
        unit = _unit_symbols(measure.unit, plural=not one)
    else:
        unit = _unit_words(measure.unit)
    return f"{WRITTEN_QUALIFIERS[qualifier]}{number}{unit}"


_UNIT_STYLES: Final = ("words", "symbols", "none")
_BILLION: Final = 10**9
# Relative change beyond float noise: rounding that changes an exact value more is "about".
_ROUNDED: Final = 1e-12


def _digits(significant: int | None, precision_of: Measure | None) -> int | None:
    if precision_of is None:
        return significant
    if significant is not None:
        raise ValidationError("give significant or precision_of, not both", field="significant")
    if not isinstance(precision_of, Measure):
        raise ValidationError(
            f"precision_of takes the stated Measure, not {type(precision_of).__name__}",
            field="precision_of",
        )
    return display_precision(
        precision_of.magnitude, precision_of.lower_magnitude, precision_of.upper_magnitude
    )


def _format_number(
    value: int | float, significant: int | None, *, words: bool = True, sign: bool = False
) -> tuple[str, bool]:
    """The number as written, and whether rounding changed it beyond float noise."""
    if value < 0 and not sign:
        raise ValidationError(
            f"cannot write the negative number {value} as a phrase", field="magnitude"
        )
    # The number in full, as before magnitude words: parse_quantity reads 30 digits at most.
    full = f"{value:,}" if isinstance(value, int) else format(Decimal(repr(value)), ",f")
    if sum(char.isdigit() for char in full) > MAX_DIGITS:
        raise ValidationError(f"{value!r} needs more than {MAX_DIGITS} digits", field="magnitude")
    text = format_number(value, significant=significant, words=words)
    if significant is None:
        return text, False
    shown = float(round_significant(value, significant))
    return text, abs(shown - value) > _ROUNDED * abs(value)


@functools.lru_cache(maxsize=256)
def _unit_symbols(unit: str, *, plural: bool) -> str:
    symbol = display_unit(unit, plural=plural)
    if not symbol:
        return ""
    return symbol if symbol.startswith("%") else f" {symbol}"


@functools.lru_cache(maxsize=256)
def _unit_words(unit: str) -> str:
    numerator, _, denominator = unit.partition(" / ")
    if numerator == "1" and denominator:
        numerator = "dimensionless"
    if numerator not in UNITS or (denominator and denominator not in UNITS):
        # No words the phrase reader knows ("CNY * wan"): the display form ("wan yuan").
        return _unit_symbols(unit, plural=True)
    words = UNITS[numerator][0]
    text = f" {words}" if words else ""
    if denominator:
        text += f" per {UNITS[denominator][1]}"
    return text


def format_for_people(
    measure: Measure, *, precision_of: Measure | None = None, units: str = "symbols"
) -> str:
    """Write a measure where a person reads it (tables, labels, the command line, the catalog).

    As [format_measure][swchina_dev.format_measure] with units as symbols (`km²`, `%`), and a
    figure computed from a stated one (`precision_of`) to about the stated precision; a
    computed fraction of the data (a third: `0.333333333333333`) is written to three digits
    (`shown_precision`).

    Examples:
        >>> from swchina_dev import Measure, Q_
        >>> format_for_people(Measure(Q_(1 / 3, "dimensionless")))
        'about 0.333'
        >>> stated = Measure(Q_(7800, "mu"), "at_least")
        >>> format_for_people(stated.to("hectare"), precision_of=stated)
        'at least 520 ha'
    """
    if precision_of is not None:
        return format_measure(measure, precision_of=precision_of, units=units)
    significant = shown_precision(
        measure.magnitude, measure.lower_magnitude, measure.upper_magnitude
    )
    return format_measure(measure, significant=significant, units=units)
