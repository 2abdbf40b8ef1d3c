"""Checksums of index files: a damaged usearch file must never give silently wrong results.

Each ``<profile>-g<N>.usearch`` gets a sidecar ``<file>.blake2b`` (one line: the hex digest and the size)
written atomically right after the index itself and before the catalog switches to that generation.
Loading streams the file through blake2b and compares. A file saved before checksums existed has no
sidecar: it is *unverified* but used, and the next save writes one.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from engine.atomic import write_text_atomic
from engine.i18n import _t

SUFFIX = ".blake2b"
CHUNK = 1 << 20


def sidecar_of(path: Path) -> Path:
    return path.with_name(path.name + SUFFIX)


def file_digest(path: Path) -> tuple[str, int]:
    """(blake2b hex digest, size) of a file, read in chunks so a large index costs no memory."""
    digest = hashlib.blake2b(digest_size=32)
    size = 0
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


def write_checksum(path: Path) -> None:
    digest, size = file_digest(path)
    write_text_atomic(sidecar_of(path), f"{digest} {size}\n")


def verify_checksum(path: Path) -> str | None:
    """None when the file matches its checksum (or has none yet: ``has_checksum`` tells), else why not."""
    sidecar = sidecar_of(path)
    try:
        recorded = sidecar.read_text(encoding="ascii").split()
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError) as exc:
        return _t("its checksum file {name} cannot be read ({error})").format(name=sidecar.name, error=exc)
    if len(recorded) != 2 or not recorded[1].isdigit():
        return _t("its checksum file {name} is damaged").format(name=sidecar.name)
    digest, size = file_digest(path)
    if size != int(recorded[1]):
        return _t("{name} has {size} bytes, its checksum says {recorded} (the file is damaged)").format(
            name=path.name, size=size, recorded=recorded[1])
    if digest != recorded[0]:
        return _t("{name} does not match its checksum (the file is damaged)").format(name=path.name)
    return None


def has_checksum(path: Path) -> bool:
    return sidecar_of(path).is_file()
