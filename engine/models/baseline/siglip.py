"""SigLIP / SigLIP 2 as the engine's figure embedder (image tower) with its text tower for text → figure.

- Images: decoded and converted to RGB on white (as for Qwen3-VL), then the checkpoint's own slow image
  processor (PIL + numpy; no torchvision) and ``get_image_features``, L2-normalised. An item's document
  vector is the normalised mean of its first figures' vectors.
- Text: lower-cased (SigLIP 2 was trained on lower-cased text, and its Gemma tokenizer does not lower-case
  by itself), padded to the model's text length (64) as in training, ``get_text_features``, normalised.
  Longer texts are cut and reported.
- A query with both text and an image is the normalised sum of its two vectors.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Sequence
from typing import Any

import numpy as np

from engine.errors import InvalidInput
from engine.models.baseline import IMAGE_KIND
from engine.models.baseline.folders import open_baseline_folder
from engine.models.baseline.keys import image_model_key
from engine.models.baseline.runtime import (choose_device, l2_normalise, load_pretrained, load_tokenizer,
                                            require_model_stack)
from engine.models.inputs import MAX_DOCUMENT_FIGURES, EncodeResult
from engine.models.lite import ModelUnavailableError
from engine.models.qwen.images import describe, load_image
from engine.models.qwen.protocol import coerce_input

IMAGE_BATCH = 16
TEXT_BATCH = 32


class SiglipEmbedder:
    """A SigLIP (``siglip``) or NaFlex SigLIP 2 (``siglip2``) dual encoder from a local folder or pack."""

    supports_images = True

    def __init__(self, model_dir: str | os.PathLike, precision: str | None = None, device: str | None = None
                 ) -> None:
        require_model_stack()
        self.folder = open_baseline_folder(model_dir, kind=IMAGE_KIND)
        self.device, self.precision = choose_device(precision, device)
        import transformers

        if self.folder.family == "siglip2":
            model_cls, processor_cls = transformers.Siglip2Model, transformers.Siglip2ImageProcessor
        else:
            model_cls, processor_cls = transformers.SiglipModel, transformers.SiglipImageProcessor
        try:
            self.processor = processor_cls.from_pretrained(str(self.folder.path), local_files_only=True)
        except (OSError, ValueError, TypeError) as exc:
            raise ModelUnavailableError(f"{self.folder.path / 'preprocessor_config.json'} cannot be used: "
                                        f"{str(exc).splitlines()[0] if str(exc) else exc}") from None
        self.tokenizer = load_tokenizer(self.folder)
        self.model = load_pretrained(model_cls, self.folder, self.device, self.precision)
        self.dim = self.folder.dim
        self.text_length = self.folder.max_seq_length
        self.model_key = image_model_key(self.folder.name, self.folder.version, self.precision)
        self._lock = threading.Lock()

    # -- towers ----------------------------------------------------------------------------------
    def image_vectors(self, sources: Sequence[Any]) -> np.ndarray:
        """Normalised image-tower vectors, one per image (file path or PIL image)."""
        import torch

        out = np.zeros((len(sources), self.dim), dtype=np.float32)
        with self._lock, torch.inference_mode():
            for start in range(0, len(sources), IMAGE_BATCH):
                chunk = sources[start:start + IMAGE_BATCH]
                images = [load_image(src, describe(src, start + n)) for n, src in enumerate(chunk)]
                batch = self.processor(images=images, return_tensors="pt")
                inputs = {k: v.to(self.device) for k, v in batch.items()}
                inputs["pixel_values"] = inputs["pixel_values"].to(self.model.dtype)
                features = self.model.get_image_features(**inputs)
                out[start:start + len(chunk)] = features.float().cpu().numpy()
        return l2_normalise(out)

    def text_vectors(self, texts: Sequence[str]) -> tuple[np.ndarray, list[int]]:
        """Normalised text-tower vectors and the positions of texts cut to the text length."""
        import torch

        lowered = [t.lower() for t in texts]
        lengths = [len(ids) for ids in self.tokenizer(lowered)["input_ids"]]
        truncated = [i for i, n in enumerate(lengths) if n > self.text_length]
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        names = set(getattr(self.tokenizer, "model_input_names", ["input_ids"]))
        with self._lock, torch.inference_mode():
            for start in range(0, len(lowered), TEXT_BATCH):
                batch = self.tokenizer(lowered[start:start + TEXT_BATCH], padding="max_length", truncation=True,
                                       max_length=self.text_length, return_tensors="pt")
                inputs = {k: v.to(self.device) for k, v in batch.items() if k in names and k != "token_type_ids"}
                features = self.model.get_text_features(**inputs)
                out[start:start + len(features)] = features.float().cpu().numpy()
        return l2_normalise(out), truncated

    # -- the engine's Embedder protocol ------------------------------------------------------------
    def encode_document(self, inputs: Sequence[Any]) -> EncodeResult:
        """One vector per item from its figures (text is not used); an input without figures is an error."""
        items = [coerce_input(value) for value in inputs]
        sources: list[Any] = []
        owners: list[int] = []
        for position, item in enumerate(items):
            if not item.images:
                raise InvalidInput(f"document {position} has no figure: {self.folder.name} embeds items by their "
                                 "figures (items without one are left out of its index)")
            for source in item.images[:MAX_DOCUMENT_FIGURES]:
                sources.append(source)
                owners.append(position)
        vectors = self.image_vectors(sources) if sources else np.zeros((0, self.dim), np.float32)
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        np.add.at(out, np.asarray(owners, dtype=np.int64), vectors)
        return EncodeResult(l2_normalise(out), [])

    def encode_query(self, inputs: Sequence[Any]) -> EncodeResult:
        items = [coerce_input(value) for value in inputs]
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        with_image = [i for i, item in enumerate(items) if item.images]
        if with_image:
            if any(len(items[i].images) > 1 for i in with_image):
                raise InvalidInput("a query takes one image")
            out[with_image] += self.image_vectors([items[i].images[0] for i in with_image])
        with_text = [i for i, item in enumerate(items) if item.text is not None or not item.images]
        truncated: list[int] = []
        if with_text:
            vectors, cut = self.text_vectors([items[i].text or "" for i in with_text])
            out[with_text] += vectors
            truncated = [with_text[i] for i in cut]
        return EncodeResult(l2_normalise(out), truncated)
