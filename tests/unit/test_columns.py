"""The columnar path: code lookup, roll-ups over arrays, unit conversion of columns."""

from __future__ import annotations

import numpy as np
import pytest

import swchina_dev as sw
from swchina_dev import Q_, Qualifier, Scope
from swchina_dev.aggregate import DoubleCountingError, roll_up
from swchina_dev.aggregate.columns import (
    ColumnRollUp,
    IndicatorColumns,
    indicator_columns,
    roll_up_columns,
)
from swchina_dev.catalog.datasets import Dataset
from swchina_dev.conversion import convert_column
from swchina_dev.errors import ConversionError, NotFoundError, ValidationError

NAN = float("nan")


@pytest.fixture(scope="module")
def ds() -> Dataset:
    return sw.load()


def sums(result: ColumnRollUp) -> dict[str, float]:
    return dict(zip(result.codes.tolist(), result.magnitudes.tolist(), strict=True))


@pytest.mark.parametrize(
    "codes",
    [
        np.array(["520502", "520525", "520100"]),
        np.array([b"520502", b"520525", b"520100"]),
        np.array([520502, 520525, 520100]),
        np.array([520502, 520525, 520100], dtype=np.uint32),
        np.array(["520502", "520525", "520100"], dtype=object),
        ["520502", "520525", "520100"],
    ],
)
def test_codes_in_every_form(ds: Dataset, codes: object) -> None:
    result = roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", dataset=ds)  # type: ignore[arg-type]
    assert sums(result) == {"520100": 4.0, "520500": 3.0}


def test_codes_of_mixed_lengths_and_ids(ds: Dataset) -> None:
    codes = np.array(
        ["520502116", "520526", "520525202-taoying", "guizhou-lianshang-technology", "520100"]
    )
    result = roll_up_columns(codes, [1.0, 2.0, 4.0, 8.0, 16.0], "mu", "prefecture", dataset=ds)
    assert sums(result) == {"520100": 16.0, "520500": 15.0}
    assert result.counts.tolist() == [1, 4]


@pytest.mark.parametrize(
    "codes",
    [
        np.array(["520502", "520525", "520100"], dtype="<U12"),  # padded
        np.array([b"520502", b"520525", b"520100"], dtype="S12"),
        np.array(["520502", 520525, b"520100"], dtype=object),  # text, an int, bytes
        np.array(["520502", "520525", "520100"], dtype=">U6"),  # big-endian
        np.array(["520502", "x", "520525", "x", "520100"])[::2],  # a strided view
    ],
)
def test_text_codes_in_any_layout(ds: Dataset, codes: np.ndarray) -> None:
    before = codes.copy()
    result = roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", dataset=ds)
    assert sums(result) == {"520100": 4.0, "520500": 3.0}
    np.testing.assert_array_equal(codes, before)


def test_text_and_integer_codes_give_the_same_totals(ds: Dataset) -> None:
    generator = np.random.default_rng(3)
    known = [
        region.code
        for region in ds.regions
        if ds.is_current(region) and region.code.isdigit() and len(region.code) in (6, 9)
    ]
    codes = np.array(known)[generator.integers(0, len(known), 40_000)]  # over two blocks
    values = generator.uniform(0, 100, len(codes))
    years = generator.integers(2018, 2022, len(codes))

    def total(form: np.ndarray) -> ColumnRollUp:
        return roll_up_columns(
            form,
            values,
            "mu",
            "prefecture",
            keys=years,
            dataset=ds,
            repeats="sum",
            nested="keep_outer",
        )

    expected = total(codes.astype(np.int64))
    for form in (codes, codes.astype("<U12"), codes.astype("S9"), codes.astype(object)):
        result = total(form)
        assert result.codes.tolist() == expected.codes.tolist()
        np.testing.assert_array_equal(result.magnitudes, expected.magnitudes)
        assert result.dropped == expected.dropped
        assert result.excluded == expected.excluded


def test_an_unknown_code_in_a_later_block_is_named_with_its_row(ds: Dataset) -> None:
    codes = np.array(["520502"] * 20_000, dtype="<U12")
    codes[17_000] = "52O502"  # a letter O
    with pytest.raises(NotFoundError, match="code '52O502'") as caught:
        roll_up_columns(codes, np.ones(len(codes)), "mu", "county", dataset=ds, repeats="sum")
    assert caught.value.record == "row 17000"


@pytest.mark.parametrize("dtype", ["<U6", object, np.int64])
def test_no_rows_give_no_totals(ds: Dataset, dtype: object) -> None:
    result = roll_up_columns(
        np.array([], dtype=dtype),  # type: ignore[call-overload]
        np.array([]),
        "mu",
        "prefecture",
        dataset=ds,
    )
    assert len(result) == 0
    assert result.excluded == ()


def test_twelve_digit_codes_go_through_the_sorted_table(ds: Dataset) -> None:
    township = roll_up_columns(
        np.array([520502116, 520525202]), [1.0, 2.0], "mu", "county", dataset=ds
    )
    assert township.codes.tolist() == ["520502", "520525"]


@pytest.mark.parametrize(
    ("codes", "bad"),
    [
        (np.array(["520502", "529999"]), "529999"),
        (np.array(["520502", "0520502"]), "0520502"),
        (np.array(["520502", ""]), ""),
        (np.array([520502, -5]), "-5"),
        (np.array(["520502", "52 502"]), "52 502"),
        (np.array(["520502", "no-such-village"], dtype=object), "no-such-village"),
    ],
)
def test_a_code_not_in_the_tree_is_named_with_its_row(
    ds: Dataset, codes: np.ndarray, bad: str
) -> None:
    with pytest.raises(NotFoundError, match=f"code '{bad}'") as caught:
        roll_up_columns(codes, [1.0, 2.0], "mu", "county", dataset=ds)
    assert caught.value.record == "row 1"
    assert caught.value.field == "codes"


def test_bad_columns_are_refused(ds: Dataset) -> None:
    codes = np.array(["520502", "520525"])
    with pytest.raises(ValidationError, match="one-dimensional"):
        roll_up_columns(codes.reshape(1, 2), [1.0, 2.0], "mu", "county", dataset=ds)
    with pytest.raises(ValidationError, match="2 rows"):
        roll_up_columns(codes, [1.0], "mu", "county", dataset=ds)
    with pytest.raises(ValidationError, match="not a finite number"):
        roll_up_columns(codes, [1.0, NAN], "mu", "county", dataset=ds)
    with pytest.raises(ValidationError, match="above the value") as caught:
        roll_up_columns(codes, [1.0, 2.0], "mu", "county", lower=[1.0, 3.0], dataset=ds)
    assert caught.value.record == "row 1"
    with pytest.raises(ValidationError, match="infinite"):
        roll_up_columns(codes, [1.0, 2.0], "mu", "county", upper=[1.0, np.inf], dataset=ds)
    with pytest.raises(ValidationError, match="keys"):
        roll_up_columns(codes, [1.0, 2.0], "mu", "county", keys=[2020.0, 2021.0], dataset=ds)
    with pytest.raises(ValidationError, match="dtype"):
        roll_up_columns(np.array([1.5, 2.5]), [1.0, 2.0], "mu", "county", dataset=ds)
    with pytest.raises(ValidationError, match="nested"):
        roll_up_columns(codes, [1.0, 2.0], "mu", "county", dataset=ds, nested="sum")  # type: ignore[arg-type]


def test_an_overflowing_total_is_an_error(ds: Dataset) -> None:
    with pytest.raises(ValidationError, match="overflows"):
        roll_up_columns(np.array(["520502", "520525"]), [1.7e308] * 2, "mu", "province", dataset=ds)


def test_missing_bounds_propagate_as_nan(ds: Dataset) -> None:
    result = roll_up_columns(
        np.array(["520502", "520525", "520100"]),
        [7800.0, 4800.0, 10.0],
        "mu",
        "prefecture",
        lower=[7800.0, 4800.0, 10.0],
        upper=[NAN, NAN, 10.0],
        dataset=ds,
    )
    assert result.lower.tolist() == [10.0, 12600.0]
    assert np.isnan(result.upper[1])
    assert str(result.measure(1)) == "at least 12,600 mu"
    assert result.measure(0).qualifier is Qualifier.EXACT


def test_measures_read_from_the_bounds(ds: Dataset) -> None:
    codes = np.array(["520502", "520525", "520526", "520521"])
    result = roll_up_columns(
        codes,
        [3.0, 1.0, 5.0, 2.0],
        "mu",
        "county",
        lower=[2.0, NAN, NAN, 2.0],
        upper=[4.0, 1.0, NAN, 2.0],
        dataset=ds,
    )
    by_code = {code: result.measure(row) for row, code in enumerate(result.codes.tolist())}
    assert by_code["520502"].qualifier is Qualifier.RANGE
    assert by_code["520525"].qualifier is Qualifier.AT_MOST  # the words are not in the columns
    assert by_code["520526"].qualifier is Qualifier.ABOUT
    assert by_code["520521"].qualifier is Qualifier.EXACT


def test_keys_split_totals_and_double_counting(ds: Dataset) -> None:
    codes = np.array(["520502", "520500", "520502", "520525"])
    with pytest.raises(DoubleCountingError, match="520502 lies inside 520500"):
        roll_up_columns(codes, [1.0, 2.0, 3.0, 4.0], "mu", "prefecture", dataset=ds)
    by_year = roll_up_columns(
        codes, [1.0, 2.0, 3.0, 4.0], "mu", "prefecture", keys=[2020, 2021, 2022, 2020], dataset=ds
    )
    assert by_year.keys is not None
    assert by_year.keys.tolist() == [2020, 2021, 2022]
    assert by_year.magnitudes.tolist() == [5.0, 2.0, 3.0]
    with pytest.raises(DoubleCountingError, match=r"\(2021\)"):
        roll_up_columns(
            codes,
            [1.0, 2.0, 3.0, 4.0],
            "mu",
            "prefecture",
            keys=[2021, 2021, 2022, 2020],
            dataset=ds,
        )


def test_a_code_repeated_within_a_key_is_refused_unless_summed(ds: Dataset) -> None:
    codes = np.array(["520502", "520502", "520525"])
    with pytest.raises(DoubleCountingError, match="repeats='sum'") as caught:
        roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", dataset=ds)
    assert caught.value.conflicts[0].relation == "same subject"
    with pytest.raises(DoubleCountingError, match=r"520502 .*\(2020\)"):
        roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", keys=[2020] * 3, dataset=ds)
    with pytest.raises(DoubleCountingError, match="more than one value"):
        roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", keys=[0, 0, 10**15], dataset=ds)
    apart = roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", keys=[1, 2, 1], dataset=ds)
    assert apart.magnitudes.tolist() == [5.0, 2.0]
    summed = roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", dataset=ds, repeats="sum")
    assert summed.magnitudes.tolist() == [7.0]
    with pytest.raises(ValidationError, match="repeats"):
        roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "prefecture", repeats="add")  # type: ignore[arg-type]


def test_keep_outer_drops_the_inner_rows_only_where_they_meet(ds: Dataset) -> None:
    codes = np.array(["520502", "520500", "520502", "520525"])
    result = roll_up_columns(
        codes,
        [1.0, 2.0, 3.0, 4.0],
        "mu",
        "prefecture",
        keys=[2021, 2021, 2022, 2021],
        dataset=ds,
        nested="keep_outer",
    )
    assert result.magnitudes.tolist() == [2.0, 3.0]  # 2021: Bijie's own 2; 2022: the county's 3
    assert (result.dropped, result.dropped_rows) == (("520502", "520525"), 2)


def test_same_place_codes_are_refused_even_keeping_outer(ds: Dataset) -> None:
    # Qianxi County 520522 became Qianxi City 520581.
    codes = np.array(["520522", "520581"])
    with pytest.raises(DoubleCountingError, match="same place"):
        roll_up_columns(codes, [1.0, 2.0], "mu", "prefecture", dataset=ds, nested="keep_outer")
    apart = roll_up_columns(codes, [1.0, 2.0], "mu", "prefecture", keys=[2010, 2020], dataset=ds)
    assert apart.magnitudes.tolist() == [1.0, 2.0]


def test_rows_above_the_level_are_excluded_and_counted(ds: Dataset) -> None:
    codes = np.array(["520000", "520502", "520000", "guian-new-area"])  # repeats not counted
    result = roll_up_columns(codes, [1.0, 2.0, 3.0, 4.0], "mu", "prefecture", dataset=ds)
    assert sums(result) == {"520500": 2.0}
    assert [e.id for e in result.excluded] == ["520000", "guian-new-area"]
    assert "spans several prefectures" in result.excluded[1].reason
    assert result.excluded_rows == 3


def test_groupings_and_regions_as_targets(ds: Dataset) -> None:
    codes = np.array(["520502", "451202", "110000"])
    southwest = roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "southwest-china", dataset=ds)
    assert sums(southwest) == {"southwest-china": 3.0}
    assert southwest.excluded[0].id == "110000"
    in_guizhou = roll_up_columns(codes, [1.0, 2.0, 4.0], "mu", "Guizhou", dataset=ds)
    assert sums(in_guizhou) == {"520000": 1.0}


def test_units_are_harmonized_after_summing(ds: Dataset) -> None:
    codes = np.array(["520502", "520525"])
    result = roll_up_columns(codes, [15.0, 30.0], "mu", "prefecture", to_unit="hectare", dataset=ds)
    assert (result.unit, result.magnitudes.tolist()) == ("hectare", [3.0])
    with pytest.raises(ConversionError):
        roll_up_columns(codes, [1.0, 2.0], "mu", "prefecture", to_unit="CNY", dataset=ds)
    with pytest.raises(ConversionError, match="on="):
        roll_up_columns(codes, [1.0, 2.0], "CNY", "prefecture", to_unit="USD", dataset=ds)
    dollars = roll_up_columns(
        codes, [1.0, 2.0], "wan * CNY", "prefecture", to_unit="USD", on=2021, dataset=ds
    )
    assert dollars.magnitudes[0] == pytest.approx(30_000 / 6.4491)


def test_convert_column() -> None:
    converted = convert_column(np.array([15.0, NAN, 30.0]), "mu", "hectare")
    assert converted[0] == 1.0
    assert np.isnan(converted[1])
    same = np.array([1.0])
    assert convert_column(same, "mu", "mu") is not same  # always a new array
    assert convert_column([100.0], "CNY", "USD", on=2021)[0] == pytest.approx(100 / 6.4491)
    with pytest.raises(ConversionError):
        convert_column([1.0], "mu", "tonne")


class Buffered:
    """An object handing numpy its own buffer, even when asked for a copy."""

    def __init__(self, values: list[float]) -> None:
        self.values = np.array(values)

    def __array__(self, dtype: object = None, copy: object = None) -> np.ndarray:
        return self.values


@pytest.mark.parametrize(
    "make",
    [
        lambda: np.array([15.0, NAN, 30.0]),
        lambda: np.array([15.0, 0.0, NAN, 0.0, 30.0])[::2],  # a strided view
        lambda: np.array([15.0, NAN, 30.0], dtype=np.float32),
        lambda: [15.0, NAN, 30.0],
        lambda: Buffered([15.0, NAN, 30.0]),
    ],
)
@pytest.mark.parametrize(("to_unit", "factor"), [("hectare", 1 / 15), ("meter ** 2", 10_000 / 15)])
def test_convert_column_leaves_its_input_unchanged(
    make: object, to_unit: str, factor: float
) -> None:
    values = make()  # type: ignore[operator]
    before = np.asarray(values, dtype=np.float64).copy()
    converted = convert_column(values, "mu", to_unit)
    np.testing.assert_allclose(converted, [15.0 * factor, NAN, 30.0 * factor], rtol=1e-7)
    np.testing.assert_array_equal(np.asarray(values, dtype=np.float64), before)
    assert converted.dtype == np.float64
    assert not np.shares_memory(converted, np.asarray(values))


def test_convert_column_of_integers_and_through_a_rate() -> None:
    counts = np.array([15, 30, 45])
    assert convert_column(counts, "mu", "hectare").tolist() == [1.0, 2.0, 3.0]
    assert counts.tolist() == [15, 30, 45]
    money = np.array([100.0, NAN])
    dollars = convert_column(money, "CNY", "USD", on=2021)
    assert dollars[0] == pytest.approx(100 / 6.4491)
    assert np.isnan(dollars[1])
    assert money[0] == 100.0
    assert convert_column(np.array([20.0]), "degC", "kelvin")[0] == pytest.approx(293.15)


def test_convert_column_refuses_an_overflow_and_keeps_infinities_given() -> None:
    with pytest.raises(ConversionError, match="overflows"):
        convert_column(np.array([1.0, 1e308]), "kilometer", "millimeter")
    with pytest.raises(ConversionError, match="overflows"):
        convert_column([1e308], "kilometer", "millimeter")  # a copy of our own, scaled in place
    given = convert_column(np.array([np.inf, 1.0]), "kilometer", "meter")
    assert given.tolist() == [np.inf, 1000.0]


def test_wide_ranging_keys_are_factorized(ds: Dataset) -> None:
    codes = np.array(["520502", "520525", "520502"])
    result = roll_up_columns(
        codes, [1.0, 2.0, 4.0], "mu", "prefecture", keys=[0, 10**15, 0], dataset=ds, repeats="sum"
    )
    assert result.keys is not None
    assert result.keys.tolist() == [0, 10**15]
    assert result.magnitudes.tolist() == [5.0, 2.0]


def test_the_object_and_columnar_paths_agree_on_the_bundled_data(ds: Dataset) -> None:
    kinds = {
        (i.metric.key, i.item, str(i.period), i.status.value)
        for i in ds.indicators
        if i.metric.additive and not i.breakdown and i.scope is Scope.SUBJECT
    }
    assert len(kinds) >= 4
    for metric, item, period, status in sorted(kinds, key=str):
        values = ds.query(metric=metric, period_equals=period, status=status).filter(
            lambda i, item=item: i.item == item and i.scope is Scope.SUBJECT
        )
        try:
            table = indicator_columns(values)
        except ConversionError:  # yuan beside dollars: no column without a rate
            continue
        for level in ("village", "county", "prefecture", "province", "country"):

            def by_columns(level: str = level, table: IndicatorColumns = table) -> ColumnRollUp:
                return roll_up_columns(
                    table.codes,
                    table.magnitudes,
                    table.unit,
                    level,
                    lower=table.lower,
                    upper=table.upper,
                    dataset=ds,
                    repeats="sum",
                )

            try:
                objects = roll_up(values, level, repeats="sum")
            except DoubleCountingError:  # a place and one inside it: both paths refuse
                with pytest.raises(DoubleCountingError):
                    by_columns()
                continue
            columns = by_columns()
            assert columns.codes.tolist() == [record.code for record in objects]
            assert [e.id for e in columns.excluded] == sorted(
                {ds.indicators[e.id].subject_id for e in objects.excluded}
            )
            for row, record in enumerate(objects):
                assert columns.measure(row).magnitude == pytest.approx(record.total.magnitude)
                assert columns.lower[row] == pytest.approx(
                    record.total.lower_magnitude or NAN, nan_ok=True
                )
                assert columns.upper[row] == pytest.approx(
                    record.total.upper_magnitude or NAN, nan_ok=True
                )


def test_indicator_columns_convert_to_one_unit(ds: Dataset) -> None:
    walnuts = ds.query(subject="Hechi", metric="planted_area", item="walnut")
    table = indicator_columns(walnuts, "hectare")  # the goal and the goal achieved
    assert table.unit == "hectare"
    assert table.magnitudes.sum() == pytest.approx(6_000_000 / 15)
    assert table.lower.tolist() == pytest.approx([200_000, 200_000])
    assert len(table.ids) == 2
    empty = indicator_columns([])
    assert (empty.unit, len(empty.codes)) == ("dimensionless", 0)
    with pytest.raises(ConversionError):
        indicator_columns([ds.indicators["s000-taoying-cherry-area"]], "CNY")


def test_a_large_table_matches_a_plain_numpy_reference(ds: Dataset) -> None:
    counties = [r.code for r in ds.regions if r.level is sw.Level.COUNTY and ds.is_current(r)]
    generator = np.random.default_rng(1)
    codes = np.array(counties)[generator.integers(0, len(counties), 20_000)]
    values = generator.uniform(0, 100, len(codes))
    result = roll_up_columns(codes, values, "mu", "prefecture", dataset=ds, repeats="sum")
    prefecture = np.array([ds.regions[code].parent for code in codes.tolist()])
    names, inverse = np.unique(prefecture, return_inverse=True)
    expected = np.zeros(len(names))
    np.add.at(expected, inverse, values)
    assert result.codes.tolist() == names.tolist()
    np.testing.assert_allclose(result.magnitudes, expected, rtol=1e-12)
    assert result.counts.sum() == len(codes)


def test_a_measure_for_a_count_column() -> None:
    assert Q_(1, "wan").to("dimensionless").magnitude == 10_000  # counts are dimensionless
