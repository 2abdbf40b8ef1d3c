"""Importers against real files: every bad-row kind, Korean encodings, and all-or-nothing writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import CSV_HEADER_KO, draw_figure, search_ids, write_csv, write_jsonl
from engine.api import ItemBank
from engine.storage.sqlite import SqliteCatalog as Catalog
from engine.importers import ImportFileError


def _asset_files(data_dir: Path) -> set[Path]:
    root = data_dir / "assets"
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def _good_rows() -> list[str]:
    return [
        CSV_HEADER_KO,
        '수학,중3,이차방정식,[9수02-07],중,객관식,"x²-5x+6=0의 두 근의 합은?","① 2 ② 3 ③ 5 ④ 6 ⑤ -5",③,근과 계수의 관계,',
        '과학,중2,전기와 자기,[9과05-01],하,단답형,전류의 단위는 무엇인가?,,A,,',
        '수학,중2,피타고라스 정리,,상,객관식,그림의 직각삼각형에서 빗변의 길이는?,3|4|5|6|7,3,,tri.png',
    ]


def test_cp949_sheet_with_korean_headers_imports_every_field(tmp_path, bank):
    draw_figure(tmp_path / "tri.png")
    sheet = write_csv(tmp_path / "문항.csv", _good_rows(), encoding="cp949")
    report = bank.import_path(sheet)
    assert report.imported == 3 and not report.skipped, report.to_dict()
    quad = bank.get(report.imported_ids[0])
    assert quad.subject == "수학" and quad.grade == "중3" and quad.standard == "[9수02-07]"
    assert quad.choices == ["2", "3", "5", "6", "-5"] and quad.answer == "3"
    assert quad.stem == "x²-5x+6=0의 두 근의 합은?" and quad.explanation == "근과 계수의 관계"
    electric = bank.get(report.imported_ids[1])
    assert electric.type == "단답형" and electric.choices == [] and electric.difficulty == "하"
    triangle = bank.get(report.imported_ids[2])
    assert triangle.choices == ["3", "4", "5", "6", "7"] and len(triangle.images) == 1
    stored = bank.image_path(triangle.images[0])
    assert stored.read_bytes() == (tmp_path / "tri.png").read_bytes()
    assert stored.name.startswith(triangle.images[0])


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949", "euc-kr"])
def test_encodings_are_detected(tmp_path, bank, encoding):
    draw_figure(tmp_path / "tri.png")
    sheet = write_csv(tmp_path / "items.csv", _good_rows(), encoding=encoding)
    report = bank.import_path(sheet)
    assert report.imported == 3 and not report.skipped
    assert bank.get(report.imported_ids[1]).stem == "전류의 단위는 무엇인가?"


def test_tsv_with_english_headers_and_numbered_choice_columns(tmp_path, bank):
    lines = ["subject\tgrade\tquestion\tchoice1\tchoice2\tchoice3\tanswer\ttags",
             "math\t고1\tWhich is prime?\t4\t6\t7\t7\tprime, number",
             "Science\t중1\t물의 끓는점은?\t\t\t\t100℃\t"]
    report = bank.import_path(write_csv(tmp_path / "items.tsv", lines))
    assert report.imported == 2, report.to_dict()
    prime = bank.get(report.imported_ids[0])
    assert prime.subject == "수학" and prime.choices == ["4", "6", "7"]
    assert prime.answer == "3" and prime.tags == ["prime", "number"]
    assert bank.get(report.imported_ids[1]).subject == "과학"


def test_each_bad_row_kind_is_reported_and_good_rows_still_import(tmp_path, bank):
    draw_figure(tmp_path / "ok.png")
    (tmp_path / "broken.png").write_bytes(b"\x89PNG\r\n\x1a\n not really a png")
    lines = [
        CSV_HEADER_KO,
        "수학,중1,,,,단답형,정상 문항 하나,,1,,ok.png",            # row 2: good
        "수학,중1,,,,단답형,,,1,,",                                # row 3: missing stem
        "수학,중1,,,,단답형,그림 파일이 없는 문항,,1,,nothere.png",  # row 4: missing image
        "수학,중1,,,,단답형,깨진 그림 문항,,1,,broken.png",          # row 5: unreadable image
        "체육학,중1,,,,단답형,모르는 과목 문항,,1,,",                # row 6: unknown subject
        "수학,중1,,,,객관식,보기 없는 객관식,,1,,",                  # row 7: MC without choices
        "수학,중1,,,최상,단답형,난이도 오류 문항,,1,,",              # row 8: unknown difficulty
        "수학,중1,,,,객관식,정답 범위 오류,1|2|3,9,,",               # row 9: answer out of range
        "수학,중1,,,,단답형,정상 문항 둘,,2,,",                      # row 10: good
    ]
    report = bank.import_path(write_csv(tmp_path / "bad.csv", lines))
    assert report.imported == 2
    by_row = {s.row: s for s in report.skipped}
    # rows as the spreadsheet shows them: the header is row 1, the first data row is row 2
    assert sorted(by_row) == [3, 4, 5, 6, 7, 8, 9]
    assert by_row[3].field == "stem"
    assert by_row[4].field == "images" and "nothere.png" in by_row[4].reason
    assert "not found" in by_row[4].reason
    assert by_row[5].field == "images" and "not a readable image" in by_row[5].reason
    assert by_row[6].field == "subject" and "체육학" in by_row[6].reason
    assert by_row[7].field == "choices"
    assert by_row[8].field == "difficulty" and "최상" in by_row[8].reason
    assert by_row[9].field == "answer"
    assert report.row_note() == "Row numbers are the spreadsheet's (the header is row 1)."
    assert all(s.file.endswith("bad.csv") for s in report.skipped)
    assert bank.catalog.count() == 2


def test_broken_encoding_rows_are_skipped_others_import(tmp_path, bank):
    good = "수학,중1,,,,단답형,{},,1,,".format
    data = (CSV_HEADER_KO + "\n").encode("utf-8")
    data += good("첫째 정상 문항").encode("utf-8") + b"\n"
    data += b"\xec\x88\x98\xed\x95\x99,\xff\xfe\xfd,,,,,,\xc0,,,\n"  # invalid in UTF-8 and CP949
    data += good("셋째 정상 문항").encode("utf-8") + b"\n"
    sheet = tmp_path / "mixed.csv"
    sheet.write_bytes(data)
    report = bank.import_path(sheet)
    assert report.imported == 2
    assert [(s.row, s.field) for s in report.skipped] == [(3, "encoding")]  # header = row 1
    assert any("not valid utf-8" in w for w in report.warnings)


def test_jsonl_rows_are_line_numbers_and_bad_json_is_reported(tmp_path, bank):
    path = tmp_path / "items.jsonl"
    path.write_text(
        '{"과목": "국어", "문항": "다음 시의 화자가 느끼는 정서는?", "유형": "서술형"}\n'
        "\n"
        '{"subject": "영어", "stem": broken json}\n'
        '["not", "an", "object"]\n'
        '{"subject": "사회", "stem": "수요가 증가하면 가격은?", "choices": ["오른다", "내린다"], '
        '"answer": "오른다", "unknown_key": 1}\n', encoding="utf-8")
    report = bank.import_path(path)
    assert report.imported == 2
    assert [(s.row, s.field) for s in report.skipped] == [(3, "row"), (4, "row")]
    social = bank.get(report.imported_ids[1])
    assert social.answer == "1" and social.type == "객관식"
    assert any("unknown_key" in w for w in report.warnings)


def test_reimport_is_detected_not_duplicated(tmp_path, bank):
    draw_figure(tmp_path / "tri.png")
    sheet = write_csv(tmp_path / "items.csv", _good_rows())
    first = bank.import_path(sheet)
    second = bank.import_path(sheet)
    assert second.imported == 0 and len(second.duplicates) == 3
    assert [d.existing_id for d in second.duplicates] == first.imported_ids
    assert [d.row for d in second.duplicates] == [2, 3, 4]  # spreadsheet rows: header = 1
    assert bank.catalog.count() == 3
    # The same item written differently (extra spaces, JSONL instead of CSV) is still the same item.
    write_jsonl(tmp_path / "same.jsonl", [{"subject": "과학", "grade": "중2", "type": "단답형",
                                           "stem": "전류의  단위는 무엇인가? ", "answer": "A"}])
    third = bank.import_path(tmp_path / "same.jsonl")
    assert third.imported == 0 and third.duplicates[0].existing_id == first.imported_ids[1]


def test_same_id_with_new_content_updates_and_bumps_version(tmp_path, bank):
    write_jsonl(tmp_path / "v1.jsonl", [{"id": "Q-1", "subject": "수학", "stem": "사과는 모두 몇 개인가?", "answer": "2"}])
    write_jsonl(tmp_path / "v2.jsonl", [{"id": "Q-1", "subject": "수학", "stem": "귤은 모두 몇 개인가?", "answer": "3"}])
    bank.import_path(tmp_path / "v1.jsonl")
    report = bank.import_path(tmp_path / "v2.jsonl")
    assert [u.id for u in report.updated] == ["Q-1"] and report.imported == 0
    item = bank.get("Q-1")
    assert item.stem == "귤은 모두 몇 개인가?" and item.version == 2
    assert search_ids(bank, "귤은") == ["Q-1"]
    assert search_ids(bank, "사과") == []


def test_dry_run_validates_without_writing(tmp_path, bank):
    draw_figure(tmp_path / "tri.png")
    report = bank.import_path(write_csv(tmp_path / "items.csv", _good_rows()), dry_run=True)
    assert report.dry_run and report.imported == 3
    assert bank.catalog.count() == 0
    assert _asset_files(bank.paths.root) == set()


def test_exception_mid_import_leaves_catalog_and_files_as_before(tmp_path, bank, monkeypatch):
    draw_figure(tmp_path / "first.png", "circle")
    write_jsonl(tmp_path / "before.jsonl",
                [{"subject": "수학", "stem": "이미 있는 문항", "images": ["first.png"]}])
    bank.import_path(tmp_path / "before.jsonl")
    files_before = _asset_files(bank.paths.root)
    for n in range(5):
        draw_figure(tmp_path / f"f{n}.png", "graph", label=str(n))
    write_jsonl(tmp_path / "new.jsonl", [{"subject": "수학", "stem": f"새 문항 {n}",
                                          "images": [f"f{n}.png"]} for n in range(5)])
    real_insert = Catalog.insert
    calls = {"n": 0}

    def failing_insert(self, conn, item):
        calls["n"] += 1
        if calls["n"] == 4:
            raise RuntimeError("disk on fire")
        return real_insert(self, conn, item)

    monkeypatch.setattr(Catalog, "insert", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        bank.import_path(tmp_path / "new.jsonl")
    assert bank.catalog.count() == 1
    assert _asset_files(bank.paths.root) == files_before
    assert search_ids(bank, "새") == []


def test_cancel_rolls_back_everything(tmp_path, bank):
    write_jsonl(tmp_path / "many.jsonl", [{"subject": "국어", "stem": f"문항 {n}"} for n in range(20)])
    seen = {"n": 0}

    def cancel_after_ten() -> bool:
        seen["n"] += 1
        return seen["n"] > 10

    report = bank.import_path(tmp_path / "many.jsonl", should_cancel=cancel_after_ten)
    assert report.cancelled
    assert bank.catalog.count() == 0


def test_killed_import_process_leaves_catalog_unchanged(tmp_path):
    data_dir = tmp_path / "bank"
    bank = ItemBank(data_dir, create=True)
    write_jsonl(tmp_path / "seed.jsonl", [{"subject": "수학", "stem": "처음부터 있던 문항"}])
    bank.import_path(tmp_path / "seed.jsonl")
    bank.close()
    big = tmp_path / "big.csv"
    rows = [CSV_HEADER_KO] + [f"과학,중2,,,,단답형,대용량 문항 번호 {n} 전류와 전압의 관계,,1,,"
                              for n in range(60_000)]
    write_csv(big, rows)
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[1]))
    proc = subprocess.Popen([sys.executable, "-m", "engine", "import", str(big), "--data-dir",
                             str(data_dir)], env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(2.5)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, "the import finished before it could be killed"
    bank = ItemBank(data_dir)
    assert bank.catalog.count() == 1
    assert bank.catalog.connection.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert bank.catalog.connection.execute("SELECT COUNT(*) FROM items_fts").fetchone()[0] == 1
    bank.close()


def test_folder_with_sheet_finds_figures_in_subfolders(tmp_path, bank):
    folder = tmp_path / "단원평가"
    draw_figure(folder / "그림" / "fig1.png", "triangle")
    draw_figure(folder / "그림" / "fig2.png", "circle")
    draw_figure(folder / "unused.png", "box")
    write_csv(folder / "items.csv", [CSV_HEADER_KO,
                                     "수학,중2,,,,단답형,삼각형 문항,,1,,그림/fig1.png",
                                     "수학,중3,,,,단답형,원 문항,,2,,fig2.png"])
    report = bank.import_path(folder)
    assert report.format == "folder" and report.imported == 2, report.to_dict()
    assert all(len(bank.get(i).images) == 1 for i in report.imported_ids)
    assert any("unused.png" in w for w in report.warnings)


def test_file_level_errors_name_the_file(tmp_path, bank):
    with pytest.raises(ImportFileError, match="nope.csv"):
        bank.import_path(tmp_path / "nope.csv")
    sheet = write_csv(tmp_path / "nostem.csv", ["과목,학년", "수학,중1"])
    with pytest.raises(ImportFileError, match="no question column"):
        bank.import_path(sheet)
    (tmp_path / "items.xlsx").write_bytes(b"PK")
    with pytest.raises(ImportFileError, match="--format"):
        bank.import_path(tmp_path / "items.xlsx")
