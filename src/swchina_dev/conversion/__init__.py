"""Conversion: units of measures and quantities, currencies at dated rates, and audits.

Public face: [convert_unit][swchina_dev.convert_unit], the exchange rates
([exchange_rate][swchina_dev.exchange_rate], [convert_currency][swchina_dev.convert_currency],
`rate_table`), `convert_column` for numpy columns (extra `numpy`), and the audit of stated
conversions ([check_conversion][swchina_dev.check_conversion], `audit_conversions`).
"""

from swchina_dev.conversion.audit import (
    DEFAULT_TOLERANCE,
    ConversionAudit,
    ConversionCheck,
    audit_conversions,
    check_conversion,
)
from swchina_dev.conversion.columns import convert_column
from swchina_dev.conversion.rates import (
    CNY_USD_SOURCE,
    CurrencyConversion,
    ExchangeRate,
    RateAverage,
    convert_currency,
    convert_measure,
    exchange_rate,
    rate_table,
)
from swchina_dev.conversion.units import convert_unit

__all__ = [
    "CNY_USD_SOURCE",
    "DEFAULT_TOLERANCE",
    "ConversionAudit",
    "ConversionCheck",
    "CurrencyConversion",
    "ExchangeRate",
    "RateAverage",
    "audit_conversions",
    "check_conversion",
    "convert_column",
    "convert_currency",
    "convert_measure",
    "convert_unit",
    "exchange_rate",
    "rate_table",
]
