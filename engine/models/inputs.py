"""What an embedder is given: text, an image, or both — and how an item becomes a document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.items import Item


@dataclass(frozen=True)
class EmbedInput:
    """One query or document. ``text=None`` means no text part (not an empty string)."""

    text: str | None = None
    image: str | Path | None = None


def item_document_text(item: Item) -> str:
    """The text an item is embedded as: stem, passage, choices, then unit and standard.

    The stem comes first so that a length limit cuts the tail of a long passage, not the question.
    """
    parts = [item.stem, item.passage, "\n".join(item.choices), " ".join(p for p in (item.unit,
                                                                                      item.standard) if p)]
    return "\n".join(p for p in parts if p)


@dataclass
class EncodeResult:
    """Vectors (float32, L2-normalised, one row per input) and which inputs were shortened."""

    vectors: np.ndarray
    truncated: list[int]


class Embedder(Protocol):
    """The sentence-transformers conventions: documents and queries are encoded differently."""

    model_key: str
    dim: int
    supports_images: bool

    def encode_document(self, inputs: list[EmbedInput]) -> EncodeResult: ...

    def encode_query(self, inputs: list[EmbedInput]) -> EncodeResult: ...
