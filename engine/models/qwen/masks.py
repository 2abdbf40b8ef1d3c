"""The padded batch's causal attention mask and 3-D rotary positions, built once per batch.

Given a 2-D padding mask, transformers 4.57 builds the (batch, 1, L, L) causal mask with ``torch.vmap``
over a Python mask function; on CPU that costs tens of milliseconds per batch, most of it in pytree
bookkeeping that holds the GIL (so it also stalls the thread decoding the next batch's images). The
same boolean mask is three tensor operations. transformers returns a 4-D mask as it is, so we pass it
with the positions ``get_rope_index`` computes from the 2-D mask (the model would otherwise derive them
from the 4-D mask's diagonal, which this mask sets for every row; see below).

Rows of pure padding attend to themselves only: a query with every key masked would give NaN, and a NaN
in a padded position would poison real rows through 0·NaN in the next layer's attention product. Real
tokens never see padding, so their hidden states are those of the 2-D-mask path.
"""

from __future__ import annotations

from typing import Any


def causal_padding_mask(mask: Any) -> Any:
    """(batch, 1, L, L) bool: key j visible to query i when j ≤ i and j is a real token, or j == i."""
    import torch

    length = mask.shape[1]
    positions = torch.arange(length, device=mask.device)
    causal = positions[None, :] <= positions[:, None]  # (L, L): key ≤ query
    visible = causal[None] & mask.bool()[:, None, :]
    visible |= torch.eye(length, dtype=torch.bool, device=mask.device)[None]
    return visible[:, None]


def batch_attention(backbone: Any, inputs: dict) -> dict:
    """``inputs`` with a prepared 4-D mask and positions when the batch has padding (else unchanged:
    without padding transformers already skips the mask and runs causal SDPA)."""
    mask = inputs["attention_mask"]
    if bool(mask.all()):
        return inputs
    model = getattr(backbone, "model", backbone)
    positions, _ = model.get_rope_index(inputs["input_ids"], inputs.get("image_grid_thw"), None,
                                        attention_mask=mask)
    return {**inputs, "attention_mask": causal_padding_mask(mask), "position_ids": positions}
