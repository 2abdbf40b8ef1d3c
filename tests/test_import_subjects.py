"""Import defaults (--subject/--grade), the curriculum subject list, a school's own subjects.txt, and
imports that bring in nothing (exit 2 with the reason), through the real CLI and a real SQLite bank."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_csv
from engine.api import ItemBank
from engine.vocab import VocabularyError, normalize_subject

MOODLE_NO_SUBJECT = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Default for 2학기</text></category></question>
  <question type="multichoice">
    <name><text>q1</text></name>
    <questiontext format="html"><text><![CDATA[<p>1 + 1 은?</p>]]></text></questiontext>
    <answer fraction="100"><text>2</text></answer>
    <answer fraction="0"><text>3</text></answer>
  </question>
  <question type="shortanswer">
    <name><text>q2</text></name>
    <questiontext format="html"><text><![CDATA[<p>2 × 3 의 값을 쓰시오.</p>]]></text></questiontext>
    <answer fraction="100"><text>6</text></answer>
  </question>
</quiz>
"""


def _moodle(tmp_path: Path, name: str = "quiz_export.xml") -> Path:
    path = tmp_path / name
    path.write_text(MOODLE_NO_SUBJECT, encoding="utf-8")
    return path


def _items(data_dir: Path) -> list:
    bank = ItemBank(data_dir)
    try:
        return list(bank.catalog.iter_items())
    finally:
        bank.close()


def test_moodle_without_subject_needs_subject_option(tmp_path, data_dir, run_cli):
    source = _moodle(tmp_path)
    code, _, err = run_cli("import", source, "--data-dir", data_dir, "--no-index")
    assert code == 2
    assert "nothing imported" in err and "2 of 2 row(s) skipped" in err
    assert "no subject" in err and "--subject" in err
    assert _items(data_dir) == []

    code, out, err = run_cli("import", source, "--subject", "수학", "--grade", "중1", "--json",
                             "--data-dir", data_dir, "--no-index")
    assert code == 0, err
    assert json.loads(out)["imported"] == 2
    items = _items(data_dir)
    assert {i.subject for i in items} == {"수학"} and {i.grade for i in items} == {"중1"}


def test_subject_option_beats_file_name_guess_but_not_a_tag(tmp_path, data_dir, run_cli):
    source = tmp_path / "과학_퀴즈.xml"  # the file name guesses 과학
    text = MOODLE_NO_SUBJECT.replace(
        "<name><text>q2</text></name>",
        "<name><text>q2</text></name><tags><tag><text>과목:영어</text></tag></tags>")
    source.write_text(text, encoding="utf-8")
    code, _, err = run_cli("import", source, "--subject", "math", "--data-dir", data_dir, "--no-index")
    assert code == 0, err
    by_stem = {i.stem: i.subject for i in _items(data_dir)}
    assert by_stem == {"1 + 1 은?": "수학", "2 × 3 의 값을 쓰시오.": "영어"}


def test_file_name_guess_still_works_without_option(tmp_path, data_dir, run_cli):
    code, _, err = run_cli("import", _moodle(tmp_path, "과학_퀴즈.xml"), "--data-dir", data_dir, "--no-index")
    assert code == 0, err
    assert {i.subject for i in _items(data_dir)} == {"과학"}


def test_explicit_row_subject_beats_subject_option(tmp_path, data_dir, run_cli):
    sheet = write_csv(tmp_path / "sheet.csv", [
        "과목,학년,문항,정답",
        "국어,,첫 문항입니다,가",
        ",고2,둘째 문항입니다,나",
    ])
    code, _, err = run_cli("import", sheet, "--subject", "한문", "--grade", "중3",
                           "--data-dir", data_dir, "--no-index")
    assert code == 0, err
    got = {i.stem: (i.subject, i.grade) for i in _items(data_dir)}
    assert got == {"첫 문항입니다": ("국어", "중3"), "둘째 문항입니다": ("한문", "고2")}


@pytest.mark.parametrize("raw, expected", [
    ("물리학Ⅰ", "물리학"), ("물리학1", "물리학"), ("물리학 I", "물리학"), ("물리", "물리학"),
    ("화학Ⅱ", "화학"), ("생명과학 II", "생명과학"), ("생물", "생명과학"), ("지구과학Ⅰ", "지구과학"),
    ("기가", "기술·가정"), ("기술가정", "기술·가정"), ("Physics", "물리학"), ("english", "영어"),
    ("korean", "국어"), ("한문", "한문"), ("정보", "정보"), ("독일어", "독일어"), ("japanese", "일본어"),
    ("제2외국어", "제2외국어"), ("보건", "보건"), ("진로와 직업", "진로와 직업"), ("환경", "환경"),
])
def test_curriculum_subjects_and_aliases(raw, expected):
    assert normalize_subject(raw) == expected


def test_alias_with_course_level_is_stored_canonical(tmp_path, data_dir, run_cli):
    sheet = write_csv(tmp_path / "sheet.csv", ["과목,문항,정답", "물리학Ⅰ,힘의 단위는?,N", "한문,學의 뜻은?,배우다"])
    code, _, err = run_cli("import", sheet, "--data-dir", data_dir, "--no-index")
    assert code == 0, err
    assert sorted(i.subject for i in _items(data_dir)) == ["물리학", "한문"]


def test_unknown_subject_option_is_refused_with_how_to_add(tmp_path, data_dir, run_cli):
    code, _, err = run_cli("import", _moodle(tmp_path), "--subject", "형법", "--data-dir", data_dir)
    assert code == 2
    assert "'형법'" in err and "subjects.txt" in err


def test_custom_subject_from_subjects_txt(tmp_path, data_dir, run_cli):
    data_dir.mkdir(parents=True, exist_ok=True)
    (data_dir / "subjects.txt").write_text("# 우리 학교\n형법\n형사법 = 형법\n경찰학\n", encoding="utf-8")
    sheet = write_csv(tmp_path / "sheet.csv", ["과목,문항,정답", "형사법,죄형법정주의란?,법률 없으면 범죄 없다"])
    code, _, err = run_cli("import", sheet, "--data-dir", data_dir, "--no-index")
    assert code == 0, err
    code, _, err = run_cli("import", _moodle(tmp_path), "--subject", "경찰학", "--data-dir", data_dir,
                           "--no-index")
    assert code == 0, err
    assert sorted(i.subject for i in _items(data_dir)) == ["경찰학", "경찰학", "형법"]
    code, out, _ = run_cli("subjects", "--json", "--data-dir", data_dir)
    rows = {r["subject"]: r for r in json.loads(out)["subjects"]}
    assert code == 0 and rows["형법"]["custom"] and "형사법" in rows["형법"]["aliases"]
    assert not rows["한문"]["custom"] and "물리" in rows["물리학"]["aliases"]
    code, out, err = run_cli("search", "--subject", "형사법", "--json", "--data-dir", data_dir)
    assert code == 0, err
    assert len(json.loads(out)["results"]) == 1


def test_custom_subject_unknown_without_subjects_txt(data_dir):
    with pytest.raises(VocabularyError, match="subjects.txt"):
        normalize_subject("형법")


def test_header_only_csv_exits_2(tmp_path, data_dir, run_cli):
    sheet = write_csv(tmp_path / "empty.csv", ["과목,문항,정답"])
    code, _, err = run_cli("import", sheet, "--data-dir", data_dir, "--no-index")
    assert code == 2 and "no items found in" in err and "empty.csv" in err


def test_reimport_of_known_rows_is_not_an_error(tmp_path, data_dir, run_cli):
    sheet = write_csv(tmp_path / "sheet.csv", ["과목,문항,정답", "수학,1+2는?,3"])
    assert run_cli("import", sheet, "--data-dir", data_dir, "--no-index")[0] == 0
    assert run_cli("import", sheet, "--data-dir", data_dir, "--no-index")[0] == 0


def test_api_import_path_takes_defaults(tmp_path, bank):
    report = bank.import_path(_moodle(tmp_path), subject="mathematics", grade="고1")
    assert report.imported == 2
    assert {(i.subject, i.grade) for i in bank.catalog.iter_items()} == {("수학", "고1")}
