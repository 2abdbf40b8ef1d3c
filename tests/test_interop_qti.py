"""QTI 2.1/3.0 packages and Moodle XML: import with figures, unsupported types reported, round trips."""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from pathlib import Path

import pytest

from engine.api import ItemBank
from engine.importers import ImportFileError

FIXTURES = Path(__file__).parent / "fixtures" / "interop"
FIELDS = ("id", "subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage",
          "choices", "answer", "explanation", "source", "tags", "images")


def _record(item) -> dict:
    return {name: getattr(item, name) for name in FIELDS}


def test_moodle_xml_imports_supported_types_and_reports_the_rest(bank):
    source = FIXTURES / "moodle_quiz.xml"
    report = bank.import_path(source)
    assert report.format == "moodle" and report.imported == 5 and report.skipped == []
    magnet, unit, essay, truefalse, matching = (bank.get(i) for i in report.imported_ids)
    assert matching.type == "단답형" and matching.answer == "(1) A, (2) V"
    assert matching.stem == "물리량과 단위를 짝지으시오.\n( 1 ) 전류\n( 2 ) 전압\n보기: A, V"
    assert magnet.subject == "과학" and magnet.grade == "중2" and magnet.type == "객관식"
    assert magnet.choices[1] == "N극에서 S극으로 향하는 곡선" and magnet.answer == "2"
    assert magnet.explanation == "자기력선은 N극에서 나와 S극으로 들어간다." and magnet.tags == ["자기장"]
    embedded = re.search(r'encoding="base64">([^<]+)<', source.read_text(encoding="utf-8")).group(1)
    assert magnet.images == [hashlib.sha256(base64.b64decode(embedded)).hexdigest()]
    assert unit.type == "단답형" and unit.answer == "A | 암페어"
    assert essay.type == "서술형" and essay.stem == "겨울철에 정전기가 자주 생기는 까닭을\n서술하시오."
    assert essay.answer.startswith("공기가 건조하여")
    assert truefalse.choices == ["참", "거짓"] and truefalse.answer == "1"


def test_qti21_package_and_qti30_item_import(bank):
    package = FIXTURES / "qti21_package.zip"
    report = bank.import_path(package)
    assert report.format == "qti" and report.imported == 4 and report.skipped == []
    density, unit, essay, order = (bank.get(i) for i in report.imported_ids)
    # an ordering item: its parts labelled (가), (나); this file declares no correct order
    assert order.type == "단답형" and order.stem.endswith("(가) 지구\n(나) 수성") and order.answer == ""
    assert density.choices == ["0.5 g/cm³", "1 g/cm³", "2 g/cm³", "10 g/cm³"] and density.answer == "3"
    assert density.subject == "과학" and density.grade == "중1"
    with zipfile.ZipFile(package) as archive:
        assert density.images == [hashlib.sha256(archive.read("images/cube.png")).hexdigest()]
    assert unit.type == "단답형" and unit.answer == "N" and "( )" in unit.stem
    assert essay.type == "서술형" and "관성" in essay.stem
    single = bank.import_path(FIXTURES / "qti30_science_item.xml")
    assert single.format == "qti" and single.imported == 1, single.to_dict()
    item = bank.get(single.imported_ids[0])
    assert item.subject == "과학" and item.choices == ["산소", "이산화 탄소", "질소"] and item.answer == "2"


@pytest.mark.parametrize("suffix,fmt", [(".zip", "auto"), (".zip", "qti3"), (".xml", "auto")])
def test_export_then_import_gives_the_same_items(tmp_path, bank, suffix, fmt):
    ids = bank.import_path(FIXTURES / "exam_science.hwpx").imported_ids
    ids += bank.import_path(FIXTURES / "moodle_quiz.xml").imported_ids
    originals = [_record(bank.get(i)) for i in ids]
    assert any(o["passage"] for o in originals) and any(o["images"] for o in originals)
    out = tmp_path / f"export{suffix}"
    assert bank.export(out, ids, fmt) == len(ids)
    if fmt == "qti3":
        with zipfile.ZipFile(out) as archive:
            first = archive.read(f"items/{ids[0]}.xml").decode("utf-8")
        assert "<qti-assessment-item" in first and "response-identifier=" in first
    other = ItemBank(tmp_path / "other", create=True)
    report = other.import_path(out)
    assert report.format == ("qti" if suffix == ".zip" else "moodle")
    assert report.imported == len(ids) and not report.skipped, report.to_dict()
    assert [_record(other.get(i)) for i in report.imported_ids] == originals
    for sha in {s for o in originals for s in o["images"]}:
        assert hashlib.sha256(other.image_path(sha).read_bytes()).hexdigest() == sha
    # importing the same export again finds every item already there
    again = other.import_path(out)
    assert again.imported == 0 and len(again.duplicates) == len(ids)
    other.close()


def test_broken_packages_are_reported_by_file_and_item(tmp_path, bank):
    bad_xml = tmp_path / "quiz.xml"
    bad_xml.write_text("<quiz><question type='essay'>", encoding="utf-8")
    with pytest.raises(ImportFileError, match="quiz.xml.*not valid XML"):
        bank.import_path(bad_xml, "moodle")
    package = tmp_path / "science.zip"
    with zipfile.ZipFile(FIXTURES / "qti21_package.zip") as source, \
            zipfile.ZipFile(package, "w") as target:
        for name in source.namelist():
            if name != "images/cube.png":  # the density item's figure is missing
                target.writestr(name, source.read(name))
    report = bank.import_path(package)
    assert report.imported == 3
    problems = {(s.file.rsplit(":", 1)[-1], s.row, s.field) for s in report.skipped}
    assert problems == {("items/density.xml", 1, "images")}
    not_qti = tmp_path / "photos.zip"
    with zipfile.ZipFile(not_qti, "w") as archive:
        archive.writestr("a.txt", "x")
    with pytest.raises(ImportFileError, match="photos.zip.*imsmanifest"):
        bank.import_path(not_qti)
    assert bank.stats()["items"] == 3


def test_unzipped_package_folder_and_its_manifest_import(tmp_path, bank):
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(FIXTURES / "qti21_package.zip") as archive:
        archive.extractall(folder)
    report = bank.import_path(folder)
    assert report.format == "qti" and report.imported == 4 and len(report.skipped) == 0
    again = bank.import_path(folder / "imsmanifest.xml", "qti")
    assert again.imported == 0 and len(again.duplicates) == 4
