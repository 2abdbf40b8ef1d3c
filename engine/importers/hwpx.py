"""Exam papers from 한글: HWPX (read with the standard library) and HWP 5.x (via python-hwpx).

An HWPX file is read directly (``owpml``). A binary HWP 5.x file is first converted in memory to the
same OWPML package by python-hwpx (``pip install itembank[hwp]``; Apache-2.0), so both formats go
through one walker and one splitter (``paper``). Figures are copied out of the package into the
import's scratch folder and stored content-addressed like any other image.

Each question becomes one row; the row number is the question's position on the paper, and the
report names it with its printed number (e.g. "paper.hwpx:3").
"""

from __future__ import annotations

import hashlib
import posixpath
import re
import warnings as _warnings
from collections.abc import Iterator
from pathlib import Path

from engine.importers.answer_sheet import read_answer_sheet, refusal
from engine.importers.owpml import OwpmlPackage
from engine.importers.paper import PaperSplit, preview_rows, split_paper
from engine.importers.report import ImportFileError, RowProblem
from engine.importers.rows import NO_SUBJECT, SourceRow
from engine.safezip import inflate_capped
from engine.i18n import _t

HWP5_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# One HWP 5 record stream (DocInfo, BodyText/SectionN) inflated larger than this is not an exam paper:
# parsing its records takes about 20× its size in memory, so it is refused before the library parses it.
HWP5_STREAM_CAP = 24 * 1024 * 1024
_RECORD_STREAM = re.compile(r"^(DocInfo|BodyText/Section\d+|ViewText/Section\d+)$")


def check_hwp5_streams(data: bytes, label: str, cap: int = HWP5_STREAM_CAP) -> None:
    """Inflate each record stream with a cap (counting real bytes) before python-hwpx parses it."""
    try:
        from hwpx.hwp5.cfb import CompoundFile
        from hwpx.hwp5.fileheader import parse_file_header
    except ImportError:  # another python-hwpx layout: its own 256 MB limit still applies
        return
    try:
        compound = CompoundFile(data)
        header = parse_file_header(compound.read("FileHeader"))
        paths = [p for p in compound.stream_paths() if _RECORD_STREAM.match(p)]
    except Exception:  # damaged container: the conversion below reports it in the library's words
        return
    for stream in paths:
        raw = compound.read(stream)
        if header.compressed:
            inflate_capped(raw, cap, f"{label}: stream {stream}", wbits=-15)
        elif len(raw) > cap:
            raise ImportFileError(_t("{label}: stream {stream} is larger than {cap} bytes; "
                                     "not an exam paper itembank reads").format(label=label, stream=stream, cap=cap))


def hwp5_to_hwpx_bytes(path: Path, warnings: list[str]) -> bytes:
    """Convert a binary .hwp (5.x) to an HWPX package in memory with python-hwpx."""
    try:
        from hwpx import HwpxDocument
    except ImportError as exc:
        raise ImportFileError(
            _t("{path}: reading .hwp (HWP 5.x) needs the optional HWP support: "
               "pip install 'itembank[hwp]' — or save the paper as .hwpx in 한글").format(path=path)) from exc
    try:
        check_hwp5_streams(path.read_bytes(), str(path))
    except OSError as exc:
        raise ImportFileError(_t("{path}: cannot read the file ({error})").format(path=path, error=exc.strerror)) from exc
    try:
        with _warnings.catch_warnings(record=True) as caught:
            _warnings.simplefilter("always")
            document = HwpxDocument.open(path)
            data = document.to_bytes()
    except ImportFileError:
        raise
    except Exception as exc:  # the library raises its own error types for damaged or locked files
        raise ImportFileError(_t("{path}: cannot read this .hwp file ({kind}: {exc}); if it is "
                                 "password-protected or from 한글 97, save it again as .hwpx").format(
                                     path=path, kind=type(exc).__name__, exc=exc)) from exc
    report = getattr(document, "conversion_report", None)
    for warning in caught:
        warnings.append(f"{path}: {warning.message}")
    if report is not None and getattr(report, "dropped", None):
        warnings.append(_t("{path}: parts of the .hwp were dropped when reading: {dropped}").format(
            path=path, dropped=report.dropped))
    return data


def read_head(path: Path, size: int = 8) -> bytes:
    """The first bytes of ``path`` (enough to tell an HWP 5 file or a zip), or ImportFileError naming it."""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError as exc:
        raise ImportFileError(_t("{path}: cannot read the file ({error})").format(path=path, error=exc.strerror)) from exc


def open_package(path: Path, warnings: list[str]) -> OwpmlPackage:
    head = read_head(path)
    if head == HWP5_MAGIC:
        return OwpmlPackage(hwp5_to_hwpx_bytes(path, warnings), str(path))
    if path.suffix.lower() == ".hwp":
        raise ImportFileError(_t("{path}: not an HWP 5.x file (HWP 3.0 and older are not supported); "
                                 "open it in 한글 and save it as .hwpx").format(path=path))
    return OwpmlPackage(path.read_bytes(), str(path))


class UnsureSplitError(ImportFileError):
    """The paper's split into questions may be wrong: the teacher checks the preview first."""


def load_paper(path: str | Path, warnings: list[str] | None = None) -> tuple[PaperSplit, OwpmlPackage]:
    """Read and split a paper; refuses a document with no questions, or one that is no exam paper."""
    source = Path(path)
    notes = warnings if warnings is not None else []
    package = open_package(source, notes)
    blocks = package.blocks()
    split = split_paper(blocks, source.stem)
    notes.extend(f"{source}: {w}" for w in split.warnings)
    if not split.items or not split.looks_like_exam():
        sheet = read_answer_sheet(source, blocks)
        if sheet is not None:  # the paper's 정답 in a file of its own: a batch keeps it for the paper
            raise refusal(sheet)
    if not split.items:
        raise ImportFileError(_t("{path}: no numbered questions (1., 2., …) found in the paper; "
                                 "check that questions start with their number").format(path=source))
    if not split.looks_like_exam():
        raise ImportFileError(_t("{path}: not an exam paper: {count} numbered paragraph(s) found, but "
                                 "none has choices (① …), an answer or reads as a question; nothing was "
                                 "imported").format(path=source, count=len(split.items)))
    return split, package


def preview_paper(path: str | Path) -> dict:
    """The split as a teacher checks it before importing (used by ``import --dry-run``)."""
    notes: list[str] = []
    split, _ = load_paper(path, notes)
    return {"subject": split.subject, "grade": split.grade, "header": split.header[:3],
            "items": preview_rows(split), "warnings": notes, "doubts": list(split.doubts)}


def check_split(path: Path, split: PaperSplit) -> None:
    """Stop an import whose split is unsure (numbers out of order, too many choices)."""
    if split.doubts:
        raise UnsureSplitError(
            _t("{path}: the split into questions is unsure — {doubts}. Check the preview (itembank import "
               "'{path}' --dry-run, or 미리 검사 in the import wizard) and, if the questions are right, "
               "import again with --accept-split").format(
                path=path, doubts="; ".join(split.doubts[:3]) + (" …" if len(split.doubts) > 3 else "")))


def _extract(package: OwpmlPackage, part: str, scratch: Path) -> Path:
    data = package.read(part)
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = scratch / f"{digest}{posixpath.splitext(part)[1].lower() or '.bin'}"
    if not target.exists():
        target.write_bytes(data)
    return target


def read_paper(path: Path, warnings: list[str], scratch: Path, *, accept_split: bool = False,
               dry_run: bool = False) -> Iterator[SourceRow]:
    """One row per question. An unsure split stops a real import unless ``accept_split``; a dry
    run goes on, so that its report and preview show what would come in."""
    split, package = load_paper(path, warnings)
    if not (accept_split or dry_run):
        check_split(path, split)
    if not split.subject:
        warnings.append(_t("{path}: the paper's title and file name name no subject (과목); pass "
                           "--subject, or put it in the title line (e.g. '수학') or the file name").format(path=path))
    for item in split.items:
        problem = None
        if not item.stem:
            problem = RowProblem("stem", _t("question {name}: no question text after the number").format(
                name=item.name))
        elif len(item.choices) == 1:
            problem = RowProblem("choices", _t("question {name}: only one choice (①) found; check that "
                                               "choices are written ① … ② … in the paper").format(name=item.name))
        images: list[str] = []
        solution: list[str] = []
        try:
            images = [str(_extract(package, part, scratch)) for part in item.images]
            solution = [str(_extract(package, part, scratch)) for part in item.explanation_images]
        except (KeyError, OSError) as exc:
            problem = RowProblem("images", _t("question {name}: figure cannot be extracted ({exc})").format(
                name=item.name, exc=exc))
        label = f"{item.label}번" if item.label.isdigit() else item.label
        values: dict[str, object] = {
            "stem": item.stem, "passage": item.passage, "choices": item.choices,
            "answer": item.answer, "explanation": item.explanation, "type": item.item_type,
            "images": images, "explanation_images": solution,
            "source": " ".join(p for p in (path.name, item.section, label) if p),
            "tags": ([item.section] if item.section else []) + ([f"{item.points}점"] if item.points else []),
        }
        # The subject and grade come from the title line or the file name: guesses that --subject and
        # --grade override.
        guessed = {k: v for k, v in (("subject", split.subject), ("grade", split.grade)) if v}
        yield SourceRow(str(path), item.order, values, path.parent, problem, guessed=guessed,
                        paper_label=(item.section, item.label),
                        missing_subject=_t("{no_subject}: question {name}: none found in the paper's title "
                                           "or file name; pass --subject or add e.g. '수학' to the title "
                                           "line or file name").format(no_subject=_t(NO_SUBJECT), name=item.name))
