"""One tar reader (.tar, .tar.gz, .tgz) with the caps ``engine.safezip`` gives zips (model packs).

Why: ``tarfile`` unpacks whatever an archive lists — links pointing anywhere, devices, absolute paths,
a million empty members, a .tar.gz that inflates to terabytes. ``extract_tar`` unpacks regular files
only, under names that stay inside the archive (the same rule as zips: no absolute path, drive letter
or ``..``), caps the member count, each member's size and the bytes it really writes in all, and turns
a damaged or truncated archive into one ``ArchiveError`` line naming the archive and the member.
"""

from __future__ import annotations

import tarfile
import zlib
from collections.abc import Callable
from pathlib import Path, PurePosixPath

from engine.safezip import CHUNK, ArchiveError, unsafe_member_reason
from engine.i18n import _t

_DAMAGE = (tarfile.TarError, EOFError, zlib.error, OSError)  # gzip.BadGzipFile is an OSError


def _check_member(member: tarfile.TarInfo, label: str, member_cap: int) -> None:
    reason = unsafe_member_reason(member.name)
    if reason:
        raise ArchiveError(_t("{label}: member {filename!r} is {reason}; the archive is not safe to read").format(
            label=label, filename=member.name, reason=reason))
    if member.isdir():
        return
    if not member.isfile():
        text = (_t("{label}: member {name!r} is a link; only regular files are unpacked, the archive is not "
                   "safe to read") if member.issym() or member.islnk() else
                _t("{label}: member {name!r} is a device or special file; only regular files are unpacked, the "
                   "archive is not safe to read"))
        raise ArchiveError(text.format(label=label, name=member.name))
    if member.size > member_cap:
        raise ArchiveError(_t("{label}: member {name} is too large ({file_size} bytes, the limit is {limit})").format(
            label=label, name=member.name, file_size=member.size, limit=member_cap))


def extract_tar(archive: Path, dest: Path, label: str, *, member_cap: int, total_cap: int,
                count_cap: int, check_name: Callable[[str], object] | None = None) -> list[PurePosixPath]:
    """Unpack the regular files of ``archive`` under ``dest``; returns their relative paths.

    ``check_name`` may refuse a member name first with the caller's own error. A partial file is removed
    when an error stops it (the caller removes ``dest`` itself)."""
    written_total = 0
    count = 0
    unpacked: list[PurePosixPath] = []
    name = ""
    try:
        with tarfile.open(archive, "r:*") as bundle:
            for member in bundle:
                name = member.name
                if check_name is not None:
                    check_name(name)
                count += 1
                if count > count_cap:
                    raise ArchiveError(_t("{label}: more than {count_cap} members; this is not a file itembank "
                                          "reads").format(label=label, count_cap=count_cap))
                _check_member(member, label, member_cap)
                if member.isdir():
                    continue
                if written_total + member.size > total_cap:
                    raise ArchiveError(_t("{label}: the archive unpacks to more than {total_cap} bytes (at "
                                          "member {name}); not safe to read").format(
                                              label=label, total_cap=total_cap, name=name))
                relative = PurePosixPath(name.replace("\\", "/"))
                target = dest.joinpath(*relative.parts)
                target.parent.mkdir(parents=True, exist_ok=True)
                reader = bundle.extractfile(member)
                if reader is None:
                    raise ArchiveError(_t("{label}: member {name!r} cannot be read as a file").format(
                        label=label, name=name))
                written = 0
                try:
                    with reader, target.open("wb") as writer:
                        while chunk := reader.read(CHUNK):
                            written += len(chunk)
                            if written > member.size:  # tarfile reads exactly member.size: never
                                raise ArchiveError(_t("{label}: member {name} holds more than its header "
                                                      "says").format(label=label, name=name))
                            writer.write(chunk)
                except BaseException:
                    target.unlink(missing_ok=True)
                    raise
                if written != member.size:
                    target.unlink(missing_ok=True)
                    raise ArchiveError(_t("{label}: member {name} is truncated ({written} of {size} bytes); "
                                          "copy the archive again").format(
                                              label=label, name=name, written=written, size=member.size))
                written_total += written
                unpacked.append(relative)
    except ArchiveError:
        raise
    except _DAMAGE as exc:
        text = (_t("{label}: damaged or truncated archive (member {name}): {exc}; copy the archive again")
                if name else _t("{label}: damaged or truncated archive: {exc}; copy the archive again"))
        raise ArchiveError(text.format(label=label, name=name, exc=exc)) from None
    return unpacked
