"""Keyword search on PostgreSQL: the embedded catalog's BM25, computed in SQL over ``item_terms``.

pg_trgm cannot match the many 2-syllable Korean words and tsvector parsers know no Korean, so the
district backend indexes the same tokens as the embedded one (``engine.search.tokens``: syllable bigrams
and words) and scores them with the same formula as SQLite FTS5's ``bm25()`` — idf over the whole bank,
the column weights of ``engine.search.keyword``, k1 = 1.2, b = 0.75, document length over all columns —
so both backends rank a query the same way.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from engine.search.filters import SearchFilters
from engine.search.keyword import COLUMN_WEIGHTS
from engine.search.results import SearchHit
from engine.search.tokens import matched_terms, query_terms

K1 = 1.2
B = 0.75


def term_rows(fields: tuple[str, ...]) -> tuple[dict[str, float], int]:
    """({term: column-weighted frequency}, token count) of an item's pre-tokenised keyword fields."""
    weights: Counter[str] = Counter()
    total = 0
    for text, column_weight in zip(fields, COLUMN_WEIGHTS):
        tokens = text.split()
        total += len(tokens)
        for token in tokens:
            weights[token] += column_weight
    return dict(weights), total


def index_item(conn: Any, key: int, fields: tuple[str, ...]) -> None:
    """One round trip per item: its term rows, its length, and the bank's totals (for avgdl and idf)."""
    weights, total = term_rows(fields)
    conn.execute(
        "WITH terms AS (INSERT INTO item_terms (item_key, term, weight, length) "
        "               SELECT ?, unnest(?::text[]), unnest(?::real[]), ?), "
        "     length AS (UPDATE items SET term_count = ? WHERE item_key = ?) "
        "UPDATE keyword_totals SET items = items + 1, terms = terms + ? WHERE id = 1",
        (key, list(weights), list(weights.values()), total, total, key, total))


def unindex_item(conn: Any, key: int) -> None:
    row = conn.execute("SELECT term_count FROM items WHERE item_key = ?", (key,)).fetchone()
    if row is None:
        return
    conn.execute("DELETE FROM item_terms WHERE item_key = ?", (key,))
    conn.execute("UPDATE keyword_totals SET items = items - 1, terms = terms - ? WHERE id = 1", (row[0],))


def _upper(token: str) -> str:
    """The first string after every term that starts with ``token`` (a prefix term's range end)."""
    return token[:-1] + chr(ord(token[-1]) + 1)


# One row per (query term, matching item) with the item's weighted frequency of that term (a prefix
# term sums every token it matches, as FTS5 counts each instance); idf from how many items match.
_BM25_SQL = """
WITH q AS (
    SELECT * FROM unnest(?::int[], ?::text[], ?::text[]) AS q(pos, term, upper)
), freq AS (
    SELECT q.pos, t.item_key, t.weight::float8 AS f, t.length
    FROM q JOIN item_terms t ON t.term = q.term COLLATE "C" WHERE q.upper IS NULL
    UNION ALL
    SELECT q.pos, t.item_key, sum(t.weight)::float8, max(t.length)
    FROM q JOIN item_terms t ON t.term >= q.term COLLATE "C" AND t.term < q.upper COLLATE "C"
    WHERE q.upper IS NOT NULL
    GROUP BY q.pos, t.item_key
), idf AS (
    SELECT pos, greatest(ln((tot.items - count(*) + 0.5) / (count(*) + 0.5)), 1e-6) AS idf
    FROM freq, keyword_totals tot GROUP BY pos, tot.items
), scored AS (
    SELECT freq.item_key,
           sum(idf.idf * freq.f * (? + 1.0)
               / (freq.f + ? * (1.0 - ? + ? * freq.length / greatest(tot.terms::float8 / tot.items, 1e-9))))
               AS score
    FROM freq JOIN idf USING (pos){join}, keyword_totals tot
    WHERE 1=1{where}
    GROUP BY freq.item_key
    ORDER BY score DESC, freq.item_key LIMIT ? OFFSET ?
)
SELECT i.id, s.score, i.stem, i.passage, i.choices_json, i.explanation
FROM scored s JOIN items i ON i.item_key = s.item_key
ORDER BY s.score DESC, s.item_key
"""


def keyword_search(conn: Any, query: str, filters: SearchFilters | None = None, k: int = 10,
                   offset: int = 0) -> list[SearchHit]:
    """Top ``k`` items by BM25; an empty query lists the filtered items in catalog order."""
    filters = filters or SearchFilters()
    where, params = filters.sql("i")
    terms = query_terms(query)
    if not terms:
        rows = conn.execute(
            f"SELECT i.id FROM items i WHERE 1=1{where} ORDER BY i.item_key LIMIT ? OFFSET ?",
            (*params, k, offset)).fetchall()
        return [SearchHit(id=row[0], score=0.0, rank=offset + n + 1, explain={"keyword": {}})
                for n, row in enumerate(rows)]
    join = " JOIN items i ON i.item_key = freq.item_key" if where else ""  # only filters need the item row
    rows = conn.execute(_BM25_SQL.format(where=where, join=join),
                        (list(range(len(terms))), [t.token for t in terms],
                         [_upper(t.token) if t.prefix else None for t in terms],
                         K1, K1, B, B, *params, k, offset)).fetchall()
    hits = []
    for n, row in enumerate(rows):
        text = " ".join(row[2:6])
        score = round(float(row[1]), 4)
        hits.append(SearchHit(id=row[0], score=score, rank=offset + n + 1,
                              explain={"keyword": {"bm25": score, "matched": matched_terms(text, query)}}))
    return hits
