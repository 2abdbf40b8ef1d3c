"""The fast paths of search return exactly what the slow ones did (issue #20 item 5).

Keyword search ranks rowids in FTS5 alone and skips items that have only common terms
(``engine.search.topk``); hybrid search embeds the query while the keyword side runs. No timing here
(``itembank bench keyword`` / ``bench hybrid`` print the figures): these tests check the answers on real
banks against the previous implementation, kept in ``engine.bench.keyword``.
"""

from __future__ import annotations

import random
import shutil
import threading
from pathlib import Path

import pytest

from conftest import write_jsonl
from engine.api import ItemBank, SearchRequest
from engine.bench.keyword import previous_keyword_search
from engine.bench.synthetic import synthetic_queries, write_synthetic_csv
from engine.evaluation.golden import load_golden
from engine.search.filters import SearchFilters
from engine.search.keyword import COLUMN_WEIGHTS, keyword_search
from engine.search.tokens import fts_match_expression, query_terms
from engine.search.topk import pruned_top

WEIGHTS = ", ".join(str(w) for w in COLUMN_WEIGHTS)


def _queries_from_bank(conn, seed: int, count: int) -> list[str]:
    """Queries made of words of the bank's own stems: 1-4 words, some of them a single syllable."""
    rng = random.Random(seed)
    words = [w for (stem,) in conn.execute("SELECT stem FROM items") for w in stem.split() if w.strip()]
    queries = []
    for _ in range(count):
        picked = rng.sample(words, rng.randint(1, 4))
        if rng.random() < 0.2:
            picked.append(rng.choice(picked)[0])  # a one-syllable prefix term
        queries.append(" ".join(picked))
    return queries


def _same(conn, query: str, k: int = 10, filters: SearchFilters | None = None) -> None:
    where, params = (filters or SearchFilters()).sql("i")
    ours = keyword_search(conn, query, filters, k=k)
    before = previous_keyword_search(conn, query, k, where, tuple(params))
    assert ours == before, query


@pytest.fixture(scope="module")
def synthetic_bank(tmp_path_factory) -> ItemBank:
    """3,000 synthetic items: every item's source says "합성 데이터", so "합성" is in all of them."""
    folder = tmp_path_factory.mktemp("synthetic")
    bank = ItemBank(folder / "bank", create=True)
    report = bank.import_path(write_synthetic_csv(folder / "items.csv", 3000))
    assert report.imported == 3000
    yield bank
    bank.close()


def test_keyword_results_equal_the_previous_query_on_the_sample_bank(sample_bank: ItemBank, tmp_path):
    conn = sample_bank.catalog.connection
    golden = [q.text for q in load_golden(_golden_path()) if q.text.strip()]
    queries = golden + _queries_from_bank(conn, seed=5, count=150)
    for query in queries:
        _same(conn, query)
        _same(conn, query, k=3)
    for subject in ("수학", "과학"):
        for query in queries[:40]:
            _same(conn, query, filters=SearchFilters(subject=subject))


def test_common_bigrams_are_pruned_and_the_answer_does_not_change(synthetic_bank: ItemBank):
    conn = synthetic_bank.catalog.connection
    pruned = 0
    for query in synthetic_queries(120, seed=3) + ["광합성", "설명 방법 광합성", "경우의 수 헌법 합성"]:
        _same(conn, query)
        _same(conn, query, k=25)
        _same(conn, query, filters=SearchFilters(subject="과학", grade="중"))
        pruned += pruned_top(conn, query_terms(query), COLUMN_WEIGHTS, 10) is not None
    assert pruned >= 5  # the pruned path really ran (queries with "합성", "설명", "수")


def test_pages_of_the_pruned_ranking_join_up(synthetic_bank: ItemBank):
    conn = synthetic_bank.catalog.connection
    query = "광합성 설명 방법"
    whole = keyword_search(conn, query, k=30)
    pages = keyword_search(conn, query, k=10) + keyword_search(conn, query, k=10, offset=10) + \
        keyword_search(conn, query, k=10, offset=20)
    assert [(h.id, h.score, h.rank) for h in pages] == [(h.id, h.score, h.rank) for h in whole]


def test_python_bm25_is_bit_for_bit_sqlite_bm25(synthetic_bank: ItemBank):
    """The contenders are scored in Python; every row's score must be SQLite's, to the last bit."""
    from engine.search import topk
    from engine.search.fts_stats import index_totals

    conn = synthetic_bank.catalog.connection
    totals, key = index_totals(conn)
    assert totals.rows == 3000
    for text in ("광합성 설명 방법", "경우의 수 판별식", "energy 선거 수"):
        terms = query_terms(text)
        counts = topk._term_counts().counts(conn, key, [t.fts() for t in terms])
        query = topk._Query(terms, [topk._idf(totals.rows, n) for n in counts], COLUMN_WEIGHTS, totals.avgdl)
        rows = conn.execute(f"SELECT rowid, bm25(items_fts, {WEIGHTS}) FROM items_fts WHERE items_fts MATCH ?",
                            (fts_match_expression(text),)).fetchall()
        ours = topk._exact_scores(conn, query, [r[0] for r in rows])
        assert ours is not None and len(ours) == len(rows) > 100
        assert all(ours[rowid] == score for rowid, score in rows), text


def test_cached_term_counts_follow_writes(synthetic_bank: ItemBank, tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(Path(synthetic_bank.catalog.paths.root), folder)
    bank = ItemBank(folder)
    conn = bank.catalog.connection
    query = "광합성 헌법"
    _same(conn, query)  # warms the cached counts
    before = keyword_search(conn, query, k=1)[0]
    records = [{"subject": "사회", "stem": f"헌법 헌법 헌법 헌법 기본권 {n}", "answer": "1"} for n in range(40)]
    report = bank.import_path(write_jsonl(tmp_path / "new.jsonl", records))
    assert report.imported == 40
    _same(conn, query)  # the counts of "헌법" changed: stale ones would change scores
    assert pruned_top(conn, query_terms(query), COLUMN_WEIGHTS, 10) is not None
    assert keyword_search(conn, query, k=1)[0].score != before.score
    bank.delete(report.imported_ids)
    _same(conn, query)
    assert keyword_search(conn, query, k=1)[0] == before
    bank.close()


def test_an_open_write_transaction_takes_the_full_query(synthetic_bank: ItemBank):
    conn = synthetic_bank.catalog.connection
    conn.execute("BEGIN")
    try:
        assert pruned_top(conn, query_terms("광합성 설명"), COLUMN_WEIGHTS, 10) is None
        _same(conn, "광합성 설명")
    finally:
        conn.execute("ROLLBACK")


# -- hybrid: the query embedding runs beside the keyword side --------------------------------------------
def _golden_path() -> Path:
    from itembank_assets import GOLDEN_QUERIES

    return Path(GOLDEN_QUERIES)


def test_hybrid_concurrent_equals_sequential_and_embeds_in_a_worker(sample_lite_dir: Path, tmp_path):
    from engine.bench.hybrid import hybrid_signature

    threads: list[str] = []

    def hook(embedder):
        class Recording:
            def __getattr__(self, name):
                return getattr(embedder, name)

            def encode_query(self, inputs):
                threads.append(threading.current_thread().name)
                return embedder.encode_query(inputs)
        return Recording()

    bank = ItemBank(sample_lite_dir, embedder_hook=hook)
    queries = [q.text for q in load_golden(_golden_path()) if q.scenario in ("S1", "S2") and q.text.strip()]
    assert len(queries) >= 20
    try:
        for query in queries:
            for mode in ("hybrid", "semantic"):
                request = SearchRequest(text=query, mode=mode, profile="lite", k=10)
                bank.search.concurrent = False
                sequential = bank.search(request)
                bank.search.concurrent = True
                concurrent = bank.search(request)
                assert hybrid_signature(concurrent) == hybrid_signature(sequential), (mode, query)
                assert (concurrent.keyword_count, concurrent.exhausted, concurrent.pending) == \
                    (sequential.keyword_count, sequential.exhausted, sequential.pending)
        filtered = SearchRequest(text=queries[0], mode="hybrid", profile="lite", k=5,
                                 filters=SearchFilters(subject="수학"))
        bank.search.concurrent = False
        sequential = bank.search(filtered)
        bank.search.concurrent = True
        assert hybrid_signature(bank.search(filtered)) == hybrid_signature(sequential)
    finally:
        bank.close()
    assert threads.count("MainThread") == 2 * len(queries) + 1  # the sequential runs
    workers = [name for name in threads if name != "MainThread"]
    assert len(workers) == 2 * len(queries) + 1 and all(n.startswith("itembank-query-embed") for n in workers)
    assert bank.search._executor is None  # closing the bank stopped the worker threads


def test_matched_terms_equal_a_lookup_in_every_token(sample_bank: ItemBank):
    from engine.bench.keyword import previous_matched_terms
    from engine.search.tokens import matched_terms

    conn = sample_bank.catalog.connection
    texts = [" ".join(row) for row in conn.execute("SELECT stem, passage, choices_json, explanation FROM items")]
    texts += ["x^2 + $x^{2}$ 와 x² 의 DNA 2 개", "가", "", "電流 전류 A1 a1", "ﬁ 함수의 ㎝"]
    queries = _queries_from_bank(conn, seed=9, count=60) + ["x² dna", "가 나", "전 류", "a1 電", "ㅎ 함"]
    for text in texts:
        for query in queries:
            assert matched_terms(text, query) == previous_matched_terms(text, query), (text, query)


def test_bench_keyword_command_compares_all_paths_in_two_rounds(run_cli):
    import json

    code, out, _ = run_cli("bench", "keyword", "--items", "400", "--queries", "30", "--json")
    figures = json.loads(out)
    assert code == 0 and len(figures["rounds"]) == 2
    for round_ in figures["rounds"]:
        assert set(round_) == {"keyword_fts", "previous_fts", "fts5_trigram", "baseline_like_scan"}
        assert all(row["p95_ms"] >= row["median_ms"] > 0 and row["cpu_p95_ms"] > 0 for row in round_.values())
        assert round_["keyword_fts"]["queries_with_hits"] == 30
        assert round_["fts5_trigram"]["queries_with_hits"] < 30  # 2-syllable words never match trigrams
    assert figures["same_as_previous"] == 30
    # the issue #20 fields: filtered rounds beside the previous SQL query, first queries, memory, summary
    assert [set(r) for r in figures["filtered"]["rounds"]] == [{"keyword_fts", "previous_fts"}] * 2
    assert figures["filtered"]["same_as_previous"] == 30
    write = figures["cold"]["after_write"]
    assert write["trials"] == 5 and write["edited_item_found"] == 5  # each edit is in the next search
    assert all(figures["cold"][k]["median_ms"] > 0 for k in ("after_open",)) and write["applied"]["max_ms"] > 0
    memory = figures["cache_memory"]
    assert memory["numpy_bytes"] == memory["postings_bytes"] + memory["lengths_bytes"] + memory["masks_bytes"] > 0
    assert memory["lengths_bytes"] == 400 * 16 and memory["tracemalloc_bytes"] > 0
    summary = figures["summary"]
    assert summary["warm_p95_ms"] == figures["keyword_fts"]["p95_ms"] and summary["target_p95_ms"] == 15.0
    assert summary["meets_target"] == (max(summary["warm_p95_ms"], summary["filtered_p95_ms"]) <= 15.0)


def test_bench_hybrid_reports_each_part_and_the_target(sample_lite_dir: Path):
    from engine.bench.hybrid import format_hybrid_bench, run_hybrid_bench

    figures = run_hybrid_bench(_golden_path(), rounds=1, bank_dir=sample_lite_dir)
    assert figures["queries"] >= 20 and figures["same_results"] == figures["queries"]
    (round_,) = figures["rounds"]
    for key in ("embedding", "keyword", "hybrid_sequential", "hybrid_concurrent"):
        assert round_[key]["p95_ms"] >= round_[key]["p50_ms"] > 0
    slower = max(round_["embedding"]["p95_ms"], round_["keyword"]["p95_ms"])
    assert round_["target_p95_ms"] == round(slower + 3.0, 3)
    assert "target: hybrid P95" in format_hybrid_bench(figures)


# -- the OR-union scored in numpy from cached postings (engine.search.postings) --------------------------
def test_numpy_scores_are_bit_for_bit_sqlite_bm25_for_every_matching_row(synthetic_bank: ItemBank):
    """Every row of the union, not only the page: the numpy scores equal bm25() to the last bit."""
    from engine.search import postings

    conn = synthetic_bank.catalog.connection
    queries = synthetic_queries(60, seed=21) + ["광합성 가", "수 합성", "energy 2 x", "함", "헌법 기본권 선거 환율"]
    for text in queries:
        terms = query_terms(text)
        rows = conn.execute(f"SELECT rowid, bm25(items_fts, {WEIGHTS}) AS r FROM items_fts WHERE items_fts MATCH ? "
                            "ORDER BY r, rowid", (fts_match_expression(text),)).fetchall()
        ours = postings.scored_top(conn, terms, COLUMN_WEIGHTS, len(rows) + 5)
        assert ours == [(int(r[0]), float(r[1])) for r in rows], text


def test_numpy_path_runs_and_agrees_on_counts_with_fts5(synthetic_bank: ItemBank):
    from engine.search import postings
    from engine.search.fts_stats import index_totals

    conn = synthetic_bank.catalog.connection
    _, key = index_totals(conn)
    for text in ("광합성 설명 방법", "합성", "가 수", "dna"):
        assert postings.scored_top(conn, query_terms(text), COLUMN_WEIGHTS, 10) is not None
        for term in query_terms(text):
            posting = postings.posting_cache().posting(conn, key, term, "items_fts")
            fts = conn.execute("SELECT count(*) FROM items_fts WHERE items_fts MATCH ?", (term.fts(),)).fetchone()[0]
            assert len(posting.rows) == fts, term
        for k in (1, 3, 10, 40):
            _same(conn, text, k=k)


def test_numpy_path_follows_writes_and_steps_aside(synthetic_bank: ItemBank, tmp_path):
    from engine.search import postings

    folder = tmp_path / "bank"
    shutil.copytree(Path(synthetic_bank.catalog.paths.root), folder)
    bank = ItemBank(folder)
    conn = bank.catalog.connection
    query = "광합성 헌법"
    _same(conn, query)  # warms the cached postings and lengths
    before = keyword_search(conn, query, k=3)
    records = [{"subject": "사회", "stem": f"헌법 헌법 광합성 기본권 {n}", "answer": "1"} for n in range(30)]
    report = bank.import_path(write_jsonl(tmp_path / "new.jsonl", records))
    assert report.imported == 30
    _same(conn, query)  # stale postings would miss the new rows or score them wrongly
    after = keyword_search(conn, query, k=3)
    assert after != before and all(h.id in report.imported_ids for h in after)
    bank.delete(report.imported_ids)
    _same(conn, query)
    assert keyword_search(conn, query, k=3) == before
    conn.execute("BEGIN")
    try:
        assert postings.scored_top(conn, query_terms(query), COLUMN_WEIGHTS, 10) is None
    finally:
        conn.execute("ROLLBACK")
    from engine.search.tokens import QueryTerm

    odd = [QueryTerm("ß"), QueryTerm("광합")]  # not a token unicode61 keeps as Python sees it
    assert postings.scored_top(conn, odd, COLUMN_WEIGHTS, 10) is None
    bank.close()


def test_posting_cache_stays_within_its_instance_budget(synthetic_bank: ItemBank):
    from engine.search import postings
    from engine.search.fts_stats import index_totals

    conn = synthetic_bank.catalog.connection
    _, key = index_totals(conn)
    cache = postings.PostingCache(max_instances=2000)
    for text in ("광합성 설명 방법 헌법 기본권 선거", "경우의 수 판별식"):
        for term in query_terms(text):
            cache.posting(conn, key, term, "items_fts")
            assert cache._instances <= 2000 or len(cache._postings) == 1


def test_row_lengths_read_in_bulk_equal_fts5_docsize(synthetic_bank: ItemBank, tmp_path):
    """Varints of one byte are summed in bulk; a column of 128+ tokens (two-byte varint) is decoded whole."""
    from engine.search import postings
    from engine.search.fts_stats import row_sizes

    folder = tmp_path / "bank"
    shutil.copytree(Path(synthetic_bank.catalog.paths.root), folder)
    bank = ItemBank(folder)
    conn = bank.catalog.connection
    long_stem = " ".join(["광합성 헌법"] * 200)  # 600 tokens in the stem
    report = bank.import_path(write_jsonl(tmp_path / "long.jsonl", [{"subject": "과학", "stem": long_stem,
                                                                     "answer": "1"}]))
    assert report.imported == 1
    lengths = postings._read_lengths(conn, "items_fts")
    sizes = row_sizes(conn, [int(r) for r in lengths.rowids])
    assert [float(sum(sizes[int(r)])) for r in lengths.rowids] == lengths.tokens.tolist()
    assert lengths.tokens.max() > 600
    for query in ("광합성 헌법", "헌법 기본권 선거", "합성"):
        _same(conn, query)
        _same(conn, query, k=40)
    bank.close()
