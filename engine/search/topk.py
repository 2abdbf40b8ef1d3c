"""The top k items by FTS5 bm25() without scoring every item that shares a common bigram.

A query is an OR of terms, so a bigram found in half the bank ("합성" in every "합성 데이터" source, the
"설명" of every "설명으로 옳은 것은") makes SQLite score tens of thousands of rows to keep ten. Yet a term's
part of the score is below ``idf × (k1 + 1)`` (BM25 saturates), so when the common terms together cannot
reach the k-th best score, an item that has only common terms cannot enter the top k (MaxScore):

1. the most common terms whose bounds together stay below half a rare term's bound are "non-essential";
   SQLite ranks the items having an essential term by the essential terms alone (far fewer rows);
2. the best of those, scored exactly, give a floor ``θ`` for the answer; if the non-essential bounds sum
   below ``θ``, an item with only common terms cannot reach it, and every item whose essential score
   plus that sum reaches ``θ`` is scored exactly;
3. those exact scores are what ``bm25()`` computes — same inputs (``engine.search.fts_stats``), same
   arithmetic in the same order — so the answer and its order are exactly the full query's.

Whenever a step cannot promise that (too many items near the floor, a row whose tokens do not add up to
FTS5's count, a write transaction open on the connection), ``None`` says "run the full query".
"""

from __future__ import annotations

import math
import re
import sqlite3
from dataclasses import dataclass

from engine.search.fts_stats import TermCounts, index_totals, row_sizes
from engine.search.tokens import QueryTerm

K1 = 1.2
B = 0.75
#: most items scored exactly in Python before the full query is cheaper
MAX_CONTENDERS = 600
_HEAD_EXTRA = 10
_MARGIN = 1e-9


@dataclass(frozen=True)
class RankedRow:
    rowid: int
    bm25: float  # bm25() as SQLite returns it (negative; lower is better)


@dataclass(frozen=True)
class _Query:
    terms: list[QueryTerm]
    idf: list[float]
    weights: tuple[float, ...]
    avgdl: float


_COUNTS = TermCounts()
# Tokens FTS5's unicode61 tokenizer (Unicode 6.1 tables) keeps whole, as Python counts them; a term with
# any other character takes the full query.
_PLAIN_TOKEN = re.compile(r"[0-9a-z]+|[\uac00-\ud7a3\u3400-\u4db5\u4e00-\u9fcc]+")


def _term_counts() -> TermCounts:
    return _COUNTS


def _idf(rows: int, hits: int) -> float:
    value = math.log((float(rows - hits) + 0.5) / (float(hits) + 0.5))
    return value if value > 0.0 else 1e-6


def exact_bm25(query: _Query, columns: list[list[str]], total_tokens: int) -> float:
    """bm25() for one row, computed as fts5Bm25Function does (instances summed column by column)."""
    score = 0.0
    length_norm = 1 - B + B * float(total_tokens) / query.avgdl
    for term, idf in zip(query.terms, query.idf):
        freq = 0.0
        for weight, tokens in zip(query.weights, columns):
            hits = (sum(1 for t in tokens if t.startswith(term.token)) if term.prefix
                    else tokens.count(term.token))
            for _ in range(hits):
                freq += weight
        score += idf * ((freq * (K1 + 1.0)) / (freq + K1 * length_norm))
    return -1.0 * score


def _exact_scores(conn: sqlite3.Connection, query: _Query, rowids: list[int]) -> dict[int, float] | None:
    """bm25() of each row, or None when a row's tokens differ from FTS5's own count."""
    sizes = row_sizes(conn, rowids)
    scores: dict[int, float] = {}
    for start in range(0, len(rowids), 900):
        chunk = rowids[start:start + 900]
        for row in conn.execute("SELECT rowid, stem, passage, choices, explanation, meta FROM items_fts "
                                f"WHERE rowid IN ({','.join('?' * len(chunk))})", chunk):
            columns = [str(text).split() for text in row[1:]]
            size = sizes.get(int(row[0]))
            if size is None or [len(c) for c in columns] != size[:len(columns)] or len(size) != len(columns):
                return None
            scores[int(row[0])] = exact_bm25(query, columns, sum(size))
    return scores if len(scores) == len(set(rowids)) else None


def ranked_rows(conn: sqlite3.Connection, expression: str, weights: str, where: str, params: list,
                limit: int, offset: int = 0) -> list[RankedRow]:
    """Rows matching ``expression`` by (bm25, rowid): the full query. Only rowids go through SQLite's
    sorter (the texts of the page are read afterwards), and ``items`` is joined only to filter."""
    join = " JOIN items i ON i.item_key = items_fts.rowid" if where else ""
    rows = conn.execute(
        f"SELECT items_fts.rowid, bm25(items_fts, {weights}) AS r FROM items_fts{join} "
        f"WHERE items_fts MATCH ?{where} ORDER BY r, items_fts.rowid LIMIT ? OFFSET ?",
        (expression, *params, limit, offset)).fetchall()
    return [RankedRow(int(r[0]), float(r[1])) for r in rows]


def _non_essential(bound: list[float]) -> list[int]:
    """The most common terms, while their bounds together stay below half the rarest term's bound.

    The best items nearly always score about one rare term's bound or more, so this set can usually be
    left out of the ranking; whether it really can is checked against the scores afterwards.
    """
    limit = 0.5 * max(bound)
    chosen: list[int] = []
    total = 0.0
    for i in sorted(range(len(bound)), key=lambda n: (bound[n], n)):
        if total + bound[i] > limit:
            break
        chosen.append(i)
        total += bound[i]
    return chosen


def pruned_top(conn: sqlite3.Connection, terms: list[QueryTerm], weights: tuple[float, ...], wanted: int,
               where: str = "", params: list | None = None) -> list[RankedRow] | None:
    """The ``wanted`` best rows for the OR of ``terms``, ordered by (bm25, rowid); None: use the full query.

    ``where``/``params`` is a filter on ``items i`` (``SearchFilters.sql("i")``).
    """
    params = params or []
    if conn.in_transaction or len(terms) < 2 or wanted < 1:
        return None
    if not all(_PLAIN_TOKEN.fullmatch(t.token) for t in terms):
        return None
    totals, key = index_totals(conn)
    if totals.rows <= 0:
        return None
    phrases = [t.fts() for t in terms]
    counts = _term_counts().counts(conn, key, phrases)
    query = _Query(terms, [_idf(totals.rows, n) for n in counts], weights, totals.avgdl)
    bound = [idf * (K1 + 1.0) * (1.0 + _MARGIN) for idf in query.idf]
    common = _non_essential(bound)
    if not common:
        return None
    common_total = sum(bound[i] for i in common)
    essential = [i for i in range(len(terms)) if i not in common]
    ranked = ranked_rows(conn, " OR ".join(phrases[i] for i in essential), ", ".join(str(w) for w in weights),
                     where, params, MAX_CONTENDERS + 1)
    if len(ranked) < wanted:
        return None  # items with common terms only would be in the answer
    # the floor: the wanted-th best exact score among the best rows by the essential terms
    head = _exact_scores(conn, query, [r.rowid for r in ranked[:wanted + _HEAD_EXTRA]])
    if head is None:
        return None
    floor = sorted((-s for s in head.values()), reverse=True)[wanted - 1]
    if common_total >= floor * (1.0 - _MARGIN):
        return None  # an item with only common terms could still reach the answer
    cutoff = floor - common_total - _MARGIN * max(1.0, floor)
    contenders = [r.rowid for r in ranked if -r.bm25 >= cutoff]
    if len(contenders) > MAX_CONTENDERS:
        return None
    rest = _exact_scores(conn, query, [rowid for rowid in contenders if rowid not in head])
    if rest is None:
        return None
    scores = {**head, **rest}
    best = sorted(((scores[rowid], rowid) for rowid in contenders), key=lambda pair: pair)[:wanted]
    if len(best) < wanted or -best[-1][0] < floor * (1.0 - _MARGIN):
        return None
    return [RankedRow(rowid, score) for score, rowid in best]
