"""Qwen3-VL embedder and reranker (model packs), in parity with the official implementation.

Nothing here imports torch or transformers at import time: ``import engine`` stays light, and a PC
without the ``models`` extra gets a clear ModelUnavailableError only when a model is loaded.

- ``protocol``: the chat layouts, default instructions and token ids (DESIGN §3);
- ``images``: RGB conversion, the multiple-of-32 resize rule and patchification (PIL + numpy only);
- ``prompt``: chat template rendering, tokenisation, vision-token expansion and truncation;
- ``batching``: token-budget batches and out-of-memory back-off;
- ``loading``: offline loading of a model folder at a chosen precision;
- ``embedder`` / ``reranker``: the models themselves;
- ``synthetic``: tiny (and real-2B-shaped) random checkpoints for tests and benchmarks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pragma: no cover
    from engine.models.qwen.embedder import QwenEmbedder
    from engine.models.qwen.reranker import QwenReranker

__all__ = ["QwenEmbedder", "QwenReranker"]


def __getattr__(name: str):
    """Lazy access so ``from engine.models.qwen import QwenEmbedder`` works without eager imports."""
    if name == "QwenEmbedder":
        from engine.models.qwen.embedder import QwenEmbedder

        return QwenEmbedder
    if name == "QwenReranker":
        from engine.models.qwen.reranker import QwenReranker

        return QwenReranker
    raise AttributeError(name)
