"""swchina_dev: typed, unit-aware, citable data about the development of Southwest China.

The names here are the ones a user types every day: [load][swchina_dev.load] and the
[Dataset][swchina_dev.Dataset], the unit registry (`ureg`, `Q_`), the models, the errors,
conversions, reading quantities from text and aggregation. Everything else lives in the package
that holds it: `swchina_dev.files` (your own data in and out), `swchina_dev.tabular` (pandas,
Arrow, Parquet, data packages), `swchina_dev.serialization` (cattrs, JSON), `swchina_dev.query`,
`swchina_dev.catalog`, `swchina_dev.conversion`, `swchina_dev.aggregate`, `swchina_dev.text`,
`swchina_dev.units`, `swchina_dev.models`.

Every name loads its module on first use, so `import swchina_dev` stays cheap and the unit
registry is built only when a quantity is first needed.

Examples:
    >>> import swchina_dev as sw
    >>> sw.Q_(7800, "mu").to("hectare")
    <Quantity(520.0, 'hectare')>
"""

from __future__ import annotations

import importlib
import warnings
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from swchina_dev.aggregate import cagr, growth, per_capita, roll_up, share, total
    from swchina_dev.catalog import Dataset, load
    from swchina_dev.conversion import (
        check_conversion,
        convert_currency,
        convert_unit,
        exchange_rate,
    )
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
    from swchina_dev.extraction import extract
    from swchina_dev.models import (
        Enterprise,
        Grouping,
        Indicator,
        Item,
        Level,
        Measure,
        Metric,
        Period,
        Qualifier,
        Region,
        Scope,
        Source,
        Status,
        Tag,
        Zone,
    )
    from swchina_dev.text import format_measure, parse_quantity
    from swchina_dev.units import Q_, ureg

__version__ = "0.1.0"

#: The one table of the top-level names: the module each is loaded from. `__all__`, the lazy
#: loading below and the type-checking imports above follow it (a test checks they agree).
EXPORTS: Final[dict[str, tuple[str, ...]]] = {
    "swchina_dev.aggregate": ("cagr", "growth", "per_capita", "roll_up", "share", "total"),
    "swchina_dev.catalog": ("Dataset", "load"),
    "swchina_dev.conversion": (
        "check_conversion",
        "convert_currency",
        "convert_unit",
        "exchange_rate",
    ),
    "swchina_dev.extraction": ("extract",),
    "swchina_dev.errors": (
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
    ),
    "swchina_dev.models": (
        "Enterprise",
        "Grouping",
        "Indicator",
        "Item",
        "Level",
        "Measure",
        "Metric",
        "Period",
        "Qualifier",
        "Region",
        "Scope",
        "Source",
        "Status",
        "Tag",
        "Zone",
    ),
    "swchina_dev.text": ("format_measure", "parse_quantity"),
    "swchina_dev.units": ("Q_", "ureg"),
}

#: Names that were top-level in 0.1.0 and now live in a subpackage: still found here, with a
#: DeprecationWarning that names the new place (they go in a later release).
MOVED: Final[dict[str, str]] = {
    **dict.fromkeys(
        ("Collection", "Entity"),
        "swchina_dev.catalog",
    ),
    **dict.fromkeys(
        (
            "CNY_USD_SOURCE",
            "ConversionAudit",
            "ConversionCheck",
            "CurrencyConversion",
            "ExchangeRate",
            "RateAverage",
            "audit_conversions",
            "convert_column",
            "rate_table",
        ),
        "swchina_dev.conversion",
    ),
    **dict.fromkeys(
        (
            "Change",
            "ColumnRollUp",
            "Conflict",
            "Exclusion",
            "IndicatorColumns",
            "RollUp",
            "RollUpRecord",
            "indicator_columns",
            "roll_up_columns",
            "years_between",
        ),
        "swchina_dev.aggregate",
    ),
    **dict.fromkeys(
        ("read_dataset", "read_records", "write_dataset", "write_records"), "swchina_dev.files"
    ),
    **dict.fromkeys(
        (
            "indicators_frame",
            "indicators_table",
            "read_parquet",
            "regions_frame",
            "regions_table",
            "validate_datapackage",
            "write_datapackage",
            "write_parquet",
        ),
        "swchina_dev.tabular",
    ),
    **dict.fromkeys(
        ("from_json", "structure", "to_json", "unstructure"), "swchina_dev.serialization"
    ),
    **dict.fromkeys(("Granularity", "RegionKind", "SourceKind", "ZoneKind"), "swchina_dev.models"),
    **dict.fromkeys(("as_quantity", "get_registry"), "swchina_dev.units"),
    "Selection": "swchina_dev.query",
}

#: The subpackages and modules reachable as attributes (`sw.files.read_dataset`).
SUBMODULES: Final = frozenset(
    {
        "aggregate",
        "catalog",
        "cli",
        "conversion",
        "errors",
        "files",
        "models",
        "optional",
        "query",
        "resources",
        "serialization",
        "tabular",
        "text",
        "units",
    }
)

_MODULE_OF: Final = {name: module for module, names in EXPORTS.items() for name in names}
# The registry's names are built on first access by swchina_dev.units: not cached here.
_NOT_CACHED: Final = frozenset({"Q_", "ureg"})

# Written out for static tools (ruff, mypy, IDEs); tests/unit/test_public_api.py checks that it
# is EXPORTS' names and __version__, sorted.
__all__ = [
    "Q_",
    "AmbiguousNameError",
    "ConversionError",
    "DataFileError",
    "Dataset",
    "DoubleCountingError",
    "Enterprise",
    "Grouping",
    "Indicator",
    "InvalidFileError",
    "Item",
    "Level",
    "Measure",
    "Metric",
    "MissingDependencyError",
    "NotFoundError",
    "ParseError",
    "Period",
    "Qualifier",
    "RateNotFoundError",
    "Region",
    "Scope",
    "Source",
    "Status",
    "StructureError",
    "SwchinaDevError",
    "Tag",
    "UnitError",
    "ValidationError",
    "Zone",
    "__version__",
    "cagr",
    "check_conversion",
    "convert_currency",
    "convert_unit",
    "exchange_rate",
    "extract",
    "format_measure",
    "growth",
    "load",
    "parse_quantity",
    "per_capita",
    "roll_up",
    "share",
    "total",
    "ureg",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is not None:
        value = getattr(importlib.import_module(module), name)
        if name not in _NOT_CACHED:
            globals()[name] = value  # later look-ups find it directly
        return value
    if name in SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    if name in MOVED:
        new_home = MOVED[name]
        warnings.warn(
            f"swchina_dev.{name} moved to {new_home}.{name} in 0.2.0; the top-level name will "
            "be removed in a later release",
            DeprecationWarning,
            stacklevel=2,
        )
        return getattr(importlib.import_module(new_home), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__, *SUBMODULES})
