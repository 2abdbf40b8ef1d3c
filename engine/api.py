"""``ItemBank``: the one facade the CLI, the desktop app and the REST server call.

``ItemBank`` keeps the items themselves (read, edit, delete, undo), import and export, and hands whole
areas to services it owns, each given its store:

- ``bank.profiles`` — retrieval profiles, their models and indexes (``engine.services.profiles``);
- ``bank.search`` — ``bank.search(request)``, ``bank.search.similar(id)``, modes (``engine.services.search``);
- ``bank.duplicates`` — near-duplicate clusters, verdicts, merge (``engine.services.duplicates``);
- ``bank.models`` — installed model packs, install, the reranker (``engine.services.models``).

Every write returns what it changed (``BankChanges``), and ``refresh_index`` brings the semantic index up
to date afterwards. Every failure the engine means is an ``ItemBankError`` (``NotFound``,
``InvalidInput``, ``Unavailable``, ``Busy``, ``Damaged``). This module's ``__all__`` is the engine's
public surface: ``desktop_app`` and ``engine.server`` import nothing else from the engine.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from engine.i18n import _t
from engine.catalog.catalog import CatalogError, ItemNotFoundError
from engine.catalog.figure_check import FigureDamagedError, FigureVerifier, verified_items
from engine.catalog.history import HistoryEntry
from engine.catalog.thumbnails import ensure_thumbnail
from engine.changes import BankChanges
from engine.check import CheckProblem, CheckReport, check_bank, check_label
from engine.errors import Busy, Damaged, InvalidInput, ItemBankError, NotFound, Unavailable, error_family, one_line
from engine.exporters import export_items
from engine.i18n import current_language, set_language
from engine.exporters.paper import ANSWER_MODES, LAYOUTS, PAPERS, Paper, PaperOptions, build_papers
from engine.exporters.worksheet import WorksheetResult, export_worksheet
from engine.atomic import write_private_text
from engine.importers.csv_sheet import read_sheet
from engine.importers.jsonl import read_jsonl
from engine.importers.pipeline import FORMATS as IMPORT_FORMATS
from engine.importers.pipeline import CancelCheck, ProgressCallback, detect_format, run_import
from engine.importers.preview import MAPPABLE_FIELDS, SourcePreview, import_with_mapping, preview_source
from engine.importers.report import ImportFileError, ImportReport
from engine.importers.rows import image_names
from engine.index.profiles import KEYWORD_PROFILE, LITE_PROFILE, Profile, ProfileError
from engine.index.report import IndexReport
from engine.index.vector_store import index_problem
from engine.items import Item, canonical_field
from engine.mathtext import (linear_text, math_html, math_renderer_available, needs_rich_text,
                             render_math_png, split_math)
from engine.leftovers import clean_leftovers
from engine.models.inputs import Embedder, EmbedInput, EncodeResult
from engine.models.lite import ModelUnavailableError
from engine.models.packs import PackError
from engine.paths import BankPaths
from engine.backup import BackupError
from engine.services import admin
from engine.services.admin import DiskUsage, ScheduledRestore, apply_scheduled_restore
from engine.tokens import ROLES as TOKEN_ROLES
from engine.tokens import TOKENS_FILE, TokenFileError, TokenRecord, TokenStore
from engine.restore_journal import recover_restore
from engine.remote import (
    COPIED,
    CopyError,
    CopyResult,
    RemoteBank,
    RemoteConfig,
    RemoteConfigError,
    RemoteError,
    RemoteHealth,
    copy_to_bank,
    forget_remote_config,
    load_remote_config,
    save_remote_config,
)
from engine.remote import errors as remote_errors
from engine.remote.client import MAX_K as REMOTE_MAX_K
from engine.search.duplicates import DuplicateCluster
from engine.search.filters import SearchFilters
from engine.search.results import SearchHit, SearchUnavailableError
from engine.services.duplicates import DuplicateService
from engine.services.editing import EDITABLE_FIELDS, ItemEdit, ItemEditor, ItemFieldError, parse_assignments
from engine.services.models import ModelService
from engine.services.profiles import EmbedderHook, ProfileService
from engine.services.search import SEARCH_MODES, SearchRequest, SearchResult, SearchService
from engine.storage import DatabaseUnavailableError, open_catalog, resolve_backend
from engine.vocab import DIFFICULTIES, ITEM_TYPES, SUBJECTS, CustomSubjects, custom_subjects

__all__ = [
    # the facade and its services' types
    "ItemBank", "SearchRequest", "SearchResult", "SearchHit", "SearchFilters", "SEARCH_MODES", "Item",
    "CheckReport", "CheckProblem", "check_label",
    # the language of engine messages (errors, row reasons): the app's language menu sets it
    "set_language", "current_language",
    "ItemEdit", "EDITABLE_FIELDS", "parse_assignments", "HistoryEntry", "BankChanges", "ImportReport",
    "IndexReport", "Profile", "KEYWORD_PROFILE", "LITE_PROFILE", "DuplicateCluster", "SourcePreview",
    "MAPPABLE_FIELDS", "IMPORT_FORMATS", "canonical_field", "Embedder", "EmbedInput", "EncodeResult",
    "SUBJECTS", "CustomSubjects", "DIFFICULTIES", "ITEM_TYPES", "BankPaths",
    # worksheets: one layout model for the CLI, the REST API and the app
    "Paper", "PaperOptions", "WorksheetResult", "build_papers", "LAYOUTS", "PAPERS", "ANSWER_MODES",
    # files: private (0600) atomic writes; the readers the server's upload check runs before an import
    "write_private_text", "detect_format", "read_sheet", "read_jsonl", "image_names", "device_plan",
    # math in item text: $…$ formulas drawn for the window (images in rich text), or their linear form
    "math_html", "needs_rich_text", "linear_text", "render_math_png", "math_renderer_available", "split_math",
    # the district bank seen from a school PC
    "RemoteBank", "RemoteConfig", "RemoteHealth", "CopyResult", "COPIED", "REMOTE_MAX_K", "copy_to_bank",
    "load_remote_config", "save_remote_config", "forget_remote_config", "remote_errors",
    # errors: the family, and the members front ends still name
    "ItemBankError", "NotFound", "InvalidInput", "Unavailable", "Busy", "Damaged", "error_family", "one_line",
    "ItemNotFoundError", "ItemFieldError", "CatalogError", "ProfileError", "ImportFileError",
    "ModelUnavailableError", "SearchUnavailableError", "DatabaseUnavailableError", "RemoteError",
    "RemoteConfigError", "CopyError", "PackError", "BackupError", "FigureDamagedError",
    # the admin's tasks: backup, staged restore, disk use, the LAN server's tokens
    "DiskUsage", "ScheduledRestore", "apply_scheduled_restore", "TokenStore", "TokenRecord", "TokenFileError",
    "TOKENS_FILE", "TOKEN_ROLES",
]

log = logging.getLogger(__name__)


class ItemBank:
    """One bank. ``data_dir`` holds this PC's files (model packs, caches, settings); the items live in
    the backend: the embedded SQLite + usearch files in ``data_dir`` (default), or a PostgreSQL server
    (``backend="postgresql://…"``, ``ITEMBANK_BACKEND``, or ``itembank init --backend`` once).
    ``embedder_hook`` wraps every loaded model (the server micro-batches queries through it)."""

    def __init__(self, data_dir: str | Path | None = None, *, create: bool = False,
                 backend: str | None = None, embedder_hook: EmbedderHook | None = None) -> None:
        self.paths = BankPaths.resolve(data_dir)
        self.recovered = recover_restore(self.paths.root)  # a restore a kill interrupted: finished or undone
        self.catalog = open_catalog(self.paths, backend, create=create)
        self.leftovers_removed = self._clean_leftovers()
        self.models = ModelService(self.paths.models)
        self.profiles = ProfileService(self.catalog, self.models, embedder_hook)
        self.search = SearchService(self.catalog, self.profiles, self.models, self.subjects)
        self._editor = ItemEditor(self.catalog, self.profiles)
        self.duplicates = DuplicateService(self.catalog, self.search, self._editor)
        self.figures = FigureVerifier()  # figures leave the bank only with the bytes their sha256 names

    def _clean_leftovers(self) -> int:
        """Remove what killed imports and restores left (``engine.leftovers``); never stops an open."""
        if self.catalog.backend != "sqlite":
            return 0
        try:
            found, failed = clean_leftovers(self.paths)
        except (OSError, sqlite3.Error) as exc:
            log.warning("leftovers of interrupted work were not cleaned: %s", exc)
            return 0
        return len(found.all()) - len(failed)

    @classmethod
    def exists(cls, data_dir: str | Path | None = None, backend: str | None = None) -> bool:
        paths = BankPaths.resolve(data_dir)
        recover_restore(paths.root)
        url = resolve_backend(paths, backend)
        if url is None:
            return paths.catalog.exists()
        from engine.storage.postgres import database_has_bank

        return database_has_bank(url)

    def close(self) -> None:
        self.search.close()
        self.catalog.close()

    # -- items ------------------------------------------------------------------------
    def get(self, item_id: str) -> Item | None:
        return self.catalog.get(item_id)

    def get_many(self, item_ids: Sequence[str]) -> list[Item]:
        """Items in the order given; ids not in the bank are left out."""
        found = self.catalog.get_many(list(item_ids))
        return [found[i] for i in item_ids if i in found]

    def require(self, item_id: str) -> Item:
        item = self.catalog.get(item_id)
        if item is None:
            raise ItemNotFoundError(_t("no item with id {item_id!r}").format(item_id=item_id))
        return item

    def count(self) -> int:
        return self.catalog.count()

    def image_path(self, sha256: str) -> Path | None:
        return self.catalog.asset_path(sha256)

    def verified_image_path(self, sha256: str) -> Path | None:
        """The figure's file after checking its bytes still have ``sha256`` (``FigureDamagedError`` if
        not); None when the bank has no such figure."""
        path = self.catalog.asset_path(sha256)
        if path is None or not path.is_file():
            return None
        self.figures.check(path, sha256)
        return path

    def thumbnail(self, sha256: str, size: int = 256) -> Path | None:
        """A cached PNG thumbnail; ``FigureDamagedError`` (not a bare decoder error) for a damaged figure."""
        source = self.verified_image_path(sha256)
        if source is None:
            return None
        try:
            return ensure_thumbnail(source, self.paths.thumbnails, sha256, size)
        except (OSError, ValueError, SyntaxError) as exc:  # Pillow's errors for truncated or bad images
            raise FigureDamagedError(sha256, source, _t("it cannot be decoded as an image ({kind})").format(
                                                         kind=exc.__class__.__name__)) from exc

    def stats(self) -> dict:
        stats = self.catalog.stats()
        stats["search_modes"] = self.search.available_modes()
        return stats

    @property
    def location(self) -> str | None:
        """Where the items live when not in the data folder (a district server, without its password)."""
        return self.catalog.location if self.catalog.backend != "sqlite" else None

    # -- edits (each undoable, each returning what it changed) ----------------------------
    def edit(self, item_id: str, edit: ItemEdit | Mapping[str, object]) -> BankChanges:
        """Change fields and figures of one item, validated as strictly as an import."""
        with custom_subjects(self.subjects()):
            return self._editor.edit(item_id, edit)

    def delete(self, item_ids: str | Sequence[str]) -> BankChanges:
        return self._editor.delete([item_ids] if isinstance(item_ids, str) else list(item_ids))

    def undo(self) -> BankChanges:
        """Revert the last edit, delete or merge."""
        return self._editor.undo()

    def undo_label(self) -> str:
        """What ``undo`` would revert now ("" when nothing)."""
        return self._editor.undo_label()

    def history(self, item_id: str) -> list[HistoryEntry]:
        """Earlier versions of an item, newest first."""
        return self._editor.history(item_id)

    def validate_edit(self, item_id: str, edit: ItemEdit | Mapping[str, object]) -> Item:
        """The item as ``edit`` would leave it, without writing (raises ``ItemFieldError`` naming the field)."""
        if not isinstance(edit, ItemEdit):
            edit = ItemEdit(fields=dict(edit))
        with custom_subjects(self.subjects()):
            return self._editor.validated(self.require(item_id), edit)

    # -- import / export ----------------------------------------------------------------
    def subjects(self) -> CustomSubjects:
        """The school's own subjects: ``subjects.txt`` in the data folder, read afresh each time."""
        return CustomSubjects.load(self.paths.root)

    def import_path(self, path: str | Path | Sequence[str | Path], fmt: str = "auto", *, dry_run: bool = False,
                    progress: ProgressCallback | None = None,
                    should_cancel: CancelCheck | None = None, subject: str | None = None,
                    grade: str | None = None, accept_split: bool = False) -> ImportReport:
        """Import a file or folder, or several files at once (a paper and its answer sheet: one batch).
        ``subject``/``grade`` fill items the file leaves blank and beat a
        subject guessed from a title or file name; a value the file states for an item wins.
        ``accept_split`` imports a paper whose split into questions the dry run called unsure."""
        report = run_import(self.catalog, path, fmt, dry_run=dry_run, progress=progress,
                            should_cancel=should_cancel, subject=subject, grade=grade,
                            subjects=self.subjects(), accept_split=accept_split)
        if not (report.dry_run or report.cancelled) and (report.imported_ids or report.updated):
            report.changes = BankChanges.of(added=report.imported_ids, changed=[u.id for u in report.updated],
                                            stale_profiles=self.profiles.indexed_names(),
                                            undo=self.undo_label())
        return report

    def preview_import(self, path: str | Path) -> SourcePreview:
        """The first rows of a sheet and the engine's column mapping (for a wizard)."""
        return preview_source(path)

    def import_mapped(self, preview: SourcePreview, mapping: list[str | None], *, dry_run: bool = False,
                      progress: ProgressCallback | None = None,
                      should_cancel: CancelCheck | None = None, subject: str | None = None,
                      grade: str | None = None, accept_split: bool = False) -> ImportReport:
        """Import a previewed source (a sheet with a teacher's own column mapping, a paper, a QTI or
        Moodle file) with the same defaults and checks as ``import_path``."""
        return import_with_mapping(self.import_path, preview, mapping, dry_run=dry_run, progress=progress,
                                   should_cancel=should_cancel, subject=subject, grade=grade,
                                   accept_split=accept_split)

    def load_sample(self, progress: ProgressCallback | None = None) -> ImportReport:
        from itembank_assets import SAMPLE_BANK_ITEMS  # the bundled data package

        return self.import_path(SAMPLE_BANK_ITEMS, "jsonl", progress=progress)

    def export(self, out: str | Path, item_ids: Iterable[str] | None = None, fmt: str = "auto",
               encoding: str = "utf-8-sig", **options) -> int:
        """Write items (all, or ``item_ids`` in that order) to a file; ``options`` are the worksheet's."""
        if item_ids is None:
            items: Iterable[Item] = self.catalog.iter_items()
        else:
            ids = list(item_ids)
            found = self.catalog.get_many(ids)
            missing = [i for i in ids if i not in found]
            if missing:
                raise ItemNotFoundError(_t("no item with id {value}").format(value=', '.join(missing[:5])))
            items = [found[i] for i in ids]
        checked = verified_items(items, self.catalog.asset_path, self.figures)
        return export_items(self.catalog, checked, out, fmt, encoding, **options)

    def export_paper(self, out: str | Path, item_ids: Iterable[str], options: PaperOptions | None = None,
                     fmt: str = "") -> WorksheetResult:
        """Write a worksheet (PDF/HWPX, with variants and answer sheets) of ``item_ids`` in that order."""
        return export_worksheet(self.catalog, self._items_in_order(list(item_ids)), out, options, fmt)

    def _items_in_order(self, ids: list[str]) -> list[Item]:
        found = self.catalog.get_many(ids)
        missing = [i for i in ids if i not in found]
        if missing:
            raise ItemNotFoundError(_t("no item with id {value}").format(value=', '.join(missing[:5])))
        return [found[i] for i in ids]

    # -- the index follows the bank ------------------------------------------------------
    def refresh_index(self, *, progress: ProgressCallback | None = None,
                      should_cancel: CancelCheck | None = None) -> IndexReport | None:
        """Bring the semantic index that serves searches up to date with the items (after any write);
        None when searches are keyword-only or nothing is behind."""
        return self.profiles.refresh(progress=progress, should_cancel=should_cancel)

    def index_sample(self, progress: ProgressCallback | None = None) -> IndexReport | None:
        """After the sample load: build the lite index when this PC can (as ``itembank init --sample`` and
        the app's "샘플 문항 불러오기" both do), unless a semantic profile already serves searches;
        None when lite cannot run here (``profiles.unavailable_reason`` says why)."""
        if self.profiles.semantic() is not None:
            return self.refresh_index(progress=progress)
        if self.profiles.unavailable_reason(LITE_PROFILE):
            return None
        return self.profiles.build_index(LITE_PROFILE, progress=progress)

    def index_problem(self) -> str:
        """Why the index serving searches needs rebuilding (damaged, missing), "" when it is sound: the
        app shows a banner and rebuilds it in the background (``refresh_index``); searches use words meanwhile."""
        profile = self.profiles.semantic()
        if profile is None or profile.kind == "fusion":
            return ""
        return index_problem(self.catalog.vectors, profile) or ""

    def check(self, repair: bool = False, progress: ProgressCallback | None = None) -> CheckReport:
        """Catalog, keyword index, figures, index checksums and leftovers (``itembank check``); with
        ``repair``, fix what can be fixed here and say what could not (``engine.check``)."""
        return check_bank(self, repair=repair, progress=progress)

    def pending(self) -> int:
        """Items the semantic index serving searches does not hold yet (0 when searches are keyword-only)."""
        profile = self.profiles.semantic()
        return self.profiles.pending(profile) if profile is not None else 0

    # -- the admin's tasks (engine/services/admin.py) ------------------------------------
    def disk_usage(self) -> DiskUsage:
        return admin.disk_usage(self.paths)

    def backup(self, out: str | Path, *, include_models: bool = False, progress=None):
        """One verified archive of this bank (as ``itembank backup``); returns its BackupResult."""
        return admin.backup_to(self.paths, out, include_models=include_models, progress=progress)

    def schedule_restore(self, archive: str | Path) -> ScheduledRestore:
        """Verify ``archive`` now; it replaces this bank at the next start (the current one is kept)."""
        return admin.schedule_restore(self.paths, archive)

    def scheduled_restore(self) -> ScheduledRestore | None:
        return admin.scheduled_restore(self.paths)

    def cancel_scheduled_restore(self) -> bool:
        return admin.cancel_scheduled_restore(self.paths)

    def tokens(self):
        """The LAN server's token store (``records()``, ``create(role, label)``, ``revoke(id)``)."""
        return admin.token_store(self.paths)


def device_plan(parameters: int | None = None) -> dict:
    """Where and in which precision a model of ``parameters`` would run on this PC (GPU, memory, why)."""
    from engine.models.device import plan_device

    return plan_device(None, None, parameters).to_dict()
