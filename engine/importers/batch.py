"""A folder of exam files (Moodle XML, QTI, 한글 papers, JSONL, CSV …) with no metadata sheet.

Teachers collect a term's papers and exports in one folder and expect to bring the folder in at once.
Each file is read with the reader its own format needs; a file that cannot be read is named in a
warning and the others still come in, all in the one transaction of the import. A paper's answer
sheet kept as a file of its own fills that paper's answers (``answer_sheet``) instead of being refused.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from engine.importers.answer_sheet import AnswerSheet, AnswerSheetFound, fill_from_sheets
from engine.importers.report import ImportFileError
from engine.importers.rows import SourceRow
from engine.i18n import _t

EXAM_SUFFIXES = (".xml", ".hwpx", ".hwp", ".zip", ".jsonl", ".ndjson", ".csv", ".tsv")
MAX_FILES = 2000


def exam_files(folder: Path) -> list[Path]:
    """The files of ``folder`` (and its sub-folders) an importer may read, in name order; hidden
    files and folders (``.git``, ``~$`` lock files of office programs) are left out."""
    found = []
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).parts
        if any(part.startswith((".", "~$")) for part in relative):
            continue
        if path.is_file() and path.suffix.lower() in EXAM_SUFFIXES:
            found.append(path)
    return found


def read_batch(folder: Path, warnings: list[str], scratch: Path,
               detect: Callable[[Path], str],
               read: Callable[[Path, str, list[str], Path], Iterator[SourceRow]]) -> Iterator[SourceRow]:
    """Rows of every exam file in ``folder``; ``detect``/``read`` are the pipeline's own format
    detection and readers (passed in so this module does not import the pipeline back)."""
    files = exam_files(folder)
    if not files:
        raise ImportFileError(_t("{folder}: no file to import in this folder (Moodle XML, QTI, HWPX/HWP, "
                                 "JSONL, CSV or TSV)").format(folder=folder))
    if len(files) > MAX_FILES:
        raise ImportFileError(_t("{folder}: {count} files is more than {most} in one import; import its "
                                 "sub-folders one at a time").format(folder=folder, count=len(files),
                                                                     most=MAX_FILES))
    yield from read_files(files, folder, warnings, scratch, detect, read)


def read_files(files: list[Path], root: Path, warnings: list[str], scratch: Path,
               detect: Callable[[Path], str],
               read: Callable[[Path, str, list[str], Path], Iterator[SourceRow]]) -> Iterator[SourceRow]:
    """Rows of the given files (a folder's, or several paths named in one import), named in the
    warnings relative to ``root``; a paper's answer sheet among them fills that paper's answers."""
    folder = root
    papers: list[tuple[Path, list[SourceRow]]] = []
    sheets: list[AnswerSheet] = []
    for number, path in enumerate(files):
        name = path.relative_to(folder) if path.is_relative_to(folder) else Path(path.name)
        unpack = scratch / str(number)
        unpack.mkdir(parents=True, exist_ok=True)
        try:
            fmt = detect(path)
            rows = list(read(path, fmt, warnings, unpack))
        except AnswerSheetFound as found:  # a paper's 정답 file: its answers go to that paper's rows
            sheets.append(found.sheet)
            continue
        except ImportFileError as exc:
            warnings.append(_t("{name}: not imported — {reason}").format(name=name, reason=_reason(exc, path)))
            continue
        if not rows:
            warnings.append(_t("{name}: no questions found").format(name=name))
        papers.append((path, rows))
    if sheets:
        fill_from_sheets(papers, sheets, warnings, folder)
    for _, rows in papers:
        yield from rows


def _reason(exc: ImportFileError, path: Path) -> str:
    """The reader's message without the file's full path (the warning already names the file)."""
    text = str(exc)
    for prefix in (f"{path}: ", f"{path.name}: "):
        if text.startswith(prefix):
            return text[len(prefix):]
    return text
