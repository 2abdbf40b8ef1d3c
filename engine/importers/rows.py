"""Turning one source row (a CSV line, a JSON object) into a validated ``Item``.

Readers only split files into rows; every rule about field values lives here, so a CSV row and a JSONL
line with the same content become the same item.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from engine.i18n import N_, _t
from engine.items import Item, canonical_field, clean_text
from engine.importers.report import RowProblem
from engine.vocab import (VocabularyError, normalize_difficulty, normalize_grade,
                          normalize_item_type, normalize_subject)

_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_CIRCLED_SPLIT = re.compile(f"[{_CIRCLED}]")
_LIST_SPLIT = re.compile(r"\s*[;|\n]\s*")
_TAG_SPLIT = re.compile(r"\s*[,;#\n]\s*")
_IMAGE_SPLIT = re.compile(r"\s*[;|,\n]\s*")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u200b-\u200d\ufeff]")


@dataclass
class SourceRow:
    """A row as read from a file: canonical field name → raw value, plus where it came from."""

    file: str
    row: int
    values: dict[str, object]
    base_dir: Path
    problem: RowProblem | None = None  # set by a reader that could not even parse the row
    search_dirs: list[Path] = field(default_factory=list)
    # Values a reader only guessed (a subject named in the file name or the paper's title): an import's
    # defaults (``--subject``/``--grade``) beat them, the row's own values beat both.
    guessed: dict[str, str] = field(default_factory=dict)
    # Why the subject is missing, in the words of the reader (where the file could have named it).
    missing_subject: str = ""
    # A paper's question: its 선택과목 ("" outside one) and printed number, by which the paper's
    # separate answer sheet, imported with it, gives its answer (``answer_sheet``).
    paper_label: tuple[str, str] | None = None


NO_SUBJECT = N_("no subject (과목)")


def map_columns(headers: list[str]) -> tuple[dict[int, str], list[str]]:
    """Column index → field name, and the headers that are not item fields (to warn about)."""
    mapping: dict[int, str] = {}
    ignored: list[str] = []
    for index, header in enumerate(headers):
        name = canonical_field(header) if header and header.strip() else None
        if name is None:
            if header and header.strip():
                ignored.append(header.strip())
            continue
        if name in mapping.values():
            ignored.append(header.strip())
            continue
        mapping[index] = name
    return mapping, ignored


def _as_text(value: object, name: str) -> str:
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(int(value)) if float(value).is_integer() else str(value)
    if isinstance(value, str):
        return clean_text(value)
    raise RowProblem(name, _t("expected text, got {kind}").format(kind=type(value).__name__))


def _as_list(value: object, name: str, splitter: re.Pattern[str]) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list):
        return [t for t in (_as_text(v, name) for v in value) if t]
    text = _as_text(value, name)
    return [part for part in (p.strip() for p in splitter.split(text)) if part] if text else []


def parse_choices(values: dict[str, object]) -> list[str]:
    """Choices from a list, from numbered columns (보기1…), or from one cell.

    One cell may hold "① 2 ② 3 ③ 4", one choice per line, or choices separated by "|" or ";".
    """
    numbered = sorted((int(k.split("#")[1]), v) for k, v in values.items() if k.startswith("choices#"))
    if numbered:
        return [t for t in (_as_text(v, "choices") for _, v in numbered) if t]
    raw = values.get("choices")
    if isinstance(raw, list) or raw is None:
        return _as_list(raw, "choices", _LIST_SPLIT)
    text = _as_text(raw, "choices")
    if _CIRCLED_SPLIT.search(text):
        return [p.strip() for p in _CIRCLED_SPLIT.split(text) if p.strip()]
    return _as_list(text, "choices", _LIST_SPLIT)


def normalize_answer(answer: str, choices: list[str], item_type: str) -> str:
    """For 객관식, the answer becomes the choice number ("③", "3번", or the choice text → "3")."""
    if item_type != "객관식" or not answer:
        return answer
    if answer in _CIRCLED:
        answer = str(_CIRCLED.index(answer) + 1)
    numbers = re.fullmatch(r"(\d{1,2})\s*번?", answer)
    if numbers and 1 <= int(numbers.group(1)) <= len(choices):
        return str(int(numbers.group(1)))  # the Korean convention: 정답 holds the choice number
    if answer in choices:
        return str(choices.index(answer) + 1)
    if numbers:
        raise RowProblem("answer", _t("answer {answer} is not one of the {count} choices").format(
            answer=answer, count=len(choices)))
    multiple = [a for a in re.split(r"\s*,\s*", answer) if a]
    if len(multiple) > 1 and all(re.fullmatch(r"\d{1,2}|[①-⑩]", a) for a in multiple):
        return ",".join(normalize_answer(a, choices, item_type) for a in multiple)
    raise RowProblem("answer", _t("answer {answer!r} is neither a choice number nor a choice's text").format(
        answer=answer))


def image_names(value: object) -> list[str]:
    """The figure names a row's image cell holds, split exactly as the import splits them.

    One function for the importer and the server's upload check: NFC and ``\\r`` → ``\\n`` come first,
    so a character that only becomes a separator after normalising (``\\r``, U+037E → ";") cannot slip
    a second path past a check that split the raw value.
    """
    return _as_list(value, "images", _IMAGE_SPLIT)


def resolve_image(name: str, row: SourceRow) -> Path:
    """Image paths are relative to the sheet; a bare file name is also looked up in ``search_dirs``."""
    candidate = Path(name).expanduser()
    if not candidate.is_absolute():
        candidate = row.base_dir / candidate
    if candidate.exists():
        return candidate
    for folder in row.search_dirs:
        found = list(folder.rglob(Path(name).name))
        if len(found) == 1:
            return found[0]
    return candidate


def _checked(name: str, normalize: Callable[[str], str], value: str) -> str:
    try:
        return normalize(value)
    except VocabularyError as exc:
        raise RowProblem(name, str(exc)) from exc


def _field_text(row: SourceRow, name: str, defaults: dict[str, str]) -> str:
    """The row's own value, else the import's default, else the reader's guess."""
    return (_as_text(row.values.get(name), name) or defaults.get(name, "")
            or _as_text(row.guessed.get(name), name))


def build_item(row: SourceRow, defaults: dict[str, str] | None = None) -> tuple[Item, list[Path]]:
    """Validate a row; returns the item (images empty) and the image files to store.

    ``defaults`` (subject, grade) fill what the row leaves empty and beat what the reader only guessed.
    """
    if row.problem is not None:
        raise row.problem
    defaults = defaults or {}
    values = row.values
    stem = _as_text(values.get("stem"), "stem")
    if not stem:
        raise RowProblem("stem", _t("the question text (문항) is empty"))
    if not _CONTROL.sub("", stem).strip():
        raise RowProblem("stem", _t("the question text (문항) holds only NUL or control characters; "
                                    "the sheet is probably damaged — save it again from the spreadsheet"))
    subject_text = _field_text(row, "subject", defaults)
    if not subject_text:
        raise RowProblem("subject", row.missing_subject or _t("{no_subject}: the row has no 과목 value").format(
            no_subject=_t(NO_SUBJECT)))
    choices = parse_choices(values)
    subject = _checked("subject", normalize_subject, subject_text)
    grade = _checked("grade", normalize_grade, _field_text(row, "grade", defaults))
    difficulty = _checked("difficulty", normalize_difficulty,
                          _as_text(values.get("difficulty"), "difficulty"))
    item_type = _checked("type", lambda v: normalize_item_type(v, bool(choices)),
                         _as_text(values.get("type"), "type"))
    if item_type == "객관식" and len(choices) < 2:
        raise RowProblem("choices", _t("a 객관식 item needs at least two choices (보기)"))
    answer = normalize_answer(_as_text(values.get("answer"), "answer"), choices, item_type)
    item = Item(
        id=_as_text(values.get("id"), "id"),
        subject=subject, grade=grade,
        unit=_as_text(values.get("unit"), "unit"),
        standard=_as_text(values.get("standard"), "standard"),
        difficulty=difficulty, type=item_type, stem=stem,
        passage=_as_text(values.get("passage"), "passage"),
        choices=choices, answer=answer,
        explanation=_as_text(values.get("explanation"), "explanation"),
        source=_as_text(values.get("source"), "source"),
        tags=_as_list(values.get("tags"), "tags", _TAG_SPLIT),
    )
    images = [resolve_image(name, row) for name in image_names(values.get("images"))]
    return item, images


def explanation_image_files(row: SourceRow) -> list[Path]:
    """The 해설's figure files a row names (``explanation_images``), resolved like the question's."""
    return [resolve_image(name, row) for name in _as_list(row.values.get("explanation_images"),
                                                          "explanation_images", _IMAGE_SPLIT)]
