"""Content-addressed image store: each figure is kept once, under its sha256, in the data dir.

Files are written to a temporary name and renamed, so a crash never leaves a half-written image under
a valid hash. ``AssetWriteLog`` remembers which files a transaction created so a rollback can remove
exactly those and nothing that was already there.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from engine.i18n import _t
from engine.atomic import write_bytes_atomic
from engine.errors import InvalidInput

# Refuse absurd images before decoding them (a 20000×20000 PNG is a few KB on disk, 1.6 GB in memory).
MAX_IMAGE_PIXELS = 64_000_000
Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS

_EXT_BY_FORMAT = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "BMP": "bmp", "WEBP": "webp",
                  "TIFF": "tif"}


class AssetError(InvalidInput):
    """An image that cannot be stored: missing, unreadable, not an image, or too large."""


@dataclass(frozen=True)
class ImageInfo:
    sha256: str
    ext: str
    width: int
    height: int
    size_bytes: int


@dataclass
class AssetWriteLog:
    """Files created during one transaction, removed again if it rolls back."""

    created: list[Path] = field(default_factory=list)

    def discard(self) -> None:
        for path in self.created:
            path.unlink(missing_ok=True)
        self.created.clear()


def inspect_image(data: bytes, origin: str) -> ImageInfo:
    """Hash and check image bytes; ``origin`` names the file in error messages."""
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
        with Image.open(io.BytesIO(data)) as image:
            fmt = image.format or ""
            width, height = image.size
            image.load()  # decodes the pixels: verify() passes a JPEG cut short, load() does not
    except Image.DecompressionBombError as exc:
        raise AssetError(_t("{origin}: image is too large ({exc})").format(origin=origin, exc=exc)) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise AssetError(_t("{origin}: not a readable image ({kind})").format(
                             origin=origin, kind=exc.__class__.__name__)) from exc
    ext = _EXT_BY_FORMAT.get(fmt)
    if ext is None:
        raise AssetError(_t("{origin}: image format {value} is not supported; use PNG, JPEG, GIF, BMP, WEBP or "
                            "TIFF").format(
                             origin=origin, value=fmt or 'unknown'))
    return ImageInfo(hashlib.sha256(data).hexdigest(), ext, width, height, len(data))


class AssetStore:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path_for(self, sha256: str, ext: str) -> Path:
        return self.root / sha256[:2] / f"{sha256}.{ext}"

    def read_source(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except FileNotFoundError as exc:
            raise AssetError(_t("{path}: image file not found").format(path=path)) from exc
        except OSError as exc:
            raise AssetError(_t("{path}: image file cannot be read ({strerror})").format(
                                 path=path, strerror=exc.strerror)) from exc

    def put_bytes(self, data: bytes, origin: str, log: AssetWriteLog | None = None) -> ImageInfo:
        info = inspect_image(data, origin)
        target = self.path_for(info.sha256, info.ext)
        if target.exists():
            return info
        write_bytes_atomic(target, data)
        if log is not None:
            log.created.append(target)
        return info

    def put_file(self, path: Path, log: AssetWriteLog | None = None) -> ImageInfo:
        return self.put_bytes(self.read_source(path), str(path), log)
