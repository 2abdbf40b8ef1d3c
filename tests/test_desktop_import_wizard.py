"""The import wizard on real files: preview of the first rows, column mapping, a dry-run check, the
import with its row-level report (a bad row named by file and row), and a safe cancel."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

from pathlib import Path

import pytest

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")

from PySide6.QtCore import Qt  # noqa: E402

from test_desktop_app import (CORPUS, WAIT_MS, corpus_bank, draw_png, isolated_settings,  # noqa: E402,F401
                              make_window, styled_app, window)

HEADER = "과목,학년,단원,질문 내용,보기1,보기2,보기3,보기4,정답,해설,그림,담당 교사"
ROWS = [
    "수학,중2,연립방정식,연립방정식 x+y=5와 x-y=1의 해는?,x=3 y=2,x=2 y=3,x=1 y=4,x=4 y=1,1,두 식을 더한다,,김교사",
    "과학,중3,화학 반응,철이 녹스는 반응은 어떤 반응인가?,산화,환원,중화,분해,1,,figs/rust.png,이교사",
    "점성술,중1,별자리,별자리 운세 문항,가,나,다,라,1,,,박교사",
    "국어,중1,문법,'먹다'의 품사는?,명사,동사,형용사,부사,2,,,최교사",
]


def write_sheet(folder: Path, rows: list[str] = ROWS, name: str = "학교 문항.csv") -> Path:
    draw_png(folder / "figs" / "rust.png", "circuit")
    path = folder / name
    path.write_text("\n".join([HEADER] + rows) + "\n", encoding="utf-8-sig")
    return path


def test_the_wizard_previews_maps_checks_and_imports_a_csv_with_a_bad_row(qtbot, window, tmp_path):
    sheet = write_sheet(tmp_path / "usb")
    before = window.bank.stats()["items"]
    wizard = window.open_import_wizard()
    assert wizard.step == "choose" and wizard.isVisible()
    with qtbot.waitSignal(wizard.preview_ready, timeout=WAIT_MS):
        wizard.set_path(sheet)
    assert wizard.step == "preview"
    assert "학교 문항.csv" in wizard.preview_info.text() and "문항 4행" in wizard.preview_info.text()
    # the first rows as the teacher's sheet has them, under its own headers
    table = wizard.table
    assert [table.horizontalHeaderItem(c).text() for c in range(3)] == ["과목", "학년", "단원"]
    assert table.item(1, 3).text() == "연립방정식 x+y=5와 x-y=1의 해는?"
    assert table.item(3, 0).text() == "점성술"
    # detected by name: 과목 → subject, 보기1 → choice 1, 그림 → images; "질문 내용" and "담당 교사" are not
    assert wizard.mapping()[:5] == ["subject", "grade", "unit", None, "choices#1"]
    assert wizard.mapping()[10:] == ["images", None]
    assert wizard.combos[0].currentText() == "과목"
    # without a question column the wizard will not go on, and says why
    assert not wizard.next_button.isEnabled()
    assert "'문항' 열을 하나 골라 주세요" in wizard.banner.message_text()
    wizard.set_mapping(3, "stem")
    assert wizard.next_button.isEnabled() and not wizard.banner.isVisible()

    # check first: the report names the bad row, and the bank does not change
    with qtbot.waitSignal(wizard.finished_report, timeout=WAIT_MS) as checked:
        qtbot.mouseClick(wizard.check_button, Qt.MouseButton.LeftButton)
    report = checked.args[0]
    assert report.dry_run and report.imported == 3 and len(report.skipped) == 1
    assert wizard.step == "report" and "미리 검사 결과" in wizard.report_note.text()
    # a preview says what *would* come in: nothing has been imported yet
    assert wizard.summary.text().startswith("가져올 문항 3개 · 갱신될 문항 0개 · 건너뛸 행 1개")
    assert "가져온" not in wizard.summary.text()
    assert "학교 문항.csv:4:subject: 모르는 과목 '점성술'입니다" in wizard.details.toPlainText()
    assert window.bank.stats()["items"] == before

    # then import for real, from the report page
    with qtbot.waitSignal(window.bank_ready, timeout=WAIT_MS):
        with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS) as done:
            qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert not report.dry_run and report.imported == 3
    assert [(Path(s.file).name, s.row, s.field) for s in report.skipped] == [("학교 문항.csv", 4, "subject")]  # header = row 1
    assert wizard.summary.text() == "가져온 문항 3개 · 갱신 0개 · 건너뛴 행 1개 · 중복 0개"
    assert "학교 문항.csv:4:subject: 모르는 과목 '점성술'입니다" in wizard.details.toPlainText()
    assert "(skip)" not in wizard.details.toPlainText()  # the columns left out are not "problems"
    assert window.bank.stats()["items"] == before + 3
    assert window.status.items_label.text() == f"문항 {before + 3}개"
    # the mapped question column and the figure (relative to the sheet) arrived
    stored = {window.bank.get(i).stem: window.bank.get(i) for i in report.imported_ids}
    rust = stored["철이 녹스는 반응은 어떤 반응인가?"]
    assert rust.subject == "과학" and rust.choices == ["산화", "환원", "중화", "분해"] and len(rust.images) == 1
    assert window.bank.image_path(rust.images[0]).is_file()
    qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)  # 완료
    qtbot.waitUntil(lambda: window._wizard is None, timeout=WAIT_MS)


def test_a_file_that_cannot_be_read_is_a_sentence_in_the_wizard(qtbot, window, tmp_path):
    wizard = window.open_import_wizard()
    with qtbot.waitSignal(wizard.failed, timeout=WAIT_MS) as failed:
        wizard.set_path(tmp_path / "없는 파일.csv")
    assert failed.args[0].startswith("파일을 가져올 수 없습니다:")
    assert wizard.step == "choose" and wizard.banner.isVisible()
    wizard.close()


def test_cancelling_the_wizard_import_leaves_the_bank_unchanged(qtbot, window, tmp_path):
    rows = [f"과학,중2,전기,{n}번: 전류가 {n}A일 때 저항에 걸리는 전압은?,1V,2V,3V,4V,{n % 4 + 1},,," for n in range(6000)]
    sheet = write_sheet(tmp_path, rows, "big.csv")
    before = window.bank.stats()["items"]
    wizard = window.open_import_wizard(sheet)
    qtbot.waitUntil(lambda: wizard.step == "preview", timeout=WAIT_MS)
    wizard.set_mapping(3, "stem")
    reports = []
    wizard.finished_report.connect(reports.append)
    wizard.start(dry_run=False)
    assert wizard.step == "run" and wizard.cancel_button.text() == "취소"
    qtbot.mouseClick(wizard.cancel_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard._job is None, timeout=60_000)
    assert window.bank.stats()["items"] == before
    if reports:  # stopped between rows and rolled back
        assert reports[0].cancelled and wizard.summary.text() == "가져오기를 취소했습니다. 문항 은행은 바뀌지 않았습니다."
    else:  # cancelled before it started
        assert wizard.step == "preview" and "취소" in wizard.banner.message_text()
    wizard.close()
