"""The catalog file: versioned schema with forward migrations, WAL, stable ids."""

from __future__ import annotations

import sqlite3

import pytest

from conftest import write_jsonl
from engine.api import ItemBank
from engine.catalog import schema
from engine.catalog.catalog import CatalogError
from engine.storage.sqlite import SqliteCatalog as Catalog
from engine.paths import BankPaths


def _v1_bank_with_an_item(path) -> None:
    """A catalog exactly as the first released schema wrote it, holding one item."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    schema.migrate(conn, target=1)
    conn.execute("INSERT INTO items (id, subject, stem, content_hash) VALUES ('OLD-1', '수학', '옛 문항', 'h')")
    conn.execute("INSERT INTO items_fts (rowid, stem, passage, choices, explanation, meta) "
                 "VALUES (1, '옛문 문항 항', '', '', '', '')")
    conn.close()


def test_new_catalog_is_at_current_version_in_wal_mode(data_dir):
    catalog = Catalog(BankPaths.resolve(data_dir))
    conn = catalog.connection
    assert conn.execute("PRAGMA user_version").fetchone()[0] == schema.SCHEMA_VERSION == 5
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"items", "assets", "item_images", "items_fts", "imports", "duplicate_decisions"} <= tables


def test_v1_file_is_migrated_in_place_keeping_its_items(data_dir):
    paths = BankPaths.resolve(data_dir)
    _v1_bank_with_an_item(paths.catalog)
    bank = ItemBank(data_dir)
    assert bank.catalog.connection.execute("PRAGMA user_version").fetchone()[0] == 5
    assert bank.get("OLD-1").stem == "옛 문항"
    # the v2 tables work: an import is recorded in the history table
    write_jsonl(data_dir / "new.jsonl", [{"subject": "과학", "stem": "새 문항"}])
    bank.import_path(data_dir / "new.jsonl")
    history = bank.catalog.connection.execute("SELECT imported, format FROM imports").fetchall()
    assert [tuple(r) for r in history] == [(1, "jsonl")]


def test_a_failing_migration_leaves_the_file_at_the_last_good_version(data_dir, monkeypatch):
    paths = BankPaths.resolve(data_dir)
    _v1_bank_with_an_item(paths.catalog)
    broken = schema.MIGRATIONS[1] + "\nCREATE TABLE items (oops INTEGER);"
    monkeypatch.setattr(schema, "MIGRATIONS", (schema.MIGRATIONS[0], broken, *schema.MIGRATIONS[2:]))
    with pytest.raises(sqlite3.OperationalError):
        Catalog(paths)
    conn = sqlite3.connect(paths.catalog)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert "imports" not in tables  # the half-applied migration was rolled back
    assert conn.execute("SELECT stem FROM items").fetchone()[0] == "옛 문항"


def test_a_newer_schema_is_refused_with_a_clear_message(data_dir):
    paths = BankPaths.resolve(data_dir)
    paths.root.mkdir(parents=True)
    conn = sqlite3.connect(paths.catalog)
    conn.execute("PRAGMA user_version = 99")
    conn.close()
    with pytest.raises(schema.SchemaTooNewError, match="newer itembank"):
        Catalog(paths)


def test_opening_a_missing_bank_without_create_says_how_to_make_one(tmp_path):
    with pytest.raises(CatalogError, match="itembank init"):
        ItemBank(tmp_path / "nothing-here")


def test_generated_ids_are_stable_across_banks(tmp_path):
    records = [{"subject": "국어", "stem": "다음 중 비유법이 쓰인 문장은?"}]
    write_jsonl(tmp_path / "a.jsonl", records)
    first = ItemBank(tmp_path / "one", create=True).import_path(tmp_path / "a.jsonl").imported_ids
    second = ItemBank(tmp_path / "two", create=True).import_path(tmp_path / "a.jsonl").imported_ids
    assert first == second and first[0].startswith("ib-")


def test_data_dir_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ITEMBANK_DATA_DIR", str(tmp_path / "env-bank"))
    assert BankPaths.resolve(None).root == (tmp_path / "env-bank").resolve()
    assert BankPaths.resolve(tmp_path / "flag").root == (tmp_path / "flag").resolve()


def test_thumbnails_are_made_once_and_cached(tmp_path, bank):
    from conftest import draw_figure

    draw_figure(tmp_path / "big.png", size=(1200, 900))
    write_jsonl(tmp_path / "i.jsonl", [{"subject": "수학", "stem": "큰 그림", "images": ["big.png"]}])
    item = bank.get(bank.import_path(tmp_path / "i.jsonl").imported_ids[0])
    thumb = bank.thumbnail(item.images[0], size=128)
    from PIL import Image

    with Image.open(thumb) as image:
        assert max(image.size) == 128 and image.size == (128, 96)
    mtime = thumb.stat().st_mtime_ns
    assert bank.thumbnail(item.images[0], size=128).stat().st_mtime_ns == mtime
