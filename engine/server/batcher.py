"""Micro-batching of query embeddings: many concurrent searches, one model call.

A GPU embeds 16 queries in about the time it takes to embed one, and even the CPU lite model saves
its per-call overhead. Each request thread hands its inputs to a single worker and blocks; the worker
takes whatever is queued (up to ``max_batch``), waits at most ``max_wait_s`` for more, calls the model
once and hands every caller its own rows. When the model is busy, new requests pile up and go in the
next call, so under load batches form without any waiting at all.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from typing import Generic, TypeVar

import numpy as np

from engine.api import Embedder, EmbedInput, EncodeResult

In = TypeVar("In")
Out = TypeVar("Out")


@dataclass
class BatchStats:
    calls: int = 0         # model calls made
    items: int = 0         # inputs embedded
    largest: int = 0       # the biggest batch so far
    sizes: dict[int, int] = field(default_factory=dict)  # batch size → how many calls had it

    def record(self, size: int) -> None:
        self.calls += 1
        self.items += size
        self.largest = max(self.largest, size)
        self.sizes[size] = self.sizes.get(size, 0) + 1


class MicroBatcher(Generic[In, Out]):
    """Runs ``function(list_of_inputs) -> list_of_outputs`` on batches gathered from many threads."""

    def __init__(self, function: Callable[[list[In]], list[Out]], *, max_batch: int = 16,
                 max_wait_s: float = 0.002, name: str = "micro-batcher") -> None:
        if max_batch < 1:
            raise ValueError("max_batch must be at least 1")
        self._function = function
        self.max_batch = max_batch
        self.max_wait_s = max(0.0, max_wait_s)
        self.stats = BatchStats()
        self._queue: queue.SimpleQueue[tuple[In, Future] | None] = queue.SimpleQueue()
        self._closed = False
        self._worker = threading.Thread(target=self._run, name=name, daemon=True)
        self._worker.start()

    def submit(self, value: In) -> Future:
        if self._closed:
            raise RuntimeError("the batcher is closed")
        future: Future = Future()
        self._queue.put((value, future))
        return future

    def run_many(self, values: Sequence[In]) -> list[Out]:
        """Submit every value, wait for all of them; errors are raised in the caller's thread."""
        futures = [self.submit(v) for v in values]
        return [f.result() for f in futures]

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._queue.put(None)
            self._worker.join(timeout=5)

    # -- worker --------------------------------------------------------------------------------
    def _gather(self, first: tuple[In, Future]) -> tuple[list[tuple[In, Future]], bool]:
        """The first request plus what is queued or arrives within the wait; (batch, stop seen)."""
        batch = [first]
        deadline = time.perf_counter() + self.max_wait_s
        while len(batch) < self.max_batch:
            try:
                entry = self._queue.get_nowait()
            except queue.Empty:
                remaining = deadline - time.perf_counter()
                if remaining <= 0:
                    break
                try:
                    entry = self._queue.get(timeout=remaining)
                except queue.Empty:
                    break
            if entry is None:
                return batch, True
            batch.append(entry)
        return batch, False

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                break
            batch, stop = self._gather(first)
            self._execute(batch)
            if stop:
                break
        while True:  # anything submitted while closing is answered, not left hanging
            try:
                entry = self._queue.get_nowait()
            except queue.Empty:
                return
            if entry is not None and entry[1].set_running_or_notify_cancel():
                entry[1].set_exception(RuntimeError("the batcher is closed"))

    def _execute(self, batch: list[tuple[In, Future]]) -> None:
        live = [(v, f) for v, f in batch if f.set_running_or_notify_cancel()]
        if live:
            self._call(live)

    def _call(self, live: list[tuple[In, Future]]) -> None:
        """One model call for ``live`` (futures already running); every future ends up resolved."""
        try:
            outputs = self._function([v for v, _ in live])
            if len(outputs) != len(live):
                raise RuntimeError(f"batched call returned {len(outputs)} results for {len(live)} inputs")
        except BaseException as exc:  # noqa: BLE001 - every caller must hear about it
            if len(live) == 1:
                live[0][1].set_exception(exc)
                return
            # One bad input must not fail its neighbours: retry one by one to find out whose it was.
            for entry in live:
                self._call([entry])
            return
        self.stats.record(len(live))
        for (_, future), output in zip(live, outputs):
            future.set_result(output)


class BatchingEmbedder:
    """The ``Embedder`` protocol, with ``encode_query`` micro-batched across request threads.

    Documents (index builds) are already batched by the indexer and pass straight through.
    """

    def __init__(self, inner: Embedder, *, max_batch: int = 16, max_wait_s: float = 0.002) -> None:
        self.inner = inner
        self.batcher: MicroBatcher[EmbedInput, tuple[np.ndarray, bool]] = MicroBatcher(
            self._encode_rows, max_batch=max_batch, max_wait_s=max_wait_s,
            name=f"query-batcher-{inner.model_key}")

    @property
    def model_key(self) -> str:
        return self.inner.model_key

    @property
    def dim(self) -> int:
        return self.inner.dim

    @property
    def supports_images(self) -> bool:
        return self.inner.supports_images

    def __getattr__(self, name: str):  # token_count, fit and whatever else a model offers
        if name == "inner":  # not set yet (a failed __init__): do not recurse
            raise AttributeError(name)
        return getattr(self.inner, name)

    def _encode_rows(self, inputs: list[EmbedInput]) -> list[tuple[np.ndarray, bool]]:
        result = self.inner.encode_query(inputs)
        cut = set(result.truncated)
        return [(result.vectors[n], n in cut) for n in range(len(inputs))]

    def encode_query(self, inputs: list[EmbedInput]) -> EncodeResult:
        rows = self.batcher.run_many(inputs)
        if not rows:
            return self.inner.encode_query(inputs)
        vectors = np.stack([vector for vector, _ in rows]).astype(np.float32, copy=False)
        return EncodeResult(vectors, [n for n, (_, cut) in enumerate(rows) if cut])

    def encode_document(self, inputs: list[EmbedInput]) -> EncodeResult:
        return self.inner.encode_document(inputs)

    def close(self) -> None:
        self.batcher.close()
