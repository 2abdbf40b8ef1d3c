"""The exam item (문항): its fields, its canonical form, and the hash that identifies its content."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field

ITEM_FIELDS: tuple[str, ...] = (
    "id", "subject", "grade", "unit", "standard", "difficulty", "type", "stem", "passage",
    "choices", "answer", "explanation", "source", "tags", "images", "explanation_images",
)

# Column/key names a teacher may use, Korean first. Keys are compared after lower-casing and removing
# spaces, underscores and hyphens (see ``canonical_field``).
FIELD_ALIASES: dict[str, tuple[str, ...]] = {
    "id": ("id", "문항id", "문항코드", "문항번호id", "itemid", "code"),
    "subject": ("subject", "과목", "교과"),
    "grade": ("grade", "학년"),
    "unit": ("unit", "단원", "대단원", "chapter"),
    "standard": ("standard", "성취기준", "성취기준코드", "achievementstandard"),
    "difficulty": ("difficulty", "난이도", "level"),
    "type": ("type", "유형", "문항유형", "itemtype"),
    "stem": ("stem", "문항", "문제", "발문", "question", "text"),
    "passage": ("passage", "지문", "제시문"),
    "choices": ("choices", "보기", "선택지", "선지", "options"),
    "answer": ("answer", "정답", "답"),
    "explanation": ("explanation", "해설", "풀이"),
    "source": ("source", "출처"),
    "tags": ("tags", "태그", "키워드", "keywords"),
    "images": ("images", "image", "이미지", "그림", "figure", "figures"),
    "explanation_images": ("explanationimages", "해설그림", "해설이미지", "풀이그림"),
}

_ALIAS_TO_FIELD = {alias: name for name, aliases in FIELD_ALIASES.items() for alias in aliases}
_CHOICE_COLUMN = re.compile(r"^(?:보기|선택지|선지|choice|option)(\d{1,2})$")


def canonical_field(header: str) -> str | None:
    """Map a column header or JSON key to an item field name, or None if it is not one.

    Numbered choice columns ("보기1", "choice_2") map to "choices#1", "choices#2".
    """
    key = re.sub(r"[\s_\-]+", "", unicodedata.normalize("NFC", header)).lower()
    if key in _ALIAS_TO_FIELD:
        return _ALIAS_TO_FIELD[key]
    numbered = _CHOICE_COLUMN.match(key)
    if numbered:
        return f"choices#{int(numbered.group(1))}"
    return None


def clean_text(value: str) -> str:
    """NFC-normalise and trim; inner line breaks are kept because stems use them."""
    text = unicodedata.normalize("NFC", value).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


@dataclass
class Item:
    """One exam item. ``images`` holds sha256 hashes of stored assets once the item is in the catalog.

    ``images`` are the question's figures (searched, embedded, printed with the question);
    ``explanation_images`` belong to the 해설 and, like its text, are never searched or embedded.
    """

    stem: str
    subject: str
    id: str = ""
    grade: str = ""
    unit: str = ""
    standard: str = ""
    difficulty: str = ""
    type: str = ""
    passage: str = ""
    choices: list[str] = field(default_factory=list)
    answer: str = ""
    explanation: str = ""
    source: str = ""
    tags: list[str] = field(default_factory=list)
    images: list[str] = field(default_factory=list)
    explanation_images: list[str] = field(default_factory=list)
    version: int = 1
    content_hash: str = ""

    def compute_content_hash(self) -> str:
        """Hash of what makes two items "the same item": the question itself and its figures.

        Metadata (difficulty, tags, explanation and its figures, source) is left out on purpose: a re-import of the same
        question with a corrected tag is still the same item.
        """
        def squash(text: str) -> str:
            return re.sub(r"\s+", " ", text).strip()

        payload = {
            "subject": self.subject,
            "stem": squash(self.stem),
            "passage": squash(self.passage),
            "choices": [squash(c) for c in self.choices],
            "answer": squash(self.answer),
            "images": list(self.images),
        }
        encoded = json.dumps(payload, ensure_ascii=False, sort_keys=True).encode("utf-8")
        return hashlib.sha256(encoded).hexdigest()

    def to_dict(self) -> dict:
        return asdict(self)

    def search_text(self) -> str:
        """The text an item is found by: what a teacher reads on the paper."""
        parts = [self.stem, self.passage, "\n".join(self.choices)]
        return "\n".join(p for p in parts if p)
