"""int8 on the CPU (int8 matrix products for the linear layers): the plan offers it only where PyTorch
has the kernel, the loader really quantises the vision tower and language model, and the vectors and
rerank scores stay close to fp32 on the tiny random model, so ``--precision int8`` on a PC without a
GPU is faster, not different."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import draw_figure

from engine.models.device import Hardware, plan_device

PARAMS_2B = 2_127_000_000


def test_cpu_int8_is_planned_only_when_asked_and_only_with_the_kernels():
    with_kernels = Hardware(torch=True, cuda=False, cpu_int8=True)
    plan = plan_device("int8", None, PARAMS_2B, with_kernels)
    assert (plan.device, plan.precision, plan.torch_dtype_name) == ("cpu", "int8", "float32")
    assert any("int8 matrix products" in reason for reason in plan.reasons)
    assert plan_device(None, None, PARAMS_2B, with_kernels).precision == "fp32"  # the default stays fp32
    without = plan_device("int8", "cpu", PARAMS_2B, Hardware(torch=True, cuda=False))
    assert without.precision == "fp32"
    assert any("int8 matrix product" in reason for reason in without.reasons)


def test_int8_linear_keeps_ordinary_tokens_exact_next_to_an_outlier_token():
    """One scale per token: a token with huge activations (as language models have) does not flatten
    the others, which one scale for the whole batch would."""
    torch = pytest.importorskip("torch")
    from engine.models.cpu_int8 import int8_linear_class

    torch.manual_seed(0)
    linear = torch.nn.Linear(256, 96)
    rows = torch.randn(2, 9, 256)
    rows[0, 0] *= 500.0
    with torch.inference_mode():
        expected, got = linear(rows), int8_linear_class()(linear)(rows)
    assert got.shape == expected.shape == (2, 9, 96)
    error = (got - expected).norm(dim=-1) / expected.norm(dim=-1)
    assert float(error.max()) < 0.02, error


def test_cpu_int8_quantises_every_linear_layer_and_keeps_the_vectors(tiny_embedder_dir, tmp_path):
    torch = pytest.importorskip("torch")
    from engine.models.cpu_int8 import int8_linear_class
    from engine.models.qwen.embedder import QwenEmbedder

    exact = QwenEmbedder(tiny_embedder_dir, device="cpu", precision="fp32")
    fast = QwenEmbedder(tiny_embedder_dir, device="cpu", precision="int8")
    assert fast.precision == "int8" and fast.model_key != exact.model_key  # stored vectors are told apart
    modules = list(fast.runtime.model.modules())
    assert not any(type(m) is torch.nn.Linear for m in modules)
    int8_linear = int8_linear_class()
    quantised = [m for m in modules if isinstance(m, int8_linear)]
    assert all(m.weight_t.dtype == torch.int8 for m in quantised)
    visual = [m for m in fast.runtime.model.model.visual.modules() if isinstance(m, int8_linear)]
    assert len(visual) >= 4 and len(quantised) > len(visual)  # vision tower and language model
    items = ["이차방정식 x^2-5x+6=0의 두 근의 합은?", {"text": "그래프를 보고 답하시오.", "image": draw_figure(tmp_path / "f.png", "graph")},
             "광합성이 일어나는 세포 소기관은?"]
    a, b = exact.embed(items), fast.embed(items)
    cosines = np.sum(a * b, axis=1)
    assert cosines.min() > 0.99, cosines
    assert not np.allclose(a, b, atol=1e-6)  # it really ran a different (int8) path


def test_cpu_int8_reranker_scores_stay_close_to_fp32(tiny_reranker_dir):
    pytest.importorskip("torch")
    from engine.models.qwen.reranker import QwenReranker

    pairs = [("이차방정식의 근", "x^2-5x+6=0의 두 근을 구하시오."), ("광합성", "엽록체에서 일어나는 반응은?"),
             ("전류", "저항에 흐르는 전류의 세기는?")]
    exact = QwenReranker(tiny_reranker_dir, device="cpu", precision="fp32").score(pairs)
    fast = QwenReranker(tiny_reranker_dir, device="cpu", precision="int8").score(pairs)
    assert np.abs(exact - fast).max() < 0.02, (exact, fast)
