"""The vision patch embedding runs as a matmul (PyTorch's Conv3d is slow for this shape on CPU) and gives
the Conv3d's numbers: on the layer itself, and through the whole embedder on image items."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest

torch = pytest.importorskip("torch")
pytest.importorskip("transformers")

from conftest import draw_figure  # noqa: E402
from engine.models.qwen.embedder import QwenEmbedder  # noqa: E402
from engine.models.qwen.patch_embed import use_matmul_patch_embedding  # noqa: E402


def _patch_layer(hidden: int = 64):
    from transformers.models.qwen3_vl.modeling_qwen3_vl import Qwen3VLVisionPatchEmbed

    config = SimpleNamespace(patch_size=16, temporal_patch_size=2, in_channels=3, hidden_size=hidden)
    return Qwen3VLVisionPatchEmbed(config).eval()


def test_the_matmul_form_equals_the_conv3d_on_the_real_layer():
    torch.manual_seed(0)
    conv = _patch_layer()
    fast = _patch_layer()
    fast.load_state_dict(conv.state_dict())
    assert use_matmul_patch_embedding(SimpleNamespace(visual=SimpleNamespace(patch_embed=fast)))
    patches = torch.randn(300, 3 * 2 * 16 * 16)
    with torch.no_grad():
        expected, got = conv(patches), fast(patches)
    assert got.shape == expected.shape == (300, 64)
    torch.testing.assert_close(got, expected, atol=1e-5, rtol=1e-5)
    # it reads the Conv3d's own weights: a change to them shows up in the fast path too
    with torch.no_grad():
        fast.proj.bias.add_(1.0)
        assert torch.allclose(fast(patches), expected + 1.0, atol=1e-5)


def test_a_layer_that_is_not_a_patch_embedding_is_left_alone():
    assert use_matmul_patch_embedding(SimpleNamespace()) is False
    odd = _patch_layer()
    odd.proj = torch.nn.Conv3d(3, 8, kernel_size=(2, 16, 16), stride=(1, 8, 8))
    assert use_matmul_patch_embedding(SimpleNamespace(visual=SimpleNamespace(patch_embed=odd))) is False


def test_the_loaded_embedder_uses_it_and_image_vectors_match_the_conv3d(tiny_embedder_dir: Path, tmp_path: Path):
    figure = draw_figure(tmp_path / "f.png", "graph", size=(320, 256))
    inputs = [{"text": "그림", "image": figure}, {"image": figure}, "이차함수의 꼭짓점"]
    embedder = QwenEmbedder(tiny_embedder_dir, device="cpu")
    patch = embedder.runtime.model.model.visual.patch_embed
    assert getattr(patch, "matmul_form", False)
    fast = embedder.encode_document(inputs).vectors
    del patch.forward  # back to the class's Conv3d forward
    reference = embedder.encode_document(inputs).vectors
    np.testing.assert_allclose(fast, reference, atol=1e-5)
