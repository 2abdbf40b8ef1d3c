"""The worksheet's layout model (시험지): what goes on the paper, in which order, before any writer.

The PDF writer, the HWPX writer and the app's preview all render one ``Paper`` built here, so a paper
looks the same whichever door it leaves by. The model decides: question numbers, passage groups (a
passage shared by consecutive items is printed once, before them, under "[1~3] 다음 글을 읽고 물음에
답하시오."), the <보기> box, the choice columns, 배점, the writing space for 서술형/단답형, and the
answer key. Variants (A/B형) reorder whole passage groups and may shuffle choices, each with its own
key; the same seed gives the same paper.

Items imported from a 선택과목 section (tagged "미적분", or "선택 1" for an untitled set) are printed
under that section's heading with the paper's own numbering (each section from the same number, 23–30
on a 수학 paper), and the key gives their answers section by section, so the paper imports back with
the same sections.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from engine.i18n import _t
from engine.errors import InvalidInput
from engine.importers.paper_lines import ELECTIVES
from engine.items import Item

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
BOX_HEADS = ("<보기>", "〈보기〉", "[보기]", "<보 기>")
PASSAGE_PROMPT = "다음 글을 읽고 물음에 답하시오."
LAYOUTS = {"one-column": 1, "two-column": 2, "1": 1, "2": 2}
PAPERS = ("A4", "B4")
ANSWER_MODES = ("none", "end-page", "separate")
WRITING_KINDS = ("box", "lines")
_POINTS_TAG = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*점\s*$")
_UNTITLED_SET = re.compile(r"선택 \d{1,2}")  # the importer's name for a 선택과목 set printed without a title


class PaperOptionError(InvalidInput):
    pass


@dataclass
class PaperOptions:
    """What a teacher chooses for a paper; every field has a sensible default."""

    title: str = ""
    school: str = ""
    subject: str = ""
    grade: str = ""
    date: str = ""
    creator: str = ""
    columns: int = 1
    paper: str = "A4"
    answers: str = "end-page"
    variants: tuple[str, ...] = ()
    shuffle_choices: bool = False
    seed: int = 0
    writing: str = "box"          # 서술형 space: a box or ruled lines
    writing_mm: float = 40.0      # its height
    short_answer_mm: float = 10.0  # 단답형: one answer line this tall

    def check(self) -> "PaperOptions":
        """Refuse options a writer could not honour, naming the option and the choices."""
        if self.columns not in (1, 2):
            raise PaperOptionError(_t("layout: columns must be 1 or 2, not {columns}").format(
                                       columns=self.columns))
        if self.paper.upper() not in PAPERS:
            raise PaperOptionError(_t("paper: use A4 or B4, not {paper!r}").format(paper=self.paper))
        self.paper = self.paper.upper()
        if self.answers not in ANSWER_MODES:
            raise PaperOptionError(_t("answers: use one of {value}, not {answers!r}").format(
                                       value=', '.join(ANSWER_MODES), answers=self.answers))
        if self.writing not in WRITING_KINDS:
            raise PaperOptionError(_t("writing space: use box or lines, not {writing!r}").format(
                                       writing=self.writing))
        if not 5 <= self.writing_mm <= 200:
            raise PaperOptionError(_t("writing space: {writing_mm} mm is not between 5 and 200 mm").format(
                                       writing_mm=self.writing_mm))
        bad = [v for v in self.variants if not re.fullmatch(r"[A-Za-z가-힣0-9]{1,3}", v)]
        if bad or len(set(self.variants)) != len(self.variants):
            raise PaperOptionError(_t("variants: give short distinct names such as A,B (got {variants})").format(
                                       variants=self.variants))
        return self


@dataclass
class Question:
    """One numbered question as printed."""

    number: int
    item: Item
    lead: list[str]              # stem lines before a <보기> box
    box: list[str]               # the <보기> box's lines ("" when none)
    tail: list[str]              # stem lines after the box
    choices: list[str]
    choice_columns: int          # 1, 2 or 5 per row
    answer: str                  # as printed in the key ("③", "2, 4", text)
    points: str = ""             # "3" → "[3점]"
    writing: str = ""            # "" | "box" | "lines" | "line"
    writing_mm: float = 0.0


@dataclass
class Block:
    """A passage group, or one question on its own (``passage`` empty)."""

    questions: list[Question]
    passage: str = ""
    section: str = ""   # the 선택과목 its questions belong to ("" outside sections)
    heading: str = ""   # printed before the block where a section starts: "[선택과목: 미적분]"

    def _own_prompt(self) -> bool:
        """A passage whose first line is already the instruction ("다음은 …에 답하시오.")."""
        first = self.passage.split("\n", 1)[0].strip()
        # "다음을 듣고, 물음에 답하시오." / "다음 빈칸에 들어갈 말로 … 고르시오." — also when it is all
        # the passage there is (a listening part prints no text)
        return first.endswith(("시오.", "시오", "물음에 답하라."))

    @property
    def head(self) -> str:
        """"[1~3] 다음 글을 읽고 물음에 답하시오." for a shared passage, "[4]" style for one item."""
        if not self.passage:
            return ""
        first, last = self.questions[0].number, self.questions[-1].number
        span = f"[{first}~{last}]" if last > first else f"[{first}]"
        prompt = self.passage.split("\n", 1)[0].strip() if self._own_prompt() else PASSAGE_PROMPT
        return f"{span} {prompt}"

    @property
    def body(self) -> str:
        """The passage as printed under the head (its own instruction line is in the head)."""
        if not self._own_prompt():
            return self.passage
        return self.passage.split("\n", 1)[1] if "\n" in self.passage else ""


@dataclass
class Paper:
    """One printable paper (one variant): a header, blocks of questions, and its answer key."""

    options: PaperOptions
    title: str
    variant: str
    blocks: list[Block] = field(default_factory=list)

    @property
    def questions(self) -> list[Question]:
        return [q for block in self.blocks for q in block.questions]

    def header_fields(self) -> list[tuple[str, str]]:
        """The header's labelled fields, in print order; 이름/번호 are blanks to fill in by hand."""
        o = self.options
        fields = [("학교", o.school), ("과목", o.subject), ("학년", o.grade), ("날짜", o.date)]
        return [(k, v) for k, v in fields if v]

    def answer_rows(self) -> list[tuple[int, str, str]]:
        """(number, answer, explanation) for the key, in this variant's order."""
        return [(q.number, q.answer, q.item.explanation) for q in self.questions]

    def key_parts(self) -> list[tuple[str, list[tuple[int, str, str]]]]:
        """The key cut where a 선택과목 section starts: (heading, rows); the heading is "" for the
        questions outside sections. Numbers repeat across sections, so each part needs its heading."""
        parts: list[tuple[str, list[tuple[int, str, str]]]] = []
        for block in self.blocks:
            if not parts or block.heading:
                parts.append((block.heading, []))
            parts[-1][1].extend((q.number, q.answer, q.item.explanation) for q in block.questions)
        return parts

    def key_figures(self) -> list[list[tuple[int, list[str]]]]:
        """Per part of ``key_parts``: (number, the 해설's figures) of each question whose 해설 has any.
        A table cell holds text only, so the key prints them under its table, each under its number."""
        parts: list[list[tuple[int, list[str]]]] = []
        for block in self.blocks:
            if not parts or block.heading:
                parts.append([])
            parts[-1].extend((q.number, list(q.item.explanation_images))
                             for q in block.questions if q.item.explanation_images)
        return parts


# -- building ------------------------------------------------------------------------------------
def display_width(text: str) -> int:
    """Hangul and other wide characters count twice: what a choice takes on paper (a formula by its
    linear form, about the width it is drawn at, not by its LaTeX source)."""
    if "$" in text:
        from engine.mathtext.linear import linear_text

        text = linear_text(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def choice_columns(choices: list[str]) -> int:
    """Five short choices on one line, middling ones two a line, long ones one a line."""
    if not choices:
        return 1
    widest = max(display_width(c) for c in choices)
    if widest <= 10:
        return 5 if len(choices) <= 5 else 1
    if widest <= 26:
        return 2
    return 1


def split_box(stem: str) -> tuple[list[str], list[str], list[str]]:
    """Stem lines before a <보기> box, the box's lines, and the lines after it."""
    lines = stem.split("\n")
    for start, line in enumerate(lines):
        if start and line.strip().startswith(BOX_HEADS):
            end = start + 1
            while end < len(lines) and re.match(r"^\s*([ㄱ-ㅎ]\.|\(?[가-하]\)|[ㄱ-ㅎ]\))", lines[end]):
                end += 1
            return lines[:start], lines[start:end], lines[end:]
    return lines, [], []


def item_points(item: Item) -> str:
    """배점: the HWPX importer keeps "[3점]" as the tag "3점"; that is where points live."""
    for tag in item.tags:
        match = _POINTS_TAG.match(tag)
        if match:
            return match.group(1)
    return ""


def item_section(item: Item) -> str:
    """The 선택과목 section an imported item was printed under (its tag "미적분", "선택 2") or ""."""
    return next((t for t in item.tags if t in ELECTIVES or _UNTITLED_SET.fullmatch(t)), "")


def section_heading(section: str) -> str:
    """The line a paper prints before a 선택과목 section; the HWPX importer reads it back as one."""
    return f"[선택과목: {section}]"


def marker(index: int) -> str:
    return CIRCLED[index] if index < len(CIRCLED) else f"({index + 1})"


def answer_text(item: Item, order: list[int] | None = None) -> str:
    """The key's answer; for 객관식 the choice numbers as ①…, following shuffled ``order``."""
    if item.type == "객관식" and item.answer:
        parts = []
        for part in item.answer.split(","):
            part = part.strip()
            if part.isdigit() and 1 <= int(part) <= len(CIRCLED):
                position = int(part) - 1
                if order is not None and position < len(order):
                    position = order.index(position)
                parts.append(marker(position))
            else:
                parts.append(part)
        return ", ".join(parts)
    return item.answer or "—"


def _choice_order(item: Item, rng: random.Random | None) -> list[int]:
    order = list(range(len(item.choices)))
    answers = [a.strip() for a in item.answer.split(",") if a.strip()]
    shuffleable = (item.type == "객관식" and len(order) > 1 and answers
                   and all(a.isdigit() and 1 <= int(a) <= len(order) for a in answers))
    if rng is not None and shuffleable:
        rng.shuffle(order)
    return order


def _question(number: int, item: Item, options: PaperOptions, rng: random.Random | None) -> Question:
    order = _choice_order(item, rng)
    choices = [item.choices[i] for i in order]
    lead, box, tail = split_box(item.stem)
    writing, height = "", 0.0
    if item.type == "서술형":
        writing, height = options.writing, options.writing_mm
    elif item.type == "단답형":
        writing, height = "line", options.short_answer_mm
    return Question(number, item, lead, box, tail, choices, choice_columns(choices),
                    answer_text(item, order), item_points(item), writing, height)


def _groups(items: list[Item]) -> list[list[Item]]:
    """Consecutive items with the same passage form one group; the rest stand alone."""
    groups: list[list[Item]] = []
    for item in items:
        if groups and item.passage and groups[-1][0].passage == item.passage \
                and item_section(groups[-1][0]) == item_section(item):
            groups[-1].append(item)
        else:
            groups.append([item])
    return groups


def default_title(items: list[Item]) -> str:
    """"과학 중3 학습지": names the subject, so the worksheet imports back with its subject."""
    subjects = list(dict.fromkeys(i.subject for i in items if i.subject))
    grades = list(dict.fromkeys(i.grade for i in items if i.grade))
    return " ".join(w for w in ("·".join(subjects), "·".join(grades), "학습지") if w)


def build_paper(items: list[Item], options: PaperOptions | None = None, variant: str = "") -> Paper:
    """Lay ``items`` out as one paper. Variant "" or the first named variant keeps the teacher's order;
    each later variant shuffles whole passage groups (and choices, if asked) from the seed."""
    options = (options or PaperOptions()).check()
    items = list(items)
    if not items:
        raise PaperOptionError(_t("a worksheet needs at least one item; add items to the basket first"))
    groups = _groups(items)
    first = not options.variants or variant == options.variants[0] or not variant
    rng = None if first else random.Random(f"{options.seed}:{variant}")
    if rng is not None and len(groups) > 1:
        groups = _shuffled(groups, rng)
    choice_rng = rng if (rng is not None and options.shuffle_choices) else None
    title = options.title or default_title(items)
    if variant:
        title = f"{title} ({variant}형)"
    paper = Paper(options, title, variant)
    number, highest, section_start, current = 1, 0, 0, ""
    for group in groups:
        section = item_section(group[0])
        heading = ""
        if section != current:
            if section:  # every section is numbered from where the first one started
                section_start = section_start or number
                number, heading = section_start, section_heading(section)
            else:
                number = highest + 1
            current = section
        questions = []
        for item in group:
            questions.append(_question(number, item, options, choice_rng))
            highest = max(highest, number)
            number += 1
        paper.blocks.append(Block(questions, group[0].passage if group[0].passage else "", section, heading))
    if not options.date:
        options.date = date.today().isoformat()
    return paper


def _shuffled(groups: list[list[Item]], rng: random.Random) -> list[list[Item]]:
    """The groups in a new order; a 선택과목 section's groups move only among themselves, so every
    section stays in one run under its heading."""
    runs: list[list[list[Item]]] = []
    for group in groups:
        if runs and item_section(runs[-1][0][0]) == item_section(group[0]):
            runs[-1].append(group)
        else:
            runs.append([group])
    shuffled = list(groups)
    for _attempt in range(8):  # a shuffle that happens to equal the original is no variant
        for run in runs:
            rng.shuffle(run)
        shuffled = [group for run in runs for group in run]
        if shuffled != groups:
            break
    return shuffled


def build_papers(items: list[Item], options: PaperOptions | None = None) -> list[Paper]:
    """One paper per variant (or just one paper when no variants are asked for)."""
    options = (options or PaperOptions()).check()
    if not options.subject:
        options.subject = "·".join(dict.fromkeys(i.subject for i in items if i.subject))
    if not options.grade:
        options.grade = "·".join(dict.fromkeys(i.grade for i in items if i.grade))
    return [build_paper(items, options, v) for v in (options.variants or ("",))]
