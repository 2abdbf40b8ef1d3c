"""The honest search page (issue #20): calibrated bands on the cards, the engine's no-match line with
the keyword count, a fresh start for each new search, "← 뒤로" after "비슷한 문항 찾기", searching by an
image file, and disabled controls that say why in visible text. Real banks, real widgets offscreen."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import re
import shutil

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402

from desktop_app.bank_ops import SearchQuery, search_request  # noqa: E402
from desktop_app.widgets.badges import band_text  # noqa: E402
from test_desktop_app import (CORPUS, WAIT_MS, card_ids, corpus_bank, draw_png, isolated_settings,  # noqa: E402,F401
                              open_bank_window, styled_app, window)

BANDS = {"관련도 높음", "관련도 보통", "관련도 낮음"}


def search(qtbot, page, text: str, subject: str = "") -> None:
    combo = page.panel.filters.subject
    combo.blockSignals(True)
    combo.setCurrentIndex(max(combo.findData(subject), 0))
    combo.blockSignals(False)
    page.set_query_text(text)
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        page.search_now()


def engine_result(bank, query: SearchQuery):
    """What the engine itself answers for the panel's query (the page must show exactly this)."""
    return bank.search(search_request(query))


# -- 1. bands, not ratios; raw scores in the detail pane ---------------------------------------------------
def test_cards_show_the_engines_band_and_the_detail_pane_the_raw_stage_scores(qtbot, window):
    page = window.search_page
    search(qtbot, page, "전류 자기장")
    expected = engine_result(window.bank, page.outcome.query)
    assert [h.id for h in expected.hits] == card_ids(window)
    cards = page.results.cards
    assert [c.band_label.text() for c in cards] == [band_text(h.band) for h in expected.hits]
    assert {c.band_label.text() for c in cards} <= BANDS and len({c.band for c in cards}) == 2  # S2 has both words
    for card in cards:
        assert card.band_label.isVisibleTo(card)
        assert not re.search(r"\d\.\d\d", card.plain_text()), card.plain_text()  # no score, no "1.00"
    # the raw scores are in the detail pane's score details, for the card picked
    s1 = next(h for h in expected.hits if h.id == "S1")
    with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
        page.results.select_item("S1")
    text = page.detail.plain_text()
    assert "점수 내역 (검색 단계별 원점수)" in text
    assert f"관련도: {s1.band}" in text
    bm25 = s1.explain["keyword"]["bm25"]
    assert f"키워드 (keyword) — bm25 {bm25:g} · matched" in text, text
    assert "matched 전류" in text
    # a list without a query ranks nothing: no band, no score details
    search(qtbot, page, "")
    assert all(not c.band_label.text() and c.band_label.isHidden() for c in page.results.cards)
    with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
        page.results.setCurrentRow(0)
    assert "점수 내역" not in page.detail.plain_text()


# -- 2. no match / no more matches with the keyword count ----------------------------------------------------
def test_no_match_and_no_more_matches_say_so_with_the_keyword_count(qtbot, window):
    page = window.search_page
    search(qtbot, page, "전류", subject="수학")
    assert page.outcome.count == 0 and page.result_stack.currentWidget() is page.empty_view
    assert page.no_match.isVisible() and not page.empty_label.isVisible()
    assert page.no_match.line.text() == "관련 문항을 찾지 못했습니다"
    assert page.no_match.count.isVisible() and page.no_match.count.text() == "키워드 일치 0건"
    assert page.no_match.plain_text().startswith("관련 문항을 찾지 못했습니다 · 키워드 일치 0건")
    window.switch_language("en")  # the line is the app's own words, so it follows the language
    assert page.no_match.plain_text().startswith("No relevant items found · 0 keyword matches")
    window.switch_language("ko")
    # with matches, the list ends with the engine's line and the keyword count beside it
    search(qtbot, page, "전류")
    expected = engine_result(window.bank, page.outcome.query)
    assert expected.notice == f"관련 문항이 더 없습니다 (키워드 일치 {expected.keyword_count}건)"
    footer = page.results.footer
    assert footer is not None and footer.isVisible()
    assert footer.plain_text() == f"관련 문항이 더 없습니다 · 키워드 일치 {expected.keyword_count}건"
    last = page.results.count() - 1
    assert page.results.itemWidget(page.results.item(last)) is footer  # the list's last row
    assert not page.results.item(last).flags() & Qt.ItemFlag.ItemIsSelectable
    # the keyboard stops at the last card; the notice row is never "selected"
    page.results.setFocus()
    page.results.setCurrentRow(last - 1)
    qtbot.keyClick(page.results, Qt.Key.Key_Down)
    assert page.results.currentRow() == last - 1
    # a filtered list without words is not "no match": it keeps the plain sentence
    search(qtbot, page, "", subject="수학")
    assert page.results.footer is None


def test_on_the_lite_profile_hybrid_stops_at_the_calibrated_threshold(qtbot, sample_lite_dir, tmp_path):
    folder = shutil.copytree(sample_lite_dir, tmp_path / "lite")
    for window in open_bank_window(qtbot, folder):
        page = window.search_page
        search(qtbot, page, "전류", subject="수학")
        assert page.outcome.mode == "hybrid" and page.outcome.count == 0
        assert page.no_match.plain_text().startswith("관련 문항을 찾지 못했습니다 · 키워드 일치 0건")
        search(qtbot, page, "이차방정식의 근과 계수의 관계")
        expected = engine_result(window.bank, page.outcome.query)
        assert expected.exhausted and 0 < len(expected.hits) < page.outcome.query.k
        assert card_ids(window) == [h.id for h in expected.hits]
        assert [c.band for c in page.results.cards] == [h.band for h in expected.hits]
        assert not any("1.00" in c.plain_text() for c in page.results.cards)
        qtbot.waitUntil(lambda: page.results.footer is not None, timeout=WAIT_MS)
        assert page.results.footer.plain_text() == (
            f"관련 문항이 더 없습니다 · 키워드 일치 {expected.keyword_count}건")
        with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
            page.results.setCurrentRow(0)
        first = expected.hits[0]
        text = page.detail.plain_text()
        assert f"cosine {first.explain['semantic']['cosine']}" in text and "rrf" in text


# -- 3. a new search starts fresh ---------------------------------------------------------------------
def test_a_new_search_clears_the_selection_and_the_detail_and_scrolls_to_the_top(qtbot, sample_bank_dir, tmp_path):
    folder = shutil.copytree(sample_bank_dir, tmp_path / "sample")
    for window in open_bank_window(qtbot, folder):
        page = window.search_page
        window.resize(792, 561)
        search(qtbot, page, "방정식")
        first = card_ids(window)
        search_ids = [h.id for h in engine_result(window.bank, SearchQuery(text="이차방정식")).hits]
        kept = next(i for i in first[8:] if i in search_ids[6:])  # far down in both lists
        with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
            page.results.select_item(kept)
        assert page.results.verticalScrollBar().value() > 0 and page.detail.item.id == kept
        search(qtbot, page, "이차방정식")
        qtbot.waitUntil(lambda: len(page.results.cards) == len(search_ids), timeout=WAIT_MS)
        qtbot.wait(50)
        assert kept in card_ids(window)
        assert page.results.currentRow() == -1 and page.results.current_item_id() is None
        assert page.detail.item is None and not page.add_button.isEnabled()
        assert page.results.verticalScrollBar().value() == 0
        # the same search once more (after an edit, or "결과 더 보기") keeps the teacher's place
        with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
            page.results.select_item(kept)
        with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
            page.search_now()
        assert page.results.current_item_id() == kept and page.detail.item.id == kept


# -- 4. back from "비슷한 문항 찾기" --------------------------------------------------------------------
def test_back_returns_to_the_query_its_results_and_its_selection(qtbot, window):
    page = window.search_page
    assert not page.back_button.isVisibleTo(page) and not page.can_go_back
    search(qtbot, page, "전류")
    before = card_ids(window)
    with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
        page.results.select_item("S1")
    scroll = page.results.verticalScrollBar().value()
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        qtbot.mouseClick(page.similar_button, Qt.MouseButton.LeftButton)
    assert page.outcome.query.similar_to == "S1" and "S1와(과) 비슷한 문항" in page.count_label.text()
    assert page.back_button.isVisible() and page.back_button.text() == "← 뒤로"
    # a second step: similar to the first neighbour
    neighbour = card_ids(window)[0]
    with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
        page.results.select_item(neighbour)
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        page.find_similar(neighbour)
    assert page.outcome.query.similar_to == neighbour
    # the button goes one step back: the first similar list with its selection
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        qtbot.mouseClick(page.back_button, Qt.MouseButton.LeftButton)
    assert page.outcome.query.similar_to == "S1"
    assert page.results.current_item_id() == neighbour and page.detail.item.id == neighbour
    assert page.back_button.isVisible()
    # Alt+← goes back to the words the teacher typed, the same results and S1 selected
    window.activateWindow()  # a shortcut needs the window the teacher types in to be the active one
    qtbot.waitUntil(window.isActiveWindow, timeout=WAIT_MS)
    page.results.setFocus()
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        qtbot.keyClick(page.results, Qt.Key.Key_Left, Qt.KeyboardModifier.AltModifier)
    assert page.outcome.query.text == "전류" and page.outcome.query.similar_to is None
    assert card_ids(window) == before
    assert page.results.current_item_id() == "S1" and page.detail.item.id == "S1"
    assert page.results.verticalScrollBar().value() == scroll
    assert not page.back_button.isVisible() and not page.can_go_back
    # a search of its own leaves the trail behind
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        page.find_similar("S1")
    assert page.back_button.isVisible()
    search(qtbot, page, "함수")
    assert not page.back_button.isVisible() and page.go_back() is None


# -- 5. + 6. search by an image file; disabled controls say why --------------------------------------------------
def test_without_the_packs_the_controls_are_disabled_with_the_reason_beside_them(qtbot, window):
    panel = window.search_page.panel
    qtbot.waitUntil(lambda: window.stats is not None, timeout=WAIT_MS)
    assert not panel.rerank.check.isEnabled()
    assert panel.rerank.reason.isVisible()
    assert panel.rerank.reason.text() == "재순위 모델 팩이 설치되어 있지 않습니다 — 모델 화면에서 설치"
    assert not panel.image_button.isEnabled() and panel.image_button.text() == "그림 파일로 검색…"
    assert panel.image_reason.isVisible()
    assert panel.image_reason.text() == "그림 검색에는 Qwen3-VL 모델 팩이 필요합니다 — 모델 화면에서 설치"
    assert panel.mode_reason.isVisible() and "모델 팩" in panel.mode_reason.text()
    # each reason is right next to its control: the image one beside the button, the others just under theirs
    def box(widget):
        return widget.rect().translated(widget.mapTo(panel, widget.rect().topLeft()))

    button, reason = box(panel.image_button), box(panel.image_reason)
    assert 0 <= reason.left() - button.right() <= 20 and abs(reason.center().y() - button.center().y()) < 20
    for control, under in ((panel.rerank, panel.rerank.reason), (panel.modes, panel.mode_reason)):
        above, below = box(control), box(under)
        assert 0 <= below.top() - above.bottom() <= 12 and abs(below.left() - above.left()) <= 4
    window.switch_language("en")
    assert panel.rerank.reason.text().startswith("No reranker model pack is installed")


def test_search_by_an_image_file_from_the_file_dialog(qtbot, sample_qwen_dir, tmp_path, monkeypatch):
    folder = shutil.copytree(sample_qwen_dir, tmp_path / "qwen")
    figure = draw_png(tmp_path / "질문 그림.png", "triangle")
    not_image = tmp_path / "notes.png"
    not_image.write_text("not a picture", encoding="utf-8")
    for window in open_bank_window(qtbot, folder):
        page, panel = window.search_page, window.search_page.panel
        qtbot.waitUntil(lambda: window.stats is not None and panel.image_search_available, timeout=WAIT_MS)
        assert panel.image_button.isEnabled() and not panel.image_reason.isVisible()
        assert panel.rerank.check.isEnabled() and not panel.rerank.reason.isVisible()
        asked = []
        chosen = [""]

        def fake_dialog(parent, title, folder_, filters):
            asked.append((title, filters))
            return chosen[0], filters

        monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_dialog))
        qtbot.mouseClick(panel.image_button, Qt.MouseButton.LeftButton)  # cancelled: nothing happens
        assert asked and asked[0][0] == "검색할 그림 파일 고르기" and "*.png" in asked[0][1]
        assert panel.chip.path is None
        chosen[0] = str(not_image)
        qtbot.mouseClick(panel.image_button, Qt.MouseButton.LeftButton)
        assert "그림 파일이 아닙니다: notes.png" in page.message_banner.message_text()
        assert panel.chip.path is None
        chosen[0] = str(figure)
        qtbot.mouseClick(panel.image_button, Qt.MouseButton.LeftButton)
        assert panel.chip.isVisible() and panel.chip.path == figure
        qtbot.waitUntil(lambda: page.outcome.query.image == str(figure) and not page.controller.pending,
                        timeout=60_000)
        assert page.outcome.count > 0 and not page.message_banner.isVisible()
        assert all(c.band_label.text() in BANDS for c in page.results.cards)
