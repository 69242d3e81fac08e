"""The `docs` extra alone builds the documentation site.

A fresh virtual environment gets `pip install ".[docs]"` (nothing of the test extra) and runs
`mkdocs build --strict` on the repository: an API page that needs a package the extra lacks
fails here, not on a contributor's machine. Dependencies come from the package index.
"""

from __future__ import annotations

import os
import subprocess
import venv
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_docs_extra_alone_builds_the_site(tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["NO_MKDOCS_2_WARNING"] = "1"

    def run(*command: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            command, cwd=REPO, capture_output=True, text=True, timeout=600, check=False, env=env
        )

    installed = run(str(python), "-m", "pip", "install", "--quiet", f"{REPO}[docs]")
    assert installed.returncode == 0, installed.stderr[-3000:]
    built = run(str(python), "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "site"))
    assert built.returncode == 0, built.stderr[-5000:]
    assert (tmp_path / "site" / "api" / "aggregate" / "index.html").is_file()
