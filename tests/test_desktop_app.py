"""The desktop window on real banks (SQLite files, PNG figures), driven offscreen with pytest-qt.

Searches, imports and the sample load really run on the worker threads; the tests wait on the
window's own signals and check what a teacher would see (cards, banners, the detail pane).
"""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"  # before Qt is imported anywhere

import json
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import QMimeData, QPointF, Qt, QTimer, QUrl  # noqa: E402
from PySide6.QtGui import QDropEvent, QGuiApplication, QImage, QInputMethodEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from desktop_app import settings as app_settings  # noqa: E402
from desktop_app.bank_ops import sample_bank_file  # noqa: E402
from desktop_app.errors import NEEDS_MODEL_PACK, describe  # noqa: E402
from desktop_app.i18n import STRINGS, set_language, tr  # noqa: E402
from desktop_app.main import open_bank, setup_application  # noqa: E402
from desktop_app.main_window import MainWindow  # noqa: E402
from engine.api import Busy, ItemBank, ItemNotFoundError, SearchUnavailableError  # noqa: E402
from engine.vocab import VocabularyError  # noqa: E402

WAIT_MS = 15_000

CORPUS = [
    {"id": "M1", "subject": "수학", "grade": "중2", "type": "객관식", "difficulty": "하",
     "standard": "[9수03-01]", "unit": "일차함수", "source": "단원평가", "tags": ["기울기", "그래프"],
     "stem": "일차함수 y=2x+3의 그래프의 기울기는?", "choices": ["1", "2", "3", "4", "5"], "answer": "2",
     "explanation": "y=ax+b에서 기울기는 a이다."},
    {"id": "M2", "subject": "수학", "grade": "중3", "type": "객관식", "difficulty": "중",
     "standard": "[9수02-07]", "unit": "이차방정식",
     "stem": "이차방정식 x²-5x+6=0의 두 근의 합은?", "choices": ["2", "3", "5", "6", "-5"], "answer": "3",
     "explanation": "근과 계수의 관계에서 두 근의 합은 5이다."},
    {"id": "M4", "subject": "수학", "grade": "고1", "type": "서술형", "difficulty": "상",
     "standard": "[10수학01-03]", "unit": "이차함수", "images": ["parabola.png"],
     "stem": "그림은 이차함수의 그래프이다. 이차함수의 그래프와 직선의 위치 관계를 판별식으로 설명하시오.",
     "answer": "D>0이면 두 점에서 만난다"},
    {"id": "S1", "subject": "과학", "grade": "중2", "type": "객관식", "difficulty": "하",
     "standard": "[9과05-02]", "unit": "전기와 자기", "images": ["circuit.png"],
     "stem": "저항이 2Ω인 전구에 6V의 전압을 걸었을 때 흐르는 전류의 세기는?",
     "choices": ["1A", "2A", "3A", "4A", "12A"], "answer": "3", "explanation": "I = V/R = 3A"},
    {"id": "S2", "subject": "과학", "grade": "중2", "type": "단답형", "difficulty": "중",
     "standard": "[9과05-03]", "unit": "전기와 자기",
     "stem": "전류가 흐르는 도선 주위에 생기는 자기장의 방향을 알아내는 방법은?", "answer": "오른손 법칙"},
    {"id": "K1", "subject": "국어", "grade": "중1", "type": "객관식", "difficulty": "중",
     "standard": "[9국05-01]", "unit": "시의 표현",
     "stem": "이 시의 화자가 느끼는 정서로 가장 적절한 것은?",
     "passage": "봄바람 불어와 창문을 두드리면\n나는 멀리 떠난 친구를 생각한다",
     "choices": ["그리움", "분노", "기쁨", "두려움", "부끄러움"], "answer": "1"},
]


# -- helpers -----------------------------------------------------------------------------------
def draw_png(path: Path, kind: str = "triangle") -> Path:
    image = Image.new("RGB", (240, 180), "white")
    draw = ImageDraw.Draw(image)
    if kind == "circuit":
        draw.rectangle([30, 30, 210, 150], outline="black", width=3)
    elif kind == "parabola":
        draw.line([(20 + x, 160 - (x - 100) ** 2 // 70) for x in range(0, 200, 5)], fill="blue", width=3)
    else:
        draw.polygon([(20, 160), (220, 160), (20, 20)], outline="black", width=3)
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path)
    return path


def write_jsonl(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), encoding="utf-8")
    return path


def let_the_window_settle(qtbot) -> None:
    """Let the just-shown window finish its first paint (~70 ms offscreen, fonts and all) before a
    measurement: a teacher starts a job in a window that has long been drawn, and that first paint is
    not the job blocking anything."""
    qtbot.wait(250)


class TickMonitor:
    """A 10 ms QTimer on the GUI thread. The longest gap between start, the ticks and stop shows
    whether the GUI thread was blocked (a blocked loop delays the next tick by the blocking time)."""

    def __init__(self) -> None:
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(self._tick)
        self.started = 0.0
        self.last = 0.0
        self.max_gap = 0.0
        self.ticks = 0
        self.elapsed = 0.0

    def _tick(self) -> None:
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self.last)
        self.last = now
        self.ticks += 1

    def start(self) -> None:
        self.started = self.last = time.perf_counter()
        self.timer.start()

    def stop(self) -> None:
        self.timer.stop()
        now = time.perf_counter()
        self.max_gap = max(self.max_gap, now - self.last)
        self.elapsed = now - self.started


def type_korean(widget, text: str) -> None:
    """Type like a Korean IME does: each finished syllable arrives as an input-method commit.
    (QTest.keyClicks only knows ASCII keys.)"""
    widget.setFocus()
    for syllable in text:
        event = QInputMethodEvent()
        event.setCommitString(syllable)
        QApplication.sendEvent(widget, event)


def card_texts(window: MainWindow) -> list[str]:
    return [card.plain_text() for card in window.search_page.results.cards]


def card_ids(window: MainWindow) -> list[str]:
    return [card.item.id for card in window.search_page.results.cards]


def shown_query(window: MainWindow) -> str | None:
    outcome = window.search_page.outcome
    return outcome.query.text if outcome is not None else None


# -- fixtures ----------------------------------------------------------------------------------
@pytest.fixture(scope="session")
def styled_app(qapp):
    setup_application(qapp)
    return qapp


@pytest.fixture(autouse=True)
def isolated_settings(tmp_path, styled_app):
    """Never read or write the teacher's real settings; Korean unless a test switches."""
    app_settings.use_settings_dir(tmp_path / "settings")
    set_language("ko")
    yield
    set_language("ko")


@pytest.fixture
def corpus_bank(backend, tmp_path):
    """The corpus on each storage backend: the window's tests run against both unchanged."""
    source = tmp_path / "source"
    draw_png(source / "parabola.png", "parabola")
    draw_png(source / "circuit.png", "circuit")
    bank = ItemBank(tmp_path / "bank", create=True, backend=backend)
    report = bank.import_path(write_jsonl(source / "items.jsonl", CORPUS))
    assert report.imported == len(CORPUS) and not report.skipped
    yield bank
    bank.close()


def make_window(qtbot, bank: ItemBank, persist: bool = False) -> MainWindow:
    window = MainWindow(bank, persist_settings=persist)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.bank_ready, timeout=WAIT_MS):
        window.show()
    return window


def open_bank_window(qtbot, folder) -> Iterator[MainWindow]:
    """A window on the bank in `folder`, shown once its first results are up; closes both after."""
    bank = ItemBank(folder)
    window = make_window(qtbot, bank)
    qtbot.waitUntil(lambda: window.search_page.outcome is not None, timeout=WAIT_MS)
    yield window
    window.close()
    bank.close()


@pytest.fixture
def window(qtbot, corpus_bank):
    win = make_window(qtbot, corpus_bank)
    # the first page shows the bank from the start, without a query
    qtbot.waitUntil(lambda: win.search_page.outcome is not None, timeout=WAIT_MS)
    yield win
    win.close()


@pytest.fixture
def empty_window(qtbot, tmp_path):
    bank = ItemBank(tmp_path / "fresh", create=True)
    win = make_window(qtbot, bank)
    yield win
    win.close()
    bank.close()


# -- searching ---------------------------------------------------------------------------------
def test_typing_a_korean_query_shows_matching_cards(qtbot, window):
    page = window.search_page
    before = page.controller.generation
    type_korean(page.panel.query, "전류")
    assert page.panel.query.text() == "전류"
    qtbot.waitUntil(lambda: shown_query(window) == "전류", timeout=WAIT_MS)
    qtbot.waitUntil(lambda: page.count_label.text() == "검색 결과 2건", timeout=WAIT_MS)
    assert set(card_ids(window)) == {"S1", "S2"}
    assert any("저항이 2Ω인 전구에 6V의 전압" in text for text in card_texts(window))
    assert all("과학" in text for text in card_texts(window))
    # two keystrokes inside the debounce window are one search, not two
    assert page.controller.generation - before == 1
    # a new search starts with nothing selected (the old item does not linger on the right); ↓ picks the best
    assert page.results.currentRow() == -1 and page.detail.item is None
    page.panel.query.setFocus()
    qtbot.keyClick(page.panel.query, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: page.detail.item is not None and page.detail.item.id == card_ids(window)[0])


@pytest.mark.skipif(sample_bank_file() is None, reason="assets/sample_bank/items.jsonl is not there yet")
def test_typing_into_the_window_searches_the_bundled_sample_bank(qtbot, tmp_path):
    bank = ItemBank(tmp_path / "sample", create=True)
    assert bank.load_sample().imported > 0
    window = make_window(qtbot, bank)
    try:
        page = window.search_page
        type_korean(page.panel.query, "이차방정식")
        qtbot.waitUntil(lambda: shown_query(window) == "이차방정식", timeout=WAIT_MS)
        cards = page.results.cards
        assert cards and page.count_label.text().startswith("검색 결과")
        assert "이차방정식" in cards[0].plain_text()
        assert all(card.item.subject == "수학" for card in cards[:3])
    finally:
        window.close()
        bank.close()


def test_enter_searches_at_once_and_other_words_find_other_items(qtbot, window):
    page = window.search_page
    page.set_query_text("함수")
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        qtbot.keyClick(page.panel.query, Qt.Key.Key_Return)
    assert set(card_ids(window)) == {"M1", "M4"}
    assert page.count_label.text() == "검색 결과 2건"
    # the matched word is what the card leads with
    assert any("일차함수 y=2x+3" in text for text in card_texts(window))


def test_a_filter_combo_narrows_the_results(qtbot, window):
    page = window.search_page
    page.set_query_text("함수")
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        page.search_now()
    assert set(card_ids(window)) == {"M1", "M4"}
    grade = page.panel.filters.grade
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        grade.setCurrentIndex(grade.findData("고1"))
    assert card_ids(window) == ["M4"]
    assert "고1" in card_texts(window)[0]
    assert page.outcome.query.filters.grade == "고1"
    # and the subject filter on an empty query lists only that subject
    page.set_query_text("")
    grade.setCurrentIndex(0)
    subject = page.panel.filters.subject
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        subject.setCurrentIndex(subject.findData("과학"))
    assert set(card_ids(window)) == {"S1", "S2"}
    assert page.count_label.text() == "조건에 맞는 문항 2건"


def test_the_first_page_lists_the_bank_from_the_start(window):
    assert window.search_page.count_label.text() == f"전체 문항 {len(CORPUS)}건"
    assert card_ids(window) == [r["id"] for r in CORPUS]
    assert all("관련도" not in text for text in card_texts(window))  # nothing is ranked without a query


def test_show_more_extends_the_list(qtbot, window):
    page = window.search_page
    page.panel.result_count = 4
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        page.search_now()
    assert len(card_ids(window)) == 4
    assert page.count_label.text() == f"전체 {len(CORPUS)}건 중 처음 4건"
    assert page.more_button.isVisible()
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        qtbot.mouseClick(page.more_button, Qt.MouseButton.LeftButton)
    assert len(card_ids(window)) == len(CORPUS)
    assert not page.more_button.isVisible()


def test_a_newer_query_supersedes_an_older_one(qtbot, window):
    page = window.search_page
    rendered: list[int] = []
    page.results_rendered.connect(rendered.append)
    page.set_query_text("함수")
    first = page.search_now()
    page.set_query_text("전류")
    second = page.search_now()
    qtbot.waitUntil(lambda: second in rendered, timeout=WAIT_MS)
    qtbot.wait(100)  # give a late answer for the first query the chance to (wrongly) arrive
    assert first not in rendered
    assert shown_query(window) == "전류"
    assert set(card_ids(window)) == {"S1", "S2"}


def test_cards_show_thumbnails_and_badges_and_the_detail_shows_the_whole_item(qtbot, window):
    page = window.search_page
    page.set_query_text("전류")
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        page.search_now()
    cards = {card.item.id: card for card in page.results.cards}
    assert cards["S1"].thumb is not None and not cards["S1"].thumb.pixmap().isNull()
    assert cards["S2"].thumb is None  # no figure, no empty frame
    assert [b.text() for b in cards["S1"].badges][:3] == ["과학", "중2", "객관식"]
    with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
        page.results.select_item("S1")
    text = page.detail.plain_text()
    for expected in ("①  1A", "⑤  12A", "정답", "③", "해설", "I = V/R = 3A", "전기와 자기",
                     "[9과05-02]", "S1"):
        assert expected in text
    figures = [label for label, _pixmap in page.detail._figure_labels]
    assert len(figures) == 1 and figures[0].pixmap().width() == 240  # full size
    dialog = page.open_item_dialog("S1")
    assert dialog is not None and "저항이 2Ω인" in dialog.pane.plain_text()
    dialog.close()


def test_unavailable_modes_are_disabled_with_a_model_pack_tooltip(window):
    modes = window.search_page.panel.modes
    assert modes.button("keyword").isEnabled() and modes.button("auto").isEnabled()
    for mode in ("semantic", "hybrid"):
        assert not modes.button(mode).isEnabled()
        assert "모델 팩" in modes.button(mode).toolTip()
    assert window.search_page.model_banner.isVisible()
    assert window.search_page.model_banner.message_text() == (
        "키워드 검색만 사용 중입니다. 모델 팩을 설치하면 의미 검색과 그림 검색을 쓸 수 있습니다 ('모델·설정' 화면).")
    if window.bank.catalog.backend == "sqlite":
        assert window.status.data_label.text().startswith("데이터 폴더:") and "/bank" in window.status.data_label.text()
    else:  # a district bank says where its items are (without a password) and keeps the folder in the tooltip
        assert window.status.data_label.text().startswith("문항 DB(교육청 서버): postgresql://")
        assert "/bank" in window.status.data_label.toolTip()
    assert window.status.items_label.text() == f"문항 {len(CORPUS)}개"
    assert window.status.mode_label.text() == "검색 방식: 키워드"


# -- image queries -------------------------------------------------------------------------------
def drop(window: MainWindow, mime: QMimeData) -> QDropEvent:
    event = QDropEvent(QPointF(200, 200), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    return event


def test_dropping_an_image_runs_an_image_search_and_explains_the_model_pack(qtbot, window, tmp_path):
    page = window.search_page
    png = draw_png(tmp_path / "query figure.png", "circuit")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png))])
    with qtbot.waitSignal(page.search_failed, timeout=WAIT_MS) as failed:
        event = drop(window, mime)
    assert event.isAccepted()
    assert page.panel.chip.isVisible() and page.panel.chip.path == png
    assert page.outcome.query.image is None  # the failed image search did not replace the cards
    banner = page.message_banner
    assert banner.isVisible()
    assert "그림 검색에는 Qwen3-VL 모델 팩이 필요합니다" in banner.message_text()
    assert "itembank models install PACK" in banner.message_text()
    assert "그림 검색에는 Qwen3-VL 모델 팩이 필요합니다" in banner.detail_text()  # the engine speaks the app's language
    assert failed.args[1] == banner.message_text()
    # ✕ on the chip clears the image and goes back to a text search
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        qtbot.mouseClick(page.panel.chip._close, Qt.MouseButton.LeftButton)
    assert not page.panel.chip.isVisible() and page.panel.chip.path is None
    assert not banner.isVisible()
    assert page.model_banner.isVisible()  # the general notice is back
    assert page.outcome.query.image is None


def test_text_plus_dropped_image_sends_both_to_the_engine(qtbot, window, tmp_path):
    page = window.search_page
    page.set_query_text("전류")
    png = draw_png(tmp_path / "q.png")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(png))])
    queries = []
    page.controller.started.connect(lambda _g, q: queries.append(q))
    with qtbot.waitSignal(page.search_failed, timeout=WAIT_MS) as failed:
        drop(window, mime)
    image_query = next(q for q in queries if q.image)
    assert image_query.text == "전류" and image_query.image == str(png)
    # meanwhile the words alone still find items, shown under the explanation
    qtbot.waitUntil(lambda: page.outcome.generation == page.fallback_generation, timeout=WAIT_MS)
    assert page.fallback_generation > failed.args[0]
    assert set(card_ids(window)) == {"S1", "S2"}
    assert page.count_label.text() == "검색 결과 2건 · 그림 없이 글자로만 찾은 결과"
    assert page.message_banner.isVisible() and "Qwen3-VL" in page.message_banner.message_text()
    assert not page.model_banner.isVisible()  # no second banner saying the same thing


def test_dropping_a_file_that_is_not_an_image_says_so(qtbot, window, tmp_path):
    text_file = tmp_path / "notes.png"
    text_file.write_text("not really a picture", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(text_file))])
    event = drop(window, mime)
    assert not event.isAccepted()
    banner = window.search_page.message_banner
    assert banner.isVisible() and "그림 파일이 아닙니다: notes.png" in banner.message_text()
    assert not window.search_page.panel.chip.isVisible()


def test_ctrl_v_with_an_image_on_the_clipboard_searches_by_it(qtbot, window):
    page = window.search_page
    image = QImage(120, 80, QImage.Format.Format_RGB32)
    image.fill(Qt.GlobalColor.white)
    QGuiApplication.clipboard().setImage(image)
    if not QGuiApplication.clipboard().mimeData().hasImage():
        pytest.skip("this Qt platform plugin has no clipboard")
    page.panel.query.setFocus()
    with qtbot.waitSignal(page.search_failed, timeout=WAIT_MS):
        qtbot.keyClick(page.panel.query, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert page.panel.chip.path is not None and page.panel.chip.path.suffix == ".png"
    assert page.panel.query.text() == ""  # nothing was pasted as text
    assert "Qwen3-VL" in page.message_banner.message_text()
    QGuiApplication.clipboard().clear()


# -- first start, sample load, imports -------------------------------------------------------------
def test_first_start_on_an_empty_bank_offers_the_sample_and_import(empty_window):
    page = empty_window.first_start
    assert empty_window.pages.currentWidget() is not empty_window.search_page
    assert page.isVisible()
    assert page.sample_button.text() == "샘플 문항 불러오기"
    assert page.import_button.text() == "파일 가져오기…"
    assert page.sample_button.isEnabled() == (sample_bank_file() is not None)
    assert str(empty_window.bank.paths.root) in page.hint.text()


def test_open_bank_creates_a_bank_in_a_fresh_default_data_dir(tmp_path, monkeypatch):
    target = tmp_path / "user-data" / "itembank"
    monkeypatch.setenv("ITEMBANK_DATA_DIR", str(target))
    assert not ItemBank.exists(None)
    bank = open_bank(None)
    try:
        assert ItemBank.exists(None) and bank.stats()["items"] == 0
    finally:
        bank.close()


@pytest.mark.skipif(sample_bank_file() is None,
                    reason="assets/sample_bank/items.jsonl is not there yet (the sample bank is "
                           "written separately); the threaded load is covered by the import test")
def test_loading_the_sample_runs_in_the_background_without_blocking_the_gui(qtbot, empty_window):
    monitor = TickMonitor()
    progress: list[int] = []
    empty_window.first_start.progress.valueChanged.connect(progress.append)
    let_the_window_settle(qtbot)
    monitor.start()
    with qtbot.waitSignal(empty_window.job_finished, timeout=60_000) as finished:
        qtbot.mouseClick(empty_window.first_start.sample_button, Qt.MouseButton.LeftButton)
        assert empty_window.first_start.progress.isVisible()  # the click returned at once
    monitor.stop()
    report = finished.args[0]
    assert report.imported > 0 and not report.skipped
    assert progress, "the progress bar never moved"
    assert monitor.max_gap < 0.100, f"GUI thread blocked for {monitor.max_gap * 1000:.0f} ms"
    qtbot.waitUntil(lambda: empty_window.pages.currentWidget() is empty_window.search_page,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: len(empty_window.search_page.results.cards) > 0, timeout=WAIT_MS)
    assert empty_window.item_count() == report.imported


def big_import_file(folder: Path, rows: int) -> Path:
    subjects = ["수학", "과학", "국어", "사회", "영어"]
    records = [{"subject": subjects[n % 5], "grade": f"중{n % 3 + 1}", "type": "객관식",
                "difficulty": "상중하"[n % 3], "unit": f"단원 {n % 17}",
                "stem": f"{n}번 문항: 다음 중 전류와 전압의 관계를 {n}가지 방법으로 설명한 것으로 옳은 것은?",
                "choices": [f"보기 {n}-{c}" for c in range(1, 6)], "answer": str(n % 5 + 1)}
               for n in range(rows)]
    records.insert(2, {"subject": "수학", "stem": ""})                # row 3: empty stem
    records.insert(4, {"subject": "점성술", "stem": "별자리 문항"})     # row 5: unknown subject
    records.append(records[0])                                          # last row: duplicate
    return write_jsonl(folder / "big.jsonl", records)


def test_importing_a_file_runs_in_the_background_and_reports_every_row(qtbot, empty_window, tmp_path):
    path = big_import_file(tmp_path, 4000)  # ~0.4 s of work: a blocked GUI would show
    monitor = TickMonitor()
    let_the_window_settle(qtbot)
    monitor.start()
    with qtbot.waitSignal(empty_window.job_finished, timeout=120_000) as finished:
        assert empty_window.start_import(path) is not None
        assert empty_window.first_start.progress.isVisible()
    monitor.stop()
    report = finished.args[0]
    assert report.imported == 4000 and len(report.skipped) == 2 and len(report.duplicates) == 1
    assert monitor.elapsed > 0.15 and monitor.ticks > 5  # long enough for the check to mean something
    assert monitor.max_gap < 0.100, f"GUI thread blocked for {monitor.max_gap * 1000:.0f} ms"
    dialog = empty_window._report_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.summary.text() == "가져온 문항 4000개 · 갱신 0개 · 건너뛴 행 2개 · 중복 1개"
    details = dialog.details.toPlainText()
    assert "big.jsonl:3:stem:" in details
    assert "big.jsonl:5:subject: 모르는 과목 '점성술'입니다" in details
    assert "big.jsonl:4003: 이미 있는 문항" in details
    dialog.close()
    qtbot.waitUntil(lambda: empty_window.pages.currentWidget() is empty_window.search_page,
                    timeout=WAIT_MS)
    qtbot.waitUntil(lambda: empty_window.status.items_label.text() == "문항 4000개", timeout=WAIT_MS)


def test_cancelling_an_import_leaves_the_bank_unchanged(qtbot, window, tmp_path):
    path = big_import_file(tmp_path, 3000)
    with qtbot.waitSignal(window.job_finished, timeout=120_000) as finished:
        window.start_import(path)
        assert window.status.job_cancel.isVisible()
        window.cancel_job()
    report = finished.args[0]
    # cancelled before it started (None) or stopped between rows and rolled back
    assert report is None or report.cancelled
    if report is not None:
        assert window._report_dialog.summary.text() == "가져오기를 취소했습니다. 문항 은행은 바뀌지 않았습니다."
    qtbot.waitUntil(lambda: not window.job_runner.busy, timeout=WAIT_MS)
    assert window.bank.stats()["items"] == len(CORPUS)
    assert not window.status.job_cancel.isVisible()


def test_an_import_of_a_missing_file_is_a_sentence_not_a_traceback(qtbot, empty_window, tmp_path):
    with qtbot.waitSignal(empty_window.job_failed, timeout=WAIT_MS) as failed:
        empty_window.start_import(tmp_path / "없는 파일.csv")
    assert failed.args[0].startswith("파일을 가져올 수 없습니다:")
    assert "Traceback" not in failed.args[0]
    assert empty_window.first_banner.isVisible()
    assert empty_window.first_start.import_button.isEnabled()


# -- language, settings, messages -------------------------------------------------------------------
def test_switching_to_english_retranslates_and_is_remembered(qtbot, corpus_bank):
    window = make_window(qtbot, corpus_bank, persist=True)
    qtbot.waitUntil(lambda: window.search_page.outcome is not None, timeout=WAIT_MS)
    assert window.search_page.panel.search_button.text() == "검색"
    window.language_actions["en"].trigger()
    assert window.search_page.panel.search_button.text() == "Search"
    assert window.search_page.panel.modes.button("semantic").text() == "Semantic"
    assert window.search_page.model_banner.message_text().startswith("Using keyword search only")
    assert window.status.items_label.text() == f"{len(CORPUS)} items"
    assert app_settings.saved_language() == "en"
    window.close()


def test_dismissing_the_model_pack_notice_is_remembered(qtbot, corpus_bank):
    first = make_window(qtbot, corpus_bank, persist=True)
    banner = first.search_page.model_banner
    assert banner.isVisible()
    qtbot.mouseClick(banner._close, Qt.MouseButton.LeftButton)
    assert not banner.isVisible()
    first.close()
    second = make_window(qtbot, corpus_bank, persist=True)
    assert not second.search_page.model_banner.isVisible()
    second.banner_action.trigger()  # 보기 → 모델 팩 안내 다시 보기
    assert second.search_page.model_banner.isVisible()
    second.close()


def test_arrow_down_moves_from_the_query_box_to_the_cards(qtbot, window):
    page = window.search_page
    page.panel.query.setFocus()
    qtbot.keyClick(page.panel.query, Qt.Key.Key_Down)
    assert page.results.hasFocus() or QApplication.focusWidget() is page.results
    with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS) as shown:
        qtbot.keyClick(page.results, Qt.Key.Key_Down)
    assert shown.args[0] == card_ids(window)[1]


def test_window_geometry_is_remembered(qtbot, corpus_bank):
    first = make_window(qtbot, corpus_bank, persist=True)
    first.resize(792, 561)  # within the offscreen screen (800x600)
    first.close()
    second = make_window(qtbot, corpus_bank, persist=True)
    assert (second.width(), second.height()) == (792, 561)
    second.close()


def test_errors_become_korean_sentences():
    image = describe(SearchUnavailableError("image search needs the Qwen3-VL model pack", needs="image_model"))
    assert image.kind == NEEDS_MODEL_PACK and "Qwen3-VL 모델 팩" in image.text
    mode = describe(SearchUnavailableError("semantic search needs a semantic profile", needs="semantic_profile"))
    assert "모델 팩" in mode.text and "Qwen3-VL" not in mode.text
    # The message follows the family, not the words: the same sentence about images, said without `needs`,
    # is not taken for an image-search problem.
    generic = describe(SearchUnavailableError("image search needs the Qwen3-VL model pack"))
    assert generic.kind != NEEDS_MODEL_PACK and "모델을 쓸 수 없습니다" in generic.text
    bad = describe(VocabularyError("unknown difficulty 'x'; use 상, 중 or 하"))
    assert bad.text.startswith("입력한 값이 올바르지 않습니다") and "상, 중 or 하" in bad.text
    busy = describe(Busy("another import is running"))
    assert busy.kind == "warning" and "다른 작업" in busy.text
    missing = describe(ItemNotFoundError("no item with id 'x'"))
    assert missing.text.startswith("찾을 수 없습니다")
    crash = describe(ZeroDivisionError("division by zero"))
    assert "예기치 못한" in crash.text and "ZeroDivisionError" in crash.text


def test_every_ui_string_has_both_languages_with_the_same_placeholders():
    import string

    for key, (ko, en) in STRINGS.items():
        assert ko and en, key
        names_ko = {f for _, f, _, _ in string.Formatter().parse(ko) if f}
        names_en = {f for _, f, _, _ in string.Formatter().parse(en) if f}
        assert names_ko == names_en, key
    assert tr("no.such.key") == "no.such.key"


def test_the_bundled_hangul_font_is_the_application_font(styled_app):
    from PySide6.QtGui import QFontDatabase

    assert "NanumGothic" in QFontDatabase.families()
    assert QApplication.font().family() == "NanumGothic"
    assert QApplication.font().pointSize() in (11, 12)


def test_the_gui_only_talks_to_the_engine_facade():
    """No SQL and no catalog internals in desktop_app: every bank call goes through engine.api."""
    root = Path(__file__).resolve().parents[1] / "desktop_app"
    sources = {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in root.rglob("*.py")}
    assert "main_window.py" in sources and "widgets/result_card.py" in sources
    for name, text in sources.items():
        assert "sqlite3" not in text and "SELECT " not in text, name
        assert not re.search(r"import Catalog\b|\.catalog\.connection", text), name


def test_cards_never_show_a_ratio_to_the_best_result(qtbot):
    """Hybrid cards used to show each score relative to the best one, so the first card always read
    "1.00" even when nothing was relevant. A card shows the engine's calibrated band, nothing else."""
    from desktop_app.widgets import result_list
    from desktop_app.widgets.result_card import ResultCard
    from engine.api import Item

    assert not hasattr(result_list, "shown_score")
    item = Item(id="A", subject="수학", stem="일차함수의 기울기는?")
    cards = [ResultCard(item, band, 1, None) for band in ("높음", "보통", "낮음", "")]
    for card in cards:
        qtbot.addWidget(card)
    assert [c.band_label.text() for c in cards] == ["관련도 높음", "관련도 보통", "관련도 낮음", ""]
    assert [c.band_label.property("band") for c in cards] == ["high", "medium", "low", ""]
    assert all(not re.search(r"\d\.\d", c.plain_text()) for c in cards)
