"""`extract` on the five source articles against their curated figures: the issue's targets."""

from __future__ import annotations

import pytest

from tests.paths import ARTICLES, load_script

pytestmark = pytest.mark.articles

#: The least share of curated figures each field must get right, and the least precision.
TARGETS = {
    "value_unit": 0.95,
    "qualifier": 0.95,
    "subject": 0.85,
    "period": 0.85,
    "status": 0.90,
    "conversion": 1.0,
}
PRECISION = 0.90


@pytest.fixture(scope="module")
def scores() -> dict[str, object]:
    evaluation = load_script("evaluate_extraction")
    result = evaluation.evaluate(ARTICLES)
    print(evaluation.report(result))  # shown with -s, and in the closing note of #15
    return result  # type: ignore[no-any-return]


@pytest.mark.parametrize(("field", "target"), TARGETS.items())
def test_each_field_meets_its_target(scores: dict[str, object], field: str, target: float) -> None:
    total = scores["all"]
    assert total.share(field) >= target, (field, total.share(field))  # type: ignore[attr-defined]


def test_precision_meets_its_target(scores: dict[str, object]) -> None:
    assert scores["all"].precision >= PRECISION  # type: ignore[attr-defined]


def test_every_curated_figure_is_scored(scores: dict[str, object]) -> None:
    # A phrase the scorer cannot find in its article would score nothing: none may be missing.
    total = scores["all"]
    assert total.curated >= 80  # type: ignore[attr-defined]
    assert not [miss for miss in total.misses if "missing" in miss]  # type: ignore[attr-defined]
