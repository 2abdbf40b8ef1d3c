"""CSV/TSV reader for what Korean spreadsheets write: UTF-8, UTF-8 with BOM, or CP949/EUC-KR.

The encoding is detected, not asked for: strict UTF-8 first (a BOM is dropped), then CP949 (a superset
of EUC-KR, what Korean Excel saves as "CSV"). A file in neither is read with the encoding that fits
most of it, and only the rows with undecodable bytes are reported — good rows still import.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from engine.csv_cells import is_export_header, restore
from engine.importers.report import ImportFileError, RowProblem
from engine.importers.rows import SourceRow, map_columns

_CANDIDATE_ENCODINGS = ("utf-8", "cp949")
_UNDECODABLE = re.compile("[\udc80-\udcff]")


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


def _delimiter(path: Path, first_line: str) -> str:
    if path.suffix.lower() == ".tsv":
        return "\t"
    return "\t" if first_line.count("\t") > first_line.count(",") else ","


def read_sheet(path: Path, warnings: list[str], search_dirs: list[Path] | None = None
               ) -> Iterator[SourceRow]:
    """Yield one row per data line; ``row`` is 1-based and does not count the header."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror})") from exc
    sheet = decode_sheet(data)
    if not sheet.clean:
        warnings.append(f"{path}: some bytes are not valid {sheet.encoding}; those rows are skipped")
    first_line = sheet.text.split("\n", 1)[0]
    reader = csv.reader(io.StringIO(sheet.text, newline=""), delimiter=_delimiter(path, first_line))
    try:
        headers = next(reader)
    except StopIteration:
        raise ImportFileError(f"{path}: the file is empty") from None
    mapping, ignored = map_columns(headers)
    fields = set(mapping.values())
    if "stem" not in fields:
        raise ImportFileError(
            f"{path}: no question column found (문항/stem); the header row is: {', '.join(headers)}")
    if ignored:
        warnings.append(f"{path}: columns ignored (not item fields): {', '.join(ignored)}")
    # Our own export put a ' before cells Excel would run as formulas; only there is it taken off.
    own_export = is_export_header(headers)
    number = 0
    try:
        for cells in reader:
            number += 1
            if not any(c.strip() for c in cells):
                continue
            values = {name: restore(cells[index]) if own_export else cells[index]
                      for index, name in mapping.items() if index < len(cells)}
            problem = None
            if any(_UNDECODABLE.search(c) for c in cells):
                problem = RowProblem("encoding", f"row has bytes that are not valid {sheet.encoding}; "
                                     "re-save the sheet as UTF-8 or CP949")
            elif len(cells) > len(headers):
                problem = RowProblem("row", f"{len(cells)} cells but {len(headers)} columns; "
                                     "check for an unquoted comma or tab")
            yield SourceRow(str(path), number, values, path.parent, problem, list(search_dirs or []))
    except csv.Error as exc:
        yield SourceRow(str(path), number + 1, {}, path.parent,
                        RowProblem("row", f"cannot be parsed as CSV ({exc}); rows after it were not read"))
