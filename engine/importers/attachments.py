"""Files embedded in Moodle/QTI packages: a figure is checked and unpacked, audio/video is named.

Checking the image here, under the name it has in the package, means a bad figure is reported as
"figure 'diagram.png' …" and never by the temporary path it was unpacked to; and an mp3 or mp4 is
reported as an attachment itembank does not keep, instead of failing the question as "not an image".
"""

from __future__ import annotations

import hashlib
import posixpath
from pathlib import Path

from engine.catalog.assets import AssetError, inspect_image
from engine.importers.markup import is_media
from engine.importers.report import RowProblem
from engine.i18n import _t


class MediaAttachment(Exception):
    """An audio/video file: the question is imported without it and the file is named in a warning."""

    def __init__(self, name: str) -> None:
        super().__init__(name)
        self.name = name


def media_note(where: str, names: list[str]) -> str:
    """The warning for audio/video a question referred to (names as written in the file)."""
    listed = ", ".join(repr(posixpath.basename(n.split("?", 1)[0]) or n) for n in dict.fromkeys(names))
    return _t("{where}: audio/video {listed} not imported — itembank keeps figures only; the question was "
              "imported without it").format(where=where, listed=listed)


def unpack_figure(data: bytes, name: str, scratch: Path) -> Path:
    """Write a figure to ``scratch`` (content-named) after checking it is an image itembank stores."""
    if is_media(name):
        raise MediaAttachment(name)
    try:
        inspect_image(data, f"figure {posixpath.basename(name)!r}")
    except AssetError as exc:
        raise RowProblem("images", str(exc)) from None
    target = scratch / f"{hashlib.sha256(data).hexdigest()[:16]}{posixpath.splitext(name)[1].lower()}"
    target.write_bytes(data)
    return target
