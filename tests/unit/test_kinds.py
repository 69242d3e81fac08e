"""Only like adds to like: totals, roll-ups, columns, changes, shares and per-person values
combine figures only when metric, item, breakdown and scope agree."""

from __future__ import annotations

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import swchina_dev as sw
from swchina_dev import Q_, Indicator, Measure, Scope, ValidationError
from swchina_dev.aggregate import cagr, growth, per_capita, roll_up, share, total
from swchina_dev.aggregate.columns import indicator_columns
from swchina_dev.aggregate.kinds import describe_kind

DS = sw.load()
PLANTED = DS.metrics["planted_area"]
SOURCE = next(iter(DS.sources))
COUNTIES = ("520502", "520525", "520526", "520581")  # in Bijie, Guizhou


def figure(
    ident: str,
    subject: str,
    value: float,
    *,
    item: str | None = "walnut",
    breakdown: tuple[str, ...] = (),
    scope: Scope = Scope.SUBJECT,
    period: str = "2024",
) -> Indicator:
    return Indicator(
        id=ident,
        subject_id=subject,
        metric=PLANTED,
        measure=Measure(Q_(value, "mu")),
        period=sw.Period.parse(period),
        source=SOURCE,
        item=item,
        breakdown=breakdown,
        scope=scope,
    )


def test_a_total_of_different_items_is_refused_naming_each_with_an_id() -> None:
    walnuts, cherries = figure("w", "520502", 10), figure("c", "520525", 20, item="cherry")
    with pytest.raises(ValidationError) as caught:
        total([walnuts, cherries])
    message = str(caught.value)
    assert "planted area of walnut (w)" in message
    assert "planted area of cherry (c)" in message
    assert "like to like" in message
    assert total([walnuts, figure("w2", "520525", 5)]).magnitude == 15


@pytest.mark.parametrize(
    "other",
    [
        {"item": "cherry"},
        {"breakdown": ("sector=primary",)},
        {"scope": Scope.HOUSEHOLD},
    ],
)
def test_items_breakdowns_and_scopes_must_agree(other: dict[str, object]) -> None:
    first = figure("a", "520502", 10)
    second = attrs.evolve(figure("b", "520525", 20), **other)
    with pytest.raises(ValidationError, match="like to like"):
        total([first, second])
    with pytest.raises(ValidationError, match="like to like"):
        indicator_columns([first, second])


def test_plain_measures_and_quantities_still_add() -> None:
    assert total([Q_(1, "mu"), Measure(Q_(2, "mu"))]).magnitude == 3


def test_a_roll_up_refuses_mixed_items_and_sums_one_item() -> None:
    mixed = [figure("w", "520502", 10), figure("c", "520525", 20, item="cherry")]
    with pytest.raises(ValidationError, match="cherry"):
        roll_up(mixed, "prefecture", dataset=DS)
    result = roll_up(
        [figure("w", "520502", 10), figure("v", "520525", 20)], "prefecture", dataset=DS
    )
    assert [(record.code, record.total.magnitude) for record in result] == [("520500", 30)]


def test_a_roll_up_leaves_out_figures_about_one_household_or_person() -> None:
    place = figure("place", "520502", 10)
    household = figure("family", "520525", 3, scope=Scope.HOUSEHOLD)
    person = figure("resident", "520526", 1, scope=Scope.PERSON)
    result = roll_up([place, household, person], "prefecture", dataset=DS)
    assert [record.total.magnitude for record in result] == [10]
    reasons = {exclusion.id: exclusion.reason for exclusion in result.excluded}
    assert set(reasons) == {"family", "resident"}
    assert "one household" in reasons["family"]
    assert "one person" in reasons["resident"]


def test_a_change_compares_one_kind_of_figure() -> None:
    start, end = figure("s", "520502", 10, period="2020"), figure("e", "520502", 20, period="2024")
    assert growth(start, end).relative is not None
    with pytest.raises(ValidationError, match="like to like"):
        growth(start, attrs.evolve(end, item="cherry"))
    with pytest.raises(ValidationError, match="like to like"):
        cagr(start, attrs.evolve(end, breakdown=("sector=primary",)))


def test_a_share_is_of_a_part_in_its_whole() -> None:
    whole = figure("all", "520502", 100)
    part = figure("women", "520502", 40, breakdown=("sex=female",))
    assert share(part, whole).magnitude == 40
    with pytest.raises(ValidationError, match="is not a part of"):
        share(whole, part)  # the whole is not a part of its part
    with pytest.raises(ValidationError, match="is not a part of"):
        share(attrs.evolve(part, item="cherry"), whole)


def test_a_per_person_value_divides_by_the_same_people() -> None:
    income = attrs.evolve(figure("i", "520502", 100), breakdown=("residence=urban",))
    people = attrs.evolve(figure("p", "520502", 10), breakdown=("residence=rural",))
    with pytest.raises(ValidationError, match="different people"):
        per_capita(income, people)


def test_kinds_read_as_words() -> None:
    assert describe_kind(figure("a", "520502", 1, breakdown=("sex=female",))) == (
        "planted area of walnut [sex=female]"
    )


ITEMS = st.sampled_from(["walnut", "cherry", "oil_tea"])


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(COUNTIES), ITEMS), min_size=1, max_size=6))
def test_roll_ups_never_mix_items(rows: list[tuple[str, str]]) -> None:
    figures = [figure(f"f{n}", code, n + 1, item=item) for n, (code, item) in enumerate(rows)]
    kinds = {indicator.kind for indicator in figures}
    if len(kinds) > 1:
        with pytest.raises(ValidationError, match="like to like"):
            roll_up(figures, "prefecture", dataset=DS, repeats="sum")
        return
    result = roll_up(figures, "prefecture", dataset=DS, repeats="sum")
    item_of = {indicator.id: indicator.item for indicator in figures}
    for record in result:
        assert len({item_of[indicator_id] for indicator_id in record.indicator_ids}) == 1
