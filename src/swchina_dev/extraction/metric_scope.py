"""Whose a figure is and what part of the whole: the scope and breakdown of a metric guess.

[scope_of][swchina_dev.extraction.metric_scope.scope_of] tells a figure about one household or
one person from one about its subject as a whole, and
[breakdown_of][swchina_dev.extraction.metric_scope.breakdown_of] reads the part of the population
or economy it is about, both from the words of its sentence
([Reading][swchina_dev.extraction.metric_reading.Reading]).

Examples:
    >>> from swchina_dev.extraction.metric_reading import read_around
    >>> text = "Each household earns 40,000 yuan from rural women's embroidery."
    >>> reading = read_around(text, 21, 32, 0, len(text))
    >>> scope_of(text, reading)
    (<Scope.HOUSEHOLD: 'household'>, ('Each household',))
    >>> breakdown_of(text, reading)
    (('sex=female',), ('women',))
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Iterator
from typing import Final

from swchina_dev.extraction.metric_cues import (
    BREAKDOWN_WORDS,
    HOUSEHOLD_WORDS,
    PERSON_ROLES,
    RESIDENCE_NOUNS,
    SPEECH_VERBS,
)
from swchina_dev.extraction.metric_reading import Reading
from swchina_dev.extraction.pattern_needs import Patterns
from swchina_dev.models import BREAKDOWN_DIMENSIONS, Scope
from swchina_dev.text.word_patterns import by_first_letter, fold_case, word_start

__all__ = ["breakdown_of", "scope_of"]

_SCOPE_CHARS: Final = 300  # how far back in the sentence a scope word is read
_CONTEXT_CHARS: Final = 400  # text before the sentence a pronoun may refer to
_PRONOUN_CHARS: Final = 40  # "he", "she" this close before a figure make it theirs
_BREAKDOWN_LEFT: Final = 80  # how far a breakdown word is read before the figure
_BREAKDOWN_RIGHT: Final = 60  # and after it


def _alternatives(words: Iterable[str]) -> list[str]:
    return [re.escape(w) for w in sorted(words, key=len, reverse=True)]


# Each pattern is written with `word_start` (its alternatives grouped by first letter), so that a
# scan of the words beside a figure skips to the letters a match can start with and tests one
# look-behind per letter (the tests hold each equal to its plain form).
_NOT_LETTER: Final = "(?![A-Za-z])"
_HOUSEHOLD: Final = re.compile(
    word_start(
        by_first_letter(
            [
                *_alternatives(HOUSEHOLD_WORDS),
                *(
                    f"{each} +of +(?:the|these|those|its) +(?:[0-9][0-9,]* +)?"
                    "(?:households|families)"
                    for each in ("each", "every")
                ),
            ]
        )
    )
    + _NOT_LETTER,
    re.IGNORECASE,
)
# What every household phrase holds after its first letter (which `word_start` matches apart),
# "fam" not "family": a capital "İ" lower-cases to "i" and a combining dot.
_HOUSEHOLD_NEEDS: Final[Patterns[str]] = Patterns(
    [(_HOUSEHOLD, "household", ("household", "fam", "均", "户", "家"))]
)
_THEY: Final = re.compile(word_start(["they", "their", "them"]) + _NOT_LETTER, re.IGNORECASE)
_ONE_FAMILY: Final = re.compile(
    word_start(["family", "household", "couple"]) + _NOT_LETTER, re.IGNORECASE
)
# "I", "I'm", "I've", "my", "me" not after a letter, and 我 but not 我们: the first letter matched
# by a class, as `word_start` writes it (the tests hold it equal to the plain form).
_FIRST_PERSON: Final = re.compile(
    r"[IMm我](?:(?<![A-Za-z].)(?:(?<=I)(?:['’]m|['’]ve)?|(?<=[Mm])(?i:y|e))(?![A-Za-z'’])"
    r"|(?<=我)(?!们))"
)
_ROLES: Final = _alternatives(PERSON_ROLES)
# "a local resident", "farmer Li": the article and the role's first letter in either case, the
# words between and the name as written.
_ROLE: Final = re.compile(
    word_start(
        by_first_letter(
            [
                rf"an?(?-i: (?:[a-z-]+ ){{0,2}}(?:{'|'.join(_ROLES)}){_NOT_LETTER})",
                *(f"{role}(?-i: [A-Z][a-z]+)" for role in _ROLES),
            ]
        )
    )
)
_HE_SHE: Final = re.compile(word_start(["he", "she", "his", "her"]) + _NOT_LETTER, re.IGNORECASE)
_SPEECH: Final = re.compile(
    word_start(by_first_letter(_alternatives(SPEECH_VERBS))) + _NOT_LETTER, re.IGNORECASE
)


def scope_of(text: str, reading: Reading) -> tuple[Scope, tuple[str, ...]]:
    """Whether the figure is about one household, one person, or the subject, and the cue.

    The cue nearest the figure wins: "each household", "the family's", 户均 (or "they",
    "their" in a sentence after one about a family); "I", "my", 我, a private person named by
    role ("a local resident", "farmer Li"; not a speaker: "said Han, a local resident"), or
    "he", "she" just before the figure.
    """
    begin = max(reading.sentence[0], reading.start - _SCOPE_CHARS)
    left = text[begin : reading.start]
    right = text[reading.end : reading.right_edge]
    found: list[tuple[int, Scope, str]] = []

    def before(pattern: re.Pattern[str], scope: Scope, start: int = 0, speech: int = 0) -> None:
        # A speaker is not the figure's subject: "said Han, a local resident", "he added".
        for match in pattern.finditer(left, start):
            if not speech or not _SPEECH.search(
                left, max(0, match.start() - speech), match.end() + 15
            ):
                found.append((len(left) - match.end(), scope, match.group()))

    def after(pattern: re.Pattern[str], scope: Scope) -> None:
        match = pattern.search(right)
        if match is not None:
            found.append((match.start(), scope, match.group()))

    if _HOUSEHOLD_NEEDS.applicable(f"{left}\n{right}"):  # most words say no household
        before(_HOUSEHOLD, Scope.HOUSEHOLD)
        after(_HOUSEHOLD, Scope.HOUSEHOLD)
    # The text before the sentence (longer than the words before the figure) is searched only
    # when those words hold a "they".
    if _THEY.search(left) and _ONE_FAMILY.search(
        text[max(0, reading.sentence[0] - _CONTEXT_CHARS) : reading.sentence[0]]
    ):
        before(_THEY, Scope.HOUSEHOLD)
    before(_FIRST_PERSON, Scope.PERSON)
    after(_FIRST_PERSON, Scope.PERSON)
    before(_ROLE, Scope.PERSON, speech=25)
    before(_HE_SHE, Scope.PERSON, max(0, len(left) - _PRONOUN_CHARS), speech=1)
    if not found:
        return Scope.SUBJECT, ()
    _, scope, cue = min(found, key=lambda entry: entry[0])
    return scope, (cue,)


_AGE_AND_OVER: Final = re.compile(
    r"\baged? +([0-9]{1,3}) *(?:years? *)?(?:and|or) +(?:over|above|older)"
    r"|([0-9]{1,3}) *岁(?:及|以)?以上"
)
_AGE_RANGE: Final = re.compile(
    r"\baged? +(?:between +)?([0-9]{1,3}) *(?:-|–|to|and) *([0-9]{1,3})"
    r"|([0-9]{1,3}) *[-—~至到] *([0-9]{1,3}) *岁"
)
_RESIDENCE: Final = re.compile(
    rf"\b(rural|urban)(?: +[a-z-]+){{0,2}}? +(?:{'|'.join(_alternatives(RESIDENCE_NOUNS))})\b", re.I
)
_PHRASES: Final = re.compile(
    word_start(by_first_letter(_alternatives(BREAKDOWN_WORDS))) + _NOT_LETTER, re.IGNORECASE
)


def breakdown_of(text: str, reading: Reading) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The part of the population or economy the words beside the figure name, and the words.

    Within a few words of the figure and its clause: a sex ("women", 女性), a residence
    ("rural residents", "urban per capita income", 农村居民; not "rural areas"), an age group
    ("aged 65 and over", "aged 15-64", 65岁及以上), a sector (第三产业), ethnic minorities.
    The nearest word of each dimension wins.
    """
    start = max(reading.sentence[0], reading.start - _BREAKDOWN_LEFT)
    left = text[start : reading.start]
    left = left[max(left.rfind(";"), left.rfind("；")) + 1 :]  # back to the clause's start
    end = min(reading.sentence[1], reading.end + _BREAKDOWN_RIGHT)
    right = text[reading.end : end]
    stops = [at for at in (right.find(";"), right.find("；")) if at >= 0]
    right = right[: min(stops)] if stops else right  # up to the clause's end
    found: dict[str, tuple[int, str, str]] = {}
    # The patterns either side may hold (a need across the join only runs one for nothing).
    gated = {pattern for pattern, _ in _GATED.applicable(f"{left}\n{right}")}
    for part, is_left in ((left, True), (right, False)):
        for match, pair in _breakdown_words(part, gated):
            distance = len(part) - match.end() if is_left else match.start()
            dimension = pair.partition("=")[0]
            if dimension in BREAKDOWN_DIMENSIONS and distance < found.get(dimension, (1 << 30,))[0]:
                found[dimension] = (distance, pair, match.group())
    pairs = tuple(sorted(pair for _, pair, _ in found.values()))
    return pairs, tuple(cue for _, _, cue in sorted(found.values()))


# The patterns of a residence and an age, with their needs (see pattern_needs): most words beside
# a figure hold none, and are not searched with them.
_GATED: Final[Patterns[str]] = Patterns(
    (
        (_RESIDENCE, "residence", ("rural", "urban")),
        (_AGE_AND_OVER, "age and over", ("age", "岁")),
        (_AGE_RANGE, "age range", ("age", "岁")),
    )
)


def _breakdown_words(
    part: str, gated: Collection[re.Pattern[str]]
) -> Iterator[tuple[re.Match[str], str]]:
    for match in _PHRASES.finditer(part):
        yield match, BREAKDOWN_WORDS[_key(match.group())]
    for match in _RESIDENCE.finditer(part) if _RESIDENCE in gated else ():
        yield match, f"residence={match.group(1).lower()}"
    for match in _AGE_AND_OVER.finditer(part) if _AGE_AND_OVER in gated else ():
        yield match, f"age_group={int(match.group(1) or match.group(2))}+"
    for match in _AGE_RANGE.finditer(part) if _AGE_RANGE in gated else ():
        low, high = int(match.group(1) or match.group(3)), int(match.group(2) or match.group(4))
        if low < high:
            yield match, f"age_group={low}-{high}"


def _key(word: str) -> str:
    lowered = fold_case(word)
    return lowered if lowered in BREAKDOWN_WORDS else word
