"""The admin's tasks without a terminal: disk use, a verified backup, a staged restore applied at the next
start (the old bank kept), and the LAN server's tokens — in the engine and on the 관리 page."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

from engine.api import BackupError, ItemBank, apply_scheduled_restore  # noqa: E402
from engine.server.tokens import TokenStore  # noqa: E402
from test_desktop_app import CORPUS, draw_png, write_jsonl  # noqa: E402


def bank_with_corpus(folder: Path, tmp_path: Path) -> ItemBank:
    source = tmp_path / "source"
    draw_png(source / "parabola.png", "parabola")
    draw_png(source / "circuit.png", "circuit")
    bank = ItemBank(folder, create=True)
    report = bank.import_path(write_jsonl(source / "items.jsonl", CORPUS))
    assert report.imported == len(CORPUS)
    return bank


def test_disk_use_adds_up_by_part(tmp_path):
    bank = bank_with_corpus(tmp_path / "bank", tmp_path)
    try:
        usage = bank.disk_usage()
        assert usage.catalog > 0 and usage.figures > 0
        assert usage.total == usage.catalog + usage.figures + usage.indexes + usage.models + usage.other
        on_disk = sum(p.stat().st_size for p in (tmp_path / "bank").rglob("*") if p.is_file())
        assert usage.total == on_disk
    finally:
        bank.close()


def test_a_scheduled_restore_replaces_the_bank_at_the_next_start_and_keeps_the_old_one(tmp_path):
    folder = tmp_path / "bank"
    bank = bank_with_corpus(folder, tmp_path)
    result = bank.backup(tmp_path / "saved.zip")
    assert result.items == len(CORPUS) and result.archive.is_file()
    bank.delete([CORPUS[0]["id"]])
    assert bank.count() == len(CORPUS) - 1

    # a damaged archive is refused now, and nothing is scheduled
    broken = tmp_path / "broken.zip"
    broken.write_bytes(result.archive.read_bytes()[: result.archive.stat().st_size // 2])
    with pytest.raises(BackupError) as refused:
        bank.schedule_restore(broken)
    assert "broken.zip" in str(refused.value)
    assert bank.scheduled_restore() is None

    plan = bank.schedule_restore(result.archive)
    assert plan.items == len(CORPUS) and bank.scheduled_restore() == plan
    # a backup taken while a restore waits must not carry the marker (it would restore again on its own)
    second = bank.backup(tmp_path / "while-pending.zip")
    import zipfile
    assert not any(n.endswith("restore-pending.json") for n in zipfile.ZipFile(second.archive).namelist())
    bank.close()

    applied = apply_scheduled_restore(folder)
    assert applied is not None and applied.archive == result.archive.resolve()
    assert applied.items == len(CORPUS) and applied.previous is not None and applied.previous.is_dir()
    reopened = ItemBank(folder)
    try:
        assert reopened.count() == len(CORPUS) and reopened.get(CORPUS[0]["id"]) is not None
        assert reopened.scheduled_restore() is None
    finally:
        reopened.close()
    previous = ItemBank(applied.previous)
    try:
        assert previous.count() == len(CORPUS) - 1  # the bank as it was before the restore
    finally:
        previous.close()
    assert apply_scheduled_restore(folder) is None  # done once, not at every start


def test_a_cancelled_restore_changes_nothing(tmp_path):
    folder = tmp_path / "bank"
    bank = bank_with_corpus(folder, tmp_path)
    archive = bank.backup(tmp_path / "saved.zip").archive
    bank.delete([CORPUS[0]["id"]])
    bank.schedule_restore(archive)
    assert bank.cancel_scheduled_restore() is True
    bank.close()
    assert apply_scheduled_restore(folder) is None
    reopened = ItemBank(folder)
    try:
        assert reopened.count() == len(CORPUS) - 1
    finally:
        reopened.close()


def test_tokens_made_for_the_server_are_the_ones_it_checks(tmp_path):
    bank = bank_with_corpus(tmp_path / "bank", tmp_path)
    try:
        secret, record = bank.tokens().create("read", "3층 시험실")
        server_side = TokenStore.in_data_dir(tmp_path / "bank")
        assert server_side.verify(secret) == record and record.label == "3층 시험실"
        assert bank.tokens().revoke(record.id) is True
        assert server_side.verify(secret) is None
    finally:
        bank.close()


# -- the 관리 page ---------------------------------------------------------------------------------
qt = pytest.importorskip("PySide6")

from PySide6.QtGui import QGuiApplication  # noqa: E402
from PySide6.QtWidgets import QMessageBox  # noqa: E402

from desktop_app.main import restore_if_scheduled  # noqa: E402
from test_desktop_app import WAIT_MS, isolated_settings, make_window, styled_app  # noqa: E402,F401


@pytest.fixture
def admin_window(qtbot, tmp_path):
    bank = bank_with_corpus(tmp_path / "bank", tmp_path)
    window = make_window(qtbot, bank)
    window.show_page("admin")
    page = window.admin_page
    qtbot.waitUntil(lambda: page.usage is not None, timeout=WAIT_MS)
    yield window
    window.close()
    bank.close()


def test_the_admin_page_shows_the_folder_and_its_disk_use(qtbot, admin_window, tmp_path):
    page = admin_window.admin_page
    assert page.data_path.text() == str(tmp_path / "bank")
    assert page.usage_label.text().startswith("모두 ") and "그림" in page.usage_label.text()
    assert admin_window.nav.button("admin").text().startswith("관리")


def test_backup_and_staged_restore_from_the_page(qtbot, admin_window, tmp_path, monkeypatch):
    page = admin_window.admin_page
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        page.start_backup(tmp_path / "from-the-app.zip")
    assert done.args[0].archive.is_file()
    assert "검증했습니다" in page.banner.message_text() and "from-the-app.zip" in page.banner.message_text()

    admin_window.bank.delete([CORPUS[1]["id"]])
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    from PySide6.QtWidgets import QFileDialog
    monkeypatch.setattr(QFileDialog, "getOpenFileName", lambda *a, **k: (str(done.args[0].archive), ""))
    with qtbot.waitSignal(page.restore_scheduled, timeout=WAIT_MS):
        page.choose_restore_file()
    assert page.restore_state.isVisible() and "다시 시작하면 복원됩니다" in page.restore_state.text()
    assert page.cancel_restore.isVisible()

    admin_window.bank.close()
    applied, error = restore_if_scheduled(str(tmp_path / "bank"))
    assert error is None and applied.items == len(CORPUS)


def test_a_damaged_backup_is_refused_on_the_page_with_its_name(qtbot, admin_window, tmp_path):
    page = admin_window.admin_page
    bad = tmp_path / "망가진 백업.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    with qtbot.waitSignal(page.failed, timeout=WAIT_MS) as failed:
        page.schedule_restore(bad)
    assert failed.args[0] == "restore" and "망가진 백업.zip" in page.banner.message_text() + page.banner.detail_text()
    assert not page.restore_state.isVisible() and admin_window.bank.scheduled_restore() is None


def test_tokens_are_created_shown_once_and_revoked_on_the_page(qtbot, admin_window, tmp_path):
    page = admin_window.admin_page
    page.token_label.setText("3층 시험실")
    secrets = []
    page.token_created.connect(lambda s, r: secrets.append(s))
    page.create_token("admin")
    assert len(secrets) == 1 and page.new_secret.text() == secrets[0] and page.new_secret.isVisible()
    assert QGuiApplication.clipboard().text() == secrets[0]
    assert page.tokens_table.rowCount() == 1
    assert [page.tokens_table.item(0, c).text() for c in (1, 2)] == ["관리", "3층 시험실"]
    assert TokenStore.in_data_dir(tmp_path / "bank").verify(secrets[0]).role == "admin"
    page.tokens_table.selectRow(0)
    page.revoke_selected()
    assert page.tokens_table.rowCount() == 0 and not page.new_secret.isVisible()
    assert TokenStore.in_data_dir(tmp_path / "bank").verify(secrets[0]) is None


def test_a_scheduled_restore_shows_its_backup_time_in_local_korean_form(monkeypatch):
    import time

    from desktop_app.pages.admin_page import friendly_local_time
    monkeypatch.setenv("TZ", "Asia/Seoul")
    time.tzset()
    try:
        assert friendly_local_time("2026-12-07T06:12:00Z", "ko") == "2026년 12월 7일 오후 3:12"
        assert friendly_local_time("2026-12-07T00:05:09Z", "ko") == "2026년 12월 7일 오전 9:05"
        assert friendly_local_time("2026-12-07T15:30:00+00:00", "ko") == "2026년 12월 8일 오전 12:30"
        assert friendly_local_time("2026-12-07T06:12:00Z", "en") == "7 December 2026, 3:12 PM"
        assert friendly_local_time("not a time", "ko") == "not a time" and friendly_local_time(None) == "?"
    finally:
        monkeypatch.delenv("TZ")
        time.tzset()


def test_the_pending_restore_line_has_no_raw_utc_stamp(qtbot, admin_window, tmp_path):
    import re

    page = admin_window.admin_page
    with qtbot.waitSignal(page.backup_done, timeout=WAIT_MS) as done:
        page.start_backup(tmp_path / "time.zip")
    with qtbot.waitSignal(page.restore_scheduled, timeout=WAIT_MS) as scheduled:
        page.schedule_restore(done.args[0].archive)
    text = page.restore_state.text()
    assert scheduled.args[0].created and re.search(r"\d{4}년 \d{1,2}월 \d{1,2}일 오[전후] \d{1,2}:\d{2}", text), text
    assert "T" not in text.split("(")[-1] and "Z" not in text.split("(")[-1]
    page.cancel_scheduled_restore()
