"""HWPX/HWP exam papers in, HWPX/PDF worksheets out — on the project's own fixture papers."""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

import pytest

from engine.api import ItemBank
from engine.importers import ImportFileError
from engine.importers.owpml import equation_text
from engine.mathtext import linear_text

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
PAPER = FIXTURES / "exam_science.hwpx"


def _bin_hashes(package: Path) -> dict[str, str]:
    with zipfile.ZipFile(package) as archive:
        return {n: hashlib.sha256(archive.read(n)).hexdigest()
                for n in archive.namelist() if n.startswith("BinData/")}


def _essentials(bank: ItemBank, ids: list[str]) -> list[tuple]:
    return [(i.stem, i.passage, i.choices, i.answer, i.type, i.images)
            for i in (bank.get(x) for x in ids)]


def test_hwpx_paper_is_split_into_items_with_passage_box_figures_and_answers(bank):
    report = bank.import_path(PAPER)
    assert report.format == "hwpx" and report.imported == 5 and not report.skipped, report.to_dict()
    q1, q2, q3, q4, essay = (bank.get(i) for i in report.imported_ids)
    assert q1.stem == "다음 중 화학 변화에 해당하는 것은?" and q1.tags == ["3점"]
    assert q1.choices == ["얼음이 녹는다.", "설탕이 물에 녹는다.", "종이가 탄다.", "유리컵이 깨진다.",
                          "물이 끓는다."] and q1.answer == "3" and q1.passage == ""
    # the shared passage [2~3] is attached to both of its questions, and only to them
    assert q2.passage == q3.passage
    assert q2.passage.splitlines() == ["다음은 민지가 수행한 실험 과정이다. 물음에 답하시오.",
                                       "(가) 비커에 물 100 g을 넣고 온도를 측정한다.",
                                       "(나) 물에 소금 10 g을 넣고 완전히 녹을 때까지 저어 준다."]
    assert q4.passage == "" and essay.passage == ""
    assert q3.stem.splitlines()[1:] == ["<보기>", "ㄱ. 소금은 용질이다.", "ㄴ. 물은 용매이다.",
                                        "ㄷ. 소금물은 순물질이다."]
    assert q3.choices[2] == "ㄱ, ㄴ" and q3.answer == "3"
    # figures: the passage figure on 2 and 3, the graph on 4, stored by content hash
    bins = set(_bin_hashes(PAPER).values())
    assert len(bins) == 2 and q2.images == q3.images and len(q2.images) == 1
    assert set(q2.images + q4.images) == bins and q1.images == [] == essay.images
    assert hashlib.sha256(bank.image_path(q4.images[0]).read_bytes()).hexdigest() == q4.images[0]
    # the equation object is kept as math, in place (LaTeX between dollars; its linear form reads v = s/t)
    assert q4.stem.endswith("속력이 $v=\\frac{s}{t}$일 때 이 물체의 속력은?") and q4.answer == "2"
    assert linear_text(q4.stem).endswith("속력이 v=s/t일 때 이 물체의 속력은?")
    assert essay.type == "서술형" and essay.tags == ["5점"] and essay.choices == []
    assert {i.subject for i in (q1, q2, essay)} == {"과학"} and q1.grade == "중3"
    assert q2.source == "exam_science.hwpx 2번"


def test_hwp5_paper_reads_to_the_same_items_as_the_hwpx(tmp_path):
    pytest.importorskip("hwpx")
    banks = []
    for name in ("exam_science.hwpx", "exam_science.hwp"):
        bank = ItemBank(tmp_path / name, create=True)
        report = bank.import_path(FIXTURES / name)
        assert report.imported == 5 and not report.skipped, report.to_dict()
        banks.append(_essentials(bank, report.imported_ids))
        bank.close()
    assert banks[0] == banks[1]


def test_dry_run_prints_the_split_and_writes_nothing(data_dir, capsys):
    from engine.cli.main import main

    assert main(["--data-dir", str(data_dir), "import", str(PAPER), "--dry-run", "--json"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] and out["imported"] == 5
    labels = [(r["label"], r["type"], r["choices"], r["images"], r["box"]) for r in out["preview"]]
    assert labels == [("1", "객관식", 5, 0, False), ("2", "객관식", 5, 1, False),
                      ("3", "객관식", 5, 1, True), ("4", "객관식", 5, 1, False),
                      ("서술형 1", "서술형", 0, 0, False)]
    assert main(["--data-dir", str(data_dir), "import", str(PAPER), "--dry-run"]) == 0
    text = capsys.readouterr().out
    assert "미리보기" in text and "서술형 1" in text
    bank = ItemBank(data_dir)
    assert bank.stats()["items"] == 0
    bank.close()


def test_paper_without_subject_reports_every_question_and_imports_nothing(tmp_path, bank):
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    doc.paragraphs[0].text = "1학기 단원 평가"
    doc.add_paragraph("1. 다음 중 가장 큰 수는?")
    doc.add_paragraph("① 1  ② 2  ③ 3")
    doc.add_paragraph("2. 빈칸에 알맞은 말을 쓰시오.")
    paper = tmp_path / "paper.hwpx"
    doc.save_to_path(paper)
    report = bank.import_path(paper)
    assert report.imported == 0
    assert [(Path(s.file).name, s.row, s.field) for s in report.skipped] == [
        ("paper.hwpx", 1, "subject"), ("paper.hwpx", 2, "subject")]
    assert "title line" in report.skipped[0].reason and bank.stats()["items"] == 0
    renamed = tmp_path / "수학_paper.hwpx"
    paper.rename(renamed)
    assert bank.import_path(renamed).imported == 2


def test_broken_papers_get_a_file_level_error(tmp_path, bank):
    fake = tmp_path / "fake.hwpx"
    fake.write_bytes(b"not a zip")
    with pytest.raises(ImportFileError, match="fake.hwpx.*not an HWPX"):
        bank.import_path(fake)
    old = tmp_path / "old.hwp"
    old.write_bytes(b"HWP Document File V3.00 \x1a\x01\x02\x03\x04\x05")
    with pytest.raises(ImportFileError, match="old.hwp.*HWP 3.0"):
        bank.import_path(old)
    assert bank.stats()["items"] == 0


def test_equations_become_readable_text():
    assert equation_text("x^2 - 5x + 6 = 0") == "x² - 5x + 6 = 0"
    assert equation_text("{-b pm sqrt {b^2-4ac}} over {2a}") == "(-b ± √(b²-4ac))/2a"
    assert equation_text("a_1 + a_{10} le 3 times 4") == "a₁ + a₁₀ ≤ 3 × 4"


def test_hwpx_worksheet_opens_in_an_independent_reader_and_reads_back(tmp_path, bank):
    pytest.importorskip("hwpx")
    ids = bank.import_path(PAPER).imported_ids
    out = tmp_path / "학습지.hwpx"
    assert bank.export(out, ids[1:] + ids[:1]) == 5  # a basket in the teacher's order
    with zipfile.ZipFile(out) as archive:
        assert archive.read("mimetype") == b"application/hwp+zip"
        assert archive.namelist()[0] == "mimetype"
    assert set(_bin_hashes(out).values()) == {s for i in ids for s in bank.get(i).images}
    dochan = pytest.importorskip("dochan")
    text = dochan.Dochan(str(out)).to_markdown()
    for expected in ("과학 중3 학습지", "[1~2] 다음은 민지가", "1. (나) 과정 후 소금물의 질량은?",
                     "① 90 g", "5. 다음 중 화학 변화에", "정답"):
        assert expected in text, expected
    # the equation is a real 한글 equation: dochan reads its script and shows it as a formula
    assert re.search(r"\$v ?= ?\\frac\{+s\}+\{+t\}+\$", text)
    with zipfile.ZipFile(out) as archive:
        section = archive.read("Contents/section0.xml").decode("utf-8")
    assert re.search(r"<hp:equation[^>]*>.*?<hp:script>[^<]*\{s\} over \{t\}[^<]*</hp:script>", section, re.S)
    # two pictures: the passage's figure once, under the passage, and the graph of question 4
    assert text.count("![") == 2
    assert text.index("![") < text.index("1. (나) 과정 후") < text.index("![", text.index("![") + 1)
    other = ItemBank(tmp_path / "other", create=True)
    report = other.import_path(out)
    assert report.imported == 5 and not report.skipped, report.to_dict()
    assert _essentials(other, report.imported_ids) == _essentials(bank, ids[1:] + ids[:1])
    other.close()


def test_pdf_worksheet_with_and_without_answers(tmp_path, bank):
    pytest.importorskip("fpdf")
    from engine.exporters import export_items

    ids = bank.import_path(PAPER).imported_ids
    items = [bank.get(i) for i in ids]
    with_answers = tmp_path / "with.pdf"
    without = tmp_path / "without.pdf"
    assert export_items(bank.catalog, items, with_answers) == 5
    assert export_items(bank.catalog, items, without, answers=False, title="과학 복습") == 5
    a, b = with_answers.read_bytes(), without.read_bytes()
    assert a.startswith(b"%PDF-") and b.startswith(b"%PDF-")
    assert b"NanumGothic" in a and a.count(b"/Subtype /Image") >= 2
    pages = lambda data: data.count(b"/Type /Page\n") + data.count(b"/Type /Page>")  # noqa: E731
    assert pages(a) == pages(b) + 1  # the answer sheet is its own page


def test_hwp_without_the_optional_library_says_what_to_install(bank, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "hwpx", None)  # as if itembank[hwp] were not installed
    with pytest.raises(ImportFileError, match=r"exam_science.hwp.*itembank\[hwp\].*\.hwpx"):
        bank.import_path(FIXTURES / "exam_science.hwp")
    assert bank.import_path(PAPER).imported == 5  # .hwpx needs no extra library


def test_cli_worksheet_export_options(tmp_path, data_dir, capsys):
    pytest.importorskip("hwpx")
    pytest.importorskip("fpdf")
    from engine.cli.main import main

    assert main(["--data-dir", str(data_dir), "import", str(PAPER), "--json"]) == 0
    ids = json.loads(capsys.readouterr().out)["imported_ids"]
    sheet = tmp_path / "sheet.hwpx"
    assert main(["--data-dir", str(data_dir), "export", str(sheet), "--ids", ",".join(ids[:2]),
                 "--title", "과학 2단원 복습", "--no-answers", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["exported"] == 2
    with zipfile.ZipFile(sheet) as archive:
        section = archive.read("Contents/section0.xml").decode("utf-8")
    assert "과학 2단원 복습" in section and "2. " in section and "정답" not in section
    pdf = tmp_path / "sheet.pdf"
    assert main(["--data-dir", str(data_dir), "export", str(pdf), "--ids", ids[0]]) == 0
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert main(["--data-dir", str(data_dir), "export", str(tmp_path / "x.hwpx"),
                 "--ids", "ib-missing"]) == 2


def test_split_rules_numbered_conditions_answer_line_and_choice_lines():
    from engine.importers.owpml import Block
    from engine.importers.paper import split_paper

    blocks = [Block("2026 중2 수학 단원평가"), Block("1. 다음 조건을 만족하는 x의 값은?"),
              Block("1) x는 자연수이다."), Block("2) x는 5보다 작다."), Block("① 1  ② 2"),
              Block("③ 3  ④ 4"), Block("2. 다음 중 옳은 것은? [4점]"), Block("① 가 ② 나 ③ 다"),
              Block("[3] 다음 글을 읽고 물음에 답하시오."), Block("가을 하늘이 맑다."),
              Block("3. 이 글의 중심 소재는?"), Block("① 하늘 ② 바다"), Block("4. 빈칸에 알맞은 수를 쓰시오."),
              Block("빠른 정답: 1. ③ 2. ⑤ 3. ① 4. 12")]
    split = split_paper(blocks)
    assert (split.subject, split.grade) == ("수학", "중2")
    one, two, three, four = split.items
    assert one.stem.splitlines() == ["다음 조건을 만족하는 x의 값은?", "1) x는 자연수이다.",
                                     "2) x는 5보다 작다."]
    assert one.choices == ["1", "2", "3", "4"] and one.answer == "③"
    assert two.points == "4" and two.stem == "다음 중 옳은 것은?" and two.passage == ""
    assert three.passage == "다음 글을 읽고 물음에 답하시오.\n가을 하늘이 맑다." and four.passage == ""
    assert four.item_type == "단답형" and four.answer == "12"
