"""Figures and thumbnails fetched from a district server, kept under the local bank's ``cache/``.

Figures are stored by their sha256 and checked against it before they are kept, so one cache serves
every server safely (the same hash always names the same bytes) and a damaged download never lands
under a valid name. Thumbnails cannot be checked that way; they are keyed by the figure's hash and
the size asked for (the server marks both immutable). Backups skip ``cache/``; deleting it only costs
downloads.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from engine.errors import InvalidInput
from engine.atomic import write_bytes_atomic
from engine.paths import BankPaths

SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Magic numbers of the figure formats the catalog accepts → file suffix (viewers go by the suffix).
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpg"), (b"GIF87a", "gif"), (b"GIF89a", "gif"),
    (b"BM", "bmp"), (b"II*\x00", "tif"), (b"MM\x00*", "tif"))
SUFFIXES = ("png", "jpg", "gif", "bmp", "webp", "tif", "bin")


def check_sha256(sha256: str) -> str:
    """A lower-case hex sha256, or ValueError (it becomes part of a file path and a URL)."""
    value = (sha256 or "").strip().lower()
    if not SHA256.match(value):
        raise InvalidInput(f"{sha256!r} is not a figure hash (64 hex digits)")
    return value


def sniff_suffix(data: bytes) -> str:
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    for magic, suffix in _SIGNATURES:
        if data.startswith(magic):
            return suffix
    return "bin"


def default_cache_dir(data_dir) -> Path:
    return BankPaths.resolve(data_dir).root / "cache" / "remote"


class FigureCache:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def figure(self, sha256: str) -> Path | None:
        """The cached figure file, or None."""
        sha = check_sha256(sha256)
        folder = self.root / "figures" / sha[:2]
        for suffix in SUFFIXES:
            path = folder / f"{sha}.{suffix}"
            if path.is_file():
                return path
        return None

    def put_figure(self, sha256: str, data: bytes) -> Path:
        """Keep ``data`` under ``sha256``; ValueError when the bytes are not the ones the hash names."""
        sha = check_sha256(sha256)
        actual = hashlib.sha256(data).hexdigest()
        if actual != sha:
            raise InvalidInput(f"the figure's bytes hash to {actual[:12]}…, not {sha[:12]}…")
        path = self.root / "figures" / sha[:2] / f"{sha}.{sniff_suffix(data)}"
        if not path.is_file():
            write_bytes_atomic(path, data)
        return path

    def thumbnail(self, sha256: str, size: int) -> Path | None:
        path = self._thumbnail_path(sha256, size)
        return path if path.is_file() else None

    def put_thumbnail(self, sha256: str, size: int, data: bytes) -> Path:
        if not data.startswith(b"\x89PNG\r\n\x1a\n"):
            raise InvalidInput("the thumbnail is not a PNG")
        path = self._thumbnail_path(sha256, size)
        write_bytes_atomic(path, data)
        return path

    def _thumbnail_path(self, sha256: str, size: int) -> Path:
        sha = check_sha256(sha256)
        return self.root / "thumbnails" / str(int(size)) / sha[:2] / f"{sha}.png"
