"""Exam papers as teachers really write them: 한글's automatic numbering, "01." / "1)" / "문 1."
numbers, an answer and a 해설 after each question, 선택과목 sections numbered 23–30 each, and the
unsure splits and non-papers that must be refused rather than guessed at.

Papers are built at test time: HWPX/HWP with python-hwpx (the same library the importer uses for
.hwp), plain lines for the splitter's own rules."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest

from engine.api import ItemBank
from engine.importers import ImportFileError
from engine.importers.hwpx import UnsureSplitError
from engine.importers.numbering import format_number
from engine.importers.owpml import Block
from engine.importers.paper import split_paper
from conftest import write_hwpx_paper


def _split(text: str):
    return split_paper([Block(line) for line in text.strip().split("\n")])



def _auto_numbered_paper(path: Path) -> Path:
    """Three questions numbered by 한글 (no "1." in their text); the choices of the second are
    paragraphs numbered ①②③④ by a list of their own."""
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    doc.paragraphs[0].text = "2026학년도 1학기 중간고사 중학교 2학년 수학"
    doc.add_paragraph("다음 중 가장 큰 수는?")                     # 1
    doc.add_paragraph("① 1  ② 2  ③ 3  ④ 4  ⑤ 5")                 # 2
    doc.add_paragraph("일차방정식 2x + 1 = 5의 해는?")              # 3
    for value in ("x = 1", "x = 2", "x = 3", "x = 4"):            # 4..7
        doc.add_paragraph(value)
    doc.add_paragraph("12의 약수의 개수를 쓰시오.")                  # 8
    styles = doc.styles
    styles.apply_list_format(paragraph_indexes=[1, 3, 8], kind="number")
    styles.apply_list_format(paragraph_indexes=[4, 5, 6, 7], kind="number", number_format="CIRCLED_DIGIT")
    doc.save_to_path(path)
    return path


# -- 한글 automatic numbering ----------------------------------------------------------------------
def test_number_formats_render_as_hangul_draws_them():
    assert [format_number(n, "DIGIT") for n in (1, 12)] == ["1", "12"]
    assert format_number(3, "CIRCLED_DIGIT") == "③" and format_number(2, "HANGUL_SYLLABLE") == "나"
    assert format_number(4, "ROMAN_SMALL") == "iv" and format_number(3, "HANGUL_JAMO") == "ㄷ"


@pytest.mark.parametrize("suffix", [".hwpx", ".hwp"])
def test_automatic_numbering_finds_the_questions_in_hwpx_and_hwp5(tmp_path, suffix):
    paper = _auto_numbered_paper(tmp_path / f"auto{suffix}")
    bank = ItemBank(tmp_path / "bank", create=True)
    report = bank.import_path(paper)
    assert report.imported == 3 and not report.skipped and not report.warnings, report.to_dict()
    one, two, three = (bank.get(i) for i in report.imported_ids)
    assert one.stem == "다음 중 가장 큰 수는?" and one.choices == ["1", "2", "3", "4", "5"]
    assert two.stem == "일차방정식 2x + 1 = 5의 해는?"
    assert two.choices == ["x = 1", "x = 2", "x = 3", "x = 4"]  # ①…④ drawn by 한글, one a paragraph
    assert three.type == "단답형" and three.choices == []
    assert [i.source for i in (one, two, three)] == [f"auto{suffix} {n}번" for n in (1, 2, 3)]
    assert {i.subject for i in (one, two, three)} == {"수학"} and one.grade == "중2"
    bank.close()


# -- number styles, answer and 해설 lines ---------------------------------------------------------
@pytest.mark.parametrize("first,second", [("01.", "02."), ("1)", "2)"), ("문 1.", "문 2."),
                                          ("1 .", "2 ."), ("문제 1)", "문제 2)")])
def test_number_styles(first, second):
    split = _split(f"""국어 단원평가
{first} 다음 중 명사는?
① 하늘 ② 먹다 ③ 예쁘다 ④ 빨리
{second} 다음 중 동사는?
① 하늘 ② 먹다 ③ 예쁘다 ④ 빨리""")
    assert [i.label for i in split.items] == ["1", "2"] and not split.doubts
    assert [i.stem for i in split.items] == ["다음 중 명사는?", "다음 중 동사는?"]
    assert all(len(i.choices) == 4 for i in split.items)


def test_answer_and_explanation_after_each_question_belong_to_it():
    split = _split("""2026 고1 수학 형성평가
01. 2 + 3의 값은? [2점]
① 4 ② 5 ③ 6 ④ 7 ⑤ 8
정답 : ②
해설
두 수를 더하면 5이므로 ②이다.
③ 6은 2 × 3이다.
02. 다항식 x² + 2x + 1의 상수항은?
① 0 ② 1 ③ 2 ④ 3 ⑤ 4
정답: 2
[해설] 상수항은 문자가 없는 항).
03. 12의 약수의 개수를 쓰시오.
정답: 6
해설: 1, 2, 3, 4, 6, 12
04. 다음 중 소수는?  ① 4  ② 6  ③ 7  ④ 9  정답: ③""")
    one, two, three, four = split.items
    assert one.choices == ["4", "5", "6", "7", "8"] and one.answer == "②" and one.points == "2"
    assert one.explanation == "두 수를 더하면 5이므로 ②이다.\n③ 6은 2 × 3이다."
    assert two.choices == ["0", "1", "2", "3", "4"] and two.answer == "2"
    assert two.explanation == "상수항은 문자가 없는 항)."
    assert three.answer == "6" and three.explanation == "1, 2, 3, 4, 6, 12" and three.choices == []
    assert four.choices == ["4", "6", "7", "9"] and four.answer == "③"
    assert not any("정답" in c or "해설" in c for i in split.items for c in i.choices)
    assert not split.doubts and not split.warnings


def test_answer_key_entries_with_explanations_never_give_junk_answers():
    split = _split("""과학 중3
1. 화학 변화는?
① 얼음 ② 연소 ③ 증발
2. 물리 변화는?
① 연소 ② 부패 ③ 증발
3. 원소 기호 H가 나타내는 원소를 쓰시오.
정답 및 해설
1. ② 연소는 새로운 물질이 생기는 변화이다.
다항식의 각 항).
2. ③ 증발은 상태만 바뀐다.
3. 수소""")
    one, two, three = split.items
    assert (one.answer, two.answer, three.answer) == ("②", "③", "수소")
    assert one.explanation == "연소는 새로운 물질이 생기는 변화이다.\n다항식의 각 항)."
    assert two.explanation == "증발은 상태만 바뀐다."


def test_stem_lines_that_start_like_answers_stay_in_the_stem():
    split = _split("""국어 중1
1. 정답은 무엇인가? 풀이 과정을 서술하시오.
2. 해설하는 글의 특징은?
① 가 ② 나""")
    assert [i.stem for i in split.items] == ["정답은 무엇인가? 풀이 과정을 서술하시오.", "해설하는 글의 특징은?"]
    assert split.items[0].answer == "" and split.items[0].item_type == "서술형"


# -- 선택과목 sections -----------------------------------------------------------------------------
def _elective_paper_text(with_titles: bool = True) -> str:
    lines = ["2027학년도 대학수학능력시험 수학 영역 고3"]
    for n in range(1, 23):
        lines += [f"{n}. 공통 {n}번 문항의 값은?", "① 1 ② 2 ③ 3 ④ 4 ⑤ 5"]
    for section in ("확률과 통계", "미적분", "기하"):
        if with_titles:
            lines.append(section)
        for n in range(23, 31):
            lines += [f"{n}. {section} {n}번 문항의 값은?", "① 1 ② 2 ③ 3 ④ 4 ⑤ 5"]
    lines += ["정답", "1. ① 2. ② 3. ③", "미적분", "23. ④ 24. ⑤"]
    return "\n".join(lines)


def test_elective_sections_are_kept_apart_and_tagged():
    split = _split(_elective_paper_text())
    assert len(split.items) == 22 + 3 * 8 and not split.doubts, split.doubts
    assert all(len(i.choices) == 5 for i in split.items)
    sections = [i.section for i in split.items]
    assert sections == [""] * 22 + ["확률과 통계"] * 8 + ["미적분"] * 8 + ["기하"] * 8
    calculus = [i for i in split.items if i.section == "미적분"]
    assert [i.label for i in calculus] == [str(n) for n in range(23, 31)]
    assert calculus[0].stem == "미적분 23번 문항의 값은?"
    # the key's own 선택과목 heading says whose 23 and 24 these are
    assert (calculus[0].answer, calculus[1].answer) == ("④", "⑤")
    assert [i.answer for i in split.items if i.label == "23" and i.section != "미적분"] == ["", ""]
    assert [i.answer for i in split.items[:3]] == ["①", "②", "③"]


def test_elective_sections_import_with_their_tag_and_source(tmp_path, bank):
    paper = write_hwpx_paper(tmp_path / "수능.hwpx", _elective_paper_text().split("\n"))
    report = bank.import_path(paper)
    assert report.imported == 46 and not report.skipped, report.to_dict()
    items = [bank.get(i) for i in report.imported_ids]
    geometry = [i for i in items if "기하" in i.tags]
    assert len(geometry) == 8 and geometry[0].source == "수능.hwpx 기하 23번"
    assert all(len(i.choices) == 5 for i in items) and items[0].tags == []


def test_untitled_restarted_numbers_are_an_unsure_split_not_one_question_with_many_choices():
    """Still a doubt (the import asks), but the split the teacher accepts is the right one: each
    set of 23–30 a section of its own ("선택 1" …), no question 30 with 85 choices (as on KDSNR's
    real 수능-style 수학 template)."""
    split = _split(_elective_paper_text(with_titles=False))
    assert split.doubts == ["question numbers start again at 23 after 30: read as 선택과목 sets without a "
                            "title (선택 1 … 선택 3); check them and name the sections"]
    electives = [i for i in split.items if i.section]
    assert [i.section for i in electives] == [f"선택 {n}" for n in (1, 2, 3) for _ in range(8)]
    assert [i.label for i in electives] == [str(n) for _ in range(3) for n in range(23, 31)]
    assert all(len(i.choices) == 5 for i in split.items)


# -- unsure splits and documents that are not papers -------------------------------------------
UNSURE = ["2026 중3 과학 단원평가",
          "1. 다음 중 화학 변화는?", "① 연소 ② 증발 ③ 융해",
          "3. 다음 중 물리 변화는?", "① 연소 ② 증발 ③ 부패",
          "2. 다음 중 혼합물은?", "① 물 ② 공기 ③ 산소 ④ 금 ⑤ 은 ⑥ 구리"]


def test_unsure_split_is_reported_by_the_dry_run_and_stops_the_import(tmp_path, data_dir, capsys):
    from engine.cli.main import main

    paper = write_hwpx_paper(tmp_path / "unsure.hwpx", UNSURE)
    assert main(["--data-dir", str(data_dir), "import", str(paper), "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] and out["imported"] == 2
    assert any("question number 3 skips ahead after question 1" in d for d in out["doubts"]), out
    assert any("question 2 has 6 choices" in d for d in out["doubts"]), out
    assert any("question 2 has 6 choices" in w for w in out["warnings"])
    assert main(["--data-dir", str(data_dir), "import", str(paper)]) == 2
    err = capsys.readouterr().err
    assert "unsure" in err and "--dry-run" in err and "--accept-split" in err and "question 2 has 6" in err
    bank = ItemBank(data_dir)
    assert bank.stats()["items"] == 0
    with pytest.raises(UnsureSplitError, match="unsure.hwpx"):
        bank.import_path(paper)
    assert bank.import_path(paper, accept_split=True).imported == 2  # the teacher checked it
    bank.close()


def test_a_tender_notice_is_refused_as_not_an_exam_paper(tmp_path, data_dir, capsys):
    from engine.cli.main import main

    notice = write_hwpx_paper(tmp_path / "입찰공고.hwpx", [
        "2026 대학 음악축제 무대 설치 용역 입찰 공고",
        "1. 사업명: 2026 음악축제 무대·음향 설치 용역",
        "2. 사업기간: 계약일로부터 60일",
        "3. 입찰 참가 자격: 공연 장비 임대업 등록 업체",
        "4. 제출 서류: 입찰서 1부, 사업자등록증 사본 1부",
        "5. 문의: 총무과 계약 담당"])
    assert main(["--data-dir", str(data_dir), "import", str(notice), "--dry-run"]) == 2
    err = capsys.readouterr().err
    assert "not an exam paper" in err and "입찰공고.hwpx" in err and "choices" in err
    bank = ItemBank(data_dir)
    with pytest.raises(ImportFileError, match="not an exam paper"):
        bank.import_path(notice, subject="음악")
    assert bank.stats()["items"] == 0
    bank.close()


def test_a_document_without_questions_is_refused(tmp_path, bank):
    memo = write_hwpx_paper(tmp_path / "memo.hwpx", ["회의록", "참석자: 김교사, 이교사", "안건: 학교 축제"])
    with pytest.raises(ImportFileError, match="no numbered questions"):
        bank.import_path(memo, dry_run=True)


def test_outline_numbering_numbers_questions_and_restarts_the_level_below(tmp_path, bank):
    """개요 1 paragraphs are questions ("1.", "2."), 개요 2 lines under them restart at "가."."""
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    doc.paragraphs[0].text = "사회 중1 수행평가"
    for text, para_pr in (("다음 글의 주제로 알맞은 것은?", 2), ("조건 하나", 3), ("조건 둘", 3),
                          ("① 가족 ② 학교 ③ 마을", 0), ("지도에 대한 설명으로 옳은 것은?", 2),
                          ("조건 셋", 3), ("① 축척 ② 방위 ③ 범례", 0)):
        doc.add_paragraph(text, para_pr_id_ref=para_pr)
    paper = tmp_path / "outline.hwpx"
    doc.save_to_path(paper)
    report = bank.import_path(paper)
    assert report.imported == 2 and not report.skipped, report.to_dict()
    one, two = (bank.get(i) for i in report.imported_ids)
    assert one.stem.splitlines() == ["다음 글의 주제로 알맞은 것은?", "가. 조건 하나", "나. 조건 둘"]
    assert two.stem.splitlines() == ["지도에 대한 설명으로 옳은 것은?", "가. 조건 셋"]
    assert one.choices == ["가족", "학교", "마을"] and two.choices == ["축척", "방위", "범례"]


# -- the preview the import wizard shows, for every format the CLI imports ----------------------
FIXTURES = Path(__file__).parent / "fixtures" / "interop"


@pytest.mark.parametrize("name,fmt,kind", [("moodle_quiz.xml", "moodle", "items"),
                                           ("qti21_package.zip", "qti", "items"),
                                           ("qti30_science_item.xml", "qti", "items"),
                                           ("exam_science.hwpx", "hwpx", "paper"),
                                           ("exam_science.hwp", "hwp", "paper")])
def test_preview_lists_what_a_dry_run_would_read(bank, name, fmt, kind):
    if fmt == "hwp":
        pytest.importorskip("hwpx")
    preview = bank.preview_import(FIXTURES / name)
    assert (preview.fmt, preview.sheet_format, preview.editable) == (fmt, kind, False)
    report = bank.import_path(FIXTURES / name, dry_run=True, subject="과학")
    assert preview.total_rows == len(preview.rows) == report.rows_seen > 0
    assert all(len(row) == len(preview.headers) for row in preview.rows)
    if kind == "paper":
        assert [r[0] for r in preview.rows] == ["1", "2", "3", "4", "서술형 1"]
        assert (preview.subject, preview.grade) == ("과학", "중3")
    assert bank.stats()["items"] == 0


def test_a_paper_renamed_csv_is_detected_not_decoded_as_a_sheet(tmp_path, bank):
    disguised = tmp_path / "paper.csv"
    disguised.write_bytes((FIXTURES / "exam_science.hwpx").read_bytes())
    assert bank.import_path(disguised, dry_run=True).format == "hwpx"
    other_zip = tmp_path / "photos.csv"
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(ImportFileError, match="photos.csv: this is a zip package, not a .csv sheet"):
        bank.import_path(other_zip)


def test_numbered_instructions_before_question_one_stay_in_the_header():
    split = _split("""2026학년도 2학기 기말고사 고1 영어
1) 답안지에 이름과 수험 번호를 쓰시오
2) 시험 시간은 50분입니다.
1. 다음 글의 주제로 가장 적절한 것은?
① a ② b ③ c ④ d ⑤ e
2. 빈칸에 들어갈 말로 가장 적절한 것은?
① a ② b ③ c ④ d ⑤ e""")
    assert [i.label for i in split.items] == ["1", "2"] and not split.doubts, split.doubts
    assert split.items[0].stem == "다음 글의 주제로 가장 적절한 것은?"
    assert split.header[1:] == ["1) 답안지에 이름과 수험 번호를 쓰시오", "2) 시험 시간은 50분입니다."]
    assert _split("1. 답안지에 이름을 쓰시오\n1. 다음 중 옳은 것은?\n① 가 ② 나").items[0].choices == ["가", "나"]
    assert split.subject == "영어" and split.grade == "고1"


@pytest.mark.parametrize("line,answer,explanation", [
    ("[정답] ③ [해설] 7은 소수이다.", "③", "7은 소수이다."),
    ("정답 ③", "③", ""), ("답: ③", "③", ""), ("【정답】 ②, ④", "②, ④", ""),
    ("정답: ③  해설: 7은 1과 자기 자신만을 약수로 가진다.", "③", "7은 1과 자기 자신만을 약수로 가진다.")])
def test_answer_line_forms(line, answer, explanation):
    split = _split(f"""수학 중1
1. 다음 중 소수는?
① 4 ② 6 ③ 7 ④ 9
{line}
2. 다음 중 짝수는?
① 3 ② 4 ③ 5 ④ 7""")
    one, two = split.items
    assert (one.answer, one.explanation) == (answer, explanation)
    assert one.choices == ["4", "6", "7", "9"] and two.choices == ["3", "4", "5", "7"] and two.answer == ""


def test_choices_laid_out_in_a_table_are_choices(tmp_path, bank):
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    doc.paragraphs[0].text = "과학 중2"
    doc.add_paragraph("1. 다음 중 포유류는?")
    table = doc.add_table(2, 2)
    for (r, c), text in zip([(0, 0), (0, 1), (1, 0), (1, 1)], ["① 고래", "② 상어", "③ 참치", "④ 연어"]):
        table.cell(r, c).text = text
    doc.add_paragraph("2. 다음 중 양서류는?")
    doc.add_paragraph("① 개구리 ② 뱀 ③ 거북 ④ 악어")
    paper = tmp_path / "table_choices.hwpx"
    doc.save_to_path(paper)
    report = bank.import_path(paper)
    one, two = (bank.get(i) for i in report.imported_ids)
    assert one.choices == ["고래", "상어", "참치", "연어"] and one.stem == "다음 중 포유류는?"
    assert two.choices == ["개구리", "뱀", "거북", "악어"]


_HH = 'xmlns:hh="http://www.hancom.co.kr/hwpml/2011/head"'
_HP = ('xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section" '
       'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph"')
_HEADER = f"""<?xml version="1.0" encoding="UTF-8"?>
<hh:head {_HH}><hh:refList>
 <hh:numberings itemCnt="1"><hh:numbering id="1" start="0">
  <hh:paraHead start="1" level="1" numFormat="DIGIT">^1.</hh:paraHead>
  <hh:paraHead start="1" level="2" numFormat="HANGUL_SYLLABLE">^2)</hh:paraHead>
  <hh:paraHead start="1" level="7" numFormat="CIRCLED_DIGIT">^7</hh:paraHead>
 </hh:numbering></hh:numberings>
 <hh:paraProperties itemCnt="4">
  <hh:paraPr id="0"><hh:heading type="NONE" idRef="0" level="0"/></hh:paraPr>
  <hh:paraPr id="10"><hh:heading type="NUMBER" idRef="1" level="0"/></hh:paraPr>
  <hh:paraPr id="11"><hh:heading type="NUMBER" idRef="1" level="1"/></hh:paraPr>
  <hh:paraPr id="12"><hh:heading type="NUMBER" idRef="1" level="6"/></hh:paraPr>
 </hh:paraProperties></hh:refList></hh:head>"""


def test_numbering_read_from_owpml_we_write_ourselves(tmp_path, bank):
    """A minimal package written by hand: questions at level 1, 조건 lines at level 2 ("가)"), each
    choice a paragraph at level 7 (①…), restarted under every question as 한글 does."""
    def p(text: str, shape: int) -> str:
        return f'<hp:p paraPrIDRef="{shape}"><hp:run><hp:t>{text}</hp:t></hp:run></hp:p>'

    body = [p("2026 중1 과학 쪽지 시험", 0), p("다음 중 고체는?", 10), p("상온에서", 11), p("모양이 일정하다", 11)]
    body += [p(t, 12) for t in ("얼음", "물", "수증기")]
    body += [p("다음 중 기체는?", 10)] + [p(t, 12) for t in ("돌", "산소", "나무", "철")]
    section = (f'<?xml version="1.0" encoding="UTF-8"?><hs:sec {_HP}>'
               f'<hp:p paraPrIDRef="0"><hp:run><hp:secPr outlineShapeIDRef="1"/></hp:run></hp:p>'
               f'{"".join(body)}</hs:sec>')
    paper = tmp_path / "hand.hwpx"
    with zipfile.ZipFile(paper, "w") as archive:
        archive.writestr("mimetype", "application/hwp+zip")
        archive.writestr("Contents/header.xml", _HEADER)
        archive.writestr("Contents/section0.xml", section)
    report = bank.import_path(paper)
    assert report.imported == 2 and not report.skipped, report.to_dict()
    one, two = (bank.get(i) for i in report.imported_ids)
    assert one.stem.splitlines() == ["다음 중 고체는?", "가) 상온에서", "나) 모양이 일정하다"]
    assert one.choices == ["얼음", "물", "수증기"] and two.choices == ["돌", "산소", "나무", "철"]
    assert one.subject == "과학" and one.grade == "중1"


def test_an_elective_name_alone_on_a_line_of_a_stem_is_text_not_a_section():
    split = _split("""사회 고2
1. 다음 중 밑줄 친 분야로 알맞은 것은?
경제
의 흐름을 다루는 분야이다.
① 생산 ② 소비 ③ 분배
2. 다음 중 옳은 것은?
① 가 ② 나 ③ 다""")
    one, two = split.items
    assert one.stem.splitlines() == ["다음 중 밑줄 친 분야로 알맞은 것은?", "경제", "의 흐름을 다루는 분야이다."]
    assert one.section == two.section == "" and not split.doubts


def test_an_answer_line_and_the_key_agree_or_the_key_wins_with_a_warning():
    split = _split("""수학 중1
1. 다음 중 소수는?
① 4 ② 6 ③ 7
정답: ③
2. 다음 중 짝수는?
① 3 ② 4 ③ 5
정답: ①
정답
1. 3 2. ②""")
    one, two = split.items
    assert (one.answer, two.answer) == ("3", "②")
    assert split.warnings == ["question 2: the answer line says ① but the answer key says ②; "
                              "the answer key was used"]


def test_questions_laid_out_in_a_table_are_split_cell_by_cell(tmp_path, bank):
    """A two-column layout table (questions 1–2 left, 3 right) and a <보기> table inside question 3."""
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    doc.paragraphs[0].text = "2026 중3 과학 형성평가"
    layout = doc.add_table(1, 2)
    layout.cell(0, 0).text = "1. 다음 중 화학 변화는?\n① 연소 ② 증발\n2. 다음 중 물리 변화는?\n① 부패 ② 융해"
    layout.cell(0, 1).text = "3. 옳은 것만을 <보기>에서 고른 것은?"
    box = doc.add_table(1, 1)
    box.cell(0, 0).text = "<보기>\nㄱ. 물은 화합물이다.\nㄴ. 산소는 원소이다."
    doc.add_paragraph("① ㄱ ② ㄴ ③ ㄱ, ㄴ")
    paper = tmp_path / "layout.hwpx"
    doc.save_to_path(paper)
    report = bank.import_path(paper)
    assert report.imported == 3 and not report.skipped, report.to_dict()
    one, two, three = (bank.get(i) for i in report.imported_ids)
    assert (one.stem, one.choices) == ("다음 중 화학 변화는?", ["연소", "증발"])
    assert (two.stem, two.choices) == ("다음 중 물리 변화는?", ["부패", "융해"])
    assert three.stem.splitlines() == ["옳은 것만을 <보기>에서 고른 것은?", "<보기>", "ㄱ. 물은 화합물이다.",
                                       "ㄴ. 산소는 원소이다."]
    assert three.choices == ["ㄱ", "ㄴ", "ㄱ, ㄴ"]


def test_an_answer_blank_for_the_student_is_not_read_as_the_answer():
    from engine.importers.paper import Block, split_paper

    lines = ["2학기 중간고사 수학", "1. 3 + 4의 값을 구하시오.", "답: ____________", "2. 다음 중 짝수는?",
             "① 1 ② 2 ③ 3 ④ 5 ⑤ 7", "정답: ②", "3. 5 - 1의 값은?", "답: (          )"]
    items = split_paper([Block(t) for t in lines]).items
    assert [i.stem_lines for i in items] == [["3 + 4의 값을 구하시오."], ["다음 중 짝수는?"], ["5 - 1의 값은?"]]
    assert [i.answer for i in items] == ["", "②", ""]


# -- what real 수능 papers (from public repositories) showed -----------------------------------
def _box(text: str) -> Block:
    return Block(text, kind="box")


def test_title_boxes_of_a_suneung_paper_open_its_elective_sections_and_stay_out_of_stems():
    """수능 수학: the common part 1–22, then 확률과 통계 / 미적분 each numbered 23–…, each opened
    by a title box "수학 영역(확률과 통계)" (not a line of its own); "제 2 교시", "5지선다형",
    "* 확인 사항" and empty frames are the paper's furniture."""
    blocks = [_box("1\n2025학년도 대학수학능력시험 문제지\n수학 영역"), _box(" 제 2 교시"), _box("5지선다형"),
              Block("1. 1+1의 값은? [2점]"), Block("① 1 ② 2 ③ 3 ④ 4 ⑤ 5"), _box(""),
              Block("2. 2+2의 값을 구하시오. [3점]"),
              _box("2025학년도 대학수학능력시험 문제지\n수학 영역(확률과 통계)"), _box(" 제 2 교시"),
              _box("5지선다형"), Block("23. 동전을 던질 때 앞면이 나올 확률은?"),
              Block("① 0 ② 1/4 ③ 1/2 ④ 3/4 ⑤ 1"), _box("1"),
              _box("* 확인 사항\n◦ 답안지의 해당란에 필요한 내용을 정확히 기입(표기)했는지 확인하시오."),
              _box("2025학년도 대학수학능력시험 문제지\n수학 영역(미적분) / 1"),
              Block("23. 극한값을 구하시오.")]
    split = split_paper(blocks, "exam_math")
    assert not split.doubts and not split.warnings, split.warnings
    assert [(i.section, i.label, len(i.choices)) for i in split.items] == [
        ("", "1", 5), ("", "2", 0), ("확률과 통계", "23", 5), ("미적분", "23", 0)]
    assert split.items[1].stem == "2+2의 값을 구하시오." and split.items[2].choices[-1] == "1"
    assert split.subject == "수학"  # "대학수학능력시험" in a 영어 paper's title would not be 수학


def test_a_suneung_title_names_the_area_not_수학():
    title = [_box("2025학년도 대학수학능력시험 문제지\n영어 영역"), Block("1. 다음 글의 주제로 가장 적절한 것은?"),
             Block("① a ② b ③ c ④ d ⑤ e")]
    assert split_paper(title, "exam_eng").subject == "영어"


def test_a_title_box_inside_the_first_question_goes_to_the_header():
    blocks = [Block("1. "), _box("1\n2025학년도 대학수학능력시험 문제지\n사회탐구 영역(사회·문화)\n제 4 교시\n성명 | "),
              Block("밑줄 친 ㉠에 대한 설명으로 옳은 것은?"), _box("① | 가 | ② | 나 | ③ | 다 | ④ | 라 | ⑤ | 마")]
    split = split_paper(blocks)
    (one,) = split.items
    assert one.stem == "밑줄 친 ㉠에 대한 설명으로 옳은 것은?" and one.section == ""
    assert one.choices == ["가", "나", "다", "라", "마"] and "사회탐구 영역(사회·문화)" in split.header


def test_choices_in_a_table_under_column_titles_and_choices_drawn_as_pictures():
    table = ("(A) |  | (B)\n① | controllability | …… | challenge | ② | predictability | …… | support\n"
             "③ | manageability | …… | intensify | ④ | affordability | …… | reverse\n"
             "⑤ | accessibility | …… | question |  |  |  | ")
    blocks = [Block("1. 빈칸 (A), (B)에 들어갈 말로 가장 적절한 것은?"), _box(table),
              Block("2. 안정한 화합물의 화학 결합 모형으로 적절한 것은?", ["BinData/image1.png"]),
              Block("①      ②  ③      ④  ⑤", ["BinData/image2.png", "BinData/image3.png"]),
              Block("3. 다음 글의 ⓐ에 들어갈 말로 적절한 것은?"),
              _box("사람들은 ① 기억을 ② 떠올린다. ③ 그리고 ④ 잊는다. ⑤ 끝."), Block("① 가 ② 나 ③ 다 ④ 라")]
    forty, forty_one, three = split_paper(blocks).items
    assert forty.stem.endswith("(A) |  | (B)") and len(forty.choices) == 5
    assert forty.choices[0] == "controllability  ……  challenge" and forty.choices[4].startswith("accessibility")
    assert forty_one.choices == ["[그림]"] * 5 and len(forty_one.images) == 3
    # circled numbers inside a passage box (not one a line or cell) are no choice table
    assert three.choices == ["가", "나", "다", "라"] and "① 기억을" in three.stem


_HP = 'xmlns:hp="http://www.hancom.co.kr/hwpml/2011/paragraph" xmlns:hs="http://www.hancom.co.kr/hwpml/2011/section"'


def _p(inner: str) -> str:
    return f'<hp:p paraPrIDRef="0"><hp:run>{inner}</hp:run></hp:p>'


def _end_note(number: int, *paragraphs: str) -> str:
    body = "".join(_p(f"<hp:t>{t}</hp:t>") for t in paragraphs)
    return (f'<hp:ctrl><hp:endNote number="{number}"><hp:subList>{body}</hp:subList></hp:endNote></hp:ctrl>')


def _frame(text: str) -> str:
    return f'<hp:rect><hp:drawText><hp:subList>{_p(f"<hp:t>{text}</hp:t>")}</hp:subList></hp:drawText></hp:rect>'


def test_questions_numbered_by_their_endnotes_get_the_endnote_as_answer_and_explanation(tmp_path):
    """학원 papers (교육청 모의고사 통합본): a question's number is its 미주 mark, the 미주 holds
    "23_09 교육 1) ⑤" and the 해설; the elective titles are text boxes, and each elective's
    미주 numbering starts again at 23 — after the 해설 of question 22."""
    body = "".join([
        _p(_end_note(1, " 23_09 교육 1) ⑤", "3×3=9이다.") + "<hp:t>3×3의 값은?</hp:t>"),
        _p("<hp:t>① 1 ② 3 ③ 6 ④ 8 ⑤ 9</hp:t>"),
        _p(_end_note(2, " [정답] 12") + "<hp:t>3×4의 값을 구하시오.</hp:t>"),
        _p(_frame(" 확률과 통계  ")),
        _p(_end_note(23, " 23_09 교육 23) ②", "[해설] 두 경우이다.") + "<hp:t>동전 하나를 던질 때 경우의 수는?</hp:t>"),
        _p("<hp:t>① 1 ② 2 ③ 3 ④ 4 ⑤ 5</hp:t>"),
        _p(_frame(" 미적분  ")),
        _p(_end_note(23, " 23_09 교육 23) ①") + "<hp:t>극한값은?</hp:t>"),
        _p("<hp:t>① 0 ② 1 ③ 2 ④ 3 ⑤ 4</hp:t>"),
    ])
    paper = tmp_path / "3-09월_교육_통합.hwpx"
    with zipfile.ZipFile(paper, "w") as package:
        package.writestr("Contents/section0.xml", f'<hs:sec {_HP}>{body}</hs:sec>')
    from engine.importers.owpml import OwpmlPackage
    split = split_paper(OwpmlPackage(paper.read_bytes(), str(paper)).blocks())
    assert not split.doubts and not split.warnings, split.warnings
    assert [(i.section, i.label, len(i.choices), i.answer) for i in split.items] == [
        ("", "1", 5, "⑤"), ("", "2", 0, "12"), ("확률과 통계", "23", 5, "②"), ("미적분", "23", 5, "①")]
    one, two, stats, calculus = split.items
    assert one.stem == "3×3의 값은?" and one.explanation == "3×3=9이다." and one.choices[-1] == "9"
    assert two.explanation == "" and stats.explanation == "두 경우이다."
    assert stats.stem == "동전 하나를 던질 때 경우의 수는?" and calculus.explanation == ""


def test_a_question_line_after_a_hint_of_explanation_is_no_longer_swallowed_silently():
    split = _split("1. 2+2의 값은?\n① 1 ② 2 ③ 3 ④ 4 ⑤ 5\n해설: 4이다.\n3. 다음 중 옳은 것은?")
    assert any("3" in d and "skips ahead" in d for d in split.doubts), split.doubts


def test_police_mock_exam_answer_and_explanation_labels_in_frames():
    """경찰 아침모의고사 (헌법): "정답" and "해설" are one-word frames; the answer is the line below
    the frame, and the 해설's "②:[×] …" lines are no choices."""
    blocks = [Block("1. 표현의 자유에 대한 설명으로 옳은 것은?"), Block("① 가"), Block("② 나"), Block("③ 다"),
              Block("④ 라"), _box("정답"), Block("①"), _box("해설"), Block("[○] 가는 옳다."),
              Block("②:[×] 나는 틀렸다."), Block("2. 집회의 자유에 관한 설명으로 옳지 않은 것은?"),
              Block("① 가 ② 나 ③ 다 ④ 라"), _box("정답"), Block("③")]
    one, two = split_paper(blocks).items
    assert one.choices == ["가", "나", "다", "라"] and one.answer == "①"
    assert one.explanation == "[○] 가는 옳다.\n②:[×] 나는 틀렸다."
    assert two.answer == "③" and len(two.choices) == 4


def test_answer_glued_to_정답_and_the_보기_it_counts_and_a_choice_that_cites_another():
    split = _split("01. 폭행에 관한 설명 중 적절하지 않은 것은 모두 몇 개인가?\n① 4개 ② 3개 ③ 2개 ④ 1개\n정답③\n㉡㉣\n"
                   "02. 증거보전에 관한 설명으로 옳지 않은 것은?\n① 검사는 청구할 수 있다.\n"
                   "② 위 ①의 청구에 따라 판사가 기일을 정한 때에도 그렇다.\n③ 다\n④ 라")
    one, two = split.items
    assert one.answer == "③" and one.choices == ["4개", "3개", "2개", "1개"] and one.explanation == "㉡㉣"
    assert two.choices[1] == "위 ①의 청구에 따라 판사가 기일을 정한 때에도 그렇다." and len(two.choices) == 4
    assert not split.doubts


def test_a_numbered_title_before_the_first_shared_passage_is_the_header():
    """exam-hwpx-kit's synthetic paper: its title paragraph is numbered "1." by 한글."""
    split = _split("1. 합성 독해 연습지\n[1~2] 다음 글을 읽고 물음에 답하시오.\n온실의 환기 장치는 센서값을 읽는다.\n"
                   "1. 장치가 값을 확인하는 이유로 가장 적절한 것은? (2점)\n① 가\n② 나\n③ 다\n④ 라\n⑤ 마\n"
                   "2. 장치의 동작으로 적절한 것은? (3점)\n① 가 ② 나 ③ 다 ④ 라 ⑤ 마")
    one, two = split.items
    assert split.header[0] == "1. 합성 독해 연습지" and not split.doubts
    assert one.passage == two.passage == "다음 글을 읽고 물음에 답하시오.\n온실의 환기 장치는 센서값을 읽는다."
    assert one.stem == "장치가 값을 확인하는 이유로 가장 적절한 것은?" and one.points == "2"


def test_the_end_of_a_교육청_paper_its_answer_grid_labels_and_title_stay_out_of_the_last_question():
    blocks = [Block("1. 1+1의 값은?"), Block("① 1 ② 2 ③ 3 ④ 4 ⑤ 5"), Block("2. 2+2의 값을 구하시오."),
              _box(" 확률과 통계  "), Block("23. 경우의 수는?"), Block("① 1 ② 2 ③ 3 ④ 4 ⑤ 5"),
              _box(" 확률과 통계  "), _box(" 미적분  "), Block("2023년 09월 교육 모의고사"),
              _box("1 | ② | 2 | 4 | 3 | ⑤ | 4 | ① \n확률과통계 | 23 | ③ |  ")]
    one, two, stats = split_paper(blocks).items
    assert (one.answer, two.answer, stats.answer) == ("②", "4", "③")
    assert stats.stem == "경우의 수는?" and stats.choices[-1] == "5"


def test_an_itembank_answer_table_gives_back_each_explanation_whole():
    """What ItemBank.export_paper writes at the end (번호 | 정답 | 해설) reads back with the 해설,
    a "|" inside a formula and a 해설 of several lines included; box lines lose their edge spaces."""
    blocks = [Block("1. 절댓값을 구하시오."), _box("<보기> \n 가. 하나 \n나. 둘"), Block("2. 다음 중 옳은 것은?"),
              Block("① 가 ② 나 ③ 다 ④ 라"), Block("정답 및 해설"),
              _box("번호 | 정답 | 해설\n1 | 3 | $\\left|-3\\right|=3$이다.\n둘째 줄도 해설이다.\n2 | ② | 나가 옳다.")]
    one, two = split_paper(blocks).items
    assert one.stem == "절댓값을 구하시오.\n<보기>\n가. 하나\n나. 둘"
    assert (one.answer, one.explanation) == ("3", "$\\left|-3\\right|=3$이다.\n둘째 줄도 해설이다.")
    assert (two.answer, two.explanation) == ("②", "나가 옳다.")
