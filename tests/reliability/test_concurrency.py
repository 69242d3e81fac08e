"""Many threads at once: caches built once, and the same answers as from one thread.

The cold-cache tests run in a fresh interpreter (nothing built yet), where the threads race to
build the registry, the dataset, the name index and the rate table.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import swchina_dev as sw
from swchina_dev import Q_, Measure

THREADS = 16

COLD_START = """
import sys, threading
from swchina_dev.catalog import bundled as datasets
from swchina_dev.conversion import rates
from swchina_dev.units import registry as units

builds = {"registry": 0, "dataset": 0, "rates": 0}
build_registry, read_bundled, read_rates = (
    units._build_registry, datasets._read_bundled, rates._read_table
)

def counting(name, build):
    def wrapper():
        builds[name] += 1
        return build()
    return wrapper

units._build_registry = counting("registry", build_registry)
datasets._read_bundled = counting("dataset", read_bundled)
rates._read_table = counting("rates", read_rates)

import swchina_dev as sw

barrier = threading.Barrier({threads})
seen = [None] * {threads}

def work(index):
    barrier.wait()
    dataset = sw.load()
    registry = sw.ureg
    seen[index] = (
        id(dataset), id(registry), id(dataset._name_index()),
        dataset.lookup("Bijie").code,
        str(sw.parse_quantity("over 7,800 mu").to("hectare")),
        sw.convert_currency(Q_(100, "CNY"), "USD", 2020).value.magnitude,
        sw.exchange_rate("USD", "CNY", "2018-02").value,
        id(rates._load_table()),
    )

from swchina_dev import Q_
threads = [threading.Thread(target=work, args=(i,)) for i in range({threads})]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
assert None not in seen, seen
assert len(set(seen)) == 1, set(seen)
assert builds == {"registry": 1, "dataset": 1, "rates": 1}, builds
assert seen[0][0] == id(sw.load()) and seen[0][1] == id(units.get_registry())
print("ok", builds)
"""


def test_cold_caches_are_built_once_for_every_thread(run_python: Callable[[str], str]) -> None:
    # A few rounds: a race shows up only sometimes.
    for _ in range(3):
        assert run_python(COLD_START.replace("{threads}", str(THREADS))).startswith("ok")


def _calls() -> list[tuple[str, Callable[[], Any]]]:
    dataset = sw.load()
    names = ["Bijie", "bijie shi", "毕节市", "Ｂｉｊｉｅ", "Guiyang", "Hechi", "Gui'an", "520502"]
    texts = ["over 7,800 mu", "$13.67 million", "200-400 tonnes", "3.7万元", "nearly 3,200 dollars"]
    units = [("mu", "hectare"), ("jin", "kilogram"), ("li", "kilometer"), ("wan * CNY", "CNY")]
    dates: list[object] = [2018, "2020-05", dt.date(2024, 2, 29), "2016/2020", 2026]

    def lookup(name: str) -> str:
        return dataset.lookup(name).id

    def convert(source: str, target: str) -> float:
        return float(sw.convert_unit(Q_(7800, source), target).magnitude)

    def convert_measure(source: str, target: str) -> Measure:
        return Measure(Q_(7800, source), "at_least").to(target)

    def convert_money(on: object) -> Any:
        return sw.convert_currency(Q_(1e8, "CNY"), "USD", on).value

    calls: list[tuple[str, Callable[[], Any]]] = []
    calls += [(f"lookup {name}", partial(lookup, name)) for name in names]
    calls += [
        (f"lookup_all {name}", partial(dataset.lookup_all, name)) for name in ("Chaoyang", "Hechi")
    ]
    calls += [(f"parse {text}", partial(sw.parse_quantity, text)) for text in texts]
    calls += [(f"convert {a}->{b}", partial(convert, a, b)) for a, b in units]
    calls += [(f"measure {a}->{b}", partial(convert_measure, a, b)) for a, b in units]
    calls += [(f"rate {on}", partial(sw.exchange_rate, "USD", "CNY", on)) for on in dates]
    calls += [(f"currency {on}", partial(convert_money, on)) for on in dates]
    calls += [("rate table", sw.conversion.rate_table), ("load", lambda: id(sw.load()))]
    return calls


def test_many_threads_give_the_answers_of_one() -> None:
    calls = _calls()
    expected = {label: call() for label, call in calls}
    work = calls * 40
    random.Random(7).shuffle(work)
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(lambda item: (item[0], item[1]()), work))
    different = [label for label, result in results if result != expected[label]]
    assert not different, f"different answers from threads: {sorted(set(different))}"


def test_errors_from_many_threads_are_the_errors_of_one() -> None:
    bad: list[Callable[[], Any]] = [
        lambda: sw.parse_quantity("7 800 mu"),
        lambda: sw.load().lookup("Chaoyang"),
        lambda: sw.convert_unit(Q_(1, "mu"), "kilogram"),
        lambda: sw.exchange_rate("USD", "CNY", 1900),
        lambda: Measure.from_parts(1, "m ** 9 ** 9 ** 9"),
    ]

    def message(call: Callable[[], Any]) -> str:
        try:
            call()
        except sw.SwchinaDevError as error:
            return f"{type(error).__name__}: {error}"
        raise AssertionError("no error")

    expected = [message(call) for call in bad]
    with ThreadPoolExecutor(THREADS) as pool:
        results = list(pool.map(message, bad * 50))
    assert results == expected * 50
