"""The catalog: collections of records, the name index, the Dataset and the bundled data.

Public face: [Dataset][swchina_dev.catalog.Dataset], [Collection][swchina_dev.catalog.Collection],
`Entity` (anything a lookup returns), [load][swchina_dev.load] and the divisions over time: the
code history ([code_history][swchina_dev.catalog.history.code_history],
[record_in_force][swchina_dev.catalog.history.record_in_force],
[recode][swchina_dev.catalog.history.recode] and its columnar form
[recode_column][swchina_dev.catalog.recode_columns.recode_column]), the change events
([code_events][swchina_dev.catalog.events.code_events],
[township_changes][swchina_dev.catalog.events.township_changes]) and what is built on both
([code_timeline][swchina_dev.catalog.timeline.code_timeline],
[divisions_in_force][swchina_dev.catalog.timeline.divisions_in_force],
[find_former_names][swchina_dev.catalog.timeline.find_former_names]); and the 2010 and 2020
censuses ([census_column][swchina_dev.catalog.census.census_column],
[census_value][swchina_dev.catalog.census.census_value],
[census_indicator][swchina_dev.catalog.census.census_indicator],
[census_profile][swchina_dev.catalog.census.census_profile]), read on first use, and brought to
later codes ([census_on_codes_of][swchina_dev.catalog.census_boundaries.census_on_codes_of],
[census_change][swchina_dev.catalog.census_boundaries.census_change]).
"""

from typing import TYPE_CHECKING, Any

from swchina_dev.catalog.bundled import load
from swchina_dev.catalog.collections import Collection
from swchina_dev.catalog.datasets import Dataset, Entity
from swchina_dev.catalog.events import ChangeEvent, TownshipChange, code_events, township_changes
from swchina_dev.catalog.history import (
    CodeRecord,
    Recoding,
    code_history,
    recode,
    record_in_force,
)
from swchina_dev.catalog.recode_columns import RecodedColumn, recode_column
from swchina_dev.catalog.timeline import (
    CodeTimeline,
    FormerName,
    code_timeline,
    divisions_in_force,
    find_former_names,
)

__all__ = [
    "CENSUS_FIGURES",
    "CensusBasis",
    "CensusChange",
    "CensusColumn",
    "CensusFigure",
    "CensusUnit",
    "ChangeEvent",
    "CodeRecord",
    "CodeTimeline",
    "Collection",
    "Dataset",
    "Entity",
    "FormerName",
    "OnCodes",
    "RecodedColumn",
    "RecodedValue",
    "Recoding",
    "TownshipChange",
    "census_basis",
    "census_change",
    "census_column",
    "census_indicator",
    "census_on_codes_of",
    "census_on_present_code",
    "census_profile",
    "census_unit",
    "census_value",
    "code_events",
    "code_history",
    "code_timeline",
    "divisions_in_force",
    "find_former_names",
    "load",
    "recode",
    "recode_column",
    "record_in_force",
    "township_changes",
]

if TYPE_CHECKING:
    from swchina_dev.catalog.census import (
        CensusColumn,
        CensusUnit,
        census_column,
        census_indicator,
        census_profile,
        census_unit,
        census_value,
    )
    from swchina_dev.catalog.census_boundaries import (
        CensusChange,
        OnCodes,
        RecodedValue,
        census_change,
        census_on_codes_of,
    )
    from swchina_dev.catalog.census_figures import FIGURES as CENSUS_FIGURES
    from swchina_dev.catalog.census_figures import CensusFigure
    from swchina_dev.catalog.census_present import CensusBasis, census_basis, census_on_present_code

# The census modules load on first use of one of their names, so that `load()` (which imports
# this package) does not pay for them.
_CENSUS: dict[str, tuple[str, str]] = {
    "CENSUS_FIGURES": ("census_figures", "FIGURES"),
    "CensusFigure": ("census_figures", "CensusFigure"),
    **{
        name: ("census", name)
        for name in ("CensusColumn", "CensusUnit", "census_column", "census_indicator",
                     "census_profile", "census_unit", "census_value")
    },
    **{
        name: ("census_boundaries", name)
        for name in ("CensusChange", "OnCodes", "RecodedValue", "census_change",
                     "census_on_codes_of")
    },
    **{
        name: ("census_present", name)
        for name in ("CensusBasis", "census_basis", "census_on_present_code")
    },
}  # fmt: skip


def __getattr__(name: str) -> Any:
    if name in _CENSUS:
        import importlib

        module, attribute = _CENSUS[name]
        return getattr(importlib.import_module(f"swchina_dev.catalog.{module}"), attribute)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
