"""한글's automatic paragraph numbering (문단 번호 / 개요 번호), rendered as 한글 shows it.

Many papers number their questions with 한글's paragraph numbering: the text of question 3 is just
"다음 중 …" and the "3." is drawn by 한글 from the paragraph's shape. In OWPML the paragraph's
``paraPrIDRef`` names an ``hh:paraPr`` whose ``hh:heading`` says ``type="NUMBER"`` (a numbering
definition ``idRef``) or ``type="OUTLINE"`` (the section's outline numbering), and a ``level``; the
``hh:numbering`` definition has one ``hh:paraHead`` per level with a format such as ``^1.`` (``^n`` is
the number of level n, written in that level's ``numFormat``). Paragraphs that share a definition
count on together; a number at one level restarts the deeper levels.

The walker asks :class:`Numberer` for each paragraph's head and puts it before the text, so the
splitter sees "3. 다음 중 …" exactly as the teacher does. HWP 5 files reach the walker converted to
the same package by python-hwpx, which keeps the paragraph heads, so both formats are covered.
Bullets (``type="BULLET"``) are not numbers and give no head.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from xml.etree import ElementTree as ET

CIRCLED_DIGITS = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_HANGUL_SYLLABLES = "가나다라마바사아자차카타파하"
_HANGUL_JAMO = "ㄱㄴㄷㄹㅁㅂㅅㅇㅈㅊㅋㅌㅍㅎ"
_CIRCLED_SYLLABLES = "㉮㉯㉰㉱㉲㉳㉴㉵㉶㉷㉸㉹㉺㉻"
_CIRCLED_JAMO = "㉠㉡㉢㉣㉤㉥㉦㉧㉨㉩㉪㉫㉬㉭"
_HANGUL_NUMBERS = ["", "일", "이", "삼", "사", "오", "육", "칠", "팔", "구", "십"]
_IDEOGRAPHS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _roman(number: int) -> str:
    out = []
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while number >= value:
            out.append(letters)
            number -= value
    return "".join(out)


def _from(table: str | list[str], number: int) -> str:
    return table[number - 1] if 1 <= number <= len(table) else str(number)


def format_number(number: int, num_format: str) -> str:
    """One number in an OWPML ``numFormat`` (DIGIT, CIRCLED_DIGIT, HANGUL_SYLLABLE, ROMAN_SMALL …)."""
    kind = (num_format or "DIGIT").upper()
    if kind == "CIRCLED_DIGIT":
        return _from(CIRCLED_DIGITS, number)
    if kind in ("ROMAN_CAPITAL", "ROMAN_SMALL"):
        text = _roman(number) or str(number)
        return text if kind == "ROMAN_CAPITAL" else text.lower()
    if kind in ("LATIN_CAPITAL", "LATIN_SMALL") and 1 <= number <= 26:
        letter = chr(ord("A") + number - 1)
        return letter if kind == "LATIN_CAPITAL" else letter.lower()
    if kind == "HANGUL_SYLLABLE":
        return _from(_HANGUL_SYLLABLES, number)
    if kind == "CIRCLED_HANGUL_SYLLABLE":
        return _from(_CIRCLED_SYLLABLES, number)
    if kind in ("HANGUL_JAMO",):
        return _from(_HANGUL_JAMO, number)
    if kind == "CIRCLED_HANGUL_JAMO":
        return _from(_CIRCLED_JAMO, number)
    if kind == "HANGUL_PHONETIC":
        return _from(_HANGUL_NUMBERS[1:], number)
    if kind in ("IDEOGRAPH", "CIRCLED_IDEOGRAPH"):
        return _from(_IDEOGRAPHS[1:], number)
    return str(number)


@dataclass
class _Level:
    start: int = 1
    num_format: str = "DIGIT"
    pattern: str = "^1."  # the head text with ^n placeholders; empty: this level shows no number


@dataclass
class _Definition:
    levels: dict[int, _Level] = field(default_factory=dict)  # 1-based level → its head


@dataclass(frozen=True)
class _Heading:
    kind: str   # NUMBER or OUTLINE
    id_ref: str
    level: int  # 1-based


class Numberer:
    """Counts numbered paragraphs in document order and gives each its head ("3.", "②", "가.")."""

    def __init__(self, header: ET.Element | None, outline_id: str = "1") -> None:
        self.definitions: dict[str, _Definition] = {}
        self.headings: dict[str, _Heading] = {}
        self.outline_id = outline_id
        self.counters: dict[str, dict[int, int]] = {}
        if header is not None:
            self._read(header)

    def _read(self, header: ET.Element) -> None:
        for node in header.iter():
            name = _local(node.tag)
            if name == "numbering":
                definition = _Definition()
                # the definition's own start (HWP 5's one 시작 번호, before per-level starts existed)
                # stands for a level that gives none; "0" is what files write when it is unset
                first = _positive(node.get("start")) or 1
                for head in node:
                    if _local(head.tag) != "paraHead":
                        continue
                    level = int(head.get("level", "1") or 1)
                    written = head.get("start", "")
                    start = int(written) if written.isascii() and written.isdigit() else (first if level == 1 else 1)
                    definition.levels[level] = _Level(start, head.get("numFormat", "DIGIT"), head.text or "")
                self.definitions[node.get("id", "")] = definition
            elif name == "paraPr":
                heading = _heading_of(node)
                if heading is not None and heading.get("type") in ("NUMBER", "OUTLINE"):
                    self.headings[node.get("id", "")] = _Heading(
                        heading.get("type", ""), heading.get("idRef", "0"),
                        int(heading.get("level", "0") or 0) + 1)

    def set_outline(self, outline_id: str) -> None:
        """A section's ``secPr outlineShapeIDRef``: the numbering its 개요 paragraphs use."""
        self.outline_id = outline_id or self.outline_id

    def head(self, para_pr_id: str | None) -> str:
        """The head of the next paragraph with this shape ("" when it is not numbered)."""
        heading = self.headings.get(para_pr_id or "")
        if heading is None:
            return ""
        key = self.outline_id if heading.kind == "OUTLINE" else heading.id_ref
        definition = self.definitions.get(key)
        if definition is None:
            return ""
        counts = self.counters.setdefault(f"{heading.kind}:{key}", {})
        level = definition.levels.get(heading.level, _Level(pattern=""))
        counts[heading.level] = counts.get(heading.level, level.start - 1) + 1
        for deeper in [lv for lv in counts if lv > heading.level]:
            del counts[deeper]  # a new number at this level restarts the levels below it

        def number(match: re.Match) -> str:
            at = int(match.group(1))
            shown = definition.levels.get(at, _Level())
            return format_number(counts.get(at, shown.start), shown.num_format)

        return re.sub(r"\^(\d{1,2})", number, level.pattern).strip()


def _positive(value: str | None) -> int:
    """A start number as written ("46"), or 0 when absent, unset ("0") or not a number."""
    return int(value) if value and value.isascii() and value.isdigit() and int(value) > 0 else 0


class EndnoteCounter:
    """The numbers 한글 shows for 미주 (endnotes), which number the questions of 학원 papers.

    A 미주 counts on from the document's start (``hh:beginNum endnote``); 한글's "새 번호로 시작"
    (``hp:newNum numType="ENDNOTE" num="23"``, HWP 5's 'nwno' control, kept by python-hwpx) gives the
    next one a new number — the 선택과목 sets of a 수학 paper each start again at 23. The ``number``
    that 한글 writes on each ``hp:endNote`` is what it shows, and wins; a writer that leaves it out
    (it is not in the schema) gets the counted number.
    """

    def __init__(self, header: ET.Element | None) -> None:
        begin = next((n for n in header.iter() if _local(n.tag) == "beginNum"), None) if header is not None else None
        self.next = (_positive(begin.get("endnote")) if begin is not None else 0) or 1

    def new_numbers(self, ctrl: ET.Element) -> None:
        """Read a control's ``newNum`` for 미주, if it has one."""
        for node in ctrl:
            if _local(node.tag) == "newNum" and node.get("numType") == "ENDNOTE":
                self.next = _positive(node.get("num")) or self.next

    def number(self, note: ET.Element) -> int:
        """This 미주's number; the next one counts on from it."""
        shown = note.get("number", "")
        number = int(shown) if shown.isascii() and shown.isdigit() else self.next
        self.next = number + 1
        return number


def _heading(node: ET.Element) -> ET.Element | None:
    return next((c for c in node if _local(c.tag) == "heading"), None)


def _heading_of(para_pr: ET.Element) -> ET.Element | None:
    """The paraPr's heading; levels above 7 sit in an ``hp:switch`` case for newer readers."""
    for child in para_pr:
        if _local(child.tag) == "switch":
            for case in child:
                if _local(case.tag) == "case":
                    found = _heading(case)
                    if found is not None:
                        return found
    return _heading(para_pr)
