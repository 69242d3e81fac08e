"""Run the command line: ``python -m swchina_dev``."""

from swchina_dev.cli import main

raise SystemExit(main())
