"""Places: where a subject lies in the region tree, and which counted places would overlap it.

A roll-up attributes each value to a target by its subject's place, and refuses two values
whose places lie inside one another ([Conflict][swchina_dev.aggregate.places.Conflict]); both the
object path ([roll_up][swchina_dev.aggregate.rollups.roll_up]) and the columnar path read the tree
from here.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

import attrs

from swchina_dev.errors import StructureError, ValidationError
from swchina_dev.models import Enterprise, Grouping, Level, Region, Zone

if TYPE_CHECKING:
    from swchina_dev.catalog.datasets import Dataset

__all__ = ["INSIDE", "OVERLAPS", "SAME_PLACE", "SAME_SUBJECT", "Conflict", "Target"]

#: Where a roll-up goes: a level, a grouping or a region (by object, name, code or id).
Target = Level | Grouping | Region | str

INSIDE: Final = "inside"
OVERLAPS: Final = "overlaps"
SAME_PLACE: Final = "same place"
SAME_SUBJECT: Final = "same subject"
_RANKS: Final = {level: level.rank for level in Level}  # Level.rank walks the enum each call


@attrs.frozen
class Conflict:
    """Two places whose values must not both be counted.

    Args:
        outer: The id or code of the containing place (for `same place` and `same subject`,
            either one).
        inner: The id or code of the place inside it.
        relation: `inside` (a village in its county, an enterprise in its zone or in its
            group), `overlaps` (a zone that lies partly in a region), `same place` (a
            region and its predecessor code) or `same subject`.
        ids: The indicator ids (object path) or keys (columnar path) involved, where known.
    """

    outer: str
    inner: str
    relation: str
    ids: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = f" ({', '.join(self.ids)})" if self.ids else ""
        if self.relation in (INSIDE, OVERLAPS):
            verb = "lies inside" if self.relation == INSIDE else "overlaps"
            return f"{self.inner} {verb} {self.outer}{where}"
        if self.relation == SAME_SUBJECT:
            return f"{self.outer} has more than one value{where}"
        return f"{self.outer} and {self.inner} are the {self.relation}{where}"


# -- places: where a subject lies, and what contains it ----------------------------------------


class _Tree:
    """A dataset's region tree flattened once: each code's chain up to the country, and more."""

    __slots__ = ("chains", "groupings", "levels", "same_place")

    def __init__(self, dataset: Dataset) -> None:
        parents = {region.code: region.parent for region in dataset.regions}
        self.levels = {region.code: region.level for region in dataset.regions}
        self.chains: dict[str, tuple[str, ...]] = {}
        for code in parents:
            path: list[str] = []
            current: str | None = code
            while current is not None and current not in self.chains:
                if current in path:  # a parent cycle would make every walk up loop forever
                    raise StructureError(
                        "the region tree has a cycle", problems=[" -> ".join([*path, current])]
                    )
                path.append(current)
                parent = parents.get(current)
                current = parent if parent in parents else None
            tail = self.chains[current] if current is not None else ()
            for node in reversed(path):
                tail = (node, *tail)
                self.chains[node] = tail
        # Predecessor links join codes for the same place (Qianxi County 520522 -> City 520581).
        links: dict[str, set[str]] = {}
        for region in dataset.regions:
            for predecessor in region.predecessors:
                if predecessor in parents:
                    links.setdefault(region.code, set()).add(predecessor)
                    links.setdefault(predecessor, set()).add(region.code)
        self.same_place: dict[str, frozenset[str]] = {}
        for code in links:
            if code not in self.same_place:
                group, stack = {code}, [code]
                while stack:
                    for other in links[stack.pop()] - group:
                        group.add(other)
                        stack.append(other)
                for member in group:
                    self.same_place[member] = frozenset(group - {member})
        self.groupings = {
            grouping.id: frozenset(grouping.members) for grouping in dataset.groupings
        }

    def chain(self, code: str) -> tuple[str, ...]:
        """The code and every code above it, nearest first."""
        return self.chains.get(code, (code,))


@functools.lru_cache(maxsize=16)
def _tree(dataset: Dataset) -> _Tree:
    # Datasets are immutable and hash by identity: one flattening per dataset serves every call.
    return _Tree(dataset)


def _footprint(dataset: Dataset, subject_id: str) -> tuple[str, ...]:
    """The region codes a subject lies in (a grouping: its members)."""
    entity = dataset.get(subject_id)
    if isinstance(entity, Region):
        return (entity.code,)
    if isinstance(entity, Zone):
        return entity.regions
    if isinstance(entity, Enterprise):
        return (entity.region,)
    if isinstance(entity, Grouping):
        return entity.members
    raise ValidationError(
        f"{subject_id!r} is a {type(entity).__name__}, not a place", field="subject_id"
    )


def resolve_target(dataset: Dataset, to: Target) -> Level | Grouping | Region:
    if isinstance(to, (Level, Grouping, Region)):
        return to
    if isinstance(to, str):
        try:
            return Level(to.strip().lower())
        except ValueError:
            pass
        found = dataset.lookup(to)
        if isinstance(found, (Grouping, Region)):
            return found
        raise ValidationError(
            f"roll up to a level ({', '.join(level.value for level in Level)}), a grouping or "
            f"a region, not to {type(found).__name__} {found.id!r}",
            field="to",
        )
    raise ValidationError(f"cannot roll up to a {type(to).__name__}", field="to")


def target_label(target: Level | Grouping | Region) -> str:
    return target.value if isinstance(target, Level) else target.id


def place_of(
    dataset: Dataset, subject_id: str, target: Level | Grouping | Region
) -> tuple[str | None, str]:
    """Return (target code, "") for a subject, or (None, why it cannot be attributed)."""
    tree = _tree(dataset)
    footprint = _footprint(dataset, subject_id)
    if isinstance(target, Level):
        found: set[str] = set()
        for code in footprint:
            if _RANKS[tree.levels[code]] < _RANKS[target]:
                return None, f"{code} is above the {target.value} level"
            match = [c for c in tree.chain(code) if tree.levels[c] is target]
            if not match:
                return None, f"{code} has no {target.value} above it"
            found.add(match[0])
        if len(found) > 1:
            return None, f"spans several {target.value}s ({', '.join(sorted(found))})"
        return found.pop(), ""
    members = tree.groupings[target.id] if isinstance(target, Grouping) else {target.code}
    inside = [bool(members.intersection(tree.chain(code))) for code in footprint]
    if all(inside):
        return target.id, ""
    return None, f"{'partly ' if any(inside) else ''}outside {target.id}"


def _containers(dataset: Dataset, subject_id: str) -> dict[str, str]:
    """Every place whose value would include (all or part of) this subject's, with the relation.

    A region is inside its ancestors (and their former codes) and is the same place as its
    predecessors and successors; a zone is inside the regions above all its regions and
    overlaps those above only some; an enterprise is inside its region's chain, its zone and its
    parent groups; groupings contain what lies within their members. A zone is not known to
    contain any region below its own regions.
    """
    tree = _tree(dataset)
    entity = dataset.get(subject_id)
    found: dict[str, str] = {}
    footprint = _footprint(dataset, subject_id)
    if isinstance(entity, Region):
        for code in tree.chain(entity.code)[1:]:
            found[code] = INSIDE
            found.update(dict.fromkeys(tree.same_place.get(code, ()), INSIDE))
        found.update(dict.fromkeys(tree.same_place.get(entity.code, ()), SAME_PLACE))
    elif isinstance(entity, (Zone, Grouping)):
        # A grouping's members are inside it, not around it: only what lies above them counts.
        skip = 1 if isinstance(entity, Grouping) else 0
        chains = [set(tree.chain(code)[skip:]) for code in footprint]
        for code in set().union(*chains):
            found[code] = INSIDE if all(code in chain for chain in chains) else OVERLAPS
    elif isinstance(entity, Enterprise):
        found.update(dict.fromkeys(tree.chain(entity.region), INSIDE))
        if entity.zone is not None:
            found[entity.zone] = INSIDE
        parent = entity.parent
        while parent is not None and parent not in found and parent in dataset.enterprises:
            found[parent] = INSIDE
            parent = dataset.enterprises[parent].parent
    for grouping_id, members in tree.groupings.items():
        if grouping_id == subject_id:
            continue
        within = [bool(members.intersection(tree.chain(code))) for code in footprint]
        if any(within):
            found[grouping_id] = INSIDE if all(within) else OVERLAPS
    return found


def conflicts(dataset: Dataset, subjects: Iterable[str]) -> list[Conflict]:
    """Every pair of the given subjects whose values must not both be counted."""
    present = set(subjects)
    pairs: dict[frozenset[str], Conflict] = {}
    for subject in sorted(present):
        for container, relation in _containers(dataset, subject).items():
            if container in present and container != subject:
                key = frozenset((container, subject))
                # Keep the plainest reading of a pair: "inside" wins over "overlaps" seen back.
                if key not in pairs or relation == INSIDE:
                    pairs[key] = Conflict(container, subject, relation)
    return sorted(pairs.values(), key=lambda conflict: (conflict.outer, conflict.inner))
