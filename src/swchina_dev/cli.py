"""The ``swchina-dev`` command: a thin front over the library's functions.

Examples:
    >>> main(["lookup", "Bijie"])
    Bijie City (520500) in Guizhou Province < China
    kind: prefecture_level_city  hanzi: 毕节市  pinyin: Bìjié Shì
    0
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from swchina_dev.datasets import load
from swchina_dev.errors import SwchinaDevError
from swchina_dev.models import Region

__all__ = ["main"]


def _lookup(arguments: argparse.Namespace) -> None:
    dataset = load()
    entity = dataset.lookup(arguments.name)
    print(dataset.describe(entity.id))
    if isinstance(entity, Region):
        print(f"kind: {entity.kind.value}  hanzi: {entity.name_zh}  pinyin: {entity.pinyin}")


def _indicators(arguments: argparse.Namespace) -> None:
    dataset = load()
    subjects = {dataset.lookup(arguments.within).id} if arguments.within else None
    if arguments.within:
        subjects = (subjects or set()) | {e.id for e in dataset.within(arguments.within)}
    for indicator in dataset.indicators:
        if subjects is not None and indicator.subject_id not in subjects:
            continue
        subject = dataset.get(indicator.subject_id)
        name = getattr(subject, "name", indicator.subject_id)
        print(
            f"{name}: {indicator.metric.name} {indicator.measure} ({indicator.period}, "
            f"{indicator.status.value}) [{indicator.source.publisher}]"
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="swchina-dev", description="Typed, citable data about Southwest China's development."
    )
    commands = parser.add_subparsers(dest="command", required=True)
    lookup = commands.add_parser("lookup", help="find a region, zone, enterprise or grouping")
    lookup.add_argument("name", help="a code, id or name (English, pinyin or hanzi)")
    lookup.set_defaults(run=_lookup)
    indicators = commands.add_parser("indicators", help="list indicators with their sources")
    indicators.add_argument("--within", help="only what lies within this region (or is it)")
    indicators.set_defaults(run=_indicators)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line.

    Args:
        argv: The arguments (default: ``sys.argv[1:]``).

    Returns:
        The exit status: 0 on success, 1 when the library reports an error (on stderr).
    """
    arguments = _parser().parse_args(argv)
    try:
        arguments.run(arguments)
    except SwchinaDevError as error:
        print(f"swchina-dev: {error}", file=sys.stderr)
        return 1
    except BrokenPipeError:  # output piped into `head` and closed early: not an error
        sys.stderr.close()
    return 0
