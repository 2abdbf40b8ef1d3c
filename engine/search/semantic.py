"""Semantic search over a profile's usearch index, with metadata filters that cost no recall.

With a filter, a small filtered set (up to ``EXACT_FILTER_LIMIT`` items) is scored exactly against the
query; a larger one is searched by over-fetching from the index until ``k`` filtered hits are found
or the whole index has been seen.
"""

from __future__ import annotations

import sqlite3

import numpy as np
from usearch.index import Index

from engine.search.filters import SearchFilters
from engine.search.results import SearchHit
from engine.index.vector_index import search_index

EXACT_FILTER_LIMIT = 5_000


def _filtered_keys(conn: sqlite3.Connection, filters: SearchFilters) -> list[int]:
    where, params = filters.sql("i")
    return [r[0] for r in conn.execute(f"SELECT i.item_key FROM items i WHERE 1=1{where}", params)]


def nearest_keys(conn: sqlite3.Connection, index: Index, query: np.ndarray, k: int,
                 filters: SearchFilters | None = None) -> list[tuple[int, float]]:
    """(item_key, cosine similarity), best first, honouring ``filters``."""
    if filters is None or filters.is_empty():
        keys, scores = search_index(index, query, k)
        return list(zip(keys.tolist(), scores.tolist()))
    allowed = _filtered_keys(conn, filters)
    if not allowed:
        return []
    if len(allowed) <= EXACT_FILTER_LIMIT:
        present = [key for key in allowed if key in index]
        if not present:
            return []
        vectors = np.asarray(index.get(np.array(present, dtype=np.uint64)), dtype=np.float32)
        vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-12)
        scores = vectors @ (query / max(float(np.linalg.norm(query)), 1e-12))
        order = np.argsort(-scores)[:k]
        return [(present[i], float(scores[i])) for i in order]
    allowed_set = set(allowed)
    fetch = k * 8
    while True:
        keys, scores = search_index(index, query, fetch)
        hits = [(int(key), float(s)) for key, s in zip(keys, scores) if int(key) in allowed_set]
        if len(hits) >= k or fetch >= len(index):
            return hits[:k]
        fetch *= 4


def semantic_hits(id_of: dict[int, str], pairs: list[tuple[int, float]], profile: str) -> list[SearchHit]:
    hits = []
    for rank, (key, score) in enumerate(pairs, start=1):
        if key in id_of:
            hits.append(SearchHit(id=id_of[key], score=round(score, 4), rank=rank,
                                  explain={"semantic": {"profile": profile, "cosine": round(score, 4)}}))
    return hits
