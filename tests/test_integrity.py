"""Nothing silently wrong: damaged index files, damaged figures, leftovers of killed work (issue 17)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import write_jsonl
from engine.api import ItemBank, SearchRequest
from engine.index.checksums import sidecar_of, verify_checksum
from engine.index.profiles import LITE_PROFILE
from engine.models.lite import lite_unavailable_reason

needs_lite = pytest.mark.skipif(lite_unavailable_reason() is not None,
                                reason=f"lite model unavailable: {lite_unavailable_reason()}")

TOPICS = ["광합성", "세포 분열", "이차방정식", "수요와 공급", "옴의 법칙", "시의 화자", "삼각형의 넓이",
          "지진과 화산", "산과 염기", "조선의 건국"]
CORPUS = [{"id": f"Q{n:02d}", "subject": "과학", "grade": "중2",
           "stem": f"{TOPICS[n % len(TOPICS)]}에 관한 {n}번째 문항으로 옳은 것을 고르시오.",
           "answer": str(n % 5 + 1)} for n in range(40)]


@pytest.fixture
def lite_dir(tmp_path: Path, data_dir: Path) -> Path:
    bank = ItemBank(data_dir, create=True)
    bank.import_path(write_jsonl(tmp_path / "c.jsonl", CORPUS))
    bank.profiles.build_index(LITE_PROFILE)
    bank.close()
    return data_dir


def _index_file(root: Path) -> Path:
    bank = ItemBank(root)
    try:
        return root / "indexes" / bank.profiles.definition(LITE_PROFILE).index_file_name
    finally:
        bank.close()


def _damage_tail(path: Path, size: int = 4096) -> None:
    data = bytearray(path.read_bytes())
    assert len(data) > 2 * size, "the index must be larger than the damaged part"
    data[-size:] = bytes((b ^ 0x5A) for b in data[-size:])
    path.write_bytes(bytes(data))


@needs_lite
def test_index_is_saved_with_a_checksum_that_verifies(lite_dir):
    path = _index_file(lite_dir)
    assert sidecar_of(path).is_file()
    assert verify_checksum(path) is None


@needs_lite
def test_damaged_index_falls_back_to_keyword_and_says_why(lite_dir, run_cli):
    _damage_tail(_index_file(lite_dir))
    bank = ItemBank(lite_dir)
    result = bank.search(SearchRequest(text="광합성", k=3))
    assert result.mode == "keyword" and result.profile == "keyword"
    assert "needs rebuilding" in result.fallback and "checksum" in result.fallback
    assert result.hits and all(result.items[h.id].stem.startswith("광합성") for h in result.hits)
    bank.close()
    code, out, _ = run_cli("search", "광합성", "--json", "--data-dir", lite_dir)
    payload = json.loads(out)
    assert code == 0 and payload["mode"] == "keyword" and "needs rebuilding" in payload["fallback"]


@needs_lite
def test_index_command_rebuilds_a_damaged_file(lite_dir, run_cli):
    damaged = _index_file(lite_dir)
    _damage_tail(damaged)
    code, out, err = run_cli("index", "--profile", LITE_PROFILE, "--json", "--data-dir", lite_dir)
    assert code == 0, err
    report = json.loads(out)
    assert report["rebuilt"] and "checksum" in report["rebuild_reason"] and report["embedded"] == 0
    fresh = _index_file(lite_dir)
    assert fresh != damaged and not damaged.exists() and not sidecar_of(damaged).exists()
    assert verify_checksum(fresh) is None and sidecar_of(fresh).is_file()
    bank = ItemBank(lite_dir)
    result = bank.search(SearchRequest(text="광합성", k=3))
    assert result.mode == "hybrid" and not result.fallback
    bank.close()


@needs_lite
def test_refresh_rebuilds_a_damaged_index_in_the_background_path(lite_dir):
    _damage_tail(_index_file(lite_dir))
    bank = ItemBank(lite_dir)
    report = bank.refresh_index()  # what the desktop runs on start and after every write
    assert report is not None and report.rebuilt
    assert bank.search(SearchRequest(text="광합성", k=3)).mode == "hybrid"
    bank.close()


@needs_lite
def test_an_old_index_without_checksum_is_used_and_gets_one_next_save(tmp_path, lite_dir):
    path = _index_file(lite_dir)
    sidecar_of(path).unlink()
    bank = ItemBank(lite_dir)
    result = bank.search(SearchRequest(text="광합성", k=3))
    assert result.mode == "hybrid" and not result.fallback
    bank.import_path(write_jsonl(tmp_path / "more.jsonl", [{"id": "NEW", "subject": "과학", "stem": "새 문항"}]))
    report = bank.refresh_index()
    assert report is not None and not report.rebuilt
    assert verify_checksum(_index_file(lite_dir)) is None and sidecar_of(_index_file(lite_dir)).is_file()
    bank.close()
