"""Import uploads: saved under the data dir with a safe name, checked, imported, then deleted.

An uploaded sheet arrives without its figures, so its image column can only name files that are not
there; the engine then skips those rows with "image file not found". But the engine also honours
absolute paths and "../", which for an upload would mean reading figures from anywhere on the server
PC. Such rows are refused before the import starts.
"""

from __future__ import annotations

import re
import shutil
import uuid
from pathlib import Path, PurePosixPath, PureWindowsPath

from fastapi import UploadFile

from engine.api import ImportFileError, detect_format, image_names, read_jsonl, read_sheet
from engine.server.limits import PayloadTooLarge

_UNSAFE_NAME = re.compile(r"[^\w.\-]+")  # \w includes Hangul
_CHUNK = 1024 * 1024


# what an upload may be: sheets, and the packages and papers that carry their own figures
UPLOAD_SUFFIXES = (".jsonl", ".ndjson", ".csv", ".tsv", ".txt", ".hwpx", ".hwp", ".xml", ".zip")
FORMAT_SUFFIX = {"jsonl": ".jsonl", "csv": ".csv", "hwpx": ".hwpx", "hwp": ".hwp", "moodle": ".xml",
                 "qti": ".zip"}
UPLOAD_FORMATS = ("auto", "jsonl", "csv", "hwpx", "hwp", "qti", "moodle")


def safe_file_name(name: str | None, fmt: str) -> str:
    """The upload's base name with odd characters replaced; a sensible extension if it had none."""
    base = PureWindowsPath(PurePosixPath(name or "").name).name  # strip both kinds of folders
    base = _UNSAFE_NAME.sub("_", base).strip("._")[:100]
    if not base:
        base = "upload"
    if fmt != "auto" and Path(base).suffix.lower() not in UPLOAD_SUFFIXES:
        base += FORMAT_SUFFIX[fmt]
    return base


def save_upload(upload: UploadFile, folder: Path, fmt: str, max_bytes: int) -> tuple[Path, str]:
    """Copy the upload into a fresh folder; returns (saved path, detected format). Moodle XML and QTI
    are told apart by their content, so the format is detected once the bytes are on disk."""
    name = safe_file_name(upload.filename, fmt)
    if fmt == "auto" and Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        raise ImportFileError(f"{name}: cannot tell the format from the file name; send a .csv, .jsonl, "
                              ".hwpx, .hwp, Moodle .xml or QTI .zip, or say format=…")
    target_dir = folder / f"import-{uuid.uuid4().hex}"
    target_dir.mkdir(parents=True)
    target = target_dir / name
    written = 0
    try:
        with target.open("wb") as handle:
            while chunk := upload.file.read(_CHUNK):
                written += len(chunk)
                if written > max_bytes:
                    raise PayloadTooLarge(f"the import file is larger than {max_bytes // (1024 * 1024)} MB")
                handle.write(chunk)
        if written == 0:
            raise ImportFileError("the uploaded file is empty")
        try:
            detected = detect_format(target) if fmt == "auto" else fmt
        except ImportFileError as exc:  # → 422, naming the upload, never the server's folder
            raise ImportFileError(display_text(str(exc), target, name)) from exc
    except BaseException:
        shutil.rmtree(target_dir, ignore_errors=True)
        raise
    return target, detected


def _image_names(value: object) -> list[str]:
    """The names the import will look up: the importer's own split (after NFC and \\r → \\n)."""
    if isinstance(value, list):  # only text entries can name a file; the import skips the rest
        value = [v for v in value if isinstance(v, str)]
    elif not isinstance(value, str):
        return []
    return image_names(value)


def _escapes(name: str) -> bool:
    name = name.strip()
    if not name:
        return False
    if name.startswith(("/", "\\", "~")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[\\/]", name)


def refuse_escaping_images(path: Path, fmt: str) -> None:
    """ImportFileError naming the rows whose image paths would leave the upload's folder. Papers,
    Moodle XML and QTI carry their figures inside (QTI's reader keeps references inside the package)."""
    if fmt not in ("jsonl", "csv"):
        return
    warnings: list[str] = []
    rows = read_jsonl(path, warnings) if fmt == "jsonl" else read_sheet(path, warnings)
    bad = [row.row for row in rows  # the question's figures and the 해설's are files alike
           if any(_escapes(name) for column in ("images", "explanation_images")
                  for name in _image_names(row.values.get(column)))]
    if bad:
        listed = ", ".join(str(r) for r in bad[:10]) + (" …" if len(bad) > 10 else "")
        raise ImportFileError(
            f"row(s) {listed}: an uploaded file may not name images by absolute path or '..'; "
            "import items with figures on the server PC with `itembank import FOLDER`")


def display_text(text: str, saved: Path, original: str) -> str:
    """``text`` with the upload's server-side path replaced by the uploaded file's name."""
    for path in {saved, saved.resolve()}:
        text = text.replace(str(path), original).replace(str(path.parent), "upload")
    return text


def display_report(report: dict, saved: Path, original: str) -> dict:
    """The import report with the server's temporary paths replaced by the uploaded file's name."""

    def rename(value: object) -> object:
        return display_text(value, saved, original) if isinstance(value, str) else value

    report = dict(report)
    report["path"] = original
    for key in ("updated", "skipped", "duplicates"):
        report[key] = [{k: rename(v) for k, v in row.items()} for row in report.get(key, [])]
    report["warnings"] = [rename(w) for w in report.get("warnings", [])]
    return report
