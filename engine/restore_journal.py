"""Restore's swap journal: a kill at any instant of ``restore`` leaves the old or the new bank at the path.

Restore checks the whole backup in a staging folder first, then swaps with up to three renames (model
packs into the staging folder, the bank aside, the staging folder in). Before the first rename it
writes ``.NAME.restore-journal`` beside the bank naming the staging folder, where the old bank goes and
whether the models moved; it is removed after the last. Opening the bank (``recover_restore``) finishes
a swap a kill interrupted: the staging folder was complete and verified, so once the old bank has left
the path the restored one is moved in; before that, the models go back and the staging folder is removed.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from engine.atomic import write_text_atomic

MODELS_DIR = "models"
CATALOG = "catalog.sqlite3"


def journal_path(target: Path) -> Path:
    return target.parent / f".{target.name}.restore-journal"


def write_journal(target: Path, staging: Path, previous: Path | None, models_moved: bool) -> None:
    write_text_atomic(journal_path(target), json.dumps({
        "pid": os.getpid(), "staging": str(staging), "previous": str(previous) if previous else None,
        "models_moved": models_moved}))


def clear_journal(target: Path) -> None:
    journal_path(target).unlink(missing_ok=True)


def _read(target: Path) -> dict | None:
    try:
        data = json.loads(journal_path(target).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def journal_staging(target: Path) -> Path | None:
    """The staging folder an unfinished swap's journal names (leftover cleaning keeps it)."""
    data = _read(target)
    return Path(data["staging"]) if data and isinstance(data.get("staging"), str) else None


def _alive(pid: object) -> bool:
    """Whether the restore that wrote the journal is still running (then its swap is not ours to finish)."""
    if not isinstance(pid, int) or pid <= 0:
        return False
    if pid == os.getpid():
        return False  # this process restarted recovery itself: no other thread swaps while we open
    if os.name == "nt":
        import ctypes

        kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
        handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
        if not handle:
            return False
        code = ctypes.c_ulong()
        kernel.GetExitCodeProcess(handle, ctypes.byref(code))
        kernel.CloseHandle(handle)
        return code.value == 259  # STILL_ACTIVE
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def recover_restore(target: Path) -> str | None:
    """Finish or undo a swap a kill interrupted; returns what was done (None: nothing to do)."""
    data = _read(target)
    if data is None or _alive(data.get("pid")):
        return None
    staging = Path(data["staging"]) if isinstance(data.get("staging"), str) else None
    done = "the interrupted restore had finished"
    if staging is not None and staging.is_dir():
        if (target / CATALOG).exists():  # the old bank never left: undo
            if data.get("models_moved") and (staging / MODELS_DIR).is_dir() and not (target / MODELS_DIR).exists():
                os.replace(staging / MODELS_DIR, target / MODELS_DIR)
            shutil.rmtree(staging, ignore_errors=True)
            done = "an interrupted restore was undone; the bank is as it was"
        else:
            if target.is_dir() and not any(target.iterdir()):
                target.rmdir()
            if not target.exists():
                os.replace(staging, target)
                done = f"an interrupted restore was completed (the bank that was there is {data.get('previous')})"
    clear_journal(target)
    return done
