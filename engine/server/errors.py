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

from engine.api import SearchUnavailableError
from engine.catalog.assets import AssetError
from engine.catalog.catalog import CatalogError
from engine.storage import DatabaseUnavailableError
from engine.importers import ImportFileError
from engine.index.indexer import IndexingError
from engine.index.profiles import ProfileError
from engine.models.lite import ModelUnavailableError
from engine.server.schemas import ErrorResponse
from engine.vocab import VocabularyError

log = logging.getLogger("itembank.server")

# Problems with what the user asked for or sent: their message is safe and useful to show.
USER_ERRORS: tuple[type[BaseException], ...] = (
    ImportFileError, VocabularyError, CatalogError, SearchUnavailableError, AssetError, ValueError,
    FileNotFoundError, ModelUnavailableError, IndexingError, ProfileError)


def one_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else exc.__class__.__name__


def describe_user_error(exc: BaseException) -> str | None:
    """The message to show for an expected failure, None for a bug (which gets logged)."""
    return one_line(exc) if isinstance(exc, USER_ERRORS) else None


# Documented on every route, so clients (and schemathesis) know each error's shape.
COMMON_ERRORS = {
    status.HTTP_400_BAD_REQUEST: {"model": ErrorResponse,
                                  "description": "a body that cannot be parsed (broken JSON or form data)"},
    status.HTTP_401_UNAUTHORIZED: {"model": ErrorResponse, "description": "no or unknown token"},
    status.HTTP_403_FORBIDDEN: {"model": ErrorResponse, "description": "the token's role is too low"},
    status.HTTP_413_CONTENT_TOO_LARGE: {"model": ErrorResponse,
                                        "description": "the request body is over this route's limit"},
    status.HTTP_422_UNPROCESSABLE_CONTENT: {"model": ErrorResponse, "description": "invalid parameters"},
    status.HTTP_429_TOO_MANY_REQUESTS: {"model": ErrorResponse,
                                        "description": "rate limit; see the Retry-After header"},
}


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

    @app.exception_handler(SearchUnavailableError)
    @app.exception_handler(ModelUnavailableError)
    async def unavailable(_: Request, exc: Exception) -> JSONResponse:
        return _error(status.HTTP_409_CONFLICT, one_line(exc))

    @app.exception_handler(CatalogError)
    async def not_found(_: Request, exc: CatalogError) -> JSONResponse:
        return _error(status.HTTP_404_NOT_FOUND, one_line(exc))

    @app.exception_handler(DatabaseUnavailableError)
    async def database_down(_: Request, exc: DatabaseUnavailableError) -> JSONResponse:
        log.warning("district database unavailable: %s", exc)
        return _error(status.HTTP_503_SERVICE_UNAVAILABLE, one_line(exc), {"Retry-After": "5"})

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

    @app.exception_handler(ValueError)  # VocabularyError, ProfileError, bad k…
    async def bad_value(_: Request, exc: ValueError) -> JSONResponse:
        return _error(status.HTTP_422_UNPROCESSABLE_CONTENT, one_line(exc))

    @app.exception_handler(sqlite3.OperationalError)
    async def busy(_: Request, exc: sqlite3.OperationalError) -> JSONResponse:
        text = str(exc).lower()
        if "locked" in text or "busy" in text:  # a long write held the lock past the timeout
            log.warning("catalog busy: %s", exc)
            return _error(status.HTTP_503_SERVICE_UNAVAILABLE,
                          "the catalog is busy; retry in a moment", {"Retry-After": "1"})
        log.error("catalog error", exc_info=exc)  # anything else is a bug or a broken file
        return _error(status.HTTP_500_INTERNAL_SERVER_ERROR,
                      "internal error (catalog); see the server log")
