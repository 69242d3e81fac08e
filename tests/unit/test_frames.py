"""Indicators and regions as plain columns and pandas DataFrames."""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd
import pytest

import swchina_dev as sw
from swchina_dev.errors import MissingDependencyError
from swchina_dev.tabular.frames import (
    INDICATOR_COLUMNS,
    REGION_COLUMNS,
    indicators_as_columns,
    indicators_frame,
    regions_as_columns,
    regions_frame,
)


@pytest.fixture(scope="module")
def bundled() -> sw.Dataset:
    return sw.load()


def test_one_row_per_indicator_with_readable_columns(bundled: sw.Dataset) -> None:
    frame = indicators_frame(bundled)
    assert list(frame.columns) == list(INDICATOR_COLUMNS)
    assert len(frame) == len(bundled.indicators)
    row = frame.set_index("id").loc["s000-chengmanyuan-fruit-area"]
    assert row["subject_id"] == "520502116-chengmanyuan"
    assert row["subject_name"] == bundled.get("520502116-chengmanyuan").name
    assert (row["metric"], row["magnitude"], row["unit"]) == ("planted_area", 7800.0, "mu")
    assert row["lower"] == 7800.0
    assert np.isnan(row["upper"])
    assert row["qualifier"] == "at_least"
    assert row["period"] == "asof:2025-01-23"
    assert row["period_start"] == pd.Timestamp("2025-01-23")
    assert row["status"] == "reported"
    assert row["source"] == "s000-peoples-daily-2025-01-23"
    assert row["tags"] == ["agriculture"]
    assert (row["conversion_magnitude"], row["conversion_unit"]) == (520.0, "hectare")


def test_dtypes_are_for_analysis(bundled: sw.Dataset) -> None:
    frame = indicators_frame(bundled)
    for name in ("magnitude", "lower", "upper", "conversion_magnitude"):
        assert frame[name].dtype == np.float64
    assert str(frame["period_start"].dtype) == "datetime64[s]"
    frame = regions_frame(bundled)
    assert list(frame.columns) == list(REGION_COLUMNS)
    assert frame["lat"].dtype == np.float64
    assert str(frame["valid_to"].dtype) == "datetime64[s]"
    assert frame["valid_to"].isna().sum() > 0


def test_a_selection_brings_its_dataset_for_names(bundled: sw.Dataset) -> None:
    selection = bundled.query(metric="planted_area")
    assert indicators_frame(selection)["subject_name"].notna().all()
    # Plain indicators have no dataset to name their subjects: pass one.
    plain = list(selection)
    assert indicators_frame(plain)["subject_name"].isna().all()
    assert indicators_frame(plain, dataset=bundled)["subject_name"].notna().all()


def test_a_unit_converts_every_row(bundled: sw.Dataset) -> None:
    frame = indicators_frame(bundled.query(metric="planted_area"), unit="hectare")
    assert set(frame["unit"]) == {"hectare"}
    walnuts = frame.set_index("id").loc["s002-hechi-walnut-area-goal"]
    assert walnuts["magnitude"] == pytest.approx(200_000)
    with pytest.raises(sw.ConversionError):
        indicators_frame(bundled, unit="hectare")


def test_unit_dtypes_with_pint_pandas(bundled: sw.Dataset) -> None:
    areas = bundled.query(metric="planted_area")
    frame = indicators_frame(areas, unit="hectare", quantities=True)
    assert str(frame["magnitude"].dtype).startswith("pint[hectare]")
    total = frame["magnitude"].sum()
    assert total.units == sw.ureg.hectare
    assert total.to("mu").magnitude == pytest.approx(
        sum(i.measure.to("mu").magnitude for i in areas)
    )
    with pytest.raises(sw.ValidationError, match="one unit per column"):
        indicators_frame(bundled, quantities=True)


def test_columns_keep_exact_values(bundled: sw.Dataset) -> None:
    columns = indicators_as_columns(bundled.query(subject="520500", metric="duration"))
    assert columns["magnitude"] == [30]
    assert isinstance(columns["magnitude"][0], int)
    regions = regions_as_columns([bundled.regions["520500"]])
    assert regions["level"] == ["prefecture"]


def test_without_pandas_the_error_names_the_extra(
    bundled: sw.Dataset, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(MissingDependencyError, match=r"swchina-dev\[pandas\]"):
        indicators_frame(bundled)
    with pytest.raises(MissingDependencyError, match=r"swchina-dev\[pandas\]"):
        regions_frame(bundled)
