"""The REST API over a Qwen3-VL profile (the tiny random-weight checkpoint from conftest): image upload,
text + image, filters and rerank give exactly what the engine gives, also when many clients send text
and image queries at once and the micro-batcher mixes them in one model call.

Uses the session fixture ``sample_qwen_dir`` (about half a minute to build on a small CPU, shared with
test_qwen_search.py in a full run)."""

from __future__ import annotations

import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

pytest.importorskip("fastapi")
pytest.importorskip("torch")

from conftest import QWEN_PROFILE, draw_figure  # noqa: E402
from engine.api import ItemBank, SearchRequest  # noqa: E402
from engine.search.filters import SearchFilters  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402

API = "/api/v1"
OUR_CLIENT = {"X-Itembank-Client": "1"}  # what engine.remote sends; open mode needs it on writes


@pytest.fixture(scope="module")
def qwen_server(sample_qwen_dir: Path, tmp_path_factory):
    folder = shutil.copytree(sample_qwen_dir, tmp_path_factory.mktemp("qwen-server") / "bank")
    config = ServerConfig(data_dir=folder, port=0, rate_limit=0, max_batch=8, batch_wait_ms=20)
    with BackgroundServer(config) as running:
        yield running, folder


@pytest.fixture(scope="module")
def engine_bank(qwen_server):
    bank = ItemBank(qwen_server[1])  # the same files, its own model: the reference answers
    yield bank
    bank.close()


@pytest.fixture
def client(qwen_server):
    with httpx.Client(base_url=qwen_server[0].url, timeout=120, headers=OUR_CLIENT) as http:
        yield http


@pytest.fixture(scope="module")
def figures(tmp_path_factory) -> list[Path]:
    folder = tmp_path_factory.mktemp("query-figures")
    return [draw_figure(folder / "triangle.png", "triangle", size=(410, 300)),
            draw_figure(folder / "circle.png", "circle", size=(300, 300))]


def pairs(body: dict) -> list[tuple[str, float]]:
    return [(hit["id"], hit["score"]) for hit in body["hits"]]


def engine_pairs(bank: ItemBank, **request) -> list[tuple[str, float]]:
    result = bank.search(SearchRequest(**request))
    return [(hit.id, hit.score) for hit in result.hits]


def same(got: list[tuple[str, float]], want: list[tuple[str, float]]) -> bool:
    """The same items in the same order with the same scores (a batched model call may differ from
    a single one in the last float bits)."""
    return [i for i, _ in got] == [i for i, _ in want] and \
        all(abs(a - b) <= 2e-3 for (_, a), (_, b) in zip(got, want))


def post_image(client: httpx.Client, figure: Path, **fields: str) -> dict:
    response = client.post(f"{API}/search", data=fields,
                           files={"image": (figure.name, figure.read_bytes(), "image/png")})
    assert response.status_code == 200, response.text
    return response.json()


def test_health_reports_the_qwen_profile(client):
    body = client.get(f"{API}/health").json()
    assert body["active_profile"] == QWEN_PROFILE
    assert body["search_modes"] == ["keyword", "semantic", "hybrid"]


def test_image_upload_text_and_image_and_filters_match_the_engine(client, engine_bank, figures):
    triangle = figures[0]
    alone = post_image(client, triangle, mode="semantic", k="8")
    assert alone["mode"] == "semantic" and alone["profile"] == QWEN_PROFILE and alone["count"] == 8
    assert same(pairs(alone), engine_pairs(engine_bank, image=str(triangle), mode="semantic", k=8))
    mixed = post_image(client, triangle, text="직각삼각형의 넓이", mode="semantic", k="8")
    assert same(pairs(mixed), engine_pairs(engine_bank, text="직각삼각형의 넓이", image=str(triangle),
                                           mode="semantic", k=8))
    assert pairs(mixed) != pairs(alone)
    science = post_image(client, triangle, subject="과학", mode="semantic", k="5")
    assert science["hits"] and all(hit["item"]["subject"] == "과학" for hit in science["hits"])
    assert same(pairs(science), engine_pairs(engine_bank, image=str(triangle), mode="semantic", k=5,
                                             filters=SearchFilters(subject="과학")))


def test_rerank_over_http_matches_the_engine(client, engine_bank):
    response = client.get(f"{API}/search", params={"q": "근과 계수의 관계", "mode": "hybrid", "k": 5,
                                                   "rerank": 8})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["count"] == 5 and all("rerank" in hit["explain"] for hit in body["hits"])
    assert same(pairs(body), engine_pairs(engine_bank, text="근과 계수의 관계", mode="hybrid", k=5,
                                          rerank=8))


def test_concurrent_text_and_image_queries_share_model_calls_and_keep_their_answers(
        qwen_server, engine_bank, figures):
    running, _ = qwen_server
    texts = ["이차방정식의 근과 계수의 관계", "광합성이 일어나는 장소", "삼각형의 넓이", "전기 회로의 저항"]
    jobs = [("text", t) for t in texts] + [("image", f) for f in figures] * 2
    expected = {}
    for kind, value in jobs:
        request = {"text": value} if kind == "text" else {"image": str(value)}
        expected[(kind, str(value))] = engine_pairs(engine_bank, mode="semantic", k=5, **request)
    start = threading.Barrier(len(jobs))

    def one(job):
        kind, value = job
        with httpx.Client(base_url=running.url, timeout=120, headers=OUR_CLIENT) as http:
            start.wait()
            if kind == "text":
                body = http.get(f"{API}/search", params={"q": value, "mode": "semantic", "k": 5}).json()
            else:
                body = post_image(http, value, mode="semantic", k="5")
        return (kind, str(value)), pairs(body)

    before = running.app.state.ctx.bank.batch_stats()
    with ThreadPoolExecutor(len(jobs)) as pool:
        answers = list(pool.map(one, jobs))
    for key, got in answers:
        assert same(got, expected[key]), (key, got, expected[key])
    stats = running.app.state.ctx.bank.batch_stats()
    qwen = [s for key, s in stats.items() if "qwen" in key]
    assert qwen and qwen[0]["largest"] > 1  # several requests went through one model call
    assert sum(s["items"] for s in stats.values()) - sum(s["items"] for s in before.values()) == len(jobs)
