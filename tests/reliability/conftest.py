"""Warm the library's caches once, so that no corpus case is charged with a first-use cost."""

from __future__ import annotations

import pytest

import swchina_dev as sw


@pytest.fixture(scope="session", autouse=True)
def _warm_caches() -> None:
    dataset = sw.load()
    dataset.lookup("Bijie")  # builds the name index
    sw.conversion.rate_table()
    sw.parse_quantity("over 7,800 mu")
    sw.roll_up(dataset.query(metric="number", item="black_necked_crane"), "prefecture")


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """List the slowest corpus cases (their calls, timed by the harness)."""
    from tests.reliability.harness import TIMINGS

    if TIMINGS:
        slowest = sorted(TIMINGS.items(), key=lambda item: -item[1])[:3]
        cases = ", ".join(f"{name} {seconds * 1000:.0f} ms" for name, seconds in slowest)
        terminalreporter.write_line(f"corpus: {len(TIMINGS)} cases timed; slowest: {cases}")
