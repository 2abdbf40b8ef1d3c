"""Issue 18: items from 선택과목 sections keep their section through a worksheet and back.

An imported 수학 paper has common questions 1–22 and sets 23–30 per 선택과목 (tagged "미적분", or
"선택 1" where the paper printed no title). A paper made from them prints each section under a heading
with its own numbering, and its answer key section by section, so importing the HWPX gives every item
its section again.
"""

from __future__ import annotations

import pytest

from engine.api import ItemBank, PaperOptions, build_papers
from engine.exporters.paper import item_section, section_heading
from engine.items import Item
from tests.conftest import write_jsonl


def _item(n: int, tags: list[str]) -> Item:
    return Item(id=f"Q{n}", subject="수학", type="객관식", stem=f"문항 {n}의 값은?",
                choices=["1", "2", "3", "4", "5"], answer=str(n % 5 + 1), tags=tags)


def _paper_items() -> list[Item]:
    common = [_item(n, ["3점"]) for n in (1, 2)]
    calculus = [_item(n, ["미적분"]) for n in (3, 4)]
    untitled = [_item(n, ["선택 2", "4점"]) for n in (5, 6)]
    return common + calculus + untitled


def test_sections_are_numbered_from_where_the_first_starts_and_headed():
    paper = build_papers(_paper_items())[0]
    assert [(b.heading, [q.number for q in b.questions]) for b in paper.blocks] == [
        ("", [1]), ("", [2]), ("[선택과목: 미적분]", [3]), ("", [4]), ("[선택과목: 선택 2]", [3]), ("", [4])]
    assert [(h, [r[0] for r in rows]) for h, rows in paper.key_parts()] == [
        ("", [1, 2]), ("[선택과목: 미적분]", [3, 4]), ("[선택과목: 선택 2]", [3, 4])]
    assert [item_section(i) for i in _paper_items()] == ["", "", "미적분", "미적분", "선택 2", "선택 2"]
    assert section_heading("기하") == "[선택과목: 기하]"


def test_a_variant_shuffles_within_each_section_only():
    items = [_item(n, []) for n in range(1, 5)] + [_item(n, ["기하"]) for n in range(5, 11)]
    paper = build_papers(items, PaperOptions(variants=("A", "B"), seed=3))[1]
    order = [q.item.id for q in paper.questions]
    assert order != [i.id for i in items]
    assert set(order[:4]) == {"Q1", "Q2", "Q3", "Q4"}
    assert [q.number for q in paper.questions] == [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]
    assert [b.heading for b in paper.blocks].count("[선택과목: 기하]") == 1


def test_hwpx_paper_imports_back_with_each_section_and_its_answers(bank, tmp_path):
    pytest.importorskip("hwpx")
    records = [{"id": i.id, "subject": i.subject, "type": i.type, "stem": i.stem, "choices": i.choices,
                "answer": i.answer, "tags": i.tags} for i in _paper_items()]
    assert bank.import_path(write_jsonl(tmp_path / "m.jsonl", records)).imported == 6
    out = tmp_path / "수학.hwpx"
    bank.export_paper(out, [r["id"] for r in records], PaperOptions(answers="end-page"))
    other = ItemBank(tmp_path / "other", create=True)
    try:
        report = other.import_path(out, subject="수학")  # titled sections: no doubt to accept
        back = [other.get(i) for i in report.imported_ids]
        assert [i.tags for i in back] == [r["tags"] for r in records]
        assert [i.source.split(" ", 1)[1] for i in back] == [
            "1번", "2번", "미적분 3번", "미적분 4번", "선택 2 3번", "선택 2 4번"]
        assert [i.answer for i in back] == [r["answer"] for r in records]
    finally:
        other.close()
