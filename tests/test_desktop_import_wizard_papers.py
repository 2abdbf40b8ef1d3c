"""The import wizard takes every format the CLI does: a 한글 paper picked in the file dialog is shown
as the questions it was split into, imported with the subject and grade the teacher chose, and a
paper whose split is unsure is imported only once the teacher has ticked that it was checked."""

from __future__ import annotations

import os

os.environ["QT_QPA_PLATFORM"] = "offscreen"

import shutil  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

pytest.importorskip("PySide6")
pytest.importorskip("pytestqt")
hwpx = pytest.importorskip("hwpx")

from PySide6.QtCore import Qt  # noqa: E402
from PySide6.QtWidgets import QFileDialog  # noqa: E402
from conftest import write_hwpx_paper  # noqa: E402

from test_desktop_app import WAIT_MS, empty_window, isolated_settings, make_window, styled_app  # noqa: E402,F401

PAPER = ["2026학년도 1학기 중간고사 중학교 2학년",  # names no subject: the teacher picks 수학
         "01. 2 + 3의 값은?", "① 4  ② 5  ③ 6  ④ 7", "정답 : ②", "해설", "2와 3을 더하면 5이다.",
         "02. 일차방정식 2x = 6의 해는?", "① x = 1  ② x = 2  ③ x = 3  ④ x = 4", "정답: 3",
         "03. 12의 약수의 개수를 쓰시오.", "정답: 6"]
UNSURE = ["2026 중3 과학 단원평가", "1. 다음 중 화학 변화는?", "① 연소 ② 증발 ③ 융해",
          "3. 다음 중 물리 변화는?", "① 연소 ② 증발 ③ 부패", "2. 다음 중 혼합물은?",
          "① 물 ② 공기 ③ 산소 ④ 금 ⑤ 은 ⑥ 구리"]



def pick(monkeypatch, path: Path) -> list[str]:
    """The file dialog, answered with ``path``; returns the filters it was offered."""
    offered: list[str] = []

    def fake_dialog(_parent, _title, _folder, filters):
        offered.append(filters)
        return str(path), filters.split(";;")[0]

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(fake_dialog))
    return offered


def test_pick_a_hwpx_see_its_questions_choose_the_subject_and_import(qtbot, empty_window, tmp_path,
                                                                      monkeypatch):
    window = empty_window
    paper = write_hwpx_paper(tmp_path / "중간고사.hwpx", PAPER)
    offered = pick(monkeypatch, paper)
    wizard = window.open_import_wizard()
    with qtbot.waitSignal(wizard.preview_ready, timeout=WAIT_MS):
        qtbot.mouseClick(wizard.file_button, Qt.MouseButton.LeftButton)
    first_filter = offered[0].split(";;")[0]
    for pattern in ("*.hwpx", "*.hwp", "*.zip", "*.xml", "*.jsonl", "*.csv", "*.tsv", "*.txt"):
        assert pattern in first_filter, pattern
    assert wizard.step == "preview" and wizard.preview.is_paper and wizard.preview.fmt == "hwpx"
    assert "중간고사.hwpx" in wizard.preview_info.text() and "문항 3개" in wizard.preview_info.text()
    table = wizard.table
    headers = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    assert table.rowCount() == 3 and headers[:3] == ["번호", "선택과목", "유형"]
    column = {name: n for n, name in enumerate(headers)}
    assert [table.item(r, column["번호"]).text() for r in range(3)] == ["1", "2", "3"]
    assert table.item(0, column["문항"]).text() == "2 + 3의 값은?"
    assert [table.item(r, column["보기 수"]).text() for r in range(3)] == ["4", "4", "0"]
    assert [table.item(r, column["정답"]).text() for r in range(3)] == ["②", "3", "6"]
    assert not wizard.accept_split.isVisible() and wizard.next_button.isEnabled()
    # the paper names no subject: "automatic" would skip every question, so the teacher picks one
    assert wizard.subject_combo.currentText() == "자동" and wizard.grade_combo.currentText() == "자동 (중2)"
    wizard.set_defaults(subject="수학")
    assert wizard.defaults() == ("수학", None)

    with qtbot.waitSignal(window.bank_ready, timeout=WAIT_MS):
        with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS) as done:
            qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.format == "hwpx" and report.imported == 3 and not report.skipped, report.to_dict()
    items = [window.bank.get(i) for i in report.imported_ids]
    assert [(i.subject, i.grade) for i in items] == [("수학", "중2")] * 3
    assert items[0].answer == "2" and items[0].explanation == "2와 3을 더하면 5이다."
    assert items[0].choices == ["4", "5", "6", "7"] and items[2].type == "단답형"
    assert window.bank.stats()["items"] == 3
    wizard.close()


def test_an_unsure_split_is_shown_and_imported_only_once_checked(qtbot, empty_window, tmp_path):
    window = empty_window
    paper = write_hwpx_paper(tmp_path / "unsure.hwpx", UNSURE)
    wizard = window.open_import_wizard()
    with qtbot.waitSignal(wizard.preview_ready, timeout=WAIT_MS):
        wizard.set_path(paper)
    assert wizard.preview.doubts and wizard.accept_split.isVisible()
    assert "확실하지 않습니다" in wizard.banner.message_text()
    assert "2번 문항의 보기가 6개입니다" in wizard.banner.message_text()  # the engine speaks the app's language
    with qtbot.waitSignal(wizard.finished_report, timeout=WAIT_MS) as checked:  # 미리 검사 is allowed
        qtbot.mouseClick(wizard.check_button, Qt.MouseButton.LeftButton)
    assert checked.args[0].dry_run and checked.args[0].imported == 2
    assert any("2번 문항의 보기가 6개입니다" in w for w in checked.args[0].warnings)
    qtbot.mouseClick(wizard.back_button, Qt.MouseButton.LeftButton)
    assert wizard.step == "preview" and "확실하지 않습니다" in wizard.banner.message_text()
    with qtbot.waitSignal(wizard.failed, timeout=WAIT_MS) as failed:
        wizard.start(dry_run=False)
    assert "--accept-split" in failed.args[0] or "unsure" in failed.args[0]
    assert wizard.step == "preview" and window.bank.stats()["items"] == 0
    wizard.accept_split.setChecked(True)
    with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS) as done:
        wizard.start(dry_run=False)
    assert done.args[0].imported == 2
    wizard.close()


def test_a_hwpx_saved_as_txt_is_never_read_as_a_csv(qtbot, empty_window, tmp_path):
    disguised = tmp_path / "시험지.txt"
    shutil.copy(write_hwpx_paper(tmp_path / "paper.hwpx", PAPER), disguised)
    wizard = empty_window.open_import_wizard()
    with qtbot.waitSignal(wizard.preview_ready, timeout=WAIT_MS):
        wizard.set_path(disguised)
    assert wizard.preview.is_paper and wizard.preview.total_rows == 3
    wizard.close()


def test_a_qti_item_without_metadata_imports_with_the_chosen_subject_and_grade(qtbot, empty_window):
    """The item states no grade: the wizard's 중1 reaches the engine as the import's default."""
    window = empty_window
    item = Path(__file__).parent / "fixtures" / "interop" / "qti30_science_item.xml"
    wizard = window.open_import_wizard()
    with qtbot.waitSignal(wizard.preview_ready, timeout=WAIT_MS):
        wizard.set_path(item)
    assert wizard.preview.fmt == "qti" and wizard.preview.sheet_format == "items"
    assert wizard.table.rowCount() == 1 and "qti30_science_item.xml" in wizard.preview_info.text()
    wizard.set_defaults(subject="과학", grade="중1")
    with qtbot.waitSignal(wizard.imported, timeout=WAIT_MS) as done:
        qtbot.mouseClick(wizard.next_button, Qt.MouseButton.LeftButton)
    report = done.args[0]
    assert report.imported == 1, report.to_dict()
    stored = window.bank.get(report.imported_ids[0])
    assert (stored.subject, stored.grade) == ("과학", "중1") and stored.choices
    wizard.close()
