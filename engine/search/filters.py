"""Metadata filters shared by every search mode (과목, 학년, 유형, 난이도, 성취기준, 단원)."""

from __future__ import annotations

from dataclasses import asdict, dataclass

from engine.vocab import (VocabularyError, normalize_difficulty, normalize_grade,
                          normalize_item_type, normalize_subject)


@dataclass(frozen=True)
class SearchFilters:
    subject: str = ""
    grade: str = ""        # "중2" exactly, or "중" for every middle-school grade
    type: str = ""
    difficulty: str = ""
    standard: str = ""     # prefix of the 성취기준 code: "[9수02" matches "[9수02-01]"
    unit: str = ""         # substring of the 단원 name

    def normalized(self) -> "SearchFilters":
        """Canonical spellings, so "math" filters like "수학"; raises VocabularyError on nonsense."""
        grade = self.grade.strip()
        if grade and grade not in ("초", "중", "고"):
            grade = normalize_grade(grade)
        return SearchFilters(
            subject=normalize_subject(self.subject) if self.subject.strip() else "",
            grade=grade,
            type=normalize_item_type(self.type, True) if self.type.strip() else "",
            difficulty=normalize_difficulty(self.difficulty),
            standard=self.standard.strip(),
            unit=self.unit.strip(),
        )

    def is_empty(self) -> bool:
        return not any(asdict(self).values())

    def sql(self, alias: str = "items") -> tuple[str, list[str]]:
        """A WHERE fragment (starting with " AND" or empty) and its parameters."""
        clauses: list[str] = []
        params: list[str] = []
        for column in ("subject", "type", "difficulty"):
            value = getattr(self, column)
            if value:
                clauses.append(f"{alias}.{column} = ?")
                params.append(value)
        if self.grade in ("초", "중", "고"):
            clauses.append(f"{alias}.grade LIKE ?")
            params.append(self.grade + "%")
        elif self.grade:
            clauses.append(f"{alias}.grade = ?")
            params.append(self.grade)
        if self.standard:
            clauses.append(f"{alias}.standard LIKE ? ESCAPE '\\'")
            params.append(_escape_like(self.standard) + "%")
        if self.unit:
            clauses.append(f"{alias}.unit LIKE ? ESCAPE '\\'")
            params.append("%" + _escape_like(self.unit) + "%")
        return "".join(f" AND {c}" for c in clauses), params


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


__all__ = ["SearchFilters", "VocabularyError"]
