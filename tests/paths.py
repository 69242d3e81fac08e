"""Where the tests find the repository's own inputs (curated files, raw reference data).

Everything the tests read is in the repository, except the source articles the curated phrases
are compared with: those are not distributed, so the tests marked ``articles`` use the folder
that ``SWCHINA_ARTICLES`` names and skip, saying why, when it is absent.
"""

from __future__ import annotations

import importlib.util
import os
import sys
from pathlib import Path
from types import ModuleType

REPO = Path(__file__).resolve().parents[1]
CURATED = REPO / "scripts" / "curated"
#: The raw inputs of the bundled resources (``data-raw/SOURCES.md`` says where each comes from).
RAW = REPO / "data-raw"
#: The source articles: not distributed with the repository (the tests marked ``articles``).
ARTICLES = Path(os.environ.get("SWCHINA_ARTICLES", REPO.parent / "shared" / "seeds"))
NO_ARTICLES = (
    "the source articles are not distributed with the repository; "
    "set SWCHINA_ARTICLES to their folder"
)


def raw_path(*parts: str) -> Path:
    """Return a path inside data-raw/, failing loudly (not skipping) when it is missing."""
    path = RAW.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: data-raw/ is part of the repository")
    return path


def articles_path(*parts: str) -> Path:
    """Return a path inside the articles folder, failing loudly when it is missing.

    Tests that call this must be marked ``@pytest.mark.articles``: the marker (see
    ``tests/conftest.py``) is what skips them, with :data:`NO_ARTICLES`, when the folder is absent.
    """
    path = ARTICLES.joinpath(*parts)
    if not path.exists():
        raise FileNotFoundError(
            f"{path} is missing (SWCHINA_ARTICLES={ARTICLES}); a test that reads the articles "
            "must be marked @pytest.mark.articles, which skips it when the folder is absent"
        )
    return path


def load_script(name: str) -> ModuleType:
    """Import `scripts/<name>.py` as a module (with `scripts/` on the path for its siblings)."""
    if str(REPO / "scripts") not in sys.path:
        sys.path.insert(0, str(REPO / "scripts"))
    spec = importlib.util.spec_from_file_location(name, REPO / "scripts" / f"{name}.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module
