"""benchmarks/gpu_check.sh, the script prepared for the GPU machine, runs end to end on the CPU path
(tiny shape) and writes the JSON and the Markdown table the issue notes quote."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytest.importorskip("torch")
pytest.importorskip("transformers")

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_the_gpu_check_runs_on_the_cpu_path_and_writes_json_and_markdown(tmp_path):
    env = {**os.environ, "PYTHON": sys.executable, "OUT": str(tmp_path), "SIZE": "tiny", "DEVICE": "cpu",
           "PRECISIONS": "fp32", "ITEMS": "4", "QUERIES": "2", "LIMIT_S": "300"}
    run = subprocess.run(["bash", str(ROOT / "benchmarks" / "gpu_check.sh")], env=env, capture_output=True,
                         text=True, timeout=400)
    assert run.returncode == 0, run.stderr[-2000:]
    report = json.loads((tmp_path / "gpu_check.json").read_text(encoding="utf-8"))
    assert report["size"] == "tiny" and report["environment"]["torch"]
    (embed,) = report["embed"]["runs"]
    (rerank,) = report["rerank"]["runs"]
    assert embed["device"] == "cpu" and embed["text_items_per_s"] > 0 and embed["image_items_per_s"] > 0
    assert embed["text_query_p95_ms"] >= embed["text_query_p50_ms"] > 0
    assert rerank["rerank_p50_ms"] > 0 and rerank["peak_memory_both_loaded_gib"] > 0
    table = (tmp_path / "gpu_check.md").read_text(encoding="utf-8")
    assert "| cpu | fp32 |" in table and "peak GiB, embedder + reranker" in table
    assert table.count("| cpu | fp32 |") == 2  # one row per table
