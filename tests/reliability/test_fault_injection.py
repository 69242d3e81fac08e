"""Fault injection: a writing process killed at random moments leaves the old or the new copy.

A child process rewrites a dataset folder (CSV) and a dataset document (JSON) over and over,
alternating two versions; the test kills it with SIGKILL after a random delay, a bounded number
of times, and after each kill compares what is on disk, byte for byte, with the two versions
written once beforehand. Any other state (a half-written file, a missing folder, a mix of the
two versions) fails. The seed is fixed, so a failure repeats.
"""

from __future__ import annotations

import collections
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

#: Kills per run of the test (bounded: about a second each).
KILLS = 20

_CHILD = """
import sys
import swchina_dev as sw
from swchina_dev.files import write_dataset

bundled = sw.load()
names = ("regions", "groupings", "zones", "enterprises", "sources", "metrics", "indicators")
versions = [
    sw.Dataset(**{n: getattr(bundled, n) for n in names}, items=bundled.items, data_version=v)
    for v in ("old", "new")
]
folder, document, first, turns = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
turn = 0
while turns == 0 or turn < turns:  # 0: until killed
    dataset = versions[(first + turn) % 2]
    write_dataset(dataset, folder, format="csv")
    write_dataset(dataset, document, format="json")
    if turn == 0:
        print("ready", flush=True)
    turn += 1
"""


def _environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}


def snapshot(path: Path) -> dict[str, bytes] | None:
    """The bytes of a file or of every file in a folder; None when it is missing."""
    if path.is_file():
        return {"": path.read_bytes()}
    if not path.is_dir():
        return None
    return {p.name: p.read_bytes() for p in sorted(path.iterdir())}


def references(folder: Path) -> dict[str, list[dict[str, bytes] | None]]:
    """The two versions as a run that is not interrupted writes them: folder and document."""
    for first, name in enumerate(("old", "new")):
        subprocess.run(
            [
                sys.executable,
                "-c",
                _CHILD,
                str(folder / name),
                str(folder / f"{name}.json"),
                *(str(first), "1"),
            ],
            env=_environment(),
            check=True,
            capture_output=True,
        )
    return {
        "folder": [snapshot(folder / name) for name in ("old", "new")],
        "document": [snapshot(folder / f"{name}.json") for name in ("old", "new")],
    }


def run_kills(kills: int, workspace: Path, seed: int = 17) -> collections.Counter[str]:
    """Kill a writer `kills` times at random moments; count what each kill left on disk.

    Outcomes are `folder old`, `folder new`, `document old`, `document new`, or
    `... damaged` when neither version is there intact.
    """
    expected = references(workspace / "references")
    chooser = random.Random(seed)
    outcomes: collections.Counter[str] = collections.Counter()
    target = workspace / "target"
    target.mkdir()
    folder, document = target / "data", target / "data.json"
    for _ in range(kills):
        child = subprocess.Popen(
            [sys.executable, "-c", _CHILD, str(folder), str(document), "0", "0"],
            env=_environment(),
            stdout=subprocess.PIPE,
        )
        assert child.stdout is not None
        if not folder.exists():  # the first run: wait for a complete copy to exist
            child.stdout.readline()
        time.sleep(chooser.uniform(0.0, 0.8))
        child.send_signal(signal.SIGKILL)
        child.wait()
        child.stdout.close()
        outcomes["kills"] += 1
        for name, path in (("folder", folder), ("document", document)):
            found = snapshot(path)
            old, new = expected[name]
            outcome = "old" if found == old else "new" if found == new else "damaged"
            outcomes[f"{name} {outcome}"] += 1
    leftovers = [p.name for p in target.iterdir() if p.name not in ("data", "data.json")]
    outcomes["temporary copies left by kills"] = len(leftovers)
    return outcomes


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_a_killed_writer_leaves_the_old_or_the_new_copy(tmp_path: Path) -> None:
    outcomes = run_kills(KILLS, tmp_path)
    assert outcomes["kills"] == KILLS
    assert outcomes["folder damaged"] == 0, outcomes
    assert outcomes["document damaged"] == 0, outcomes
    assert outcomes["folder old"] + outcomes["folder new"] == KILLS
