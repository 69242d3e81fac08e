"""Serialization: one cattrs converter between the models and plain JSON-ready data.

Every model unstructures to dicts of strings, numbers, lists and None, and structures back to an
equal object: quantities keep their exact magnitude and their unit string, dates are ISO strings,
periods their text form (`"2024"`, `"asof:2025-01-23"`), enums their values.

Structuring bad input reports every failure at once, each with its path
(`[3].measure.lower: ...`), in one [StructureError][swchina_dev.errors.StructureError].

Examples:
    >>> from swchina_dev import Measure, Q_
    >>> from swchina_dev.serialization import structure, unstructure
    >>> data = unstructure(Measure(Q_(7800, "mu"), "at_least"))
    >>> data
    {'value': 7800, 'unit': 'mu', 'qualifier': 'at_least', 'lower': 7800, 'upper': None}
    >>> structure(data, Measure) == Measure(Q_(7800, "mu"), "at_least")
    True
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import functools
import gc
import json
from collections.abc import Iterator, Mapping
from typing import Any, Final, TypeVar, get_args, get_origin

import attrs
import cattrs
import cattrs.errors
from cattrs.v import format_exception as _describe_cattrs_error

from swchina_dev import models
from swchina_dev.errors import ParseError, StructureError, SwchinaDevError, ValidationError
from swchina_dev.models import Measure, Period
from swchina_dev.models.validators import to_date

__all__ = [
    "checked_limit",
    "converter",
    "from_json",
    "is_homogeneous_tuple",
    "make_converter",
    "parse_json",
    "paused_collection",
    "structure",
    "to_json",
    "unstructure",
]

T = TypeVar("T")

# The attrs models cattrs structures field by field (Measure and Period have hooks of their own).
_MODELS: Final = tuple(
    value
    for value in vars(models).values()
    if isinstance(value, type) and attrs.has(value) and value not in (Measure, Period)
)
_ENUMS: Final = tuple(
    value
    for value in vars(models).values()
    if isinstance(value, type) and issubclass(value, enum.Enum)
)
# Separates a field name from the message inside one formatted cattrs failure.
_FIELD_MARK: Final = "\x00"
#: Largest JSON text [from_json][swchina_dev.serialization.from_json] reads (bytes of UTF-8); bigger
#: inputs are refused up front.
MAX_JSON_BYTES: Final = 256 * 1024 * 1024


def _enum_value(member: enum.Enum) -> Any:
    return member.value


def _structure_measure(data: Any, _: type) -> Measure:
    return Measure.from_stored(data)


# Periods repeat (a file of a million figures names a few dozen) and are immutable.
_parse_period: Final = functools.lru_cache(maxsize=4096)(Period.parse)


def _structure_period(data: Any, _: type) -> Period:
    if not isinstance(data, str):
        raise ValidationError(f"a period is written as text like '2024', got {type(data).__name__}")
    return _parse_period(data)


def _structure_date(data: Any, _: type) -> dt.date:
    if not isinstance(data, (str, dt.date)):
        raise ValidationError(f"a date is written as YYYY-MM-DD, got {type(data).__name__}")
    return to_date(data)


def _structure_str(data: Any, _: type) -> str:
    # cattrs would turn 123 into "123"; a number where text belongs is an input error.
    if not isinstance(data, str):
        raise ValidationError(f"expected text, got {type(data).__name__} {data!r}")
    return data


def is_homogeneous_tuple(cls: Any) -> bool:
    """Whether a type is `tuple[X, ...]` (the models' tuple fields)."""
    arguments = get_args(cls)
    return get_origin(cls) is tuple and len(arguments) == 2 and arguments[1] is Ellipsis


def make_converter(*, detailed: bool = True) -> cattrs.Converter:
    """Build a converter configured for every model of the library.

    Args:
        detailed: Collect every failure with its path (slower); False stops at the first
            failure and says less, for a first pass over data that is nearly always valid.

    Returns:
        A new `cattrs.Converter` with no extra keys allowed; configure it further for your own
        classes without touching the shared one.
    """
    converter = cattrs.Converter(detailed_validation=detailed, forbid_extra_keys=True)
    converter.register_unstructure_hook(Measure, Measure.to_stored)
    converter.register_structure_hook(Measure, _structure_measure)
    converter.register_unstructure_hook(Period, str)
    converter.register_structure_hook(Period, _structure_period)
    converter.register_unstructure_hook(dt.date, dt.date.isoformat)
    # cattrs passes str-based enums through as members (str wins its dispatch over Enum);
    # plain data holds their values.
    for enum_type in _ENUMS:
        converter.register_unstructure_hook(enum_type, _enum_value)
    converter.register_structure_hook(dt.date, _structure_date)
    converter.register_structure_hook(str, _structure_str)

    def tuple_hook(cls: Any) -> Any:
        # One list hook per tuple type, found once (not on every record).
        as_list: Any = list[get_args(cls)[0]]  # type: ignore[misc]
        structure_list = converter.get_structure_hook(as_list)

        def structure_tuple(data: Any, _: Any) -> tuple[Any, ...]:
            # cattrs would read the text "520500" as the list of its characters.
            if isinstance(data, (str, bytes, Mapping)):
                raise ValidationError(f"expected a list, got {type(data).__name__} {data!r:.60}")
            return tuple(structure_list(data, as_list))

        return structure_tuple

    converter.register_structure_hook_factory(is_homogeneous_tuple, tuple_hook)
    converter.register_unstructure_hook_func(
        lambda cls: getattr(cls, "__origin__", None) is tuple,
        lambda value: [converter.unstructure(item) for item in value],
    )
    for model in _MODELS:
        converter.register_structure_hook(model, _every_field_checked(converter, model))
    return converter


def _every_field_checked(converter: cattrs.Converter, model: type) -> Any:
    """Wrap cattrs' hook so that a record with several bad fields reports every one of them.

    attrs stops at the first failing converter or validator; when a record fails, its fields
    are checked again one by one, and all their failures are raised together.
    """
    base: Any = converter.gen_structure_attrs_fromdict(model)

    def structure_model(data: Any, cls: type) -> Any:
        try:
            return base(data, cls)
        except ValidationError as first:
            failures = _field_failures(converter, cls, data) or [first]
            if len(failures) == 1:
                raise failures[0] from None
            raise cattrs.ClassValidationError(
                f"while structuring {cls.__name__}", failures, cls
            ) from None
        except cattrs.ClassValidationError as group:
            # cattrs reported the fields it could not convert (noted with their attribute), and
            # the first failure of the class's own checks (no note); replace the latter by all.
            kept = [
                error
                for error in group.exceptions
                if _attribute(error) is not None or not isinstance(error, ValidationError)
            ]
            reported = {_attribute(error) for error in kept}
            extra = [
                e for e in _field_failures(converter, cls, data) if _attribute(e) not in reported
            ]
            if len(kept) == len(group.exceptions) and not extra:
                raise
            raise cattrs.ClassValidationError(group.message, [*kept, *extra], cls) from None

    return structure_model


def _attribute(error: BaseException) -> str | None:
    notes = getattr(error, "__notes__", [])
    names = [n.name for n in notes if isinstance(n, cattrs.errors.AttributeValidationNote)]
    return names[-1] if names else None


def _field_failures(converter: cattrs.Converter, cls: type, data: Any) -> list[Exception]:
    # Convert every field on its own (converters may read fields set before them, so they see
    # a probe instance filled in order), then run every validator whose inputs converted.
    probe: Any = object.__new__(cls)
    failures: list[Exception] = []
    failed: set[str] = set()
    fields = attrs.fields(cls)
    for field in fields:
        if not field.init:
            continue
        raw = data.get(field.alias, attrs.NOTHING) if isinstance(data, dict) else attrs.NOTHING
        if raw is attrs.NOTHING:
            factory = getattr(field.default, "factory", None)  # an attrs Factory default
            raw = factory() if callable(factory) else field.default
        try:
            value = raw if raw is attrs.NOTHING else converter.structure(raw, field.type)
            value = _convert(field, value, probe)
        except ValidationError as error:
            failures.append(_noted(error, field.name, field.type))
            failed.add(field.name)
            value = None
        except Exception:  # a type failure: cattrs itself reports it on the first pass
            failed.add(field.name)
            value = None
        object.__setattr__(probe, field.name, value)
    for field in fields:
        if field.validator is None or field.name in failed:
            continue
        try:
            field.validator(probe, field, getattr(probe, field.name))
        except ValidationError as error:
            failures.append(_noted(error, error.field or field.name, field.type))
        except Exception:  # a validator that read a field which failed: already reported
            pass
    return failures


def _convert(field: attrs.Attribute[Any], value: Any, probe: object) -> Any:
    converter: Any = field.converter
    if converter is None:
        return value
    if isinstance(converter, attrs.Converter):  # takes the instance and the field, as ours do
        return converter.converter(value, probe, field)  # type: ignore[attr-defined]
    return converter(value)


def _noted(error: ValidationError, name: str, type_: Any) -> ValidationError:
    note = cattrs.errors.AttributeValidationNote(f"Structuring @ attribute {name}", name, type_)
    error.__notes__ = [*getattr(error, "__notes__", []), note]  # type: ignore[attr-defined]
    return error


@contextlib.contextmanager
def paused_collection() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while many records are read.

    The models hold no reference cycles, so the collector finds nothing to free among them;
    but each of its passes walks the growing heap of new objects, which costs about a third of
    the time of reading a million records. It is enabled again afterwards (if it was), also
    when the read fails.

    Examples:
        >>> import gc
        >>> with paused_collection():
        ...     gc.isenabled()
        False
        >>> gc.isenabled()
        True
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


#: The library's shared converter.
converter: Final = make_converter()
# Full records remembered by a lean converter, per class: at most this many.
_MAX_REMEMBERED: Final = 4096


@functools.cache
def _lean_converter() -> cattrs.Converter:
    """The first pass of `from_json`: no failure collection, repeated records built once.

    `to_json` writes each indicator's metric and source in full: a million indicators name a
    few dozen of them. Each distinct one (by its items) is structured once, and an indicator
    is built by its model, which checks every field's type. Anything this
    converter refuses is structured again by `structure`, whose report users see.
    """
    lean = make_converter(detailed=False)
    metric = _remembering(lean.get_structure_hook(models.Metric))
    source = _remembering(lean.get_structure_hook(models.Source))

    def indicator(data: Any, cls: type) -> models.Indicator:
        # The model checks the type of each of its fields itself (the files' fast path too).
        if data.__class__ is not dict:
            raise ValidationError(f"an indicator is a mapping, got {type(data).__name__}")
        fields = dict(data)
        fields["metric"] = metric(data["metric"], models.Metric)
        fields["source"] = source(data["source"], models.Source)
        return models.Indicator(**fields)

    lean.register_structure_hook(models.Indicator, indicator)
    return lean


def _remembering(hook: Any) -> Any:
    remembered: dict[Any, Any] = {}

    def structure_remembered(data: Any, cls: type) -> Any:
        if data.__class__ is not dict:
            return hook(data, cls)
        try:
            key = tuple(data.items())
            return remembered[key]
        except TypeError:  # a list or a mapping inside: not a valid record, as it happens
            return hook(data, cls)
        except KeyError:
            pass
        result = hook(data, cls)
        if len(remembered) < _MAX_REMEMBERED:
            remembered[key] = result
        return result

    return structure_remembered


def unstructure(value: Any) -> Any:
    """Turn a model (or a list or dict of models) into JSON-ready plain data.

    Args:
        value: Any model, or a container of models.

    Returns:
        Dicts, lists, strings, numbers, booleans and None.
    """
    return converter.unstructure(value)


def structure(data: Any, cls: type[T]) -> T:
    """Build models from plain data, validating everything.

    Args:
        data: Plain data as [unstructure][swchina_dev.serialization.unstructure] makes it.
        cls: The type wanted: a model class, or `list[Model]`, `dict[str, Model]`, ...

    Returns:
        An instance of `cls`.

    Raises:
        StructureError: Anything is wrong; `problems` lists every failure with its path.
    """
    try:
        return converter.structure(data, cls)
    except (cattrs.ClassValidationError, cattrs.IterableValidationError) as group:
        problems = cattrs.transform_error(group, path="$", format_exception=_format_failure)
        raise StructureError(
            f"cannot structure {_type_name(cls)}", problems=[_tidy(p) for p in problems]
        ) from None
    except SwchinaDevError as error:
        field = f"{error.field}: " if error.field else ""
        raise StructureError(
            f"cannot structure {_type_name(cls)}", problems=[f"{field}{error.message}"]
        ) from None
    except (TypeError, ValueError, KeyError, AttributeError) as error:
        raise StructureError(
            f"cannot structure {_type_name(cls)}", problems=[f"$: {error}"]
        ) from None
    except cattrs.StructureHandlerNotFoundError:
        raise StructureError(
            f"cannot structure {_type_name(cls)}", problems=["$: not a type the library models"]
        ) from None


#: The largest `indent` of [to_json][swchina_dev.serialization.to_json] (a larger one only pads).
MAX_INDENT: Final = 64


def to_json(value: Any, *, indent: int | None = None) -> str:
    """Serialize a model (or a container of models) to JSON text.

    Args:
        value: What to serialize.
        indent: Indentation for readable output (0 to `MAX_INDENT` spaces); None for the
            compact form.

    Returns:
        JSON text (UTF-8 safe: hanzi are written as they are).

    Raises:
        ValidationError: `value` holds something that is not a model or plain data (a pint
            quantity, bytes), a NaN or infinite float, or itself (or nests too deeply); or
            `indent` is not a small whole number.
    """
    if indent is not None and (
        isinstance(indent, bool) or not isinstance(indent, int) or not 0 <= indent <= MAX_INDENT
    ):
        raise ValidationError(
            f"indent is None or a whole number from 0 to {MAX_INDENT}, not {indent!r:.40}",
            field="indent",
        )
    try:
        with paused_collection():  # a plain dict per record: nothing for the collector
            data = unstructure(value)
            return json.dumps(data, ensure_ascii=False, indent=indent, allow_nan=False)
    except (TypeError, ValueError) as error:  # not JSON data, NaN / infinity, or a cycle
        raise ValidationError(f"cannot write as JSON: {error}", field="value") from None
    except RecursionError:  # a container holding itself, or nested thousands deep
        raise ValidationError(
            "cannot write as JSON: the value holds itself or is nested too deeply", field="value"
        ) from None


def from_json(text: str | bytes, cls: type[T], *, max_bytes: int | None = MAX_JSON_BYTES) -> T:
    """Read models from JSON text written by [to_json][swchina_dev.serialization.to_json].

    Args:
        text: The JSON text (`bytes` must be UTF-8).
        cls: The type wanted, as for [structure][swchina_dev.serialization.structure].
        max_bytes: The longest text read (default 256 MiB, `MAX_JSON_BYTES`; characters of a
            `str`, bytes of `bytes`), refused before it is parsed; None for no limit, for text
            you trust.

    Returns:
        An instance of `cls`.

    Raises:
        ParseError: The text is not valid JSON (or longer than `max_bytes`, or not UTF-8).
        ValidationError: `max_bytes` is neither a whole number nor None.
        StructureError: The JSON does not describe valid models.
    """
    if not isinstance(text, (str, bytes, bytearray)):
        raise ParseError(f"JSON text is str or bytes, not {type(text).__name__}")
    max_bytes = checked_limit(max_bytes)
    if max_bytes is not None and len(text) > max_bytes:
        raise ParseError(
            f"JSON text larger than {max_bytes} bytes (pass max_bytes= to raise the limit for "
            "text you trust)"
        )
    with paused_collection():
        try:
            data = parse_json(text)
        # ValueError also covers an integer literal beyond Python's digit limit (4300 digits).
        except (ValueError, RecursionError) as error:
            raise ParseError(f"not valid JSON: {error}") from None
        try:
            return _lean_converter().structure(data, cls)
        except Exception:  # any failure: structure below says what is wrong, completely
            pass
        return structure(data, cls)


def checked_limit(max_bytes: object) -> int | None:
    """A reader's `max_bytes` argument, checked: a whole number of bytes, or None (no limit).

    Raises:
        ValidationError: It is neither.

    Examples:
        >>> checked_limit(1 << 30), checked_limit(None)
        (1073741824, None)
    """
    if max_bytes is None or (
        isinstance(max_bytes, int) and not isinstance(max_bytes, bool) and max_bytes >= 0
    ):
        return max_bytes
    raise ValidationError(
        f"max_bytes is a whole number of bytes or None (no limit), not {max_bytes!r:.40}",
        field="max_bytes",
    )


def parse_json(text: str | bytes) -> Any:
    """Parse JSON text as the library reads it: `NaN` and `Infinity` are refused, not numbers.

    Raises:
        json.JSONDecodeError: The text is not JSON (or holds `NaN`/`Infinity`).
        ValueError: An integer beyond Python's digit limit, or an object naming a key twice
            (`DuplicateKeyError`, naming the key and the object).
        RecursionError: The text nests too deeply.
    """
    return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)


class DuplicateKeyError(ValueError):
    """A JSON object names a key twice (JSON readers would keep one of the two silently)."""


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise DuplicateKeyError(f"duplicate key {key!r} {_object_named(result)}")
            seen.add(key)
    return result


def _object_named(members: dict[str, Any]) -> str:
    """Where an object is, for a message: its id or code, or its first keys."""
    for name in ("id", "code", "key"):
        if isinstance(members.get(name), str):
            return f"in the object with {name} {members[name][:80]!r}"
    if "format" in members or "format_version" in members:
        return "at the top level of the document"
    shown = ", ".join(repr(key[:40]) for key in list(members)[:4])
    return f"in the object with the keys {shown}"


def _refuse_constant(name: str) -> Any:
    raise json.JSONDecodeError(f"{name} is not a number", name, 0)


def _format_failure(error: BaseException, type_: type | None) -> str:
    if isinstance(error, SwchinaDevError):
        return f"{error.field or ''}{_FIELD_MARK}{error.message}"
    return _describe_cattrs_error(error, type_)


def _tidy(problem: str) -> str:
    # cattrs writes "message @ $.a[3].b"; we write "a[3].b: message", adding our own field name.
    message, _, path = problem.rpartition(" @ ")
    path = path.removeprefix("$").removeprefix(".")
    if _FIELD_MARK in message:
        field, _, message = message.partition(_FIELD_MARK)
        if field and not path.endswith(field):
            path = f"{path}.{field}" if path else field
    return f"{path or '$'}: {message}"


def _type_name(cls: Any) -> str:
    return getattr(cls, "__name__", None) or str(cls)
