"""Moodle XML (``<quiz>``) question files.

Read: multichoice and oumultiresponse (one or several right answers), truefalse (a two-choice
객관식), shortanswer and numerical (단답형; several accepted answers are joined with " | "), regexp
(단답형; its first right answer, the others being regular expressions), essay
(서술형; the grader information is the answer), and — with their structure written into the item —
matching, ddwtos/gapselect, gapfill and multianswer (cloze): see ``engine.importers.moodle_structured``. A
``description`` is text, not a question, and every other type (calculated, ddmarker, ordering,
plugins…) is reported as a skipped row naming the type — nothing is dropped silently.

Feedback: the general feedback is the 해설; each answer's feedback is kept per choice (the
``[보기별 해설]`` block of ``engine.importers.choice_feedback``, which the Moodle exporter writes
back); the correct/partially correct/incorrect feedback is the same for every item ("잘했어요") and
is not item content. Figures are the images of the question text and the answers (embedded
``<file>``s and Moodle 1.9's ``<image>``/``<image_base64>``); the general feedback's embedded images
are the 해설's figures; images in the other feedback (icons) are nothing of the item.
Audio/video is named in a warning and the question is imported without it.

Metadata: a category path ("$course$/top/과학/중2") gives the subject and grade when the path names
them; tags "과목:수학", "학년:중2", "단원:…", "난이도:중" (what our export writes) set those fields and
other tags become tags. ``row`` is the question's position in the file, category entries not counted.
"""

from __future__ import annotations

import base64
import binascii
import re
from collections.abc import Iterator
from pathlib import Path
from xml.etree import ElementTree as ET

from engine.importers.attachments import MediaAttachment, media_note, unpack_figure
from engine.importers.choice_feedback import join_explanation
from engine.importers.markup import (Fragment, html_fragment, our_id, plain_to_html, split_keywords,
                                     subject_from_name)
from engine.importers.moodle_structured import STRUCTURED, structured_values
from engine.importers.report import ImportFileError, RowProblem
from engine.importers.rows import NO_SUBJECT, SourceRow
from engine.vocab import VocabularyError, normalize_grade, normalize_subject
from engine.i18n import _t

SUPPORTED = ("multichoice", "oumultiresponse", "truefalse", "shortanswer", "numerical", "regexp", "pmatch",
             "essay", *STRUCTURED)
# pmatch (OU pattern match) answers: "match_mw (testing one two)" — the words inside are what a teacher reads
_PMATCH = re.compile(r"^\s*match(?:_\w+)?\s*\((.*)\)\s*$", re.S)
_PLAIN_FORMATS = {"plain_text", "moodle_auto_format", "markdown", "0", "2", "4"}


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


def _html(element: ET.Element | None) -> str:
    """The element's text as HTML (plain-text formats keep their line breaks)."""
    text = _text(element)
    if element is not None and (element.get("format") or "html") in _PLAIN_FORMATS:
        return plain_to_html(text)
    return text


def fragment(element: ET.Element | None) -> Fragment:
    return html_fragment(_html(element))


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


class _Figures:
    """The figures of one question: files embedded in its text and answers, in the order shown."""

    def __init__(self, scratch: Path) -> None:
        self.scratch = scratch
        self.files: dict[str, bytes] = {}
        self.paths: list[str] = []
        self.media: list[str] = []

    def add_files(self, element: ET.Element | None) -> None:
        for node in (element.findall("file") if element is not None else []):
            name = node.get("name") or ""
            if not name or (node.get("encoding") or "base64") != "base64":
                continue
            self.files[name] = _decode(node.text or "", name)

    def show(self, parsed: Fragment) -> None:
        self.media.extend(parsed.media)
        for src in parsed.images:
            name = _plugin_name(src)
            if name not in self.files:
                raise RowProblem("images", _t("figure {src!r} is not embedded in the file; export the "
                                              "questions from Moodle with their files").format(src=src[:200]))
            self._store(self.files[name], name)

    def add_old_image(self, question: ET.Element) -> None:
        """Moodle 1.9: ``<image>name</image>`` and the picture itself in ``<image_base64>``."""
        name = (question.findtext("image") or "").strip()
        data = (question.findtext("image_base64") or "").strip()
        if data:
            self._store(_decode(data, name or "image"), name or "image.png")
        elif name and not re.match(r"^[a-z]+://", name):
            raise RowProblem("images", _t("figure {name!r} (Moodle 1.9 <image>) is not embedded in the "
                                          "file; export the questions with their files").format(name=name))

    def unshown(self) -> None:
        """Files of the question text that its HTML does not show are still its figures."""
        for name, data in self.files.items():
            self._store(data, name)

    def _store(self, data: bytes, name: str) -> None:
        try:
            path = str(unpack_figure(data, name, self.scratch))
        except MediaAttachment:
            self.media.append(name)
            return
        if path not in self.paths:
            self.paths.append(path)


def _decode(text: str, name: str) -> bytes:
    try:
        return base64.b64decode(text.strip(), validate=False)
    except (binascii.Error, ValueError) as exc:
        raise RowProblem("images", _t("embedded file {name!r} is not valid base64 ({exc})").format(
            name=name, exc=exc)) from exc


def _plugin_name(src: str) -> str:
    name = src.split("@@PLUGINFILE@@/", 1)[-1].split("?", 1)[0]
    return re.sub(r"%([0-9A-Fa-f]{2})", lambda m: chr(int(m.group(1), 16)), name)


def _fraction(answer: ET.Element) -> float:
    return float(answer.get("fraction") or 0)


def _question_values(question: ET.Element, kind: str, figures: _Figures) -> dict[str, object]:
    text_element = question.find("questiontext")
    figures.add_files(text_element)
    figures.add_old_image(question)
    if kind in STRUCTURED:
        values = structured_values(question, kind, _html(text_element), fragment)
        figures.show(html_fragment(str(values.pop("html"))))
    else:
        parsed = fragment(text_element)
        figures.show(parsed)
        values = {"stem": parsed.stem, "passage": parsed.passage}
        values.update(_answer_values(question, kind, figures))
    figures.unshown()
    feedback = question.find("generalfeedback")
    general = fragment(feedback)  # its images are the 해설's, never the question's
    values["explanation"] = join_explanation(general.stem, dict(values.pop("per_choice", {})))
    values["images"] = list(figures.paths)
    values["explanation_images"] = _solution_figures(feedback, general, figures.scratch)
    return values


def _solution_figures(feedback: ET.Element | None, shown: Fragment, scratch: Path) -> list[str]:
    """The figures the general feedback (the 해설) shows from its own embedded files; one it links
    to without embedding is left out, as before, rather than refusing the question."""
    solution = _Figures(scratch)
    solution.add_files(feedback)
    for src in shown.images:
        name = _plugin_name(src)
        if name in solution.files:
            solution._store(solution.files[name], name)
    return list(solution.paths)


def _answer_values(question: ET.Element, kind: str, figures: _Figures) -> dict[str, object]:
    answers = question.findall("answer")
    if kind in ("multichoice", "oumultiresponse"):
        choices, right, per_choice = [], [], {}
        for number, answer in enumerate(answers, start=1):
            figures.add_files(answer)
            parsed = fragment(answer)
            figures.show(parsed)
            choices.append(parsed.stem)
            if _fraction(answer) > 0:
                right.append(str(number))
            per_choice[number] = fragment(answer.find("feedback")).stem
        return {"choices": choices, "answer": ",".join(right), "type": "객관식", "per_choice": per_choice}
    if kind == "truefalse":
        right = [_text(a).strip().lower() for a in answers if _fraction(a) > 0]
        return {"choices": ["참", "거짓"], "type": "객관식",
                "answer": "1" if right and right[0] in ("true", "참") else "2"}
    if kind in ("shortanswer", "numerical"):
        accepted = [_text(a).strip() for a in answers if _fraction(a) >= 100]
        return {"answer": " | ".join(a for a in accepted if a), "type": "단답형"}
    if kind == "pmatch":  # the right answer's pattern, its words kept: "match (one two)" → "one two"
        accepted = [_text(a).strip() for a in answers if _fraction(a) >= 100]
        words = [(_PMATCH.match(a).group(1) if _PMATCH.match(a) else a).strip() for a in accepted]
        return {"answer": " | ".join(w for w in words if w), "type": "단답형"}
    if kind == "regexp":  # the first right answer is plain text, the others are regular expressions
        accepted = [_text(a).strip() for a in answers if _fraction(a) >= 100]
        return {"answer": accepted[0] if accepted else "", "type": "단답형"}
    grader = fragment(question.find("graderinfo"))  # essay
    return {"answer": grader.stem, "type": "서술형"}


def read_moodle(path: Path, warnings: list[str], scratch: Path) -> Iterator[SourceRow]:
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as exc:
        raise ImportFileError(_t("{path}: not valid XML ({exc}); export the questions again from Moodle "
                                 "(Question bank → Export → Moodle XML format)").format(path=path, exc=exc)) from exc
    except OSError as exc:
        raise ImportFileError(_t("{path}: cannot read the file ({error})").format(path=path, error=exc.strerror)) from exc
    if root.tag != "quiz":
        raise ImportFileError(_t("{path}: the root element is <{tag}>, not <quiz>; this is not a Moodle XML "
                                 "question file").format(path=path, tag=root.tag))
    category: dict[str, str] = {}
    number = 0
    unsupported: dict[str, int] = {}
    for question in root.findall("question"):
        kind = question.get("type") or ""
        if kind == "category":
            category = _category_meta(_text(question.find("category")))
            continue
        number += 1
        kind = "multianswer" if kind == "cloze" else kind  # the Moodle 1.9 name
        name = _text(question.find("name")).strip() or _t("no name")
        if kind not in SUPPORTED:
            unsupported[kind] = unsupported.get(kind, 0) + 1
            why = (_t("Moodle question type {kind!r} ({name}) holds text only (no question to answer)")
                   if kind == "description" else
                   _t("Moodle question type {kind!r} ({name}) is not supported; itembank imports {supported}"))
            yield SourceRow(str(path), number, {}, path.parent, RowProblem(
                "type", why.format(kind=kind, name=name, supported=", ".join(SUPPORTED))))
            continue
        figures = _Figures(scratch)
        try:
            values = _question_values(question, kind, figures)
        except RowProblem as problem:
            yield SourceRow(str(path), number, {}, path.parent, problem)
            continue
        except ValueError as exc:  # a fraction that is not a number
            yield SourceRow(str(path), number, {}, path.parent,
                            RowProblem("answer", _t("cannot read the answer fractions ({exc})").format(exc=exc)))
            continue
        if figures.media:
            warnings.append(media_note(_t("{file} row {number} ({name})").format(
                file=path.name, number=number, name=name), figures.media))
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
                        missing_subject=_t("{no_subject}: pass --subject, put the questions in a category "
                                           "named after the subject (e.g. $course$/과학), tag them 과목:과학, "
                                           "or name the file after the subject (e.g. 과학_퀴즈.xml)").format(
                                               no_subject=_t(NO_SUBJECT)))
    if unsupported:
        kinds = ", ".join(f"{k} ×{n}" for k, n in sorted(unsupported.items()))
        warnings.append(_t("{path}: question types not imported: {kinds} (see skipped rows)").format(
            path=path, kinds=kinds))
