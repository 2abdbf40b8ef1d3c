"""KURE-v1 as the engine's text embedder: XLM-RoBERTa → pooling (CLS for KURE-v1) → L2 normalise.

This is what sentence-transformers computes for the published folder (Transformer, Pooling, Normalize);
texts longer than ``max_seq_length`` tokens are cut at the end and reported. Queries and documents are
encoded alike unless the folder's ``config_sentence_transformers.json`` defines prompts.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.models.baseline.folders import open_baseline_folder
from engine.models.baseline import TEXT_KIND
from engine.models.baseline.keys import text_model_key
from engine.models.baseline.runtime import (choose_device, l2_normalise, load_pretrained, load_tokenizer,
                                            require_model_stack)
from engine.models.inputs import EncodeResult
from engine.models.lite import ModelUnavailableError
from engine.models.qwen.protocol import coerce_input

BATCH_SIZE = 16


def pool(hidden: Any, mask: Any, mode: str) -> Any:
    """One vector per sequence from token states (right padding)."""
    if mode == "cls":
        return hidden[:, 0]
    if mode == "mean":
        weights = mask.unsqueeze(-1).to(hidden.dtype)
        return (hidden * weights).sum(1) / weights.sum(1).clamp(min=1e-9)
    last = mask.sum(1) - 1  # lasttoken
    return hidden[range(hidden.shape[0]), last]


class KureEmbedder:
    """A sentence-transformers text model (KURE-v1) from a local folder or installed pack."""

    supports_images = False

    def __init__(self, model_dir: str | os.PathLike, precision: str | None = None, device: str | None = None,
                 batch_size: int = BATCH_SIZE) -> None:
        require_model_stack()
        self.folder = open_baseline_folder(model_dir, kind=TEXT_KIND)
        self.device, self.precision = choose_device(precision, device)
        from transformers import XLMRobertaModel

        self.tokenizer = load_tokenizer(self.folder)
        self.model = load_pretrained(XLMRobertaModel, self.folder, self.device, self.precision)
        self.dim = self.folder.dim
        self.max_length = self.folder.max_seq_length
        self.batch_size = max(1, batch_size)
        self.model_key = text_model_key(self.folder.name, self.folder.version, self.precision)
        self._lock = threading.Lock()

    def _texts(self, inputs: Sequence[Any], prompt: str) -> list[str]:
        texts = []
        for value in inputs:
            item = coerce_input(value)
            if item.images:
                raise ModelUnavailableError(f"{self.folder.name} reads text only; image search needs the "
                                            "SigLIP image pack (the baseline profile) or a Qwen3-VL profile")
            texts.append(prompt + (item.text or ""))
        return texts

    def _encode(self, texts: list[str]) -> EncodeResult:
        import torch

        if not texts:
            return EncodeResult(np.zeros((0, self.dim), dtype=np.float32), [])
        lengths = [len(ids) for ids in self.tokenizer(texts, add_special_tokens=True)["input_ids"]]
        truncated = [i for i, n in enumerate(lengths) if n > self.max_length]
        order = sorted(range(len(texts)), key=lambda i: -lengths[i])  # similar lengths batch together
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        with self._lock, torch.inference_mode():
            for start in range(0, len(order), self.batch_size):
                chosen = order[start:start + self.batch_size]
                batch = self.tokenizer([texts[i] for i in chosen], padding=True, truncation=True,
                                       max_length=self.max_length, return_tensors="pt").to(self.device)
                hidden = self.model(input_ids=batch["input_ids"],
                                    attention_mask=batch["attention_mask"]).last_hidden_state
                vectors = pool(hidden, batch["attention_mask"], self.folder.pooling)
                out[chosen] = vectors.float().cpu().numpy()
        return EncodeResult(l2_normalise(out), truncated)

    def encode_document(self, inputs: Sequence[Any]) -> EncodeResult:
        prompt = self.folder.prompts.get("document", self.folder.prompts.get("passage", ""))
        return self._encode(self._texts(inputs, prompt))

    def encode_query(self, inputs: Sequence[Any]) -> EncodeResult:
        return self._encode(self._texts(inputs, self.folder.prompts.get("query", "")))
