"""`itembank bench embed|rerank` measures what the issue asks for, at the sizes it claims, and folds a
precision the device cannot run into the one the loader would really use (no double runs)."""

from __future__ import annotations

import json


def test_bench_embed_reports_fallbacks_and_item_sizes(run_cli):
    code, out, _ = run_cli("bench", "embed", "--size", "tiny", "--precisions", "fp16,fp32,bf16",
                           "--device", "cpu", "--items", "8", "--queries", "3", "--json")
    assert code == 0
    results = json.loads(out)
    runs = {(r["asked"], r["precision"]) for r in results["runs"]}
    assert runs == {("fp16", "fp32"), ("bf16", "bf16")}  # fp32 asked again is not run twice
    fallback = next(r for r in results["runs"] if r["asked"] == "fp16")
    assert any("fp16 needs a CUDA GPU" in reason for reason in fallback["reasons"])
    assert 600 <= fallback["image_item_tokens"] <= 800  # the "≈700-token text+image item" of the issue
    for key in ("text_items_per_s", "text_items_per_s_one_at_a_time", "image_items_per_s",
                "text_query_p95_ms", "image_query_p95_ms", "peak_memory_gib"):
        assert fallback[key] > 0, key


def test_bench_rerank_reports_both_models_loaded(run_cli):
    code, out, _ = run_cli("bench", "rerank", "--size", "tiny", "--precisions", "fp32", "--device", "cpu",
                           "--queries", "2", "--json")
    assert code == 0
    run = json.loads(out)["runs"][0]
    assert json.loads(out)["candidates"] == 20
    assert run["rerank_p50_ms"] > 0 and run["peak_memory_both_loaded_gib"] >= run["peak_memory_gib"]


def test_bench_rejects_an_unknown_precision(run_cli):
    code, _, err = run_cli("bench", "embed", "--precisions", "int4")
    assert code == 2 and "int4" in err
