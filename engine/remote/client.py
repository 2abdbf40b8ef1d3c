"""``RemoteBank``: a district server's bank, searched like a local ``ItemBank``.

It speaks the REST API of ``itembank serve`` (docs/server.md) with the standard library only and hands
back the engine's own dataclasses (``SearchResult``, ``SearchHit``, ``Item``), so the CLI and the
desktop app draw remote results with the code that draws local ones. Every failure is a
``RemoteError`` whose message names the URL and says what to do.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path
from urllib.parse import quote

from engine.i18n import _t
from engine.errors import InvalidInput, NotFound
from engine.services.search import SearchRequest, SearchResult
from engine.items import Item
from engine.remote.cache import (
    FigureCache,
    check_sha256,
    default_cache_dir,
    sniff_suffix,
)
from engine.remote.config import API_PREFIX, RemoteConfig, mask_token, normalize_url
from engine.remote.errors import BAD_RESPONSE, NOT_FOUND, RemoteError
from engine.remote.http import (
    MAX_IMAGE_BYTES,
    Transport,
    Upload,
    multipart,
    not_itembank,
)
from engine.remote.wire import (
    RemoteHealth,
    WireError,
    health_from_wire,
    item_from_wire,
    result_from_wire,
)

DEFAULT_TIMEOUT = 15.0   # a semantic search on a busy district server may take seconds
HEALTH_TIMEOUT = 5.0     # "연결 확인" should answer quickly when nothing is there
IMAGE_TIMEOUT = 60.0     # a large scanned figure on a slow school link
MAX_K = 100              # the server's limit for k (engine/server/routes/search.py)
_MEDIA_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "bmp": "image/bmp",
                "webp": "image/webp", "tif": "image/tiff"}


class RemoteBank:
    """One district server. ``cache_dir`` keeps downloaded figures and thumbnails (by sha256); without
    it, ``image_path``/``thumbnail_path`` are unavailable and bytes are fetched each time."""

    def __init__(self, url: str, token: str = "", *, cache_dir: str | os.PathLike | None = None,
                 timeout: float = DEFAULT_TIMEOUT) -> None:
        self.url = normalize_url(url)
        self.token = (token or "").strip()
        self.timeout = timeout
        self.cache = FigureCache(Path(cache_dir)) if cache_dir is not None else None
        self._http = Transport(self.url + API_PREFIX, self.token, timeout)

    @classmethod
    def for_bank(cls, config: RemoteConfig, data_dir, **kwargs) -> RemoteBank:
        """The client a local bank uses: its saved server, its cache folder."""
        return cls(config.url, config.token, cache_dir=default_cache_dir(data_dir), **kwargs)

    def __repr__(self) -> str:
        return f"RemoteBank({self.url!r}, token={mask_token(self.token) or 'none'})"

    # -- the server -----------------------------------------------------------------------
    def health(self) -> RemoteHealth:
        """Version, item count and search modes (no token needed)."""
        try:
            response = self._http.request("GET", "/health", timeout=HEALTH_TIMEOUT)
        except RemoteError as exc:
            if exc.kind == NOT_FOUND:  # something answers, but it has no itembank API
                raise RemoteError(BAD_RESPONSE, exc.url, not_itembank(exc.url, "no /api/v1/health"),
                                  status=exc.status) from exc
            raise
        return self._parse(response.url, lambda: health_from_wire(self.url, response.json()))

    def check(self) -> RemoteHealth:
        """``health()`` plus one search with the token, so a wrong or revoked token shows up here and
        not at the teacher's first real search."""
        health = self.health()
        self._http.request("GET", "/search", params={"q": "", "k": 1, "mode": "keyword"},
                           timeout=HEALTH_TIMEOUT)
        return health

    # -- searching ------------------------------------------------------------------------
    def search(self, request: SearchRequest) -> SearchResult:
        """The server's answer to ``request`` (k is capped at the server's 100). A query image is
        uploaded (POST /search, multipart); text only is a GET."""
        fields = self._search_fields(request)
        if request.image:
            image = Path(request.image)
            try:
                data = image.read_bytes()
            except OSError as exc:
                raise NotFound(_t("{image}: the query image cannot be read ({value})").format(
                                   image=image, value=exc.strerror or exc)) from exc
            suffix = sniff_suffix(data)
            body, content_type = multipart(
                {"text" if k == "q" else k: str(v) for k, v in fields.items()},
                [Upload("image", image.name, data, _MEDIA_TYPES.get(suffix, "application/octet-stream"))])
            response = self._http.request("POST", "/search", body=body, content_type=content_type)
        else:
            response = self._http.request("GET", "/search", params=fields)
        return self._parse(response.url, lambda: result_from_wire(response.json()))

    @staticmethod
    def _search_fields(request: SearchRequest) -> dict[str, object]:
        if request.k < 1:
            raise InvalidInput(_t("k must be at least 1"))
        fields: dict[str, object] = {"q": request.text, "k": min(request.k, MAX_K), "mode": request.mode}
        for name in ("subject", "grade", "type", "difficulty", "standard", "unit"):
            value = getattr(request.filters, name).strip()
            if value:
                fields[name] = value
        if request.profile:
            fields["profile"] = request.profile
        if request.rerank:
            fields["rerank"] = request.rerank
        return fields

    def similar(self, item_id: str, k: int = 10) -> SearchResult:
        response = self._http.request("GET", f"/items/{_segment(item_id)}/similar", params={"k": min(k, MAX_K)})
        return self._parse(response.url, lambda: result_from_wire(response.json()))

    # -- items and figures ----------------------------------------------------------------
    def get(self, item_id: str) -> Item | None:
        """The item in full, or None when the server has no such item (like ``ItemBank.get``)."""
        try:
            response = self._http.request("GET", f"/items/{_segment(item_id)}")
        except RemoteError as exc:
            if exc.kind == NOT_FOUND:
                return None
            raise
        return self._parse(response.url, lambda: item_from_wire(response.json()))

    def require(self, item_id: str) -> Item:
        item = self.get(item_id)
        if item is None:
            raise RemoteError(NOT_FOUND, f"{self.url}{API_PREFIX}/items/{_segment(item_id)}",
                              _t("the district server at {url} has no item with id {item_id!r}").format(
                                  url=self.url, item_id=item_id))
        return item

    def image_bytes(self, sha256: str) -> bytes:
        """A figure's original bytes, checked against its sha256 (from the cache when there)."""
        return self.image_path(sha256).read_bytes() if self.cache is not None else self._download(sha256)

    def image_path(self, sha256: str) -> Path:
        """The cached figure file, downloaded first if needed."""
        cache = self._require_cache()
        return cache.figure(sha256) or cache.put_figure(sha256, self._download(sha256))

    def thumbnail_bytes(self, sha256: str, size: int = 256) -> bytes:
        if self.cache is not None:
            return self.thumbnail_path(sha256, size).read_bytes()
        return self._thumbnail(sha256, size)

    def thumbnail_path(self, sha256: str, size: int = 256) -> Path:
        cache = self._require_cache()
        found = cache.thumbnail(sha256, size)
        if found is not None:
            return found
        data = self._thumbnail(sha256, size)
        try:
            return cache.put_thumbnail(sha256, size, data)
        except ValueError as exc:
            raise RemoteError(BAD_RESPONSE, self.url, not_itembank(self.url, str(exc))) from exc

    def _download(self, sha256: str) -> bytes:
        sha = check_sha256(sha256)
        response = self._http.request("GET", f"/images/{sha}", timeout=max(self.timeout, IMAGE_TIMEOUT),
                                      max_bytes=MAX_IMAGE_BYTES)
        if hashlib.sha256(response.body).hexdigest() != sha:
            raise RemoteError(BAD_RESPONSE, response.url, _t("{url}: the figure's bytes do not match its sha256 "
                                                             "(damaged on the way?); try again").format(
                                                              url=response.url))
        return response.body

    def _thumbnail(self, sha256: str, size: int) -> bytes:
        sha = check_sha256(sha256)
        response = self._http.request("GET", f"/images/{sha}/thumbnail", params={"size": int(size)},
                                      max_bytes=MAX_IMAGE_BYTES)
        return response.body

    def _require_cache(self) -> FigureCache:
        if self.cache is None:
            raise InvalidInput(_t("this RemoteBank has no cache folder; pass cache_dir or use image_bytes()"))
        return self.cache

    @staticmethod
    def _parse(url: str, build):
        try:
            return build()
        except WireError as exc:
            raise RemoteError(BAD_RESPONSE, url, not_itembank(url, str(exc))) from exc


def _segment(item_id: str) -> str:
    if not item_id:
        raise InvalidInput(_t("an item id is needed"))
    return quote(item_id, safe="")
