"""``itembank bench keyword``: import time and keyword query latency on a synthetic bank.

Every path runs on the same bank and the same queries, in rounds (the machine may be shared, so one
round alone says little): ours; the previous implementation of our query (the same ranking, with the
item texts carried through SQLite's sorter and every matching item scored); SQLite's own trigram
tokenizer (which cannot match the many 2-syllable words at all); and a naive LIKE '%word%' scan
ranked by how many query words each stem contains. ``same_as_previous`` counts the queries whose hits (ids,
scores, ranks, matched terms) equal the previous implementation's.

Added for issue #20 (fields only; the old ones keep their shape): ``filtered`` (the same queries with a
subject/grade/type/difficulty/unit filter, ours next to the previous SQL query, per round), ``cold`` (the
first query after opening the bank and after one write, ``engine.bench.keyword_cold``), ``cache_memory``
and ``summary`` (the figures the issue's target is read from, next to the trigram and LIKE baselines).
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from engine.api import ItemBank
from engine.bench import latency_percentile
from engine.bench.keyword_cold import cache_memory, first_query_after_open, first_query_after_write
from engine.bench.synthetic import synthetic_queries, write_synthetic_csv
from engine.search.filters import SearchFilters
from engine.search.keyword import COLUMN_WEIGHTS, keyword_search
from engine.search.results import SearchHit
from engine.search.tokens import fts_match_expression, index_tokens, query_terms

PATHS = (("keyword_fts", "bigram FTS5 + BM25 (ours)"),
         ("previous_fts", "previous: same query, full scan"),
         ("fts5_trigram", "SQLite FTS5 trigram + BM25"),
         ("baseline_like_scan", "baseline: LIKE scan, ranked"))


def previous_matched_terms(text: str, query: str) -> list[str]:
    """The explanation's matched terms as they were computed before (every token of the hit's text)."""
    stored = set(index_tokens(text))
    found = []
    for term in query_terms(query):
        if term.prefix:
            if any(t.startswith(term.token) for t in stored):
                found.append(term.token)
        elif term.token in stored:
            found.append(term.token)
    return found


def previous_keyword_search(conn: sqlite3.Connection, query: str, k: int = 10, where: str = "",
                            params: tuple = ()) -> list[SearchHit]:
    """The keyword search as it was before the pruned ranking (one query carrying the texts through the
    sorter, every matching item scored): the baseline for speed and for "the same results"."""
    expression = fts_match_expression(query)
    if expression is None:
        return []
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
    rows = conn.execute(
        f"SELECT i.id, bm25(items_fts, {weights}) AS rank_value, i.stem, i.passage, i.choices_json, i.explanation "
        f"FROM items_fts JOIN items i ON i.item_key = items_fts.rowid "
        f"WHERE items_fts MATCH ?{where} ORDER BY rank_value LIMIT ?", (expression, *params, k)).fetchall()
    hits = []
    for n, row in enumerate(rows):
        score = round(-float(row[1]), 4)
        hits.append(SearchHit(id=row[0], score=score, rank=n + 1, explain={
            "keyword": {"bm25": score, "matched": previous_matched_terms(" ".join(row[2:6]), query)}}))
    return hits


def _like_scan(conn, query: str, k: int) -> list[str]:
    """Naive ranked search: count the query words each stem contains (a full scan per query)."""
    words = query.split()
    score = " + ".join("(stem LIKE ?)" for _ in words)
    return [r[0] for r in conn.execute(
        f"SELECT id FROM (SELECT id, {score} AS hits FROM items) WHERE hits > 0 "
        "ORDER BY hits DESC LIMIT ?", (*[f"%{w}%" for w in words], k))]


def build_trigram_table(conn: sqlite3.Connection) -> None:
    """SQLite's trigram FTS5 over the raw item texts, for comparison only (a temp table)."""
    conn.execute("CREATE VIRTUAL TABLE temp.bench_trigram USING fts5(stem, passage, choices, explanation, "
                 "tokenize = 'trigram')")
    conn.execute("INSERT INTO temp.bench_trigram (rowid, stem, passage, choices, explanation) "
                 "SELECT item_key, stem, passage, choices_json, explanation FROM items")


def _trigram(conn: sqlite3.Connection, query: str, k: int) -> list[str]:
    words = [w for w in query.split() if len(w) >= 3]  # shorter words match nothing in a trigram index
    if not words:
        return []
    expression = " OR ".join('"' + w.replace('"', '""') + '"' for w in words)
    return [r[0] for r in conn.execute(
        "SELECT i.id FROM temp.bench_trigram t JOIN items i ON i.item_key = t.rowid "
        "WHERE bench_trigram MATCH ? ORDER BY bm25(bench_trigram, 3.0, 1.5, 1.5, 0.6) LIMIT ?", (expression, k))]


#: the issue's target: keyword P95 at 50k items on this CPU
TARGET_P95_MS = 15.0
#: filters a teacher combines with a query, cycled over the bench queries
BENCH_FILTERS = (SearchFilters(subject="수학"), SearchFilters(subject="과학", grade="중"),
                 SearchFilters(grade="중2"), SearchFilters(type="객관식", difficulty="상"),
                 SearchFilters(subject="사회", unit="헌법"), SearchFilters(subject="영어", difficulty="하"))


def _filtered(query_list: list[str]) -> list[tuple[str, SearchFilters]]:
    return [(q, BENCH_FILTERS[n % len(BENCH_FILTERS)]) for n, q in enumerate(query_list)]


def _previous_filtered(conn: sqlite3.Connection, query: str, filters: SearchFilters) -> list[SearchHit]:
    where, params = filters.sql("i")
    return previous_keyword_search(conn, query, 10, where, tuple(params))


def _time_queries(run, queries: list) -> dict:
    for query in queries[:5]:  # warm the page cache
        run(query)
    times, cpu = [], []
    found = 0
    for query in queries:
        start, start_cpu = time.perf_counter(), time.thread_time()
        hits = run(query)
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.thread_time() - start_cpu) * 1000)
        found += bool(hits)
    # CPU time of this thread: what a query costs when it does not wait for a shared core
    return {"median_ms": round(statistics.median(times), 3),
            "p95_ms": round(latency_percentile(times, 0.95), 3),
            "cpu_median_ms": round(statistics.median(cpu), 3),
            "cpu_p95_ms": round(latency_percentile(cpu, 0.95), 3), "queries_with_hits": found}


def _same_as_previous(conn: sqlite3.Connection, queries: list[str]) -> int:
    return sum(keyword_search(conn, q, k=10) == previous_keyword_search(conn, q) for q in queries)


def run_keyword_bench(items: int = 50_000, queries: int = 200, sample: bool = True, rounds: int = 2) -> dict:
    results: dict = {"items": items, "queries": queries, "rounds": []}
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
        build_trigram_table(conn)
        runs = {"keyword_fts": lambda q: keyword_search(conn, q, k=10),
                "previous_fts": lambda q: previous_keyword_search(conn, q, 10),
                "fts5_trigram": lambda q: _trigram(conn, q, 10),
                "baseline_like_scan": lambda q: _like_scan(conn, q, 10)}
        filtered = _filtered(query_list)
        filtered_runs = {"keyword_fts": lambda qf: keyword_search(conn, qf[0], qf[1], k=10),
                         "previous_fts": lambda qf: _previous_filtered(conn, *qf)}
        results["filtered"] = {"filters": len(BENCH_FILTERS), "rounds": []}
        for _ in range(max(1, rounds)):
            results["rounds"].append({key: _time_queries(run, query_list) for key, run in runs.items()})
            results["filtered"]["rounds"].append({key: _time_queries(run, filtered)
                                                  for key, run in filtered_runs.items()})
        results["same_as_previous"] = _same_as_previous(conn, query_list)
        results["filtered"]["same_as_previous"] = sum(
            keyword_search(conn, q, f, k=10) == _previous_filtered(conn, q, f) for q, f in filtered)
        results["cache_memory"] = cache_memory(conn, query_list, list(BENCH_FILTERS))
        bank.close()
        folder = root / "synthetic"
        results["cold"] = {"after_open": first_query_after_open(folder, query_list),
                           "after_write": first_query_after_write(folder, query_list)}
    for key, _ in PATHS:  # the last round's figures, as before
        results[key] = results["rounds"][-1][key]
    results["summary"] = _summary(results)
    return results


def _summary(results: dict) -> dict:
    """The issue's figures in one place: warm (last round), cold round, filtered, first queries, memory."""
    ours, first = results["rounds"][-1]["keyword_fts"], results["rounds"][0]["keyword_fts"]
    filtered = results["filtered"]["rounds"][-1]
    summary = {"warm_p50_ms": ours["median_ms"], "warm_p95_ms": ours["p95_ms"],
               "cold_round_p95_ms": first["p95_ms"],
               "filtered_p95_ms": filtered["keyword_fts"]["p95_ms"],
               "filtered_previous_p95_ms": filtered["previous_fts"]["p95_ms"],
               "first_query_after_open_ms": results["cold"]["after_open"]["median_ms"],
               "first_query_after_write_ms": results["cold"]["after_write"]["applied"]["median_ms"],
               "first_query_after_write_cleared_ms": results["cold"]["after_write"]["cleared"]["median_ms"],
               "cache_numpy_bytes": results["cache_memory"]["numpy_bytes"],
               "trigram_p95_ms": results["rounds"][-1]["fts5_trigram"]["p95_ms"],
               "like_scan_p95_ms": results["rounds"][-1]["baseline_like_scan"]["p95_ms"],
               "target_p95_ms": TARGET_P95_MS}
    summary["meets_target"] = max(summary["warm_p95_ms"], summary["filtered_p95_ms"]) <= TARGET_P95_MS
    return summary


def format_keyword_bench(results: dict) -> str:
    lines = []
    if "sample_import_s" in results:
        lines.append(f"sample bank import: {results['sample_items']} items in {results['sample_import_s']} s")
    lines.append(f"synthetic CSV import (CP949): {results['items']} items in {results['synthetic_import_s']} s "
                 f"({results['synthetic_items_per_s']} items/s)")
    lines.append(f"{'round':<6}{'query path':<36}{'median ms':>11}{'P95 ms':>10}{'CPU med':>9}{'CPU P95':>9}"
                 f"{'with hits':>11}")
    for number, figures in enumerate(results["rounds"], start=1):
        for key, label in PATHS:
            row = figures[key]
            lines.append(f"{number:<6}{label:<36}{row['median_ms']:>11.2f}{row['p95_ms']:>10.2f}"
                         f"{row['cpu_median_ms']:>9.2f}{row['cpu_p95_ms']:>9.2f}{row['queries_with_hits']:>11}")
    lines.append(f"ours = previous (hits equal): {results['same_as_previous']} of {results['queries']} queries")
    if "filtered" in results:
        lines.extend(_format_issue_figures(results))
    return "\n".join(lines)


def _format_issue_figures(results: dict) -> list[str]:
    lines = [f"with a filter ({results['filtered']['filters']} filters in turn):"]
    for number, figures in enumerate(results["filtered"]["rounds"], start=1):
        for key, label in PATHS[:2]:
            row = figures[key]
            lines.append(f"{number:<6}{label:<36}{row['median_ms']:>11.2f}{row['p95_ms']:>10.2f}"
                         f"{row['cpu_median_ms']:>9.2f}{row['cpu_p95_ms']:>9.2f}{row['queries_with_hits']:>11}")
    lines.append(f"filtered ours = previous: {results['filtered']['same_as_previous']} of {results['queries']}")
    cold, memory, summary = results["cold"], results["cache_memory"], results["summary"]
    write = cold["after_write"]
    lines.append(f"first query after opening the bank: median {cold['after_open']['median_ms']:.2f} ms, "
                 f"max {cold['after_open']['max_ms']:.2f} ms ({cold['after_open']['samples']} opens)")
    lines.append(f"first query after one edit: median {write['applied']['median_ms']:.2f} ms "
                 f"(caches read again: {write['cleared']['median_ms']:.2f} ms); the edit "
                 f"{write['write']['median_ms']:.2f} ms; edited text found next: {write['edited_item_found']} of "
                 f"{write['trials']}")
    lines.append(f"cache memory: {memory['numpy_bytes'] / 2**20:.1f} MiB of numpy arrays (postings "
                 f"{memory['postings_bytes'] / 2**20:.1f}, lengths {memory['lengths_bytes'] / 2**20:.1f}, masks "
                 f"{memory['masks_bytes'] / 2**20:.2f}; {memory['terms']} terms), tracemalloc "
                 f"{memory['tracemalloc_bytes'] / 2**20:.1f} MiB")
    lines.append(f"target: keyword P95 <= {summary['target_p95_ms']:.0f} ms: warm {summary['warm_p95_ms']:.2f}, "
                 f"filtered {summary['filtered_p95_ms']:.2f}, cold round {summary['cold_round_p95_ms']:.2f} "
                 f"(trigram {summary['trigram_p95_ms']:.2f}, LIKE {summary['like_scan_p95_ms']:.2f}) — "
                 f"{'met' if summary['meets_target'] else 'not met'}")
    return lines
