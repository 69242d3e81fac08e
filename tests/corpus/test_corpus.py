"""The malformed-file corpus: each case is refused with a complete report, and nothing loads.

Each folder here holds user data files that are wrong in some way (truncated JSON, wrong
columns, bad numbers, unknown codes, duplicate ids, UTF-16 and Latin-1 encodings, empty files)
and ``expected.json``: what to read (``"folder"``, or a file name) and one text per problem
the report must list, in order; the report lists exactly these problems, no more.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import swchina_dev as sw
from swchina_dev.errors import InvalidFileError
from swchina_dev.files import read_dataset

CORPUS = Path(__file__).parent
CASES = sorted(path for path in CORPUS.iterdir() if (path / "expected.json").is_file())


def test_the_corpus_covers_every_kind_of_damage() -> None:
    names = {case.name for case in CASES}
    assert {
        "truncated_json",
        "wrong_columns",
        "bad_numbers",
        "unknown_codes",
        "duplicate_ids",
        "utf16",
        "latin1",
        "empty_file",
        "empty_json",
    } <= names


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_every_problem_is_reported_and_nothing_loads(case: Path) -> None:
    expected = json.loads((case / "expected.json").read_text(encoding="utf-8"))
    bundled = sw.load()
    before = (len(bundled.regions), len(bundled.indicators))
    target = case if expected["read"] == "folder" else case / expected["read"]
    with pytest.raises(InvalidFileError) as caught:
        read_dataset(target, base=bundled)
    problems = caught.value.problems
    assert len(problems) == len(expected["problems"]), "\n".join(problems)
    for problem, text in zip(problems, expected["problems"], strict=True):
        assert text in problem, f"{text!r} not in {problem!r}"
    # Every problem names the file it is in; the error is a DataFileError and a StructureError.
    assert all(str(case) in problem for problem in problems)
    assert isinstance(caught.value, sw.DataFileError)
    assert isinstance(caught.value, sw.StructureError)
    # Nothing half-loaded: the bundled dataset is untouched and the same object.
    assert sw.load() is bundled
    assert (len(bundled.regions), len(bundled.indicators)) == before
