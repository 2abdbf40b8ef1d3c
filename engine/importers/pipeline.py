"""Running one import: read rows, validate, store figures, write items — all or nothing.

The whole import is one SQLite transaction. Figures are written to the content-addressed store
before the commit and the files this import created are deleted again if it rolls back (error,
cancel, dry run), so a failed import leaves the bank exactly as it was.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path

from engine.i18n import _t
from engine.catalog.assets import AssetError, AssetWriteLog
from engine.catalog.catalog import SqlCatalog
from engine.importers.csv_sheet import count_sheet_rows, read_sheet
from engine.importers.batch import exam_files, read_batch, read_files
from engine.importers.folder import SHEET_SUFFIXES, has_one_sheet, read_folder
from engine.importers.hwpx import HWP5_MAGIC, read_head
from engine.importers.jsonl import read_jsonl
from engine.importers.report import (DuplicateRow, ImportFileError, ImportReport, RowProblem,
                                     SkippedRow, UpdatedRow)
from engine.importers.rows import SourceRow, build_item, explanation_image_files
from engine.items import Item
from engine.vocab import CustomSubjects, custom_subjects, normalize_grade, normalize_subject

FORMATS = ("auto", "jsonl", "csv", "folder", "files", "hwpx", "hwp", "qti", "moodle")
PAPER_FORMATS = ("hwpx", "hwp")
_IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".gif", ".bmp", ".webp", ".tif", ".tiff"}

ProgressCallback = Callable[[int, int], None]
CancelCheck = Callable[[], bool]


class _Rollback(Exception):
    """Raised inside the transaction to undo a dry run or a cancelled import."""


def detect_format(path: Path) -> str:
    if path.is_dir():
        if (path / "imsmanifest.xml").exists():
            return "qti"
        # figures + one sheet naming them; a folder holding papers, Moodle or QTI files (or several
        # sheets) is a folder of exam files, each read on its own
        files = exam_files(path)
        if any(f.suffix.lower() not in SHEET_SUFFIXES for f in files):
            return "files"
        return "folder" if has_one_sheet(path) or not files else "files"
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix in (".csv", ".tsv", ".txt"):
        return _sniff_sheet(path)
    if suffix in (".hwpx", ".hwp"):
        return suffix[1:]
    if suffix == ".zip" and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            if any(n.rsplit("/", 1)[-1].lower() == "imsmanifest.xml" for n in package.namelist()):
                return "qti"
        raise ImportFileError(_t("{path}: a zip without imsmanifest.xml is not a QTI package; unzip it and "
                                 "import the folder, or pass --format").format(
                                  path=path))
    if suffix == ".xml":
        from engine.importers.moodle import looks_like_moodle
        from engine.importers.qti import looks_like_qti

        if looks_like_moodle(path):
            return "moodle"
        if looks_like_qti(path):
            return "qti"
        raise ImportFileError(_t("{path}: neither Moodle XML (<quiz>) nor a QTI item; pass --format").format(
                                  path=path))
    raise ImportFileError(_t("{path}: cannot tell the format from the name; pass --format ({value})").format(
                              path=path, value=', '.join(FORMATS[1:])))


def _sniff_sheet(path: Path) -> str:
    """A sheet by its name — unless its bytes say it is a 한글 paper or a zip, never read as CSV.
    A name with no file behind it yet (an upload being named) is judged by its name alone."""
    if not path.is_file():
        return "csv"
    head = read_head(path)
    if head == HWP5_MAGIC:
        return "hwp"
    if head.startswith(b"PK") and zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as package:
            names = package.namelist()
        if any(n.startswith("Contents/section") for n in names):
            return "hwpx"
        raise ImportFileError(_t("{path}: this is a zip package, not a {suffix} sheet; rename it to what it "
                                 "is (.hwpx, .zip) or pass --format").format(path=path, suffix=path.suffix))
    return "csv"


def read_rows(path: Path, fmt: str, warnings: list[str], scratch: Path, *, accept_split: bool = False,
               dry_run: bool = False) -> Iterator[SourceRow]:
    if fmt in PAPER_FORMATS:
        from engine.importers.hwpx import read_paper

        return read_paper(path, warnings, scratch, accept_split=accept_split, dry_run=dry_run)
    if fmt == "qti":
        from engine.importers.qti import read_qti

        return read_qti(path, warnings, scratch)
    if fmt == "moodle":
        from engine.importers.moodle import read_moodle

        return read_moodle(path, warnings, scratch)
    if fmt == "jsonl":
        return read_jsonl(path, warnings)
    if fmt == "csv":
        return read_sheet(path, warnings)
    if fmt == "folder":
        return read_folder(path, warnings)
    if fmt == "files":
        return read_batch(path, warnings, scratch, detect_format, _one_reader(accept_split, dry_run))
    raise ImportFileError(_t("unknown format {fmt!r}; use one of {value}").format(
                              fmt=fmt, value=', '.join(FORMATS)))


def _one_reader(accept_split: bool, dry_run: bool):
    """How a batch reads each of its files: with this import's own choices."""
    def read_one(one: Path, one_fmt: str, one_warnings: list[str], one_scratch: Path) -> Iterator[SourceRow]:
        return read_rows(one, one_fmt, one_warnings, one_scratch, accept_split=accept_split, dry_run=dry_run)

    return read_one


def _same_record(stored: Item, new: Item) -> bool:
    keys = ("subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage",
            "choices", "answer", "explanation", "source", "tags", "images", "explanation_images")
    return all(getattr(stored, k) == getattr(new, k) for k in keys)


def import_defaults(subject: str | None = None, grade: str | None = None) -> dict[str, str]:
    """The validated defaults of an import (raises ``VocabularyError`` naming a bad value)."""
    defaults: dict[str, str] = {}
    if subject and subject.strip():
        defaults["subject"] = normalize_subject(subject)
    if grade and grade.strip():
        defaults["grade"] = normalize_grade(grade)
    return defaults


def run_import(catalog: SqlCatalog, path: str | Path | Sequence[str | Path], fmt: str = "auto", *,
               dry_run: bool = False,
               progress: ProgressCallback | None = None,
               should_cancel: CancelCheck | None = None, subject: str | None = None,
               grade: str | None = None, subjects: CustomSubjects | None = None,
               accept_split: bool = False) -> ImportReport:
    """Import ``path`` into ``catalog`` and return the row-level report. Several paths are read as one
    batch of files (each in its own format, a paper's answer sheet filling that paper's answers).

    ``subject``/``grade`` are the import's defaults: a value the file states for an item wins, the
    default fills items the file leaves blank and beats a guess taken from a title or file name.
    ``subjects`` are the school's own subjects (``subjects.txt``) accepted besides the built-in ones.
    A paper whose split into questions is unsure is refused (``UnsureSplitError``) unless
    ``accept_split``; a dry run reports it in the warnings instead.
    """
    with custom_subjects(subjects or CustomSubjects()):
        defaults = import_defaults(subject, grade)
        return _run_import(catalog, path, fmt, dry_run, progress, should_cancel, defaults, accept_split)


def _run_import(catalog: SqlCatalog, path: str | Path | Sequence[str | Path], fmt: str, dry_run: bool,
                progress: ProgressCallback | None, should_cancel: CancelCheck | None,
                defaults: dict[str, str], accept_split: bool = False) -> ImportReport:
    if not isinstance(path, (str, Path)):
        named = list(path)
        if len(named) != 1:
            return _run_paths(catalog, named, dry_run, progress, should_cancel, defaults, accept_split)
        path = named[0]
    source = Path(path).expanduser().resolve()
    if not source.exists():
        raise ImportFileError(_t("{source}: no such file or folder").format(source=source))
    fmt = detect_format(source) if fmt == "auto" else fmt
    report = ImportReport(path=str(source), format=fmt, dry_run=dry_run)
    scratch = Path(tempfile.mkdtemp(prefix="itembank-import-"))  # figures unpacked from packages
    try:
        rows: Iterable[SourceRow] = read_rows(source, fmt, report.warnings, scratch,
                                               accept_split=accept_split, dry_run=dry_run)
        if fmt == "csv":  # streamed: a first pass counts the rows (and finds a broken one before any write)
            total = _count_rows(source)
        else:
            rows = list(rows)
            total = len(rows)
        _run_rows(catalog, source, fmt, rows, total, report, dry_run, progress, should_cancel, defaults)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _run_paths(catalog: SqlCatalog, paths: list[str | Path], dry_run: bool,
               progress: ProgressCallback | None, should_cancel: CancelCheck | None,
               defaults: dict[str, str], accept_split: bool) -> ImportReport:
    """Several files named in one import (a paper and its answer sheet): one batch, one transaction."""
    sources = [Path(p).expanduser().resolve() for p in paths]
    if not sources:
        raise ImportFileError(_t("no file to import was named"))
    for source in sources:
        if not source.is_file():
            raise ImportFileError(_t("{source}: no such file (several paths in one import are files; "
                                     "import a folder on its own)").format(source=source))
    root = Path(os.path.commonpath([s.parent for s in sources]))
    report = ImportReport(path=str(root), format="files", dry_run=dry_run)
    scratch = Path(tempfile.mkdtemp(prefix="itembank-import-"))
    try:
        rows = list(read_files(sources, root, report.warnings, scratch, detect_format,
                               _one_reader(accept_split, dry_run)))
        _run_rows(catalog, root, "files", rows, len(rows), report, dry_run, progress, should_cancel, defaults)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _count_rows(source: Path) -> int:
    try:
        return count_sheet_rows(source)
    except OSError as exc:
        raise ImportFileError(_t("{source}: cannot read the file ({strerror})").format(
                                  source=source, strerror=exc.strerror)) from exc


def _run_rows(catalog: SqlCatalog, source: Path, fmt: str, rows: Iterable[SourceRow], total: int,
              report: ImportReport, dry_run: bool, progress: ProgressCallback | None,
              should_cancel: CancelCheck | None, defaults: dict[str, str]) -> None:
    log = AssetWriteLog()
    used_images: set[Path] = set()
    try:
        with catalog.transaction(log) as conn:
            # content hash (its first 128 bits as an int: ~110 bytes a row instead of ~190) → item id
            seen_hashes: dict[int, str] = {}
            for done, row in enumerate(rows, start=1):
                if should_cancel is not None and should_cancel():
                    report.cancelled = True
                    raise _Rollback()
                _import_row(catalog, conn, row, report, log, seen_hashes, used_images, defaults)
                if progress is not None:
                    progress(done, max(total, done))
            if dry_run:
                raise _Rollback()
            catalog.record_import(conn, str(source), fmt, report.to_dict())
    except _Rollback:
        pass
    else:
        catalog.after_bulk_write(report.imported + len(report.updated))
    if fmt == "folder":
        _warn_unused_images(source, used_images, report)


def _hash_key(content_hash: str) -> int:
    """A compact key for a sha256 hex digest (128 bits: a collision is as likely as never)."""
    return int(content_hash[:32], 16)


def _import_row(catalog: SqlCatalog, conn, row: SourceRow, report: ImportReport, log: AssetWriteLog,
                seen_hashes: dict[int, str], used_images: set[Path], defaults: dict[str, str]) -> None:
    try:
        item, image_files = build_item(row, defaults)
        for image_file in image_files:
            info = catalog.assets.put_file(image_file, log)
            catalog.record_asset(conn, info)
            item.images.append(info.sha256)
            used_images.add(image_file.resolve())
        for image_file in explanation_image_files(row):
            info = catalog.assets.put_file(image_file, log)
            catalog.record_asset(conn, info)
            item.explanation_images.append(info.sha256)
            used_images.add(image_file.resolve())
    except RowProblem as problem:
        report.skipped.append(SkippedRow(row.file, row.row, problem.field, problem.reason))
        return
    except AssetError as exc:
        report.skipped.append(SkippedRow(row.file, row.row, "images", str(exc)))
        return
    item.content_hash = item.compute_content_hash()
    stored = catalog.get(item.id) if item.id else None
    if stored is not None:
        if _same_record(stored, item):
            report.duplicates.append(DuplicateRow(row.file, row.row, stored.id))
        else:
            catalog.update(conn, item)
            report.updated.append(UpdatedRow(row.file, row.row, item.id))
        seen_hashes[_hash_key(item.content_hash)] = item.id
        return
    existing = seen_hashes.get(_hash_key(item.content_hash)) or catalog.find_by_content_hash(item.content_hash)
    if existing is not None:
        report.duplicates.append(DuplicateRow(row.file, row.row, existing))
        return
    item.id = item.id or catalog.new_item_id(conn, item.content_hash)
    catalog.insert(conn, item)
    seen_hashes[_hash_key(item.content_hash)] = item.id
    report.imported += 1
    report.imported_ids.append(item.id)


def _warn_unused_images(folder: Path, used: set[Path], report: ImportReport) -> None:
    unused = sorted(p for p in folder.rglob("*")
                    if p.suffix.lower() in _IMAGE_SUFFIXES and p.resolve() not in used)
    if unused:
        names = ", ".join(str(p.relative_to(folder)) for p in unused[:10])
        more = f" and {len(unused) - 10} more" if len(unused) > 10 else ""
        report.warnings.append(_t("{folder}: {n_unused} image(s) not named by any row: {names}{more}").format(
                                   folder=folder, n_unused=len(unused), names=names, more=more))
