"""A paper and its answer sheet kept as two 한글 files (제6회 문제.hwp + 제6회 정답.hwp), imported
together: the sheet's answers fill the questions with their number, the sheet is no item, and the
report says so. Alone, the sheet is refused in one line that says what it is.

The real pair is hwp-exam-editor's 제6회 형사소송법 (fetched into shared/hwp-papers/hankukpol/ as
round6_questions.hwp and round6_answers.hwp); the synthetic pair is built here with python-hwpx."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from engine.api import ItemBank
from engine.importers import ImportFileError
from conftest import write_hwpx_paper

FETCHED = Path(__file__).resolve().parents[1] / "shared" / "hwp-papers" / "hankukpol"



QUESTIONS = ["2학기 중간고사 정보", "1. 다음 중 입력 장치는?", "① 모니터 ② 키보드 ③ 스피커 ④ 프린터",
             "2. 다음 중 출력 장치는?", "① 마우스 ② 스캐너 ③ 키보드 ④ 프린터",
             "3. 1바이트는 몇 비트인가?", "정답: 8"]


@pytest.fixture
def bank(tmp_path):
    bank = ItemBank(tmp_path / "bank", create=True)
    yield bank
    bank.close()


def test_a_folder_with_a_paper_and_its_answer_sheet_fills_the_answers(tmp_path, bank):
    folder = tmp_path / "papers"
    folder.mkdir()
    write_hwpx_paper(folder / "중간고사 문제.hwpx", QUESTIONS)
    write_hwpx_paper(folder / "중간고사 정답.hwpx", ["정답 및 해설", "1. ②", "2. ④", "3. 16"])
    write_hwpx_paper(folder / "기말고사 정답.hwpx", ["정답", "1. ①", "2. ③"])  # its paper is not here
    report = bank.import_path(folder)
    items = [bank.get(i) for i in report.imported_ids]
    assert [i.answer for i in items] == ["2", "4", "8"]  # 3: the paper prints 8, and it is kept
    assert report.imported == 3 and not report.skipped
    notes = "\n".join(report.warnings)
    assert "중간고사 정답.hwpx: the answer sheet of 중간고사 문제.hwpx: 2 of its 3 answers filled" in notes
    assert "question 3: the sheet says 16 but the paper prints 8" in notes
    assert "기말고사 정답.hwpx: an answer sheet (2 answers), but no question paper of the same name" in notes
    assert all("정답" not in i.source for i in items)


def test_an_answer_sheet_alone_is_refused_in_one_line_that_says_what_it_is(tmp_path, bank):
    sheet = write_hwpx_paper(tmp_path / "중간고사 정답.hwpx", ["정답 및 해설", "1. ②", "2. ④", "3. 16"])
    with pytest.raises(ImportFileError, match=r"an answer sheet \(3 answers\), no questions") as raised:
        bank.import_path(sheet)
    assert "\n" not in str(raised.value)


def test_the_real_round6_pair_gives_every_question_its_answer_and_the_보기_it_counts(tmp_path, bank):
    pytest.importorskip("hwpx")
    names = ("round6_questions.hwp", "round6_answers.hwp")
    if not all((FETCHED / n).is_file() for n in names):
        pytest.skip("hankukpol round6 papers not fetched (python tools/build_corpus.py --fetched)")
    folder = tmp_path / "round6"
    folder.mkdir()
    for name in names:
        shutil.copy(FETCHED / name, folder / name)
    report = bank.import_path(folder, subject="사회")
    items = [bank.get(i) for i in report.imported_ids]
    assert len(items) == 20 and all(i.answer for i in items)
    assert [i.answer for i in items][:5] == ["2", "3", "2", "3", "3"]  # ② ③(㉠㉡㉣) ② ③ ③(㉠㉡㉣)
    assert items[1].explanation == "㉠㉡㉣" and items[0].explanation == ""
    assert [len(i.choices) for i in items] == [4] * 20
    assert any("round6_answers.hwp: the answer sheet of round6_questions.hwp: 20 of its 20 answers" in w
               for w in report.warnings)


def test_a_paper_and_its_sheet_named_together_are_one_batch(tmp_path, bank):
    (tmp_path / "q").mkdir()  # the two need not sit in one folder
    questions = write_hwpx_paper(tmp_path / "q" / "중간고사 문제.hwpx", QUESTIONS)
    sheet = write_hwpx_paper(tmp_path / "중간고사 정답.hwpx", ["정답", "1. ②", "2. ④"])
    report = bank.import_path([questions, sheet])
    assert [bank.get(i).answer for i in report.imported_ids] == ["2", "4", "8"]
    assert report.format == "files" and report.path == str(tmp_path)
    assert any("중간고사 정답.hwpx: the answer sheet of q/중간고사 문제.hwpx: 2 of its 2 answers" in w
               for w in report.warnings), report.warnings


def test_the_command_line_takes_both_files(tmp_path, capsys):
    from engine.cli.main import main

    questions = write_hwpx_paper(tmp_path / "round1_questions.hwpx", QUESTIONS)
    sheet = write_hwpx_paper(tmp_path / "round1_answers.hwpx", ["[빠른 정답]", "1. ② 2. ④"])
    assert main(["--data-dir", str(tmp_path / "data"), "import", str(questions), str(sheet), "--json"]) == 0
    out = capsys.readouterr().out
    assert '"imported": 3' in out and "the answer sheet of round1_questions.hwpx: 2 of its 2 answers" in out


def test_a_paper_and_its_sheet_pair_by_name_but_for_the_word_for_their_part():
    from engine.importers.answer_sheet import paper_key

    original = "제6회 {}(대물영장주의예외~거증책임, 실제는 수사까지) - 26년1월.hwp"  # as hwp-exam-editor names them
    assert paper_key(Path(original.format("문제"))) == paper_key(Path(original.format("정답")))
    assert paper_key(Path("2024 중간 시험지.hwpx")) == paper_key(Path("2024 중간 정답 및 해설.hwpx"))
    assert paper_key(Path("round6_questions.hwp")) == paper_key(Path("round6_answers.hwp"))
    assert paper_key(Path("중간고사 문제.hwpx")) != paper_key(Path("기말고사 정답.hwpx"))
