"""Starting the server: the LAN safety check, binding the socket, and running uvicorn.

The socket is bound here, before uvicorn starts, so "port in use" becomes a one-line error instead
of a log message and a silent exit, and so tests and benchmarks can bind port 0 and learn the port
the system picked (no race between finding a free port and using it).
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import time
from dataclasses import dataclass

import uvicorn

from engine.api import BankPaths, InvalidInput, ItemBank
from engine.server.app import create_app
from engine.server.config import ServerConfig
from engine.server.slow_clients import guarded_protocol
from engine.server.tokens import TokenFileError, TokenStore


class ServeError(InvalidInput):
    """The server must not start; the message says why and what to do."""


def check_startup(config: ServerConfig) -> TokenStore:
    """Refuse to start without a bank, or on a LAN address without tokens; returns the token store."""
    root = BankPaths.resolve(config.data_dir).root
    if not ItemBank.exists(config.data_dir, config.backend):
        where = config.backend if config.backend else root
        raise ServeError(f"no item bank at {where}; create one with `itembank init` "
                         "(or `itembank init --sample`)")
    store = TokenStore.in_data_dir(root)
    try:
        tokens = store.records()
    except TokenFileError as exc:
        raise ServeError(f"{exc}; fix or delete it, then create tokens again") from exc
    if not config.is_loopback and not tokens:
        raise ServeError(
            f"--host {config.host} makes the bank reachable from other PCs, so tokens are required; "
            "create them first: `itembank serve --create-token admin` (and `--create-token read` for "
            "each teacher PC)")
    return store


def bind_socket(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host.strip("[]") else socket.AF_INET
    # proto=IPPROTO_TCP matters: asyncio sets TCP_NODELAY on accepted connections only when the
    # socket says it is TCP; without it every keep-alive response waits ~40 ms (Nagle + delayed ACK).
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    if os.name == "nt":  # there SO_REUSEADDR would let a second server steal the port
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_EXCLUSIVEADDRUSE, 1)
    else:  # a restart must not wait for the old connections' TIME_WAIT
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise ServeError(f"cannot listen on {host}:{port} ({exc.strerror or exc}); "
                         "is another server running? pick another --port") from exc
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def uvicorn_config(config: ServerConfig, log_level: str = "info") -> uvicorn.Config:
    return uvicorn.Config(
        create_app(config), log_level=log_level, lifespan="on",
        proxy_headers=False,      # rate limits go by the real peer address, not a spoofable header
        server_header=False, timeout_keep_alive=5,
        # Header/body read timeouts and a per-IP cap, so idle half-open connections cannot use up
        # limit_concurrency (which counts every open connection) and starve /health.
        http=guarded_protocol(config.header_timeout, config.body_timeout, config.max_connections_per_client),
        h11_max_incomplete_event_size=16 * 1024,  # request line + headers; beyond: 400
        limit_concurrency=max(256, config.worker_threads * 8))  # beyond: 503, not an endless queue


def serve(config: ServerConfig, log_level: str = "info") -> None:
    """Run in the foreground until Ctrl-C."""
    check_startup(config)
    sock = bind_socket(config.host, config.port)
    try:
        uvicorn.Server(uvicorn_config(config, log_level)).run(sockets=[sock])
    except KeyboardInterrupt:  # uvicorn shuts down cleanly on Ctrl-C, then re-raises it
        pass


@dataclass
class BackgroundServer:
    """A real uvicorn server on a thread (tests, benchmarks, an embedding desktop app)."""

    config: ServerConfig
    log_level: str = "warning"

    def __post_init__(self) -> None:
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None
        self.port = 0

    @property
    def url(self) -> str:
        host = f"[{self.config.host}]" if ":" in self.config.host else self.config.host
        return f"http://{host}:{self.port}"

    def start(self, timeout: float = 30.0) -> "BackgroundServer":
        check_startup(self.config)
        sock = bind_socket(self.config.host, self.config.port)
        self.port = sock.getsockname()[1]
        self._server = uvicorn.Server(uvicorn_config(self.config, self.log_level))
        self._thread = threading.Thread(target=self._server.run, kwargs={"sockets": [sock]},
                                        name=f"itembank-server-{self.port}", daemon=True)
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError("the server did not start; see the log above")
            time.sleep(0.02)
        return self

    def stop(self, timeout: float = 30.0) -> None:
        if self._server is not None:
            self._server.should_exit = True
        if self._thread is not None:
            self._thread.join(timeout)

    @property
    def app(self):
        return self._server.config.loaded_app if self._server else None

    def __enter__(self) -> "BackgroundServer":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


logging.getLogger("itembank.server").addHandler(logging.NullHandler())
