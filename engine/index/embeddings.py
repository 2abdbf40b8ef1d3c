"""Stored embeddings: full dimension, float16, one row per (model, item), tagged with the item version.

Keeping them means a new profile with another dimension or index dtype over the same model is built
without running the model, and a damaged index file is rebuilt in seconds.
"""

from __future__ import annotations

import sqlite3

import numpy as np


def pack(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype=np.float16).tobytes()


def unpack(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float16).astype(np.float32)


def stale_items(conn: sqlite3.Connection, model_key: str) -> list[tuple[int, int]]:
    """(item_key, version) of items whose embedding is missing or older than the item."""
    return [(r[0], r[1]) for r in conn.execute(
        "SELECT i.item_key, i.version FROM items i LEFT JOIN embeddings e "
        "ON e.item_key = i.item_key AND e.model_key = ? "
        "WHERE e.item_key IS NULL OR e.item_version != i.version ORDER BY i.item_key", (model_key,))]


def store(conn: sqlite3.Connection, model_key: str, rows: list[tuple[int, int, np.ndarray, bool]]) -> None:
    conn.executemany(
        "INSERT INTO embeddings (model_key, item_key, item_version, vector, truncated) "
        "VALUES (?,?,?,?,?) ON CONFLICT(model_key, item_key) DO UPDATE SET "
        "item_version = excluded.item_version, vector = excluded.vector, truncated = excluded.truncated",
        [(model_key, key, version, pack(vector), int(cut)) for key, version, vector, cut in rows])


def current(conn: sqlite3.Connection, model_key: str, dim: int,
            keys: list[int] | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(keys, versions, vectors[:, :dim] re-normalised) of up-to-date embeddings (MRL truncation)."""
    sql = ("SELECT e.item_key, e.item_version, e.vector FROM embeddings e JOIN items i "
           "ON i.item_key = e.item_key AND i.version = e.item_version WHERE e.model_key = ?")
    params: list = [model_key]
    rows: list = []
    if keys is None:
        rows = conn.execute(sql + " ORDER BY e.item_key", params).fetchall()
    else:
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            rows += conn.execute(sql + f" AND e.item_key IN ({','.join('?' * len(chunk))})",
                                 [*params, *chunk]).fetchall()
    if not rows:
        return np.zeros(0, np.int64), np.zeros(0, np.int64), np.zeros((0, dim), np.float32)
    vectors = np.stack([unpack(r[2])[:dim] for r in rows])
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    vectors /= np.where(norms == 0, 1, norms)
    return (np.array([r[0] for r in rows], dtype=np.int64),
            np.array([r[1] for r in rows], dtype=np.int64), vectors.astype(np.float32))


def truncated_count(conn: sqlite3.Connection, model_key: str) -> int:
    return int(conn.execute("SELECT COUNT(*) FROM embeddings WHERE model_key = ? AND truncated = 1",
                            (model_key,)).fetchone()[0])
