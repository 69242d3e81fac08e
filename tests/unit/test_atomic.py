"""Atomic, polite writes: a failed write keeps the previous copy; a user's folder is refused."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
from pathlib import Path

import pytest

import swchina_dev as sw
from swchina_dev.cli import main
from swchina_dev.files import atomic, datasets, read_dataset, write_dataset, write_records
from swchina_dev.files.drafts import write_drafts


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file under `path` (or `path` itself) by relative name, with its bytes."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*"))}


def siblings(path: Path) -> list[str]:
    return sorted(p.name for p in path.parent.iterdir())


@pytest.fixture(scope="module")
def bundled() -> sw.Dataset:
    return sw.load()


@pytest.fixture(scope="module")
def other(bundled: sw.Dataset) -> sw.Dataset:
    return with_version(bundled, "other")


def with_version(dataset: sw.Dataset, version: str) -> sw.Dataset:
    """The same records under another data version (so that its files differ)."""
    names = ("regions", "groupings", "zones", "enterprises", "sources", "metrics", "indicators")
    return sw.Dataset(
        **{name: getattr(dataset, name) for name in names},
        items=dataset.items,
        data_version=version,
    )


def full_disk_after(limit: int) -> object:
    """A writer of text that fails with ENOSPC after `limit` characters, as a full disk does."""

    def write(path: Path, text: str) -> None:
        with path.open("w", encoding="utf-8") as file:
            file.write(text[:limit])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    return write


def test_a_failed_json_write_keeps_the_old_document(
    bundled: sw.Dataset, other: sw.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = write_dataset(bundled, tmp_path / "data.json")
    before = snapshot(target)
    monkeypatch.setattr(datasets, "_write_text", full_disk_after(1000))
    with pytest.raises(sw.DataFileError, match="No space left"):
        write_dataset(other, target)
    assert snapshot(target) == before
    assert siblings(target) == ["data.json"]  # no temporary file left


@pytest.mark.parametrize("failing_after", [0, 3, 7])
def test_a_failed_folder_write_keeps_the_old_folder_byte_for_byte(
    bundled: sw.Dataset,
    other: sw.Dataset,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    failing_after: int,
) -> None:
    target = write_dataset(bundled, tmp_path / "data", format="csv")
    before = snapshot(target)
    written = []
    real = datasets.write_csv

    def write_csv(records: object, cls: type, path: Path) -> None:
        if len(written) == failing_after:
            raise OSError(errno.EFBIG, os.strerror(errno.EFBIG))
        written.append(path.name)
        real(records, cls, path)  # type: ignore[arg-type]

    monkeypatch.setattr(datasets, "write_csv", write_csv)
    with pytest.raises(sw.DataFileError, match="File too large"):
        write_dataset(other, target, format="csv")
    assert snapshot(target) == before
    assert siblings(target) == ["data"]


def test_the_folder_is_swapped_without_renameat2_too(
    bundled: sw.Dataset, other: sw.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(atomic, "_exchange", lambda first, second: False)
    target = write_dataset(bundled, tmp_path / "data", format="csv")
    write_dataset(other, target, format="csv")
    assert read_dataset(target).data_version == "other"
    assert siblings(target) == ["data"]


def test_a_file_size_limit_keeps_the_old_file(bundled: sw.Dataset, tmp_path: Path) -> None:
    target = write_records(bundled.regions, tmp_path / "regions.csv")
    before = snapshot(target)
    script = (
        "import resource, sys, swchina_dev as sw\n"
        "from swchina_dev.files import write_records\n"
        "resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000))\n"
        "try:\n"
        f"    write_records(list(sw.load().regions)[::-1], {str(target)!r})\n"
        "except sw.DataFileError as error:\n"
        "    print(error)\n"
    )
    environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, env=environment, check=True
    )
    assert "cannot write: File too large" in result.stdout, result.stderr
    assert snapshot(target) == before
    assert siblings(target) == ["regions.csv"]


def test_a_failed_parquet_write_does_not_delete_the_target(
    bundled: sw.Dataset, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pyarrow = pytest.importorskip("pyarrow")
    parquet = pytest.importorskip("pyarrow.parquet")
    from swchina_dev.tabular.arrow import write_parquet

    target = write_parquet(bundled, tmp_path / "indicators.parquet")
    before = snapshot(target)

    def failing(table: object, where: str) -> None:
        Path(where).write_bytes(b"PAR1 half")
        raise pyarrow.ArrowInvalid("cannot write this")

    monkeypatch.setattr(parquet, "write_table", failing)
    with pytest.raises(sw.DataFileError, match="cannot write this"):
        write_parquet(bundled, target)
    assert snapshot(target) == before
    assert siblings(target) == ["indicators.parquet"]


def test_a_folder_of_someone_elses_files_is_refused(bundled: sw.Dataset, tmp_path: Path) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "regions.csv").write_text("my own table\n", encoding="utf-8")
    before = snapshot(target)
    with pytest.raises(sw.DataFileError, match=r"overwrite=True \(command line: --overwrite\)"):
        write_dataset(bundled, target, format="csv")
    with pytest.raises(sw.DataFileError, match="did not write"):
        write_drafts([], target)
    assert snapshot(target) == before
    write_dataset(bundled, target, format="csv", overwrite=True)
    assert read_dataset(target).data_version == bundled.data_version


def test_our_own_folder_is_replaced_but_not_with_a_stranger_in_it(
    bundled: sw.Dataset, other: sw.Dataset, tmp_path: Path
) -> None:
    target = write_dataset(bundled, tmp_path / "data", format="csv")
    write_dataset(other, target, format="csv")  # ours: replaced
    assert read_dataset(target).data_version == "other"
    (target / "notes.txt").write_text("keep me", encoding="utf-8")
    with pytest.raises(sw.DataFileError, match="did not write"):
        write_dataset(bundled, target, format="csv")
    assert (target / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_drafts_folders_are_ours_to_replace(tmp_path: Path) -> None:
    drafts = sw.extract("Hechi has more than 170,000 people relocated.", date="2022-10-12")
    folder = write_drafts(drafts, tmp_path / "drafts")
    write_drafts(drafts, folder, format="json")  # its manifest lists the CSV files: replaced
    assert sorted(p.name for p in folder.iterdir()) == [
        "indicators.json",
        "manifest.json",
        "review.json",
        "sources.json",
    ]


def test_the_command_line_says_how_to_overwrite(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "mine"
    target.mkdir()
    (target / "regions.csv").write_text("my own table\n", encoding="utf-8")
    assert main(["export", str(target), "--format", "csv"]) == 1
    assert "--overwrite" in capsys.readouterr().err
    assert (target / "regions.csv").read_text(encoding="utf-8") == "my own table\n"
    assert main(["export", str(target), "--format", "csv", "--overwrite"]) == 0
    assert read_dataset(target).data_version == sw.load().data_version


def test_a_file_where_a_folder_goes_is_refused(bundled: sw.Dataset, tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file", encoding="utf-8")
    with pytest.raises(sw.DataFileError, match="a file is there"):
        write_dataset(bundled, blocker, format="csv")
    with pytest.raises(sw.DataFileError, match="a folder is there"):
        write_dataset(bundled, tmp_path, format="json")
    assert blocker.read_text(encoding="utf-8") == "a file"
