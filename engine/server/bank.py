"""The bank as the server uses it: ``ItemBank`` with query embeddings micro-batched.

Every loaded model (lite and Qwen3-VL) passes through ``ItemBank``'s ``embedder_hook``, which puts a
``BatchingEmbedder`` in front of it without touching the engine. Index builds get the same wrapper; their
document batches pass straight through.
"""

from __future__ import annotations

import threading
from pathlib import Path

from engine.api import Embedder, ItemBank
from engine.server.batcher import BatchingEmbedder


class ServerBank(ItemBank):
    def __init__(self, data_dir: str | Path | None, *, max_batch: int = 16,
                 max_wait_s: float = 0.002, backend: str | None = None) -> None:
        self.max_batch = max_batch
        self.max_wait_s = max_wait_s
        self._batching: dict[int, BatchingEmbedder] = {}
        self._batching_lock = threading.Lock()
        super().__init__(data_dir, create=False, backend=backend, embedder_hook=self._batched)

    def _batched(self, inner: Embedder) -> Embedder:
        if self.max_batch <= 1:
            return inner
        with self._batching_lock:
            # One batcher per loaded model object: the engine decides which profiles share a model.
            wrapped = self._batching.get(id(inner))
            if wrapped is None or wrapped.inner is not inner:
                if wrapped is not None:
                    wrapped.close()
                wrapped = BatchingEmbedder(inner, max_batch=self.max_batch, max_wait_s=self.max_wait_s)
                self._batching[id(inner)] = wrapped  # wrapped.inner keeps inner (and so its id) alive
            return wrapped

    def batch_stats(self) -> dict[str, dict]:
        """Per model: model calls, queries embedded, the largest batch and the size histogram."""
        with self._batching_lock:
            return {b.model_key: vars(b.batcher.stats) | {"sizes": dict(b.batcher.stats.sizes)}
                    for b in self._batching.values()}

    def close(self) -> None:
        with self._batching_lock:
            for wrapped in self._batching.values():
                wrapped.close()
            self._batching.clear()
        super().close()
