"""A locked catalog is "busy" on the REST API: 503 with Retry-After and a sentence that says so and names
the job holding the bank — never "damaged" or "restore from a backup" (issue #17 item 7, the server)."""

from __future__ import annotations

import json
import sqlite3
import time
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")

from engine.api import ItemBank  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.errors import busy_detail  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402
from engine.storage.sqlite import SqliteCatalog  # noqa: E402

API = "/api/v1"
OUR_CLIENT = {"X-Itembank-Client": "1"}


@pytest.fixture(autouse=True)
def quick_busy_timeout(monkeypatch):
    monkeypatch.setattr(SqliteCatalog, "busy_timeout", 0.3)


@pytest.fixture
def small_bank(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    bank.close()
    return folder


def _assert_busy(response: httpx.Response) -> str:
    assert response.status_code == 503, response.text
    detail = response.json()["detail"]
    assert detail.startswith("busy:") and "try again" in detail
    for wrong in ("damaged", "backup", "restore", "internal error"):
        assert wrong not in detail.lower(), detail
    return detail


def test_a_write_meeting_another_programs_lock_is_503_busy_with_retry_after(small_bank: Path):
    config = ServerConfig(data_dir=small_bank, port=0, rate_limit=0)
    with BackgroundServer(config) as running, \
            httpx.Client(base_url=running.url, timeout=30, headers=OUR_CLIENT) as http:
        lock = sqlite3.connect(small_bank / "catalog.sqlite3", isolation_level=None)
        lock.execute("BEGIN IMMEDIATE")  # the desktop app's import, say
        try:
            answer = http.put(f"{API}/profiles/active", json={"name": "keyword"})
            detail = _assert_busy(answer)
            assert answer.headers["Retry-After"] == "1" and "running on this server" not in detail
            assert http.get(f"{API}/search", params={"q": "함수"}).status_code == 200  # reads carry on
        finally:
            lock.execute("ROLLBACK")
            lock.close()
        assert http.put(f"{API}/profiles/active", json={"name": "keyword"}).status_code == 200


def test_a_write_during_the_servers_own_long_import_names_that_import(small_bank: Path):
    records = [{"subject": "수학", "grade": "중2", "stem": f"일차함수 y={n}x+1의 기울기를 구하시오. ({n})",
                "answer": str(n)} for n in range(15_000)]
    body = "\n".join(json.dumps(r, ensure_ascii=False) for r in records).encode()
    config = ServerConfig(data_dir=small_bank, port=0, rate_limit=0)
    with BackgroundServer(config) as running, \
            httpx.Client(base_url=running.url, timeout=60, headers=OUR_CLIENT) as http:
        job = http.post(f"{API}/import", files={"file": ("many.jsonl", body)}).json()
        deadline = time.monotonic() + 60
        while (state := http.get(f"{API}/jobs/{job['id']}").json())["progress"]["done"] == 0:
            assert state["state"] in ("queued", "running") and time.monotonic() < deadline
            time.sleep(0.02)
        answer = http.put(f"{API}/profiles/active", json={"name": "keyword"})
        detail = _assert_busy(answer)
        assert "running on this server now: an import job started" in detail and " UTC" in detail
        assert answer.headers["Retry-After"] == "5"
        while (state := http.get(f"{API}/jobs/{job['id']}").json())["state"] in ("queued", "running"):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        assert state["state"] == "succeeded" and state["report"]["imported"] == 15_000
        assert http.put(f"{API}/profiles/active", json={"name": "keyword"}).status_code == 200


def test_busy_detail_words():
    assert busy_detail("busy: x; try again when it ends", []) == ("busy: x; try again when it ends", "1")
    detail, retry = busy_detail("busy: x", [("import", "2026-12-07T14:02:10.512Z"), ("index", "2026-12-07T14:03:00Z")])
    assert detail == "busy: x; running on this server now: an import job started 14:02:10 UTC, " \
                     "an index job started 14:03:00 UTC" and retry == "5"
