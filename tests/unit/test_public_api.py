"""The public namespace: one table drives it, every name resolves, moved ones warn, cheap import."""

from __future__ import annotations

import ast
import importlib
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pint
import pytest

import swchina_dev


@pytest.mark.parametrize("name", swchina_dev.__all__)
def test_every_exported_name_resolves(name: str) -> None:
    assert getattr(swchina_dev, name) is not None


def _isort_style(name: str) -> tuple[int, str]:
    # ruff's RUF022 order: SCREAMING_CASE names, then CamelCase, then the rest, each alphabetical.
    group = 0 if name.isupper() else 1 if name[0].isupper() else 2
    return group, name


def test_all_is_sorted_and_unique() -> None:
    names = list(swchina_dev.__all__)
    assert len(names) == len(set(names))
    assert names == sorted(names, key=_isort_style)


def test_unknown_attribute_raises_attribute_error() -> None:
    with pytest.raises(AttributeError, match="no_such_name"):
        _ = swchina_dev.no_such_name  # type: ignore[attr-defined]


def _type_checking_imports() -> dict[str, str]:
    tree = ast.parse(Path(swchina_dev.__file__).read_text(encoding="utf-8"))
    block = next(
        node
        for node in tree.body
        if isinstance(node, ast.If) and getattr(node.test, "id", None) == "TYPE_CHECKING"
    )
    return {
        alias.name: node.module
        for node in block.body
        if isinstance(node, ast.ImportFrom) and node.module is not None
        for alias in node.names
    }


def test_one_table_drives_all_and_the_type_checking_imports() -> None:
    table = {name: module for module, names in swchina_dev.EXPORTS.items() for name in names}
    assert len(table) == sum(len(names) for names in swchina_dev.EXPORTS.values())  # no repeats
    assert sorted(swchina_dev.__all__) == sorted([*table, "__version__"])
    assert _type_checking_imports() == table


@pytest.mark.parametrize("name", sorted({n for ns in swchina_dev.EXPORTS.values() for n in ns}))
def test_every_top_level_name_is_its_modules_object(name: str) -> None:
    module = next(m for m, names in swchina_dev.EXPORTS.items() if name in names)
    assert getattr(swchina_dev, name) is getattr(importlib.import_module(module), name)


def test_the_top_level_stays_small() -> None:
    # 45 names and __version__: the entry points of the design (load, extract, ...), the models,
    # the errors and the everyday helpers. Anything more belongs to its package.
    assert len(swchina_dev.__all__) <= 46


@pytest.mark.parametrize("name", sorted(swchina_dev.MOVED))
def test_a_moved_name_still_resolves_with_a_warning_naming_its_new_place(name: str) -> None:
    new_home = swchina_dev.MOVED[name]
    with pytest.warns(DeprecationWarning, match=f"{new_home}.{name}"):
        value = getattr(swchina_dev, name)
    assert value is getattr(importlib.import_module(new_home), name)
    assert name not in swchina_dev.__all__


@pytest.mark.parametrize("name", sorted(swchina_dev.SUBMODULES))
def test_subpackages_are_reachable_as_attributes(name: str) -> None:
    assert getattr(swchina_dev, name) is importlib.import_module(f"swchina_dev.{name}")


def test_ureg_and_q_are_the_one_registry() -> None:
    assert isinstance(swchina_dev.ureg, pint.UnitRegistry)
    assert swchina_dev.ureg is swchina_dev.units.get_registry()
    assert swchina_dev.Q_ is swchina_dev.ureg.Quantity
    assert swchina_dev.Q_(1, "mu")._REGISTRY is swchina_dev.ureg


def test_import_does_not_build_the_registry(run_python: Callable[[str], str]) -> None:
    output = run_python(
        """
        import swchina_dev, swchina_dev.units.registry as registry
        print(registry._registry.built)
        swchina_dev.Q_(1, "mu")
        print(registry._registry.built)
        """
    )
    assert output.split() == ["False", "True"]


def test_columnar_names_say_which_extra_they_need_when_numpy_is_missing() -> None:
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "import swchina_dev\n"
        "try:\n"
        "    swchina_dev.aggregate.roll_up_columns\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'swchina-dev[numpy]'" in done.stdout
