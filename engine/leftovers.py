"""Leftovers of work that was killed (kill -9, a power cut) are found and cleaned, never left to pile up.

- orphan figures: files under ``assets/`` that no item and no kept version (``item_history``) cites,
  written by an import that never committed; only files older than ``min_age`` are touched, and only
  while this process holds the catalog's write lock (taken without waiting), so a running import —
  one transaction — is never hurt;
- hidden ``.NAME.restore-*`` staging folders of a restore that did not finish (see ``restore_journal``
  for the one a journal names);
- ``.NAME.XXXX.part`` / ``.tmp`` files of interrupted atomic writes inside the bank;
- ``itembank-backup-*`` snapshot folders in the system temp folder older than a day.

``find_leftovers`` only looks (for ``itembank check``); ``clean_leftovers`` removes what it found.
"""

from __future__ import annotations

import json
import shutil
import sqlite3
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from engine.i18n import _t
from engine.paths import BankPaths

ORPHAN_MIN_AGE_S = 10 * 60
STAGING_MIN_AGE_S = 10 * 60  # a live restore touches its staging folder while it extracts
SNAPSHOT_MIN_AGE_S = 24 * 3600
SNAPSHOT_PREFIX = "itembank-backup-"


@dataclass
class Leftovers:
    """What a killed job left behind (paths), and what could not be looked at."""

    orphan_figures: list[Path] = field(default_factory=list)
    staging_folders: list[Path] = field(default_factory=list)
    partial_files: list[Path] = field(default_factory=list)
    snapshots: list[Path] = field(default_factory=list)
    skipped: str = ""  # why orphan figures were not looked for (another write holds the bank)

    def all(self) -> list[Path]:
        return [*self.orphan_figures, *self.staging_folders, *self.partial_files, *self.snapshots]


def _age(path: Path, now: float) -> float:
    try:
        return now - path.stat().st_mtime
    except OSError:
        return 0.0


def _referenced(conn: sqlite3.Connection) -> set[str]:
    """Figures an item or a kept version cites (an undo may bring a kept version back)."""
    used = {r[0] for r in conn.execute("SELECT sha256 FROM item_images UNION SELECT sha256 FROM item_explanation_images")}
    for (text,) in conn.execute("SELECT item_json FROM item_history"):
        try:
            kept = json.loads(text)
            used.update((kept.get("images") or []) + (kept.get("explanation_images") or []))
        except (ValueError, AttributeError):
            continue
    return used


def _figure_files(assets: Path) -> list[Path]:
    if not assets.is_dir():
        return []
    return [p for folder in assets.iterdir() if folder.is_dir() for p in folder.iterdir() if p.is_file()]


def _orphans(conn: sqlite3.Connection, assets: Path, min_age: float, now: float) -> list[Path]:
    used = _referenced(conn)
    return [p for p in _figure_files(assets)
            if not p.name.startswith(".") and p.name.split(".", 1)[0] not in used and _age(p, now) >= min_age]


def _staging(paths: BankPaths, now: float, journal_staging: Path | None) -> list[Path]:
    parent = paths.root.parent
    if not parent.is_dir():
        return []
    prefix = f".{paths.root.name}.restore-"
    return [p for p in parent.iterdir() if p.name.startswith(prefix) and p.is_dir()
            and p != journal_staging and _age(p, now) >= STAGING_MIN_AGE_S]


def _partials(root: Path, now: float) -> list[Path]:
    found = []
    for folder in (root, root / "assets", root / "indexes", root / "cache"):
        if not folder.is_dir():
            continue
        candidates = [folder] + ([d for d in folder.iterdir() if d.is_dir()] if folder.name == "assets" else [])
        for where in candidates:
            for p in where.iterdir():
                if p.is_file() and p.name.startswith(".") and p.name.endswith((".tmp", ".part")) \
                        and _age(p, now) >= ORPHAN_MIN_AGE_S:
                    found.append(p)
    return found


def _snapshots(now: float) -> list[Path]:
    tmp = Path(tempfile.gettempdir())
    try:
        return [p for p in tmp.iterdir() if p.name.startswith(SNAPSHOT_PREFIX) and p.is_dir()
                and _age(p, now) >= SNAPSHOT_MIN_AGE_S]
    except OSError:
        return []


def _write_lock(catalog: Path) -> sqlite3.Connection | None:
    """A connection holding the catalog's write lock, or None when another write holds it now."""
    if not catalog.is_file():
        return None
    conn = sqlite3.connect(catalog, isolation_level=None, timeout=0)
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.Error:
        conn.close()
        return None
    return conn


def _scan(paths: BankPaths, conn: sqlite3.Connection | None, min_age: float) -> Leftovers:
    from engine.restore_journal import journal_staging

    now = time.time()
    found = Leftovers(staging_folders=_staging(paths, now, journal_staging(paths.root)),
                      partial_files=_partials(paths.root, now), snapshots=_snapshots(now))
    if conn is None:
        found.skipped = _t("another write holds the item bank, so orphan figures were not looked for")
    else:
        found.orphan_figures = _orphans(conn, paths.assets, min_age, now)
    return found


def find_leftovers(paths: BankPaths, *, min_age: float = ORPHAN_MIN_AGE_S) -> Leftovers:
    conn = _write_lock(paths.catalog)
    try:
        return _scan(paths, conn, min_age)
    finally:
        if conn is not None:
            conn.execute("ROLLBACK")
            conn.close()


def _remove(path: Path) -> bool:
    try:
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink()
        return True
    except FileNotFoundError:
        return True
    except OSError:
        return False  # still open elsewhere (Windows); tried again next time


def clean_leftovers(paths: BankPaths, *, min_age: float = ORPHAN_MIN_AGE_S) -> tuple[Leftovers, list[Path]]:
    """Remove leftovers; returns (what was found, what could not be removed)."""
    conn = _write_lock(paths.catalog)
    try:
        found = _scan(paths, conn, min_age)
        failed = [p for p in found.all() if not _remove(p)]
        if conn is not None and found.orphan_figures:
            gone = [(p.name.split(".", 1)[0],) for p in found.orphan_figures if p not in failed]
            conn.executemany("DELETE FROM assets WHERE sha256 = ?", gone)
            conn.execute("COMMIT")
    finally:
        if conn is not None:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            conn.close()
    return found, failed
