"""Bad-input corpus: load(), the dataset's lookups and navigation, and broken bundled files."""

from __future__ import annotations

import importlib.resources
from collections.abc import Callable
from typing import Any

import pytest

import swchina_dev as sw
from swchina_dev import (
    AmbiguousNameError,
    DataFileError,
    Dataset,
    NotFoundError,
    Region,
    StructureError,
    resources,
)
from swchina_dev.catalog import bundled as datasets
from swchina_dev.conversion import rates
from swchina_dev.resources import load_once
from swchina_dev.units import registry as units
from tests.reliability.harness import Case, check, fails, ids, untyped, works

MEGABYTE = "x" * 1_000_000


def lookup(id: str, name: object, error: type[sw.SwchinaDevError] = NotFoundError) -> Case:
    where = "name" if not isinstance(name, str) else repr(name)[:40]
    return fails(f"lookup: {id}", lambda: sw.load().lookup(name), error, where=where)  # type: ignore[arg-type]


def finds(id: str, name: str, code: str) -> Case:
    return works(f"lookup: {id}", lambda: sw.load().lookup(name), lambda entity: entity.id == code)


def navigation(id: str, call: Callable[[Dataset], Any], where: str) -> Case:
    return fails(id, lambda: call(sw.load()), NotFoundError, where=where)


DATASET_CASES = [
    works("load: the same object twice", lambda: sw.load() is sw.load(), lambda same: same is True),
    lookup("empty", ""),
    lookup("spaces", "   "),
    lookup("None", None),
    lookup("int", 520500),
    lookup("bytes", b"Bijie"),
    lookup("a megabyte", MEGABYTE),
    lookup("a name and 300 spaces and another name", "Bijie" + " " * 300 + "Chaoyang"),
    lookup("NUL", "Bijie\x00"),
    lookup("RTL mark", "\u200fBijie"),
    lookup("lone surrogate", "\ud800"),
    lookup("emoji", "\U0001f642"),
    lookup("regex", ".*"),
    lookup("SQL", "'; DROP TABLE regions; --"),
    lookup("full-width code", "５２０５００"),
    lookup("unknown", "Atlantis"),
    lookup("two counties of one name", "Chaoyang", AmbiguousNameError),
    fails(
        "lookup: strict Hechi",
        lambda: sw.load().lookup("Hechi", strict=True),
        AmbiguousNameError,
        where="Hechi",
    ),
    finds("full-width letters", "Ｂｉｊｉｅ", "520500"),
    finds("trailing nbsp", "Bijie\u00a0", "520500"),
    finds("upper case", "BIJIE", "520500"),
    finds("tone marks", "Bìjié Shì", "520500"),
    finds("hanzi with level", "毕节市", "520500"),
    finds("code with a space", " 520500 ", "520500"),
    works(
        "lookup_all: a megabyte", lambda: sw.load().lookup_all(MEGABYTE), lambda found: found == ()
    ),
    works(
        "lookup_all: None", lambda: sw.load().lookup_all(untyped(None)), lambda found: found == ()
    ),
    works(
        "regions.get: unhashable",
        lambda: sw.load().regions.get(untyped([1])),
        lambda found: found is None,
    ),
    navigation("regions[]: unknown code", lambda ds: ds.regions["999999"], "999999"),
    navigation("regions[]: None", lambda ds: ds.regions[untyped(None)], "None"),
    navigation("regions[]: unhashable", lambda ds: ds.regions[untyped([1])], "[1]"),
    navigation("regions[]: a megabyte", lambda ds: ds.regions[MEGABYTE], "1000000 characters"),
    navigation("get: a megabyte", lambda ds: ds.get(MEGABYTE), "1000000 characters"),
    navigation("get: unknown", lambda ds: ds.get("nope"), "nope"),
    navigation("ancestors: unknown", lambda ds: ds.ancestors("Atlantis"), "Atlantis"),
    navigation("descendants: None", lambda ds: ds.descendants(untyped(None)), "NoneType"),
    navigation("within: int", lambda ds: ds.within(untyped(5)), "int"),
    navigation("children: a megabyte", lambda ds: ds.children(MEGABYTE), "1000000 characters"),
    navigation("region: a zone", lambda ds: ds.region("gui-an-new-area"), "not a region"),
    fails(
        "Dataset: duplicate region codes",
        lambda: Dataset(regions=[sw.load().regions["CN"]] * 2),
        StructureError,
        where="CN",
    ),
    fails(
        "Dataset: unknown parent",
        lambda: Dataset(regions=[sw.load().regions["520500"]]),
        StructureError,
        where="520000",
    ),
    fails(
        "Dataset: a cycle of parents",
        lambda: Dataset(
            regions=[
                Region("520000", "A", None, None, "province", "province", "520100"),
                Region("520100", "B", None, None, "prefecture", "prefecture", "520000"),
            ]
        ),
        StructureError,
        where="cycle",
    ),
]


@pytest.mark.parametrize("case", DATASET_CASES, ids=ids(DATASET_CASES))
def test_dataset(case: Case) -> None:
    check(case)


def test_a_dataset_cannot_be_changed() -> None:
    dataset = sw.load()
    with pytest.raises(AttributeError):
        dataset.regions = untyped(dataset.zones)
    with pytest.raises(AttributeError):
        dataset.regions._items = ()
    with pytest.raises(TypeError):
        dataset.regions["520500"].aliases[0] = "x"  # type: ignore[index]


# -- broken bundled files: an error naming the file, and no half-built cache ---------------------

JSON = datasets.read_resource("dataset.json")
CSV = datasets.read_resource("regions.csv")
HEADER = CSV.splitlines()[0]

BUNDLED_VARIANTS = {
    "dataset.json truncated": ("dataset.json", JSON[: len(JSON) // 2]),
    "dataset.json 100,000 deep": ("dataset.json", "[" * 100_000 + "]" * 100_000),
    "dataset.json a list": ("dataset.json", "[]"),
    "dataset.json without regions": ("dataset.json", '{"data_version": "x"}'),
    "dataset.json empty": ("dataset.json", ""),
    "regions.csv truncated": ("regions.csv", CSV[: len(CSV) // 2]),
    "regions.csv short row": ("regions.csv", f"{HEADER}\n520000,Guizhou\n"),
    "regions.csv long row": ("regions.csv", f"{HEADER}\n{CSV.splitlines()[1]},extra\n"),
    "regions.csv NUL separators": ("regions.csv", CSV.replace(",", "\x00", 5)),
    "regions.csv BOM": ("regions.csv", "\ufeff" + CSV),
    "regions.csv repeated rows": ("regions.csv", CSV + "\n".join(CSV.splitlines()[1:3]) + "\n"),
    "regions.csv empty": ("regions.csv", ""),
}


def _broken_text(name: str, text: str) -> Callable[[str], str]:
    def read(resource: str) -> str:
        if resource == name:
            return text
        return {"dataset.json": JSON, "regions.csv": CSV}[resource]

    return read


@pytest.mark.parametrize("name", list(BUNDLED_VARIANTS))
def test_load_refuses_a_broken_bundled_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    resource, text = BUNDLED_VARIANTS[name]
    cached = sw.load()
    monkeypatch.setattr(datasets, "_bundled", load_once(datasets._bundled.__wrapped__))  # cold
    monkeypatch.setattr(datasets, "read_resource", _broken_text(resource, text))
    outcome = check(fails(name, sw.load, DataFileError), state=False)
    assert outcome.error.file in ("data/dataset.json", "data/regions.csv")  # type: ignore[union-attr]
    assert not datasets._bundled.built, "a failed load left a dataset behind"
    monkeypatch.undo()
    assert sw.load() is cached


def test_a_mis_encoded_bundled_file_is_a_data_file_error(monkeypatch: pytest.MonkeyPatch) -> None:
    class Latin1:
        def joinpath(self, name: str) -> Latin1:
            return self

        def read_text(self, encoding: str) -> str:
            return "code,name\n520000,贵州".encode("gb18030").decode(encoding)

    monkeypatch.setattr(resources, "files", lambda package: Latin1())
    check(
        fails(
            "regions.csv in GB 18030", lambda: datasets.read_resource("regions.csv"), DataFileError
        ),
        state=False,
    )


RATE_VARIANTS = {
    "empty": "",
    "wrong header": "month,rate,days\n2020,7,250\n",
    "truncated row": "period,cny_per_usd,n_days\n2010,6.7\n",
    "rate NaN": "period,cny_per_usd,n_days\n2010,nan,250\n2010-01,6.8,20\n",
    "rate negative": "period,cny_per_usd,n_days\n2010,-6.7,250\n2010-01,6.8,20\n",
    "rate infinite": "period,cny_per_usd,n_days\n2010,inf,250\n2010-01,6.8,20\n",
    "days zero": "period,cny_per_usd,n_days\n2010,6.7,0\n2010-01,6.8,20\n",
    "days of 5000 digits": "period,cny_per_usd,n_days\n2010,6.7," + "9" * 5000 + "\n",
    "a gap in the months": (
        "period,cny_per_usd,n_days\n2010,6.7,250\n2010-01,6.8,20\n2010-03,6.8,20\n"
    ),
    "a day instead of a month": "period,cny_per_usd,n_days\n2010-01-01,6.7,1\n",
    "month 13": "period,cny_per_usd,n_days\n2010,6.7,250\n2010-13,6.8,20\n",
    "NUL": "period,cny_per_usd,n_days\n2010\x00,6.7,250\n",
    "not UTF-8": None,
}


@pytest.mark.parametrize("name", list(RATE_VARIANTS))
def test_the_rate_table_refuses_a_broken_file(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    text = RATE_VARIANTS[name]
    table = sw.conversion.rate_table()

    class Broken:
        def joinpath(self, resource: str) -> Broken:
            return self

        def read_text(self, encoding: str) -> str:
            if text is None:
                return b"period\xff".decode(encoding)
            return text

    monkeypatch.setattr(resources, "files", lambda package: Broken())
    outcome = check(fails(name, rates._read_table, DataFileError), state=False)
    assert outcome.error.file == "data/cny_usd.csv"  # type: ignore[union-attr]
    monkeypatch.undo()
    assert sw.conversion.rate_table() == table


UNIT_VARIANTS = {
    "a definition that refers to nothing": "foo = [",
    "an unknown statement": "\x00",
    "a name pint already has": "meter = 2 * foot",
    "not UTF-8": None,
}


@pytest.mark.parametrize("name", list(UNIT_VARIANTS))
def test_the_registry_refuses_a_broken_definitions_file(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = UNIT_VARIANTS[name]
    registry = units.get_registry()

    class Broken:
        def joinpath(self, resource: str) -> Broken:
            return self

        def read_text(self, encoding: str) -> str:
            if text is None:
                return b"mu = \xff".decode(encoding)
            return (
                importlib.resources.files("swchina_dev.data")
                .joinpath("units.txt")
                .read_text(encoding=encoding)
                + f"\n{text}\n"
            )

    monkeypatch.setattr(resources, "files", lambda package: Broken())
    outcome = check(fails(name, units._build_registry, sw.SwchinaDevError), state=False)
    assert outcome.error.file == "data/units.txt"  # type: ignore[union-attr]
    monkeypatch.undo()
    assert units.get_registry() is registry
