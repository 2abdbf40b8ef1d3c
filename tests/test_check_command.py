"""``itembank check [--repair]`` and ``ItemBank.check``: damage and leftovers found, named, and fixed
where the bank can fix them (real SQLite file, real usearch index, real PNG figures)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import draw_figure, write_jsonl
from engine.api import ItemBank, SearchRequest
from engine.index.checksums import sidecar_of, verify_checksum
from engine.index.profiles import LITE_PROFILE
from engine.models.lite import lite_unavailable_reason
from test_integrity import CORPUS, _damage_tail, _flip_byte, _index_file, _old, _orphan

needs_lite = pytest.mark.skipif(lite_unavailable_reason() is not None,
                                reason=f"lite model unavailable: {lite_unavailable_reason()}")


@pytest.fixture
def bank_dir(tmp_path: Path, data_dir: Path) -> Path:
    draw_figure(tmp_path / "src" / "tri.png", "triangle")
    bank = ItemBank(data_dir, create=True)
    bank.import_path(write_jsonl(tmp_path / "src" / "c.jsonl", [
        *CORPUS, {"id": "TRI", "subject": "수학", "stem": "삼각형의 넓이를 구하시오.", "images": ["tri.png"]}]))
    bank.close()
    return data_dir


def _tri_figure(root: Path) -> Path:
    bank = ItemBank(root)
    try:
        return bank.image_path(bank.require("TRI").images[0])
    finally:
        bank.close()


def test_a_sound_bank_checks_ok(bank_dir, run_cli):
    code, out, _ = run_cli("check", "--data-dir", bank_dir)
    assert code == 0 and "OK" in out and "1 figures" in out
    code, out, _ = run_cli("check", "--json", "--data-dir", bank_dir)
    report = json.loads(out)
    assert code == 0 and report["ok"] and report["problems"] == [] and report["checked"]["figures"] == 1


def test_a_damaged_figure_is_named_with_the_items_that_use_it_and_stays_a_problem(bank_dir, run_cli):
    path = _tri_figure(bank_dir)
    _flip_byte(path)
    code, out, _ = run_cli("check", "--data-dir", bank_dir)
    assert code == 1 and path.name in out and "used by TRI" in out and "1 problem(s) remain" in out
    code, out, _ = run_cli("check", "--repair", "--json", "--data-dir", bank_dir)
    report = json.loads(out)
    assert code == 1 and [p["kind"] for p in report["problems"]] == ["figure"]
    assert not report["problems"][0]["fixed"] and "re-import" in report["problems"][0]["how_to_fix"]


@needs_lite
def test_repair_rebuilds_a_damaged_index(bank_dir, run_cli):
    bank = ItemBank(bank_dir)
    bank.profiles.build_index(LITE_PROFILE)
    bank.close()
    _damage_tail(_index_file(bank_dir))
    code, out, _ = run_cli("check", "--json", "--data-dir", bank_dir)
    report = json.loads(out)
    assert code == 1 and report["problems"][0]["kind"] == "index" and "checksum" in report["problems"][0]["detail"]
    code, out, _ = run_cli("check", "--repair", "--data-dir", bank_dir)
    assert code == 0 and f"fixed: index {LITE_PROFILE}" in out
    fresh = _index_file(bank_dir)
    assert verify_checksum(fresh) is None and sidecar_of(fresh).is_file()
    bank = ItemBank(bank_dir)
    assert bank.search(SearchRequest(text="광합성")).mode == "hybrid"
    bank.close()


def test_check_finds_orphans_and_leftovers_and_repair_removes_only_those(tmp_path, bank_dir):
    bank = ItemBank(bank_dir)  # open: a killed import's files appear while the app runs
    figure = _tri_figure(bank_dir)
    _old(figure)
    orphan = _orphan(bank_dir, tmp_path, "graph")
    staging = bank_dir.parent / f".{bank_dir.name}.restore-k1"
    staging.mkdir()
    _old(staging)
    report = bank.check()
    kinds = sorted((p.kind, Path(p.what).name) for p in report.problems)
    assert kinds == [("leftover", staging.name), ("orphan", orphan.name)] and not report.ok
    assert orphan.exists() and staging.exists()  # looking changes nothing
    repaired = bank.check(repair=True)
    assert repaired.ok and all(p.fixed for p in repaired.problems)
    assert not orphan.exists() and not staging.exists() and figure.exists()
    assert bank.check().problems == []
    bank.close()


def test_repair_rebuilds_a_keyword_index_that_lost_rows(bank_dir, run_cli):
    bank = ItemBank(bank_dir)
    with bank.catalog.transaction() as tx:
        tx.execute("DELETE FROM items_fts WHERE rowid IN (SELECT item_key FROM items WHERE id = 'TRI')")
    assert "TRI" not in [h.id for h in bank.search(SearchRequest(text="삼각형의 넓이", mode="keyword")).hits]
    bank.close()
    code, out, _ = run_cli("check", "--data-dir", bank_dir)
    assert code == 1 and "keyword index" in out
    code, out, _ = run_cli("check", "--repair", "--data-dir", bank_dir)
    assert code == 0 and "fixed: keyword index" in out
    bank = ItemBank(bank_dir)
    assert "TRI" in [h.id for h in bank.search(SearchRequest(text="삼각형의 넓이", mode="keyword")).hits]
    bank.close()
