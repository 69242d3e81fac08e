"""The README's Python example runs, and its set-up commands are the ones CI uses."""

from __future__ import annotations

from pathlib import Path

from tests.docs.test_guide_examples import code_blocks

REPO = Path(__file__).resolve().parents[2]
README = (REPO / "README.md").read_text(encoding="utf-8")


def test_the_readme_python_example_runs() -> None:
    blocks = [block for block in code_blocks(README) if block.language == "python"]
    assert blocks
    for block in blocks:
        exec(compile(block.code, f"README.md:{block.line}", "exec", dont_inherit=True), {})


def test_ci_runs_the_readme_test_command() -> None:
    assert "bash scripts/check.sh" in README
    assert "bash scripts/check.sh" in (REPO / ".ci" / "run").read_text(encoding="utf-8")
