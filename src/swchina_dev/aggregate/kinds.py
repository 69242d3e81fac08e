"""Only like adds to like: figures combine when their metric, item, breakdown and scope agree.

A figure is a metric (what is measured) about an item (what it is measured of), for a part of
the population or economy (its breakdown), about its subject as a whole or one household or
person in it (its scope). Totals, roll-ups, columns, changes, shares and per-person values
combine figures only when these agree, and otherwise raise an error that names the mixed kinds
with an id of each, so that 2,829 black-necked cranes never add to 150 production lines.

Examples:
    >>> import swchina_dev as sw
    >>> ds = sw.load()
    >>> crane = ds.indicators["s000-caohai-cranes"]
    >>> describe_kind(crane)
    'number of black_necked_crane'
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Final

from swchina_dev.errors import ValidationError
from swchina_dev.models import Indicator, Scope

__all__ = [
    "describe_kind",
    "require_like",
    "require_part_of",
    "require_same_breakdown",
    "subject_scoped",
]

#: How many kinds an error lists before it says "and N more".
_SHOWN: Final = 5


def describe_kind(indicator: Indicator) -> str:
    """Say what kind of figure an indicator is: metric, item, breakdown and scope (by key)."""
    return _kind_text(indicator.kind)


def require_like(values: Iterable[object], what: str) -> None:
    """Refuse to combine indicators of different kinds (measures and quantities pass).

    Args:
        values: The values about to be combined; only the indicators among them are compared.
        what: What combines them, for the message (`"a total"`, `"a roll-up"`).

    Raises:
        ValidationError: Two indicators differ in metric, item, breakdown or scope; the message
            names every kind with one indicator id of each.
    """
    first: dict[tuple[object, ...], str] = {}
    for value in values:
        if isinstance(value, Indicator):
            first.setdefault(value.kind, value.id)
    if len(first) <= 1:
        return
    kinds = list(first.items())
    shown = [f"{_kind_text(kind)} ({indicator_id})" for kind, indicator_id in kinds[:_SHOWN]]
    more = f" and {len(kinds) - _SHOWN} more" if len(kinds) > _SHOWN else ""
    raise ValidationError(
        f"{what} adds only like to like (one metric, item, breakdown and scope); these differ: "
        f"{'; '.join(shown)}{more}. Select one kind (query(metric=..., item=...))",
        field="item",
    )


def require_part_of(part: object, whole: object, what: str) -> None:
    """Refuse a ratio of indicators about different things (a share, a per-person value).

    The part and the whole must have the same metric and item, and the part's breakdown must
    refine the whole's (women among all residents; not men among urban residents).

    Raises:
        ValidationError: They differ; the message names both.
    """
    if not (isinstance(part, Indicator) and isinstance(whole, Indicator)):
        return
    same = part.metric.key == whole.metric.key and part.item == whole.item
    if not same or not set(whole.breakdown) <= set(part.breakdown):
        raise ValidationError(
            f"{what} compares a part with its whole: {describe_kind(part)} ({part.id}) is not a "
            f"part of {describe_kind(whole)} ({whole.id})",
            field="item",
        )


def require_same_breakdown(amount: object, people: object, what: str) -> None:
    """Refuse a per-person value whose two figures are about different people.

    The population's breakdown must be part of the amount's (income of urban residents per
    urban resident), and both must be about their subject as a whole.

    Raises:
        ValidationError: They differ; the message names both.
    """
    if not (isinstance(amount, Indicator) and isinstance(people, Indicator)):
        return
    if not set(people.breakdown) <= set(amount.breakdown) or Scope.SUBJECT not in {amount.scope} & {
        people.scope
    }:
        raise ValidationError(
            f"{what} divides by the people the amount is about: {describe_kind(amount)} "
            f"({amount.id}) and {describe_kind(people)} ({people.id}) are about different people",
            field="population",
        )


def subject_scoped(indicators: Sequence[Indicator]) -> tuple[list[Indicator], list[Indicator]]:
    """Split indicators into those about their subject as a whole and those about one part.

    Figures about one household or one person in a place are not figures of the place:
    roll-ups leave them out (and list them as excluded).
    """
    whole = [indicator for indicator in indicators if indicator.scope is Scope.SUBJECT]
    parts = [indicator for indicator in indicators if indicator.scope is not Scope.SUBJECT]
    return whole, parts


def _kind_text(kind: tuple[object, ...]) -> str:
    metric, item, breakdown, scope = kind
    text = str(metric).replace("_", " ")
    if item is not None:
        text += f" of {item}"
    if breakdown:
        text += f" [{', '.join(breakdown)}]"  # type: ignore[arg-type]
    if scope is not Scope.SUBJECT:
        text += f" (one {scope.value})"  # type: ignore[attr-defined]
    return text
