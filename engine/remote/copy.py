""""내 은행에 복사": a district item (and its figures) becomes an item of the local bank.

It goes through the ordinary import (``ItemBank.import_path`` on a one-line JSONL), so the copy gets
every check and the de-duplication an import gets, and figures land in the content-addressed store as
if a teacher had imported them. A local item is never overwritten: when the district id is already
taken by a different question, the copy gets a new id of its own.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from engine.i18n import _t
from engine.errors import InvalidInput
from engine.importers.report import ImportReport
from engine.items import Item
from engine.remote.client import RemoteBank


class LocalBank(Protocol):
    """What a copy needs of the local bank (``engine.api.ItemBank`` is one); named here so that the
    remote package does not import the facade that imports it."""

    def get(self, item_id: str) -> Item | None: ...

    def import_path(self, path: str | Path, fmt: str = ..., **options: Any) -> ImportReport: ...

COPIED = "copied"
ALREADY_PRESENT = "already_present"
_NOT_COPIED = ("version", "content_hash", "images", "explanation_images")


class CopyError(InvalidInput):
    """The district item could not be imported; the message gives the importer's reason."""


@dataclass
class CopyResult:
    remote_id: str
    local_id: str
    status: str            # COPIED, or ALREADY_PRESENT (the same question is in the bank already)
    figures: int
    report: ImportReport | None  # None when nothing had to be imported


def _download(remote: RemoteBank, shas: list[str], folder: Path, prefix: str) -> list[str]:
    """Fetch figures into ``folder``; their file names there, in order."""
    names = []
    for number, sha in enumerate(shas, start=1):
        name = f"{prefix}-{number}-{sha[:12]}"
        (folder / name).write_bytes(remote.image_bytes(sha))
        names.append(name)
    return names


def copy_to_bank(remote: RemoteBank, bank: LocalBank, item_id: str) -> CopyResult:
    """Fetch ``item_id`` in full from ``remote``, download its figures, and import it into ``bank``."""
    item = remote.require(item_id)
    local = bank.get(item.id)
    if local is not None and local.content_hash == item.content_hash:
        return CopyResult(item.id, local.id, ALREADY_PRESENT, len(item.images), None)
    with tempfile.TemporaryDirectory(prefix="itembank-copy-") as scratch:
        folder = Path(scratch)
        record = {k: v for k, v in item.to_dict().items() if k not in _NOT_COPIED}
        record["images"] = _download(remote, item.images, folder, "figure")
        record["explanation_images"] = _download(remote, item.explanation_images, folder, "solution")
        if local is not None:  # the id names another question here: keep both, the copy gets a new id
            record["id"] = ""
        sheet = folder / "item.jsonl"
        sheet.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        report = bank.import_path(sheet, "jsonl")
    if report.skipped:
        problem = report.skipped[0]
        raise CopyError(_t("item {id} from {url} could not be copied: {field}: {reason}").format(
                            id=item.id, url=remote.url, field=problem.field, reason=problem.reason))
    if report.imported_ids:
        return CopyResult(item.id, report.imported_ids[0], COPIED, len(item.images), report)
    if report.duplicates:
        return CopyResult(item.id, report.duplicates[0].existing_id, ALREADY_PRESENT, len(item.images), report)
    raise CopyError(_t("item {id} from {url} was not copied (the import reported nothing)").format(
                        id=item.id, url=remote.url))
