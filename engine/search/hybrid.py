"""Hybrid search: reciprocal rank fusion of keyword (BM25) and semantic ranks.

RRF needs no score calibration between BM25 and cosine, which live on unrelated scales; each list
contributes weight / (rrf_k + rank). An item found by both lists rises above one found by either.

An item the semantic index does not hold yet (``pending``: just imported or edited) cannot be found by
the semantic list at all; it is scored as if its semantic rank were its keyword rank, so a new item is
not pushed below every old one while the index catches up.
"""

from __future__ import annotations

from dataclasses import dataclass

from engine.search.results import SearchHit


@dataclass(frozen=True)
class FusionWeights:
    keyword: float = 1.0
    semantic: float = 1.0
    rrf_k: int = 60


def fuse(keyword: list[SearchHit], semantic: list[SearchHit], k: int,
         weights: FusionWeights = FusionWeights(), pending: set[str] | frozenset[str] = frozenset()
         ) -> list[SearchHit]:
    scores: dict[str, float] = {}
    explain: dict[str, dict] = {}
    for stage, hits, weight in (("keyword", keyword, weights.keyword),
                                ("semantic", semantic, weights.semantic)):
        for position, hit in enumerate(hits, start=1):
            scores[hit.id] = scores.get(hit.id, 0.0) + weight / (weights.rrf_k + position)
            explain.setdefault(hit.id, {})[stage] = {**hit.explain.get(stage, {}), "rank": position}
    for position, hit in enumerate(keyword, start=1):
        if hit.id in pending and "semantic" not in explain[hit.id]:
            scores[hit.id] += weights.semantic / (weights.rrf_k + position)
            explain[hit.id]["semantic"] = {"pending": True, "rank_assumed": position}
    ordered = sorted(scores, key=lambda item_id: (-scores[item_id], item_id))[:k]
    return [SearchHit(id=item_id, score=round(scores[item_id], 6), rank=rank,
                      explain={**explain[item_id], "hybrid": {"rrf": round(scores[item_id], 6),
                                                              "rrf_k": weights.rrf_k}})
            for rank, item_id in enumerate(ordered, start=1)]
