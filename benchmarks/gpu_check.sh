#!/usr/bin/env bash
# GPU check for the issue notes (issue #20 §6): Qwen3-VL 2B-shape random weights in int8 and bf16 —
# items/s (text, text+image), query P50/P95, rerank-20 latency, peak VRAM with embedder + reranker loaded.
# Writes $OUT/gpu_check.json and $OUT/gpu_check.md; stops itself before 8 minutes.
#
#   OUT=/path BNB_WHEEL=wheels/bitsandbytes-*.whl bash benchmarks/gpu_check.sh
#
# The GPU machine has no network: bitsandbytes comes as a wheel downloaded beforehand
# (`pip download bitsandbytes --no-deps -d wheels/`), installed with --no-index. Without a CUDA GPU it runs
# the tiny shape on the CPU (SIZE=tiny DEVICE=cpu PRECISIONS=fp32), which is how CI checks the script.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT="${OUT:-gpu-check}"
PYTHON="${PYTHON:-python3}"
LIMIT_S="${LIMIT_S:-470}"
mkdir -p "$OUT"
if [[ -n "${BNB_WHEEL:-}" ]] && ! "$PYTHON" -c "import bitsandbytes" 2>/dev/null; then
  # shellcheck disable=SC2086
  "$PYTHON" -m pip install --quiet --no-index --no-deps $BNB_WHEEL
fi
args=(--out "$OUT" --device "${DEVICE:-auto}" --precisions "${PRECISIONS:-int8,bf16}"
      --items "${ITEMS:-64}" --queries "${QUERIES:-20}")
[[ -n "${SIZE:-}" ]] && args+=(--size "$SIZE")
command -v nvidia-smi >/dev/null && nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv,noheader \
  > "$OUT/nvidia-smi.txt" || true
timeout --signal=INT "$LIMIT_S" "$PYTHON" benchmarks/gpu_check.py "${args[@]}"
