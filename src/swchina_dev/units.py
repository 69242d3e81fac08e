"""The library's one pint unit registry, with Chinese market units, wan/yi and currencies.

The registry is built on first use (not at import), once, under a lock, from pint's defaults plus
the definitions in the package resource ``data/units.txt``. Those are loaded before anything is
parsed, so ``mu`` is the Chinese 亩 (1/15 ha) in every parse path, never pint's
milli-atomic-mass-unit, and ``li`` is the market li (500 m), not pint's survey link.

Currencies are dimensions of their own (``[currency_CNY]``, ``[currency_USD]``): adding yuan to
dollars fails, and converting between them takes a dated rate.

The registry is shared by the whole library, so its definitions are fixed once built:
``ureg.define(...)`` and ``ureg.load_definitions(...)`` raise :class:`~swchina_dev.UnitError`
(define your own units in your own ``pint.UnitRegistry`` and hand quantities over with
:func:`as_quantity`). The unit strings the library stores are spelled in pint's default format
whatever ``ureg.formatter.default_format`` a caller sets for display. Quantities and units of
this registry unpickle into it (in any process), not into pint's application registry;
:func:`set_as_application_registry` makes it that registry too, for code that relies on it.

This module is the only one that touches pint's loosely typed API; the rest of the library goes
through the functions here.

Examples:
    >>> from swchina_dev import Q_
    >>> Q_(7800, "mu").to("hectare")
    <Quantity(520.0, 'hectare')>
    >>> Q_("1 mu").dimensionality
    <UnitsContainer({'[length]': 2})>
    >>> Q_(3.7, "wan yuan").to("CNY")
    <Quantity(37000.0, 'CNY')>
"""

from __future__ import annotations

import functools
import re
import threading
from importlib.resources import files
from typing import TYPE_CHECKING, Any, Final

from swchina_dev.errors import DataFileError, UnitError

if TYPE_CHECKING:
    from typing import TypeAlias

    import pint
    from pint.facets.plain import PlainUnit

    #: A quantity of the library's registry (pint's class, with any magnitude type).
    Quantity: TypeAlias = pint.Quantity[Any]
    #: The library's registry type.
    Registry: TypeAlias = pint.UnitRegistry[Any]
    ureg: Registry
    Q_: type[Quantity]

__all__ = [
    "CURRENCY",
    "Q_",
    "as_quantity",
    "canonical_unit",
    "currency_of",
    "dimensionality",
    "dimensions_of",
    "get_registry",
    "has_dimensionality",
    "is_currency",
    "make_quantity",
    "set_as_application_registry",
    "unit_text",
    "ureg",
]

# How the registry names currency dimensions: "[currency_CNY]".
_CURRENCY_PREFIX: Final = "[currency_"
#: The pseudo-dimension a metric names when any currency will do.
CURRENCY: Final = "[currency]"

#: Longest unit expression accepted; real ones are a few words.
_MAX_UNIT_LENGTH: Final = 200
#: Largest power of a unit accepted (the tokenizer allows two digits).
_MAX_POWER: Final = 99

# A unit expression is names joined by * and /, with parentheses and small integer exponents;
# "1" may stand for an empty numerator ("1 / day"). No other numbers: pint would evaluate them.
_UNIT_TOKEN = re.compile(
    r"\s*(?:(?P<name>[^\W\d]\w*)|(?P<power>(?:\*\*|\^)\s*-?\d{1,2}\b)|(?P<one>1\b)|(?P<op>[*/()]))"
)
# A dimensionality expression is the same, with dimension names in brackets ("1 / [time]").
_DIMENSION_TOKEN = re.compile(
    r"\s*(?:(?P<name>\[[^\W\d]\w*\])|(?P<power>(?:\*\*|\^)\s*-?\d{1,2}\b)|(?P<one>1\b)"
    r"|(?P<op>[*/()]))"
)

_UNITS_FILE: Final = "data/units.txt"
# pint names that the market units knowingly take over.
_SHADOWED_NAMES: Final = frozenset({"li"})

_lock = threading.Lock()
_registry: Registry | None = None


def get_registry() -> Registry:
    """Return the library's unit registry, building it on first call.

    Thread-safe: concurrent first calls build it once and all get the same object.

    Returns:
        The shared ``pint.UnitRegistry`` (also available as ``swchina_dev.ureg``).
    """
    registry = _registry
    if registry is None:
        with _lock:
            if _registry is None:
                globals()["_registry"] = _build_registry()
            registry = _registry
    assert registry is not None
    return registry


def _build_registry() -> Registry:
    import pint  # deferred: importing and building pint is the cost of first use, not of import

    registry: Registry = pint.UnitRegistry(cache_folder=None)
    try:
        lines = files("swchina_dev.data").joinpath("units.txt").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(
            f"cannot read the unit definitions: {error}", file=_UNITS_FILE
        ) from None
    new_names = _defined_names(lines)
    clashes = {name for name in new_names if name in registry._units} - _SHADOWED_NAMES
    if clashes:  # a new pint release took a name we define: fail loudly, not silently
        raise UnitError(f"pint already defines {sorted(clashes)}", file=_UNITS_FILE)
    registry._on_redefinition = "ignore"
    try:
        registry.load_definitions(lines.splitlines())
    except Exception as error:  # pint raises several unrelated types for a malformed file
        raise DataFileError(f"malformed unit definitions: {error}", file=_UNITS_FILE) from None
    registry._on_redefinition = "raise"
    _seal(registry)
    return registry


def _seal(registry: Registry) -> None:
    """Fix the shared registry's definitions, and make its quantities unpickle into it."""
    define = registry.define

    def define_fixed(definition: Any) -> Any:
        # pint's contexts define Definition objects while they are active: let those through.
        if isinstance(definition, str):
            _refuse_definitions()
        return define(definition)

    registry.define = define_fixed  # type: ignore[method-assign]
    registry.load_definitions = _refuse_definitions  # type: ignore[method-assign]
    # The registry's own classes (pint builds them per registry): pint would unpickle into its
    # application registry, where "mu" is milli-atomic-mass-unit.
    registry.Quantity.__reduce__ = _reduce_quantity  # type: ignore[assignment,method-assign]
    registry.Unit.__reduce__ = _reduce_unit  # type: ignore[assignment,method-assign]


def _refuse_definitions(*args: Any, **kwargs: Any) -> Any:
    raise UnitError(
        "swchina_dev's unit registry is shared by the whole library and its definitions are "
        "fixed; define your own units in your own pint.UnitRegistry() and pass quantities "
        "through swchina_dev.as_quantity (in units this registry knows)",
        field="definition",
    )


def _reduce_quantity(quantity: Quantity) -> tuple[Any, ...]:
    return _restore_quantity, (quantity.magnitude, quantity._units)


def _reduce_unit(unit: pint.Unit) -> tuple[Any, ...]:
    return _restore_unit, (unit._units,)


def _restore_quantity(magnitude: Any, units: Any) -> Quantity:
    return get_registry().Quantity(magnitude, units)


def _restore_unit(units: Any) -> pint.Unit:
    return get_registry().Unit(units)


def set_as_application_registry() -> None:
    """Make the library's registry pint's application registry (call it yourself, once).

    Not needed for the library's own objects: models store unit names, and quantities of the
    library's registry unpickle into it. It is for code that goes through pint's application
    registry (``pint.Quantity(1, "mu")``, other libraries' pint integrations, quantities
    pickled before this registry existed), so that ``mu`` there is 亩 too. Importing
    swchina_dev never does this: it changes a pint-wide setting.

    Examples:
        >>> import pint
        >>> previous = pint.get_application_registry().get()
        >>> set_as_application_registry()
        >>> pint.get_application_registry().get() is get_registry()
        True
        >>> pint.set_application_registry(previous)  # as it was, for the other examples
    """
    import pint

    pint.set_application_registry(get_registry())  # type: ignore[no-untyped-call]


def _defined_names(definitions: str) -> set[str]:
    names: set[str] = set()
    for line in definitions.splitlines():
        text = line.split("#", 1)[0].strip()
        if "=" in text:
            parts = [part.strip() for part in text.split("=")]
            names.add(parts[0])
            names.update(parts[2:])
    return names


def __getattr__(name: str) -> Any:
    # ``ureg`` and ``Q_`` are module attributes built on first access.
    if name == "ureg":
        return get_registry()
    if name == "Q_":
        return get_registry().Quantity
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _check_unit_text(text: str, what: str = "unit") -> None:
    # ``what`` is "unit" (names such as mu) or "dimensionality" (bracketed names such as [area]).
    if len(text) > _MAX_UNIT_LENGTH:
        raise UnitError(f"{what} expression longer than {_MAX_UNIT_LENGTH} characters", field=what)
    token = _UNIT_TOKEN if what == "unit" else _DIMENSION_TOKEN
    position = 0
    previous = None
    stripped = text.rstrip()
    while position < len(stripped):
        match = token.match(stripped, position)
        # A power of a power ("m ** 9 ** 9 ** 9") is a tower that pint would evaluate for ever.
        tower = match is not None and match.lastgroup == previous == "power"
        if match is None or match.end() == position or tower:
            names = "unit names" if what == "unit" else "dimensions such as [length]"
            raise UnitError(
                f"cannot read {what} {text!r} at character {position + 1}: use {names} joined "
                "by '*' and '/', with small integer powers",
                field=what,
            )
        position, previous = match.end(), match.lastgroup


def canonical_unit(unit: str | PlainUnit) -> str:
    """Return the registry's canonical spelling of a unit.

    Args:
        unit: A unit name or expression (``"ha"``, ``"亩"``, ``"CNY / year"``) or a pint Unit.

    Returns:
        The canonical unit string (``"hectare"``, ``"mu"``, ``"CNY / year"``); ``"dimensionless"``
        for the empty unit.

    Raises:
        UnitError: The unit is unknown or the expression is not a plain unit expression.

    Examples:
        >>> canonical_unit("ha")
        'hectare'
        >>> canonical_unit("亩")
        'mu'
    """
    if not isinstance(unit, str):
        from pint.facets.plain import PlainUnit

        return _canonical_text(unit_text(unit) if isinstance(unit, PlainUnit) else str(unit))
    return _canonical_text(unit)


# Unit texts recur (every measure of a column has the same): parse each once. Failures raise
# and are not cached; the registry never changes after it is built, so the cache stays valid.
@functools.lru_cache(maxsize=4096)
def _canonical_text(unit: str) -> str:
    registry = get_registry()
    if not unit.strip():
        return "dimensionless"
    _check_unit_text(unit)
    try:
        parsed = registry.parse_units(unit)
    except Exception as error:  # pint raises several unrelated types for unknown units
        raise UnitError(f"unknown unit {unit!r}: {error}", field="unit") from error
    # Nested parentheses still multiply powers: "((m ** 99) ** 99) ** 99".
    if any(abs(power) > _MAX_POWER for power in parsed._units.values()):
        raise UnitError(f"unit {unit!r} has a power beyond ±{_MAX_POWER}", field="unit")
    return unit_text(parsed)


def unit_text(unit: PlainUnit) -> str:
    """Spell a pint unit (or a unit container) in pint's default format.

    Independent of the registry's ``formatter.default_format``, which a caller may change for
    display (``"~P"`` writes ``km²``): the library's unit strings do not change with it.

    Examples:
        >>> unit_text(get_registry().Unit("km ** 2 / day"))
        'kilometer ** 2 / day'
    """
    return format(unit, "D") or "dimensionless"


def make_quantity(magnitude: float, unit: str) -> Quantity:
    """Build a fresh quantity of the library's registry.

    Args:
        magnitude: The number.
        unit: A unit the registry knows (see :func:`canonical_unit`).

    Returns:
        A new ``pint.Quantity``; changing it changes nothing else.

    Raises:
        UnitError: The unit is unknown.
    """
    return get_registry().Quantity(magnitude, canonical_unit(unit))


def as_quantity(value: Any) -> Quantity:
    """Accept a quantity from this or another pint registry as one of the library's registry.

    A quantity built with another ``pint.UnitRegistry`` is re-expressed by its canonical unit
    name, which keeps its meaning (pint's milli-atomic-mass-unit stays a mass; it is only the bare
    text ``"mu"`` that means 亩 here). Plain numbers are not accepted: a value needs a unit.

    Args:
        value: A ``pint.Quantity`` with a scalar magnitude.

    Returns:
        A new quantity of the library's registry.

    Raises:
        UnitError: ``value`` is not a quantity, or its unit is unknown to the library's registry.

    Examples:
        >>> import pint
        >>> other = pint.UnitRegistry()
        >>> as_quantity(other.Quantity(2, "hectare"))
        <Quantity(2, 'hectare')>
    """
    import pint

    if not isinstance(value, pint.Quantity):
        raise UnitError(
            "expected a pint Quantity such as swchina_dev.Q_(7800, 'mu'), "
            f"got {type(value).__name__}",
            field="quantity",
        )
    registry = get_registry()
    if value._REGISTRY is registry:
        return registry.Quantity(value.magnitude, value.units)
    try:
        return make_quantity(value.magnitude, unit_text(value.units))
    except UnitError as error:
        raise UnitError(
            f"{error.message}; a quantity of another pint registry is accepted by its unit name, "
            "so convert it first to a unit this library knows (value.to('hectare'), "
            "value.to_base_units()) or build it with swchina_dev.Q_",
            field=error.field,
        ) from None


def dimensionality(unit: str) -> str:
    """Return the dimensionality of a unit as a string.

    Args:
        unit: A unit the registry knows.

    Returns:
        pint's dimensionality text: ``"[length] ** 2"`` for mu, ``"[currency_CNY]"`` for yuan,
        ``"dimensionless"`` for counts and percentages.

    Examples:
        >>> dimensionality("mu")
        '[length] ** 2'
    """
    text = str(dimensions_of(unit))
    return text or "dimensionless"


def dimensions_of(unit: str) -> Any:
    """Return pint's dimensionality container of a unit (empty for dimensionless units)."""
    return _dimensions_of_canonical(canonical_unit(unit))


@functools.lru_cache(maxsize=1024)
def _dimensions_of_canonical(unit: str) -> Any:
    # Through a Unit object: pint's get_dimensionality() fails on the text "dimensionless".
    return get_registry().Unit(unit).dimensionality


def currency_of(unit: str) -> str | None:
    """Return the one currency a unit holds, to the first power, or None.

    Examples:
        >>> currency_of("wan * CNY / year"), currency_of("mu"), currency_of("CNY * USD")
        ('CNY', None, None)
    """
    codes = [
        dimension[len(_CURRENCY_PREFIX) : -1]
        for dimension, power in dict(dimensions_of(unit)).items()
        if dimension.startswith(_CURRENCY_PREFIX) and power == 1
    ]
    return codes[0] if len(codes) == 1 else None


def is_currency(unit: str) -> bool:
    """Tell whether a unit is a currency (yuan, dollars, ...), possibly scaled.

    Examples:
        >>> is_currency("yuan"), is_currency("wan * CNY"), is_currency("mu")
        (True, True, False)
    """
    return len(dimensions_of(unit)) == 1 and currency_of(unit) is not None


def has_dimensionality(unit: str, expected: str) -> bool:
    """Tell whether a unit has the dimensionality a metric expects.

    Args:
        unit: A unit the registry knows.
        expected: A pint dimensionality expression (``"[area]"``, ``"1 / [time]"``, ``""`` for
            dimensionless); :data:`CURRENCY` (``"[currency]"``) stands for any single currency.

    Returns:
        True when they match.

    Examples:
        >>> has_dimensionality("mu", "[area]")
        True
        >>> has_dimensionality("USD / year", "[currency] / [time]")
        True
        >>> has_dimensionality("CNY", "[area]")
        False
    """
    if not (isinstance(unit, str) and isinstance(expected, str)):
        raise UnitError("a unit and a dimensionality are text", field="dimensionality")
    return _has_dimensionality(unit, expected)


# Every indicator checks its unit against its metric: few distinct pairs, checked once each.
# Failures raise and are not cached; the registry never changes once built.
@functools.lru_cache(maxsize=1024)
def _has_dimensionality(unit: str, expected: str) -> bool:
    registry = get_registry()
    # "dimensionless" (what dimensionality() returns) is not a unit pint's parser knows.
    dimensionless = expected.strip() in ("", "dimensionless")
    if not dimensionless:  # checked first: pint evaluates what it parses ("[length] ** 9 ** 9")
        _check_unit_text(expected, "dimensionality")
    actual = dimensions_of(unit)
    currencies = [dim for dim in actual if dim.startswith(_CURRENCY_PREFIX)]
    if CURRENCY in expected:
        if len(currencies) != 1:
            return False
        expected = expected.replace(CURRENCY, currencies[0])
    elif currencies:
        return False
    try:
        wanted = dimensions_of("") if dimensionless else registry.get_dimensionality(expected)
    except Exception as error:  # pint raises several unrelated types for bad expressions
        raise UnitError(
            f"bad dimensionality {expected!r}: {error}", field="dimensionality"
        ) from error
    if any(abs(power) > _MAX_POWER for power in wanted.values()):
        raise UnitError(
            f"dimensionality {expected!r} has a power beyond ±{_MAX_POWER}", field="dimensionality"
        )
    return bool(actual == wanted)
