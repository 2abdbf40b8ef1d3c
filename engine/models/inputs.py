"""What an embedder is given: text, an image, or both — and how an item becomes a document."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import numpy as np

from engine.errors import Damaged
from engine.items import Item
from engine.mathtext.linear import linear_text


@dataclass(frozen=True)
class EmbedInput:
    """One query or document. ``text=None`` means no text part (not an empty string)."""

    text: str | None = None
    image: str | Path | None = None


# Bump when ``item_document_text`` changes: it is part of every model key, so stored embeddings made
# from the old text are recognised as stale and re-embedded.
DOCUMENT_TEXT_VERSION = 2


def item_document_text(item: Item) -> str:
    """The text an item is embedded as: unit and tags, then stem, passage and choices.

    The unit (단원) and the teacher's tags name the concept an item tests ("근과 계수의 관계"), which
    the stem often only implies; on the sample bank's golden queries putting them first lifted the
    lite model's top-5 hits markedly. The standard code and the explanation are left out (codes are
    noise to a language model; explanations repeat the answer). A length limit cuts the end: the tail
    of a long passage or the choices, never the concept or the question.

    Math (``$…$`` LaTeX) is given in its linear form ("x^2-5x+3=0", "1/2"): a language model reads
    that far better than LaTeX source. Items without ``$…$`` give the same text as before, so the
    document-text version (and every stored embedding) stays valid.
    """
    parts = [item.unit, " ".join(item.tags), item.stem, item.passage, "\n".join(item.choices)]
    return linear_text("\n".join(p for p in parts if p))


# Figures per item that go into its document embedding (an item with more keeps its first ones).
MAX_DOCUMENT_FIGURES = 4


def item_document_input(item: Item, figure_path: Callable[[str], Path | None]) -> dict:
    """An item as a text + image document for a model that sees figures (Qwen3-VL): the document text
    and the files of its first figures. A figure missing from the bank is an error naming the item,
    never silently dropped (the reference scripts embed such an input as "NULL")."""
    paths = []
    for sha256 in item.images[:MAX_DOCUMENT_FIGURES]:
        path = figure_path(sha256)
        if path is None or not Path(path).is_file():
            raise Damaged(f"figure {sha256[:12]}… of item {item.id} is missing from the bank's "
                                    "assets folder; import the item again or restore the bank from a backup")
        paths.append(Path(path))
    return {"text": item_document_text(item), "images": paths}


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
