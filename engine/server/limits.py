"""Upload limits: request size (before and while reading the body) and query-image checks.

A school PC must survive a 2 GB upload by mistake and a 50 KB PNG that claims 100 000 × 100 000
pixels. The request size is refused from Content-Length before anything is read and counted again
while the body streams in (chunked uploads have no Content-Length); images are checked from their
header, before any pixel is decoded, and decoded in full only once the header passed.
"""

from __future__ import annotations

import io
import json
from dataclasses import dataclass

from fastapi import HTTPException, status
from PIL import Image, UnidentifiedImageError
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from engine.server.config import ServerConfig

QUERY_IMAGE_FORMATS = {"PNG": ".png", "JPEG": ".jpg", "GIF": ".gif", "BMP": ".bmp", "WEBP": ".webp",
                       "TIFF": ".tif"}


class PayloadTooLarge(HTTPException):
    def __init__(self, detail: str) -> None:
        super().__init__(status.HTTP_413_CONTENT_TOO_LARGE, detail)


def body_limit(config: ServerConfig, method: str, path: str) -> int:
    """The most bytes a request to ``path`` may send: uploads get their file limit plus envelope."""
    if method == "POST" and path == "/api/v1/search":
        return config.max_image_bytes + config.multipart_overhead
    if method == "POST" and path == "/api/v1/import":
        return config.max_import_bytes + config.multipart_overhead
    return config.max_plain_body


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB" if size >= 1024 * 1024 else f"{size // 1024} KB"


class BodySizeLimitMiddleware:
    """413 on a declared Content-Length over the limit; 413 again if the stream runs past it."""

    def __init__(self, app: ASGIApp, config: ServerConfig) -> None:
        self.app = app
        self.config = config

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = body_limit(self.config, scope["method"], scope["path"])
        declared = dict(scope["headers"]).get(b"content-length")
        if declared is not None:
            try:
                too_big = int(declared) > limit
            except ValueError:
                too_big = False  # the server (h11) rejects a malformed header itself
            if too_big:
                await _send_413(send, f"request body is larger than {_megabytes(limit)}")
                return
        received = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(f"request body is larger than {_megabytes(limit)}")
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except PayloadTooLarge as exc:  # raised outside a route's exception handling
            if started:
                raise
            await _send_413(send, str(exc.detail))


async def _send_413(send: Send, detail: str) -> None:
    body = json.dumps({"detail": detail}).encode("utf-8")
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})


@dataclass(frozen=True)
class CheckedImage:
    format: str
    suffix: str
    width: int
    height: int


def pixel_limit(config: ServerConfig) -> int:
    """The stricter of our limit and Pillow's MAX_IMAGE_PIXELS (which the catalog also lowers)."""
    pil_limit = Image.MAX_IMAGE_PIXELS
    return min(config.max_image_pixels, int(pil_limit)) if pil_limit else config.max_image_pixels


def check_query_image(data: bytes, config: ServerConfig) -> CheckedImage:
    """Refuse too-big, too-many-pixel, broken or unsupported images; pixels are decoded only after
    the header has shown that there are few enough of them."""
    if len(data) > config.max_image_bytes:
        raise PayloadTooLarge(f"image is larger than {_megabytes(config.max_image_bytes)}")
    if not data:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, "the uploaded image is empty")
    limit = pixel_limit(config)
    try:
        with Image.open(io.BytesIO(data)) as image:  # parses the header only
            width, height = image.size
            fmt = image.format or ""
            if width * height > limit:
                raise PayloadTooLarge(f"image is {width}×{height} pixels; the limit is "
                                      f"{limit / 1e6:.0f} megapixels")
            image.verify()  # structure and checksums, still without decoding the pixels
        # Now that the size is known to be bounded, decode once: a truncated or corrupt file fails
        # here with a 422 instead of later inside the model (as a server error).
        with Image.open(io.BytesIO(data)) as image:
            image.load()
    except Image.DecompressionBombError as exc:
        raise PayloadTooLarge(f"image has too many pixels ({exc})") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            f"the upload is not a readable image ({exc.__class__.__name__})") from exc
    suffix = QUERY_IMAGE_FORMATS.get(fmt)
    if suffix is None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            f"image format {fmt or 'unknown'} is not supported; use PNG, JPEG, GIF, "
                            "BMP, WEBP or TIFF")
    return CheckedImage(fmt, suffix, width, height)
