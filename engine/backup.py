"""Backup and restore of one bank folder as one verified archive (``itembank backup`` / ``restore``).

The archive is a ZIP file (Windows opens it without extra tools) holding ``manifest.json`` and the
bank's files under ``bank/``:

- ``catalog.sqlite3`` copied with SQLite's online backup API, so the copy is consistent even while the
  desktop app or the LAN server has the bank open (WAL readers and writers carry on);
- ``assets/`` (content-addressed figures), ``indexes/`` (each profile's vector index) and every other
  file of the bank (e.g. the server's token file);
- not ``cache/`` (thumbnails and uploads are rebuilt on demand), not SQLite's ``-wal``/``-shm`` side
  files, not temporary files of interrupted writes, and not ``models/`` unless asked
  (``--include-models``): model packs are gigabytes and are installed from their own pack.

The manifest lists every file with its size and sha256. ``restore`` checks the whole archive (paths,
sizes, hashes, the catalog's integrity and schema version) in a staging folder beside the target before
anything is replaced; the bank it replaces is renamed aside, never deleted, so a failure at any point
leaves either the old bank or the restored one in place, never a mixture; a journal written before the
renames lets the next open finish or undo a swap that a kill interrupted (``engine.restore_journal``).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import json
import os
import shutil
import sqlite3
import sys
import tempfile
import urllib.parse
import zipfile
from collections.abc import Callable, Iterator
import dataclasses
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from engine import __version__
from engine.i18n import _t
from engine.atomic import atomic_path
from engine.catalog.figure_check import SHA_NAME, FigureDamagedError
from engine.catalog.schema import SCHEMA_VERSION
from engine.errors import InvalidInput
from engine.paths import BankPaths
from engine.restore_journal import clear_journal, write_journal
from engine.safezip import ArchiveError, SafeZip, is_symlink, unsafe_member_reason

FORMAT = "itembank-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PREFIX = "bank/"
CATALOG = "catalog.sqlite3"
EXCLUDED_DIRS = ("cache",)
MODELS_DIR = "models"
CHUNK = 1 << 20
MANIFEST_CAP = 256 * 1024 * 1024  # about 120 bytes of JSON a file: room for two million files

Progress = Callable[[str], None]


class BackupError(InvalidInput):
    """A backup or restore that cannot go ahead; the message names the file and what to do."""


@dataclass
class BackupResult:
    archive: Path
    files: int
    bytes: int
    items: int


@dataclass
class RestoreResult:
    data_dir: Path
    files: int
    items: int
    previous: Path | None  # where the replaced bank was moved, if there was one
    models_kept: bool
    damaged_figures: list[str] = dataclasses.field(default_factory=list)  # figures whose bytes lost their sha256


def _now() -> str:
    return _dt.datetime.now(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _stamp() -> str:
    return _dt.datetime.now().strftime("%Y%m%d-%H%M%S")


RESTORE_MARKER = "restore-pending.json"  # engine/services/admin.py: a restore the app scheduled for the next start


def _is_temp_name(name: str) -> bool:
    """Leftovers of atomic writes (``.name.XXXX.tmp``) and SQLite side files."""
    return (name.startswith(".") and name.endswith((".tmp", ".part"))) or name.startswith(
        (CATALOG + "-wal", CATALOG + "-shm", CATALOG + "-journal"))


def bank_files(root: Path, *, include_models: bool = False) -> Iterator[tuple[str, Path]]:
    """(archive-relative POSIX path, file) for every file a backup holds, the catalog excepted."""
    for folder, dirs, files in os.walk(root):
        rel_folder = Path(folder).relative_to(root)
        if rel_folder == Path("."):
            dirs[:] = [d for d in dirs if d not in EXCLUDED_DIRS and (include_models or d != MODELS_DIR)]
        dirs.sort()
        for name in sorted(files):
            if rel_folder == Path(".") and name in (CATALOG, RESTORE_MARKER):
                continue  # a restore scheduled for this PC must not travel inside its own backups
            if _is_temp_name(name):
                continue
            path = Path(folder) / name
            if path.is_symlink() or not path.is_file():
                continue
            yield (rel_folder / name).as_posix(), path


def _ro_uri(path: Path) -> str:
    """A read-only SQLite URI for a path (quoted: '%', '?' and '#' are legal in folder names)."""
    return "file:" + urllib.parse.quote(path.resolve().as_posix(), safe="/:") + "?mode=ro"


def _snapshot_catalog(catalog: Path, dest: Path) -> int:
    """Consistent copy of a live catalog with the online backup API; returns the number of items."""
    try:
        source = sqlite3.connect(_ro_uri(catalog), uri=True, timeout=30)
    except sqlite3.DatabaseError as exc:
        raise BackupError(_t("{catalog}: cannot be opened ({exc}); check the data folder").format(
                              catalog=catalog, exc=exc)) from exc
    try:
        target = sqlite3.connect(dest)
        try:
            source.backup(target, pages=4096)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file in the archive
            check = target.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise BackupError(_t("{catalog}: the catalog is damaged ({check}); restore an older backup").format(
                                      catalog=catalog, check=check))
            try:
                items = int(target.execute("SELECT COUNT(*) FROM items").fetchone()[0])
            except sqlite3.DatabaseError:
                items = 0
        finally:
            target.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(_t("{catalog}: not a readable itembank catalog ({exc}); restore it from an older "
                             "backup").format(
                              catalog=catalog, exc=exc)) from exc
    finally:
        source.close()
    return items


def _copy_hashed(source: Path, zf: zipfile.ZipFile, arcname: str) -> tuple[int, str]:
    """Stream a file into the archive, hashing exactly the bytes written."""
    digest = hashlib.sha256()
    size = 0
    compress = zipfile.ZIP_STORED if arcname.lower().endswith((".png", ".jpg", ".jpeg", ".gif", ".webp")) \
        else zipfile.ZIP_DEFLATED
    info = zipfile.ZipInfo(arcname, date_time=_dt.datetime.now().timetuple()[:6])
    info.compress_type = compress
    info.external_attr = 0o644 << 16
    with open(source, "rb") as src, zf.open(info, "w", force_zip64=True) as dst:
        while chunk := src.read(CHUNK):
            digest.update(chunk)
            dst.write(chunk)
            size += len(chunk)
    return size, digest.hexdigest()


def figure_sha(rel: str) -> str | None:
    """The sha256 a figure under ``assets/`` is stored by (its file name), None for any other file."""
    parts = rel.split("/")
    if len(parts) != 3 or parts[0] != "assets":
        return None
    stem = parts[2].split(".", 1)[0]
    return stem if SHA_NAME.match(stem) else None


STALE_PART_S = 3600


def _remove_stale_parts(folder: Path) -> None:
    """Half-written archives (``.NAME.zip.XXXX.part``) of backups killed earlier in this folder: a live
    backup touches its file as it writes, so only those untouched for an hour go."""
    import time

    now = time.time()
    for path in folder.glob(".*.zip.*.part"):
        try:
            if path.is_file() and now - path.stat().st_mtime > STALE_PART_S:
                path.unlink()
        except OSError:
            continue


def default_archive_name() -> str:
    return f"itembank-backup-{_stamp()}.zip"


def _refuse_district_bank(paths: BankPaths) -> None:
    """A district bank lives on its PostgreSQL server: a zip of this folder would hold none of its items."""
    from engine.storage import redact, resolve_backend

    url = resolve_backend(paths)
    if url is not None:
        raise BackupError(_t("the items of this bank live on the district database {value}; back that up on the "
                             "database server with pg_dump (see docs/district.md), not with itembank backup").format(
                              value=redact(url)))


def create_backup(data_dir: str | os.PathLike | None, out: str | os.PathLike, *,
                  include_models: bool = False, progress: Progress | None = None) -> BackupResult:
    """Write one archive of the bank at ``data_dir`` to ``out`` (a file, or a folder to put it in)."""
    paths = BankPaths.resolve(data_dir)
    _refuse_district_bank(paths)
    if not paths.catalog.is_file():
        raise BackupError(_t("no item bank at {root} (no {CATALOG}); pass --data-dir with the bank folder to "
                             "back up").format(
                              root=paths.root, CATALOG=CATALOG))
    out_path = Path(out).expanduser()
    if out_path.is_dir():
        out_path = out_path / default_archive_name()
    if out_path.suffix.lower() != ".zip":
        raise BackupError(_t("{out_path}: a backup is a .zip file; give a name ending in .zip or a folder").format(
                              out_path=out_path))
    out_path = out_path.resolve()
    if out_path == paths.root or paths.root in out_path.parents:
        raise BackupError(_t("{out_path}: do not put the backup inside the bank folder {root}; choose another "
                             "folder (ideally another disk)").format(
                              out_path=out_path, root=paths.root))
    if not out_path.parent.is_dir():
        raise BackupError(_t("{parent}: folder does not exist; create it or choose another one").format(
                              parent=out_path.parent))
    if out_path.exists():
        raise BackupError(_t("{out_path}: already exists; choose another name (or a folder, for a dated name) so "
                             "an earlier backup is never overwritten").format(
                              out_path=out_path))

    say = progress or (lambda _m: None)
    _remove_stale_parts(out_path.parent)
    entries: list[dict] = []
    total = 0
    with tempfile.TemporaryDirectory(prefix="itembank-backup-") as tmp:
        snapshot = Path(tmp) / CATALOG
        say(f"copying the catalog {paths.catalog}")
        items = _snapshot_catalog(paths.catalog, snapshot)
        try:
            with atomic_path(out_path, suffix=".part") as part, \
                    zipfile.ZipFile(part, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
                size, sha = _copy_hashed(snapshot, zf, PREFIX + CATALOG)
                entries.append({"path": CATALOG, "size": size, "sha256": sha})
                total += size
                for rel, path in bank_files(paths.root, include_models=include_models):
                    try:
                        size, sha = _copy_hashed(path, zf, PREFIX + rel)
                    except FileNotFoundError:
                        continue  # removed while we were copying (e.g. an index being replaced)
                    if figure_sha(rel) not in (None, sha):
                        raise FigureDamagedError(figure_sha(rel), path, _t("its bytes do not match its sha256, so "
                                                                           "the backup was not written"))
                    entries.append({"path": rel, "size": size, "sha256": sha})
                    total += size
                    if len(entries) % 500 == 0:
                        say(f"{len(entries)} files, {total / 2**20:.1f} MiB")
                manifest = {
                    "format": FORMAT, "format_version": FORMAT_VERSION, "created": _now(),
                    "app_version": __version__, "schema_version": SCHEMA_VERSION, "items": items,
                    "source": str(paths.root), "include_models": include_models,
                    "files": entries,
                }
                zf.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1))
                zf.close()
                say("verifying the archive")
                verify_archive(part)
        except OSError as exc:
            raise BackupError(_t("{out_path}: cannot write the backup ({value}); check the free space and "
                                 "permissions of that folder").format(
                                  out_path=out_path, value=exc.strerror or exc)) from exc
    return BackupResult(out_path, len(entries), total, items)


# -- reading and verifying ------------------------------------------------------------------------

def _safe_rel(rel: object, archive: Path) -> str:
    if not isinstance(rel, str) or not rel or "\\" in rel or "\x00" in rel:
        raise BackupError(_t("{archive}: the manifest names an invalid path {rel!r}; the archive is not a valid "
                             "itembank backup").format(
                              archive=archive, rel=rel))
    pure = PurePosixPath(rel)
    if pure.is_absolute() or any(part in ("", ".", "..") for part in rel.split("/")) or ":" in rel:
        raise BackupError(_t("{archive}: the manifest names an unsafe path {rel!r}; the archive is not a valid "
                             "itembank backup").format(
                              archive=archive, rel=rel))
    return rel


def _refuse_unsafe_members(zf: zipfile.ZipFile, archive: Path) -> None:
    """Every member name must stay inside the archive (nothing absolute, no '..', no links)."""
    for info in zf.infolist():
        reason = unsafe_member_reason(info.filename) or ("a symbolic link" if is_symlink(info) else None)
        if reason:
            raise BackupError(f"{archive}: member {info.filename!r} is {reason} (an unsafe path); the "
                              "archive is not a valid itembank backup, use another one")


def open_backup(archive: Path, manifest: dict | None = None) -> SafeZip:
    """The archive through ``SafeZip``: with a manifest, each member may inflate to its listed size and
    the whole to their sum (a header that lies about a size is caught by the bytes really inflated)."""
    if manifest is None:
        member_cap, total_cap, count_cap = MANIFEST_CAP, MANIFEST_CAP, sys.maxsize
    else:
        sizes = [int(entry["size"]) for entry in manifest["files"]]
        member_cap = max([MANIFEST_CAP, *sizes])
        total_cap = sum(sizes) + MANIFEST_CAP
        count_cap = len(sizes) + 1
    try:
        return SafeZip(archive, str(archive), member_cap=member_cap, total_cap=total_cap, count_cap=count_cap)
    except ArchiveError as exc:
        raise BackupError(f"{exc}; use another backup") from None


def read_manifest(archive: Path) -> dict:
    archive = Path(archive)
    if not archive.is_file():
        raise BackupError(_t("{archive}: no such backup file; check the path").format(archive=archive))
    try:
        zf = zipfile.ZipFile(archive)
    except (zipfile.BadZipFile, OSError) as exc:
        raise BackupError(_t("{archive}: not a readable backup archive ({exc}); the file is damaged or not made "
                             "by `itembank backup`").format(
                              archive=archive, exc=exc)) from exc
    with zf:
        _refuse_unsafe_members(zf, archive)
    with open_backup(archive) as safe:
        try:
            raw = safe.read(MANIFEST)
        except KeyError:
            raise BackupError(_t("{archive}: no {MANIFEST} inside; this is not an itembank backup").format(
                                  archive=archive, MANIFEST=MANIFEST)) from None
        except ArchiveError as exc:
            raise BackupError(_t("{exc}; the manifest cannot be read, the file is damaged").format(exc=exc)) from None
    try:
        manifest = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(_t("{archive}: {MANIFEST} is not valid JSON ({exc}); the file is damaged").format(
                              archive=archive, MANIFEST=MANIFEST, exc=exc)) from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError(_t("{archive}: not an itembank backup (manifest format is {value!r})").format(
                              archive=archive, value=manifest.get('format') if isinstance(manifest, dict) else None))
    version = manifest.get("format_version")
    if not isinstance(version, int) or version > FORMAT_VERSION:
        raise BackupError(_t("{archive}: backup format {version!r} is newer than this itembank understands "
                             "({FORMAT_VERSION}); update itembank to restore it").format(
                              archive=archive, version=version, FORMAT_VERSION=FORMAT_VERSION))
    files = manifest.get("files")
    if not isinstance(files, list) or not files:
        raise BackupError(_t("{archive}: the manifest lists no files; the archive is not a valid backup").format(
                              archive=archive))
    seen = set()
    for entry in files:
        if not isinstance(entry, dict) or not isinstance(entry.get("sha256"), str) \
                or not isinstance(entry.get("size"), int):
            raise BackupError(_t("{archive}: a manifest entry is malformed ({entry!r}); the archive is not a "
                                 "valid backup").format(
                                  archive=archive, entry=entry))
        rel = _safe_rel(entry.get("path"), archive)
        if rel.lower() in seen:
            raise BackupError(_t("{archive}: the manifest lists {rel} twice; the archive is not a valid backup").format(
                                  archive=archive, rel=rel))
        seen.add(rel.lower())
    if CATALOG not in seen:
        raise BackupError(_t("{archive}: the backup holds no {CATALOG}; it cannot be restored").format(
                              archive=archive, CATALOG=CATALOG))
    schema = manifest.get("schema_version")
    if isinstance(schema, int) and schema > SCHEMA_VERSION:
        raise BackupError(_t("{archive}: the bank was saved by a newer itembank (catalog schema {schema}, this "
                             "one reads up to {SCHEMA_VERSION}); update itembank to restore it").format(
                              archive=archive, schema=schema, SCHEMA_VERSION=SCHEMA_VERSION))
    return manifest


class _HashingWriter:
    """Hashes what ``SafeZip.copy`` inflates and writes it on to a file (or nowhere)."""

    def __init__(self, out: BinaryIO | None) -> None:
        self.digest = hashlib.sha256()
        self.out = out

    def write(self, chunk: bytes) -> int:
        self.digest.update(chunk)
        if self.out is not None:
            self.out.write(chunk)
        return len(chunk)


def _extract_verified(zf: SafeZip, archive: Path, entry: dict, dest: Path | None) -> None:
    """Hash one member (and write it to ``dest`` when given); raise on any mismatch. The bytes come
    through ``SafeZip``, which stops at the size the manifest lists however the member's header lies."""
    rel = entry["path"]
    member = zf.infos.get(PREFIX + rel)
    if member is None:
        raise BackupError(_t("{archive}: {rel} is listed in the manifest but missing from the archive; the "
                             "backup is incomplete, use another one").format(
                              archive=archive, rel=rel))
    if member.file_size != entry["size"]:
        raise BackupError(_t("{archive}: {rel} has {file_size} bytes, the manifest says {size}; the backup is "
                             "damaged, use another one").format(
                              archive=archive, rel=rel, file_size=member.file_size, size=entry['size']))
    out = None
    try:
        if dest is not None:
            dest.parent.mkdir(parents=True, exist_ok=True)
            out = open(dest, "wb")  # noqa: SIM115
        writer = _HashingWriter(out)
        zf.copy(member.filename, writer, cap=max(1, entry["size"]))  # type: ignore[arg-type]
    except ArchiveError as exc:
        raise BackupError(_t("{exc}; the backup is damaged, use another one").format(exc=exc)) from None
    finally:
        if out is not None:
            out.close()
    if writer.digest.hexdigest() != entry["sha256"]:
        raise BackupError(_t("{archive}: {rel} does not match its sha256 in the manifest; the backup is damaged, "
                             "use another one").format(
                              archive=archive, rel=rel))


def verify_archive(archive: str | os.PathLike) -> dict:
    """Check every file of a backup against its manifest; returns the manifest."""
    archive = Path(archive)
    manifest = read_manifest(archive)
    with open_backup(archive, manifest) as zf:
        for entry in manifest["files"]:
            _extract_verified(zf, archive, entry, None)
    return manifest


def _check_catalog(path: Path, archive: Path) -> int:
    try:
        conn = sqlite3.connect(_ro_uri(path), uri=True)
        try:
            check = conn.execute("PRAGMA integrity_check").fetchone()[0]
            version = int(conn.execute("PRAGMA user_version").fetchone()[0])
            items = int(conn.execute("SELECT COUNT(*) FROM items").fetchone()[0])
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        raise BackupError(_t("{archive}: the catalog in the backup cannot be read ({exc}); use another backup").format(
                              archive=archive, exc=exc)) from exc
    if check != "ok":
        raise BackupError(_t("{archive}: the catalog in the backup is damaged ({check}); use another backup").format(
                              archive=archive, check=check))
    if version > SCHEMA_VERSION:
        raise BackupError(_t("{archive}: the bank was saved by a newer itembank (catalog schema {version}); "
                             "update itembank to restore it").format(
                              archive=archive, version=version))
    return items


def _has_content(folder: Path) -> bool:
    return folder.exists() and (not folder.is_dir() or any(folder.iterdir()))


def _free_name(path: Path) -> Path:
    """``path``, or ``path-2``, ``path-3`` …: two restores in the same second must not collide (the
    second would find the first one's kept bank where it wants to put the current one)."""
    candidate, number = path, 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}-{number}")
    return candidate


def restore_backup(archive: str | os.PathLike, data_dir: str | os.PathLike | None, *,
                   replace: bool = False, progress: Progress | None = None) -> RestoreResult:
    """Restore ``archive`` into ``data_dir``; an existing bank is replaced only with ``replace``."""
    archive = Path(archive).expanduser().resolve()
    say = progress or (lambda _m: None)
    manifest = read_manifest(archive)
    target = BankPaths.resolve(data_dir).root
    _refuse_district_bank(BankPaths(target))
    if target.exists() and not target.is_dir():
        raise BackupError(_t("{target}: exists and is not a folder; choose another --data-dir").format(
                              target=target))
    existing = _has_content(target)
    if existing and not replace:
        what = "a bank" if (target / CATALOG).exists() else "files"
        raise BackupError(_t("{target} already holds {what}; add --replace to restore over it (the current "
                             "folder is kept beside it, renamed) or choose an empty --data-dir").format(
                              target=target, what=what))
    if archive == target or target in archive.parents:
        raise BackupError(_t("{archive}: the backup lies inside the bank folder {target}; move it elsewhere "
                             "before restoring").format(
                              archive=archive, target=target))
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.restore-", dir=target.parent))
    previous: Path | None = None
    models_kept = False
    try:
        say(f"checking {len(manifest['files'])} files from {archive}")
        damaged: list[str] = []
        with open_backup(archive, manifest) as zf:
            for number, entry in enumerate(manifest["files"]):
                _extract_verified(zf, archive, entry, staging / entry["path"])
                if figure_sha(entry["path"]) not in (None, entry["sha256"]):
                    damaged.append(entry["path"])  # saved damaged by an older itembank: say so
                if number % 200 == 0:
                    os.utime(staging)  # a live restore: leftover cleaning leaves a fresh staging folder alone
        items = _check_catalog(staging / CATALOG, archive)
        # Everything is checked; only now is the current bank touched.
        # A journal first, so a kill between the renames is finished or undone on the next open.
        if existing:
            previous = _free_name(target.with_name(f"{target.name}.before-restore-{_stamp()}"))
            # Model packs are not in a backup unless asked; carry the installed ones over.
            models = target / MODELS_DIR
            move_models = models.is_dir() and not (staging / MODELS_DIR).exists()
            write_journal(target, staging, previous, move_models)
            if move_models:
                os.replace(models, staging / MODELS_DIR)
                models_kept = True
            try:
                os.replace(target, previous)
            except OSError as exc:
                if models_kept:
                    os.replace(staging / MODELS_DIR, models)
                    models_kept = False
                raise BackupError(_t("{target}: cannot be moved aside ({value}); close itembank (the app and any "
                                     "server) and try again").format(
                                      target=target, value=exc.strerror or exc)) from exc
        else:
            write_journal(target, staging, None, False)
            if target.exists():
                target.rmdir()  # empty folder
        try:
            os.replace(staging, target)
        except OSError as exc:
            if previous is not None:
                os.replace(previous, target)
                if models_kept:
                    os.replace(staging / MODELS_DIR, target / MODELS_DIR)
                previous, models_kept = None, False
            raise BackupError(_t("{target}: the restored bank cannot be put in place ({value}); nothing was "
                                 "changed, check the folder's permissions").format(
                                  target=target, value=exc.strerror or exc)) from exc
        clear_journal(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        clear_journal(target)
        raise
    return RestoreResult(target, len(manifest["files"]), items, previous, models_kept, damaged)
