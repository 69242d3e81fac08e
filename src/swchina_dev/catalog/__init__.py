"""The catalog: collections of records, the name index, the Dataset and the bundled data.

Public face: [Dataset][swchina_dev.catalog.Dataset], [Collection][swchina_dev.catalog.Collection],
`Entity` (anything a lookup returns) and [load][swchina_dev.load].
"""

from swchina_dev.catalog.bundled import load
from swchina_dev.catalog.collections import Collection
from swchina_dev.catalog.datasets import Dataset, Entity

__all__ = ["Collection", "Dataset", "Entity", "load"]
