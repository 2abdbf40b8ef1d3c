"""Splitting an exam paper (시험지) into items: numbers, choices, shared passages, <보기> boxes, figures.

Input is the ordered list of blocks a document reader produced (see ``owpml.Block``); output is one
``PaperItem`` per question. The rules follow how Korean papers are laid out:

* a question starts with its number ("1.", "2)", "12 ．") — only the *next* number, written the way
  question 1 was ("." or ")"), starts a question, so "2) 조건" inside a stem of a paper numbered
  "1.", "2." does not split it;
  "[서술형 1]" / "서술형 1." starts a written-answer question;
* choices are the text from the first circled number ① onwards, on one line or several;
* "[1~3] 다음 글을 읽고 물음에 답하시오." opens a shared passage: the text and figures up to the first
  question become the ``passage`` of every question numbered 1 to 3;
* a table or text box inside a question (a <보기> box, a data table) is kept in the stem as lines;
* figures belong to the question (or the shared passage) they appear in;
* a line starting with "정답" opens the answer key: "1. ③ 2. ⑤ …" or a two-row table of numbers and
  answers; answers found there are set on the items;
* "[3점]" at the end of a stem is taken off the text and kept as a tag.

Everything before the first question or passage is the paper's header; the subject and grade are
read from it (and from the file name) when the paper does not say them per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.importers.owpml import Block
from engine.vocab import VocabularyError, all_subjects, normalize_grade, normalize_subject

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_QUESTION = re.compile(r"^\s*(\d{1,2})\s*([.．)])\s*(.*)$", re.S)
_ESSAY = re.compile(r"^\s*\[?\s*(?:서술형|서답형|논술형)\s*(\d{1,2})\s*\]?\s*[.．)]?\s*(.*)$", re.S)
_PASSAGE = re.compile(r"^\s*\[\s*(\d{1,2})\s*(?:[~～∼〜\-–]\s*(\d{1,2})\s*)?\]\s*(\S.*)$", re.S)
_ANSWER_KEY = re.compile(r"^\s*[\[<〈(【]?\s*(?:빠른\s*)?정답(?:\s*및\s*해설)?\s*[\]>〉)】]?\s*[:：]?\s*(.*)$",
                         re.S)
_ANSWER_PAIR = re.compile(r"(\d{1,2})\s*[.．):\-]?\s*([①-⑩]|[^\s,]+)")
_POINTS = re.compile(r"\s*[\[(]\s*(\d+(?:\.\d+)?)\s*점\s*[\])]\s*$")
_BOX_HEAD = re.compile(r"^\s*[<〈《\[]\s*보\s*기\s*[>〉》\]]")
_ESSAY_HINT = re.compile(r"(서술하시오|설명하시오|논하시오|풀이\s*과정)")


@dataclass
class PaperItem:
    """One question as found on the paper; ``order`` is its 1-based position (the report's row)."""

    order: int
    label: str
    stem_lines: list[str] = field(default_factory=list)
    passage: str = ""
    choices: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    answer: str = ""
    essay: bool = False
    points: str = ""
    has_box: bool = False

    @property
    def stem(self) -> str:
        return "\n".join(line for line in self.stem_lines if line.strip()).strip()

    @property
    def item_type(self) -> str:
        if self.choices:
            return "객관식"
        return "서술형" if self.essay or _ESSAY_HINT.search(self.stem) else "단답형"


@dataclass
class _Passage:
    first: int
    last: int
    lines: list[str]
    images: list[str]

    @property
    def text(self) -> str:
        return "\n".join(line for line in self.lines if line.strip()).strip()


@dataclass
class PaperSplit:
    header: list[str]
    items: list[PaperItem]
    warnings: list[str]
    subject: str = ""
    grade: str = ""


def _split_choices(text: str) -> tuple[str, list[str]]:
    """Text before the first ① and the choices after it."""
    first = min((text.find(c) for c in CIRCLED if c in text), default=-1)
    if first < 0:
        return text, []
    parts = [p.strip() for p in re.split(f"[{CIRCLED}]", text[first:])]
    return text[:first], [p for p in parts if p]


def detect_subject(texts: list[str]) -> str:
    for text in texts:
        found = [(text.find(s), -len(s), s) for s in all_subjects() if s in text]
        if found:
            return min(found)[2]  # the first named in the text, the longest at that place
        for word in re.findall(r"[A-Za-z]+|[가-힣]+", text):
            try:
                return normalize_subject(word)
            except VocabularyError:
                continue
    return ""


def _detect_grade(texts: list[str]) -> str:
    for text in texts:
        squashed = re.sub(r"\s+", "", text)
        match = re.search(r"(초등학교|중학교|고등학교)?(?<!\d)(\d)학년(?!도)", squashed)
        level = re.search(r"(초등|중학교|고등학교|중|고)", squashed)
        if match:
            school = match.group(1) or (level.group(1) if level else "")
            try:
                return normalize_grade(f"{school}{match.group(2)}") if school else ""
            except VocabularyError:
                continue
        short = re.search(r"(?<![가-힣])([중고])([1-3])(?!\d)", squashed)
        if short:
            return f"{short.group(1)}{short.group(2)}"
    return ""


class _Splitter:
    def __init__(self) -> None:
        self.header: list[str] = []
        self.items: list[PaperItem] = []
        self.warnings: list[str] = []
        self.current: PaperItem | None = None
        self.passage: _Passage | None = None
        self.in_choices = False
        self.answer_mode = False
        self.last_number = 0
        self.essay_number = 0
        self.delimiter = ""  # "." or ")": how this paper writes its question numbers

    # -- starting things --------------------------------------------------------------------------
    def _start(self, label: str, rest: str, essay: bool, number: int | None) -> None:
        if number is not None and self.passage and not self.passage.first <= number <= self.passage.last:
            self.passage = None
        if essay and self.passage and self.current is not None and not self.current.essay:
            self.passage = None  # a passage never spans into the written-answer part
        item = PaperItem(order=len(self.items) + 1, label=label, essay=essay)
        if self.passage is not None:
            item.passage = self.passage.text
            item.images.extend(self.passage.images)
        self.items.append(item)
        self.current = item
        self.in_choices = False
        self._add_text(rest)

    def _question_start(self, text: str) -> bool:
        essay = _ESSAY.match(text)
        if essay:
            number = int(essay.group(1))
            if number == self.essay_number + 1:
                self.essay_number = number
                self._start(f"서술형 {number}", essay.group(2), True, None)
                return True
        match = _QUESTION.match(text)
        if match and self.delimiter and match.group(2).replace("．", ".") != self.delimiter:
            match = None  # "2)" inside a paper numbered "1.", "2." is a line of the stem
        if match:
            number = int(match.group(1))
            first = not self.items and number >= 1
            if number == self.last_number + 1 or (first and self.passage is None and number == 1) \
                    or (first and self.passage is not None and number == self.passage.first):
                self.last_number = number
                self.delimiter = self.delimiter or match.group(2).replace("．", ".")
                self._start(str(number), match.group(3), False, number)
                return True
        return False

    # -- adding to the current question ---------------------------------------------------------
    def _add_text(self, text: str) -> None:
        item = self.current
        assert item is not None
        before, choices = _split_choices(text)
        if choices:
            if before.strip():
                if self.in_choices:
                    self._extend_last_choice(before)
                else:
                    item.stem_lines.append(before.strip())
            item.choices.extend(choices)
            self.in_choices = True
            return
        if self.in_choices and text.strip():
            self._extend_last_choice(text)
            return
        points = _POINTS.search(text)
        if points:
            item.points = points.group(1)
            text = text[: points.start()]
        item.stem_lines.append(text.strip())

    def _extend_last_choice(self, text: str) -> None:
        assert self.current is not None and self.current.choices
        self.current.choices[-1] = f"{self.current.choices[-1]} {text.strip()}".strip()

    def _answer_key(self, block: Block) -> None:
        lines = [line for line in block.text.split("\n") if line.strip()]
        rows = [[cell.strip() for cell in line.split("|")] for line in lines]
        if block.kind == "box" and rows and all(len(r) == 2 for r in rows):
            for number, answer in rows:  # one row per question: 번호 | 정답
                self._set_answer(number, answer)
            return
        if block.kind == "box" and rows and rows[0][:2] == ["번호", "정답"]:
            for row in rows[1:]:  # 번호 | 정답 | 해설 …, as itembank's worksheets write it
                if len(row) >= 2:
                    self._set_answer(row[0], row[1])
            return
        if block.kind == "box" and len(rows) >= 2:
            for numbers, answers in zip(rows[0::2], rows[1::2]):  # a row of numbers, a row of answers
                for number, answer in zip(numbers, answers):
                    self._set_answer(number, answer)
            return
        for line in lines:
            for number, answer in _ANSWER_PAIR.findall(line):
                self._set_answer(number, answer)

    def _set_answer(self, number: str, answer: str) -> None:
        if not re.fullmatch(r"[0-9]{1,2}", number) or not answer or answer == "—":
            return
        for item in self.items:
            if item.label == str(int(number)):
                item.answer = answer
                return

    # -- the walk ---------------------------------------------------------------------------------
    def feed(self, block: Block) -> None:
        text = block.text.strip()
        if self.answer_mode:
            self._answer_key(block)
            return
        if block.kind == "para":
            key = _ANSWER_KEY.match(text)
            if key and self.items:
                self.answer_mode = True
                self.current = None
                self._answer_key(Block(key.group(1)))
                return
            passage = _PASSAGE.match(text)
            if passage:
                first = int(passage.group(1))
                last = int(passage.group(2) or first)
                if first == self.last_number + 1 and last >= first:
                    self.passage = _Passage(first, last, [passage.group(3).strip()], list(block.images))
                    self.current = None
                    return
            if text and self._question_start(text):
                if block.images:
                    self.current.images.extend(block.images)
                return
        self._attach(block)

    def _attach(self, block: Block) -> None:
        text = block.text.strip()
        if self.current is not None:
            if block.kind == "box":
                self.current.has_box = self.current.has_box or bool(_BOX_HEAD.match(text))
                if self.in_choices:  # a box after the choices is unusual: keep it, but in the stem
                    self.warnings.append(f"question {self.current.label}: a box after the choices "
                                         "was added to the stem")
                self.current.stem_lines.append(text)
            elif text:
                self._add_text(block.text)
            self.current.images.extend(block.images)
        elif self.passage is not None:
            self.passage.lines.append(text)
            self.passage.images.extend(block.images)
        else:
            if text:
                self.header.append(text)
            if block.images:
                self.warnings.append(f"{len(block.images)} figure(s) before the first question "
                                     "were not attached to any item")


def split_paper(blocks: list[Block], file_name: str = "") -> PaperSplit:
    splitter = _Splitter()
    for block in blocks:
        splitter.feed(block)
    texts = splitter.header + ([file_name] if file_name else [])
    split = PaperSplit(splitter.header, splitter.items, splitter.warnings,
                       subject=detect_subject(texts), grade=_detect_grade(texts))
    numbers = [int(i.label) for i in split.items if i.label.isdigit()]
    if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
        split.warnings.append(f"question numbers are not consecutive: {numbers}")
    return split


def preview_rows(split: PaperSplit, limit: int = 60) -> list[dict]:
    """What the teacher checks before saving: one short line per question."""
    rows = []
    for item in split.items:
        rows.append({
            "row": item.order, "label": item.label, "type": item.item_type,
            "stem": item.stem[:limit], "passage": item.passage[:limit // 2],
            "choices": len(item.choices), "box": item.has_box, "images": len(item.images),
            "answer": item.answer,
        })
    return rows
