"""The `swchina-dev` command (also `python -m swchina_dev`): a thin front over the library.

Commands, by concern (`swchina-dev COMMAND --help` describes each):

- places ([places][swchina_dev.cli.places]): `lookup`, `regions`, `history`, `recode`, `stats`;
- figures ([figures][swchina_dev.cli.figures]): `indicators`, `metrics`, `items`;
- units and money ([conversions][swchina_dev.cli.conversions]): `convert`, `fx`, `check`,
  `audit`;
- files ([articles][swchina_dev.cli.articles]): `extract`, `export`.

Listings print tables for people ([output][swchina_dev.cli.output]: fitted to the terminal,
plain when piped) and `--format json` or `--format csv` for scripts; `--data PATH`, before or
after the command, adds your own data (a dataset file or folder, see
[read_dataset][swchina_dev.files.datasets.read_dataset]) to the bundled one. Errors go to
standard error in the command line's words ([messages][swchina_dev.cli.messages]) with exit
status 1 (2 for bad arguments).

Examples:
    >>> main(["lookup", "Bijie"])
    Bijie City (520500) in Guizhou Province < China
    kind: prefecture_level_city  hanzi: 毕节市  pinyin: Bìjié Shì
    0
    >>> main(["convert", "over 7,800 mu", "hectare"])
    at least 7,800 mu = at least 520 ha
    0
    >>> main(["convert", "500 mu", "hectare"])
    500 mu = about 33.3 ha
    0

What a person reads shows units and numbers readably
([display_unit][swchina_dev.units.display.display_unit] and
[format_measure][swchina_dev.format_measure]: `km²`, `CNY/month`, `33.3`, `522 billion`),
converted figures to about the precision stated; `--format json` and `--format csv` keep every
number and unit string exact, as stored.
"""

from __future__ import annotations

from swchina_dev.cli.app import main

__all__ = ["main"]
