"""The data model: immutable, hashable attrs classes for every entity the library knows."""

from swchina_dev.models.enterprises import Enterprise
from swchina_dev.models.indicators import BREAKDOWN_DIMENSIONS, Indicator, Scope, Status, Tag
from swchina_dev.models.items import Item, ItemKind
from swchina_dev.models.measures import STORED_KEYS, Measure, Qualifier
from swchina_dev.models.metrics import Metric
from swchina_dev.models.periods import Granularity, Period
from swchina_dev.models.regions import Grouping, Level, Region, RegionKind
from swchina_dev.models.sources import Source, SourceKind
from swchina_dev.models.validators import checked_on_unpickle
from swchina_dev.models.zones import Zone, ZoneKind

# Unpickled and copied models are checked as built ones are (tampered state is refused).
for _model in (Enterprise, Indicator, Item, Metric, Period, Grouping, Region, Source, Zone):
    checked_on_unpickle(_model)
checked_on_unpickle(
    Measure,
    lambda measure: Measure.from_parts(
        measure.magnitude,
        measure.unit,
        measure.qualifier,
        measure.lower_magnitude if measure.qualifier is Qualifier.RANGE else None,
        measure.upper_magnitude if measure.qualifier is Qualifier.RANGE else None,
    ),
)
del _model

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
