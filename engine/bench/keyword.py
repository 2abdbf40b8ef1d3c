"""``itembank bench keyword``: import time and keyword query latency on a synthetic bank.

The baseline in the same run is what a naive implementation would do: a LIKE '%word%' scan over the
stems, ranked by how many query words each stem contains (no index). It shows what the bigram FTS index buys.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from engine.api import ItemBank
from engine.bench import latency_percentile
from engine.bench.synthetic import synthetic_queries, write_synthetic_csv
from engine.search.keyword import keyword_search


def _like_scan(conn, query: str, k: int) -> list[str]:
    """Naive ranked search: count the query words each stem contains (a full scan per query)."""
    words = query.split()
    score = " + ".join("(stem LIKE ?)" for _ in words)
    return [r[0] for r in conn.execute(
        f"SELECT id FROM (SELECT id, {score} AS hits FROM items) WHERE hits > 0 "
        "ORDER BY hits DESC LIMIT ?", (*[f"%{w}%" for w in words], k))]


def _time_queries(run, queries: list[str]) -> dict:
    for query in queries[:5]:  # warm the page cache
        run(query)
    times = []
    for query in queries:
        start = time.perf_counter()
        run(query)
        times.append((time.perf_counter() - start) * 1000)
    return {"median_ms": round(statistics.median(times), 3),
            "p95_ms": round(latency_percentile(times, 0.95), 3)}


def run_keyword_bench(items: int = 50_000, queries: int = 200, sample: bool = True) -> dict:
    results: dict = {"items": items, "queries": queries}
    with tempfile.TemporaryDirectory(prefix="itembank-bench-") as tmp:
        root = Path(tmp)
        if sample:
            bank = ItemBank(root / "sample", create=True)
            start = time.perf_counter()
            report = bank.load_sample()
            results["sample_import_s"] = round(time.perf_counter() - start, 3)
            results["sample_items"] = report.imported
            bank.close()
        sheet = write_synthetic_csv(root / "synthetic.csv", items)
        bank = ItemBank(root / "synthetic", create=True)
        start = time.perf_counter()
        report = bank.import_path(sheet)
        elapsed = time.perf_counter() - start
        results["synthetic_import_s"] = round(elapsed, 3)
        results["synthetic_items_per_s"] = round(report.imported / elapsed, 1)
        query_list = synthetic_queries(queries)
        conn = bank.catalog.connection
        results["keyword_fts"] = _time_queries(lambda q: keyword_search(conn, q, k=10), query_list)
        results["baseline_like_scan"] = _time_queries(lambda q: _like_scan(conn, q, 10), query_list)
        bank.close()
    return results


def format_keyword_bench(results: dict) -> str:
    lines = []
    if "sample_import_s" in results:
        lines.append(f"sample bank import: {results['sample_items']} items in {results['sample_import_s']} s")
    lines.append(f"synthetic CSV import (CP949): {results['items']} items in {results['synthetic_import_s']} s "
                 f"({results['synthetic_items_per_s']} items/s)")
    lines.append(f"{'query path':<32}{'median ms':>12}{'P95 ms':>12}")
    for key, label in (("keyword_fts", "bigram FTS5 + BM25 (ours)"),
                       ("baseline_like_scan", "baseline: LIKE scan, ranked")):
        lines.append(f"{label:<32}{results[key]['median_ms']:>12.2f}{results[key]['p95_ms']:>12.2f}")
    return "\n".join(lines)
