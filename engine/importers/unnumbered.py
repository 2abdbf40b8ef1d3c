"""Questions printed with no number at all: found by their choices ①–⑤ and their question lines.

Some papers (a teacher's equation test file, a worksheet pasted together) print each question as a
stem and its choices, one after the other, with no "1.", no automatic number and no 미주. The paper
splitter (``paper``) only starts a question at its number, so such a paper would be refused although
its layout says plainly where each question ends:

* a run of choice paragraphs (each starting with a circled number, ① … ⑤ in order) closes a question;
* a question with no choices closes at its last line when that line asks ("…의 값은?") and ends with
  its points ("[2점]") — the points are the last thing a Korean paper prints for a question.

The next paragraph after such an end starts the next question. Leading short title lines (no
formula, no question, no choice) are the paper's header. This module finds those starts and numbers
them 1, 2, … so that the splitter reads the paper as if they had been printed; what it cannot tell
for sure (a question that ends without choices and without points, a 해설 inside, choices out of
order) is a doubt, and the import asks before it saves anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from engine.i18n import _t
from engine.importers import paper_lines as pl
from engine.importers.owpml import Block

CIRCLED = pl.CIRCLED
_CHOICE_LINE = re.compile(rf"^\s*[{CIRCLED}]")


@dataclass
class Numbered:
    """The blocks with a number put before each question's first paragraph, and what was unsure."""

    blocks: list[Block]
    count: int
    doubts: list[str] = field(default_factory=list)


def _is_choice(block: Block) -> bool:
    return block.kind == "para" and bool(_CHOICE_LINE.match(block.text))


def _marks(block: Block) -> list[str]:
    return [c for c in block.text if c in CIRCLED]


def _asks(block: Block) -> bool:
    lines = [line for line in block.text.split("\n") if line.strip()]
    return bool(lines) and bool(pl.ASKS.search(lines[-1]))


def _has_points(block: Block) -> bool:
    return bool(pl.POINTS.search(block.text.rstrip()))


def _title_like(block: Block) -> bool:
    """A short line before the first question that is the paper's title, not a stem."""
    text = block.text.strip()
    return (block.kind == "para" and not block.images and 0 < len(text) <= 40 and "$" not in text
            and not _asks(block) and not _marks(block))


def _note(block: Block) -> bool:
    text = block.text.strip()
    return bool(pl.ANSWER_LINE.match(text) or pl.EXPLANATION.match(text) or pl.ANSWER_KEY.match(text))


def _unpointed(name: int) -> str:
    return _t("question {name} (no number printed) has no choices and no points after its question line: "
              "it may run on into the next").format(name=name)


def number_questions(blocks: list[Block]) -> Numbered | None:
    """Number the questions of a paper that prints none, or None when its layout does not show them
    (fewer than two questions, or fewer than half of them with choices)."""
    start = 0
    while start < len(blocks) and (_title_like(blocks[start]) or not blocks[start].text.strip()
                                   and not blocks[start].images or pl.is_furniture(blocks[start].text)):
        start += 1
    starts: list[int] = []
    choices: list[list[str]] = []  # the circled marks of each question, in order
    doubts: list[str] = []
    closed = True  # the question before has ended: the next paragraph with text starts one
    unpointed = False  # it ended at a question line with no points and no choices after it
    for at in range(start, len(blocks)):
        block = blocks[at]
        if not block.text.strip():
            continue  # a figure alone, an empty paragraph: part of the question it sits in
        if _is_choice(block):
            if not starts:
                return None  # choices before any stem: not this layout
            choices[-1].extend(_marks(block))
            closed, unpointed = True, False  # its choices closed it, not its question line
            continue
        if starts and _note(block):
            if pl.EXPLANATION.match(block.text.strip()):
                doubts.append(_t("question {name} (no number printed) has a 해설: where it ends and the next "
                                 "question starts is a guess").format(name=len(starts)))
            closed = False
            continue
        if closed and block.kind == "para":
            if unpointed:
                doubts.append(_unpointed(len(starts)))
            starts.append(at)
            choices.append([])
            closed, unpointed = False, False
        if not starts:
            continue  # a box before the first stem: the paper's header
        if not choices[-1] and _asks(block):
            closed = True  # a question with no choices ends at its question line …
            unpointed = not _has_points(block)  # … and without its points, maybe not there
    if unpointed:
        doubts.append(_unpointed(len(starts)))
    if len(starts) < 2 or sum(1 for c in choices if c) * 2 < len(starts):
        return None
    for number, marks in enumerate(choices, 1):
        if marks and (marks != list(CIRCLED[:len(marks)]) or not 4 <= len(marks) <= 5):
            doubts.append(_t("question {name} (no number printed) has choices {marks}, not ① to ④ or ⑤ in "
                             "order: two questions may have been read as one").format(
                                 name=number, marks="".join(marks)))
    numbered = list(blocks)
    for number, at in enumerate(starts, 1):
        block = blocks[at]
        numbered[at] = Block(f"{number}. {block.text.lstrip()}", list(block.images), block.kind, block.cells)
    return Numbered(numbered, len(starts), doubts)
