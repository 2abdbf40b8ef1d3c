"""Offline model packs: a model folder (Hugging Face layout) plus a manifest that lists every file with
its size and sha256, the pack's name, version, kind and licence.

School PCs get models from a USB stick, never from a hub. ``pack_folder`` writes the manifest (and
optionally one .tar archive) on the machine that downloaded the model; ``install_pack`` copies a pack
folder or archive into the bank's ``models/`` folder, hashing every byte as it is copied, and only a
fully verified copy is renamed into place — a damaged stick leaves the installed packs untouched.
IT staff can also point ``ITEMBANK_MODEL_DIRS`` at shared read-only folders of installed packs.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tarfile
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path, PurePosixPath

from engine.i18n import _t
from engine.atomic import write_text_atomic
from engine.errors import InvalidInput
from engine.models.baseline import BASELINE_KINDS
from engine.models.baseline.folders import kind_of_folder, open_baseline_folder
from engine.models.lite import ModelUnavailableError
from engine.models.offline import MANIFEST_NAME
from engine.models.qwen.loading import count_parameters, open_model_folder
from engine.safetar import extract_tar
from engine.safezip import ArchiveError, SafeZip

PACK_FORMAT = 1
INSTALL_RECORD = ".installed.json"  # size and mtime of each file when its sha256 was last verified
KINDS = ("embedder", "reranker", *BASELINE_KINDS)  # baseline: "text-embedder" (KURE-v1), "image-embedder" (SigLIP)
ENV_MODEL_DIRS = "ITEMBANK_MODEL_DIRS"  # extra read-only folders of installed packs (os.pathsep-separated)
ARCHIVE_SUFFIXES = (".tar", ".tar.gz", ".tgz", ".zip")
CHUNK = 4 * 1024 * 1024
PACK_MEMBER_CAP = 64 * 1024 ** 3  # one weights file (an 8B model in fp32 is ~32 GB)
PACK_TOTAL_CAP = 128 * 1024 ** 3  # everything unpacked from one archive, counted as it is inflated
PACK_COUNT_CAP = 10_000  # members of one archive (a Qwen3-VL pack has about 20 files)
Progress = Callable[[int, int], None]  # (bytes done, bytes total)


class PackError(InvalidInput):
    """A pack that cannot be built, installed or used; the message names the file and what to do."""


@dataclass(frozen=True)
class PackInfo:
    """An installed (or about to be installed) pack."""

    name: str
    version: str
    kind: str
    licence: str
    path: Path
    size: int
    files: int
    read_only: bool = False

    def to_dict(self) -> dict:
        return {"name": self.name, "version": self.version, "kind": self.kind, "licence": self.licence,
                "path": str(self.path), "size_bytes": self.size, "files": self.files,
                "shared": self.read_only}


# -- building a pack (on the machine that downloaded the model) --------------------------------------
def infer_kind(folder: Path, name: str) -> str | None:
    """embedder / reranker from the folder or pack name (the published names say which)."""
    text = f"{name} {folder.name}".lower()
    if "rerank" in text:
        return "reranker"
    if "embed" in text:
        return "embedder"
    return None


def _pack_files(folder: Path) -> list[Path]:
    """Every regular file under ``folder`` except the manifest and hidden files (e.g. .cache, .git)."""
    out = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or relative.as_posix() == MANIFEST_NAME:
            continue
        if path.is_symlink():
            raise PackError(_t("{path} is a symbolic link; copy the real file into the folder first").format(
                                path=path))
        if path.is_file():
            out.append(path)
    return out


def _byte_counter(total: int, progress: Progress | None) -> Callable[[int], None]:
    """``advance(n)``: n more bytes read; reports the running total of ``total`` to ``progress``."""
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, total)

    return advance


def sha256_file(path: Path, progress: Callable[[int], None] | None = None) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
            if progress:
                progress(len(chunk))
    return digest.hexdigest()


def pack_folder(folder: str | os.PathLike, *, name: str | None = None, version: str = "1",
                licence: str = "Apache-2.0", kind: str | None = None, source: str = "",
                output: str | os.PathLike | None = None, progress: Progress | None = None) -> dict:
    """Write the manifest into ``folder`` (and a .tar archive at ``output`` when given); returns it."""
    root = Path(folder).expanduser()
    baseline_kind = kind_of_folder(root)  # a KURE-v1 (text) or SigLIP (image) folder: the pilot's baseline
    if baseline_kind is not None:
        described = open_baseline_folder(root)
        architecture, hidden_size = described.family, described.dim
        if kind not in (None, baseline_kind):
            raise PackError(_t("{root} holds a {family} model, which packs as --kind {baseline_kind}").format(
                                root=root, family=described.family, baseline_kind=baseline_kind))
        kind = baseline_kind
    else:
        model = open_model_folder(root)  # a Qwen3-VL folder with config, tokenizer and weights
        architecture, hidden_size = model.config.get("model_type"), model.hidden_size
    name = name or root.resolve().name.lower()
    kind = kind or infer_kind(root, name)
    if kind not in KINDS:
        raise PackError(_t("cannot tell whether {root} is an embedder or a reranker: pass --kind embedder or "
                           "--kind reranker").format(
                            root=root))
    files = _pack_files(root)
    total = sum(p.stat().st_size for p in files)
    advance = _byte_counter(total, progress)
    entries = [{"path": p.relative_to(root).as_posix(), "size": p.stat().st_size,
                "sha256": sha256_file(p, advance)} for p in files]
    manifest = {"format": PACK_FORMAT, "name": name, "version": str(version), "kind": kind,
                "architecture": architecture, "hidden_size": hidden_size,
                "parameters": count_parameters(root), "licence": licence, "source": source,
                "created": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "total_size": total, "files": entries}
    write_text_atomic(root / MANIFEST_NAME, json.dumps(manifest, ensure_ascii=False, indent=2))
    if output is not None:
        _write_archive(root, Path(output).expanduser(), name, [*files, root / MANIFEST_NAME])
    return manifest


def _write_archive(root: Path, target: Path, name: str, files: list[Path]) -> None:
    if not target.name.endswith((".tar", ".tar.gz", ".tgz")):
        raise PackError(_t("{target}: name the archive .tar (weights do not compress; .tar.gz also works)").format(
                            target=target))
    mode = "w:gz" if target.name.endswith(("gz", "tgz")) else "w"
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.")
    os.close(fd)
    try:
        with tarfile.open(tmp_name, mode) as archive:
            for path in files:
                archive.add(path, arcname=f"{name}/{path.relative_to(root).as_posix()}", recursive=False)
        os.replace(tmp_name, target)
    except BaseException:
        Path(tmp_name).unlink(missing_ok=True)
        raise


# -- reading and checking ----------------------------------------------------------------------------
def read_manifest(folder: Path) -> dict:
    path = folder / MANIFEST_NAME
    if not path.is_file():
        raise PackError(_t("{folder} has no {MANIFEST_NAME}: it is not a model pack (build one with `itembank "
                           "models pack FOLDER` on the PC that downloaded the model)").format(
                            folder=folder, MANIFEST_NAME=MANIFEST_NAME))
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PackError(_t("{path} cannot be read: {exc}").format(path=path, exc=exc)) from None
    problems = [key for key in ("name", "version", "kind", "files") if key not in manifest]
    if problems or manifest.get("kind") not in KINDS or not isinstance(manifest.get("files"), list):
        raise PackError(_t("{path} is not a valid pack manifest (missing or wrong: {value})").format(
                            path=path, value=', '.join(problems) or 'kind/files'))
    if int(manifest.get("format", 1)) > PACK_FORMAT:
        raise PackError(_t("{path} was made by a newer itembank (pack format {format}); update itembank to "
                           "install it").format(
                            path=path, format=manifest['format']))
    for number, entry in enumerate(manifest["files"], start=1):
        _check_entry(entry, number, path)
    return manifest


def _check_entry(entry: object, number: int, manifest_path: Path) -> None:
    """One ``files`` entry is {"path": relative, "size": int ≥ 0, "sha256": 64 hex}; PackError otherwise."""
    where = f"{manifest_path}: files entry {number}"
    if not isinstance(entry, dict):
        raise PackError(_t("{where} is {kind} {value!r}, not an object with path, size and sha256; build the "
                           "pack again with `itembank models pack FOLDER`").format(
                            where=where, kind=type(entry).__name__, value=str(entry)[:60]))
    name = entry.get("path")
    if not isinstance(name, str) or not name:
        raise PackError(_t("{where} has no path; build the pack again with `itembank models pack FOLDER`").format(
                            where=where))
    size, digest = entry.get("size"), entry.get("sha256")
    if isinstance(size, bool) or not isinstance(size, int) or size < 0:
        raise PackError(_t("{where} ({name}) has no valid size; build the pack again").format(
                            where=where, name=name))
    if not isinstance(digest, str) or len(digest) != 64 or any(c not in "0123456789abcdef" for c in digest):
        raise PackError(_t("{where} ({name}) has no valid sha256; build the pack again").format(
                            where=where, name=name))
    _safe_relative(name, manifest_path)


def _safe_relative(name: str, where: Path | str) -> PurePosixPath:
    """A relative path that stays inside the pack (no absolute paths, no '..')."""
    pure = PurePosixPath(name.replace("\\", "/"))
    if not name or pure.is_absolute() or ".." in pure.parts or (pure.parts and ":" in pure.parts[0]):
        raise PackError(_t("{where}: the path {name!r} points outside the pack; the pack is not safe to install").format(
                            where=where, name=name))
    return pure


def verify_pack(folder: Path, manifest: dict | None = None, progress: Progress | None = None) -> None:
    """Every listed file present with its size and sha256; raises PackError naming the first bad one."""
    manifest = manifest or read_manifest(folder)
    total = sum(int(e.get("size", 0)) for e in manifest["files"])
    advance = _byte_counter(total, progress)
    for entry in manifest["files"]:
        path = folder / entry["path"]
        _refuse_links(folder, PurePosixPath(entry["path"]))
        if not path.is_file():
            raise PackError(_t("model pack file missing: {path}").format(path=path))
        if path.stat().st_size != int(entry["size"]):
            raise PackError(_t("model pack file is damaged (size {st_size}, expected {size}): {path}").format(
                                st_size=path.stat().st_size, size=entry['size'], path=path))
        if sha256_file(path, advance) != entry["sha256"]:
            raise PackError(_t("model pack file is damaged (sha256 differs): {path}; copy the pack again").format(
                                path=path))


# -- installing ----------------------------------------------------------------------------------------
def install_pack(source: str | os.PathLike, models_dir: Path, *, progress: Progress | None = None,
                 replace: bool = True) -> tuple[PackInfo, str]:
    """Install a pack folder or archive into ``models_dir``; returns (info, "installed" | "replaced" |
    "already installed"). Nothing under ``models_dir`` changes unless the new copy verified."""
    origin = Path(source).expanduser()
    if not origin.exists():
        raise PackError(_t("model pack not found: {origin}").format(origin=origin))
    models_dir.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(dir=models_dir, prefix=".installing-"))
    try:
        if origin.is_dir():
            manifest = read_manifest(origin)
            _copy_verified(origin, staging, manifest, progress)
        elif origin.name.lower().endswith(ARCHIVE_SUFFIXES):
            manifest = _extract_verified(origin, staging, progress)
        else:
            raise PackError(_t("{origin} is neither a pack folder nor a .tar/.tar.gz/.zip archive").format(
                                origin=origin))
        name = _safe_name(str(manifest["name"]), origin)
        check_model_folder(staging, str(manifest["kind"]))  # config, tokenizer and weights really are there
        _write_install_record(staging, manifest)
        target = models_dir / name
        status = "installed"
        if target.exists():
            old = read_manifest(target) if (target / MANIFEST_NAME).is_file() else {}
            if old.get("version") == manifest["version"] and old.get("files") == manifest["files"]:
                try:  # the installed copy is hashed too: rotted weights are replaced, never kept
                    verify_pack(target, old)
                    return _info(target, old), "already installed"
                except PackError:
                    replace = True
            if not replace:
                raise PackError(_t("a pack named {name!r} (version {value}) is already installed").format(
                                    name=name, value=old.get('version')))
            retired = models_dir / f".retired-{name}-{os.getpid()}"
            os.replace(target, retired)
            os.replace(staging, target)
            shutil.rmtree(retired, ignore_errors=True)
            status = "replaced"
        else:
            os.replace(staging, target)
        return _info(target, manifest), status
    finally:
        if staging.exists():
            shutil.rmtree(staging, ignore_errors=True)


def _write_install_record(folder: Path, manifest: dict) -> None:
    """Remember each verified file's size and mtime, so a load can tell cheaply that none changed."""
    record = {}
    for entry in manifest["files"]:
        info = (folder / entry["path"]).stat()
        record[entry["path"]] = [info.st_size, info.st_mtime_ns]
    (folder / INSTALL_RECORD).write_text(json.dumps(record), encoding="utf-8")


def check_unchanged(folder: Path, manifest: dict | None = None) -> None:
    """Cheap load-time check: every file there with its manifest size and, where the install recorded
    it, the same mtime. It catches truncated, replaced or edited weights; silent bit rot keeps size and
    mtime, which only ``itembank models check --verify`` (hashing every byte) finds."""
    manifest = manifest or read_manifest(folder)
    try:
        record = json.loads((folder / INSTALL_RECORD).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        record = {}  # a shared folder or an older install: sizes only
    for entry in manifest["files"]:
        path = folder / entry["path"]
        try:
            info = path.stat()
        except OSError:
            raise PackError(_t("model pack file missing: {path}; install the pack again").format(path=path)) from None
        seen = record.get(entry["path"]) if isinstance(record, dict) else None
        if info.st_size != int(entry["size"]) or (isinstance(seen, list) and seen != [info.st_size,
                                                                                     info.st_mtime_ns]):
            raise PackError(_t("model pack file changed since it was installed: {path}; run `itembank models "
                               "check --verify` or install the pack again").format(
                                path=path))


def _safe_name(name: str, origin: Path) -> str:
    cleaned = name.strip()
    if not cleaned or cleaned.startswith(".") or any(c in cleaned for c in '/\\:*?"<>|'):
        raise PackError(_t("{origin}: the pack name {name!r} cannot be a folder name").format(
                            origin=origin, name=name))
    return cleaned


def _copy_verified(origin: Path, staging: Path, manifest: dict, progress: Progress | None) -> None:
    """Copy each listed file while hashing the bytes read, so one pass both copies and verifies."""
    advance = _byte_counter(sum(int(e["size"]) for e in manifest["files"]), progress)
    for entry in manifest["files"]:
        relative = _safe_relative(entry["path"], origin)
        source, target = origin / relative, staging / relative
        _refuse_links(origin, relative)
        if not source.is_file():
            raise PackError(_t("model pack file missing: {source}").format(source=source))
        target.parent.mkdir(parents=True, exist_ok=True)
        digest = hashlib.sha256()
        with source.open("rb") as reader, target.open("wb") as writer:
            while chunk := reader.read(CHUNK):
                digest.update(chunk)
                writer.write(chunk)
                advance(len(chunk))
        if target.stat().st_size != int(entry["size"]) or digest.hexdigest() != entry["sha256"]:
            raise PackError(_t("model pack file is damaged (sha256 differs): {source}; copy the pack again").format(
                                source=source))
    (staging / MANIFEST_NAME).write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")


def _refuse_links(origin: Path, relative: PurePosixPath) -> None:
    """No part of a listed path may be a symbolic link: it could point at any file on the PC."""
    current = origin
    for part in relative.parts:
        current = current / part
        if current.is_symlink():
            raise PackError(_t("{current} is a symbolic link (to {value}); a pack holds real files only — copy "
                               "the real file into the pack folder").format(
                                current=current, value=os.readlink(current)))


def _extract_verified(archive: Path, staging: Path, progress: Progress | None) -> dict:
    """Unpack regular files only, refusing links and paths outside the pack; then verify."""
    unpacked = staging / ".unpacked"
    unpacked.mkdir()
    try:
        if archive.name.lower().endswith(".zip"):
            try:
                with SafeZip(archive, str(archive), member_cap=PACK_MEMBER_CAP, total_cap=PACK_TOTAL_CAP,
                             count_cap=PACK_COUNT_CAP) as bundle:
                    for info in bundle.infolist():
                        if not info.is_dir():
                            bundle.extract(info.filename, unpacked / _safe_relative(info.filename, archive))
            except ArchiveError as exc:
                raise PackError(_t("{exc}; copy the archive again").format(exc=exc)) from None
        else:
            try:
                extract_tar(archive, unpacked, str(archive), member_cap=PACK_MEMBER_CAP, total_cap=PACK_TOTAL_CAP,
                            count_cap=PACK_COUNT_CAP, check_name=lambda name: _safe_relative(name, archive))
            except ArchiveError as exc:
                raise PackError(_t("{exc}; copy the archive again").format(exc=exc)) from None
    except (tarfile.TarError, zipfile.BadZipFile, EOFError, OSError) as exc:
        raise PackError(_t("{archive} cannot be unpacked ({exc}); copy the archive again").format(
                            archive=archive, exc=exc)) from None
    candidates = [unpacked] + [p for p in unpacked.iterdir() if p.is_dir()]
    root = next((p for p in candidates if (p / MANIFEST_NAME).is_file()), None)
    if root is None:
        raise PackError(_t("{archive} holds no {MANIFEST_NAME}: it is not a model pack").format(
                            archive=archive, MANIFEST_NAME=MANIFEST_NAME))
    manifest = read_manifest(root)
    verify_pack(root, manifest, progress)
    for entry in manifest["files"]:
        target = staging / entry["path"]
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(root / entry["path"], target)
    os.replace(root / MANIFEST_NAME, staging / MANIFEST_NAME)
    shutil.rmtree(unpacked, ignore_errors=True)
    return manifest


def check_model_folder(folder: Path, kind: str) -> None:
    """The model files of a pack of ``kind`` are there: a Qwen3-VL checkpoint, or a baseline one (KURE-v1
    for "text-embedder", SigLIP / SigLIP 2 for "image-embedder"); raises ModelUnavailableError."""
    if kind in BASELINE_KINDS:
        open_baseline_folder(folder, kind=kind)
    else:
        open_model_folder(folder)


# -- finding installed packs ----------------------------------------------------------------------------
def shared_model_dirs() -> list[Path]:
    raw = os.environ.get(ENV_MODEL_DIRS, "")
    return [Path(p).expanduser() for p in raw.split(os.pathsep) if p.strip()]


def _info(folder: Path, manifest: dict, read_only: bool = False) -> PackInfo:
    files = manifest.get("files", [])
    return PackInfo(name=str(manifest["name"]), version=str(manifest["version"]), kind=str(manifest["kind"]),
                    licence=str(manifest.get("licence", "")), path=folder,
                    size=sum(int(e.get("size", 0)) for e in files), files=len(files), read_only=read_only)


def installed_packs(models_dir: Path) -> list[PackInfo]:
    """Packs in the bank's models folder, then in the shared folders (a name found first wins)."""
    found: dict[str, PackInfo] = {}
    for base, read_only in [(models_dir, False), *((d, True) for d in shared_model_dirs())]:
        if not base.is_dir():
            continue
        for folder in sorted(p for p in base.iterdir() if p.is_dir() and not p.name.startswith(".")):
            try:
                info = _info(folder, read_manifest(folder), read_only)
            except PackError:
                continue
            found.setdefault(info.name, info)
    return list(found.values())


def resolve_model(spec: str | os.PathLike, models_dir: Path, kind: str | None = None) -> Path:
    """A model folder from a path or an installed pack's name; the error lists what is installed."""
    path = Path(spec).expanduser()
    if path.is_dir():
        return path
    packs = installed_packs(models_dir)
    for info in packs:
        if info.name == str(spec):
            if kind and info.kind != kind:
                raise PackError(_t("the model pack {name!r} is a {kind} pack; this needs a {kind2}").format(
                                    name=info.name, kind=info.kind, kind2=kind))
            check_unchanged(info.path)
            return info.path
    names = ", ".join(p.name for p in packs if not kind or p.kind == kind) or "none"
    raise ModelUnavailableError(_t("no model folder or installed pack named {value!r} (installed: {names}); "
                                   "install one with `itembank models install PATH`").format(
                                    value=str(spec), names=names))


def default_pack(models_dir: Path, kind: str) -> PackInfo | None:
    """The installed pack of a kind to use when none is named: the smallest (2B before 8B)."""
    packs = [p for p in installed_packs(models_dir) if p.kind == kind]
    return min(packs, key=lambda p: (p.size, p.name)) if packs else None


def qwen_unavailable_reason(pack_name: str, models_dir: Path) -> str | None:
    """None when the Qwen embedding pack can run here, else what a teacher or IT admin should do."""
    from engine.models.qwen.loading import require_model_stack

    try:
        require_model_stack()
    except ModelUnavailableError as exc:
        return str(exc)
    if not any(p.name == pack_name and p.kind == "embedder" for p in installed_packs(models_dir)):
        return (f"the model pack {pack_name} is not installed on this PC; install it with "
                "`itembank models install PATH`")
    return None


def baseline_unavailable_reason(pack_name: str, kind: str, models_dir: Path) -> str | None:
    """None when a baseline pack (KURE-v1 or SigLIP) can run here, else what to install."""
    from engine.models.baseline.runtime import require_model_stack

    try:
        require_model_stack()
    except ModelUnavailableError as exc:
        return str(exc)
    if not any(p.name == pack_name and p.kind == kind for p in installed_packs(models_dir)):
        what = "KURE-v1 text" if kind == "text-embedder" else "SigLIP image"
        return (f"the {what} model pack {pack_name} is not installed on this PC; install it with "
                "`itembank models install PATH`")
    return None
