"""A guard against slow clients (slowloris): header and body read timeouts and a per-client connection cap.

Why: uvicorn counts every open connection against ``limit_concurrency`` and starts no timer before the
first request's headers are complete, so a few hundred connections that never finish their headers make
every request, ``/health`` included, 503. This h11 protocol closes a connection whose request headers
(or body) stop arriving, and when one client IP holds too many connections — or the server is near its
global limit — it closes that client's (or anyone's) oldest *idle* connection, one with no request in
progress, so a new request is served instead of refused.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol

HEADER_TIMEOUT_S = 10.0
BODY_TIMEOUT_S = 30.0
MAX_CONNECTIONS_PER_CLIENT = 32


class GuardedH11Protocol(H11Protocol):
    """uvicorn's h11 protocol with read timeouts and a per-IP cap (set by ``guarded_protocol``)."""

    header_timeout = HEADER_TIMEOUT_S
    body_timeout = BODY_TIMEOUT_S
    per_client = MAX_CONNECTIONS_PER_CLIENT

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._evicted = False
        self._seen_cycle: object = None
        self._progress_at = 0.0  # connection made, a request started or a response finished
        self._data_at = 0.0
        self._guard: asyncio.TimerHandle | None = None

    # -- connection bookkeeping ---------------------------------------------------------------------
    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._progress_at = self._data_at = self.loop.time()
        self._make_room()
        self._schedule()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._guard is not None:
            self._guard.cancel()
            self._guard = None
        super().connection_lost(exc)

    def data_received(self, data: bytes) -> None:
        self._data_at = self.loop.time()
        super().data_received(data)
        if self.cycle is not self._seen_cycle:  # a new request's headers are complete
            self._seen_cycle = self.cycle
            self._progress_at = self._data_at

    def on_response_complete(self) -> None:
        self._progress_at = self.loop.time()
        super().on_response_complete()

    def _peer(self) -> str | None:
        return self.client[0] if self.client else None

    def _idle(self) -> bool:
        """No request in progress: waiting for (the rest of) the next request's headers."""
        return self.cycle is None or self.cycle.response_complete

    def _make_room(self) -> None:
        """Over the per-client cap, or near the global limit: close the oldest idle connection."""
        live = [c for c in self.connections
                if isinstance(c, GuardedH11Protocol) and c is not self and not c._evicted]
        mine = [c for c in live if c._peer() == self._peer()]
        limit = self.limit_concurrency
        if len(mine) + 1 > self.per_client:
            pool = mine
        elif limit is not None and len(live) + 1 >= limit:
            pool = live
        else:
            return
        idle = [c for c in pool if c._idle()]
        if idle:
            min(idle, key=lambda c: c._progress_at)._drop()

    def _drop(self) -> None:
        self._evicted = True
        if not self.transport.is_closing():
            self.transport.close()

    # -- timers ---------------------------------------------------------------------------------------
    def _schedule(self) -> None:
        tick = max(0.2, min(self.header_timeout, self.body_timeout) / 4)
        self._guard = self.loop.call_later(tick, self._check)

    def _check(self) -> None:
        self._guard = None
        if self.transport.is_closing():
            return
        now = self.loop.time()
        if self._idle():
            # uvicorn's own keep-alive timer covers an idle connection after a response.
            if self.timeout_keep_alive_task is None and now - self._progress_at >= self.header_timeout:
                self._drop()
                return
        elif (self.cycle.more_body and not self.cycle.response_started
              and now - self._data_at >= self.body_timeout):
            self._drop()  # the app sees http.disconnect and stops waiting for the body
            return
        self._schedule()


def guarded_protocol(header_timeout: float = HEADER_TIMEOUT_S, body_timeout: float = BODY_TIMEOUT_S,
                     per_client: int = MAX_CONNECTIONS_PER_CLIENT) -> type[GuardedH11Protocol]:
    """The protocol class for ``uvicorn.Config(http=…)`` with these limits."""
    return type("GuardedH11Protocol", (GuardedH11Protocol,),
                {"header_timeout": header_timeout, "body_timeout": body_timeout, "per_client": per_client})
