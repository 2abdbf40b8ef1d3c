"""What FTS5's bm25() knows about the keyword index, read the way FTS5 reads it.

``engine.search.topk`` scores a few candidate items in Python and must get exactly the number SQLite's
``bm25()`` would; for that it needs the same inputs: the row count and token total (FTS5's "averages"
record, rowid 1 of ``items_fts_data``), each row's token count per column (``items_fts_docsize``) and
how many rows contain each query term (counted by FTS5 itself, as bm25() does). Term counts are cached
per state of the index: the key is the index's structure record, which FTS5 rewrites on every change.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass

_AVERAGES_ROWID = 1
_STRUCTURE_ROWID = 10
_CACHE_TERMS = 4096


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """One SQLite varint (big-endian, 7 bits a byte, the 9th byte whole) at ``at``: (value, next offset)."""
    value = 0
    for n in range(8):
        byte = data[at + n]
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            return value, at + n + 1
    return (value << 8) | data[at + 8], at + 9


def read_varints(data: bytes) -> list[int]:
    """Every varint in ``data``, in order (a docsize or averages record)."""
    values, at = [], 0
    while at < len(data):
        value, at = read_varint(data, at)
        values.append(value)
    return values


@dataclass(frozen=True)
class IndexTotals:
    """FTS5's xRowCount and xColumnTotalSize(-1): rows and tokens in the whole index."""

    rows: int
    tokens: int

    @property
    def avgdl(self) -> float:
        return float(self.tokens) / float(self.rows)


def index_totals(conn: sqlite3.Connection, table: str = "items_fts") -> tuple[IndexTotals, bytes]:
    """The index's totals and a key that changes whenever the index does (for caches)."""
    blocks = dict(conn.execute(f"SELECT id, block FROM {table}_data WHERE id IN (?, ?)",
                               (_AVERAGES_ROWID, _STRUCTURE_ROWID)).fetchall())
    averages = bytes(blocks.get(_AVERAGES_ROWID) or b"")
    values = read_varints(averages) if averages else [0]
    key = _file_identity(conn) + averages + b"|" + bytes(blocks.get(_STRUCTURE_ROWID) or b"")
    return IndexTotals(rows=values[0], tokens=sum(values[1:])), key


def _file_identity(conn: sqlite3.Connection) -> bytes:
    """Which file ``conn`` reads (path, device, inode): two banks never share cached counts."""
    path = next((row[2] for row in conn.execute("PRAGMA database_list") if row[1] == "main"), "")
    try:
        info = os.stat(path) if path else None
    except OSError:
        info = None
    ident = f"{path}|{info.st_dev}|{info.st_ino}" if info else f"{path}|{id(conn)}"
    return ident.encode("utf-8", "surrogatepass") + b"|"


def row_sizes(conn: sqlite3.Connection, rowids: list[int], table: str = "items_fts") -> dict[int, list[int]]:
    """Tokens per column for each row (FTS5's xColumnSize), from the docsize table."""
    sizes: dict[int, list[int]] = {}
    for start in range(0, len(rowids), 900):
        chunk = rowids[start:start + 900]
        for rowid, blob in conn.execute(
                f"SELECT id, sz FROM {table}_docsize WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            sizes[int(rowid)] = read_varints(bytes(blob))
    return sizes


class TermCounts:
    """Rows containing each MATCH phrase, counted by FTS5 and cached while the index is unchanged."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: bytes = b""
        self._counts: dict[str, int] = {}

    def counts(self, conn: sqlite3.Connection, key: bytes, phrases: list[str],
               table: str = "items_fts") -> list[int]:
        with self._lock:
            if key != self._key or len(self._counts) > _CACHE_TERMS:
                self._key, self._counts = key, {}
            known = dict(self._counts)
        missing = [p for p in phrases if p not in known]
        for phrase in missing:
            known[phrase] = int(conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                                             (phrase,)).fetchone()[0])
        if missing:
            with self._lock:
                if key == self._key:
                    self._counts.update({p: known[p] for p in missing})
        return [known[p] for p in phrases]
