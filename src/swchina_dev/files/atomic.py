r"""Atomic writes: a file or a whole folder is replaced completely, or not at all.

Every writer of the library ([write_records][swchina_dev.files.write_records],
[write_dataset][swchina_dev.files.write_dataset], [write_drafts][swchina_dev.files.write_drafts],
`write_parquet`, `write_datapackage`, `swchina-dev export`) goes through this module:

- a file is written to a temporary file beside it (same folder, so the same file system),
  flushed to disk (`fsync`) and renamed over the target (`os.replace`, atomic on POSIX and
  Windows); the folder is then flushed, so the rename itself survives a power cut;
- a folder is written to a temporary folder beside it, every file flushed, and swapped with the
  old folder in one step (Linux `renameat2(RENAME_EXCHANGE)`; elsewhere two renames a moment
  apart, the old copy kept aside until the new one is in place);
- on any failure (an error, a full disk, a file-size limit, a process killed midway) the
  temporary copy is removed (or, after a kill, left as a hidden `.NAME.*.tmp` sibling) and the
  previous copy stays byte for byte.

Folders are polite: a folder is replaced only when it does not exist, is empty, or holds only
what the library wrote there (its `manifest.json` says so); anything else (a user's own
`regions.csv`, a note beside the data) is refused unless the caller passes `overwrite=True`
(command line: `--overwrite`).

Examples:
    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "notes.txt"
    >>> with replacing_file(target) as temporary:
    ...     _ = temporary.write_text("new", encoding="utf-8")
    >>> target.read_text(encoding="utf-8")
    'new'
    >>> with replacing_file(target) as temporary:
    ...     _ = temporary.write_text("half", encoding="utf-8")
    ...     raise RuntimeError("the disk is full")
    Traceback (most recent call last):
    ...
    RuntimeError: the disk is full
    >>> target.read_text(encoding="utf-8"), sorted(p.name for p in target.parent.iterdir())
    ('new', ['notes.txt'])
"""

from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import errno
import functools
import json
import os
import shutil
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, Final, NoReturn

from swchina_dev.errors import DataFileError
from swchina_dev.files.assembly import DATASET_FORMAT, MANIFEST, OWNED_KEY

__all__ = ["folder_is_ours", "replacing_file", "replacing_folder"]

# The largest manifest looked at to tell whether a folder is ours (bytes).
_MANIFEST_BYTES: Final = 1 << 20
_RENAME_EXCHANGE: Final = 2
_AT_FDCWD: Final = -100


def _failure(error: OSError, path: Path) -> DataFileError:
    return DataFileError(f"cannot write: {error.strerror or error}", file=str(path))


def _reraise(error: BaseException, target: Path) -> NoReturn:
    """Raise a failed write's error: a library error for the system's and encoding's."""
    if isinstance(error, OSError):
        raise _failure(error, target) from None
    if isinstance(error, UnicodeError):  # a lone surrogate the models did not see
        raise DataFileError(
            f"cannot write: text that is not valid Unicode ({error})", file=str(target)
        ) from None
    raise error


def _fsync_folder(folder: Path) -> None:
    """Flush a folder's entries (a rename in it) to disk, where the system allows it."""
    if sys.platform == "win32":  # folders cannot be opened; NTFS journals renames
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _fsync_file(path: Path) -> None:
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@functools.cache
def _umask() -> int:
    # Reading the umask means setting it: once, and back at once.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _file_mode(target: Path) -> int:
    """The mode a new file gets: the replaced file's, else what `open` would give."""
    try:
        return stat.S_IMODE(os.stat(target).st_mode)
    except OSError:
        return 0o666 & ~_umask()


def _check_target_path(target: Path) -> None:
    if target.name in ("", ".", ".."):
        raise DataFileError(
            f"cannot write {str(target)!r}: name a file or a folder", file=str(target)
        )


@contextlib.contextmanager
def replacing_file(path: Path) -> Iterator[Path]:
    """Yield a temporary path beside `path`; when the block ends, put it in place of `path`.

    The block writes the whole file to the temporary path. If it raises, the temporary file is
    removed and `path` is as it was; otherwise the file is flushed and renamed over `path`.

    Raises:
        DataFileError: The file cannot be written (no space, no permission, a folder there).
    """
    target = Path(path)
    _check_target_path(target)
    if target.is_dir():
        raise DataFileError("cannot write: a folder is there, not a file", file=str(target))
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        descriptor, name = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name[:80]}.", suffix=".tmp"
        )
    except OSError as error:
        raise _failure(error, target) from None
    temporary = Path(name)
    try:
        os.close(descriptor)
        os.chmod(temporary, _file_mode(target))
        yield temporary
        _fsync_file(temporary)
        os.replace(temporary, target)
        _fsync_folder(target.parent)
    except BaseException as error:
        with contextlib.suppress(OSError):
            temporary.unlink()
        _reraise(error, target)


@functools.cache
def _renameat2() -> Callable[..., int] | None:
    """Libc's `renameat2` (Linux, glibc 2.28 or later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
        function: Callable[..., int] = libc.renameat2
    except (OSError, AttributeError):
        return None
    return function


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step; False when the system cannot (then nothing changed)."""
    function = _renameat2()
    if function is None:
        return False
    result = function(
        _AT_FDCWD, os.fsencode(first), _AT_FDCWD, os.fsencode(second), _RENAME_EXCHANGE
    )
    if result == 0:
        return True
    error = ctypes.get_errno()
    if error in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not on this file system
        return False
    raise OSError(error, os.strerror(error), str(second))


def _manifest_files(folder: Path) -> set[str] | None:
    """The names a manifest of ours says the library wrote in `folder`; None if it is not ours."""
    manifest = folder / MANIFEST
    try:
        if not stat.S_ISREG(os.lstat(manifest).st_mode):
            return None
        with manifest.open("rb") as file:
            data = file.read(_MANIFEST_BYTES + 1)
        document = json.loads(data.decode("utf-8-sig")) if len(data) <= _MANIFEST_BYTES else None
    except (OSError, ValueError, RecursionError):
        return None
    if not isinstance(document, dict) or document.get("format") != DATASET_FORMAT:
        return None
    names = {MANIFEST}
    for listed in (document.get("files"), document.get(OWNED_KEY)):
        values: Iterable[Any] = listed.values() if isinstance(listed, dict) else listed or ()
        if not isinstance(values, (list, tuple, type({}.values()))):
            return None
        names.update(value for value in values if isinstance(value, str))
    return names


def folder_is_ours(folder: Path) -> bool:
    """Whether `folder` is missing, empty, or holds only files its manifest says we wrote.

    Examples:
        >>> import tempfile, pathlib
        >>> folder = pathlib.Path(tempfile.mkdtemp())
        >>> folder_is_ours(folder)
        True
        >>> _ = (folder / "regions.csv").write_text("mine", encoding="utf-8")
        >>> folder_is_ours(folder)
        False
    """
    try:
        entries = {entry.name for entry in os.scandir(folder)}
    except (FileNotFoundError, NotADirectoryError):  # nothing there (writing it will say why)
        return True
    except OSError:
        return False
    if not entries:
        return True
    owned = _manifest_files(folder)
    return owned is not None and entries <= owned


@contextlib.contextmanager
def replacing_folder(path: Path, *, overwrite: bool = False) -> Iterator[Path]:
    """Yield a temporary folder beside `path`; when the block ends, swap it in for `path`.

    The block writes every file of the folder into the temporary folder. If it raises, the
    temporary folder is removed and `path` is as it was; otherwise every file is flushed and
    the folders are swapped in one step, and the old copy is removed.

    Args:
        path: The folder to write (created, or replaced as a whole).
        overwrite: Replace a folder that holds files the library did not write.

    Raises:
        DataFileError: `path` is a file, or holds files the library did not write (and
            `overwrite` is false), or cannot be written.
    """
    target = Path(path)
    _check_target_path(target)
    if target.exists() and not target.is_dir():
        raise DataFileError("cannot write: a file is there, not a folder", file=str(target))
    if not overwrite and not folder_is_ours(target):
        raise DataFileError(
            "refusing to replace a folder holding files swchina_dev did not write (no manifest "
            "of ours lists them): choose an empty or new folder, or pass overwrite=True "
            "(command line: --overwrite) to replace it as a whole",
            file=str(target),
        )
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = Path(
            tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name[:80]}.", suffix=".tmp")
        )
    except OSError as error:
        raise _failure(error, target) from None
    try:
        os.chmod(temporary, 0o777 & ~_umask())
        yield temporary
        for entry in os.scandir(temporary):
            if entry.is_file(follow_symlinks=False):
                _fsync_file(Path(entry.path))
        _fsync_folder(temporary)
        old = _swap_in(temporary, target)
    except BaseException as error:
        shutil.rmtree(temporary, ignore_errors=True)
        _reraise(error, target)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _swap_in(temporary: Path, target: Path) -> Path | None:
    """Put `temporary` in place of `target`; return where the old copy now is, if any."""
    if not target.exists():
        os.rename(temporary, target)
        _fsync_folder(target.parent)
        return None
    if _exchange(temporary, target):
        _fsync_folder(target.parent)
        return temporary
    aside = Path(tempfile.mkdtemp(dir=target.parent, prefix=f".{target.name[:80]}.", suffix=".old"))
    os.rmdir(aside)
    os.rename(target, aside)  # from here until the next rename the old copy is aside
    try:
        os.rename(temporary, target)
    except OSError:
        os.rename(aside, target)
        raise
    _fsync_folder(target.parent)
    return aside
