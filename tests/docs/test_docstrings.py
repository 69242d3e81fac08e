"""Docstrings are Markdown: no Sphinx roles, RST literals or RST tables left in the source.

mkdocstrings renders the docstrings as Markdown, so `:func:`x`` or a table of `====` rules shows
up raw on the API pages. Cross-references are written `[title][swchina_dev.path]` instead (the
strict docs build checks that they resolve), literals in single backticks, tables with pipes.
"""

from __future__ import annotations

import ast
import io
import re
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
SRC = REPO / "src" / "swchina_dev"
ROLE = re.compile(r":(?:class|func|meth|mod|data|attr|exc|obj|ref):`")
RST_LITERAL = re.compile(r"``")
RST_TABLE_RULE = re.compile(r"^\s*=+(?: +=+)+\s*$")


def _sources() -> list[Path]:
    paths = sorted(SRC.rglob("*.py"))
    assert len(paths) > 40, f"found only {len(paths)} modules under {SRC}"
    return paths


def _prose(source: str) -> dict[int, str]:
    """The docstring lines and comments of a module, by line number (1-based)."""
    lines = source.splitlines()
    prose: dict[int, str] = {}
    for node in ast.walk(ast.parse(source)):
        body = getattr(node, "body", None)
        # Module, class and function docstrings, and attribute docstrings after an assignment.
        for statement in body if isinstance(body, list) else []:
            value = getattr(statement, "value", None)
            if isinstance(statement, ast.Expr) and isinstance(value, ast.Constant):
                end = statement.end_lineno or statement.lineno
                if isinstance(value.value, str):
                    prose.update((n, lines[n - 1]) for n in range(statement.lineno, end + 1))
    for token in tokenize.generate_tokens(io.StringIO(source).readline):
        if token.type == tokenize.COMMENT:
            prose[token.start[0]] = token.string
    return prose


def problems(path: Path, source: str) -> list[str]:
    """Each reStructuredText construct in a module's source, as `file:line: what: text`."""
    prose = _prose(source)
    found = []
    for number, line in enumerate(source.splitlines(), start=1):
        what = []
        if ROLE.search(line):
            what.append("Sphinx role")
        if RST_LITERAL.search(prose.get(number, "")):
            what.append("RST double-backtick literal")
        if RST_TABLE_RULE.match(line):
            what.append("RST table rule")
        found += [f"{path}:{number}: {kind}: {line.strip()}" for kind in what]
    return found


def test_no_restructuredtext_in_docstrings() -> None:
    found = [
        problem
        for path in _sources()
        for problem in problems(path.relative_to(REPO), path.read_text("utf-8"))
    ]
    assert not found, "reStructuredText in src (write Markdown):\n" + "\n".join(found)


def test_the_check_finds_each_construct() -> None:
    sample = '''"""Summary.

See :func:`~swchina_dev.load` and ``literal``.

===== =====
a     b
===== =====
"""

x = "``"  # not prose: a string in code
# a comment with ``literal``
'''
    found = problems(Path("sample.py"), sample)
    assert found == [
        "sample.py:3: Sphinx role: See :func:`~swchina_dev.load` and ``literal``.",
        "sample.py:3: RST double-backtick literal: See :func:`~swchina_dev.load` and ``literal``.",
        "sample.py:5: RST table rule: ===== =====",
        "sample.py:7: RST table rule: ===== =====",
        "sample.py:11: RST double-backtick literal: # a comment with ``literal``",
    ]
