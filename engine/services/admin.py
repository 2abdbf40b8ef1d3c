"""What a school's IT admin does to a bank without a terminal: back it up, restore it, see its disk use,
and hand out tokens for the LAN server.

Restore from a running app is *staged*: the archive is verified now and a small marker is left in the
data folder; the swap happens at the next start, before anything opens the catalog, through the same
``restore_backup`` the CLI uses (which keeps the replaced bank beside the new one). Replacing a bank
under an open window would leave every view reading files that are gone.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from engine.atomic import write_private_text
from engine.backup import RESTORE_MARKER
from engine.paths import BankPaths


@dataclass(frozen=True)
class DiskUsage:
    """Bytes on disk by part of the bank, for the settings page ("문항 DB 12 MB · 그림 340 MB …")."""
    root: Path
    catalog: int
    figures: int
    indexes: int
    models: int
    other: int

    @property
    def total(self) -> int:
        return self.catalog + self.figures + self.indexes + self.models + self.other


@dataclass(frozen=True)
class ScheduledRestore:
    archive: Path
    items: int | None
    created: str | None


@dataclass(frozen=True)
class AppliedRestore:
    """What a restore carried out at start did: from which archive, how many items, where the old bank is."""
    archive: Path
    items: int
    previous: Path | None


def _folder_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        for name in files:
            try:
                total += os.lstat(os.path.join(dirpath, name)).st_size
            except OSError:  # a file removed while we count
                continue
    return total


def disk_usage(paths: BankPaths) -> DiskUsage:
    root = paths.root
    catalog = sum(p.stat().st_size for p in root.glob(paths.catalog.name + "*") if p.is_file())
    figures = _folder_bytes(paths.assets) + _folder_bytes(paths.thumbnails)
    indexes = _folder_bytes(paths.indexes)
    models = _folder_bytes(paths.models)
    other = max(_folder_bytes(root) - catalog - figures - indexes - models, 0)
    return DiskUsage(root=root, catalog=catalog, figures=figures, indexes=indexes, models=models, other=other)


def backup_to(paths: BankPaths, out: str | os.PathLike, *, include_models: bool = False,
              progress: Callable[[str], None] | None = None):
    """One verified archive of the bank (engine.backup.create_backup), from the app or the server."""
    from engine.backup import create_backup

    return create_backup(paths.root, out, include_models=include_models, progress=progress)


def schedule_restore(paths: BankPaths, archive: str | os.PathLike) -> ScheduledRestore:
    """Verify ``archive`` completely now, then mark it to replace this bank at the next start."""
    from engine.backup import verify_archive

    source = Path(archive).expanduser().resolve()
    manifest = verify_archive(source)  # raises BackupError naming the archive and the bad member
    record = ScheduledRestore(archive=source, items=manifest.get("items"), created=manifest.get("created"))
    write_private_text(paths.root / RESTORE_MARKER,
                       json.dumps({"archive": str(source), "items": record.items, "created": record.created},
                                  ensure_ascii=False) + "\n")
    return record


def scheduled_restore(paths: BankPaths) -> ScheduledRestore | None:
    marker = paths.root / RESTORE_MARKER
    try:
        data = json.loads(marker.read_text(encoding="utf-8"))
        return ScheduledRestore(archive=Path(data["archive"]), items=data.get("items"), created=data.get("created"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        marker.unlink(missing_ok=True)  # a half-written marker: nothing was scheduled
        return None


def cancel_scheduled_restore(paths: BankPaths) -> bool:
    marker = paths.root / RESTORE_MARKER
    existed = marker.exists()
    marker.unlink(missing_ok=True)
    return existed


def apply_scheduled_restore(data_dir: str | os.PathLike | None,
                            progress: Callable[[str], None] | None = None) -> AppliedRestore | None:
    """At start, before the bank opens: carry out a restore scheduled from the app, if any.

    The marker goes first, so a restore that fails (say, the USB stick with the archive is gone) is not
    retried at every start; the error reaches the caller, and the current bank is untouched.
    """
    from engine.backup import restore_backup

    paths = BankPaths.resolve(data_dir)
    plan = scheduled_restore(paths)
    if plan is None:
        return None
    cancel_scheduled_restore(paths)
    result = restore_backup(plan.archive, paths.root, replace=True, progress=progress)
    return AppliedRestore(archive=plan.archive, items=result.items, previous=result.previous)


def token_store(paths: BankPaths):
    """The LAN server's tokens for this bank (read / admin), as `itembank serve --create-token` keeps them."""
    from engine.tokens import TokenStore

    return TokenStore.in_data_dir(paths.root)
