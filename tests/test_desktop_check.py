"""The 관리 page's "검사": ``ItemBank.check`` off the GUI thread on a real bank with a planted problem, the
finding shown in Korean, "복구" offered only for what can be rebuilt, and the repair really done."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from conftest import draw_figure, write_jsonl  # noqa: E402
from desktop_app.i18n import set_language  # noqa: E402
from engine.api import LITE_PROFILE, ItemBank, SearchRequest  # noqa: E402
from engine.models.lite import lite_unavailable_reason  # noqa: E402
from test_desktop_app import WAIT_MS, make_window  # noqa: E402
from test_integrity import CORPUS, _damage_tail, _flip_byte, _index_file  # noqa: E402

needs_lite = pytest.mark.skipif(lite_unavailable_reason() is not None,
                                reason=f"lite model unavailable: {lite_unavailable_reason()}")


def _bank(tmp_path) -> ItemBank:
    draw_figure(tmp_path / "src" / "tri.png", "triangle")
    bank = ItemBank(tmp_path / "bank", create=True)
    bank.import_path(write_jsonl(tmp_path / "src" / "c.jsonl", [
        *CORPUS, {"id": "TRI", "subject": "수학", "stem": "삼각형의 넓이를 구하시오.", "images": ["tri.png"]}]))
    return bank


def _admin_page(qtbot, bank):
    set_language("ko")  # as desktop_app.main does with the saved language
    window = make_window(qtbot, bank)
    window.show_page("admin")
    return window, window.admin_page.check_card


def _run(qtbot, card, button):
    with qtbot.waitSignal(card.checked, timeout=WAIT_MS) as done:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: card.job.isVisible() or card.report is not None, timeout=WAIT_MS)
    return done.args[0]


@needs_lite
def test_a_damaged_index_file_is_found_in_korean_and_repaired(qtbot, tmp_path):
    bank = _bank(tmp_path)
    bank.profiles.build_index(LITE_PROFILE)
    window, card = _admin_page(qtbot, bank)
    try:
        qtbot.waitUntil(lambda: window.search_page.outcome is not None, timeout=WAIT_MS)
        _damage_tail(_index_file(tmp_path / "bank"))  # while the app runs, after it loaded the index
        assert card.isVisible() and card.check_button.text() == "검사" and not card.repair_button.isVisible()
        report = _run(qtbot, card, card.check_button)
        assert [p.kind for p in report.problems] == ["index"] and not report.ok
        assert card.summary.text() == "문제 1개를 찾았습니다."
        findings = card.findings.toPlainText()
        assert f"문제 · 검색 색인 {LITE_PROFILE}: " in findings and "체크섬과 맞지 않습니다" in findings
        assert "→ 해결: `itembank index --profile lite`(또는 '복구')로 다시 만듭니다" in findings
        assert card.repair_button.isVisible() and card.repair_button.text() == "복구"

        report = _run(qtbot, card, card.repair_button)
        assert report.ok and report.problems[0].fixed
        assert card.summary.text().startswith("복구했습니다. 남은 문제가 없습니다")
        assert f"고침 · 검색 색인 {LITE_PROFILE}" in card.findings.toPlainText()
        assert not card.repair_button.isVisible()
        assert bank.check().ok  # the file on disk is sound again
        assert bank.search(SearchRequest(text="삼각형의 넓이", mode="semantic")).mode == "semantic"
    finally:
        window.close()
        bank.close()


def test_a_lost_keyword_row_is_repaired_and_a_damaged_figure_is_not_offered_a_repair(qtbot, tmp_path):
    bank = _bank(tmp_path)
    with bank.catalog.transaction() as tx:
        tx.execute("DELETE FROM items_fts WHERE rowid IN (SELECT item_key FROM items WHERE id = 'TRI')")
    window, card = _admin_page(qtbot, bank)
    try:
        report = _run(qtbot, card, card.check_button)
        assert [p.kind for p in report.problems] == ["keyword_index"]
        assert "문제 · 키워드 색인 items_fts:" in card.findings.toPlainText() and card.repair_button.isVisible()
        report = _run(qtbot, card, card.repair_button)
        assert report.ok and "TRI" in [h.id for h in bank.search(SearchRequest(text="삼각형의 넓이",
                                                                                mode="keyword")).hits]

        _flip_byte(bank.image_path(bank.require("TRI").images[0]))
        report = _run(qtbot, card, card.check_button)
        assert [p.kind for p in report.problems] == ["figure"] and not report.repairable
        findings = card.findings.toPlainText()
        assert "문제 · 그림 assets/" in findings and "파일 내용이 sha256과 맞지 않습니다; 쓰는 문항: TRI" in findings
        assert "→ 해결: 이 그림을 쓰는 문항을 원본 파일에서 다시 가져오거나 백업을 복원하세요" in findings
        assert not card.repair_button.isVisible()  # a figure cannot be rebuilt: the advice says what to do

        window.switch_language("en")
        assert "problem · figure assets/" in card.findings.toPlainText()  # the labels follow the menu
    finally:
        window.close()
        bank.close()
