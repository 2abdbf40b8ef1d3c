"""The import wizard's work, on a worker thread: a preview of a file or folder, and the import with the
teacher's column mapping (both done by the engine, ``ItemBank.preview_import`` / ``import_mapped``)."""

from __future__ import annotations

from pathlib import Path

from desktop_app.tasks import TaskContext
from engine.api import MAPPABLE_FIELDS, ImportReport, ItemBank, SourcePreview

__all__ = ["MAPPABLE_FIELDS", "SourcePreview", "preview_source", "run_wizard_import"]


def preview_source(bank: ItemBank, path: str | Path) -> SourcePreview:
    return bank.preview_import(path)


def run_wizard_import(bank: ItemBank, preview: SourcePreview, mapping: list[str | None], *,
                      dry_run: bool, ctx: TaskContext, subject: str | None = None, grade: str | None = None,
                      accept_split: bool = False) -> ImportReport:
    """Import ``preview``'s source with ``mapping`` (a dry run changes nothing); ``subject``/``grade``
    and ``accept_split`` are the CLI's ``--subject``/``--grade``/``--accept-split``."""
    return bank.import_mapped(preview, mapping, dry_run=dry_run, progress=ctx.progress,
                              should_cancel=lambda: ctx.cancelled, subject=subject, grade=grade,
                              accept_split=accept_split)
