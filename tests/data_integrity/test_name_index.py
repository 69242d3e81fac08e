"""The shipped name index is what the entities' names make, and is what the lookups use."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import swchina_dev as sw
from swchina_dev.catalog.datasets import named_entities
from swchina_dev.catalog.names import NameIndex
from tests.paths import REPO, load_script


def _script() -> ModuleType:
    return load_script("build_names")


def test_the_shipped_index_is_what_the_build_script_makes(tmp_path: Path) -> None:
    out = tmp_path / "names.tsv"
    assert _script().main(["--out", str(out)]) == 0
    assert out.read_bytes() == (REPO / "src/swchina_dev/data/names.tsv").read_bytes()


def test_the_shipped_index_answers_as_one_built_from_the_entities() -> None:
    ds = sw.load()
    built = NameIndex(named_entities(ds))
    shipped = ds._name_index()
    names = ("Bijie", "bijie shi", "毕节市", "Caohai", "Caohai reserve", "Sanhe Town", "Qianxi")
    for name in names:
        assert shipped.candidates(name) == built.candidates(name), name
    assert shipped.close_matches("Bijei") == built.close_matches("Bijei")
