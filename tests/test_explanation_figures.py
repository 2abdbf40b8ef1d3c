"""Figures of the 해설 (issue #18): stored apart from the question's figures on both backends, carried by
history/undo and JSONL export/import, kept out of search, and migrated into from older banks."""

from __future__ import annotations

import json
import sqlite3

import pytest
from conftest import draw_figure, write_jsonl

from engine.api import ItemBank
from engine.catalog import schema
from engine.leftovers import find_leftovers
from engine.paths import BankPaths


def _bank_with_solution_figures(tmp_path, backend: str | None) -> tuple[ItemBank, str]:
    draw_figure(tmp_path / "q.png", "triangle")
    draw_figure(tmp_path / "s1.png", "circle")
    draw_figure(tmp_path / "s2.png", "graph")
    write_jsonl(tmp_path / "in.jsonl", [{
        "id": "SOL-1", "subject": "수학", "stem": "삼각형의 넓이를 구하시오.", "answer": "6",
        "explanation": "밑변과 높이를 곱해 2로 나눈다.", "images": ["q.png"],
        "explanation_images": ["s1.png", "s2.png"]}])
    bank = ItemBank(tmp_path / "bank", create=True, backend=backend)
    report = bank.import_path(tmp_path / "in.jsonl")
    assert report.imported == 1, report
    return bank, "SOL-1"


def test_solution_figures_are_stored_apart_and_survive_edit_undo_and_jsonl(tmp_path, backend):
    bank, item_id = _bank_with_solution_figures(tmp_path, backend)
    item = bank.require(item_id)
    assert len(item.images) == 1 and len(item.explanation_images) == 2
    assert set(item.images).isdisjoint(item.explanation_images)
    for sha in item.explanation_images:
        assert bank.image_path(sha) is not None and bank.image_path(sha).exists()
    # the content hash is the question's: a 해설 figure is metadata like the 해설 text
    question_only = type(item)(**{**item.to_dict(), "explanation_images": []})
    assert question_only.compute_content_hash() == item.content_hash

    # an edit keeps both lists; undoing it brings the same lists back
    bank.edit(item_id, {"explanation": "넓이 = 밑변 × 높이 ÷ 2"})
    edited = bank.require(item_id)
    assert edited.explanation_images == item.explanation_images and edited.images == item.images
    bank.delete(item_id)
    assert bank.get(item_id) is None
    bank.undo()
    assert bank.require(item_id).explanation_images == item.explanation_images

    # JSONL carries them as files next to the sheet; importing into a fresh bank gives the same figures
    bank.export(tmp_path / "out" / "items.jsonl")
    record = json.loads((tmp_path / "out" / "items.jsonl").read_text(encoding="utf-8"))
    assert len(record["explanation_images"]) == 2 and len(record["images"]) == 1
    other = ItemBank(tmp_path / "other", create=True)
    assert other.import_path(tmp_path / "out" / "items.jsonl").imported == 1
    copied = other.require(item_id)
    assert copied.explanation_images == item.explanation_images and copied.images == item.images
    other.close()
    bank.close()


def test_a_solution_figure_does_not_make_an_item_one_with_figures(tmp_path):
    draw_figure(tmp_path / "s.png", "circle")
    write_jsonl(tmp_path / "in.jsonl", [{"id": "S-1", "subject": "수학", "stem": "원의 넓이를 구하시오.",
                                         "explanation_images": ["s.png"]}])
    bank = ItemBank(tmp_path / "bank", create=True)
    bank.import_path(tmp_path / "in.jsonl")
    conn = bank.catalog.connection
    assert conn.execute("SELECT COUNT(*) FROM item_images").fetchone()[0] == 0
    assert bank.stats()["items_with_images"] == 0
    # the document a figure-seeing model embeds has no figure: the 해설's is not the question's
    from engine.models.inputs import item_document_input

    item = bank.require("S-1")
    assert item_document_input(item, bank.image_path)["images"] == [] and item.explanation_images
    # the leftover sweep sees the figure as used, not as an orphan to delete
    sha = item.explanation_images[0]
    bank.close()
    found = find_leftovers(BankPaths.resolve(tmp_path / "bank"), min_age=0)
    assert found.orphan_figures == [] and sha


def test_a_v4_file_is_migrated_keeping_its_question_figures(tmp_path):
    data_dir = tmp_path / "bank"
    bank = ItemBank(data_dir, create=True)
    draw_figure(tmp_path / "q.png")
    write_jsonl(tmp_path / "in.jsonl", [{"id": "OLD", "subject": "수학", "stem": "옛 문항", "images": ["q.png"]}])
    bank.import_path(tmp_path / "in.jsonl")
    sha = bank.require("OLD").images[0]
    bank.close()
    path = BankPaths.resolve(data_dir).catalog
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript("DROP TABLE item_explanation_images; PRAGMA user_version = 4;")
    conn.close()
    reopened = ItemBank(data_dir)
    assert reopened.catalog.schema_version == schema.SCHEMA_VERSION == 5
    old = reopened.require("OLD")
    assert old.images == [sha] and old.explanation_images == []
    reopened.close()


def test_a_v2_district_database_is_migrated_keeping_its_items(tmp_path, postgres_url):
    psycopg = pytest.importorskip("psycopg")
    from engine.storage.postgres import schema as pg_schema

    bank, item_id = _bank_with_solution_figures(tmp_path, postgres_url)
    question = bank.require(item_id).images
    bank.close()
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        conn.execute("DROP TABLE item_explanation_images")
        conn.execute("UPDATE itembank_schema SET version = 2")
    reopened = ItemBank(tmp_path / "bank", backend=postgres_url)
    with psycopg.connect(postgres_url, autocommit=True) as conn:
        assert conn.execute("SELECT version FROM itembank_schema").fetchone()[0] == pg_schema.SCHEMA_VERSION == 3
    kept = reopened.require(item_id)
    assert kept.images == question and kept.explanation_images == []
    reopened.close()


# -- papers: a figure inside a 해설 is the 해설's ------------------------------------------------------
def _paper_with_solution_figures(path, figures) -> None:
    """Two questions; the first has a figure of its own and one in its 해설, the second two in its 해설."""
    hwpx = pytest.importorskip("hwpx")
    doc = hwpx.HwpxDocument.new()
    doc.paragraphs[0].text = "2026학년도 1학기 중간고사 수학"
    doc.add_paragraph("1. 그림의 삼각형의 넓이는?")
    doc.add_picture(figures[0].read_bytes(), "png", width_mm=30, height_mm=20)
    doc.add_paragraph("① 4  ② 5  ③ 6  ④ 7  ⑤ 8")
    doc.add_paragraph("[정답] ③")
    doc.add_paragraph("[해설] 밑변 4, 높이 3이므로 넓이는 6이다.")
    doc.add_picture(figures[1].read_bytes(), "png", width_mm=30, height_mm=20)
    doc.add_paragraph("2. 반지름이 1인 원의 넓이를 구하시오.")
    doc.add_paragraph("[정답] π")
    doc.add_paragraph("[해설] 넓이는 반지름의 제곱에 π를 곱한 값이다.")
    doc.add_picture(figures[2].read_bytes(), "png", width_mm=30, height_mm=20)
    doc.add_picture(figures[3].read_bytes(), "png", width_mm=30, height_mm=20)
    doc.save_to_path(path)


def _sha(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("suffix", [".hwpx", ".hwp"])
def test_a_paper_puts_figures_inside_a_solution_there_and_its_worksheet_reads_back(tmp_path, suffix):
    figures = [draw_figure(tmp_path / f"f{n}.png", kind, label=str(n))
               for n, kind in enumerate(("triangle", "circle", "graph", "square"))]
    _paper_with_solution_figures(tmp_path / f"paper{suffix}", figures)
    bank = ItemBank(tmp_path / "bank", create=True)
    report = bank.import_path(tmp_path / f"paper{suffix}")
    first, second = (bank.get(i) for i in report.imported_ids)
    assert first.images == [_sha(figures[0])] and first.explanation_images == [_sha(figures[1])]
    assert second.images == [] and second.explanation_images == [_sha(figures[2]), _sha(figures[3])]
    assert "넓이는 6" in first.explanation

    from engine.exporters.paper import PaperOptions

    for suffix in (".hwpx", ".pdf"):
        bank.export_paper(tmp_path / f"out{suffix}", report.imported_ids, PaperOptions(answers="end-page"))
    again = ItemBank(tmp_path / "again", create=True)
    back = [again.get(i) for i in again.import_path(tmp_path / "out.hwpx", subject="수학").imported_ids]
    assert [(b.images, b.explanation_images) for b in back] == [
        (first.images, first.explanation_images), (second.images, second.explanation_images)]
    pdf = (tmp_path / "out.pdf").read_bytes()
    assert pdf.count(b"/Subtype /Image") >= 4  # the question's figure and the three 해설 figures
    again.close()
    bank.close()


# figures in the 해설 of the real 2023 September paper, per question ("section number"), counted by hand
REAL_SOLUTION_FIGURES = {" 9": 1, " 13": 2, " 14": 3, " 19": 1, "미적분 28": 2, "미적분 30": 1,
                         "기하 26": 2, "기하 27": 1, "기하 28": 3, "기하 29": 3, "기하 30": 1}


def test_the_real_paper_s_solution_figures_are_the_solutions(tmp_path):
    from pathlib import Path

    from engine.importers.hwpx import load_paper

    source = Path(__file__).resolve().parents[1] / "shared/hwp-papers/rhwp/3-09월_교육_통합_2023.hwpx"
    if not source.is_file():
        pytest.skip("the real paper is not fetched (python tools/build_corpus.py --fetched)")
    split, _ = load_paper(source, [])
    found = {f"{i.section} {i.label}": len(i.explanation_images) for i in split.items if i.explanation_images}
    assert found == REAL_SOLUTION_FIGURES and sum(found.values()) == 20
    # the question figures stay with their questions (4, 20, 확률과 통계 24 …)
    assert {f"{i.section} {i.label}" for i in split.items if i.images} >= {" 4", " 20", "미적분 30"}


@pytest.mark.parametrize("out_name", ["items.xml", "items.zip"])
def test_moodle_and_qti_carry_solution_figures_in_their_feedback(tmp_path, out_name):
    """Moodle: the 해설's figures are embedded in generalfeedback; QTI: shown in modalFeedback and packed
    with the item. Both import back as the 해설's figures, the question's staying the question's."""
    bank, item_id = _bank_with_solution_figures(tmp_path, None)
    item = bank.require(item_id)
    out = tmp_path / out_name
    assert bank.export(out, [item_id]) == 1
    if out_name.endswith(".xml"):
        feedback = out.read_text("utf-8").split("<generalfeedback", 1)[1].split("</generalfeedback>", 1)[0]
        assert feedback.count("<file ") == 2 and feedback.count("@@PLUGINFILE@@") == 2
    else:
        import zipfile

        with zipfile.ZipFile(out) as package:
            xml = package.read(f"items/{item_id}.xml").decode("utf-8")
        assert xml.split("<modalFeedback", 1)[1].count("<img ") == 2
    other = ItemBank(tmp_path / "other", create=True)
    copy = other.require(other.import_path(out).imported_ids[0])
    assert (copy.images, copy.explanation_images, copy.explanation) == (
        item.images, item.explanation_images, item.explanation)
    other.close()
    bank.close()


def test_a_merge_takes_the_solution_whole_from_the_item_that_has_one(tmp_path):
    bank, item_id = _bank_with_solution_figures(tmp_path, None)
    write_jsonl(tmp_path / "bare.jsonl", [{"id": "BARE", "subject": "수학", "stem": "삼각형의 넓이를 구하시오!"}])
    bank.import_path(tmp_path / "bare.jsonl")
    solved = bank.require(item_id)
    bank.duplicates.merge("BARE", item_id)
    merged = bank.require("BARE")
    assert (merged.explanation, merged.explanation_images) == (solved.explanation, solved.explanation_images)
    bank.undo()
    assert bank.require(item_id).explanation_images == solved.explanation_images
    assert bank.require("BARE").explanation_images == []
    bank.close()


def test_the_rest_api_sends_solution_figures_apart_and_the_client_reads_them(tmp_path):
    pytest.importorskip("fastapi")
    from engine.remote.wire import item_from_wire
    from engine.server.views import item_out

    bank, item_id = _bank_with_solution_figures(tmp_path, None)
    item = bank.require(item_id)
    wire = json.loads(item_out(item).model_dump_json())
    assert [r["sha256"] for r in wire["explanation_images"]] == item.explanation_images
    assert [r["sha256"] for r in wire["images"]] == item.images
    back = item_from_wire(wire)
    assert (back.images, back.explanation_images, back.content_hash) == (
        item.images, item.explanation_images, item.content_hash)
    del wire["explanation_images"]  # an older server: no 해설 figures, still an item
    assert item_from_wire(wire).explanation_images == []
    bank.close()


def test_a_backup_restores_solution_figures(tmp_path):
    from engine.backup import restore_backup

    bank, item_id = _bank_with_solution_figures(tmp_path, None)
    item = bank.require(item_id)
    result = bank.backup(tmp_path / "bank.zip")
    bank.close()
    restore_backup(result.archive, tmp_path / "restored")
    restored = ItemBank(tmp_path / "restored")
    again = restored.require(item_id)
    assert again.explanation_images == item.explanation_images and again.images == item.images
    assert all(restored.verified_image_path(sha) is not None for sha in again.explanation_images)
    restored.close()


def test_csv_carries_solution_figures_in_their_own_column_and_reads_earlier_exports(tmp_path):
    from engine.csv_cells import EXPORT_HEADERS, is_export_header

    bank, item_id = _bank_with_solution_figures(tmp_path, None)
    item = bank.require(item_id)
    bank.export(tmp_path / "out" / "items.csv")
    other = ItemBank(tmp_path / "other", create=True)
    copy = other.require(other.import_path(tmp_path / "out" / "items.csv").imported_ids[0])
    assert (copy.images, copy.explanation_images) == (item.images, item.explanation_images)
    assert EXPORT_HEADERS[-1] == "해설그림" and is_export_header(list(EXPORT_HEADERS[:-1]))
    # a teacher's own sheet mapped in the wizard: the 해설 figure column is resolved next to the sheet
    sheet = tmp_path / "mine.csv"
    sheet.write_text("과목,문항,그림들,풀이그림\n수학,원의 넓이는?,q.png,s1.png\n", encoding="utf-8")
    preview = other.preview_import(sheet)
    report = other.import_mapped(preview, ["subject", "stem", "images", "explanation_images"])
    mapped = other.require(report.imported_ids[0])
    assert mapped.images == item.images[:1] and mapped.explanation_images == item.explanation_images[:1]
    other.close()
    bank.close()


def test_show_names_the_solution_figures_apart(tmp_path, run_cli):
    bank, item_id = _bank_with_solution_figures(tmp_path, None)
    item = bank.require(item_id)
    bank.close()
    code, out, _ = run_cli("show", item_id, "--json", "--data-dir", str(tmp_path / "bank"))
    data = json.loads(out)
    assert code == 0 and len(data["image_paths"]) == 1 and len(data["explanation_image_paths"]) == 2
    assert data["explanation_images"] == item.explanation_images
    code, out, _ = run_cli("show", item_id, "--data-dir", str(tmp_path / "bank"))
    assert out.count("해설 그림: ") == 2 and out.count("\n그림: ") == 1
