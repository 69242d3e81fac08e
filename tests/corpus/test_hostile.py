"""The hostile-input corpus of #17, each case in a forked child under a time limit.

A case that hangs (even in C code, where no signal reaches it) is killed after
`hostile.LIMIT_SECONDS` and fails as `hang`; the whole run is bounded by the number of cases
times that limit. `scripts/hostile_corpus.py` runs the same cases and counts outcomes by kind.
"""

from __future__ import annotations

import os

import pytest

from tests.corpus import hostile

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="the cases run in forked children")


def test_the_corpus_has_every_kind() -> None:
    kinds = {case.kind for case in hostile.CASES}
    assert kinds == set(hostile.KINDS)
    names = [case.id for case in hostile.CASES]
    assert len(names) == len(set(names)), "repeated case names hide cases"


@pytest.mark.parametrize("case", hostile.CASES, ids=[case.id for case in hostile.CASES])
def test_every_hostile_input_ends_well_and_in_time(case: hostile.Hostile) -> None:
    outcome, seconds, note = hostile.run_case(case)
    assert outcome == "passed", f"{outcome} after {seconds:.2f} s: {note}"


def test_a_hang_is_cut_off_and_reported() -> None:
    # The limit itself works: a call that never returns is killed and reported as a hang.
    endless = hostile.Hostile("hang", "sleeps", lambda: __import__("time").sleep(60), "ok")
    outcome, seconds, _ = hostile.run_case(endless, limit=0.5)
    assert outcome == "hang"
    assert seconds < 5
