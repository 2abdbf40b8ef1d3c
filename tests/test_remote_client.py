"""The district-bank client (engine.remote) against a real ``itembank serve`` on 127.0.0.1 with a read
token: the same answers as the local bank, figures byte for byte, clear errors for a wrong token, a
closed port, a silent server and a web server that is not ours, copies into another bank, the saved
connection file and the ``itembank remote`` command."""

from __future__ import annotations

import hashlib
import http.server
import io
import json
import os
import shutil
import socket
import stat
import sys
import threading
from pathlib import Path

import pytest

pytest.importorskip("fastapi")

from conftest import draw_figure, write_jsonl

from engine.api import ItemBank, SearchRequest
from engine.remote import (
    ALREADY_PRESENT,
    COPIED,
    RemoteBank,
    RemoteConfig,
    RemoteConfigError,
    RemoteError,
    copy_to_bank,
    load_remote_config,
    mask_token,
    normalize_url,
    save_remote_config,
)
from engine.remote import errors as kinds
from engine.search.filters import SearchFilters
from engine.server.config import ServerConfig
from engine.server.runner import BackgroundServer
from engine.server.tokens import TokenStore


@pytest.fixture(scope="module")
def district_dir(tmp_path_factory, sample_bank_dir) -> Path:
    """The district's bank: a copy of the sample bank (200 items, 92 with figures)."""
    return shutil.copytree(sample_bank_dir, tmp_path_factory.mktemp("district") / "bank")


@pytest.fixture(scope="module")
def read_token(district_dir) -> str:
    secret, _ = TokenStore.in_data_dir(district_dir).create("read", "학교 PC")
    return secret


@pytest.fixture(scope="module")
def server(district_dir, read_token):
    with BackgroundServer(ServerConfig(data_dir=district_dir, port=0, rate_limit=0)) as running:
        yield running


@pytest.fixture
def district_bank(district_dir):
    bank = ItemBank(district_dir)
    yield bank
    bank.close()


@pytest.fixture
def remote(server, read_token, tmp_path) -> RemoteBank:
    return RemoteBank(server.url, read_token, cache_dir=tmp_path / "cache")


def closed_port() -> int:
    """A port on 127.0.0.1 that nothing listens on (bound, then released)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def item_with_figure(bank: ItemBank):
    return next(item for item in bank.catalog.iter_items() if item.images)


# -- answers like the local bank ---------------------------------------------------------------------
@pytest.mark.parametrize("text, filters, k", [
    ("이차방정식", {}, 10),
    ("전류", {}, 20),
    ("그래프", {"subject": "수학", "grade": "중"}, 15),
    ("", {"subject": "science"}, 30),           # browse with a filter in English
    ("", {"standard": "[9수02"}, 50),
    ("삼각형의 넓이", {"difficulty": "상"}, 5),
])
def test_search_gives_the_same_ids_in_the_same_order_as_the_local_bank(remote, district_bank, text, filters, k):
    request = SearchRequest(text=text, filters=SearchFilters(**filters), k=k)
    local = district_bank.search(request)
    answer = remote.search(request)
    assert [h.id for h in answer.hits] == [h.id for h in local.hits]
    assert answer.hits, "the query should find something"
    assert [h.rank for h in answer.hits] == [h.rank for h in local.hits]
    assert [round(h.score, 6) for h in answer.hits] == [round(float(h.score), 6) for h in local.hits]
    assert answer.mode == local.mode and answer.profile == local.profile
    assert all(answer.items[h.id] == local.items[h.id] for h in answer.hits)  # the same dataclasses


def test_k_is_capped_at_the_servers_limit(remote):
    assert len(remote.search(SearchRequest(text="", k=150)).hits) == 100


def test_get_returns_the_same_item_and_none_for_an_unknown_id(remote, district_bank):
    with_figure = item_with_figure(district_bank)
    without = next(item for item in district_bank.catalog.iter_items() if not item.images and item.choices)
    for item in (with_figure, without):
        fetched = remote.get(item.id)
        assert fetched == item  # every field, figures (sha256), version and content hash included
    assert remote.get("NO-SUCH-ITEM") is None
    with pytest.raises(RemoteError) as raised:
        remote.require("NO-SUCH-ITEM")
    assert raised.value.kind == kinds.NOT_FOUND and remote.url in str(raised.value)


def test_figures_come_back_byte_for_byte_and_stay_in_the_cache(remote, district_bank, tmp_path):
    sha = item_with_figure(district_bank).images[0]
    original = district_bank.image_path(sha).read_bytes()
    data = remote.image_bytes(sha)
    assert data == original and hashlib.sha256(data).hexdigest() == sha
    cached = remote.image_path(sha)
    assert cached.is_relative_to(tmp_path / "cache") and cached.read_bytes() == original
    thumbnail = remote.thumbnail_bytes(sha, 128)
    assert thumbnail.startswith(b"\x89PNG")
    # a cached figure is served from disk: a client whose server is gone still has it
    offline = RemoteBank(f"http://127.0.0.1:{closed_port()}", cache_dir=tmp_path / "cache")
    assert offline.image_path(sha) == cached
    assert offline.thumbnail_bytes(sha, 128) == thumbnail
    with pytest.raises(ValueError):
        remote.image_bytes("../../etc/passwd")


def test_health_and_check_report_the_server(remote):
    health = remote.check()
    assert health.items == 200 and health.auth == "token" and health.search_modes == ["keyword"]
    assert health.version and health.url == remote.url


# -- errors that say what to do -----------------------------------------------------------------------
@pytest.mark.parametrize("token", ["ibk_not-a-real-token", ""])
def test_a_wrong_or_missing_token_is_a_clear_auth_error(server, token):
    client = RemoteBank(server.url, token)
    assert client.health().auth == "token"  # health needs no token…
    for call in (client.check, lambda: client.search(SearchRequest(text="함수")), lambda: client.get("S-MATH-001")):
        with pytest.raises(RemoteError) as raised:
            call()
        error = raised.value
        assert error.kind == kinds.AUTH and error.status == 401
        assert server.url in str(error) and "token" in str(error)
        assert "district office" in str(error)
    if token:
        assert token not in repr(client)


def test_a_revoked_token_stops_working(server, district_dir):
    store = TokenStore.in_data_dir(district_dir)
    secret, record = store.create("read", "곧 회수")
    client = RemoteBank(server.url, secret)
    assert client.check().items == 200
    store.revoke(record.id)
    with pytest.raises(RemoteError) as raised:
        client.check()
    assert raised.value.kind == kinds.AUTH and "revoked" in str(raised.value)


def test_a_closed_port_is_a_clear_unreachable_error():
    url = f"http://127.0.0.1:{closed_port()}"
    for call in (lambda c: c.health(), lambda c: c.search(SearchRequest(text="함수"))):
        with pytest.raises(RemoteError) as raised:
            call(RemoteBank(url, "ibk_x"))
        message = str(raised.value)
        assert raised.value.kind == kinds.UNREACHABLE
        assert url in message and "cannot reach" in message and "itembank serve" in message


def test_a_server_that_never_answers_is_a_timeout_naming_the_url():
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)  # connections are queued, never answered
    try:
        url = f"http://127.0.0.1:{listener.getsockname()[1]}"
        with pytest.raises(RemoteError) as raised:
            RemoteBank(url, timeout=0.5).search(SearchRequest(text="함수"))
        assert raised.value.kind == kinds.TIMEOUT and url in str(raised.value) and "0.5 s" in str(raised.value)
    finally:
        listener.close()


def test_another_web_server_is_not_taken_for_an_itembank_server(tmp_path):
    (tmp_path / "index.html").write_text("<html>school homepage</html>", encoding="utf-8")
    handler = lambda *a, **kw: http.server.SimpleHTTPRequestHandler(*a, directory=str(tmp_path), **kw)
    web = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=web.serve_forever, daemon=True).start()
    try:
        with pytest.raises(RemoteError) as raised:
            RemoteBank(f"http://127.0.0.1:{web.server_port}").health()
        assert raised.value.kind == kinds.BAD_RESPONSE and "not answer like an itembank server" in str(raised.value)
    finally:
        web.shutdown()
        web.server_close()


def test_a_mode_the_server_cannot_run_is_unavailable_with_the_servers_reason(remote):
    with pytest.raises(RemoteError) as raised:
        remote.search(SearchRequest(text="함수", mode="semantic"))
    assert raised.value.kind == kinds.UNAVAILABLE and raised.value.status == 409
    assert "semantic" in raised.value.detail and remote.url in str(raised.value)


def test_a_query_image_is_uploaded_to_the_server(remote, district_bank, tmp_path):
    """POST /search (multipart) reaches the engine: without a Qwen model there it says image search needs
    one (a 409 from the engine, not a 400/422 about the form)."""
    figure = draw_figure(tmp_path / "query.png", "triangle")
    with pytest.raises(RemoteError) as raised:
        remote.search(SearchRequest(text="직각삼각형", image=str(figure), k=5))
    assert raised.value.kind == kinds.UNAVAILABLE and "image search" in raised.value.detail


def test_a_bad_filter_is_the_servers_sentence(remote):
    with pytest.raises(RemoteError) as raised:
        remote.search(SearchRequest(text="x", filters=SearchFilters(subject="astrology")))
    assert raised.value.kind == kinds.BAD_REQUEST and "subject" in raised.value.detail


# -- 내 은행에 복사 --------------------------------------------------------------------------------------
def test_copy_puts_the_item_and_its_figure_bytes_into_an_empty_bank(remote, district_bank, tmp_path):
    source = item_with_figure(district_bank)
    mine = ItemBank(tmp_path / "mine", create=True)
    try:
        result = copy_to_bank(remote, mine, source.id)
        assert result.status == COPIED and result.local_id == source.id and result.figures == len(source.images)
        copied = mine.get(source.id)
        assert copied is not None and mine.catalog.count() == 1
        for name in ("subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage", "choices",
                     "answer", "explanation", "source", "tags", "images", "content_hash"):
            assert getattr(copied, name) == getattr(source, name), name
        for sha in copied.images:
            data = mine.image_path(sha).read_bytes()
            assert hashlib.sha256(data).hexdigest() == sha
            assert data == district_bank.image_path(sha).read_bytes()
        # the same item again is reported, not doubled
        again = copy_to_bank(remote, mine, source.id)
        assert again.status == ALREADY_PRESENT and again.local_id == source.id and mine.catalog.count() == 1
    finally:
        mine.close()


def test_copy_never_overwrites_a_different_local_item_with_the_same_id(remote, district_bank, tmp_path):
    source = item_with_figure(district_bank)
    sheet = write_jsonl(tmp_path / "own.jsonl", [{"id": source.id, "subject": "국어", "stem": "우리 학교 문항입니다."}])
    mine = ItemBank(tmp_path / "mine", create=True)
    try:
        mine.import_path(sheet)
        result = copy_to_bank(remote, mine, source.id)
        assert result.status == COPIED and result.local_id != source.id
        assert mine.get(source.id).stem == "우리 학교 문항입니다."  # untouched
        assert mine.get(result.local_id).stem == source.stem and mine.get(result.local_id).images == source.images
    finally:
        mine.close()


# -- the saved connection ----------------------------------------------------------------------------
def test_the_connection_file_is_private_and_the_token_is_never_shown_in_full(tmp_path):
    ItemBank(tmp_path / "bank", create=True).close()
    token = "ibk_" + "A" * 39 + "x9Qa"
    path = save_remote_config(tmp_path / "bank", RemoteConfig("192.168.0.20", token))
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    loaded = load_remote_config(tmp_path / "bank")
    assert loaded == RemoteConfig("http://192.168.0.20:8765", token)
    assert token not in repr(loaded) and token not in loaded.describe()
    assert loaded.masked_token == mask_token(token) == "ibk_…x9Qa"
    assert not list(path.parent.glob(".district_remote.json.*"))  # no temporary file left behind
    path.write_text("{broken", encoding="utf-8")
    with pytest.raises(RemoteConfigError, match="district_remote.json"):
        load_remote_config(tmp_path / "bank")
    assert load_remote_config(tmp_path / "nowhere") is None


@pytest.mark.parametrize("typed, url", [
    ("192.168.0.20", "http://192.168.0.20:8765"),
    ("192.168.0.20:9000/", "http://192.168.0.20:9000"),
    ("http://district.local:8765/api/v1/", "http://district.local:8765"),
    ("https://bank.example.kr/itembank", "https://bank.example.kr/itembank"),
    ("http://user:secret@10.0.0.5:8765", "http://10.0.0.5:8765"),
    ("[::1]", "http://[::1]:8765"),
])
def test_addresses_are_normalised(typed, url):
    assert normalize_url(typed) == url


@pytest.mark.parametrize("typed", ["", "ftp://x", "http://", "http://host:99999"])
def test_unusable_addresses_are_refused(typed):
    with pytest.raises(RemoteError) as raised:
        normalize_url(typed)
    assert raised.value.kind == kinds.BAD_URL


# -- itembank remote ---------------------------------------------------------------------------------------
def test_itembank_remote_set_check_search_copy_forget(run_cli, server, read_token, district_bank, tmp_path,
                                                     monkeypatch):
    mine = tmp_path / "mine"
    ItemBank(mine, create=True).close()
    monkeypatch.setattr(sys, "stdin", io.StringIO(read_token + "\n"))
    code, out, err = run_cli("remote", "set", server.url, "--token-stdin", "--data-dir", mine)
    assert code == 0, err
    assert "200 item(s)" in out and read_token not in out + err and mask_token(read_token) in out
    code, out, _ = run_cli("remote", "check", "--json", "--data-dir", mine)
    assert code == 0 and json.loads(out)["items"] == 200 and read_token not in out

    code, out, _ = run_cli("remote", "search", "이차방정식", "-k", "5", "--json", "--data-dir", mine)
    rows = json.loads(out)
    local = district_bank.search(SearchRequest(text="이차방정식", k=5))
    assert code == 0 and [r["id"] for r in rows] == [h.id for h in local.hits]
    assert all(r["source"] == server.url for r in rows)

    target = item_with_figure(district_bank).id
    code, out, _ = run_cli("remote", "copy", target, "--json", "--data-dir", mine)
    assert code == 0 and json.loads(out)["status"] == "copied"
    bank = ItemBank(mine)
    assert bank.get(target) is not None
    bank.close()

    code, _, err = run_cli("remote", "set", server.url, "--token", "ibk_wrong", "--data-dir", mine)
    assert code == 2 and "refused the token" in err and server.url in err and "ibk_wrong" not in err
    assert run_cli("remote", "forget", "--data-dir", mine)[0] == 0
    code, _, err = run_cli("remote", "check", "--data-dir", mine)
    assert code == 2 and "no district server saved" in err and "itembank remote set" in err


def test_itembank_remote_on_a_closed_port_exits_2_naming_the_url(run_cli, tmp_path):
    mine = tmp_path / "mine"
    ItemBank(mine, create=True).close()
    url = f"http://127.0.0.1:{closed_port()}"
    assert run_cli("remote", "set", url, "--no-check", "--data-dir", mine)[0] == 0
    code, _, err = run_cli("remote", "search", "함수", "--data-dir", mine)
    assert code == 2 and err.count("\n") == 1 and url in err and "cannot reach" in err
