"""Engine exceptions → HTTP status codes, with the engine's own one-line message as ``detail``.

The engine already words its errors for teachers ("install the Qwen3-VL model pack…"), so the server
passes them on instead of inventing new ones. Every error body has the same shape: ``{"detail": str}``,
plus ``errors`` for invalid parameters.
"""

from __future__ import annotations

import logging
import sqlite3

from fastapi import FastAPI, Request, status
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from engine.api import DatabaseUnavailableError, ItemBankError, error_family, one_line
from engine.server.schemas import ErrorResponse

log = logging.getLogger("itembank.server")

# Every failure the engine means is an ItemBankError: its message is safe and useful to show.
USER_ERRORS: tuple[type[BaseException], ...] = (ItemBankError,)
# HTTP status by the error's family (engine.errors); "error" is an operation the engine refused.
FAMILY_STATUS = {
    "not_found": status.HTTP_404_NOT_FOUND,
    "invalid_input": status.HTTP_422_UNPROCESSABLE_CONTENT,
    "unavailable": status.HTTP_409_CONFLICT,
    "busy": status.HTTP_503_SERVICE_UNAVAILABLE,
    "damaged": status.HTTP_500_INTERNAL_SERVER_ERROR,
    "error": status.HTTP_400_BAD_REQUEST,
}

__all__ = ["COMMON_ERRORS", "FAMILY_STATUS", "USER_ERRORS", "describe_user_error", "install_error_handlers",
           "one_line"]


def describe_user_error(exc: BaseException) -> str | None:
    """The message to show for an expected failure, None for a bug (which gets logged)."""
    return one_line(exc) if isinstance(exc, USER_ERRORS) else None


# Documented on every route, so clients (and schemathesis) know each error's shape.
COMMON_ERRORS = {
    status.HTTP_400_BAD_REQUEST: {"model": ErrorResponse,
                                  "description": "a body that cannot be parsed (broken JSON or form data)"},
    status.HTTP_401_UNAUTHORIZED: {"model": ErrorResponse, "description": "no or unknown token"},
    status.HTTP_403_FORBIDDEN: {"model": ErrorResponse,
                                "description": "the token's role is too low; or, without a token, a "
                                               "request from a web page or to another Host name"},
    status.HTTP_413_CONTENT_TOO_LARGE: {"model": ErrorResponse,
                                        "description": "the request body is over this route's limit"},
    status.HTTP_422_UNPROCESSABLE_CONTENT: {"model": ErrorResponse, "description": "invalid parameters"},
    status.HTTP_429_TOO_MANY_REQUESTS: {"model": ErrorResponse,
                                        "description": "rate limit; see the Retry-After header"},
}


def _running_jobs(request: Request) -> list[tuple[str, str]]:
    """(kind, started_at) of this server's jobs that are running now (the likely holders of the lock)."""
    ctx = getattr(request.app.state, "ctx", None)
    jobs = getattr(ctx, "jobs", None)
    if jobs is None:
        return []
    return [(job.kind, job.started_at or job.created_at) for job in jobs.active() if job.started_at]


def busy_detail(message: str, running: list[tuple[str, str]]) -> tuple[str, str]:
    """A busy answer's detail and Retry-After: the engine's sentence plus which of this server's jobs
    holds the bank ("an import started 14:02:10 UTC"), and a longer wait while such a job runs."""
    if not running:
        return message, "1"
    what = ", ".join(f"{'an' if kind[:1] in 'aeiou' else 'a'} {kind} job started {_clock(started)} UTC"
                     for kind, started in running)
    return f"{message}; running on this server now: {what}", "5"


def _clock(stamp: str) -> str:
    """"2026-12-07T14:02:10.123Z" → "14:02:10" (the time a teacher compares with the clock)."""
    time_part = stamp.split("T", 1)[-1]
    return time_part.split(".", 1)[0].rstrip("Z")


def _error(status_code: int, detail: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"detail": detail}, status_code=status_code, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        errors = jsonable_encoder(exc.errors(), custom_encoder={BaseException: str})
        first = errors[0] if errors else {}
        where = ".".join(str(p) for p in first.get("loc", ()))
        detail = f"{where}: {first.get('msg', 'invalid value')}" if where else "invalid request"
        return JSONResponse({"detail": detail, "errors": errors},
                            status_code=status.HTTP_422_UNPROCESSABLE_CONTENT)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        detail = exc.detail
        if exc.status_code == status.HTTP_400_BAD_REQUEST and detail == "There was an error parsing the body":
            detail = "body: cannot be parsed; send valid JSON (UTF-8) or multipart form data"
        return JSONResponse({"detail": detail}, status_code=exc.status_code, headers=exc.headers)

    @app.exception_handler(ItemBankError)
    async def engine_error(request: Request, exc: ItemBankError) -> JSONResponse:
        if isinstance(exc, DatabaseUnavailableError):  # the district server is down: retrying helps
            log.warning("district database unavailable: %s", exc)
            return _error(status.HTTP_503_SERVICE_UNAVAILABLE, one_line(exc), {"Retry-After": "5"})
        family = error_family(exc) or "error"
        if family == "damaged":
            log.error("damaged data: %s", exc)
        if family == "busy":
            detail, retry = busy_detail(one_line(exc), _running_jobs(request))
            return _error(FAMILY_STATUS[family], detail, {"Retry-After": retry})
        return _error(FAMILY_STATUS[family], one_line(exc))

    try:
        import psycopg
    except ImportError:
        psycopg = None
    if psycopg is not None:
        @app.exception_handler(psycopg.OperationalError)
        async def database_lost(_: Request, exc: Exception) -> JSONResponse:
            # The connection dropped mid-request (server restart, network); the next request reconnects.
            log.warning("district database connection lost: %s", exc)
            return _error(status.HTTP_503_SERVICE_UNAVAILABLE,
                          "the district database connection was lost; retry in a moment", {"Retry-After": "5"})

    @app.exception_handler(sqlite3.OperationalError)
    async def busy(request: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:  # a long write held the lock past the timeout
            log.warning("catalog busy: %s", exc)
            detail, retry = busy_detail("busy: another write is using the item bank; nothing is damaged, "
                                        "try again when it ends", _running_jobs(request))
            return _error(status.HTTP_503_SERVICE_UNAVAILABLE, detail, {"Retry-After": retry})
        log.error("catalog error", exc_info=exc)  # anything else is a bug or a broken file
        return _error(status.HTTP_500_INTERNAL_SERVER_ERROR,
                      "internal error (catalog); see the server log")
