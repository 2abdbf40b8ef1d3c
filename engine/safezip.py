"""One zip reader for files from outside (HWPX papers, QTI packages, backups, model packs).

Why: ``zipfile`` trusts the sizes written in the archive, follows no policy on member names, and lets
CRC or truncation errors escape as tracebacks. ``SafeZip`` counts the bytes it actually inflates and
stops at a cap (per member and for the whole archive), caps the number of members, refuses absolute
paths, drive letters, ``..`` and symbolic links in member names, and turns every damage into one
``ArchiveError`` line naming the archive and the member.
"""

from __future__ import annotations

import io
import os
import stat
import zipfile
import zlib
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from engine.i18n import _t
from engine.errors import InvalidInput

MEMBER_CAP = 256 * 1024 * 1024
TOTAL_CAP = 2 * 1024 * 1024 * 1024
MEMBER_COUNT_CAP = 20_000
CHUNK = 1024 * 1024
_DAMAGE = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError)


class ArchiveError(InvalidInput):
    """A zip that is damaged, too large when inflated, or names members outside itself."""


def unsafe_member_reason(name: str) -> str | None:
    """Why a member name cannot be unpacked safely (None when it can): absolute, drive letter or '..'."""
    text = name.replace("\\", "/")
    if not text or "\x00" in text:
        return _t("an empty or NUL name")
    if text.startswith("/"):
        return _t("an absolute path")
    first = text.split("/", 1)[0]
    if len(first) >= 2 and first[1] == ":":
        return _t("a drive letter")
    if ".." in PurePosixPath(text).parts:
        return _t("a '..' path that leaves the archive")
    return None


def is_symlink(info: zipfile.ZipInfo) -> bool:
    """A member stored with Unix mode S_IFLNK (a symbolic link) — never unpacked."""
    return stat.S_ISLNK(info.external_attr >> 16)


class SafeZip:
    """An opened zip with caps; ``label`` is how errors name it (the user's file, never a temp path)."""

    def __init__(self, source: str | os.PathLike | bytes | BinaryIO, label: str, *,
                 member_cap: int = MEMBER_CAP, total_cap: int = TOTAL_CAP,
                 count_cap: int = MEMBER_COUNT_CAP) -> None:
        self.label = label
        self.member_cap = member_cap
        self.total_cap = total_cap
        self.inflated = 0
        handle = io.BytesIO(source) if isinstance(source, (bytes, bytearray)) else source
        try:
            self.zip = zipfile.ZipFile(handle)  # type: ignore[arg-type]
        except _DAMAGE as exc:
            raise ArchiveError(_t("{label}: damaged or not a zip archive ({exc})").format(label=label, exc=exc)) from None
        infos = self.zip.infolist()
        if len(infos) > count_cap:
            self.zip.close()
            raise ArchiveError(_t("{label}: {n_infos} members (more than {count_cap}); this is not a file "
                                  "itembank reads").format(
                                   label=label, n_infos=len(infos), count_cap=count_cap))
        for info in infos:
            reason = unsafe_member_reason(info.filename)
            if reason is None and is_symlink(info):
                reason = _t("a symbolic link")
            if reason:
                self.zip.close()
                raise ArchiveError(_t("{label}: member {filename!r} is {reason}; the archive is not safe to read").format(
                                       label=label, filename=info.filename, reason=reason))
        self.infos = {i.filename: i for i in infos}

    def __enter__(self) -> SafeZip:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()

    def close(self) -> None:
        self.zip.close()

    def namelist(self) -> list[str]:
        return list(self.infos)

    def infolist(self) -> list[zipfile.ZipInfo]:
        return list(self.infos.values())

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = self.infos.get(name)
        if info is None:
            raise KeyError(name)
        return info

    def copy(self, name: str, writer: BinaryIO, cap: int | None = None) -> int:
        """Inflate one member into ``writer``, counting real bytes; returns how many were written."""
        info = self._info(name)
        limit = min(cap or self.member_cap, self.member_cap)
        if info.file_size > limit:
            raise ArchiveError(_t("{label}: member {name} is too large ({file_size} bytes, the limit is {limit})").format(
                                   label=self.label, name=name, file_size=info.file_size, limit=limit))
        written = 0
        try:
            with self.zip.open(info) as reader:
                while chunk := reader.read(CHUNK):
                    written += len(chunk)
                    self.inflated += len(chunk)
                    if written > limit:
                        raise ArchiveError(_t("{label}: member {name} inflates to more than {limit} bytes (its "
                                              "header says less); the archive is not safe to read").format(
                                               label=self.label, name=name, limit=limit))
                    if self.inflated > self.total_cap:
                        raise ArchiveError(_t("{label}: the archive inflates to more than {total_cap} bytes (at "
                                              "member {name}); not safe to read").format(
                                               label=self.label, total_cap=self.total_cap, name=name))
                    writer.write(chunk)
        except _DAMAGE as exc:
            raise ArchiveError(_t("{label}: damaged archive (member {name}): {exc}; copy or save the file again").format(
                                   label=self.label, name=name, exc=exc)) from None
        return written

    def read(self, name: str, cap: int | None = None) -> bytes:
        """One member's bytes, with the caps applied (KeyError when there is no such member)."""
        buffer = io.BytesIO()
        self.copy(name, buffer, cap)
        return buffer.getvalue()

    def extract(self, name: str, target: Path, cap: int | None = None) -> int:
        """Stream one member to ``target`` (its folder is created); a partial file is removed on error."""
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("wb") as writer:
                return self.copy(name, writer, cap)
        except BaseException:
            target.unlink(missing_ok=True)
            raise


def inflate_capped(data: bytes, cap: int, label: str, wbits: int = zlib.MAX_WBITS) -> bytes:
    """Inflate a zlib/deflate stream (an HWP 5 section) stopping as soon as it passes ``cap`` bytes."""
    inflater = zlib.decompressobj(wbits)
    out = io.BytesIO()
    pending = data
    try:
        while pending:
            chunk = inflater.decompress(pending, CHUNK)
            out.write(chunk)
            if out.tell() > cap:
                raise ArchiveError(_t("{label}: inflates to more than {cap} bytes; not a file itembank reads").format(
                                       label=label, cap=cap))
            pending = inflater.unconsumed_tail
            if not chunk and not pending:
                break
        out.write(inflater.flush())
    except zlib.error as exc:
        raise ArchiveError(_t("{label}: damaged compressed stream ({exc}); save the file again").format(
                               label=label, exc=exc)) from None
    if out.tell() > cap:
        raise ArchiveError(_t("{label}: inflates to more than {cap} bytes; not a file itembank reads").format(
                               label=label, cap=cap))
    return out.getvalue()
