"""Import and first-use cost of swchina_dev against pint, in fresh processes.

Runs each command in a new interpreter (``sys.executable``) many times, interleaving the
commands so that machine load affects them alike, and prints the median wall times and ratios:

- ``import swchina_dev`` against ``import pint`` (target ratio <= 1.3): importing the library
  must not build the unit registry;
- first use, ``import swchina_dev; swchina_dev.Q_(1, 'mu')``, against
  ``import pint; pint.UnitRegistry()`` (target ratio <= 1.2): the library's registry costs about
  what pint's default one does.

Times are whole-process wall times (interpreter start-up included, nothing subtracted), and,
for the registry build alone, times measured inside the process after both libraries are imported
(``swchina_dev.Q_(1, 'mu')`` against ``pint.UnitRegistry()``, target <= 1.2).

Usage: python benchmarks/bench_import.py [--runs N]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "import pint": "import pint",
    "import swchina_dev": "import swchina_dev",
    "pint.UnitRegistry()": "import pint; pint.UnitRegistry()",
    "swchina_dev.Q_(1, 'mu')": "import swchina_dev; swchina_dev.Q_(1, 'mu')",
}
COMPARISONS = [
    ("import swchina_dev", "import pint", 1.3),
    ("swchina_dev.Q_(1, 'mu')", "pint.UnitRegistry()", 1.2),
    ("build: swchina_dev.Q_(1, 'mu')", "build: pint.UnitRegistry()", 1.2),
]


IN_PROCESS = {
    "build: pint.UnitRegistry()": "pint.UnitRegistry()",
    "build: swchina_dev.Q_(1, 'mu')": "swchina_dev.Q_(1, 'mu')",
}
IN_PROCESS_TEMPLATE = (
    "import time, pint, swchina_dev\n"
    "started = time.perf_counter()\n"
    "{code}\n"
    "print(time.perf_counter() - started)"
)


def time_in_process(code: str) -> float:
    script = IN_PROCESS_TEMPLATE.format(code=code)
    done = subprocess.run(
        [sys.executable, "-c", script], check=True, capture_output=True, text=True
    )
    return float(done.stdout.strip())


def time_once(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=21, help="runs per command (at least 15)")
    runs = max(parser.parse_args().runs, 15)

    for code in COMMANDS.values():  # warm the file system cache and any bytecode
        time_once(code)
    samples: dict[str, list[float]] = {label: [] for label in COMMANDS}
    for _ in range(runs):
        for label, code in COMMANDS.items():
            samples[label].append(time_once(code))
        for label, code in IN_PROCESS.items():
            samples.setdefault(label, []).append(time_in_process(code))
    medians = {label: statistics.median(times) for label, times in samples.items()}

    print(f"{runs} runs each, {sys.executable}")
    print(f"{'command':<32} {'median ms':>10} {'min ms':>8} {'max ms':>8}")
    for label, times in samples.items():
        print(
            f"{label:<32} {medians[label] * 1e3:>10.1f} {min(times) * 1e3:>8.1f} "
            f"{max(times) * 1e3:>8.1f}"
        )
    print()
    print(f"{'ratio':<64} {'value':>6} {'target':>7}")
    failed = False
    for ours, theirs, target in COMPARISONS:
        ratio = medians[ours] / medians[theirs]
        verdict = "ok" if ratio <= target else "OVER"
        failed |= ratio > target
        print(f"{ours + ' / ' + theirs:<64} {ratio:>6.2f} {'<= ' + str(target):>7} {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
