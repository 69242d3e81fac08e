"""significant_digits counts from a number's text what a normalised Decimal of it holds."""

from __future__ import annotations

from decimal import Context, Decimal

from hypothesis import given
from hypothesis import strategies as st

from swchina_dev.text.numbers import significant_digits


def _by_decimal(value: int | float) -> int:
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if number.is_zero():
        return 1
    return len(number.normalize(Context(prec=120)).as_tuple().digits)


@given(
    st.one_of(
        st.integers(min_value=-(10**50), max_value=10**50),
        st.floats(allow_nan=False, allow_infinity=False),
        st.builds(round, st.floats(0, 1e6), st.integers(0, 6)),
    )
)
def test_it_counts_what_a_normalised_decimal_holds(value: int | float) -> None:
    assert significant_digits(value) == _by_decimal(value)
