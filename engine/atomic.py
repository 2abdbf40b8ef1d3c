"""Write a file completely or not at all: a temporary file beside the target, then a rename.

A crash or an error leaves the old file (or no file) in place, never a half-written one. The new file
gets the ordinary permissions of a file the user creates (0666 less the umask), not mkstemp's 0600,
so reports and exports are readable like any other document.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _default_mode() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextmanager
def atomic_path(target: Path, suffix: str = ".tmp", mode: int | None = None) -> Iterator[Path]:
    """Yields a temporary path to write; on success it replaces ``target`` (with ``mode``, else the
    ordinary one), on error it is removed. The temporary file is 0600 while it is written."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=suffix)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        yield tmp
        os.chmod(tmp, _default_mode() if mode is None else mode)
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def write_bytes_atomic(target: Path, data: bytes) -> None:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)


def write_text_atomic(target: Path, text: str, encoding: str = "utf-8") -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding=encoding)


def write_private_text(target: Path, text: str) -> None:
    """A file that holds a secret (tokens, a database URL): readable by its owner only from the first
    byte (mkstemp's 0600, kept), flushed to disk before it replaces the old one."""
    with atomic_path(target, mode=0o600) as tmp:
        with open(tmp, "w", encoding="utf-8") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
