"""What one line of an exam paper is: a question number, an answer line, a 해설, a 선택과목 title …

The splitter (``paper``) walks the paper line by line and asks these small recognisers; they are
kept apart so that each rule can be read (and tested) on its own. Every pattern is anchored and asks
for a boundary after its keyword, so that a stem line such as "정답은 무엇인가?" or "풀이 과정을
서술하시오." is not taken for an answer or an explanation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩"
_OPEN = r"[\[<〈(【《]"
_CLOSE = r"[\]>〉)】》]"

# "1.", "01.", "1)", "1 .", "12 ．", "문 1.", "문제 3)", "Q1."
QUESTION = re.compile(r"^\s*(?:(?:문제?|Q)\s*)?(\d{1,2})\s*([.．)])\s*(.*)$", re.S)
ESSAY = re.compile(r"^\s*\[?\s*(?:서술형|서답형|논술형)\s*(\d{1,2})\s*\]?\s*[.．)]?\s*(.*)$", re.S)
PASSAGE = re.compile(r"^\s*\[\s*(\d{1,2})\s*(?:[~～∼〜\-–]\s*(\d{1,2})\s*)?\]\s*(\S.*)$", re.S)
# the answer key's heading: "정답", "[빠른 정답]", "정답 및 해설", "정답: 1. ③ 2. ⑤ …"
ANSWER_KEY = re.compile(rf"^\s*{_OPEN}?\s*(?:빠른\s*)?정\s*답(\s*및\s*해\s*설)?\s*{_CLOSE}?"
                        r"(?=$|[\s:：])\s*[:：]?\s*(.*)$", re.S)
# one question's answer line: "정답 : ②", "정답: 3", "[정답] ③", "답: 12", "정답③"
ANSWER_LINE = re.compile(rf"^\s*(?:{_OPEN}\s*(?:정\s*답|답)\s*{_CLOSE}|(?:정\s*답|답)\s*[:：]|정\s*답(?=\s|[①-⑩]))"
                         r"\s*[:：]?\s*(.*)$", re.S)
# an answer or 해설 written at the end of a line of choices: "⑤ 물이 끓는다.  정답: ③"
INLINE_MARK = re.compile(rf"\s(?={_OPEN}?\s*(?:정\s*답|해\s*설)\s*(?:{_CLOSE}|[:：]))")
# a 해설 block: "해설", "[해설]", "해설: …", "<풀이>", "풀이: …"
EXPLANATION = re.compile(rf"^\s*(?:{_OPEN}\s*(?:해\s*설|풀\s*이)\s*{_CLOSE}|(?:해\s*설|풀\s*이)\s*[:：]|"
                         r"해\s*설(?=\s|$))\s*[:：]?\s*(.*)$", re.S)
# "[해설 그림] 3.": what itembank's answer key prints above question 3's 해설 figures
KEY_FIGURES = re.compile(r"^\s*\[\s*해\s*설\s*그\s*림\s*\]\s*(\d{1,2})\s*[.．]?\s*$")
POINTS = re.compile(r"\s*[\[(]\s*(\d+(?:\.\d+)?)\s*점\s*[\])]\s*$")
# a frame that only labels what follows: "정답" (the next line is the answer) or "해설"
ANSWER_LABEL = re.compile(rf"^\s*{_OPEN}?\s*정\s*답\s*{_CLOSE}?\s*$")
EXPLANATION_LABEL = re.compile(rf"^\s*{_OPEN}?\s*(?:해\s*설|풀\s*이)\s*{_CLOSE}?\s*$")
# the 보기 letters a "몇 개인가" / "고른 것은" answer names, on the line after it: "㉡㉣"
ANSWER_MARKS = re.compile(r"^[㉠-㉻ㄱ-ㅎ][㉠-㉻ㄱ-ㅎ\s,，]*$")
BOX_HEAD = re.compile(r"^\s*[<〈《\[]\s*보\s*기\s*[>〉》\]]")
ESSAY_HINT = re.compile(r"(서술하시오|설명하시오|논하시오|풀이\s*과정)")
# a line that reads as a question: it asks something ("…은?", "…하시오.")
ASKS = re.compile(r"(\?|？|시오\.?|인가\.?|하라\.?|것은\.?)\s*(\[[^\]]*점\]|\(\s*\d+\s*점\s*\))?\s*$")
_SINGLE_ANSWER = re.compile(r"^(?:[①-⑩](?:\s*[,，]?\s*[①-⑩])*|-?\d+(?:[./]\d+)?|\S.{0,40})$")

# 선택과목 (elective) names that papers print as a section title before their own numbering
ELECTIVES = (
    "확률과 통계", "미적분", "기하", "화법과 작문", "언어와 매체", "독서와 문법",
    "생활과 윤리", "윤리와 사상", "한국지리", "세계지리", "동아시아사", "세계사", "경제", "정치와 법",
    "사회·문화", "사회문화", "물리학Ⅰ", "물리학Ⅱ", "화학Ⅰ", "화학Ⅱ", "생명과학Ⅰ", "생명과학Ⅱ",
    "지구과학Ⅰ", "지구과학Ⅱ", "물리학 I", "물리학 II", "화학 I", "화학 II", "생명과학 I", "생명과학 II",
    "지구과학 I", "지구과학 II",
)
_ELECTIVE_NAMES = "|".join(sorted((re.escape(e).replace(r"\ ", r"\s*") for e in ELECTIVES),
                                  key=len, reverse=True))
_DECOR = r"[\s\[(<〈【《○●■□◆◇▶▷※*·\-]*"
SECTION = re.compile(
    rf"^{_DECOR}(?:(?:선택\s*과목|선택)\s*[:：)\]]?\s*)?({_ELECTIVE_NAMES})\s*(?:영역|과목)?"
    rf"[\s\])>〉】》]*(?:\(\s*선택\s*\))?\s*$")
# "[선택과목: 선택 2]" is how itembank's papers title a set the paper printed without a title
_SECTION_FREE = re.compile(rf"^{_DECOR}선택\s*과목\s*[:：]\s*([가-힣A-Za-zⅠⅡ·\s]{{2,20}}?|선택\s*\d{{1,2}})"
                           rf"[\s\])>〉】》]*$")


# a box a printed paper repeats at the top of a page or section, or prints at the end of its part
# (the 수능/학력평가 title "2025학년도 대학수학능력시험 문제지 … 수학 영역(미적분)", "제 2 교시",
# "5지선다형", "* 확인 사항"): the paper's furniture, never a line of a question
PAPER_FURNITURE = re.compile(r"(학력평가|모의평가|능력시험|모의고사)\s*문제지|^\s*제\s*\d\s*교\s*시\s*$|"
                             r"^\s*\d\s*지\s*선다형\s*$|^\s*단\s*답\s*형\s*$|^\s*\*?\s*확인\s*사항", re.M)
# the paper's own title printed again as a line ("2023년 09월 교육 모의고사" above its answer grid)
PAPER_TITLE = re.compile(r"^\s*(?:\d{4}\s*(?:학년도|년)\s*)?(?:\d{1,2}\s*월\s*)?[가-힣 ]{0,12}"
                         r"(?:모의고사|학력평가|모의평가|수학능력시험)\s*(?:문제지)?\s*$")
# "수학 영역(확률과 통계)", "과학탐구 영역(화학Ⅰ)": the 선택과목 a paper's title box names
_AREA_SECTION = re.compile(rf"영역\s*\(\s*({_ELECTIVE_NAMES})\s*\)")


def is_furniture(text: str) -> bool:
    """A short box that is the paper's title, 교시, 문항 형식 or end-of-part notice."""
    return len([line for line in text.split("\n") if line.strip()]) <= 12 and bool(PAPER_FURNITURE.search(text))


def area_section(text: str) -> str:
    """The 선택과목 a paper's title box names ("수학 영역(미적분)" → "미적분") or ""."""
    match = _AREA_SECTION.search(text)
    return _canonical(match.group(1)) if match else ""


def _canonical(name: str) -> str:
    """An elective as ELECTIVES spells it ("확률과통계" → "확률과 통계"), else with its spaces tidied."""
    squashed = re.sub(r"\s+", "", name)
    return next((e for e in ELECTIVES if re.sub(r"\s+", "", e) == squashed), re.sub(r"\s+", " ", name).strip())


def section_title(line: str) -> str:
    """The 선택과목 a line announces ("미적분", "[선택과목: 기하]") or ""."""
    match = SECTION.match(line) or _SECTION_FREE.match(line)
    return _canonical(match.group(1)) if match else ""


_BLANK = re.compile(r"^[\s_＿.·…()\[\]（）-]*$")


def is_answer_blank(text: str) -> bool:
    """An empty answer space ("____", "(      )", "…"): printed for the student, it holds no answer."""
    return bool(_BLANK.match(text)) and any(ch in text for ch in "_＿…(（[")


def is_single_answer(text: str) -> bool:
    """One question's answer ("②", "3", "②, ④", "x=2"), not a key of "1. ③ 2. ⑤ …"."""
    text = text.strip()
    return bool(text) and not key_pairs(text, strict=True) and bool(_SINGLE_ANSWER.match(text))


_PAIR = re.compile(r"(\d{1,2})\s*[.．):\-]?\s*([①-⑩]+|-?\d+(?:[./]\d+)?)(?=\s|,|，|$)")
_LEAD = re.compile(r"^\s*(\d{1,2})\s*[.．):\-]\s*([①-⑩]+|\S+)\s*(.*)$", re.S)


def key_pairs(line: str, strict: bool = False) -> list[tuple[str, str]]:
    """A compact answer-key line ("1. ③ 2. ⑤  3) 12"): its pairs, when the line is nothing else.

    With ``strict`` a single pair does not count (one "3" is an answer, not a key)."""
    pairs = _PAIR.findall(line)
    rest = _PAIR.sub(" ", line)
    if not pairs or re.sub(r"[\s,，/|]+", "", rest):
        return []
    return pairs if len(pairs) >= 2 or not strict else []


@dataclass
class KeyEntry:
    """One entry of an answer key written out ("3. ② 해설: …"): number, answer and its 해설."""

    number: str
    answer: str
    explanation: str


def choice_answer(answer: str) -> bool:
    """An answer a multiple-choice question can have: circled numbers or the numbers 1 to 10."""
    return bool(re.fullmatch(r"[①-⑩]+(?:\s*[,，]\s*[①-⑩])*|(?:10|[1-9])(?:\s*[,，]\s*(?:10|[1-9]))*",
                             answer.strip()))


def key_entry(line: str) -> KeyEntry | None:
    """A key line that starts with a number: its answer is the first word, the rest is the 해설."""
    match = _LEAD.match(line)
    if not match:
        return None
    answer, rest = match.group(2), match.group(3).strip()
    if not re.fullmatch(r"[①-⑩]+|-?\d+(?:[./]\d+)?|[0-9A-Za-z가-힣=+\-√]{1,12}", answer):
        return None
    note = EXPLANATION.match(rest)
    return KeyEntry(match.group(1), answer, (note.group(1) if note else rest).strip())
