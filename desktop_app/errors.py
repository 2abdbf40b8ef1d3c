"""Turning engine exceptions into sentences a teacher can act on (never a traceback).

The engine's own message stays available as a short "details" line: it names the exact file, row or
command, which is what a colleague helping over the phone needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from desktop_app.i18n import tr
from engine.api import SearchUnavailableError
from engine.catalog.catalog import CatalogError
from engine.index.indexer import IndexingError
from engine.index.profiles import ProfileError
from engine.models.lite import ModelUnavailableError
from engine.models.packs import PackError
from engine.importers.report import ImportFileError
from engine.remote import CopyError, RemoteConfigError, RemoteError
from engine.remote import errors as remote
from engine.vocab import VocabularyError

log = logging.getLogger(__name__)

NEEDS_MODEL_PACK = "needs_model_pack"
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class UserMessage:
    """What the banner shows: a kind (for the colour), the sentence and the engine's detail."""

    kind: str
    text: str
    detail: str = ""


def describe(error: BaseException, *, image_search: bool = False) -> UserMessage:
    """The user-facing message for ``error`` raised by an engine call."""
    detail = str(error).strip()
    if isinstance(error, RemoteError):
        return _describe_remote(error, detail)
    if isinstance(error, CopyError):
        return UserMessage(ERROR, tr("error.copy", detail=detail), detail)
    if isinstance(error, RemoteConfigError):
        return UserMessage(ERROR, tr("error.remote_config"), detail)
    if isinstance(error, SearchUnavailableError):
        mentions_image = image_search or "image" in detail.lower()
        if "rerank" in detail.lower():
            key = "error.rerank_needs_pack"
        elif mentions_image:
            key = "error.image_needs_pack"
        else:
            key = "error.mode_needs_pack"
        return UserMessage(NEEDS_MODEL_PACK, tr(key), detail)
    if isinstance(error, PackError):
        return UserMessage(ERROR, tr("error.pack", detail=detail), detail)
    if isinstance(error, (ModelUnavailableError, ProfileError, IndexingError)):
        return UserMessage(ERROR, tr("error.model", detail=detail), detail)
    if isinstance(error, VocabularyError):
        return UserMessage(WARNING, tr("error.bad_filter", detail=detail))
    if isinstance(error, ImportFileError):
        return UserMessage(ERROR, tr("error.import_file", detail=detail))
    if isinstance(error, CatalogError):
        return UserMessage(ERROR, tr("error.catalog", detail=detail))
    if isinstance(error, ValueError):
        return UserMessage(WARNING, tr("error.bad_request", detail=detail))
    if isinstance(error, OSError):
        return UserMessage(ERROR, tr("error.file_access", detail=detail or type(error).__name__))
    log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
    return UserMessage(ERROR, tr("error.unexpected", kind=type(error).__name__, detail=detail))


# District server failures by who can fix them; the engine's sentence (naming the URL) is the detail.
_REMOTE_KEYS = {
    remote.UNREACHABLE: "error.remote_unreachable", remote.TIMEOUT: "error.remote_timeout",
    remote.AUTH: "error.remote_auth", remote.UNAVAILABLE: "error.remote_unavailable",
    remote.BUSY: "error.remote_busy", remote.BAD_RESPONSE: "error.remote_bad_response",
    remote.SERVER_ERROR: "error.remote_failed", remote.NOT_CONFIGURED: "error.remote_not_configured",
    remote.NOT_FOUND: "error.remote_not_found", remote.BAD_URL: "error.remote_bad_url",
}


def _describe_remote(error: RemoteError, detail: str) -> UserMessage:
    if error.kind == remote.BAD_REQUEST:
        return UserMessage(WARNING, tr("error.remote_bad_request", detail=error.detail or detail), detail)
    kind = WARNING if error.kind in (remote.BUSY, remote.UNAVAILABLE, remote.NOT_FOUND) else ERROR
    return UserMessage(kind, tr(_REMOTE_KEYS.get(error.kind, "error.remote_failed")), detail)
