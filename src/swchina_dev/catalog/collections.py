"""Collection: an immutable, ordered set of records with lookup by key and suggestions on a miss."""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from typing import Any, Final, Generic, TypeVar

from swchina_dev.errors import NotFoundError, StructureError

__all__ = ["MAX_NAME_LENGTH", "Collection", "close_keys", "shown"]

T = TypeVar("T")

#: Longest name a lookup reads; real names are a few words (name matching folds only this much).
MAX_NAME_LENGTH: Final = 200


class Collection(Generic[T]):
    """An immutable, ordered collection of entities, addressable by id (or code, or key).

    Iterating yields the entities; `collection[key]` returns one or raises
    [NotFoundError][swchina_dev.errors.NotFoundError] with the closest keys;
    `collection.get(key)` returns None on a miss.
    """

    __slots__ = ("_by_key", "_items", "_label")

    def __init__(self, items: Iterable[T], key: Callable[[T], str], label: str) -> None:
        items = tuple(items)
        by_key = {key(item): item for item in items}
        object.__setattr__(self, "_items", items)
        object.__setattr__(self, "_by_key", by_key)
        object.__setattr__(self, "_label", label)
        if len(by_key) != len(items):
            counts = Counter(key(item) for item in self._items)
            repeated = sorted(item_key for item_key, count in counts.items() if count > 1)
            raise StructureError(f"duplicate {label} ids", problems=repeated)

    _items: tuple[T, ...]
    _by_key: dict[str, T]
    _label: str

    def __setattr__(self, name: str, value: object) -> None:
        raise AttributeError(f"a Collection is immutable; cannot set {name!r}")

    def __iter__(self) -> Iterator[T]:
        return iter(self._items)

    def __len__(self) -> int:
        return len(self._items)

    def __contains__(self, item: object) -> bool:
        if isinstance(item, str):
            return item in self._by_key
        return item in self._items

    def __getitem__(self, key: str) -> T:
        try:
            return self._by_key[key]
        except (KeyError, TypeError):
            close = close_keys(key, self._by_key, 0.6)
            raise NotFoundError(f"no {self._label} {shown(key)}", suggestions=close) from None

    def get(self, key: str, default: T | None = None) -> T | None:
        """Return the entity with this id (code, key), or `default`."""
        try:
            return self._by_key.get(key, default)
        except TypeError:  # an unhashable key is no key
            return default

    def keys(self) -> tuple[str, ...]:
        """The ids (codes, keys) in order."""
        return tuple(self._by_key)

    def __repr__(self) -> str:
        return f"<Collection of {len(self)} {self._label}s>"

    def __reduce__(self) -> tuple[Any, ...]:
        # The default pickling sets the slots one by one, which __setattr__ refuses.
        return _restore_collection, (self._items, tuple(self._by_key), self._label)


def _restore_collection(items: tuple[T, ...], keys: tuple[str, ...], label: str) -> Collection[T]:
    collection: Collection[T] = Collection.__new__(Collection)
    object.__setattr__(collection, "_items", items)
    object.__setattr__(collection, "_by_key", dict(zip(keys, items, strict=True)))
    object.__setattr__(collection, "_label", label)
    return collection


def shown(value: object) -> str:
    """Return the repr of a key or name for a message, shortened (a megabyte is not repeated)."""
    text = repr(value)
    return text if len(text) <= 80 else f"{text[:77]}... ({len(str(value))} characters)"


def close_keys(key: object, keys: Iterable[str], cutoff: float) -> list[str]:
    """Return up to five keys close to `key` (for a not-found message's suggestions)."""
    text = str(key)
    if len(text) > MAX_NAME_LENGTH:  # nothing that long is close to an id; difflib is quadratic
        return []
    return difflib.get_close_matches(text, keys, n=5, cutoff=cutoff)
