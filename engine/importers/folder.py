"""A folder of figures plus one metadata sheet (CSV/TSV/JSONL) that names them.

Image names in the sheet are resolved relative to the sheet; a bare file name that is not there is
also looked up anywhere in the folder, since teachers often keep figures in a sub-folder.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from engine.i18n import _t
from engine.importers.csv_sheet import read_sheet
from engine.importers.jsonl import read_jsonl
from engine.importers.report import ImportFileError
from engine.importers.rows import SourceRow

SHEET_SUFFIXES = (".csv", ".tsv", ".jsonl", ".ndjson")
_PREFERRED_NAMES = ("items", "metadata", "문항", "목록")


def has_one_sheet(folder: Path) -> bool:
    """True when ``folder`` is figures plus the one sheet (CSV/TSV/JSONL) that names them."""
    try:
        find_sheet(folder)
    except ImportFileError:
        return False
    return True


def find_sheet(folder: Path) -> Path:
    sheets = sorted(p for p in folder.iterdir() if p.is_file() and p.suffix.lower() in SHEET_SUFFIXES)
    if not sheets:
        raise ImportFileError(_t("{folder}: no metadata sheet (.csv, .tsv or .jsonl) in this folder").format(
                                  folder=folder))
    if len(sheets) == 1:
        return sheets[0]
    preferred = [p for p in sheets if p.stem.lower() in _PREFERRED_NAMES]
    if len(preferred) == 1:
        return preferred[0]
    raise ImportFileError(_t("{folder}: several sheets ({value}); import one of them directly or name it "
                             "items.csv").format(
                              folder=folder, value=', '.join((p.name for p in sheets))))


def read_folder(folder: Path, warnings: list[str]) -> Iterator[SourceRow]:
    sheet = find_sheet(folder)
    if sheet.suffix.lower() in (".jsonl", ".ndjson"):
        for row in read_jsonl(sheet, warnings):
            row.search_dirs.append(folder)
            yield row
    else:
        yield from read_sheet(sheet, warnings, search_dirs=[folder])
