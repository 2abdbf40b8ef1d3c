"""Many clients at once: micro-batching of query embeddings (a real batcher, the real lite model) and
searches answered while an import and an index build run on the same real server."""

from __future__ import annotations

import json
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import numpy as np
import pytest

pytest.importorskip("fastapi")

from engine.api import ItemBank  # noqa: E402
from engine.models.inputs import EmbedInput  # noqa: E402
from engine.server.batcher import BatchingEmbedder, MicroBatcher  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402

API = "/api/v1"
OUR_CLIENT = {"X-Itembank-Client": "1"}  # what engine.remote sends; open mode needs it on writes
TOPICS = [("수학", "이차방정식의 근과 계수의 관계를 이용하여 값을 구하시오"),
          ("수학", "삼각형의 내각의 합과 외각의 성질을 설명하시오"),
          ("과학", "광합성이 일어나는 장소와 필요한 물질을 쓰시오"),
          ("과학", "직렬로 연결한 저항의 합성 저항을 구하시오"),
          ("국어", "다음 글의 주제와 글쓴이의 관점을 파악하시오"),
          ("사회", "민주주의 선거의 기본 원칙 네 가지를 쓰시오"),
          ("영어", "다음 문장의 빈칸에 알맞은 관계대명사를 고르시오"),
          ("과학", "물질의 상태 변화와 열에너지의 출입을 설명하시오")]


def generated_items(count: int, prefix: str) -> list[dict]:
    return [{"id": f"{prefix}-{n:03d}", "subject": TOPICS[n % len(TOPICS)][0],
             "stem": f"{TOPICS[n % len(TOPICS)][1]} ({prefix} 연습 {n}번)", "answer": str(n % 5 + 1)}
            for n in range(count)]


def jsonl(records: list[dict]) -> bytes:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records).encode("utf-8")


def wait_for_job(client: httpx.Client, job_id: str, timeout: float = 120.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"{API}/jobs/{job_id}").json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


# -- the batcher on its own ---------------------------------------------------------------------------
def test_micro_batcher_gathers_concurrent_calls_and_answers_each_caller():
    calls: list[list[int]] = []

    def slow_double(values: list[int]) -> list[int]:
        calls.append(list(values))
        time.sleep(0.03)  # a model call: while it runs, the other threads queue up
        return [v * 2 for v in values]

    batcher = MicroBatcher(slow_double, max_batch=8, max_wait_s=0.005)
    start = threading.Barrier(32)

    def one(value: int) -> int:
        start.wait()
        return batcher.run_many([value])[0]

    try:
        with ThreadPoolExecutor(32) as pool:
            results = list(pool.map(one, range(32)))
    finally:
        batcher.close()
    assert results == [v * 2 for v in range(32)]
    assert sorted(v for call in calls for v in call) == list(range(32))
    assert max(len(call) for call in calls) == 8 == batcher.stats.largest  # never above max_batch
    assert batcher.stats.calls == len(calls) <= 8  # 32 requests, at most 8 model calls
    with pytest.raises(RuntimeError, match="closed"):
        batcher.submit(1)


def test_one_bad_input_fails_only_its_own_caller():
    def picky(values: list[str]) -> list[str]:
        time.sleep(0.01)
        if "bad" in values:
            raise ValueError("bad input")
        return [v.upper() for v in values]

    batcher = MicroBatcher(picky, max_batch=16, max_wait_s=0.05)
    try:
        futures = [batcher.submit(v) for v in ("a", "bad", "c")]
        assert futures[0].result(5) == "A" and futures[2].result(5) == "C"
        with pytest.raises(ValueError, match="bad input"):
            futures[1].result(5)
    finally:
        batcher.close()


def test_batching_embedder_gives_each_query_its_own_lite_vector():
    from engine.models.lite import LiteEmbedder, lite_unavailable_reason

    if lite_unavailable_reason():
        pytest.skip(f"lite model unavailable: {lite_unavailable_reason()}")
    inner = LiteEmbedder()
    texts = [stem for _, stem in TOPICS] * 2
    alone = [inner.encode_query([EmbedInput(text=t)]).vectors[0] for t in texts]
    batching = BatchingEmbedder(inner, max_batch=16, max_wait_s=0.02)
    start = threading.Barrier(len(texts))

    def one(text: str) -> np.ndarray:
        start.wait()
        return batching.encode_query([EmbedInput(text=text)]).vectors[0]

    try:
        with ThreadPoolExecutor(len(texts)) as pool:
            together = list(pool.map(one, texts))
    finally:
        batching.close()
    for mine, reference in zip(together, alone):
        assert mine.shape == reference.shape
        assert float(np.dot(mine, reference)) > 0.999  # the same vector, whatever its batch-mates
    assert batching.batcher.stats.largest > 1
    assert batching.batcher.stats.calls < len(texts)
    assert batching.dim == inner.dim and batching.model_key == inner.model_key


# -- the server while it writes --------------------------------------------------------------------------
@pytest.fixture(scope="module")
def lite_bank(tmp_path_factory) -> Path:
    from engine.models.lite import lite_unavailable_reason

    if lite_unavailable_reason():
        pytest.skip(f"lite model unavailable: {lite_unavailable_reason()}")
    folder = tmp_path_factory.mktemp("concurrent") / "bank"
    source = folder.parent / "first.jsonl"
    source.write_bytes(jsonl(generated_items(16, "A")))
    bank = ItemBank(folder, create=True)
    assert bank.import_path(source).imported == 16
    assert bank.profiles.build_index("lite").indexed == 16
    bank.profiles.use("lite")
    bank.close()
    return folder


def test_searches_keep_working_while_an_import_and_an_index_build_run(lite_bank):
    config = ServerConfig(data_dir=lite_bank, port=0, rate_limit=0, max_batch=16, batch_wait_ms=2)
    with BackgroundServer(config) as running, \
            httpx.Client(base_url=running.url, timeout=60, headers=OUR_CLIENT) as admin:
        assert admin.get(f"{API}/health").json()["search_modes"] == ["keyword", "semantic", "hybrid"]
        imported = admin.post(f"{API}/import", files={"file": ("more.jsonl", jsonl(generated_items(48, "B")))})
        assert wait_for_job(admin, imported.json()["id"])["report"]["imported"] == 48

        stop = threading.Event()
        seen: list[tuple[int, str, str]] = []  # (status, job state when the search finished, mode)
        state = {"job": "queued"}

        def searcher(n: int) -> None:
            queries = [stem.split()[0] for _, stem in TOPICS]
            with httpx.Client(base_url=running.url, timeout=60) as http:
                i = 0
                while not stop.is_set():
                    # Half the clients search by keyword only (no model), half semantic or hybrid.
                    mode = "keyword" if n % 2 else ("semantic", "hybrid")[i % 2]
                    response = http.get(f"{API}/search", params={"q": queries[(n + i) % len(queries)],
                                                                  "mode": mode, "k": 5})
                    seen.append((response.status_code, state["job"], mode))
                    if response.status_code == 200:
                        assert response.json()["count"] > 0
                    i += 1

        index = admin.post(f"{API}/index", json={"profile": "lite"})
        assert index.status_code == 202
        job_id = index.json()["id"]
        again = admin.post(f"{API}/index", json={"profile": "lite"})
        assert again.json()["id"] == job_id  # an unfinished build is reused, not queued twice
        threads = [threading.Thread(target=searcher, args=(n,)) for n in range(8)]
        for thread in threads:
            thread.start()
        progress_seen = None
        try:
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                job = admin.get(f"{API}/jobs/{job_id}").json()
                state["job"] = job["state"]
                if job["state"] == "running" and job["progress"]["total"]:
                    status = admin.get(f"{API}/index/status").json()
                    lite = next(p for p in status["profiles"] if p["name"] == "lite")
                    if lite["job_id"] == job_id:
                        progress_seen = job["progress"]
                if job["state"] in ("succeeded", "failed", "cancelled"):
                    break
                time.sleep(0.05)
            time.sleep(0.2)  # a few searches after the build, too
        finally:
            stop.set()
            for thread in threads:
                thread.join(60)
        assert job["state"] == "succeeded", job
        assert job["report"]["embedded"] == 48 and job["report"]["indexed"] == 64
        assert progress_seen is not None and progress_seen["total"] == 48
        statuses = [code for code, _, _ in seen]
        assert statuses and set(statuses) == {200}, {c: statuses.count(c) for c in set(statuses)}
        during = [mode for _, when, mode in seen if when == "running"]
        assert during.count("keyword") >= 8  # keyword searches never wait for the build
        assert len(during) > during.count("keyword")  # semantic ones are answered between its batches
        lite = next(p for p in admin.get(f"{API}/index/status").json()["profiles"] if p["name"] == "lite")
        assert lite["indexed"] == 64 and lite["up_to_date"] and lite["job_id"] is None
        new = admin.get(f"{API}/search", params={"q": "B 연습 7번", "mode": "semantic", "k": 64}).json()
        assert any(hit["id"].startswith("B-") for hit in new["hits"])
        stats = running.app.state.ctx.bank.batch_stats()
        assert stats and max(s["largest"] for s in stats.values()) > 1  # queries shared model calls


def test_a_running_index_build_can_be_cancelled(lite_bank, tmp_path):
    config = ServerConfig(data_dir=lite_bank, port=0, rate_limit=0)
    with BackgroundServer(config) as running, \
            httpx.Client(base_url=running.url, timeout=60, headers=OUR_CLIENT) as admin:
        imported = admin.post(f"{API}/import", files={"file": ("c.jsonl", jsonl(generated_items(96, "C")))})
        assert wait_for_job(admin, imported.json()["id"])["state"] == "succeeded"
        job_id = admin.post(f"{API}/index", json={"profile": "lite"}).json()["id"]
        deadline = time.monotonic() + 30
        while admin.get(f"{API}/jobs/{job_id}").json()["state"] == "queued" and time.monotonic() < deadline:
            time.sleep(0.02)
        cancelled = admin.delete(f"{API}/jobs/{job_id}")
        assert cancelled.status_code == 202 and cancelled.json()["cancel_requested"]
        job = wait_for_job(admin, job_id)
        assert job["state"] == "cancelled" and job["report"]["cancelled"]
        assert job["report"]["embedded"] < 96
        assert admin.get(f"{API}/search", params={"q": "광합성", "mode": "hybrid"}).status_code == 200
