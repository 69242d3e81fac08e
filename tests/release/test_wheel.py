"""Release readiness: the sdist and wheel build, hold everything, pass twine, and work installed.

One build per session (``python -m build``: the sdist, then the wheel from it, which proves the
sdist is complete), then checks of both archives, ``twine check --strict`` when twine is
installed, and an install of the wheel into a fresh virtual environment, used from outside the
source tree. Dependencies come from the package index. Takes well under a minute.
"""

from __future__ import annotations

import email.parser
import importlib.util
import os
import subprocess
import sys
import tarfile
import textwrap
import venv
import zipfile
from pathlib import Path

import pytest

import swchina_dev

REPO = Path(__file__).resolve().parents[2]
PACKAGE = REPO / "src" / "swchina_dev"
DATA = (
    "SOURCES.md",
    "__init__.py",
    "census.tsv",
    "code_events.csv",
    "code_history.csv",
    "cny_usd.csv",
    "dataset.json",
    "regions.csv",
    "township_changes.csv",
    "units.txt",
)


def _run(command: list[str], *, cwd: Path, timeout: float = 300) -> str:
    # No PYTHONPATH: nothing may leak the source tree into the installed package's tests.
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run(
        command, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False, env=env
    )
    assert result.returncode == 0, f"{command} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    if importlib.util.find_spec("build") is None:
        pytest.fail("the release tests need `build`: install the test extra", pytrace=False)
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], cwd=out)
    return out


@pytest.fixture(scope="module")
def wheel(dist: Path) -> Path:
    (path,) = dist.glob("swchina_dev-*-py3-none-any.whl")
    return path


@pytest.fixture(scope="module")
def sdist(dist: Path) -> Path:
    (path,) = dist.glob("swchina_dev-*.tar.gz")
    return path


def _source_files() -> set[str]:
    return {
        path.relative_to(PACKAGE.parent).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_the_wheel_holds_every_module_and_data_resource(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as archive:
        names = set(archive.namelist())
    package = {name for name in names if name.startswith("swchina_dev/")}
    assert {f"swchina_dev/data/{name}" for name in DATA} <= package
    assert "swchina_dev/py.typed" in package
    assert package == _source_files()  # every file of the package, and nothing else
    assert not any(name.startswith(("tests/", "docs/", "scripts/")) for name in names)


def test_the_wheel_metadata(wheel: Path) -> None:
    version = swchina_dev.__version__
    info = f"swchina_dev-{version}.dist-info"
    with zipfile.ZipFile(wheel) as archive:
        metadata = email.parser.Parser().parsestr(archive.read(f"{info}/METADATA").decode())
        entry_points = archive.read(f"{info}/entry_points.txt").decode()
        names = archive.namelist()
    assert metadata["Name"] == "swchina-dev"
    assert metadata["Version"] == version
    assert metadata["License-Expression"] == "MIT"
    assert f"{info}/licenses/LICENSE" in names
    assert metadata["Requires-Python"] == ">=3.10"
    assert metadata["Description-Content-Type"] == "text/markdown"
    assert metadata.get_payload().startswith("# swchina_dev")  # the README
    requires = metadata.get_all("Requires-Dist") or []
    runtime = {r.split(">=")[0] for r in requires if "extra ==" not in r}
    assert runtime == {"attrs", "cattrs", "pint", "rapidfuzz", "rich"}
    classifiers = metadata.get_all("Classifier") or []
    assert "Typing :: Typed" in classifiers
    # PEP 639: with a licence expression, licence classifiers are deprecated (PyPI rejects them).
    assert not [c for c in classifiers if c.startswith("License ::")]
    assert "swchina-dev = swchina_dev.cli:main" in entry_points


def test_the_sdist_holds_sources_tests_and_docs(sdist: Path) -> None:
    root = sdist.name.removesuffix(".tar.gz")
    with tarfile.open(sdist) as archive:
        names = {name.removeprefix(f"{root}/") for name in archive.getnames()}
    assert {f"src/{name}" for name in _source_files()} <= names
    expected = {"pyproject.toml", "README.md", "CHANGELOG.md", "LICENSE", "mkdocs.yml", "PKG-INFO"}
    assert expected <= names
    assert {"tests/conftest.py", "docs/index.md", "scripts/docs_catalog.py"} <= names
    assert {"data-raw/SOURCES.md", "data-raw/LICENSES.md", "data-raw/divisions_sw.csv"} <= names


def test_twine_check_passes(dist: Path) -> None:
    if importlib.util.find_spec("twine") is None:
        pytest.skip("twine is not installed")
    files = [str(path) for path in sorted(dist.iterdir())]
    output = _run([sys.executable, "-m", "twine", "check", "--strict", *files], cwd=dist)
    assert output.count("PASSED") == 2


def test_the_installed_wheel_works_outside_the_source_tree(
    wheel: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    where = tmp_path_factory.mktemp("installed")
    environment = where / "venv"
    venv.create(environment, with_pip=True)
    python = environment / ("Scripts" if os.name == "nt" else "bin") / "python"
    pip = [str(python), "-m", "pip", "--disable-pip-version-check", "--no-input", "--quiet"]
    _run([*pip, "install", str(wheel)], cwd=where)
    script = textwrap.dedent(
        """
        import importlib.resources
        import swchina_dev as sw
        from swchina_dev.conversion.rates import exchange_rate

        print(sw.__file__)
        ds = sw.load()
        print(repr(ds))
        print(len(ds.sources), len(ds.metrics), len(ds.groupings))
        print(sum(1 for indicator in ds.indicators if str(indicator.measure)))
        print(ds.lookup("毕节").name)
        print(sw.Q_(7800, "mu").to("hectare"))
        print(exchange_rate("USD", "CNY", 2024).value)
        print(importlib.resources.files("swchina_dev").joinpath("py.typed").is_file())
        """
    )
    lines = _run([str(python), "-c", script], cwd=where).splitlines()
    ds = swchina_dev.load()
    assert Path(lines[0]).is_relative_to(environment)  # the installed copy, not src/
    assert lines[1] == repr(ds)  # the whole bundled dataset, as the source tree has it
    assert lines[2] == f"{len(ds.sources)} {len(ds.metrics)} {len(ds.groupings)}"
    assert lines[3] == str(len(ds.indicators))
    assert lines[4] == "Bijie City"
    assert lines[5] == "520.0 hectare"
    assert float(lines[6]) == pytest.approx(7.1956)
    assert lines[7] == "True"
    command = environment / ("Scripts" if os.name == "nt" else "bin") / "swchina-dev"
    output = _run([str(command), "lookup", "520500"], cwd=where)
    assert output.splitlines()[0] == "Bijie City (520500) in Guizhou Province < China"
