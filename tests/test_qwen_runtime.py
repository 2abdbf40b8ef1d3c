"""GPU code paths exercised on the CPU: out-of-memory back-off inside the real runtime (the model raising
CUDA's OOM error for big batches), the int8 / bf16 loading arguments, and the progress callback."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
import torch

from conftest import draw_figure
from engine.models.device import DevicePlan, Hardware
from engine.models.qwen import loading
from engine.models.qwen.embedder import QwenEmbedder


def test_out_of_memory_batches_are_split_and_give_the_same_vectors(tiny_embedder_dir: Path, tmp_path: Path):
    figure = draw_figure(tmp_path / "f.png", "graph", size=(320, 256))
    inputs = [f"{n}번 문항: 이차함수의 그래프와 꼭짓점 " * (1 + n % 4) for n in range(12)]
    inputs += [{"text": "그림", "image": figure}, {"image": figure}]
    reference = QwenEmbedder(tiny_embedder_dir, device="cpu").encode_document(inputs).vectors

    squeezed = QwenEmbedder(tiny_embedder_dir, device="cpu", token_budget=100_000, max_batch=64)
    real_forward = squeezed.runtime.model.forward
    batch_sizes: list[int] = []

    def forward(**kwargs):
        rows = kwargs["input_ids"].shape[0]
        batch_sizes.append(rows)
        if rows > 3:
            raise torch.cuda.OutOfMemoryError("CUDA out of memory. Tried to allocate 1.50 GiB")
        return real_forward(**kwargs)

    squeezed.runtime.model.forward = forward
    progress: list[tuple[int, int]] = []
    vectors = squeezed.encode_document(inputs, progress=lambda done, total: progress.append((done, total))).vectors
    np.testing.assert_allclose(vectors, reference, atol=1e-5)
    # the first batch is every input within twice the longest's length (the short texts start their own)
    assert 3 < batch_sizes[0] < len(inputs) and max(batch_sizes[1:]) <= len(inputs)
    assert squeezed.runtime.runner.splits >= 2
    assert squeezed.runtime.runner.token_budget < 100_000  # later batches start smaller
    assert progress[-1] == (len(inputs), len(inputs)) and [d for d, _ in progress] == sorted(d for d, _ in progress)


def _capture_from_pretrained(monkeypatch) -> dict:
    captured: dict = {}

    class FakeBackbone:
        @classmethod
        def from_pretrained(cls, path, **kwargs):
            captured.update(kwargs, path=path)
            model = SimpleNamespace(to=lambda device: captured.setdefault("moved_to", device),
                                    eval=lambda: None)
            return model, {"missing_keys": []}

    monkeypatch.setattr(loading, "backbone_class", lambda: FakeBackbone)
    return captured


def _gpu_plan(precision: str, capability=(8, 6)) -> DevicePlan:
    hardware = Hardware(torch=True, cuda=True, gpu_name="RTX", capability=capability, free_bytes=10 * 2**30,
                        total_bytes=12 * 2**30, bitsandbytes=True, accelerate=True)
    return DevicePlan("cuda", precision, ["test"], hardware)


def test_int8_loads_the_language_model_in_8_bit_and_keeps_vision_in_16_bit(monkeypatch, tiny_embedder_dir):
    pytest.importorskip("transformers")
    captured = _capture_from_pretrained(monkeypatch)
    folder = loading.open_model_folder(tiny_embedder_dir)
    loading.load_backbone(folder, _gpu_plan("int8"))
    config = captured["quantization_config"]
    assert config.load_in_8bit and set(config.llm_int8_skip_modules) == {"visual", "lm_head"}
    assert captured["device_map"] == {"": 0} and captured["dtype"] == torch.bfloat16
    assert captured["local_files_only"] is True and captured["attn_implementation"] == "sdpa"
    assert "moved_to" not in captured  # bitsandbytes places the weights itself

    captured.clear()
    loading.load_backbone(folder, _gpu_plan("int8", capability=(7, 5)))
    assert captured["dtype"] == torch.float16  # Turing has no bf16


def test_bf16_and_cpu_plans_load_without_quantisation(monkeypatch, tiny_embedder_dir):
    captured = _capture_from_pretrained(monkeypatch)
    folder = loading.open_model_folder(tiny_embedder_dir)
    loading.load_backbone(folder, _gpu_plan("bf16"))
    assert "quantization_config" not in captured and captured["dtype"] == torch.bfloat16
    assert captured["moved_to"] == "cuda"
    captured.clear()
    loading.load_backbone(folder, DevicePlan("cpu", "fp32", ["test"], Hardware(torch=True, cuda=False)))
    assert captured["dtype"] == torch.float32 and captured["moved_to"] == "cpu"


def test_loading_sets_the_offline_switches(monkeypatch, tiny_embedder_dir):
    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    monkeypatch.delenv("TRANSFORMERS_OFFLINE", raising=False)
    import os

    QwenEmbedder(tiny_embedder_dir, device="cpu")
    assert os.environ["HF_HUB_OFFLINE"] == "1" and os.environ["TRANSFORMERS_OFFLINE"] == "1"


def test_a_query_figure_repeated_in_every_pair_is_decoded_once(tiny_reranker_dir: Path, tmp_path: Path,
                                                               monkeypatch):
    from engine.models.qwen import runtime
    from engine.models.qwen.reranker import QwenReranker

    query_figure = draw_figure(tmp_path / "query.png", "triangle")
    document_figure = draw_figure(tmp_path / "doc.png", "circle")
    calls: list[str] = []
    real = runtime.prepare_image
    monkeypatch.setattr(runtime, "prepare_image",
                        lambda source, *args, **kw: calls.append(Path(source).name) or real(source, *args, **kw))
    reranker = QwenReranker(tiny_reranker_dir, device="cpu")
    pairs = [({"text": "삼각형", "image": query_figure}, {"text": f"{n}번 문항", "image": document_figure})
             for n in range(6)]
    scores = reranker.score(pairs)
    assert calls.count("query.png") == 1 and calls.count("doc.png") == 1
    assert not reranker.runtime._memo  # nothing kept after the run
    calls.clear()
    again = reranker.score(pairs[:1])
    assert calls == ["query.png", "doc.png"]  # a new run reads the files again (they may have changed)
    assert abs(float(again[0]) - float(scores[0])) < 1e-5
