"""Turning engine exceptions into sentences a teacher can act on (never a traceback).

The engine's own message stays available as a short "details" line: it names the exact file, row or
command, which is what a colleague helping over the phone needs.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from desktop_app.i18n import tr
from engine.api import (CopyError, ImportFileError, PackError, RemoteConfigError, RemoteError, error_family, one_line,
                        remote_errors)

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


# What an ``Unavailable`` error says is missing (``needs``) → the sentence that tells how to get it.
_NEEDS_KEYS = {"image_model": "error.image_needs_pack", "reranker": "error.rerank_needs_pack",
               "semantic_profile": "error.mode_needs_pack"}
# The other members of the error family (engine.errors) → (banner colour, sentence).
_FAMILY_KEYS = {"not_found": (WARNING, "error.not_found"), "invalid_input": (WARNING, "error.bad_input"),
                "unavailable": (ERROR, "error.model"), "busy": (WARNING, "error.busy"),
                "damaged": (ERROR, "error.damaged"), "error": (ERROR, "error.refused")}


def describe(error: BaseException, *, image_search: bool = False) -> UserMessage:
    """The user-facing message for ``error`` raised by an engine call: chosen by the error's family
    (``engine.errors``), never by searching its text; the engine's sentence is the detail."""
    detail = one_line(error) if str(error).strip() else ""
    family = error_family(error)
    if isinstance(error, RemoteError):
        return _describe_remote(error, detail)
    if family is None:
        if isinstance(error, OSError):
            return UserMessage(ERROR, tr("error.file_access", detail=detail or type(error).__name__))
        log.error("unexpected error", exc_info=(type(error), error, error.__traceback__))
        return UserMessage(ERROR, tr("error.unexpected", kind=type(error).__name__, detail=detail))
    if family == "unavailable":
        key = _NEEDS_KEYS.get(getattr(error, "needs", "")) or ("error.image_needs_pack" if image_search else "")
        if key:
            return UserMessage(NEEDS_MODEL_PACK, tr(key), detail)
    # Where the teacher was matters for the wording of a bad input: a file being imported, a copy.
    if isinstance(error, ImportFileError):
        return UserMessage(ERROR, tr("error.import_file", detail=detail))
    if isinstance(error, PackError):
        return UserMessage(ERROR, tr("error.pack", detail=detail), detail)
    if isinstance(error, CopyError):
        return UserMessage(ERROR, tr("error.copy", detail=detail), detail)
    if isinstance(error, RemoteConfigError):
        return UserMessage(ERROR, tr("error.remote_config"), detail)
    kind, key = _FAMILY_KEYS[family]
    return UserMessage(kind, tr(key, detail=detail), detail)


# District server failures by who can fix them; the engine's sentence (naming the URL) is the detail.
_REMOTE_KEYS = {
    remote_errors.UNREACHABLE: "error.remote_unreachable", remote_errors.TIMEOUT: "error.remote_timeout",
    remote_errors.AUTH: "error.remote_auth", remote_errors.UNAVAILABLE: "error.remote_unavailable",
    remote_errors.BUSY: "error.remote_busy", remote_errors.BAD_RESPONSE: "error.remote_bad_response",
    remote_errors.SERVER_ERROR: "error.remote_failed", remote_errors.NOT_CONFIGURED: "error.remote_not_configured",
    remote_errors.NOT_FOUND: "error.remote_not_found", remote_errors.BAD_URL: "error.remote_bad_url",
}


def _describe_remote(error: RemoteError, detail: str) -> UserMessage:
    if error.kind == remote_errors.BAD_REQUEST:
        return UserMessage(WARNING, tr("error.remote_bad_request", detail=error.detail or detail), detail)
    kind = WARNING if error.kind in (remote_errors.BUSY, remote_errors.UNAVAILABLE, remote_errors.NOT_FOUND) else ERROR
    return UserMessage(kind, tr(_REMOTE_KEYS.get(error.kind, "error.remote_failed")), detail)
