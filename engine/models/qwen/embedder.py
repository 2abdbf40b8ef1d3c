"""The Qwen3-VL embedder: text, image or both → one L2-normalised vector.

Protocol (DESIGN §3): system message = the instruction, user message = images then text, chat template
with the generation prompt, right padding; the embedding is the final-norm hidden state of the last
non-padding token, L2-normalised. MRL: the first ``dim`` components, normalised again.

Two ways in:
- the engine's ``Embedder`` protocol: ``encode_document`` / ``encode_query`` take a list of inputs and
  return an ``EncodeResult`` (vectors + which inputs were truncated); the index code uses these;
- a sentence-transformers-style ``embed(inputs, instruction=…, dim=…, query=…)`` that returns the
  numpy matrix. Both accept str, Path, PIL images, {"text", "image"} dicts and ``EmbedInput``s.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.errors import InvalidInput
from engine.models.inputs import EncodeResult
from engine.models.qwen.images import MAX_PIXELS, QUERY_MAX_PIXELS
from engine.models.qwen.protocol import (DOCUMENT_INSTRUCTION, EMBED_MAX_LENGTH, QUERY_INSTRUCTION, QwenInput,
                                         coerce_input, embed_conversation, finish_instruction)
from engine.models.qwen.runtime import Progress, QwenRuntime


def truncate_dim(vectors: np.ndarray, dim: int | None) -> np.ndarray:
    """MRL: keep the first ``dim`` components and L2-normalise again (no-op for the full size)."""
    if dim is None or dim >= vectors.shape[1]:
        return vectors
    if dim < 1:
        raise InvalidInput("dim must be at least 1")
    cut = np.ascontiguousarray(vectors[:, :dim], dtype=np.float32)
    norms = np.linalg.norm(cut, axis=1, keepdims=True)
    return cut / np.maximum(norms, 1e-12)


def last_token_pool(hidden: Any, mask: Any) -> Any:
    """Hidden state of each row's last non-padding token (right padding), L2-normalised in fp32."""
    import torch

    last = mask.sum(dim=1) - 1
    pooled = hidden[torch.arange(hidden.shape[0], device=hidden.device), last].float()
    return torch.nn.functional.normalize(pooled, p=2, dim=-1)


class QwenEmbedder:
    """Qwen3-VL-Embedding from a local model folder (or installed pack folder)."""

    supports_images = True

    def __init__(self, model_dir: str | os.PathLike, precision: str | None = None, device: str | None = None,
                 *, dim: int | None = None, query_instruction: str | None = None,
                 document_instruction: str | None = None, max_pixels: int = MAX_PIXELS,
                 query_max_pixels: int = QUERY_MAX_PIXELS, max_length: int = EMBED_MAX_LENGTH,
                 token_budget: int | None = None, max_batch: int = 64, image_workers: int | None = None,
                 plan: Any = None, model: Any = None) -> None:
        self.runtime = QwenRuntime(model_dir, precision=precision, device=device, max_length=max_length,
                                   token_budget=token_budget, max_batch=max_batch, image_workers=image_workers,
                                   plan=plan, model=model)
        self.full_dim = self.runtime.folder.hidden_size
        if dim is not None and not 1 <= dim <= self.full_dim:
            raise InvalidInput(f"dim must be between 1 and {self.full_dim}")
        self.dim = dim or self.full_dim
        self.query_instruction = finish_instruction(query_instruction, QUERY_INSTRUCTION)
        self.document_instruction = finish_instruction(document_instruction, DOCUMENT_INSTRUCTION)
        self.max_pixels = max_pixels
        self.query_max_pixels = min(query_max_pixels, max_pixels)
        self.precision = self.runtime.plan.precision
        digest = hashlib.sha1(f"{self.document_instruction}\n{self.query_instruction}".encode()).hexdigest()[:8]
        # Stored vectors differ when the model, the precision or an instruction differ.
        self.model_key = f"{self.runtime.folder.name}/{self.precision}/{digest}"

    # -- the engine's Embedder protocol ---------------------------------------------------------
    def encode_document(self, inputs: Sequence[Any], *, instruction: str | None = None, dim: int | None = None,
                        progress: Progress | None = None) -> EncodeResult:
        return self._encode(inputs, instruction, dim, query=False, progress=progress)

    def encode_query(self, inputs: Sequence[Any], *, instruction: str | None = None, dim: int | None = None,
                     progress: Progress | None = None) -> EncodeResult:
        return self._encode(inputs, instruction, dim, query=True, progress=progress)

    # -- sentence-transformers style ------------------------------------------------------------
    def embed(self, inputs: Any, *, instruction: str | None = None, dim: int | None = None, query: bool = False,
              progress: Progress | None = None) -> np.ndarray:
        """One input (returns a vector) or a list (returns a matrix), float32, L2-normalised."""
        single = not isinstance(inputs, (list, tuple))
        result = self._encode([inputs] if single else list(inputs), instruction, dim, query, progress)
        return result.vectors[0] if single else result.vectors

    def embed_many(self, inputs: Sequence[Any], instructions: Sequence[str | None], *, query: bool = False,
                   dim: int | None = None, base_dir: Any = None, progress: Progress | None = None
                   ) -> EncodeResult:
        """Inputs with one instruction each (None = the side's default); used by ``itembank embed``."""
        items = [coerce_input(value, base_dir) for value in inputs]
        default = self.query_instruction if query else self.document_instruction
        finished = [finish_instruction(text, default) for text in instructions]
        return self._run(items, finished, query, dim, progress)

    # -- internals -------------------------------------------------------------------------------
    def _encode(self, inputs: Sequence[Any], instruction: str | None, dim: int | None, query: bool,
                progress: Progress | None) -> EncodeResult:
        items = [coerce_input(value) for value in inputs]
        default = self.query_instruction if query else self.document_instruction
        text = finish_instruction(instruction, default) if instruction else default
        return self._run(items, [text] * len(items), query, dim, progress)

    def _run(self, items: list[QwenInput], instructions: list[str], query: bool, dim: int | None,
             progress: Progress | None) -> EncodeResult:
        out_dim = dim or self.dim
        if not 1 <= out_dim <= self.full_dim:
            raise InvalidInput(f"dim must be between 1 and {self.full_dim}")
        if not items:
            return EncodeResult(np.zeros((0, out_dim), dtype=np.float32), [])
        limit = self.query_max_pixels if query else self.max_pixels
        conversations = [embed_conversation(item, text) for item, text in zip(items, instructions)]
        refs = [[self.runtime.image_ref(src, limit, position) for src in item.images]
                for position, item in enumerate(items)]
        planned = self.runtime.plan_inputs(conversations, refs)
        vectors = self.runtime.run(planned, last_token_pool, left_padding=False, progress=progress)
        truncated = [i for i, p in enumerate(planned) if p.truncated]
        return EncodeResult(truncate_dim(vectors, out_dim), truncated)


def load_embedder(model_dir: str | os.PathLike, **options: Any) -> QwenEmbedder:
    """``QwenEmbedder(model_dir, **options)``; a function for symmetry with ``load_reranker``."""
    return QwenEmbedder(model_dir, **options)
