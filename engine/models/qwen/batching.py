"""Token-budget batching and out-of-memory back-off.

Sorting inputs by length and filling each batch up to a padded-token budget keeps padding small and the
GPU busy with batches of roughly constant cost (many short texts, or a few long image inputs). When a
batch still runs out of memory, it is split in half and retried, recursively, and the budget for the
batches that follow is lowered, so one huge figure never crashes a long indexing run.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

import numpy as np

from engine.errors import Unavailable
from engine.models.device import free_cached_memory, is_out_of_memory

T = TypeVar("T")
MAX_PADDING_FACTOR = 2  # a row may be padded to at most twice its own length


class ModelOutOfMemoryError(Unavailable):
    """Even a single input does not fit in memory; the message says which and what to do."""


def token_budget_batches(lengths: Sequence[int], token_budget: int, max_batch: int) -> list[list[int]]:
    """Input positions grouped so that (longest length × batch size) ≤ ``token_budget``.

    Longest first: the first batch is the most expensive, so an out-of-memory error shows up (and the
    budget adapts) before much work is done. An input longer than the budget gets a batch of its own.
    An input shorter than ``1 / MAX_PADDING_FACTOR`` of its batch's longest starts a new batch even when
    it would fit the budget: four 170-token texts riding with a 680-token figure item cost four rows of
    680, three quarters of them padding.
    """
    if token_budget < 1 or max_batch < 1:
        raise ValueError("token_budget and max_batch must be at least 1")
    order = sorted(range(len(lengths)), key=lambda i: (-lengths[i], i))
    batches: list[list[int]] = []
    current: list[int] = []
    for position in order:
        longest = lengths[current[0]] if current else lengths[position]
        if current and (longest * (len(current) + 1) > token_budget or len(current) >= max_batch
                        or lengths[position] * MAX_PADDING_FACTOR < longest):
            batches.append(current)
            current = []
        current.append(position)
    if current:
        batches.append(current)
    return batches


class BackoffRunner:
    """Runs a batch function; on out-of-memory splits the batch and lowers the running budget."""

    def __init__(self, token_budget: int, describe: Callable[[int], str] | None = None) -> None:
        self.token_budget = token_budget
        self.splits = 0  # how many times a batch had to be split (reported by the benchmark)
        self._describe = describe or (lambda position: f"input #{position + 1}")

    def run(self, batch: list[int], forward: Callable[[list[int]], np.ndarray], padded_tokens: int
            ) -> np.ndarray:
        """Rows of ``forward(batch)`` in batch order, splitting on out-of-memory errors."""
        try:
            return forward(batch)
        except Exception as exc:  # noqa: BLE001 - only out-of-memory is handled, the rest re-raised
            if not is_out_of_memory(exc):
                raise
        free_cached_memory()
        self.token_budget = max(1, min(self.token_budget, padded_tokens // 2))
        if len(batch) == 1:
            try:
                return forward(batch)  # once more, with the cache emptied
            except Exception as exc:  # noqa: BLE001
                if not is_out_of_memory(exc):
                    raise
                free_cached_memory()
                raise ModelOutOfMemoryError(
                    f"{self._describe(batch[0])} does not fit in memory even on its own; lower the image "
                    "size limit (max_pixels) or use a smaller precision (--precision int8)") from None
        self.splits += 1
        middle = len(batch) // 2
        half = max(1, padded_tokens // 2)
        return np.concatenate([self.run(batch[:middle], forward, half),
                               self.run(batch[middle:], forward, half)], axis=0)
