"""Errors as a person at the command line reads them.

The library's messages are written for Python callers: they name keyword arguments
(`pass nearest=True`, `needs on=`, `within=`) and end with the field they are about
(`(field 'on')`). At the command line the same advice names the options (`use --nearest`,
`--on`, `--within`) and the field is dropped: the message itself says what is wrong. The file
and record a problem is in (a line of your own CSV file) are kept. The library's messages stay
as they are for Python users.

Examples:
    >>> from swchina_dev.errors import RateNotFoundError
    >>> error = RateNotFoundError(
    ...     "no CNY/USD rate for 1990; pass nearest=True to use the closest year", field="on")
    >>> for_people(error, "fx")
    'no CNY/USD rate for 1990; use --nearest to use the closest year'
"""

from __future__ import annotations

import re
from typing import Final

from swchina_dev.errors import AmbiguousNameError, SwchinaDevError

__all__ = ["PYTHON_WORDING", "for_people", "how_to_pick"]

#: Python-call wording in the library's messages, and what the command line says instead.
PYTHON_WORDING: Final = (
    ("pass nearest=True to use", "use --nearest to use"),
    ("needs on=:", "needs --on:"),
    ("pass on=<date, year or period> (or convert them first)", "give --on with a date or a year"),
    (" or pass format=", ""),
    ("pass max_bytes= to raise it", "use --data-limit MIB (or none) to raise it"),
)
# A field named inside a message (an inner error's text quoted in an outer one).
_FIELD_NOTE: Final = re.compile(r" \(field '[^'()]{0,80}'\)")
# Commands whose NAME argument --within narrows; elsewhere a chain is the way to narrow.
_WITHIN: Final = frozenset({"lookup"})


def how_to_pick(command: str) -> str:
    """What to do about a name that matches several places, in this command's options."""
    narrow = "narrow it with --within REGION, or" if command in _WITHIN else "or narrow it with"
    return (
        f"choose one by its code or id (in brackets above), {narrow} a chain of names "
        "innermost first, such as 'Sanhe, Zhaojue'"
    )


def for_people(error: SwchinaDevError, command: str) -> str:
    """The message of a library error for the command line (see the module documentation).

    Args:
        error: The error.
        command: The command that raised it (`"lookup"`): says which options exist.
    """
    if isinstance(error, AmbiguousNameError):
        listing = "".join(f"\n  - {candidate}" for candidate in error.candidates)
        return f"{error.what}; {len(error.candidates)} candidates:{listing}\n{how_to_pick(command)}"
    text = error.message
    for python, ours in PYTHON_WORDING:
        text = text.replace(python, ours)
    text = _FIELD_NOTE.sub("", text)
    where = [
        f"{label} {value!r}"
        for label, value in (("file", error.file), ("record", error.record))
        if value is not None
    ]
    return f"{text} ({', '.join(where)})" if where else text
