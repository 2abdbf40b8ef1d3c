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

from engine.i18n import _t
from engine.catalog.assets import AssetStore, AssetWriteLog
from engine.catalog.catalog import (CatalogBusyError, CatalogDamagedError, CatalogError, SqlCatalog,
                                    busy_message)
from engine.catalog.schema import SCHEMA_VERSION, migrate
from engine.storage.keyword_refresh import refresh_keyword_index
from engine.index.usearch_store import UsearchVectorStore
from engine.items import Item
from engine.paths import BankPaths
from engine.search import index_delta
from engine.search.filters import SearchFilters
from engine.search.keyword import keyword_search
from engine.search.results import SearchHit


_LOCKED = ("database is locked", "database is busy", "database table is locked")
_DAMAGED = ("malformed", "file is not a database", "not a database", "file is encrypted", "database corrupt")


def is_lock_error(exc: BaseException) -> bool:
    """True for SQLite's "database is locked/busy": another connection held the write lock too long."""
    return isinstance(exc, sqlite3.OperationalError) and any(t in str(exc).lower() for t in _LOCKED)


def is_damage_error(exc: BaseException) -> bool:
    """True for SQLite's own report of a damaged file (not a database, a malformed page or schema)."""
    return (isinstance(exc, sqlite3.DatabaseError) and not isinstance(exc, sqlite3.IntegrityError)
            and any(t in str(exc).lower() for t in _DAMAGED))


def sqlite_failure(exc: sqlite3.Error, catalog: Path) -> CatalogError:
    """The engine's error for a SQLite failure on ``catalog`` (the bank's catalog file, never a temp copy).

    A lock is ``Busy`` (try again later, nothing is wrong); only a damaged file is ``Damaged`` and gets
    the backup advice; anything else names the file and says what SQLite said.
    """
    if is_lock_error(exc):
        return CatalogBusyError(busy_message(catalog))
    if is_damage_error(exc):
        return CatalogDamagedError(_t("{catalog}: the catalog file is damaged ({exc}); restore it from a backup "
                                      "(`itembank restore`) or move it away").format(
                                       catalog=catalog, exc=exc))
    return CatalogError(_t("{catalog}: the catalog cannot be used ({exc}); check that the data folder is "
                           "writable and the disk is not full").format(
                            catalog=catalog, exc=exc))


class SqliteCatalog(SqlCatalog):
    """The embedded default: one SQLite file per bank, figures as files, usearch files per profile."""

    backend = "sqlite"
    #: seconds a write waits for another connection's write lock before failing with ``CatalogBusyError``
    busy_timeout: float = 30.0

    def __init__(self, paths: BankPaths, *, create: bool = True) -> None:
        self.paths = paths
        if not paths.catalog.exists() and not create:
            raise CatalogError(_t("no item bank at {root}; create one with `itembank init` (or `itembank init "
                                  "--sample` for the sample bank)").format(
                                   root=paths.root))
        paths.root.mkdir(parents=True, exist_ok=True)
        self.assets = AssetStore(paths.assets)
        self._local = threading.local()
        self._write_lock = threading.RLock()
        try:
            migrate(self.connection)
            refresh_keyword_index(self)
        except sqlite3.Error as exc:
            if is_lock_error(exc) or is_damage_error(exc):
                raise sqlite_failure(exc, self.paths.catalog) from exc
            raise  # a broken migration is a bug, not the user's file
        self.vectors = UsearchVectorStore(self)

    @property
    def connection(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            try:
                conn = sqlite3.connect(self.paths.catalog, isolation_level=None, timeout=self.busy_timeout)
                conn.execute("PRAGMA journal_mode = WAL")
                conn.execute("PRAGMA foreign_keys = ON")
                conn.execute("PRAGMA synchronous = NORMAL")
            except sqlite3.Error as exc:
                if conn is not None:
                    conn.close()
                raise sqlite_failure(exc, self.paths.catalog) from exc
            conn.row_factory = sqlite3.Row
            self._local.conn = conn
        return conn

    @contextmanager
    def transaction(self, log: AssetWriteLog | None = None) -> Iterator[sqlite3.Connection]:
        """All-or-nothing write. Asset files created under ``log`` are removed on rollback.

        A write of another thread of this program (an import job of the server) holds ``_write_lock``
        for as long as its transaction: this one waits for it as long as for another program's lock,
        ``busy_timeout``, and is then ``CatalogBusyError`` too, instead of waiting without end."""
        if not self._write_lock.acquire(timeout=self.busy_timeout):
            raise CatalogBusyError(busy_message(self.paths.catalog, "another write of this program is running"))
        try:
            conn = self.connection
            try:
                conn.execute("BEGIN IMMEDIATE")  # waits up to busy_timeout for another write to end
            except sqlite3.Error as exc:
                raise sqlite_failure(exc, self.paths.catalog) from exc
            keywords = self._local.keywords = _keyword_log(conn)
            try:
                yield conn
                if keywords is not None:
                    keywords.seal(conn)
                conn.execute("COMMIT")
            except BaseException as exc:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                if log is not None:
                    log.discard()
                if is_lock_error(exc) or is_damage_error(exc):
                    raise sqlite_failure(exc, self.paths.catalog) from exc  # type: ignore[arg-type]
                raise
            index_delta.apply(_capture(keywords, conn))  # the next search sees this write at once
        finally:
            self._local.keywords = None
            self._write_lock.release()

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
        self._touch_keywords(key)

    def _unindex_keywords(self, conn: sqlite3.Connection, key: int) -> None:
        conn.execute("DELETE FROM items_fts WHERE rowid = ?", (key,))
        self._touch_keywords(key)

    def _touch_keywords(self, key: int) -> None:
        log = getattr(self._local, "keywords", None)
        if log is not None:
            log.touch(key)

    def keyword_index_rewritten(self, conn: sqlite3.Connection) -> None:
        log = getattr(self._local, "keywords", None)
        if log is not None:
            log.opaque = True


def _keyword_log(conn: sqlite3.Connection) -> index_delta.KeywordWriteLog | None:
    """The transaction's log of keyword rows; None when the index cannot be read (it is then rebuilt)."""
    try:
        return index_delta.KeywordWriteLog.begin(conn)
    except sqlite3.Error:
        return None


def _capture(log: index_delta.KeywordWriteLog | None, conn: sqlite3.Connection) -> index_delta.IndexDelta | None:
    """The committed write's keyword delta; a failure to read it only means the caches read the index again."""
    if log is None:
        return None
    try:
        return log.capture(conn)
    except sqlite3.Error:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        return None


def open_sqlite_catalog(data_dir: str | Path | None = None, *, create: bool = True) -> SqliteCatalog:
    return SqliteCatalog(BankPaths.resolve(data_dir), create=create)
