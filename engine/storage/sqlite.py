"""The embedded backend: one SQLite file (WAL) per bank, figures as files, one usearch file per profile.

The keyword index is an FTS5 table of pre-tokenised text (``engine.search.tokens``); the schema is
versioned by ``PRAGMA user_version`` (``engine.catalog.schema``).
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.catalog.assets import AssetStore, AssetWriteLog
from engine.catalog.catalog import CatalogError, SqlCatalog
from engine.catalog.schema import SCHEMA_VERSION, migrate
from engine.index.usearch_store import UsearchVectorStore
from engine.items import Item
from engine.paths import BankPaths
from engine.search.filters import SearchFilters
from engine.search.keyword import keyword_search
from engine.search.results import SearchHit


class SqliteCatalog(SqlCatalog):
    """The embedded default: one SQLite file per bank, figures as files, usearch files per profile."""

    backend = "sqlite"

    def __init__(self, paths: BankPaths, *, create: bool = True) -> None:
        self.paths = paths
        if not paths.catalog.exists() and not create:
            raise CatalogError(f"no item bank at {paths.root}; create one with `itembank init` "
                               "(or `itembank init --sample` for the sample bank)")
        paths.root.mkdir(parents=True, exist_ok=True)
        self.assets = AssetStore(paths.assets)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        migrate(self.connection)
        self.vectors = UsearchVectorStore(self)

    @property
    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.paths.catalog, isolation_level=None, timeout=30)
                conn.execute("PRAGMA journal_mode = WAL")
            except sqlite3.DatabaseError as exc:
                raise CatalogError(f"{self.paths.catalog}: not a readable itembank catalog ({exc}); "
                                   "restore it from a backup or move it away") from exc
            conn.execute("PRAGMA foreign_keys = ON")
            conn.execute("PRAGMA synchronous = NORMAL")
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self, log: AssetWriteLog | None = None) -> Iterator[sqlite3.Connection]:
        """All-or-nothing write. Asset files created under ``log`` are removed on rollback."""
        with self._write_lock:
            conn = self.connection
            conn.execute("BEGIN IMMEDIATE")
            try:
                yield conn
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                if log is not None:
                    log.discard()
                raise

    def close(self) -> None:
        conn = getattr(self._local, "conn", None)
        if conn is not None:
            conn.close()
            self._local.conn = None

    @property
    def schema_version(self) -> int:
        return SCHEMA_VERSION


    def keyword_search(self, query: str, filters: SearchFilters | None = None, k: int = 10,
                       offset: int = 0) -> list[SearchHit]:
        return keyword_search(self.connection, query, filters, k, offset)

    def _index_keywords(self, conn: sqlite3.Connection, key: int, item: Item) -> None:
        conn.execute("INSERT INTO items_fts (rowid, stem, passage, choices, explanation, meta) "
                     "VALUES (?,?,?,?,?,?)", (key, *self.keyword_fields(item)))

    def _unindex_keywords(self, conn: sqlite3.Connection, key: int) -> None:
        conn.execute("DELETE FROM items_fts WHERE rowid = ?", (key,))


def open_sqlite_catalog(data_dir: str | Path | None = None, *, create: bool = True) -> SqliteCatalog:
    return SqliteCatalog(BankPaths.resolve(data_dir), create=create)
