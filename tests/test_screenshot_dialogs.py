"""``itembank-desktop --screenshot OUT --dialog NAME``: the real dialog opens on the real window and is
captured, modal ones included (their own event loop must not hang the session), and a bank that cannot
be opened gives the start's error box, in Korean, naming the damaged file once."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import pytest  # noqa: E402
from PIL import Image  # noqa: E402

pytest.importorskip("PySide6")

from engine.api import ItemBank  # noqa: E402
from test_desktop_screenshot import distinct_colours, run_main, small_bank  # noqa: E402,F401


def dialog_shot(bank, tmp_path, name: str, *extra: str) -> tuple[object, Image.Image]:
    out = tmp_path / f"{name}.png"
    result = run_main(["--data-dir", str(bank), "--lang", "ko", "--screenshot", str(out), "--dialog", name,
                       *extra], tmp_path)
    assert result.returncode == 0, result.stderr
    assert distinct_colours(out) > 20
    return result, Image.open(out)


def test_modal_about_box_is_captured_alone_not_the_window(small_bank, tmp_path):
    _result, image = dialog_shot(small_bank, tmp_path, "about")
    assert image.width < 800 and image.height < 500  # the box, not the 1280×820 window


def test_qt_file_dialog_and_restore_question_on_the_admin_page(small_bank, tmp_path):
    backup = tmp_path / "b.zip"
    bank = ItemBank(small_bank)
    bank.backup(backup)
    bank.close()
    _r, save = dialog_shot(small_bank, tmp_path, "backup-save", "--view", "admin")
    _r, confirm = dialog_shot(small_bank, tmp_path, "restore-confirm", "--view", "admin", "--dialog-arg", str(backup))
    assert save.width > confirm.width  # a file dialog is bigger than a yes/no question
    bank = ItemBank(small_bank)
    try:
        assert bank.scheduled_restore() is None  # the question was captured, never answered "yes"
    finally:
        bank.close()


def test_backup_run_writes_a_verified_archive_and_shows_the_page(small_bank, tmp_path):
    archive = tmp_path / "shot-backup.zip"
    _r, image = dialog_shot(small_bank, tmp_path, "backup-run", "--view", "admin", "--dialog-arg", str(archive))
    assert archive.is_file() and archive.stat().st_size > 0
    other = ItemBank(tmp_path / "other", create=True)
    try:
        assert other.schedule_restore(archive).items == 3  # verified by reading it back
    finally:
        other.close()
    assert image.width >= 1000  # the window with its banner


def test_unknown_dialog_fails_the_session(small_bank, tmp_path):
    out = tmp_path / "x.png"
    result = run_main(["--data-dir", str(small_bank), "--screenshot", str(out), "--dialog", "nonsense"], tmp_path)
    assert result.returncode == 1
    assert "unknown dialog" in result.stderr


def test_damaged_bank_gives_the_start_error_box(tmp_path):
    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "catalog.sqlite3").write_bytes(b"not a database" * 200)
    out = tmp_path / "error.png"
    result = run_main(["--data-dir", str(folder), "--lang", "ko", "--screenshot", str(out), "--dialog", "error"],
                      tmp_path)
    assert result.returncode == 0, result.stderr
    assert "catalog.sqlite3" in result.stderr
    assert distinct_colours(out) > 20
    without_dialog = run_main(["--data-dir", str(folder), "--screenshot", str(tmp_path / "n.png")], tmp_path)
    assert without_dialog.returncode == 2 and not (tmp_path / "n.png").exists()


def test_start_error_box_names_the_folder_and_the_file_once(tmp_path, qtbot):
    from desktop_app.i18n import set_language
    from desktop_app.start_errors import open_bank_error_box

    folder = tmp_path / "damaged"
    folder.mkdir()
    (folder / "catalog.sqlite3").write_bytes(b"not a database" * 200)
    set_language("ko")
    with pytest.raises(Exception) as caught:
        ItemBank(folder)
    box = open_bank_error_box(caught.value, str(folder))
    text = box.informativeText()
    assert box.text() == "문항 은행을 열 수 없습니다"
    assert str(folder) in text and "itembank restore" in text
    assert text.count("catalog.sqlite3") == 1
    assert "모델·설정" not in text  # the window never opens: no page of it can help
