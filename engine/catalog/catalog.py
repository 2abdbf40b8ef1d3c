"""The item catalog: one SQLite file (WAL) holding items, image metadata and the keyword index.

One writer, many readers: every thread gets its own connection; writes go through ``transaction()``
(BEGIN IMMEDIATE … COMMIT), so readers keep seeing the last committed state while an import runs.
"""

from __future__ import annotations

import json
import sqlite3
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from engine.catalog.assets import AssetStore, AssetWriteLog, ImageInfo
from engine.catalog.schema import SCHEMA_VERSION, migrate
from engine.items import Item
from engine.paths import BankPaths
from engine.search.tokens import index_tokens

_ITEM_COLUMNS = ("item_key, id, subject, grade, unit, standard, difficulty, type, stem, passage, "
                 "choices_json, answer, explanation, source, tags_json, version, content_hash")


class CatalogError(RuntimeError):
    """A catalog that cannot be opened or a write that is not allowed."""


class Catalog:
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

    # -- connections and transactions -------------------------------------------------------
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

    # -- reads ---------------------------------------------------------------------------
    def _row_to_item(self, row: sqlite3.Row) -> Item:
        images = [r[0] for r in self.connection.execute(
            "SELECT sha256 FROM item_images WHERE item_key = ? ORDER BY position", (row["item_key"],))]
        return Item(
            id=row["id"], subject=row["subject"], grade=row["grade"], unit=row["unit"],
            standard=row["standard"], difficulty=row["difficulty"], type=row["type"],
            stem=row["stem"], passage=row["passage"], choices=json.loads(row["choices_json"]),
            answer=row["answer"], explanation=row["explanation"], source=row["source"],
            tags=json.loads(row["tags_json"]), images=images, version=row["version"],
            content_hash=row["content_hash"])

    def get(self, item_id: str) -> Item | None:
        row = self.connection.execute(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,)).fetchone()
        return self._row_to_item(row) if row else None

    def get_many(self, item_ids: list[str]) -> dict[str, Item]:
        found: dict[str, Item] = {}
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.connection.execute(
                    f"SELECT {_ITEM_COLUMNS} FROM items WHERE id IN ({marks})", chunk):
                found[row["id"]] = self._row_to_item(row)
        return found

    def get_by_keys(self, keys: list[int]) -> dict[int, Item]:
        found: dict[int, Item] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.connection.execute(
                    f"SELECT {_ITEM_COLUMNS} FROM items WHERE item_key IN ({marks})", chunk):
                found[int(row["item_key"])] = self._row_to_item(row)
        return found

    def ids_for_keys(self, keys: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            found.update({int(r[0]): r[1] for r in self.connection.execute(
                f"SELECT item_key, id FROM items WHERE item_key IN ({','.join('?' * len(chunk))})", chunk)})
        return found

    def key_of(self, item_id: str) -> int | None:
        row = self.connection.execute("SELECT item_key FROM items WHERE id = ?", (item_id,)).fetchone()
        return int(row[0]) if row else None

    def find_by_content_hash(self, content_hash: str) -> str | None:
        row = self.connection.execute(
            "SELECT id FROM items WHERE content_hash = ? LIMIT 1", (content_hash,)).fetchone()
        return row[0] if row else None

    def iter_items(self, batch: int = 1000) -> Iterator[Item]:
        last = 0
        while True:
            rows = self.connection.execute(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE item_key > ? ORDER BY item_key LIMIT ?",
                (last, batch)).fetchall()
            if not rows:
                return
            for row in rows:
                yield self._row_to_item(row)
            last = rows[-1]["item_key"]

    def count(self) -> int:
        return int(self.connection.execute("SELECT COUNT(*) FROM items").fetchone()[0])

    def asset_path(self, sha256: str) -> Path | None:
        row = self.connection.execute("SELECT ext FROM assets WHERE sha256 = ?", (sha256,)).fetchone()
        return self.assets.path_for(sha256, row[0]) if row else None

    def stats(self) -> dict:
        conn = self.connection
        by_subject = {r[0]: r[1] for r in conn.execute(
            "SELECT subject, COUNT(*) FROM items GROUP BY subject ORDER BY COUNT(*) DESC")}
        with_images = conn.execute("SELECT COUNT(DISTINCT item_key) FROM item_images").fetchone()[0]
        assets = conn.execute("SELECT COUNT(*), COALESCE(SUM(size_bytes), 0) FROM assets").fetchone()
        return {
            "items": self.count(),
            "items_with_images": int(with_images),
            "images": int(assets[0]),
            "image_bytes": int(assets[1]),
            "by_subject": by_subject,
            "schema_version": SCHEMA_VERSION,
            "data_dir": str(self.paths.root),
        }

    # -- writes (call inside ``transaction()``) -------------------------------------------
    def record_asset(self, conn: sqlite3.Connection, info: ImageInfo) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO assets (sha256, ext, width, height, size_bytes) VALUES (?,?,?,?,?)",
            (info.sha256, info.ext, info.width, info.height, info.size_bytes))

    def insert(self, conn: sqlite3.Connection, item: Item) -> int:
        """Insert a new item (its ``images`` already stored and recorded); returns its item_key."""
        item.content_hash = item.content_hash or item.compute_content_hash()
        cursor = conn.execute(
            "INSERT INTO items (id, subject, grade, unit, standard, difficulty, type, stem, passage, "
            "choices_json, answer, explanation, source, tags_json, version, content_hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (item.id, item.subject, item.grade, item.unit, item.standard, item.difficulty, item.type,
             item.stem, item.passage, json.dumps(item.choices, ensure_ascii=False), item.answer,
             item.explanation, item.source, json.dumps(item.tags, ensure_ascii=False),
             item.version, item.content_hash))
        key = int(cursor.lastrowid)
        self._write_images(conn, key, item.images)
        self._index_keywords(conn, key, item)
        return key

    def update(self, conn: sqlite3.Connection, item: Item) -> int:
        """Replace the stored fields of ``item.id``; the version goes up when the content changed."""
        row = conn.execute("SELECT item_key, version, content_hash, unit, tags_json FROM items WHERE id = ?",
                           (item.id,)).fetchone()
        if row is None:
            raise CatalogError(f"item {item.id} does not exist")
        key = int(row["item_key"])
        item.content_hash = item.compute_content_hash()
        # The version is what stored embeddings are checked against, so it also moves when the unit or
        # tags change: they are part of the text an item is embedded as (item_document_text).
        embedded_text_changed = (row["unit"] != item.unit
                                 or json.loads(row["tags_json"] or "[]") != list(item.tags))
        changed = item.content_hash != row["content_hash"] or embedded_text_changed
        item.version = row["version"] + (1 if changed else 0)
        conn.execute(
            "UPDATE items SET subject=?, grade=?, unit=?, standard=?, difficulty=?, type=?, stem=?, "
            "passage=?, choices_json=?, answer=?, explanation=?, source=?, tags_json=?, version=?, "
            "content_hash=?, updated_at=strftime('%Y-%m-%dT%H:%M:%SZ', 'now') WHERE item_key=?",
            (item.subject, item.grade, item.unit, item.standard, item.difficulty, item.type,
             item.stem, item.passage, json.dumps(item.choices, ensure_ascii=False), item.answer,
             item.explanation, item.source, json.dumps(item.tags, ensure_ascii=False),
             item.version, item.content_hash, key))
        conn.execute("DELETE FROM item_images WHERE item_key = ?", (key,))
        self._write_images(conn, key, item.images)
        conn.execute("DELETE FROM items_fts WHERE rowid = ?", (key,))
        self._index_keywords(conn, key, item)
        return key

    def delete(self, conn: sqlite3.Connection, item_id: str) -> bool:
        row = conn.execute("SELECT item_key FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            return False
        conn.execute("DELETE FROM items_fts WHERE rowid = ?", (row[0],))
        conn.execute("DELETE FROM items WHERE item_key = ?", (row[0],))
        return True

    def _write_images(self, conn: sqlite3.Connection, key: int, images: list[str]) -> None:
        conn.executemany("INSERT INTO item_images (item_key, position, sha256) VALUES (?,?,?)",
                         [(key, pos, sha) for pos, sha in enumerate(images)])

    def _index_keywords(self, conn: sqlite3.Connection, key: int, item: Item) -> None:
        meta = " ".join([item.subject, item.grade, item.unit, item.standard, item.source,
                         " ".join(item.tags)])
        conn.execute(
            "INSERT INTO items_fts (rowid, stem, passage, choices, explanation, meta) "
            "VALUES (?,?,?,?,?,?)",
            (key, *(" ".join(index_tokens(text)) for text in
                    (item.stem, item.passage, "\n".join(item.choices), item.explanation, meta))))

    def record_import(self, conn: sqlite3.Connection, path: str, fmt: str, report: dict) -> None:
        conn.execute(
            "INSERT INTO imports (path, format, imported, updated, skipped, duplicates, report_json) "
            "VALUES (?,?,?,?,?,?,?)",
            (path, fmt, report["imported"], len(report.get("updated", [])), len(report["skipped"]),
             len(report["duplicates"]), json.dumps(report, ensure_ascii=False)))

    def new_item_id(self, conn: sqlite3.Connection, content_hash: str) -> str:
        """A short id derived from the content; lengthened on the rare prefix collision."""
        for length in range(10, 65, 2):
            candidate = f"ib-{content_hash[:length]}"
            if conn.execute("SELECT 1 FROM items WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate
        raise CatalogError("could not allocate an item id")


def open_catalog(data_dir: str | Path | None = None, *, create: bool = True) -> Catalog:
    return Catalog(BankPaths.resolve(data_dir), create=create)
