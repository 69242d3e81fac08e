"""swchina_dev: typed, unit-aware, citable data about the development of Southwest China.

Examples:
    >>> import swchina_dev as sw
    >>> sw.Q_(7800, "mu").to("hectare")
    <Quantity(520.0, 'hectare')>
"""

import importlib
from typing import TYPE_CHECKING, Any

from swchina_dev.convert import convert_unit
from swchina_dev.errors import (
    AmbiguousNameError,
    ConversionError,
    DataFileError,
    DoubleCountingError,
    InvalidFileError,
    MissingDependencyError,
    NotFoundError,
    ParseError,
    RateNotFoundError,
    StructureError,
    SwchinaDevError,
    UnitError,
    ValidationError,
)
from swchina_dev.models import (
    Enterprise,
    Granularity,
    Grouping,
    Indicator,
    Level,
    Measure,
    Metric,
    Period,
    Qualifier,
    Region,
    RegionKind,
    Source,
    SourceKind,
    Status,
    Tag,
    Zone,
    ZoneKind,
)
from swchina_dev.units import as_quantity, get_registry

if TYPE_CHECKING:
    from swchina_dev.aggregate import (
        Change,
        Conflict,
        Exclusion,
        RollUp,
        RollUpRecord,
        cagr,
        growth,
        per_capita,
        roll_up,
        share,
        total,
        years_between,
    )
    from swchina_dev.arrow import indicators_table, read_parquet, regions_table, write_parquet
    from swchina_dev.audit import (
        ConversionAudit,
        ConversionCheck,
        audit_conversions,
        check_conversion,
    )
    from swchina_dev.columns import (
        ColumnRollUp,
        IndicatorColumns,
        convert_column,
        indicator_columns,
        roll_up_columns,
    )
    from swchina_dev.datapackage import validate_datapackage, write_datapackage
    from swchina_dev.datasets import Collection, Dataset, load
    from swchina_dev.files import read_dataset, read_records, write_dataset, write_records
    from swchina_dev.frames import indicators_frame, regions_frame
    from swchina_dev.io import from_json, structure, to_json, unstructure
    from swchina_dev.parsing import format_measure, parse_quantity
    from swchina_dev.queries import Selection
    from swchina_dev.rates import (
        CNY_USD_SOURCE,
        CurrencyConversion,
        ExchangeRate,
        RateAverage,
        convert_currency,
        exchange_rate,
        rate_table,
    )
    from swchina_dev.units import Quantity, Registry

    ureg: Registry
    Q_: type[Quantity]

__version__ = "0.1.0"

__all__ = [
    "CNY_USD_SOURCE",
    "Q_",
    "AmbiguousNameError",
    "Change",
    "Collection",
    "ColumnRollUp",
    "Conflict",
    "ConversionAudit",
    "ConversionCheck",
    "ConversionError",
    "CurrencyConversion",
    "DataFileError",
    "Dataset",
    "DoubleCountingError",
    "Enterprise",
    "ExchangeRate",
    "Exclusion",
    "Granularity",
    "Grouping",
    "Indicator",
    "IndicatorColumns",
    "InvalidFileError",
    "Level",
    "Measure",
    "Metric",
    "MissingDependencyError",
    "NotFoundError",
    "ParseError",
    "Period",
    "Qualifier",
    "RateAverage",
    "RateNotFoundError",
    "Region",
    "RegionKind",
    "RollUp",
    "RollUpRecord",
    "Selection",
    "Source",
    "SourceKind",
    "Status",
    "StructureError",
    "SwchinaDevError",
    "Tag",
    "UnitError",
    "ValidationError",
    "Zone",
    "ZoneKind",
    "__version__",
    "as_quantity",
    "audit_conversions",
    "cagr",
    "check_conversion",
    "convert_column",
    "convert_currency",
    "convert_unit",
    "exchange_rate",
    "format_measure",
    "from_json",
    "get_registry",
    "growth",
    "indicator_columns",
    "indicators_frame",
    "indicators_table",
    "load",
    "parse_quantity",
    "per_capita",
    "rate_table",
    "read_dataset",
    "read_parquet",
    "read_records",
    "regions_frame",
    "regions_table",
    "roll_up",
    "roll_up_columns",
    "share",
    "structure",
    "to_json",
    "total",
    "unstructure",
    "ureg",
    "validate_datapackage",
    "write_datapackage",
    "write_dataset",
    "write_parquet",
    "write_records",
    "years_between",
]


# Feature modules load on first use of one of their names, so that importing the package (and
# building the unit registry) stays cheap; the columnar path also needs numpy (extra "numpy").
_LAZY_MODULES: dict[str, tuple[str, ...]] = {
    "swchina_dev.aggregate": (
        "Change",
        "Conflict",
        "Exclusion",
        "RollUp",
        "RollUpRecord",
        "cagr",
        "growth",
        "per_capita",
        "roll_up",
        "share",
        "total",
        "years_between",
    ),
    "swchina_dev.arrow": (
        "indicators_table",
        "read_parquet",
        "regions_table",
        "write_parquet",
    ),
    "swchina_dev.audit": (
        "ConversionAudit",
        "ConversionCheck",
        "audit_conversions",
        "check_conversion",
    ),
    "swchina_dev.datasets": ("Collection", "Dataset", "load"),
    "swchina_dev.io": ("from_json", "structure", "to_json", "unstructure"),
    "swchina_dev.datapackage": (
        "validate_datapackage",
        "write_datapackage",
    ),
    "swchina_dev.files": (
        "read_dataset",
        "read_records",
        "write_dataset",
        "write_records",
    ),
    "swchina_dev.frames": (
        "indicators_frame",
        "regions_frame",
    ),
    "swchina_dev.parsing": (
        "format_measure",
        "parse_quantity",
    ),
    "swchina_dev.queries": ("Selection",),
    "swchina_dev.rates": (
        "CNY_USD_SOURCE",
        "CurrencyConversion",
        "ExchangeRate",
        "RateAverage",
        "convert_currency",
        "exchange_rate",
        "rate_table",
    ),
    "swchina_dev.columns": (
        "ColumnRollUp",
        "IndicatorColumns",
        "convert_column",
        "indicator_columns",
        "roll_up_columns",
    ),
}
_LAZY = {name: module for module, names in _LAZY_MODULES.items() for name in names}


def __getattr__(name: str) -> Any:
    # The registry is built on first use of ``ureg`` or ``Q_``, not on import.
    if name in ("ureg", "Q_"):
        from swchina_dev import units

        return getattr(units, name)
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        value = getattr(importlib.import_module(module), name)
    except ModuleNotFoundError as error:
        if module != "swchina_dev.columns":
            raise
        raise MissingDependencyError(
            f"swchina_dev.{name} needs numpy: pip install 'swchina-dev[numpy]'"
        ) from error
    globals()[name] = value  # later look-ups find it directly
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
