"""The change stream in the window: every write's BankChanges reaches every view (results, basket,
duplicates, status bar), the semantic index follows in the background, and no failure goes unseen."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop_app.main_window import MainWindow  # noqa: E402
from engine.api import InvalidInput, ItemBank  # noqa: E402
from test_desktop_app import (WAIT_MS, open_bank_window, card_ids, corpus_bank, isolated_settings, make_window,  # noqa: E402,F401
                              styled_app, window, write_jsonl)
from test_desktop_duplicates import TWIN_M1, row_of  # noqa: E402


def test_a_failure_nobody_handles_shows_the_korean_banner(qtbot, window):
    def broken(_ctx):
        raise InvalidInput("grade: '중9' is not a grade")

    window.quick_runner.submit(broken, name="no-handler")
    banner = window.search_page.message_banner
    qtbot.waitUntil(banner.isVisible, timeout=WAIT_MS)
    assert banner._text.startswith("입력한 값이 올바르지 않습니다") and "중9" in banner._text


def test_a_merge_refreshes_the_count_the_basket_and_the_results(qtbot, window, tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    window.bank.import_path(write_jsonl(tmp_path / "twin.jsonl", [TWIN_M1]))
    window.refresh_bank()
    qtbot.waitUntil(lambda: window.item_count() == 7, timeout=WAIT_MS)
    window.add_to_basket(["M1b", "M2"])
    qtbot.waitUntil(lambda: "M1b" in card_ids(window), timeout=WAIT_MS)
    page = window.show_page("duplicates")
    with qtbot.waitSignal(page.scan_finished, timeout=60_000):
        qtbot.mouseClick(page.scan_button, Qt.MouseButton.LeftButton)
    page.pairs.setCurrentRow(row_of(page, "M1", "M1b"))
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.bank_changed, timeout=WAIT_MS) as changed:
        qtbot.mouseClick(page.merge_button, Qt.MouseButton.LeftButton)
    assert changed.args[0].removed == {"M1b"}
    assert window.basket_page.ids == ["M2"]
    qtbot.waitUntil(lambda: window.item_count() == 6, timeout=WAIT_MS)
    assert "6" in window.status.items_label.text()
    window.show_page("search")
    qtbot.waitUntil(lambda: "M1b" not in card_ids(window) and "M1" in card_ids(window), timeout=WAIT_MS)


NEW = [{"id": "N1", "subject": "과학", "grade": "중3", "type": "단답형", "unit": "생식과 유전",
        "stem": "멘델의 완두콩 교배 실험에서 잡종 제1대의 표현형 비율은?", "answer": "100%"},
       {"id": "N2", "subject": "사회", "grade": "중1", "type": "단답형", "unit": "지도 읽기",
        "stem": "등고선 간격이 좁은 곳의 경사는 어떠한가?", "answer": "급하다"},
       {"id": "N3", "subject": "국어", "grade": "중2", "type": "단답형", "unit": "문법",
        "stem": "높임 표현 가운데 객체 높임을 나타내는 어휘를 하나 쓰시오.", "answer": "드리다"}]


@pytest.fixture
def lite_window(qtbot, sample_lite_dir, tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(sample_lite_dir, folder)
    yield from open_bank_window(qtbot, folder)


def test_imported_items_are_found_at_once_and_the_index_follows_in_the_background(qtbot, lite_window, tmp_path):
    window: MainWindow = lite_window
    steps: list[str] = []
    with qtbot.waitSignal(window.index_refreshed, timeout=120_000) as refreshed:
        window.start_import(write_jsonl(tmp_path / "new.jsonl", NEW))
        qtbot.waitUntil(lambda: window.job_runner.busy, timeout=WAIT_MS)
        qtbot.waitUntil(lambda: (steps.append(window.status.job_label.text()) or "색인 갱신 중" in steps[-1]),
                        timeout=60_000)
    report = refreshed.args[0]
    assert report is not None and window.bank.pending() == 0
    assert any("색인 갱신 중" in text for text in steps)
    window.search_page.set_query_text("멘델의 완두콩 교배 실험")
    window.search_page.search_now()
    qtbot.waitUntil(lambda: card_ids(window)[:1] == ["N1"], timeout=WAIT_MS)
    assert window.search_page.outcome.mode == "hybrid" and window.search_page.outcome.not_indexed == 0


def test_the_count_line_says_how_many_items_are_not_yet_in_the_semantic_index(qtbot, lite_window, tmp_path):
    window: MainWindow = lite_window
    window.bank.import_path(write_jsonl(tmp_path / "new.jsonl", NEW))  # behind the window's back: no refresh
    window.search_page.set_query_text("등고선 간격")
    window.search_page.search_now()
    qtbot.waitUntil(lambda: "N2" in card_ids(window), timeout=WAIT_MS)
    assert window.search_page.outcome.not_indexed == 3
    assert "의미 검색 색인에 아직 없는 문항 3개" in window.search_page.count_label.text()


def test_loading_the_sample_in_the_app_builds_the_lite_index(qtbot, tmp_path):
    bank = ItemBank(tmp_path / "fresh", create=True)
    if bank.profiles.unavailable_reason("lite"):
        pytest.skip(bank.profiles.unavailable_reason("lite"))
    window = make_window(qtbot, bank)
    try:
        with qtbot.waitSignal(window.index_refreshed, timeout=180_000) as built:
            window.start_sample_load()
        assert built.args[0] is not None and built.args[0].indexed == bank.count()
        assert bank.profiles.semantic() is not None and bank.pending() == 0
        qtbot.waitUntil(lambda: "hybrid" in (window.stats or {}).get("search_modes", []), timeout=WAIT_MS)
    finally:
        window.close()
        bank.close()


def show_in_detail(qtbot, window, item_id: str) -> None:
    window.search_page.show_item(item_id)
    qtbot.waitUntil(lambda: window.search_page.detail.item is not None
                    and window.search_page.detail.item.id == item_id, timeout=WAIT_MS)


def test_edit_in_the_detail_pane_with_a_message_under_the_refused_field(qtbot, window):
    show_in_detail(qtbot, window, "M1")
    dialog = window.search_page.edit_current()
    assert dialog.windowTitle() == "문항 M1 수정" and dialog.value_of("choices").splitlines()[1] == "2"
    dialog.set_value("difficulty", "중")
    dialog.set_value("answer", "9")  # a 객관식 answer must be one of the five choices
    dialog._save()
    qtbot.waitUntil(lambda: dialog.errors["answer"].isVisible(), timeout=WAIT_MS)
    assert dialog.errors["answer"].text().startswith("이 값은 저장할 수 없습니다")
    assert window.bank.require("M1").difficulty == "하"  # nothing half-written
    dialog.set_value("answer", "3")
    dialog.set_value("stem", "일차함수 y=3x+1의 그래프의 기울기는?")
    with qtbot.waitSignal(window.bank_changed, timeout=WAIT_MS) as changed:
        dialog._save()
    assert changed.args[0].changed == {"M1"}
    item = window.bank.require("M1")
    assert (item.answer, item.difficulty) == ("3", "중") and "3x+1" in item.stem
    qtbot.waitUntil(lambda: "3x+1" in window.search_page.detail.item.stem, timeout=WAIT_MS)
    assert window.undo_action.isEnabled() and window.undo_action.text().startswith("실행 취소")


def test_delete_with_confirmation_then_ctrl_z_brings_it_back(qtbot, window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    show_in_detail(qtbot, window, "S2")
    window.add_to_basket(["S2", "M2"])
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.No)
    window.search_page.delete_current()
    assert window.bank.get("S2") is not None
    monkeypatch.setattr(QMessageBox, "question", lambda *args: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(window.bank_changed, timeout=WAIT_MS) as changed:
        window.search_page.delete_current()
    assert changed.args[0].removed == {"S2"} and window.bank.get("S2") is None
    assert window.basket_page.ids == ["M2"] and window.search_page.detail.item is None
    qtbot.waitUntil(lambda: "S2" not in card_ids(window) and window.undo_action.isEnabled(), timeout=WAIT_MS)
    with qtbot.waitSignal(window.bank_changed, timeout=WAIT_MS) as undone:
        window.undo_action.trigger()
    assert undone.args[0].added == {"S2"} and window.bank.get("S2") is not None
    qtbot.waitUntil(lambda: "S2" in card_ids(window), timeout=WAIT_MS)


def test_items_written_while_the_app_was_closed_are_indexed_when_it_opens(qtbot, sample_lite_dir, tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(sample_lite_dir, folder)
    offline = ItemBank(folder)
    try:  # as `itembank import --no-index` would leave it
        assert offline.import_path(write_jsonl(tmp_path / "new.jsonl", NEW)).imported == len(NEW)
        assert offline.pending() == len(NEW)
    finally:
        offline.close()
    bank = ItemBank(folder)
    window = MainWindow(bank, persist_settings=False)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.index_refreshed, timeout=120_000) as refreshed:
            window.show()
        assert refreshed.args[0] is not None and bank.pending() == 0
    finally:
        window.close()
        bank.close()
