"""The program: its arguments, and `main`, which runs a command and reports its errors."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from swchina_dev.cli.articles import add_file_commands
from swchina_dev.cli.common import PROGRAM, add_data_option
from swchina_dev.cli.conversions import add_conversion_commands
from swchina_dev.cli.figures import add_figure_commands
from swchina_dev.cli.messages import for_people
from swchina_dev.cli.places import add_place_commands
from swchina_dev.errors import SwchinaDevError

__all__ = ["main", "parser"]


def parser() -> argparse.ArgumentParser:
    """The program's argument parser, every command with its options."""
    from swchina_dev import __version__

    program = argparse.ArgumentParser(
        prog=PROGRAM,
        description="Typed, citable data about Southwest China's development.",
        epilog=f"'{PROGRAM} COMMAND --help' describes a command.",
    )
    add_data_option(program, None)
    program.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = program.add_subparsers(dest="command", required=True, metavar="COMMAND")
    add_place_commands(commands)
    add_figure_commands(commands)
    add_conversion_commands(commands)
    add_file_commands(commands)
    return program


def _quiet_stdout() -> None:
    """After a closed pipe (`| head -1`): send what is left to nowhere, so exit stays quiet."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError, AttributeError):  # not a real file: nothing left to flush
        pass


def _printable_output() -> None:
    """Let stdout and stderr print hanzi in any encoding (escaped where it has none).

    With `PYTHONIOENCODING=ascii` or a Latin-1 console, printing a name would otherwise end
    in a UnicodeEncodeError traceback.
    """
    for stream in (sys.stdout, sys.stderr):
        encoding = (getattr(stream, "encoding", None) or "").lower().replace("-", "")
        if not encoding.startswith(("utf", "gb", "big5")) and hasattr(stream, "reconfigure"):
            stream.reconfigure(errors="backslashreplace")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: `sys.argv[1:]`).

    Returns:
        The exit status: 0 on success, 1 when the library reports an error (on stderr), 2 for
        bad arguments (argparse's usage message, on stderr).
    """
    _printable_output()
    try:
        arguments = parser().parse_args(argv)
    except SystemExit as exit:  # --help, --version, or bad arguments
        return exit.code if isinstance(exit.code, int) else 0 if exit.code is None else 2
    try:
        arguments.run(arguments)
        sys.stdout.flush()  # a closed pipe shows here, not at the interpreter's exit
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        _quiet_stdout()
        return 0
    except SwchinaDevError as error:
        print(f"{PROGRAM}: {for_people(error, arguments.command)}", file=sys.stderr)
        return 1
    except OSError as error:
        print(f"{PROGRAM}: {error}", file=sys.stderr)
        return 1
    return 0
