#!/usr/bin/env bash
# Install the project with its test and docs extras into a virtual environment and run every
# check the project has: lint, format, types, the test suite (doctests included) and the docs build.
# VENV names the environment (default .venv); FRESH=1 recreates it first.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV="${VENV:-.venv}"
PYTHON="${PYTHON:-python3}"
if [ "${FRESH:-0}" = 1 ]; then rm -rf "$VENV"; fi
[ -x "$VENV/bin/python" ] || "$PYTHON" -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test,docs]"
echo "== ruff"; "$VENV/bin/ruff" check src tests scripts benchmarks
"$VENV/bin/ruff" format --check src tests scripts benchmarks
echo "== import layers"; "$VENV/bin/lint-imports" --no-cache
echo "== mypy"; "$VENV/bin/mypy" --strict src/swchina_dev
# The browser tests of the docs site drive Debian's Chromium: install it where it is missing.
if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
  if command -v apt-get >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "== installing chromium and chromium-driver (the docs site's browser tests)"
    apt-get install -y -qq chromium chromium-driver >/dev/null
  else
    echo "warning: chromium and chromedriver are missing: the browser tests will fail" >&2
  fi
fi
export NO_MKDOCS_2_WARNING=1
echo "== docs"; site="$(mktemp -d)"; "$VENV/bin/mkdocs" build --strict --quiet --site-dir "$site"; rm -rf "$site"
echo "== pytest"; HYPOTHESIS_PROFILE="${HYPOTHESIS_PROFILE:-ci}" "$VENV/bin/python" -m pytest
