"""Keyword search: BM25 over the bigram FTS5 index, with metadata filters.

Columns are weighted the way a teacher reads an item: the stem counts most, then passage and
choices, then the explanation and metadata (unit, standard, tags). The ranking is FTS5's bm25(); ties
go to the older item (lower item_key). ``engine.search.topk`` finds the same top k without scoring every
item that shares a common bigram, and the full query runs whenever it cannot; before both,
``engine.search.postings`` scores the union in numpy from cached postings, filtered or not.
"""

from __future__ import annotations

import sqlite3

from engine.search.filters import SearchFilters
from engine.search.postings import scored_top
from engine.search.results import SearchHit
from engine.search.tokens import fts_match_expression, matched_terms, query_terms
from engine.search.topk import RankedRow, pruned_top, ranked_rows

# bm25() weights for (stem, passage, choices, explanation, meta)
COLUMN_WEIGHTS = (3.0, 1.5, 1.5, 0.6, 1.0)
_TEXT_COLUMNS = "i.id, i.stem, i.passage, i.choices_json, i.explanation"


def _ranked_rows(conn: sqlite3.Connection, query: str, expression: str, filters: SearchFilters,
                 k: int, offset: int) -> list[tuple]:
    """(id, bm25, stem, passage, choices_json, explanation) of the ranked page, best first: numpy scoring
    of cached postings (filters as a mask), else the pruned SQL ranking, else the full query."""
    where, params = filters.sql("i")
    terms = query_terms(query)
    scored = scored_top(conn, terms, COLUMN_WEIGHTS, offset + k, filters=filters)
    page = ([RankedRow(rowid, bm25) for rowid, bm25 in scored] if scored is not None
            else pruned_top(conn, terms, COLUMN_WEIGHTS, offset + k, where, params))
    if page is None:
        page = ranked_rows(conn, expression, ", ".join(str(w) for w in COLUMN_WEIGHTS), where, params, k, offset)
    else:
        page = page[offset:offset + k]
    keys = [r.rowid for r in page]
    if not keys:
        return []
    texts = {row[0]: row[1:] for row in conn.execute(
        f"SELECT i.item_key, {_TEXT_COLUMNS} FROM items i WHERE i.item_key IN ({','.join('?' * len(keys))})", keys)}
    return [(texts[r.rowid][0], r.bm25, *texts[r.rowid][1:]) for r in page if r.rowid in texts]


def keyword_search(conn: sqlite3.Connection, query: str, filters: SearchFilters | None = None,
                   k: int = 10, offset: int = 0) -> list[SearchHit]:
    """Top ``k`` items by BM25. An empty query lists the filtered items in catalog order."""
    filters = filters or SearchFilters()
    where, params = filters.sql("i")
    expression = fts_match_expression(query)
    if expression is None:
        rows = conn.execute(
            f"SELECT i.id FROM items i WHERE 1=1{where} ORDER BY i.item_key LIMIT ? OFFSET ?",
            (*params, k, offset)).fetchall()
        return [SearchHit(id=row[0], score=0.0, rank=offset + n + 1, explain={"keyword": {}})
                for n, row in enumerate(rows)]
    hits = []
    for n, row in enumerate(_ranked_rows(conn, query, expression, filters, k, offset)):
        text = " ".join(row[2:6])
        score = round(-float(row[1]), 4)
        hits.append(SearchHit(id=row[0], score=score, rank=offset + n + 1,
                              explain={"keyword": {"bm25": score,
                                                   "matched": matched_terms(text, query)}}))
    return hits
