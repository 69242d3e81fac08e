"""Properties of #17: interrupted writes keep a copy, manifest paths stay inside, Q_ is safe.

- a write that fails at any point (any number of bytes in) leaves the old file or folder as it
  was, byte for byte, and no temporary copy beside it;
- any path a manifest names, whatever its `..`, `.`, `/` and names, is read only if it lies
  inside the dataset folder: the file outside is never loaded;
- any text given to `Q_` gives a quantity or a UnitError, quickly.
"""

from __future__ import annotations

import datetime as dt
import errno
import functools
import json
import os
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import swchina_dev as sw
from swchina_dev.files import atomic, read_dataset, write_dataset

FEW = settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TOP = [r for r in sw.load().regions if r.level in (sw.Level.COUNTRY, sw.Level.PROVINCE)]
SMALL = sw.Dataset(regions=TOP, data_version="small")
OTHER = sw.Dataset(regions=TOP, data_version="other")
HEADER = "code,name,name_zh,pinyin,level,kind,parent\n"


def files_of(path: Path) -> dict[str, bytes]:
    if path.is_file():
        return {"": path.read_bytes()}
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


@functools.cache
def _largest(dataset: sw.Dataset, form: str) -> int:
    """The longest file the dataset writes in this form, in characters."""
    with tempfile.TemporaryDirectory() as scratch:
        target = write_dataset(dataset, Path(scratch) / "d", format=form)
        files = [target] if target.is_file() else list(target.iterdir())
        return max(len(p.read_text(encoding="utf-8")) for p in files)


@FEW
@given(st.integers(min_value=0, max_value=20_000), st.sampled_from(["json", "csv"]))
def test_a_write_failing_anywhere_keeps_the_old_copy(written: int, form: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        target = Path(scratch) / ("data.json" if form == "json" else "data")
        write_dataset(SMALL, target, format=form)
        before = files_of(target)
        real_open = Path.open

        def failing_open(path: Path, mode: str = "r", *args: object, **kwargs: object) -> object:
            file = real_open(path, mode, *args, **kwargs)  # type: ignore[call-overload]
            if "w" not in mode:
                return file
            budget = [written]
            original = file.write

            def write(text: str) -> int:
                if len(text) > budget[0]:
                    original(text[: budget[0]])
                    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
                budget[0] -= len(text)
                return int(original(text))

            file.write = write
            return file

        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(Path, "open", failing_open)
            try:
                write_dataset(OTHER, target, format=form)
            except sw.DataFileError:
                failed = True
            else:
                failed = False
        version = read_dataset(target).data_version
        if failed:  # the old copy, byte for byte
            assert files_of(target) == before
        else:  # the write fitted in the budget: the new copy
            assert version == "other"
        assert failed == (written < _largest(OTHER, form))  # the failure did happen
        assert sorted(p.name for p in target.parent.iterdir()) == [target.name]


SEGMENTS = st.sampled_from(["..", ".", "", "regions.csv", "outside.csv", "data", "sub", "/"])


@FEW
@given(st.lists(SEGMENTS, min_size=1, max_size=6).map("/".join))
def test_a_manifest_path_is_read_only_inside_the_folder(name: str) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        data = write_dataset(SMALL, root / "data", format="csv")
        (root / "outside.csv").write_text(
            HEADER + "520502-far,Far Away,远方,Yuǎnfāng,village,village,520502\n",
            encoding="utf-8",
        )
        manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
        manifest["files"]["regions"] = name
        (data / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
        inside = (data / name).resolve().is_relative_to(data.resolve())
        if inside:  # read (or reported missing), and never the file outside
            try:
                dataset = read_dataset(data)
            except sw.InvalidFileError as error:
                message = str(error)
            else:
                message = ""
                assert "520502-far" not in dataset.regions
            assert "Far Away" not in message
            assert "520502-far" not in message
        else:
            with pytest.raises(sw.InvalidFileError, match="outside the dataset folder"):
                read_dataset(data)


@settings(max_examples=500, deadline=dt.timedelta(seconds=1))
@given(
    st.one_of(
        st.text(max_size=60),
        st.text(alphabet="0123456789*/^ ()m.e+-", max_size=40),
    )
)
def test_any_text_gives_a_quantity_or_a_unit_error(text: str) -> None:
    try:
        quantity = sw.Q_(text)
    except sw.UnitError:
        return
    assert quantity.units == quantity.units  # a real quantity of the registry


def test_the_folder_swap_is_one_step_here() -> None:
    # On Linux the swap is renameat2(RENAME_EXCHANGE): no moment without the folder.
    if os.uname().sysname != "Linux":  # pragma: no cover - other systems use two renames
        pytest.skip("renameat2 is Linux")
    with tempfile.TemporaryDirectory() as scratch:
        first, second = Path(scratch) / "a", Path(scratch) / "b"
        first.mkdir()
        second.mkdir()
        (first / "x").write_text("a", encoding="utf-8")
        assert atomic._exchange(first, second)
        assert (second / "x").read_text(encoding="utf-8") == "a"
        assert not any(first.iterdir())
