"""The GPU check for the issue notes: one run, one JSON and one Markdown table.

    python benchmarks/gpu_check.py --out DIR [--size 2b|tiny] [--device auto|cuda|cpu]
                                   [--precisions int8,bf16] [--items 64] [--queries 20]

Random weights of the real Qwen3-VL shape (``--size 2b`` = the published 2B models; speed and memory do
not depend on the weights' values): text and text+image items/s, query P50/P95 (text, image), reranking
20 candidates, peak VRAM with the embedder and the reranker both loaded — per precision, each against
the one-item-at-a-time baseline measured in the same run (engine/bench/qwen.py does the measuring).
``benchmarks/gpu_check.sh`` wraps this for the GPU machine (bitsandbytes from a carried wheel).
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

EMBED_COLUMNS = [("text_items_per_s", "text items/s"), ("text_items_per_s_one_at_a_time", "text items/s (1 at a time)"),
                 ("image_items_per_s", "text+image items/s"), ("text_query_p50_ms", "text query P50 ms"),
                 ("text_query_p95_ms", "text query P95 ms"), ("image_query_p50_ms", "image query P50 ms"),
                 ("image_query_p95_ms", "image query P95 ms"), ("peak_memory_gib", "peak GiB")]
RERANK_COLUMNS = [("rerank_p50_ms", "rerank-20 P50 ms"), ("rerank_p95_ms", "rerank-20 P95 ms"),
                  ("rerank_one_pair_at_a_time_ms", "rerank-20 1 pair at a time ms"),
                  ("rerank_image_query_ms", "rerank-20 image query ms"),
                  ("embed_plus_rerank_ms", "query embed + rerank ms"),
                  ("peak_memory_both_loaded_gib", "peak GiB, embedder + reranker")]


def environment() -> dict:
    info: dict = {"python": platform.python_version(), "machine": platform.machine()}
    try:
        import torch

        info["torch"] = torch.__version__
        info["cuda"] = torch.version.cuda
        if torch.cuda.is_available():
            props = torch.cuda.get_device_properties(0)
            info["gpu"] = props.name
            info["gpu_memory_gib"] = round(props.total_memory / 2**30, 1)
    except ImportError:
        info["torch"] = None
    try:
        import bitsandbytes

        info["bitsandbytes"] = bitsandbytes.__version__
    except Exception:  # noqa: BLE001 - absent or broken: int8 falls back, and the plan says so
        info["bitsandbytes"] = None
    return info


def table(title: str, runs: list[dict], columns: list[tuple[str, str]]) -> list[str]:
    lines = [f"### {title}", "", "| device | precision | " + " | ".join(label for _k, label in columns) + " |",
             "|---|---|" + "---|" * len(columns)]
    for run in runs:
        precision = run["precision"] + (f" (asked {run['asked']})" if run["asked"] != run["precision"] else "")
        cells = [str(run.get(key, "—")) for key, _label in columns]
        lines.append(f"| {run['device']} | {precision} | " + " | ".join(cells) + " |")
    return lines + [""]


def markdown(report: dict) -> str:
    env = report["environment"]
    lines = [f"## GPU check — Qwen3-VL {report['size']} (random weights), {report['finished']}", "",
             "environment: " + ", ".join(f"{k} {v}" for k, v in env.items()), "",
             f"embedder: {report['embed']['parameters'] / 1e9:.2f} B parameters; "
             f"{report['embed_seconds']:.0f} s · reranker: {report['rerank_seconds']:.0f} s", ""]
    lines += table("Embedding", report["embed"]["runs"], EMBED_COLUMNS)
    lines += table("Reranking", report["rerank"]["runs"], RERANK_COLUMNS)
    for run in report["embed"]["runs"] + report["rerank"]["runs"]:
        for reason in run.get("reasons", []):
            lines.append(f"- {run['precision']}: {reason}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--size", choices=("tiny", "2b"), default=None, help="default: 2b with CUDA, else tiny")
    parser.add_argument("--device", choices=("auto", "cuda", "cpu"), default="auto")
    parser.add_argument("--precisions", default="int8,bf16")
    parser.add_argument("--items", type=int, default=64)
    parser.add_argument("--queries", type=int, default=20)
    args = parser.parse_args(argv)

    from engine.bench.qwen import run_embed_bench, run_rerank_bench

    env = environment()
    size = args.size or ("2b" if env.get("gpu") else "tiny")
    device = None if args.device == "auto" else args.device
    precisions = [p.strip() for p in args.precisions.split(",") if p.strip()]
    args.out.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    embed = run_embed_bench(size, precisions, device, items=args.items, queries=args.queries, workdir=args.out)
    embed_s = time.perf_counter() - started
    rerank = run_rerank_bench(size, precisions, device, workdir=args.out)
    report = {"size": size, "environment": env, "embed": embed, "rerank": rerank,
              "embed_seconds": round(embed_s, 1), "rerank_seconds": round(time.perf_counter() - started - embed_s, 1),
              "finished": time.strftime("%Y-%m-%d %H:%M:%S")}
    (args.out / "gpu_check.json").write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    text = markdown(report)
    (args.out / "gpu_check.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
