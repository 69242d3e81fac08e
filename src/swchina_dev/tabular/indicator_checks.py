"""The rules of an indicator, checked a column at a time over an Arrow table (extra `arrow`).

[read_indicator_columns][swchina_dev.tabular.indicator_columns.read_indicator_columns] reads a
file into plain columns (`RawColumns`); this module tells which rows break a rule of
[Indicator][swchina_dev.Indicator], with no Python object per row, and builds the settled
columns of the valid ones.

Columns with few distinct values (subjects, metrics, units, qualifiers, periods, sources,
enums, items, tag and breakdown lists) are checked one distinct value at a time by the models'
own converters and validators (`Period.parse`, `Status(...)`, `check_id`, `to_breakdown`,
`Metric.accepts`, `canonical_unit`). Rules of each row (the id pattern, finite magnitudes, the
bounds a qualifier implies as `Qualifier.bounds` says, a range's
order and midpoint, signs, a required item) are pyarrow compute kernels. A row found bad is
not explained here: the caller builds that row's object the library's usual way, whose report
is the one users see (and which settles the few rows a check flags that the model accepts, such
as a qualifier written as a word).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Final

import attrs

from swchina_dev.errors import SwchinaDevError
from swchina_dev.models import Indicator, Metric, Period, Qualifier, Scope, Source, Status, Tag
from swchina_dev.models.indicators import to_breakdown
from swchina_dev.models.validators import (
    ID_PATTERN,
    KEY_PATTERN,
    MAX_ID_LENGTH,
    check_id,
    text_problem,
    to_str_tuple,
)
from swchina_dev.optional import import_optional
from swchina_dev.units import canonical_unit

__all__ = [
    "EXACT_NAMES",
    "Encodings",
    "RawColumns",
    "check_columns",
    "exact_json",
    "list_separator",
    "per_value",
]

#: The magnitudes `exact_values` may hold, in the order it lists them.
EXACT_NAMES: Final = (
    "magnitude",
    "lower",
    "upper",
    "conversion_magnitude",
    "conversion_lower",
    "conversion_upper",
)
_MEASURES: Final = {
    "": ("magnitude", "lower", "upper"),
    "conversion_": ("conversion_magnitude", "conversion_lower", "conversion_upper"),
}
# Joins a list's items into one text per row; an item holding it is flagged (not split wrongly).
_SEPARATOR: Final = "\x00"
# What `math.isclose` allows when `_settle` compares a bound or a range's value.
_BOUND_TOLERANCE: Final = 1e-9
_MIDPOINT_ABSOLUTE: Final = 1e-12


def list_separator() -> str:
    """The text that joins list items into one cell when lists are compared per row."""
    return _SEPARATOR


def _pa() -> Any:
    return import_optional("pyarrow", "arrow")


def _pc() -> Any:
    return import_optional("pyarrow.compute", "arrow")


class Encodings:
    """The dictionary encodings of one read's arrays, each made once (arrays are immutable).

    The reader's per-value work and the checks look at the same columns; hashing a million
    cells costs as much as most checks of them.
    """

    def __init__(self) -> None:
        self._found: dict[int, tuple[Any, Any]] = {}

    def of(self, array: Any) -> Any:
        """The array's dictionary encoding (its distinct values, and each row's index)."""
        found = self._found.get(id(array))
        if found is None or found[0] is not array:
            found = self._found[id(array)] = (array, _pc().dictionary_encode(array))
        return found[1]

    def known(self, array: Any) -> Any | None:
        """The array's encoding if one was made (or remembered), else None."""
        found = self._found.get(id(array))
        return found[1] if found is not None and found[0] is array else None

    def spread(self, values: Any, encoded: Any) -> Any:
        """`values`, one a distinct value of `encoded`, as rows (their encoding remembered)."""
        pa, pc = _pa(), _pc()
        rows = pc.take(values, encoded.indices)
        if not values.null_count:
            self._found[id(rows)] = (rows, pa.DictionaryArray.from_arrays(encoded.indices, values))
        return rows


@attrs.define
class RawColumns:
    """One file's indicator rows as plain Arrow arrays, before the rules are checked.

    Attributes:
        text: String arrays (`id`, `subject_id`, `metric`, `source`, `period`, `status`,
            `note`, `item`, `scope`, `unit`, `qualifier`, `conversion_unit`,
            `conversion_qualifier`), as the model would be given them (CSV escapes undone).
        lists: list<string> arrays: `tags`, `derived_from`, `breakdown`.
        numbers: float64 arrays of the six magnitudes of `EXACT_NAMES` (null where absent).
        integers: bool arrays: the magnitude is a whole number the model holds as an `int`.
        flagged: Rows the reader could not put in columns faithfully: they go to the model.
        has_conversion: Rows with a stated conversion.
        list_keys: Per list column, if the reader has them: each row's items joined by
            `list_separator()` (`""` for none), from a file whose lists never hold the
            separator or one empty item (a CSV file with a NUL is not read column-wise); the
            lists are built from them, and `lists` need not hold those columns.
        encodings: The encodings the reader made of these arrays, for the checks to reuse.
    """

    text: dict[str, Any]
    lists: dict[str, Any]
    numbers: dict[str, Any]
    integers: dict[str, Any]
    flagged: Any
    has_conversion: Any
    list_keys: dict[str, Any] = attrs.field(factory=dict)
    encodings: Encodings = attrs.field(factory=Encodings)


def _false_if_null(mask: Any) -> Any:
    return _pc().fill_null(mask, False) if mask.null_count else mask


def _any(*masks: Any) -> Any:
    pc = _pc()
    return functools.reduce(
        lambda one, other: pc.or_(one, _false_if_null(other)), masks[1:], _false_if_null(masks[0])
    )


def _all(*masks: Any) -> Any:
    pc = _pc()
    return functools.reduce(
        lambda one, other: pc.and_(one, _false_if_null(other)), masks[1:], _false_if_null(masks[0])
    )


def _distinct(
    array: Any, check: Callable[[Any], Any], kind: Any, encodings: Encodings
) -> tuple[Any, Any]:
    """Check each distinct value once: (valid per row, the checked value per row).

    `check` returns the value the model keeps (a canonical spelling) or raises; null rows are
    not valid.
    """
    pa = _pa()
    encoded = encodings.of(array)
    values = encoded.dictionary.to_pylist()
    kept, valid = [], []
    for value in values:
        try:
            kept.append(check(value))
            valid.append(True)
        except (SwchinaDevError, ValueError, TypeError, LookupError):
            kept.append(None)
            valid.append(False)
    # Most files: every value valid and kept as written; the rows need no lookup then.
    if all(valid):
        rows_valid = _pc().is_valid(array) if array.null_count else pa.repeat(True, len(array))
    else:
        rows_valid = _false_if_null(encodings.spread(pa.array(valid, pa.bool_()), encoded))
    if kept == values and array.type == kind:
        return rows_valid, array
    return rows_valid, encodings.spread(pa.array(kept, kind), encoded)


def per_value(
    array: Any, compute: Callable[[Any], tuple[Any, ...]], encodings: Encodings
) -> tuple[Any, ...]:
    """`compute` (arrays as long as its input) run once a distinct value, spread to the rows.

    Cells repeat (a figure, a unit, a template's note); where most do not, it runs on the rows.
    """
    encoded = encodings.of(array)
    if 2 * len(encoded.dictionary) > len(array):
        return compute(array)
    return tuple(encodings.spread(found, encoded) for found in compute(encoded.dictionary))


def _is_in(array: Any, values: list[str], encodings: Encodings) -> Any:
    """Whether each row's text is one of `values` (false for null), once a distinct value."""
    pa, pc = _pa(), _pc()
    wanted = pa.array(values, pa.string())
    return _false_if_null(
        per_value(array, lambda v: (pc.is_in(v, value_set=wanted),), encodings)[0]
    )


def _check_by_model(name: str) -> Callable[[Any], Any]:
    """The model's own check of one field's value (its attrs validator), as a function."""
    attribute = getattr(attrs.fields(Indicator), name)

    def check(value: Any) -> Any:
        check_id(None, attribute, value)
        problem = text_problem(value)
        if problem is not None:
            raise ValueError(problem)
        return value

    return check


def _enum_value(kind: type[Status | Scope | Qualifier]) -> Callable[[Any], str]:
    return lambda value: kind(value).value


def _item(value: str) -> str:
    if not KEY_PATTERN.fullmatch(value) or text_problem(value) is not None:
        raise ValueError(value)
    return value


def _isclose(first: Any, second: Any, relative: float, absolute: float) -> Any:
    """`math.isclose` element by element (finite numbers)."""
    pc = _pc()
    difference = pc.abs(pc.subtract(first, second))
    return _any(
        pc.less_equal(difference, pc.abs(pc.multiply(second, relative))),
        pc.less_equal(difference, pc.abs(pc.multiply(first, relative))),
        pc.less_equal(difference, absolute),
    )


@functools.cache
def _implied() -> tuple[list[str], list[str]]:
    """The qualifiers that imply a lower and an upper bound, as `Qualifier.bounds` says."""
    plain = [qualifier for qualifier in Qualifier if qualifier is not Qualifier.RANGE]
    lower = [q.value for q in plain if q.bounds(1)[0] is not None]
    upper = [q.value for q in plain if q.bounds(1)[1] is not None]
    return lower, upper


def _settle(
    numbers: Mapping[str, Any],
    integers: Mapping[str, Any],
    names: tuple[str, str, str],
    qualifier: Any,
    encodings: Encodings,
) -> tuple[Any, dict[str, Any], dict[str, Any]]:
    """The measure rules of `_settle` in models.measures, element by element.

    Returns whether each row's measure is valid, its settled magnitudes and which are integers.
    """
    pa, pc = _pa(), _pc()
    value_name, lower_name, upper_name = names
    value, lower, upper = (numbers[name] for name in names)
    value_int, lower_int, upper_int = (integers[name] for name in names)
    nothing = pa.scalar(None, pa.float64())
    finite = _all(*(pc.fill_null(pc.is_finite(number), True) for number in (value, lower, upper)))
    is_range = _false_if_null(pc.equal(qualifier, Qualifier.RANGE.value))
    lower_set, upper_set = _implied()
    implies_lower = _is_in(qualifier, lower_set, encodings)
    implies_upper = _is_in(qualifier, upper_set, encodings)
    # A range: both bounds, in order; its value, if given, is their midpoint (kept within them).
    half = pc.add(pc.divide(lower, 2.0), pc.divide(upper, 2.0))
    middle = pc.min_element_wise(pc.max_element_wise(half, lower), upper)
    range_valid = _all(
        pc.is_valid(lower),
        pc.is_valid(upper),
        pc.less_equal(lower, upper),
        pc.or_(pc.is_null(value), _isclose(value, middle, _BOUND_TOLERANCE, _MIDPOINT_ABSOLUTE)),
    )
    whole = pc.cast(pc.if_else(_all(lower_int, upper_int), pc.add(lower, upper), 0.0), pa.int64())
    middle_int = _all(lower_int, upper_int, pc.equal(pc.bit_wise_and(whole, 1), 0))

    # Any other qualifier: a value; a bound given agrees with the one implied.
    def bound_agrees(given: Any, implies: Any) -> Any:
        agrees = _any(pc.equal(given, value), _isclose(given, value, _BOUND_TOLERANCE, 0.0))
        return pc.or_(pc.is_null(given), _all(implies, agrees))

    plain_valid = _all(
        pc.is_valid(value), bound_agrees(lower, implies_lower), bound_agrees(upper, implies_upper)
    )
    valid = _all(finite, pc.is_valid(qualifier), pc.if_else(is_range, range_valid, plain_valid))
    settled = {
        value_name: pc.if_else(is_range, middle, value),
        lower_name: pc.if_else(is_range, lower, pc.if_else(implies_lower, value, nothing)),
        upper_name: pc.if_else(is_range, upper, pc.if_else(implies_upper, value, nothing)),
    }
    exact = {
        value_name: pc.if_else(is_range, middle_int, value_int),
        lower_name: pc.if_else(is_range, lower_int, _all(implies_lower, value_int)),
        upper_name: pc.if_else(is_range, upper_int, _all(implies_upper, value_int)),
    }
    return valid, settled, {name: _false_if_null(mask) for name, mask in exact.items()}


def exact_json(numbers: Mapping[str, Any], integers: Mapping[str, Any]) -> Any:
    """Each row's whole-number magnitudes as JSON (as `write_parquet` writes `exact_values`)."""
    pa, pc = _pa(), _pc()
    joined = None
    for name in EXACT_NAMES:
        if not pc.any(integers[name]).as_py():
            continue
        whole = pc.cast(pc.if_else(integers[name], numbers[name], 0.0), pa.int64())
        part = pc.binary_join_element_wise(f'"{name}": ', pc.cast(whole, pa.string()), "")
        if joined is None:
            joined = pc.if_else(integers[name], part, "")
            continue
        # (binary_join_element_wise's null_handling="skip" drops rows in pyarrow 26)
        longer = pc.if_else(
            pc.equal(joined, ""), part, pc.binary_join_element_wise(joined, part, ", ")
        )
        joined = pc.if_else(integers[name], longer, joined)
    if joined is None:
        return pa.nulls(len(integers[EXACT_NAMES[0]]), pa.string())
    return pc.if_else(
        pc.equal(joined, ""),
        pa.scalar(None, pa.string()),
        pc.binary_join_element_wise("{", joined, "}", ""),
    )


@functools.cache
def _whitespace() -> str:
    """A regex class of what `str.strip` removes (Python's whitespace)."""
    spaces = "".join(chr(code) for code in range(0x3001) if chr(code).isspace())
    return "".join(f"\\x{{{ord(space):x}}}" for space in spaces)


def _items(key: str) -> list[str]:
    return key.split(_SEPARATOR) if key else []


# Each list's check by the model, as a key: the items it keeps (tags as values, breakdowns
# sorted), joined.
_LIST_CHECKS: Final[dict[str, Callable[[list[str]], list[str]]]] = {
    "tags": lambda items: [Tag(item).value for item in items],
    "derived_from": lambda items: list(to_str_tuple(items)),
    "breakdown": lambda items: list(to_breakdown(items)),
}


def _blank_items(keys: Any) -> tuple[Any]:
    """Which list keys hold a blank item (empty, or only what `str.strip` removes)."""
    blank = f"(?:^|{_SEPARATOR})[{_whitespace()}]*(?:{_SEPARATOR}|$)"
    return (_pc().match_substring_regex(keys, blank),)


def _split_keys(keys: Any) -> tuple[Any]:
    pa, pc = _pa(), _pc()
    empty = pa.scalar([], pa.list_(pa.string()))
    return (pc.if_else(pc.equal(keys, ""), empty, pc.split_pattern(keys, _SEPARATOR)),)


def _list_checks(raw: RawColumns) -> tuple[Any, dict[str, Any]]:
    """Valid rows of the list columns, and the lists the model keeps (breakdowns sorted)."""
    pa, pc = _pa(), _pc()
    valid: list[Any] = []
    kept: dict[str, Any] = {}
    for name, check in _LIST_CHECKS.items():
        key = raw.list_keys.get(name)
        if key is None:
            values = raw.lists[name]
            key = pc.binary_join(values, _SEPARATOR)  # null for a null list or item
            lengths = pc.list_value_length(values)
            # An item holding the separator would be split wrongly: counted, it is flagged.
            if pc.any(pc.match_substring(pc.list_flatten(values), _SEPARATOR)).as_py():
                separators = pc.count_substring(key, _SEPARATOR)
                whole = pc.equal(separators, pc.max_element_wise(pc.subtract(lengths, 1), 0))
                valid.append(whole)
            # One empty item joins as no item does: its rows are checked as such.
            one_empty = _all(pc.equal(lengths, 1), pc.equal(key, ""))
            if pc.any(one_empty).as_py():
                try:
                    check([""])
                except (SwchinaDevError, ValueError, TypeError, LookupError):
                    valid.append(pc.invert(one_empty))
                else:  # kept as given: not a key's lists
                    valid.append(pa.repeat(True, len(key)))
        if name == "derived_from":  # ids: any non-blank text, found by a regex (ids vary)
            (blank,) = per_value(key, _blank_items, raw.encodings)
            valid.append(pc.or_(pc.equal(key, ""), pc.invert(blank)))
            keys = key
        else:
            joined = functools.partial(_joined_check, check)
            rows_valid, keys = _distinct(key, joined, pa.string(), raw.encodings)
            valid.append(rows_valid)
        if keys is key and name in raw.lists:  # every list kept as given
            kept[name] = raw.lists[name]
        else:
            (kept[name],) = per_value(keys, _split_keys, raw.encodings)
    return _all(*valid), kept


def _joined_check(check: Callable[[list[str]], list[str]], key: str) -> str:
    return _SEPARATOR.join(check(_items(key)))


def check_columns(
    raw: RawColumns, metrics: Mapping[str, Metric], sources: Mapping[str, Source]
) -> tuple[Any, dict[str, Any]]:
    """Which rows break a rule of the model, and the settled columns of the others.

    Args:
        raw: The rows.
        metrics: The metrics rows may name, by key.
        sources: The sources rows may name, by id.

    Returns:
        A bool array (true: the row is bad, or flagged for the model), and the columns of
        `COLUMNS` ([swchina_dev.tabular.indicator_columns][swchina_dev.tabular.indicator_columns]),
        settled where the row is good.
    """
    pc = _pc()
    text = raw.text
    good = [pc.invert(raw.flagged)]
    # The text fields are checked in a second thread while the measures are (Arrow's kernels
    # leave the GIL; the two share only the encodings, each made once whoever asks first).
    with ThreadPoolExecutor(1) as pool:
        checking = pool.submit(_text_checks, raw, metrics, sources)
        measures_good, columns, numbers, integers = _measure_checks(raw, metrics)
        texts_good, periods, lists = checking.result()
    good += texts_good + measures_good
    bad = pc.invert(_all(*good))
    columns.update(numbers)
    columns.update(
        {name: text[name] for name in ("id", "subject_id", "metric", "source", "status", "note")}
    )
    columns.update({name: text[name] for name in ("item", "scope")})
    columns.update(lists)
    columns.update(periods)
    columns["exact_values"] = exact_json(numbers, integers)
    return bad, columns


def _text_checks(
    raw: RawColumns, metrics: Mapping[str, Metric], sources: Mapping[str, Source]
) -> tuple[list[Any], dict[str, Any], dict[str, Any]]:
    """The text fields' rules: a mask a rule, the period columns, the lists.

    The period columns are the texts as the model keeps them and their first and last days.
    """
    pa, pc = _pa(), _pc()
    text, encodings = raw.text, raw.encodings
    string = pa.string()
    good = []
    # The id of each row: the pattern of `check_id` for `id`, its length.
    ids = text["id"]
    good.append(pc.match_substring_regex(ids, f"^(?:{ID_PATTERN.pattern})$"))
    good.append(pc.less_equal(pc.utf8_length(ids), MAX_ID_LENGTH))
    subjects_valid, _ = _distinct(
        text["subject_id"], _check_by_model("subject_id"), string, encodings
    )
    metrics_valid, _ = _distinct(text["metric"], lambda key: metrics[key].key, string, encodings)
    sources_valid, _ = _distinct(text["source"], lambda key: sources[key].id, string, encodings)
    periods_valid, periods = _distinct(
        text["period"], lambda value: str(Period.parse(value)), string, encodings
    )
    statuses_valid, _ = _distinct(text["status"], _enum_value(Status), string, encodings)
    scopes_valid, _ = _distinct(text["scope"], _enum_value(Scope), string, encodings)
    good += [subjects_valid, metrics_valid, sources_valid, periods_valid, statuses_valid]
    good += [scopes_valid, pc.is_valid(text["note"])]
    # Items: a key, or none where the metric does not require one.
    items_valid, _ = _distinct(text["item"], _item, string, encodings)
    required = [key for key, metric in metrics.items() if metric.item_required]
    needs_item = _is_in(text["metric"], required, encodings)
    good.append(pc.if_else(pc.is_null(text["item"]), pc.invert(needs_item), items_valid))
    lists_valid, lists = _list_checks(raw)
    good.append(lists_valid)
    starts, ends = _period_dates(periods, encodings)
    return good, {"period": periods, "period_start": starts, "period_end": ends}, lists


def _measure_checks(
    raw: RawColumns, metrics: Mapping[str, Metric]
) -> tuple[list[Any], dict[str, Any], dict[str, Any], dict[str, Any]]:
    """The measures' rules: a mask a rule, the unit and qualifier columns, the settled numbers.

    A unit of the metric's dimension, a qualifier, the numbers it settles; the signs.
    """
    pa, pc = _pa(), _pc()
    text, encodings = raw.text, raw.encodings
    string = pa.string()
    ids = text["id"]
    good = []
    columns: dict[str, Any] = {}
    numbers, integers = dict(raw.numbers), dict(raw.integers)
    for prefix, names in _MEASURES.items():
        if prefix and not pc.any(raw.has_conversion).as_py():  # no row states one (most files)
            count = len(ids)
            numbers.update(dict.fromkeys(names, pa.nulls(count, pa.float64())))
            integers.update(dict.fromkeys(names, pa.repeat(pa.scalar(False), count)))
            columns[f"{prefix}unit"] = columns[f"{prefix}qualifier"] = pa.nulls(count, string)
            continue
        units_valid, units = _distinct(text[f"{prefix}unit"], canonical_unit, string, encodings)
        accepted = _accepted_units(text["metric"], units, metrics, encodings)
        qualifier = text[f"{prefix}qualifier"]
        qualifiers_valid, _ = _distinct(qualifier, _enum_value(Qualifier), string, encodings)
        valid, settled, exact = _settle(numbers, integers, names, qualifier, encodings)
        measure_valid = _all(units_valid, accepted, qualifiers_valid, valid)
        if not prefix:  # the measure: every row has one
            good.append(measure_valid)
            numbers.update(settled)
            integers.update(exact)
            columns["unit"], columns["qualifier"] = units, qualifier
            continue
        present = raw.has_conversion
        good.append(pc.or_(pc.invert(present), measure_valid))
        nothing = pa.scalar(None, pa.float64())
        numbers.update(
            {name: pc.if_else(present, number, nothing) for name, number in settled.items()}
        )
        integers.update({name: _all(present, mask) for name, mask in exact.items()})
        columns[f"{prefix}unit"] = pc.if_else(present, units, pa.scalar(None, string))
        columns[f"{prefix}qualifier"] = pc.if_else(present, qualifier, pa.scalar(None, string))
    # Signs: a non-negative metric's settled magnitudes.
    positive = [key for key, metric in metrics.items() if metric.non_negative]
    non_negative = _is_in(text["metric"], positive, encodings)
    negative = _any(*(pc.less(numbers[name], 0.0) for name in _MEASURES[""]))
    good.append(pc.invert(_all(non_negative, negative)))
    return good, columns, numbers, integers


def _accepted_units(
    keys: Any, units: Any, metrics: Mapping[str, Metric], encodings: Encodings
) -> Any:
    """Whether each row's unit fits its metric (`Metric.accepts`, once per distinct pair)."""
    pa, pc = _pa(), _pc()
    metric_codes, unit_codes = encodings.of(keys), encodings.of(units)
    width = max(len(unit_codes.dictionary), 1)
    pairs = pc.add(
        pc.multiply(pc.cast(metric_codes.indices, pa.int64()), width),
        pc.cast(unit_codes.indices, pa.int64()),
    )
    metric_keys, unit_names = metric_codes.dictionary.to_pylist(), unit_codes.dictionary.to_pylist()

    def accepts(pair: int) -> bool:
        metric = metrics[metric_keys[pair // width]]
        if not metric.accepts(unit_names[pair % width]):
            raise ValueError(pair)
        return True

    return _distinct(pairs, accepts, pa.bool_(), encodings)[0]


def _period_dates(periods: Any, encodings: Encodings) -> tuple[Any, Any]:
    """The first and last day of each row's period (the periods are valid texts or null)."""
    pa, pc = _pa(), _pc()
    encoded = encodings.of(periods)
    parsed = [Period.parse(text) for text in encoded.dictionary.to_pylist()]
    starts = pa.array([period.start for period in parsed], pa.date32())
    ends = pa.array([period.end for period in parsed], pa.date32())
    return pc.take(starts, encoded.indices), pc.take(ends, encoded.indices)
