r"""A plain CSV table of your own (any columns), read with the checks of the dataset files.

The same reading as [read_records][swchina_dev.files.read_records]: a regular file only, size
limit, UTF-8 (a byte-order mark is dropped), strict quoting, a limit on a cell's length and
rows as long as the header; every problem is reported at once in one
[InvalidFileError][swchina_dev.InvalidFileError].

Examples:
    >>> import tempfile
    >>> from pathlib import Path
    >>> path = Path(tempfile.mkdtemp()) / "mine.csv"
    >>> _ = path.write_text("code,population\n522401,1\n", encoding="utf-8")
    >>> read_csv_table(path)
    (('code', 'population'), (('522401', '1'),))
"""

from __future__ import annotations

from swchina_dev.errors import InvalidFileError
from swchina_dev.files.assembly import _read_text
from swchina_dev.files.csv_format import _read_header, _row_shape_problem, _RowError, _split_rows
from swchina_dev.files.datasets import PathLike, _as_path

__all__ = ["read_csv_table"]


def read_csv_table(path: PathLike) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """Read a CSV file with a header row: its column names and its rows of text cells.

    Args:
        path: The file (a regular file: not a folder, a device or a pipe).

    Returns:
        The header and the rows (blank lines skipped), every cell as text.

    Raises:
        InvalidFileError: The file is missing, not a regular file, too large, not UTF-8, or a
            row is broken or has another number of cells than the header (every problem with
            its line).
        ValidationError: `path` is not text or a path.
    """
    file = _as_path(path, "path")
    problems: list[str] = []
    text = _read_text(file, problems)
    rows: list[tuple[str, ...]] = []
    header: list[str] = []
    if text is not None:
        lines = _split_rows(text)
        first = _read_header(file, lines, problems)
        if first is not None:
            header = first[1]
            line = first[0]
            while True:
                start = line + 1
                try:
                    line, cells = next(lines)
                except StopIteration:
                    break
                except _RowError as error:
                    problems.append(f"{file}:{error.line}: cannot read the row: {error}")
                    break
                if not cells:
                    continue
                shape = _row_shape_problem(f"{file}:{start}", "", header, cells)
                if shape is not None:
                    problems.append(shape)
                    continue
                rows.append(tuple(cells))
    if problems:
        raise InvalidFileError(f"cannot read {file}", problems=problems, file=str(file))
    return tuple(header), tuple(rows)
