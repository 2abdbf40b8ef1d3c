"""Our faster Qwen3-VL pieces compute what transformers computes, on the tiny random model.

- the vision tower's forward (engine.models.qwen.vision) against transformers' own forward, for a batch
  mixing equal-size images (one batched SDPA call), other sizes and a two-frame grid;
- the prepared 4-D attention mask and positions (engine.models.qwen.masks) against transformers
  building them from the 2-D padding mask, with right padding (embedder) and left padding (reranker).
"""

from __future__ import annotations

import pytest
import torch

from engine.models.qwen.masks import batch_attention, causal_padding_mask
from engine.models.qwen.patch_embed import use_matmul_patch_embedding
from engine.models.qwen.synthetic import build_model
from engine.models.qwen.vision import GridTables, _segment_runs, use_fast_vision

GRIDS = [(1, 6, 8), (1, 6, 8), (1, 4, 10), (2, 4, 6), (1, 6, 8), (1, 2, 2)]
PATCH_VALUES = 3 * 2 * 16 * 16
SHARPEN = 40.0


@pytest.fixture(scope="module")
def models() -> tuple:
    plain = build_model("tiny", seed=3)
    fast = build_model("tiny", seed=3)
    for model in (plain, fast):
        use_matmul_patch_embedding(model)
        with torch.no_grad():  # random init attends almost uniformly, where rotation hardly shows
            for block in model.model.visual.blocks:
                block.attn.qkv.weight.mul_(SHARPEN)
    assert use_fast_vision(fast) and not getattr(plain.model.visual, "fast_forward", False)
    return plain, fast


def _pixels(grids: list[tuple[int, int, int]], seed: int = 0) -> tuple[torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    tokens = sum(t * h * w for t, h, w in grids)
    return torch.randn(tokens, PATCH_VALUES, generator=generator), torch.tensor(grids)


@torch.inference_mode()
def test_fast_vision_forward_equals_transformers(models):
    plain, fast = models
    pixels, grid = _pixels(GRIDS)
    expected, expected_deep = plain.model.visual(pixels, grid)
    for _ in range(2):  # the second call reads the cached per-grid tables
        got, got_deep = fast.model.visual(pixels, grid)
        assert got.shape == expected.shape == (pixels.shape[0] // 4, 64)
        torch.testing.assert_close(got, expected, atol=1e-5, rtol=1e-4)
        assert len(got_deep) == len(expected_deep) == 2
        for a, b in zip(got_deep, expected_deep):
            torch.testing.assert_close(a, b, atol=1e-5, rtol=1e-4)


@torch.inference_mode()
def test_images_do_not_attend_to_each_other(models):
    _, fast = models
    pixels, grid = _pixels(GRIDS[:2])
    together, _ = fast.model.visual(pixels, grid)
    alone, _ = fast.model.visual(pixels[:48], grid[:1])
    torch.testing.assert_close(together[:12], alone, atol=1e-5, rtol=1e-4)
    assert not torch.allclose(together[:12], together[12:], atol=1e-3)  # different pixels, different output


def test_equal_length_neighbours_share_one_attention_call():
    assert _segment_runs([48, 48, 40, 24, 24, 48]) == [(0, 2, 48), (96, 1, 40), (136, 2, 24), (184, 1, 48)]
    assert _segment_runs([]) == []


@torch.inference_mode()
def test_grid_tables_stay_bounded(models):
    _, fast = models
    tables = GridTables(fast.model.visual, size=2)
    first = tables.get((1, 4, 4))
    assert tables.get((1, 4, 4))[0] is first[0]
    tables.get((1, 2, 4))
    tables.get((1, 4, 2))
    assert len(tables._cache) == 2 and (1, 4, 4) not in tables._cache


def test_padded_rows_never_see_padding_and_never_see_nothing():
    mask = torch.tensor([[1, 1, 1, 0], [0, 0, 1, 1]])
    visible = causal_padding_mask(mask)[:, 0]
    assert visible.shape == (2, 4, 4)
    assert visible[0, 2].tolist() == [True, True, True, False]
    assert visible[0, 3].tolist() == [True, True, True, True]  # a right pad: real keys, and itself
    assert visible[1, 0].tolist() == [True, False, False, False]  # a left pad: only itself
    assert visible[1, 3].tolist() == [False, False, True, True]
    assert bool(visible.any(dim=-1).all())


@torch.inference_mode()
@pytest.mark.parametrize("left", [False, True])
def test_prepared_mask_gives_transformers_hidden_states(models, left: bool):
    _, fast = models
    lengths = [9, 5, 7]
    width = max(lengths)
    generator = torch.Generator().manual_seed(1)
    ids = torch.full((3, width), 151643)
    mask = torch.zeros((3, width), dtype=torch.long)
    for row, length in enumerate(lengths):
        span = slice(width - length, width) if left else slice(0, length)
        ids[row, span] = torch.randint(0, 150000, (length,), generator=generator)
        mask[row, span] = 1
    inputs = {"input_ids": ids, "attention_mask": mask, "use_cache": False}
    prepared = batch_attention(fast, inputs)
    assert prepared["attention_mask"].ndim == 4 and "position_ids" in prepared
    ours = fast.model(**prepared).last_hidden_state
    theirs = fast.model(**inputs).last_hidden_state
    real = mask.bool()
    assert not torch.isnan(ours).any()
    torch.testing.assert_close(ours[real], theirs[real], atol=1e-5, rtol=1e-4)


def test_a_batch_without_padding_is_left_to_transformers(models):
    _, fast = models
    inputs = {"input_ids": torch.ones((2, 4), dtype=torch.long), "attention_mask": torch.ones((2, 4))}
    assert batch_attention(fast, inputs) is inputs
