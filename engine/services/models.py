"""``bank.models``: the model packs this PC has, what they can run, and the loaded reranker.

Listing packs reads every manifest, and a search used to do that several times per request; the list
is cached here until a models folder changes (a pack install or removal renames a folder in it, which
moves the folder's modification time).
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from engine.i18n import _t
from engine.models import packs as pack_files
from engine.models.device import plan_device
from engine.models.packs import PackInfo
from engine.search.results import SearchUnavailableError

PackProgress = Any  # Callable[[int, int], None]: bytes done, bytes total


class ModelService:
    def __init__(self, models_dir: Path) -> None:
        self.models_dir = models_dir
        self._lock = threading.Lock()
        self._packs: tuple[tuple, list[PackInfo]] | None = None
        self._reranker = None

    # -- packs ---------------------------------------------------------------------------------------
    def _stamp(self) -> tuple:
        stamps = []
        for folder in (self.models_dir, *pack_files.shared_model_dirs()):
            try:
                stamps.append((str(folder), folder.stat().st_mtime_ns))
            except OSError:
                stamps.append((str(folder), None))
        return tuple(stamps)

    def packs(self) -> list[PackInfo]:
        """Installed packs (this bank's models folder first, then the shared folders)."""
        stamp = self._stamp()
        with self._lock:
            if self._packs is None or self._packs[0] != stamp:
                self._packs = (stamp, pack_files.installed_packs(self.models_dir))
            return list(self._packs[1])

    def forget_cached(self) -> None:
        with self._lock:
            self._packs = None

    def pack(self, name: str, kind: str | None = None) -> PackInfo | None:
        return next((p for p in self.packs() if p.name == name and (kind is None or p.kind == kind)), None)

    def default_pack(self, kind: str) -> PackInfo | None:
        """The pack of a kind used when none is named: the smallest (2B before 8B)."""
        found = [p for p in self.packs() if p.kind == kind]
        return min(found, key=lambda p: (p.size, p.name)) if found else None

    def folder(self, name: str, kind: str) -> Path:
        """The folder of an installed pack (the error lists what is installed)."""
        found = self.pack(name)
        if found is not None and found.kind == kind:
            pack_files.check_unchanged(found.path)  # size + mtime against the install record
            return found.path
        return pack_files.resolve_model(name, self.models_dir, kind=kind)

    def manifest(self, pack: PackInfo) -> dict:
        return pack_files.read_manifest(pack.path)

    def install(self, source: str | Path, progress: PackProgress | None = None) -> PackInfo:
        """Copy and verify a pack (a folder or an archive) into this bank's models folder."""
        try:
            return pack_files.install_pack(source, self.models_dir, progress=progress)
        finally:
            self.forget_cached()

    def device_plan(self, parameters: int | None = None) -> dict:
        """Where and in which precision a model of ``parameters`` would run here (``DevicePlan.to_dict``)."""
        return plan_device(None, None, parameters).to_dict()

    # -- can it run here? ------------------------------------------------------------------------------
    def qwen_unavailable_reason(self, pack_name: str) -> str | None:
        from engine.models.lite import ModelUnavailableError
        from engine.models.qwen.loading import require_model_stack

        try:
            require_model_stack()
        except ModelUnavailableError as exc:
            return str(exc)
        if self.pack(pack_name, "embedder") is None:
            return (f"the model pack {pack_name} is not installed on this PC; install it with "
                    "`itembank models install PATH`")
        return None

    def baseline_unavailable_reason(self, pack_name: str, kind: str) -> str | None:
        from engine.models.baseline.runtime import require_model_stack
        from engine.models.lite import ModelUnavailableError

        try:
            require_model_stack()
        except ModelUnavailableError as exc:
            return str(exc)
        if self.pack(pack_name, kind) is None:
            what = "KURE-v1 text" if kind == "text-embedder" else "SigLIP image"
            return (f"the {what} model pack {pack_name} is not installed on this PC; install it with "
                    "`itembank models install PATH`")
        return None

    # -- the reranker ----------------------------------------------------------------------------------
    @property
    def has_reranker(self) -> bool:
        return self.default_pack("reranker") is not None

    def reranker(self):
        """The installed Qwen3-VL reranker (the smallest pack), loaded once."""
        with self._lock:
            if self._reranker is not None:
                return self._reranker
        pack = self.default_pack("reranker")
        if pack is None:
            raise SearchUnavailableError(
                _t("reranking needs the Qwen3-VL reranker model pack"),
                _t("install it with `itembank models install PATH` (search works without it)"), needs="reranker")
        from engine.models.qwen.loading import require_model_stack
        from engine.models.qwen.reranker import QwenReranker

        require_model_stack()
        with self._lock:
            if self._reranker is None:
                self._reranker = QwenReranker(pack.path)
            return self._reranker
