"""The FastAPI application: routes, error handlers, rate limiting and upload limits, wired once.

``create_app`` touches no files: the bank is opened in the lifespan (when uvicorn starts), so the
OpenAPI document can be generated from a bare config.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import anyio.to_thread
from fastapi import FastAPI

from engine import __version__
from engine.api import BankPaths
from engine.server.auth import AccessPolicy
from engine.server.config import ServerConfig
from engine.server.context import ServerContext
from engine.server.errors import install_error_handlers
from engine.server.limits import BodySizeLimitMiddleware
from engine.server.origin_guard import OriginGuardMiddleware
from engine.server.ratelimit import RateLimitMiddleware, TokenBucketLimiter
from engine.server.routes import admin, health, items, papers, search
from engine.server.tokens import TokenStore

DESCRIPTION = """\
Search a school's exam-item bank (문항 은행) from other PCs on the LAN.

Auth: `Authorization: Bearer <token>`. Read tokens may search and view items, figures and profiles;
admin tokens may also import, build indexes and switch the active profile. A server bound to
127.0.0.1 with no tokens created answers without a token (single-user desktop); it then refuses web
pages: requests from another site (`Sec-Fetch-Site`, `Origin`) and writes (POST, PUT, DELETE) that
carry neither a JSON body nor `X-Itembank-Client: 1` get 403. A server on 127.0.0.1 answers only
requests whose `Host` is localhost, 127.0.0.1 or [::1] (403 otherwise). `/api/v1/health` never needs
a token. Errors are `{"detail": "..."}`.
"""


def create_app(config: ServerConfig | None = None) -> FastAPI:
    config = config or ServerConfig()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = config.worker_threads
        ctx = await anyio.to_thread.run_sync(ServerContext.open, config)
        app.state.ctx = ctx
        try:
            yield
        finally:
            await anyio.to_thread.run_sync(ctx.close)

    app = FastAPI(title="itembank API", version=__version__, description=DESCRIPTION,
                  lifespan=lifespan, openapi_url="/openapi.json",
                  # Swagger UI would load its scripts from a CDN: useless offline, so it is off.
                  docs_url=None, redoc_url=None)
    root = BankPaths.resolve(config.data_dir).root
    policy = AccessPolicy(TokenStore.in_data_dir(root), loopback_only=config.is_loopback)
    app.state.policy = policy
    install_error_handlers(app)
    for router in (health.router, search.router, items.router, papers.router, admin.reader, admin.admin):
        app.include_router(router)
    # Added inside out: the origin guard runs first, then the rate limit, then the body size check,
    # then the route.
    app.add_middleware(BodySizeLimitMiddleware, config=config)
    if config.rate_limit > 0:
        app.add_middleware(RateLimitMiddleware,
                           limiter=TokenBucketLimiter(config.rate_limit, config.rate_burst))
    app.add_middleware(OriginGuardMiddleware, policy=policy, loopback_bind=config.is_loopback)
    return app
