"""Validators and converters shared by the model classes (attrs field helpers)."""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import math
import numbers
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from typing import Any, Final, TypeVar

import attrs

from swchina_dev.errors import ValidationError

__all__ = [
    "ID_PATTERN",
    "KEY_PATTERN",
    "MAX_ID_LENGTH",
    "REFERENCE_PATTERN",
    "check_bool",
    "check_id",
    "check_key",
    "check_optional_id",
    "check_optional_text",
    "check_text",
    "check_year",
    "checked_on_unpickle",
    "enum_tuple",
    "is_trusted",
    "model_fields",
    "record_of",
    "text_problem",
    "to_date",
    "to_enum",
    "to_optional_date",
    "to_real",
    "to_str_tuple",
    "trusted_input",
]

E = TypeVar("E", bound=enum.Enum)
M = TypeVar("M")

#: Ids of zones, enterprises, groupings, sources and indicators: lowercase words joined by hyphens.
ID_PATTERN = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)*")
#: Any subject reference: a region code, a village id or an entity id.
REFERENCE_PATTERN = re.compile(r"[A-Za-z0-9]+(?:[-_.:][A-Za-z0-9]+)*")
#: The longest id, in characters.
MAX_ID_LENGTH = 120
# Control characters other than tab and newline (C0 only: a name may hold any other Unicode).
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")


def checked_on_unpickle(cls: type[M], rebuild: Callable[[M], M] | None = None) -> type[M]:
    """Make unpickling and copying a model check its state as building it does.

    pickle and `copy` restore a model's attributes directly (attrs' `__setstate__`), so
    tampered state (a NaN magnitude, a malformed code) would make an invalid model. After the
    attributes are restored, the model is built again from them (`rebuild`, by default
    through its constructor, `attrs.evolve`), which raises
    [ValidationError][swchina_dev.ValidationError] for anything the constructor refuses; a
    model that builds to something else (a converter changed a value) is refused too.
    """
    restore = cls.__setstate__  # type: ignore[attr-defined]
    build = rebuild if rebuild is not None else attrs.evolve

    def setstate(self: M, state: Any) -> None:
        restore(self, state)
        if is_trusted():
            return
        try:
            rebuilt = build(self)
        except (TypeError, AttributeError) as error:  # state missing a field, or of a wrong shape
            raise ValidationError(
                f"cannot restore a {cls.__name__}: {error}", record=record_of(self)
            ) from None
        if rebuilt != self:
            raise ValidationError(
                f"cannot restore a {cls.__name__}: its state is not one it can have",
                record=record_of(self),
            )

    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    return cls


def record_of(instance: object) -> str | None:
    """Return the id or code of a model being validated, to name it in errors."""
    for name in ("id", "code", "key"):
        value = getattr(instance, name, None)
        if isinstance(value, str):
            return value
    return None


def _fail(instance: object, attribute: attrs.Attribute[Any], message: str) -> ValidationError:
    return ValidationError(message, field=attribute.name, record=record_of(instance))


def check_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a well-formed id (lowercase letters and digits joined by hyphens)."""
    if not isinstance(value, str) or not value:
        raise _fail(instance, attribute, f"must be a non-empty string, got {value!r}")
    pattern = ID_PATTERN if attribute.name in ("id",) else REFERENCE_PATTERN
    if len(value) > MAX_ID_LENGTH or not pattern.fullmatch(value):
        raise _fail(instance, attribute, f"malformed id {value!r}")


def check_optional_id(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Like [check_id][swchina_dev.models.validators.check_id], but None is allowed."""
    if value is not None:
        check_id(instance, attribute, value)


#: Keys of metrics and items: lowercase snake_case (`"planted_area"`, `"black_necked_crane"`).
KEY_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")


def check_key(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Validate a metric's or item's key: lowercase snake_case, at most 64 characters."""
    if not isinstance(value, str) or not KEY_PATTERN.fullmatch(value):
        what = type(instance).__name__.lower()
        raise ValidationError(
            f"{what} key must be lowercase snake_case, got {value!r}",
            field=attribute.name,
            record=str(value),
        )


def check_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require a non-empty string without control characters."""
    if not isinstance(value, str) or not value.strip():
        raise _fail(instance, attribute, f"must be a non-empty string, got {value!r}")
    if _CONTROL.search(value):
        raise _fail(instance, attribute, "must not contain control characters")


def check_optional_text(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Like [check_text][swchina_dev.models.validators.check_text], but None is allowed."""
    if value is not None:
        check_text(instance, attribute, value)


def check_bool(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require True or False (not 0, 1 or a string)."""
    if not isinstance(value, bool):
        raise _fail(instance, attribute, f"must be True or False, got {value!r}")


def check_year(instance: object, attribute: attrs.Attribute[Any], value: object) -> None:
    """Require None or a plausible calendar year (1000-2200)."""
    if value is None:
        return
    if not isinstance(value, int) or isinstance(value, bool) or not 1000 <= value <= 2200:
        raise _fail(instance, attribute, f"must be a year between 1000 and 2200, got {value!r}")


def model_fields(cls: type, fields: list[attrs.Attribute[Any]]) -> list[attrs.Attribute[Any]]:
    """Attrs `field_transformer` of every model: named converter errors, skippable validators.

    Every converter's failure (`ValueError` from an enum, a
    [ValidationError][swchina_dev.ValidationError] from the helpers here) becomes a
    `ValidationError` with `field` and `record` set; converters stay plain named functions (or
    enum types), as mypy's attrs plugin needs. Every validator is skipped inside
    [trusted_input][swchina_dev.models.validators.trusted_input]; converters (normalising enums,
    tuples and dates) always run.
    """
    return [
        field.evolve(
            converter=None if field.converter is None else _naming(field.converter),
            validator=_checked(field),
        )
        for field in fields
    ]


# A lone surrogate (half of a UTF-16 pair): no UTF-8 file can hold it, so no model may.
_SURROGATE = re.compile("[\ud800-\udfff]")
# The annotations of text fields (strings: the models use postponed annotations).
_TEXT_TYPES = {"str": False, "str | None": True, "tuple[str, ...]": False}


def _checked(field: attrs.Attribute[Any]) -> Any:
    """A field's validator, skipped for trusted input, preceded by the text check of text fields.

    Every `str`, `str | None` and `tuple[str, ...]` field must hold text (not a number: it
    would be written and then refused on reading) without lone surrogates (which cannot be
    written as UTF-8). One closure does both (this runs for every field of every record).
    """
    kind = field.type if isinstance(field.type, str) else getattr(field.type, "__name__", "")
    validator = field.validator
    if kind not in _TEXT_TYPES:
        return None if validator is None else _unless_trusted(validator)
    optional, many = _TEXT_TYPES[kind], kind.startswith("tuple")
    trusted = _TRUSTED.get

    def check(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if trusted():
            return
        for text in value if many and isinstance(value, tuple) else (value,):
            if not (optional and text is None):
                problem = text_problem(text)
                if problem is not None:
                    raise _fail(instance, attribute, problem)
        if validator is not None:
            validator(instance, attribute, value)

    return check


def text_problem(value: object) -> str | None:
    """What makes `value` unfit for a text field (not a string, a lone surrogate), or None.

    Examples:
        >>> text_problem("毕节"), text_problem(5)
        (None, 'must be text, not int: 5')
    """
    if value.__class__ is not str and not isinstance(value, str):
        return f"must be text, not {type(value).__name__}: {value!r:.60}"
    if not value.isascii() and _SURROGATE.search(value):
        return f"holds a lone surrogate (half a UTF-16 pair), which no file can hold: {value!r:.80}"
    return None


_TRUSTED: ContextVar[bool] = ContextVar("swchina_dev_trusted_input", default=False)


@contextlib.contextmanager
def trusted_input() -> Iterator[None]:
    """Build models without running their validators, in this thread or task only.

    Only for records whose checks have already run: the bundled data, which the build scripts
    made through the validating constructors and which the data tests load both ways and compare.
    Converters still run, so values are normalised as always.

    Examples:
        >>> from swchina_dev.models import Grouping
        >>> with trusted_input():
        ...     Grouping("g", "G", ()).members  # no members: a validator would refuse it
        ()
    """
    token = _TRUSTED.set(True)
    try:
        yield
    finally:
        _TRUSTED.reset(token)


def is_trusted() -> bool:
    """Whether models are being built inside `trusted_input()` in this thread or task."""
    return _TRUSTED.get()


def _unless_trusted(validator: Any) -> Any:
    trusted = _TRUSTED.get  # bound once: this runs for every field of every record

    def validate(instance: Any, attribute: attrs.Attribute[Any], value: Any) -> None:
        if not trusted():
            validator(instance, attribute, value)

    return validate


# Inputs a converter's result is remembered for (they hash by value; lists of text too).
_PLAIN_INPUTS: Final = frozenset({str, int, float, bool, type(None)})
# Distinct inputs remembered per converter; past this, the converter simply runs.
_MAX_REMEMBERED: Final = 4096


def _naming(function: Any) -> Any:
    # An enum's members by value, looked up directly: the enum call is slow, and every region
    # converts two of them.
    members = dict(function._value2member_map_) if _is_enum(function) else {}
    # Results for inputs seen before: the converters are pure and their results immutable (a
    # period, a member, a tuple), and a file of a million records holds few distinct periods.
    remembered: dict[Any, Any] = {}

    def convert(value: Any, instance: object, attribute: attrs.Attribute[Any]) -> Any:
        kind = value.__class__
        if kind is str and value in members:
            return members[value]
        if kind in _PLAIN_INPUTS:
            key: Any = (kind, value)
        elif (kind is list or kind is tuple) and all(item.__class__ is str for item in value):
            key = (kind, *value)
        else:
            key = None
        if key is not None:
            try:
                return remembered[key]
            except KeyError:
                pass
        try:
            result = function(value)
        except (ValidationError, ValueError, TypeError) as error:
            message = error.message if isinstance(error, ValidationError) else str(error)
            if _is_enum(function):
                allowed = ", ".join(str(member.value) for member in function)
                message = f"unknown value {value!r}; allowed: {allowed}"
            raise ValidationError(
                message, field=attribute.name, record=record_of(instance)
            ) from None
        if key is not None and len(remembered) < _MAX_REMEMBERED:
            remembered[key] = result
        return result

    return attrs.Converter(convert, takes_self=True, takes_field=True)


def _is_enum(function: Any) -> bool:
    return isinstance(function, type) and issubclass(function, enum.Enum)


def to_str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    """Turn a list of strings into a tuple; a lone string is an error, not its characters."""
    if value == ():  # most aliases and predecessors: nothing to check
        return ()
    if isinstance(value, str):
        raise ValidationError(f"expected a list of strings, got the string {value!r}")
    items = tuple(value)
    if all(isinstance(item, str) and item.strip() for item in items):  # the usual case
        return items
    bad = [item for item in items if not isinstance(item, str) or not item.strip()]
    if bad:
        raise ValidationError(f"expected non-empty strings, got {bad[0]!r}")
    return items


def to_enum(enum_type: type[E]) -> Callable[[object], E]:
    """Return a converter from an enum member or its value to the member, listing the allowed."""

    def convert(value: object) -> E:
        try:
            return enum_type(value)
        except ValueError:
            allowed = ", ".join(str(member.value) for member in enum_type)
            raise ValidationError(f"unknown value {value!r}; allowed: {allowed}") from None

    return convert


def enum_tuple(enum_type: type[E]) -> Callable[[Iterable[object]], tuple[E, ...]]:
    """Return a converter from a list of enum members or values to a tuple of members."""
    to_member = to_enum(enum_type)

    def convert(value: Iterable[object]) -> tuple[E, ...]:
        if isinstance(value, str):
            raise ValidationError(f"expected a list, got the string {value!r}")
        return tuple(to_member(item) for item in value)

    return convert


# Integers beyond this would overflow a conversion to float.
_LARGEST_INT = int(sys.float_info.max)


def to_real(value: object) -> int | float:
    """Turn a real number into a plain int or float (numpy scalars included); reject the rest."""
    kind = value.__class__
    if kind is float:  # the usual cases first: the ABC check below is slow
        if math.isfinite(value):  # type: ignore[arg-type]
            return value  # type: ignore[return-value]
        raise ValidationError(f"expected a finite number, got {value!r}")
    if kind is int and -_LARGEST_INT <= value <= _LARGEST_INT:  # type: ignore[operator]
        return value  # type: ignore[return-value]
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValidationError(f"expected a real number, got {type(value).__name__} {value!r}")
    number: int | float = int(value) if isinstance(value, numbers.Integral) else float(value)
    if isinstance(number, float) and not math.isfinite(number):
        raise ValidationError(f"expected a finite number, got {number!r}")
    if isinstance(number, int) and abs(number) > sys.float_info.max:  # would overflow conversions
        raise ValidationError("expected a number within the float range, got a larger integer")
    return number


def to_date(value: dt.date | str) -> dt.date:
    """Turn a date, a datetime (its date) or an ISO `YYYY-MM-DD` string into a date."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as error:
            raise ValidationError(f"expected a date as YYYY-MM-DD, got {value!r}") from error
    raise ValidationError(f"expected a date, got {type(value).__name__} {value!r}")


def to_optional_date(value: dt.date | str | None) -> dt.date | None:
    """Like [to_date][swchina_dev.models.validators.to_date], but None stays None."""
    return None if value is None else to_date(value)
