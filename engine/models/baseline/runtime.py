"""Where and how the baseline models run, and offline loading with errors that name the folder.

KURE-v1 (568 M parameters) and SigLIP base (~375 M) run in fp32 on the CPU and in fp16 (bf16 where the
GPU has it) on a CUDA GPU; int8 is not offered for them.
"""

from __future__ import annotations

from typing import Any

from engine.errors import InvalidInput
from engine.models.lite import ModelUnavailableError
from engine.models.offline import go_offline
from engine.models.offline import require_model_stack as require_packages

BASELINE_PRECISIONS = ("fp32", "fp16", "bf16")
_DTYPES = {"fp32": "float32", "fp16": "float16", "bf16": "bfloat16"}


def require_model_stack() -> None:
    require_packages("the baseline models (KURE-v1, SigLIP)")


def choose_device(precision: str | None = None, device: str | None = None) -> tuple[str, str]:
    """(device, precision): a CUDA GPU in half precision when there is one, else the CPU in fp32."""
    if precision is not None and precision not in BASELINE_PRECISIONS:
        raise InvalidInput(f"the baseline models run in {', '.join(BASELINE_PRECISIONS)}, not {precision!r}")
    if device not in (None, "auto", "cpu", "cuda"):
        raise InvalidInput(f"unknown device {device!r}: use cpu or cuda")
    import torch

    use_cuda = device != "cpu" and torch.cuda.is_available()
    if device == "cuda" and not use_cuda:
        raise ModelUnavailableError("CUDA was asked for, but no usable CUDA GPU was found")
    if not use_cuda:
        return "cpu", "fp32" if precision in (None, "fp16") else precision
    if precision is None:
        precision = "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "cuda", precision


def torch_dtype(precision: str) -> Any:
    import torch

    return getattr(torch, _DTYPES[precision])


def load_pretrained(cls: Any, folder: Any, device: str, precision: str) -> Any:
    """``cls.from_pretrained`` offline, refusing checkpoints that lack tensors (transformers would fill
    them with random numbers and every embedding would be noise)."""
    go_offline()
    require_model_stack()
    try:
        model, info = cls.from_pretrained(str(folder.path), local_files_only=True, output_loading_info=True,
                                          dtype=torch_dtype(precision), attn_implementation="sdpa")
    except (OSError, ValueError) as exc:
        text = (str(exc).strip() or exc.__class__.__name__).splitlines()[0]
        raise ModelUnavailableError(f"the weights in {folder.path} cannot be loaded: {text}") from None
    missing = [k for k in (info.get("missing_keys") or []) if not k.endswith("position_ids")
               and not k.startswith("pooler.")]  # the pooler head is not used (pooling is ours)
    if missing:
        shown = ", ".join(sorted(missing)[:3])
        raise ModelUnavailableError(f"the weights in {folder.path} lack {len(missing)} tensor(s) (e.g. {shown}): "
                                    f"the pack is incomplete or not a {folder.family} checkpoint")
    return model.to(device).eval()


def load_tokenizer(folder: Any) -> Any:
    go_offline()
    require_model_stack()
    from transformers import AutoTokenizer

    try:
        return AutoTokenizer.from_pretrained(str(folder.path), local_files_only=True)
    except (OSError, ValueError, TypeError) as exc:
        text = (str(exc).strip() or exc.__class__.__name__).splitlines()[0]
        raise ModelUnavailableError(f"the tokenizer in {folder.path} cannot be loaded: {text}") from None


def l2_normalise(vectors: Any) -> Any:
    """Rows of a float32 numpy matrix scaled to unit length (zero rows stay zero)."""
    import numpy as np

    array = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(array, axis=1, keepdims=True)
    return np.ascontiguousarray(array / np.where(norms == 0, 1.0, norms), dtype=np.float32)
