"""Columns for scale: roll-ups and unit conversion over numpy arrays, one unit per column.

Users bring their own tables (every county over twenty years, a million rows): these functions
work on arrays of codes, magnitudes and bounds, never on one Python object per row, and give the
same results as the object path ([roll_up][swchina_dev.aggregate.rollups.roll_up],
[total][swchina_dev.aggregate.totals.total]) on the same values. Bounds are float arrays with NaN
where a row has none (`at_least` rows: NaN upper; `about` rows: NaN both); leaving them out
means every row is exact.

Places are resolved by the same rules as the object path (the placement is computed once per
dataset and target and cached): numeric codes (GB/T 2260, NBS) are parsed as integers and
looked up in a table, other ids (villages without an NBS code, zones, enterprises) through a
dictionary.

Examples:
    >>> import numpy as np
    >>> import swchina_dev as sw
    >>> codes = np.array(["520502", "520525", "520100"])
    >>> result = roll_up_columns(codes, np.array([15.0, 30.0, 7.5]), "mu", "prefecture",
    ...                          dataset=sw.load(), to_unit="hectare")
    >>> result.codes.tolist(), result.magnitudes.tolist()
    (['520100', '520500'], [0.5, 3.0])
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import attrs
import numpy as np
import numpy.typing as npt

from swchina_dev.aggregate.intervals import result_measure
from swchina_dev.aggregate.kinds import require_like
from swchina_dev.aggregate.places import (
    INSIDE,
    SAME_SUBJECT,
    Conflict,
    Target,
    conflicts,
    resolve_target,
    target_label,
)
from swchina_dev.aggregate.positions import (
    Placement,
    code_positions,
    subject_index,
    target_placement,
)
from swchina_dev.aggregate.rollups import (
    Exclusion,
    Nested,
    Repeats,
    check_options,
    double_counting,
)
from swchina_dev.conversion import convert_column, convert_measure
from swchina_dev.errors import ValidationError
from swchina_dev.models import Indicator, Measure, Qualifier
from swchina_dev.models.measures import midpoint
from swchina_dev.units import canonical_unit

if TYPE_CHECKING:
    from swchina_dev.catalog.datasets import Dataset

__all__ = [
    "ColumnRollUp",
    "IndicatorColumns",
    "indicator_columns",
    "roll_up_columns",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]


@attrs.frozen(eq=False)
class IndicatorColumns:
    """Indicators as columns, in one unit: the columnar path's input from the object path.

    Compared by identity: it holds numpy arrays.

    Args:
        ids: The indicator ids.
        codes: Their subject ids (region codes, zone or enterprise ids).
        magnitudes: The stated values, in `unit`.
        lower: Lower bounds in `unit`, NaN where there is none.
        upper: Upper bounds in `unit`, NaN where there is none.
        unit: The unit of the three numeric columns.
    """

    ids: tuple[str, ...]
    codes: npt.NDArray[np.str_]
    magnitudes: FloatArray
    lower: FloatArray
    upper: FloatArray
    unit: str


@attrs.frozen(eq=False)
class ColumnRollUp:
    """The result of a roll-up of columns: one row per target (and key), as arrays.

    Made by [roll_up_columns][swchina_dev.aggregate.columns.roll_up_columns].

    Each total follows [total][swchina_dev.aggregate.totals.total]: a bound is the sum of the rows'
    bounds, NaN when a row lacks it; the stated value is the exact value, the midpoint of both
    bounds, the one surviving bound, or (with no bound) the sum of the values. Columns carry no
    words, so an upper bound alone reads as `at_most` (the object path may say `nearly`).

    Compared by identity: it holds numpy arrays.

    Args:
        target: The level (`"prefecture"`) or grouping or region id rolled up to.
        unit: The unit of the totals.
        codes: The target code of each row of the result, in code order (then key order).
        keys: The key of each row (see `keys` of
            [roll_up_columns][swchina_dev.aggregate.columns.roll_up_columns]), or None.
        magnitudes: The stated value of each total.
        lower: Its lower bound, NaN where there is none.
        upper: Its upper bound, NaN where there is none.
        counts: How many input rows went into each total.
        excluded: The codes that could not be attributed, with the reason (as for the object
            path's `excluded`).
        excluded_rows: How many input rows they cover.
        dropped: Codes whose rows were left out as inside a counted code (`keep_outer`).
        dropped_rows: How many input rows were left out so.
    """

    target: str
    unit: str
    codes: npt.NDArray[np.str_]
    keys: IntArray | None
    magnitudes: FloatArray
    lower: FloatArray
    upper: FloatArray
    counts: IntArray
    excluded: tuple[Exclusion, ...] = ()
    excluded_rows: int = 0
    dropped: tuple[str, ...] = ()
    dropped_rows: int = 0

    def __len__(self) -> int:
        return len(self.codes)

    def measure(self, row: int) -> Measure:
        """The total of one row of the result as a [Measure][swchina_dev.Measure].

        Examples:
            >>> import numpy as np
            >>> import swchina_dev as sw
            >>> result = roll_up_columns(np.array(["520502"]), np.array([7800.0]), "mu",
            ...                          "province", lower=np.array([7800.0]),
            ...                          upper=np.array([np.nan]), dataset=sw.load())
            >>> print(result.measure(0))
            at least 7,800 mu
        """
        lower, upper = float(self.lower[row]), float(self.upper[row])
        # Columns hold no words: an upper bound alone cannot claim to be "nearly" reached.
        return result_measure(
            float(self.magnitudes[row]),
            self.unit,
            None if np.isnan(lower) else lower,
            None if np.isnan(upper) else upper,
            (Qualifier.AT_MOST,),
        )


def indicator_columns(
    indicators: Iterable[Indicator], unit: str | None = None, *, on: object = None
) -> IndicatorColumns:
    """Turn indicators into columns in one unit (the object path's values for the columnar one).

    Args:
        indicators: The indicators.
        unit: The unit of the columns; by default the first indicator's.
        on: The date, year or period of the exchange rate for other currencies.

    Returns:
        The [IndicatorColumns][swchina_dev.aggregate.columns.IndicatorColumns].

    Raises:
        ConversionError: A unit of another dimension (or currency, without `on`).
        ValidationError: Indicators of different metrics, items, breakdowns or scopes (a column
            holds one kind of figure).

    Examples:
        >>> import swchina_dev as sw
        >>> walnuts = sw.load().query(metric="planted_area", item="walnut")
        >>> table = indicator_columns(walnuts)  # the goal achieved, and the goal
        >>> table.unit, table.magnitudes.tolist(), table.upper.tolist()
        ('mu', [3000000.0, 3000000.0], [nan, 3000000.0])
    """
    items = list(indicators)
    require_like(items, "a column")
    target = canonical_unit(unit) if unit is not None else items[0].measure.unit if items else ""
    measures = [
        convert_measure(item.measure, target, on=on, field=f"indicators[{index}]")
        for index, item in enumerate(items)
    ]

    def column(numbers: Iterable[float | None]) -> FloatArray:
        return np.array([np.nan if n is None else n for n in numbers], dtype=np.float64)

    return IndicatorColumns(
        tuple(item.id for item in items),
        np.array([item.subject_id for item in items], dtype=np.str_),
        column(measure.magnitude for measure in measures),
        column(measure.lower_magnitude for measure in measures),
        column(measure.upper_magnitude for measure in measures),
        target or "dimensionless",
    )


# -- code lookup -------------------------------------------------------------------------------


def _column(values: npt.ArrayLike | None, rows: int, field: str) -> FloatArray | None:
    if values is None:
        return None
    try:
        array = np.asarray(values, dtype=np.float64)
    except (TypeError, ValueError) as error:  # text, objects, ragged lists
        raise ValidationError(f"{field} must be numbers: {error}", field=field) from None
    if array.shape != (rows,):
        raise ValidationError(
            f"{field} has shape {array.shape}; the codes have {rows} rows", field=field
        )
    return array


def _check_bounds(
    magnitudes: FloatArray, lower: FloatArray | None, upper: FloatArray | None
) -> None:
    problems = (
        ("magnitudes", ~np.isfinite(magnitudes), "is not a finite number"),
        ("lower", None if lower is None else np.isinf(lower), "is infinite (use NaN for none)"),
        ("upper", None if upper is None else np.isinf(upper), "is infinite (use NaN for none)"),
        ("lower", None if lower is None else lower > magnitudes, "is above the value"),
        ("upper", None if upper is None else upper < magnitudes, "is below the value"),
    )
    for field, bad, what in problems:
        if bad is not None and bad.any():
            row = int(np.flatnonzero(bad)[0])
            raise ValidationError(f"{field} {what} in row {row}", field=field, record=f"row {row}")


def _nested(
    dataset: Dataset,
    positions: npt.NDArray[np.int32],
    rows_target: npt.NDArray[np.int32],
    keys: npt.NDArray[Any] | None,
    nested: Nested,
) -> tuple[npt.NDArray[np.bool_] | None, tuple[str, ...]]:
    """Find codes counted inside other counted codes (in the same target and key).

    Returns a mask of rows to leave out (`keep_outer`; None if none) and their codes.
    """
    subjects = subject_index(dataset).subjects
    counted = positions[rows_target >= 0]
    present = np.flatnonzero(np.bincount(counted, minlength=len(subjects)))
    found = conflicts(dataset, (subjects[p] for p in present))
    if not found:
        return None, ()
    number = {subject: position for position, subject in enumerate(subjects)}
    involved = sorted({number[c.outer] for c in found} | {number[c.inner] for c in found})
    compact = np.full(len(subjects), -1, dtype=np.int64)
    compact[involved] = np.arange(len(involved))
    rows = np.flatnonzero((compact[positions] >= 0) & (rows_target >= 0))
    if keys is None:
        key_values, key_of_row = np.zeros(1, dtype=np.int64), np.zeros(len(rows), dtype=np.int64)
    else:
        key_values, key_of_row = np.unique(keys[rows], return_inverse=True)
    cells = compact[positions[rows]] * len(key_values) + key_of_row
    seen = np.bincount(cells, minlength=len(involved) * len(key_values)) > 0
    seen = seen.reshape(len(involved), len(key_values))
    drop = np.zeros_like(seen)
    problems = []
    for conflict in found:
        outer, inner = compact[number[conflict.outer]], compact[number[conflict.inner]]
        both = seen[outer] & seen[inner]
        if not both.any():  # different keys (years): no double counting
            continue
        if nested == "keep_outer" and conflict.relation == INSIDE:
            drop[inner] |= both
        else:
            shown = () if keys is None else tuple(str(k) for k in key_values[both][:5])
            problems.append(Conflict(conflict.outer, conflict.inner, conflict.relation, shown))
    double_counting(problems, nested, "codes")
    if not drop.any():
        return None, ()
    mask = np.zeros(len(positions), dtype=np.bool_)
    mask[rows] = drop.reshape(-1)[cells]
    dropped = tuple(sorted(subjects[involved[i]] for i in np.flatnonzero(drop.any(axis=1))))
    return mask, dropped


def _repeats(
    subjects: tuple[str, ...],
    positions: npt.NDArray[np.int32],
    rows_target: npt.NDArray[np.int32],
    keys: npt.NDArray[Any] | None,
) -> None:
    """Refuse codes that occur more than once (within a key) among the counted rows."""
    counted = rows_target >= 0
    every = bool(counted.all())
    chosen = positions if every else positions[counted]
    # Number the codes present 0..n-1, so that (code, key) cells stay few enough to count.
    present = np.flatnonzero(np.bincount(chosen, minlength=len(subjects)))
    compact = np.zeros(len(subjects), dtype=np.int64)
    compact[present] = np.arange(len(present))
    cells = compact.take(chosen)
    key_values: npt.NDArray[Any] = np.zeros(1, dtype=np.int64)
    if keys is not None and len(chosen):
        chosen_keys = keys if every else keys[counted]
        first, last = int(chosen_keys.min()), int(chosen_keys.max())
        if (last - first + 1) * len(present) <= max(4 * len(chosen), 1 << 22):
            key_values = np.arange(first, last + 1, dtype=np.int64)
            cells *= len(key_values)
            cells += chosen_keys
            cells -= first
        else:
            key_values, key_of_row = np.unique(chosen_keys, return_inverse=True)
            cells *= len(key_values)
            cells += key_of_row
    repeated = np.flatnonzero(np.bincount(cells) > 1) if len(cells) else cells
    if len(repeated):
        problems = []
        for cell in repeated[:5].tolist():
            code = subjects[int(present[cell // len(key_values)])]
            key = () if keys is None else (str(key_values[cell % len(key_values)]),)
            problems.append(Conflict(code, code, SAME_SUBJECT, key))
        double_counting(problems, "raise", "codes")


def roll_up_columns(
    codes: npt.ArrayLike,
    magnitudes: npt.ArrayLike,
    unit: str,
    to: Target,
    *,
    lower: npt.ArrayLike | None = None,
    upper: npt.ArrayLike | None = None,
    keys: npt.ArrayLike | None = None,
    dataset: Dataset | None = None,
    to_unit: str | None = None,
    on: object = None,
    nested: Nested = "raise",
    repeats: Repeats = "raise",
) -> ColumnRollUp:
    """Sum a table's rows up the region tree to a level, by target region (and key).

    The columnar twin of [roll_up][swchina_dev.aggregate.rollups.roll_up], with the same placement,
    exclusions and double-counting checks. A code and a code inside it (a county and its
    prefecture, a village and its county) in the same target and key would be counted twice:
    refused, or with `nested="keep_outer"` the inner rows are left out. A code repeated within
    a key is refused too, unless `repeats="sum"`: then the rows are parts (a county's crops)
    and are summed, as `groupby(...).sum()` would.

    Args:
        codes: One code per row: GB/T 2260 or NBS codes as strings or integers, or any subject
            id of the dataset.
        magnitudes: The values, in `unit`; finite.
        unit: The unit of `magnitudes`, `lower` and `upper`.
        to: A level (`"prefecture"`), a grouping or a region, as for the object path.
        lower: Lower bounds, NaN where a row has none; by default equal to `magnitudes`.
        upper: Upper bounds, NaN where a row has none; by default equal to `magnitudes`.
        keys: An integer per row (a year, or year * 100 + crop...): totals are per target and
            key, and double counting is checked within a key only.
        dataset: The dataset whose tree to use; by default the bundled one.
        to_unit: The unit of the totals; by default `unit`.
        on: The date, year or period of the exchange rate, if `to_unit` is another currency.
        nested: `"raise"` (default) or `"keep_outer"`.
        repeats: `"raise"` (default) or `"sum"`.

    Returns:
        The [ColumnRollUp][swchina_dev.aggregate.columns.ColumnRollUp].

    Raises:
        NotFoundError: A code is not in the dataset (the first one and its row are named).
        DoubleCountingError: Codes inside one another, or repeated, within a target and key.
        ValidationError: Columns of different lengths, a value not finite, a bound on the
            wrong side of its value.
        ConversionError: `to_unit` does not fit (or is another currency, without `on`).

    Examples:
        >>> import swchina_dev as sw
        >>> result = roll_up_columns(np.array([520502, 520502, 520525]), [1.0, 2.0, 4.0],
        ...                          "hectare", "prefecture", keys=[2020, 2021, 2021],
        ...                          dataset=sw.load())
        >>> result.codes.tolist(), result.keys.tolist(), result.magnitudes.tolist()
        (['520500', '520500'], [2020, 2021], [1.0, 6.0])
    """
    if dataset is None:
        from swchina_dev.catalog import load

        dataset = load()
    check_options(nested, repeats)
    target = resolve_target(dataset, to)
    source_unit, result_unit = _check_units(unit, to_unit, on)
    positions = code_positions(codes, dataset)
    values, low, high = _read_values(magnitudes, lower, upper, len(positions))
    key_array = _read_keys(keys, len(positions))
    placement = target_placement(dataset, target)
    subjects = subject_index(dataset).subjects
    rows_target, excluded, excluded_rows = _exclude_rows(subjects, placement, positions)
    rows_target, dropped, dropped_rows = _drop_nested(
        dataset, positions, rows_target, key_array, nested
    )
    if repeats == "raise":
        _repeats(subjects, positions, rows_target, key_array)
    target_count = len(placement.targets)
    bins, key_values, bin_count = _bin_rows(
        rows_target, key_array, target_count, bool(excluded_rows or dropped_rows)
    )
    counts = np.bincount(bins, minlength=bin_count + 1)[:bin_count]
    used = np.flatnonzero(counts)
    stated, lower_sum, upper_sum = _convert_totals(
        _sum_bins(bins, bin_count, used, values, low, high), source_unit, result_unit, on
    )
    return ColumnRollUp(
        target=target_label(target),
        unit=result_unit,
        codes=np.array(placement.targets, dtype=np.str_)[used // len(key_values)]
        if target_count
        else np.array([], dtype=np.str_),
        keys=None if key_array is None else key_values[used % len(key_values)].astype(np.int64),
        magnitudes=stated,
        lower=lower_sum,
        upper=upper_sum,
        counts=counts[used].astype(np.int64),
        excluded=excluded,
        excluded_rows=excluded_rows,
        dropped=dropped,
        dropped_rows=dropped_rows,
    )


def _check_units(unit: str, to_unit: str | None, on: object) -> tuple[str, str]:
    """The source and result units, canonical; fail fast if one cannot convert to the other."""
    source_unit = canonical_unit(unit)
    result_unit = canonical_unit(to_unit) if to_unit is not None else source_unit
    convert_column(np.ones(1), source_unit, result_unit, on=on)  # fail fast on bad units
    return source_unit, result_unit


def _read_values(
    magnitudes: npt.ArrayLike,
    lower: npt.ArrayLike | None,
    upper: npt.ArrayLike | None,
    rows: int,
) -> tuple[FloatArray, FloatArray | None, FloatArray | None]:
    """The value and bound columns as float arrays of `rows` rows, checked."""
    values = _column(magnitudes, rows, "magnitudes")
    assert values is not None
    low, high = _column(lower, rows, "lower"), _column(upper, rows, "upper")
    _check_bounds(values, low, high)
    return values, low, high


def _read_keys(keys: npt.ArrayLike | None, rows: int) -> npt.NDArray[Any] | None:
    """The keys as an integer array of `rows` rows, or None."""
    if keys is None:
        return None
    key_array = np.asarray(keys)
    if key_array.shape != (rows,) or key_array.dtype.kind not in "iu":
        raise ValidationError(
            f"keys must be {rows} integers, got shape {key_array.shape} of {key_array.dtype}",
            field="keys",
        )
    return key_array


def _exclude_rows(
    subjects: tuple[str, ...], placement: Placement, positions: npt.NDArray[np.int32]
) -> tuple[npt.NDArray[np.int32], tuple[Exclusion, ...], int]:
    """Each row's target number (-1: not attributable), the exclusions and their row count."""
    rows_target = placement.target_of.take(positions)
    excluded_positions = np.flatnonzero(
        np.bincount(positions[rows_target < 0], minlength=len(placement.target_of))
    )
    excluded = tuple(Exclusion(subjects[p], placement.reasons[int(p)]) for p in excluded_positions)
    excluded_rows = int(np.count_nonzero(rows_target < 0)) if len(excluded) else 0
    return rows_target, excluded, excluded_rows


def _drop_nested(
    dataset: Dataset,
    positions: npt.NDArray[np.int32],
    rows_target: npt.NDArray[np.int32],
    keys: npt.NDArray[Any] | None,
    nested: Nested,
) -> tuple[npt.NDArray[np.int32], tuple[str, ...], int]:
    """Uncount the rows inside counted codes (`keep_outer`), or raise on double counting."""
    drop, dropped = _nested(dataset, positions, rows_target, keys, nested)
    dropped_rows = 0
    if drop is not None:
        dropped_rows = int(np.count_nonzero(drop))
        rows_target = np.where(drop, np.int32(-1), rows_target)
    return rows_target, dropped, dropped_rows


def _bin_rows(
    rows_target: npt.NDArray[np.int32],
    key_array: npt.NDArray[Any] | None,
    target_count: int,
    uncounted: bool,
) -> tuple[IntArray, npt.NDArray[Any], int]:
    """Give each row its bin: one per (target, key), with one extra bin for uncounted rows.

    Returns the bins, the key of each key slot and the number of (target, key) bins.
    """
    rows = len(rows_target)
    key_values: npt.NDArray[Any] = np.zeros(1, dtype=np.int64)
    if key_array is None or rows == 0:
        bins = rows_target.astype(np.int64)
    else:
        first, last = int(key_array.min()), int(key_array.max())
        if (last - first + 1) * max(target_count, 1) <= max(4 * rows, 1 << 20):
            key_values = np.arange(first, last + 1, dtype=np.int64)
            bins = rows_target.astype(np.int64) * len(key_values)
            bins += key_array
            bins -= first
        else:
            key_values, key_of_row = np.unique(key_array, return_inverse=True)
            bins = rows_target.astype(np.int64) * len(key_values) + key_of_row
    bin_count = target_count * len(key_values)
    if uncounted:  # rows not counted go to the extra bin, dropped at the end
        bins = np.where(rows_target >= 0, bins, bin_count)
    return bins, key_values, bin_count


def _sum_bins(
    bins: IntArray,
    bin_count: int,
    used: IntArray,
    values: FloatArray,
    low: FloatArray | None,
    high: FloatArray | None,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Sum the values and bounds of the used bins; return the stated values and the bounds."""

    def summed(weights: FloatArray) -> FloatArray:
        sums = np.bincount(bins, weights=weights, minlength=bin_count + 1)
        return np.asarray(sums[used], dtype=np.float64)

    value_sum = summed(values)
    lower_sum = value_sum if low is None else summed(low)
    upper_sum = value_sum if high is None else summed(high)
    if np.isinf(value_sum).any() or np.isinf(lower_sum).any() or np.isinf(upper_sum).any():
        raise ValidationError("a total overflows the float range", field="magnitudes")
    return _stated(value_sum, lower_sum, upper_sum), lower_sum, upper_sum


def _convert_totals(
    totals: tuple[FloatArray, FloatArray, FloatArray],
    source_unit: str,
    result_unit: str,
    on: object,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """The stated values and bounds in the result unit."""
    if result_unit == source_unit:
        return totals
    stated, lower_sum, upper_sum = (
        convert_column(column, source_unit, result_unit, on=on) for column in totals
    )
    return stated, lower_sum, upper_sum


def _stated(value_sum: FloatArray, lower: FloatArray, upper: FloatArray) -> FloatArray:
    """The stated value of each total, as the object path reads it from the bounds.

    The vectorized twin of `result_measure` (the same `midpoint` as `Measure` for ranges); the
    property tests hold the two paths to the same numbers.
    """
    has_lower, has_upper = ~np.isnan(lower), ~np.isnan(upper)
    with np.errstate(invalid="ignore"):
        middle = midpoint(lower, upper)  # NaN where a bound is missing: not chosen below
    middle = np.where(lower == upper, lower, middle)
    stated = np.where(
        has_lower & has_upper,
        middle,
        np.where(has_lower, lower, np.where(has_upper, upper, value_sum)),
    )
    return stated.astype(np.float64, copy=False)
