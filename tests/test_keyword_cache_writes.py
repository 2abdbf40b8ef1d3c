"""Filtered keyword search in numpy and the caches that follow writes (issue #20, keyword speed).

Filtered queries now take the numpy postings path with a mask of allowed item keys
(``engine.search.row_masks``); a write of this program moves the posting cache and the masks forward
row by row (``engine.search.index_delta``) instead of throwing them away. No timing here (``itembank
bench keyword`` prints it): these check the answers on real SQLite banks — equal to the SQL path's,
and an added, edited or deleted item is (not) found by the very next search.
"""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import numpy as np
import pytest

from conftest import write_jsonl
from engine.api import ItemBank
from engine.bench.keyword import previous_keyword_search
from engine.bench.synthetic import synthetic_queries, write_synthetic_csv
from engine.search import index_delta, postings
from engine.search.filters import SearchFilters
from engine.search.fts_stats import index_totals
from engine.search.keyword import COLUMN_WEIGHTS, keyword_search
from engine.search.row_masks import filter_masks
from engine.search.tokens import fts_match_expression, query_terms
from engine.search.topk import ranked_rows

WEIGHTS = ", ".join(str(w) for w in COLUMN_WEIGHTS)
FILTERS = [SearchFilters(subject="수학"), SearchFilters(subject="과학", grade="중"), SearchFilters(grade="중2"),
           SearchFilters(type="객관식", difficulty="상"), SearchFilters(standard="[9sci"),  # LIKE ignores ASCII case
           SearchFilters(unit="함수"), SearchFilters(subject="사회", difficulty="하", unit="헌"),
           SearchFilters(subject="영어", grade="고")]
# items with standards and units the synthetic sheet lacks (mixed-case letters, for LIKE's rules)
EXTRA = [{"subject": "과학", "grade": "중3", "standard": f"[9SCI0{n % 3}-0{n % 5}]", "unit": "전기와 자기",
          "difficulty": "상", "stem": f"광합성과 전류 저항 옴의 법칙 {n}번 문항", "answer": "1"} for n in range(30)]


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory) -> Path:
    """3,000 synthetic items (five subjects, grades 중1-3, 상/중/하) and 30 with 성취기준 codes."""
    folder = tmp_path_factory.mktemp("kwcache")
    bank = ItemBank(folder / "bank", create=True)
    assert bank.import_path(write_synthetic_csv(folder / "items.csv", 3000)).imported == 3000
    assert bank.import_path(write_jsonl(folder / "extra.jsonl", EXTRA)).imported == len(EXTRA)
    bank.close()
    return folder / "bank"


@pytest.fixture
def bank(bank_dir: Path, tmp_path: Path):
    """A copy of the bank for a test that writes."""
    shutil.copytree(bank_dir, tmp_path / "bank")
    bank = ItemBank(tmp_path / "bank")
    yield bank
    bank.close()


def _sql_page(conn: sqlite3.Connection, query: str, filters: SearchFilters, k: int) -> list[tuple[str, float]]:
    """The old filtered path: FTS5 ranks the rows joined to ``items`` under the filter's WHERE clause."""
    where, params = filters.sql("i")
    page = ranked_rows(conn, fts_match_expression(query), WEIGHTS, where, params, k)
    ids = dict(conn.execute(f"SELECT item_key, id FROM items WHERE item_key IN ({','.join('?' * len(page))})",
                            [r.rowid for r in page]).fetchall()) if page else {}
    return [(ids[r.rowid], round(-r.bm25, 4)) for r in page]


def _agrees(conn: sqlite3.Connection, query: str, filters: SearchFilters, k: int = 10) -> None:
    ours = keyword_search(conn, query, filters, k=k)
    assert [(h.id, h.score) for h in ours] == _sql_page(conn, query, filters, k), (query, filters)
    where, params = filters.sql("i")
    assert ours == previous_keyword_search(conn, query, k, where, tuple(params)), (query, filters)


def test_filtered_numpy_results_equal_the_sql_path(bank_dir: Path):
    bank = ItemBank(bank_dir)
    conn = bank.catalog.connection
    queries = synthetic_queries(40, seed=5) + ["광합성 전류", "헌법 기본권", "함수 그래프 기울기", "수 합성", "energy"]
    nonempty = 0
    try:
        for filters in FILTERS:
            for query in queries:
                assert postings.scored_top(conn, query_terms(query), COLUMN_WEIGHTS, 10, filters=filters) is not None
                _agrees(conn, query, filters)
                _agrees(conn, query, filters, k=30)
                nonempty += bool(keyword_search(conn, query, filters, k=1))
    finally:
        bank.close()
    assert nonempty > len(FILTERS) * 10  # the filters do select items: the comparison is not of empty lists


def test_filtered_pages_join_up(bank_dir: Path):
    bank = ItemBank(bank_dir)
    conn = bank.catalog.connection
    filters = SearchFilters(subject="과학", grade="중")
    whole = keyword_search(conn, "광합성 설명 방법", filters, k=30)
    pages = [h for n in range(3) for h in keyword_search(conn, "광합성 설명 방법", filters, k=10, offset=10 * n)]
    bank.close()
    assert len(whole) == 30 and pages == whole


class _Reads:
    """Counts what the posting cache reads from SQLite (a write applied row by row reads nothing)."""

    def __init__(self, monkeypatch) -> None:
        self.lengths = self.postings = 0
        read_lengths, read_posting = postings._read_lengths, postings._read_posting

        def lengths(*args):
            self.lengths += 1
            return read_lengths(*args)

        def posting(*args):
            self.postings += 1
            return read_posting(*args)
        monkeypatch.setattr(postings, "_read_lengths", lengths)
        monkeypatch.setattr(postings, "_read_posting", posting)


def _ids(conn, query: str, filters: SearchFilters | None = None, k: int = 10) -> list[str]:
    return [h.id for h in keyword_search(conn, query, filters, k=k)]


def test_added_edited_and_deleted_items_reach_the_very_next_search(bank: ItemBank, tmp_path: Path, monkeypatch):
    conn = bank.catalog.connection
    query, science = "헌법 기본권 광합성", SearchFilters(subject="과학")
    for filters in (SearchFilters(), science, SearchFilters(subject="사회")):
        _agrees(conn, query, filters)  # warms the postings, the lengths and the masks
    reads = _Reads(monkeypatch)
    report = bank.import_path(write_jsonl(tmp_path / "new.jsonl", [
        {"subject": "사회", "stem": "헌법 헌법 헌법 기본권 기본권 광합성 무지개 문항", "answer": "1"}]))
    (new_id,) = report.imported_ids
    assert _ids(conn, "무지개") == [new_id] and _ids(conn, query)[0] == new_id
    assert _ids(conn, query, SearchFilters(subject="사회"))[0] == new_id
    assert new_id not in _ids(conn, query, science, k=50)
    for filters in (SearchFilters(), science, SearchFilters(subject="사회")):
        _agrees(conn, query, filters)  # idf and avgdl moved: every score is still SQLite's
    bank.edit(new_id, {"subject": "과학", "stem": "광합성 광합성 광합성 헌법 기본권 은하수 문항"})
    assert _ids(conn, query, science)[0] == new_id
    assert new_id not in _ids(conn, query, SearchFilters(subject="사회"), k=50)
    assert _ids(conn, "무지개") == [] and _ids(conn, "은하수") == [new_id]
    for filters in (SearchFilters(), science, SearchFilters(subject="사회")):
        _agrees(conn, query, filters)
    bank.delete([new_id])
    assert new_id not in _ids(conn, query, k=50) and new_id not in _ids(conn, query, science, k=50)
    assert _ids(conn, "은하수") == []
    for filters in (SearchFilters(), science, SearchFilters(subject="사회")):
        _agrees(conn, query, filters)
    bank.undo()  # the delete undone: back in the next search
    assert _ids(conn, query, science)[0] == new_id
    assert reads.lengths == 0  # every write was applied to the cache, never read again
    _, key = index_totals(conn)
    assert postings.posting_cache().holds(key) and filter_masks().names(key)


def test_a_write_the_cache_was_not_told_about_is_read_again(bank: ItemBank, monkeypatch):
    """Another program writing the bank: the key moves, nothing was applied, the cache reads afresh."""
    conn = bank.catalog.connection
    query = "헌법 기본권"
    _agrees(conn, query, SearchFilters())
    _agrees(conn, query, SearchFilters(subject="사회"))
    reads = _Reads(monkeypatch)
    other = sqlite3.connect(bank.paths.catalog, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        key = other.execute("INSERT INTO items (id, subject, stem, content_hash) VALUES ('other-1', '사회', "
                            "'헌법 헌법 기본권', 'x') RETURNING item_key").fetchone()[0]
        other.execute("INSERT INTO items_fts (rowid, stem, passage, choices, explanation, meta) "
                      "VALUES (?, '헌법 헌법 법 기본 본권 권', '', '', '', '사회')", (key,))
        other.execute("COMMIT")
    finally:
        other.close()
    assert _ids(conn, query)[0] == "other-1" and _ids(conn, query, SearchFilters(subject="사회"))[0] == "other-1"
    _agrees(conn, query, SearchFilters())
    _agrees(conn, query, SearchFilters(subject="사회"))
    assert reads.lengths == 1


def test_a_write_too_big_to_apply_row_by_row_is_read_again(bank: ItemBank, tmp_path: Path, monkeypatch):
    conn = bank.catalog.connection
    query = "헌법 기본권"
    _agrees(conn, query, SearchFilters(subject="사회"))
    monkeypatch.setattr(index_delta, "MAX_DELTA_ROWS", 3)
    reads = _Reads(monkeypatch)
    records = [{"subject": "사회", "stem": f"헌법 기본권 기본권 {n}", "answer": "1"} for n in range(5)]
    report = bank.import_path(write_jsonl(tmp_path / "five.jsonl", records))
    assert set(_ids(conn, query, SearchFilters(subject="사회"), k=5)) == set(report.imported_ids)
    _agrees(conn, query, SearchFilters(subject="사회"))
    assert reads.lengths == 1


def test_the_repair_that_rewrites_the_keyword_index_is_read_again(bank: ItemBank, monkeypatch):
    from engine.check import _keyword_index
    from engine.check import CheckReport

    conn = bank.catalog.connection
    _agrees(conn, "헌법 기본권", SearchFilters())
    conn.execute("DELETE FROM items_fts WHERE rowid IN (SELECT item_key FROM items LIMIT 5)")  # damage it
    reads = _Reads(monkeypatch)
    _keyword_index(bank, CheckReport(), repair=True)
    _agrees(conn, "헌법 기본권", SearchFilters())
    assert reads.lengths == 1


def test_cache_memory_is_reported_in_bytes(bank_dir: Path):
    bank = ItemBank(bank_dir)
    conn = bank.catalog.connection
    postings.posting_cache().clear()
    keyword_search(conn, "헌법 기본권 광합성", SearchFilters(subject="과학"))
    bank.close()
    sizes = postings.posting_cache().nbytes()
    assert sizes["lengths"] == 3030 * 16 and sizes["terms"] == len(query_terms("헌법 기본권 광합성"))
    assert sizes["postings"] > 0 and filter_masks().nbytes() >= 3030


def test_a_row_with_more_instances_than_uint16_holds_keeps_exact_counts(bank: ItemBank, tmp_path: Path):
    """Postings keep counts as uint16; a column with 65,536+ instances of a term must not wrap around."""
    conn = bank.catalog.connection
    _agrees(conn, "헌법 기본권", SearchFilters())  # cached before the write: the delta path adds the row
    report = bank.import_path(write_jsonl(tmp_path / "long.jsonl", [
        {"subject": "사회", "stem": " ".join(["헌법"] * 70_000), "answer": "1"}]))
    (long_id,) = report.imported_ids
    _, key = index_totals(conn)
    posting = postings.posting_cache().posting(conn, key, query_terms("헌법")[0], "items_fts")
    assert posting.counts.dtype == np.int32 and int(posting.counts.max()) == 70_000
    for filters in (SearchFilters(), SearchFilters(subject="사회")):
        _agrees(conn, "헌법 기본권", filters)
        assert _ids(conn, "헌법", filters)[0] == long_id
    postings.posting_cache().clear()  # read from FTS5 afresh: the same counts
    fresh = postings.posting_cache().posting(conn, index_totals(conn)[1], query_terms("헌법")[0], "items_fts")
    assert fresh.counts.dtype == np.int32 and np.array_equal(fresh.counts, posting.counts)
    assert np.array_equal(fresh.rows, posting.rows)


def _foreign_insert(catalog_path: Path, item_id: str, stem_tokens: str) -> None:
    """An item written by another connection (another program on the same bank)."""
    other = sqlite3.connect(catalog_path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        key = other.execute("INSERT INTO items (id, subject, stem, content_hash) VALUES (?, '사회', ?, 'x') "
                            "RETURNING item_key", (item_id, stem_tokens)).fetchone()[0]
        other.execute("INSERT INTO items_fts (rowid, stem, passage, choices, explanation, meta) "
                      "VALUES (?, ?, '', '', '', '사회')", (key, stem_tokens))
        other.execute("COMMIT")
    finally:
        other.close()


def test_a_commit_of_another_program_right_after_ours_is_not_taken_for_ours(bank: ItemBank, tmp_path: Path,
                                                                            monkeypatch):
    """Between our COMMIT and the snapshot the delta is read in, another program commits: the delta would
    describe our rows only, so it is not applied (PRAGMA data_version moved) and the cache reads afresh."""
    conn = bank.catalog.connection
    query = "헌법 기본권"
    _agrees(conn, query, SearchFilters(subject="사회"))
    capture = index_delta.KeywordWriteLog.capture

    def racing(log, conn):
        _foreign_insert(bank.paths.catalog, "racer-1", "헌법 헌법 헌법 헌법 기본 본권 권")
        return capture(log, conn)
    monkeypatch.setattr(index_delta.KeywordWriteLog, "capture", racing)
    report = bank.import_path(write_jsonl(tmp_path / "ours.jsonl", [
        {"subject": "사회", "stem": "헌법 기본권 우리 문항", "answer": "1"}]))
    ids = _ids(conn, query, SearchFilters(subject="사회"), k=50)
    assert ids[0] == "racer-1" and report.imported_ids[0] in ids
    _agrees(conn, query, SearchFilters(subject="사회"))
    _agrees(conn, query, SearchFilters())
