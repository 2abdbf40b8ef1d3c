"""Previewing a sheet before import, and importing it with a teacher's own column mapping.

Every format the CLI imports can be previewed: a sheet shows its first rows under its own headers, an
exam paper (.hwpx/.hwp) shows how it was split into questions (with the doubts that make an import
stop), and a QTI or Moodle file shows its items as the engine reads them. Only sheets can be re-mapped.

The engine maps column headers by name (문항, 보기1, 정답 …). When the teacher changes a mapping (the
desktop's import wizard), the sheet is re-written to a temporary UTF-8 CSV whose headers are the chosen
field names — same rows, same order, same cell count, image paths made absolute — and that file is
imported. Row numbers therefore stay those of the teacher's file, and the report is given back the
original file name, so "3행: 정답" means row 3 of the file the teacher picked.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from engine.i18n import _t
from engine.importers.csv_sheet import decode_sheet
from engine.importers.folder import find_sheet
from engine.importers.pipeline import PAPER_FORMATS, detect_format, read_rows
from engine.importers.report import ImportFileError, ImportReport
from engine.items import canonical_field

PREVIEW_ROWS = 5
# The fields a column can be mapped to, in the order the wizard lists them.
MAPPABLE_FIELDS: tuple[str, ...] = (
    "id", "subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage", "choices",
    "choices#1", "choices#2", "choices#3", "choices#4", "choices#5", "answer", "explanation", "source",
    "tags", "images", "explanation_images")
_IMAGE_SPLIT = re.compile(r"\s*[;|,\n]\s*")


# the columns of a paper's split preview and of a QTI/Moodle item list
PAPER_COLUMNS = ("번호", "선택과목", "유형", "문항", "지문", "보기 수", "그림", "정답", "해설")
ITEM_COLUMNS = ("번호", "유형", "문항", "보기 수", "정답")


@dataclass
class SourcePreview:
    path: Path                  # what the teacher picked (file or folder)
    fmt: str                    # csv | jsonl | folder | hwpx | hwp | qti | moodle
    sheet: Path                 # the sheet that holds the rows (the file itself, or the folder's sheet)
    sheet_format: str           # csv | jsonl | paper | items (QTI, Moodle)
    headers: list[str]
    rows: list[list[str]]       # the first rows (every question of a paper), as text under ``headers``
    total_rows: int
    encoding: str = "utf-8"
    mapping: list[str | None] = field(default_factory=list)  # detected field per column (None: ignored)
    warnings: list[str] = field(default_factory=list)  # what the reader noticed (a paper's doubts too)
    doubts: list[str] = field(default_factory=list)    # why a paper's split is unsure (import stops)
    subject: str = ""           # the subject and grade a paper's title or file name suggests
    grade: str = ""

    @property
    def is_paper(self) -> bool:
        return self.sheet_format == "paper"

    @property
    def editable(self) -> bool:
        """Only sheets (CSV/TSV) have a header row to re-map; JSON keys are names already."""
        return self.sheet_format == "csv"


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return " | ".join(_cell_text(v) for v in value)
    return str(value)


def preview_source(path: str | Path) -> SourcePreview:
    source = Path(path).expanduser()
    if not source.exists():
        raise ImportFileError(_t("{source}: no such file or folder").format(source=source))
    fmt = detect_format(source)
    if fmt in PAPER_FORMATS:
        return _paper_preview(source, fmt)
    if fmt in ("qti", "moodle"):
        return _items_preview(source, fmt)
    sheet = find_sheet(source) if fmt == "folder" else source
    sheet_format = "jsonl" if sheet.suffix.lower() in (".jsonl", ".ndjson") else "csv"
    if sheet_format == "csv":
        try:
            decoded = decode_sheet(sheet.read_bytes())
        except OSError as exc:
            raise ImportFileError(_t("{sheet}: cannot read the file ({strerror})").format(
                                      sheet=sheet, strerror=exc.strerror)) from exc
        first = decoded.text.split("\n", 1)[0]
        delimiter = "\t" if sheet.suffix.lower() == ".tsv" or first.count("\t") > first.count(",") else ","
        rows = list(csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter))
        if not rows:
            raise ImportFileError(_t("{sheet}: the file is empty").format(sheet=sheet))
        headers = [h.strip() for h in rows[0]]
        data = [r for r in rows[1:] if any(c.strip() for c in r)]
        mapping = _detect(headers)
        return SourcePreview(source, fmt, sheet, "csv", headers,
                             [(r + [""] * len(headers))[:len(headers)] for r in data[:PREVIEW_ROWS]],
                             len(data), decoded.encoding, mapping)
    headers: list[str] = []
    records: list[dict] = []
    total = 0
    with sheet.open("rb") as handle:
        for raw in handle:
            if not raw.strip():
                continue
            total += 1
            if len(records) < PREVIEW_ROWS:
                try:
                    obj = json.loads(raw.decode("utf-8-sig"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    obj = {"?": raw.decode("utf-8", errors="replace").strip()[:200]}
                if not isinstance(obj, dict):
                    obj = {"?": _cell_text(obj)}
                records.append(obj)
                headers += [str(k) for k in obj if str(k) not in headers]
    rows = [[_cell_text(r.get(h)) for h in headers] for r in records]
    return SourcePreview(source, fmt, sheet, "jsonl", headers, rows, total, "utf-8", _detect(headers))


def _paper_preview(source: Path, fmt: str) -> SourcePreview:
    """How the paper splits into questions: every question, as the dry run lists them."""
    from engine.importers.hwpx import preview_paper

    paper = preview_paper(source)
    rows = [[r["label"], r["section"], r["type"], r["stem"], r["passage"], str(r["choices"]),
             str(r["images"]), r["answer"], r["explanation"]] for r in paper["items"]]
    return SourcePreview(source, fmt, source, "paper", list(PAPER_COLUMNS), rows, len(rows), "",
                         [None] * len(PAPER_COLUMNS), list(paper["warnings"]), list(paper["doubts"]),
                         paper["subject"], paper["grade"])


def _items_preview(source: Path, fmt: str) -> SourcePreview:
    """A QTI package or a Moodle XML file: its items as the engine reads them (nothing stored)."""
    warnings: list[str] = []
    rows: list[list[str]] = []
    scratch = Path(tempfile.mkdtemp(prefix="itembank-preview-"))
    try:
        for row in read_rows(source, fmt, warnings, scratch):
            values = row.values
            choices = values.get("choices")
            count = len(choices) if isinstance(choices, list) else 0
            rows.append([str(row.row), _cell_text(values.get("type")), _cell_text(values.get("stem"))[:200],
                         str(count), _cell_text(values.get("answer"))])
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return SourcePreview(source, fmt, source, "items", list(ITEM_COLUMNS), rows, len(rows), "",
                         [None] * len(ITEM_COLUMNS), warnings)


def _detect(headers: list[str]) -> list[str | None]:
    """The engine's own header mapping (the first column for a field wins)."""
    taken: set[str] = set()
    mapping: list[str | None] = []
    for header in headers:
        name = canonical_field(header) if header.strip() else None
        if name in taken:
            name = None
        if name:
            taken.add(name)
        mapping.append(name)
    return mapping


def _header_for(name: str | None, original: str, index: int) -> str:
    if name is None:
        return f"{original or 'column'} #{index + 1} (skip)"  # not an item field: ignored
    if name.startswith("choices#"):
        return f"choice{name.split('#')[1]}"
    return name


def remapped_sheet(preview: SourcePreview, mapping: list[str | None], folder: Path) -> Path:
    """A UTF-8 copy of the sheet with the chosen field names as headers (rows untouched)."""
    decoded = decode_sheet(preview.sheet.read_bytes())
    first = decoded.text.split("\n", 1)[0]
    delimiter = "\t" if preview.sheet.suffix.lower() == ".tsv" or first.count("\t") > first.count(",") else ","
    rows = list(csv.reader(io.StringIO(decoded.text, newline=""), delimiter=delimiter))
    image_columns = [i for i, name in enumerate(mapping) if name in ("images", "explanation_images")]
    base = preview.sheet.parent
    target = folder / (preview.sheet.stem + ".csv")
    with target.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow([_header_for(name, preview.headers[i] if i < len(preview.headers) else "", i)
                         for i, name in enumerate(mapping)])
        for cells in rows[1:]:
            cells = list(cells)
            for column in image_columns:
                if column < len(cells) and cells[column].strip():
                    parts = [p for p in _IMAGE_SPLIT.split(cells[column].strip()) if p]
                    cells[column] = ";".join(str(p if Path(p).is_absolute() else (base / p)) for p in parts)
            writer.writerow(cells)
    return target


ImportFunction = Callable[..., ImportReport]  # ItemBank.import_path


def import_with_mapping(import_path: ImportFunction, preview: SourcePreview, mapping: list[str | None], *,
                        dry_run: bool, progress=None, should_cancel=None, subject: str | None = None,
                        grade: str | None = None, accept_split: bool = False) -> ImportReport:
    """Import ``preview``'s source with ``mapping`` through ``import_path`` (a dry run changes nothing).

    ``subject``/``grade`` are the import's defaults and ``accept_split`` imports a paper whose split
    was called unsure — the same parameters as ``itembank import --subject --grade --accept-split``."""
    options = {"subject": subject, "grade": grade}
    if preview.is_paper:
        options["accept_split"] = accept_split
    if not preview.editable or list(mapping) == list(preview.mapping):
        return import_path(preview.path, preview.fmt, dry_run=dry_run, progress=progress,
                           should_cancel=should_cancel, **options)
    if "stem" not in mapping:
        raise ImportFileError(_t("{name}: no column is mapped to the question (문항)").format(
                                  name=preview.sheet.name))
    folder = Path(tempfile.mkdtemp(prefix="itembank-import-"))
    try:
        sheet = remapped_sheet(preview, mapping, folder)
        report = import_path(sheet, "csv", dry_run=dry_run, progress=progress, should_cancel=should_cancel,
                             **options)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    original, temporary = str(preview.sheet), {str(sheet), str(sheet.resolve())}
    report.path = str(preview.path)
    for rows in (report.skipped, report.duplicates, report.updated):
        for n, row in enumerate(rows):
            if row.file in temporary:
                rows[n] = replace(row, file=original)
    warnings = []
    for warning in report.warnings:
        if "(skip)" in warning:
            continue  # the columns the teacher chose to leave out
        for name in temporary:
            warning = warning.replace(name, original)
        warnings.append(warning)
    report.warnings = warnings
    return report
