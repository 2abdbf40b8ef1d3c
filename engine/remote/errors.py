"""One exception for everything that can go wrong talking to a district server.

Callers (the CLI, the desktop app) need two things from a failure: a sentence that names the server
and says what to do, and a ``kind`` to decide how to show it (a wrong token is the teacher's to fix,
a server without a semantic index is the district's). The sentence is the exception's message.
"""

from __future__ import annotations

from engine.errors import ItemBankError

UNREACHABLE = "unreachable"    # refused, no route, name not found: nothing answered
TIMEOUT = "timeout"            # connected (or tried to) but no answer in time
AUTH = "auth"                  # 401/403: no, wrong or revoked token, or a role too low
UNAVAILABLE = "unavailable"    # 409: the server lacks the model or index this search needs
NOT_FOUND = "not_found"        # 404 for an item or figure
BAD_REQUEST = "bad_request"    # 400/413/422: the server refused what we sent
BUSY = "busy"                  # 429/503: rate limit or catalog busy; retry later
SERVER_ERROR = "server_error"  # any other 5xx
BAD_RESPONSE = "bad_response"  # something answered, but not like an itembank server
NOT_CONFIGURED = "not_configured"  # no district server saved for this bank
BAD_URL = "bad_url"            # the address itself is unusable

KINDS = (UNREACHABLE, TIMEOUT, AUTH, UNAVAILABLE, NOT_FOUND, BAD_REQUEST, BUSY, SERVER_ERROR,
         BAD_RESPONSE, NOT_CONFIGURED, BAD_URL)


class RemoteError(ItemBankError, RuntimeError):
    """A failed call to a district server. ``str(error)`` is the whole sentence (it names ``url``);
    ``detail`` is the server's own ``detail`` text when it sent one."""

    def __init__(self, kind: str, url: str, message: str, *, status: int | None = None,
                 detail: str = "") -> None:
        super().__init__(message)
        self.kind = kind
        self.url = url
        self.status = status
        self.detail = detail
