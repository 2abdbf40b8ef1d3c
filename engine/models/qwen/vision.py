"""Qwen3-VL's vision tower forward with less memory traffic, same numbers.

transformers' forward is written for every attention backend; on CPU most of its vision time goes to
element-wise passes around the matrix products, not to them: the rotary embedding is applied to q and k
separately through ``rotate_half`` (a negation, a concatenation, two products and a sum each), the
transposed q/k/v are copied again for SDPA, the position embeddings are re-interpolated and the rotary
table rebuilt for every batch, and SDPA runs once per image even when images share a size.

This forward uses the tower's own modules and weights and computes the same function:
- bilinear position embeddings and rotary cos/sin per patch grid (t, h, w) are kept in a small cache
  (they depend only on the grid and the fixed weights), built by the tower's own methods;
- q and k are rotated in one pass, written straight into the (2, heads, tokens, head_dim) layout SDPA
  takes (rotation is a complex product of the two halves: x1·cos − x2·sin, x2·cos + x1·sin);
- consecutive attention segments (one per image frame) of equal length share one batched SDPA call;
- residual sums are done in place.
Results differ from transformers' only by float rounding (tests compare them).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

GRID_CACHE_SIZE = 8  # grids kept; a 2B-model entry for a 2024-patch figure is about 9 MB


class GridTables:
    """Position embeddings and rotary (cos, sin) halves of one vision tower, per patch grid."""

    def __init__(self, visual: Any, size: int = GRID_CACHE_SIZE) -> None:
        self.visual = visual
        self.size = size
        self._cache: OrderedDict = OrderedDict()
        self._lock = threading.Lock()

    def get(self, grid: tuple[int, int, int]) -> tuple[Any, Any, Any]:
        """(pos_embeds (tokens, dim), cos (tokens, head_dim/2), sin (tokens, head_dim/2)) for one grid."""
        with self._lock:
            hit = self._cache.get(grid)
            if hit is not None:
                self._cache.move_to_end(grid)
                return hit
        made = self._build(grid)
        with self._lock:
            self._cache[grid] = made
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return made

    def _build(self, grid: tuple[int, int, int]) -> tuple[Any, Any, Any]:
        import torch

        visual = self.visual
        grid_thw = torch.tensor([grid], dtype=torch.long, device=visual.pos_embed.weight.device)
        pos = visual.fast_pos_embed_interpolate(grid_thw)
        freqs = visual.rot_pos_emb(grid_thw)  # (tokens, head_dim / 2): the half transformers repeats
        # cos/sin in the table's dtype, then float32 for the rotation, as transformers does
        return pos, freqs.cos().float(), freqs.sin().float()


def _rotate_into(out: Any, x: Any, cos: Any, sin: Any) -> None:
    """``out = x·cos + rotate_half(x)·sin`` over the last axis, with cos/sin given as one half."""
    half = x.shape[-1] // 2
    x1, x2 = x[..., :half], x[..., half:]
    o1, o2 = out[..., :half], out[..., half:]
    import torch

    torch.mul(x1, cos, out=o1)
    o1.addcmul_(x2, sin, value=-1)
    torch.mul(x2, cos, out=o2)
    o2.addcmul_(x1, sin)


def _segment_runs(lengths: list[int]) -> list[tuple[int, int, int]]:
    """(first token, segment count, segment length) for each run of consecutive equal-length segments."""
    runs: list[tuple[int, int, int]] = []
    start = 0
    for length in lengths:
        if runs and runs[-1][2] == length:
            first, count, _ = runs[-1]
            runs[-1] = (first, count + 1, length)
        else:
            runs.append((start, 1, length))
        start += length
    return runs


def _attention(block_attn: Any, hidden: Any, cos: Any, sin: Any, runs: list[tuple[int, int, int]]) -> Any:
    """One block's self-attention over ``hidden`` (tokens, dim); eval only (no dropout)."""
    import torch
    import torch.nn.functional as F

    tokens = hidden.shape[0]
    heads = block_attn.num_heads
    qkv = block_attn.qkv(hidden).view(tokens, 3, heads, -1)
    head_dim = qkv.shape[-1]
    # rotated in float32 as transformers does (a no-op choice for fp32 weights), then back
    qk = torch.empty((2, heads, tokens, head_dim), dtype=torch.float32, device=qkv.device)
    _rotate_into(qk, qkv[:, :2].permute(1, 2, 0, 3), cos, sin)
    qk = qk.to(qkv.dtype)
    value = qkv[:, 2].permute(1, 0, 2)  # (heads, tokens, head_dim), a view
    out = torch.empty((tokens, heads, head_dim), dtype=qkv.dtype, device=qkv.device)
    for first, count, length in runs:
        span = slice(first, first + count * length)

        def batched(t: Any) -> Any:  # (heads, count·length, d) -> (count, heads, length, d), a view
            return t[:, span].unflatten(1, (count, length)).transpose(0, 1)

        attended = F.scaled_dot_product_attention(batched(qk[0]), batched(qk[1]), batched(value),
                                                  scale=block_attn.scaling)
        out[span].view(count, length, heads, head_dim).copy_(attended.transpose(1, 2))
    return block_attn.proj(out.view(tokens, -1))


def _fast_forward(visual: Any, tables: GridTables):
    import torch

    def forward(hidden_states: torch.Tensor, grid_thw: torch.Tensor, **kwargs: Any) -> Any:
        grids = [tuple(int(v) for v in row) for row in grid_thw.tolist()]
        parts = [tables.get(grid) for grid in grids]
        # one image: its tables as they are; several: each table joined over the images
        pos, cos, sin = parts[0] if len(parts) == 1 else (torch.cat(column) for column in zip(*parts))
        hidden = visual.patch_embed(hidden_states)
        hidden += pos
        runs = _segment_runs([h * w for t, h, w in grids for _ in range(t)])
        deepstack = []
        for number, block in enumerate(visual.blocks):
            hidden += _attention(block.attn, block.norm1(hidden), cos, sin, runs)
            hidden += block.mlp(block.norm2(hidden))
            if number in visual.deepstack_visual_indexes:
                merger = visual.deepstack_merger_list[visual.deepstack_visual_indexes.index(number)]
                deepstack.append(merger(hidden))
        return visual.merger(hidden), deepstack

    return forward


def use_fast_vision(model: Any) -> bool:
    """Swap the vision tower's forward for the one above; False when the model has no such tower."""
    visual = getattr(getattr(model, "model", model), "visual", None)
    needed = ("blocks", "patch_embed", "fast_pos_embed_interpolate", "rot_pos_emb", "merger")
    if visual is None or not all(hasattr(visual, name) for name in needed):
        return False
    if getattr(visual.config, "_attn_implementation", "sdpa") not in ("sdpa", "eager"):
        return False  # flash-attention builds (CUDA) keep transformers' varlen path
    visual.grid_tables = GridTables(visual)
    visual.forward = _fast_forward(visual, visual.grid_tables)
    visual.fast_forward = True
    return True
