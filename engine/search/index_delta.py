"""What one write transaction did to the keyword index, handed to the search caches when it commits.

Without this, every write (one edited item) changed the index's key and the next keyword query read
every row length and posting again (about 100 ms on a 50k bank). The SQLite catalog opens a
``KeywordWriteLog`` with each transaction and tells it every keyword row it writes or deletes. FTS5
keeps a transaction's postings in memory and writes its structure and totals only at COMMIT, so the
new state is read after COMMIT, in one read snapshot: the index's new key and totals, and the touched
rows as the write left them (tokens per column, checked against FTS5's own docsize counts). That
snapshot is this write's own only if no other connection committed since (``PRAGMA data_version``,
read just before COMMIT, is unchanged); then ``apply`` moves the posting cache and the filter masks to
the new state. The new and edited items are in the very next search.

Whenever the log cannot vouch for the rows (too many, a token FTS5 may split differently, the table
rewritten wholesale by ``itembank check --repair``), it hands over nothing: the caches then see a key
they do not hold and read again, as before.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

import numpy as np

from engine.search.fts_stats import IndexTotals, index_totals, row_sizes
from engine.search.postings import PLAIN_TOKEN, RowChange, posting_cache
from engine.search.row_masks import FilterName, filter_masks

#: rows one write may touch and still be applied row by row (a bigger import reads the index again)
MAX_DELTA_ROWS = 2000
_TABLE = "items_fts"


@dataclass(frozen=True)
class IndexDelta:
    key_before: bytes
    key_after: bytes
    totals: IndexTotals
    changes: list[RowChange]
    allowed: dict[FilterName, np.ndarray]


@dataclass
class KeywordWriteLog:
    """Keyword rows touched by one open transaction, and the index's key when it began."""

    key_before: bytes
    touched: set[int] = field(default_factory=set)
    opaque: bool = False  # the table was written some other way: no row list describes the change
    version: int | None = None  # PRAGMA data_version just before COMMIT

    @classmethod
    def begin(cls, conn: sqlite3.Connection) -> "KeywordWriteLog":
        return cls(index_totals(conn, _TABLE)[1])

    def touch(self, rowid: int) -> None:
        self.touched.add(int(rowid))

    def _worth_it(self) -> bool:
        if self.opaque or not self.touched or len(self.touched) > MAX_DELTA_ROWS:
            return False
        # nothing cached for the old state: nothing to bring forward
        return posting_cache().holds(self.key_before) or bool(filter_masks().names(self.key_before))

    def seal(self, conn: sqlite3.Connection) -> None:
        """Just before COMMIT (the write lock still held): note which commits this connection has seen."""
        if self._worth_it():
            self.version = _data_version(conn)

    def capture(self, conn: sqlite3.Connection) -> IndexDelta | None:
        """After COMMIT: the delta to apply, read in one snapshot; None: nothing to hand over."""
        if self.version is None or not self._worth_it():
            return None
        rowids = sorted(self.touched)
        conn.execute("BEGIN")
        try:
            totals, key_after = index_totals(conn, _TABLE)
            if _data_version(conn) != self.version:
                return None  # another connection committed too: this snapshot is not our write's alone
            changes = _rows_now(conn, rowids)
            if changes is None:
                return None
            allowed = filter_masks().rows_allowed(conn, self.key_before, rowids)
        finally:
            conn.execute("COMMIT")
        return IndexDelta(self.key_before, key_after, totals, changes, allowed)


def _data_version(conn: sqlite3.Connection) -> int:
    """Changes committed by other connections, as this one has seen them (its own commits do not count)."""
    return int(conn.execute("PRAGMA data_version").fetchone()[0])


def _rows_now(conn: sqlite3.Connection, rowids: list[int]) -> list[RowChange] | None:
    """Each touched row's tokens per column as the index holds them now (None for a removed row)."""
    sizes = row_sizes(conn, rowids, _TABLE)
    found: dict[int, tuple[tuple[str, ...], ...]] = {}
    for start in range(0, len(rowids), 900):
        chunk = rowids[start:start + 900]
        for row in conn.execute(f"SELECT rowid, stem, passage, choices, explanation, meta FROM {_TABLE} "
                                f"WHERE rowid IN ({','.join('?' * len(chunk))})", chunk):
            columns = tuple(tuple(str(text or "").split()) for text in row[1:])
            size = sizes.get(int(row[0]))
            if size is None or [len(c) for c in columns] != size:
                return None  # FTS5 counted other tokens than the text's words
            if not all(PLAIN_TOKEN.fullmatch(token) for tokens in columns for token in tokens):
                return None
            found[int(row[0])] = columns
    if set(sizes) != set(found):
        return None
    return [RowChange(rowid, found.get(rowid)) for rowid in rowids]


def apply(delta: IndexDelta | None) -> None:
    """Bring the caches that held the state before the write to the state after it."""
    if delta is None:
        return
    try:
        posting_cache().advance(delta.key_before, delta.key_after, delta.changes, delta.totals)
        filter_masks().advance(delta.key_before, delta.key_after, [c.rowid for c in delta.changes], delta.allowed)
    except (ValueError, IndexError, TypeError):  # the write has committed: never fail it, read afresh instead
        posting_cache().clear()
        filter_masks().clear()
