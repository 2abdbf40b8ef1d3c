"""Worksheet basket in the window: items collected from search, reordered, previewed, and exported to
a real PDF (Korean text in the bundled font, figures embedded, with or without answers) and to JSONL/CSV
through the engine; plus "find similar" and "compare" from the detail pane."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import json
import re

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from desktop_app.worksheet import build_document, worksheet_html  # noqa: E402
from test_desktop_app import (CORPUS, WAIT_MS, card_ids, corpus_bank, isolated_settings,  # noqa: E402,F401
                              make_window, styled_app, window)


def pick(qtbot, page, item_id: str) -> None:
    if page.detail.item is None or page.detail.item.id != item_id:
        with qtbot.waitSignal(page.detail_shown, timeout=WAIT_MS):
            page.results.select_item(item_id)


def pdf_pages(data: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page\b", data))


def test_items_go_from_search_to_a_worksheet_pdf_and_sheets(qtbot, window, tmp_path):
    page = window.search_page
    for item_id in ("S1", "K1", "M1"):
        pick(qtbot, page, item_id)
        qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)  # M1 again: not added twice
    assert window.status.currentMessage() == "이미 시험지에 있는 문항입니다."
    assert window.nav.button("basket").text() == "시험지 (3)"
    basket = window.show_page("basket")
    qtbot.waitUntil(lambda: basket.list.count() == 3, timeout=WAIT_MS)
    assert [basket.list.item(r).data(Qt.ItemDataRole.UserRole) for r in range(3)] == ["S1", "K1", "M1"]
    assert basket.list.item(0).text().startswith("1. 저항이 2Ω인 전구")
    # reorder: M1 up to second place
    basket.list.setCurrentRow(2)
    with qtbot.waitSignal(basket.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(basket.up_button, Qt.MouseButton.LeftButton)
    assert basket.ids == ["S1", "M1", "K1"]
    # the preview is the worksheet: numbered items, choices, the figure; answers only when asked
    text = basket.preview.toPlainText()
    assert "형성평가" in text and "1. 저항이 2Ω인 전구에" in text and "2. 일차함수 y=2x+3" in text
    assert "① 1A" in text and "봄바람 불어와" in text and "정답 및 해설" not in text
    basket.answers.setChecked(True)
    text = basket.preview.toPlainText()
    assert "정답 및 해설" in text and "1. 정답: ③ — I = V/R = 3A" in text and "3. 정답: ①" in text

    # PDF with answers, then without: real files, Hangul font and the figure embedded
    basket.sheet_title.setText("2학기 형성평가")
    with_answers = tmp_path / "out" / "형성평가-정답.pdf"
    with qtbot.waitSignal(basket.exported, timeout=60_000) as done:
        basket.export(with_answers, "pdf")
    assert done.args[0] == "pdf" and done.args[1][0] == with_answers
    data = with_answers.read_bytes()
    assert data.startswith(b"%PDF") and pdf_pages(data) == done.args[1][1] >= 1
    assert b"NanumGothic" in data  # the bundled Hangul font, embedded
    assert b"/Subtype /Image" in data or b"/Subtype/Image" in data  # the circuit figure
    assert "저장했습니다" in basket.banner.message_text()
    basket.answers.setChecked(False)
    plain = tmp_path / "out" / "형성평가.pdf"
    with qtbot.waitSignal(basket.exported, timeout=60_000):
        basket.export(plain, "pdf")
    assert plain.read_bytes().startswith(b"%PDF") and plain.stat().st_size < with_answers.stat().st_size

    # JSONL and CSV through the engine, in the basket's order
    with qtbot.waitSignal(basket.exported, timeout=WAIT_MS) as done:
        basket.export(tmp_path / "out" / "items.jsonl", "jsonl")
    assert done.args[1][1] == 3
    lines = [json.loads(line) for line in (tmp_path / "out" / "items.jsonl").read_text(encoding="utf-8").splitlines()]
    assert [r["id"] for r in lines] == ["S1", "M1", "K1"]
    with qtbot.waitSignal(basket.exported, timeout=WAIT_MS):
        basket.export(tmp_path / "out" / "items.csv", "csv")
    csv_text = (tmp_path / "out" / "items.csv").read_text(encoding="utf-8-sig")
    assert csv_text.count("\n") >= 4 and "저항이 2Ω인 전구" in csv_text

    # remove and clear
    basket.list.setCurrentRow(0)
    with qtbot.waitSignal(basket.loaded, timeout=WAIT_MS):
        qtbot.mouseClick(basket.remove_button, Qt.MouseButton.LeftButton)
    assert basket.ids == ["M1", "K1"] and window.nav.button("basket").text() == "시험지 (2)"


def test_the_worksheet_html_lays_out_in_the_hangul_font(window):
    items = [window.bank.get("K1"), window.bank.get("S1")]
    html = worksheet_html("국어·과학", items, {}, with_answers=True)
    document = build_document(html)
    assert document.defaultFont().family() == "NanumGothic"
    text = document.toPlainText()
    assert text.index("1. 이 시의 화자가") < text.index("2. 저항이 2Ω인")
    assert "1. 정답: ①" in text


def test_the_basket_is_remembered_between_starts(qtbot, corpus_bank):
    first = make_window(qtbot, corpus_bank, persist=True)
    first.add_to_basket(["M2", "S2"])
    first.close()
    second = make_window(qtbot, corpus_bank, persist=True)
    assert second.basket_page.ids == ["M2", "S2"] and second.nav.button("basket").text() == "시험지 (2)"
    second.close()


def test_find_similar_and_compare_from_the_detail_pane(qtbot, window):
    page = window.search_page
    pick(qtbot, page, "S1")
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        qtbot.mouseClick(page.similar_button, Qt.MouseButton.LeftButton)
    assert page.outcome.query.similar_to == "S1"
    ids = card_ids(window)
    assert ids and "S1" not in ids and ids[0] == "S2"  # the other 전기와 자기 item is the closest
    assert page.count_label.text().startswith("S1와(과) 비슷한 문항")
    # compare: pick S2 as the first, then S1
    pick(qtbot, page, "S2")
    qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    assert page.compare_button.text() == "비교 기준 · 다른 문항을 고르세요"
    page.set_query_text("전류")
    with qtbot.waitSignal(page.results_rendered, timeout=WAIT_MS):
        page.search_now()
    pick(qtbot, page, "S1")
    assert page.compare_button.text() == "S2와(과) 나란히 비교"
    with qtbot.waitSignal(page.compare_opened, timeout=WAIT_MS) as opened:
        qtbot.mouseClick(page.compare_button, Qt.MouseButton.LeftButton)
    dialog = opened.args[0]
    assert [i.id for i in dialog.view.items] == ["S2", "S1"]
    assert "<span" in dialog.view.left.text.text() and len(dialog.view.right.figure_labels) == 1
    dialog.close()


def test_the_basket_saves_hwpx_and_a_separate_answer_sheet_through_the_engine_layout(qtbot, window,
                                                                                     tmp_path):
    import shutil
    import subprocess
    import zipfile

    pytest.importorskip("hwpx")
    basket = window.show_page("basket")
    with qtbot.waitSignal(basket.loaded, timeout=WAIT_MS):
        basket.set_ids(["S1", "K1", "M1"])
    basket.creator = "김교사"
    basket.sheet_title.setText("1학기 단원평가")
    basket.two_columns.setChecked(True)
    basket.answers.setChecked(True)  # the key on its own page after the questions
    out = tmp_path / "out" / "단원평가.hwpx"
    with qtbot.waitSignal(basket.exported, timeout=60_000) as done:
        basket.export(out, "hwpx")
    assert done.args[0] == "hwpx" and done.args[1][:2] == (out, 3)
    with zipfile.ZipFile(out) as archive:
        section = archive.read("Contents/section0.xml").decode("utf-8")
        content = archive.read("Contents/content.hpf").decode("utf-8")
    texts = "\n".join(re.findall(r"<hp:t>([^<]*)</hp:t>", section))
    assert texts.index("1. 저항이 2Ω인 전구") < texts.index("정답 및 해설") and 'colCount="2"' in section
    assert ">김교사</opf:meta>" in content and "<opf:title>1학기 단원평가</opf:title>" in content

    paper = tmp_path / "out" / "단원평가.pdf"
    with qtbot.waitSignal(basket.exported, timeout=60_000) as done:
        basket.export(paper, "key")
    key = tmp_path / "out" / "단원평가-정답.pdf"
    assert done.args[1][0] == paper and paper.read_bytes().startswith(b"%PDF") and key.is_file()
    if shutil.which("pdftotext"):
        read = lambda p: subprocess.run(["pdftotext", str(p), "-"], capture_output=True,  # noqa: E731
                                        check=True).stdout.decode("utf-8")
        assert "정답 및 해설" not in read(paper) and "I = V/R = 3A" not in read(paper)
        assert "정답 및 해설" in read(key) and "I = V/R = 3A" in read(key)


def test_the_basket_prints_school_and_teacher_and_saves_a_b_versions_with_their_own_keys(qtbot, window,
                                                                                         tmp_path):
    import zipfile

    pytest.importorskip("hwpx")
    basket = window.show_page("basket")
    with qtbot.waitSignal(basket.loaded, timeout=WAIT_MS):
        basket.set_ids(["S1", "K1", "M1"])
    assert not basket.shuffle_choices.isEnabled()  # only A/B versions shuffle
    basket.school.setText("한빛중학교")
    basket.teacher.setText("박교사")
    basket.variants.setChecked(True)
    assert basket.shuffle_choices.isEnabled()
    basket.sheet_title.setText("중간고사")
    out = tmp_path / "out" / "중간고사.hwpx"
    with qtbot.waitSignal(basket.exported, timeout=60_000) as done:
        basket.export(out, "hwpx")
    files = done.args[1][2]
    assert [f.name for f in files] == ["중간고사-A.hwpx", "중간고사-B.hwpx"]
    assert "그 밖에 파일 1개" in basket.banner.message_text()
    orders = []
    for file in files:
        with zipfile.ZipFile(file) as archive:
            section = archive.read("Contents/section0.xml").decode("utf-8")
            content = archive.read("Contents/content.hpf").decode("utf-8")
        texts = "\n".join(re.findall(r"<hp:t>([^<]*)</hp:t>", section))
        assert "한빛중학교" in texts and ">박교사</opf:meta>" in content
        orders.append([n for n in ("저항이 2Ω인 전구", "일차함수 y=2x+3", "봄바람") if n in texts])
        orders[-1].sort(key=texts.index)
    assert sorted(orders[0]) == sorted(orders[1])


def test_teacher_and_school_are_remembered_between_starts(qtbot, corpus_bank):
    first = make_window(qtbot, corpus_bank, persist=True)
    first.basket_page.teacher.setText("이선생")
    first.basket_page.school.setText("새봄고등학교")
    first.basket_page.teacher.editingFinished.emit()
    first.close()
    second = make_window(qtbot, corpus_bank, persist=True)
    assert second.basket_page.creator == "이선생"
    assert second.basket_page.school.text() == "새봄고등학교"


def test_the_school_typed_in_the_basket_shows_in_the_preview_header(qtbot, window):
    basket = window.show_page("basket")
    with qtbot.waitSignal(basket.loaded, timeout=WAIT_MS):
        basket.set_ids(["S1"])
    assert "한빛중학교" not in basket.preview.toPlainText()
    basket.school.setText("한빛중학교")
    assert "학교: 한빛중학교" in basket.preview.toPlainText()


def test_the_preview_shows_superscripts_as_sup_tags_not_tiny_glyphs(window):
    from engine.api import Item

    squared = Item(id="SQ", stem="x²-5x+3=0의 두 근은?", subject="수학", type="객관식",
                   choices=["1", "2", "3", "4", "5"], answer="1")
    page = worksheet_html("제목", [squared], {}, with_answers=False)
    assert "x<sup>2</sup>-5x+3" in page and "²" not in page


def test_basket_rows_draw_superscripts_and_formulas_as_rich_text(qtbot, window):
    from PySide6.QtWidgets import QListWidgetItem, QStyleOptionViewItem

    from desktop_app.widgets.rich_list_delegate import RichTextDelegate, row_html

    basket = window.show_page("basket")
    delegate = basket.list.itemDelegate()
    assert isinstance(delegate, RichTextDelegate)
    assert "x<sup>2</sup>-5x" in row_html("1. x²-5x+3=0의 두 근은?")
    assert "<img" in row_html(r"2. $\frac{1}{2}$의 값은?") or "1/2" in row_html(r"2. $\frac{1}{2}$의 값은?")
    basket.list.addItem(QListWidgetItem("1. 이차방정식 x²-5x+3=0의 두 근을 α, β라 할 때, α²+β²의 값은? " * 2))
    index = basket.list.model().index(basket.list.count() - 1, 0)
    option = QStyleOptionViewItem()
    option.font = basket.list.font()
    option.widget = basket.list
    basket.list.resize(600, 400)
    wide = delegate.sizeHint(option, index).height()
    basket.list.resize(200, 400)
    narrow = delegate.sizeHint(option, index).height()
    assert narrow > wide  # the row wraps to the list's width
