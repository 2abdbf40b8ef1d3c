"""Papers that print no question numbers: each question found by where its layout ends it (a run of
choices ①–⑤, or a question line closed by its points), and asked about where that is unsure.

The real file is rhwp's math-001 (shipped in tests/corpus/real/, MIT): four 수학 questions with no
number at all, choices 5, 0, 5, 5 by hand count."""

from __future__ import annotations

from pathlib import Path

import pytest

from engine.api import ItemBank
from engine.importers.hwpx import UnsureSplitError
from engine.importers.owpml import Block
from engine.importers.paper import split_paper

MATH_001 = Path(__file__).resolve().parent / "corpus" / "real" / "rhwp"


def _blocks(lines: list[str]) -> list[Block]:
    return [Block(line) for line in lines]


def test_stems_each_closed_by_choices_or_by_points_become_questions_in_order():
    split = split_paper(_blocks([
        "단원평가 연습",  # a title line: the header
        "다음 중 소수인 것은?", "① 4 ② 6 ③ 7 ④ 8 ⑤ 9",
        "$x+1=3$일 때 $x$의 값을 구하시오. [2점]",  # no choices: closed by its points
        "다음 중 짝수인 것은?", "① 1", "② 3", "③ 4", "④ 5",
    ]))
    assert [(i.label, len(i.choices)) for i in split.items] == [("1", 5), ("2", 0), ("3", 4)]
    assert split.header == ["단원평가 연습"]
    assert split.items[1].stem == "$x+1=3$일 때 $x$의 값을 구하시오." and split.items[1].points == "2"
    assert not split.doubts and "no question numbers are printed" in split.warnings[0]


def test_a_question_without_choices_or_points_is_a_doubt_not_a_silent_guess():
    split = split_paper(_blocks([
        "다음 중 소수인 것은?", "① 4 ② 6 ③ 7 ④ 8 ⑤ 9",
        "$x$의 값을 구하시오.", "다음 조건을 만족시킨다.",  # the second line may be the same question's
        "다음 중 짝수인 것은?", "① 1 ② 3 ③ 4 ④ 5 ⑤ 7",
    ]))
    assert [len(i.choices) for i in split.items] == [5, 0, 5]  # the line after question 2 opens 3
    assert split.items[2].stem == "다음 조건을 만족시킨다.\n다음 중 짝수인 것은?"
    assert any("question 2 (no number printed) has no choices and no points" in d for d in split.doubts)


def test_prose_and_a_single_question_stay_refused():
    assert split_paper(_blocks(["회의록", "안건을 논의하였다.", "다음 회의는 언제인가?"])).items == []
    assert split_paper(_blocks(["다음 중 소수인 것은?", "① 4 ② 6 ③ 7 ④ 8 ⑤ 9"])).items == []


@pytest.mark.parametrize("name", ["math-001.hwp", "math-001.hwpx"])
def test_rhwp_math_001_imports_its_four_unnumbered_questions(tmp_path, name):
    pytest.importorskip("hwpx")
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        report = bank.import_path(MATH_001 / name, subject="수학")
        items = [bank.get(i) for i in report.imported_ids]
        assert [len(i.choices) for i in items] == [5, 0, 5, 5]
        assert items[0].stem.endswith("$k\\,$의 값은?") and "3점" in items[0].tags
        assert items[1].type == "단답형" and items[2].stem.startswith("함수")
        assert items[3].choices[4] == "$42+35\\sqrt{3}$" and len(items[3].images) == 1
        assert any("no question numbers are printed: 4 questions" in w for w in report.warnings)
    finally:
        bank.close()


def test_an_unsure_unnumbered_paper_asks_and_accepted_comes_in(tmp_path):
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    lines = ["다음 중 소수인 것은?", "① 4 ② 6 ③ 7 ④ 8 ⑤ 9", "$x$의 값을 구하시오.",
             "다음 중 짝수인 것은?", "① 1 ② 3 ③ 4 ④ 5 ⑤ 7"]
    doc.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        doc.add_paragraph(line)
    paper = tmp_path / "연습.hwpx"
    doc.save_to_path(paper)
    bank = ItemBank(tmp_path / "bank", create=True)
    try:
        with pytest.raises(UnsureSplitError, match="no choices and no points"):
            bank.import_path(paper, subject="수학")
        report = bank.import_path(paper, subject="수학", accept_split=True)
        assert [len(bank.get(i).choices) for i in report.imported_ids] == [5, 0, 5]
    finally:
        bank.close()
