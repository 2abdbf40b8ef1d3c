"""The ``itembank`` command end to end in a temporary data dir: the contract in DESIGN.md §4."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import CSV_HEADER_KO, draw_figure, write_csv

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory) -> Path:
    from engine.cli.main import main

    folder = tmp_path_factory.mktemp("cli") / "bank"
    assert main(["init", "--sample", "--data-dir", str(folder)]) == 0
    return folder


def test_init_sample_then_stats(sample_dir, run_cli):
    code, out, err = run_cli("stats", "--json", "--data-dir", sample_dir)
    assert code == 0
    stats = json.loads(out)
    assert stats["items"] >= 150 and stats["items_with_images"] >= 75
    assert set(stats["by_subject"]) >= {"수학", "과학", "국어", "사회", "영어"}


def test_init_sample_twice_does_not_duplicate(sample_dir, run_cli):
    before = json.loads(run_cli("stats", "--json", "--data-dir", sample_dir)[1])["items"]
    code, out, _ = run_cli("init", "--sample", "--json", "--data-dir", sample_dir)
    report = json.loads(out)
    assert code == 0 and report["items"] == before
    assert report["sample"]["imported"] == 0 and len(report["sample"]["duplicates"]) == before
    code, out, _ = run_cli("init", "--sample", "--data-dir", sample_dir)
    assert code == 0 and "None" not in out  # said "semantic search: None" when nothing was behind


def test_data_dir_before_or_after_the_subcommand(sample_dir, run_cli):
    first = run_cli("--data-dir", sample_dir, "--json", "search", "이차방정식")
    second = run_cli("search", "이차방정식", "--json", "--data-dir", sample_dir)
    assert first[0] == second[0] == 0
    assert json.loads(first[1]) == json.loads(second[1]) and json.loads(first[1])["results"]


def test_search_json_contract(sample_dir, run_cli):
    code, out, _ = run_cli("search", "이차방정식의 근과 계수의 관계", "-k", "5", "--json",
                           "--data-dir", sample_dir)
    answer = json.loads(out)
    assert code == 0 and set(answer) >= {"results", "pending", "mode"}
    assert answer["pending"] == 0 and answer["mode"] in ("keyword", "hybrid")
    hits = answer["results"]
    assert 1 <= len(hits) <= 5
    assert set(hits[0]) >= {"id", "score", "rank", "subject", "stem", "images", "explain"}
    assert [h["rank"] for h in hits] == list(range(1, len(hits) + 1))
    assert hits[0]["subject"] == "수학" and "근" in hits[0]["stem"]


def test_search_with_filters_only_returns_matching_items(sample_dir, run_cli):
    code, out, _ = run_cli("search", "그래프", "--subject", "과학", "-k", "50", "--json",
                           "--data-dir", sample_dir)
    hits = json.loads(out)["results"]
    assert code == 0 and hits and all(h["subject"] == "과학" for h in hits)


def test_search_result_images_are_stored_files(sample_dir, run_cli):
    code, out, _ = run_cli("search", "", "--subject", "수학", "-k", "200", "--json",
                           "--data-dir", sample_dir)
    with_images = [h for h in json.loads(out)["results"] if h["images"]]
    assert with_images and all(Path(p).is_file() for h in with_images for p in h["images"])


def test_human_output_is_a_table_with_korean(sample_dir, run_cli):
    code, out, _ = run_cli("search", "전류", "--data-dir", sample_dir)
    assert code == 0 and "result(s)" in out and "과학" in out


def test_show_prints_the_whole_item(sample_dir, run_cli):
    hit = json.loads(run_cli("search", "전류", "--json", "--data-dir", sample_dir)[1])["results"][0]
    code, out, _ = run_cli("show", hit["id"], "--data-dir", sample_dir)
    assert code == 0 and hit["id"] in out and "정답:" in out
    code, out, _ = run_cli("show", hit["id"], "--json", "--data-dir", sample_dir)
    assert json.loads(out)["id"] == hit["id"]


def test_export_then_import_round_trips_items_and_figures(sample_dir, tmp_path, run_cli):
    for fmt, name in (("csv", "out.csv"), ("jsonl", "out.jsonl")):
        target = tmp_path / fmt / name
        code, out, _ = run_cli("export", target, "--json", "--data-dir", sample_dir)
        exported = json.loads(out)["exported"]
        assert code == 0 and exported >= 150
        fresh = tmp_path / fmt / "fresh-bank"
        code, out, _ = run_cli("import", target, "--json", "--data-dir", fresh)
        report = json.loads(out)
        assert code == 0 and report["imported"] == exported and not report["skipped"]
        from engine.api import ItemBank

        original, copy = ItemBank(sample_dir), ItemBank(fresh)
        for item in original.catalog.iter_items():
            twin = copy.get(item.id)
            assert twin is not None
            assert (twin.stem, twin.choices, twin.answer, twin.images, twin.content_hash) == \
                (item.stem, item.choices, item.answer, item.images, item.content_hash)


def test_export_csv_opens_in_excel_encoding(sample_dir, tmp_path, run_cli):
    target = tmp_path / "excel.csv"
    hits = json.loads(run_cli("search", "수요 공급", "--subject", "사회", "--json", "--data-dir",
                              sample_dir)[1])["results"]
    code, _, err = run_cli("export", target, "--ids", hits[0]["id"], "--encoding", "cp949",
                           "--data-dir", sample_dir)
    assert code == 0, err
    rows = list(csv.reader(target.read_text(encoding="cp949").splitlines()))
    assert rows[0][:3] == ["id", "과목", "학년"] and rows[1][0] == hits[0]["id"]


def test_export_refuses_text_cp949_cannot_hold_and_writes_nothing(sample_dir, tmp_path, run_cli):
    target = tmp_path / "all.csv"
    code, _, err = run_cli("export", target, "--encoding", "cp949", "--data-dir", sample_dir)
    assert code == 2 and "cannot be written as cp949" in err and "UTF-8" in err
    assert not target.exists() and not list(tmp_path.glob(".all.csv*"))


def test_import_report_json_contract(tmp_path, run_cli):
    draw_figure(tmp_path / "tri.png")
    sheet = write_csv(tmp_path / "items.csv", [
        CSV_HEADER_KO,
        "수학,중2,,,,단답형,빗변의 길이를 구하시오.,,5,,tri.png",
        "수학,중2,,,,단답형,,,5,,",
        "수학,중2,,,,단답형,빗변의 길이를 구하시오.,,5,,tri.png",
    ], encoding="cp949")
    code, out, _ = run_cli("import", sheet, "--json", "--data-dir", tmp_path / "bank")
    report = json.loads(out)
    assert code == 0 and report["imported"] == 1
    # rows as the spreadsheet shows them (header = row 1), and the report says so once
    assert report["skipped"] == [{"file": str(sheet.resolve()), "row": 3, "field": "stem",
                                  "reason": "the question text (문항) is empty"}]
    assert report["row_note"] == "Row numbers are the spreadsheet's (the header is row 1)."
    assert report["duplicates"] == [{"file": str(sheet.resolve()), "row": 4,
                                     "existing_id": report["imported_ids"][0]}]
    code, out, _ = run_cli("import", sheet, "--dry-run", "--json", "--data-dir", tmp_path / "dry")
    assert json.loads(out)["imported"] == 1
    code, out, _ = run_cli("stats", "--json", "--data-dir", tmp_path / "dry")
    assert json.loads(out)["items"] == 0


@pytest.mark.parametrize("args,needle", [
    (["search", "함수", "--data-dir", "{missing}"], "itembank init"),
    (["import", "{missing}/none.csv", "--data-dir", "{bank}"], "no such file"),
    (["search", "함수", "--subject", "체육학", "--data-dir", "{bank}"], "unknown subject"),
    (["search", "함수", "--mode", "semantic", "--data-dir", "{bank}"], "models install"),
    (["search", "--image", "{missing}/x.png", "--data-dir", "{bank}"], "Qwen3-VL model pack"),
    (["show", "NOPE", "--data-dir", "{bank}"], "no item with id"),
    (["export", "{bank}/out.xlsx", "--data-dir", "{bank}"], ".jsonl or .csv"),
])
def test_bad_input_exits_2_with_one_line(tmp_path, run_cli, args, needle):
    bank = tmp_path / "bank"
    assert run_cli("init", "--data-dir", bank)[0] == 0
    filled = [a.format(missing=tmp_path / "missing", bank=bank) for a in args]
    code, out, err = run_cli(*filled)
    assert code == 2
    assert needle in err and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err


def test_module_entry_point_and_version():
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    result = subprocess.run([sys.executable, "-m", "engine", "--version"], capture_output=True,
                            text=True, env=env, check=False)
    assert result.returncode == 0 and result.stdout.startswith("itembank ")


def test_no_subcommand_prints_help_and_fails(run_cli):
    code, _, err = run_cli()
    assert code == 2 and "COMMAND" in err


def test_square_brackets_in_items_and_hints_are_printed_as_written(tmp_path, run_cli):
    """Terminal styling must not swallow "[blank]", "[bold]" or "itembank[models]" as style tags."""
    from conftest import write_jsonl

    records = [{"id": "E1", "subject": "영어", "stem": "Choose the word for [blank] in [bold] type.",
                "choices": ["a [red] pen", "two"], "answer": "1"}]
    bank_dir = tmp_path / "bank"
    assert run_cli("import", write_jsonl(tmp_path / "e.jsonl", records), "--data-dir", bank_dir)[0] == 0
    code, out, _ = run_cli("show", "E1", "--data-dir", bank_dir)
    assert code == 0 and "Choose the word for [blank] in [bold] type." in out and "a [red] pen" in out
    code, out, _ = run_cli("search", "[blank]", "--data-dir", bank_dir)
    assert code == 0 and "E1" in out
