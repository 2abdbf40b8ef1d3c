"""``itembank bench embed|rerank``: Qwen3-VL speed and memory at each precision, on this PC.

The models are the real architecture with random weights written by a script (``--size 2b`` is the
published Qwen3-VL-2B shape; ``tiny`` checks the pipeline in seconds), so no download is needed and the
figures are those of the real model: speed and memory do not depend on the weights' values.

Measured per precision (int8 / bf16 / fp32; a precision the device cannot run falls back as the loader
would, and says so): items/s for text-only items (~150 tokens) and text+image items (~700 tokens),
against one item per call as the baseline in the same run; query latency P50/P95 for text and image
queries; reranking 20 candidates; peak GPU memory (CUDA) or peak process memory (CPU).
"""

from __future__ import annotations

import gc
import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PIL import Image, ImageDraw

from engine.bench import latency_percentile
from engine.models.device import GIB, plan_device

TEXT_TOKENS = 150
IMAGE_SIDE = (736, 704)  # 23 × 22 merged patches = 506 vision tokens; with the text about 700 tokens
ITEM_TEXT = ("다음은 이차방정식 x² − 5x + 6 = 0 에 대한 설명이다. 두 근의 합과 곱을 구하고, 근과 계수의 관계를 이용하여 "
             "새로운 이차방정식을 만드시오. ① 합 5, 곱 6 ② 합 −5, 곱 6 ③ 합 5, 곱 −6 ④ 합 6, 곱 5 ⑤ 합 −6, 곱 −5 ")
QUERIES = ["이차방정식의 근과 계수의 관계", "직각삼각형 빗변의 길이", "체세포 분열 중기", "시의 화자와 정서",
           "수요 공급 곡선의 이동", "main idea of the passage", "옴의 법칙 전류와 전압", "확률 주사위 두 개"]


def _figure(path: Path, seed: int, size: tuple[int, int] = IMAGE_SIDE) -> Path:
    image = Image.new("RGB", size, "white")
    draw = ImageDraw.Draw(image)
    w, h = size
    draw.line([(20, h // 2), (w - 20, h // 2)], fill="black", width=2)
    draw.line([(w // 2, 20), (w // 2, h - 20)], fill="black", width=2)
    draw.polygon([(60 + seed * 7 % 200, h - 60), (w - 80, h - 90), (w // 3, 80 + seed * 11 % 150)],
                 outline="blue", width=4)
    image.save(path)
    return path


def _sized_text(tokenizer: Any, tokens: int) -> str:
    """Exam-item text cut to about ``tokens`` tokens of the real tokenizer."""
    text = ITEM_TEXT
    while len(tokenizer(text, add_special_tokens=False)["input_ids"]) < tokens:
        text += ITEM_TEXT
    ids = tokenizer(text, add_special_tokens=False)["input_ids"][:tokens]
    return tokenizer.decode(ids)


class _Meter:
    """Wall time with CUDA synchronisation, and peak memory of the device the model runs on."""

    def __init__(self, device: str) -> None:
        self.cuda = device == "cuda"

    def sync(self) -> None:
        if self.cuda:
            import torch

            torch.cuda.synchronize()

    def time(self, work: Callable[[], Any]) -> float:
        self.sync()
        start = time.perf_counter()
        work()
        self.sync()
        return time.perf_counter() - start

    def reset_peak(self) -> None:
        if self.cuda:
            import torch

            torch.cuda.reset_peak_memory_stats()

    def peak_gib(self) -> float:
        if self.cuda:
            import torch

            return round(torch.cuda.max_memory_allocated() / GIB, 2)
        return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024 / GIB, 2)  # Linux: KiB


def _release() -> None:
    gc.collect()
    try:
        import torch

        if torch.cuda.is_available():
            torch.cuda.empty_cache()
    except ImportError:  # pragma: no cover
        pass


def write_bench_checkpoints(folder: Path, size: str, kinds: tuple[str, ...]) -> dict[str, Path]:
    """Random-weight checkpoints (bf16 files for 2b, as published) for the kinds asked for."""
    from engine.models.qwen.synthetic import write_checkpoint

    dtype = "bfloat16" if size == "2b" else "float32"
    return {kind: write_checkpoint(folder / f"{size}-{kind}", size, kind, dtype=dtype) for kind in kinds}


def _precision_runs(precisions: list[str], device: str | None, params: int) -> list[tuple[str, Any]]:
    """(asked, plan) for each precision, skipping ones that fall back to a plan already measured."""
    seen, runs = set(), []
    for asked in precisions:
        plan = plan_device(asked, device, params)
        key = (plan.device, plan.precision)
        if key in seen:
            continue
        seen.add(key)
        runs.append((asked, plan))
    return runs


def _cycled_queries(count: int) -> list[str]:
    """``count`` query texts, cycling through QUERIES."""
    return (QUERIES * (count // len(QUERIES) + 1))[:count]


def _memory_kind(plan: Any) -> str:
    return "GPU (max allocated)" if plan.device == "cuda" else "process RSS"


def _plan_fields(asked: str, plan: Any) -> dict:
    return {"asked": asked, "device": plan.device, "precision": plan.precision, "reasons": plan.reasons}


def run_embed_bench(size: str = "tiny", precisions: list[str] | None = None, device: str | None = None,
                    items: int = 64, queries: int = 20, workdir: Path | None = None) -> dict:
    from engine.models.qwen.loading import count_parameters

    precisions = precisions or ["int8", "bf16", "fp32"]
    with tempfile.TemporaryDirectory(prefix="itembank-bench-qwen-", dir=workdir) as tmp:
        root = Path(tmp)
        folder = write_bench_checkpoints(root, size, ("embedder",))["embedder"]
        figures = [_figure(root / f"fig{i}.png", i) for i in range(8)]
        params = count_parameters(folder)
        results: dict[str, Any] = {"what": "embed", "size": size, "parameters": params, "runs": []}
        for asked, plan in _precision_runs(precisions, device, params):
            results["runs"].append(_embed_run(folder, figures, asked, plan, items, queries))
            _release()  # the model went out of scope with the run
    return results


def _embed_run(folder: Path, figures: list[Path], asked: str, plan: Any, items: int, queries: int) -> dict:
    """One precision: load the embedder, warm it up, measure."""
    from engine.models.qwen.embedder import QwenEmbedder
    from engine.models.qwen.protocol import coerce_input, embed_conversation

    embedder = QwenEmbedder(folder, plan=plan)
    meter = _Meter(plan.device)
    text = _sized_text(embedder.runtime.tokenizer, TEXT_TOKENS)
    texts = [f"{i}번 문항. {text}" for i in range(items)]
    mixed = [{"text": t, "image": figures[i % len(figures)]} for i, t in enumerate(texts)]
    image_items = max(4, items // 4)
    embedder.encode_document(texts[:2] + mixed[:1])  # warm-up (kernels, allocator)
    meter.reset_peak()
    planned = embedder.runtime.plan_inputs(
        [embed_conversation(coerce_input(mixed[0]), embedder.document_instruction)],
        [[embedder.runtime.image_ref(figures[0], embedder.max_pixels)]])
    text_s = meter.time(lambda: embedder.encode_document(texts))
    single_n = max(2, items // 8)
    single_s = meter.time(lambda: [embedder.encode_document([t]) for t in texts[:single_n]])
    mixed_s = meter.time(lambda: embedder.encode_document(mixed[:image_items]))
    text_lat = [meter.time(lambda q=q: embedder.encode_query([q])) * 1000 for q in _cycled_queries(queries)]
    image_lat = [meter.time(lambda i=i: embedder.encode_query([{"image": figures[i % len(figures)]}])) * 1000
                 for i in range(max(3, queries // 2))]
    return {**_plan_fields(asked, plan),
            "text_items_per_s": round(items / text_s, 2),
            "text_items_per_s_one_at_a_time": round(single_n / single_s, 2),
            "image_items_per_s": round(image_items / mixed_s, 2),
            "image_item_tokens": len(planned[0].ids),
            "text_query_p50_ms": round(statistics.median(text_lat), 1),
            "text_query_p95_ms": round(latency_percentile(text_lat, 0.95), 1),
            "image_query_p50_ms": round(statistics.median(image_lat), 1),
            "image_query_p95_ms": round(latency_percentile(image_lat, 0.95), 1),
            "peak_memory_gib": meter.peak_gib(),
            "memory_kind": _memory_kind(plan)}


def run_rerank_bench(size: str = "tiny", precisions: list[str] | None = None, device: str | None = None,
                     candidates: int = 20, repeats: int = 5, with_embedder: bool = True,
                     workdir: Path | None = None) -> dict:
    from engine.models.qwen.loading import count_parameters

    precisions = precisions or ["int8", "bf16", "fp32"]
    kinds = ("reranker", "embedder") if with_embedder else ("reranker",)
    with tempfile.TemporaryDirectory(prefix="itembank-bench-qwen-", dir=workdir) as tmp:
        root = Path(tmp)
        folders = write_bench_checkpoints(root, size, kinds)
        figure = _figure(root / "fig.png", 1)
        params = count_parameters(folders["reranker"])
        results: dict[str, Any] = {"what": "rerank", "size": size, "parameters": params,
                                   "candidates": candidates, "runs": []}
        for asked, plan in _precision_runs(precisions, device, params):
            results["runs"].append(_rerank_run(folders, figure, asked, plan, candidates, repeats))
            _release()  # the models went out of scope with the run
    return results


def _rerank_run(folders: dict[str, Path], figure: Path, asked: str, plan: Any, candidates: int,
                repeats: int) -> dict:
    """One precision: load the reranker (and the embedder beside it when its checkpoint was written)."""
    from engine.models.qwen.embedder import QwenEmbedder
    from engine.models.qwen.reranker import QwenReranker

    meter = _Meter(plan.device)
    meter.reset_peak()
    reranker = QwenReranker(folders["reranker"], plan=plan)
    text = _sized_text(reranker.runtime.tokenizer, TEXT_TOKENS)
    documents = [f"{i}번 문항. {text}" for i in range(candidates)]
    reranker.rank(QUERIES[0], documents[:2])  # warm-up
    latencies = [meter.time(lambda q=q: reranker.rank(q, documents)) * 1000 for q in _cycled_queries(repeats)]
    one_by_one = meter.time(lambda: [reranker.score([(QUERIES[0], d)]) for d in documents]) * 1000
    image_ms = meter.time(lambda: reranker.rank({"text": "이 그래프", "image": figure}, documents)) * 1000
    run = {**_plan_fields(asked, plan),
           "rerank_p50_ms": round(statistics.median(latencies), 1),
           "rerank_p95_ms": round(latency_percentile(latencies, 0.95), 1),
           "rerank_one_pair_at_a_time_ms": round(one_by_one, 1),
           "rerank_image_query_ms": round(image_ms, 1),
           "peak_memory_gib": meter.peak_gib()}
    if "embedder" in folders:
        embedder = QwenEmbedder(folders["embedder"], plan=plan)
        both = [meter.time(lambda q=q: reranker.rank(q, documents) and embedder.encode_query([q])) * 1000
                for q in QUERIES[:3]]
        run["embed_plus_rerank_ms"] = round(statistics.median(both), 1)
        run["peak_memory_both_loaded_gib"] = meter.peak_gib()
    run["memory_kind"] = _memory_kind(plan)
    return run


def format_qwen_bench(results: dict) -> str:
    lines = [f"Qwen3-VL {results['what']} bench, size {results['size']} "
             f"({results['parameters'] / 1e9:.2f} B parameters, random weights)"]
    for run in results["runs"]:
        head = f"- {run['device']} {run['precision']}" + (
            f" (asked {run['asked']})" if run["asked"] != run["precision"] else "")
        lines.append(head)
        for key, value in run.items():
            if key not in ("asked", "device", "precision", "reasons"):
                lines.append(f"    {key}: {value}")
        for reason in run["reasons"]:
            lines.append(f"    · {reason}")
    return "\n".join(lines)
