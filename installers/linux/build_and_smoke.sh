#!/usr/bin/env bash
# Build the lite (default) or gpu flavour, its .deb, and run the offline smoke test on it.
#
#   sudo installers/linux/build_and_smoke.sh [lite|gpu] [QWEN3VL_EMBEDDER_DIR]
#
# Needs root (unshare -n, dpkg --root), python3 (3.11+), dpkg-dev, patchelf, strace, and network access
# only for the `pip install` of the build environment (set PIP_NO_INDEX=1 PIP_FIND_LINKS=wheelhouse/ to
# install from a local wheelhouse instead). The build venv lives in build/pkgvenv-<flavour> (git-ignored)
# and is reused; outputs go to dist/. For the gpu flavour install torch into that venv first (the CUDA
# wheel for a real GPU build; `pip install torch==2.13.0` gives the CPU build).
# The gpu .deb is packed with zstd (xz of 1.7+ GB takes 15+ minutes); with a Qwen3-VL embedding
# checkpoint folder as the second argument the smoke test also runs `itembank embed` with it.
# Measured here (2 shared cores, fresh venv, lite): 7 min 45 s in all, 23/23 smoke checks.
set -euo pipefail
cd "$(dirname "$0")/../.."
flavour="${1:-lite}"
venv="build/pkgvenv-${flavour}"
extras="gui,lite,server"
[ "$flavour" = "gpu" ] && extras="gui,lite,gpu,server"
if [ ! -x "$venv/bin/python" ]; then
    "${PYTHON:-python3}" -m venv "$venv"
fi
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[${extras}]" "pyinstaller>=6"
compression=xz
[ "$flavour" = "gpu" ] && compression=zstd
"$venv/bin/python" packaging/build.py --flavour "$flavour" --deb --deb-compression "$compression" --isolate-network
deb=$(python3 -c "import json,sys; print(json.load(open('dist/itembank-${flavour}-sizes.json'))['deb'])")
python3 installers/linux/smoke_test.py "$deb" --out "build/smoke-${flavour}" ${2:+--embed-model "$2"}
