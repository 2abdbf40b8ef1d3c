"""``itembank bench lite``: the lite profile on this PC — indexing speed, query latency, and recall
against keyword search on the sample bank's golden queries (S1/S2, the text scenarios).

Baselines in the same run: indexing one item per call (what a naive loop does) against batches, and
keyword (BM25) search against lite and hybrid on the same queries.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from engine.api import ItemBank
from engine.evaluation.golden import load_golden
from engine.evaluation.pilot import run_pilot
from engine.index.profiles import LITE_PROFILE


def _index_speed(folder: Path, batch_size: int) -> float:
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    start = time.perf_counter()
    report = bank.profiles.build_index(LITE_PROFILE, batch_size=batch_size)
    elapsed = time.perf_counter() - start
    bank.close()
    return round(report.embedded / elapsed, 2)


def run_lite_bench(golden: Path) -> dict:
    from itembank_assets import SAMPLE_BANK_ITEMS  # noqa: F401  (fails early if assets are missing)

    queries = [q for q in load_golden(golden) if q.scenario in ("S1", "S2")]
    with tempfile.TemporaryDirectory(prefix="itembank-bench-lite-") as tmp:
        root = Path(tmp)
        results = {"index_items_per_s_batch1": _index_speed(root / "one", 1),
                   "index_items_per_s_batch32": _index_speed(root / "batched", 32)}
        bank = ItemBank(root / "batched")
        metrics = run_pilot(bank, queries, ["keyword", LITE_PROFILE])
        results["queries"] = len(queries)
        results["variants"] = {v["variant"]: v["overall"] for v in metrics["variants"]}
        results["by_scenario"] = {v["variant"]: v["by_scenario"] for v in metrics["variants"]}
        bank.close()
    return results


def format_lite_bench(results: dict) -> str:
    lines = [f"lite indexing (sample bank, this PC): {results['index_items_per_s_batch32']} items/s batched "
             f"vs {results['index_items_per_s_batch1']} items/s one at a time",
             f"golden S1+S2 text queries: {results['queries']}",
             f"{'profile':<14}{'R@5':>8}{'R@10':>8}{'MRR':>8}{'P50 ms':>10}{'P95 ms':>10}"]
    for name, o in results["variants"].items():
        lines.append(f"{name:<14}{o['recall_at_5']:>8.3f}{o['recall_at_10']:>8.3f}{o['mrr']:>8.3f}"
                     f"{o['latency_p50_ms']:>10.2f}{o['latency_p95_ms']:>10.2f}")
    return "\n".join(lines)
