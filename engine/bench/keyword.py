"""``itembank bench keyword``: import time and keyword query latency on a synthetic bank.

Every path runs on the same bank and the same queries, in rounds (the machine may be shared, so one
round alone says little): ours; the previous implementation of our query (the same ranking, with the
item texts carried through SQLite's sorter and every matching item scored); SQLite's own trigram
tokenizer (which cannot match the many 2-syllable words at all); and a naive LIKE '%word%' scan
ranked by how many query words each stem contains. ``same_as_previous`` counts the queries whose hits (ids,
scores, ranks, matched terms) equal the previous implementation's.
"""

from __future__ import annotations

import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from engine.api import ItemBank
from engine.bench import latency_percentile
from engine.bench.synthetic import synthetic_queries, write_synthetic_csv
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


def _time_queries(run, queries: list[str]) -> dict:
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
        for _ in range(max(1, rounds)):
            results["rounds"].append({key: _time_queries(run, query_list) for key, run in runs.items()})
        results["same_as_previous"] = _same_as_previous(conn, query_list)
        bank.close()
    for key, _ in PATHS:  # the last round's figures, as before
        results[key] = results["rounds"][-1][key]
    return results


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
    return "\n".join(lines)
