"""The Dataset: regions, groupings, zones, enterprises, sources, metrics and indicators.

Examples:
    >>> import swchina_dev as sw
    >>> ds = sw.load()
    >>> ds.lookup("Bijie").code
    '520500'
    >>> ds.regions["520500"].name
    'Bijie City'
    >>> [region.name for region in ds.ancestors("520502")]
    ['Bijie City', 'Guizhou Province', 'China']
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any, Final, TypeVar

from swchina_dev.catalog.collections import MAX_NAME_LENGTH, Collection, close_keys, shown
from swchina_dev.catalog.names import NameIndex
from swchina_dev.catalog.timeline import retirement
from swchina_dev.catalog.villages import Villages
from swchina_dev.errors import AmbiguousNameError, NotFoundError, StructureError, ValidationError
from swchina_dev.models import (
    Enterprise,
    Grouping,
    Indicator,
    Item,
    Level,
    Metric,
    Region,
    Source,
    Zone,
)
from swchina_dev.models.validators import is_trusted, text_problem
from swchina_dev.resources import read_resource_bytes

if TYPE_CHECKING:
    from swchina_dev.query import Selection

__all__ = ["Dataset", "Entity", "containment_chain", "named_entities"]

#: Anything `Dataset.lookup` can return.
Entity = Region | Grouping | Zone | Enterprise | Source | Metric | Item | Indicator

_LOOKUP_CACHE_SIZE: Final = 4096
_NON_REGION_RANK: Final = len(Level)
_CHAIN_SEPARATORS: Final = re.compile(r"[,，、]")
_HANZI_CHAIN: Final = re.compile(r"[\u4e00-\u9fff]{4,}")
_HANZI_LEVEL_END: Final = re.compile(r"(?<=[省市州县区镇乡])(?=[^省市州县区镇乡])")
_HOW_TO_PICK: Final = (
    "pick one by its code or id (in brackets above), or narrow the search with within= "
    "(a region it lies in) or a chain such as 'Sanhe, Zhaojue'"
)


T = TypeVar("T")


def _checked_records(name: str, records: object, cls: type[T]) -> tuple[T, ...]:
    """A collection argument as a tuple of `cls` records; ValidationError naming it if not."""
    if isinstance(records, (str, bytes, dict)) or not isinstance(records, Iterable):
        raise ValidationError(
            f"{name}: expected a list of {cls.__name__} records, got {type(records).__name__}",
            field=name,
        )
    found = tuple(records)
    for record in found:
        if not isinstance(record, cls):
            raise ValidationError(
                f"{name}: expected {cls.__name__} records, got a {type(record).__name__}",
                field=name,
            )
    return found


class Dataset:
    """Regions, groupings, zones, enterprises, sources, metrics and indicators, cross-checked.

    Build one with [load][swchina_dev.load] (the bundled data) or from your own models; construction
    checks that every reference resolves (parents, zone regions, enterprise regions and zones,
    grouping members, indicator subjects) and raises
    [StructureError][swchina_dev.errors.StructureError] listing every broken one. A dataset is
    immutable: its collections are read-only.

    Args:
        regions: Every region, the country included.
        groupings: Named sets of regions.
        zones: Zones.
        enterprises: Enterprises.
        sources: Every source that an indicator or entity cites.
        metrics: The metric vocabulary.
        indicators: The indicators.
        items: The item vocabulary (what figures are measured of).
        data_version: The version of the data.
        villages_resource: The bundled table of NBS villages to read on first use (None: none).
        names_resource: The bundled name index of the regions, groupings, zones and enterprises,
            as [NameIndex.to_text][swchina_dev.catalog.names.NameIndex.to_text] writes it, read on
            the first lookup (None: the index is built from the entities then).
    """

    __slots__ = (
        "_by_id",
        "_children",
        "_lock",
        "_lookup_cache",
        "_names",
        "_names_resource",
        "_restore",
        "_successors",
        "data_version",
        "enterprises",
        "groupings",
        "indicators",
        "items",
        "metrics",
        "regions",
        "sources",
        "villages",
        "zones",
    )

    def __init__(
        self,
        *,
        regions: Iterable[Region],
        groupings: Iterable[Grouping] = (),
        zones: Iterable[Zone] = (),
        enterprises: Iterable[Enterprise] = (),
        sources: Iterable[Source] = (),
        metrics: Iterable[Metric] = (),
        indicators: Iterable[Indicator] = (),
        data_version: str = "user",
        items: Iterable[Item] = (),
        villages_resource: str | None = None,
        names_resource: str | None = None,
    ) -> None:
        if not is_trusted():
            regions = _checked_records("regions", regions, Region)
            groupings = _checked_records("groupings", groupings, Grouping)
            zones = _checked_records("zones", zones, Zone)
            enterprises = _checked_records("enterprises", enterprises, Enterprise)
            sources = _checked_records("sources", sources, Source)
            metrics = _checked_records("metrics", metrics, Metric)
            indicators = _checked_records("indicators", indicators, Indicator)
            items = _checked_records("items", items, Item)
            problem = text_problem(data_version) or (None if data_version.strip() else "is empty")
            if problem is not None:
                raise ValidationError(f"data_version {problem}", field="data_version")
        self.regions: Collection[Region] = Collection(regions, lambda r: r.code, "region")
        self.groupings: Collection[Grouping] = Collection(groupings, lambda g: g.id, "grouping")
        self.zones: Collection[Zone] = Collection(zones, lambda z: z.id, "zone")
        self.enterprises: Collection[Enterprise] = Collection(
            enterprises, lambda e: e.id, "enterprise"
        )
        self.sources: Collection[Source] = Collection(sources, lambda s: s.id, "source")
        self.metrics: Collection[Metric] = Collection(metrics, lambda m: m.key, "metric")
        self.items: Collection[Item] = Collection(items, lambda i: i.key, "item")
        self.indicators: Collection[Indicator] = Collection(indicators, lambda i: i.id, "indicator")
        self.data_version = data_version
        # The NBS villages load on first use; a curated village naming its NBS code among its
        # aliases stands for that code.
        curated = {
            alias: region
            for region in self.regions
            if region.level is Level.VILLAGE
            for alias in region.aliases
            if len(alias) == 12 and alias.isdigit()
        }
        self.villages: Villages = Villages(curated, villages_resource)
        self._by_id: dict[str, Entity] = {}
        for collection in (
            self.indicators,
            self.items,
            self.metrics,
            self.sources,
            self.enterprises,
            self.zones,
            self.groupings,
            self.regions,
        ):
            self._by_id.update(zip(collection.keys(), collection, strict=True))
        self._children: dict[str, list[Region]] = {}
        self._successors: dict[str, list[str]] = {}
        for region in self.regions:
            if region.parent is not None:
                self._children.setdefault(region.parent, []).append(region)
            for predecessor in region.predecessors:
                self._successors.setdefault(predecessor, []).append(region.code)
        # The name index is built on the first lookup: most uses of a dataset never need it.
        self._names: NameIndex | None = None
        self._names_resource = names_resource
        self._lock = threading.Lock()
        # What pickles this dataset by reference (the bundled one: load), or None for by value.
        self._restore: Callable[[], Dataset] | None = None
        self._lookup_cache: dict[str, str] = {}  # set last: it marks the dataset as built
        if not is_trusted():  # the bundled data's references are checked by the data tests
            self._check_references()

    def __setattr__(self, name: str, value: object) -> None:
        # Immutable once built: attributes may be set only while __init__ runs.
        if hasattr(self, "_lookup_cache"):
            raise AttributeError(f"Dataset is immutable; cannot set {name!r}")
        object.__setattr__(self, name, value)

    def __reduce__(self) -> tuple[Any, ...]:
        # The bundled dataset pickles as a reference (it is load() in any process); another one
        # by its contents, checked again when rebuilt. Its lock and caches are not pickled.
        if self._restore is not None:
            return self._restore, ()
        collections = (
            self.regions,
            self.groupings,
            self.zones,
            self.enterprises,
            self.sources,
            self.metrics,
            self.indicators,
            self.items,
        )
        return _restore_dataset, (*(tuple(c) for c in collections), self.data_version)

    def __repr__(self) -> str:
        return (
            f"<Dataset {self.data_version}: {len(self.regions)} regions, {len(self.zones)} zones, "
            f"{len(self.enterprises)} enterprises, {len(self.indicators)} indicators>"
        )

    # -- names ---------------------------------------------------------------------------------

    def _name_index(self) -> NameIndex:
        names = self._names
        if names is None:
            with self._lock:
                if self._names is None:
                    resource = self._names_resource
                    index = (
                        NameIndex(named_entities(self))
                        if resource is None
                        else NameIndex.from_text(read_resource_bytes(resource))
                    )
                    object.__setattr__(self, "_names", index)
                names = self._names
        assert names is not None
        return names

    def lookup(
        self, name: str, *, within: Region | str | None = None, strict: bool = False
    ) -> Entity:
        """Find any entity by code, id, English name, alias, hanzi or pinyin.

        Case, tone marks, spaces, apostrophes and a trailing level word ("City", "shi", "市")
        are ignored: `"Bijie"`, `"bijie shi"`, `"毕节"`, `"毕节市"` all find Bijie. A level or kind
        word that is given counts: "Caohai Reserve" is the nature reserve, not the towns.

        When a name matches one region at county level or above and only lower-level places
        besides ("Hechi": Hechi City and Hechi Town inside it), the higher one is returned,
        as the sources mean it; pass `strict=True` to get the ambiguity error instead, and
        use [lookup_all][swchina_dev.catalog.datasets.Dataset.lookup_all] to see every match.
        The 100,795 NBS villages are searched when nothing else has the name, or within a scope.

        Narrow a common name ("Sanhe" names dozens of places) with `within=`, a region it lies
        in, or write the containment as a chain, innermost first and separated by commas
        ("Huawu village, Xinren Miao township, Qianxi"; each part is looked up within the
        next), or in hanzi, outermost first ("黔西市新仁苗族乡化屋村").

        Args:
            name: The code, id or name to look for, or a chain of names.
            within: A region (or its code or name) the entity must lie in: a region below it,
                a zone one of whose regions is, an enterprise whose region or zone is.
            strict: Raise on any ambiguity, without preferring the higher level.

        Returns:
            The one entity that matches.

        Raises:
            AmbiguousNameError: Several entities match; the message lists each with its parents,
                the most likely first, and says how to pick one.
            NotFoundError: Nothing matches; the message suggests the closest names.

        Examples:
            >>> import swchina_dev as sw
            >>> ds = sw.load()
            >>> ds.lookup("Gui'an").name
            "Gui'an New Area"
            >>> ds.lookup("Sanhe", within="Zhaojue").name
            'Sanhe Village'
            >>> ds.lookup("Huawu village, Xinren Miao township, Qianxi").id
            '520581202-huawu'
        """
        if not isinstance(name, str):
            raise NotFoundError(f"a lookup takes a name or code, not {type(name).__name__}")
        if len(name) > MAX_NAME_LENGTH:
            raise NotFoundError(
                f"nothing is called {shown(name)}: a name is at most {MAX_NAME_LENGTH} characters"
            )
        scope = None if within is None else self.region(within)
        cacheable = scope is None and not strict
        cached = self._lookup_cache.get(name) if cacheable else None
        if cached is not None:
            return self._entity(cached)
        entity = self._by_code(name.strip())
        if entity is None:
            entity = self._match(name, strict=strict, scope=scope)
        elif scope is not None and not self._is_inside(entity, scope):
            raise NotFoundError(
                f"{self.describe(self._id_of(entity))} is not within {scope.name} ({scope.code})"
            )
        if cacheable:
            if len(self._lookup_cache) >= _LOOKUP_CACHE_SIZE:
                self._lookup_cache.clear()
            self._lookup_cache[name] = self._id_of(entity)
        return entity

    def lookup_all(
        self, name: str, *, within: Region | str | None = None, villages: bool = True
    ) -> tuple[Entity, ...]:
        """Every entity whose name, alias, hanzi or pinyin matches (none: an empty tuple).

        Unlike [lookup][swchina_dev.catalog.datasets.Dataset.lookup], which searches the
        100,795 NBS villages only when nothing else has the name, this lists every match,
        villages included, the most likely first (current before retired, places the data has
        figures for first, higher levels first).

        Args:
            name: The code, id or name to look for.
            within: A region (or its code or name) the matches must lie in.
            villages: Whether to search the NBS villages too (`False`: the regions down to
                township, the curated villages, groupings, zones and enterprises only, which
                is what telling a place name from other words in running text needs).

        Examples:
            >>> import swchina_dev as sw
            >>> len(sw.load().lookup_all("Chaoyang")) > 1
            True
            >>> [e.code for e in sw.load().lookup_all("Huawu", villages=False)]
            ['520581202-huawu']
        """
        if not isinstance(name, str) or len(name) > MAX_NAME_LENGTH:
            return ()
        scope = None if within is None else self.region(within)
        exact = self._by_code(name.strip())
        if exact is not None:
            return (exact,) if scope is None or self._is_inside(exact, scope) else ()
        if villages:
            found = self._candidates(name, strict=True, scope=scope)
        else:
            found = self._name_index().candidates(name)
            if scope is not None:
                found = {i for i in found if self._is_inside(self._entity(i), scope)}
        return tuple(self._entity(i) for i in self._ranked(found))

    def _by_code(self, code: str) -> Entity | None:
        found = self._by_id.get(code)
        if found is None and _is_village_code(code) and code in self.villages:
            return self.villages[code]
        return found

    def _entity(self, entity_id: str) -> Entity:
        found = self._by_id.get(entity_id)
        return self.villages[entity_id] if found is None else found

    @staticmethod
    def _id_of(entity: Entity) -> str:
        return entity.code if isinstance(entity, Region) else str(getattr(entity, "id", entity))

    def _candidates(self, name: str, *, strict: bool, scope: Region | None = None) -> set[str]:
        # The 100,795 NBS villages are searched only when no region down to township, grouping,
        # zone, enterprise or curated village matches: the places the data speaks of ("Huawu",
        # "Gui'an") are not made ambiguous by namesake villages elsewhere. `strict` (and
        # lookup_all) sees every match, villages included.
        candidates = self._name_index().candidates(name)
        if scope is not None:
            candidates = {i for i in candidates if self._is_inside(self._entity(i), scope)}
        if not strict and candidates:
            return candidates
        villages = self.villages.candidates(name)
        if scope is not None:
            villages = {i for i in villages if self._is_inside(self._entity(i), scope)}
        return candidates | villages

    def _is_inside(self, entity: Entity, scope: Region) -> bool:
        # A region lies in the scope when the scope is the region or one of its ancestors; a
        # zone when one of its regions does; an enterprise when its region or its zone does.
        if isinstance(entity, Region):  # strictly below: a scope is not within itself
            return entity.code != scope.code and scope in self.ancestors(entity)
        if isinstance(entity, Zone):
            return any(
                code in self.regions and self._is_inside(self.regions[code], scope)
                for code in entity.regions
            )
        if isinstance(entity, Enterprise):
            region = self.regions.get(entity.region) if entity.region else None
            zone = self.zones.get(entity.zone) if entity.zone else None
            return any(
                place is not None and self._is_inside(place, scope) for place in (region, zone)
            )
        return False

    def _rank(self, entity_id: str) -> int:
        entity = self._entity(entity_id)
        return entity.level.rank if isinstance(entity, Region) else _NON_REGION_RANK

    def _ranked(self, candidates: Iterable[str]) -> list[str]:
        return sorted(candidates, key=self._likelihood())

    def _likelihood(self) -> Callable[[str], tuple[bool, bool, int, str]]:
        # Most likely first: current before retired, places the data has figures for first,
        # higher levels first, then by id.
        with_data = {indicator.subject_id for indicator in self.indicators}

        def likelihood(entity_id: str) -> tuple[bool, bool, int, str]:
            entity = self._entity(entity_id)
            retired = isinstance(entity, Region) and not self.is_current(entity)
            return (retired, entity_id not in with_data, self._rank(entity_id), entity_id)

        return likelihood

    def _match(self, name: str, *, strict: bool, scope: Region | None) -> Entity:
        candidates = self._candidates(name, strict=strict, scope=scope)
        chain = containment_chain(name) if not candidates else []
        if len(chain) > 1:
            try:
                return self._walk(chain, strict=strict, scope=scope)
            except NotFoundError as error:
                if _CHAIN_SEPARATORS.search(name):  # else hanzi split at guessed level words
                    raise NotFoundError(f"in {name!r}, {error}") from None
            except AmbiguousNameError as error:
                raise AmbiguousNameError(
                    f"in {name!r}, {error.what}", candidates=error.candidates, hint=error.hint
                ) from None
        if len(candidates) > 1 and not strict:
            candidates = self._prefer_higher_level(self._prefer_current(candidates))
        if len(candidates) == 1:
            return self._entity(next(iter(candidates)))
        where = "" if scope is None else f" within {scope.name} ({scope.code})"
        if candidates:
            raise AmbiguousNameError(
                f"{name!r}{where} matches several entities",
                candidates=[self.describe(i) for i in self._ranked(candidates)],
                hint=_HOW_TO_PICK,
            )
        raise NotFoundError(
            f"nothing is called {name!r}{where}", suggestions=self._suggest(name, scope)
        )

    def _walk(self, chain: list[str], *, strict: bool, scope: Region | None) -> Entity:
        # Outermost first: each part is looked up within the one before it.
        entity: Entity | None = None
        for part in chain:
            if entity is not None:
                if not isinstance(entity, Region):
                    raise NotFoundError(
                        f"{part!r} is looked up within {self.describe(self._id_of(entity))}, "
                        "which is not a region"
                    )
                scope = entity
            entity = self.lookup(part, within=scope, strict=strict)
        assert entity is not None
        return entity

    def _prefer_current(self, candidates: set[str]) -> set[str]:
        # Without a date a name means today's place: retired namesakes give way to a current one.
        current = {
            entity_id
            for entity_id in candidates
            if not isinstance(entity := self._entity(entity_id), Region) or self.is_current(entity)
        }
        return current or candidates

    def _prefer_higher_level(self, candidates: set[str]) -> set[str]:
        # "Hechi" is the city, not Hechi Town inside it: one region at county level or above
        # wins over namesakes at lower levels. Namesakes at the same level stay ambiguous.
        ranks = {entity_id: self._rank(entity_id) for entity_id in candidates}
        best = min(ranks.values())
        winners = {entity_id for entity_id, rank in ranks.items() if rank == best}
        if len(winners) == 1 and best <= Level.COUNTY.rank:
            return winners
        return candidates

    def _suggest(self, name: str, scope: Region | None) -> list[str]:
        # The closest names, best first; among equally close ones the most likely place. Within
        # a county or below, the villages there are searched too.
        scored = self._name_index().close_matches(name, limit=20 if scope else 10)
        if scope is not None:
            scored = [(i, s) for i, s in scored if self._is_inside(self._entity(i), scope)]
            if scope.level.rank >= Level.COUNTY.rank:
                scored += self.villages.close_matches(name, within=scope.code.rstrip("0"))
        likelihood = self._likelihood()
        best = sorted(scored, key=lambda pair: (-pair[1], likelihood(pair[0])))
        return [self.describe(i) for i in dict.fromkeys(i for i, _ in best)][:5]

    def label(self, indicator: Indicator | str) -> str:
        """Say what a figure is, in words: metric, item, breakdown, scope, status and measure.

        Args:
            indicator: The indicator, or its id.

        Returns:
            The label (`"Planted area of cherries: more than 4,800 mu"`).

        Raises:
            NotFoundError: No indicator has that id.
        """
        from swchina_dev.catalog.labels import indicator_label  # text formatting: on first use

        found = self.indicators[indicator] if isinstance(indicator, str) else indicator
        return indicator_label(found, self)

    def describe(self, entity_id: str) -> str:
        """Describe an entity by name, id and parent chain (for messages and listings).

        Examples:
            >>> import swchina_dev as sw
            >>> sw.load().describe("520502")
            'Qixingguan District (520502) in Bijie City < Guizhou Province < China'
        """
        entity = self.get(entity_id)
        if isinstance(entity, Indicator):
            subject = self.get(entity.subject_id) if entity.subject_id in self._by_id else None
            about = getattr(subject, "name", None) or entity.subject_id
            return f"{about}: {self.label(entity)} ({entity_id})"
        name = getattr(entity, "name", None) or entity_id
        text = f"{name} ({entity_id})"
        where: list[str] = []
        if isinstance(entity, Region):
            where = [region.name for region in self.ancestors(entity.code)]
        elif isinstance(entity, Zone):
            # A zone may span several regions: list them side by side, not as a chain.
            names = [self.regions[code].name for code in entity.regions if code in self.regions]
            where = [" and ".join(names)] if names else []
        elif isinstance(entity, Enterprise) and entity.region in self.regions:
            where = [self.regions[entity.region].name]
        return f"{text} in {' < '.join(where)}" if where else text

    def get(self, entity_id: str) -> Entity:
        """Return the entity with exactly this code, id or key.

        Raises:
            NotFoundError: No entity has this id.
        """
        try:
            found = self._by_code(entity_id)
        except TypeError:
            found = None
        if found is None:
            close = close_keys(entity_id, self._by_id, 0.8)
            raise NotFoundError(f"no entity with id {shown(entity_id)}", suggestions=close)
        return found

    # -- the region tree -----------------------------------------------------------------------

    def region(self, region: Region | str) -> Region:
        """Resolve a region given as a Region, a code or a name.

        Raises:
            NotFoundError: Nothing matches, or what matches is not a region.
            AmbiguousNameError: The name matches several entities.
        """
        if isinstance(region, Region):
            return region
        found: Entity | None = self.regions.get(region) if isinstance(region, str) else None
        if found is None and _is_village_code(region) and region in self.villages:
            found = self.villages[region]
        found = found or self.lookup(region)
        if not isinstance(found, Region):
            raise NotFoundError(f"{region!r} is a {type(found).__name__}, not a region")
        return found

    def parent(self, region: Region | str) -> Region | None:
        """The parent of a region (None for the country)."""
        parent = self.region(region).parent
        return None if parent is None else self.regions[parent]

    def children(self, region: Region | str) -> tuple[Region, ...]:
        """The regions directly below a region, in code order (a township's NBS villages too)."""
        code = self.region(region).code
        below = self._children.get(code, [])
        if len(code) != 9 or not self.villages:
            return tuple(below)
        merged = {r.code: r for r in (*below, *self.villages.under(code))}
        return tuple(merged[c] for c in sorted(merged))

    def ancestors(self, region: Region | str) -> tuple[Region, ...]:
        """The regions above a region, nearest first, up to the country."""
        chain = []
        current = self.region(region)
        while current.parent is not None and current.parent in self.regions:
            current = self.regions[current.parent]
            chain.append(current)
        return tuple(chain)

    def descendants(self, region: Region | str) -> tuple[Region, ...]:
        """Every region below a region, depth first, in code order."""
        found: list[Region] = []
        stack = list(reversed(self._children.get(self.region(region).code, ())))
        while stack:
            current = stack.pop()
            found.append(current)
            stack.extend(reversed(self._children.get(current.code, ())))
        return tuple(found)

    def successors(self, region: Region | str) -> tuple[Region, ...]:
        """The regions that replaced a region (Qianxi County 520522 -> Qianxi City 520581).

        The regions that name it among their predecessors, and, for a retired county-level or
        higher code, the successors the code history gives (those this dataset holds).
        """
        code = self.region(region).code
        fate = retirement(code)
        codes = [*self._successors.get(code, ())]
        if fate is not None:
            codes += [record.code for record in fate.successors]
        return tuple(self.regions[c] for c in dict.fromkeys(codes) if c in self.regions)

    def is_current(self, region: Region | str) -> bool:
        """Whether a region still exists under its code.

        Not current: an end date, a successor in this dataset, or (for a county-level or higher
        code) a last record in the code history that is no longer in use.
        """
        found = self.region(region)
        if found.valid_to is not None or found.code in self._successors:
            return False
        return retirement(found.code) is None

    def within(self, region: Region | str) -> tuple[Region | Zone | Enterprise, ...]:
        """Everything located in a region: its descendants, the zones in them, and enterprises.

        A zone counts when one of its regions is the region or lies below it; an enterprise when
        its region does, or its zone is one of those zones.

        Examples:
            >>> import swchina_dev as sw
            >>> ds = sw.load()
            >>> "guizhou-lianshang-technology" in [e.id for e in ds.within("Bijie")]
            True
        """
        root = self.region(region)
        inside = {root.code} | {r.code for r in self.descendants(root)}
        zones = [zone for zone in self.zones if inside.intersection(zone.regions)]
        zone_ids = {zone.id for zone in zones}
        enterprises = [e for e in self.enterprises if e.region in inside or e.zone in zone_ids]
        return (*self.descendants(root), *zones, *enterprises)

    # -- integrity -----------------------------------------------------------------------------

    def _parent_cycles(self) -> list[str]:
        # A cycle of parents would make ancestors() and within() loop forever: refuse it here.
        # Each region is walked up until a region already known to reach the top.
        reaches_top: set[str] = set()
        problems = []
        for region in self.regions:
            path: list[str] = []
            on_path: set[str] = set()
            current: Region | None = region
            while current is not None and current.code not in reaches_top:
                if current.code in on_path:
                    cycle = " -> ".join([*path[path.index(current.code) :], current.code])
                    problems.append(f"regions[{region.code}].parent: a cycle of parents: {cycle}")
                    reaches_top.update(on_path)  # reported once, not again from its members
                    break
                path.append(current.code)
                on_path.add(current.code)
                current = self.regions.get(current.parent) if current.parent else None
            reaches_top.update(on_path)
        return problems

    def _check_references(self) -> None:
        problems: list[str] = []
        for region in self.regions:
            if region.parent is not None and region.parent not in self.regions:
                problems.append(f"regions[{region.code}].parent: unknown region {region.parent!r}")
        problems += self._parent_cycles()
        for grouping in self.groupings:
            problems += [
                f"groupings[{grouping.id}].members: unknown region {code!r}"
                for code in grouping.members
                if code not in self.regions
            ]
        for zone in self.zones:
            problems += [
                f"zones[{zone.id}].regions: unknown region {code!r}"
                for code in zone.regions
                if code not in self.regions
            ]
        for enterprise in self.enterprises:
            if enterprise.region not in self.regions:
                problems.append(
                    f"enterprises[{enterprise.id}].region: unknown region {enterprise.region!r}"
                )
            if enterprise.zone is not None and enterprise.zone not in self.zones:
                problems.append(
                    f"enterprises[{enterprise.id}].zone: unknown zone {enterprise.zone!r}"
                )
            if enterprise.parent is not None and enterprise.parent not in self.enterprises:
                problems.append(
                    f"enterprises[{enterprise.id}].parent: unknown enterprise {enterprise.parent!r}"
                )
        subjects = (self.regions, self.groupings, self.zones, self.enterprises)
        for indicator in self.indicators:
            if not any(indicator.subject_id in collection for collection in subjects):
                subject = indicator.subject_id
                problems.append(
                    f"indicators[{indicator.id}].subject_id: unknown subject {subject!r}"
                )
            if indicator.item is not None and indicator.item not in self.items:
                problems.append(f"indicators[{indicator.id}].item: unknown item {indicator.item!r}")
        if problems:
            raise StructureError("dataset references do not resolve", problems=problems)

    # -- queries -------------------------------------------------------------------------------

    def query(self, **criteria: Any) -> Selection:
        """Select indicators by subject, place, metric, tag, status, source, qualifier or period.

        `ds.query(**criteria)` is `Selection(ds).where(**criteria)`; see
        [Selection.where][swchina_dev.query.Selection.where] for the criteria. The
        selection is immutable, iterable, knows its length, and narrows further with `where`.

        Args:
            **criteria: `subject`, `within`, `metric`, `item`, `tag`, `status`, `source`,
                `qualifier`, `period` (overlapping) and `period_equals`.

        Returns:
            The selection of matching indicators, in dataset order.

        Raises:
            TypeError: An unknown criterion.
            NotFoundError: An unknown place, metric or source (with suggestions).

        Examples:
            >>> import swchina_dev as sw
            >>> ds = sw.load()
            >>> [i.id for i in ds.query(within="Bijie", metric="planted_area", period=2023)]
            ['s000-chengmanyuan-orchard-area-2023']
            >>> len(ds.query(metric="planted_area").where(within="Guizhou"))
            3
        """
        # The one upward edge of the layers (catalog -> query), allowed in the import-linter
        # contract: a selection needs the dataset, and ds.query() is where users start one.
        from swchina_dev.query import Selection

        return Selection(self).where(**criteria)


def named_entities(dataset: Dataset) -> tuple[Region | Grouping | Zone | Enterprise, ...]:
    """What a dataset's name index holds: its regions, groupings, zones and enterprises.

    The NBS villages have an index of their own.
    """
    return (*dataset.regions, *dataset.groupings, *dataset.zones, *dataset.enterprises)


def containment_chain(name: str) -> list[str]:
    """The parts of a containment chain, outermost first (one part: not a chain).

    Parts separated by commas are innermost first, as English writes them; hanzi without
    separators is split after each level word (省, 市, 州, 县, 区, 镇, 乡), outermost first.

    Examples:
        >>> containment_chain("Huawu village, Xinren Miao township, Qianxi")
        ['Qianxi', 'Xinren Miao township', 'Huawu village']
        >>> containment_chain("黔西市新仁苗族乡化屋村")
        ['黔西市', '新仁苗族乡', '化屋村']
    """
    parts = [part.strip() for part in _CHAIN_SEPARATORS.split(name)]
    parts = [part for part in parts if part]
    if len(parts) > 1:
        return parts[::-1]
    if _HANZI_CHAIN.fullmatch(name.strip()):
        return [part for part in _HANZI_LEVEL_END.split(name.strip()) if part]
    return parts


def _is_village_code(code: object) -> bool:
    # Twelve digits: only such a string makes the village table load.
    return isinstance(code, str) and len(code) == 12 and code.isdigit()


def _restore_dataset(
    regions: tuple[Region, ...],
    groupings: tuple[Grouping, ...],
    zones: tuple[Zone, ...],
    enterprises: tuple[Enterprise, ...],
    sources: tuple[Source, ...],
    metrics: tuple[Metric, ...],
    indicators: tuple[Indicator, ...],
    items: tuple[Item, ...],
    data_version: str,
) -> Dataset:
    return Dataset(
        items=items,
        regions=regions,
        groupings=groupings,
        zones=zones,
        enterprises=enterprises,
        sources=sources,
        metrics=metrics,
        indicators=indicators,
        data_version=data_version,
    )
