"""The OR-of-terms BM25 ranking scored in numpy from cached postings, exactly as FTS5's bm25() scores it.

The profile of the keyword search: nearly all its time is SQLite running ``bm25()`` for every row of a
big OR-union (each common bigram is in thousands of items), row by row, loading every phrase's position
list. What bm25() needs of a row is small: per query term, how many times it occurs in each column (a
phrase of one token; a prefix term counts every token it starts), and the row's token total. This module
reads those per term once from FTS5's own ``fts5vocab`` instance table, keeps them while the index is
unchanged (the key of ``engine.search.fts_stats.index_totals``, rewritten by FTS5 on every change), and
scores the union of a query's terms in numpy with the same IEEE operations in the same order as
``fts5Bm25Function``:

* ``freq`` of a term in a row: 0.0 plus the column's weight once per instance, columns in order;
* ``score`` = sum over the terms in query order of ``idf × ((freq × (k1 + 1)) / (freq + k1 × (1 − b + b × D / avgdl)))``,
  the row's bm25 being ``-1.0 × score``; ``idf`` from the number of rows having the term.

Ties go to the lower rowid, as ``ORDER BY bm25, rowid``. ``None`` means "ask SQLite" (a filter, an open
transaction, a term outside the plain token set, counts that do not agree with FTS5's).
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from engine.search.fts_stats import index_totals, read_varints
from engine.search.tokens import QueryTerm

K1 = 1.2
B = 0.75
_COLUMNS = ("stem", "passage", "choices", "explanation", "meta")
_VOCAB = "itembank_fts_instances"
#: instances (term occurrences) kept in the cache at most, over all terms
MAX_CACHED_INSTANCES = 3_000_000
# Tokens FTS5's unicode61 tokenizer keeps whole, as Python sees them (see engine.search.topk)
_PLAIN_TOKEN = re.compile(r"[0-9a-z]+|[\uac00-\ud7a3\u3400-\u4db5\u4e00-\u9fcc]+")


@dataclass(frozen=True)
class Posting:
    """Rows holding one term (ascending rowids) and how often it occurs in each column of each."""

    rows: np.ndarray    # int64, ascending
    counts: np.ndarray  # int32, shape (len(rows), columns)
    instances: int


@dataclass(frozen=True)
class _Lengths:
    rowids: np.ndarray  # int64 ascending, every row of the index
    tokens: np.ndarray  # float64: the row's token total (xColumnSize(-1))


class PostingCache:
    """Postings and row lengths of the keyword index, valid while its key is unchanged."""

    def __init__(self, max_instances: int = MAX_CACHED_INSTANCES) -> None:
        self._lock = threading.Lock()
        self._key: bytes = b""
        self._postings: OrderedDict[str, Posting] = OrderedDict()
        self._instances = 0
        self._lengths: _Lengths | None = None
        self.max_instances = max_instances

    def _reset_if(self, key: bytes) -> None:
        if key != self._key:
            self._key, self._postings, self._instances, self._lengths = key, OrderedDict(), 0, None

    def lengths(self, conn: sqlite3.Connection, key: bytes, table: str) -> _Lengths:
        with self._lock:
            self._reset_if(key)
            if self._lengths is not None:
                return self._lengths
        lengths = _read_lengths(conn, table)
        with self._lock:
            if key == self._key:
                self._lengths = lengths
        return lengths

    def posting(self, conn: sqlite3.Connection, key: bytes, term: QueryTerm, table: str) -> Posting:
        name = ("*" if term.prefix else "=") + term.token
        with self._lock:
            self._reset_if(key)
            found = self._postings.get(name)
            if found is not None:
                self._postings.move_to_end(name)
                return found
        found = _read_posting(conn, term, table)
        with self._lock:
            if key == self._key and name not in self._postings:
                self._postings[name] = found
                self._instances += found.instances
                while self._instances > self.max_instances and len(self._postings) > 1:
                    _, old = self._postings.popitem(last=False)
                    self._instances -= old.instances
        return found


def _read_posting(conn: sqlite3.Connection, term: QueryTerm, table: str) -> Posting:
    conn.execute(f"CREATE VIRTUAL TABLE IF NOT EXISTS temp.{_VOCAB} USING fts5vocab(main, {table}, instance)")
    # one string of doc × 8 + column per instance: SQLite walks the instances, Python splits one string
    code = " + CASE col " + " ".join(f"WHEN '{name}' THEN {n}" for n, name in enumerate(_COLUMNS)) + " ELSE 7 END"
    select = f"SELECT group_concat(doc * 8{code}, ' ') FROM temp.{_VOCAB} WHERE "
    if term.prefix:
        upper = term.token[:-1] + chr(ord(term.token[-1]) + 1)
        text = conn.execute(select + "term >= ? AND term < ?", (term.token, upper)).fetchone()[0]
    else:
        text = conn.execute(select + "term = ?", (term.token,)).fetchone()[0]
    if not text:
        return Posting(np.zeros(0, np.int64), np.zeros((0, len(_COLUMNS)), np.int32), 0)
    codes, times = np.unique(np.array(text.split(), dtype=np.int64), return_counts=True)
    docs, cols = codes >> 3, codes & 7
    if cols.max() >= len(_COLUMNS):
        raise sqlite3.DatabaseError("fts5vocab named a column the keyword index does not have")
    rows, inverse = np.unique(docs, return_inverse=True)
    counts = np.zeros((len(rows), len(_COLUMNS)), dtype=np.int32)
    counts[inverse, cols] = times
    return Posting(rows, counts, int(times.sum()))


def _read_lengths(conn: sqlite3.Connection, table: str) -> _Lengths:
    """Every row's token total from the docsize records (varints; a byte below 0x80 is a whole one)."""
    found = conn.execute(f"SELECT id, sz FROM {table}_docsize ORDER BY id").fetchall()
    rowids = np.fromiter((r[0] for r in found), dtype=np.int64, count=len(found))
    blobs = [bytes(r[1]) for r in found]
    sizes = np.fromiter((len(b) for b in blobs), dtype=np.int64, count=len(blobs))
    if not len(blobs):
        return _Lengths(rowids, np.zeros(0, np.float64))
    data = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    tokens = np.zeros(len(blobs), dtype=np.int64)
    nonempty = sizes > 0
    tokens[nonempty] = np.add.reduceat(data.astype(np.int64), starts[nonempty])
    long_rows = np.flatnonzero(np.logical_or.reduceat(data >= 0x80, starts[nonempty]))
    for n in np.flatnonzero(nonempty)[long_rows]:  # a column of 128 tokens or more: decode it properly
        tokens[n] = sum(read_varints(blobs[n]))
    return _Lengths(rowids, tokens.astype(np.float64))


_CACHE = PostingCache()


def posting_cache() -> PostingCache:
    return _CACHE


def _idf(rows: int, hits: int) -> float:
    value = math.log((float(rows - hits) + 0.5) / (float(hits) + 0.5))
    return value if value > 0.0 else 1e-6


def _freq(counts: np.ndarray, weights: tuple[float, ...]) -> np.ndarray:
    """0.0 plus each column's weight once per instance, columns in order: bm25()'s aFreq, bit for bit."""
    freq = np.zeros(len(counts), dtype=np.float64)
    for column, weight in enumerate(weights[:counts.shape[1]]):
        times = counts[:, column]
        for n in range(int(times.max(initial=0))):
            freq = np.where(times > n, freq + weight, freq)
    return freq


def scored_top(conn: sqlite3.Connection, terms: list[QueryTerm], weights: tuple[float, ...], wanted: int,
               table: str = "items_fts") -> list[tuple[int, float]] | None:
    """The ``wanted`` best (rowid, bm25) for the OR of ``terms``, by (bm25, rowid); None: ask SQLite."""
    if conn.in_transaction or not terms or wanted < 1:
        return None
    if not all(_PLAIN_TOKEN.fullmatch(t.token) for t in terms):
        return None
    if len(weights) != len(_COLUMNS):
        return None
    totals, key = index_totals(conn, table)
    if totals.rows <= 0:
        return None
    cache = posting_cache()
    lengths = cache.lengths(conn, key, table)
    if len(lengths.rowids) != totals.rows:
        return None
    postings = [cache.posting(conn, key, term, table) for term in terms]
    union = np.unique(np.concatenate([p.rows for p in postings]))
    if not len(union):
        return []
    at = np.searchsorted(lengths.rowids, union)
    if at.max() >= len(lengths.rowids) or not np.array_equal(lengths.rowids[at], union):
        return None  # a row of the postings without a docsize entry: not FTS5's own state
    norm = K1 * ((1 - B) + (B * lengths.tokens[at]) / totals.avgdl)
    score = np.zeros(len(union), dtype=np.float64)
    for posting in postings:
        idf = _idf(totals.rows, len(posting.rows))
        freq = np.zeros(len(union), dtype=np.float64)
        freq[np.searchsorted(union, posting.rows)] = _freq(posting.counts, weights)
        score = score + idf * ((freq * (K1 + 1.0)) / (freq + norm))
    bm25 = -1.0 * score
    if len(union) > wanted:
        kth = np.partition(bm25, wanted - 1)[wanted - 1]
        keep = np.flatnonzero(bm25 <= kth)
    else:
        keep = np.arange(len(union))
    order = keep[np.lexsort((union[keep], bm25[keep]))][:wanted]
    return [(int(union[n]), float(bm25[n])) for n in order]
