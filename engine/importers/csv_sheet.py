"""CSV/TSV reader for what Korean spreadsheets write: UTF-8, UTF-8 with BOM, or CP949/EUC-KR.

Rows are numbered as the teacher's spreadsheet shows them: the header is row 1, so the first data row
is row 2 (a record whose cell holds line breaks is still one row, as in Excel).

The encoding is detected, not asked for: strict UTF-8 first (a BOM is dropped), then CP949 (a superset
of EUC-KR, what Korean Excel saves as "CSV"). A file in neither is read with the encoding that fits
most of it, and only the rows with undecodable bytes are reported — good rows still import.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from engine.csv_cells import is_export_header, restore
from engine.importers.report import ImportFileError, RowProblem
from engine.i18n import _t
from engine.importers.rows import SourceRow, map_columns

_CANDIDATE_ENCODINGS = ("utf-8", "cp949")
_UNDECODABLE = re.compile("[\udc80-\udcff]")
_BOM = b"\xef\xbb\xbf"
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class DecodedSheet:
    text: str
    encoding: str
    clean: bool  # False when some bytes did not decode (kept as surrogates to find their rows)


def decode_sheet(data: bytes) -> DecodedSheet:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        order = ("utf-8", "cp949")
    else:
        order = _CANDIDATE_ENCODINGS
    for encoding in order:
        try:
            return DecodedSheet(data.decode(encoding), encoding, True)
        except UnicodeDecodeError:
            continue
    best = min(order, key=lambda enc: len(_UNDECODABLE.findall(
        data.decode(enc, errors="surrogateescape"))))
    return DecodedSheet(data.decode(best, errors="surrogateescape"), best, False)


@dataclass(frozen=True)
class SheetEncoding:
    encoding: str
    clean: bool  # False when some bytes do not decode (read as surrogates to find their rows)
    skip: int  # bytes of BOM to skip


def _chunks(path: Path, skip: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        handle.seek(skip)
        while chunk := handle.read(_CHUNK):
            yield chunk


def _decodes(path: Path, skip: int, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        for chunk in _chunks(path, skip):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _undecodable(path: Path, skip: int, encoding: str) -> int:
    decoder = codecs.getincrementaldecoder(encoding)(errors="surrogateescape")
    return sum(len(_UNDECODABLE.findall(decoder.decode(c))) for c in _chunks(path, skip))


def detect_encoding(path: Path) -> SheetEncoding:
    """The sheet's encoding, read in chunks (the same rule as ``decode_sheet``, without the whole file)."""
    with path.open("rb") as handle:
        skip = 3 if handle.read(3) == _BOM else 0
    for encoding in _CANDIDATE_ENCODINGS:
        if _decodes(path, skip, encoding):
            return SheetEncoding(encoding, True, skip)
    best = min(_CANDIDATE_ENCODINGS, key=lambda enc: _undecodable(path, skip, enc))
    return SheetEncoding(best, False, skip)


def _open_text(path: Path, sheet: SheetEncoding) -> io.TextIOWrapper:
    handle = path.open("rb")
    handle.seek(sheet.skip)
    return io.TextIOWrapper(handle, encoding=sheet.encoding, newline="",
                            errors="strict" if sheet.clean else "surrogateescape")


def _records(path: Path, sheet: SheetEncoding, delimiter: str) -> Iterator[list[str]]:
    """The sheet's records, streamed; a CSV error (a cell over ``csv.field_size_limit``, a NUL in an
    old Python) stops the whole import with the row named, never a silently shortened import."""
    number = 0
    with _open_text(path, sheet) as text:
        reader = csv.reader(text, delimiter=delimiter)
        try:
            for cells in reader:
                yield cells
                number += 1
        except csv.Error as exc:
            row = _t("row {row}").format(row=number + 1) if number else _t("the header row (row 1)")
            reason = (_t("a cell is longer than {limit} characters (an unclosed quote?)").format(
                          limit=csv.field_size_limit())
                      if "field larger than field limit" in str(exc)
                      else _t("cannot be parsed as CSV ({error})").format(error=exc))
            raise ImportFileError(_t("{path}: {row}: {reason}; fix that row and import again "
                                     "(nothing was imported)").format(path=path, row=row, reason=reason)
                                  ) from None


def count_sheet_rows(path: Path) -> int:
    """Data rows of a sheet (the header not counted), read in one streaming pass for progress."""
    sheet = detect_encoding(path)
    return max(0, sum(1 for _ in _records(path, sheet, _delimiter(path, _first_line(path, sheet)))) - 1)


def _first_line(path: Path, sheet: SheetEncoding) -> str:
    with _open_text(path, sheet) as text:
        return text.readline(1024 * 1024)


def _delimiter(path: Path, first_line: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def read_sheet(path: Path, warnings: list[str], search_dirs: list[Path] | None = None
               ) -> Iterator[SourceRow]:
    """Yield one row per data line; ``row`` is the spreadsheet's row number (header = row 1, so data from 2).

    The file is streamed (never read whole), so a million-row sheet costs memory per row, not per file.
    """
    try:
        sheet = detect_encoding(path)
        first_line = _first_line(path, sheet)
    except OSError as exc:
        raise ImportFileError(_t("{path}: cannot read the file ({error})").format(
            path=path, error=exc.strerror)) from exc
    if not sheet.clean:
        warnings.append(_t("{path}: some bytes are not valid {encoding}; those rows are skipped").format(
            path=path, encoding=sheet.encoding))
    reader = _records(path, sheet, _delimiter(path, first_line))
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportFileError(_t("{path}: the file is empty").format(path=path)) from None
    mapping, ignored = map_columns(headers)
    fields = set(mapping.values())
    if "stem" not in fields:
        raise ImportFileError(_t("{path}: no question column found (문항/stem); the header row is: {headers}")
                              .format(path=path, headers=", ".join(headers)))
    if ignored:
        warnings.append(_t("{path}: columns ignored (not item fields): {columns}").format(
            path=path, columns=", ".join(ignored)))
    # Our own export put a ' before cells Excel would run as formulas; only there is it taken off.
    own_export = is_export_header(headers)
    number = 1  # the header's row
    for cells in reader:
        number += 1
        if not any(c.strip() for c in cells):
            continue
        values = {name: restore(cells[index]) if own_export else cells[index]
                  for index, name in mapping.items() if index < len(cells)}
        problem = None
        if not sheet.clean and any(_UNDECODABLE.search(c) for c in cells):
            problem = RowProblem("encoding", _t("row has bytes that are not valid {encoding}; "
                                                "re-save the sheet as UTF-8 or CP949").format(
                                                    encoding=sheet.encoding))
        elif len(cells) > len(headers):
            problem = RowProblem("row", _t("{cells} cells but {columns} columns; check for an unquoted comma "
                                           "or tab").format(cells=len(cells), columns=len(headers)))
        yield SourceRow(str(path), number, values, path.parent, problem, list(search_dirs or []))
