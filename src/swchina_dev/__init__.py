"""swchina_dev: typed, unit-aware, citable data about the development of Southwest China.

Examples:
    >>> import swchina_dev as sw
    >>> sw.Q_(7800, "mu").to("hectare")
    <Quantity(520.0, 'hectare')>
"""

from typing import TYPE_CHECKING, Any

from swchina_dev.audit import (
    ConversionAudit,
    ConversionCheck,
    audit_conversions,
    check_conversion,
)
from swchina_dev.convert import convert_unit
from swchina_dev.datasets import Collection, Dataset, load
from swchina_dev.errors import (
    AmbiguousNameError,
    ConversionError,
    DataFileError,
    NotFoundError,
    ParseError,
    RateNotFoundError,
    StructureError,
    SwchinaDevError,
    UnitError,
    ValidationError,
)
from swchina_dev.io import from_json, structure, to_json, unstructure
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
from swchina_dev.parsing import format_measure, parse_quantity
from swchina_dev.rates import (
    CNY_USD_SOURCE,
    CurrencyConversion,
    ExchangeRate,
    RateAverage,
    convert_currency,
    exchange_rate,
    rate_table,
)
from swchina_dev.units import as_quantity, get_registry

if TYPE_CHECKING:
    from swchina_dev.units import Quantity, Registry

    ureg: Registry
    Q_: type[Quantity]

__version__ = "0.1.0.dev0"

__all__ = [
    "CNY_USD_SOURCE",
    "Q_",
    "AmbiguousNameError",
    "Collection",
    "ConversionAudit",
    "ConversionCheck",
    "ConversionError",
    "CurrencyConversion",
    "DataFileError",
    "Dataset",
    "Enterprise",
    "ExchangeRate",
    "Granularity",
    "Grouping",
    "Indicator",
    "Level",
    "Measure",
    "Metric",
    "NotFoundError",
    "ParseError",
    "Period",
    "Qualifier",
    "RateAverage",
    "RateNotFoundError",
    "Region",
    "RegionKind",
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
    "check_conversion",
    "convert_currency",
    "convert_unit",
    "exchange_rate",
    "format_measure",
    "from_json",
    "get_registry",
    "load",
    "parse_quantity",
    "rate_table",
    "structure",
    "to_json",
    "unstructure",
    "ureg",
]


def __getattr__(name: str) -> Any:
    # The registry is built on first use of ``ureg`` or ``Q_``, not on import.
    if name in ("ureg", "Q_"):
        from swchina_dev import units

        return getattr(units, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
