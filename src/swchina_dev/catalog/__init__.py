"""The catalog: collections of records, the name index, the Dataset and the bundled data.

Public face: [Dataset][swchina_dev.catalog.Dataset], [Collection][swchina_dev.catalog.Collection],
`Entity` (anything a lookup returns), [load][swchina_dev.load] and the code history of the
divisions ([code_history][swchina_dev.catalog.history.code_history],
[record_in_force][swchina_dev.catalog.history.record_in_force],
[recode][swchina_dev.catalog.history.recode]).
"""

from swchina_dev.catalog.bundled import load
from swchina_dev.catalog.collections import Collection
from swchina_dev.catalog.datasets import Dataset, Entity
from swchina_dev.catalog.history import (
    CodeRecord,
    Recoding,
    code_history,
    recode,
    record_in_force,
)

__all__ = [
    "CodeRecord",
    "Collection",
    "Dataset",
    "Entity",
    "Recoding",
    "code_history",
    "load",
    "recode",
    "record_in_force",
]
