"""The exceptions the library raises.

Every error derives from [SwchinaDevError][swchina_dev.SwchinaDevError], so `except SwchinaDevError`
catches anything the library reports on purpose. The subclasses also derive from the closest
built-in exception (`ValueError`, `LookupError`) so that generic handlers keep working.

Each error says what went wrong and where: the field (`field`), the record (`record`) and the
file (`file`) where they are known.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

__all__ = [
    "AmbiguousNameError",
    "ConversionError",
    "DataFileError",
    "DoubleCountingError",
    "InvalidFileError",
    "MissingDependencyError",
    "NotFoundError",
    "ParseError",
    "RateNotFoundError",
    "StructureError",
    "SwchinaDevError",
    "UnitError",
    "ValidationError",
]


class SwchinaDevError(Exception):
    """Base class of every error the library raises on purpose.

    Args:
        message: What went wrong, in a sentence.
        field: The field (attribute or column) the problem is in, if any.
        record: The record (id, code, row number or path) the problem is in, if any.
        file: The file or resource the problem is in, if any.
    """

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        record: str | None = None,
        file: str | None = None,
    ) -> None:
        self.message = message
        self.field = field
        self.record = record
        self.file = file
        super().__init__(self._describe())

    def _describe(self) -> str:
        where = [
            f"{label} {value!r}"
            for label, value in (
                ("file", self.file),
                ("record", self.record),
                ("field", self.field),
            )
            if value is not None
        ]
        return f"{self.message} ({', '.join(where)})" if where else self.message

    def __reduce__(self) -> tuple[object, ...]:
        # Keyword-only arguments are not restored by the default exception pickling.
        return (_rebuild_error, (type(self), dict(self.__dict__)))


def _rebuild_error(cls: type[SwchinaDevError], state: dict[str, object]) -> SwchinaDevError:
    error = cls.__new__(cls)
    error.__dict__.update(state)
    Exception.__init__(error, error._describe())
    return error


class ValidationError(SwchinaDevError, ValueError):
    """A value breaks a rule of the data model (a bound, a dimension, a code's form)."""


class UnitError(SwchinaDevError, ValueError):
    """A unit is unknown, or a quantity does not have the dimension it needs."""


class ConversionError(UnitError):
    """A quantity cannot be converted to the unit asked for."""


class ParseError(SwchinaDevError, ValueError):
    """Text could not be read as what it should hold (a quantity, a period, a date)."""


class NotFoundError(SwchinaDevError, LookupError):
    """Nothing matches a code, an id or a name.

    Args:
        message: What was looked for.
        suggestions: The closest names that do exist, best first.
        **where: `field`, `record` and `file` as for [SwchinaDevError][swchina_dev.SwchinaDevError].
    """

    def __init__(
        self, message: str, *, suggestions: Sequence[str] = (), **where: str | None
    ) -> None:
        self.suggestions = tuple(suggestions)
        if self.suggestions:
            message = f"{message}; did you mean: {', '.join(self.suggestions)}?"
        super().__init__(message, **where)


class AmbiguousNameError(SwchinaDevError, LookupError):
    """A name matches several entities; the message lists every candidate.

    Args:
        message: What was looked for.
        candidates: One description per matching entity (its id and parent chain), the most
            likely first.
        hint: How to pick one, said after the list.
    """

    def __init__(self, message: str, *, candidates: Sequence[str], hint: str | None = None) -> None:
        self.what = message
        self.candidates = tuple(candidates)
        self.hint = hint
        listing = "".join(f"\n  - {candidate}" for candidate in self.candidates)
        after = f"\n{hint}" if hint else ""
        super().__init__(f"{message}; {len(self.candidates)} candidates:{listing}{after}")


class StructureError(ValidationError):
    """Input data could not be turned into models; `problems` lists every failure with its path.

    Args:
        message: What was being read.
        problems: One line per failure, each starting with the path of the bad value
            (`indicators[3].measure.lower: ...`).
        **where: `field`, `record` and `file` as for [SwchinaDevError][swchina_dev.SwchinaDevError].
    """

    def __init__(self, message: str, *, problems: Iterable[str], **where: str | None) -> None:
        self.problems = tuple(problems)
        listing = "".join(f"\n  - {problem}" for problem in self.problems)
        super().__init__(f"{message}: {len(self.problems)} problem(s){listing}", **where)


class DataFileError(SwchinaDevError):
    """A data file or bundled resource cannot be read (missing, mis-encoded, malformed)."""


class RateNotFoundError(NotFoundError):
    """No bundled exchange rate covers the period asked for (or the currency pair has none).

    The message names the pair, the period and the coverage; `nearest=True` on the rate
    functions uses the closest covered month or year instead.
    """


class DoubleCountingError(ValidationError):
    """Values to be summed lie one inside another (a village and its county): refused.

    Args:
        message: What was being summed.
        conflicts: Every pair of places found, outer first (`aggregate.Conflict` records).
        **where: `field`, `record` and `file` as for [SwchinaDevError][swchina_dev.SwchinaDevError].
    """

    def __init__(self, message: str, *, conflicts: Sequence[object], **where: str | None) -> None:
        self.conflicts = tuple(conflicts)
        listing = "".join(f"\n  - {conflict}" for conflict in self.conflicts)
        super().__init__(f"{message}:{listing}", **where)


class InvalidFileError(DataFileError, StructureError):
    """User data files cannot be loaded; `problems` lists every bad record.

    Each problem names the file, the line (CSV) or path (JSON), the record's id where known, the
    field and the reason: `mine/indicators.csv:14 (s000-x): value: expected a number, got 'x'`.
    It is a [DataFileError][swchina_dev.DataFileError] and a
    [StructureError][swchina_dev.StructureError].
    """


class MissingDependencyError(SwchinaDevError, ImportError):
    """An optional dependency is not installed; the message names the extra that installs it."""
