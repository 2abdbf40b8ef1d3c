"""GET /health: is the server up, what can it do, does it want a token. Never needs one."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request

from engine import __version__
from engine.server.context import ServerContext, get_context
from engine.server.schemas import HealthResponse

router = APIRouter(prefix="/api/v1", tags=["health"])


@router.get("/health", response_model=HealthResponse, summary="server status (no token needed)")
def health(request: Request, ctx: Annotated[ServerContext, Depends(get_context)]) -> HealthResponse:
    bank = ctx.bank
    return HealthResponse(version=__version__, items=bank.catalog.count(),
                          search_modes=bank.search.available_modes(),
                          active_profile=bank.profiles.active_name(),
                          auth="token" if request.app.state.policy.auth_required() else "open")
