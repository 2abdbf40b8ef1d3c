"""The Qwen3-VL reranker: how well a document answers a query, as a probability in [0, 1].

Protocol (DESIGN §3): a judging system prompt; one user message with "<Instruct>: …", "<Query>:", the
query parts, "\\n<Document>:", the document parts; the generation prompt; left padding. The score is
sigmoid(logit("yes") − logit("no")) at the last position, i.e. the last hidden state dotted with the
difference of the two LM-head rows, so only those two rows are ever loaded.

Unlike the reference script, pairs are scored in token-budget batches, not one at a time.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np

from engine.errors import InvalidInput
from engine.models.lite import ModelUnavailableError
from engine.models.qwen.images import MAX_PIXELS, QUERY_MAX_PIXELS
from engine.models.qwen.loading import read_head_rows
from engine.models.qwen.protocol import (RERANK_INSTRUCTION, RERANK_MAX_LENGTH, RERANK_NO, RERANK_YES,
                                         coerce_input, rerank_conversation)
from engine.models.qwen.runtime import Progress, QwenRuntime


class Ranked(NamedTuple):
    """One document of ``rank``'s answer: its position in the input list and its score."""

    index: int
    score: float


class QwenReranker:
    """Qwen3-VL-Reranker from a local model folder (or installed pack folder)."""

    def __init__(self, model_dir: str | os.PathLike, precision: str | None = None, device: str | None = None,
                 *, instruction: str | None = None, max_pixels: int = MAX_PIXELS,
                 query_max_pixels: int = QUERY_MAX_PIXELS, max_length: int = RERANK_MAX_LENGTH,
                 token_budget: int | None = None, max_batch: int = 32, image_workers: int | None = None,
                 plan: Any = None, model: Any = None) -> None:
        self.runtime = QwenRuntime(model_dir, precision=precision, device=device, max_length=max_length,
                                   token_budget=token_budget, max_batch=max_batch, image_workers=image_workers,
                                   plan=plan, model=model)
        self.instruction = instruction if instruction and instruction.strip() else RERANK_INSTRUCTION
        self.max_pixels = max_pixels
        self.query_max_pixels = min(query_max_pixels, max_pixels)
        self.precision = self.runtime.plan.precision
        self.yes_id, self.no_id = self._answer_ids()
        rows = read_head_rows(self.runtime.folder, [self.yes_id, self.no_id], self.runtime.model)
        self._direction = (rows[0] - rows[1]).to(self.runtime.device)  # fp32: logit(yes) − logit(no)

    def _answer_ids(self) -> tuple[int, int]:
        ids = []
        for word in (RERANK_YES, RERANK_NO):
            pieces = self.runtime.tokenizer(word, add_special_tokens=False)["input_ids"]
            if len(pieces) != 1:
                raise ModelUnavailableError(f"the tokenizer in {self.runtime.folder.path} splits {word!r} into "
                                            f"{len(pieces)} tokens: this is not a Qwen3-VL reranker")
            ids.append(int(pieces[0]))
        return ids[0], ids[1]

    def _head(self, hidden: Any, mask: Any) -> Any:
        """Left padding puts every row's last real token at the last position."""
        import torch

        return torch.sigmoid(hidden[:, -1].float() @ self._direction)[:, None]

    def score(self, pairs: Sequence[tuple[Any, Any]], *, instruction: str | None = None,
              instructions: Sequence[str | None] | None = None, base_dir: Any = None,
              progress: Progress | None = None) -> np.ndarray:
        """Scores (float32, in input order) for (query, document) pairs; each side may be text, an image
        path, a PIL image, a {"text", "image"} dict or an ``EmbedInput``."""
        if instructions is not None and len(instructions) != len(pairs):
            raise InvalidInput("give one instruction per pair")
        if not pairs:
            return np.zeros(0, dtype=np.float32)
        default = instruction if instruction and instruction.strip() else self.instruction
        conversations, refs = [], []
        for position, (query, document) in enumerate(pairs):
            q, d = coerce_input(query, base_dir), coerce_input(document, base_dir)
            own = instructions[position] if instructions is not None else None
            conversations.append(rerank_conversation(q, d, own if own and own.strip() else default))
            refs.append([self.runtime.image_ref(src, self.query_max_pixels, position) for src in q.images]
                        + [self.runtime.image_ref(src, self.max_pixels, position) for src in d.images])
        planned = self.runtime.plan_inputs(conversations, refs)
        scores = self.runtime.run(planned, self._head, left_padding=True, progress=progress)
        return scores[:, 0].astype(np.float32)

    predict = score  # the sentence-transformers CrossEncoder name

    def rank(self, query: Any, documents: Sequence[Any], top_k: int | None = None, *,
             instruction: str | None = None, progress: Progress | None = None) -> list[Ranked]:
        """Documents sorted by score, best first (ties keep input order), like CrossEncoder.rank."""
        scores = self.score([(query, doc) for doc in documents], instruction=instruction, progress=progress)
        order = sorted(range(len(scores)), key=lambda i: (-float(scores[i]), i))
        if top_k is not None:
            order = order[:max(0, top_k)]
        return [Ranked(i, float(scores[i])) for i in order]


def load_reranker(model_dir: str | os.PathLike, **options: Any) -> QwenReranker:
    return QwenReranker(model_dir, **options)
