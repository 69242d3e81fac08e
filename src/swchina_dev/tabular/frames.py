"""Indicators and regions as tables: plain columns, and pandas DataFrames (extra `pandas`).

One row per indicator, with readable columns: the subject's code and name, the metric, the
magnitude with its unit, bounds and qualifier, the period's text, start and end, the status and
the source. Magnitudes are float64 (NaN where a bound is absent), in the unit each source used,
or all in one unit when `unit=` is given. pandas is imported only when a DataFrame is asked
for; without it the error names the extra to install (`pip install 'swchina-dev[pandas]'`).

Examples:
    >>> import swchina_dev as sw
    >>> from swchina_dev.tabular.frames import indicators_frame
    >>> areas = sw.load().query(metric="planted_area", within="Bijie")
    >>> frame = indicators_frame(areas, unit="hectare")
    >>> frame[["subject_name", "magnitude", "unit", "qualifier", "period"]].round(1).head(2)
                 subject_name  magnitude     unit qualifier           period
    0  Chengmanyuan Community      520.0  hectare  at_least  asof:2025-01-23
    1  Chengmanyuan Community       33.3  hectare     exact             2023
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

import attrs

from swchina_dev.catalog.datasets import Dataset
from swchina_dev.catalog.labels import indicator_labels
from swchina_dev.errors import ValidationError
from swchina_dev.models import Indicator, Measure, Region
from swchina_dev.optional import import_optional
from swchina_dev.units import quantity_array

__all__ = [
    "INDICATOR_COLUMNS",
    "REGION_COLUMNS",
    "indicators_as_columns",
    "indicators_frame",
    "regions_as_columns",
    "regions_frame",
    "subject_name",
]

#: The columns of an indicator table, in order.
INDICATOR_COLUMNS: Final = (
    "id",
    "subject_id",
    "subject_name",
    "metric",
    "magnitude",
    "unit",
    "lower",
    "upper",
    "qualifier",
    "period",
    "period_start",
    "period_end",
    "status",
    "source",
    "source_publisher",
    "tags",
    "derived_from",
    "note",
    "conversion_magnitude",
    "conversion_unit",
    "conversion_qualifier",
    "conversion_lower",
    "conversion_upper",
    "item",
    "breakdown",
    "scope",
    "label",
)
#: The columns of a region table, in order: the fields of [Region][swchina_dev.Region].
REGION_COLUMNS: Final = tuple(field.name for field in attrs.fields(Region))
#: The float64 columns of each table (missing values are NaN).
NUMBER_COLUMNS: Final = frozenset(
    {"magnitude", "lower", "upper", "lat", "lon", "conversion_magnitude"}
    | {"conversion_lower", "conversion_upper"}
)
#: The date columns of each table.
DATE_COLUMNS: Final = frozenset({"period_start", "period_end", "valid_from", "valid_to"})
#: The list-of-text columns of each table.
LIST_COLUMNS: Final = frozenset({"tags", "derived_from", "breakdown", "aliases", "predecessors"})


def _dataset_of(items: object, dataset: Dataset | None) -> Dataset | None:
    if dataset is not None:
        return dataset
    if isinstance(items, Dataset):
        return items
    found = getattr(items, "dataset", None)  # a query's Selection knows its dataset
    return found if isinstance(found, Dataset) else None


def _indicators(items: Dataset | Iterable[Indicator]) -> list[Indicator]:
    return list(items.indicators if isinstance(items, Dataset) else items)


def _measure_parts(measure: Measure | None) -> tuple[Any, ...]:
    if measure is None:
        return None, None, None, None, None
    return (
        measure.magnitude,
        measure.unit,
        measure.qualifier.value,
        measure.lower_magnitude,
        measure.upper_magnitude,
    )


def indicators_as_columns(
    indicators: Dataset | Iterable[Indicator],
    *,
    dataset: Dataset | None = None,
    unit: str | None = None,
) -> dict[str, list[Any]]:
    """The indicator table as plain Python columns (what the DataFrame and Arrow table hold).

    Args:
        indicators: A dataset (its indicators), a query's selection, or any indicators.
        dataset: Where subject names are looked up (default: the dataset or selection given;
            None leaves `subject_name` empty for other inputs).
        unit: Convert every magnitude and bound to this unit (`"hectare"`); the stated
            conversion is left as the source gave it.

    Returns:
        A dict of `INDICATOR_COLUMNS` to lists, one item per indicator: magnitudes as
        given (ints stay ints), dates as `datetime.date`, tags as lists of text.

    Raises:
        ConversionError: `unit` is given and some measure is in another dimension.

    Examples:
        >>> import swchina_dev as sw
        >>> columns = indicators_as_columns(sw.load().query(subject="520500", metric="duration"))
        >>> columns["subject_name"], columns["magnitude"], columns["unit"]
        (['Bijie City'], [30], ['year'])
    """
    names = _dataset_of(indicators, dataset)
    rows = _indicators(indicators)
    columns: dict[str, list[Any]] = {name: [] for name in INDICATOR_COLUMNS}
    for indicator in rows:
        measure = indicator.measure if unit is None else indicator.measure.to(unit)
        subject_text = None if names is None else subject_name(names, indicator.subject_id)
        magnitude, measure_unit, qualifier, lower, upper = _measure_parts(measure)
        conversion = _measure_parts(indicator.stated_conversion)
        values = (
            indicator.id,
            indicator.subject_id,
            subject_text,
            indicator.metric.key,
            magnitude,
            measure_unit,
            lower,
            upper,
            qualifier,
            str(indicator.period),
            indicator.period.start,
            indicator.period.end,
            indicator.status.value,
            indicator.source.id,
            indicator.source.publisher,
            [tag.value for tag in indicator.tags],
            list(indicator.derived_from),
            indicator.note,
            conversion[0],
            conversion[1],
            conversion[2],
            conversion[3],
            conversion[4],
            indicator.item,
            list(indicator.breakdown),
            indicator.scope.value,
        )
        for name, value in zip(INDICATOR_COLUMNS[:-1], values, strict=True):  # all but "label"
            columns[name].append(value)
    columns["label"] = indicator_labels(rows, names)
    return columns


def subject_name(dataset: Dataset, subject_id: str) -> str | None:
    """The name of what an indicator is about (its `subject_name` column), None if unknown.

    Examples:
        >>> import swchina_dev as sw
        >>> subject_name(sw.load(), "520500"), subject_name(sw.load(), "999999")
        ('Bijie City', None)
    """
    try:
        subject = dataset.get(subject_id)
    except LookupError:
        return None
    name = getattr(subject, "name", None)
    return name if isinstance(name, str) else None


def regions_as_columns(regions: Dataset | Iterable[Region]) -> dict[str, list[Any]]:
    """The region table as plain Python columns.

    Args:
        regions: A dataset (its regions) or any regions.

    Returns:
        A dict of `REGION_COLUMNS` to lists (enums as their values, lists as lists).

    Examples:
        >>> import swchina_dev as sw
        >>> regions_as_columns([sw.load().regions["520500"]])["name_zh"]
        ['毕节市']
    """
    items = regions.regions if isinstance(regions, Dataset) else regions
    columns: dict[str, list[Any]] = {name: [] for name in REGION_COLUMNS}
    for region in items:
        for name in REGION_COLUMNS:
            value = getattr(region, name)
            if name in ("level", "kind"):
                value = value.value
            elif name in LIST_COLUMNS:
                value = list(value)
            columns[name].append(value)
    return columns


def _frame(columns: dict[str, list[Any]]) -> Any:
    pandas = import_optional("pandas", "pandas")
    numpy = import_optional("numpy", "pandas")
    data: dict[str, Any] = {}
    for name, values in columns.items():
        if name in NUMBER_COLUMNS:
            data[name] = numpy.array(
                [numpy.nan if value is None else float(value) for value in values], dtype=float
            )
        elif name in DATE_COLUMNS:
            # Whole days: datetime64[s] holds years 1-9999, which nanoseconds cannot.
            days = numpy.array(values, dtype="datetime64[D]").astype("datetime64[s]")
            data[name] = pandas.Series(days, dtype="datetime64[s]")
        else:
            data[name] = pandas.Series(values, dtype=object)
    return pandas.DataFrame(data)


def indicators_frame(
    indicators: Dataset | Iterable[Indicator],
    *,
    dataset: Dataset | None = None,
    unit: str | None = None,
    quantities: bool = False,
) -> Any:
    """Indicators as a pandas DataFrame, one row per indicator (needs the extra `pandas`).

    Args:
        indicators: A dataset (its indicators), a query's selection, or any indicators.
        dataset: Where subject names are looked up (as for
            [indicators_as_columns][swchina_dev.tabular.frames.indicators_as_columns]).
        unit: Convert every magnitude and bound to this unit (`"hectare"`, `"CNY"`).
        quantities: Give `magnitude`, `lower` and `upper` a pint-pandas unit dtype
            (`pint[hectare]`; needs pint-pandas). Every row must then be in one unit: pass
            `unit` or select one metric. pint-pandas has one registry per process: this sets
            it to the library's ([swchina_dev.ureg][swchina_dev.ureg]).

    Returns:
        A `pandas.DataFrame` with the columns of `INDICATOR_COLUMNS`: magnitudes
        float64 (NaN where absent), dates `datetime64[s]`, tags and derived_from lists.

    Raises:
        MissingDependencyError: pandas (or pint-pandas, for `quantities`) is not installed.
        ConversionError: A measure cannot be converted to `unit`.
        ValidationError: `quantities` with rows in several units.

    Examples:
        >>> import swchina_dev as sw
        >>> frame = indicators_frame(
        ...     sw.load().query(metric="planted_area"), unit="hectare", quantities=True)
        >>> str(frame["magnitude"].dtype), float(frame["magnitude"].sum().magnitude) > 0
        ('pint[hectare][Float64]', True)
    """
    columns = indicators_as_columns(indicators, dataset=dataset, unit=unit)
    frame = _frame(columns)
    if quantities:
        _with_quantities(frame, columns["unit"], ("magnitude", "lower", "upper"))
    return frame


def _with_quantities(frame: Any, units: Sequence[str], names: Sequence[str]) -> None:
    distinct = sorted(set(units))
    if len(distinct) > 1:
        raise ValidationError(
            f"a unit dtype needs one unit per column, got {', '.join(distinct)}: pass unit= or "
            "select one metric",
            field="quantities",
        )
    unit = distinct[0] if distinct else "dimensionless"
    for name in names:
        frame[name] = quantity_array(frame[name].to_numpy(), unit)


def regions_frame(regions: Dataset | Iterable[Region]) -> Any:
    """Regions as a pandas DataFrame, one row per region (needs the extra `pandas`).

    Args:
        regions: A dataset (its regions) or any regions.

    Returns:
        A `pandas.DataFrame` with the columns of `REGION_COLUMNS`: `lat` and `lon`
        float64 (NaN where unknown), validity dates `datetime64[s]` (NaT where open).

    Raises:
        MissingDependencyError: pandas is not installed.

    Examples:
        >>> import swchina_dev as sw
        >>> frame = regions_frame(sw.load())
        >>> frame.set_index("code").loc["520500", ["name", "level", "parent"]].tolist()
        ['Bijie City', 'prefecture', '520000']
    """
    return _frame(regions_as_columns(regions))
