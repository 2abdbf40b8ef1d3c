"""Qwen3-VL's vision patch embedding as one matrix product instead of a Conv3d.

The layer is a Conv3d whose kernel equals its stride and its input: each patch (channels × 2 frames ×
16 × 16 pixels) meets the kernel exactly once, so the convolution is a dot product of the flattened patch
with each flattened filter — ``patches @ W.T + b``. PyTorch's Conv3d takes a slow path for this shape on
CPU (the regression reported against PyTorch 2.9 makes it 10–20× slower than the matmul), and the layer
runs over every patch of every figure. Same numbers, computed the fast way; the weights are shared with
the Conv3d (a view), so loading, int8 planning and ``state_dict`` are unchanged.
"""

from __future__ import annotations

from typing import Any


def _flat_forward(module: Any):
    import torch

    def forward(hidden_states: torch.Tensor) -> torch.Tensor:
        proj = module.proj
        weight = proj.weight.reshape(proj.weight.shape[0], -1)  # (embed_dim, C*T*P*P), a view
        flat = hidden_states.reshape(-1, weight.shape[1]).to(dtype=weight.dtype)
        out = flat @ weight.T
        if proj.bias is not None:
            out = out + proj.bias
        return out.view(-1, module.embed_dim)

    return forward


def use_matmul_patch_embedding(model: Any) -> bool:
    """Swap the vision tower's patch embedding for the matmul form; False when the model has none."""
    visual = getattr(getattr(model, "model", model), "visual", None)
    patch = getattr(visual, "patch_embed", None)
    proj = getattr(patch, "proj", None)
    if patch is None or proj is None or tuple(proj.kernel_size) != tuple(proj.stride):
        return False
    patch.forward = _flat_forward(patch)
    patch.matmul_form = True
    return True
