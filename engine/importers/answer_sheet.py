"""A paper's answers in a file of their own (제6회 문제.hwp + 제6회 정답.hwp), brought in together.

Many teachers keep the questions and the answer sheet (정답, 정답 및 해설) as two 한글 files. The
sheet alone holds no question, so it is never imported as items: read on its own it is refused in
one line that says what it is. Imported together with its paper — in one folder import, or named
together — its answers fill the paper's questions:

* the two files are one paper's when their names are the same but for the word that says which
  part they are (문제 / 문제지 / 시험지 and 정답 / 답안 / 해설, questions / answers);
* each answer goes to the question with its number (and its 선택과목, where the sheet names one);
  "③(㉠㉡㉣)" — the answer and the 보기 it counts — gives the answer ③ and the letters as the
  해설's first line, as a paper's own "정답③ / ㉠㉡㉣" does;
* an answer the paper already prints is kept; a different one on the sheet is named in a warning.

The import report says which sheet filled which paper, and names a sheet that found no paper.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from engine.i18n import _t
from engine.importers import paper_lines as pl
from engine.importers.owpml import Block
from engine.importers.paper import plain_answer, read_key
from engine.importers.report import ImportFileError
from engine.importers.rows import SourceRow

# the word of a file name that says which part of the paper it is
_PART_WORDS = re.compile(r"(정답\s*및\s*해설|문제지|시험지|문제|정답지|정답|답안지|답안|해설|"
                         r"questions?|answers?|answer[\s_-]*key|key)", re.I)
_WITH_MARKS = re.compile(r"^\s*([①-⑩]+)\s*[(（]\s*([㉠-㉭ㄱ-ㅎ][㉠-㉭ㄱ-ㅎ,，\s]*)\s*[)）]\s*$")
_MIN_ANSWERS = 2


@dataclass
class AnswerSheet:
    """A sheet's answers: (선택과목 or "", number) → answer as printed."""

    path: Path
    answers: dict[tuple[str, str], str]

    @property
    def key(self) -> str:
        return paper_key(self.path)


class AnswerSheetFound(ImportFileError):
    """The file is an answer sheet, not questions: imported alone it is refused with this line; a
    batch keeps ``sheet`` for the paper it belongs to."""

    def __init__(self, message: str, sheet: AnswerSheet) -> None:
        super().__init__(message)
        self.sheet = sheet


def paper_key(path: Path) -> str:
    """A file's name without the word for its part, spaces and punctuation: 제6회 문제(…) and
    제6회 정답(…) give one key, round6_questions and round6_answers another."""
    name = _PART_WORDS.sub("", path.stem)
    return re.sub(r"[\s_\-–.,()\[\]（）]+", "", name).lower()


def read_answer_sheet(path: Path, blocks: list[Block]) -> AnswerSheet | None:
    """The sheet's answers when the document is an answer sheet: it says 정답 and gives two or more
    answers by number; None for any other document."""
    lines = (line for block in blocks for line in block.text.split("\n"))
    if not any(pl.ANSWER_KEY.match(line.strip().strip("|").strip()) for line in lines):
        return None
    answers = {k: v.strip() for k, v in read_key(blocks).items() if v.strip()}
    if len(answers) < _MIN_ANSWERS:
        return None
    return AnswerSheet(path, answers)


def refusal(sheet: AnswerSheet) -> AnswerSheetFound:
    """What importing the sheet alone says (one line)."""
    return AnswerSheetFound(_t("{path}: an answer sheet ({count} answers), no questions: import it together with "
                               "its question paper (in one folder) and its answers fill the paper's "
                               "questions").format(path=sheet.path, count=len(sheet.answers)), sheet)


def split_answer(printed: str) -> tuple[str, str]:
    """"③(㉠㉡㉣)" → ("③", "㉠㉡㉣"); any other answer as it is, with no 해설 line."""
    match = _WITH_MARKS.match(printed)
    if not match:
        return printed.strip(), ""
    return match.group(1), re.sub(r"[\s,，]+", "", match.group(2))


def fill_from_sheets(papers: list[tuple[Path, list[SourceRow]]], sheets: list[AnswerSheet],
                     warnings: list[str], root: Path) -> None:
    """Give each sheet's answers to the questions of the paper it belongs to (in place)."""
    by_key: dict[str, list[tuple[Path, list[SourceRow]]]] = {}
    for path, rows in papers:
        if any(r.paper_label for r in rows):
            by_key.setdefault(paper_key(path), []).append((path, rows))
    for sheet in sheets:
        name = _name(sheet.path, root)
        found = by_key.get(sheet.key, [])
        if len(found) != 1:
            warnings.append(_t("{name}: an answer sheet ({count} answers), but no question paper of the same "
                               "name was imported with it; nothing was imported from it").format(
                                   name=name, count=len(sheet.answers)))
            continue
        path, rows = found[0]
        filled = _fill(sheet, rows, warnings, name)
        warnings.append(_t("{name}: the answer sheet of {paper}: {filled} of its {count} answers filled the "
                           "questions with their number; the sheet itself was not imported as items").format(
                               name=name, paper=_name(path, root), filled=filled, count=len(sheet.answers)))


def _fill(sheet: AnswerSheet, rows: list[SourceRow], warnings: list[str], name: str) -> int:
    filled = 0
    for row in rows:
        section, label = row.paper_label or ("", "")
        printed = sheet.answers.get((section, label)) or (sheet.answers.get(("", label)) if section else None)
        if not label or printed is None:
            continue
        answer, marks = split_answer(printed)
        own = str(row.values.get("answer") or "")
        if own:
            if plain_answer(own) != plain_answer(answer):
                warnings.append(_t("{name}: question {label}: the sheet says {answer} but the paper prints "
                                   "{own}; the paper's answer was kept").format(
                                       name=name, label=label, answer=answer, own=own))
            continue
        row.values["answer"] = answer
        if marks and not row.values.get("explanation"):
            row.values["explanation"] = marks
        filled += 1
    return filled


def _name(path: Path, root: Path) -> str:
    try:
        return str(path.relative_to(root))
    except ValueError:
        return path.name
