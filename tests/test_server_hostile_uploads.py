"""Hostile uploads against a real server on 127.0.0.1: image lists that only become several paths after
normalising (``\\r``, U+037E), and binary uploads whose job records must stay listable."""

from __future__ import annotations

import json
import os
import time

import httpx
import pytest

pytest.importorskip("fastapi")

from conftest import draw_figure  # noqa: E402
from engine.api import ItemBank, image_names  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402

API = "/api/v1"
OUR_CLIENT = {"X-Itembank-Client": "1"}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile") / "bank"
    ItemBank(folder, create=True).close()
    with BackgroundServer(ServerConfig(data_dir=folder, port=0, rate_limit=0)) as running:
        yield running


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=30, headers=OUR_CLIENT) as http:
        yield http


def _finished(client: httpx.Client, job_id: str) -> dict:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        job = client.get(f"{API}/jobs/{job_id}").json()
        if job["state"] in ("succeeded", "failed", "cancelled"):
            return job
        time.sleep(0.05)
    raise AssertionError("the job did not finish")


def _upload(client: httpx.Client, name: str, data: bytes) -> dict:
    response = client.post(f"{API}/import", files={"file": (name, data)})
    assert response.status_code == 202, response.text
    return _finished(client, response.json()["id"])


def test_one_split_for_server_and_importer():
    assert image_names("a.png\rb.png") == ["a.png", "b.png"]
    assert image_names("a.png\u037e/etc/x.png") == ["a.png", "/etc/x.png"]  # NFC: U+037E → ';'
    assert image_names(["a.png", " "]) == ["a.png"]


@pytest.mark.parametrize("separator", ["\r", "\u037e"])
def test_a_separator_that_appears_only_after_normalising_cannot_smuggle_a_server_file(
        client, tmp_path, separator):
    secret = draw_figure(tmp_path / "server-only" / "secret.png")
    missing = tmp_path / "server-only" / "nothing-here.png"
    errors = []
    for target in (secret, missing):
        record = {"subject": "수학", "stem": f"밀반입 시도 {separator!r}", "answer": "1",
                  "images": f"ok.png{separator}{target}"}
        job = _upload(client, "smuggle.jsonl", json.dumps(record, ensure_ascii=False).encode())
        assert job["state"] == "failed", job
        errors.append(job["error"])
    assert "absolute path or '..'" in errors[0]
    assert errors[0] == errors[1]  # the same words whether the server file exists or not
    assert str(tmp_path) not in errors[0]
    assert client.get(f"{API}/health").json()["items"] == 0


def test_a_solution_figure_cannot_name_a_server_file_either(client, tmp_path):
    secret = draw_figure(tmp_path / "server-only" / "secret.png")
    record = {"subject": "수학", "stem": "해설 그림으로 밀반입", "answer": "1", "explanation_images": [str(secret)]}
    job = _upload(client, "smuggle.jsonl", json.dumps(record, ensure_ascii=False).encode())
    assert job["state"] == "failed" and "absolute path or '..'" in job["error"], job
    assert client.get(f"{API}/health").json()["items"] == 0


def test_a_binary_upload_leaves_the_job_list_serialisable_and_names_the_upload_only(client, server):
    job = _upload(client, "data.csv", os.urandom(4000) + b"\xff\xfe\xed\x00\x81")
    assert job["state"] == "failed" and job["error"].startswith("data.csv: ")
    assert "import-" not in job["error"] and "uploads" not in job["error"]
    listing = client.get(f"{API}/jobs")
    assert listing.status_code == 200, listing.text[:300]
    assert any(j["id"] == job["id"] for j in listing.json()["jobs"])
