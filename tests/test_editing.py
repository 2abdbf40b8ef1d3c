"""Edit, delete, merge and undo on a real bank (SQLite file, usearch lite index on disk, PNG figures):
each write says what it changed, the semantic index follows, and nothing is half-written."""

from __future__ import annotations

import json
import shutil

import pytest

from conftest import draw_figure, write_jsonl
from engine.api import BankChanges, InvalidInput, ItemBank, ItemEdit, ItemFieldError, ItemNotFoundError, SearchRequest

ITEMS = [
    {"id": "E1", "subject": "수학", "grade": "중2", "type": "객관식", "difficulty": "하", "unit": "일차함수",
     "stem": "일차함수 y=2x+3의 그래프의 기울기는?", "choices": ["1", "2", "3", "4", "5"], "answer": "2"},
    {"id": "E2", "subject": "과학", "grade": "중2", "type": "단답형", "unit": "전기와 자기",
     "stem": "전류가 흐르는 도선 주위에 생기는 자기장의 방향을 알아내는 방법은?", "answer": "오른손 법칙"},
    {"id": "E3", "subject": "국어", "grade": "중1", "type": "서술형", "unit": "시의 표현",
     "stem": "시의 화자가 느끼는 정서를 설명하시오.", "answer": "그리움"},
]


def keyword_ids(bank: ItemBank, text: str) -> list[str]:
    return [h.id for h in bank.search(SearchRequest(text=text, mode="keyword", k=10)).hits]


@pytest.fixture
def small_bank(tmp_path):
    bank = ItemBank(tmp_path / "bank", create=True)
    assert bank.import_path(write_jsonl(tmp_path / "items.jsonl", ITEMS)).imported == 3
    yield bank
    bank.close()


def test_an_edit_is_found_by_its_new_words_and_not_its_old_ones(small_bank):
    before = small_bank.require("E1").version
    changes = small_bank.edit("E1", {"stem": "이차함수 y=x²의 꼭짓점의 좌표는?", "answer": "3"})
    assert isinstance(changes, BankChanges) and changes.changed == {"E1"} and not changes.removed
    item = small_bank.require("E1")
    assert item.stem.startswith("이차함수") and item.answer == "3" and item.version != before
    assert "E1" in keyword_ids(small_bank, "꼭짓점")
    assert "E1" not in keyword_ids(small_bank, "기울기")
    assert [e.item.stem for e in small_bank.history("E1")] == [ITEMS[0]["stem"]]


def test_a_bad_value_names_the_field_and_writes_nothing(small_bank):
    before = small_bank.require("E1")
    with pytest.raises(ItemFieldError) as raised:
        small_bank.edit("E1", {"difficulty": "아주어려움", "stem": "바뀌면 안 되는 발문"})
    assert raised.value.field == "difficulty"
    with pytest.raises(ItemFieldError) as raised:
        small_bank.edit("E1", {"answer": "9"})  # a 객관식 answer must point at one of its 5 choices
    assert raised.value.field == "answer"
    assert small_bank.require("E1") == before and small_bank.history("E1") == []
    with pytest.raises(ItemNotFoundError):
        small_bank.edit("NOPE", {"answer": "1"})


def test_delete_then_undo_brings_the_item_back_with_its_figure(small_bank, tmp_path):
    figure = draw_figure(tmp_path / "graph.png")
    assert not small_bank.edit("E2", {"answer": "오른손 법칙"})  # the stored value: nothing changes
    added = small_bank.edit("E2", ItemEdit(add_images=[figure]))
    assert added.changed == {"E2"}
    sha = small_bank.require("E2").images[0]
    assert small_bank.image_path(sha) is not None
    removed = small_bank.delete(["E2"])
    assert removed.removed == {"E2"} and small_bank.get("E2") is None
    assert "E2" not in keyword_ids(small_bank, "자기장")
    assert small_bank.undo_label()
    back = small_bank.undo()
    assert back.added == {"E2"}
    restored = small_bank.require("E2")
    assert restored.images == [sha] and small_bank.image_path(sha) is not None
    assert "E2" in keyword_ids(small_bank, "자기장")


def test_undo_reverts_an_edit_but_not_over_a_later_change(small_bank):
    small_bank.edit("E3", {"answer": "기쁨"})
    small_bank.undo()
    assert small_bank.require("E3").answer == "그리움"
    assert small_bank.undo_label() == ""
    with pytest.raises(InvalidInput, match="nothing to undo"):
        small_bank.undo()


def test_merge_folds_one_item_into_another_and_can_be_undone(small_bank):
    changes = small_bank.duplicates.merge("E1", "E3")
    assert changes.removed == {"E3"}
    assert small_bank.get("E3") is None
    small_bank.undo()
    assert small_bank.get("E3") is not None and small_bank.require("E3").answer == "그리움"


@pytest.fixture
def lite_bank(sample_lite_dir, tmp_path):
    folder = tmp_path / "bank"
    shutil.copytree(sample_lite_dir, folder)
    bank = ItemBank(folder)
    yield bank
    bank.close()


NEW_ITEMS = [
    {"id": "N1", "subject": "과학", "grade": "중3", "type": "단답형", "unit": "생식과 유전",
     "stem": "멘델의 완두콩 교배 실험에서 우열의 원리를 확인한 잡종 제1대의 표현형 비율은?", "answer": "100%"},
    {"id": "N2", "subject": "사회", "grade": "중1", "type": "단답형", "unit": "지도 읽기",
     "stem": "등고선 간격이 좁은 곳의 경사는 어떠한가?", "answer": "급하다"},
]


def test_new_items_reach_a_hybrid_search_at_once_and_the_index_catches_up(lite_bank, tmp_path):
    report = lite_bank.import_path(write_jsonl(tmp_path / "new.jsonl", NEW_ITEMS))
    assert report.changes.added == {"N1", "N2"}
    assert lite_bank.pending() == 2
    phrase = "멘델의 완두콩 교배 실험"
    before = lite_bank.search(SearchRequest(text=phrase, k=10))
    assert before.mode == "hybrid" and before.pending == 2
    assert [h.id for h in before.hits][:1] == ["N1"], "a pending item must rank by its keyword side"
    index = lite_bank.refresh_index()
    assert index is not None and lite_bank.pending() == 0
    after = lite_bank.search(SearchRequest(text=phrase, k=10))
    assert after.pending == 0 and after.hits[0].id == "N1"
    assert lite_bank.refresh_index() is None  # nothing behind any more


def test_an_edited_item_is_re_embedded_and_a_deleted_one_leaves_the_index(lite_bank):
    target = next(lite_bank.catalog.iter_items())
    lite_bank.edit(target.id, {"stem": "등고선 간격이 좁은 곳의 경사를 설명하시오."})
    assert lite_bank.pending() == 1
    lite_bank.refresh_index()
    assert lite_bank.pending() == 0
    semantic = lite_bank.search(SearchRequest(text="등고선 간격 경사", mode="semantic", k=5))
    assert target.id in [h.id for h in semantic.hits]
    lite_bank.delete(target.id)
    lite_bank.refresh_index()
    semantic = lite_bank.search(SearchRequest(text="등고선 간격 경사", mode="semantic", k=50))
    assert target.id not in [h.id for h in semantic.hits]


# -- the CLI -------------------------------------------------------------------------------------
def test_cli_edit_delete_undo_history(small_bank, run_cli):
    folder = str(small_bank.paths.root)
    small_bank.close()
    code, out, _ = run_cli("edit", "E1", "정답=3", "tags=기울기, 그래프", "--json", "--data-dir", folder)
    assert code == 0
    data = json.loads(out)
    assert data["changed"] and data["item"]["answer"] == "3" and data["item"]["tags"] == ["기울기", "그래프"]
    code, out, err = run_cli("edit", "E1", "difficulty=매우", "--data-dir", folder)
    assert code == 2 and "difficulty" in (out + err)
    code, out, err = run_cli("edit", "E1", "id=Z9", "--data-dir", folder)
    assert code == 2 and "id" in (out + err)
    code, out, _ = run_cli("delete", "E2", "E3", "--json", "--data-dir", folder)
    assert code == 0 and json.loads(out)["deleted"] == ["E2", "E3"]
    code, out, _ = run_cli("search", "자기장", "--mode", "keyword", "--json", "--data-dir", folder)
    assert code == 0 and [r["id"] for r in json.loads(out)["results"]] == []
    code, out, _ = run_cli("undo", "--json", "--data-dir", folder)
    assert code == 0 and json.loads(out)["undone"]
    code, out, _ = run_cli("search", "자기장", "--mode", "keyword", "--json", "--data-dir", folder)
    assert [r["id"] for r in json.loads(out)["results"]] == ["E2"]
    code, out, _ = run_cli("history", "E1", "--json", "--data-dir", folder)
    assert code == 0 and [h["item"]["answer"] for h in json.loads(out)["history"]] == ["2"]
    code, out, err = run_cli("delete", "NOPE", "--data-dir", folder)
    assert code == 2 and "NOPE" in (out + err)
