"""int8 on the CPU: every linear layer as an int8 × int8 matrix product with per-row scales.

A school PC without a CUDA GPU spends almost all of an embedding in the linear layers of the vision
tower and the language model. Here each weight is stored as int8 with one scale per output channel,
and each input row (token) is quantised on the fly with its own scale, so the product runs on the
CPU's integer units (``torch._int_mm``: AVX-512 VNNI / AVX2 through oneDNN) and is rescaled to fp32.
Per-token scales matter: a language model has a few tokens with huge activations, and one scale for
the whole batch (PyTorch's ``quantize_dynamic``) flattens every other token to a handful of levels.
Embeddings, norms, attention and the patch embedding stay fp32. bitsandbytes' LLM.int8, the GPU int8,
has no CPU kernels, hence this path.
"""

from __future__ import annotations

import functools
from typing import Any

_LEVELS = 127.0


def cpu_int8_available(torch: Any) -> bool:
    """True when this PyTorch can multiply int8 matrices on the CPU (a 17×32 product is tried)."""
    int_mm = getattr(torch, "_int_mm", None)
    if int_mm is None:
        return False
    try:
        probe = torch.ones((17, 32), dtype=torch.int8)
        result = int_mm(probe, probe.t().contiguous())
    except (RuntimeError, NotImplementedError):
        return False
    return int(result[0, 0]) == 32


def _rows_to_int8(torch: Any, values: Any) -> tuple[Any, Any]:
    """``values`` (rows × columns, fp32) as int8 with one scale per row: values ≈ int8 × scale."""
    scale = values.abs().amax(dim=1, keepdim=True).clamp_(min=1e-12).div_(_LEVELS)
    return values.div(scale).round_().clamp_(-_LEVELS, _LEVELS).to(torch.int8), scale


@functools.cache
def int8_linear_class() -> type:
    """The int8 layer type, built on first use so that importing this module does not import torch."""
    import torch

    class Int8Linear(torch.nn.Module):
        """y = x Wᵀ + b with W int8 per output channel and x int8 per token, accumulated in int32."""

        def __init__(self, linear: torch.nn.Linear) -> None:
            super().__init__()
            self.in_features, self.out_features = linear.in_features, linear.out_features
            with torch.no_grad():
                weight, scale = _rows_to_int8(torch, linear.weight.detach().float())
            self.register_buffer("weight_t", weight.t().contiguous())  # (in, out) for _int_mm
            self.register_buffer("weight_scale", scale.reshape(1, -1))
            bias = linear.bias.detach().float().clone() if linear.bias is not None else None
            self.register_buffer("bias", bias)

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            shape = x.shape
            rows = x.reshape(-1, self.in_features).float()
            quantised, scale = _rows_to_int8(torch, rows)
            out = torch._int_mm(quantised, self.weight_t).float().mul_(scale).mul_(self.weight_scale)
            if self.bias is not None:
                out.add_(self.bias)
            return out.to(x.dtype).reshape(*shape[:-1], self.out_features)

        def extra_repr(self) -> str:
            return f"in_features={self.in_features}, out_features={self.out_features}, int8"

    return Int8Linear


def quantize_linear_layers(model: Any) -> int:
    """Replace every ``nn.Linear`` in ``model`` (in place) by an int8 twin; the count replaced.

    Raises RuntimeError when this PyTorch cannot multiply int8 matrices on the CPU (the device plan
    checks first and falls back to fp32).
    """
    import torch

    if not cpu_int8_available(torch):
        raise RuntimeError("this PyTorch build has no int8 matrix product on the CPU")
    int8_linear = int8_linear_class()
    targets = [(parent, name, child) for parent in model.modules()
               for name, child in parent.named_children() if type(child) is torch.nn.Linear]
    for parent, name, child in targets:
        setattr(parent, name, int8_linear(child))
    return len(targets)
