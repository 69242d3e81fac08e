"""The library's one pint registry: built once on first use, its definitions then fixed.

The registry is built from pint's defaults plus the package resource `data/units.txt`, so `mu` is
the Chinese 亩 in every parse path. Quantities and units of this registry unpickle into it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, Final

from swchina_dev.errors import DataFileError, UnitError
from swchina_dev.resources import load_once, read_resource
from swchina_dev.units.text import check_unit_text, checked_unit_text, read_quantity_text

if TYPE_CHECKING:
    from typing import TypeAlias

    import pint

    #: A quantity of the library's registry (pint's class, with any magnitude type).
    Quantity: TypeAlias = pint.Quantity[Any]
    #: The library's registry type.
    Registry: TypeAlias = pint.UnitRegistry[Any]

__all__ = ["get_registry", "set_as_application_registry"]

_UNITS_FILE: Final = "units.txt"
_UNITS_PATH: Final = f"data/{_UNITS_FILE}"
# pint names that the market units knowingly take over.
_SHADOWED_NAMES: Final = frozenset({"li"})


def get_registry() -> Registry:
    """Return the library's unit registry, building it on first call.

    Thread-safe: concurrent first calls build it once and all get the same object.

    Returns:
        The shared `pint.UnitRegistry` (also available as `swchina_dev.ureg`).
    """
    return _registry()


@load_once
def _registry() -> Registry:
    return _build_registry()


def _build_registry() -> Registry:
    import pint  # deferred: importing and building pint is the cost of first use, not of import

    registry: Registry = pint.UnitRegistry(cache_folder=None)
    lines = read_resource(_UNITS_FILE)
    new_names = _defined_names(lines)
    clashes = {name for name in new_names if name in registry._units} - _SHADOWED_NAMES
    if clashes:  # a new pint release took a name we define: fail loudly, not silently
        raise UnitError(f"pint already defines {sorted(clashes)}", file=_UNITS_PATH)
    registry._on_redefinition = "ignore"
    try:
        registry.load_definitions(lines.splitlines())
    except Exception as error:  # pint raises several unrelated types for a malformed file
        raise DataFileError(f"malformed unit definitions: {error}", file=_UNITS_PATH) from None
    registry._on_redefinition = "raise"
    _split_fused_scales(registry, new_names)
    _seal(registry)
    return registry


def _split_fused_scales(registry: Registry, names: set[str]) -> None:
    """Read `万元`, `亿元`, `万亩` as `wan * CNY`, `yi * CNY`, `wan * mu` in every parse path.

    Chinese writes a count scale fused to the unit it scales, and pint reads a fused name as
    one unknown unit. The scales are the one-character, dimensionless names of our definitions
    (万 and 亿); a pint preprocessor (run on unit and expression text alike) sets each apart
    so that pint multiplies it with the unit after it.
    """
    scales = frozenset(
        name
        for name in names
        if len(name) == 1 and not name.isascii() and registry.parse_units(name).dimensionless
    )

    def split(text: str) -> str:
        if not any(char in scales for char in text):
            return text
        return "".join(f" {char} " if char in scales else char for char in text)

    registry.preprocessors.append(split)


def _seal(registry: Registry) -> None:
    """Fix the shared registry's definitions, and make its quantities unpickle into it."""
    define = registry.define

    def define_fixed(definition: Any) -> Any:
        # pint's contexts define Definition objects while they are active: let those through.
        if isinstance(definition, str):
            _refuse_definitions()
        return define(definition)

    registry.__class__ = _safe_class(type(registry))
    registry.Quantity.__new__ = staticmethod(_checked_new(registry.Quantity.__new__))  # type: ignore[method-assign]
    registry.define = define_fixed  # type: ignore[method-assign]
    registry.load_definitions = _refuse_definitions  # type: ignore[method-assign]
    # The registry's own classes (pint builds them per registry): pint would unpickle into its
    # application registry, where "mu" is milli-atomic-mass-unit.
    registry.Quantity.__reduce__ = _reduce_quantity  # type: ignore[assignment,method-assign]
    registry.Unit.__reduce__ = _reduce_unit  # type: ignore[assignment,method-assign]


@functools.cache
def _safe_class(base: type[Registry]) -> type[Registry]:
    """The registry's class, reading text with the library's safe reader before pint does.

    `ureg(text)`, `ureg.parse_expression`, `Q_(text)` (which pint hands to `parse_expression`),
    and every unit text (`Q_(1, text)`, `ureg.Unit(text)`, `ureg.parse_units`,
    `quantity.to(text)`, which pint hands to `parse_units_as_container`) are read by
    [read_quantity_text][swchina_dev.units.text.read_quantity_text]: pint's own evaluator never
    sees an arithmetic expression.
    """

    class SafeRegistry(base):  # type: ignore[valid-type,misc]
        def parse_expression(
            self, input_string: str, case_sensitive: bool | None = None, **values: Any
        ) -> Quantity:
            if values:  # a context's formula ("speed_of_light / n / value"), checked first
                if not isinstance(input_string, str):
                    raise UnitError("an expression is text", field="expression")
                check_unit_text(input_string, "expression")
                return super().parse_expression(input_string, case_sensitive, **values)  # type: ignore[no-any-return]
            magnitude, unit = read_quantity_text(input_string)
            return self.Quantity(magnitude, unit or "dimensionless")  # type: ignore[no-any-return]

        __call__ = parse_expression

        def parse_units_as_container(
            self,
            input_string: str,
            as_delta: bool | None = None,
            case_sensitive: bool | None = None,
        ) -> Any:
            if not isinstance(input_string, str):
                raise UnitError(f"a unit is text, not {type(input_string).__name__}", field="unit")
            checked_unit_text(input_string)
            try:
                return super().parse_units_as_container(input_string, as_delta, case_sensitive)
            except Exception as error:  # pint raises several unrelated types for unknown units
                raise UnitError(f"unknown unit {input_string!r}: {error}", field="unit") from None

    SafeRegistry.__name__ = SafeRegistry.__qualname__ = base.__name__
    return SafeRegistry


def _checked_new(new: Any) -> Any:
    """Pint's `Quantity.__new__`, raising UnitError for what it cannot build (`Q_("")`)."""

    def checked(cls: Any, value: Any, units: Any = None) -> Any:
        if isinstance(value, str) and not value.strip():
            raise UnitError("empty quantity text: give a number and a unit", field="quantity")
        try:
            return new(cls, value, units)
        except UnitError:
            raise
        except (TypeError, ValueError) as error:
            raise UnitError(f"cannot make a quantity: {error}", field="quantity") from None

    return checked


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
    registry (`pint.Quantity(1, "mu")`, other libraries' pint integrations, quantities
    pickled before this registry existed), so that `mu` there is 亩 too. Importing
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
