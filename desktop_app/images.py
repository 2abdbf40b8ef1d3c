"""Getting a query image from a drop or the clipboard, as a file the engine can read.

A dropped file is used where it lies. Pixels without a file (a screenshot on the clipboard, an image
dragged out of a browser) are saved as PNG into a temporary folder owned by the window.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from PySide6.QtCore import QMimeData
from PySide6.QtGui import QImage, QImageReader

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"}

_counter = itertools.count(1)


def is_image_file(path: Path) -> bool:
    """True for an existing file with an image suffix that Qt can actually read."""
    if not path.is_file() or path.suffix.lower() not in IMAGE_SUFFIXES:
        return False
    return bool(QImageReader(str(path)).format())


def image_files_in(mime: QMimeData) -> list[Path]:
    """Local files in ``mime`` (dropped from Explorer/Finder), images or not."""
    if not mime.hasUrls():
        return []
    return [Path(url.toLocalFile()) for url in mime.urls() if url.isLocalFile()]


def mime_has_image(mime: QMimeData) -> bool:
    """Whether a drag or the clipboard carries something we can search with."""
    if mime.hasImage():
        return True
    return any(p.suffix.lower() in IMAGE_SUFFIXES for p in image_files_in(mime))


def save_image(image: QImage, folder: Path, stem: str = "pasted") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-{next(_counter)}.png"
    if not image.save(str(path), "PNG"):
        raise OSError(f"could not save the image to {path}")
    return path


def image_from_mime(mime: QMimeData, temp_folder: Path) -> tuple[Path | None, str | None]:
    """(image file, None) — or (None, name of the first thing that was not an image)."""
    files = image_files_in(mime)
    for path in files:
        if is_image_file(path):
            return path, None
    if mime.hasImage():
        image = QImage(mime.imageData())
        if not image.isNull():
            return save_image(image, temp_folder), None
    if files:
        return None, files[0].name
    return None, ""
