"""The public namespace: every exported name resolves, ``__all__`` is sorted, import is cheap."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

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


def test_ureg_and_q_are_the_one_registry() -> None:
    assert isinstance(swchina_dev.ureg, pint.UnitRegistry)
    assert swchina_dev.ureg is swchina_dev.get_registry()
    assert swchina_dev.Q_ is swchina_dev.ureg.Quantity
    assert swchina_dev.Q_(1, "mu")._REGISTRY is swchina_dev.ureg


def test_import_does_not_build_the_registry(run_python: Callable[[str], str]) -> None:
    output = run_python(
        """
        import swchina_dev, swchina_dev.units
        print(swchina_dev.units._registry is None)
        swchina_dev.Q_(1, "mu")
        print(swchina_dev.units._registry is None)
        """
    )
    assert output.split() == ["True", "False"]


def test_columnar_names_say_which_extra_they_need_when_numpy_is_missing() -> None:
    code = (
        "import sys; sys.modules['numpy'] = None\n"
        "import swchina_dev\n"
        "try:\n"
        "    swchina_dev.roll_up_columns\n"
        "except ImportError as error:\n"
        "    print(error)\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "pip install 'swchina-dev[numpy]'" in done.stdout
