"""The data model: immutable, hashable attrs classes for every entity the library knows."""

from swchina_dev.models.enterprises import Enterprise
from swchina_dev.models.indicators import BREAKDOWN_DIMENSIONS, Indicator, Scope, Status, Tag
from swchina_dev.models.items import Item, ItemKind
from swchina_dev.models.measures import STORED_KEYS, Measure, Qualifier
from swchina_dev.models.metrics import Metric
from swchina_dev.models.periods import Granularity, Period
from swchina_dev.models.regions import Grouping, Level, Region, RegionKind
from swchina_dev.models.sources import Source, SourceKind
from swchina_dev.models.zones import Zone, ZoneKind

__all__ = [
    "BREAKDOWN_DIMENSIONS",
    "STORED_KEYS",
    "Enterprise",
    "Granularity",
    "Grouping",
    "Indicator",
    "Item",
    "ItemKind",
    "Level",
    "Measure",
    "Metric",
    "Period",
    "Qualifier",
    "Region",
    "RegionKind",
    "Scope",
    "Source",
    "SourceKind",
    "Status",
    "Tag",
    "Zone",
    "ZoneKind",
]
