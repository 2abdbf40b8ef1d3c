"""The one worksheet layout (engine/exporters/paper.py) read back from the real PDF and HWPX files."""

from __future__ import annotations

import re
import zipfile
import zlib
from pathlib import Path

import pytest

from engine.api import ItemBank, PaperOptions, build_papers
from tests.conftest import draw_figure, write_jsonl

pytest.importorskip("fpdf")
pypdf = pytest.importorskip("pypdf")  # the dev extra brings it: the PDF is read back page by page

PASSAGE = "봄이 오면 산과 들에 꽃이 핀다. 사람들은 꽃구경을 하러 집을 나선다."


def _records(figure: Path) -> list[dict]:
    shared = {"subject": "국어", "grade": "중2", "passage": PASSAGE, "type": "객관식"}
    records = [
        dict(shared, id="P1", stem="윗글의 중심 소재로 알맞은 것은?", choices=["꽃", "눈", "비", "바람", "해"],
             answer="1", explanation="해설P1 꽃이 중심 소재이다.", tags=["3점"]),
        dict(shared, id="P2", stem="윗글에서 사람들이 집을 나서는 까닭은?",
             choices=["꽃구경을 하려고", "일하러 가려고", "비를 피하려고", "학교에 가려고", "장을 보려고"],
             answer="1", explanation="해설P2 꽃구경 때문이다."),
        dict(shared, id="P3", stem="윗글의 계절은?", choices=["봄", "여름", "가을", "겨울", "없음"],
             answer="1", explanation="해설P3 봄이다."),
        {"id": "B1", "subject": "과학", "grade": "중2", "type": "객관식",
         "stem": "다음 설명 중 옳은 것만을 고른 것은?\n<보기>\nㄱ. 물은 100 ℃에서 끓는다.\nㄴ. 얼음은 물보다 무겁다.",
         "choices": ["ㄱ", "ㄴ", "ㄱ, ㄴ", "없음", "모두"], "answer": "1", "explanation": "해설B1 ㄱ만 옳다.",
         "images": [str(figure)]},
        {"id": "E1", "subject": "과학", "grade": "중2", "type": "서술형",
         "stem": "물의 순환 과정을 세 단계로 서술하시오.", "answer": "증발, 응결, 강수",
         "explanation": "해설E1 증발·응결·강수."},
    ]
    for n in range(1, 10):  # enough plain questions to fill pages
        records.append({"id": f"M{n}", "subject": "수학", "grade": "중2", "type": "객관식",
                        "stem": f"문항M{n} 일차함수 y = {n}x + {n + 1} 의 그래프에 대한 설명으로 옳은 것은? "
                                "그래프를 그려 보고 기울기와 y절편을 차례로 확인하여 보시오.",
                        "choices": [f"기울기는 {n}이다", f"기울기는 {n + 1}이다", f"y절편은 {n}이다",
                                    "원점을 지난다", "x축과 평행하다"],
                        "answer": "1", "explanation": f"해설M{n} 기울기는 {n}."})
    return records


@pytest.fixture
def loaded(bank: ItemBank, tmp_path: Path) -> tuple[ItemBank, list[str]]:
    figure = draw_figure(tmp_path / "src" / "beaker.png", "circle")
    report = bank.import_path(write_jsonl(tmp_path / "src" / "items.jsonl", _records(figure)))
    assert report.imported == 14, report.to_dict()
    return bank, ["P1", "P2", "P3", "B1", "E1"] + [f"M{n}" for n in range(1, 10)]


def pages_text(pdf: Path) -> list[str]:
    # justified lines come back with runs of spaces; one space is what a reader sees
    return [re.sub(r"[ \t]+", " ", page.extract_text() or "") for page in pypdf.PdfReader(str(pdf)).pages]


def page_size_pt(pdf: Path) -> tuple[float, float]:
    box = pypdf.PdfReader(str(pdf)).pages[0].mediabox
    return round(float(box.width), 2), round(float(box.height), 2)


def rect_heights_pt(pdf: Path) -> list[float]:
    """Heights of every rectangle the PDF draws (``x y w h re``), from its inflated content streams."""
    data = pdf.read_bytes()
    heights = []
    for stream in re.findall(rb"stream\r?\n(.*?)\r?\nendstream", data, re.S):
        try:
            text = zlib.decompress(stream)
        except zlib.error:
            text = stream
        heights += [abs(float(h)) for h in re.findall(rb"[-\d.]+ [-\d.]+ [-\d.]+ ([-\d.]+) re", text)]
    return heights


def _page_of(pages: list[str], needle: str) -> int:
    found = [i for i, page in enumerate(pages) if needle in page]
    assert found, needle
    return found[0]


def test_answers_start_on_a_new_page_after_the_last_question(loaded, tmp_path):
    bank, ids = loaded
    out = tmp_path / "paper.pdf"
    result = bank.export_paper(out, ids, PaperOptions(school="한빛중학교", answers="end-page"))
    pages = pages_text(out)
    assert result.files == [out] and result.pages == len(pages) >= 2
    key_page = _page_of(pages, "정답 및 해설")
    last_question = max(_page_of(pages, f"문항M{n}") for n in range(1, 10))
    assert key_page > last_question
    for page in pages[:key_page]:
        assert "해설" not in page.replace("정답 및 해설", "")  # no explanation on a student page
    assert "해설M9 기울기는 9." in "".join(pages[key_page:])
    first = pages[0]
    assert "한빛중학교" in first and "이름:" in first and "번호:" in first and "-1-" in first.replace(" ", "")


def test_passage_is_printed_once_before_its_questions_with_the_range_header(loaded, tmp_path):
    bank, ids = loaded
    out = tmp_path / "paper.pdf"
    bank.export_paper(out, ids, PaperOptions(answers="none"))
    text = re.sub(r"\s+", " ", "".join(pages_text(out)))
    assert "[1~3] 다음 글을 읽고 물음에 답하시오." in text
    assert text.count("꽃구경을 하러 집을") == 1
    assert text.index("[1~3]") < text.index("봄이 오면") < text.index("1. 윗글의 중심 소재")
    assert text.index("1. 윗글의 중심 소재") < text.index("2. 윗글에서") < text.index("3. 윗글의 계절")
    assert "[3점]" in text and "<보기>" in text and "정답 및 해설" not in text


def test_essay_gets_a_writing_box_of_the_height_asked(loaded, tmp_path):
    bank, ids = loaded
    with_box, without = tmp_path / "box.pdf", tmp_path / "none.pdf"
    bank.export_paper(with_box, ids, PaperOptions(answers="none", writing_mm=50))
    bank.export_paper(without, [i for i in ids if i != "E1"], PaperOptions(answers="none", writing_mm=50))
    box_pt = 50 * 72 / 25.4
    assert any(abs(h - box_pt) < 0.5 for h in rect_heights_pt(with_box))
    assert not any(abs(h - box_pt) < 0.5 for h in rect_heights_pt(without))


def test_two_columns_take_fewer_pages_and_b4_is_b4(loaded, tmp_path):
    bank, ids = loaded
    one, two, b4 = tmp_path / "one.pdf", tmp_path / "two.pdf", tmp_path / "b4.pdf"
    bank.export_paper(one, ids, PaperOptions(answers="none", columns=1))
    bank.export_paper(two, ids, PaperOptions(answers="none", columns=2))
    bank.export_paper(b4, ids, PaperOptions(answers="none", paper="B4"))
    assert len(pages_text(two)) < len(pages_text(one))
    assert page_size_pt(one) == pytest.approx((595.28, 841.89), abs=0.5)
    assert page_size_pt(b4) == pytest.approx((257 * 72 / 25.4, 364 * 72 / 25.4), abs=0.5)
    assert "1. 윗글의 중심 소재" in "".join(pages_text(two))


def test_separate_answer_sheet_and_variants_with_their_own_keys(loaded, tmp_path):
    bank, ids = loaded
    out = tmp_path / "시험.pdf"
    options = PaperOptions(answers="separate", variants=("A", "B"), seed=7, columns=2)
    result = bank.export_paper(out, ids, options)
    names = [p.name for p in result.files]
    assert names == ["시험-A.pdf", "시험-A-정답.pdf", "시험-B.pdf", "시험-B-정답.pdf"]
    orders = {}
    for variant in ("A", "B"):
        student = "".join(pages_text(tmp_path / f"시험-{variant}.pdf"))
        key = re.sub(r"\s+", " ", "".join(pages_text(tmp_path / f"시험-{variant}-정답.pdf")))
        assert "해설" not in student and f"({variant}형)" in student
        number = {f"M{n}": re.search(rf"(\d+)\. 문항M{n}\b", student).group(1) for n in range(1, 10)}
        order = sorted(number, key=lambda item: int(number[item]))
        key_order = [m for m in re.findall(r"해설(M\d)", key)]
        assert key_order == order  # each key follows its own paper's order
        for item in order:  # and the key's row number is the question's number on that paper
            assert re.search(rf"\b{number[item]} ① 해설{item}\b", key), item
        orders[variant] = order
    assert orders["A"] != orders["B"]
    assert orders["A"] == [f"M{n}" for n in range(1, 10)]  # A keeps the teacher's order


def test_shuffled_choices_keep_the_right_answer_and_passage_groups_stay_together(loaded):
    bank, ids = loaded
    items = [bank.get(i) for i in ids]
    papers = build_papers(items, PaperOptions(variants=("A", "B"), shuffle_choices=True, seed=3))
    again = build_papers(items, PaperOptions(variants=("A", "B"), shuffle_choices=True, seed=3))
    assert [q.item.id for q in papers[1].questions] == [q.item.id for q in again[1].questions]
    moved = 0
    for question in papers[1].questions:
        item = question.item
        if item.type == "객관식":
            right = item.choices[int(item.answer) - 1]
            assert question.choices[("①②③④⑤".index(question.answer))] == right
            moved += question.choices != item.choices
    assert moved >= 3
    group = [b for b in papers[1].blocks if b.passage]
    assert len(group) == 1 and [q.item.id for q in group[0].questions] == ["P1", "P2", "P3"]
    numbers = [q.number for q in group[0].questions]
    assert numbers == list(range(numbers[0], numbers[0] + 3))


def test_choice_columns_follow_choice_length(loaded):
    bank, ids = loaded
    paper = build_papers([bank.get(i) for i in ids], PaperOptions())[0]
    columns = {q.item.id: q.choice_columns for q in paper.questions}
    assert columns["P1"] == 5 and columns["P2"] == 2 and columns["M1"] == 2
    from engine.api import Item

    long = Item(stem="옳은 것은?", subject="사회", type="객관식", answer="1",
                choices=["민주주의는 국민이 나라의 주인이 되어 스스로 다스리는 정치 형태이다"] * 5)
    assert build_papers([long], PaperOptions())[0].questions[0].choice_columns == 1


def test_hwpx_worksheet_order_answer_section_metadata_and_reimport(loaded, tmp_path):
    pytest.importorskip("hwpx")
    bank, ids = loaded
    out = tmp_path / "학습지.hwpx"
    result = bank.export_paper(out, ids, PaperOptions(title="중2 통합 학습지", creator="김선생",
                                                     answers="end-page", columns=2))
    assert result.files == [out]
    with zipfile.ZipFile(out) as archive:
        section = archive.read("Contents/section0.xml").decode("utf-8")
        content = archive.read("Contents/content.hpf").decode("utf-8")
        preview = archive.read("Preview/PrvText.txt").decode("utf-8")
    texts = re.findall(r"<hp:t>([^<]*)</hp:t>", section)
    joined = "\n".join(texts)
    assert joined.index("[1~3] 다음 글을 읽고") < joined.index("봄이 오면") < joined.index("1. 윗글의")
    assert joined.index("정답 및 해설") > joined.index("14. 문항M9")
    assert re.search(r'pageBreak="1"[^>]*>(?:(?!</hp:p>).)*정답 및 해설', section, re.S)
    assert 'colCount="2"' in section
    assert "<opf:title>중2 통합 학습지</opf:title>" in content and ">김선생</opf:meta>" in content
    assert preview.startswith("중2 통합 학습지") and "1. 윗글의 중심 소재" in preview
    other = ItemBank(tmp_path / "other", create=True)
    try:
        report = other.import_path(out)
        assert report.imported == len(ids), report.to_dict()
        back = [other.get(i) for i in report.imported_ids]
        original = [bank.get(i) for i in ids]
        assert [b.stem for b in back] == [o.stem for o in original]
        assert [b.choices for b in back] == [o.choices for o in original]
        assert [b.answer for b in back] == [o.answer for o in original]
    finally:
        other.close()


def test_hwpx_package_describes_this_paper_not_the_template(loaded, tmp_path):
    """한글's open dialog shows the metadata and the preview picture: they must be ours, not those of
    python-hwpx's template (its author, its 2025 date, its thumbnail)."""
    pytest.importorskip("hwpx")
    import io
    from datetime import datetime, timezone

    from PIL import Image

    bank, ids = loaded
    out = tmp_path / "학습지.hwpx"
    bank.export_paper(out, ids, PaperOptions(title="중2 통합 학습지", creator="김선생", subject="과학"))
    with zipfile.ZipFile(out) as archive:
        content = archive.read("Contents/content.hpf").decode("utf-8")
        section = archive.read("Contents/section0.xml").decode("utf-8")
        picture = Image.open(io.BytesIO(archive.read("Preview/PrvImage.png")))
    assert "synthetic-fixture-author" not in content and "2025-09-17" not in content
    today = datetime.now(timezone.utc).strftime("%Y-%m-%d")
    assert re.search(rf'name="CreatedDate" content="text">{today}T', content)
    assert '<opf:meta name="subject" content="text">과학</opf:meta>' in content
    assert '<opf:meta name="description" content="text">14문항</opf:meta>' in content
    assert picture.size == (420, 594)
    # a page-shaped picture with text drawn on it: plenty of dark pixels near the top (the title)
    top = picture.convert("L").crop((0, 20, 420, 80))
    assert sum(top.histogram()[:128]) > 200
    # the 서술형 question (E1, number 5) gets an empty table as its writing box before question 6
    after_e1 = section[section.index("5. 물의 순환"):section.index("6. 문항M1")]
    assert "<hp:tbl" in after_e1


def test_cli_export_two_column_separate_answers(loaded, tmp_path, capsys):
    from engine.cli.main import main

    bank, ids = loaded
    out = tmp_path / "paper.pdf"
    code = main(["--data-dir", str(tmp_path / "bank"),
                 "export", str(out), "--ids", ",".join(ids), "--layout", "two-column",
                 "--answers", "separate", "--json"])
    assert code == 0
    import json

    printed = json.loads(capsys.readouterr().out)
    assert printed["exported"] == 14
    assert printed["files"] == [str(out), str(tmp_path / "paper-정답.pdf")]
    assert out.read_bytes().startswith(b"%PDF-") and (tmp_path / "paper-정답.pdf").stat().st_size > 1000
    assert "정답 및 해설" not in "".join(pages_text(out))
    assert "해설M1" in "".join(pages_text(tmp_path / "paper-정답.pdf"))


def test_formulas_are_drawn_in_the_pdf_not_printed_as_latex(bank, tmp_path):
    pytest.importorskip("matplotlib")
    records = [{"id": "Q1", "subject": "수학", "grade": "고1", "type": "객관식",
                "stem": r"이차방정식 $x^{2}-5x+6=0$의 두 근을 $\alpha, \beta$라 할 때, $\frac{1}{\alpha}+\frac{1}{\beta}$의 값은?",
                "choices": [r"$\frac{5}{6}$", r"$\frac{6}{5}$", "1", r"$\sqrt{2}$", "2"], "answer": "1",
                "explanation": r"$\alpha+\beta=5$, $\alpha\beta=6$이므로 $\frac{5}{6}$"}]
    assert bank.import_path(write_jsonl(tmp_path / "m.jsonl", records)).imported == 1
    out = tmp_path / "수학.pdf"
    bank.export_paper(out, ["Q1"], PaperOptions(answers="end-page"))
    reader = pypdf.PdfReader(str(out))
    student, key = pages_text(out)[0], pages_text(out)[-1]
    assert "이차방정식" in student and "의 값은?" in student
    assert "\\frac" not in student and "$" not in student and "\\alpha" not in student
    # the stem's three formulas and the three formula choices are pictures on the student page
    assert len(reader.pages[0].images) >= 6
    # the key's table speaks the readable linear form
    assert "α+β=5" in key and "\\alpha" not in key


def test_hwpx_worksheet_writes_real_equations_that_reimport_as_the_same_math(bank, tmp_path):
    pytest.importorskip("hwpx")
    records = [{"id": "Q1", "subject": "수학", "grade": "고1", "type": "객관식",
                "stem": r"이차방정식 $x^{2}-5x+6=0$의 두 근의 합 $\frac{a}{b}$는?",
                "choices": [r"$\sqrt{2}$", "5", "6", "7", "8"], "answer": "2"}]
    assert bank.import_path(write_jsonl(tmp_path / "m.jsonl", records)).imported == 1
    out = tmp_path / "수학.hwpx"
    bank.export_paper(out, ["Q1"], PaperOptions(answers="end-page"))
    with zipfile.ZipFile(out) as archive:
        section = archive.read("Contents/section0.xml").decode("utf-8")
    scripts = re.findall(r"<hp:script>([^<]*)</hp:script>", section)
    assert "<hp:equation" in section and len(scripts) == 3
    assert any("over" in s for s in scripts) and any("sqrt" in s for s in scripts)
    assert "\\frac" not in section and "$" not in "".join(re.findall(r"<hp:t>([^<]*)</hp:t>", section))
    other = ItemBank(tmp_path / "other", create=True)
    try:
        report = other.import_path(out, subject="수학")
        assert report.imported == 1
        item = other.get(report.imported_ids[0])
        assert "$x^{2}-5x+6=0$" in item.stem.replace(" ", "") or "x^{2}" in item.stem
        assert r"\frac{a}{b}" in item.stem and any(r"\sqrt{2}" in c for c in item.choices)
    finally:
        other.close()


def test_figures_print_at_natural_size_scaled_down_to_the_column_and_a_height_limit():
    from engine.exporters.worksheet import FIGURE_MAX_HEIGHT_MM, figure_size_mm

    small = figure_size_mm((96, 48), 70)            # 1 inch × ½ inch at 96 dpi: kept, never enlarged
    assert small == pytest.approx((25.4, 12.7))
    wide = figure_size_mm((1920, 480), 70)          # wider than the column: 70 mm wide, shape kept
    assert wide == pytest.approx((70.0, 17.5))
    tall = figure_size_mm((400, 2000), 70)          # a tall diagram: the height limit decides
    assert tall[1] == pytest.approx(FIGURE_MAX_HEIGHT_MM) and tall[0] == pytest.approx(18.0)


def test_words_after_a_tall_formula_stay_on_the_line_of_the_words_before_it(bank, tmp_path):
    """A fraction makes its line taller; the words around it share one baseline (they used to drop
    below the fraction's top edge) and the next line starts below the fraction."""
    pytest.importorskip("matplotlib")
    records = [{"id": "F1", "subject": "수학", "grade": "중1", "type": "서술형",
                "stem": r"앞말 $\frac{x^{2}+1}{\sqrt{x+1}}$ 뒷말", "answer": "1"}]
    assert bank.import_path(write_jsonl(tmp_path / "f.jsonl", records)).imported == 1
    out = tmp_path / "f.pdf"
    bank.export_paper(out, ["F1"], PaperOptions(answers="none"))
    found: dict[str, float] = {}

    def visit(text, _cm, tm, _font, _size):
        for word in ("앞말", "뒷말"):
            if word in text:
                found[word] = tm[5]

    pypdf.PdfReader(str(out)).pages[0].extract_text(visitor_text=visit)
    assert set(found) == {"앞말", "뒷말"}
    assert found["앞말"] == pytest.approx(found["뒷말"], abs=0.5)


def test_unicode_superscripts_print_as_raised_ordinary_digits(bank, tmp_path):
    """NanumGothic's ² is a speck on paper; the PDF draws a smaller ordinary 2, raised."""
    records = [{"id": "S1", "subject": "수학", "grade": "중3", "type": "객관식",
                "stem": "이차방정식 x²-5x+3=0의 두 근의 합은?", "choices": ["5", "-5", "3", "-3", "1"],
                "answer": "1"}]
    assert bank.import_path(write_jsonl(tmp_path / "s.jsonl", records)).imported == 1
    out = tmp_path / "s.pdf"
    bank.export_paper(out, ["S1"], PaperOptions(answers="none"))
    runs: list[tuple[str, float, float]] = []

    def visit(text, _cm, tm, _font, size):
        if text.strip():
            runs.append((text, tm[5], size * tm[0] if tm[0] else size))

    page = pypdf.PdfReader(str(out)).pages[0]
    page.extract_text(visitor_text=visit)
    assert "²" not in "".join(t for t, _y, _s in runs)
    base = next(r for r in runs if "이차방정식" in r[0])
    script = next(r for r in runs if r[0].strip() == "2")
    assert script[2] < base[2] * 0.8  # smaller …
    assert script[1] > base[1] + 0.5  # … and raised above the line's baseline (PDF y grows upwards)


def test_hwpx_short_answer_box_is_not_read_back_into_the_stem(bank, tmp_path):
    pytest.importorskip("hwpx")
    records = [{"id": "D1", "subject": "수학", "grade": "중1", "type": "단답형",
                "stem": "3 + 4의 값을 구하시오.", "answer": "7"}]
    assert bank.import_path(write_jsonl(tmp_path / "d.jsonl", records)).imported == 1
    out = tmp_path / "d.hwpx"
    bank.export_paper(out, ["D1"], PaperOptions(answers="end-page"))
    other = ItemBank(tmp_path / "other", create=True)
    try:
        report = other.import_path(out)
        assert report.imported == 1, report.to_dict()
        assert other.get(report.imported_ids[0]).stem == "3 + 4의 값을 구하시오."
    finally:
        other.close()
