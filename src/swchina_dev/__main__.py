"""Run the command line: `python -m swchina_dev`."""

from swchina_dev.cli import main

if __name__ == "__main__":
    raise SystemExit(main())
