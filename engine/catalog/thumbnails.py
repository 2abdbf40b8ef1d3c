"""Thumbnails of stored figures, made once and cached under the data dir (result cards show many)."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from engine.atomic import atomic_path

DEFAULT_SIZE = 256


def thumbnail_path(cache_dir: Path, sha256: str, size: int = DEFAULT_SIZE) -> Path:
    return cache_dir / sha256[:2] / f"{sha256}_{size}.png"


def ensure_thumbnail(source: Path, cache_dir: Path, sha256: str, size: int = DEFAULT_SIZE) -> Path:
    """Return the cached thumbnail of ``source``, making it first if needed (atomic write)."""
    target = thumbnail_path(cache_dir, sha256, size)
    if target.exists():
        return target
    target.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(source) as image:
        image = image.convert("RGBA") if image.mode in ("P", "LA", "RGBA") else image.convert("RGB")
        image.thumbnail((size, size), Image.Resampling.LANCZOS)
        if image.mode == "RGBA":
            canvas = Image.new("RGB", image.size, "white")
            canvas.paste(image, mask=image.getchannel("A"))
            image = canvas
        with atomic_path(target, suffix=".png") as tmp:
            image.save(tmp, "PNG", optimize=True)
    return target
