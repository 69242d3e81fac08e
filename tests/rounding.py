"""What "the displayed number re-parsed is within the rounding of the exact value" means."""

from __future__ import annotations

from swchina_dev import Measure, Qualifier
from swchina_dev.text.numbers import MAX_SIGNIFICANT

# Floats carry about 16 decimal digits: the last of them may differ after a round trip.
_FLOAT_NOISE = 4e-16


def tolerance(significant: int | None) -> float:
    """The largest relative change rounding to `significant` digits makes (half a unit in the
    last digit shown, against a leading digit of at least one)."""
    digits = MAX_SIGNIFICANT if significant is None else significant
    return 0.5 * 10.0 ** (1 - digits) + _FLOAT_NOISE


def reads_back_within_rounding(again: Measure, exact: Measure, significant: int | None) -> bool:
    """Whether `again` (the written `exact`, read back) is `exact` up to the rounding shown.

    The unit may be spelled otherwise (`3.7 wan yuan` reads back as 37000 CNY); an exact value
    that rounding changed is written, and so read back, `about`.
    """
    again = again.to(exact.unit)
    if again.qualifier is not exact.qualifier and not (
        exact.qualifier is Qualifier.EXACT and again.qualifier is Qualifier.ABOUT
    ):
        return False
    bound = tolerance(significant)
    pairs = [
        (again.magnitude, exact.magnitude),
        (again.lower_magnitude, exact.lower_magnitude),
        (again.upper_magnitude, exact.upper_magnitude),
    ]
    for shown, value in pairs:
        if (shown is None) != (value is None) and exact.qualifier is not Qualifier.EXACT:
            return False
        if shown is not None and value is not None and abs(shown - value) > bound * abs(value):
            return False
    return True
