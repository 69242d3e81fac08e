"""The package's bundled resources, and the one way to compute something once on first use.

Every bundled file (`data/units.txt`, `data/regions.csv`, `data/dataset.json`,
`data/cny_usd.csv`) is read through [read_resource][swchina_dev.resources.read_resource], which
turns a missing or undecodable file into a [DataFileError][swchina_dev.DataFileError] naming it.
Everything built from them once per process (the unit registry, the rate table, the dataset) is
built through [load_once][swchina_dev.resources.load_once]: thread-safe, built exactly once even
when several threads ask at the same time, and not cached when the build fails.

Examples:
    >>> read_resource("units.txt").startswith("#")
    True
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable
from importlib.resources import files
from typing import Generic, TypeVar

from swchina_dev.errors import DataFileError

__all__ = ["Once", "load_once", "read_resource", "read_resource_bytes"]

T = TypeVar("T")

_PACKAGE = "swchina_dev.data"


def read_resource(name: str) -> str:
    """Return the text of a bundled resource (UTF-8).

    Args:
        name: The file's name inside the package's `data` folder (`"regions.csv"`).

    Returns:
        The file's text.

    Raises:
        DataFileError: The file is missing or not UTF-8 (a broken installation).
    """
    try:
        return files(_PACKAGE).joinpath(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise DataFileError(f"cannot read bundled resource: {error}", file=f"data/{name}") from None


def read_resource_bytes(name: str) -> bytes:
    """Return the bytes of a bundled resource, for tables searched without decoding them whole.

    Args:
        name: The file's name inside the package's `data` folder (`"villages.tsv"`).

    Raises:
        DataFileError: The file is missing (a broken installation).
    """
    try:
        return files(_PACKAGE).joinpath(name).read_bytes()
    except OSError as error:
        raise DataFileError(f"cannot read bundled resource: {error}", file=f"data/{name}") from None


class Once(Generic[T]):
    """A value built on first call, exactly once per process, under a lock.

    A failed build raises to the caller and is tried again on the next call. `clear()` forgets
    the value (for tests that swap a resource).
    """

    def __init__(self, build: Callable[[], T]) -> None:
        self._build = build
        self._lock = threading.Lock()
        self._value: T | None = None
        functools.update_wrapper(self, build)

    def __call__(self) -> T:
        """Return the value, building it on the first call."""
        value = self._value
        if value is None:
            with self._lock:
                if self._value is None:
                    self._value = self._build()
                value = self._value
        return value

    @property
    def built(self) -> bool:
        """Whether the value has been built."""
        return self._value is not None

    def clear(self) -> None:
        """Forget the value; the next call builds it again."""
        with self._lock:
            self._value = None


def load_once(build: Callable[[], T]) -> Once[T]:
    """Decorate a function of no arguments so that its result is built once, on first call.

    Examples:
        >>> @load_once
        ... def table() -> list[int]:
        ...     print("building")
        ...     return [1, 2]
        >>> table()
        building
        [1, 2]
        >>> table() is table()
        True
    """
    return Once(build)
