"""A write that meets another write's lock is Busy (try again, exit 3), never "restore from a backup";
only a damaged catalog file gets the backup advice; a deleted -wal file is not damage."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import pytest

from conftest import write_jsonl
from engine.api import ItemBank
from engine.catalog.catalog import CatalogBusyError, CatalogDamagedError
from engine.errors import Busy, Damaged, error_family
from engine.storage.sqlite import SqliteCatalog

ITEMS = [
    {"id": "L1", "subject": "수학", "grade": "중2", "type": "단답형", "unit": "일차함수",
     "stem": "일차함수 y=2x+3의 그래프의 기울기는?", "answer": "2"},
    {"id": "L2", "subject": "과학", "grade": "중2", "type": "단답형", "unit": "전기와 자기",
     "stem": "전류가 흐르는 도선 주위에 생기는 자기장의 방향을 알아내는 방법은?", "answer": "오른손 법칙"},
]
NEW = [{"id": "L3", "subject": "국어", "grade": "중1", "type": "서술형", "unit": "시의 표현",
        "stem": "시의 화자가 느끼는 정서를 설명하시오.", "answer": "그리움"}]


@pytest.fixture(autouse=True)
def quick_busy_timeout(monkeypatch):
    monkeypatch.setattr(SqliteCatalog, "busy_timeout", 0.2)


@pytest.fixture
def filled(bank, tmp_path):
    assert bank.import_path(write_jsonl(tmp_path / "items.jsonl", ITEMS)).imported == 2
    return bank


def _hold_lock(bank: ItemBank) -> sqlite3.Connection:
    conn = sqlite3.connect(bank.catalog.paths.catalog, isolation_level=None)
    conn.execute("BEGIN IMMEDIATE")
    return conn


def _assert_busy_text(text: str, bank: ItemBank) -> None:
    assert text.startswith("busy: another write is using the item bank")
    assert str(bank.catalog.paths.catalog) in text and "try again when it ends" in text
    assert "backup" not in text.lower() and "damaged" not in text.lower()


def test_an_edit_during_another_write_is_busy_then_succeeds(filled):
    lock = _hold_lock(filled)
    try:
        with pytest.raises(Busy) as caught:
            filled.edit("L1", {"answer": "3"})
        assert isinstance(caught.value, CatalogBusyError) and error_family(caught.value) == "busy"
        _assert_busy_text(str(caught.value), filled)
        assert filled.require("L1").answer == "2"  # reads still work, nothing half-written
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    filled.edit("L1", {"answer": "3"})
    assert filled.require("L1").answer == "3" and filled.require("L2").answer == "오른손 법칙"
    assert filled.count() == 2


def test_an_import_during_another_write_is_busy_and_loses_nothing(filled, tmp_path):
    sheet = write_jsonl(tmp_path / "new.jsonl", NEW)
    lock = _hold_lock(filled)
    try:
        with pytest.raises(Busy) as caught:
            filled.import_path(sheet)
        _assert_busy_text(str(caught.value), filled)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert filled.count() == 2
    assert filled.import_path(sheet).imported == 1
    assert filled.count() == 3 and filled.require("L1").answer == "2"


def test_cli_edit_during_another_write_exits_3_with_the_busy_sentence(filled, data_dir, run_cli):
    lock = _hold_lock(filled)
    try:
        code, _, err = run_cli("edit", "L1", "answer=4", "--no-index", "--data-dir", data_dir)
    finally:
        lock.execute("ROLLBACK")
        lock.close()
    assert code == 3, err
    assert err.startswith("itembank: error: busy: another write is using the item bank")
    assert str(filled.catalog.paths.catalog) in err and "backup" not in err.lower()
    code, _, err = run_cli("edit", "L1", "answer=4", "--no-index", "--data-dir", data_dir)
    assert code == 0, err
    assert filled.require("L1").answer == "4" and filled.count() == 2


def test_a_damaged_catalog_file_is_damaged_with_the_backup_advice(filled, data_dir, run_cli):
    catalog = filled.catalog.paths.catalog
    filled.close()
    with catalog.open("r+b") as f:
        f.write(b"this is no sqlite header!!!!!!!!" * 4)
    with pytest.raises(Damaged) as caught:
        ItemBank(data_dir)
    assert isinstance(caught.value, CatalogDamagedError) and error_family(caught.value) == "damaged"
    text = str(caught.value)
    assert str(catalog) in text and "backup" in text and "busy" not in text
    code, _, err = run_cli("stats", "--data-dir", data_dir)
    assert code == 1 and "damaged" in err and "backup" in err and str(catalog) in err


def test_a_deleted_wal_file_is_not_damage(filled, data_dir):
    catalog = filled.catalog.paths.catalog
    filled.close()
    # A crashed writer leaves -wal and -shm behind; then someone deletes the -wal.
    script = ("import os, sqlite3, sys\n"
              "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
              "c.execute('PRAGMA journal_mode = WAL'); c.execute('PRAGMA wal_autocheckpoint = 0')\n"
              "c.execute('CREATE TABLE scratch (x)'); c.execute('INSERT INTO scratch VALUES (1)')\n"
              "os._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(catalog)], check=True)
    wal = catalog.with_name(catalog.name + "-wal")
    assert wal.exists()
    wal.unlink()
    reopened = ItemBank(data_dir)
    try:
        assert reopened.count() == 2 and reopened.require("L1").answer == "2"
        reopened.edit("L1", {"answer": "5"})
        assert reopened.require("L1").answer == "5"
    finally:
        reopened.close()
