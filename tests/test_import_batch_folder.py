"""A folder of exam files with no metadata sheet: each file read with its own reader, in one import."""

from __future__ import annotations

from pathlib import Path

from engine.api import ItemBank
from tests.conftest import write_jsonl

MOODLE = """<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="multichoice">
    <name><text>q1</text></name>
    <questiontext format="html"><text><![CDATA[<p>2 + 3 = ?</p>]]></text></questiontext>
    <answer fraction="100"><text>5</text></answer>
    <answer fraction="0"><text>6</text></answer>
    <answer fraction="0"><text>7</text></answer>
  </question>
</quiz>
"""


def _folder(root: Path) -> Path:
    folder = root / "2학기 자료"
    (folder / "퀴즈").mkdir(parents=True)
    (folder / "퀴즈" / "moodle.xml").write_text(MOODLE, encoding="utf-8")
    write_jsonl(folder / "단원평가.jsonl", [
        {"id": "J1", "subject": "과학", "grade": "중2", "type": "객관식", "stem": "물의 끓는점은?",
         "choices": ["100℃", "0℃", "50℃", "200℃", "10℃"], "answer": "1"}])
    (folder / "깨진.xml").write_text("<html>not a quiz</html>", encoding="utf-8")
    (folder / ".숨김.xml").write_text(MOODLE, encoding="utf-8")  # hidden: an editor's backup
    (folder / "메모.docx").write_bytes(b"PK")  # not an exam format: ignored
    return folder


def test_a_folder_of_exam_files_imports_each_and_names_the_one_it_could_not_read(bank: ItemBank,
                                                                                   tmp_path: Path):
    folder = _folder(tmp_path)
    report = bank.import_path(folder, subject="수학")
    assert report.format == "files"
    assert report.imported == 2, report.to_dict()
    stems = sorted(bank.get(i).stem for i in report.imported_ids)
    assert stems == ["2 + 3 = ?", "물의 끓는점은?"]
    assert bank.get("J1").subject == "과학"  # the file's own subject beats the default
    broken = [w for w in report.warnings if "깨진.xml" in w]
    assert broken and "not imported" in broken[0] and str(tmp_path) not in broken[0]
    assert not any("숨김" in w for w in report.warnings)


def test_a_dry_run_of_the_folder_writes_nothing(bank: ItemBank, tmp_path: Path):
    report = bank.import_path(_folder(tmp_path), subject="수학", dry_run=True)
    assert report.imported == 2 and report.dry_run
    assert bank.get("J1") is None and bank.stats()["items"] == 0


def test_a_folder_with_one_sheet_is_still_figures_plus_sheet(bank: ItemBank, tmp_path: Path):
    folder = tmp_path / "sheet"
    folder.mkdir()
    write_jsonl(folder / "items.jsonl", [
        {"id": "S1", "subject": "수학", "grade": "중1", "type": "단답형", "stem": "1+1=?", "answer": "2"}])
    report = bank.import_path(folder)
    assert report.format == "folder" and report.imported == 1
