"""Slow clients (slowloris) against a real uvicorn server on 127.0.0.1, with real sockets: connections
that never finish their headers, or stall in the body, must not starve ``/health``."""

from __future__ import annotations

import socket
import time

import httpx
import pytest

pytest.importorskip("fastapi")

from engine.api import ItemBank  # noqa: E402
from engine.server.config import ServerConfig  # noqa: E402
from engine.server.runner import BackgroundServer  # noqa: E402

API = "/api/v1"


@pytest.fixture(scope="module")
def bank_dir(tmp_path_factory):
    folder = tmp_path_factory.mktemp("slow") / "bank"
    ItemBank(folder, create=True).close()
    return folder


def _half_header(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=5)
    sock.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # never finished
    return sock


def _closed_within(sock: socket.socket, seconds: float) -> float | None:
    """Seconds until the server closed ``sock`` (recv returns b"" or resets), None if it stayed open."""
    start = time.monotonic()
    sock.settimeout(seconds)
    try:
        data = sock.recv(4096)
        while data:  # a 4xx answer before the close is fine
            data = sock.recv(4096)
    except (socket.timeout, TimeoutError):
        return None
    except (ConnectionResetError, BrokenPipeError):
        pass
    return time.monotonic() - start


def test_sixty_half_header_connections_from_one_client_do_not_starve_health(bank_dir):
    config = ServerConfig(data_dir=bank_dir, port=0, rate_limit=0, worker_threads=2,
                          max_connections_per_client=16)  # limit_concurrency = 256
    with BackgroundServer(config) as server:
        idle = [_half_header(server.port) for _ in range(60)]
        try:
            time.sleep(0.3)
            started = time.monotonic()
            with httpx.Client(base_url=server.url, timeout=5) as client:
                for _ in range(5):
                    assert client.get(f"{API}/health").status_code == 200
            assert time.monotonic() - started < 3
            closed = [s for s in idle if _closed_within(s, 0.05) is not None]
            assert len(closed) >= 60 - 16  # the oldest idle ones made room
        finally:
            for sock in idle:
                sock.close()


def test_more_half_open_connections_than_the_global_limit_still_leave_room(bank_dir):
    config = ServerConfig(data_dir=bank_dir, port=0, rate_limit=0, worker_threads=2,
                          max_connections_per_client=1000)  # only the global limit (256) applies
    with BackgroundServer(config) as server:
        idle = [_half_header(server.port) for _ in range(260)]
        try:
            with httpx.Client(base_url=server.url, timeout=5) as client:
                assert client.get(f"{API}/health").status_code == 200
        finally:
            for sock in idle:
                sock.close()


def test_unfinished_headers_and_stalled_bodies_are_closed_after_their_timeouts(bank_dir):
    config = ServerConfig(data_dir=bank_dir, port=0, rate_limit=0, header_timeout=1.0, body_timeout=1.0)
    with BackgroundServer(config) as server:
        header = _half_header(server.port)
        body = socket.create_connection(("127.0.0.1", server.port), timeout=5)
        body.sendall(b"POST /api/v1/import HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Itembank-Client: 1\r\n"
                     b"Content-Type: multipart/form-data; boundary=x\r\nContent-Length: 5000\r\n\r\n--x\r\n")
        healthy = None
        try:
            took = _closed_within(header, 4)
            assert took is not None and took < 3
            took = _closed_within(body, 4)
            assert took is not None and took < 3
            healthy = socket.create_connection(("127.0.0.1", server.port), timeout=5)
            healthy.sendall(b"GET /api/v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
            assert healthy.recv(4096).startswith(b"HTTP/1.1 200")
        finally:
            for sock in (header, body, healthy):
                if sock is not None:
                    sock.close()
