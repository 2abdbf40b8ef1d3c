"""Keep web pages away from a server on this PC: Host, cross-site and write-request checks.

A server bound to 127.0.0.1 with no token (the single-user desktop, "open mode") trusts whoever can
reach it, and a browser on this PC can: any web page may POST a form to http://127.0.0.1:8765 (no
CORS preflight for multipart or text/plain bodies), and a DNS-rebinding page may read answers under
its own host name. So, before anything else runs (see docs/server.md, "Browsers and open mode"):

- bound to a loopback address (with or without tokens): the ``Host`` header must name this PC
  (localhost, 127.x.x.x or [::1], any port), else 403 — a rebinding page sends its own name;
- open mode only: ``Sec-Fetch-Site: cross-site`` or ``same-site``, or an ``Origin`` that is not a
  loopback origin, is 403;
- open mode only: a POST/PUT/PATCH/DELETE needs a JSON body (``Content-Type: application/json``) or the
  header ``X-Itembank-Client: 1``; a page can set neither without a CORS preflight, which this server
  never grants. Our own clients (engine.remote) send the header on every request.

With tokens, the token is the guard: browsers never add ``Authorization: Bearer`` by themselves.
"""

from __future__ import annotations

import json
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Receive, Scope, Send

from engine.server.auth import AccessPolicy
from engine.server.config import is_loopback_host

CLIENT_HEADER = "X-Itembank-Client"
CLIENT_HEADER_VALUE = "1"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
REFUSED_FETCH_SITES = frozenset({"cross-site", "same-site"})


def host_name(value: str) -> str:
    """The name part of a Host header or URL netloc: "[::1]:8765" → "::1", "localhost:80" → "localhost"."""
    value = value.strip()
    if value.startswith("["):
        end = value.find("]")
        return value[1:end] if end > 0 else value
    if value.count(":") == 1:
        return value.split(":", 1)[0]
    return value


def is_loopback_name(name: str) -> bool:
    name = name.strip().rstrip(".").lower()
    return bool(name) and is_loopback_host(name)


def is_loopback_origin(origin: str) -> bool:
    """True for http(s)://localhost, 127.x.x.x or [::1] with any port; "null" and others are False."""
    try:
        parts = urlsplit(origin.strip())
        hostname = parts.hostname
    except ValueError:
        return False
    return parts.scheme in ("http", "https") and hostname is not None and is_loopback_name(hostname)


def is_json(content_type: str) -> bool:
    media = content_type.split(";", 1)[0].strip().lower()
    return media == "application/json" or (media.startswith("application/") and media.endswith("+json"))


class OriginGuardMiddleware:
    """403 with ``{"detail": ...}`` naming the rule, before rate limits, body limits and routes."""

    def __init__(self, app: ASGIApp, policy: AccessPolicy, loopback_bind: bool) -> None:
        self.app = app
        self.policy = policy
        self.loopback_bind = loopback_bind

    def refusal(self, scope: Scope) -> str | None:
        """Why this request is refused, or None."""
        headers: dict[str, str] = {}
        for key, value in scope["headers"]:
            headers.setdefault(key.decode("latin-1").lower(), value.decode("latin-1"))
        if self.loopback_bind:
            host = headers.get("host", "")
            if not is_loopback_name(host_name(host)):
                return (f"Host {host!r} is not this PC: a server on 127.0.0.1 answers only requests "
                        "addressed to localhost, 127.0.0.1 or [::1] (protection against DNS rebinding)")
        if self.policy.auth_required():
            return None
        site = headers.get("sec-fetch-site", "").strip().lower()
        if site in REFUSED_FETCH_SITES:
            return (f"cross-site request refused (Sec-Fetch-Site: {site}): without a token this server "
                    "answers only programs on this PC, not web pages")
        origin = headers.get("origin")
        if origin is not None and not is_loopback_origin(origin):
            return (f"cross-site request refused (Origin: {origin.strip()[:100]}): without a token this "
                    "server answers only programs on this PC, not web pages")
        method = scope["method"].upper()
        ours = headers.get(CLIENT_HEADER.lower(), "").strip() == CLIENT_HEADER_VALUE
        if method in WRITE_METHODS and not ours and not is_json(headers.get("content-type", "")):
            return (f"{method} without a token needs the header '{CLIENT_HEADER}: {CLIENT_HEADER_VALUE}' "
                    "or a JSON body (Content-Type: application/json); web pages can send neither")
        return None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        reason = self.refusal(scope)
        if reason is None:
            await self.app(scope, receive, send)
            return
        body = json.dumps({"detail": reason}).encode("utf-8")
        await send({"type": "http.response.start", "status": 403, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"connection", b"close")]})
        await send({"type": "http.response.body", "body": body})
