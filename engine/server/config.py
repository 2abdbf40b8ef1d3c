"""Server settings in one place, with the safe defaults a school LAN needs.

Every limit has a default that suits an exam-prep room (one GPU PC, a few dozen teachers) and can be
changed from ``itembank serve``. Nothing here opens files or sockets, so the OpenAPI export and the
tests can build an app from a config without side effects.
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
MB = 1024 * 1024


@dataclass(frozen=True)
class ServerConfig:
    data_dir: Path | None = None
    # None: what the data folder says (storage.json / ITEMBANK_BACKEND); else "sqlite" or a PostgreSQL URL.
    backend: str | None = None
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    # Uploads: bytes of one file, pixels of one query image, and slack for the multipart envelope.
    max_image_bytes: int = 10 * MB
    max_import_bytes: int = 50 * MB
    max_image_pixels: int = 25_000_000  # a 12 MP phone photo or a 300 dpi A4 scan fits
    multipart_overhead: int = 64 * 1024
    # Requests without an upload may still carry a small JSON body (PUT /profiles/active).
    max_plain_body: int = 64 * 1024
    # Token bucket per client IP: sustained requests per second (0 disables) and burst size.
    rate_limit: float = 20.0
    rate_burst: int = 40
    # Micro-batching of query embeddings: at most this many per model call, waiting at most this long
    # for company once the first request arrived. max_batch=1 turns batching off.
    max_batch: int = 16
    batch_wait_ms: float = 2.0
    # Items per model call in index builds. Searches share the model with a running build, so a query
    # may wait for one build batch: small batches keep that wait short (the CLI uses 32).
    index_batch: int = 8
    # Worker threads for the synchronous engine calls (searches block on SQLite and the model).
    worker_threads: int = 16
    # Jobs kept in memory for GET /jobs/{id} after they finish.
    job_history: int = 100
    # Slow clients: seconds a connection may take to send a request's headers, seconds a request body may
    # stall, and open connections per client IP (beyond it that client's oldest idle one is closed).
    header_timeout: float = 10.0
    body_timeout: float = 30.0
    max_connections_per_client: int = 32

    @property
    def is_loopback(self) -> bool:
        return is_loopback_host(self.host)


def is_loopback_host(host: str) -> bool:
    """True for 127.0.0.0/8, ::1 and "localhost"; anything else may be reachable from the LAN."""
    if host.strip().lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False  # a host name: it may resolve to a LAN address, so treat it as exposed
