"""Reductions: totals, roll-ups up the region tree, and change over time, all bound-aware.

Every function here carries the bounds of its inputs (see [Measure][swchina_dev.Measure]) by
interval arithmetic, and reads the qualifier of its result from the bounds that survive:

| bounds that survive | qualifier of the result | stated value |
|---|---|---|
| lower = upper | `exact` | that number |
| lower and upper | `range` | their midpoint |
| lower only | `at_least` | the lower bound |
| upper only | `nearly` when every input is `exact` or `nearly`, else `at_most` | the upper bound |
| neither | `about` | the computed value |

So "over 7,800 mu" plus "4,800 mu" is at least 12,600 mu; "nearly 2 million" plus an exact
300,000 is nearly 2.3 million (the shortfall is no larger than the input's); "nearly" plus
"at least" keeps neither bound and is `about`; anything with `about` is `about`.

Quantities are converted to the result's unit through
[convert_magnitudes][swchina_dev.units.magnitudes.convert_magnitudes]; currencies only at a dated
rate (`on=`, through [convert_currency][swchina_dev.conversion.rates.convert_currency]).

Examples:
    >>> import swchina_dev as sw
    >>> from swchina_dev.aggregate import total
    >>> ds = sw.load()
    >>> orchards = [ds.indicators["s000-chengmanyuan-fruit-area"].measure,
    ...             ds.indicators["s000-taoying-cherry-area"].measure]
    >>> print(total(orchards))
    at least 12,600 mu

Only like adds to like (see [swchina_dev.aggregate.kinds][swchina_dev.aggregate.kinds]):
the indicators themselves, fruit trees and cherries, are two items and do not add up.
"""

from typing import TYPE_CHECKING, Any

from swchina_dev.aggregate.census_checks import CensusCheck, check_census
from swchina_dev.aggregate.census_ratios import CensusRatio
from swchina_dev.aggregate.changes import (
    Change,
    cagr,
    growth,
    per_capita,
    share,
    years_between,
)
from swchina_dev.aggregate.places import Conflict
from swchina_dev.aggregate.places import Target as Target
from swchina_dev.aggregate.rollups import Exclusion, RollUp, RollUpRecord, roll_up
from swchina_dev.aggregate.rollups import Nested as Nested
from swchina_dev.aggregate.rollups import Repeats as Repeats
from swchina_dev.aggregate.totals import total
from swchina_dev.errors import DoubleCountingError as DoubleCountingError
from swchina_dev.optional import import_optional

if TYPE_CHECKING:
    from swchina_dev.aggregate.columns import (
        ColumnRollUp,
        IndicatorColumns,
        indicator_columns,
        roll_up_columns,
    )

# The "X as X" names stay importable from here, as before the split, but not in __all__: the
# roll-up options and target (swchina_dev.query uses them) and the double-counting error.
__all__ = [
    "CensusCheck",
    "CensusRatio",
    "Change",
    "ColumnRollUp",
    "Conflict",
    "Exclusion",
    "IndicatorColumns",
    "RollUp",
    "RollUpRecord",
    "cagr",
    "check_census",
    "growth",
    "indicator_columns",
    "per_capita",
    "roll_up",
    "roll_up_columns",
    "share",
    "total",
    "years_between",
]

# The columnar path needs numpy (extra "numpy"): its names load on first use, so that the rest of
# the package works without it and a missing numpy is named with the extra that installs it.
_COLUMNAR = frozenset({"ColumnRollUp", "IndicatorColumns", "indicator_columns", "roll_up_columns"})


def __getattr__(name: str) -> Any:
    if name in _COLUMNAR:
        import_optional("numpy", "numpy")
        from swchina_dev.aggregate import columns

        return getattr(columns, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
