"""Export items to JSONL or CSV that itembank (and Excel) can read back.

Figures are copied next to the sheet in ``<name>_images/`` and referenced by relative path, so an
exported file re-imports on another PC with its images. CSV is written as UTF-8 with BOM by default
because that is what Korean Excel opens without garbling Hangul; ``cp949`` is available for old tools.
A CSV cell that starts like a formula (``=``, ``+``, ``-``, ``@``, tab, CR) is written with a leading
``'`` so that Excel runs nothing; ``itembank import`` takes that quote off again for its own sheets.
"""

from __future__ import annotations

import csv
import json
import shutil
from collections.abc import Iterable
from pathlib import Path

from engine.i18n import _t
from engine.atomic import atomic_path
from engine.catalog.catalog import SqlCatalog
from engine.csv_cells import EXPORT_HEADERS, neutralise
from engine.errors import InvalidInput
from engine.items import Item

CSV_HEADERS = EXPORT_HEADERS
EXPORT_FORMATS = ("jsonl", "csv", "hwpx", "pdf", "qti", "qti3", "moodle")
WORKSHEET_FORMATS = ("hwpx", "pdf")
_SUFFIX_FORMATS = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".hwpx": "hwpx", ".pdf": "pdf",
                   ".zip": "qti", ".xml": "moodle"}


class ExportError(InvalidInput):
    pass


def _copy_images(catalog: SqlCatalog, item: Item, image_dir: Path, figures: list[str] | None = None) -> list[str]:
    """Copy ``figures`` (the question's by default) next to the sheet; their relative names."""
    names = []
    for sha in item.images if figures is None else figures:
        source = catalog.asset_path(sha)
        if source is None or not source.exists():
            raise ExportError(_t("item {id}: figure {value} is missing from the data folder").format(
                                  id=item.id, value=sha[:12]))
        image_dir.mkdir(parents=True, exist_ok=True)
        target = image_dir / source.name
        if not target.exists():
            shutil.copyfile(source, target)
        names.append(f"{image_dir.name}/{source.name}")
    return names


def _csv_row(item: Item, images: list[str], solution: list[str]) -> list[str]:
    """One sheet row; a cell Excel would read as a formula gets a leading ' (engine/csv_cells.py)."""
    return [neutralise(cell) for cell in _csv_cells(item, images, solution)]


def _csv_cells(item: Item, images: list[str], solution: list[str]) -> list[str]:
    return [item.id, item.subject, item.grade, item.unit, item.standard, item.difficulty, item.type,
            item.stem, item.passage, "\n".join(item.choices), item.answer, item.explanation,
            item.source, ", ".join(item.tags), "; ".join(images), "; ".join(solution)]


def _jsonl_record(item: Item, images: list[str], explanation_images: list[str]) -> dict:
    record = item.to_dict()
    record["images"] = images
    record["explanation_images"] = explanation_images
    record.pop("content_hash", None)
    record.pop("version", None)
    return record


def export_items(catalog: SqlCatalog, items: Iterable[Item], out: str | Path, fmt: str = "auto",
                 encoding: str = "utf-8-sig", *, title: str = "", answers: bool = True,
                 paper=None) -> int:
    """Write ``items`` to ``out``; returns how many were written. The file appears atomically.

    ``title`` and ``answers`` (an answer sheet on its own page, or none), or a whole ``paper``
    (``PaperOptions``: layout, answers, variants …) apply to the worksheet formats hwpx and pdf.
    """
    target = Path(out).expanduser()
    if fmt == "auto":
        fmt = _SUFFIX_FORMATS.get(target.suffix.lower(), "")
        if not fmt:
            raise ExportError(_t("{target}: name it .jsonl or .csv (items), .hwpx or .pdf (worksheet), .zip "
                                 "(QTI) or .xml (Moodle), or pass --format").format(
                                  target=target))
    if fmt not in EXPORT_FORMATS:
        raise ExportError(_t("unknown export format {fmt!r}; use one of {value}").format(
                              fmt=fmt, value=', '.join(EXPORT_FORMATS)))
    if fmt in WORKSHEET_FORMATS or fmt in ("qti", "qti3", "moodle"):
        return _export_other(catalog, items, target, fmt, title, answers, paper)
    image_dir = target.parent / f"{target.stem}_images"
    count = 0
    file_encoding = "utf-8" if fmt == "jsonl" else encoding
    try:
        with atomic_path(target) as tmp, tmp.open("w", encoding=file_encoding, newline="") as handle:
            writer = csv.writer(handle) if fmt == "csv" else None
            if writer is not None:
                writer.writerow(CSV_HEADERS)
            for item in items:
                images = _copy_images(catalog, item, image_dir)
                solution = _copy_images(catalog, item, image_dir, item.explanation_images)
                if writer is not None:
                    writer.writerow(_csv_row(item, images, solution))
                else:
                    handle.write(json.dumps(_jsonl_record(item, images, solution), ensure_ascii=False) + "\n")
                count += 1
    except UnicodeEncodeError as exc:
        raise ExportError(_t("{target}: some text cannot be written as {encoding} ({value!r}); export as UTF-8 "
                             "instead").format(
                              target=target, encoding=encoding, value=exc.object[exc.start:exc.end])) from exc
    return count


def _export_other(catalog: SqlCatalog, items: Iterable[Item], target: Path, fmt: str, title: str,
                  answers: bool, paper=None) -> int:
    from engine.exporters.interop import InteropExportError, export_moodle, export_qti
    from engine.exporters.paper import PaperOptions
    from engine.exporters.worksheet import WorksheetError, export_worksheet

    try:
        if fmt in WORKSHEET_FORMATS:
            options = paper or PaperOptions(title=title, answers="end-page" if answers else "none")
            return export_worksheet(catalog, items, target, options, fmt).items
        if fmt in ("qti", "qti3"):
            return export_qti(catalog, items, target, "3.0" if fmt == "qti3" else "2.1")
        return export_moodle(catalog, items, target)
    except (WorksheetError, InteropExportError) as exc:
        raise ExportError(str(exc)) from exc
