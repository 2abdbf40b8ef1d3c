"""Controlled vocabularies of a Korean item bank: subjects, grades, difficulty, item types.

Teachers write these fields in many ways ("수학", "math", "중학교 2학년", "어려움"); the catalog stores one
canonical spelling so that filters and statistics agree. Every normaliser returns the canonical value
or raises ``VocabularyError`` with a message that lists what is accepted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path

from engine.errors import InvalidInput
from engine.i18n import _t

SUBJECTS: tuple[str, ...] = (
    "수학", "과학", "국어", "사회", "영어",
    "역사", "도덕", "기술·가정", "정보", "한문", "음악", "미술", "체육",
    "물리학", "화학", "생명과학", "지구과학", "통합과학", "통합사회",
    "한국사", "지리", "일반사회", "윤리", "제2외국어",
    # The second foreign languages stay their own subjects (a 독일어 teacher filters for 독일어);
    # "제2외국어" remains for papers that only say that.
    "독일어", "프랑스어", "중국어", "일본어", "스페인어", "러시아어", "아랍어", "베트남어",
    "보건", "진로와 직업", "환경",
)

_SUBJECT_ALIASES: dict[str, str] = {
    "math": "수학", "mathematics": "수학", "maths": "수학", "수학과": "수학",
    "science": "과학", "sci": "과학", "과학과": "과학",
    "korean": "국어", "korean language": "국어", "국어과": "국어",
    "social": "사회", "social studies": "사회", "사회과": "사회",
    "english": "영어", "eng": "영어", "영어과": "영어",
    "history": "역사", "korean history": "한국사",
    "ethics": "도덕", "moral education": "도덕", "생활과 윤리": "윤리", "윤리와 사상": "윤리",
    "informatics": "정보", "computer science": "정보", "information": "정보", "정보과": "정보",
    "physics": "물리학", "물리": "물리학", "chemistry": "화학", "chem": "화학",
    "biology": "생명과학", "bio": "생명과학", "생물": "생명과학", "life science": "생명과학",
    "earth science": "지구과학", "지학": "지구과학",
    "기술가정": "기술·가정", "기가": "기술·가정", "기술 가정": "기술·가정", "기술・가정": "기술·가정",
    "기술/가정": "기술·가정", "기술ㆍ가정": "기술·가정",
    "technology and home economics": "기술·가정", "tech home economics": "기술·가정",
    "한문과": "한문", "chinese characters": "한문", "hanmun": "한문", "classical chinese": "한문",
    "music": "음악", "art": "미술", "arts": "미술", "fine arts": "미술",
    "pe": "체육", "physical education": "체육",
    "geography": "지리", "한국지리": "지리", "세계지리": "지리",
    "정치와 법": "일반사회", "경제": "일반사회",
    "integrated science": "통합과학", "integrated social studies": "통합사회",
    "second foreign language": "제2외국어",
    "german": "독일어", "french": "프랑스어", "chinese": "중국어", "japanese": "일본어",
    "spanish": "스페인어", "russian": "러시아어", "arabic": "아랍어", "vietnamese": "베트남어",
    "health": "보건", "careers": "진로와 직업", "career": "진로와 직업", "진로": "진로와 직업",
    "진로와직업": "진로와 직업", "environment": "환경", "environmental science": "환경",
}

# "물리학Ⅰ", "물리학 II", "화학1", "생명과학 Ⅱ": the course level does not change the subject.
_LEVEL_SUFFIX = re.compile(r"\s*(?:Ⅰ|Ⅱ|Ⅲ|III|II|I|[1-3])$", re.IGNORECASE)

SUBJECTS_FILE = "subjects.txt"


@dataclass(frozen=True)
class CustomSubjects:
    """A school's own subjects, read from ``subjects.txt`` in the bank's data folder.

    One subject a line ("형법"), or ``alias = canonical`` ("형사법 = 형법", "컴퓨터 = 정보"); blank lines
    and lines starting with ``#`` are ignored. An alias may point at a built-in subject.
    """

    names: tuple[str, ...] = ()
    aliases: dict[str, str] = field(default_factory=dict)
    source: str = ""

    @classmethod
    def load(cls, folder: str | os.PathLike | None) -> "CustomSubjects":
        if folder is None:
            return cls()
        path = Path(folder) / SUBJECTS_FILE
        if not path.is_file():
            return cls(source=str(path))
        return cls.parse(path.read_text(encoding="utf-8-sig"), str(path))

    @classmethod
    def parse(cls, text: str, source: str = SUBJECTS_FILE) -> "CustomSubjects":
        names: list[str] = []
        aliases: dict[str, str] = {}
        for number, line in enumerate(text.splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            if "=" in line:
                alias, _, canonical = (part.strip() for part in line.partition("="))
                if not alias or not canonical:
                    raise VocabularyError(_t("{source}:{number}: write 'alias = subject', got {line!r}").format(
                        source=source, number=number, line=line))
                if canonical not in SUBJECTS and canonical not in names:
                    names.append(canonical)
                aliases[_key(alias)] = canonical
            elif line not in SUBJECTS and line not in names:
                names.append(line)
        return cls(tuple(names), aliases, source)

    def lookup(self, text: str) -> str:
        if text in self.names:
            return text
        return self.aliases.get(_key(text), "")


_custom: ContextVar[CustomSubjects] = ContextVar("itembank_custom_subjects", default=CustomSubjects())


@contextmanager
def custom_subjects(custom: CustomSubjects) -> Iterator[CustomSubjects]:
    """Within the block, ``normalize_subject`` also accepts ``custom`` (an import, a search)."""
    token = _custom.set(custom)
    try:
        yield custom
    finally:
        _custom.reset(token)


def all_subjects() -> tuple[str, ...]:
    """Built-in subjects and the custom ones in effect."""
    return SUBJECTS + tuple(n for n in _custom.get().names if n not in SUBJECTS)


def subject_aliases() -> dict[str, str]:
    """Every alias in effect (built-in and custom) → canonical subject."""
    return {**_SUBJECT_ALIASES, **_custom.get().aliases}


DIFFICULTIES: tuple[str, ...] = ("상", "중", "하")
_DIFFICULTY_ALIASES: dict[str, str] = {
    "상": "상", "어려움": "상", "hard": "상", "high": "상", "3": "상",
    "중": "중", "보통": "중", "medium": "중", "mid": "중", "2": "중",
    "하": "하", "쉬움": "하", "easy": "하", "low": "하", "1": "하",
}

ITEM_TYPES: tuple[str, ...] = ("객관식", "단답형", "서술형")
_TYPE_ALIASES: dict[str, str] = {
    "객관식": "객관식", "선택형": "객관식", "선다형": "객관식", "multiple choice": "객관식",
    "multiple-choice": "객관식", "mc": "객관식", "choice": "객관식",
    "단답형": "단답형", "주관식": "단답형", "short answer": "단답형", "short-answer": "단답형",
    "short": "단답형",
    "서술형": "서술형", "논술형": "서술형", "essay": "서술형", "constructed": "서술형",
}

_SCHOOL_LEVELS = {"초": "초", "초등": "초", "초등학교": "초", "중": "중", "중학교": "중",
                  "고": "고", "고등": "고", "고등학교": "고"}


class VocabularyError(InvalidInput):
    """A field value that is not in the controlled vocabulary."""


def _key(value: str) -> str:
    return re.sub(r"\s+", " ", value.strip()).lower()


def _lookup_subject(text: str) -> str:
    custom = _custom.get()
    if text in SUBJECTS:
        return text
    return custom.lookup(text) or _SUBJECT_ALIASES.get(_key(text), "")


def normalize_subject(value: str) -> str:
    """Canonical subject name, e.g. "Math" → "수학", "물리학Ⅰ" → "물리학"."""
    text = re.sub(r"\s+", " ", value.strip())
    found = _lookup_subject(text)
    if not found:
        base = _LEVEL_SUFFIX.sub("", text)
        if base and base != text:
            found = _lookup_subject(base.strip())
    if found:
        return found
    where = _custom.get().source or SUBJECTS_FILE
    raise VocabularyError(
        _t("unknown subject {text!r}; use one of {subjects} … (or math/science/korean/social/english; "
           "`itembank subjects` lists them all); to add a subject of your own, put a line '{text}' "
           "(or 'alias = subject') in {where}").format(text=text, subjects=", ".join(SUBJECTS[:5]), where=where))


def normalize_difficulty(value: str) -> str:
    """Canonical difficulty 상/중/하; empty stays empty."""
    text = _key(value)
    if not text:
        return ""
    if text in _DIFFICULTY_ALIASES:
        return _DIFFICULTY_ALIASES[text]
    raise VocabularyError(_t("unknown difficulty {value!r}; use 상, 중 or 하").format(value=value.strip()))


def normalize_item_type(value: str, has_choices: bool) -> str:
    """Canonical item type; when empty it is inferred from whether choices exist."""
    text = _key(value)
    if not text:
        return "객관식" if has_choices else "단답형"
    if text in _TYPE_ALIASES:
        return _TYPE_ALIASES[text]
    raise VocabularyError(_t("unknown item type {value!r}; use 객관식, 단답형 or 서술형").format(value=value.strip()))


_GRADE_RE = re.compile(
    r"^(?P<level>초등학교|초등|초|중학교|중|고등학교|고등|고)?\s*(?P<year>\d{1,2})\s*(학년)?$")


def normalize_grade(value: str) -> str:
    """Canonical grade such as "중2" or "고1".

    A bare number ("2", "2학년") is kept as written because "2" means 중2 to a middle-school teacher
    and 초2 to a primary one; we do not guess.
    """
    text = re.sub(r"\s+", "", value.strip())
    if not text:
        return ""
    match = _GRADE_RE.match(text)
    if not match:
        raise VocabularyError(_t("unknown grade {value!r}; write e.g. 중2, 고1, 초6").format(value=value.strip()))
    level = match.group("level")
    year = int(match.group("year"))
    if level is None:
        return str(year)
    short = _SCHOOL_LEVELS[level]
    limit = 6 if short == "초" else 3
    if not 1 <= year <= limit:
        raise VocabularyError(_t("grade {value!r} is out of range ({level}1–{level}{limit})").format(
            value=value.strip(), level=short, limit=limit))
    return f"{short}{year}"


def grade_matches(stored: str, wanted: str) -> bool:
    """Grade filter: "중" matches every middle-school grade, "중2" only itself."""
    wanted = re.sub(r"\s+", "", wanted)
    if wanted in ("초", "중", "고"):
        return stored.startswith(wanted)
    try:
        return stored == normalize_grade(wanted)
    except VocabularyError:
        return stored == wanted
