"""Who may call the REST API and how often: tokens (none, wrong, read on an admin route, revoked),
the LAN start-up rule, the token file, the per-client rate limit and `itembank serve`'s token options.
Every server here is a real uvicorn server on 127.0.0.1."""

from __future__ import annotations

import json
import os
import socket
import stat
import time

import httpx
import pytest

pytest.importorskip("fastapi")

from engine.api import ItemBank  # noqa: E402
from engine.server.auth import AccessPolicy  # noqa: E402
from engine.server.config import ServerConfig, is_loopback_host  # noqa: E402
from engine.server.runner import BackgroundServer, ServeError, check_startup  # noqa: E402
from engine.server.tokens import TOKENS_FILE, TokenStore  # noqa: E402

API = "/api/v1"


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("secure") / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    bank.close()
    return folder


@pytest.fixture(scope="module")
def tokens(bank_dir):
    store = TokenStore.in_data_dir(bank_dir)
    read, read_record = store.create("read", "교무실 PC")
    admin, _ = store.create("admin")
    return {"store": store, "read": read, "admin": admin, "read_id": read_record.id}


@pytest.fixture(scope="module")
def server(bank_dir, tokens):
    with BackgroundServer(ServerConfig(data_dir=bank_dir, port=0, rate_limit=0)) as running:
        yield running


@pytest.fixture
def client(server):
    with httpx.Client(base_url=server.url, timeout=30) as http:
        yield http


def test_health_and_the_api_description_need_no_token(client):
    health = client.get(f"{API}/health")
    assert health.status_code == 200 and health.json()["auth"] == "token"
    spec = client.get("/openapi.json")
    assert spec.status_code == 200 and f"{API}/search" in spec.json()["paths"]


@pytest.mark.parametrize("method,path", [("GET", f"{API}/search?q=삼각형"), ("GET", f"{API}/items/S-MATH-001"),
                                         ("GET", f"{API}/profiles"), ("GET", f"{API}/index/status"),
                                         ("POST", f"{API}/index"), ("GET", f"{API}/jobs")])
def test_no_token_is_401_with_a_bearer_challenge(client, method, path):
    response = client.request(method, path)
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert "Authorization: Bearer" in response.json()["detail"]


def test_a_wrong_token_is_401(client, tokens):
    for wrong in ("ibk_not-a-real-token", tokens["read"] + "x", tokens["read"].upper()):
        response = client.get(f"{API}/search", params={"q": "삼각형"}, headers=bearer(wrong))
        assert response.status_code == 401 and "unknown or revoked" in response.json()["detail"]
    basic = client.get(f"{API}/search", headers={"Authorization": "Basic dXNlcjpwYXNz"})
    assert basic.status_code == 401


def test_a_read_token_searches_but_may_not_administer(client, tokens):
    headers = bearer(tokens["read"])
    found = client.get(f"{API}/search", params={"q": "삼각형", "k": 3}, headers=headers)
    assert found.status_code == 200 and found.json()["count"] == 3
    assert client.get(f"{API}/profiles", headers=headers).status_code == 200
    admin_calls = [
        client.post(f"{API}/import", headers=headers,
                    files={"file": ("a.jsonl", b'{"subject": "\\uc218\\ud559", "stem": "x", "answer": "1"}')}),
        client.post(f"{API}/index", headers=headers, json={"profile": "lite"}),
        client.put(f"{API}/profiles/active", headers=headers, json={"name": "keyword"}),
        client.get(f"{API}/jobs", headers=headers),
    ]
    for response in admin_calls:
        assert response.status_code == 403, response.text
        assert response.json()["detail"] == "this route needs an admin token; yours is a read token"
    assert client.get(f"{API}/health").json()["items"] == 200  # the import never happened


def test_an_admin_token_may_do_everything(client, tokens):
    headers = bearer(tokens["admin"])
    assert client.get(f"{API}/search", params={"q": "광합성"}, headers=headers).status_code == 200
    switched = client.put(f"{API}/profiles/active", headers=headers, json={"name": "keyword"})
    assert switched.status_code == 200 and switched.json()["active"] == "keyword"
    assert client.get(f"{API}/jobs", headers=headers).json() == {"jobs": []}


def test_tokens_created_or_revoked_while_running_take_effect_at_once(client, bank_dir, tokens):
    store = TokenStore.in_data_dir(bank_dir)  # another process would do the same: a fresh store
    secret, record = store.create("read", "새 PC")
    assert client.get(f"{API}/profiles", headers=bearer(secret)).status_code == 200
    assert store.revoke(record.id)
    assert client.get(f"{API}/profiles", headers=bearer(secret)).status_code == 401
    assert client.get(f"{API}/profiles", headers=bearer(tokens["read"])).status_code == 200
    assert not store.revoke(record.id)


def test_the_token_file_keeps_only_hashes_and_is_private(bank_dir, tokens):
    path = bank_dir / TOKENS_FILE
    text = path.read_text(encoding="utf-8")
    assert tokens["read"] not in text and tokens["admin"] not in text
    assert {r["role"] for r in json.loads(text)["tokens"]} >= {"read", "admin"}
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_an_unreadable_token_file_locks_everyone_out(tmp_path):
    folder = tmp_path / "bank"
    ItemBank(folder, create=True).close()
    secret, _ = TokenStore.in_data_dir(folder).create("admin")
    with BackgroundServer(ServerConfig(data_dir=folder, port=0, rate_limit=0)) as running, \
            httpx.Client(base_url=running.url, timeout=30) as http:
        assert http.get(f"{API}/profiles", headers=bearer(secret)).status_code == 200
        (folder / TOKENS_FILE).write_text("{ not json", encoding="utf-8")
        locked = http.get(f"{API}/profiles", headers=bearer(secret))
        assert locked.status_code == 401 and "token file cannot be read" in locked.json()["detail"]
        assert http.get(f"{API}/profiles").status_code == 401
    with pytest.raises(ServeError, match="unreadable token file"):
        check_startup(ServerConfig(data_dir=folder))


def test_a_lan_address_needs_tokens_before_it_starts(tmp_path):
    folder = tmp_path / "bank"
    ItemBank(folder, create=True).close()
    with pytest.raises(ServeError, match="tokens are required"):
        check_startup(ServerConfig(data_dir=folder, host="0.0.0.0"))
    assert check_startup(ServerConfig(data_dir=folder)).records() == []  # loopback: fine without
    policy = AccessPolicy(TokenStore.in_data_dir(folder), loopback_only=False)
    assert policy.auth_required()  # even before a token file exists
    TokenStore.in_data_dir(folder).create("read")
    check_startup(ServerConfig(data_dir=folder, host="0.0.0.0"))
    with pytest.raises(ServeError, match="no item bank"):
        check_startup(ServerConfig(data_dir=tmp_path / "nothing-here"))


@pytest.mark.parametrize("host,loopback", [("127.0.0.1", True), ("127.1.2.3", True), ("::1", True),
                                           ("[::1]", True), ("localhost", True), ("0.0.0.0", False),
                                           ("192.168.0.10", False), ("::", False),
                                           ("server.school.local", False)])
def test_which_hosts_count_as_this_pc_only(host, loopback):
    assert is_loopback_host(host) is loopback


def test_the_rate_limit_answers_429_per_client_and_spares_health(bank_dir, tokens):
    config = ServerConfig(data_dir=bank_dir, port=0, rate_limit=0.5, rate_burst=3)
    with BackgroundServer(config) as running, httpx.Client(base_url=running.url, timeout=30) as http:
        headers = bearer(tokens["read"])
        codes = [http.get(f"{API}/search", params={"q": "원"}, headers=headers).status_code
                 for _ in range(5)]
        assert codes[:3] == [200, 200, 200] and codes[3:] == [429, 429]
        limited = http.get(f"{API}/profiles", headers=headers)
        assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 2
        assert "too many requests" in limited.json()["detail"]
        assert all(http.get(f"{API}/health").status_code == 200 for _ in range(5))


# -- itembank serve: token options and start-up errors ---------------------------------------------
def test_serve_token_options_create_list_and_revoke(run_cli, tmp_path):
    folder = tmp_path / "bank"
    ItemBank(folder, create=True).close()
    code, out, _ = run_cli("serve", "--create-token", "read", "--label", "2학년 교무실", "--json",
                           "--data-dir", folder)
    assert code == 0
    created = json.loads(out)
    assert created["role"] == "read" and created["token"].startswith("ibk_")
    assert TokenStore.in_data_dir(folder).verify(created["token"]).id == created["id"]
    code, out, _ = run_cli("--data-dir", folder, "serve", "--list-tokens", "--json")
    assert code == 0 and json.loads(out) == [{"id": created["id"], "role": "read",
                                              "created_at": created["created_at"], "label": "2학년 교무실"}]
    assert created["token"] not in out
    assert run_cli("serve", "--revoke-token", created["id"], "--data-dir", folder)[0] == 0
    code, _, err = run_cli("serve", "--revoke-token", created["id"], "--data-dir", folder)
    assert code == 2 and "no token with id" in err
    assert TokenStore.in_data_dir(folder).records() == []


def test_serve_refuses_bad_options_with_exit_2(run_cli, tmp_path):
    folder = tmp_path / "bank"
    code, _, err = run_cli("serve", "--data-dir", folder)
    assert code == 2 and "no item bank" in err
    ItemBank(folder, create=True).close()
    code, _, err = run_cli("serve", "--port", "70000", "--data-dir", folder)
    assert code == 2 and "--port" in err
    code, _, err = run_cli("serve", "--rate-limit", "-1", "--data-dir", folder)
    assert code == 2 and "--rate-limit" in err
    (folder / TOKENS_FILE).write_text("garbage", encoding="utf-8")
    code, _, err = run_cli("serve", "--list-tokens", "--data-dir", folder)
    assert code == 2 and "unreadable token file" in err


def test_first_lan_start_creates_an_admin_token_and_a_busy_port_is_a_clear_error(run_cli, tmp_path):
    folder = tmp_path / "bank"
    ItemBank(folder, create=True).close()
    with socket.socket() as blocker:  # hold a port so that the server cannot start for real
        blocker.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        blocker.bind(("127.0.0.1", 0))
        blocker.listen()
        port = blocker.getsockname()[1]
        code, out, err = run_cli("serve", "--host", "0.0.0.0", "--port", port, "--data-dir", folder)
    assert code == 2 and f"cannot listen on 0.0.0.0:{port}" in err
    assert "Created admin token" in err
    secret = out.strip()
    record = TokenStore.in_data_dir(folder).verify(secret)
    assert record is not None and record.role == "admin"


def test_itembank_serve_runs_with_token_auth_and_stops_on_ctrl_c(tmp_path):
    """The real command in its own process: tokens made by the CLI, then served and enforced."""
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    bank.close()
    read, _ = TokenStore.in_data_dir(folder).create("read")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    process = subprocess.Popen([sys.executable, "-m", "engine", "serve", "--data-dir", str(folder),
                                "--port", str(port), "--log-level", "warning"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, process.communicate()[1]
            try:
                health = httpx.get(f"{url}{API}/health", timeout=2)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, "itembank serve did not start"
                time.sleep(0.1)
        assert health.json()["auth"] == "token" and health.json()["items"] == 200
        assert httpx.get(f"{url}{API}/search", params={"q": "삼각형"}).status_code == 401
        found = httpx.get(f"{url}{API}/search", params={"q": "삼각형"}, headers=bearer(read))
        assert found.status_code == 200 and found.json()["count"] > 0
        assert httpx.put(f"{url}{API}/profiles/active", json={"name": "keyword"},
                         headers=bearer(read)).status_code == 403
    finally:
        process.send_signal(signal.SIGINT)
        try:
            _, err = process.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            raise
    assert process.returncode == 0, err
    assert f"itembank server on http://127.0.0.1:{port}" in err and "tokens required" in err
    assert err.rstrip().endswith("itembank server stopped")


# -- browsers and open mode (engine/server/origin_guard.py) ----------------------------------------
EVIL_PAGE = {"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors"}
ONE_ITEM = '{"subject": "수학", "stem": "웹 페이지가 몰래 넣은 문항", "answer": "1"}\n'.encode()


@pytest.fixture(scope="module")
def open_server(tmp_path_factory):
    """127.0.0.1 and no token file: the single-user desktop's open mode."""
    folder = tmp_path_factory.mktemp("open") / "bank"
    bank = ItemBank(folder, create=True)
    bank.load_sample()
    bank.close()
    with BackgroundServer(ServerConfig(data_dir=folder, port=0, rate_limit=0)) as running:
        yield running


@pytest.fixture
def browser(open_server):
    """A plain HTTP client, i.e. what a web page in a browser on this PC can send."""
    with httpx.Client(base_url=open_server.url, timeout=30) as http:
        assert http.get(f"{API}/health").json()["auth"] == "open"
        yield http


def items_and_jobs(http: httpx.Client) -> tuple[int, list]:
    own = {"X-Itembank-Client": "1"}
    return http.get(f"{API}/health").json()["items"], http.get(f"{API}/jobs", headers=own).json()["jobs"]


def test_a_cross_site_form_cannot_import_into_an_open_server(browser):
    before = items_and_jobs(browser)
    files = {"file": ("evil.jsonl", ONE_ITEM, "application/octet-stream")}
    refused = browser.post(f"{API}/import", files=files, headers=EVIL_PAGE)
    assert refused.status_code == 403
    assert "cross-site request refused" in refused.json()["detail"]
    # An older browser that sends no Sec-Fetch-Site / Origin: the form still lacks our header.
    plain = browser.post(f"{API}/import", files=files)
    assert plain.status_code == 403 and "X-Itembank-Client: 1" in plain.json()["detail"]
    # A same-site page (another port on this host's domain) is refused too.
    sibling = browser.post(f"{API}/import", files=files, headers={"Sec-Fetch-Site": "same-site",
                                                                 "X-Itembank-Client": "1"})
    assert sibling.status_code == 403 and "Sec-Fetch-Site: same-site" in sibling.json()["detail"]
    null_origin = browser.post(f"{API}/import", files=files, headers={"Origin": "null",
                                                                     "X-Itembank-Client": "1"})
    assert null_origin.status_code == 403 and "Origin: null" in null_origin.json()["detail"]
    time.sleep(0.3)  # a job, had one started, would have had time to import
    assert items_and_jobs(browser) == before


def test_a_text_plain_post_cannot_start_an_index_build(browser):
    refused = browser.post(f"{API}/index", content=b'{"profile": "lite"}',
                           headers={"Content-Type": "text/plain"})
    assert refused.status_code == 403 and "X-Itembank-Client: 1" in refused.json()["detail"]
    cross = browser.post(f"{API}/index", content=b'{"profile": "lite"}',
                         headers={"Content-Type": "text/plain", **EVIL_PAGE})
    assert cross.status_code == 403
    assert browser.put(f"{API}/profiles/active", content=b'{"name": "keyword"}',
                       headers={"Content-Type": "text/plain;charset=UTF-8"}).status_code == 403
    jobs = browser.get(f"{API}/jobs", headers={"X-Itembank-Client": "1"})
    assert [job for job in jobs.json()["jobs"] if job["kind"] == "index"] == []


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "127.0.0.1.evil.example",
                                  "localhost.evil.example", "192.168.0.20:8765", ""])
def test_a_foreign_host_header_is_refused(browser, host):
    """DNS rebinding: the page's own name points at 127.0.0.1; the Host header still carries it."""
    for path in (f"{API}/search?q=삼각형", f"{API}/items/S-MATH-001", f"{API}/health"):
        refused = browser.get(path, headers={"Host": host})
        assert refused.status_code == 403, (path, refused.text)
        assert "is not this PC" in refused.json()["detail"]


def test_a_loopback_server_with_tokens_still_checks_host_but_the_token_guards_the_rest(client, tokens):
    headers = bearer(tokens["read"])
    assert client.get(f"{API}/search", params={"q": "원"}, headers={**headers, "Host": "evil.example"}
                      ).status_code == 403
    # With tokens, Origin and Sec-Fetch-Site do not matter: a browser never adds the token itself.
    found = client.get(f"{API}/search", params={"q": "원"}, headers={**headers, **EVIL_PAGE})
    assert found.status_code == 200
    assert client.post(f"{API}/index", content=b"x", headers={"Content-Type": "text/plain"}
                       ).status_code == 401


def test_our_own_clients_still_work_in_open_mode(open_server, browser):
    """engine.remote's transport (the desktop's district client) and a JSON or X-Itembank-Client
    request from a program on this PC, with any loopback Host or Origin."""
    from engine.remote.client import RemoteBank
    from engine.remote.http import Transport, Upload, multipart
    from engine.services.search import SearchRequest

    remote = RemoteBank(open_server.url)
    assert remote.check().items >= 200
    assert remote.search(SearchRequest(text="삼각형", k=3)).hits
    items_before = browser.get(f"{API}/health").json()["items"]
    body, content_type = multipart({"format": "jsonl"}, [Upload("file", "ours.jsonl", ONE_ITEM)])
    transport = Transport(remote.url + API)
    job = transport.request("POST", "/import", body=body, content_type=content_type, expect=(202,)).json()
    deadline = time.monotonic() + 60
    while (state := transport.request("GET", f"/jobs/{job['id']}").json()["state"]) in ("queued", "running"):
        assert time.monotonic() < deadline
        time.sleep(0.05)
    assert state == "succeeded"
    assert browser.get(f"{API}/health").json()["items"] == items_before + 1
    # JSON bodies pass without the header (a page cannot send them without a preflight).
    keyword = browser.post(f"{API}/index", json={"profile": "keyword"})
    assert keyword.status_code == 422 and "needs no index build" in keyword.json()["detail"]
    switched = browser.put(f"{API}/profiles/active", json={"name": "keyword"},
                           headers={"Origin": open_server.url, "Sec-Fetch-Site": "same-origin"})
    assert switched.status_code == 200
    port = open_server.url.rsplit(":", 1)[1]
    for host in (f"localhost:{port}", f"[::1]:{port}", "127.0.0.1", "LOCALHOST"):
        assert browser.get(f"{API}/health", headers={"Host": host}).status_code == 200, host
    own = browser.delete(f"{API}/jobs/{job['id']}", headers={"X-Itembank-Client": "1",
                                                             "Origin": f"http://localhost:{port}"})
    assert own.status_code == 202


@pytest.mark.parametrize("origin,loopback", [("http://127.0.0.1:8765", True), ("http://localhost", True),
                                             ("http://[::1]:8765", True), ("https://LOCALHOST:443", True),
                                             ("null", False), ("https://evil.example", False),
                                             ("http://127.0.0.1.evil.example", False),
                                             ("file://", False), ("http://192.168.0.20:8765", False)])
def test_which_origins_count_as_this_pc(origin, loopback):
    from engine.server.origin_guard import is_loopback_origin

    assert is_loopback_origin(origin) is loopback


def test_a_lan_server_checks_no_host_name_since_its_tokens_guard_it(tmp_path):
    from engine.server.origin_guard import OriginGuardMiddleware

    policy = AccessPolicy(TokenStore.in_data_dir(tmp_path), loopback_only=False)
    guard = OriginGuardMiddleware(None, policy=policy, loopback_bind=False)
    scope = {"type": "http", "method": "POST", "headers": [(b"host", b"server.school.local:8765"),
                                                            (b"origin", b"https://evil.example")]}
    assert guard.refusal(scope) is None  # the route then asks for a token (401)
    loopback = OriginGuardMiddleware(None, policy=AccessPolicy(TokenStore.in_data_dir(tmp_path),
                                                               loopback_only=True), loopback_bind=True)
    assert "Origin: https://evil.example" in loopback.refusal(
        {**scope, "headers": [(b"host", b"127.0.0.1:8765"), (b"origin", b"https://evil.example")]})
