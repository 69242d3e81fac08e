"""Labels: what each figure is, in words, from its metric, item, breakdown, scope and measure.

Every place a person reads a figure (the command line, the catalog pages, `Dataset.describe`,
the `label` column of tables) shows the same label, so what a figure counts no longer lives
only in its note.

Examples:
    >>> import swchina_dev as sw
    >>> ds = sw.load()
    >>> ds.label(ds.indicators["s000-taoying-cherry-area"])  # doctest: +SKIP
    'Planted area of cherries: more than 4,800 mu'
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Final

from swchina_dev.errors import UnitError, ValidationError
from swchina_dev.models import Indicator, Measure, Metric, Scope, Status
from swchina_dev.text import format_for_people

if TYPE_CHECKING:
    from swchina_dev.catalog.datasets import Dataset

__all__ = [
    "describe_breakdown",
    "indicator_label",
    "indicator_labels",
    "measure_label",
    "what_it_measures",
    "what_kind_measures",
]

# How a breakdown value reads in a label, by dimension ("{}" is the value).
_BREAKDOWN_WORDING: Final = {
    "age_group": "aged {}",
    "sector": "{} sector",
    "education": "{} education",
    "ethnicity": "{}",
    "residence": "{}",
    "sex": "{}",
}
_SCOPE_WORDING: Final = {Scope.HOUSEHOLD: "one household", Scope.PERSON: "one person"}
_STATUS_WORDING: Final = {Status.TARGET: "target", Status.ESTIMATE: "estimate"}


def describe_breakdown(breakdown: tuple[str, ...]) -> str:
    """Say a breakdown in words (`("age_group=65+", "sex=female")` -> `"aged 65+, female"`).

    Examples:
        >>> describe_breakdown(("age_group=65+", "sex=female"))
        'aged 65+, female'
    """
    parts = []
    for pair in breakdown:
        dimension, _, value = pair.partition("=")
        parts.append(_BREAKDOWN_WORDING.get(dimension, "{}").format(value.replace("_", " ")))
    return ", ".join(parts)


def indicator_label(indicator: Indicator, dataset: Dataset | None = None) -> str:
    """The label of a figure: what it measures, of what, for whom, and how much.

    Args:
        indicator: The figure.
        dataset: Where its item's name is looked up (the item key is shown without one).

    Returns:
        `"<metric> of <item> (<breakdown>; <scope>; <status>): <measure>"`, the parts that apply.
    """
    return f"{what_it_measures(indicator, dataset)}: {_measure_text(indicator)}"


def indicator_labels(indicators: Iterable[Indicator], dataset: Dataset | None = None) -> list[str]:
    """The labels of many figures, as [indicator_label][swchina_dev.catalog.labels.indicator_label].

    What a figure measures is worded once per kind (metric, item, breakdown, scope, status):
    a table of a million figures names a few hundred kinds.

    Examples:
        >>> import swchina_dev as sw
        >>> figures = list(sw.load().query(subject="520500", metric="duration"))
        >>> indicator_labels(figures) == [indicator_label(figure) for figure in figures]
        True
    """
    worded: dict[tuple[object, ...], str] = {}
    labels = []
    for indicator in indicators:
        # The metric by identity: its equality compares every field (and it is alive here).
        kind = (
            id(indicator.metric),
            indicator.item,
            indicator.breakdown,
            indicator.scope,
            indicator.status,
        )
        what = worded.get(kind)
        if what is None:
            what = worded[kind] = what_it_measures(indicator, dataset)
        labels.append(f"{what}: {_measure_text(indicator)}")
    return labels


def what_it_measures(indicator: Indicator, dataset: Dataset | None = None) -> str:
    """The label of a figure without its value: `"Planted area of walnuts (target)"`.

    For a table column beside the value and unit.
    """
    return what_kind_measures(
        indicator.metric,
        indicator.item,
        indicator.breakdown,
        indicator.scope,
        indicator.status,
        dataset,
    )


def what_kind_measures(
    metric: Metric,
    item: str | None,
    breakdown: tuple[str, ...],
    scope: Scope,
    status: Status,
    dataset: Dataset | None = None,
) -> str:
    """What figures of one kind measure (as `what_it_measures` says of each of them).

    A table's labels are worded once a kind: its metric, item, breakdown, scope and status.
    """
    item_name = item
    if item is not None and dataset is not None and item in dataset.items:
        item_name = dataset.items[item].name
    text = metric.label_for(item_name)
    notes = [
        describe_breakdown(breakdown),
        _SCOPE_WORDING.get(scope, ""),
        _STATUS_WORDING.get(status, ""),
    ]
    notes = [note for note in notes if note]
    if notes:
        text += f" ({'; '.join(notes)})"
    return text


def _measure_text(indicator: Indicator) -> str:
    return measure_label(indicator.measure)


def measure_label(measure: Measure) -> str:
    """A figure's measure as its label ends: `"more than 4,800 mu"`."""
    try:
        return format_for_people(measure)
    except (UnitError, ValidationError):  # one the phrase writer does not write (a negative)
        return str(measure)
