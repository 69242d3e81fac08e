"""The unit factors and the CNY per USD rates as Arrow tables (extra `arrow`).

Two of the reference tables of [swchina_dev.tabular.reference][swchina_dev.tabular.reference]:

- `unit_factors`: one row per spelling of a unit (`mu`, `亩`, `万元`, `wan yuan`, `hectare`,
  `ha`...), with its canonical name, its dimension, the base unit of that dimension and the
  factor to it. A conversion is `value * from.factor / to.factor` when the two dimensions match;
  currencies are dimensions of their own, so yuan never turn into dollars here.
- `cny_usd_rates`: the bundled monthly and annual CNY per USD averages
  ([rate_table][swchina_dev.conversion.rates.rate_table]) with their period, granularity and
  the days they average.

The spellings are the library's own: the unit words of
`swchina_dev.text.words` (`UNITS`, `SYMBOLS`) and those scaled by 万
and 亿 (`MAGNITUDES`), so a column of `万元` or `wan yuan` joins as the text parser reads it.

Examples:
    >>> rows = {row["unit"]: row for row in unit_factors_table().to_pylist()}
    >>> rows["万元"]["canonical"], rows["万元"]["factor"], rows["亩"]["base_unit"]
    ('CNY * wan', 10000.0, 'meter ** 2')
    >>> rates = cny_usd_rates_table()
    >>> rates.schema.field("cny_per_usd").metadata[b"unit"]
    b'CNY / USD'
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import Any, Final

from swchina_dev.conversion.rates import CNY_USD_SOURCE, rate_table
from swchina_dev.models.periods import Granularity
from swchina_dev.optional import import_optional
from swchina_dev.serialization import unstructure
from swchina_dev.text.words import MAGNITUDES, SYMBOLS, UNITS
from swchina_dev.units import canonical_unit, convert_magnitudes, currency_code, dimensions_of

__all__ = ["SCALED_UNITS", "base_unit", "cny_usd_rates_table", "unit_factors_table"]

#: The schema metadata key that says what a table holds (as in `tabular.arrow`).
TABLE_KEY: Final = b"swchina_dev"
# The base unit of each base dimension (SI, and each currency its own).
_BASE_UNITS: Final[Mapping[str, str]] = {
    "[length]": "meter",
    "[mass]": "kilogram",
    "[time]": "second",
    "[temperature]": "kelvin",
    "[current]": "ampere",
    "[substance]": "mole",
    "[luminosity]": "candela",
}
#: The units whose 万 and 亿 multiples users' tables hold (`万元`, `亿元`, `万亩`, `万吨`...).
SCALED_UNITS: Final = ("CNY", "USD", "mu", "hectare", "metric_ton", "kilowatt_hour", "kilowatt")
# The English and hanzi scale words of MAGNITUDES, by registry unit name.
_SCALES: Final[Mapping[str, tuple[str, ...]]] = {
    "wan": tuple(word for word, value in MAGNITUDES.items() if value == 10**4),
    "yi": tuple(word for word, value in MAGNITUDES.items() if value == 10**8),
}


def _pyarrow() -> Any:
    return import_optional("pyarrow", "arrow")


def base_unit(unit: str) -> str:
    """The base unit of a unit's dimension (`meter ** 2` for mu, `CNY` for 万元).

    Examples:
        >>> base_unit("mu"), base_unit("wan * CNY"), base_unit("percent")
        ('meter ** 2', 'CNY', 'dimensionless')
    """
    parts = []
    for dimension, power in sorted(dict(dimensions_of(unit)).items()):
        name = currency_code(dimension) or _BASE_UNITS[dimension]
        parts.append(name if power == 1 else f"{name} ** {power}")
    return canonical_unit(" * ".join(parts)) if parts else "dimensionless"


def _hanzi(text: str) -> bool:
    return any("\u4e00" <= character <= "\u9fff" for character in text)


def _spellings() -> dict[str, str]:
    """Every spelling -> its registry unit: the unit words, symbols and their 万/亿 multiples."""
    found: dict[str, str] = {}

    def add(spelling: str, unit: str) -> None:
        if spelling:
            found.setdefault(spelling, unit)  # the first reading wins, as in the text parser

    for unit, words in UNITS.items():
        add(unit, unit)
        for word in words:
            add(word, unit)
    for symbol, unit in SYMBOLS.items():
        add(symbol, unit)
    for unit in SCALED_UNITS:
        for scale, scale_words in _SCALES.items():
            scaled = f"{scale} * {unit}"
            add(scaled, scaled)
            for word in dict.fromkeys((unit, *UNITS[unit])):
                for scale_word in scale_words:
                    # 万元, 万亩 (no space between hanzi); wan yuan, wan hectares.
                    if _hanzi(word) and _hanzi(scale_word):
                        add(f"{scale_word}{word}", scaled)
                    elif not _hanzi(word) and not _hanzi(scale_word):
                        add(f"{scale_word} {word}", scaled)
    return found


def unit_factors_table(spellings: Mapping[str, str] | None = None) -> Any:
    """The unit factors as a `pyarrow.Table`, one row per spelling.

    Columns: `unit` (the spelling, unique), `canonical` (the registry's spelling), `dimension`
    (pint's dimensionality text), `base_unit` and `factor` (how many base units one unit is).

    Args:
        spellings: Spelling -> unit expression; by default the library's unit words, symbols and
            their 万/亿 multiples.

    Returns:
        The table.

    Raises:
        MissingDependencyError: pyarrow is not installed.
        UnitError: A unit is unknown to the registry.

    Examples:
        >>> table = unit_factors_table({"亩": "mu", "万元": "wan * CNY"})
        >>> table.column("factor").to_pylist()[1], table.column("base_unit").to_pylist()
        (10000.0, ['meter ** 2', 'CNY'])
    """
    pa = _pyarrow()
    rows = _spellings() if spellings is None else dict(spellings)
    columns: dict[str, list[Any]] = {
        "unit": [], "canonical": [], "dimension": [], "base_unit": [], "factor": []
    }  # fmt: skip
    for spelling, unit in rows.items():
        canonical = canonical_unit(unit)
        base = base_unit(canonical)
        (factor,) = convert_magnitudes((1.0,), canonical, base)
        columns["unit"].append(spelling)
        columns["canonical"].append(canonical)
        columns["dimension"].append(str(dimensions_of(canonical)) or "dimensionless")
        columns["base_unit"].append(base)
        columns["factor"].append(float(factor))
    fields = [
        pa.field("unit", pa.string(), nullable=False),
        pa.field("canonical", pa.string()),
        pa.field("dimension", pa.string()),
        pa.field("base_unit", pa.string()),
        pa.field("factor", pa.float64(), metadata={b"unit_column": b"base_unit"}),
    ]
    about = {
        "table": "unit_factors",
        "description": "factor of each unit spelling to the base unit of its dimension",
        "source": "swchina_dev unit registry (pint defaults and data/units.txt)",
    }
    return _table(pa, columns, fields, about)


def cny_usd_rates_table() -> Any:
    """The bundled CNY per USD averages as a `pyarrow.Table`, the years then the months.

    Columns: `period` (`"2024"`, `"2024-03"`), `granularity` (`year` or `month`), `year`,
    `month` (null for a year), `start` and `end` (dates), `cny_per_usd`, `n_days` (the ECB
    business days averaged). The source travels in the schema metadata.

    Raises:
        MissingDependencyError: pyarrow is not installed.

    Examples:
        >>> table = cny_usd_rates_table()
        >>> table.column("period")[0].as_py(), table.column("granularity")[0].as_py()
        ('2010', 'year')
    """
    pa = _pyarrow()
    rows = rate_table()
    columns: dict[str, list[Any]] = {
        "period": [str(row.period) for row in rows],
        "granularity": [
            "year" if row.period.granularity is Granularity.YEAR else "month" for row in rows
        ],
        "year": [row.period.start.year for row in rows],
        "month": [
            None if row.period.granularity is Granularity.YEAR else row.period.start.month
            for row in rows
        ],
        "start": [row.period.start for row in rows],
        "end": [row.period.end for row in rows],
        "cny_per_usd": [row.cny_per_usd for row in rows],
        "n_days": [row.n_days for row in rows],
    }
    fields = [
        pa.field("period", pa.string(), nullable=False),
        pa.field("granularity", pa.string()),
        pa.field("year", pa.int16()),
        pa.field("month", pa.int8()),
        pa.field("start", pa.date32()),
        pa.field("end", pa.date32()),
        pa.field("cny_per_usd", pa.float64(), metadata={b"unit": b"CNY / USD"}),
        pa.field("n_days", pa.int16(), metadata={b"unit": b"day"}),
    ]
    about = {
        "table": "cny_usd_rates",
        "description": "monthly and annual average CNY per USD rates",
        "source": unstructure(CNY_USD_SOURCE),
    }
    return _table(pa, columns, fields, about)


def _table(pa: Any, columns: dict[str, list[Any]], fields: Iterable[Any], about: Any) -> Any:
    """A table of the columns, with `about` (what it is, its source) in the schema metadata."""
    schema = pa.schema(list(fields), metadata={TABLE_KEY: json.dumps(about).encode()})
    return pa.Table.from_pydict(columns, schema=schema)
