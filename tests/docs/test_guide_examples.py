"""Every code example in the docs runs, and prints what the page says it prints.

Each markdown page under ``docs/`` is one test. Its fenced blocks run in order, in one namespace:

* ``pycon`` blocks are doctests: the output shown is the output asserted;
* ``python`` blocks are executed (they assert what they need to themselves);
* ``console`` blocks run each ``$ swchina-dev ...`` command through ``swchina_dev.cli.main``
  and compare its standard output with the lines shown under it.

Other blocks (``bash`` install commands, ``toml``, ...) are shown, not run.
"""

from __future__ import annotations

import contextlib
import doctest
import io
import re
import shlex
import textwrap
from pathlib import Path
from typing import NamedTuple

import pytest

from swchina_dev import cli

DOCS = Path(__file__).resolve().parents[2] / "docs"
PAGES = sorted(DOCS.rglob("*.md"))
RUN = ("pycon", "python", "console")
# A fence, maybe indented (inside an admonition or a list), closed at the same indentation.
_FENCE = re.compile(
    r"^(?P<indent>[ \t]*)```(?P<lang>[\w-]*)[^\n]*\n(?P<code>.*?)^(?P=indent)```[ \t]*$",
    re.M | re.S,
)
_FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE | doctest.REPORT_ONLY_FIRST_FAILURE


class Block(NamedTuple):
    language: str
    code: str
    line: int


def code_blocks(text: str) -> list[Block]:
    """The fenced code blocks of a page, with the line each one's code starts on."""
    return [
        Block(
            match["lang"],
            textwrap.dedent(match["code"]),
            text.count("\n", 0, match.start("code")) + 1,
        )
        for match in _FENCE.finditer(text)
    ]


def _run_pycon(block: Block, namespace: dict[str, object], where: str) -> None:
    test = doctest.DocTestParser().get_doctest(block.code, namespace, where, where, block.line - 1)
    report = io.StringIO()
    runner = doctest.DocTestRunner(optionflags=_FLAGS)
    result = runner.run(test, out=report.write, clear_globs=False)
    namespace.update(test.globs)  # a DocTest runs in a copy of the namespace it is given
    assert result.failed == 0, report.getvalue()


def _run_console(block: Block, where: str) -> None:
    commands: list[tuple[str, list[str]]] = []
    for line in block.code.splitlines():
        if line.startswith("$ "):
            commands.append((line[2:], []))
        elif commands:
            commands[-1][1].append(line)
    for command, expected in commands:
        words = shlex.split(command)
        if words[:1] == ["swchina-dev"]:
            arguments = words[1:]
        elif words[:3] == ["python", "-m", "swchina_dev"]:
            arguments = words[3:]
        else:
            continue  # not ours to run (pip install, ...)
        output = io.StringIO()
        with contextlib.redirect_stdout(output):
            status = cli.main(arguments)
        assert status == 0, f"{where}: `{command}` exited with {status}"
        assert output.getvalue().rstrip("\n") == "\n".join(expected).rstrip("\n"), (
            f"{where}: `{command}` printed:\n{output.getvalue()}"
        )


def run_page(path: Path) -> int:
    """Run a page's examples in one namespace; return how many blocks ran."""
    namespace: dict[str, object] = {"__name__": f"docs.{path.stem}"}
    ran = 0
    for block in code_blocks(path.read_text(encoding="utf-8")):
        where = f"{path.relative_to(DOCS)}:{block.line}"
        if block.language == "pycon":
            _run_pycon(block, namespace, where)
        elif block.language == "python":
            # dont_inherit: the page's code must not get this module's `from __future__` imports.
            exec(compile(block.code, where, "exec", dont_inherit=True), namespace)
        elif block.language == "console":
            _run_console(block, where)
        else:
            continue
        ran += 1
    return ran


@pytest.mark.parametrize("path", PAGES, ids=[str(p.relative_to(DOCS)) for p in PAGES])
def test_page_examples_run(path: Path) -> None:
    run_page(path)


def test_every_guide_page_has_examples() -> None:
    # The guide explains by example; a page without any (or an extractor that finds none)
    # would pass the test above silently. Pages that only announce what is coming are exempt.
    guide = [p for p in PAGES if p.parent.name == "guide"]
    assert guide
    for page in guide:
        text = page.read_text(encoding="utf-8")
        if '!!! note "Coming"' in text:
            continue
        assert any(b.language in RUN for b in code_blocks(text)), f"{page.name} has no examples"


def test_extractor_reads_fences_and_lines() -> None:
    text = (
        "# t\n\n```pycon\n>>> 1 + 1\n2\n```\n\n!!! note\n    ```python\n    x = 1\n    ```\n"
        "\n```bash\npip install x\n```\n"
    )
    assert code_blocks(text) == [
        Block("pycon", ">>> 1 + 1\n2\n", 4),
        Block("python", "x = 1\n", 10),
        Block("bash", "pip install x\n", 14),
    ]


def test_a_wrong_output_fails() -> None:
    block = Block("pycon", ">>> 1 + 1\n3\n", 1)
    with pytest.raises(AssertionError, match="Expected"):
        _run_pycon(block, {}, "example.md:1")
