"""Keyword search: BM25 over the bigram FTS5 index, with metadata filters.

Columns are weighted the way a teacher reads an item: the stem counts most, then passage and
choices, then the explanation and metadata (unit, standard, tags).
"""

from __future__ import annotations

import sqlite3

from engine.search.filters import SearchFilters
from engine.search.results import SearchHit
from engine.search.tokens import fts_match_expression, matched_terms

# bm25() weights for (stem, passage, choices, explanation, meta)
COLUMN_WEIGHTS = (3.0, 1.5, 1.5, 0.6, 1.0)


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
    weights = ", ".join(str(w) for w in COLUMN_WEIGHTS)
    rows = conn.execute(
        f"SELECT i.id, bm25(items_fts, {weights}) AS rank_value, i.stem, i.passage, i.choices_json, i.explanation "
        f"FROM items_fts JOIN items i ON i.item_key = items_fts.rowid "
        f"WHERE items_fts MATCH ?{where} ORDER BY rank_value LIMIT ? OFFSET ?",
        (expression, *params, k, offset)).fetchall()
    hits = []
    for n, row in enumerate(rows):
        text = " ".join(row[2:6])
        score = round(-float(row[1]), 4)
        hits.append(SearchHit(id=row[0], score=score, rank=offset + n + 1,
                              explain={"keyword": {"bm25": score,
                                                   "matched": matched_terms(text, query)}}))
    return hits
