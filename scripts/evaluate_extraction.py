"""Measure `swchina_dev.extract` against the curated figures of the five source articles.

Usage: `python scripts/evaluate_extraction.py [ARTICLES_FOLDER]` (default: where
`tests/paths.py` finds the articles);
prints, per article and overall, the share of curated figures that extraction got right per field
(value and unit, qualifier, subject, period, status, stated conversion linked), and precision:
the drafts that match a curated figure, or that a person judged real claims the curation left
out (listed in `_NOT_CURATED_BUT_CLAIMS` below with the reason).

The articles are not distributed; the test `tests/unit/test_extraction_quality.py` (marked
`articles`) runs this on them and asserts the issue's targets.
"""

from __future__ import annotations

import datetime as dt
import math
import sys
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import tomllib

import swchina_dev as sw
from swchina_dev.extraction import Draft

CURATED = Path(__file__).resolve().parent / "curated"
#: The date each article is read against (seed 004 is undated; its curation uses 2024-04-30).
DATES = {
    "000": dt.date(2025, 1, 23),
    "001": dt.date(2024, 6, 15),
    "002": dt.date(2022, 10, 12),
    "003": dt.date(2021, 5, 31),
    "004": dt.date(2024, 4, 30),
}
FIELDS = ("value_unit", "qualifier", "subject", "period", "status", "conversion")
#: Reported too, without a target in the issue: the vocabulary guesses.
VOCABULARY = ("metric", "item", "scope")
#: Drafts that match no curated figure but state a real claim (a person's judgement, with why).
#: Keyed by (seed, phrase); anything else unmatched counts against precision.
_NOT_CURATED_BUT_CLAIMS: dict[tuple[str, str], str] = {
    ("003", "two"): "the two fundamental principles: a count the curation left out",
    ("004", "four"): "a family's four children: a household count the curation left out",
    ("004", "the fastest-growing province"): "a rank claim (fastest-growing in big data)",
}


@dataclass
class Score:
    """Counts of one article (or all)."""

    curated: int = 0
    right: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS + VOCABULARY, 0))
    total: dict[str, int] = field(default_factory=lambda: dict.fromkeys(FIELDS + VOCABULARY, 0))
    drafts: int = 0
    real: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        self.curated += other.curated
        self.drafts += other.drafts
        self.real += other.real
        for name in FIELDS + VOCABULARY:
            self.right[name] += other.right[name]
            self.total[name] += other.total[name]
        self.misses += other.misses

    def share(self, name: str) -> float:
        return self.right[name] / self.total[name] if self.total[name] else 1.0

    @property
    def precision(self) -> float:
        return self.real / self.drafts if self.drafts else 1.0


def evaluate(articles: Path) -> dict[str, Score]:
    """Score each article; the key `"all"` holds the sums."""
    scores: dict[str, Score] = {}
    dataset = sw.load()
    for seed, day in DATES.items():
        curated = tomllib.loads((CURATED / f"seed_{seed}.toml").read_text(encoding="utf-8"))
        text = next(articles.glob(f"{seed}_*.txt")).read_text(encoding="utf-8")
        drafts = sw.extract(text, date=day, dataset=dataset)
        scores[seed] = _score(seed, text, curated.get("indicator", []), drafts)
    total = Score()
    for score in scores.values():
        total.add(score)
    scores["all"] = total
    return scores


def _score(seed: str, text: str, rows: list[dict[str, object]], drafts: Iterable[Draft]) -> Score:
    score = Score()
    drafts = list(drafts)
    matched: set[int] = set()
    # Goals recorded twice (target and achieved) share a phrase: score the phrase once, and
    # accept either row's period and status.
    by_phrase: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        by_phrase.setdefault(str(row["phrase"]), []).append(row)
    for phrase, group in by_phrase.items():
        start = text.find(phrase)
        end = start + len(phrase)
        kinds = {(row.get("metric"), row.get("item")) for row in group}
        for _kind in kinds:
            score.curated += 1
            row = group[0]
            candidates = [
                (index, draft)
                for index, draft in enumerate(drafts)
                if start >= 0 and draft.span[0] < end and draft.span[1] > start
            ]
            best = _best(candidates, row)
            if best is None:
                score.misses.append(f"{seed} missing: {phrase!r}")
                for name in FIELDS + VOCABULARY:
                    if name != "conversion" or "conversion" in row:
                        score.total[name] += 1
                continue
            index, draft = best
            matched.add(index)
            checks = {
                "value_unit": _same_value(draft.measure, row),
                "qualifier": draft.measure.qualifier.value == row.get("qualifier", "exact"),
                "subject": draft.subject.id == row["subject"],
                "period": any(str(draft.period.period) == r.get("period") for r in group),
                "status": any(
                    draft.period.status.value == r.get("status", "reported") for r in group
                ),
            }
            if "conversion" in row:
                checks["conversion"] = draft.stated_conversion is not None
            rows_of_kind = [r for r in group if (r.get("metric"), r.get("item")) == _kind]
            checks["metric"] = draft.metric.metric == rows_of_kind[0].get("metric")
            checks["item"] = draft.metric.item == rows_of_kind[0].get("item")
            checks["scope"] = draft.metric.scope.value == rows_of_kind[0].get("scope", "subject")
            for name, right in checks.items():
                score.total[name] += 1
                score.right[name] += bool(right)
                if not right:
                    score.misses.append(f"{seed} {name}: {phrase!r} -> {_shown(draft, name)}")
    for index, draft in enumerate(drafts):
        score.drafts += 1
        if index in matched or (seed, draft.phrase) in _NOT_CURATED_BUT_CLAIMS:
            score.real += 1
        else:
            score.misses.append(f"{seed} not a curated claim: {draft.phrase!r}")
    return score


def _best(candidates: list[tuple[int, Draft]], row: dict[str, object]) -> tuple[int, Draft] | None:
    if not candidates:
        return None
    for index, draft in candidates:
        if _same_value(draft.measure, row):
            return index, draft
    return candidates[0]


def _same_value(measure: sw.Measure, row: dict[str, object]) -> bool:
    unit = str(row["unit"])
    try:
        converted = measure.to(unit) if measure.unit != unit else measure
    except sw.SwchinaDevError:
        return False
    if "value" in row:
        return converted.qualifier is not sw.Qualifier.RANGE and math.isclose(
            float(converted.magnitude),
            float(row["value"]),
            rel_tol=1e-9,  # type: ignore[arg-type]
        )
    lower, upper = converted.lower_magnitude, converted.upper_magnitude
    return (
        lower is not None
        and upper is not None
        and math.isclose(lower, float(row["lower"]), rel_tol=1e-9)  # type: ignore[arg-type]
        and math.isclose(upper, float(row["upper"]), rel_tol=1e-9)  # type: ignore[arg-type]
    )


def _shown(draft: Draft, name: str) -> str:
    if name == "subject":
        return f"{draft.subject.id} {draft.subject.evidence}"
    if name in ("period", "status"):
        return f"{draft.period.period} {draft.period.status.value} {draft.period.cues}"
    if name == "conversion":
        return str(draft.stated_conversion)
    if name in VOCABULARY:
        return f"{draft.metric.metric}/{draft.metric.item}/{draft.metric.scope.value}"
    return f"{draft.phrase!r} {draft.measure}"


def report(scores: dict[str, Score]) -> str:
    """The scores as a Markdown table, then every miss."""
    lines = [
        "| article | curated | " + " | ".join(FIELDS + VOCABULARY) + " | drafts | precision |",
        "|---" * (len(FIELDS + VOCABULARY) + 4) + "|",
    ]
    for seed, score in scores.items():
        cells = [
            f"{score.share(name):.0%} ({score.right[name]}/{score.total[name]})"
            for name in FIELDS + VOCABULARY
        ]
        lines.append(
            f"| {seed} | {score.curated} | "
            + " | ".join(cells)
            + f" | {score.drafts} | {score.precision:.0%} ({score.real}/{score.drafts}) |"
        )
    lines.append("")
    lines += scores["all"].misses
    return "\n".join(lines)


if __name__ == "__main__":
    sys.path.insert(0, str(CURATED.parents[1]))
    from tests.paths import ARTICLES

    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else ARTICLES
    print(report(evaluate(folder)))
