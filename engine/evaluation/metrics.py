"""Retrieval metrics, written out so that a hand-computed example can check each one.

Recall@k is capped recall: relevant items in the top k divided by min(number relevant, k), so a query
with 12 relevant items can still reach 1.0 at k = 10. MRR uses the first relevant item in the ranking.
nDCG@k uses graded gains 2^grade − 1 and log2(rank + 1) discounts.
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def recall_at_k(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    if not relevant:
        return 0.0
    found = sum(1 for item_id in ranked[:k] if relevant.get(item_id, 0) > 0)
    return found / min(len(relevant), k)


def reciprocal_rank(ranked: Sequence[str], relevant: dict[str, int]) -> float:
    for position, item_id in enumerate(ranked, start=1):
        if relevant.get(item_id, 0) > 0:
            return 1.0 / position
    return 0.0


def ndcg_at_k(ranked: Sequence[str], relevant: dict[str, int], k: int) -> float:
    gains = [2 ** relevant.get(item_id, 0) - 1 for item_id in ranked[:k]]
    dcg = sum(g / math.log2(i + 2) for i, g in enumerate(gains))
    ideal = sorted((2 ** g - 1 for g in relevant.values()), reverse=True)[:k]
    idcg = sum(g / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100), the convention of latency reports."""
    if not values:
        return float("nan")
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


def mean(values: Sequence[float]) -> float:
    return sum(values) / len(values) if values else float("nan")
