"""The REST API on a real uvicorn server (127.0.0.1, a free port, a temporary bank): search, items,
figures, uploads and their limits, import jobs and profiles. Auth and rate limits are in
test_server_security.py, concurrency and micro-batching in test_server_concurrency.py."""

from __future__ import annotations

import hashlib
import io
import json
import struct
import time
import zlib
from pathlib import Path

import httpx
import pytest
from PIL import Image

pytest.importorskip("fastapi")

from conftest import CSV_HEADER_KO, draw_figure, write_csv  # noqa: E402
from engine import __version__  # noqa: E402
from engine.api import ItemBank  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.limits import body_limit  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402

API = "/api/v1"
OUR_CLIENT = {"X-Itembank-Client": "1"}  # what engine.remote sends; open mode needs it on writes
PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


def make_sample_bank(folder: Path) -> Path:
    bank = ItemBank(folder, create=True)
    assert bank.load_sample().imported == 200
    bank.close()
    return folder


def png_claiming(width: int, height: int) -> bytes:
    """A tiny, well-formed PNG header that claims ``width × height`` pixels (a decompression bomb)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00" * ((width + 7) // 8 + 1) * 8)
    return PNG_MAGIC + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def wait_for_job(client: httpx.Client, job_id: str, timeout: float = 60.0) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        job = client.get(f"{API}/jobs/{job_id}").json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError(f"job {job_id} did not finish in {timeout} s")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = make_sample_bank(tmp_path_factory.mktemp("server") / "bank")
    with BackgroundServer(ServerConfig(data_dir=folder, port=0, rate_limit=0)) as running:
        yield running


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=30, headers=OUR_CLIENT) as http:
        yield http


def hit_ids(response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return [hit["id"] for hit in response.json()["hits"]]


def test_health_needs_no_token_and_reports_the_bank(client):
    body = client.get(f"{API}/health").json()
    assert body == {"status": "ok", "version": __version__, "items": 200, "search_modes": ["keyword"],
                    "active_profile": "keyword", "auth": "open"}


def test_keyword_search_in_korean_returns_sample_items(client):
    response = client.get(f"{API}/search", params={"q": "이차방정식", "k": 5})
    body = response.json()
    assert body["mode"] == "keyword" and body["profile"] == "keyword"
    assert 1 <= body["count"] == len(body["hits"]) <= 5
    assert [h["rank"] for h in body["hits"]] == list(range(1, body["count"] + 1))
    top = body["hits"][0]["item"]
    assert top["subject"] == "수학"
    assert "이차방정식" in top["stem"] + top["passage"] + " ".join(top["choices"]) + top["explanation"]
    assert all(h["id"].startswith("S-") for h in body["hits"])


def test_filters_narrow_the_results(client):
    science = client.get(f"{API}/search", params={"q": "", "subject": "science", "grade": "중", "k": 50})
    hits = science.json()["hits"]
    assert len(hits) > 5
    assert all(h["item"]["subject"] == "과학" and h["item"]["grade"].startswith("중") for h in hits)
    hard = client.get(f"{API}/search", params={"subject": "수학", "difficulty": "상", "k": 50}).json()
    assert hard["count"] > 0 and all(h["item"]["difficulty"] == "상" for h in hard["hits"])
    standard = client.get(f"{API}/search", params={"standard": "[9수02", "k": 50}).json()
    assert standard["count"] > 0
    assert all(h["item"]["standard"].startswith("[9수02") for h in standard["hits"])


def test_bad_filter_and_bad_parameters_are_422_with_a_reason(client):
    response = client.get(f"{API}/search", params={"q": "x", "subject": "astrology"})
    assert response.status_code == 422 and "subject" in response.json()["detail"]
    response = client.get(f"{API}/search", params={"q": "x", "k": 0})
    assert response.status_code == 422
    assert response.json()["detail"].startswith("query.k") and response.json()["errors"]
    assert client.get(f"{API}/search", params={"mode": "fuzzy"}).status_code == 422


def test_post_search_without_image_matches_get(client):
    params = {"q": "광합성", "subject": "과학", "k": 5}
    posted = client.post(f"{API}/search", data={"text": "광합성", "subject": "과학", "k": "5"})
    assert hit_ids(posted) == hit_ids(client.get(f"{API}/search", params=params))
    assert hit_ids(posted)


def test_semantic_mode_without_an_index_is_409_with_the_engines_reason(client):
    response = client.get(f"{API}/search", params={"q": "근과 계수", "mode": "semantic"})
    assert response.status_code == 409
    assert "itembank index" in response.json()["detail"]


def test_image_search_without_the_qwen_pack_is_409(client, tmp_path):
    figure = draw_figure(tmp_path / "query.png", "triangle").read_bytes()
    response = client.post(f"{API}/search", data={"text": "삼각형"},
                           files={"image": ("query.png", figure, "image/png")})
    assert response.status_code == 409 and "Qwen3-VL" in response.json()["detail"]


def test_item_detail_and_missing_item(client):
    item = client.get(f"{API}/items/S-MATH-001").json()
    assert item["id"] == "S-MATH-001" and item["subject"] == "수학" and len(item["choices"]) == 5
    assert item["images"] and item["images"][0]["url"].endswith(item["images"][0]["sha256"])
    missing = client.get(f"{API}/items/NO-SUCH-ITEM")
    assert missing.status_code == 404 and "NO-SUCH-ITEM" in missing.json()["detail"]


def test_image_and_thumbnail_bytes_are_pngs(client):
    ref = client.get(f"{API}/items/S-MATH-001").json()["images"][0]
    original = client.get(ref["url"])
    assert original.status_code == 200 and original.headers["content-type"] == "image/png"
    assert original.content.startswith(PNG_MAGIC)
    assert hashlib.sha256(original.content).hexdigest() == ref["sha256"]  # content-addressed
    assert "immutable" in original.headers["cache-control"]
    width, height = Image.open(io.BytesIO(original.content)).size
    for size, box in ((None, 256), (100, 128), (64, 64)):
        params = {"size": size} if size else {}
        thumb = client.get(ref["thumbnail_url"], params=params)
        assert thumb.status_code == 200 and thumb.headers["content-type"] == "image/png"
        assert thumb.content.startswith(PNG_MAGIC)
        image = Image.open(io.BytesIO(thumb.content))
        assert max(image.size) <= box
        assert max(image.size) == min(box, max(width, height))


def test_image_routes_check_the_hash(client):
    assert client.get(f"{API}/images/not-a-hash").status_code == 422
    missing = client.get(f"{API}/images/{'0' * 64}")
    assert missing.status_code == 404
    assert client.get(f"{API}/images/{'0' * 64}/thumbnail").status_code == 404
    ref = client.get(f"{API}/items/S-MATH-001").json()["images"][0]
    assert client.get(ref["thumbnail_url"], params={"size": 5000}).status_code == 422


def test_similar_items(client):
    body = client.get(f"{API}/items/S-MATH-038/similar", params={"k": 3}).json()
    assert body["mode"] == "text" and body["count"] == 3
    assert "S-MATH-038" not in [h["id"] for h in body["hits"]]
    assert all(h["item"]["subject"] == "수학" for h in body["hits"])
    assert client.get(f"{API}/items/NOPE/similar").status_code == 404


def test_oversized_image_is_413_and_the_server_keeps_answering(client):
    too_big = PNG_MAGIC + b"\0" * (10 * 1024 * 1024 + 1)
    response = client.post(f"{API}/search", data={"text": "x"},
                           files={"image": ("big.png", too_big, "image/png")})
    assert response.status_code == 413 and "10 MB" in response.json()["detail"]
    assert client.get(f"{API}/health").status_code == 200


def test_a_streamed_body_without_content_length_is_cut_at_the_limit(client):
    def body():
        yield (b'--b\r\nContent-Disposition: form-data; name="image"; filename="a.png"\r\n'
               b"Content-Type: image/png\r\n\r\n")
        for _ in range(12):
            yield b"\0" * (1024 * 1024)
        yield b"\r\n--b--\r\n"

    response = client.post(f"{API}/search", content=body(),
                           headers={"content-type": "multipart/form-data; boundary=b"})
    assert response.status_code == 413
    assert client.get(f"{API}/search", params={"q": "삼각형"}).status_code == 200


def test_an_upload_that_is_not_an_image_is_422(client):
    response = client.post(f"{API}/search", data={"text": "x"},
                           files={"image": ("notes.png", "이것은 그림이 아니다".encode(), "image/png")})
    assert response.status_code == 422 and "not a readable image" in response.json()["detail"]
    empty = client.post(f"{API}/search", files={"image": ("empty.png", b"", "image/png")})
    assert empty.status_code == 422
    assert client.get(f"{API}/health").status_code == 200


def test_a_truncated_or_unsupported_image_is_422(client, tmp_path):
    photo = io.BytesIO()
    Image.new("RGB", (400, 300), (200, 120, 40)).save(photo, "JPEG", quality=90)
    cut = photo.getvalue()[: len(photo.getvalue()) // 2]  # a header that promises more than comes
    response = client.post(f"{API}/search", files={"image": ("cut.jpg", cut, "image/jpeg")})
    assert response.status_code == 422 and "not a readable image" in response.json()["detail"]
    icon = io.BytesIO()
    Image.new("RGB", (32, 32), (0, 0, 255)).save(icon, "ICO")
    response = client.post(f"{API}/search", files={"image": ("logo.ico", icon.getvalue(), "image/x-icon")})
    assert response.status_code == 422 and "ICO is not supported" in response.json()["detail"]
    assert client.get(f"{API}/health").status_code == 200


@pytest.mark.parametrize("width,height,words", [(100_000, 100_000, "too many pixels"),
                                                (6_000, 5_000, "the limit is 25 megapixels")])
def test_decompression_bombs_are_refused_before_decoding(client, width, height, words):
    bomb = png_claiming(width, height)
    assert len(bomb) < 2000
    response = client.post(f"{API}/search", files={"image": ("bomb.png", bomb, "image/png")})
    assert response.status_code == 413 and words in response.json()["detail"]
    assert client.get(f"{API}/health").status_code == 200


def test_body_limits_depend_on_the_route():
    config = ServerConfig()
    assert body_limit(config, "POST", "/api/v1/import") > 50 * 1024 * 1024
    assert 10 * 1024 * 1024 < body_limit(config, "POST", "/api/v1/search") < 11 * 1024 * 1024
    assert body_limit(config, "PUT", "/api/v1/profiles/active") == config.max_plain_body


def test_import_upload_over_50_mb_is_413(client):
    response = client.post(f"{API}/import", files={"file": ("big.jsonl", b"{}\n" * (17 * 1024 * 1024))})
    assert response.status_code == 413 and "50 MB" in response.json()["detail"]
    assert all(j["params"]["file"] != "big.jsonl" for j in client.get(f"{API}/jobs").json()["jobs"])


def test_import_job_end_to_end(client, tmp_path):
    sheet = write_csv(tmp_path / "3학년 추가 문항.csv", [
        CSV_HEADER_KO,
        "수학,중3,이차함수,[9수03-01],중,단답형,꽈배기포물선꼭짓점 연습문제,,\"(1, 2)\",,",
        "과학,중2,전기,[9과05-01],하,단답형,저항 직렬연결 합성저항 연습문제,,6Ω,,",
        "점성술,중2,,,,단답형,이 행은 과목이 잘못되었다,,1,,",
    ])
    dry = client.post(f"{API}/import", files={"file": (sheet.name, sheet.read_bytes(), "text/csv")},
                      data={"dry_run": "true"})
    assert dry.status_code == 202
    assert wait_for_job(client, dry.json()["id"])["report"]["imported"] == 2
    assert client.get(f"{API}/health").json()["items"] == 200  # a dry run writes nothing
    before = hit_ids(client.get(f"{API}/search", params={"q": "꽈배기포물선꼭짓점"}))
    assert all(hit.startswith("S-") for hit in before)

    response = client.post(f"{API}/import", files={"file": (sheet.name, sheet.read_bytes(), "text/csv")})
    assert response.status_code == 202
    job = response.json()
    assert job["kind"] == "import" and job["state"] in ("queued", "running", "succeeded")
    assert response.headers["location"] == f"{API}/jobs/{job['id']}"
    done = wait_for_job(client, job["id"])
    assert done["state"] == "succeeded", done
    report = done["report"]
    assert report["imported"] == 2 and report["path"] == "3학년_추가_문항.csv"
    assert [(s["row"], s["field"]) for s in report["skipped"]] == [(4, "subject")]  # spreadsheet rows: header = 1
    assert done["progress"] == {"done": 3, "total": 3}
    assert str(tmp_path) not in json.dumps(done, ensure_ascii=False)
    found = hit_ids(client.get(f"{API}/search", params={"q": "꽈배기포물선꼭짓점"}))
    assert found and found[0] in report["imported_ids"]
    assert client.get(f"{API}/health").json()["items"] == 202
    assert any(j["id"] == job["id"] for j in client.get(f"{API}/jobs").json()["jobs"])


def test_import_refuses_image_paths_outside_the_upload(client):
    record = {"subject": "수학", "stem": "서버 파일을 읽으려는 문항 탈출시도", "answer": "1",
              "images": ["../../../../etc/secret.png"]}
    response = client.post(f"{API}/import", files={
        "file": ("escape.jsonl", json.dumps(record, ensure_ascii=False).encode())})
    job = wait_for_job(client, response.json()["id"])
    assert job["state"] == "failed" and "absolute path or '..'" in job["error"]
    assert hit_ids(client.get(f"{API}/search", params={"q": "탈출시도"})) == []


def test_import_of_an_unknown_format_is_422_at_once(client):
    response = client.post(f"{API}/import", files={"file": ("items.xlsx", b"PK\x03\x04")})
    assert response.status_code == 422 and ".csv, .jsonl, .hwpx" in response.json()["detail"]


MOODLE_QUIZ = """<?xml version="1.0" encoding="UTF-8"?>
<quiz><question type="multichoice"><name><text>q</text></name>
<questiontext format="html"><text><![CDATA[<p>업로드된 무들 문항 정보통신윤리</p>]]></text></questiontext>
<answer fraction="100"><text>가</text></answer><answer fraction="0"><text>나</text></answer></question></quiz>
"""


def test_import_uploads_take_moodle_xml_and_hwpx_papers_with_a_subject_default(client, server, tmp_path):
    moodle = client.post(f"{API}/import", files={"file": ("quiz.xml", MOODLE_QUIZ.encode())},
                         data={"subject": "정보", "grade": "중2"})
    assert moodle.status_code == 202, moodle.text
    done = wait_for_job(client, moodle.json()["id"])
    assert done["state"] == "succeeded" and done["params"]["format"] == "moodle", done
    assert done["report"]["imported"] == 1
    item = client.get(f"{API}/items/{done['report']['imported_ids'][0]}").json()
    assert item["subject"] == "정보" and item["grade"] == "중2"
    # a paper made by our own worksheet export travels as an HWPX upload
    paper = client.post(f"{API}/papers", json={"ids": ["S-MATH-001", "S-MATH-002"], "format": "hwpx",
                                               "answers": "end-page"})
    assert paper.status_code == 200, paper.text
    upload = client.post(f"{API}/import", files={"file": ("학습지.hwpx", paper.content)},
                         data={"dry_run": "true", "subject": "수학"})
    job = wait_for_job(client, upload.json()["id"])
    assert job["state"] == "succeeded" and job["params"]["format"] == "hwpx", job
    # the same two items come back: recognised as the bank's own, not added twice
    assert [d["existing_id"] for d in job["report"]["duplicates"]] == ["S-MATH-001", "S-MATH-002"]
    assert job["report"]["path"] == "학습지.hwpx" and "uploads" not in json.dumps(job, ensure_ascii=False)


def test_an_upload_that_is_neither_moodle_nor_qti_is_422_naming_the_upload(client):
    response = client.post(f"{API}/import", files={"file": ("notes.xml", b"<html><body>hi</body></html>")})
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("notes.xml") and "uploads" not in detail


def test_unknown_job_is_404(client):
    assert client.get(f"{API}/jobs/{'f' * 32}").status_code == 404
    assert client.get(f"{API}/jobs/not-a-job").status_code == 422


def test_profiles_list_and_switch(client):
    body = client.get(f"{API}/profiles").json()
    assert body["active"] == "keyword"
    names = {p["name"]: p for p in body["profiles"]}
    assert names["keyword"]["active"] and names["keyword"]["indexed"] >= 200
    assert "lite" in names and names["lite"]["indexed"] == 0
    not_indexed = client.put(f"{API}/profiles/active", json={"name": "lite"})
    assert not_indexed.status_code == 409 and "no index yet" in not_indexed.json()["detail"]
    assert client.put(f"{API}/profiles/active", json={"name": "nope"}).status_code == 404
    assert client.put(f"{API}/profiles/active", json={"name": "Bad Name"}).status_code == 422
    switched = client.put(f"{API}/profiles/active", json={"name": "keyword"})
    assert switched.status_code == 200 and switched.json()["active"] == "keyword"
    status = client.get(f"{API}/index/status").json()
    rows = {row["name"]: row for row in status["profiles"]}
    assert rows["keyword"]["up_to_date"] and not rows["lite"]["up_to_date"]
    assert status["items"] == client.get(f"{API}/health").json()["items"]


def test_index_requests_are_checked_before_a_job_starts(client):
    keyword = client.post(f"{API}/index", json={"profile": "keyword"})
    assert keyword.status_code == 422 and "no index build" in keyword.json()["detail"]
    unknown = client.post(f"{API}/index", json={"profile": "no-such-profile"})
    assert unknown.status_code == 404
    assert all(j["kind"] != "index" for j in client.get(f"{API}/jobs").json()["jobs"])


def test_unknown_routes_and_methods_answer_json(client):
    missing = client.get(f"{API}/nothing-here")
    assert missing.status_code == 404 and missing.json() == {"detail": "Not Found"}
    assert client.get("/docs").status_code == 404  # Swagger UI needs a CDN: off in an offline app
    assert client.delete(f"{API}/search").status_code == 405


def test_keep_alive_requests_are_not_held_back_by_nagle(server):
    """One connection, many small requests: each must come back at once, not after the ~40 ms that
    Nagle's algorithm and delayed ACKs add when TCP_NODELAY is missing on the server's sockets."""
    with httpx.Client(base_url=server.url, timeout=30) as http:
        http.get(f"{API}/health")
        timings = []
        for _ in range(15):
            started = time.perf_counter()
            assert http.get(f"{API}/search", params={"q": "삼각형", "k": 3}).status_code == 200
            timings.append(time.perf_counter() - started)
    timings.sort()
    assert timings[len(timings) // 2] < 0.030, [round(t * 1000, 1) for t in timings]
