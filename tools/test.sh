#!/usr/bin/env bash
# The one test command (README and .ci/run call exactly this). It installs what the tests need from the
# project's own files into .venv, then runs the whole suite; any failure, or no test run at all
# (pytest exit 5), makes it exit non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
python_bin="${PYTHON:-python3}"
if [ ! -x .venv/bin/python ]; then
    "$python_bin" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev,lite,gui]"
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
