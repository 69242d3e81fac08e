"""Where the tests find the repository's own inputs (curated files, shared reference data)."""

from __future__ import annotations

import os
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CURATED = REPO / "scripts" / "curated"
#: The shared folder beside the repository (CI clones main with shared/ next to it).
SHARED = Path(os.environ.get("SWCHINA_SHARED", REPO.parent / "shared"))


def shared_path(*parts: str) -> Path:
    """Return a path inside shared/, failing loudly (not skipping) when it is missing."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing: the data tests check the bundled data against the shared "
            "inputs; set SWCHINA_SHARED to the shared folder"
        )
    return path
