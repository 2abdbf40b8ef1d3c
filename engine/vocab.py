"""Controlled vocabularies of a Korean item bank: subjects, grades, difficulty, item types.

Teachers write these fields in many ways ("수학", "math", "중학교 2학년", "어려움"); the catalog stores one
canonical spelling so that filters and statistics agree. Every normaliser returns the canonical value
or raises ``VocabularyError`` with a message that lists what is accepted.
"""

from __future__ import annotations

import re

from engine.errors import InvalidInput

SUBJECTS: tuple[str, ...] = (
    "수학", "과학", "국어", "사회", "영어",
    "역사", "도덕", "기술·가정", "정보", "한문", "음악", "미술", "체육",
    "물리학", "화학", "생명과학", "지구과학", "통합과학", "통합사회",
    "한국사", "지리", "일반사회", "윤리", "제2외국어",
)

_SUBJECT_ALIASES: dict[str, str] = {
    "math": "수학", "mathematics": "수학", "maths": "수학",
    "science": "과학", "sci": "과학",
    "korean": "국어", "국어과": "국어",
    "social": "사회", "social studies": "사회", "사회과": "사회",
    "english": "영어", "eng": "영어",
    "history": "역사", "ethics": "도덕", "informatics": "정보", "computer science": "정보",
    "physics": "물리학", "물리": "물리학", "chemistry": "화학",
    "biology": "생명과학", "생물": "생명과학", "earth science": "지구과학",
    "기술가정": "기술·가정", "기가": "기술·가정",
}

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


def normalize_subject(value: str) -> str:
    """Canonical subject name, e.g. "Math" → "수학"."""
    text = value.strip()
    if text in SUBJECTS:
        return text
    alias = _SUBJECT_ALIASES.get(_key(text))
    if alias:
        return alias
    raise VocabularyError(
        f"unknown subject {text!r}; use one of {', '.join(SUBJECTS[:5])} … "
        "(or math/science/korean/social/english)")


def normalize_difficulty(value: str) -> str:
    """Canonical difficulty 상/중/하; empty stays empty."""
    text = _key(value)
    if not text:
        return ""
    if text in _DIFFICULTY_ALIASES:
        return _DIFFICULTY_ALIASES[text]
    raise VocabularyError(f"unknown difficulty {value.strip()!r}; use 상, 중 or 하")


def normalize_item_type(value: str, has_choices: bool) -> str:
    """Canonical item type; when empty it is inferred from whether choices exist."""
    text = _key(value)
    if not text:
        return "객관식" if has_choices else "단답형"
    if text in _TYPE_ALIASES:
        return _TYPE_ALIASES[text]
    raise VocabularyError(f"unknown item type {value.strip()!r}; use 객관식, 단답형 or 서술형")


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
        raise VocabularyError(f"unknown grade {value.strip()!r}; write e.g. 중2, 고1, 초6")
    level = match.group("level")
    year = int(match.group("year"))
    if level is None:
        return str(year)
    short = _SCHOOL_LEVELS[level]
    limit = 6 if short == "초" else 3
    if not 1 <= year <= limit:
        raise VocabularyError(f"grade {value.strip()!r} is out of range ({short}1–{short}{limit})")
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
