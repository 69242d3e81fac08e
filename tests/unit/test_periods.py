"""Periods: constructors, text form, comparisons and the rules of each granularity."""

from __future__ import annotations

import datetime as dt

import pytest

from swchina_dev import ParseError, Period, SwchinaDevError, ValidationError
from swchina_dev.models import Granularity


def test_year() -> None:
    period = Period.year(2024)
    assert (period.start, period.end) == (dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    assert period.granularity is Granularity.YEAR
    assert period.days == 366
    assert period.year_count == 1


def test_years() -> None:
    period = Period.years(2016, 2020)
    assert (period.start, period.end) == (dt.date(2016, 1, 1), dt.date(2020, 12, 31))
    assert period.granularity is Granularity.YEARS
    assert period.year_count == 5


@pytest.mark.parametrize(
    ("year", "month", "last"),
    [(2024, 2, 29), (2023, 2, 28), (1900, 2, 28), (2000, 2, 29), (2024, 12, 31), (2024, 4, 30)],
)
def test_month(year: int, month: int, last: int) -> None:
    period = Period.month(year, month)
    assert (period.start, period.end) == (dt.date(year, month, 1), dt.date(year, month, last))
    assert period.granularity is Granularity.MONTH
    assert period.days == last


def test_day_between_and_as_of() -> None:
    day = dt.date(2025, 1, 23)
    assert Period.day(day) == Period(day, day, Granularity.DAY)
    assert Period.as_of(day) == Period(day, day, "as_of")
    assert Period.day(day) != Period.as_of(day)  # same dates, different meaning
    span = Period.between(dt.date(2013, 1, 1), dt.date(2022, 10, 12))
    assert span.granularity is Granularity.SPAN
    assert span.days == (dt.date(2022, 10, 12) - dt.date(2013, 1, 1)).days + 1


def test_fields_accept_iso_text_and_datetimes() -> None:
    period = Period("2024-01-01", dt.datetime(2024, 12, 31, 23, 59), "year")
    assert period == Period.year(2024)
    assert type(period.end) is dt.date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024", Period.year(2024)),
        ("0001", Period.year(1)),
        ("2024-05", Period.month(2024, 5)),
        ("2024-05-03", Period.day(dt.date(2024, 5, 3))),
        ("2016/2020", Period.years(2016, 2020)),
        ("2013-01-01/2022-10-12", Period.between(dt.date(2013, 1, 1), dt.date(2022, 10, 12))),
        ("2024-03-03/2024-03-03", Period.between(dt.date(2024, 3, 3), dt.date(2024, 3, 3))),
        ("asof:2025-01-23", Period.as_of(dt.date(2025, 1, 23))),
    ],
)
def test_parse_and_str_round_trip(text: str, expected: Period) -> None:
    assert Period.parse(text) == expected
    assert str(expected) == text
    assert Period.parse(str(expected)) == expected


def test_a_span_of_whole_years_keeps_its_granularity() -> None:
    span = Period.between(dt.date(2016, 1, 1), dt.date(2020, 12, 31))
    assert str(span) == "2016-01-01/2020-12-31"
    assert Period.parse(str(span)) == span
    assert span != Period.years(2016, 2020)


def test_parse_ignores_surrounding_space() -> None:
    assert Period.parse(" 2024\n") == Period.year(2024)


@pytest.mark.parametrize(
    "text",
    [
        "2023-02-30",
        "2023-13",
        "2023-00",
        "2023-04-31",
        "2023-02-29",
        "asof:2023-02-30",
        "2013-01-01/2023-02-30",
        "0000",
        "2020/2016",
        "2020/2020",
        "2024-05-03/2024-05-01",
        "24",
        "20245",
        "2024-5",
        "2024-05-3",
        "2024/2024-05-01",
        "asof:2024",
        "２０２４",
        "2024-٠٥",
        "",
        "   ",
        "last year",
        "2024-05-03T00:00",
        "x" * 10_000,
    ],
)
def test_parse_refuses_bad_text_with_parse_error(text: str) -> None:
    with pytest.raises(ParseError) as caught:
        Period.parse(text)
    assert isinstance(caught.value, SwchinaDevError)
    assert caught.value.field == "period"


@pytest.mark.parametrize("value", [2024, None, dt.date(2024, 1, 1), b"2024"])
def test_parse_refuses_non_text(value: object) -> None:
    with pytest.raises(ParseError):
        Period.parse(value)  # type: ignore[arg-type]


def test_start_after_end_raises_on_end() -> None:
    with pytest.raises(ValidationError) as caught:
        Period(dt.date(2024, 2, 1), dt.date(2024, 1, 1), "span")
    assert caught.value.field == "end"
    with pytest.raises(ValidationError) as caught:
        Period.between(dt.date(2024, 2, 1), dt.date(2024, 1, 1))
    assert caught.value.field == "end"


@pytest.mark.parametrize(
    ("start", "end", "granularity"),
    [
        (dt.date(2024, 1, 1), dt.date(2024, 1, 5), "day"),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 2), "as_of"),
        (dt.date(2024, 1, 2), dt.date(2024, 1, 31), "month"),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 30), "month"),
        (dt.date(2024, 1, 1), dt.date(2024, 2, 29), "month"),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 30), "year"),
        (dt.date(2024, 1, 1), dt.date(2025, 12, 31), "year"),
        (dt.date(2024, 1, 1), dt.date(2024, 12, 31), "years"),
        (dt.date(2024, 1, 2), dt.date(2025, 12, 31), "years"),
    ],
)
def test_dates_that_do_not_fit_the_granularity(
    start: dt.date, end: dt.date, granularity: str
) -> None:
    with pytest.raises(ValidationError) as caught:
        Period(start, end, granularity)
    assert caught.value.field == "granularity"


@pytest.mark.parametrize("granularity", ["weekly", "", "YEAR", None, 3])
def test_unknown_granularity(granularity: object) -> None:
    with pytest.raises(ValidationError) as caught:
        Period(dt.date(2024, 1, 1), dt.date(2024, 12, 31), granularity)  # type: ignore[arg-type]
    assert caught.value.field == "granularity"


@pytest.mark.parametrize(
    ("start", "field"),
    [("2024-02-30", "start"), ("yesterday", "start"), (20240101, "start"), (None, "start")],
)
def test_bad_dates(start: object, field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        Period(start, dt.date(2024, 12, 31), "span")  # type: ignore[arg-type]
    assert caught.value.field == field


@pytest.mark.parametrize(
    "build",
    [
        lambda: Period.year(0),
        lambda: Period.year(10_000),
        lambda: Period.year(True),
        lambda: Period.year(2024.0),
        lambda: Period.years(2020, 2020),
        lambda: Period.years(2021, 2020),
        lambda: Period.month(2024, 0),
        lambda: Period.month(2024, 13),
    ],
)
def test_constructors_refuse_bad_arguments(build: object) -> None:
    with pytest.raises(ValidationError):
        build()  # type: ignore[operator]


def test_of() -> None:
    assert Period.of(2021) == Period.year(2021)
    assert Period.of("2016/2020") == Period.years(2016, 2020)
    assert Period.of(dt.date(2024, 5, 3)) == Period.day(dt.date(2024, 5, 3))
    assert Period.of(dt.datetime(2024, 5, 3, 12)) == Period.day(dt.date(2024, 5, 3))
    period = Period.month(2024, 5)
    assert Period.of(period) is period
    for bad in (True, 3.5, None):
        with pytest.raises(ValidationError):
            Period.of(bad)  # type: ignore[arg-type]


def test_overlaps() -> None:
    year = Period.year(2024)
    assert year.overlaps(Period.month(2024, 12))
    assert year.overlaps(Period.years(2020, 2024))
    assert year.overlaps(Period.between(dt.date(2024, 12, 31), dt.date(2025, 6, 1)))
    assert not year.overlaps(Period.year(2025))
    assert not year.overlaps(Period.as_of(dt.date(2023, 12, 31)))
    assert Period.year(2025).overlaps(year) is year.overlaps(Period.year(2025))


def test_contains() -> None:
    years = Period.years(2016, 2020)
    assert years.contains(Period.year(2018))
    assert years.contains(Period.month(2020, 12))
    assert years.contains(years)
    assert not years.contains(Period.between(dt.date(2020, 12, 1), dt.date(2021, 1, 1)))
    assert years.contains(dt.date(2016, 1, 1))
    assert years.contains(dt.date(2020, 12, 31))
    assert not years.contains(dt.date(2021, 1, 1))
    assert not Period.year(2018).contains(years)


def test_periods_compare_and_hash_by_value() -> None:
    assert Period.year(2024) == Period.parse("2024")
    assert hash(Period.year(2024)) == hash(Period.parse("2024"))
    assert len({Period.year(2024), Period.parse("2024"), Period.month(2024, 1)}) == 2
