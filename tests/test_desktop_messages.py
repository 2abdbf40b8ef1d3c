"""The app's language setting picks the engine's catalog: import row reasons and engine errors reach the
window in Korean (English when switched), with the spreadsheet's row numbers said once."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest  # noqa: E402

from conftest import CSV_HEADER_KO, write_csv  # noqa: E402
from desktop_app.errors import describe  # noqa: E402
from desktop_app.i18n import set_language  # noqa: E402
from desktop_app.widgets.import_report import ImportReportDialog, report_lines  # noqa: E402
from engine.api import ItemBank, ItemBankError  # noqa: E402

ROWS = [CSV_HEADER_KO, "수학,중1,,,,객관식,정답이 맞는 문항,① 1 ② 2 ③ 3 ④ 4 ⑤ 5,2,,",
        "수학,중1,,,,객관식,정답이 보기에 없는 문항,① 1 ② 2 ③ 3 ④ 4 ⑤ 5,6,,",
        "점성술,중1,,,,단답형,모르는 과목 문항,,1,,"]


@pytest.fixture
def bank(tmp_path):
    opened = ItemBank(tmp_path / "bank", create=True)
    yield opened
    opened.close()
    set_language("ko")


def test_the_import_report_shows_korean_reasons_and_spreadsheet_rows(qtbot, tmp_path, bank):
    set_language("ko")
    report = bank.import_path(write_csv(tmp_path / "우리 학교.csv", ROWS), dry_run=True)
    dialog = ImportReportDialog(report)
    qtbot.addWidget(dialog)
    text = "\n".join(report_lines(report))
    assert "행 번호는 스프레드시트와 같습니다(머리글 = 1행)." in text
    assert "우리 학교.csv:3:answer: 정답 6번은 보기 5개 가운데 없습니다" in text
    assert "우리 학교.csv:4:subject: 모르는 과목 '점성술'입니다." in text
    assert "answer 6" not in text and "unknown subject" not in text
    assert dialog.summary.text().startswith("가져올 문항 1개")

    set_language("en")
    report = bank.import_path(write_csv(tmp_path / "우리 학교.csv", ROWS), dry_run=True)
    text = "\n".join(report_lines(report))
    assert "Row numbers are the spreadsheet's (the header is row 1)." in text
    assert "우리 학교.csv:3:answer: answer 6 is not one of the 5 choices" in text


def test_an_engine_error_in_the_banner_is_korean_then_english(tmp_path, bank):
    for lang, needle in (("ko", "그런 파일이나 폴더가 없습니다"), ("en", "no such file or folder")):
        set_language(lang)
        with pytest.raises(ItemBankError) as caught:
            bank.import_path(tmp_path / "없음.csv")
        message = describe(caught.value)
        assert needle in message.text, message
