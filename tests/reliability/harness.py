"""The shared check of the bad-input corpus: one call, one expected outcome, four promises.

Every case of every table runs through :func:`check`, which calls the entry point in a worker
thread and asserts that

1. it returned (a valid result, when the case says the input is in fact valid) or raised an
   error of the case's :class:`~swchina_dev.SwchinaDevError` subclass, never another type;
2. it finished within :data:`LIMIT_SECONDS` (measured around the call; no tighter timing);
3. an error's message is non-empty and says where: ``field``, ``record`` or ``file`` is set, or
   the message holds the text the case names (the input itself, usually);
4. nothing shared changed: the bundled dataset (same object, same counts), the rate table, the
   unit registry's definitions and display format, pint's application registry.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

import pint

import swchina_dev as sw
from swchina_dev.units import get_registry

#: Every case ends within this many seconds (a generous bound: the slowest take milliseconds).
LIMIT_SECONDS = 1.0
#: Seconds each case took, by id (the terminal summary lists the slowest).
TIMINGS: dict[str, float] = {}


class Case(NamedTuple):
    """One hostile input to one entry point, and what must come of it.

    Args:
        id: The test id: what the input is.
        call: Calls the entry point with the input.
        error: The error class expected, or None when the input is in fact valid.
        where: Text the message must hold when no ``field``/``record``/``file`` is set.
        accept: For a valid input, a check of the result.
    """

    id: str
    call: Callable[[], Any]
    error: type[sw.SwchinaDevError] | None = sw.SwchinaDevError
    where: str | None = None
    accept: Callable[[Any], bool] | None = None


def untyped(value: object) -> Any:
    """Pass a value of the wrong type past the type checker: the point of a hostile input."""
    return value


def fails(
    id: str,
    call: Callable[[], Any],
    error: type[sw.SwchinaDevError] = sw.SwchinaDevError,
    *,
    where: str | None = None,
) -> Case:
    """A case whose input is bad: it must raise ``error`` (or a subclass)."""
    return Case(id, call, error, where)


def works(id: str, call: Callable[[], Any], accept: Callable[[Any], bool] | None = None) -> Case:
    """A case whose odd-looking input is in fact valid: it must return (and pass ``accept``)."""
    return Case(id, call, None, None, accept)


def ids(cases: Iterable[Case]) -> list[str]:
    """The test ids of a table, checked to be unique (a repeated id hides a case)."""
    names = [case.id for case in cases]
    repeated = sorted({name for name in names if names.count(name) > 1})
    assert not repeated, f"repeated case ids: {repeated}"
    return names


class _Outcome:
    __slots__ = ("error", "result", "seconds")

    def __init__(self) -> None:
        self.result: Any = None
        self.error: BaseException | None = None
        self.seconds = 0.0


def timed_call(call: Callable[[], Any], limit: float = LIMIT_SECONDS) -> _Outcome:
    """Run ``call`` in a worker thread; fail if it is still running after ``limit`` seconds."""
    outcome = _Outcome()

    def run() -> None:
        start = time.perf_counter()
        try:
            outcome.result = call()
        except BaseException as error:  # reported to the test, whatever it is
            outcome.error = error
        finally:
            outcome.seconds = time.perf_counter() - start

    worker = threading.Thread(target=run, name="corpus-case", daemon=True)
    worker.start()
    worker.join(limit * 5)  # a hung call is left behind (daemon) and reported, not waited for
    assert not worker.is_alive(), f"still running after {limit * 5:g} s: the input hangs"
    assert outcome.seconds <= limit, f"took {outcome.seconds:.3f} s, over the {limit:g} s bound"
    return outcome


def check(case: Case, *, state: bool = True) -> _Outcome:
    """Run one case and assert everything the corpus promises (see the module docstring).

    Args:
        case: The case.
        state: Compare the shared state before and after (off for cases that patch it).

    Returns:
        The outcome (result or error, and the seconds the call took).
    """
    before = snapshot() if state else None
    outcome = timed_call(case.call)
    TIMINGS[case.id] = outcome.seconds
    if state:
        assert_same_state(before, snapshot())
    error = outcome.error
    if case.error is None:
        if error is not None:
            raise AssertionError(f"valid input raised {type(error).__name__}: {error}") from error
        if case.accept is not None:
            assert case.accept(outcome.result), f"unexpected result {outcome.result!r:.300}"
        return outcome
    if not isinstance(error, sw.SwchinaDevError):
        raise AssertionError(
            f"expected {case.error.__name__}, got "
            + ("a result: " + repr(outcome.result)[:200] if error is None else repr(error)[:300])
        ) from error
    assert isinstance(error, case.error), f"expected {case.error.__name__}, got {error!r:.300}"
    message = str(error)
    assert message.strip(), "empty message"
    located = error.field or error.record or error.file
    named = case.where is not None and case.where in message
    assert located or named, f"the message does not say where: {message!r:.300}"
    assert len(message) < 20_000, f"a message of {len(message)} characters repeats the input"
    return outcome


# -- the shared state ----------------------------------------------------------------------------


class State(NamedTuple):
    """What no call may change."""

    dataset_id: int
    counts: tuple[int, ...]
    data_version: str
    rates: tuple[sw.conversion.RateAverage, ...]
    units: dict[str, object]
    prefixes: frozenset[str]
    default_format: str
    application_registry: object
    meanings: tuple[float, ...]


def snapshot() -> State:
    """Record the shared state (cheap: a few milliseconds)."""
    dataset = sw.load()
    registry = get_registry()
    collections = (
        dataset.regions,
        dataset.groupings,
        dataset.zones,
        dataset.enterprises,
        dataset.sources,
        dataset.metrics,
        dataset.indicators,
    )
    return State(
        id(dataset),
        tuple(len(collection) for collection in collections),
        dataset.data_version,
        sw.conversion.rate_table(),
        dict(registry._units),
        frozenset(registry._prefixes),
        registry.formatter.default_format,
        pint.get_application_registry().get(),  # type: ignore[no-untyped-call]
        meanings(),
    )


def meanings() -> tuple[float, ...]:
    """What the library's own units mean, in SI: 亩, 斤, 里, wan and a dated rate."""
    return (
        sw.Q_(1, "mu").to("meter ** 2").magnitude,
        sw.Q_(1, "jin").to("kilogram").magnitude,
        sw.Q_(1, "li").to("meter").magnitude,
        sw.Q_(1, "wan").to("dimensionless").magnitude,
        sw.exchange_rate("USD", "CNY", 2021).value,
        sw.parse_quantity("1 mu").to("hectare").magnitude,
    )


def assert_same_state(before: State | None, after: State) -> None:
    """Assert that nothing shared changed between two snapshots."""
    assert before is not None
    assert after.dataset_id == before.dataset_id, "load() returns another dataset"
    assert after.counts == before.counts, "the bundled collections changed size"
    assert after.data_version == before.data_version
    assert after.rates == before.rates, "the rate table changed"
    assert after.default_format == before.default_format, "the registry's format changed"
    assert after.application_registry is before.application_registry
    assert after.meanings == before.meanings, "a unit or rate changed its meaning"
    # Compared by value: pint rebuilds a prefixed unit's definition ("kilogram") on parsing.
    changed = [name for name, unit in before.units.items() if after.units.get(name) != unit]
    assert not changed, f"unit definitions changed: {changed[:10]}"
    # pint caches a prefixed unit ("kilomu") as a definition when it first parses it: allowed.
    added = [
        name
        for name in after.units.keys() - before.units.keys()
        if not any(
            name.startswith(prefix) and name[len(prefix) :] in before.units
            for prefix in before.prefixes
            if prefix
        )
    ]
    assert not added, f"units defined: {added[:10]}"
