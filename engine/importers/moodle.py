"""Moodle XML (``<quiz>``) question files.

Read: multichoice (one or several right answers), truefalse (as a two-choice 객관식), shortanswer and
numerical (단답형; several accepted answers are joined with " | "), essay (서술형; the grader
information is the answer). Figures embedded as base64 ``<file>`` elements are stored like any other
image. Every other question type (matching, cloze, drag-and-drop, calculated, description, …) is
reported as a skipped row naming the type — nothing is dropped silently.

Metadata: a category path ("$course$/top/과학/중2") gives the subject and grade when the path names
them; tags "과목:수학", "학년:중2", "단원:…", "난이도:중" (what our export writes) set those fields and
other tags become tags. ``row`` is the question's position in the file, category entries not counted.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import posixpath
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from engine.importers.markup import html_to_text, our_id, split_keywords, subject_from_name
from engine.importers.report import ImportFileError, RowProblem
from engine.importers.rows import NO_SUBJECT, SourceRow
from engine.vocab import VocabularyError, normalize_grade, normalize_subject

SUPPORTED = ("multichoice", "truefalse", "shortanswer", "numerical", "essay")


def looks_like_moodle(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096).decode("utf-8", errors="ignore")
    except OSError:
        return False
    return re.search(r"<quiz[\s>]", head) is not None


def _text(element: ET.Element | None) -> str:
    if element is None:
        return ""
    node = element.find("text")
    return (node.text or "") if node is not None else (element.text or "")


def _category_meta(path: str) -> dict[str, str]:
    values: dict[str, str] = {}
    for segment in (s.strip() for s in path.split("/")):
        if not segment or segment.startswith("$"):
            continue
        if "subject" not in values:
            try:
                values["subject"] = normalize_subject(segment)
                continue
            except VocabularyError:
                pass
        if "grade" not in values and re.search(r"\d", segment):
            try:
                values["grade"] = normalize_grade(segment)
            except VocabularyError:
                pass
    return values


def _files(question: ET.Element, scratch: Path) -> dict[str, Path]:
    out: dict[str, Path] = {}
    for node in question.iter("file"):
        name = node.get("name") or ""
        if not name or (node.get("encoding") or "base64") != "base64":
            continue
        try:
            data = base64.b64decode((node.text or "").strip(), validate=False)
        except (binascii.Error, ValueError) as exc:
            raise RowProblem("images", f"embedded file {name!r} is not valid base64 ({exc})") from exc
        digest = hashlib.sha256(data).hexdigest()[:16]
        target = scratch / f"{digest}{posixpath.splitext(name)[1].lower()}"
        target.write_bytes(data)
        out[name] = target
    return out


def _image_paths(sources: list[str], files: dict[str, Path]) -> list[str]:
    paths: list[str] = []
    for src in sources:
        name = src.split("@@PLUGINFILE@@/", 1)[-1].split("?", 1)[0]
        name = re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)
        if name in files:
            paths.append(str(files[name]))
        else:
            raise RowProblem("images", f"figure {src!r} is not embedded in the file; "
                             "export the questions from Moodle with their files")
    used = set(paths)
    paths.extend(str(p) for p in files.values() if str(p) not in used)  # embedded but not shown
    return list(dict.fromkeys(paths))


def _question_values(question: ET.Element, kind: str, scratch: Path) -> dict[str, object]:
    files = _files(question, scratch)
    stem, passage, sources = html_to_text(_text(question.find("questiontext")))
    answers = question.findall("answer")
    values: dict[str, object] = {"stem": stem, "passage": passage}
    if kind == "multichoice":
        choices, right = [], []
        for number, answer in enumerate(answers, start=1):
            text, _, more = html_to_text(_text(answer))
            sources.extend(more)
            choices.append(text)
            if float(answer.get("fraction") or 0) > 0:
                right.append(str(number))
        values.update(choices=choices, answer=",".join(right), type="객관식")
    elif kind == "truefalse":
        right = [_text(a).strip().lower() for a in answers if float(a.get("fraction") or 0) > 0]
        values.update(choices=["참", "거짓"], type="객관식",
                      answer="1" if right and right[0] in ("true", "참") else "2")
    elif kind in ("shortanswer", "numerical"):
        accepted = [_text(a).strip() for a in answers if float(a.get("fraction") or 0) >= 100]
        values.update(answer=" | ".join(a for a in accepted if a), type="단답형")
    else:  # essay
        grader, _, more = html_to_text(_text(question.find("graderinfo")))
        sources.extend(more)
        values.update(answer=grader, type="서술형")
    feedback, _, more = html_to_text(_text(question.find("generalfeedback")))
    sources.extend(more)
    values["explanation"] = feedback
    values["images"] = _image_paths(sources, files)
    return values


def read_moodle(path: Path, warnings: list[str], scratch: Path) -> Iterator[SourceRow]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ImportFileError(f"{path}: not valid XML ({exc}); export the questions again from "
                              "Moodle (Question bank → Export → Moodle XML format)") from exc
    except OSError as exc:
        raise ImportFileError(f"{path}: cannot read the file ({exc.strerror})") from exc
    if root.tag != "quiz":
        raise ImportFileError(f"{path}: the root element is <{root.tag}>, not <quiz>; "
                              "this is not a Moodle XML question file")
    category: dict[str, str] = {}
    number = 0
    unsupported: dict[str, int] = {}
    for question in root.findall("question"):
        kind = question.get("type") or ""
        if kind == "category":
            category = _category_meta(_text(question.find("category")))
            continue
        number += 1
        if kind not in SUPPORTED:
            unsupported[kind] = unsupported.get(kind, 0) + 1
            name = _text(question.find("name")).strip()
            yield SourceRow(str(path), number, {}, path.parent, RowProblem(
                "type", f"Moodle question type {kind!r} ({name or 'no name'}) is not supported; "
                f"itembank imports {', '.join(SUPPORTED)}"))
            continue
        try:
            values = _question_values(question, kind, scratch)
        except RowProblem as problem:
            yield SourceRow(str(path), number, {}, path.parent, problem)
            continue
        except ValueError as exc:  # a fraction that is not a number
            yield SourceRow(str(path), number, {}, path.parent,
                            RowProblem("answer", f"cannot read the answer fractions ({exc})"))
            continue
        tags = [_text(t).strip() for t in question.iter("tag")]
        meta, plain_tags = split_keywords(tags)
        for key, value in category.items():
            meta.setdefault(key, value)
        name_subject = subject_from_name(path)
        meta.pop("type", None)  # the Moodle question type decides
        values.update(meta)
        values["tags"] = plain_tags
        values["id"] = our_id(_text(question.find("idnumber")).strip())
        yield SourceRow(str(path), number, values, path.parent,
                        guessed={"subject": name_subject} if name_subject else {},
                        missing_subject=f"{NO_SUBJECT}: pass --subject, put the questions in a category "
                        "named after the subject (e.g. $course$/과학), tag them 과목:과학, or name the "
                        "file after the subject (e.g. 과학_퀴즈.xml)")
    if unsupported:
        kinds = ", ".join(f"{k} ×{n}" for k, n in sorted(unsupported.items()))
        warnings.append(f"{path}: question types not imported: {kinds} (see skipped rows)")
