"""Splitting an exam paper (시험지) into items: numbers, choices, shared passages, <보기> boxes, figures.

Input is the ordered list of blocks a document reader produced (see ``owpml.Block``); output is one
``PaperItem`` per question. The rules follow how Korean papers are laid out (the line patterns are
in ``paper_lines``):

* a question starts with its number ("1.", "01.", "2)", "12 ．", "문 1.") — only the *next* number,
  written the way question 1 was ("." or ")"), starts a question, so "2) 조건" inside a stem of a
  paper numbered "1.", "2." does not split it; 한글's automatic numbering reaches the splitter as
  text (the reader writes the number 한글 draws); "[서술형 1]" / "서술형 1." starts a written-answer
  question;
* choices are the text from the first circled number ① onwards, on one line or several;
* "[1~3] 다음 글을 읽고 물음에 답하시오." opens a shared passage: the text and figures up to the first
  question become the ``passage`` of every question numbered 1 to 3;
* a table or text box inside a question (a <보기> box, a data table) is kept in the stem as lines;
* figures belong to the question (or the shared passage) they appear in;
* "정답 : ②" after a question is that question's answer, and a "해설" / "[해설]" block after it its
  explanation (up to the next question) — neither is ever read as a choice;
* a 선택과목 title ("확률과 통계", "미적분", "기하") opens a section with its own numbering (each
  numbered 23–30 on a 수학 paper): its questions are kept apart and tagged with the section;
* a line starting with "정답" (alone, "정답 및 해설", or followed by "1. ③ 2. ⑤ …") opens the answer
  key: a compact key, one entry a line ("3. ② 해설 …"), or a table of numbers and answers;
* "[3점]" at the end of a stem is taken off the text and kept as a tag;
* a paper that prints no question numbers at all is split where its layout ends each question (a
  run of choices, or a question line closed by its points: ``unnumbered``), and says so;
* a document that is only an answer key (a paper's separate 정답 file) gives its answers to
  ``answer_sheet`` through ``read_key``.

When the split is unsure — numbers out of order or missing, a question with more than five choices —
the reason goes to ``PaperSplit.doubts`` (an import stops on it unless the teacher accepts the split).
Everything before the first question or passage is the paper's header; the subject and grade are
read from it (and from the file name) when the paper does not say them per item.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.importers import paper_lines as pl
from engine.importers.owpml import Block
from engine.importers.unnumbered import number_questions
from engine.vocab import VocabularyError, all_subjects, normalize_grade, normalize_subject
from engine.i18n import _t

CIRCLED = pl.CIRCLED
MAX_CHOICES = 5  # Korean papers have 4 or 5 choices; more means two questions were run together


def _joined(lines: list[str]) -> str:
    """Lines as one text: each line (also each line of a box's text) without the spaces at its ends,
    and no empty lines — as the paper shows it, and as it reads back after an export."""
    return "\n".join(part.strip() for line in lines for part in line.split("\n") if part.strip())


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
    explanation_lines: list[str] = field(default_factory=list)
    explanation_images: list[str] = field(default_factory=list)  # figures inside the 해설
    essay: bool = False
    points: str = ""
    has_box: bool = False
    section: str = ""  # the 선택과목 section it is printed under ("" outside sections)

    @property
    def stem(self) -> str:
        return _joined(self.stem_lines)

    @property
    def explanation(self) -> str:
        return _joined(self.explanation_lines)

    @property
    def item_type(self) -> str:
        if self.choices:
            return "객관식"
        return "서술형" if self.essay or pl.ESSAY_HINT.search(self.stem) else "단답형"

    @property
    def name(self) -> str:
        """How a message names it: "7", "서술형 1", "미적분 23"."""
        return f"{self.section} {self.label}" if self.section else self.label


@dataclass
class _Passage:
    first: int
    last: int
    lines: list[str]
    images: list[str]

    @property
    def text(self) -> str:
        return _joined(self.lines)


@dataclass
class PaperSplit:
    header: list[str]
    items: list[PaperItem]
    warnings: list[str]
    subject: str = ""
    grade: str = ""
    doubts: list[str] = field(default_factory=list)  # why the split may be wrong (also in warnings)

    def looks_like_exam(self) -> bool:
        """Numbered paragraphs are a paper's questions only if some have choices or answers, or
        read as questions; a notice or a plan numbered "1. 사업명 …" is not an exam paper."""
        if any(len(i.choices) >= 2 or i.answer or i.essay for i in self.items):
            return True
        asking = sum(1 for i in self.items if pl.ASKS.search(i.stem.split("\n", 1)[0]))
        return bool(self.items) and asking * 2 >= len(self.items)


def _split_choices(text: str) -> tuple[str, list[str]]:
    """Text before the first ① and the choices after it."""
    first = min((text.find(c) for c in CIRCLED if c in text), default=-1)
    if first < 0:
        return text, []
    # "①." / "①)": an automatic circled number whose format adds a point (the walker writes it so)
    # a choice starts only at the next circled number: "② 위 ①의 청구에 따라 …" is one choice
    expected, cuts = CIRCLED.index(text[first]), []
    for at, char in enumerate(text):
        if at >= first and expected < len(CIRCLED) and char == CIRCLED[expected]:
            cuts.append(at)
            expected += 1
    pieces = [text[a + 1:b] for a, b in zip(cuts, cuts[1:] + [len(text)])]
    parts = [re.sub(r"^[.．)]\s*", "", p.strip()) for p in pieces]
    return text[:first], [p for p in parts if p]


PICTURE_CHOICE = "[그림]"  # the text of a choice that is a picture on the paper (the figure is the item's)


def _picture_choices(text: str) -> bool:
    """A line of circled numbers with nothing after them: choices that are pictures."""
    marks = [c for c in text if c in CIRCLED]
    return len(marks) >= 2 and not re.sub(f"[{CIRCLED}\\s]", "", text) and marks == list(CIRCLED[:len(marks)])


def _choice_table(text: str) -> bool:
    """Circled numbers ①, ②, … in order, each once, each at the start of a line or cell."""
    marks = [c for c in text if c in CIRCLED]
    if len(marks) < 2 or marks != list(CIRCLED[:len(marks)]):
        return False
    return all(re.search(rf"(?:^|\n|\|)\s*{c}", text) for c in marks)


def detect_subject(texts: list[str]) -> str:
    for text in texts:
        text = re.sub(r"수학\s*능력", " ", text)  # "대학수학능력시험" names no subject
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
        # "고1" as a word of the title ("기말고사 고1 영어": searched before the spaces are taken out)
        short = re.search(r"(?<![가-힣])([중고])([1-3])(?!\d)", text) \
            or re.search(r"(?<![가-힣])([중고])([1-3])(?!\d)", squashed)
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
        self.in_explanation = False
        self.answer_mode = False
        self.last_number = 0
        self.essay_number = 0
        self.delimiter = ""  # "." or ")": how this paper writes its question numbers
        self.section = ""
        self.section_open = False  # a 선택과목 title was seen and its first question is still to come
        self.pending: tuple[str, Block] | None = None  # a 선택과목 title waiting for the line after it
        self.framed_title = False  # the pending title was printed in a frame (a text box)
        self.await_answer = False  # a "정답" label was seen: the next line is the current answer
        self.after_answer = False  # the last line was the current question's answer line
        self.untitled = 0  # 선택과목 sets found by their numbers starting again (no title printed)
        self.restarts: list[tuple[int, int]] = []
        self.pending_rest = ""
        self.key_section = ""  # the section the answer key is at
        self.key_last: PaperItem | None = None  # the item the last answer-key entry was for
        self.stray: dict[tuple[str, str], list[int]] = {}  # question-like lines not taken as questions
        # reading an answer sheet alone (``answer_sheet``): (section, number) → answer, no items
        self.sheet: dict[tuple[str, str], str] | None = None

    # -- starting things --------------------------------------------------------------------------
    def _start(self, label: str, rest: str, essay: bool, number: int | None) -> None:
        if number is not None and self.passage and not self.passage.first <= number <= self.passage.last:
            self.passage = None
        if essay and self.passage and self.current is not None and not self.current.essay:
            self.passage = None  # a passage never spans into the written-answer part
        item = PaperItem(order=len(self.items) + 1, label=label, essay=essay, section=self.section)
        if self.passage is not None:
            item.passage = self.passage.text
            item.images.extend(self.passage.images)
        self.items.append(item)
        self.current = item
        self.in_choices = False
        self.in_explanation = False
        self._add_text(rest)

    def _question_start(self, text: str) -> bool:
        essay = pl.ESSAY.match(text)
        if essay:
            number = int(essay.group(1))
            if number == self.essay_number + 1:
                self.essay_number = number
                self._start(f"서술형 {number}", essay.group(2), True, None)
                return True
        match = pl.QUESTION.match(text)
        if match and int(match.group(1)) == 1 and self.items and self._only_notes() \
                and pl.ASKS.search(match.group(3)):
            self._demote_notes()  # "1. 답안지에 …" were the paper's instructions, not questions
        if match and self.delimiter and match.group(2).replace("．", ".") != self.delimiter:
            match = None  # "2)" inside a paper numbered "1.", "2." is a line of the stem
        if not match:
            return False
        number = int(match.group(1))
        self.pending_rest = match.group(3)
        first = not self.items and number >= 1
        if number == self.last_number + 1 or (self.section_open and number >= 1) \
                or (first and self.passage is None and number == 1) \
                or (first and self.passage is not None and number == self.passage.first):
            self.last_number = number
            self.section_open = False
            self.delimiter = self.delimiter or match.group(2).replace("．", ".")
            self._start(str(number), match.group(3), False, number)
            return True
        if self._restarts_untitled(number):
            return True
        if self.items and pl.ASKS.search(match.group(3)):
            # written like a question, but not the next number: say so rather than guess
            what = "comes again" if number <= self.last_number else "skips ahead"
            self.stray.setdefault((what, self.items[-1].name), []).append(number)
        return False

    def _restarts_untitled(self, number: int) -> bool:
        """Numbers that start again ("23." after "30.") where a 수학 paper's 선택과목 sets follow one
        another with no title: each set becomes a section "선택 1", "선택 2" … — and the split stays
        a doubt, for the teacher to check and name the sections."""
        run = [i for i in self.items if i.section == self.section]
        labels = [int(i.label) for i in run if i.label.isdigit()]
        if not (labels and 10 <= number <= self.last_number - 3 and labels[-1] == self.last_number
                and labels[-(self.last_number - number + 1):] == list(range(number, self.last_number + 1))):
            return False
        if not self.section:  # the set before was the first: it is "선택 1"
            for item in run[-(self.last_number - number + 1):]:
                item.section = "선택 1"
            self.untitled = 1
        elif not self.section.startswith("선택 ") or not self.untitled:
            return False
        self.untitled += 1
        self.section = f"선택 {self.untitled}"
        self.restarts.append((number, self.last_number))
        self.last_number = number
        self._start(str(number), self.pending_rest, False, number)
        return True

    def _only_notes(self) -> bool:
        """The numbered lines so far have no choices, answers or question marks: instructions (유의 사항,
        "1. 답안지에 이름을 쓰시오.") printed before question 1."""
        return not any(i.choices or i.answer or i.explanation_lines or i.essay or i.passage
                       or re.search(r"[?？]", i.stem) for i in self.items)

    def _demote_notes(self) -> None:
        for item in self.items:
            self.header.append(f"{item.label}{self.delimiter or '.'} {item.stem}".strip())
        self.items.clear()
        self.stray.clear()
        self.current, self.last_number, self.delimiter = None, 0, ""

    def stray_doubts(self) -> list[str]:
        """Question-like lines whose number was not the next one, one sentence per place."""
        out = [_t("question numbers start again at {number} after {previous}: read as 선택과목 sets without "
                  "a title (선택 1 … 선택 {sets}); check them and name the sections").format(
                      number=a, previous=b, sets=self.untitled)
               for a, b in self.restarts[:1]]
        for (what, after), numbers in self.stray.items():
            again = what == "comes again"
            if len(numbers) == 1:
                text = (_t("question number {number} comes again after question {after}") if again else
                        _t("question number {number} skips ahead after question {after}"))
                out.append(text.format(number=numbers[0], after=after))
            else:
                text = (_t("question numbers {numbers} come again after question {after} (a 선택과목 section "
                           "without its title?)") if again else
                        _t("question numbers {numbers} skip ahead after question {after} (a 선택과목 section "
                           "without its title?)"))
                out.append(text.format(numbers=", ".join(map(str, numbers)), after=after))
        return out

    # -- adding to the current question ---------------------------------------------------------
    def _add_text(self, text: str) -> None:
        item = self.current
        assert item is not None
        marks = pl.INLINE_MARK.split(text, maxsplit=1) if not self.in_explanation else [text]
        if len(marks) == 2 and marks[0].strip() and (pl.ANSWER_LINE.match(marks[1])
                                                     or pl.EXPLANATION.match(marks[1])):
            self._add_text(marks[0])  # "⑤ 물이 끓는다.  정답: ③" — the tail is no choice
            if not self._note_line(marks[1].strip()):
                item.stem_lines.append(marks[1].strip())
            return
        if self.in_explanation:
            item.explanation_lines.append(text.strip())
            return
        before, choices = _split_choices(text)
        if not choices and _picture_choices(text):
            # "①      ②      ③" with a picture after each mark: the choices are the figures
            choices = [PICTURE_CHOICE] * sum(text.count(c) for c in CIRCLED)
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
        points = pl.POINTS.search(text)
        if points:
            item.points = points.group(1)
            text = text[: points.start()]
        item.stem_lines.append(text.strip())

    def _note_line(self, text: str) -> bool:
        """A question's own answer line or the start of its 해설 (True when ``text`` was one)."""
        item = self.current
        if item is None:
            return False
        answer = pl.ANSWER_LINE.match(text)
        if answer and not self.in_explanation:
            value = answer.group(1).strip()
            if pl.is_answer_blank(value):  # "답: ________" is where the student writes: no answer
                self.in_choices = False
                return True
            tail = pl.INLINE_MARK.split(value, maxsplit=1)
            if pl.is_single_answer(tail[0]):
                item.answer = tail[0].strip()
                self.in_choices = False
                if len(tail) == 2:
                    self._note_line(tail[1].strip())
                return True
        note = pl.EXPLANATION.match(text)
        if note:
            self.in_explanation = True
            self.in_choices = False
            if note.group(1).strip():
                item.explanation_lines.append(note.group(1).strip())
            return True
        return False

    def _extend_last_choice(self, text: str) -> None:
        assert self.current is not None and self.current.choices
        self.current.choices[-1] = f"{self.current.choices[-1]} {text.strip()}".strip()

    # -- the answer key at the end ----------------------------------------------------------------
    def _answer_key(self, block: Block) -> None:
        lines = [line for line in block.text.split("\n") if line.strip()]
        if block.images and block.kind == "para":  # a figure in the key (after "[해설 그림] 3.", or an entry's 해설) is its 해설's
            for line in lines:
                self._key_line(line)
            if self.key_last is not None:
                self.key_last.explanation_images.extend(block.images)
            else:
                self.warnings.append(_t("{count} figure(s) in the answer key were not attached to any "
                                        "item").format(count=len(block.images)))
            return
        rows = [[cell.strip() for cell in line.split("|")] for line in lines]
        if block.kind == "box" and rows and all(len(r) == 2 for r in rows):
            for number, answer in rows:  # one row per question: 번호 | 정답
                self._set_answer(number, answer)
            return
        if block.kind == "box" and rows and rows[0][:2] == ["번호", "정답"]:
            # 번호 | 정답 | 해설 …, as itembank's worksheets write it (a 해설 cell may run on
            # several lines: the lines until the next number are its own)
            explained = len(rows[0]) >= 3 and rows[0][2] == "해설"
            item = None
            for line, row in zip(lines[1:], rows[1:]):
                if len(row) >= 2 and re.fullmatch(r"\d{1,2}", row[0]):
                    item = self._set_answer(row[0], row[1])
                    cells = line.split(" | ", 2)  # a "|" inside the 해설 (|x| in a formula) is its own
                    if item is not None and explained and len(cells) == 3:
                        item.explanation_lines = [cells[2].strip()]
                elif item is not None and explained:
                    item.explanation_lines.append(line.strip())
            return
        if block.kind == "box" and len(rows) >= 2:
            for numbers, answers in zip(rows[0::2], rows[1::2]):  # a row of numbers, a row of answers
                for number, answer in zip(numbers, answers):
                    self._set_answer(number, answer)
            return
        for line in lines:
            self._key_line(line)

    def _key_line(self, line: str) -> None:
        figures = pl.KEY_FIGURES.match(line)
        if figures:  # "[해설 그림] 3.": the figures that follow are question 3's 해설's
            self.key_last = self._find(figures.group(1))
            return
        section = pl.section_title(line)
        if section:
            self.key_section, self.key_last = section, None
            return
        pairs = pl.key_pairs(line)
        if pairs:  # "1. ③ 2. ⑤ 3. 12"
            for number, answer in pairs:
                self._set_answer(number, answer, strict=True)
            self.key_last = None
            return
        entry = pl.key_entry(line)
        if entry is not None:  # "3. ② 해설 …" — an entry, and what follows it is its 해설
            item = self._set_answer(entry.number, entry.answer, strict=True)
            if item is not None:
                self.key_last = item
                if entry.explanation and not item.explanation_lines:
                    item.explanation_lines.append(entry.explanation)
                return
        note = pl.EXPLANATION.match(line)
        text = (note.group(1) if note else line).strip()
        if self.key_last is not None and text:
            self.key_last.explanation_lines.append(text)

    def _set_answer(self, number: str, answer: str, strict: bool = False) -> PaperItem | None:
        """Set question ``number``'s answer from the key; ``strict`` (a key written as text lines)
        takes for a question with choices only an answer a choice can be (never "항).")."""
        if not re.fullmatch(r"[0-9]{1,2}", number) or not answer or answer == "—":
            return None
        if self.sheet is not None:
            self.sheet.setdefault((self.key_section, str(int(number))), answer)
            return None
        item = self._find(number)
        if item is None:
            return None
        if strict and item.choices and not pl.choice_answer(answer):
            return None  # "항)." is not the answer to a question with choices
        if item.answer and plain_answer(item.answer) != plain_answer(answer):
            self.warnings.append(_t("question {name}: the answer line says {line} but the answer key says "
                                    "{answer}; the answer key was used").format(
                                        name=item.name, line=item.answer, answer=answer))
        item.answer = answer
        return item

    def _find(self, number: str) -> PaperItem | None:
        """Question ``number`` of the answer key's current 선택과목 section (None: no such question)."""
        label = str(int(number))
        found = [i for i in self.items if i.label == label]
        if self.key_section:
            found = [i for i in found if i.section == self.key_section]
        elif len(found) > 1:
            found = [i for i in found if not i.section] or found[:0]
            if not found:
                self.warnings.append(_t("answer key: answer {label} does not say which 선택과목 it is for; "
                                        "it was not set").format(label=label))
                return None
        return found[0] if found else None

    # -- the walk ---------------------------------------------------------------------------------
    def feed(self, block: Block) -> None:
        if self.answer_mode:
            self._answer_key(block)
            return
        if block.kind != "para" and pl.is_furniture(block.text):
            self._furniture(block)
            return
        if block.kind == "box" and self.current is not None and pl.ANSWER_LABEL.match(block.text):
            self.await_answer, self.in_choices = True, False  # "정답" in a frame, the answer below it
            return
        if block.kind == "box" and self.current is not None and pl.EXPLANATION_LABEL.match(block.text):
            self.in_explanation, self.in_choices, self.await_answer = True, False, False
            return
        if block.kind == "box" and self.items and self._answer_grid(block):
            return
        if block.kind == "box" and not block.cells and pl.section_title(block.text.strip()):
            self._feed_line(Block(block.text.strip(), list(block.images)))  # a 선택과목 title in a frame
            self.framed_title = self.pending is not None
            return
        if block.kind != "para":
            if self._holds_questions(block):  # questions laid out in a table: read cell by cell
                for cell in block.cells:
                    for inner in cell:
                        self.feed(inner)
                return
            self._attach(block)
            return
        lines = block.text.split("\n") or [""]
        for n, line in enumerate(lines):  # a line break inside a paragraph is a new line on paper
            images = block.images if n == len(lines) - 1 else []
            self._feed_line(Block(line, list(images)))

    def _feed_line(self, block: Block) -> None:
        text = block.text.strip()
        if self.answer_mode:
            self._answer_key(block)
            return
        key = pl.ANSWER_KEY.match(text)
        if key and self.items and (key.group(1) or not key.group(2).strip()
                                   or not pl.is_single_answer(key.group(2)) or self.current is None):
            self.answer_mode = True
            self.current = None
            if key.group(2).strip():
                self._answer_key(Block(key.group(2)))
            return
        if self.pending is not None and text and not (self.framed_title and self._answer_or_note(text)):
            self._settle_section(text)  # (a title in a frame waits past the 정답 / 해설 before it)
        section = pl.section_title(text)
        if section:  # a 선택과목 title only if a question (or a passage) comes right after it
            self.pending = (section, block)
            return
        passage = pl.PASSAGE.match(text)
        if passage:
            first = int(passage.group(1))
            last = int(passage.group(2) or first)
            if first == 1 and self.items and self._only_notes():
                self._demote_notes()  # "1. 합성 독해 연습지" numbered like a question was the title
            if (first == self.last_number + 1 or self.section_open) and last >= first:
                self.passage = _Passage(first, last, [passage.group(3).strip()], list(block.images))
                self.current = None
                return
        if self.items and not self.in_explanation and pl.PAPER_TITLE.match(text):
            return  # the paper's title again (above its answer grid, on a later page)
        after_answer, self.after_answer = self.after_answer, False
        if self.await_answer and text and self.current is not None:
            self.await_answer = False
            if pl.is_single_answer(text) and not pl.QUESTION.match(text):
                self.current.answer, self.after_answer = text, True
                return
        if after_answer and self.current is not None and pl.ANSWER_MARKS.match(text):
            # "정답③" and then "㉡㉣": the 보기 the answer counts or picks, kept as the 해설's first line
            self.current.explanation_lines.insert(0, re.sub(r"\s+", "", text))
            return
        if text and self._question_start(text):
            if block.images:
                self.current.images.extend(block.images)
            return
        if text and self._note_line(text):
            self._add_figures(block.images)  # (the 해설's own once its label opened it)
            self.after_answer = bool(self.current.answer) and not self.in_explanation
            return
        self._attach(block)

    def _holds_questions(self, block: Block) -> bool:
        """A table whose cells start with the next question ("3. …은?" and its choices): a layout,
        not a <보기> or data table inside a question."""
        for cell in block.cells:
            first = next((b.text.strip() for b in cell if b.text.strip()), "")
            match = pl.QUESTION.match(first.split("\n", 1)[0])
            if match and int(match.group(1)) in (self.last_number + 1, 1) and (
                    pl.ASKS.search(match.group(3)) or any(c in first for c in CIRCLED)):
                return True
        return False

    def _furniture(self, block: Block) -> None:
        """The paper's title box, "제 2 교시", "5지선다형", "* 확인 사항": the header before the first
        question's text, else dropped; a title box naming a 선택과목 ("수학 영역(미적분)") after
        questions opens that section (its questions are numbered 23–30 again)."""
        text = block.text.strip()
        started = self.current is not None and (self.current.stem or self.current.choices
                                                or len(self.items) > 1)
        if not started:
            self.header.extend(line.strip() for line in text.split("\n") if line.strip())
            return
        section = pl.area_section(text)
        if section and section != self.section:
            self.section, self.section_open = section, True
            self.current, self.passage, self.pending = None, None, None

    def _answer_grid(self, block: Block) -> bool:
        """A 빠른 정답 grid at the end ("1 | ⑤ | 2 | ③ …", a row may start with its 선택과목):
        its answers are set (each under its section) and the grid is no part of the last question."""
        rows = []
        for line in block.text.split("\n"):
            cells = [c.strip() for c in line.split("|") if c.strip()]
            section = pl.section_title(cells[0]) if cells else ""
            pairs = cells[1:] if section else cells
            if not pairs:
                continue
            if len(pairs) % 2 or not all(re.fullmatch(r"\d{1,2}", n) for n in pairs[0::2]):
                return False
            rows.append((section, list(zip(pairs[0::2], pairs[1::2]))))
        if sum(len(r) for _, r in rows) < 5:
            return False
        keep = self.key_section
        for section, pairs in rows:
            if section:
                self.key_section = section
            for number, answer in pairs:
                self._set_answer(number, answer)
        self.key_section = keep
        return True

    def _answer_or_note(self, text: str) -> bool:
        """A line of the question before (its 정답 or 해설), not the line after a 선택과목 title."""
        if pl.QUESTION.match(text) or pl.PASSAGE.match(text):
            return False
        return self.in_explanation or bool(pl.ANSWER_LINE.match(text) or pl.EXPLANATION.match(text))

    def _settle_section(self, text: str) -> None:
        """The line after a 선택과목 title: a question or passage opens the section; anything else
        means the title was a line of text ("경제" in a stem), and it is put back where it was."""
        name, title = self.pending
        framed = self.framed_title
        self.pending, self.framed_title = None, False
        question = pl.QUESTION.match(text)
        opens = bool(pl.PASSAGE.match(text)) or bool(question) and (
            not self.delimiter or question.group(2).replace("．", ".") == self.delimiter)
        if opens:
            if not self.items:
                self.header.append(title.text.strip())
            self.section, self.section_open = name, True
            self.current, self.passage = None, None
        elif not framed:
            self._attach(title)
        # a title in a frame that opens nothing is a label of the layout, never a line of a question

    def finish(self) -> None:
        if self.pending is not None and not self.framed_title:  # a title at the very end is text
            self._attach(self.pending[1])
        self.pending = None

    def _add_figures(self, images: list[str]) -> None:
        """Figures of the current question: inside its 해설 they are the 해설's, not the question's."""
        assert self.current is not None
        (self.current.explanation_images if self.in_explanation else self.current.images).extend(images)

    def _attach(self, block: Block) -> None:
        text = block.text.strip()
        if self.current is not None:
            if self.in_explanation:
                self.current.explanation_lines.append(text)
            elif block.kind == "box" and text[:1] in CIRCLED and not self.current.choices:
                # choices laid out in a table ("① 가 | ② 나" / one cell a choice): read as choices
                self._add_text(re.sub(r"\s*[|\n]\s*", "  ", text))
            elif block.kind == "box" and not self.current.choices and _choice_table(text):
                # a table of choices under a row of column titles ("(A) | (B)" / "① | 직선형 | HNO"):
                # the titles stay in the stem, each row (or group of cells) from ① on is a choice
                first = text.find(CIRCLED[0])
                self.current.stem_lines.append(text[:first].strip())
                self._add_text(re.sub(r"\s*[|\n]\s*", "  ", text[first:]))
            elif block.kind == "box" and re.fullmatch(r"\d{0,3}", text):
                pass  # an empty frame or a page number: nothing of the question
            elif block.kind == "box":
                self.current.has_box = self.current.has_box or bool(pl.BOX_HEAD.match(text))
                if self.in_choices:  # a box after the choices is unusual: keep it, but in the stem
                    self.warnings.append(_t("question {name}: a box after the choices was added to the "
                                            "stem").format(name=self.current.name))
                self.current.stem_lines.append(text)
            elif text:
                self._add_text(block.text)
            self._add_figures(block.images)
        elif self.passage is not None:
            self.passage.lines.append(text)
            self.passage.images.extend(block.images)
        else:
            if text:
                self.header.append(text)
            if block.images:
                self.warnings.append(_t("{count} figure(s) before the first question were not attached to "
                                        "any item").format(count=len(block.images)))


def plain_answer(answer: str) -> str:
    """An answer compared as written: ② and 2 are the same answer."""
    return re.sub(r"[\s$]+", "", answer.translate({ord(c): str(n) for n, c in enumerate(CIRCLED, 1)}))


def _numbering_doubts(items: list[PaperItem]) -> list[str]:
    """Questions numbered out of order, or with too many choices, in each section of the paper."""
    doubts = []
    for section in dict.fromkeys(i.section for i in items):
        numbers = [int(i.label) for i in items if i.section == section and i.label.isdigit()]
        if numbers and numbers != list(range(numbers[0], numbers[0] + len(numbers))):
            text = (_t("question numbers are not consecutive in {section}: {numbers}") if section else
                    _t("question numbers are not consecutive: {numbers}"))
            doubts.append(text.format(section=section, numbers=numbers))
    for item in items:
        if len(item.choices) > MAX_CHOICES:
            doubts.append(_t("question {name} has {count} choices (at most {most} expected): two questions "
                             "may have been read as one").format(name=item.name, count=len(item.choices),
                                                                 most=MAX_CHOICES))
    return doubts


def read_key(blocks: list[Block]) -> dict[tuple[str, str], str]:
    """The answers of a document that is only an answer key (a separate 정답 file): each block read
    as the answer key at the end of a paper is, (선택과목, number) → answer."""
    splitter = _Splitter()
    splitter.answer_mode, splitter.sheet = True, {}
    for block in blocks:
        splitter.feed(block)
    return splitter.sheet


def split_paper(blocks: list[Block], file_name: str = "") -> PaperSplit:
    """The paper's questions; a paper that prints no question numbers at all is split where its
    layout ends each question (``unnumbered``), saying so, and asking where that is unsure."""
    split = _split_numbered(blocks, file_name)
    if split.items:
        return split
    numbered = number_questions(blocks)
    if numbered is None:
        return split
    split = _split_numbered(numbered.blocks, file_name)
    if len(split.items) != numbered.count:  # the splitter read the starts otherwise: not this layout
        return _split_numbered(blocks, file_name)
    split.warnings.insert(0, _t("no question numbers are printed: {count} questions were found by their "
                                "choices (① …) and question lines, and numbered 1 to {count} in order").format(
                                    count=numbered.count))
    split.doubts = numbered.doubts + split.doubts
    split.warnings.extend(numbered.doubts)
    return split


def _split_numbered(blocks: list[Block], file_name: str) -> PaperSplit:
    splitter = _Splitter()
    for block in blocks:
        splitter.feed(block)
    splitter.finish()
    texts = splitter.header + ([file_name] if file_name else [])
    doubts = splitter.stray_doubts() + _numbering_doubts(splitter.items)
    return PaperSplit(splitter.header, splitter.items, splitter.warnings + doubts,
                      subject=detect_subject(texts), grade=_detect_grade(texts), doubts=doubts)


def preview_rows(split: PaperSplit, limit: int = 60) -> list[dict]:
    """What the teacher checks before saving: one short line per question."""
    rows = []
    for item in split.items:
        rows.append({
            "row": item.order, "label": item.label, "section": item.section, "type": item.item_type,
            "stem": item.stem[:limit], "passage": item.passage[:limit // 2],
            "choices": len(item.choices), "box": item.has_box, "images": len(item.images),
            "explanation_images": len(item.explanation_images),
            "answer": item.answer, "explanation": item.explanation[:limit // 2],
        })
    return rows
