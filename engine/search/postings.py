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

Ties go to the lower rowid, as ``ORDER BY bm25, rowid``. A metadata filter keeps the rows of its mask
(``engine.search.row_masks``): bm25() of a filtered query is the same global score, only fewer rows.
``None`` means "ask SQLite" (an open transaction, a term outside the plain token set, counts that do not
agree with FTS5's).

A write of this program does not throw the cache away: ``PostingCache.advance`` applies the rows it
changed (``engine.search.index_delta``) and moves the cache to the index's new key, so the next query
reads nothing again; a write it was not told about (another program) changes the key and resets it.
"""

from __future__ import annotations

import math
import re
import sqlite3
import threading
from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from engine.search.filters import SearchFilters
from engine.search.fts_stats import IndexTotals, index_totals, read_varints
from engine.search.int_lists import parse_integers
from engine.search.row_masks import allowed_rows, filter_masks
from engine.search.tokens import QueryTerm

K1 = 1.2
B = 0.75
_COLUMNS = ("stem", "passage", "choices", "explanation", "meta")
_VOCAB = "itembank_fts_instances"
#: instances (term occurrences) kept in the cache at most, over all terms
MAX_CACHED_INSTANCES = 3_000_000
# Tokens FTS5's unicode61 tokenizer keeps whole, as Python sees them (see engine.search.topk)
PLAIN_TOKEN = re.compile(r"[0-9a-z]+|[\uac00-\ud7a3\u3400-\u4db5\u4e00-\u9fcc]+")
_PLAIN_TOKEN = PLAIN_TOKEN


@dataclass(frozen=True)
class Posting:
    """Rows holding one term (ascending rowids) and how often it occurs in each column of each."""

    rows: np.ndarray    # int64, ascending
    counts: np.ndarray  # uint16 (int32 for a row with 65,536+ instances in a column), shape (len(rows), columns)
    instances: int


def _counts_array(values, width: int) -> np.ndarray:
    """Instances per row and column in the smallest type that holds them (the cache's largest array)."""
    array = np.asarray(values, dtype=np.int64).reshape(-1, width)
    return array.astype(np.uint16 if int(array.max(initial=0)) <= np.iinfo(np.uint16).max else np.int32)


@dataclass(frozen=True)
class _Lengths:
    rowids: np.ndarray  # int64 ascending, every row of the index
    tokens: np.ndarray  # float64: the row's token total (xColumnSize(-1))


@dataclass(frozen=True)
class RowChange:
    """One row of the keyword index as a committed write left it: its tokens per column, None if removed."""

    rowid: int
    columns: tuple[tuple[str, ...], ...] | None


def _column_counts(columns: tuple[tuple[str, ...], ...]) -> dict[str, list[int]]:
    """Instances of each token of a row, per column."""
    found: dict[str, list[int]] = {}
    for n, tokens in enumerate(columns):
        for token in tokens:
            found.setdefault(token, [0] * len(columns))[n] += 1
    return found


def _term_counts(name: str, counts: dict[str, list[int]], width: int) -> list[int]:
    """Per column, the instances of the cached term ``name`` ("=tok" or "*prefix") in one row."""
    token = name[1:]
    if name[0] == "=":
        return counts.get(token, [0] * width)
    total = [0] * width
    for candidate, per_column in counts.items():
        if candidate.startswith(token):
            total = [a + b for a, b in zip(total, per_column)]
    return total


def _without(rows: np.ndarray, touched: np.ndarray) -> np.ndarray:
    """Positions in ``rows`` (ascending) of the rowids in ``touched`` (ascending)."""
    at = np.searchsorted(rows, touched)
    inside = at < len(rows)
    at = at[inside]
    return at[rows[at] == touched[inside]]


def _advance_posting(name: str, posting: Posting, touched: np.ndarray,
                     present: list[tuple[int, dict[str, list[int]]]]) -> Posting:
    """The posting after the write: the touched rows removed, then added again as they are now."""
    rows, counts = posting.rows, posting.counts
    gone = _without(rows, touched)
    if len(gone):
        rows, counts = np.delete(rows, gone), np.delete(counts, gone, axis=0)
    added = [(rowid, found) for rowid, per_row in present
             if any(found := _term_counts(name, per_row, counts.shape[1]))]
    if added:
        new_rows = np.array([rowid for rowid, _ in added], dtype=np.int64)
        at = np.searchsorted(rows, new_rows)
        rows = np.insert(rows, at, new_rows)
        new_counts = _counts_array([found for _, found in added], counts.shape[1])
        if new_counts.dtype != counts.dtype:
            counts, new_counts = counts.astype(np.int32), new_counts.astype(np.int32)
        counts = np.insert(counts, at, new_counts, axis=0)
    if not len(gone) and not added:
        return posting
    return Posting(rows, counts, int(counts.sum()))


def _advance_lengths(lengths: _Lengths, touched: np.ndarray, present: list[RowChange]) -> _Lengths:
    gone = _without(lengths.rowids, touched)
    rowids, tokens = np.delete(lengths.rowids, gone), np.delete(lengths.tokens, gone)
    if present:
        new_rows = np.array([c.rowid for c in present], dtype=np.int64)
        sizes = np.array([float(sum(len(col) for col in c.columns or ())) for c in present], dtype=np.float64)
        at = np.searchsorted(rowids, new_rows)
        rowids, tokens = np.insert(rowids, at, new_rows), np.insert(tokens, at, sizes)
    return _Lengths(rowids, tokens)


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

    def clear(self) -> None:
        """Forget everything (a fresh process: the next query reads lengths and postings again)."""
        with self._lock:
            self._key, self._postings, self._instances, self._lengths = b"", OrderedDict(), 0, None

    def holds(self, key: bytes) -> bool:
        """Whether anything is cached for the index state ``key`` (a write worth telling about)."""
        with self._lock:
            return key == self._key and (self._lengths is not None or bool(self._postings))

    def nbytes(self) -> dict[str, int]:
        """Bytes of the cached numpy arrays: what the cache costs in memory."""
        with self._lock:
            postings = sum(p.rows.nbytes + p.counts.nbytes for p in self._postings.values())
            lengths = 0 if self._lengths is None else self._lengths.rowids.nbytes + self._lengths.tokens.nbytes
            return {"postings": postings, "lengths": lengths, "terms": len(self._postings),
                    "instances": self._instances}

    def advance(self, key_before: bytes, key_after: bytes, changes: list[RowChange], totals: IndexTotals) -> bool:
        """Apply one committed write's rows to a cache that held the state before it; False: not held.

        Idempotent per row (a touched row is removed, then added as it is now), so a posting read while
        the write committed is right either way. Row count and token total must then be FTS5's own
        (``totals``, read in the snapshot right after the commit): a cache that disagrees is dropped.
        """
        touched = np.array(sorted({c.rowid for c in changes}), dtype=np.int64)
        present = [c for c in changes if c.columns is not None]
        per_row = [(c.rowid, _column_counts(c.columns)) for c in present if c.columns is not None]
        with self._lock:
            if self._key != key_before:
                return False
            postings = OrderedDict((name, _advance_posting(name, posting, touched, per_row))
                                   for name, posting in self._postings.items())
            lengths = None if self._lengths is None else _advance_lengths(self._lengths, touched, present)
            if lengths is not None and (len(lengths.rowids) != totals.rows
                                        or float(lengths.tokens.sum()) != float(totals.tokens)):
                self._key, self._postings, self._instances, self._lengths = key_after, OrderedDict(), 0, None
                return False
            self._key, self._postings, self._lengths = key_after, postings, lengths
            self._instances = sum(p.instances for p in postings.values())
            return True

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
        return Posting(np.zeros(0, np.int64), np.zeros((0, len(_COLUMNS)), np.uint16), 0)
    codes, times = np.unique(parse_integers(text), return_counts=True)
    docs, cols = codes >> 3, codes & 7
    if cols.max() >= len(_COLUMNS):
        raise sqlite3.DatabaseError("fts5vocab named a column the keyword index does not have")
    rows, inverse = np.unique(docs, return_inverse=True)
    counts = np.zeros((len(rows), len(_COLUMNS)), dtype=np.int64)
    counts[inverse, cols] = times
    counts = _counts_array(counts, len(_COLUMNS))
    return Posting(rows, counts, int(times.sum()))


def _read_lengths(conn: sqlite3.Connection, table: str) -> _Lengths:
    """Every row's token total from the docsize records (varints; a byte below 0x80 is a whole one).

    Three strings from one statement (rowids, blob sizes, every blob in hex) instead of a Python tuple
    per row: the first query after opening a 50k bank spent most of its time building those tuples."""
    ids, lens, hexed = conn.execute(
        f"SELECT group_concat(id, ' '), group_concat(length(sz), ' '), group_concat(hex(sz), '') "
        f"FROM (SELECT id, sz FROM {table}_docsize ORDER BY id)").fetchone()
    if not ids:
        return _Lengths(np.zeros(0, np.int64), np.zeros(0, np.float64))
    rowids, sizes = parse_integers(ids), parse_integers(lens)
    data = np.frombuffer(bytes.fromhex(hexed or ""), dtype=np.uint8)
    if len(rowids) > 1 and not bool(np.all(np.diff(rowids) > 0)):
        raise sqlite3.DatabaseError("docsize rows did not come in rowid order")
    starts = np.concatenate(([0], np.cumsum(sizes)[:-1]))
    blobs = _Blobs(data, starts, sizes)
    tokens = np.zeros(len(rowids), dtype=np.int64)
    nonempty = sizes > 0
    tokens[nonempty] = np.add.reduceat(data.astype(np.int64), starts[nonempty])
    long_rows = np.flatnonzero(np.logical_or.reduceat(data >= 0x80, starts[nonempty]))
    for n in np.flatnonzero(nonempty)[long_rows]:  # a column of 128 tokens or more: decode it properly
        tokens[n] = sum(read_varints(blobs[n]))
    return _Lengths(rowids, tokens.astype(np.float64))


@dataclass(frozen=True)
class _Blobs:
    """The docsize blobs as slices of one byte array."""

    data: np.ndarray
    starts: np.ndarray
    sizes: np.ndarray

    def __getitem__(self, n: int) -> bytes:
        start = int(self.starts[n])
        return self.data[start:start + int(self.sizes[n])].tobytes()


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
               table: str = "items_fts", filters: SearchFilters | None = None) -> list[tuple[int, float]] | None:
    """The ``wanted`` best (rowid, bm25) for the OR of ``terms``, by (bm25, rowid); None: ask SQLite.

    ``filters`` keeps only the items they allow (the rows of ``items`` that ``filters.sql`` selects)."""
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
    mask = None if filters is None or filters.is_empty() else filter_masks().mask(conn, key, filters)
    postings = [cache.posting(conn, key, term, table) for term in terms]
    if mask is not None:  # bm25() still counts every row (idf, avgdl); only the rows scored are fewer
        kept = [allowed_rows(mask, p.rows) for p in postings]
        parts = [(p.rows[keep], p.counts[keep], len(p.rows)) for p, keep in zip(postings, kept)]
    else:
        parts = [(p.rows, p.counts, len(p.rows)) for p in postings]
    union = np.unique(np.concatenate([rows for rows, _, _ in parts]))
    if not len(union):
        return []
    at = np.searchsorted(lengths.rowids, union)
    if at.max() >= len(lengths.rowids) or not np.array_equal(lengths.rowids[at], union):
        return None  # a row of the postings without a docsize entry: not FTS5's own state
    norm = K1 * ((1 - B) + (B * lengths.tokens[at]) / totals.avgdl)
    score = np.zeros(len(union), dtype=np.float64)
    for rows, counts, having in parts:
        idf = _idf(totals.rows, having)
        freq = np.zeros(len(union), dtype=np.float64)
        freq[np.searchsorted(union, rows)] = _freq(counts, weights)
        score = score + idf * ((freq * (K1 + 1.0)) / (freq + norm))
    bm25 = -1.0 * score
    if len(union) > wanted:
        kth = np.partition(bm25, wanted - 1)[wanted - 1]
        keep = np.flatnonzero(bm25 <= kth)
    else:
        keep = np.arange(len(union))
    order = keep[np.lexsort((union[keep], bm25[keep]))][:wanted]
    return [(int(union[n]), float(bm25[n])) for n in order]
