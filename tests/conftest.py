"""Shared test configuration: hypothesis profiles and fixtures.

Profiles: ``dev`` (default, 100 examples) and ``ci`` (300 examples, no deadline, failing
examples printed as blobs to reproduce). Choose with ``HYPOTHESIS_PROFILE=ci``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import settings

from tests.paths import ARTICLES, NO_ARTICLES

# Test modules import the shared strategies as ``strategies`` (pytest runs with importlib mode,
# which puts no test folder on sys.path).
sys.path.insert(0, str(Path(__file__).parent))

settings.register_profile("dev", max_examples=100)
settings.register_profile("ci", max_examples=300, deadline=None, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


def pytest_runtest_setup(item: pytest.Item) -> None:
    # The source articles are not distributed: the tests that read them skip, saying why.
    if item.get_closest_marker("articles") is not None and not ARTICLES.is_dir():
        pytest.skip(f"{NO_ARTICLES} ({ARTICLES} does not exist)")


@pytest.fixture(scope="session", autouse=True)
def _built_registry() -> None:
    # Build the unit registry once up front, so its cost is not charged to a hypothesis deadline.
    from swchina_dev.units import get_registry

    get_registry()


def _run_python(code: str) -> str:
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.fixture
def run_python() -> Callable[[str], str]:
    """Run Python code in a fresh interpreter and return its standard output."""
    return _run_python
