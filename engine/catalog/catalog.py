"""The item catalog: items, image metadata, the keyword index, profiles and stored embeddings.

``SqlCatalog`` holds what every storage backend shares: the item model and the SQL that reads the
same on SQLite and PostgreSQL (``?`` placeholders; the PostgreSQL connection translates them).
The backends (``engine.storage``) supply what differs — connections and transactions, the keyword
index, figure bytes, the vector index: the embedded default is one SQLite file (WAL) per bank
(``engine.storage.sqlite``), the district backend the same tables on a PostgreSQL server
(``engine.storage.postgres``).

One writer, many readers: every thread gets its own connection; writes go through ``transaction()``,
so readers keep seeing the last committed state while an import runs.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from engine.i18n import _t
from engine.catalog.assets import AssetStore, AssetWriteLog, ImageInfo
from engine.catalog.history import HistoryStore
from engine.clock import utc_timestamp
from engine.errors import Busy, Damaged, ItemBankError, NotFound
from engine.items import Item
from engine.paths import BankPaths
from engine.search.filters import SearchFilters
from engine.search.results import SearchHit
from engine.search.tokens import index_tokens

if TYPE_CHECKING:
    from engine.index.vector_store import VectorStore

_ITEM_COLUMNS = ("item_key, id, subject, grade, unit, standard, difficulty, type, stem, passage, "
                 "choices_json, answer, explanation, source, tags_json, version, content_hash")


class CatalogError(ItemBankError, RuntimeError):
    """A catalog that cannot be opened or a write that is not allowed."""


class ItemNotFoundError(CatalogError, NotFound):
    """No item has the id asked for."""


class CatalogBusyError(CatalogError, Busy):
    """Another write (an import, an index build, another window) holds the catalog's write lock.

    Nothing is wrong with the bank: the same write succeeds once the other one ends.
    """


class CatalogDamagedError(CatalogError, Damaged):
    """The catalog file itself is damaged (not a database, a malformed page); the message names it."""


def busy_message(location: object, running: str = "") -> str:
    """The sentence for a write refused because another write holds the bank."""
    what = running or "another import or index build may be running"
    return f"busy: another write is using the item bank ({location}); try again when it ends ({what})"


_COMPARED_FIELDS = ("subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage", "choices",
                    "answer", "explanation", "source", "tags", "images", "explanation_images")


def _fields(item: Item) -> tuple:
    return tuple(getattr(item, name) for name in _COMPARED_FIELDS)


class SqlCatalog:
    """The catalog's shared behaviour; a backend supplies the hooks marked below."""

    backend = "sql"
    paths: BankPaths
    assets: AssetStore
    vectors: "VectorStore"

    # -- hooks ------------------------------------------------------------------------------
    @property
    def history(self) -> HistoryStore:
        """Kept versions of items and the undo journal (``engine.catalog.history``)."""
        store = self.__dict__.get("_history")
        if store is None:
            store = self.__dict__["_history"] = HistoryStore(lambda: self.connection)
        return store

    @property
    def connection(self) -> Any:
        """This thread's connection (``execute``/``executemany`` with ``?`` placeholders)."""
        raise NotImplementedError

    @contextmanager
    def transaction(self, log: AssetWriteLog | None = None) -> Iterator[Any]:
        raise NotImplementedError
        yield

    def close(self) -> None:
        raise NotImplementedError

    @property
    def schema_version(self) -> int:
        raise NotImplementedError

    @property
    def location(self) -> str:
        """Where the bank's data lives, for people (a folder, or a server without its password)."""
        return str(self.paths.root)

    def keyword_search(self, query: str, filters: SearchFilters | None = None, k: int = 10,
                       offset: int = 0) -> list[SearchHit]:
        """Top ``k`` items by BM25 (see ``engine.search.keyword``)."""
        raise NotImplementedError

    def _index_keywords(self, conn: Any, key: int, item: Item) -> None:
        raise NotImplementedError

    def after_bulk_write(self, rows: int) -> None:
        """Called after an import committed ``rows`` new or changed items (a backend may tidy up)."""

    def _unindex_keywords(self, conn: Any, key: int) -> None:
        raise NotImplementedError

    def keyword_index_rewritten(self, conn: Any) -> None:
        """Say that this transaction rewrote the keyword index wholesale (caches of it must read it again)."""

    @staticmethod
    def keyword_fields(item: Item) -> tuple[str, str, str, str, str]:
        """(stem, passage, choices, explanation, meta): the keyword index's columns, pre-tokenised."""
        meta = " ".join([item.subject, item.grade, item.unit, item.standard, item.source,
                         " ".join(item.tags)])
        return tuple(" ".join(index_tokens(text)) for text in  # type: ignore[return-value]
                     (item.stem, item.passage, "\n".join(item.choices), item.explanation, meta))

    # -- reads ---------------------------------------------------------------------------
    def _items_from_rows(self, rows: list[Any]) -> list[Item]:
        """Items for rows of ``items``, their figures read in one query for all of them."""
        if not rows:
            return []
        keys = [int(row["item_key"]) for row in rows]
        images = self._figures_of(keys, "item_images")
        solution_images = self._figures_of(keys, "item_explanation_images")
        return [Item(
            id=row["id"], subject=row["subject"], grade=row["grade"], unit=row["unit"],
            standard=row["standard"], difficulty=row["difficulty"], type=row["type"],
            stem=row["stem"], passage=row["passage"], choices=json.loads(row["choices_json"]),
            answer=row["answer"], explanation=row["explanation"], source=row["source"],
            tags=json.loads(row["tags_json"]), images=images[int(row["item_key"])],
            explanation_images=solution_images[int(row["item_key"])], version=row["version"],
            content_hash=row["content_hash"]) for row in rows]

    def _figures_of(self, keys: list[int], table: str) -> dict[int, list[str]]:
        """The figures ``table`` lists for each key, in order (one query per 900 keys)."""
        figures: dict[int, list[str]] = {key: [] for key in keys}
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            for key, sha in self.connection.execute(
                    f"SELECT item_key, sha256 FROM {table} WHERE item_key IN ({','.join('?' * len(chunk))}) "
                    "ORDER BY item_key, position", chunk):
                figures[int(key)].append(sha)
        return figures

    def get(self, item_id: str) -> Item | None:
        row = self.connection.execute(
            f"SELECT {_ITEM_COLUMNS} FROM items WHERE id = ?", (item_id,)).fetchone()
        return self._items_from_rows([row])[0] if row else None

    def get_many(self, item_ids: list[str]) -> dict[str, Item]:
        found: dict[str, Item] = {}
        for start in range(0, len(item_ids), 500):
            chunk = item_ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE id IN ({marks})", chunk).fetchall()
            found.update((item.id, item) for item in self._items_from_rows(rows))
        return found

    def get_by_keys(self, keys: list[int]) -> dict[int, Item]:
        found: dict[int, Item] = {}
        for start in range(0, len(keys), 500):
            chunk = keys[start:start + 500]
            marks = ",".join("?" * len(chunk))
            rows = self.connection.execute(
                f"SELECT {_ITEM_COLUMNS} FROM items WHERE item_key IN ({marks})", chunk).fetchall()
            found.update(zip((int(row["item_key"]) for row in rows), self._items_from_rows(rows)))
        return found

    def ids_for_keys(self, keys: list[int]) -> dict[int, str]:
        found: dict[int, str] = {}
        for start in range(0, len(keys), 900):
            chunk = keys[start:start + 900]
            found.update({int(r[0]): r[1] for r in self.connection.execute(
                f"SELECT item_key, id FROM items WHERE item_key IN ({','.join('?' * len(chunk))})", chunk)})
        return found

    def keys_for_ids(self, item_ids: list[str]) -> dict[str, int]:
        found: dict[str, int] = {}
        for start in range(0, len(item_ids), 900):
            chunk = item_ids[start:start + 900]
            found.update({r[1]: int(r[0]) for r in self.connection.execute(
                f"SELECT item_key, id FROM items WHERE id IN ({','.join('?' * len(chunk))})", chunk)})
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
            yield from self._items_from_rows(rows)
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
            "schema_version": self.schema_version,
            "data_dir": str(self.paths.root),
            "backend": self.backend,
            "location": self.location,
        }

    # -- writes (call inside ``transaction()``) -------------------------------------------
    def record_asset(self, conn: Any, info: ImageInfo) -> None:
        conn.execute(
            "INSERT INTO assets (sha256, ext, width, height, size_bytes) VALUES (?,?,?,?,?) "
            "ON CONFLICT (sha256) DO NOTHING",
            (info.sha256, info.ext, info.width, info.height, info.size_bytes))

    def insert(self, conn: Any, item: Item) -> int:
        """Insert a new item (its ``images`` already stored and recorded); returns its item_key."""
        item.content_hash = item.content_hash or item.compute_content_hash()
        cursor = conn.execute(
            "INSERT INTO items (id, subject, grade, unit, standard, difficulty, type, stem, passage, "
            "choices_json, answer, explanation, source, tags_json, version, content_hash) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?) RETURNING item_key",
            (item.id, item.subject, item.grade, item.unit, item.standard, item.difficulty, item.type,
             item.stem, item.passage, json.dumps(item.choices, ensure_ascii=False), item.answer,
             item.explanation, item.source, json.dumps(item.tags, ensure_ascii=False),
             item.version, item.content_hash))
        key = int(cursor.fetchone()[0])
        self._write_images(conn, key, item)
        self._index_keywords(conn, key, item)
        return key

    def update(self, conn: Any, item: Item, *, reason: str = "import", operation_id: int | None = None) -> int:
        """Replace the stored fields of ``item.id``; the version goes up when the content changed. The
        version replaced is kept in the item's history (``reason`` says which write replaced it)."""
        row = conn.execute("SELECT item_key, version, content_hash, unit, tags_json FROM items WHERE id = ?",
                           (item.id,)).fetchone()
        if row is None:
            raise ItemNotFoundError(_t("no item with id {id!r}").format(id=item.id))
        key = int(row["item_key"])
        previous = self.get(item.id)
        if previous is not None and _fields(previous) != _fields(item):
            self.history.record(conn, previous, reason, operation_id)
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
            "content_hash=?, updated_at=? WHERE item_key=?",
            (item.subject, item.grade, item.unit, item.standard, item.difficulty, item.type,
             item.stem, item.passage, json.dumps(item.choices, ensure_ascii=False), item.answer,
             item.explanation, item.source, json.dumps(item.tags, ensure_ascii=False),
             item.version, item.content_hash, utc_timestamp(), key))
        conn.execute("DELETE FROM item_images WHERE item_key = ?", (key,))
        conn.execute("DELETE FROM item_explanation_images WHERE item_key = ?", (key,))
        self._write_images(conn, key, item)
        self._unindex_keywords(conn, key)
        self._index_keywords(conn, key, item)
        return key

    def delete(self, conn: Any, item_id: str, *, reason: str = "delete",
               operation_id: int | None = None) -> int | None:
        """Remove an item (its version is kept in its history); returns that history id, None if absent."""
        row = conn.execute("SELECT item_key FROM items WHERE id = ?", (item_id,)).fetchone()
        if row is None:
            return None
        previous = self.get(item_id)
        history_id = self.history.record(conn, previous, reason, operation_id) if previous else None
        self._unindex_keywords(conn, row[0])
        conn.execute("DELETE FROM items WHERE item_key = ?", (row[0],))
        return history_id

    def _write_images(self, conn: Any, key: int, item: Item) -> None:
        """The question's figures and the 해설's, each in its own table."""
        for table, images in (("item_images", item.images), ("item_explanation_images", item.explanation_images)):
            if images:
                conn.executemany(f"INSERT INTO {table} (item_key, position, sha256) VALUES (?,?,?)",
                                 [(key, pos, sha) for pos, sha in enumerate(images)])

    def record_import(self, conn: Any, path: str, fmt: str, report: dict) -> None:
        conn.execute(
            "INSERT INTO imports (path, format, imported, updated, skipped, duplicates, report_json) "
            "VALUES (?,?,?,?,?,?,?)",
            (path, fmt, report["imported"], len(report.get("updated", [])), len(report["skipped"]),
             len(report["duplicates"]), json.dumps(report, ensure_ascii=False)))

    def new_item_id(self, conn: Any, content_hash: str) -> str:
        """A short id derived from the content; lengthened on the rare prefix collision."""
        for length in range(10, 65, 2):
            candidate = f"ib-{content_hash[:length]}"
            if conn.execute("SELECT 1 FROM items WHERE id = ?", (candidate,)).fetchone() is None:
                return candidate
        raise CatalogError(_t("could not allocate an item id"))
