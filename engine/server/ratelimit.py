"""Per-client-IP token buckets, checked before a request body is read.

One teacher's runaway script must not starve the rest of the room. Each client IP gets a bucket of
``burst`` requests that refills at ``rate`` per second; an empty bucket answers 429 with Retry-After.
In memory only: a restart forgets the buckets, which is fine for a rate limit.
"""

from __future__ import annotations

import json
import math
import threading
import time
from collections.abc import Callable

from starlette.types import ASGIApp, Receive, Scope, Send

from engine.api import InvalidInput

# Paths that never count against the bucket: a monitor polling /health must not lock itself out.
EXEMPT_PATHS = frozenset({"/api/v1/health"})


class TokenBucketLimiter:
    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = 10_000) -> None:
        if rate <= 0:
            raise InvalidInput("rate must be positive (use no limiter to disable rate limiting)")
        self.rate = float(rate)
        self.burst = max(1, int(burst))
        self._clock = clock
        self._max_clients = max_clients
        self._buckets: dict[str, tuple[float, float]] = {}  # client → (tokens, last refill time)
        self._lock = threading.Lock()

    def acquire(self, client: str) -> float:
        """0.0 when the request may go ahead, else the seconds until a token is available."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (float(self.burst), now))
            tokens = min(float(self.burst), tokens + (now - last) * self.rate)
            if tokens >= 1.0:
                self._buckets[client] = (tokens - 1.0, now)
                wait = 0.0
            else:
                self._buckets[client] = (tokens, now)
                wait = (1.0 - tokens) / self.rate
            if len(self._buckets) > self._max_clients:
                self._forget_full(now)
        return wait

    def _forget_full(self, now: float) -> None:
        """Drop clients whose bucket has refilled completely: they are indistinguishable from new."""
        refill = self.burst / self.rate
        for client in [c for c, (_, last) in self._buckets.items() if now - last >= refill]:
            del self._buckets[client]


class RateLimitMiddleware:
    """ASGI middleware: 429 + Retry-After before the route (or its upload) is even looked at."""

    def __init__(self, app: ASGIApp, limiter: TokenBucketLimiter) -> None:
        self.app = app
        self.limiter = limiter

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"] in EXEMPT_PATHS:
            await self.app(scope, receive, send)
            return
        client = scope.get("client")
        wait = self.limiter.acquire(client[0] if client else "unknown")
        if wait <= 0:
            await self.app(scope, receive, send)
            return
        retry_after = max(1, math.ceil(wait))
        body = json.dumps({"detail": f"too many requests from this computer; retry in {retry_after} s"}
                          ).encode("utf-8")
        await send({"type": "http.response.start", "status": 429, "headers": [
            (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
            (b"retry-after", str(retry_after).encode())]})
        await send({"type": "http.response.body", "body": body})
