"""``itembank bench index``: the vector index on synthetic embeddings, against exact search in the same run.

For each bank size × dimension × index dtype: build time, file size, query latency P50/P95 and recall@10
of the index the app builds (``engine.index.vector_index``: cosine HNSW, exact below a size threshold),
with exact numpy search (one matrix product per query, float32) as the baseline and the ground truth.

Synthetic vectors imitate embeddings of a bank: unit vectors around a few hundred topic centres (items
of one unit are close, as in a real bank), and queries are noisy copies of items — so neighbours are
not trivially far apart and recall is a fair test.
"""

from __future__ import annotations

import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from engine.bench import latency_percentile
from engine.index.vector_index import EXACT_SEARCH_BELOW, build_index, search_index

K = 10


def synthetic_embeddings(count: int, dim: int, seed: int = 0, topics: int = 500) -> np.ndarray:
    """Unit vectors clustered around ``topics`` centres (float32, count × dim)."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((topics, dim), dtype=np.float32)
    vectors = np.empty((count, dim), dtype=np.float32)
    for start in range(0, count, 50_000):  # in chunks: 1M × 2048 floats is 8 GB at once
        stop = min(count, start + 50_000)
        topic = rng.integers(0, topics, stop - start)
        vectors[start:stop] = centres[topic] + 0.9 * rng.standard_normal((stop - start, dim), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def _queries(vectors: np.ndarray, count: int, seed: int = 1) -> np.ndarray:
    rng = np.random.default_rng(seed)
    picked = vectors[rng.integers(0, len(vectors), count)]
    noisy = picked + 0.5 * rng.standard_normal(picked.shape, dtype=np.float32) / np.sqrt(vectors.shape[1])
    return (noisy / np.linalg.norm(noisy, axis=1, keepdims=True)).astype(np.float32)


def _exact(vectors: np.ndarray, queries: np.ndarray) -> tuple[list[set[int]], list[float]]:
    truth, latencies = [], []
    for query in queries:
        start = time.perf_counter()
        scores = vectors @ query
        top = np.argpartition(-scores, K)[:K]
        top = top[np.argsort(-scores[top])]
        latencies.append((time.perf_counter() - start) * 1000)
        truth.append(set(int(i) for i in top))
    return truth, latencies


def run_index_bench(sizes: list[int], dims: list[int], dtypes: list[str], queries: int = 200,
                    workdir: Path | None = None) -> dict:
    rows = []
    for size in sizes:
        for dim in dims:
            vectors = synthetic_embeddings(size, dim)
            probe = _queries(vectors, queries)
            truth, exact_ms = _exact(vectors, probe)
            rows.append({"items": size, "dim": dim, "index": "exact numpy (baseline)", "build_s": 0.0,
                         "file_mb": round(vectors.nbytes / 1e6, 1), "recall_at_10": 1.0,
                         "p50_ms": round(statistics.median(exact_ms), 3),
                         "p95_ms": round(latency_percentile(exact_ms, 0.95), 3)})
            keys = np.arange(size, dtype=np.uint64)
            for dtype in dtypes:
                start = time.perf_counter()
                index = build_index(keys, vectors, dim, dtype)
                build_s = time.perf_counter() - start
                with tempfile.TemporaryDirectory(prefix="itembank-bench-index-", dir=workdir) as tmp:
                    path = Path(tmp) / "bench.usearch"
                    index.save(str(path))
                    file_mb = path.stat().st_size / 1e6
                latencies, hits = [], 0
                for query, expected in zip(probe, truth):
                    start = time.perf_counter()
                    found, _ = search_index(index, query, K)
                    latencies.append((time.perf_counter() - start) * 1000)
                    hits += len(expected & set(int(k) for k in found))
                rows.append({"items": size, "dim": dim,
                             "index": f"usearch {dtype} ({'exact' if size < EXACT_SEARCH_BELOW else 'HNSW'})",
                             "build_s": round(build_s, 2), "file_mb": round(file_mb, 1),
                             "recall_at_10": round(hits / (K * len(probe)), 4),
                             "p50_ms": round(statistics.median(latencies), 3),
                             "p95_ms": round(latency_percentile(latencies, 0.95), 3)})
                del index
            del vectors
    return {"queries": queries, "k": K, "threads": os.cpu_count(), "exact_below": EXACT_SEARCH_BELOW,
            "rows": rows, "growth": _growth(rows)}


def _growth(rows: list[dict]) -> list[dict]:
    """How P50 latency grows with the bank size, per (index, dim): the ratio per 10× more items."""
    out = []
    series: dict[tuple[str, int], list[tuple[int, float]]] = {}
    for row in rows:
        series.setdefault((row["index"].split(" (")[0], row["dim"]), []).append((row["items"], row["p50_ms"]))
    for (name, dim), points in series.items():
        points.sort()
        for (n1, t1), (n2, t2) in zip(points, points[1:]):
            if t1 > 0:
                out.append({"index": name, "dim": dim, "from": n1, "to": n2,
                            "latency_ratio": round(t2 / t1, 2), "size_ratio": round(n2 / n1, 1)})
    return out


def format_index_bench(results: dict) -> str:
    lines = [f"vector index bench: {results['queries']} queries, recall@{results['k']} against exact search, "
             f"{results['threads']} threads (exact search below {results['exact_below']} items)",
             f"{'items':>9} {'dim':>5}  {'index':<28}{'build s':>9}{'file MB':>9}{'R@10':>8}{'P50 ms':>9}{'P95 ms':>9}"]
    for r in results["rows"]:
        lines.append(f"{r['items']:>9} {r['dim']:>5}  {r['index']:<28}{r['build_s']:>9}{r['file_mb']:>9}"
                     f"{r['recall_at_10']:>8}{r['p50_ms']:>9}{r['p95_ms']:>9}")
    if results["growth"]:
        lines.append("latency growth (P50) per step in bank size:")
        for g in results["growth"]:
            lines.append(f"  {g['index']:<22} dim {g['dim']:>5}: {g['from']}→{g['to']} items "
                         f"(×{g['size_ratio']}) → latency ×{g['latency_ratio']}")
    return "\n".join(lines)
