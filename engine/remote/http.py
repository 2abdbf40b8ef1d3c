"""The wire under ``RemoteBank``: one HTTP request with the standard library, failures turned into
``RemoteError`` sentences that name the URL.

Why no proxy and no redirects: the district server sits on the school network, and the environment's
proxy settings are for the internet; a redirect could carry the token to another host, so a 3xx is
reported as a wrong address instead of being followed.
"""

from __future__ import annotations

import http.client
import json
import secrets
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlencode

from engine.i18n import _t
from engine.remote.errors import (
    AUTH,
    BAD_REQUEST,
    BAD_RESPONSE,
    BUSY,
    NOT_FOUND,
    SERVER_ERROR,
    TIMEOUT,
    UNAVAILABLE,
    UNREACHABLE,
    RemoteError,
)

USER_AGENT = "itembank-remote/1"
# Sent on every request: a server on 127.0.0.1 without tokens refuses writes without it (a web page
# cannot add it without a CORS preflight; see engine/server/origin_guard.py).
CLIENT_HEADERS = {"X-Itembank-Client": "1"}
MAX_JSON_BYTES = 32 * 1024 * 1024
MAX_IMAGE_BYTES = 64 * 1024 * 1024


@dataclass
class Response:
    status: int
    headers: Message
    body: bytes
    url: str

    def json(self) -> dict:
        """The body as a JSON object; anything else means we are not talking to an itembank server."""
        try:
            data = json.loads(self.body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as exc:
            raise RemoteError(BAD_RESPONSE, self.url, not_itembank(self.url, "the answer is not JSON")) from exc
        if not isinstance(data, dict):
            raise RemoteError(BAD_RESPONSE, self.url, not_itembank(self.url, "the answer is not a JSON object"))
        return data


@dataclass(frozen=True)
class Upload:
    """One file part of a multipart form."""

    field: str
    filename: str
    data: bytes
    content_type: str = "application/octet-stream"


def not_itembank(url: str, what: str) -> str:
    return (f"{url} did not answer like an itembank server ({what}); check the address, e.g. "
            "http://192.168.0.20:8765")


def multipart(fields: dict[str, str], files: list[Upload]) -> tuple[bytes, str]:
    """Encode a multipart/form-data body; returns (body, content type)."""
    boundary = "itembank-" + secrets.token_hex(16)
    chunks: list[bytes] = []
    for name, value in fields.items():
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode())
        chunks.append(value.encode("utf-8") + b"\r\n")
    for upload in files:
        safe_name = upload.filename.replace('"', "_").replace("\r", "_").replace("\n", "_")
        chunks.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{upload.field}"; '
                      f'filename="{safe_name}"\r\nContent-Type: {upload.content_type}\r\n\r\n'.encode())
        chunks.append(upload.data + b"\r\n")
    chunks.append(f"--{boundary}--\r\n".encode())
    return b"".join(chunks), f"multipart/form-data; boundary={boundary}"


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):  # urllib's hook
        return None  # urllib then raises HTTPError with the 3xx status


def _opener() -> urllib.request.OpenerDirector:
    return urllib.request.build_opener(urllib.request.ProxyHandler({}), _NoRedirect())


class Transport:
    """Requests to one server, with its token (``Authorization: Bearer``, what the server's
    auth.py reads) and a default timeout in seconds."""

    def __init__(self, base_url: str, token: str = "", timeout: float = 15.0) -> None:
        self.base_url = base_url
        self.token = token.strip()
        self.timeout = timeout
        self._opener = _opener()

    def request(self, method: str, path: str, *, params: dict[str, object] | None = None,
                body: bytes | None = None, content_type: str | None = None,
                timeout: float | None = None, max_bytes: int = MAX_JSON_BYTES,
                expect: tuple[int, ...] = (200,)) -> Response:
        """Send one request; a status outside ``expect`` becomes a ``RemoteError``."""
        where = self.base_url + path  # named in messages (without the query string)
        url = where + ("?" + urlencode(params, doseq=True) if params else "")
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json, image/*", **CLIENT_HEADERS}
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        if content_type:
            headers["Content-Type"] = content_type
        request = urllib.request.Request(url, data=body, headers=headers, method=method)
        wait = self.timeout if timeout is None else timeout
        try:
            with self._opener.open(request, timeout=wait) as answer:
                data = _read_capped(answer, max_bytes, where)
                response = Response(answer.status, answer.headers, data, where)
        except urllib.error.HTTPError as exc:
            response = Response(exc.code, exc.headers, _read_error_body(exc), where)
        except urllib.error.URLError as exc:
            raise _connection_error(exc.reason, where, wait) from exc
        except TimeoutError as exc:
            raise _connection_error(exc, where, wait) from exc
        except http.client.HTTPException as exc:
            raise RemoteError(BAD_RESPONSE, where, not_itembank(where, f"broken HTTP: {exc.__class__.__name__}")
                              ) from exc
        except OSError as exc:
            raise _connection_error(exc, where, wait) from exc
        if response.status not in expect:
            raise status_error(response)
        return response


def _read_capped(answer, max_bytes: int, where: str) -> bytes:
    data = answer.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RemoteError(BAD_RESPONSE, where, not_itembank(where, f"the answer is over {max_bytes // 2**20} MB"))
    return data


def _read_error_body(exc: urllib.error.HTTPError) -> bytes:
    try:
        return exc.read(64 * 1024) or b""
    except (OSError, http.client.HTTPException):
        return b""


def _connection_error(reason: object, where: str, wait: float) -> RemoteError:
    if isinstance(reason, TimeoutError):
        return RemoteError(TIMEOUT, where, _t("the district server at {where} did not answer within {wait:g} s; "
                                              "try again, or ask its admin whether it is running and not "
                                              "overloaded").format(
                                               where=where, wait=wait))
    if isinstance(reason, socket.gaierror):
        text = "the server name was not found"
    elif isinstance(reason, ConnectionRefusedError):
        text = "connection refused: nothing listens on that port"
    elif isinstance(reason, OSError) and reason.strerror:
        text = reason.strerror
    else:
        text = str(reason) or reason.__class__.__name__
    return RemoteError(UNREACHABLE, where, _t("cannot reach the district server at {where} ({text}); check the "
                                              "address and the network, and that `itembank serve` runs there").format(
                                               where=where, text=text))


def _detail(response: Response) -> str | None:
    """The server's one-line ``detail``; None when the body is not an itembank error."""
    try:
        detail = json.loads(response.body.decode("utf-8")).get("detail")
    except (UnicodeDecodeError, ValueError, AttributeError):
        return None
    if isinstance(detail, str) and detail.strip():
        return detail.strip().splitlines()[0]
    return None


def status_error(response: Response) -> RemoteError:
    """The ``RemoteError`` for an unexpected status, worded by who can fix it."""
    status, where = response.status, response.url
    own = _detail(response)
    detail = own or f"HTTP {status}"
    if 300 <= status < 400:
        target = response.headers.get("Location", "") if response.headers else ""
        return RemoteError(BAD_RESPONSE, where, not_itembank(where, f"it redirects to {target or 'elsewhere'}"),
                           status=status, detail=detail)
    if status == 401:
        message = (f"the district server at {where} refused the token ({detail}); ask the district office "
                   "for a read token and save it again")
        return RemoteError(AUTH, where, message, status=status, detail=detail)
    if status == 403:
        return RemoteError(AUTH, where, _t("the district server at {where} does not allow this with your token "
                                           "({detail})").format(
                                            where=where, detail=detail), status=status, detail=detail)
    if status == 404:
        if own is None or own == "Not Found":  # not our error body, or the framework's: unknown path
            return RemoteError(BAD_RESPONSE, where, not_itembank(where, "it does not know this API path"),
                               status=status, detail=detail)
        return RemoteError(NOT_FOUND, where, f"{where}: {detail}", status=status, detail=detail)
    if status == 409:
        return RemoteError(UNAVAILABLE, where, _t("the district server at {where} cannot do this: {detail}").format(
                                                   where=where, detail=detail),
                           status=status, detail=detail)
    if status in (400, 413, 422):
        return RemoteError(BAD_REQUEST, where, _t("the district server at {where} refused the request: {detail}").format(
                                                   where=where, detail=detail),
                           status=status, detail=detail)
    if status in (429, 503):
        retry = response.headers.get("Retry-After") if response.headers else None
        later = _t("try again in {seconds} s").format(seconds=retry) if retry else _t("try again in a moment")
        return RemoteError(BUSY, where, _t("the district server at {where} cannot answer right now ({detail}); "
                                           "{later}").format(
                                            where=where, detail=detail, later=later),
                           status=status, detail=detail)
    if status >= 500:
        return RemoteError(SERVER_ERROR, where, _t("the district server at {where} failed ({detail}); ask its "
                                                   "admin to look at the server log").format(
                                                    where=where, detail=detail), status=status, detail=detail)
    return RemoteError(BAD_RESPONSE, where, not_itembank(where, f"unexpected HTTP {status}"), status=status,
                       detail=detail)
