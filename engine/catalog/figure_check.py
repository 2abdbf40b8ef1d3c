"""Figures are stored under their sha256: check that the bytes still have it before they leave the bank.

A figure is served with ``immutable`` caching, exported, backed up and restored under its hash, so a
damaged file (a bad disk sector, a truncated copy) must be caught, not passed on. Hashing is streamed;
``FigureVerifier`` remembers files that matched by (path, size, mtime), so serving the same figure again
costs one ``stat``.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Callable

from engine.i18n import N_, _t
from engine.errors import Damaged

CHUNK = 1 << 20
SHA_NAME = re.compile(r"^[0-9a-f]{64}$")
REPAIR = N_("re-import the items that use it from their source file, or restore the bank from a backup "
            "(`itembank check` lists the damaged figures)")


class FigureDamagedError(Damaged):
    """A stored figure's bytes no longer match the sha256 it is stored under."""

    def __init__(self, sha256: str, path: Path, detail: str = "") -> None:
        self.sha256 = sha256
        self.path = path
        what = detail or _t("its bytes do not match its sha256")
        super().__init__(_t("figure {sha} ({name}) is damaged: {what}; {repair}").format(
            sha=sha256[:12], name=path.name, what=what, repair=_t(REPAIR)))


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def figure_problem(path: Path, sha256: str) -> str | None:
    """None when ``path`` holds bytes whose sha256 is ``sha256``, else what is wrong."""
    try:
        actual = sha256_of(path)
    except FileNotFoundError:
        return _t("the file is missing")
    except OSError as exc:
        return _t("the file cannot be read ({error})").format(error=exc.strerror or exc)
    return None if actual == sha256 else _t("its bytes do not match its sha256")


class FigureVerifier:
    """Verifies figures, remembering those that matched until their size or mtime changes."""

    def __init__(self, limit: int = 50_000) -> None:
        self._good: dict[str, tuple[int, int]] = {}
        self._lock = threading.Lock()
        self._limit = limit

    def check(self, path: Path, sha256: str) -> None:
        """Raise ``FigureDamagedError`` unless the file's bytes have ``sha256``."""
        try:
            stat = path.stat()
        except OSError:
            raise FigureDamagedError(sha256, path, _t("the file is missing")) from None
        key = str(path)
        stamp = (stat.st_size, stat.st_mtime_ns)
        with self._lock:
            if self._good.get(key) == stamp:
                return
        problem = figure_problem(path, sha256)
        if problem:
            raise FigureDamagedError(sha256, path, problem)
        with self._lock:
            if len(self._good) >= self._limit:
                self._good.clear()
            self._good[key] = stamp


def verified_items(items: Iterable, asset_path: Callable[[str], Path | None],
                   verifier: FigureVerifier) -> Iterator:
    """Pass items through, checking every figure they use first (an export must not copy damaged bytes)."""
    for item in items:
        for sha in [*item.images, *getattr(item, "explanation_images", [])]:
            path = asset_path(sha)
            if path is not None and path.exists():  # a missing one: the exporter names it
                try:
                    verifier.check(path, sha)
                except FigureDamagedError as exc:
                    raise FigureDamagedError(sha, path, _t("used by item {id}, its bytes do not match its sha256").format(
                                                            id=item.id)) from exc
        yield item
